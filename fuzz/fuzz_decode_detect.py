#!/usr/bin/env python3
"""Coverage-guided fuzz target for the first stages: decode, Page, adapter choice, extraction.

Any exception that is not a `BilinormError` is a crash, and so is a record the schema refuses.
Run it with atheris (see the README, "Hostile and broken input"):

    python fuzz/fuzz_decode_detect.py fuzz/corpus/work seeds tests/data fuzz/corpus/seed \
        -max_len=65536 -timeout=10

`run_one` is also what the CI test feeds when atheris is not installed.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    import atheris

    # Instrument the package before anything imports it, so coverage guides the mutations.
    with atheris.instrument_imports(include=["bilinorm"]):
        import bilinorm.pipeline  # noqa: F401  (pulls in every stage and every site adapter)

from bilinorm.config import DEFAULT_CONFIG
from bilinorm.decode import decode
from bilinorm.errors import BilinormError
from bilinorm.page import Page
from bilinorm.pipeline import build_record
from bilinorm.serialize import validate
from bilinorm.sites import choose_adapter


def run_one(data: bytes) -> None:
    """One input through decode → Page → choose_adapter → extract → build_record; a record
    the schema refuses raises too (jsonschema.ValidationError), as a crash."""
    try:
        page = Page(data, decode(data, max_bytes=DEFAULT_CONFIG.max_bytes), None,
                    max_html_depth=DEFAULT_CONFIG.max_html_depth)
        adapter = choose_adapter(page)
        for draft in adapter.extract(page):
            validate(build_record(draft, page, DEFAULT_CONFIG))
    except BilinormError:
        pass


def main() -> None:
    import atheris

    atheris.Setup(sys.argv, run_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
