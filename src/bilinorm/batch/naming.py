"""File names for records: readable, deterministic, and unable to leave the output folder."""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"[^A-Za-z0-9.\-]")
_DOTS = re.compile(r"\.{2,}")
MAX_STEM = 120


def record_file_name(record_id: str) -> str:
    """`doi:10.3389/fimmu.2025.1529883` -> `doi_10.3389_fimmu.2025.1529883.json`.

    Only `[A-Za-z0-9.-]`, `_` and `~` survive, runs of dots become one, and the name starts
    with the id's scheme: no name holds a path separator or `..`, or starts with `_` (run-level
    files) or `.` (temporary files). Where the readable form does not give the id back (an
    `_` or another character replaced, dots collapsed or stripped, a long id cut), `~` and a
    hash of the full id keep names of different ids different.
    """
    scheme, _, rest = record_id.partition(":")
    readable = f"{scheme}_{rest.replace('/', '_')}"
    stem = _DOTS.sub(".", _SAFE.sub("_", scheme) + "_" + _SAFE.sub("_", rest))
    stem = stem[:MAX_STEM].rstrip(".")
    if not (scheme.isascii() and scheme.isalnum()):
        stem = "id_" + stem
    if stem != readable or "_" in rest or not rest:
        stem += "~" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:10]
    return stem + ".json"
