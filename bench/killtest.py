"""kill -9 a run at random moments, resume it, and compare with a clean run, many times.

    python bench/killtest.py [--pages 1000] [--trials 30] [--jobs 2] [--seed 1]

Each trial starts a run, kills it (SIGKILL) after a random fraction of a clean run's time,
resumes it, possibly kills the resumed run too (up to three kills), then resumes to the end
and checks that the output folder holds exactly the records of a clean run, byte for byte,
with no temporary file left and one manifest line per input. Prints one line per trial.
"""

from __future__ import annotations

import argparse
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

from bench.pages import SEED_SUPPR, text_page, write_pages  # noqa: E402


def records(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bilinorm-killtest-"))
    try:
        src = work / "in"
        write_pages(src, args.pages, "text", per_folder=250)
        text = SEED_SUPPR.read_text(encoding="utf-8")  # one article in four encodings: a merge
        (src / "enc").mkdir()
        for name, data in {"a.txt": text.encode(), "b.txt": text.encode("gb18030"),
                           "c.txt": text.encode("utf-16"), "d.txt": text.replace("\n", "\r\n").encode()}.items():
            (src / "enc" / name).write_bytes(data)
        (src / "enc" / "dup.txt").write_bytes(text_page("suppr", 3))
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", str(args.jobs), "-q"]
        started = time.monotonic()
        subprocess.run(command + ["-o", str(work / "clean")], env=env, check=True)
        took = time.monotonic() - started
        clean = records(work / "clean")
        inputs = sum(1 for p in src.rglob("*") if p.is_file())
        print(f"{inputs} inputs, {len(clean)} records; a clean run takes {took:.1f} s")
        failures = 0
        for trial in range(args.trials):
            out = work / f"t{trial}"
            kills = []
            for n in range(rng.randint(1, 3)):
                delay = rng.uniform(0.05, 1.0) * took
                process = subprocess.Popen(command + ["-o", str(out)] + (["--resume"] if n else []),
                                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                killed = process.poll() is None
                if killed:
                    os.kill(process.pid, signal.SIGKILL)
                process.wait()
                kills.append(f"{delay:.2f}s{'' if killed else '(done)'}")
            done = subprocess.run(command + ["-o", str(out), "--resume"], env=env, capture_output=True)
            got = records(out)
            lines = (out / "_manifest.jsonl").read_text().count("\n") if (out / "_manifest.jsonl").exists() else 0
            problems = []
            if done.returncode != 0:
                problems.append(f"exit {done.returncode}: {done.stderr.decode()[-300:]}")
            if got != clean:
                missing = sorted(set(clean) - set(got))
                extra = sorted(set(got) - set(clean))
                differ = sorted(k for k in set(clean) & set(got) if clean[k] != got[k])
                problems.append(f"records differ: missing {missing[:3]}, extra {extra[:3]}, changed {differ[:3]}")
            if list(out.glob(".*")):
                problems.append("temporary files left")
            if lines != inputs:
                problems.append(f"{lines} manifest lines for {inputs} inputs")
            failures += bool(problems)
            print(f"trial {trial:2d}: killed at {', '.join(kills):30s} {'OK' if not problems else 'FAIL ' + '; '.join(problems)}")
            shutil.rmtree(out)
        print(f"{args.trials - failures}/{args.trials} trials gave exactly the records of a clean run")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
