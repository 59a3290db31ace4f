"""Is this page a listing of articles (an issue's table of contents, search results) rather
than one article? Usable by any adapter that reads HTML or text.

Evidence, counted over the whole page: links to abstract pages (a link that says `摘要`,
`Abstract`, `[Abstract]`, or whose address names an abstract page), and citation lines with
pages (`2005 Vol. 23 (2): 101-106`, `1999年21卷01期 11-24页`, `2021, 27(10): 1-5`; an
issue's own heading, `2005年 23卷 2期`, has none). A page with at least
`MIN_ITEMS` of either is a listing, unless the caller has found single-article metadata (an
article page with a list of related articles keeps its `citation_title`), or the page prints
an abstract of its own and links fewer than `OWN_ABSTRACT_ITEMS` others (its references). When most citation
lines name the same volume and issue, the listing is that issue's table of contents.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import dataclass

from ..page import Page
from ._html_body import find_abstracts, is_abstract_marker

MIN_ITEMS = 3
# An article page that prints its own abstract may link a few more (references, related
# articles); only this many abstract links make it a listing all the same.
OWN_ABSTRACT_ITEMS = 10

_ABSTRACT_HREF = re.compile(r"(?:^|/)abstract\d*(?:[/._?#-]|$)|[?&]rendertype=abstract\b|/abs/", re.IGNORECASE)
_CITATION_LINE = re.compile(
    r"(?P<year>\d{4})\s*,?\s*Vol\.?\s*(?P<volume>\d+)\s*[(（]\s*(?P<issue>[\w-]+)\s*[)）]\s*[:：]\s*\d+"
    r"|(?P<year2>\d{4})\s*年\s*(?P<volume2>\d+)\s*卷\s*(?P<issue2>\d+)\s*期\s*[:：,，]?\s*\d+\s*[-–]\s*\d+"
    r"|(?P<year3>\d{4})\s*,\s*(?P<volume3>\d+)\s*\((?P<issue3>[\w-]+)\)\s*:\s*\d+\s*[-–]\s*\d+",
    re.IGNORECASE)
_BRACKETS = "[]【】()（）<>《》 \u00a0"

_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Listing:
    articles: int
    abstract_links: int
    citation_lines: int
    issue: str | None  # `2005 Vol. 23 (2)` when the listing is one issue's contents

    def message(self) -> str:
        if self.issue:
            return (f"the page is a table of contents listing {self.articles} articles "
                    f"({self.issue}), not an article page")
        return f"the page lists {self.articles} articles ({self._evidence()}), not one article"

    def _evidence(self) -> str:
        parts = []
        if self.abstract_links:
            parts.append(f"{self.abstract_links} links to abstract pages")
        if self.citation_lines:
            parts.append(f"{self.citation_lines} citation lines")
        return ", ".join(parts)


def find_listing(page: Page) -> Listing | None:
    """The listing evidence of `page`, or None when it does not look like a listing."""
    if page in _cache:
        return _cache[page]
    links = _abstract_links(page) if page.format == "html" else 0
    citations = [m for m in (_CITATION_LINE.search(line) for line in page.lines) if m]
    count = links if links >= MIN_ITEMS else len(citations)
    listing = None
    if count >= MIN_ITEMS and not (count < OWN_ABSTRACT_ITEMS and _prints_an_abstract(page)):
        listing = Listing(count, links, len(citations), _common_issue(citations))
    _cache[page] = listing
    return listing


def _prints_an_abstract(page: Page) -> bool:
    return page.format == "html" and bool(find_abstracts(page.soup))


def _abstract_links(page: Page) -> int:
    hrefs = set()
    for a in page.soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        text = a.get_text(" ").strip(_BRACKETS)
        if text and is_abstract_marker(text) or _ABSTRACT_HREF.search(href):
            hrefs.add(href)
    return len(hrefs)


def _common_issue(citations: list[re.Match]) -> str | None:
    issues = Counter()
    for m in citations:
        year = m.group("year") or m.group("year2") or m.group("year3")
        volume = m.group("volume") or m.group("volume2") or m.group("volume3")
        issue = m.group("issue") or m.group("issue2") or m.group("issue3")
        issues[f"{year} Vol. {volume} ({issue})"] += 1
    if not issues:
        return None
    issue, count = issues.most_common(1)[0]
    return issue if count >= max(MIN_ITEMS, len(citations) * 0.6) else None
