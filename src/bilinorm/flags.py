"""Curator warnings: what a scrape damaged and bilinorm would not guess back. Nothing here
changes the record's text; each finding is a `Flag` with a JSON path to where it is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .record import Flag, Record

# `5.0 × 107 UCMSCs` (10^7 flattened to 107) and `1×10 MSCs/kg` (the exponent dropped).
_LOST_EXPONENT = re.compile(r"\d(?:[.,]\d+)?\s?[×xX]\s?10(?:\d{1,2}(?=[\s/,;)]|$)|(?=\s+[A-Za-z\u4e00-\u9fff]))")
# What every lost exponent holds (see _lost_exponents).
_TIMES_TEN = re.compile(r"[×xX]\s?10")
_LOST_CHARACTER = re.compile(r"\ufffd|(?<=[\u3400-\u9fff])\?+(?=[\u3400-\u9fff])|\?\s\?\s\?")


def collect(record: Record) -> list[Flag]:
    texts = _texts(record)
    return [*_lost_superscripts(texts), *_lost_characters(texts), *_structure(record)]


# A title or abstract section's text: (language, section index or None for the title, text).
# The JSON path is made only for a finding (`_path`): most texts have none.
_Text = tuple[str, int | None, str]


def _texts(record: Record) -> list[_Text]:
    texts = [(lang, None, title) for lang, title in record.title.items()]
    for lang, sections in record.abstract.items():
        texts.extend((lang, i, section.text) for i, section in enumerate(sections))
    return texts


def _path(lang: str, index: int | None) -> str:
    return f"title.{lang}" if index is None else f"abstract.{lang}[{index}].text"


def _lost_superscripts(texts: list[_Text]) -> Iterator[Flag]:
    for lang, index, text in texts:
        if "10" not in text:  # what every match holds: a cheap test first
            continue
        for m in _lost_exponents(text):
            context = text[max(0, m.start() - 10):m.end() + 12]
            yield Flag("lost_superscript", _path(lang, index),
                       f"an exponent looks flattened: …{context.strip()}…")


def _lost_exponents(text: str) -> Iterator[re.Match]:
    """The matches `_LOST_EXPONENT.finditer(text)` gives, found by trying the pattern only in
    the lead-up to each `×10`: scanning the whole text with it tries a match at every digit.
    A match is a lead-up (digits, a decimal mark, a space) and a `×10`, so it begins in the
    lead-up of the first `×10` after it begins."""
    end = 0
    for times_ten in _TIMES_TEN.finditer(text):
        at = times_ten.start()
        if at < end:  # inside the last match
            continue
        start = at
        while start > end and _in_lead_up(text[start - 1]):
            start -= 1
        for pos in range(start, at):
            m = _LOST_EXPONENT.match(text, pos)
            if m:
                yield m
                end = m.end()
                break


def _in_lead_up(char: str) -> bool:
    """What the pattern's lead-up (a digit, a decimal mark and digits, a space) may hold, or
    more (str.isdigit and str.isspace take in all of its digits and spaces): walking back too
    far only costs a few failed matches."""
    return char.isdigit() or char in ".," or char.isspace()


def _lost_characters(texts: list[_Text]) -> Iterator[Flag]:
    for lang, index, text in texts:
        # The look-behind makes the pattern slow to scan; most texts hold neither character.
        m = _LOST_CHARACTER.search(text) if "?" in text or "\ufffd" in text else None
        if m:
            context = text[max(0, m.start() - 8):m.end() + 8]
            yield Flag("lost_characters", _path(lang, index),
                       f"characters were lost in the scrape: …{context}…")


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
