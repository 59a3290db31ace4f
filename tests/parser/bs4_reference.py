"""BeautifulSoup's reading of a page, the reference the lxml helpers in `bilinorm.html` are
held to: the readers were written against it, and records must not change with the parser.

`render_text` is the rendering as it was written for a BeautifulSoup tree.
"""

from __future__ import annotations

import re
import warnings

from bs4 import (BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag,
                 XMLParsedAsHTMLWarning)

from bilinorm.html import flatten_if_deep
from bilinorm.page import BLOCK_TAGS, DROP_TAGS

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def soup_of(text: str, max_depth: int = 256) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(flatten_if_deep(text, max_depth), "lxml")


def render_text(soup: BeautifulSoup) -> str:
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
    lines = (line.strip() for line in "".join(parts).split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def element_pairs(soup: BeautifulSoup, root) -> list[tuple[Tag, object]]:
    """Each element of the lxml tree with its BeautifulSoup counterpart (the trees have the
    same shape: libxml2 parses both)."""
    pairs = []
    stack = [(soup.find("html"), root)]
    while stack:
        tag, el = stack.pop()
        pairs.append((tag, el))
        tags = [c for c in tag.children if isinstance(c, Tag)]
        elements = [c for c in el if isinstance(c.tag, str)]
        assert [t.name for t in tags] == [e.tag for e in elements], f"shapes differ under <{tag.name}>"
        stack.extend(zip(tags, elements))
    return pairs


def contents(tag: Tag) -> list[tuple[str, str, bool]]:
    """`tag`'s children without comments, as (kind, name or text, plain string?)."""
    out = []
    for node in tag.children:
        if isinstance(node, Tag):
            out.append(("element", node.name, False))
        elif not isinstance(node, Comment):
            out.append(("string", str(node), type(node) is NavigableString))
    return out
