"""A decoded input document, with the views site adapters read it through.

Views are computed once, on first use: an adapter that only needs the text never pays for an
HTML parse, and two adapters that both need the tree share one.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from typing import Any

from .decode import Decoded

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<meta|<body|<title|<div|<p[\s>])",
                         re.IGNORECASE | re.DOTALL)
_XML_START = re.compile(r"\s*(?:<\?xml|<!DOCTYPE\s+\w+|<[A-Za-z][\w:-]*[\s>])")

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody thead tfoot tr ul title caption option".split()
)
DROP_TAGS = frozenset("script style noscript template svg math iframe object head".split())


class Page:
    """One input document. `format` is `text`, `html`, `xml` or `json`."""

    def __init__(self, data: bytes, decoded: Decoded, path: str | None, *, max_html_depth: int = 256):
        self.data = data
        self.decoded = decoded
        self.path = path
        self.max_html_depth = max_html_depth
        self.format = sniff_format(decoded.text)
        if self.format == "json" and self.json is None:
            self.format = "text"

    @property
    def text(self) -> str:
        return self.decoded.text

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def soup(self) -> Any:
        from .html import parse_html

        return parse_html(self.text, max_depth=self.max_html_depth)

    @cached_property
    def text_view(self) -> str:
        """The page as lines of text: the document itself, or a rendering of its HTML in which
        each table cell is followed by ` |` (the shape text renderings of catalog pages have).
        Rendered from the parser's events, not from `soup`: the same text, and a page that a
        text reader takes never pays for building the BeautifulSoup tree."""
        if self.format != "html":
            return self.text
        from .html import render_html

        return render_html(self.text, max_depth=self.max_html_depth)

    @cached_property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text_view.split("\n")]

    @cached_property
    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):
            return None


def sniff_format(text: str) -> str:
    head = text[:2048]
    if _HTML_START.match(head):
        return "html"
    stripped = head.lstrip()
    if stripped[:1] in "{[":
        return "json"
    if _XML_START.match(head):
        return "xml"
    return "text"
