"""VuFind's Solr documents as JSON: a Solr response (`{"response": {"docs": […]}}`), a bare
list of documents, or a portal's list of `{"resource": …, "metadata": <document>}` wrappers.
One draft per document that catalogs an article.

The fields are the same as on a VuFind record page (`_vufind`), but arrive as lists, so
authors need no reconstruction. A catalog also holds books, theses and maps: a document whose
`format` names no article-like form is not an article record and gives no draft.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import NoArticleFound
from ..names import SUFFIXES, natural_order
from ..page import Page
from ..record import Draft, RawText, Removal
from ..text import clean
from . import _common, _vufind

NAME = "vufind-solr"

# Fields VuFind itself writes into every document it indexes (at least two are expected).
_VUFIND_FIELDS = frozenset("spelling spellingShingle title_sort title_full title_fullStr title_short "
                           "_version_ recordtype record_format fullrecord author_facet".split())
# `format` values of article records (VuFind's format names, as mapped from MARC or DSpace).
_ARTICLE_FORMAT = re.compile(r"article|paper|proceeding|conference|journal article", re.IGNORECASE)
_READ = _vufind.FACT_FIELDS | {"author2", "format"}
_LIFE_DATES = re.compile(r",?\s*(?:\d{4}-(?:\d{4})?|b\.\s*\d{4}|d\.\s*\d{4})\.?$")
# MARC records end a title or publisher with the punctuation that separates it from the next
# element (`La congiura … stesura) /`, `Centro di Studi Vichiani,`): the catalog's, not the title's.
_ISBD_FIELDS = frozenset(("title", "publisher", "series"))
_ISBD_END = re.compile(r"\s*[/:;,=]$")
# A DOI in the glued `spelling` copy, ending where a URL or a space follows it.
_GLUED_DOI = re.compile(r"10\.\d{4,9}/\S+?(?=https?://|\s|$)")


def detect(page: Page) -> float:
    if page.format != "json":
        return 0.0
    return 1.0 if _documents(page.json) else 0.0


def extract(page: Page) -> list[Draft]:
    documents = _documents(page.json)
    drafts, formats = [], []
    for document, wrapper in documents:
        fields = _fields(document)
        if not _is_article(fields):
            formats.append(", ".join(fields.get("format", [])))
            continue
        drafts.append(_draft(fields, wrapper))
    if not drafts:
        raise NoArticleFound(f"the catalog holds no article record: {len(formats)} document(s) "
                             f"of format {'; '.join(sorted(set(formats)))}")
    return drafts


def _documents(data: Any) -> list[tuple[dict, dict | None]]:
    """(Solr document, the portal wrapper around it or None)."""
    if isinstance(data, dict) and isinstance(data.get("response"), dict):
        data = data["response"].get("docs")
    if not isinstance(data, list):
        return []
    found = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("metadata"), dict):
            item, wrapper = item["metadata"], item
        else:
            wrapper = None
        if isinstance(item, dict) and "id" in item and len(_VUFIND_FIELDS & item.keys()) >= 2:
            found.append((item, wrapper))
    return found


def _fields(document: dict) -> _vufind.Fields:
    fields: _vufind.Fields = {}
    for name, value in document.items():
        values = value if isinstance(value, list) else [value]
        values = [str(v).strip() for v in values if v is not None and str(v).strip()]
        if name in _ISBD_FIELDS:
            values = [_ISBD_END.sub("", v) for v in values]
        fields[name] = values
    return fields


def _is_article(fields: _vufind.Fields) -> bool:
    formats = fields.get("format")
    return not formats or any(_ARTICLE_FORMAT.search(f) for f in formats)


def _draft(fields: _vufind.Fields, wrapper: dict | None) -> Draft:
    draft = Draft(site=NAME)
    _vufind.read_record(draft, fields)
    names = [_natural_order(n) for n in fields.get("author", []) + fields.get("author2", [])]
    _vufind.assign_authors(draft, names, [])
    draft.keywords = [RawText(clean(t)) for t in fields.get("topic", []) if clean(t)]
    draft.identifiers.doi = _vufind.doi_field(fields) or _doi_elsewhere(fields)
    _vufind.account_fields(draft, fields, _READ)
    if wrapper is not None:
        for name, value in wrapper.items():
            if name != "metadata":
                draft.removed.append(Removal("portal_record", name, _chars(value)))
    return draft


def _natural_order(name: str) -> str:
    """A catalog heading `Vico, Giambattista, 1668-1744.`, `Pandolfi, Claudia.` or `ATHAIDE,
    NOEL` as the name reads (`Giambattista Vico`, `Claudia Pandolfi`, `NOEL ATHAIDE`): life
    dates and the closing full stop are the catalog's punctuation, not the name (an initial's
    full stop, `Smith, J.`, is the name's)."""
    name = _LIFE_DATES.sub("", clean(name)).strip()
    last_word = name.rsplit(None, 1)[-1] if name else ""
    if (name.endswith(".") and len(last_word.rstrip(".")) > 1 and last_word.count(".") == 1
            and last_word.lower() not in SUFFIXES):
        name = name[:-1]
    return natural_order(name)


def _doi_elsewhere(fields: _vufind.Fields) -> str | None:
    """A DOI in a `url` value, else in the glued `spelling` copy, where it runs into the next
    value (`…2912-710.1109/COMSNETS.2009.4808884http://hdl.handle.net/…`)."""
    for url in fields.get("url", []):
        doi = _common.clean_doi(url)
        if doi:
            return doi
    m = _GLUED_DOI.search(_vufind.first(fields, "spelling") or "")
    return _common.clean_doi(m.group(0)) if m else None


def _chars(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_chars(v) for v in value.values())
    if isinstance(value, list):
        return sum(_chars(v) for v in value)
    return len(str(value)) if value is not None else 0
