"""Wanfang Data article pages (万方数据, med.wanfangdata.com.cn and www.wanfangdata.com.cn).

No embedded metadata; the article is a heading (the title), a preview of the abstract, and a
table of labelled rows: 作者 (each author followed by the affiliation in parentheses), 刊名
(`云南植物研究 1999年21卷01期 11-24页`), 英文期刊名, 关键词, MeSH主题词 (bilingual:
`秋海棠科(Begoniaceae)`), 分类号, DOI号. Newer pages print the same labels as `span` labels
with a 摘要 row; both are read through the labelled-field reader.

The 分类号 (Chinese Library Classification) goes to `identifiers.clc`. What the record has no
place for is accounted in `removed` as `metadata`: the English journal name and the MeSH
subject headings (NLM indexing terms, kept out of `keywords` as for PubMed).
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, RawAbstract, RawText, Removal
from ..text import clean, clean_cjk
from . import _common
from ._citations import read_clc
from ._fields import Field, first, labelled_fields
from ._html_body import find_abstracts
from ._removed import account_html_page

NAME = "wanfang"

_ISSUE = re.compile(r"(\d{4})\s*年\s*(?:(\d+)\s*卷)?\s*(?:(\w+)\s*期)?")
_PAGES = re.compile(r"([\d]+(?:\s*[-–]\s*[\d]+)?)\s*页")
_PARENS = re.compile(r"^\s*[(（](.*)[)）]\s*[;；,，]?\s*$", re.S)
_KEYWORD_SPLIT = re.compile(r"\s*[;；,，、]\s*|\s{2,}")
_PREVIEW_CLASSES = ("prvTXT", "abstract", "summary")


def detect(page: Page) -> float:
    if page.format != "html" or "wanfangdata" not in page.text:
        return 0.0
    names = {f.name for f in labelled_fields(page.soup)}
    return 0.9 if "authors" in names and names & {"venue", "doi", "keywords"} else 0.0


def extract(page: Page) -> list[Draft]:
    soup = page.soup
    fields = labelled_fields(soup)
    draft = Draft(site=NAME)
    title = _title(page)
    if not title:
        raise NoArticleFound("the Wanfang page has no article title")
    draft.titles.append(RawText(title, None))
    authors = first(fields, "authors")
    if authors and authors.value is not None:
        _read_authors(authors.value, draft)
    _read_venue(first(fields, "venue"), draft)
    keywords = first(fields, "keywords")
    if keywords:
        draft.keywords = [RawText(clean_cjk(k), None) for k in _items(keywords) if k.strip()]
    doi = first(fields, "doi")
    draft.identifiers.doi = _common.clean_doi(doi.text) if doi else None
    _read_abstract(soup, fields, draft)
    clc = first(fields, "clc")
    draft.identifiers.clc = read_clc(clc.text) if clc else []
    for field in fields:
        if field.name in ("venue_en", "mesh", "funding"):
            draft.removed.append(Removal("metadata", field.label, len(field.text)))
    record = soup.find("input", id="perIRCID")
    draft.record_id = str(record.get("value", "")).strip() or None if record else None
    account_html_page(page, draft)
    return [draft]


def _title(page: Page) -> str | None:
    """The heading whose text begins the page's <title> (`云南秋海棠属植物小志 --万方医学网…`)."""
    head = page.soup.find("title")
    page_title = clean(head.get_text()) if head else ""
    for tag in page.soup.find_all(["h1", "h2", "h3", "h4"]):
        text = clean(tag.get_text(" "))
        if text and page_title.startswith(text):
            return text
    return re.split(r"\s*(?:--|-|_|\|)\s*", page_title)[0] or None


def _read_authors(cell: Tag, draft: Draft) -> None:
    """`税玉民 (中国科学院昆明植物研究所,昆明,650204)；黄素华 (云南大学生物系,…)；`: a part
    in parentheses is the affiliation of the author before it."""
    parts = [clean(p) for p in _parts(cell)]
    for part in parts:
        if not part:
            continue
        m = _PARENS.match(part)
        if m and draft.authors:
            affiliation = clean(m.group(1))
            if affiliation not in draft.affiliations:
                draft.affiliations.append(affiliation)
            index = draft.affiliations.index(affiliation)
            if index not in draft.authors[-1].affiliations:
                draft.authors[-1].affiliations.append(index)
        else:
            for name in re.split(r"\s*[,，;；、]\s*", part):
                if name:
                    draft.authors.append(make_author(name))


def _parts(cell: Tag) -> list[str]:
    """The texts of the cell's links and loose text runs, in order."""
    parts = []
    for node in cell.children:
        if isinstance(node, Tag):
            parts.append(node.get_text(" "))
        elif isinstance(node, NavigableString) and node.strip(" \n\t;；"):
            parts.append(str(node))
    return parts


def _read_venue(field: Field | None, draft: Draft) -> None:
    if field is None:
        return
    name = field.value.find("a") if field.value is not None else None
    draft.venue.name = clean(name.get_text()) if name else clean(field.text.split()[0])
    issue = _ISSUE.search(field.text)
    if issue:
        year, volume, number = issue.groups()
        draft.published = year
        draft.venue.volume = str(int(volume)) if volume else None
        draft.venue.issue = str(int(number)) if number and number.isdigit() else number
    pages = _PAGES.search(field.text)
    if pages:
        draft.venue.pages = re.sub(r"\s+", "", pages.group(1))


def _items(field: Field) -> list[str]:
    if field.value is not None:
        links = [a.get_text(" ") for a in field.value.find_all("a")]
        if links:
            return [clean(x) for x in links]
    return _KEYWORD_SPLIT.split(field.text)


def _read_abstract(soup: Tag, fields: list[Field], draft: Draft) -> None:
    labelled = first(fields, "abstract")
    if labelled:
        text = labelled.text
    else:
        preview = soup.find(class_=lambda c: c in _PREVIEW_CLASSES)
        text = clean(preview.get_text(" ")) if preview else ""
        if not text:
            body = find_abstracts(soup)
            text = body[0].text if body else ""
    if text:
        draft.abstracts.append(RawAbstract(text=text, lang=None, where="abstract"))
