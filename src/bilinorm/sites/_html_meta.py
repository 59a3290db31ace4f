"""The metadata a scholarly HTML page embeds about itself, gathered in one pass over the tree.

Sources: `<meta>` tags (Highwire `citation_*`, Dublin Core `DC.*`/`dc.*`/`dcterms.*`, PRISM,
Open Graph, plain `description`), JSON-LD blocks, schema.org microdata and COinS spans. What
they say is kept raw here, keyed by lower-cased name; `embedded.py` decides which source wins
for each field.

Which COinS and microdata describe the page itself: a page that cites works carries one COinS
span per reference (Wikipedia's citation templates, Nature's reference list) and one microdata
item per reference or recommendation. A COinS span is taken as the page's own only when it is
the only one on the page and sits outside any reference list; a microdata item only when it is
the one top-level ScholarlyArticle item (references are nested `itemprop="citation"` items,
recommendation cards are several top-level items, and then none is taken).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from bs4 import Tag

SCHOLARLY_TYPES = frozenset(("scholarlyarticle", "medicalscholarlyarticle", "article", "thesis",
                             "report", "chapter", "newsarticle"))
_REFERENCE_CONTEXT = re.compile(r"(?:^|[-_\s])(?:ref|refs|references?|citations?|cite|bibliography|"
                                r"biblio|reflist|bibl)(?:$|[-_\s\d])", re.IGNORECASE)


@dataclass(slots=True)
class MetaValue:
    content: str
    lang: str | None = None
    scheme: str | None = None


@dataclass(slots=True)
class EmbeddedMetadata:
    """Everything a page says about itself in machine-readable form."""

    # lower-cased meta name -> values in document order
    meta: dict[str, list[MetaValue]] = field(default_factory=dict)
    # (lower-cased name, value) for every meta tag, in document order
    sequence: list[tuple[str, MetaValue]] = field(default_factory=list)
    # JSON-LD objects whose @type is a scholarly work, outermost first
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    # the @type of JSON-LD objects of other kinds (to explain a page that is not an article)
    jsonld_other: list[str] = field(default_factory=list)
    # the page's own microdata item: itemprop -> values (nested items as dicts)
    microdata: dict[str, list[Any]] = field(default_factory=dict)
    microdata_type: str | None = None
    # the page's own COinS key/values, and how many COinS spans the page has in all
    coins: dict[str, list[str]] = field(default_factory=dict)
    coins_count: int = 0
    html_lang: str | None = None
    canonical: str | None = None

    def values(self, *names: str) -> list[MetaValue]:
        """All values of the first of `names` that the page has (lower-case names)."""
        for name in names:
            values = [v for v in self.meta.get(name, ()) if v.content.strip()]
            if values:
                return values
        return []

    def first(self, *names: str) -> str | None:
        values = self.values(*names)
        return values[0].content.strip() if values else None


def read_embedded_metadata(soup: Any) -> EmbeddedMetadata:
    """One traversal of the tree collects meta tags, JSON-LD, microdata items and COinS."""
    found = EmbeddedMetadata()
    html = soup.find("html")
    if isinstance(html, Tag):
        found.html_lang = (html.get("lang") or html.get("xml:lang") or "").strip() or None
    items: list[Tag] = []
    coins: list[Tag] = []
    for tag in soup.descendants:
        if not isinstance(tag, Tag) or not _interesting(tag):
            continue
        name = tag.name
        if name == "meta":
            _add_meta(found, tag)
        elif name == "script":
            _add_jsonld(found, tag.string or "")
        elif name == "link":
            rel = tag.get("rel") or []
            if "canonical" in rel and not found.canonical:
                found.canonical = (tag.get("href") or "").strip() or None
        if tag.has_attr("itemscope"):
            items.append(tag)
        if name == "span" and "Z3988" in (tag.get("class") or ()):
            coins.append(tag)
    found.coins_count = len(coins)
    if len(coins) == 1 and not _in_reference_list(coins[0]):
        found.coins = parse_coins(coins[0].get("title") or "")
    _read_microdata(found, items)
    return found


def _interesting(tag: Tag) -> bool:
    name = tag.name
    if name in ("meta", "link"):
        return True
    if name == "script":
        return (tag.get("type") or "").strip().lower() == "application/ld+json"
    return tag.has_attr("itemscope") or (name == "span" and tag.has_attr("title")
                                          and "Z3988" in (tag.get("class") or ()))


def _add_meta(found: EmbeddedMetadata, tag: Tag) -> None:
    # (an `itemprop` meta belongs to a microdata item and is read there)
    key = tag.get("name") or tag.get("property") or tag.get("http-equiv")
    content = tag.get("content")
    if not key or content is None:
        return
    lang = tag.get("xml:lang") or tag.get("lang")
    value = MetaValue(str(content), lang.strip() if lang else None,
                      (tag.get("scheme") or "").strip().lower() or None)
    key = key.strip().lower()
    found.meta.setdefault(key, []).append(value)
    found.sequence.append((key, value))


# --- JSON-LD -------------------------------------------------------------------------------


def _add_jsonld(found: EmbeddedMetadata, text: str) -> None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    for obj in _jsonld_objects(data, depth=0):
        types = _types(obj)
        if types & SCHOLARLY_TYPES:
            found.jsonld.append(obj)
        elif types:
            found.jsonld_other.append(sorted(types)[0])


def _jsonld_objects(data: Any, depth: int):
    """Top-level objects, `@graph` members and a WebPage's `mainEntity`, in that order."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _jsonld_objects(data[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values if v}


# --- microdata -----------------------------------------------------------------------------


def _read_microdata(found: EmbeddedMetadata, items: list[Tag]) -> None:
    top = [item for item in items
           if not item.has_attr("itemprop") and _item_type(item) in SCHOLARLY_TYPES
           and item.find_parent(attrs={"itemscope": True}) is None]
    if len(top) != 1:
        return
    found.microdata_type = _item_type(top[0])
    found.microdata = microdata_properties(top[0])


def _item_type(tag: Tag) -> str:
    return str(tag.get("itemtype") or "").strip().rsplit("/", 1)[-1].lower()


def microdata_properties(item: Tag) -> dict[str, list[Any]]:
    """itemprop -> values for the properties that belong to `item` itself (not to items
    nested in it); a nested item's value is its own property dict."""
    props: dict[str, list[Any]] = {}
    stack = list(reversed([c for c in item.children if isinstance(c, Tag)]))
    while stack:
        tag = stack.pop()
        names = (tag.get("itemprop") or "").split()
        nested = tag.has_attr("itemscope")
        if names:
            value = microdata_properties(tag) if nested else _microdata_value(tag)
            for name in names:
                props.setdefault(name, []).append(value)
        if not nested:
            stack.extend(reversed([c for c in tag.children if isinstance(c, Tag)]))
    return props


def _microdata_value(tag: Tag) -> str:
    for attr in ("content", "datetime"):
        if tag.has_attr(attr):
            return str(tag[attr])
    if tag.name in ("a", "link"):
        return str(tag.get("href") or tag.get_text(" "))
    if tag.name in ("img", "meta"):
        return str(tag.get("src") or tag.get("content") or "")
    return tag.get_text(" ")


# --- COinS ---------------------------------------------------------------------------------


def parse_coins(title: str) -> dict[str, list[str]]:
    """The key/value pairs of an OpenURL ContextObject in a COinS span's title."""
    return {key: [v.strip() for v in values if v.strip()]
            for key, values in parse_qs(title, keep_blank_values=False).items()}


def _in_reference_list(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in ("cite", "ol"):
            return True
        marks = " ".join([*(parent.get("class") or ()), str(parent.get("id") or "")])
        if marks and _REFERENCE_CONTEXT.search(marks):
            return True
    return False
