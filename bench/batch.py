"""Batch throughput and memory, measured side by side in one run. Not a test: it prints a table.

    python bench/batch.py [--pages 2000] [--big 100000] [--skip-big]

On `--pages` distinct seed-like pages (bench/pages.py), as text and as HTML:

- the floor of any normalizer: read the file, decode it, build a dict, write it as JSON
  atomically (temporary file, rename), in one process;
- `bilinorm run -j1` and `-j2` (the command line, start-up and merging included);
- trafilatura (`extract`, JSON with metadata, written the same way) on the HTML pages, in one
  process: the tool users would otherwise reach for.

Then peak memory (resident set) of the run's main process and of its busiest worker for
`--pages`/2 and `--big` pages, to show that memory stays flat (streaming, no record kept).

Throughput is given twice: wall clock (what a user waits; needs idle cores) and CPU time (the
run's processes only, so less disturbed by other work on a shared machine). "per core" is CPU.
Measurements are taken in `--repeat` rounds (the floor, -j1, -j2 and the machine's two-process
ceiling side by side, in alternating order): docs/s is the fastest run's, a ratio the median of
the rounds' own ratios. Every run writes into a new folder, and outputs are deleted only at the
end: on ext4, writing 2,000 small files where 2,000 were just deleted costs up to five times
the system time of writing them into a folder that has seen no deletions (measured on this
machine: the floor's 0.4 s became 2 s after a few rounds of delete-and-rewrite), which would
measure the file system's recovery from the benchmark's own deletions instead of the programs.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import write_pages  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], watch_memory: bool = False) -> dict:
    """Wall and CPU seconds of a command (it and its children), and with `watch_memory` the
    peak resident set of its main process and of its largest other process (a worker)."""
    cpu = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            for pid in _tree(process.pid):
                peaks[pid] = max(peaks.get(pid, 0), _peak_rss(pid))
            stop.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    if watch_memory:
        watcher.start()
    _, err = process.communicate()
    stop.set()
    if watch_memory:
        watcher.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode()[-500:]}")
    result = {"wall": time.perf_counter() - started, "cpu": children_cpu() - cpu}
    if watch_memory:
        main_peak = peaks.pop(process.pid, 0)
        result["main_mb"] = main_peak / 1024
        result["worker_mb"] = max(peaks.values(), default=0) / 1024
    return result


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc (Linux)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(parents.get(current, []))
    return out


def _peak_rss(pid: int) -> int:
    """VmHWM: the process's peak resident set so far, in kB."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


FLOOR = r"""
import json, os, sys, tempfile
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for n, path in enumerate(sorted(p for p in src.rglob("*") if p.is_file())):
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    record = {"id": str(n), "path": str(path.relative_to(src)), "text": text}
    blob = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".r", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    os.replace(tmp, out / f"{n}.json")
"""

TRAFILATURA = r"""
import json, os, sys, tempfile
from pathlib import Path
import trafilatura
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for n, path in enumerate(sorted(p for p in src.rglob("*") if p.is_file())):
    data = path.read_bytes()
    result = trafilatura.extract(data, output_format="json", with_metadata=True) or "{}"
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".r", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(result.encode("utf-8"))
    os.replace(tmp, out / f"{n}.json")
"""


_runs = iter(range(1_000_000))


def fresh(out: Path) -> Path:
    """A new output folder next to `out`, never written to before (see the module's doc)."""
    return out.with_name(f"{out.name}-{next(_runs)}")


def bilinorm(src: Path, out: Path, jobs: int, watch_memory: bool = False) -> dict:
    out = fresh(out)
    result = measure([sys.executable, "-m", "bilinorm.cli", "run", str(src), "-o", str(out),
                      "-j", str(jobs), "-q"], watch_memory)
    summary = json.loads((out / "_summary.json").read_text())
    # CPU time is the rusage of the run's whole process tree: the run stops its fork server
    # at the end, which has reaped the workers, so their time (start-up included) is counted.
    result["records"] = summary["records"]
    result["failed"] = summary["counts"].get("failed", 0)
    return result


def script(code: str, src: Path, out: Path) -> dict:
    out = fresh(out)
    return measure([sys.executable, "-c", code, str(src), str(out)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--skip-big", action="store_true", help="no memory run on --big pages")
    parser.add_argument("--work", type=Path, help="folder for pages and outputs (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest counts")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bilinorm-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.pages

    def rate(result: dict, key: str) -> float:
        return n / result[key]

    # As installed: pip compiles a package's bytecode when it installs it, and a run started
    # from a source tree with PYTHONDONTWRITEBYTECODE set would compile bilinorm at every start.
    compileall.compile_dir(ROOT / "src", quiet=1)
    try:
        text, html = work / "text", work / "html"
        for folder, form in ((text, "text"), (html, "html")):
            if not folder.exists():
                write_pages(folder, n, form)
        print(f"{n} distinct pages of each form in {work} ({_size(text)} text, {_size(html)} HTML); "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

        def best(run):
            return min((run() for _ in range(args.repeat)), key=lambda r: r["wall"])

        results, rounds = {}, {}
        for form, folder in (("text", text), ("html", html)):
            # In rounds: the floor, -j1, -j2 and the machine's two-process ceiling side by side,
            # in alternating order. A ratio is the median of the rounds' own ratios, so that
            # the machine's speed drifting between rounds (a shared host) cancels out.
            measures = {"floor": lambda: script(FLOOR, folder, work / "out-floor"),
                        "j1": lambda: bilinorm(folder, work / "out-j1", 1),
                        "j2": lambda: bilinorm(folder, work / "out-j2", 2),
                        "ceiling": parallel_ceiling}
            runs: dict[str, list] = {key: [] for key in measures}
            for i in range(args.repeat):
                for key in (list(measures) if i % 2 == 0 else reversed(measures)):
                    runs[key].append(measures[key]())
            for key in ("floor", "j1", "j2"):
                results[f"{key}-{form}"] = min(runs[key], key=lambda r: r["wall"])
                if key != "floor":
                    assert all(r["records"] == n and r["failed"] == 0 for r in runs[key]), (key, form)
            rounds[form] = list(zip(runs["floor"], runs["j1"], runs["j2"], runs["ceiling"]))
        results["trafilatura-html"] = best(lambda: script(TRAFILATURA, html, work / "out-trafilatura"))

        def median(form: str, ratio) -> str:
            got = [ratio(*r) for r in rounds[form]]
            return f"{statistics.median(got):.2f}x" + (
                f" (rounds {min(got):.2f} to {max(got):.2f})" if len(got) > 1 else "")

        print()
        print("| pages | run | docs/s (wall) | docs/s per core (CPU) | ratio |")
        print("|---|---|---:|---:|---|")
        for form in ("text", "html"):
            floor, j1, j2 = (results[f"{k}-{form}"] for k in ("floor", "j1", "j2"))
            print(f"| {form} | floor: read, decode, dict, atomic JSON write | {rate(floor, 'wall'):,.0f} | "
                  f"{rate(floor, 'cpu'):,.0f} | 1 |")
            print(f"| {form} | bilinorm run -j1 | {rate(j1, 'wall'):,.0f} | {rate(j1, 'cpu'):,.0f} | "
                  f"{median(form, lambda f, a, b, c: a['cpu'] / f['cpu'])} the floor's CPU, "
                  f"{median(form, lambda f, a, b, c: a['wall'] / f['wall'])} its wall time |")
            print(f"| {form} | bilinorm run -j2 | {rate(j2, 'wall'):,.0f} | {rate(j2, 'cpu'):,.0f} | "
                  f"{median(form, lambda f, a, b, c: a['wall'] / b['wall'])} faster than -j1 (wall; "
                  f"the machine's ceiling {median(form, lambda f, a, b, c: c)}) |")
        traf, j1 = results["trafilatura-html"], results["j1-html"]
        print(f"| html | trafilatura.extract (JSON with metadata), one process | {rate(traf, 'wall'):,.0f} | "
              f"{rate(traf, 'cpu'):,.0f} | bilinorm -j1 is {traf['cpu'] / j1['cpu']:.1f}x its throughput per core "
              f"({traf['wall'] / j1['wall']:.1f}x wall) |")

        print()
        print("| pages | main process peak RSS | busiest worker peak RSS | docs/s (wall, -j2) |")
        print("|---:|---:|---:|---:|")
        sizes = [n // 2] + ([] if args.skip_big else [args.big])
        for size in sizes:
            folder = work / f"mem{size}"
            if not folder.exists():
                write_pages(folder, size, "text")
            got = bilinorm(folder, work / "out-mem", 2, watch_memory=True)
            assert got["records"] == size and got["failed"] == 0, got
            print(f"| {size:,} | {got['main_mb']:.0f} MB | {got['worker_mb']:.0f} MB | {size / got['wall']:,.0f} |",
                  flush=True)
            if size != sizes[0]:
                shutil.rmtree(folder, ignore_errors=True)
        print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


BUSY = "s = 0\nfor i in range(6_000_000):\n    s += i\n"


def parallel_ceiling() -> float:
    """How much faster two CPU-bound processes finish side by side than one after the other:
    2.0 on two free cores, less when the cores are shared (hyperthreads of one core, a busy
    host). It bounds what -j2 can gain over -j1, measured now, next to the runs."""
    command = [sys.executable, "-c", BUSY]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    one = time.perf_counter() - started
    started = time.perf_counter()
    pair = [subprocess.Popen(command) for _ in range(2)]
    for process in pair:
        process.wait()
    return 2 * one / (time.perf_counter() - started)


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{total / 1e6:.0f} MB"


if __name__ == "__main__":
    sys.exit(main())
