"""Two properties of the HTML pages that are not fields: the bytes and the declaration decide
the charset (bs4 never guesses), and the listing check works on a text rendering too."""

from bilinorm.decode import decode
from bilinorm.page import Page
from bilinorm.sites._listing import find_listing

from .html_cases import HTML_DATA


def _page(name: str) -> Page:
    data = (HTML_DATA / name).read_bytes()
    return Page(data, decode(data, max_bytes=10**8), name)


def test_undeclared_windows_1252_is_read_from_the_bytes():
    page = _page("scholarly_sandcrawler_genders_g58_fairlie.html")
    assert (page.decoded.encoding, page.decoded.method) == ("cp1252", "detected")
    assert "Analysis of Hitchcock’s Rope" in page.text  # byte 0x92
    assert "Hitchcock\u00c2" not in page.text and "\ufffd" not in page.text


def test_declared_latin_1_is_read_as_its_superset():
    page = _page("scholarly_ieeexplore_latin1.html")
    assert (page.decoded.encoding, page.decoded.method) == ("cp1252", "declared")
    assert "0.01-0.1 &mu;m" in page.text  # the entity stays an entity until the tree reads it
    assert "0.01-0.1 μm" in page.soup.get_text()


def test_listing_check_reads_a_text_rendering_as_well():
    html = _page("chinese_magtech_zwkxxb_toc.html")
    rendering = html.text_view.encode("utf-8")
    as_text = Page(rendering, decode(rendering, max_bytes=10**8), "toc.txt")
    assert as_text.format == "text"
    from_html, from_text = find_listing(html), find_listing(as_text)
    assert (from_html.articles, from_html.issue) == (20, "2005 Vol. 23 (2)")
    assert (from_text.articles, from_text.citation_lines, from_text.issue) == (20, 20, "2005 Vol. 23 (2)")


def test_an_article_page_with_reference_links_is_no_listing():
    page = _page("scholarly_ieeexplore_latin1.html")  # its references link five abstracts
    assert find_listing(page) is None
