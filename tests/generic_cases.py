"""The generic reader's corpus cases (tests/data/generic/cases.json) and how each expected
field is checked against a record. Shared by tests/test_generic.py and tools/generic_accuracy.py."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Callable

DATA = Path(__file__).resolve().parent / "data" / "generic"


def cases() -> list[dict[str, Any]]:
    return json.loads((DATA / "cases.json").read_text(encoding="utf-8"))["cases"]


@cache
def outcome(name: str):
    """The record of a case's input, or the BilinormError it raised."""
    from bilinorm import BilinormError, normalize

    try:
        return normalize((DATA / name).read_bytes(), path=name)
    except BilinormError as error:
        return error


def _authors(record, expected) -> bool:
    if all(isinstance(a, str) for a in expected):
        return [a.name for a in record.authors] == expected
    if len(record.authors) != len(expected):
        return False
    for author, want in zip(record.authors, expected):
        got = {"name": author.name, "names": author.names, "affiliations": author.affiliations}
        if any(got[key] != value for key, value in want.items()):
            return False
    return True


def _venue(record, expected) -> bool:
    return all(getattr(record.venue, key) == value for key, value in expected.items())


def _sections(record, expected) -> bool:
    got = {lang: [[s.label, s.heading] for s in sections] for lang, sections in record.abstract.items()}
    return got == expected


def _sentence(position: int):
    def check(record, expected) -> bool:
        for lang, sentence in expected.items():
            sections = record.abstract.get(lang)
            if not sections:
                return False
            section = sections[position]
            if section.sentences[position] != sentence:
                return False
        return True
    return check


def _warnings(record, expected) -> bool:
    return set(expected) <= {w.code for w in record.warnings}


def _removed(record, expected) -> bool:
    got = {(r.kind, r.name) for r in record.removed}
    return all(tuple(pair) in got for pair in expected)


FIELDS: dict[str, Callable[[Any, Any], bool]] = {
    "title": lambda r, e: r.title == e,
    "languages": lambda r, e: r.languages == e,
    "authors": _authors,
    "affiliations": lambda r, e: r.affiliations == e,
    "doi": lambda r, e: r.identifiers.doi == e,
    "links": lambda r, e: [[link.rel, link.url] for link in r.links] == e,
    "venue": _venue,
    "published": lambda r, e: r.published == e,
    "keywords": lambda r, e: r.keywords == e,
    "clc": lambda r, e: r.identifiers.clc == e,
    "scripts": lambda r, e: r.scripts == e,
    "sections": _sections,
    "first_sentence": _sentence(0),
    "last_sentence": _sentence(-1),
    "warnings": _warnings,
    "removed": _removed,
}


def abstract_text(record) -> str:
    return "\n".join(f"{s.heading or ''}\n{s.text}" for sections in record.abstract.values() for s in sections)


def record_text_without_removed(record) -> str:
    data = record.to_dict()
    data.pop("removed")
    return json.dumps(data, ensure_ascii=False)


def field_results(case: dict[str, Any]) -> dict[str, bool]:
    """Field name -> whether the reader got it right, for one case. Error cases have one
    field, `error`; `no_leaks` stands for the must-not-contain lists."""
    from bilinorm import BilinormError

    got = outcome(case["input"])
    if "error" in case:
        want = case["error"]
        return {"error": isinstance(got, BilinormError) and got.reason == want["reason"]
                and all(part in got.message for part in want["message_contains"])}
    if isinstance(got, BilinormError):
        return {name: False for name in [*case["expect"], "no_leaks"]}
    results = {name: FIELDS[name](got, expected) for name, expected in case["expect"].items()}
    abstract, text = abstract_text(got), record_text_without_removed(got)
    results["no_leaks"] = (not any(s in abstract for s in case.get("not_in_abstract", ()))
                           and not any(s in text for s in case.get("not_in_record", ())))
    return results
