"""Parsing decoded text into the readers' tree: what libxml2 would do on its own that a page
must not suffer (an encoding declaration refused, the rest of a page dropped after an early
`</html>` or beyond 256 levels of nesting), and what the depth limit keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilinorm import normalize
from bilinorm.errors import BilinormError
from bilinorm.html import get_text, parse_html

HTML = Path(__file__).resolve().parents[1] / "data" / "html"
PMC = HTML / "pmc_legacy_pmc2151964_abstract.html"


def _depth(root) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def _facts(data: bytes) -> dict:
    """The record without what differs with any change of the bytes: their hash and the
    size of the markup."""
    record = normalize(data, path="page.html").to_dict()
    record["source"].pop("sha256")
    record["removed"] = [r for r in record["removed"] if r["name"] != "html"]
    return record


def _insert(data: bytes, after: bytes, insertion: bytes) -> bytes:
    at = data.index(after) + len(after)
    return data[:at] + insertion + data[at:]


def test_a_str_page_that_declares_its_encoding_is_parsed():
    # lxml refuses a str that begins with an XML prolog declaring an encoding
    page = HTML / "pubmed_legacy_pmid15940349_abstractplus.html"
    assert page.read_bytes().startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    record = normalize(page.read_bytes(), path=page.name)
    assert record.identifiers.pmid == "15940349" and record.abstract["en"]


def test_a_page_closed_early_keeps_its_body():
    # a template that prints </body></html> right after <body>: libxml2 alone would put the
    # rest outside the body (and drop what follows </html>), and lose the abstract
    data = PMC.read_bytes()
    closed_early = _insert(data, data[data.index(b"<body"):data.index(b">", data.index(b"<body")) + 1],
                           b"</body></html>")
    assert _facts(closed_early) == _facts(data)


def test_text_after_the_end_of_the_document_is_kept():
    root = parse_html("<html><body><p>a</p></body></html>\n<p>more</p><!-- end -->", max_depth=256)
    assert get_text(root) == "a\nmore"
    # whitespace and comments after the end change nothing
    root = parse_html("<html><body><p>a</p></body></html>\n<!-- generated -->\n", max_depth=256)
    assert [el.tag for el in root.iter()][:3] == ["html", "body", "p"]


@pytest.mark.parametrize("limit", [256, 32])
def test_nesting_is_bounded_and_the_text_kept(limit):
    # libxml2 alone stops building at 256 levels and drops the rest of the page
    page = "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "<p>after</p></body></html>"
    root = parse_html(page, max_depth=limit)
    assert _depth(root) <= limit + 1
    assert get_text(root) == "deepafter"


def test_a_deep_page_is_bounded_after_many_parse_errors():
    page = ("<html><body>" + "<p><b>x</i></p>" * 300 + "<div>" * 3000 + "deep" + "</div>" * 3000
            + "<p>after</p></body></html>")
    root = parse_html(page, max_depth=256)
    assert _depth(root) <= 257 and get_text(root).endswith("xdeepafter")


def test_tags_in_an_attribute_value_do_not_count_as_nesting():
    # 400 <div> inside an onclick attribute once made the depth limit drop the start tags of
    # the rest of the page: CNKI's supervisor field ran on for 1,805 characters
    data = (HTML / "chinese_cnki_thesis_detail.html").read_bytes()
    assert b'onclick="' in data
    mutated = _insert(data, b'onclick="', b"<div>" * 400)
    assert _facts(mutated) == _facts(data)


@pytest.mark.parametrize("text", ["<!DOCTYPE html>", "<html", "<!-- only a comment --><html>"])
def test_a_page_with_nothing_to_parse_is_an_empty_tree(text):
    root = parse_html(text, max_depth=256)
    assert root.tag == "html" and get_text(root) == ""
    with pytest.raises(BilinormError):
        normalize(text.encode(), path="empty.html")
