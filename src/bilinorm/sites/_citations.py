"""Reading the bibliographic lines scholarly pages print as text.

- GB/T 7714 citations, as Chinese platforms print them under 引用本文 / Citation:
  `鲍星兰, 王丹丹. 标题[J]. 实用临床医药杂志, 2023, 27(10): 1-5, 20. DOI: 10.7619/…`
- journal lines: `Journal: ÁNFORA, 2024, № 57, p. 299-325` and `《时珍国医国药》 2008年 第12期`
- the CAJ-CD 文章编号 `1673-9701(2021)31-0041-04`: ISSN, year, issue, first page, page count
- CLC numbers (中图分类号) `R593.24;Q81`
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._common import clean_doi

_DOC_TYPE = re.compile(r"\[(?:J|J/OL|N|C|D|M|EB/OL)\]")
# The end of the author list: GB/T 7714 writes initials without full stops (`SMITH J, WANG W.`),
# so the first full stop ends it (also after `et al.`).
_AUTHORS_END = re.compile(r"[.．]\s+|．")
_SOURCE = re.compile(
    r"^\s*[.．]?\s*(?P<journal>[^,，]+?)\s*[,，]\s*(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[,，]\s*(?P<volume>[A-Za-z]?\d+[A-Za-z]?)?\s*(?:[(（](?P<issue>[^)）]{1,12})[)）])?)?"
    r"(?:\s*[:：]\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–—~]\s*[A-Za-z]?\d+)?(?:\s*[,，]\s*[A-Za-z]?\d+(?:\s*[-–—~]\s*\d+)?)*))?")
_DOI_IN_TEXT = re.compile(r"(?:doi|DOI)\s*[:：]?\s*(10\.\S+)|(?:https?://(?:dx\.)?doi\.org/)(10\.\S+)")

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ISSUE = re.compile(r"^(?:№|No\.?|N[º°]\.?|Issue|Iss\.?|n\.)\s*(\S+)$", re.IGNORECASE)
_VOLUME = re.compile(r"^(?:Vol\.?|Volume|V\.|т\.|Bd\.?)\s*(\S+)$", re.IGNORECASE)
_PAGES = re.compile(r"^(?:pp?\.|P\.|S\.|с\.)\s*(\S+)$", re.IGNORECASE)
_VOLUME_ISSUE = re.compile(r"^(\d+)\s*[(（]([^)）]+)[)）](?:\s*[:：]\s*(\S+))?$")

_BOOK_TITLE = re.compile(r"^\s*《(?P<journal>[^》]{2,40})》\s*(?P<rest>.*)$")
_CN_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_VOLUME = re.compile(r"第?\s*(\d+)\s*卷")
_CN_ISSUE = re.compile(r"第?\s*(\d+)\s*期")

_ARTICLE_NUMBER = re.compile(
    r"^(?P<issn>\d{4}-\d{3}[\dXx])\s*[(（](?P<year>\d{4})[)）]\s*(?P<issue>\d{1,3})\s*-\s*"
    r"(?P<first>\d{3,5})\s*-\s*(?P<count>\d{2})$")
_CLC = re.compile(r"[A-Z]{1,2}(?:[\d\-][\d.\-+/:=()]*)?(?![A-Za-z])")


@dataclass(slots=True)
class Citation:
    authors: str | None = None
    title: str | None = None
    journal: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None


@dataclass(slots=True)
class Source:
    """What a journal line says: name, year, volume, issue, pages, ISSN."""

    journal: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    issn: list[str] = field(default_factory=list)


def is_citation(line: str) -> bool:
    return bool(_DOC_TYPE.search(line))


def read_citation(line: str) -> Citation | None:
    """A GB/T 7714 citation line (`Authors. Title[J]. Journal, year, vol(issue): pages.`)."""
    m = _DOC_TYPE.search(line)
    if not m:
        return None
    head, rest = line[:m.start()].strip(), line[m.end():]
    cite = Citation()
    end = _AUTHORS_END.search(head)
    if end and end.start() > 0:
        cite.authors, cite.title = head[:end.start()].strip(), head[end.end():].strip()
    else:
        cite.title = head
    source = _SOURCE.match(rest)
    if source:
        cite.journal = source.group("journal").strip()
        cite.year, cite.volume, cite.issue = source.group("year"), source.group("volume"), source.group("issue")
        cite.pages = source.group("pages")
    doi = _DOI_IN_TEXT.search(rest)
    if doi:
        cite.doi = clean_doi(doi.group(1) or doi.group(2))
    return cite


def read_journal_line(value: str) -> Source:
    """`ÁNFORA, 2024, № 57, p. 299-325` (a `Journal:` field): the name, then parts by shape."""
    parts = [p.strip() for p in re.split(r"\s*[,，]\s*", value.strip()) if p.strip()]
    source = Source()
    if not parts:
        return source
    names = []
    for part in parts:
        if _YEAR.match(part):
            source.year = part
        elif m := _ISSUE.match(part):
            source.issue = m.group(1)
        elif m := _VOLUME.match(part):
            source.volume = m.group(1)
        elif m := _PAGES.match(part):
            source.pages = m.group(1)
        elif m := _VOLUME_ISSUE.match(part):
            source.volume, source.issue, source.pages = m.group(1), m.group(2), m.group(3) or source.pages
        elif source.year is None and not names or names and source.year is None:
            names.append(part)
    source.journal = ", ".join(names) or None
    return source


def read_book_title_line(line: str) -> Source | None:
    """`《时珍国医国药》 2008年 第12期`: a journal in 《》 with its year, volume and issue."""
    m = _BOOK_TITLE.match(line)
    if not m:
        return None
    rest = m.group("rest")
    year = _CN_YEAR.search(rest)
    if not year or len(rest) > 40:
        return None
    volume, issue = _CN_VOLUME.search(rest), _CN_ISSUE.search(rest)
    return Source(journal=m.group("journal").strip(), year=year.group(1),
                  volume=volume.group(1) if volume else None, issue=issue.group(1) if issue else None)


def read_article_number(value: str) -> Source | None:
    """The CAJ-CD 文章编号: ISSN(year)issue-first page-page count."""
    m = _ARTICLE_NUMBER.match(value.strip())
    if not m:
        return None
    first, count = int(m.group("first")), int(m.group("count"))
    pages = f"{first}-{first + count - 1}" if count > 1 else str(first)
    return Source(year=m.group("year"), issue=str(int(m.group("issue"))), pages=pages,
                  issn=[m.group("issn").upper()])


def read_clc(value: str) -> list[str]:
    """CLC numbers of a 中图分类号 value: `R593.24;Q81` -> ['R593.24', 'Q81']."""
    return list(dict.fromkeys(m.group(0).rstrip(".-") for m in _CLC.finditer(value)))


def find_doi(text: str) -> str | None:
    m = _DOI_IN_TEXT.search(text)
    return clean_doi(m.group(1) or m.group(2)) if m else clean_doi(text)
