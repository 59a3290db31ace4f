"""Reading an article's abstract and keywords from the body of an HTML page.

The abstract is looked for in two ways, in this order:

1. an abstract container: an element whose class or id names it (`div.abstract`,
   `section#abstract`, `#Abs1-section`, `div.abstr`, `hlFld-Abstract`, …; see
   `ABSTRACT_CONTAINER`). Where a container holds one sub-container per language (`lang`
   attributes), each is an abstract in that language. Where it also holds the article's head
   (title, authors), reading starts after its `Abstract` heading.
2. a heading that says `Abstract` (`摘要`, `Résumé`, … from the heading lexicon): what follows
   it, up to the next heading of the same or a higher rank.

Inside, headings (h2–h6, a block holding only a known section heading, or an element whose
class calls it a title) start sections; paragraphs are text. Figures, tables, forms, buttons
and scripts are skipped; a `Keywords` block or a copyright line ends the abstract, and so
does the end of the container: body text after the abstract is never in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Iterator

from lxml import etree

from ..html import Element, children, classes, contains, following_nodes, get_text, visible_strings
from ..lexicon import ABSTRACT_MARKER, KEYWORDS_MARKER, curated_rows, lookup_heading
from ..record import RawSection
from ._fields import field_of

# Class or id tokens of abstract containers (matched on the whole lower-cased token).
ABSTRACT_CONTAINER = re.compile(
    r"(?:[a-z]+[-_])*(?:abstracts?|abstr|abs\d+)(?:[-_](?:section|content|text|body|main|en|zh|"
    r"fr|de|es|pt|original|english|chinese)|[-_]\d+)*"
    r"|first-paragraph|articleabstract|abstractsection|hlfld-abstract|chdivsummary"
)
# Every token ABSTRACT_CONTAINER matches has one of these in it (a quick first test).
_CONTAINER_HINT = re.compile(r"abs|first-paragraph|chdivsummary", re.IGNORECASE)
_SKIP = frozenset("script style noscript template figure figcaption table form button select option "
                  "input img svg iframe object nav aside video audio canvas map textarea label "
                  "dialog".split())
# Class tokens of page furniture inside an article: alerts, sharing, adverts, figure strips.
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:ad|ads|advert\w*|alerts?|signup|sign-up|promo\w*|banner|share\w*|social|toolbar|"
    r"metrics|download\w*|cookies?|modal|popup|tooltip|visually-hidden|sr-only|hidden|figures?|"
    r"fig|thumbnails?)(?:$|[-_])", re.IGNORECASE)
_NOT_CONTAINER = frozenset("a button option select input meta link script style img label "
                           "head title html body".split())
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK = frozenset("p div section article li dd dt ul ol blockquote main address br tr td "
                   "center font text".split())
_TITLE_CLASS = re.compile(r"(?i:(?:^|[-_])(?:title|heading|head\d?|label)(?:$|[-_]))|[a-z](?:Title|Headers?|Heading)s?$")
_DECORATION = "[]【】［］:：.。 \u3000"
_PARENTHESIS = re.compile(r"\s*[(（][^)）]*[)）]\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
_KEYWORD_SPLIT = re.compile(r"\s*[;；,，、]\s*")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")
MIN_ABSTRACT_CHARS = 80


@dataclass(slots=True)
class BodyAbstract:
    """An abstract read from the page body: `sections` when it printed headings, else
    `text`; `lang` from a `lang` attribute on or around it."""

    text: str = ""
    sections: list[RawSection] = field(default_factory=list)
    lang: str | None = None
    where: str = ""

    @property
    def structured(self) -> bool:
        return any(s.heading for s in self.sections)

    @property
    def chars(self) -> int:
        return len(self.text) + sum(len(s.text) for s in self.sections)


def find_abstracts(root: Element) -> list[BodyAbstract]:
    """The abstract(s) printed in the body, one per language; [] when there is none."""
    body = _body(root)
    containers = _containers(body)
    for container in containers:
        parts = _language_parts(container)
        if len(parts) > 1:
            found = [a for a in (read_abstract(p, where=_describe(p)) for p in parts)
                     if a.chars >= MIN_ABSTRACT_CHARS]
            if found:
                return found
    readings = [(c, read_abstract(c, where=_describe(c))) for c in containers]
    good = [(c, a) for c, a in readings if a.chars >= MIN_ABSTRACT_CHARS]
    for container, found in good:
        # the innermost container that holds an abstract: an outer one (a whole record shown
        # as `div.abstract`) also holds the page's head and tail
        if not any(other is not container and contains(container, other) for other, _ in good):
            return [found]
    for heading in _marker_headings(body, _short_strings(root)):
        found = _after_heading(heading)
        if found.chars >= MIN_ABSTRACT_CHARS:
            return [found]
    return []


def _body(root: Element) -> Element:
    return next(root.iter("body"), root)


def read_abstract(container: Element, *, where: str) -> BodyAbstract:
    """The abstract in `container`, after its `Abstract` heading if it prints one."""
    marker = _marker_heading_in(container)
    events = _Walker(stop_rank=None).walk([container], start=marker)
    return _assemble(events, lang=_lang_of(container), where=where)


# --- finding containers and headings --------------------------------------------------------


def _containers(body: Element) -> list[Element]:
    return [tag for tag in body.iterdescendants(etree.Element)
            if _is_container(tag) and not _in_skipped(tag)]


def _is_container(tag: Element) -> bool:
    names, ident = tag.get("class"), tag.get("id")
    if not (names and _CONTAINER_HINT.search(names) or ident and _CONTAINER_HINT.search(ident)):
        return False  # most elements (the test runs on every element of the body)
    if tag.tag in _NOT_CONTAINER:
        return False
    tokens = [*classes(tag), tag.get("id") or ""]
    return any(token and ABSTRACT_CONTAINER.fullmatch(token.lower()) for token in tokens)


def _language_parts(container: Element) -> list[Element]:
    inner = [t for t in container.iterdescendants(etree.Element) if _is_container(t) and t.get("lang")]
    langs = {t.get("lang") for t in inner}
    return inner if len(inner) >= 2 and len(langs) == len(inner) else [container]


def _marker_headings(body: Element, strings) -> list[Element]:
    found = []
    for label in _labels(body, is_abstract_marker, strings):
        heading = next((t for t in label if _is_heading_like(t)), None)
        if heading is not None and not _in_skipped(heading):
            found.append(heading)
    return found


def _marker_heading_in(container: Element) -> Element | None:
    for label in _labels(container, is_abstract_marker):
        heading = next((t for t in label if _is_heading_like(t)), None)
        if heading is not None:
            return heading
    return None


def _labels(root: Element, says, strings=None):
    """For each short text in `root` that `says` is a label (`Abstract`, `Keywords:`): the
    elements that hold exactly that text, innermost first (`<h2><span>Abstract</span></h2>`).
    Walking the text nodes keeps this linear in the size of the page. `strings`: those of
    `root` already read (`_short_strings`)."""
    for text, parent in strings if strings is not None else _short(visible_strings(root)):
        if not says(text):
            continue
        chain = []
        tag = parent
        label = _WS.sub(" ", text)
        while tag is not None and tag is not root and _head_text(tag, limit=len(label) + 2) == label:
            chain.append(tag)
            tag = tag.getparent()
        if chain:
            yield chain


@lru_cache(maxsize=4)
def _short_strings(root: Element) -> list[tuple[str, Element]]:
    """The short strings of the page's body, where labels are looked for: read once for the
    abstract's heading, the keywords and their languages. (Cached by the tree's root element,
    which hashes by identity; the cache holds the last few pages' roots.)"""
    return list(_short(visible_strings(_body(root))))


def _short(strings) -> Iterator[tuple[str, Element]]:
    """Strings of at most 40 characters once stripped, stripped, with their element."""
    for node, parent in strings:
        text = node.strip()
        if text and len(text) <= 40:
            yield text, parent


def _is_heading_like(tag: Element) -> bool:
    if tag.tag in _HEADINGS:
        return True
    if tag.tag in ("a", "option", "button", "li", "input"):
        return False
    names = " ".join(classes(tag))
    return bool(names and _TITLE_CLASS.search(names))


def is_abstract_marker(text: str) -> bool:
    """`Abstract`, `Abstract (provisional)`, `摘要`, `Résumé` …"""
    text = text.strip()
    if not text or len(text) > 40 or not _may_be_marker(text, ABSTRACT_MARKER):
        return False
    info = lookup_heading(_PARENTHESIS.sub("", text))
    return info is not None and info.label == ABSTRACT_MARKER


def is_keywords_marker(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > 30 or not _may_be_marker(text, KEYWORDS_MARKER):
        return False
    info = lookup_heading(text)
    return info is not None and info.label == KEYWORDS_MARKER


def _may_be_marker(text: str, label: str) -> bool:
    """A cheap first test (pages have thousands of short strings): the text's first word is
    the first word of one of the lexicon's headings for `label`."""
    words = text.lstrip(_DECORATION).split(maxsplit=1)
    first = words[0].rstrip(_DECORATION).lower() if words else ""
    return bool(first) and (first in _first_words(label) or first[:2] in _first_words(label))


@cache
def _first_words(label: str) -> frozenset[str]:
    words = set()
    for row in curated_rows():
        if row.label == label:
            word = row.heading.split(maxsplit=1)[0].lower()
            words.update((word, word[:2]) if _is_cjk(word[0]) else (word,))
    return frozenset(words)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _after_heading(heading: Element) -> BodyAbstract:
    """What follows an `Abstract` heading up to the next heading of its rank or higher; when
    the heading is wrapped (`<header><h2>`), what follows its wrapper."""
    rank = _HEADINGS.get(heading.tag, 3)
    anchor = heading
    while (anchor.getparent() is not None and anchor.getparent().tag not in ("body", "html")
           and list(anchor.getparent().iterchildren(etree.Element)) == [anchor]):
        anchor = anchor.getparent()
    events = _Walker(stop_rank=rank).walk(following_nodes(anchor))
    return _assemble(events, lang=_lang_of(heading.getparent()), where=_describe(heading) + "+")


def _in_skipped(tag: Element) -> bool:
    return any(p.tag in ("nav", "head", "select", "button", "footer") for p in tag.iterancestors())


# --- walking a region ------------------------------------------------------------------------


@dataclass(slots=True)
class _Event:
    kind: str  # heading | text | stop
    text: str
    rank: int = 0


class _Walker:
    """Turns a region of the tree into heading/text events, in document order."""

    def __init__(self, stop_rank: int | None):
        self.stop_rank = stop_rank
        self.events: list[_Event] = []
        self.buffer: list[str] = []
        self.stopped = False

    def walk(self, nodes, start: Element | None = None) -> list[_Event]:
        """Events for `nodes` (elements and strings, as `html.children` lists them); with
        `start`, only for what follows that element."""
        started = start is None
        stack = list(reversed(list(nodes)))
        while stack and not self.stopped:
            node = stack.pop()
            if node is _FLUSH:
                self._flush()
                continue
            if not started:
                if node is start:
                    started = True
                    continue
                if not isinstance(node, str) and contains(node, start):
                    stack.extend(reversed(children(node)))
                continue
            if isinstance(node, str):
                if type(node) is str:
                    self.buffer.append(_WS.sub(" ", node))
                continue
            self._tag(node, stack)
        self._flush()
        return self.events

    def _tag(self, tag: Element, stack: list) -> None:
        name = tag.tag
        if name in _SKIP or _is_furniture(tag):
            return
        if name == "br":
            self.buffer.append("\n")
            return
        if name == "math":
            self.buffer.append(get_text(tag))
            return
        heading = self._heading_text(tag)
        if heading is not None:
            self._flush()
            rank = _HEADINGS.get(name, 6)
            if self.stop_rank is not None and rank <= self.stop_rank:
                self.stopped = True
                return
            if is_keywords_marker(heading):
                self.events.append(_Event("stop", heading))
                self.stopped = True
                return
            if heading:
                self.events.append(_Event("heading", heading, rank))
            return
        block = name in _BLOCK
        if block:
            self._flush()
            text = _head_text(tag)
            if _starts_with_keywords(text) or _COPYRIGHT.match(text):
                self.events.append(_Event("stop", text))
                self.stopped = True
                return
            stack.append(_FLUSH)
        stack.extend(reversed(children(tag)))

    def _heading_text(self, tag: Element) -> str | None:
        if tag.tag in _HEADINGS:
            return _text(tag)
        if tag.tag in ("p", "div", "strong", "b", "span", "dt"):
            text = _head_text(tag, limit=61)
            if not text or len(text) > 60:
                return None
            names = " ".join(classes(tag))
            if names and _TITLE_CLASS.search(names) and next(tag.iterdescendants(*_BLOCKS_WITH_TEXT), None) is None:
                return text
            if tag.tag in ("p", "div", "dt") and _only_emphasis(tag):
                info = lookup_heading(text)
                if info is not None:
                    return text
        return None

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        text = _NEWLINES.sub("\n", text).strip()
        if text:
            self.events.append(_Event("text", text))


_FLUSH = object()
_BLOCKS_WITH_TEXT = ("p", "div", "ul", "ol", "table")


def _is_furniture(tag: Element) -> bool:
    return any(_FURNITURE.search(c) for c in classes(tag))


def _only_emphasis(tag: Element) -> bool:
    """A block whose text all sits in one <strong>/<b>/<em> (a heading set as bold text)."""
    nodes = [c for c in children(tag) if not (isinstance(c, str) and not c.strip())]
    return len(nodes) == 1 and not isinstance(nodes[0], str) and nodes[0].tag in ("strong", "b", "em")


def _starts_with_keywords(text: str) -> bool:
    head = re.split(r"[:：]", text[:40], maxsplit=1)
    return len(head) == 2 and is_keywords_marker(head[0])


def _assemble(events: list[_Event], *, lang: str | None, where: str) -> BodyAbstract:
    """Sections from the events. A heading the lexicon does not know ends the abstract when
    it follows text or known headings (`Physics Subject Headings`, `Publication Types` after
    the abstract); an abstract whose first heading is unknown keeps its own headings."""
    sections: list[RawSection] = []
    heading: str | None = None
    texts: list[str] = []
    unknown_style: bool | None = None

    def close() -> None:
        body = "\n\n".join(texts).strip()
        if body:
            sections.append(RawSection(heading, body))

    for event in events:
        if event.kind == "heading":
            if is_abstract_marker(event.text):
                continue
            known = lookup_heading(_strip_colon(event.text)) is not None
            if unknown_style is None:
                unknown_style = not known and not texts
            if not known and not unknown_style:
                break
            close()
            heading, texts = _strip_colon(event.text), []
        elif event.kind == "text":
            texts.append(event.text)
    close()
    if unknown_style is None:
        return BodyAbstract(text="\n\n".join(s.text for s in sections), lang=lang, where=where)
    return BodyAbstract(sections=sections, lang=lang, where=where)


def _strip_colon(heading: str) -> str:
    return heading.rstrip().rstrip(":：").rstrip()


# --- keywords --------------------------------------------------------------------------------


def find_keywords(root: Element) -> list[str]:
    """Keywords under a `Keywords` heading or label in the body: the items of a list or the
    links that follow it, or the text that follows it in its block, split at `;`, `,`, `、`."""
    body = _body(root)
    for chain in _labels(body, is_keywords_marker, _short_strings(root)):
        tag = chain[0]
        if _in_skipped(tag) or any(p.tag in ("a", "select", "option") for p in tag.iterancestors()):
            continue
        label = next((t for t in chain if t.tail or t.getnext() is not None), tag)
        keywords = _items_after(label) or _split_keywords(_text_after(label))
        keywords = [k for k in keywords if k and len(k) <= 100]
        # a search form's field menu (`关键词 | 作者 | 机构`) lists labels, not keywords
        if keywords and len(keywords) <= 40 and not any(field_of(k) or "|" in k for k in keywords):
            return keywords
    return []


def keyword_languages(root: Element) -> dict[str, str]:
    """keyword -> language code, for keyword lists printed in a block that names its language
    (`lang` or `data-lang`) under a `Keywords` label."""
    body = _body(root)
    found: dict[str, str] = {}
    for chain in _labels(body, is_keywords_marker, _short_strings(root)):
        siblings = list(chain[-1].itersiblings(etree.Element))
        blocks = [s for s in siblings if "data-lang" in s.attrib] + [s for s in siblings if "lang" in s.attrib]
        for block in blocks:
            lang = (block.get("data-lang") or block.get("lang") or "").strip().lower()[:2]
            for item in list(block.iterdescendants("li")) or list(block.iterdescendants("a")):
                text = visible_text(item).rstrip(";；,，.")
                if text and lang.isalpha():
                    found.setdefault(text, lang)
    return found


def _items_after(tag: Element) -> list[str]:
    """The entries of the first element after the label when it is a list, or holds several
    links or list items: one keyword each."""
    for sibling in following_nodes(tag):
        if isinstance(sibling, str):
            if sibling.strip():
                return []
            continue
        if sibling.tag in _SKIP or not visible_text(sibling):
            continue
        items = [li for li in sibling.iterdescendants("li") if not _in_skipped(li)]
        if len(items) < 2:
            items = list(sibling.iterdescendants("a")) if sibling.tag != "a" else []
        texts = [visible_text(item).rstrip(";；,，.") for item in items]
        return [t for t in texts if t] if len(texts) >= 2 else []
    return []


def _split_keywords(text: str) -> list[str]:
    return [k for k in _KEYWORD_SPLIT.split(text.strip().lstrip(":：").strip().rstrip(".。")) if k]


def _text_after(tag: Element) -> str:
    parts = []
    for sibling in following_nodes(tag):
        if isinstance(sibling, str):
            parts.append(sibling)
            continue
        if sibling.tag in _HEADINGS or sibling.tag in ("ul", "ol", "table"):
            break
        parts.append(get_text(sibling, " "))
    return _WS.sub(" ", "".join(parts)).strip()


# --- small helpers ---------------------------------------------------------------------------


def _text(tag: Element) -> str:
    return _WS.sub(" ", get_text(tag, " ")).strip()


def _head_text(tag: Element, limit: int = 80) -> str:
    """The first `limit` characters of `_text(tag)`, without reading the rest of the tree."""
    parts: list[str] = []
    size = 0
    for piece, _ in visible_strings(tag):
        parts.append(piece)
        size += len(piece) + 1
        if size > 2 * limit:
            break
    return _WS.sub(" ", " ".join(parts)).strip()[:limit]


def visible_text(tag: Element) -> str:
    """The text of `tag` without what `_SKIP` elements (buttons, scripts, forms) hold."""
    parts: list[str] = []
    stack: list = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if type(node) is str:
                parts.append(node)
                parts.append(" ")
        elif node is tag or node.tag not in _SKIP:
            stack.extend(reversed(children(node)))
    return _WS.sub(" ", "".join(parts)).strip()


def _lang_of(tag: Element | None) -> str | None:
    while tag is not None and tag.tag not in ("body", "html"):
        lang = tag.get("lang") or tag.get("xml:lang")
        if lang:
            return lang.strip() or None
        tag = tag.getparent()
    return None


def _describe(tag: Element) -> str:
    ident = tag.get("id")
    if ident:
        return f"{tag.tag}#{ident}"
    return tag.tag + "".join("." + c for c in classes(tag)[:2])
