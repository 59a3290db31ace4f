"""HTML parsing, the reading helpers the HTML readers share, and a text rendering of a page
that keeps line and table-cell structure.

The tree is lxml's (`lxml.html.document_fromstring` with plain `lxml.etree` elements):
libxml2 builds it in C, where BeautifulSoup builds Python objects from the same parser's
events (about 18 times as long, `bench/html_timing.py`). The readers were written against
BeautifulSoup, and the helpers here read the lxml tree the same way
(tests/parser/test_tree.py holds them to it):

- a page's text is its strings: element text and tails, never comments, and never the content
  of `script`, `style`, `template` or ruby annotations (`rt`, `rp`), which BeautifulSoup keeps
  as strings of other kinds (`HiddenString` here) that its `get_text` leaves out;
- a string of ASCII whitespace only is one line break if it holds one, else one space,
  except inside `pre` and `textarea`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterator

import lxml.html
from lxml import etree

from .page import BLOCK_TAGS, DROP_TAGS

Element = etree._Element

# A run of spaces, tabs and no-break spaces (not line breaks), to be made one space. A lone
# space, most of them, is not matched: the substitution is much faster for it.
_SPACE_RUN = re.compile(r"(?: [ \t\r\f\v\u00a0]|[\t\r\f\v\u00a0])[ \t\r\f\v\u00a0]*")
_OPEN_TAG = re.compile(r"<(?![!/?])")
# lxml refuses a str whose XML prolog declares an encoding (the text is decoded already); this
# is the pattern it checks, and how it removes the declaration itself for XML.
_XML_ENCODING = re.compile(r"^(<\?xml[^>]+)\s+encoding\s*=\s*[\"'][^\"']*[\"'](\s*\?>|)")
# libxml2's nesting limits, without and with `huge_tree`, and the error it logs at them
# ("Excessive depth in document"; of another type before libxml2 2.11)
_LIBXML2_DEPTH = 256
_LIBXML2_HUGE_DEPTH = 2048
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_DEEPER_THAN = etree.XPath("boolean(//*[count(ancestor::*) >= $n])")
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)

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

# Elements whose strings BeautifulSoup keeps in classes of their own, and where whitespace is
# kept as it is.
_HIDDEN = frozenset(("script", "style", "template", "rt", "rp"))
_KEEP_WHITESPACE = frozenset(("pre", "textarea"))
_SPECIAL = tuple(_HIDDEN | _KEEP_WHITESPACE)
_ASCII_SPACE = " \n\t\f\r"


class HiddenString(str):
    """A string in a script, style, template or ruby annotation: not the page's text."""

    __slots__ = ()


# --- parsing ----------------------------------------------------------------------------------


def parse_html(text: str, *, max_depth: int) -> Element:
    """Parse decoded text (never bytes: the charset was settled by `decode`) with lxml.html.
    A page nested deeper than `max_depth` loses the start tags beyond it (their text stays);
    a page nothing can be made of (a lone doctype) is an empty <html> element."""
    text = _XML_ENCODING.sub(r"\g<1>\g<2>", text, count=1)
    text = _keep_text_after_end(text)
    root, too_deep = _parse(text, huge=False)
    if too_deep or (max_depth < _LIBXML2_DEPTH and _DEEPER_THAN(root, n=max_depth)):
        root, _ = _parse(_flatten_deep(text, min(max_depth, _LIBXML2_HUGE_DEPTH)), huge=True)
    return root


def _parse(text: str, *, huge: bool) -> tuple[Element, bool]:
    """The tree, and whether libxml2 stopped building it at its depth limit (it drops the rest
    of the page then, without a word): 256 levels, 2048 with `huge`."""
    # lxml.etree's parser, not lxml.html's: the same libxml2 parser, without a Python call
    # to choose the class of every element the readers touch (a tenth of the time)
    parser = etree.HTMLParser(huge_tree=huge)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError:  # "Document is empty"
        root = parser.makeelement("html")
    return root, any(e.type == _RESOURCE_LIMIT or "Excessive depth" in e.message for e in parser.error_log)


def _keep_text_after_end(text: str) -> str:
    """A page that goes on after `</body>` or `</html>` (a template that closes the document
    early, two pages glued together) loses those end tags, so that the rest is in the body as
    a browser shows it: libxml2 would put what follows `</body>` outside the body, and drop
    whatever follows `</html>`."""
    end = _DOCUMENT_END.search(text)
    if end is None or not _DOCUMENT_END.sub("", _COMMENT.sub("", text[end.end():])).strip():
        return text
    return _DOCUMENT_END.sub("", text)


def flatten_if_deep(text: str, max_depth: int) -> str:
    """`text` with its nesting bounded for a tree builder that has no limit of its own."""
    return _flatten_deep(text, max_depth) if _nesting_could_exceed(text, max_depth) else text


def _nesting_could_exceed(text: str, max_depth: int) -> bool:
    return len(_OPEN_TAG.findall(text, 0, 200_000)) > max_depth and text.count("</") < len(text) // 2


def _flatten_deep(text: str, max_depth: int) -> str:
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


# --- elements ---------------------------------------------------------------------------------


def classes(el: Element) -> list[str]:
    return (el.get("class") or "").split()


def has_class(el: Element, name: str) -> bool:
    """`el` has the class `name` (one of its tokens, or its whole class attribute)."""
    value = el.get("class")
    return bool(value) and (name in value.split() or value == name)


def find(root: Element, tag: str, **attrs) -> Element | None:
    """The first element under `root` (not `root` itself) named `tag` whose attributes are
    `attrs`: `class_` for a class, `True` for any value, a pattern to search the value."""
    for el in root.iterdescendants(tag):
        if all(_attribute_matches(el, name, wanted) for name, wanted in attrs.items()):
            return el
    return None


def _attribute_matches(el: Element, name: str, wanted) -> bool:
    if name == "class_":
        return has_class(el, wanted)
    value = el.get(name)
    if wanted is True:
        return value is not None
    if isinstance(wanted, re.Pattern):
        return value is not None and wanted.search(value) is not None
    return value == wanted


def select(root: Element, selector: str) -> list[Element]:
    """The elements under `root` matching a CSS selector of descendant steps, each a tag
    name with an optional `.class` (`div.afflist li`, `dl.rprtid dt`), in document order."""
    return _selector_xpath(selector)(root)


def select_one(root: Element, selector: str) -> Element | None:
    found = select(root, selector)
    return found[0] if found else None


@cache
def _selector_xpath(selector: str) -> etree.XPath:
    steps = []
    for step in selector.split():
        tag, _, cls = step.partition(".")
        test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]" if cls else ""
        steps.append(f"{tag or '*'}{test}")
    return etree.XPath("descendant::" + "//".join(steps))


def contains(outer: Element, inner: Element) -> bool:
    """`inner` is inside `outer` (and is not `outer`)."""
    return any(parent is outer for parent in inner.iterancestors())


def next_element(el: Element, tag: str | None = None) -> Element | None:
    """The first following sibling element (named `tag`, when given)."""
    return next(el.itersiblings(tag) if tag else el.itersiblings(etree.Element), None)


def following_nodes(el: Element) -> list[Element | str]:
    """What follows `el` in its parent, as in `children`: its tail, the elements after it and
    their tails."""
    parent = el.getparent()
    hidden, keep = _context(parent) if parent is not None else (None, False)
    out: list[Element | str] = []
    if el.tail:
        out.append(_string(el.tail, hidden, keep))
    for sibling in el.itersiblings():
        if isinstance(sibling.tag, str):
            out.append(sibling)
        if sibling.tail:
            out.append(_string(sibling.tail, hidden, keep))
    return out


def children(el: Element) -> list[Element | str]:
    """The child nodes of `el` as BeautifulSoup lists them, without comments: elements and
    strings (a string in a script, style, template or ruby annotation is a `HiddenString`)."""
    hidden, keep = _context(el)
    out: list[Element | str] = []
    if el.text:
        out.append(_string(el.text, hidden, keep))
    for child in el:
        if isinstance(child.tag, str):
            out.append(child)
        if child.tail:
            out.append(_string(child.tail, hidden, keep))
    return out


# --- text -------------------------------------------------------------------------------------


def get_text(el: Element, sep: str = "", *, skip: Element | None = None) -> str:
    """The strings of `el` joined by `sep` (BeautifulSoup's `get_text(sep)`); a script, style,
    template or ruby annotation gives its own content. `skip`: an element left out."""
    return sep.join(strings(el, skip=skip))


def strings(el: Element, *, skip: Element | None = None) -> Iterator[str]:
    hidden, keep = _context(el)
    wanted = el.tag if el.tag in _HIDDEN else None
    if hidden == wanted and not keep and skip is None and next(el.iter(*_SPECIAL), None) is None:
        # no hidden strings and no kept whitespace below: lxml's own iterator, in C
        return (_string(t, None, False) for t in el.itertext())
    return (t for t, _ in _walk(el, hidden, keep, wanted, skip))


def visible_strings(el: Element) -> Iterator[tuple[str, Element]]:
    """The page's own strings under `el` (no hidden ones), each with the element it is in, in
    document order."""
    hidden, keep = _context(el)
    return _walk(el, hidden, keep, None, None)


def _walk(el: Element, hidden: str | None, keep: bool, wanted: str | None,
          skip: Element | None) -> Iterator[tuple[str, Element]]:
    """(string, parent element) for the strings under `el` whose kind is `wanted` (None: the
    page's text; a tag name: that element's hidden content)."""
    state = [(hidden, keep)]
    skipping = 0
    for event, node in etree.iterwalk(el, events=("start", "end", "comment", "pi")):
        if event == "start":
            if node is skip or skipping:
                skipping += 1
                continue
            outer_hidden, outer_keep = state[-1]
            tag = node.tag
            inner = (tag if tag in _HIDDEN else outer_hidden, outer_keep or tag in _KEEP_WHITESPACE)
            state.append(inner)
            if node.text and inner[0] == wanted:
                yield _string(node.text, inner[0], inner[1]), node
        elif event == "end":
            if skipping:
                skipping -= 1
                if skipping or node is not skip:
                    continue
            else:
                state.pop()
            if node is not el and node.tail and state[-1][0] == wanted:
                yield _string(node.tail, state[-1][0], state[-1][1]), node.getparent()
        elif not skipping and node.tail and state[-1][0] == wanted:  # a comment's tail
            yield _string(node.tail, state[-1][0], state[-1][1]), node.getparent()


def _context(el: Element) -> tuple[str | None, bool]:
    """The innermost hidden-string element around `el` (itself included), and whether
    whitespace is kept there."""
    hidden, keep = None, False
    node = el
    while node is not None:
        tag = node.tag
        if hidden is None and tag in _HIDDEN:
            hidden = tag
        if tag in _KEEP_WHITESPACE:
            keep = True
        node = node.getparent()
    return hidden, keep


def _string(value: str, hidden: str | None, keep: bool) -> str:
    value = _plain(value, keep)
    return HiddenString(value) if hidden else value


def _plain(value: str, keep: bool) -> str:
    if not keep and not value.strip(_ASCII_SPACE):
        return "\n" if "\n" in value else " "
    return value


# --- rendering --------------------------------------------------------------------------------


def render_text(root: Element) -> str:
    """Text of the page with block elements on their own lines and each table cell followed
    by ` |` (a row reads `a | b |`, as text renderings of catalog pages print it); scripts,
    styles and comments dropped. Iterative, so deep pages cannot overflow."""
    parts: list[str] = []
    stack: list = [(root, None, False)]
    while stack:
        item = stack.pop()
        if item.__class__ is str:  # a tail or what closes an element, ready to print
            parts.append(item)
            continue
        el, hidden, keep = item
        tag = el.tag
        hidden = tag if tag in _HIDDEN else hidden
        keep = keep or tag in _KEEP_WHITESPACE
        if tag in BLOCK_TAGS:
            parts.append("\n")
            stack.append("\n")
        elif tag == "td" or tag == "th":
            stack.append(" | ")
        if el.text and hidden is None:
            parts.append(_plain(el.text, keep))
        for child in reversed(el):
            if child.tail and hidden is None:
                stack.append(_plain(child.tail, keep))
            if child.tag.__class__ is str and child.tag not in DROP_TAGS:
                stack.append((child, hidden, keep))
    # Runs of spaces are made one within each string, never across two: the strings are
    # joined with a character no page text has (NUL is refused by `decode`, and libxml2
    # replaces it) for one substitution over the page.
    text = _SPACE_RUN.sub(" ", "\0".join(parts)).replace("\0", "")
    lines = (line.strip() for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
