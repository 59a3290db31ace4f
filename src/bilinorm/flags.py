"""Curator warnings: what a scrape damaged and bilinorm would not guess back. Nothing here
changes the record's text; each finding is a `Flag` with a JSON path to where it is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .record import Flag, Record

# `5.0 × 107 UCMSCs` (10^7 flattened to 107) and `1×10 MSCs/kg` (the exponent dropped).
_LOST_EXPONENT = re.compile(r"\d(?:[.,]\d+)?\s?[×xX]\s?10(?:\d{1,2}(?=[\s/,;)]|$)|(?=\s+[A-Za-z\u4e00-\u9fff]))")
_LOST_CHARACTER = re.compile(r"\ufffd|(?<=[\u3400-\u9fff])\?+(?=[\u3400-\u9fff])|\?\s\?\s\?")


def collect(record: Record) -> list[Flag]:
    return [*_lost_superscripts(record), *_lost_characters(record), *_structure(record)]


def _texts(record: Record) -> Iterator[tuple[str, str]]:
    for lang, title in record.title.items():
        yield f"title.{lang}", title
    for lang, sections in record.abstract.items():
        for i, section in enumerate(sections):
            yield f"abstract.{lang}[{i}].text", section.text


def _lost_superscripts(record: Record) -> Iterator[Flag]:
    for path, text in _texts(record):
        if "10" not in text:  # what every match holds: a cheap test first
            continue
        for m in _LOST_EXPONENT.finditer(text):
            context = text[max(0, m.start() - 10):m.end() + 12]
            yield Flag("lost_superscript", path, f"an exponent looks flattened: …{context.strip()}…")


def _lost_characters(record: Record) -> Iterator[Flag]:
    for path, text in _texts(record):
        # The look-behind makes the pattern slow to scan; most texts hold neither character.
        m = _LOST_CHARACTER.search(text) if "?" in text or "\ufffd" in text else None
        if m:
            context = text[max(0, m.start() - 8):m.end() + 8]
            yield Flag("lost_characters", path, f"characters were lost in the scrape: …{context}…")


def _structure(record: Record) -> Iterator[Flag]:
    if not record.authors:
        yield Flag("missing_authors", "authors", "the page names no authors")
    if not record.abstract:
        yield Flag("missing_abstract", "abstract", "the page has no abstract")
    en, zh = record.abstract.get("en"), record.abstract.get("zh")
    if en and zh:
        en_labels = [s.label for s in en]
        zh_labels = [s.label for s in zh]
        if en_labels != zh_labels:
            yield Flag("section_mismatch", "abstract",
                       f"English sections {en_labels} and Chinese sections {zh_labels} differ")
