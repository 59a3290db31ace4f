"""IEEE Xplore 2.0 abstract pages (ieeexplore.ieee.org `abstractAuthors.jsp`/`AbstractPlus`,
about 2006–2012), which carry no embedded metadata.

The title is the page's <title> after `IEEE Xplore 2.0: ` (also printed as a large heading);
the authors are the links that search by author (`…<IN>au)`), followed in the same block by
the first affiliation; then labelled lines: `This paper appears in:`, `Publication Date:`,
`Volume:`, `Issue:`, `On page(s):`, `ISSN:`, `Digital Object Identifier:`; then the `Abstract`
heading and its text. Inspec index terms are indexing, not the authors' keywords, and are
accounted in `removed`.
"""

from __future__ import annotations

import re

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, Link, RawAbstract, RawText, Removal
from ..text import clean
from . import _common
from ._fields import first, labelled_lines
from ._html_body import find_abstracts
from ._removed import account_html_page

NAME = "ieee-xplore"

_TITLE_PREFIX = re.compile(r"^\s*(?:Welcome to\s+)?IEEE Xplore[^:]*:\s*", re.IGNORECASE)
_AUTHOR_LINK = re.compile(r"<in>\s*au\)", re.IGNORECASE)


def detect(page: Page) -> float:
    if page.format != "html" or "IEEE Xplore" not in page.text[:5000]:
        return 0.0
    names = {f.name for f in labelled_lines(page.lines)}
    return 0.9 if {"doi", "venue"} <= names else 0.0


def extract(page: Page) -> list[Draft]:
    soup = page.soup
    head = soup.find("title")
    title = _TITLE_PREFIX.sub("", clean(head.get_text())) if head else ""
    if not title:
        raise NoArticleFound("the IEEE Xplore page has no article title")
    draft = Draft(site=NAME, declared_language="en")
    draft.titles.append(RawText(title, "en"))
    links = [a for a in soup.find_all("a", href=True) if _AUTHOR_LINK.search(str(a["href"]))]
    for link in links:
        draft.authors.append(make_author(link.get_text(" ")))
    if links:
        affiliation = _affiliation_after(links[-1])
        if affiliation:
            draft.affiliations = [affiliation]
    fields = labelled_lines(page.lines)
    value = {name: (first(fields, name).text.lstrip("| ").rstrip(",") if first(fields, name) else None)
             for name in ("venue", "published", "volume", "issue", "pages", "issn", "doi")}
    draft.venue.name = clean(value["venue"]) if value["venue"] else None
    draft.venue.volume, draft.venue.issue, draft.venue.pages = value["volume"], value["issue"], value["pages"]
    draft.venue.issn = [value["issn"]] if value["issn"] else []
    draft.published = _common.iso_date(value["published"])
    draft.identifiers.doi = _common.clean_doi(value["doi"])
    if draft.identifiers.doi:
        draft.links.append(Link("landing", "https://doi.org/" + draft.identifiers.doi))
    for found in find_abstracts(soup)[:1]:
        draft.abstracts.append(RawAbstract(text=found.text, sections=found.sections or None,
                                           lang="en", where="body:" + found.where))
    terms = soup.find(string=re.compile(r"^\s*Index Terms\s*$"))
    listed = terms.find_next("blockquote") if terms is not None else None
    if listed is not None:
        draft.removed.append(Removal("metadata", "index_terms", len(clean(listed.get_text(" ")))))
    account_html_page(page, draft)
    return [draft]


def _affiliation_after(link) -> str | None:
    """The text after the last author link in its block, up to the block's end."""
    parts = []
    for node in link.next_siblings:
        if getattr(node, "name", None) == "a":
            return None
        parts.append(node.get_text(" ") if hasattr(node, "get_text") else str(node))
    text = clean(" ".join(parts)).strip(" ;")
    return text or None
