"""HTML parsing and a text rendering of it that keeps line and table-cell structure."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import XMLParsedAsHTMLWarning
from bs4 import MarkupResemblesLocatorWarning

from .page import BLOCK_TAGS, DROP_TAGS

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_OPEN_TAG = re.compile(r"<(?![!/?])")


def parse_html(text: str, *, max_depth: int) -> BeautifulSoup:
    """Parse decoded text (never bytes: the charset was settled by `decode`) with lxml."""
    if _nesting_could_exceed(text, max_depth):
        text = _flatten_deep(text, max_depth)
    with warnings.catch_warnings():
        # XHTML pages with an <?xml?> prolog are still HTML pages; a tiny page may look like a
        # file name. Neither is worth a warning on the user's terminal.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, "lxml")


def _nesting_could_exceed(text: str, max_depth: int) -> bool:
    return len(_OPEN_TAG.findall(text, 0, 200_000)) > max_depth and text.count("</") < len(text) // 2


def _flatten_deep(text: str, max_depth: int) -> str:
    """Drop start tags nested beyond `max_depth` (their text stays): a page nested thousands
    deep is an attack or a broken scrape, and the tree builder must stay bounded."""
    out: list[str] = []
    depth = 0
    pos = 0
    for m in re.finditer(r"<(/?)([A-Za-z][\w:-]*)([^>]*)>", text):
        closing, selfclosing = m.group(1), m.group(3).endswith("/")
        keep = True
        if closing:
            depth = max(0, depth - 1)
            keep = depth < max_depth
        elif not selfclosing and m.group(2).lower() not in ("br", "meta", "link", "img", "hr", "input"):
            depth += 1
            keep = depth <= max_depth
        out.append(text[pos:m.start()])
        if keep:
            out.append(m.group(0))
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
    text = "".join(parts)
    lines = (line.strip() for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
