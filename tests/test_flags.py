"""Curator flags: the lost-exponent scan that only looks near `×10` finds what a scan of the
whole text with the pattern finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.flags import _LOST_EXPONENT, _lost_exponents

# Characters the pattern and its lead-up care about, and some it must stop at.
_ALPHABET = st.sampled_from(list("0123456789.,×xX ab中\n\t/;)?١٢") + ["10", "×10", " x 10 "])


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@settings(max_examples=600, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_lost_exponents_are_the_full_scan_matches(text):
    assert _spans(_lost_exponents(text)) == _spans(_LOST_EXPONENT.finditer(text))


def test_lost_exponents_in_real_abstract_text():
    text = ("received one intravenous infusion of 1×10 MSCs/kg of body weight, then 5.0 × 107 "
            "UCMSCs per time, totaling 10 infusions; 2 x 10 mg, 3×10⁶ cells")
    found = _spans(_lost_exponents(text))
    assert found == _spans(_LOST_EXPONENT.finditer(text))
    assert [g for _, _, g in found] == ["1×10", "5.0 × 107", "2 x 10"]
