"""HTML parsing and a text rendering of it that keeps line and table-cell structure."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import XMLParsedAsHTMLWarning
from bs4 import MarkupResemblesLocatorWarning

from .page import BLOCK_TAGS, DROP_TAGS

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


# Elements that never hold children.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Start tags that close the open element when it is one of these (end tags HTML lets a page
# leave out), as a browser's tree builder does: `<li>a<li>b` is two siblings, not nested.
_CLOSES = {
    "p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th"},
    "th": {"td", "th"}, "tr": {"td", "th", "tr"}, "option": {"option"},
    "optgroup": {"option", "optgroup"}, "rt": {"rt", "rp"}, "rp": {"rt", "rp"},
    **dict.fromkeys(("thead", "tbody", "tfoot"), {"td", "th", "tr", "thead", "tbody", "tfoot"}),
    **dict.fromkeys("address article aside blockquote div dl fieldset figure footer form h1 h2 "
                    "h3 h4 h5 h6 header main nav ol pre section table ul".split(), {"p"}),
}
# No `<` inside a tag: with `[^>]*`, every `<a ` of a page of unclosed tags scans to its end
# (quadratic time). A `<` in a quoted attribute only hides that tag from the depth count.
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^<>]*)>")


def parse_html(text: str, *, max_depth: int) -> BeautifulSoup:
    """Parse decoded text (never bytes: the charset was settled by `decode`) with lxml."""
    text = _bounded(text, max_depth)
    with warnings.catch_warnings():
        # XHTML pages with an <?xml?> prolog are still HTML pages; a tiny page may look like a
        # file name. Neither is worth a warning on the user's terminal.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, "lxml")


def _bounded(text: str, max_depth: int) -> str:
    return flatten_deep(text, max_depth) if text.count("<") > max_depth else text


def flatten_deep(text: str, max_depth: int) -> str:
    """Drop start tags nested beyond `max_depth`, and their end tags (the text stays): a page
    nested thousands deep is an attack or a broken scrape, and the tree must stay bounded.
    Nesting is followed with a stack of open elements that closes implied end tags the way
    the parser will, so a long page of unclosed `<p>`, `<li>` or `<td>` loses nothing."""
    stack: list[tuple[str, bool]] = []  # (name, start tag kept)
    where: dict[str, list[int]] = {}  # name -> its positions in the stack, innermost last
    out: list[str] = []
    pos = 0

    def pop() -> None:
        where[stack.pop()[0]].pop()

    for m in _TAG.finditer(text):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID or (not closing and m.group(3).endswith("/")):
            continue
        if closing:
            if not where.get(name):
                continue  # a stray end tag: the parser ignores it too
            at = where[name][-1]
            keep = stack[at][1]
            while len(stack) > at:
                pop()
        else:
            implied = _CLOSES.get(name, ())
            while stack and stack[-1][0] in implied:
                pop()
            keep = len(stack) < max_depth
            where.setdefault(name, []).append(len(stack))
            stack.append((name, keep))
        if not keep:
            out.append(text[pos:m.start()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def render_text(soup: BeautifulSoup) -> str:
    """Text of the page with block elements on their own lines and each table cell followed
    by ` |` (a row reads `a | b |`, as text renderings of catalog pages print it); scripts,
    styles and comments dropped. Iterative, so deep pages cannot overflow."""
    parts: list[str] = []
    stack: list[object] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            parts.append(node)  # a marker pushed below
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                parts.append(_WS.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in DROP_TAGS:
            continue
        if name in ("td", "th"):
            stack.append(" | ")
        elif name in BLOCK_TAGS:
            stack.append("\n")
        stack.extend(reversed(node.contents))
        if name in BLOCK_TAGS:
            stack.append("\n")
    return _lines("".join(parts))


def _lines(text: str) -> str:
    """Lines stripped, runs of blank lines made one."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def render_html(text: str, *, max_depth: int) -> str:
    """`render_text(parse_html(text))`, without building the BeautifulSoup tree: the parser's
    events (the same parser, options and input BeautifulSoup builds its tree from) go straight
    to the rendering, with BeautifulSoup's rules for strings. The same text, several times
    faster; a page a text reader takes never pays for the tree."""
    from lxml import etree

    target = _Renderer()
    parser = etree.HTMLParser(target=target, recover=True)
    try:
        parser.feed(_bounded(text, max_depth))
        return _lines(parser.close())
    except etree.LxmlError:  # nothing the parser could make an element of
        return _lines(target.close())


# Elements whose strings BeautifulSoup keeps in their own classes, which `render_text` skips:
# scripts, styles and templates (dropped anyway) and ruby annotations.
_STRING_CONTAINERS = frozenset(("rt", "rp", "script", "style", "template"))
_ANNOTATION = frozenset(("rt", "rp"))
_KEEP_WHITESPACE = frozenset(("pre", "textarea"))  # BeautifulSoup's preserve_whitespace_tags
_ASCII_SPACE = str.maketrans("", "", " \n\t\x0c\r")


class _Renderer:
    """An lxml parser target that renders as `render_text` walks BeautifulSoup's tree."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending: list[str] = []  # consecutive data events: one string, as in BeautifulSoup
        self.open: list[tuple[str, bool]] = []  # (element, dropped)
        self.dropped = 0
        self.keep_whitespace = 0
        self.containers: list[str] = []

    def _string(self) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending = []
        if self.dropped or (self.containers and self.containers[-1] in _ANNOTATION):
            return
        if not self.keep_whitespace and not text.translate(_ASCII_SPACE):
            text = "\n" if "\n" in text else " "  # a whitespace-only string, as BeautifulSoup keeps it
        self.parts.append(_WS.sub(" ", text))

    def start(self, name, attrib, nsmap=None) -> None:
        self._string()
        drop = self.dropped > 0 or name in DROP_TAGS
        self.open.append((name, drop))
        if drop:
            self.dropped += 1
        elif name in BLOCK_TAGS:
            self.parts.append("\n")
        if name in _KEEP_WHITESPACE:
            self.keep_whitespace += 1
        if name in _STRING_CONTAINERS:
            self.containers.append(name)

    def end(self, name) -> None:
        self._string()
        for at in range(len(self.open) - 1, -1, -1):  # close up to the innermost open `name`
            if self.open[at][0] == name:
                break
        else:
            return  # a stray end tag
        while len(self.open) > at:
            tag, drop = self.open.pop()
            if drop:
                self.dropped -= 1
            elif tag in ("td", "th"):
                self.parts.append(" | ")
            elif tag in BLOCK_TAGS:
                self.parts.append("\n")
            if tag in _KEEP_WHITESPACE:
                self.keep_whitespace -= 1
            if tag in _STRING_CONTAINERS:
                self.containers.pop()

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        self._string()

    def pi(self, target, data=None) -> None:
        self._string()

    def doctype(self, *args) -> None:
        self._string()

    def close(self) -> str:
        self._string()
        return "".join(self.parts)
