"""Every crash the fuzzer or the property tests found, minimized, stays fixed: each input in
tests/data/hostile/crashes/ keeps every property (see its README for where each came from)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .properties import check_document
from .test_fuzz_target import run_one

CRASHES = sorted(p for p in (Path(__file__).resolve().parents[1] / "data/hostile/crashes").iterdir()
                 if p.name != "README.md")


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name)
def test_crash_input_stays_fixed(path):
    data = path.read_bytes()
    run_one(data)
    check_document(data)
