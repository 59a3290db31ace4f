"""The fallback reader for HTML pages: the metadata a page embeds about itself.

Highwire `citation_*`, Dublin Core, PRISM, JSON-LD, schema.org microdata and COinS are read in
one pass (`_html_meta`); then one function per field tries its sources in a fixed order and
the first that has a usable value wins (`_meta_fields`). What the metadata leaves out, the
printed page fills in where it says so unambiguously (`_complete_from_page`). The
abstract comes from the page body when the body prints it with section headings (so the
sections keep them), else from the abstract metadata, else from the body's unstructured
abstract, else from the page's description (with a warning).

Scores low so that any site adapter that recognises its page wins, but above the generic text
reader when the page carries scholarly metadata. An HTML page without any is still taken at
the minimum score so that the reason it is not an article can be stated precisely (a listing
page, a news story, an encyclopedia page whose COinS describe the works it cites).
"""

from __future__ import annotations

import re
import weakref

from .. import language
from ..errors import NoArticleFound
from ..page import Page
from ..phrases import NON_ARTICLE_TYPES
from ..record import Draft, Flag, RawAbstract, RawText
from ..text import clean
from . import _common, _listing
from . import _meta_fields as fields
from ._fields import first as first_field
from ._fields import labelled_fields
from ._html_body import BodyAbstract, find_abstracts, find_keywords, keyword_languages
from ._html_meta import EmbeddedMetadata, read_embedded_metadata
from ._removed import account_html_page

NAME = "embedded-metadata"

SCORE_SCHOLARLY = 0.5
SCORE_LISTING = 0.45
SCORE_HTML = 0.2

_ELLIPSIS = ("...", "…", "[...]")
_TITLE_SEPARATOR = re.compile(r"^\s*[-–—|_/]+\s*")
_SUBTITLE_CLASS = re.compile(r"(?:^|[-_])subtitle(?:$|[-_])", re.IGNORECASE)
_VOLUME_ISSUE = re.compile(r"\bVol(?:ume)?\.?\s*(\d+)\s*,\s*(?:No\.?|Number|Issue)\s*(\d+)\b")
_PMCID = re.compile(r"PMCID:?\s*(?:<[^>]+>\s*)*(PMC\d{4,})")

_metadata_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def metadata(page: Page) -> EmbeddedMetadata:
    """The page's embedded metadata, read once per page."""
    found = _metadata_cache.get(page)
    if found is None:
        found = read_embedded_metadata(page.soup)
        _metadata_cache[page] = found
    return found


def detect(page: Page) -> float:
    if page.format != "html":
        return 0.0
    meta = metadata(page)
    if _has_article_metadata(meta):
        return SCORE_SCHOLARLY
    if _listing.find_listing(page) is not None:
        return SCORE_LISTING
    return SCORE_HTML


def extract(page: Page) -> list[Draft]:
    meta = metadata(page)
    kind = _non_article_type(meta)
    titles = fields.titles(meta)
    if kind:
        shown = f": “{clean(titles[0].text)}”" if titles else ""
        raise NoArticleFound(f"the page is a {kind[0]} ({kind[1]}), not a scholarly article{shown}")
    if not _has_article_metadata(meta):
        listing = _listing.find_listing(page)
        if listing is not None:
            raise NoArticleFound(listing.message())
        raise NoArticleFound(_why_not_scholarly(meta))

    draft = Draft(site=NAME)
    draft.declared_language = fields.declared_language(meta)
    draft.titles = titles
    draft.authors, draft.affiliations = fields.authors(meta)
    draft.identifiers.doi = fields.doi(meta)
    draft.identifiers.pmid = fields.pmid(meta)
    draft.identifiers.pmcid = _pmcid(page)
    fields.venue(meta, draft)
    draft.published = fields.published(meta)
    _complete_from_page(page, meta, draft)
    draft.keywords = _keywords(page, meta)
    _abstracts(page, meta, draft)
    if draft.declared_language is None:
        draft.declared_language = _language_of_abstract(draft)
    draft.url = fields.own_url(meta)
    draft.links = fields.links(meta, draft.url)
    draft.identifiers.trial_registrations = _common.trial_registrations(
        " ".join(a.text or " ".join(s.text for s in a.sections or ()) for a in draft.abstracts))
    account_html_page(page, draft)
    return [draft]


# --- is it an article? -----------------------------------------------------------------------


def _has_article_metadata(meta: EmbeddedMetadata) -> bool:
    if meta.first("citation_title", "dc.title", "dcterms.title", "prism.title"):
        return True
    if meta.first("prism.publicationname", "citation_journal_title") and meta.first("dc.identifier", "prism.doi"):
        return True
    if any(fields.is_scholarly_jsonld(obj) for obj in meta.jsonld):
        return True
    if meta.microdata and (meta.microdata.get("headline") or meta.microdata.get("name")):
        return True
    return bool(meta.coins.get("rft.atitle") or meta.coins.get("rft.title") or meta.coins.get("rft.btitle"))


def _non_article_type(meta: EmbeddedMetadata) -> tuple[str, str] | None:
    """(what the page is, the tag that says so) for news stories and other non-articles."""
    for name in ("dc.type", "prism.section", "citation_article_type", "og:type", "prism.genre"):
        for value in meta.values(name):
            kind = NON_ARTICLE_TYPES.get(value.content.strip().lower())
            if kind:
                return kind, f"{name}: {value.content.strip()}"
    for obj in meta.jsonld:
        for t in fields.jsonld_types(obj):
            kind = NON_ARTICLE_TYPES.get(t)
            if kind:
                return kind, f"JSON-LD @type {obj.get('@type')}"
    if meta.microdata_type and NON_ARTICLE_TYPES.get(meta.microdata_type):
        return NON_ARTICLE_TYPES[meta.microdata_type], f"microdata itemtype {meta.microdata_type}"
    return None


def _why_not_scholarly(meta: EmbeddedMetadata) -> str:
    parts = ["the page carries no scholarly metadata (citation_*, Dublin Core, PRISM, "
             "JSON-LD ScholarlyArticle, microdata or a COinS span describing it)"]
    if meta.coins_count:
        parts.append(f"its {meta.coins_count} COinS spans describe the works it cites, not the page")
    if meta.jsonld:
        obj = meta.jsonld[0]
        author = obj.get("author")
        by = author.get("name") if isinstance(author, dict) else None
        parts.append(f"its JSON-LD {obj.get('@type')} “{obj.get('name') or obj.get('headline')}”"
                     + (f" by “{by}”" if by else "") + " has no DOI and no journal")
    elif meta.jsonld_other:
        parts.append(f"its JSON-LD describes a {meta.jsonld_other[0]}")
    if len(parts) == 1:
        parts.append("a title and byline are not guessed from the page's layout alone")
    return "; ".join(parts)


# --- what the printed page adds --------------------------------------------------------------


def _pmcid(page: Page) -> str | None:
    m = _PMCID.search(page.text)
    return m.group(1) if m else None


def _complete_from_page(page: Page, meta: EmbeddedMetadata, draft: Draft) -> None:
    """What the printed page says and the metadata leaves out, each only on firm evidence:
    a subtitle printed as such and in the page's <title>; the last page in the page's own
    citation line; an article number that the `dc.source` citation (`BMC Vet Res 2014 10:144`)
    puts where the first page was; one volume/issue pair in the <title> or the whole page; a
    labelled publication date (`Date of Publication (online): 2021/12/13`)."""
    if draft.titles:
        draft.titles[0].text = _with_subtitle(page, draft.titles[0].text)
        other = _title_in_other_script(page, draft.titles)
        if other:
            draft.titles.append(RawText(other, None))
        draft.titles.extend(_titles_in_other_languages(page, draft.titles))
    venue = draft.venue
    if venue.pages and venue.pages.isdigit():
        _last_page(page, venue)
        source = re.search(r"\b(\d+):(\w+)\s*$", meta.first("dc.source") or "")
        if venue.pages and source and source.group(2) == venue.pages and source.group(2) != venue.issue:
            venue.article_number, venue.pages = venue.pages, None
    if not venue.volume and not venue.issue:
        venue.volume, venue.issue = _volume_issue(page)
    if not draft.published:
        found = first_field(labelled_fields(page.soup), "published")
        draft.published = fields.parse_date(found.text) if found else None


def _with_subtitle(page: Page, title: str) -> str:
    head = page.soup.find("title")
    page_title = clean(head.get_text()) if head else ""
    if not page_title.startswith(title + ": "):
        return title
    rest = page_title[len(title) + 2:]
    for tag in page.soup.find_all(class_=_SUBTITLE_CLASS, limit=5):
        subtitle = clean(tag.get_text(" "))
        if subtitle and rest.startswith(subtitle):
            return f"{title}: {subtitle}"
    return title


def _title_in_other_script(page: Page, titles: list[RawText]) -> str | None:
    """Chinese journal platforms print both titles in <title>: `中文标题-English title`. When
    the metadata gives only the Chinese one, the Latin rest of <title> is the English title."""
    if len(titles) != 1 or language.script_profile(titles[0].text).cjk < language.CJK_SHARE:
        return None
    head = page.soup.find("title")
    page_title = clean(head.get_text()) if head else ""
    if not page_title.startswith(titles[0].text):
        return None
    rest = _TITLE_SEPARATOR.sub("", page_title[len(titles[0].text):], count=1)
    profile = language.script_profile(rest)
    if rest == page_title[len(titles[0].text):] or len(rest.split()) < 4 or profile.latin < 0.9:
        return None
    return rest


def _titles_in_other_languages(page: Page, titles: list[RawText]) -> list[RawText]:
    """A heading that prints the title with a `lang` attribute, and next to it the same kind
    of heading in another language (HAL: `<h2 lang="en">…</h2><h2 lang="fr">…</h2>`)."""
    known = {t.text for t in titles}
    for tag in page.soup.descendants:
        if (getattr(tag, "name", None) not in ("h1", "h2", "h3", "div", "span", "p") or not tag.get("lang")
                or clean(tag.get_text(" ")) not in known):
            continue
        found = []
        for sibling in tag.find_next_siblings(tag.name):
            lang = fields.lang_code(str(sibling.get("lang") or ""))
            text = clean(sibling.get_text(" "))
            if lang and lang != fields.lang_code(str(tag.get("lang"))) and text and text not in known:
                found.append(RawText(text, lang))
        return found
    return []


def _last_page(page: Page, venue) -> None:
    where = rf"\b{re.escape(venue.volume)}\s*\(\s*{re.escape(venue.issue)}\s*\)\s*" if venue.volume and venue.issue else ""
    m = re.search(where + rf":\s*{re.escape(venue.pages)}\s*[-–]\s*(\d+)\b", page.text_view)
    if m and int(m.group(1)) > int(venue.pages):
        venue.pages = f"{venue.pages}-{m.group(1)}"


def _volume_issue(page: Page) -> tuple[str | None, str | None]:
    head = page.soup.find("title")
    for text in (head.get_text() if head else "", page.text_view):
        pairs = {m.groups() for m in _VOLUME_ISSUE.finditer(text)}
        if len(pairs) == 1:
            return pairs.pop()
    return None, None


# --- keywords --------------------------------------------------------------------------------


def _keywords(page: Page, meta: EmbeddedMetadata) -> list[RawText]:
    tagged = meta.values("citation_keywords", "citation_keyword")
    if tagged:
        return _with_printed_languages(page, fields.keyword_groups(tagged))
    body = find_keywords(page.soup)
    if body:
        return [RawText(k) for k in dict.fromkeys(clean(k) for k in body) if k]
    for obj in meta.jsonld:
        words = obj.get("keywords")
        if isinstance(words, str):
            words = fields.split_keywords(words, allow_comma=True)
        if isinstance(words, list) and words:
            return [RawText(clean(str(w))) for w in words if clean(str(w))]
    tagged = meta.values("dc.subject", "dcterms.subject", "dc.keywords", "prism.keyword")
    if tagged:
        return fields.keyword_groups(tagged)
    return []


def _with_printed_languages(page: Page, keywords: list[RawText]) -> list[RawText]:
    """Keyword tags carry no language on some sites that print each language's list in a block
    that says it (`<div class="keys-lang" data-lang="en">`): the printed block decides."""
    if all(k.lang for k in keywords):
        return keywords
    printed = keyword_languages(page.soup)
    return [RawText(k.text, printed.get(k.text, k.lang) if not k.lang else k.lang) for k in keywords]


# --- abstract --------------------------------------------------------------------------------


def _abstracts(page: Page, meta: EmbeddedMetadata, draft: Draft) -> None:
    body = find_abstracts(page.soup)
    tagged = fields.abstracts(meta)
    complete = [t for t in tagged if not t[0].rstrip().endswith(_ELLIPSIS)]
    if body and (any(b.structured for b in body) or not complete or len(body) > len(complete)):
        draft.abstracts.extend(_from_body(b) for b in body)
        return
    if tagged:
        for text, lang, where in (complete or tagged):
            draft.abstracts.append(RawAbstract(text=text, lang=lang, where=where))
        if not complete:
            draft.warnings.append(Flag("truncated_abstract", "abstract",
                                       "the page's only abstract is its metadata copy, cut off with an ellipsis"))
        return
    summary = meta.values("description", "og:description", "twitter:description")
    if summary and _describes_page(summary[0].content, page, draft):
        for text in fields.split_bilingual(clean(summary[0].content)):
            draft.abstracts.append(RawAbstract(text=text, lang=fields.lang_code(summary[0].lang), where="meta:description"))
        draft.warnings.append(Flag("abstract_from_summary", "abstract",
                                   "the page prints no abstract; this is its description meta, "
                                   "which may be a summary rather than the abstract"))


def _from_body(found: BodyAbstract) -> RawAbstract:
    lang = fields.lang_code(found.lang)
    if found.sections:
        return RawAbstract(sections=found.sections, lang=lang, where="body:" + found.where)
    return RawAbstract(text=found.text, lang=lang, where="body:" + found.where)


def _describes_page(summary: str, page: Page, draft: Draft) -> bool:
    """A description meta that shares no content word with the title, and few with the page,
    is a template left over from another page (it happens: a journal's page describing a
    different article), and is not used."""
    words = {w for w in re.findall(r"\w{4,}", summary.lower())}
    title = " ".join(t.text for t in draft.titles).lower()
    return bool(words) and (not title or any(w in title for w in words)
                            or sum(w in page.text.lower() for w in words) >= len(words) // 2)


# --- language --------------------------------------------------------------------------------


def _language_of_abstract(draft: Draft) -> str | None:
    """A page that declares no language is taken to be in its abstract's language (a hint
    for short titles and keywords, which carry too little text to identify)."""
    if len(draft.abstracts) != 1:
        return None
    abstract = draft.abstracts[0]
    text = abstract.text or " ".join(s.text for s in abstract.sections or ())
    return abstract.lang or language.identify(text)
