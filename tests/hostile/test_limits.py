"""The documented limits (Config): bytes per document, characters per field, sections per
abstract, nesting depth of HTML. Each is enforced wherever it applies and says what it cut."""

from __future__ import annotations

import pytest

from bilinorm import normalize, validate
from bilinorm.batch.discover import InputFile
from bilinorm.batch.worker import process_input
from bilinorm.config import DEFAULT_CONFIG
from bilinorm.errors import InputTooLarge
from bilinorm.html import parse_html, render_text
from bilinorm.sentences import sentence_joiner

from ..conftest import SEED_SUPPR, SEED_VUFIND
from ..parser.bs4_reference import render_text as soup_rendering
from ..parser.bs4_reference import soup_of
from .properties import PAGES, check_document


def _tree_depth(root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def _field_texts(record):
    yield from record.title.values()
    yield from record.affiliations
    yield from (a.name for a in record.authors)
    yield from (w for words in record.keywords.values() for w in words)
    yield from (s.text for sections in record.abstract.values() for s in sections)


# --- bytes per document ------------------------------------------------------------------


def test_max_bytes_refuses_before_decoding():
    data = SEED_SUPPR.read_bytes()
    with pytest.raises(InputTooLarge) as caught:
        normalize(data, config=DEFAULT_CONFIG._replace(max_bytes=len(data) - 1))
    assert caught.value.reason == "too_large"
    assert normalize(data, config=DEFAULT_CONFIG._replace(max_bytes=len(data))).id


def test_max_bytes_in_the_batch_fails_the_document_only(tmp_path):
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_bytes(b"x" * 5_000_000)
    out = tmp_path / "out"
    out.mkdir()
    config = DEFAULT_CONFIG._replace(max_bytes=1_000_000)
    outcome = process_input(InputFile(str(big), "big.txt"), config, str(out))
    assert (outcome.status, outcome.reason) == ("failed", "too_large")
    assert list(out.iterdir()) == []


# --- characters per field ------------------------------------------------------------------


def test_a_huge_abstract_is_cut_with_a_warning():
    long_text = b"Results: the cat sat. " * 20_000
    page = SEED_VUFIND.read_bytes().replace(b"description | ", b"description | " + long_text, 1)
    record = normalize(page, config=DEFAULT_CONFIG._replace(max_field_chars=10_000))
    validate(record)
    texts = [s.text for s in record.abstract["en"]]
    assert max(map(len, texts)) <= 10_000
    cut = [w for w in record.warnings if w.code == "truncated_field"]
    assert cut and cut[0].path.startswith("abstract.en[") and "max_field_chars" in cut[0].detail
    for section in record.abstract["en"]:
        assert " ".join(section.sentences) == section.text


@pytest.mark.parametrize("seed", [SEED_VUFIND, SEED_SUPPR], ids=["vufind", "suppr"])
def test_every_field_kind_is_cut_to_the_limit(seed):
    record = normalize(seed.read_bytes(), config=DEFAULT_CONFIG._replace(max_field_chars=30))
    validate(record)
    assert all(len(text) <= 30 for text in _field_texts(record))
    paths = {w.path.split("[")[0].split(".")[0] for w in record.warnings if w.code == "truncated_field"}
    assert {"title", "affiliations", "abstract"} <= paths
    full = normalize(seed.read_bytes())
    assert not [w for w in full.warnings if w.code == "truncated_field"]


# --- sections per abstract -----------------------------------------------------------------


def test_sections_beyond_the_limit_merge_into_the_last():
    full = normalize(SEED_SUPPR.read_bytes())
    capped = normalize(SEED_SUPPR.read_bytes(), config=DEFAULT_CONFIG._replace(max_sections=2))
    validate(capped)
    for lang, sections in capped.abstract.items():
        assert len(full.abstract[lang]) > 2 and len(sections) == 2
        assert sections[0] == full.abstract[lang][0]
        joiner = sentence_joiner(lang)
        assert sections[1].text == joiner.join(s.text for s in full.abstract[lang][1:])
        assert joiner.join(sections[1].sentences) == sections[1].text
    flagged = {w.path for w in capped.warnings if w.code == "too_many_sections"}
    assert flagged == {f"abstract.{lang}[1]" for lang in capped.abstract}
    check_document(SEED_SUPPR.read_bytes(), DEFAULT_CONFIG._replace(max_sections=1))


# --- nesting depth of HTML -------------------------------------------------------------------

DEEP_PAGES = {
    "divs": "<html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000,
    "after_long_text": "<html><body>" + "word " * 50_000 + "<div>" * 5000 + "x",
    "after_stray_end_tags": "<html><body>" + "</b>" * 100_000 + "<div>" * 5000 + "x",
    "unclosed_inline": "<html><body>" + "<b>" * 5000 + "x",
    "nested_tables": "<html><body>" + "<table><tr><td>" * 3000 + "x",
    "nested_lists": "<html><body>" + "<ul><li>" * 3000 + "x",
}


@pytest.mark.parametrize("name", DEEP_PAGES)
@pytest.mark.parametrize("limit", [16, 256])
def test_html_depth_is_bounded(name, limit):
    tree = parse_html(DEEP_PAGES[name], max_depth=limit)
    assert _tree_depth(tree) <= limit + 2  # the parser may add <html> and <body>
    assert "x" in render_text(tree)  # text below the limit is kept


@pytest.mark.parametrize("page", [p for p in PAGES if p.suffix == ".html"], ids=lambda p: p.name)
def test_depth_limit_loses_nothing_from_real_pages(page):
    text = page.read_text("utf-8", errors="replace")
    assert text.count("<") > 256  # so the limit does run over it
    assert render_text(parse_html(text, max_depth=256)) == soup_rendering(soup_of(text, max_depth=10**6))


def test_unclosed_paragraphs_list_items_and_cells_are_not_nesting():
    rows = "".join(f"<tr><td>r{i}<td>c{i}" for i in range(600))
    items = "".join(f"<li>item {i}" for i in range(600))
    paras = "".join(f"<p>para {i}" for i in range(600))
    text = f"<html><body><table>{rows}</table><ul>{items}</ul>{paras}</body></html>"
    assert render_text(parse_html(text, max_depth=32)) == soup_rendering(soup_of(text, max_depth=10**6))


def test_a_deep_page_normalizes_within_bounds():
    for name, page in DEEP_PAGES.items():
        check_document(page.encode("utf-8"))
    record_page = SEED_SUPPR.read_text("utf-8").replace("\n", "<br>\n")
    deep = "<html><body>" + "<span>" * 4000 + record_page
    outcome = check_document(deep.encode("utf-8"))
    assert outcome.records, outcome.error  # the article under the deep nesting is still read


def test_normalize_command_reads_no_more_than_max_bytes(capsys):
    """`bilinorm normalize /dev/zero` (endless bytes, size 0 on stat) fails at once."""
    from bilinorm.cli import main

    assert main(["normalize", "/dev/zero", "--max-bytes", "1M"]) == 1
    assert "too_large" in capsys.readouterr().err


@pytest.mark.xfail(strict=True, reason="a UTF-8 page with one damaged byte sequence is not UTF-8 to decode(); "
                                       "unless charset detection finds a plausible encoding it fails as undecodable "
                                       "instead of being read with U+FFFD (README, Hostile and broken input)")
def test_a_utf8_page_with_one_bad_byte_is_still_read():
    data = bytearray(SEED_SUPPR.read_bytes())
    data[data.index("摘要".encode()) + 1] = 0xFF  # inside a multi-byte sequence
    record = normalize(bytes(data))
    assert record.abstract["zh"]
