"""Where the time goes when normalizing the corpus HTML pages (tests/data/html), and how it
compares with trafilatura on the same pages, in one run.

1. Per stage: decode, HTML tree building (`Page.tree`, lxml), choosing the reader (every
   adapter's detect), the reader's extract, and the record stages after it.
2. Tree building alone: lxml (`Page.tree`) beside BeautifulSoup over lxml (`Page.soup`,
   which the readers used before).
3. bilinorm against trafilatura: bilinorm from the bytes to the record's JSON bytes;
   `trafilatura.extract(bytes, output_format="json", with_metadata=True)`, its main text and
   metadata. Each reads all the pages in turn, as a batch would, and the two take turns, so
   that load on a shared machine falls on both alike.

Times are CPU time of this process (other work on the machine does not count); the median
of several runs.

    python bench/html_timing.py [runs]        (from the project folder; trafilatura is in
                                               the `bench` extra)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilinorm import normalize_all, to_json_bytes  # noqa: E402
from bilinorm.config import DEFAULT_CONFIG  # noqa: E402
from bilinorm.decode import decode  # noqa: E402
from bilinorm.errors import BilinormError  # noqa: E402
from bilinorm.page import Page  # noqa: E402
from bilinorm.pipeline import build_record  # noqa: E402
from bilinorm.sites import choose_adapter  # noqa: E402

STAGES = ("decode", "parse", "detect", "extract", "record")
clock = time.process_time


def time_page(data: bytes, name: str) -> dict[str, float]:
    t0 = clock()
    decoded = decode(data, max_bytes=DEFAULT_CONFIG.max_bytes)
    t1 = clock()
    page = Page(data, decoded, name)
    page.tree
    t2 = clock()
    adapter = choose_adapter(page)
    t3 = clock()
    try:
        drafts = adapter.extract(page)
    except BilinormError:
        drafts = []
    t4 = clock()
    for draft in drafts:
        try:
            build_record(draft, page, DEFAULT_CONFIG)
        except BilinormError:
            pass
    t5 = clock()
    return dict(zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)))


def stages(pages: list[Path], runs: int) -> None:
    time_page(pages[0].read_bytes(), pages[0].name)  # imports, lexicons, caches
    totals = dict.fromkeys(STAGES, 0.0)
    print(f"| page | KB | {' | '.join(STAGES)} | total ms |")
    print("|---|---:|" + "---:|" * (len(STAGES) + 1))
    for path in pages:
        data = path.read_bytes()
        samples = [time_page(data, path.name) for _ in range(runs)]
        median = {s: statistics.median(x[s] for x in samples) * 1000 for s in STAGES}
        for s in STAGES:
            totals[s] += median[s]
        cells = " | ".join(f"{median[s]:.1f}" for s in STAGES)
        print(f"| {path.stem[:44]} | {len(data) // 1024} | {cells} | {sum(median.values()):.1f} |")
    total = sum(totals.values())
    print(f"| all {len(pages)} pages | | {' | '.join(f'{totals[s]:.0f}' for s in STAGES)} | {total:.0f} |")
    print(f"\nper page: {total / len(pages):.1f} ms on average; share of the time: "
          + ", ".join(f"{s} {totals[s] / total:.0%}" for s in STAGES))


def tree_building_side_by_side(pages: list[Path], runs: int) -> str:
    """The same decoded pages built into the readers' lxml tree and into a bs4 tree."""
    decoded = [decode(p.read_bytes(), max_bytes=DEFAULT_CONFIG.max_bytes) for p in pages]

    def best(view: str) -> float:
        times = []
        for _ in range(runs):
            fresh = [Page(b"", d, "page") for d in decoded]
            start = clock()
            for page in fresh:
                getattr(page, view)
            times.append(clock() - start)
        return min(times) * 1000

    lxml_tree, bs4_tree = best("tree"), best("soup")
    return (f"tree building for the {len(pages)} pages: lxml (Page.tree) {lxml_tree:.0f} ms, "
            f"BeautifulSoup over lxml (Page.soup) {bs4_tree:.0f} ms ({bs4_tree / lxml_tree:.0f}x)")


def bilinorm_record(data: bytes, name: str) -> None:
    try:
        for record in normalize_all(data, path=name):
            to_json_bytes(record)
    except BilinormError:
        pass


def against_trafilatura(pages: list[Path], runs: int) -> None:
    """Throughput: each tool reads all the pages one after the other, as a batch would; the
    two take turns, `runs` times each, and the median pass counts."""
    import trafilatura

    def extract_with_trafilatura(data: bytes, name: str) -> None:
        trafilatura.extract(data, output_format="json", with_metadata=True)

    contenders = {"bilinorm": bilinorm_record, "trafilatura": extract_with_trafilatura}
    inputs = [(path.read_bytes(), path.name) for path in pages]
    passes: dict[str, list[float]] = {name: [] for name in contenders}
    for turn in range(runs + 1):
        for name in sorted(contenders, reverse=turn % 2 == 1):
            start = clock()
            for data, page_name in inputs:
                contenders[name](data, page_name)
            if turn:  # the first turn warms imports and caches
                passes[name].append(clock() - start)
    ours, theirs = (statistics.median(passes[name]) * 1000 / len(pages) for name in ("bilinorm", "trafilatura"))
    print(f"\nbilinorm vs trafilatura, the same {len(pages)} pages one after the other (median of "
          f"{runs} passes each, CPU time): bilinorm {ours:.1f} ms/page (bytes to the full record, "
          f"serialized), trafilatura {theirs:.1f} ms/page (`extract`: text and metadata as JSON); "
          f"bilinorm's throughput is {theirs / ours:.1f}x trafilatura's")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pages = sorted((ROOT / "tests" / "data" / "html").glob("*.html"))
    stages(pages, runs)
    print(tree_building_side_by_side(pages, runs))
    against_trafilatura(pages, runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
