"""Field accuracy of the generic text reader over its corpus pages.

For every field that tests/data/generic/cases.json expects (title, authors, DOI, venue,
keywords, sections, first and last sentence of each abstract, …), counts the pages where the
record has it right, and prints one row per field: right / expected. Pages that are not
articles count under `error` (right when the reader refuses them with the expected reason).

    python tools/generic_accuracy.py            # a Markdown table
    python tools/generic_accuracy.py --pages    # also which page got which field wrong
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.generic_cases import DATA, cases, field_results  # noqa: E402

ORDER = ("title", "languages", "authors", "affiliations", "doi", "links", "venue", "published", "keywords", "clc",
         "scripts", "sections", "first_sentence", "last_sentence", "warnings", "removed", "no_leaks", "error")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", action="store_true", help="list the fields each page gets wrong")
    args = parser.parse_args(argv)

    right: dict[str, int] = {}
    expected: dict[str, int] = {}
    wrong: list[tuple[str, str]] = []
    all_cases = cases()
    for case in all_cases:
        for name, ok in field_results(case).items():
            expected[name] = expected.get(name, 0) + 1
            right[name] = right.get(name, 0) + ok
            if not ok:
                wrong.append((case["input"], name))

    print(f"Generic text reader, {len(all_cases)} pages, {_ms_per_page(all_cases):.1f} ms a page "
          "(normalize() end to end, warm, one core)\n")
    print("| field | right / expected |")
    print("|---|---|")
    names = sorted(expected, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))
    for name in names:
        print(f"| {name} | {right[name]} / {expected[name]} |")
    total_right, total = sum(right.values()), sum(expected.values())
    print(f"| **all fields** | **{total_right} / {total}** |")
    if args.pages and wrong:
        print()
        for page, name in wrong:
            print(f"wrong: {page}: {name}")
    return 0


def _ms_per_page(all_cases, rounds: int = 5) -> float:
    from bilinorm import BilinormError, normalize

    pages = [(DATA / case["input"]).read_bytes() for case in all_cases]
    started = time.perf_counter()
    for _ in range(rounds):
        for data in pages:
            try:
                normalize(data)
            except BilinormError:
                pass
    return (time.perf_counter() - started) * 1000 / (rounds * len(pages))


if __name__ == "__main__":
    raise SystemExit(main())
