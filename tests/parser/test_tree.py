"""The readers' tree (lxml) read through `bilinorm.html` gives what BeautifulSoup gave on the
same page: the same children and strings of every element, the same text of every element,
the same rendering; on the corpus pages and on generated tag soup."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.decode import decode
from bilinorm.html import HiddenString, children, get_text, parse_html, render_text

from . import bs4_reference as ref

PAGES = sorted((Path(__file__).resolve().parents[1] / "data" / "html").glob("*.html"))


def _text_of(path: Path) -> str:
    return decode(path.read_bytes(), max_bytes=10**8).text


def _node(node) -> tuple[str, str, bool]:
    if isinstance(node, str):
        return ("string", str(node), not isinstance(node, HiddenString))
    return ("element", node.tag, False)


def _assert_read_alike(text: str, *, every: int = 1) -> int:
    soup, root = ref.soup_of(text), parse_html(text, max_depth=256)
    assert render_text(root) == ref.render_text(soup)
    pairs = ref.element_pairs(soup, root)
    for tag, el in pairs[::every]:
        assert [_node(n) for n in children(el)] == ref.contents(tag), f"<{tag.name}>"
        assert get_text(el, " ") == tag.get_text(" "), f"<{tag.name}>"
    return len(pairs)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_corpus_pages_read_as_beautifulsoup_read_them(path):
    # every element's children; the text of one element in five (all of them is slow in bs4)
    elements = _assert_read_alike(_text_of(path), every=5)
    assert elements > 50


# (no </body> or </html> inside: a page that goes on after them is read as a browser reads
# it, into the body, where BeautifulSoup left the rest outside; tests/parser/test_parse.py)
_TAGS = ("div", "p", "span", "td", "th", "tr", "table", "pre", "textarea", "rt", "rp", "ruby", "br",
         "li", "ul", "b", "script", "style", "template", "h2", "title", "head", "svg", "a")
_TEXT = st.sampled_from(["a", "b c", " ", "\n", "  \n \n ", "\t", "\u00a0x", "中文", "&amp;", "&lt;",
                         "<!-- c -->", "<?pi x?>", "|", "<br>", "<br/>", "</p>", "</td>", "Abstract"])


@st.composite
def tag_soup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        if draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>" if draw(st.integers(0, 3)) else f"</{tag}>")
        else:
            parts.append(draw(_TEXT))
    return "<html><body>" + "".join(parts) + "</body></html>"


@settings(max_examples=200, deadline=None)
@given(tag_soup())
def test_tag_soup_reads_as_beautifulsoup_read_it(page):
    _assert_read_alike(page)


def test_what_the_strings_rule_leaves_out_and_keeps():
    page = ("<html><body><p>a</p>  \n  \n  <p>b</p><pre>  \n\n  </pre><ruby>漢<rt>kan <b>ji</b></rt>字</ruby>"
            " tail <!-- note --> after<table><tr><td>x</td><td>y</td></tr></table>"
            "<script>var s;</script>end</body></html>")
    root = parse_html(page, max_depth=256)
    body = root[0]
    assert get_text(body) == "a\nb  \n\n  漢字 tail  afterxyend"
    assert get_text(body.find(".//script")) == "var s;"  # a script's own text is its content
    # spaces collapse within a string, not across the comment between two
    assert render_text(root) == "a\n\nb\n\n漢字 tail  after\n\nx | y |\n\nend"
    _assert_read_alike(page)
