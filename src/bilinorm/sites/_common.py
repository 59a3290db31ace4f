"""Small readers shared by site adapters: dates, DOIs, trial registrations."""

from __future__ import annotations

import re

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}

DOI_PATTERN = re.compile(r"\b10\.\d{4,9}/[^\s\"<>|,;\x00-\x1f\x7f]+", re.IGNORECASE)
TRIAL_PATTERN = re.compile(
    r"\b(NCT\d{8}|ChiCTR[-‐]?[A-Z]{0,3}[-‐]?\d{6,12}|ISRCTN\d{8}|ACTRN\d{14}|"
    r"EudraCT\s?\d{4}-\d{6}-\d{2}|DRKS\d{8}|CTRI/\d{4}/\d{2,3}/\d{6}|JPRN-[A-Za-z]+\d+|"
    r"KCT\d{7}|IRCT\d{8,}N\d+|PACTR\d{15}|TCTR\d{11}|UMIN\d{9}|NTR\d{4,})\b"
)


def clean_doi(raw: str | None) -> str | None:
    """A DOI in lower case without resolver prefix or trailing punctuation."""
    if not raw:
        return None
    m = DOI_PATTERN.search(raw)
    if not m:
        return None
    doi = m.group(0).rstrip(".)]}>'’”。，")
    return doi.lower()


_NUMERIC_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?)?")
_YEAR_THEN_WORD = re.compile(r"\d{4}\s+[A-Za-z]")
_YEAR_MONTH_NAME = re.compile(r"(\d{4})\s+([A-Za-z]{3})[a-z]*\.?(?:\s+(\d{1,2}))?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def iso_date(raw: str | None) -> str | None:
    """`2025-01-01`, `2022 Jul`, `2022-07`, `2022/7/5`, `2022年7月` -> ISO 8601 at the given
    precision; None when no year is found."""
    if not raw:
        return None
    raw = raw.strip()
    m = _NUMERIC_DATE.match(raw)
    if m and not _YEAR_THEN_WORD.match(raw):
        year, month, day = m.groups()
        return _iso(year, month, day)
    m = _YEAR_MONTH_NAME.match(raw)
    if m and m.group(2).lower() in _MONTHS:
        return _iso(m.group(1), str(_MONTHS[m.group(2).lower()]), m.group(3))
    m = _YEAR.search(raw)
    return m.group(1) if m else None


def _iso(year: str, month: str | None, day: str | None) -> str:
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


# TRIAL_PATTERN without its leading `\b`. Python's regex engine skips ahead to the registries'
# first letters only when a pattern starts with them; behind a `\b` it tries every alternative
# at every position, six times slower on an abstract.
_TRIAL_ID = re.compile(TRIAL_PATTERN.pattern.removeprefix(r"\b"))
_WORD_CHAR = re.compile(r"\w")


def trial_registrations(text: str) -> list[str]:
    """The registrations TRIAL_PATTERN finds, in order, once each. A match of `_TRIAL_ID` is
    TRIAL_PATTERN's match at the same place when no word character precedes it (every
    registry id starts with a letter); otherwise TRIAL_PATTERN would try the next place."""
    found: dict[str, None] = {}
    pos = 0
    while m := _TRIAL_ID.search(text, pos):
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            pos = start + 1
            continue
        found[m.group(0)] = None
        pos = m.end()
    return list(found)


_NLM_CITATION = re.compile(
    r"^(?P<abbr>[^.]+(?:\.[^.\d;]+)*?)\.\s+"
    r"(?P<date>\d{4}(?:\s+[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?)?(?:\s+\d{1,2})?)"
    r"(?:;\s*(?P<volume>[^(:;.\s]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^.;\s]+))?)?"
)


_NLM_DOI = re.compile(r"doi:\s*(10\.\S+)", re.IGNORECASE)


def parse_nlm_citation(line: str) -> dict[str, str | None]:
    """`Lupus Sci Med. 2022 Jul;9(1). doi: 10.1136/…` (PubMed's citation line) -> parts."""
    out: dict[str, str | None] = {"abbreviation": None, "published": None, "volume": None,
                                  "issue": None, "pages": None, "doi": None}
    m = _NLM_CITATION.match(line.strip())
    if m:
        out["abbreviation"] = m.group("abbr").strip()
        out["published"] = iso_date(m.group("date"))
        out["volume"] = m.group("volume")
        out["issue"] = m.group("issue")
        out["pages"] = m.group("pages")
    doi = _NLM_DOI.search(line)
    out["doi"] = clean_doi(doi.group(1)) if doi else clean_doi(line)
    return out
