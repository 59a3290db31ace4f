"""DOAJ article JSON: one article (`{"id", "bibjson": {…}}`, also the API's article response),
a search response (`{"results": [article, …]}`) or a list of articles. One draft per article.

`bibjson` is the publisher's deposit: the abstract may carry HTML (`<i>Research
Highlights:</i>`), entities, a leading `Abstract` label the publisher's system printed, and the
keywords again at its end. The journal's language list says which languages the journal
publishes in, not which one this abstract is in: the languages stage decides that, with the
journal's first language only as a hint.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ..errors import NoArticleFound
from ..language import looks_english
from ..lexicon import ABSTRACT_MARKER, KEYWORDS_MARKER, heading_prefixes
from ..names import make_author, natural_order
from ..page import Page
from ..phrases import CATALOG_LANGUAGES
from ..record import Draft, Link, RawAbstract, RawText, Removal, Venue
from ..text import clean, repair
from . import _common

NAME = "doaj-json"

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# HTML a deposit may carry; block elements separate text, inline ones do not.
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6])\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|a|u|small|font|tt)\b[^<>]*>", re.IGNORECASE)
_MISSING = frozenset(("", "n/a", "na", "none", "null", "-"))
# What the record keeps of an article; the rest is accounted in `removed`.
_READ_TOP = frozenset(("id", "bibjson"))
_READ_BIBJSON = frozenset("title author journal year month start_page end_page identifier keywords link abstract".split())
_READ_JOURNAL = frozenset("title publisher issns volume number language start_page end_page".split())


def detect(page: Page) -> float:
    if page.format != "json":
        return 0.0
    return 1.0 if _articles(page.json) else 0.0


def extract(page: Page) -> list[Draft]:
    articles = _articles(page.json)
    if not articles:
        raise NoArticleFound("the DOAJ JSON holds no article with a bibjson")
    return [_draft(article) for article in articles]


def _articles(data: Any) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    items = data if isinstance(data, list) else [data]
    return [a for a in items if isinstance(a, dict) and isinstance(a.get("bibjson"), dict)]


def _draft(article: dict) -> Draft:
    bib = article["bibjson"]
    journal = bib.get("journal") if isinstance(bib.get("journal"), dict) else {}
    draft = Draft(site=NAME)
    doaj_id = _string(article.get("id"))
    draft.record_id = doaj_id
    draft.identifiers.doaj = doaj_id
    languages = [_language(v) for v in _list(journal.get("language"))]
    draft.declared_language = next((lang for lang in languages if lang), None)

    title = html_to_text(_string(bib.get("title")) or "")
    if title.strip():
        draft.titles.extend(parallel_titles(title))
    _read_authors(draft, bib)
    _read_venue(draft, bib, journal)
    _read_identifiers(draft, bib)
    for keyword in _list(bib.get("keywords")):
        text = clean(html_to_text(_string(keyword) or ""))
        if text:
            draft.keywords.append(RawText(text))
    for link in _list(bib.get("link")):
        if isinstance(link, dict) and _string(link.get("url")):
            pdf = (_string(link.get("content_type")) or "").lower() == "pdf"
            draft.links.append(Link("pdf" if pdf else "fulltext", link["url"].strip()))
    abstract = _string(bib.get("abstract"))
    if abstract and abstract.strip():
        _read_abstract(draft, abstract)
    _account_unread(draft, article, bib, journal)
    return draft


# --- fields -----------------------------------------------------------------------------------


def parallel_titles(title: str) -> list[RawText]:
    """`Título original = English title` (the parallel-title convention of SciELO deposits) as
    two titles, when one side reads as English and the other does not; else the title as is
    (`P = NP` is no parallel title)."""
    parts = title.split(" = ")
    if len(parts) == 2 and all(len(p.split()) >= 4 for p in parts):
        english = [looks_english(p) for p in parts]
        if english[0] != english[1]:
            return [RawText(p.strip(), "en" if is_en else None) for p, is_en in zip(parts, english)]
    return [RawText(title)]


def _read_authors(draft: Draft, bib: dict) -> None:
    for person in _list(bib.get("author")):
        if not isinstance(person, dict):
            continue
        name = natural_order(clean(_string(person.get("name")) or ""))
        if not name:
            continue
        author = make_author(name)
        affiliation = clean(_string(person.get("affiliation")) or "")
        if affiliation:
            if affiliation not in draft.affiliations:
                draft.affiliations.append(affiliation)
            author.affiliations.append(draft.affiliations.index(affiliation))
        draft.authors.append(author)


def _read_venue(draft: Draft, bib: dict, journal: dict) -> None:
    issn = [clean(v) for v in _list(journal.get("issns")) if _string(v)]
    for identifier in _list(bib.get("identifier")):
        if isinstance(identifier, dict) and identifier.get("type") in ("eissn", "pissn", "issn"):
            value = clean(_string(identifier.get("id")) or "")
            if value and value not in issn:
                issn.append(value)
    start = _present(bib.get("start_page")) or _present(journal.get("start_page"))
    end = _present(bib.get("end_page")) or _present(journal.get("end_page"))
    draft.venue = Venue(
        name=_present(journal.get("title")),
        publisher=_present(journal.get("publisher")),
        issn=issn,
        volume=_present(journal.get("volume")),
        issue=_present(journal.get("number")),
    )
    if start and end:
        draft.venue.pages = start if start == end else f"{start}-{end}"
    elif start:
        # A first page without a last one is an article number (`e0227130`, MDPI's `656`).
        draft.venue.article_number = start
    draft.published = _date(_present(bib.get("year")), _present(bib.get("month")))


def _date(year: str | None, month: str | None) -> str | None:
    if not year or not re.fullmatch(r"\d{4}", year):
        return _common.iso_date(year)
    if month and not month.isdigit():
        month = str(_MONTHS.get(month[:3].lower(), ""))
    return _common.iso_date(f"{year}-{month}" if month and month != "0" else year)


def _read_identifiers(draft: Draft, bib: dict) -> None:
    for identifier in _list(bib.get("identifier")):
        if isinstance(identifier, dict) and identifier.get("type") == "doi" and not draft.identifiers.doi:
            draft.identifiers.doi = _common.clean_doi(_string(identifier.get("id")))


def _read_abstract(draft: Draft, raw: str) -> None:
    text = repair(html_to_text(raw)).strip()
    marker = _leading_marker(text)
    if marker:
        draft.removed.append(Removal("duplicate", "abstract_label", marker))
        text = text[marker:].lstrip()
    cut = _trailing_keywords(text)
    if cut is not None:
        draft.removed.append(Removal("duplicate", "keywords_in_abstract", len(text) - cut))
        text = text[:cut].rstrip()
    if text:
        draft.abstracts.append(RawAbstract(text=text, where="bibjson.abstract"))


def _leading_marker(text: str) -> int:
    """Length of a leading `Abstract`/`Resumo` label (printed before `Background …` or the
    first sentence), 0 when the text starts with its content."""
    for end, info in heading_prefixes(text, 0):
        if info.label == ABSTRACT_MARKER:
            rest = text[end:]
            stripped = rest.lstrip(" \t\n:.")
            if stripped[:1].isupper() and (rest[:1].isspace() or rest[:1] in ":."):
                return len(text) - len(stripped)
    return 0


def _trailing_keywords(text: str) -> int | None:
    """Where a closing `Palavras-chave: …`/`Keywords: …` line starts, if the abstract ends
    with one."""
    for m in re.finditer(r"(?:^|\n)[ \t]*(?=\S)", text):
        start = m.end()
        for end, info in heading_prefixes(text, start):
            if info.label == KEYWORDS_MARKER and text[end:end + 2].lstrip()[:1] in (":", "："):
                if "\n" not in text[end:].strip():
                    return start
    return None


def _account_unread(draft: Draft, article: dict, bib: dict, journal: dict) -> None:
    """DOAJ's administrative fields, subject classification, licence and dates."""
    for key, value in article.items():
        if key not in _READ_TOP:
            draft.removed.append(Removal("doaj_field", key, _chars(value)))
    for key, value in bib.items():
        if key not in _READ_BIBJSON:
            draft.removed.append(Removal("doaj_field", f"bibjson.{key}", _chars(value)))
    for key, value in journal.items():
        if key not in _READ_JOURNAL:
            draft.removed.append(Removal("doaj_field", f"bibjson.journal.{key}", _chars(value)))


# --- values -----------------------------------------------------------------------------------


def html_to_text(text: str) -> str:
    """A deposit's HTML as text: tags dropped (block tags become line breaks), entities
    decoded. `p<0.05` is not a tag and stays."""
    if "<" in text:
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    return html.unescape(text) if "&" in text else text


def _string(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def _present(value: Any) -> str | None:
    text = clean(_string(value) or "")
    return None if text.lower() in _MISSING else text


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _language(value: Any) -> str | None:
    code = (_string(value) or "").strip().lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else CATALOG_LANGUAGES.get(code)


def _chars(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_chars(v) for v in value.values())
    if isinstance(value, list):
        return sum(_chars(v) for v in value)
    return len(str(value)) if value is not None else 0
