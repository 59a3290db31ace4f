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
from functools import cache

from bs4 import Comment, NavigableString, Tag

from ..lexicon import ABSTRACT_MARKER, KEYWORDS_MARKER, curated_rows, lookup_heading
from ..record import RawSection
from ._fields import field_of

# Class or id tokens of abstract containers (matched on the whole lower-cased token).
ABSTRACT_CONTAINER = re.compile(
    r"(?:[a-z]+[-_])*(?:abstracts?|abstr|abs\d+)(?:[-_](?:section|content|text|body|main|en|zh|"
    r"fr|de|es|pt|original|english|chinese)|[-_]\d+)*"
    r"|first-paragraph|articleabstract|abstractsection|hlfld-abstract|chdivsummary"
)
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


def find_abstracts(soup: Tag) -> list[BodyAbstract]:
    """The abstract(s) printed in the body, one per language; [] when there is none."""
    body = soup.find("body") or soup
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
        if not any(other is not container and _contains(container, other) for other, _ in good):
            return [found]
    for heading in _marker_headings(body):
        found = _after_heading(heading)
        if found.chars >= MIN_ABSTRACT_CHARS:
            return [found]
    return []


def _contains(outer: Tag, inner: Tag) -> bool:
    return any(parent is outer for parent in inner.parents)


def read_abstract(container: Tag, *, where: str) -> BodyAbstract:
    """The abstract in `container`, after its `Abstract` heading if it prints one."""
    marker = _marker_heading_in(container)
    events = _Walker(stop_rank=None).walk([container], start=marker)
    return _assemble(events, lang=_lang_of(container), where=where)


# --- finding containers and headings --------------------------------------------------------


def _containers(body: Tag) -> list[Tag]:
    return [tag for tag in body.descendants
            if isinstance(tag, Tag) and _is_container(tag) and not _in_skipped(tag)]


def _is_container(tag: Tag) -> bool:
    if tag.name in _NOT_CONTAINER:
        return False
    tokens = [*(tag.get("class") or ()), str(tag.get("id") or "")]
    return any(token and ABSTRACT_CONTAINER.fullmatch(token.lower()) for token in tokens)


def _language_parts(container: Tag) -> list[Tag]:
    inner = [t for t in container.find_all(_is_container) if t.get("lang")]
    langs = {t.get("lang") for t in inner}
    return inner if len(inner) >= 2 and len(langs) == len(inner) else [container]


def _marker_headings(body: Tag) -> list[Tag]:
    found = []
    for label in _labels(body, is_abstract_marker):
        heading = next((t for t in label if _is_heading_like(t)), None)
        if heading is not None and not _in_skipped(heading):
            found.append(heading)
    return found


def _marker_heading_in(container: Tag) -> Tag | None:
    for label in _labels(container, is_abstract_marker):
        heading = next((t for t in label if _is_heading_like(t)), None)
        if heading is not None:
            return heading
    return None


def _labels(root: Tag, says):
    """For each short text in `root` that `says` is a label (`Abstract`, `Keywords:`): the
    elements that hold exactly that text, innermost first (`<h2><span>Abstract</span></h2>`).
    Walking the text nodes keeps this linear in the size of the page."""
    for node in root.descendants:
        if type(node) is not NavigableString:
            continue
        text = node.strip()
        if not text or len(text) > 40 or not says(text):
            continue
        chain = []
        tag = node.parent
        label = _WS.sub(" ", text)
        while tag is not None and tag is not root and _head_text(tag, limit=len(label) + 2) == label:
            chain.append(tag)
            tag = tag.parent
        if chain:
            yield chain


def _is_heading_like(tag: Tag) -> bool:
    if tag.name in _HEADINGS:
        return True
    if tag.name in ("a", "option", "button", "li", "input"):
        return False
    classes = " ".join(tag.get("class") or ())
    return bool(classes and _TITLE_CLASS.search(classes))


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


def _after_heading(heading: Tag) -> BodyAbstract:
    """What follows an `Abstract` heading up to the next heading of its rank or higher; when
    the heading is wrapped (`<header><h2>`), what follows its wrapper."""
    rank = _HEADINGS.get(heading.name, 3)
    anchor = heading
    while (anchor.parent is not None and anchor.parent.name not in ("body", "html")
           and [c for c in anchor.parent.children if isinstance(c, Tag)] == [anchor]):
        anchor = anchor.parent
    nodes = list(anchor.next_siblings)
    events = _Walker(stop_rank=rank).walk(nodes)
    return _assemble(events, lang=_lang_of(heading.parent), where=_describe(heading) + "+")


def _in_skipped(tag: Tag) -> bool:
    return any(p.name in ("nav", "head", "select", "button", "footer") for p in tag.parents)


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

    def walk(self, nodes, start: Tag | None = None) -> list[_Event]:
        started = start is None
        stack = list(reversed(list(nodes)))
        while stack and not self.stopped:
            node = stack.pop()
            if node is _FLUSH:
                self._flush()
                continue
            if isinstance(node, Comment) or not isinstance(node, (Tag, NavigableString)):
                continue
            if not started:
                if node is start:
                    started = True
                    continue
                if isinstance(node, Tag) and any(d is start for d in node.descendants):
                    stack.extend(reversed(list(node.children)))
                continue
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:
                    self.buffer.append(_WS.sub(" ", str(node)))
                continue
            self._tag(node, stack)
        self._flush()
        return self.events

    def _tag(self, tag: Tag, stack: list) -> None:
        name = tag.name
        if name in _SKIP or _is_furniture(tag):
            return
        if name == "br":
            self.buffer.append("\n")
            return
        if name == "math":
            self.buffer.append(tag.get_text(""))
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
        stack.extend(reversed(list(tag.children)))

    def _heading_text(self, tag: Tag) -> str | None:
        if tag.name in _HEADINGS:
            return _text(tag)
        if tag.name in ("p", "div", "strong", "b", "span", "dt"):
            text = _head_text(tag, limit=61)
            if not text or len(text) > 60:
                return None
            classes = " ".join(tag.get("class") or ())
            if classes and _TITLE_CLASS.search(classes) and not tag.find(_is_block_with_text):
                return text
            if tag.name in ("p", "div", "dt") and _only_emphasis(tag):
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


def _is_block_with_text(tag: Tag) -> bool:
    return tag.name in ("p", "div", "ul", "ol", "table")


def _is_furniture(tag: Tag) -> bool:
    classes = tag.get("class")
    return bool(classes) and any(_FURNITURE.search(c) for c in classes)


def _only_emphasis(tag: Tag) -> bool:
    """A block whose text all sits in one <strong>/<b>/<em> (a heading set as bold text)."""
    children = [c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())]
    return len(children) == 1 and isinstance(children[0], Tag) and children[0].name in ("strong", "b", "em")


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


def find_keywords(soup: Tag) -> list[str]:
    """Keywords under a `Keywords` heading or label in the body: the items of a list or the
    links that follow it, or the text that follows it in its block, split at `;`, `,`, `、`."""
    body = soup.find("body") or soup
    for chain in _labels(body, is_keywords_marker):
        tag = chain[0]
        if _in_skipped(tag) or any(p.name in ("a", "select", "option") for p in tag.parents):
            continue
        label = next((t for t in chain if t.next_sibling is not None), tag)
        keywords = _items_after(label) or _split_keywords(_text_after(label))
        keywords = [k for k in keywords if k and len(k) <= 100]
        # a search form's field menu (`关键词 | 作者 | 机构`) lists labels, not keywords
        if keywords and len(keywords) <= 40 and not any(field_of(k) or "|" in k for k in keywords):
            return keywords
    return []


def keyword_languages(soup: Tag) -> dict[str, str]:
    """keyword -> language code, for keyword lists printed in a block that names its language
    (`lang` or `data-lang`) under a `Keywords` label."""
    body = soup.find("body") or soup
    found: dict[str, str] = {}
    for chain in _labels(body, is_keywords_marker):
        for block in chain[-1].find_next_siblings(attrs={"data-lang": True}) + chain[-1].find_next_siblings(
                attrs={"lang": True}):
            lang = str(block.get("data-lang") or block.get("lang") or "").strip().lower()[:2]
            for item in block.find_all("li") or block.find_all("a"):
                text = visible_text(item).rstrip(";；,，.")
                if text and lang.isalpha():
                    found.setdefault(text, lang)
    return found


def _items_after(tag: Tag) -> list[str]:
    """The entries of the first element after the label when it is a list, or holds several
    links or list items: one keyword each."""
    for sibling in tag.next_siblings:
        if isinstance(sibling, NavigableString):
            if sibling.strip() and not isinstance(sibling, Comment):
                return []
            continue
        if not isinstance(sibling, Tag) or sibling.name in _SKIP or not visible_text(sibling):
            continue
        items = [li for li in sibling.find_all("li") if not _in_skipped(li)]
        if len(items) < 2:
            items = sibling.find_all("a") if sibling.name != "a" else []
        texts = [visible_text(item).rstrip(";；,，.") for item in items]
        return [t for t in texts if t] if len(texts) >= 2 else []
    return []


def _split_keywords(text: str) -> list[str]:
    return [k for k in _KEYWORD_SPLIT.split(text.strip().lstrip(":：").strip().rstrip(".。")) if k]


def _text_after(tag: Tag) -> str:
    parts = []
    for sibling in tag.next_siblings:
        if isinstance(sibling, Tag):
            if sibling.name in _HEADINGS or sibling.name in ("ul", "ol", "table"):
                break
            parts.append(sibling.get_text(" "))
        elif isinstance(sibling, NavigableString) and not isinstance(sibling, Comment):
            parts.append(str(sibling))
    return _WS.sub(" ", "".join(parts)).strip()


# --- small helpers ---------------------------------------------------------------------------


def _text(tag: Tag) -> str:
    return _WS.sub(" ", tag.get_text(" ")).strip()


def _head_text(tag: Tag, limit: int = 80) -> str:
    """The first `limit` characters of `_text(tag)`, without reading the rest of the tree."""
    parts: list[str] = []
    size = 0
    for piece in tag.strings:
        if type(piece) is not NavigableString:
            continue
        parts.append(piece)
        size += len(piece) + 1
        if size > 2 * limit:
            break
    return _WS.sub(" ", " ".join(parts)).strip()[:limit]


def visible_text(tag: Tag) -> str:
    """The text of `tag` without what `_SKIP` elements (buttons, scripts, forms) hold."""
    parts: list[str] = []
    stack = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node is not tag and node.name in _SKIP:
                continue
            stack.extend(reversed(list(node.children)))
        elif type(node) is NavigableString:
            parts.append(str(node))
            parts.append(" ")
    return _WS.sub(" ", "".join(parts)).strip()


def _lang_of(tag: Tag | None) -> str | None:
    while tag is not None and tag.name not in ("body", "html", "[document]"):
        lang = tag.get("lang") or tag.get("xml:lang")
        if lang:
            return str(lang).strip() or None
        tag = tag.parent
    return None


def _describe(tag: Tag) -> str:
    ident = tag.get("id")
    if ident:
        return f"{tag.name}#{ident}"
    classes = tag.get("class") or ()
    return tag.name + "".join("." + c for c in classes[:2])
