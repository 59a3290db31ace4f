"""Faster section splitting finds exactly the headings the plain rules find."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm import lexicon, sections
from bilinorm.lexicon import _lower, heading_prefixes, heading_start_pattern
from bilinorm.record import RawSection
from bilinorm.sections import (
    _CANDIDATE,
    _candidates,
    _find_headings,
    _heading_at,
    _positions,
    finish_section,
)

from .conftest import ROOT

# Where a heading can start, as the module docstring says it (the rule as first written).
_PLAIN_CANDIDATE = re.compile(
    r"(?:^|(?<=[.?!)\]\u3002\uff01\uff1f\u3011])|(?<=[.?!][\"'\u201d\u2019]))"
    r"[ \t\u00a0\u3000]*(?=\S)|(?=\u3010)", re.M)


def _plain_positions(text: str) -> list[int]:
    return sorted({m.end() for m in _PLAIN_CANDIDATE.finditer(text)})


def _headings_at_every_candidate(text: str) -> list:
    """_find_headings as it was: _heading_at tried at every place the plain rule gives."""
    hits = []
    for pos in _plain_positions(text):
        if hits and pos < hits[-1].body:
            continue
        hit = _heading_at(text, pos)
        if hit is not None and not hit.info.is_marker:
            hits.append(hit)
    if any(h.lower for h in hits):
        hits = [h.alt or h for h in hits]
    return hits


def _trie_words(node: dict, prefix: str = ""):
    """Every heading form the walk knows (the lexicon's keys and their glued variants)."""
    if "" in node:
        yield prefix
    for ch, child in node.items():
        if ch:
            yield from _trie_words(child, prefix + ch)


def _texts() -> list[str]:
    """Abstracts of the project's test data and seeds: every .txt under them, split in lines
    and in paragraphs, so that many start as abstracts do."""
    texts = []
    paths = [*(ROOT / "tests" / "data").rglob("*.txt"), *(ROOT / "seeds").glob("*.txt")]
    for path in sorted(paths):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts += [text, *text.split("\n\n")]
    return texts


_BREAKS = list(".?!)]\u3002\uff01\uff1f\u3011\u3010[\uff3b\"'\u201d\u2019\n\r\t \u00a0\u3000")
_PIECES = ["Background", "BACKGROUND", "Methods", "RESULTS", "Conclusion", "Objective",
           "MAIN OUTCOMEMEASURES", "Case report", "TRIAL REGISTRATION", "Abstract", "Keywords",
           "目的", "方法", "结果", "結(jié)果", "结论", "摘要", "【目的】", "[Results]", "patients",
           "The", "We", "a", "x", "3", "(s)", "\u2019s", "İ", "Σ", "İstanbul", "ΣΥΜΠΕΡΑΣΜΑ",
           *_BREAKS]


def _find(text: str) -> list:
    return _find_headings(text, _heading_at(text, 0) if text else None)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_candidates_as_the_plain_rule_gives(text):
    assert _positions(text, _CANDIDATE) == _plain_positions(text)
    assert set(_candidates(text)) <= set(_plain_positions(text))
    assert _find(text) == _headings_at_every_candidate(text)


def test_candidates_of_real_abstracts_as_the_plain_rule_gives():
    for text in _texts():
        assert _positions(text, _CANDIDATE) == _plain_positions(text)
        assert _find(text) == _headings_at_every_candidate(text)


def test_start_pattern_admits_every_heading_form_however_printed():
    """Every heading form the walk knows, printed in capitals, title case, with tabs or runs of
    spaces, curly apostrophes or pinyin: the walk finds it after a sentence end, and so the
    candidates keep its place."""
    words = list(_trie_words(lexicon._lexicon().trie))
    found = 0
    for word in words:
        pinyin = re.sub(r"([\u3400-\u9fff])", r"\1(jié)", word)
        for printed in {word, word.upper(), word.title(), word.replace(" ", "\t  "),
                        word.replace("'", "\u2019"), pinyin}:
            text = "x. " + printed + " Text"
            if heading_prefixes(text, 3):  # not `TARTIŞMA`: upper-cased ı lower-cases to i
                found += 1
                assert 3 in _candidates(text), printed
    assert len(words) > 6000 and found > 3 * len(words)


def test_start_pattern_is_read_from_the_lexicon():
    pattern = heading_start_pattern()
    assert re.match(pattern, "background") and re.match(pattern, "结果")
    assert not re.match(pattern, "we report") and not re.match(pattern, "6 women")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aBcΣσςİiIΑΩ \u00a0Ǆǅ\u1e9eß\u2126Kk")),
               max_size=12))
def test_lower_as_character_by_character(text):
    assert _lower(text) == "".join(c.lower() for c in text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .。！？ \t\n\r\u00a0\u3000\u2028\x1f")),
               max_size=30),
       st.sampled_from(["en", "zh"]))
def test_finished_text_as_before(text, lang):
    expected = re.sub(r"\s+", " ", text).strip()
    if lang == "zh":
        expected = re.sub(r"(?<=[。！？]) ", "", expected)
    assert finish_section(RawSection("Results", text), lang).text == expected


def test_split_sections_of_real_abstracts_as_the_plain_rule_gives(monkeypatch):
    texts = _texts()
    fast = [sections.split_sections(t, "en") for t in texts]
    assert sum(s.heading is not None for found in fast for s in found) > 100
    monkeypatch.setattr(sections, "_candidates", _plain_positions)
    assert fast == [sections.split_sections(t, "en") for t in texts]


def test_whitespace_is_what_str_split_and_regex_know_and_printable_excludes():
    """finish_section cleans whitespace with str.split(), as `\\s+` would, and keeps a
    printable text without double spaces as it is."""
    space = re.compile(r"\s")
    for c in map(chr, range(0x110000)):
        assert c.isspace() == bool(space.match(c))
        assert not (c.isspace() and c.isprintable()) or c == " "
