"""The site readers' fast paths give what the plain patterns give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.sites import _common

_PIECES = st.sampled_from([
    "NCT03171194", "NCT0317119", "xNCT03171194", "_NCT03171194", "ChiCTR-IOR-17011234",
    "ChiCTR2000012345", "EudraCT 2004-123456-12", "ISRCTN12345678", "NTR1234", "UMIN000012345",
    "ACTRN12614000123456", "CTRI/2020/05/012345", "JPRN-UMIN000012345", "é", "中", " ", ",", "(",
    "-", "1", "N", "C", "T", "a", "ChiCTR", "IRCT2015N1",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_trial_registrations_match_the_plain_pattern(text):
    plain = list(dict.fromkeys(m.group(0) for m in _common.TRIAL_PATTERN.finditer(text)))
    assert _common.trial_registrations(text) == plain


def test_trial_registrations_skip_ids_glued_to_a_word():
    assert _common.trial_registrations("xNCT03171194 and NCT03171195, NCT03171195") == ["NCT03171195"]
