"""Options for one normalization, frozen so that a run's configuration can be hashed."""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple


class Config(NamedTuple):
    """How bilinorm reads a document. Every option has a safe default.

    max_bytes:
        Documents larger than this fail with reason `too_large`; no more than this is read.
    max_field_chars:
        A title, author name, affiliation, keyword or section text longer than this is cut,
        with a `truncated_field` warning naming its path.
    max_sections:
        Sections per abstract beyond this are merged into the last one, with a
        `too_many_sections` warning.
    max_html_depth:
        HTML start tags nested deeper than this are dropped (their text stays) before parsing.

    The limits must be 1 or more; the command line takes them as --max-bytes,
    --max-field-chars, --max-sections and --max-html-depth. The time budget per document is
    the batch's (`RunOptions.timeout`, --timeout), since only a worker process can be stopped.
    language_seed:
        Seed for langdetect, so that language identification is deterministic.
    min_detect_chars:
        Latin-script text shorter than this is never given to langdetect.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_field_chars: int = 100_000
    max_sections: int = 64
    max_html_depth: int = 256
    language_seed: int = 0
    min_detect_chars: int = 40

    def fingerprint(self) -> str:
        """A short hash of the options: a record depends on its bytes and on this."""
        blob = json.dumps(self._asdict(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


DEFAULT_CONFIG = Config()
