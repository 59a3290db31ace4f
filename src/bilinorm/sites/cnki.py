"""CNKI (中国知网) kcms detail pages: journal articles, theses, conference papers.

No embedded metadata. `div.wxTitle` holds the title (`h2.title`), the authors (`div.author`)
and the institutions (`div.orgn`, unique, in their own order: CNKI does not say which author
belongs to which, so indexes are only given when there is one institution). Labelled rows
follow (`label#catalog_ABSTRACT` 摘要 with `#ChDivSummary`, `catalog_KEYWORD` 关键词,
`catalog_ZCDOI` DOI, `catalog_TUTOR` 导师, `catalog_ZTCLS` 分类号 → `identifiers.clc`), and
`div.sourinfo` names the journal (Chinese and English name, `1987年12期`, ISSN).

The database code in the page's script calls (`CJFD…`/`CJFQ` journals, `CDFD` doctoral and
`CMFD` master's theses, `CPFD` conference papers) tells the kind of document. A thesis is a
scholarly record: its institution is the venue's publisher and the author's affiliation; its
supervisors (导师) are not authors and are accounted in `removed`. An abstract CNKI marks with
`<正>` is the opening of the article's text, cut by the site, not an author abstract: the
marker is dropped and the record says so in a warning.
"""

from __future__ import annotations

import re

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, Flag, RawAbstract, RawText, Removal
from ..text import clean, clean_cjk
from . import _common
from ._citations import read_clc
from ._fields import first, labelled_fields, labelled_lines
from ._removed import account_html_page

NAME = "cnki"

_RECORD = re.compile(r"'(C[A-Z]{3})\w*'\s*,\s*'([^'!]+)'")
_EXPORT = re.compile(r"'(C[A-Z]{3})\w*!([^'!]+)!")
_ISSUE = re.compile(r"(\d{4})\s*年\s*(?:(\d+)\s*卷)?\s*(?:([\w/]+)\s*期)?")
_BODY_MARK = re.compile(r"^\s*<正>\s*")
_SPLIT = re.compile(r"\s*[;；,，、]\s*")
THESIS_DATABASES = {"CDFD": "doctoral thesis", "CMFD": "master's thesis"}


def detect(page: Page) -> float:
    if page.format != "html" or "wxTitle" not in page.text or "cnki" not in page.text.lower():
        return 0.0
    soup = page.soup
    head = soup.find("div", class_="wxTitle")
    if head is not None and head.find("h2") and soup.find("label", id=re.compile(r"^catalog_")):
        return 0.9
    return 0.0


def extract(page: Page) -> list[Draft]:
    soup = page.soup
    head = soup.select_one("div.wxTitle")
    title = head.select_one("h2") if head else None
    if title is None or not clean(title.get_text(" ")):
        raise NoArticleFound("the CNKI page has no title in div.wxTitle")
    draft = Draft(site=NAME)
    draft.titles.append(RawText(clean(title.get_text(" ")), None))
    database, draft.record_id = _record(page.text)
    institutions = [clean(s.get_text(" ")) for s in head.select("div.orgn span")]
    draft.affiliations = [i for i in dict.fromkeys(institutions) if i]
    for span in head.select("div.author span"):
        name = clean(span.get_text(" "))
        if name:
            author = make_author(name)
            author.affiliations = [0] if len(draft.affiliations) == 1 else []
            draft.authors.append(author)

    fields = labelled_fields(soup)
    _read_abstract(first(fields, "abstract"), draft)
    keywords = first(fields, "keywords")
    if keywords:
        draft.keywords = [RawText(clean_cjk(k)) for k in _SPLIT.split(keywords.text) if k.strip(" ;；")]
    doi = first(fields, "doi")
    draft.identifiers.doi = _common.clean_doi(doi.text) if doi else None
    pages = first(fields, "pages")
    draft.venue.pages = pages.text.strip() if pages else None
    if database in THESIS_DATABASES:
        draft.venue.publisher = draft.affiliations[0] if draft.affiliations else None
    else:
        _read_source(page, draft)
    clc = first(fields, "clc")
    draft.identifiers.clc = read_clc(clc.text) if clc else []
    for field in fields:
        if field.name in ("supervisors", "funding"):
            draft.removed.append(Removal("metadata", field.label, len(field.text)))
    account_html_page(page, draft)
    return [draft]


def _record(text: str) -> tuple[str | None, str | None]:
    """The database code and the file name CNKI knows the document by."""
    m = _EXPORT.search(text) or _RECORD.search(text)
    return (m.group(1), m.group(2)) if m else (None, None)


def _read_abstract(field, draft: Draft) -> None:
    if field is None:
        return
    text = field.value.get_text("") if field.value is not None else field.text
    text = text.replace("更多", "").replace("还原", "") if field.value is None else text
    marked = _BODY_MARK.match(text)
    if marked:
        text = text[marked.end():]
        draft.removed.append(Removal("site_chrome", "cnki_text_marker", marked.end()))
        draft.warnings.append(Flag("abstract_is_excerpt", "abstract",
                                   "CNKI marks this 摘要 with <正>: it is the opening of the article's "
                                   "text, cut off by the site, not an author abstract"))
    text = clean(text)
    if text:
        draft.abstracts.append(RawAbstract(text=text, lang=None, where="ChDivSummary"))


def _read_source(page: Page, draft: Draft) -> None:
    """`div.sourinfo`: the journal's Chinese name (`p.title`), its English name, `1987年12期`,
    `ISSN：1001-1668`."""
    box = page.soup.select_one("div.sourinfo")
    if box is None:
        return
    lines = [clean(p.get_text(" ")) for p in box.find_all("p")]
    lines = [line for line in lines if line]
    if lines:
        draft.venue.name = lines[0]
    for line in lines[1:]:
        issue = _ISSUE.search(line)
        if issue and not draft.published:
            year, volume, number = issue.groups()
            draft.published = year
            draft.venue.volume = volume
            draft.venue.issue = str(int(number)) if number and number.isdigit() else number
    for field in labelled_lines(lines):
        if field.name == "issn":
            draft.venue.issn = [field.text.strip()]
    if len(lines) > 1 and not _ISSUE.search(lines[1]) and "ISSN" not in lines[1]:
        draft.removed.append(Removal("metadata", "venue_en", len(lines[1])))
