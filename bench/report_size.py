"""How big and how usable is the report of a large run?

Makes a run folder of N records (default 10,000) from real ones: the records of a real run
(`bilinorm run` over the given inputs, by default `seeds/`) are copied round-robin with
distinct ids and input paths, and the run's manifest lines (failures included) are repeated
the same way. Then it builds the report and prints its size and build time, and, with
`--browser`, opens it in headless Chromium and times loading, a search and a page turn.

    python bench/report_size.py                        # 10,000 records from the seeds
    python bench/report_size.py -n 10000 --browser seeds /path/to/more/pages
    python bench/report_size.py --from-run OUT          # copies of the records of a run folder
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilinorm.batch import RunOptions, run  # noqa: E402
from bilinorm.batch.naming import record_file_name  # noqa: E402
from bilinorm.report import write_report  # noqa: E402


def make_run(inputs: list[str], count: int, work: Path, real: Path | None = None) -> tuple[Path, int, int]:
    if real is None:
        real = work / "real"
        run(inputs, RunOptions(out=real, jobs=2))
    records = [json.loads(p.read_text("utf-8")) for p in sorted(real.glob("*.json"))
               if not p.name.startswith("_")]
    failed = [json.loads(line) for line in (real / "_manifest.jsonl").read_text("utf-8").splitlines()]
    failed = [line for line in failed if line["status"] == "failed"]
    if not records:
        raise SystemExit("the inputs gave no record to copy")
    out = work / "out"
    out.mkdir()
    lines = []
    for k in range(count):
        record = json.loads(json.dumps(records[k % len(records)]))
        copy = k // len(records)
        record["id"] = f"{record['id']}.copy{copy}" if copy else record["id"]
        record["source"]["path"] = f"copy{copy:05d}/{record['source']['path']}"
        name = record_file_name(record["id"])
        (out / name).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        lines.append({"input": record["source"]["path"], "status": "written", "record": name,
                      "reason": None, "message": None})
        if k % len(records) == len(records) - 1:
            for line in failed:
                lines.append({**line, "input": f"copy{copy:05d}/{line['input']}"})
    (out / "_manifest.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in sorted(lines, key=lambda x: x["input"])),
        "utf-8")
    return out, len(records), sum(line["status"] == "failed" for line in lines)


def browse(report: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from chromium import Chromium, find_or_install

    timings = {}
    with Chromium(find_or_install()) as browser:
        browser.send("Performance.enable")
        started = time.perf_counter()
        browser.open(report.as_uri(), timeout=300)
        timings["open (load event) s"] = time.perf_counter() - started
        timings["first page articles"] = browser.evaluate("document.querySelectorAll('#articles article').length")
        timings["search 'lupus' ms"] = browser.evaluate("""(async () => {
            const q = document.getElementById('q'); const t = performance.now();
            q.value = 'lupus'; q.dispatchEvent(new Event('input'));
            await new Promise(r => setTimeout(r, 130));
            while (!/of/.test(document.getElementById('status').textContent)) await new Promise(r => setTimeout(r, 5));
            return performance.now() - t - 120; })()""")
        timings["search status"] = browser.evaluate("document.getElementById('status').textContent")
        timings["next page ms"] = browser.evaluate("""(() => {
            const t = performance.now(); document.getElementById('next').click();
            return performance.now() - t; })()""")
        timings["next page again ms"] = browser.evaluate("""(() => {
            const t = performance.now(); document.getElementById('next').click();
            return performance.now() - t; })()""")
        metrics = {m["name"]: m["value"] for m in browser.send("Performance.getMetrics")["metrics"]}
        timings["JS heap MB"] = metrics.get("JSHeapUsedSize", 0) / 1e6
        timings["DOM nodes"] = metrics.get("Nodes", 0)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help="also time the report in headless Chromium")
    parser.add_argument("--from-run", type=Path, metavar="OUT",
                        help="copy the records and failures of this run folder instead of running the inputs")
    parser.add_argument("--keep", type=Path, help="write the report here instead of a temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bilinorm-report-bench-"))
    try:
        out, real, failed = make_run(args.inputs, args.count, work, args.from_run)
        dest = args.keep or work / "report.html"
        started = time.perf_counter()
        report = write_report(out, dest)
        seconds = time.perf_counter() - started
        size = dest.stat().st_size
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        records_bytes = sum(p.stat().st_size for p in out.glob("*.json"))
        print(f"records: {report.articles:,} (copies of {real} real records), failed inputs: {failed:,}")
        print(f"records on disk: {records_bytes / 1e6:.1f} MB")
        print(f"report: {size / 1e6:.1f} MB ({size / report.articles / 1e3:.1f} kB per article), "
              f"built in {seconds:.1f} s, peak memory {peak:.0f} MB")
        if args.browser:
            for key, value in browse(dest).items():
                print(f"chromium: {key}: {value:.2f}" if isinstance(value, float) else f"chromium: {key}: {value}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
