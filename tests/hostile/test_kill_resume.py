"""Crash safety: a run over hostile inputs killed with SIGKILL at random moments (the first run
and the resumed ones), then resumed to the end, holds exactly the records of a clean run, byte
for byte, and the same manifest. Thousands of pages and many trials: bench/hostile_killtest.py.

Also the per-document time budget in the batch: a real document slower than --timeout fails
with reason `timeout`, its worker is replaced, and every other input is written as without it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from .properties import ROOT

sys.path.insert(0, str(ROOT))
from bench.hostile_pages import write_hostile_pages  # noqa: E402
from bench.pages import text_page  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def records(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}


def manifest(out: Path) -> dict[str, tuple]:
    """Per input: its record(s) and why it failed. A resumed run marks what it did not redo
    (status and reason `resume`); which inputs those are depends on when the kill came."""
    lines = (json.loads(line) for line in (out / "_manifest.jsonl").open(encoding="utf-8"))
    return {line["input"]: (line["record"], line.get("records"),
                            None if line["reason"] == "resume" else line["reason"])
            for line in lines}


def journal_lines(out: Path) -> int:
    try:
        return (out / "_state.jsonl").read_bytes().count(b"\n")
    except OSError:
        return 0


def test_random_kills_then_resume_give_the_clean_run(tmp_path):
    src = tmp_path / "in"
    inputs = write_hostile_pages(src, 160)
    command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", "2", "-q", "--timeout", "60"]
    clean_run = subprocess.run(command + ["-o", str(tmp_path / "clean")], env=ENV, timeout=600)
    assert clean_run.returncode == 1  # the empty, binary and broken mutated inputs
    clean, clean_manifest = records(tmp_path / "clean"), manifest(tmp_path / "clean")
    assert len(clean_manifest) == inputs and len(clean) > 100
    rng = random.Random(4)
    for trial in range(2):
        out = tmp_path / f"t{trial}"
        kills = 0
        for n in range(rng.randint(1, 2)):
            # A random point of the run's progress: the journal holds one line per finished input.
            target = journal_lines(out) + rng.randint(1, inputs - 20)
            process = subprocess.Popen(command + ["-o", str(out)] + (["--resume"] if n else []), env=ENV,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while process.poll() is None and journal_lines(out) < target:
                time.sleep(0.005)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                kills += 1
            process.wait()
        assert kills, f"trial {trial}: every run ended before its kill"
        done = subprocess.run(command + ["-o", str(out), "--resume"], env=ENV, capture_output=True,
                              timeout=600)
        assert done.returncode == 1, done.stderr
        assert records(out) == clean, f"trial {trial}"
        assert manifest(out) == clean_manifest, f"trial {trial}"
        assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_a_slow_document_times_out_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"p{i}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", "2", "-q", "--timeout", "2"]
    subprocess.run(command + ["-o", str(tmp_path / "clean")], env=ENV, check=True, timeout=300)
    # Millions of short lines after a real page: about 2.5 s per MB on the test machine.
    (src / "slow.txt").write_bytes(text_page("suppr", 99) + b"a\n" * 6_000_000)
    done = subprocess.run(command + ["-o", str(tmp_path / "out")], env=ENV, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr
    lines = manifest(tmp_path / "out")
    assert lines["slow.txt"][2] == "timeout"
    assert records(tmp_path / "out") == records(tmp_path / "clean")
