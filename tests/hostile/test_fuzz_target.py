"""The coverage-guided fuzz target (fuzz/fuzz_decode_detect.py) in CI: a short atheris run
where atheris is installed, and the same target fed by hypothesis everywhere."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from . import mutations
from .properties import PAGES, ROOT, examples
from .test_properties import HOSTILE

TARGET = ROOT / "fuzz" / "fuzz_decode_detect.py"
# Seeds: the pages in the project (the tests' data, crash inputs included) and the one
# fuzz-only input in fuzz/corpus/seed; libFuzzer reads each folder recursively.
SEED_CORPORA = [ROOT / "seeds", ROOT / "tests" / "data", ROOT / "fuzz" / "corpus" / "seed"]
CI_SECONDS = int(os.environ.get("BILINORM_FUZZ_SECONDS", "20"))


def _load_target():
    spec = importlib.util.spec_from_file_location("fuzz_decode_detect", TARGET)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_one = _load_target().run_one


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_short_run_finds_no_crash(tmp_path):
    corpus, artifacts = tmp_path / "corpus", tmp_path / "artifacts"
    corpus.mkdir()
    artifacts.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, str(TARGET), str(corpus), *map(str, SEED_CORPORA), "-max_len=65536",
         "-timeout=10", "-rss_limit_mb=2048", f"-max_total_time={CI_SECONDS}",
         f"-artifact_prefix={artifacts}/", "-print_final_stats=1"],
        env=env, capture_output=True, text=True, timeout=CI_SECONDS + 120)
    found = sorted(p.name for p in artifacts.iterdir())
    assert proc.returncode == 0 and not found, f"crash inputs {found}\n{proc.stderr[-3000:]}"
    runs = [line for line in proc.stderr.splitlines() if line.startswith("stat::number_of_executed_units")]
    assert runs and int(runs[0].split(":")[-1]) > 100, proc.stderr[-2000:]


@settings(HOSTILE, max_examples=examples(300))
@given(st.one_of(st.binary(max_size=4096),
                 mutations.mutated([p.read_bytes() for p in PAGES]).map(lambda case: case[0])))
def test_fuzz_target_without_atheris(data):
    run_one(data)
