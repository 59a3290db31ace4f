"""The text view of an HTML page is rendered from the parser's events (fast) and must be
exactly the rendering of the BeautifulSoup tree that adapters read (`render_text`)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.pages import html_page
from bilinorm.decode import decode
from bilinorm.html import parse_html, render_html, render_text

PAGES = sorted((Path(__file__).parent / "data" / "batch" / "html").glob("*.html"))


def both(text: str, max_depth: int = 256) -> tuple[str, str]:
    return render_text(parse_html(text, max_depth=max_depth)), render_html(text, max_depth=max_depth)


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_real_pages_render_the_same(path):
    text = decode(path.read_bytes(), max_bytes=10**8).text
    from_soup, from_tree = both(text)
    assert len(from_soup) > 500
    assert from_tree == from_soup


def test_generated_pages_render_the_same():
    for n in range(4):
        from_soup, from_tree = both(html_page(("vufind", "suppr")[n % 2], n).decode())
        assert from_tree == from_soup


def test_the_rules_that_differ_from_plain_lxml_text():
    page = ("<html><body><p>a</p>  \n  \n  <p>b</p><pre>  \n\n  </pre><textarea> \n </textarea>"
            "<ruby>漢<rt>kan <b>ji</b></rt>字<rp>(</rp></ruby> tail <!-- note --> after"
            "<table><tr><td>x</td><td>y</td></tr></table><script>var s;</script>end</body></html>")
    from_soup, from_tree = both(page)
    # lxml's own text_content() would give 'a  \n  \n  b  \n\n   \n 漢kan ji字( tail  afterxyvar s;end'
    assert from_tree == from_soup == "a\n\nb\n\n漢字 tail  after\n\nx | y |\n\nend"


_TAGS = ("div", "p", "span", "td", "th", "tr", "table", "pre", "textarea", "rt", "rp", "ruby",
         "br", "li", "ul", "b", "script", "style", "h2", "title", "head", "body", "html", "svg")
_TEXT = st.sampled_from(["a", "b c", " ", "\n", "  \n \n ", "\t", "\u00a0x", "中文", "&amp;", "&lt;",
                         "<!-- c -->", "<?pi x?>", "<![CDATA[d]]>", "|", "<br>", "<br/>", "</p>", "</td>"])


@st.composite
def soups(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        if draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>" if draw(st.integers(0, 3)) else f"</{tag}>")
        else:
            parts.append(draw(_TEXT))
    return "<html><body>" + "".join(parts) + "</body></html>"


@settings(max_examples=300, deadline=None)
@given(soups())
def test_tag_soup_renders_the_same(page):
    from_soup, from_tree = both(page)
    assert from_tree == from_soup


def test_deep_pages_render_the_same_after_flattening():
    page = "<html><body>" + "<div>" * 3000 + "<p>deep</p><p>text</p>" + "</div>" * 3000 + "</body></html>"
    from_soup, from_tree = both(page)
    assert from_tree == from_soup and "deep" in from_tree
