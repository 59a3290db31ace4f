"""Where the time goes when normalizing the corpus HTML pages (tests/data/html), per stage:
decode, HTML tree building (bs4 + lxml), choosing the reader (every adapter's detect),
the reader's extract, and the record stages after it. Median of several runs per page, in
CPU time of this process (so that other work on a shared machine does not count).

    python bench/html_timing.py [runs]        (from the project folder)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilinorm.config import DEFAULT_CONFIG  # noqa: E402
from bilinorm.decode import decode  # noqa: E402
from bilinorm.errors import BilinormError  # noqa: E402
from bilinorm.page import Page  # noqa: E402
from bilinorm.pipeline import build_record  # noqa: E402
from bilinorm.sites import choose_adapter  # noqa: E402

STAGES = ("decode", "parse", "detect", "extract", "record")


def time_page(data: bytes, name: str) -> dict[str, float]:
    clock = time.process_time
    t0 = clock()
    decoded = decode(data, max_bytes=DEFAULT_CONFIG.max_bytes)
    t1 = clock()
    page = Page(data, decoded, name)
    page.soup
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


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pages = sorted((ROOT / "tests" / "data" / "html").glob("*.html"))
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
    print(tree_building_side_by_side(pages, runs))
    return 0


def tree_building_side_by_side(pages: list[Path], runs: int) -> str:
    """The same decoded pages built into a bs4 tree (as `Page.soup` does) and into an lxml.html
    tree alone: what a faster parser would save."""
    import lxml.html

    from bilinorm.html import parse_html

    texts = [decode(p.read_bytes(), max_bytes=DEFAULT_CONFIG.max_bytes).text for p in pages]
    parser = lxml.html.HTMLParser(encoding="utf-8")

    def best(build) -> float:
        times = []
        for _ in range(runs):
            start = time.process_time()
            for text in texts:
                build(text)
            times.append(time.process_time() - start)
        return min(times) * 1000

    with_bs4 = best(lambda text: parse_html(text, max_depth=DEFAULT_CONFIG.max_html_depth))
    lxml_only = best(lambda text: lxml.html.document_fromstring(text.encode("utf-8"), parser=parser))
    return (f"tree building for the {len(pages)} pages: bs4 over lxml {with_bs4:.0f} ms, "
            f"lxml.html alone {lxml_only:.0f} ms ({with_bs4 / lxml_only:.0f}x)")


if __name__ == "__main__":
    raise SystemExit(main())
