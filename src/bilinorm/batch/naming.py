"""File names for records: readable, deterministic, and unable to leave the output folder."""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"[^A-Za-z0-9.\-]")
MAX_STEM = 120


def record_file_name(record_id: str) -> str:
    """`doi:10.3389/fimmu.2025.1529883` -> `doi_10.3389_fimmu.2025.1529883.json`.

    Only `[A-Za-z0-9.-]` and `_` survive, so no name holds a path separator or starts with
    `_` (run-level files) or `.`; where the mapping loses information (other characters
    replaced, an `_` in the id, a long id cut), a hash of the full id keeps names distinct.
    """
    scheme, _, rest = record_id.partition(":")
    body = rest.replace("/", "_")
    safe = _SAFE.sub("_", body)
    stem = f"{_SAFE.sub('_', scheme) or 'id'}_{safe}"
    lossy = "_" in rest or safe != body or len(stem) > MAX_STEM or not rest
    stem = stem[:MAX_STEM].strip(".")
    if lossy:
        stem += "~" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:10]
    stem = re.sub(r"\.{2,}", ".", stem)
    return stem + ".json"
