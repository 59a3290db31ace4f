"""The HTML page cases (tests/data/html/cases/*.json) and how a record is checked against them.

A case names a page, says what makes it a useful case (`what`), and gives the facts a careful
reader takes off the page: `expected` (the fields the accuracy table counts: title, doi,
authors, venue, published, abstract, and the reader `site`), `also` (further facts: keywords,
identifiers, warnings, affiliations), `must_not_contain` (text that is not the article's and
must not reach the record, `removed` aside), or `error` (the reason and words of a clear
refusal). `known_gaps` names checks that fail today, with why; they run as strict xfails.
Used by tests/test_html_pages.py and tools/html_accuracy.py.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

HTML_DATA = Path(__file__).resolve().parent / "data" / "html"
ACCURACY_FIELDS = ("title", "doi", "authors", "venue", "published", "abstract")


def load_cases() -> dict[str, dict]:
    cases = {}
    for path in sorted((HTML_DATA / "cases").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        cases[path.stem] = case
    return cases


@lru_cache(maxsize=None)
def outcome(stem: str):
    """The record of a case's page, or the BilinormError it raised."""
    from bilinorm import BilinormError, normalize

    case = load_cases()[stem]
    data = (HTML_DATA / case["file"]).read_bytes()
    try:
        return normalize(data, path=case["file"])
    except BilinormError as exc:
        return exc


def check_field(record, field: str, expected) -> list[str]:
    """What differs between the record and the expected value of one field ([] when right)."""
    if field == "site":
        return _diff("site", record.source.site, expected)
    if field == "title":
        return _diff("title", record.title, expected)
    if field == "doi":
        return _diff("doi", record.identifiers.doi, expected)
    if field == "authors":
        return _diff("authors", [a.name for a in record.authors], expected)
    if field == "venue":
        return [p for key, value in expected.items() for p in _diff(f"venue.{key}", getattr(record.venue, key), value)]
    if field == "published":
        return _diff("published", record.published, expected)
    if field == "abstract":
        return _abstract_problems(record, expected)
    if field == "keywords":
        return _diff("keywords", record.keywords, expected)
    if field == "identifiers":
        return [p for key, value in expected.items()
                for p in _diff(f"identifiers.{key}", getattr(record.identifiers, key), value)]
    if field == "warnings":
        codes = [w.code for w in record.warnings]
        return [f"warning {code} missing (have {codes})" for code in expected if code not in codes]
    if field == "affiliations":
        return _diff("affiliations", record.affiliations, expected)
    if field == "affiliations_count":
        return _diff("len(affiliations)", len(record.affiliations), expected)
    if field == "author_affiliations":
        return _diff("authors[].affiliations", [a.affiliations for a in record.authors], expected)
    if field == "record_id":
        return _diff("source.record_id", record.source.record_id, expected)
    if field == "categories":
        return _diff("categories", [s.category for s in next(iter(record.abstract.values()))], expected)
    raise KeyError(field)


def _diff(what: str, got, expected) -> list[str]:
    return [] if got == expected else [f"{what}: got {got!r}, expected {expected!r}"]


def _abstract_problems(record, expected: dict) -> list[str]:
    problems = _diff("abstract languages", sorted(record.abstract), sorted(expected))
    for lang, sections in expected.items():
        got = record.abstract.get(lang, [])
        if len(got) != len(sections):
            problems.append(f"abstract.{lang}: {len(got)} sections, expected {len(sections)}: "
                            f"{[s.label for s in got]}")
            continue
        for i, (section, want) in enumerate(zip(got, sections)):
            where = f"abstract.{lang}[{i}]"
            problems += _diff(f"{where}.label", section.label, want["label"])
            if "heading" in want:
                problems += _diff(f"{where}.heading", section.heading, want["heading"])
            if not section.text.startswith(want["starts"]):
                problems.append(f"{where}.text starts {section.text[:60]!r}, expected {want['starts']!r}")
            if not section.text.endswith(want["ends"]):
                problems.append(f"{where}.text ends {section.text[-60:]!r}, expected {want['ends']!r}")
    return problems
