"""Field accuracy of the HTML readers over the corpus pages in tests/data/html.

For each page the case file (tests/data/html/cases/*.json) gives the facts a careful reader
takes off the page; a field is right when the record has exactly them (abstract: the same
languages, sections, labels, headings, and each section's text starting and ending as
printed). Pages whose facts the readers refuse to read (a known gap) count as wrong; pages
that are not articles count in the last row, right when refused with the expected reason.

    python tools/html_accuracy.py          (from the project folder)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bilinorm import BilinormError  # noqa: E402
from tests.html_cases import ACCURACY_FIELDS, check_field, load_cases, outcome  # noqa: E402

LABELS = {"published": "date"}


def main() -> int:
    right = dict.fromkeys(ACCURACY_FIELDS, 0)
    expected = dict.fromkeys(ACCURACY_FIELDS, 0)
    refused_right = refused = 0
    misses: list[str] = []
    for stem, case in load_cases().items():
        result = outcome(stem)
        facts = case.get("expected") or case.get("human") or {}
        for field in ACCURACY_FIELDS:
            if field not in facts:
                continue
            expected[field] += 1
            ok = not isinstance(result, BilinormError) and not check_field(result, field, facts[field])
            right[field] += ok
            if not ok:
                misses.append(f"{stem}: {LABELS.get(field, field)}")
        if "error" in case and "human" not in case:
            refused += 1
            refused_right += (isinstance(result, BilinormError) and result.reason == case["error"]["reason"]
                              and all(w in str(result) for w in case["error"]["message_contains"]))
    print("| field | right | expected | accuracy |")
    print("|---|---:|---:|---:|")
    for field in ACCURACY_FIELDS:
        print(f"| {LABELS.get(field, field)} | {right[field]} | {expected[field]} | "
              f"{right[field] / expected[field]:.0%} |")
    total_right, total = sum(right.values()), sum(expected.values())
    print(f"| all fields | {total_right} | {total} | {total_right / total:.0%} |")
    print(f"| not an article, refused with the reason | {refused_right} | {refused} | "
          f"{refused_right / refused:.0%} |")
    if misses:
        print("\nwrong: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
