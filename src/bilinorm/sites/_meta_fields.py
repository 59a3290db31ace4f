"""One function per field of a draft, read from a page's embedded metadata: the sources are
tried in a fixed order and the first with a usable value wins (trafilatura's metadata.py
works the same way); each value is normalized on the way out (names un-inverted, DOIs and
ISSNs checked, dates to ISO 8601, language names to ISO 639-1).

Orders, in short:
    title      citation_title, DC.title, PRISM, JSON-LD headline/name, microdata, COinS
    authors    citation_author (+ the institutions after each), citation_authors, JSON-LD,
               microdata, DC.creator / DC.contributor, COinS
    doi        citation_doi, DC.identifier(.DOI), prism.doi, a `DOI` tag, JSON-LD, microdata,
               COinS, the page's own address when it files the article under its DOI
    venue      citation_journal_title, prism.publicationName, DC.relation.ispartof, JSON-LD
               isPartOf, DC.source, COinS, og:site_name (and the same per venue field)
    published  the publication (issue) date tags first; the online date only when alone
    abstract   citation_abstract, dcterms.abstract, DC.description, JSON-LD abstract/description
A value that does not hold up (a `citation_doi` that is no DOI, a journal abbreviation that is
a site code) is skipped and the next source is tried.
"""

from __future__ import annotations

import re
from typing import Any

from .. import language
from ..names import make_author
from ..phrases import CATALOG_LANGUAGES
from ..record import Author, Draft, Link, RawText
from ..text import clean
from . import _common
from ._html_meta import EmbeddedMetadata, MetaValue

_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")
_TAGS = re.compile(r"<[^>]+>")
_NAME_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|md|phd)\.?$", re.IGNORECASE)
_DC_SOURCE_TAIL = re.compile(r"\s+\d{4}(?:\s+\d+(?::\S+)?)?\s*$")
_DOI_IN_URL = re.compile(r"/doi/(?:(?:abs|full|pdf|epdf|fulltext)/)?10\.\d{4,9}/|//(?:dx\.)?doi\.org/10\.")
_BILINGUAL_SEPARATOR = re.compile(r"(?<=[。．.!?！？])\s*[;；]\s*(?=[A-Z])")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_COMPACT_DATE = re.compile(r"((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_SCHOLARLY_JSONLD = frozenset(("scholarlyarticle", "medicalscholarlyarticle", "thesis"))


# --- scholarly JSON-LD ---------------------------------------------------------------------


def is_scholarly_jsonld(obj: dict[str, Any]) -> bool:
    types = jsonld_types(obj)
    if types & _SCHOLARLY_JSONLD:
        return True
    if types & {"article", "report", "chapter"}:
        return bool(_jsonld_doi(obj) or obj.get("isPartOf"))
    return False


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values if v}


# --- titles --------------------------------------------------------------------------------


def titles(meta: EmbeddedMetadata) -> list[RawText]:
    values = meta.values("citation_title", "dc.title", "dcterms.title", "prism.title")
    texts = [(v.content, lang_code(v.lang)) for v in values]
    if not texts:
        texts = [(t, None) for t in _jsonld_strings(meta, "headline", "name")[:1]]
    if not texts and meta.microdata:
        texts = [(t, None) for t in strings(meta.microdata.get("headline") or meta.microdata.get("name"))[:1]]
    if not texts:
        texts = [(t, None) for t in (meta.coins.get("rft.atitle") or meta.coins.get("rft.title")
                                     or meta.coins.get("rft.btitle") or [])[:1]]
    titles: list[RawText] = []
    for text, lang in texts:
        text = clean(_TAGS.sub("", text))
        if text and all(clean(t.text) != text for t in titles):
            titles.append(RawText(text, lang))
    return titles


# --- authors -------------------------------------------------------------------------------


def authors(meta: EmbeddedMetadata) -> tuple[list[Author], list[str]]:
    """Byline order. `citation_author_institution` tags after an author are that author's."""
    people: list[tuple[str, list[str]]] = []
    for name, value in meta.sequence:
        if name == "citation_author" and value.content.strip():
            people.append((value.content, []))
        elif name == "citation_author_institution" and people and value.content.strip():
            people[-1][1].append(value.content)
    if not people:
        for value in meta.values("citation_authors"):
            people.extend((n, []) for n in re.split(r"\s*(?:;|,\s*and\s+|,|\s+and\s+)\s*", value.content) if n.strip())
    if not people:
        people = _jsonld_people(meta)
    if not people and meta.microdata:
        people = [(_person_name(p), []) for p in meta.microdata.get("author", [])]
    if not people:
        people = [(v.content, []) for v in meta.values("dc.creator.personalname", "dc.creator",
                                                       "dcterms.creator", "dc.contributor")]
    if not people:
        people = [(n, []) for n in meta.coins.get("rft.au", [])]
    return _people_to_authors(people)


def _people_to_authors(people: list[tuple[str, list[str]]]) -> tuple[list[Author], list[str]]:
    authors: list[Author] = []
    affiliations: list[str] = []
    for raw_name, raw_affiliations in people:
        name = _uninvert(clean(raw_name or ""))
        if not name:
            continue
        indexes = []
        for raw in raw_affiliations:
            affiliation = clean(raw)
            if not affiliation:
                continue
            if affiliation not in affiliations:
                affiliations.append(affiliation)
            indexes.append(affiliations.index(affiliation))
        if authors and authors[-1].name == name:
            author = authors[-1]
        else:
            author = make_author(name)
            authors.append(author)
        author.affiliations.extend(i for i in indexes if i not in author.affiliations)
    return authors, affiliations


def _uninvert(name: str) -> str:
    """`Quinn, Emma K` (the sort form metadata uses) -> `Emma K Quinn`, as bylines print it."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) != 2 or not all(parts) or _NAME_SUFFIX.match(parts[1]):
        return name
    return f"{parts[1]} {parts[0]}"


def _jsonld_people(meta: EmbeddedMetadata) -> list[tuple[str, list[str]]]:
    for obj in meta.jsonld:
        authors = obj.get("author") or obj.get("creator")
        if isinstance(authors, (dict, str)):
            authors = [authors]
        if not isinstance(authors, list):
            continue
        people = []
        for person in authors:
            if isinstance(person, str):
                people.append((person, []))
            elif isinstance(person, dict) and "person" in jsonld_types(person) | {"person"}:
                people.append((_person_name(person), _jsonld_affiliations(person)))
        if people:
            return people
    return []


def _person_name(person: Any) -> str:
    if isinstance(person, str):
        return person
    if not isinstance(person, dict):
        return ""
    name = _first_string(person.get("name"))
    if name:
        return name
    given = _first_string(person.get("givenName")) or ""
    family = _first_string(person.get("familyName")) or ""
    return f"{given} {family}".strip()


def _jsonld_affiliations(person: dict[str, Any]) -> list[str]:
    raw = person.get("affiliation") or []
    out = []
    for org in raw if isinstance(raw, list) else [raw]:
        if isinstance(org, str):
            out.append(org)
        elif isinstance(org, dict):
            address = org.get("address")
            full = _first_string(address.get("name")) if isinstance(address, dict) else None
            out.append(full or _first_string(org.get("name")) or "")
    return [a for a in out if a]


# --- identifiers ---------------------------------------------------------------------------


def doi(meta: EmbeddedMetadata) -> str | None:
    candidates: list[str] = [v.content for v in meta.values("citation_doi")]
    candidates += [v.content for v in meta.values("dc.identifier.doi", "dcterms.identifier.doi")]
    for name in ("dc.identifier", "dcterms.identifier", "prism.doi", "doi", "dc.source"):
        for value in meta.values(name):
            text = value.content.strip()
            if value.scheme == "doi" or name in ("prism.doi", "doi") or text.lower().startswith(
                    ("doi:", "10.", "info:doi/", "https://doi.org/", "http://doi.org/", "http://dx.doi.org/",
                     "https://dx.doi.org/")):
                candidates.append(text)
    for obj in meta.jsonld:
        candidates.extend(_jsonld_doi(obj))
    for name in ("sameAs", "identifier"):
        candidates.extend(s for s in strings(meta.microdata.get(name)) if "doi" in s.lower())
    candidates += [v for v in meta.coins.get("rft_id", []) if v.startswith("info:doi/")]
    # the page's own address, where the site files articles under their DOI (`/doi/abs/10.7326/…`)
    candidates += [u for u in (meta.first("og:url"), meta.canonical, meta.first("citation_abstract_html_url"))
                   if u and _DOI_IN_URL.search(u)]
    for candidate in candidates:
        doi = _common.clean_doi(candidate)
        if doi:
            return doi
    return None


def _jsonld_doi(obj: dict[str, Any]) -> list[str]:
    found = []
    for key in ("identifier", "sameAs", "@id", "url"):
        for value in obj.get(key) if isinstance(obj.get(key), list) else [obj.get(key)]:
            if isinstance(value, dict):
                if str(value.get("propertyID", "")).lower() == "doi":
                    found.append(str(value.get("value", "")))
            elif isinstance(value, str) and ("doi" in value.lower() or key == "identifier" and value.startswith("10.")):
                found.append(value)
    return found


def pmid(meta: EmbeddedMetadata) -> str | None:
    for value in meta.values("citation_pmid", "dc.identifier.pmid"):
        digits = value.content.strip()
        if digits.isdigit():
            return digits
    for value in meta.coins.get("rft_id", []):
        if value.startswith("info:pmid/") and value[10:].isdigit():
            return value[10:]
    return None


# --- venue and date ------------------------------------------------------------------------


def venue(meta: EmbeddedMetadata, draft: Draft) -> None:
    venue = draft.venue
    part_of = _jsonld_part_of(meta)
    source = meta.first("dc.source")
    venue.name = _clean_or_none(
        meta.first("citation_journal_title", "prism.publicationname", "citation_conference_title",
                   "dc.relation.ispartof", "dcterms.ispartof")
        or _first_string(part_of.get("name"))
        or (_DC_SOURCE_TAIL.sub("", source) if source and not source.startswith("http") else None)
        or _first(meta.coins.get("rft.jtitle"))
        or meta.first("og:site_name"))
    abbreviation = meta.first("citation_journal_abbrev") or _first(meta.coins.get("rft.stitle"))
    venue.abbreviation = _clean_or_none(abbreviation) if _looks_like_abbreviation(abbreviation) else None
    venue.publisher = _clean_or_none(
        meta.first("citation_publisher", "dc.publisher", "dcterms.publisher",
                   "citation_dissertation_institution", "citation_technical_report_institution")
        or _jsonld_publisher(meta))
    venue.issn = _issns(meta, part_of)
    venue.volume = _clean_or_none(meta.first("citation_volume", "prism.volume", "dc.citation.volume")
                                  or _first_string(part_of.get("volumeNumber"))
                                  or _first(meta.coins.get("rft.volume")))
    venue.issue = _clean_or_none(meta.first("citation_issue", "prism.number", "prism.issue", "dc.citation.issue")
                                 or _first_string(part_of.get("issueNumber"))
                                 or _first(meta.coins.get("rft.issue")))
    first = meta.first("citation_firstpage", "prism.startingpage", "dc.citation.spage")
    last = meta.first("citation_lastpage", "prism.endingpage", "dc.citation.epage")
    if not first:
        for obj in meta.jsonld:
            first, last = _first_string(obj.get("pageStart")), _first_string(obj.get("pageEnd"))
            if first:
                break
    if not first:
        first, last = _first(meta.coins.get("rft.spage")), _first(meta.coins.get("rft.epage"))
    _pages(venue, first, last, _first(meta.coins.get("rft.artnum")))


def _looks_like_abbreviation(text: str | None) -> bool:
    """Not a site's internal code: First Monday's `1`, Project Euclid's `ade`."""
    text = (text or "").strip()
    return bool(text) and not text.isdigit() and not (text.isascii() and text.islower() and " " not in text)


def _pages(venue, first: str | None, last: str | None, artnum: str | None) -> None:
    """A first page without a last one that looks like an article number (`e4375`, `041027`)
    is one; `444-445` in the first-page field is a range."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and first != last:
        venue.pages = f"{first}-{last}"
    elif first and ("-" in first or "–" in first):
        venue.pages = first.replace("–", "-")
    elif first and (not first.isdigit() or first.startswith("0") or len(first) >= 5):
        venue.article_number = first
    elif first:
        venue.pages = first
    if artnum and not venue.article_number:
        venue.article_number = artnum.strip()


def _issns(meta: EmbeddedMetadata, part_of: dict[str, Any]) -> list[str]:
    raw = [v.content for v in meta.values("citation_issn")]
    for name in ("prism.issn", "prism.eissn", "dc.source.issn", "citation_eissn"):
        raw += [v.content for v in meta.values(name)]
    raw += strings(part_of.get("issn"))
    raw += meta.coins.get("rft.issn", []) + meta.coins.get("rft.eissn", [])
    issns: list[str] = []
    for text in raw:
        for m in _ISSN.finditer(text):
            issn = f"{m.group(1)}-{m.group(2).upper()}"
            if issn not in issns:
                issns.append(issn)
    return issns


def _jsonld_part_of(meta: EmbeddedMetadata) -> dict[str, Any]:
    for obj in meta.jsonld:
        part = obj.get("isPartOf")
        if isinstance(part, list):
            part = next((p for p in part if isinstance(p, dict)), None)
        if isinstance(part, dict):
            return part
    part = meta.microdata.get("isPartOf") if meta.microdata else None
    if part and isinstance(part[0], dict):
        return {k: v[0] if isinstance(v, list) and v else v for k, v in part[0].items()}
    return {}


def _jsonld_publisher(meta: EmbeddedMetadata) -> str | None:
    for obj in meta.jsonld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            return _first_string(publisher.get("name"))
        if isinstance(publisher, str):
            return publisher
    return None


def published(meta: EmbeddedMetadata) -> str | None:
    """The publication (issue) date first, the online date only when there is no other."""
    for name in ("citation_publication_date", "citation_date", "prism.publicationdate",
                 "dc.date.issued", "dc.issued", "dcterms.issued", "dc.date", "dcterms.date"):
        for value in meta.values(name):
            date = parse_date(value.content)
            if date:
                return date
    for obj in meta.jsonld:
        date = parse_date(_first_string(obj.get("datePublished")) or "")
        if date:
            return date
    for text in strings(meta.microdata.get("datePublished")) + meta.coins.get("rft.date", []):
        date = parse_date(text)
        if date:
            return date
    for name in ("citation_online_date", "dc.date.created", "article:published_time"):
        for value in meta.values(name):
            date = parse_date(value.content)
            if date:
                return date
    return None


def parse_date(raw: str) -> str | None:
    """ISO 8601 at the precision given, also for `Apr 22, 2019` and `22 April 2019`."""
    raw = (raw or "").strip()
    if not raw:
        return None
    compact = _COMPACT_DATE.fullmatch(raw)
    if compact:
        raw = "-".join(compact.groups())
    for pattern, order in ((_MONTH_FIRST, (3, 1, 2)), (_DAY_FIRST, (3, 2, 1))):
        m = pattern.fullmatch(raw)
        if m:
            year, month, day = (m.group(i) for i in order)
            if month[:3].lower() in _MONTHS:
                return f"{year}-{_MONTHS[month[:3].lower()]:02d}-{int(day):02d}"
    return _common.iso_date(raw)


# --- keywords ------------------------------------------------------------------------------


def keyword_groups(values: list[MetaValue]) -> list[RawText]:
    """One keyword per tag, or `;`-separated lists; where several tags each hold a list with
    no language attribute, each list is one language (HAL prints English and French)."""
    single = len(values) == 1
    groups = [(split_keywords(v.content, allow_comma=single), lang_code(v.lang)) for v in values]
    lists = [g for g in groups if len(g[0]) > 1]
    out: list[RawText] = []
    for words, lang in groups:
        if lang is None and len(lists) > 1 and len(words) > 1:
            lang = language.identify(" ; ".join(words), min_detect_chars=10) or None
        for word in words:
            word = clean(word)
            if word and not any(k.text == word and k.lang == lang for k in out):
                out.append(RawText(word, lang))
    return out


def split_keywords(text: str, *, allow_comma: bool) -> list[str]:
    parts = [p.strip() for p in re.split(r"[;；]", text)]
    if len(parts) == 1 and allow_comma:
        parts = [p.strip() for p in re.split(r"[,，、]", text)]
    return [p for p in parts if p]


# --- abstracts -----------------------------------------------------------------------------


def abstracts(meta: EmbeddedMetadata) -> list[tuple[str, str | None, str]]:
    """(text, language, source) from the first abstract metadata the page has. Several
    untagged Dublin Core descriptions are alternatives (a teaser, a caption, the abstract),
    not languages: the first is taken. One value may hold both languages (`中文；English`)."""
    for name in ("citation_abstract", "dcterms.abstract", "dc.description", "dcterms.description"):
        values = meta.values(name)
        if name.startswith("dc") and len(values) > 1 and len({v.lang for v in values}) == 1:
            values = values[:1]
        found = [(_TAGS.sub(" ", v.content).strip(), lang_code(v.lang), "meta:" + name) for v in values]
        if found:
            return _split_parts(found)
    for key in ("abstract", "description"):
        texts = _jsonld_strings(meta, key) or strings(meta.microdata.get(key))
        if texts:
            return _split_parts([(_TAGS.sub(" ", texts[0]).strip(), None, "json-ld:" + key)])
    return []


def _split_parts(found: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    parts: list[tuple[str, str | None, str]] = []
    for text, lang, where in found:
        for part in split_bilingual(text):
            if part and all(part != p[0] for p in parts):
                parts.append((part, lang, where))
    return parts


def split_bilingual(text: str) -> list[str]:
    """`中文摘要。;English abstract.` (one meta value holding both languages, as Chinese
    journal platforms write it) -> the two; any other text -> itself."""
    for m in _BILINGUAL_SEPARATOR.finditer(text):
        left, right = text[:m.start()].strip(), text[m.end():].strip()
        if (left and right and language.script_profile(left).cjk >= language.CJK_SHARE
                and language.script_profile(right).latin > 0.9 and len(right.split()) >= 4):
            return [left, right]
    return [text]


# --- links and language --------------------------------------------------------------------


def own_url(meta: EmbeddedMetadata) -> str | None:
    for candidate in (meta.first("og:url"), meta.canonical, meta.first("citation_abstract_html_url"),
                      meta.first("prism.url"), meta.first("dc.identifier.uri")):
        if candidate and candidate.startswith(("http://", "https://")):
            return candidate.strip()
    return None


def links(meta: EmbeddedMetadata, own: str | None) -> list[Link]:
    links = []
    if own:
        links.append(Link("landing", own))
    for name, rel in (("citation_abstract_html_url", "landing"), ("citation_fulltext_html_url", "fulltext"),
                      ("citation_pdf_url", "pdf")):
        for value in meta.values(name):
            url = value.content.strip()
            if url.startswith(("http://", "https://")):
                links.append(Link(rel, url))
    return links


def declared_language(meta: EmbeddedMetadata) -> str | None:
    for name in ("citation_language", "dc.language", "dcterms.language", "content-language"):
        code = lang_code(meta.first(name))
        if code:
            return code
    return lang_code(meta.html_lang)


def lang_code(raw: str | None) -> str | None:
    """`en`, `en-US`, `eng`, `English`, `zh-CN` -> ISO 639-1; None when unknown."""
    if not raw:
        return None
    raw = raw.strip().lower().replace("_", "-")
    if raw in CATALOG_LANGUAGES:
        return CATALOG_LANGUAGES[raw]
    head = raw.split("-")[0]
    if head in CATALOG_LANGUAGES:
        return CATALOG_LANGUAGES[head]
    return head if len(head) == 2 and head.isalpha() else None


# --- small helpers -------------------------------------------------------------------------


def _jsonld_strings(meta: EmbeddedMetadata, *keys: str) -> list[str]:
    for obj in meta.jsonld:
        if not is_scholarly_jsonld(obj):
            continue
        for key in keys:
            values = strings(obj.get(key))
            if values:
                return values
    return []


def strings(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if isinstance(v, (str, int)) and str(v).strip()]


def _first_string(value: Any) -> str | None:
    values = strings(value)
    return values[0] if values else None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _clean_or_none(text: str | None) -> str | None:
    return clean(text) or None if text else None
