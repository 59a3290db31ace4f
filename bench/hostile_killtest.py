"""Kill -9 runs over thousands of hostile inputs at random moments, resume, compare with a
clean run byte for byte, many times.

    python bench/hostile_killtest.py [--pages 2000] [--trials 20] [--jobs 2] [--seed 1]

The inputs (bench/hostile_pages.py) mix seed-like text and HTML pages with mutated ones and
failing ones. Each trial starts a run into a fresh folder and SIGKILLs it at a random point
of its progress (when its journal, OUT/_state.jsonl, has reached a random number of finished
inputs, so the kill lands mid-run whatever the machine's load), resumes it and may kill that
too (up to three kills), then resumes to the end; it then compares every record file with
the clean run's, the manifest's record and reason per input, and looks for temporary files.
Prints one line per trial and the totals: kills, records compared, records lost or different.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.hostile_pages import write_hostile_pages  # noqa: E402


def records(out: Path) -> dict[str, bytes]:
    if not out.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}


def manifest(out: Path) -> dict[str, tuple]:
    if not (out / "_manifest.jsonl").exists():
        return {}
    lines = (json.loads(line) for line in (out / "_manifest.jsonl").open(encoding="utf-8"))
    return {line["input"]: (line["record"], line.get("records"), None if line["reason"] == "resume" else line["reason"])
            for line in lines}


def journal_lines(out: Path) -> int:
    try:
        return (out / "_state.jsonl").read_bytes().count(b"\n")
    except OSError:
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bilinorm-hostile-killtest-"))
    try:
        src = work / "in"
        inputs = write_hostile_pages(src, args.pages)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", str(args.jobs), "-q"]
        started = time.monotonic()
        subprocess.run(command + ["-o", str(work / "clean")], env=env)
        took = time.monotonic() - started
        clean, clean_manifest = records(work / "clean"), manifest(work / "clean")
        print(f"{inputs} inputs, {len(clean)} records, {sum(1 for v in clean_manifest.values() if v[2])} "
              f"failed inputs; a clean run takes {took:.1f} s", flush=True)
        failures = kills = compared = lost = 0
        for trial in range(args.trials):
            out = work / f"t{trial}"
            moments = []
            for n in range(rng.randint(1, 3)):
                target = journal_lines(out) + rng.randint(1, inputs)
                process = subprocess.Popen(command + ["-o", str(out)] + (["--resume"] if n else []),
                                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                while process.poll() is None and journal_lines(out) < target:
                    time.sleep(0.01)
                killed = process.poll() is None
                if killed:
                    os.kill(process.pid, signal.SIGKILL)
                    kills += 1
                process.wait()
                moments.append(f"{target}{'' if killed else '(done)'}")
            done = subprocess.run(command + ["-o", str(out), "--resume"], env=env, capture_output=True)
            got = records(out)
            compared += len(clean)
            lost += sum(1 for name, data in clean.items() if got.get(name) != data)
            problems = []
            if done.returncode not in (0, 1):
                problems.append(f"exit {done.returncode}: {done.stderr.decode()[-300:]}")
            if got != clean:
                problems.append(f"records differ: {sorted(set(clean) ^ set(got))[:3]}")
            if manifest(out) != clean_manifest:
                problems.append("manifest differs")
            if out.is_dir() and [p for p in out.iterdir() if p.name.startswith(".")]:
                problems.append("temporary files left")
            failures += bool(problems)
            print(f"trial {trial:2d}: killed at journal line {', '.join(moments):24s} "
                  f"{'OK' if not problems else 'FAIL ' + '; '.join(problems)}", flush=True)
            shutil.rmtree(out, ignore_errors=True)
        print(f"{args.trials - failures}/{args.trials} trials gave exactly the clean run; {kills} kills; "
              f"{compared} records compared, {lost} lost or different")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
