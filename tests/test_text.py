"""The repair of kept text: the shortcut that skips ftfy must give what ftfy gives."""

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.text import _FTFY, _NOTHING_TO_FIX, repair

from .conftest import SEED_SUPPR

# Every range the shortcut accepts, and neighbours it must not accept.
ACCEPTED = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("\n\t"),
    st.characters(min_codepoint=0x3000, max_codepoint=0x3029),
    st.characters(min_codepoint=0x3030, max_codepoint=0x303F),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ACCEPTED, max_size=80))
def test_text_the_shortcut_accepts_is_text_ftfy_leaves_alone(text):
    assert _NOTHING_TO_FIX.match(text)
    assert repair(text) == ftfy.fix_text(text, _FTFY)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_repair_is_ftfy_and_control_removal_on_any_text(text):
    expected = ftfy.fix_text(text, _FTFY)
    assert repair(text) == "".join(c for c in expected if not _is_removed_control(c))


def _is_removed_control(c: str) -> bool:
    o = ord(c)
    return (o <= 0x08 or o in (0x0B, 0x0C) or 0x0E <= o <= 0x1F or 0x7F <= o <= 0x9F
            or c in "\u200b\u2028\u2029\ufeff")


def test_mojibake_tone_marks_and_entities_still_reach_ftfy():
    for text in ("Sjâ€™gren", "\u4e2d\u302a", "a &amp; b", "\u00e9t\u00e9", "caf\u0065\u0301",
                 "\u201cquoted\u201d"):
        assert not (_NOTHING_TO_FIX.match(text) and "&" not in text), text
    assert repair("Sjâ€™gren") == "Sj\u2019gren"


def test_the_chinese_fields_of_the_seed_take_the_shortcut():
    lines = [line for line in SEED_SUPPR.read_text(encoding="utf-8").splitlines()
             if any("\u4e00" <= c <= "\u9fff" for c in line)]
    taken = [line for line in lines if _NOTHING_TO_FIX.match(line)]
    assert lines and len(taken) >= len(lines) // 2
    assert all(repair(line) == ftfy.fix_text(line, _FTFY) for line in lines)
