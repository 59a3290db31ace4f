"""An HTML rendering of a text page gives the same facts as the text itself: the adapters read
`page.lines`, which for HTML is the rendering, and the rendering gives back the text's lines."""

import html

import pytest

from bilinorm import normalize
from bilinorm.decode import decode
from bilinorm.page import Page

from .conftest import SEED_SUPPR, SEED_VUFIND


def html_of(text: str) -> str:
    """The page as HTML: each line a <p>, each run of `a | b |` rows one <table>."""
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>page</title></head><body>']
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows:
            cells = ("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
            out.append("<table>" + "".join(cells) + "</table>")
            rows.clear()

    for line in text.split("\n"):
        if " | " in line or line.endswith(" |"):
            rows.append(line.rstrip().removesuffix("|").rstrip().split(" | "))
            continue
        close_table()
        if line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    close_table()
    out.append("</body></html>")
    return "\n".join(out)


def _page(data: bytes) -> Page:
    return Page(data, decode(data, max_bytes=10**8), "page")


@pytest.mark.parametrize("seed", [SEED_VUFIND, SEED_SUPPR], ids=["vufind", "suppr"])
def test_html_rendering_of_a_seed_reads_as_its_lines(seed):
    text = seed.read_bytes()
    rendered = html_of(text.decode("utf-8")).encode("utf-8")
    as_text, as_html = _page(text), _page(rendered)
    assert (as_text.format, as_html.format) == ("text", "html")
    # blank lines apart (every <p> is a block of its own), the lines are the text's lines
    assert [line for line in as_html.lines if line] == [line for line in as_text.lines if line]


@pytest.mark.parametrize("seed", [SEED_VUFIND, SEED_SUPPR], ids=["vufind", "suppr"])
def test_html_rendering_of_a_seed_gives_the_same_record(seed):
    text = seed.read_bytes()
    rendered = html_of(text.decode("utf-8")).encode("utf-8")
    from_text = normalize(text, path=seed.name).to_dict()
    from_html = normalize(rendered, path=seed.name).to_dict()
    assert (from_text["source"].pop("format"), from_html["source"].pop("format")) == ("text", "html")
    # the input bytes differ, so does their hash; every fact is the same
    from_text["source"].pop("sha256")
    from_html["source"].pop("sha256")
    assert from_html == from_text
