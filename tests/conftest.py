from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
SEED_VUFIND = SEEDS / "000_e617ffdf4fbe02f5.txt"
SEED_SUPPR = SEEDS / "003_9889bd8a31cbae1b.txt"


@pytest.fixture(scope="session")
def vufind_record():
    from bilinorm import normalize

    return normalize(SEED_VUFIND.read_bytes(), path=SEED_VUFIND.name)


@pytest.fixture(scope="session")
def suppr_record():
    from bilinorm import normalize

    return normalize(SEED_SUPPR.read_bytes(), path=SEED_SUPPR.name)
