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


def _keyword_boundaries_char_by_char(spaced, glued):
    """doaj_vufind._keyword_boundaries as first written: the reference."""
    if not glued or glued.replace(" ", "") != spaced.replace(" ", ""):
        return None
    keywords, current = [], []
    j = 0
    for ch in spaced:
        if ch == " ":
            if j < len(glued) and glued[j] == " ":
                current.append(ch)
                j += 1
            else:
                keywords.append("".join(current))
                current = []
            continue
        current.append(ch)
        j += 1
    keywords.append("".join(current))
    return [k for k in keywords if k]


_words = st.lists(st.sampled_from(["case", "report", "Sjögren’s", "a", "", "x y"]), max_size=6)


@settings(max_examples=400, deadline=None)
@given(_words, st.lists(st.booleans(), max_size=6))
def test_keyword_boundaries_as_char_by_char(words, glue):
    from bilinorm.sites.doaj_vufind import _keyword_boundaries

    spaced = " ".join(words)
    glued = "".join(w + ("" if g else " ") for w, g in zip(words, glue + [False] * len(words))).rstrip()
    for other in (glued, glued + " ", " " + glued, glued.replace(" ", "  ", 1)):
        assert _keyword_boundaries(spaced, other) == _keyword_boundaries_char_by_char(spaced, other)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ.)],] Cé中")), max_size=40))
def test_glue_boundaries_as_the_look_behind_pattern(text):
    import re

    from bilinorm.sites.doaj_vufind import _GLUE_BOUNDARY

    before = [m.start() for m in re.finditer(r"(?<=[a-z.)\]])(?=[A-Z])", text)]
    assert [m.start() for m in _GLUE_BOUNDARY.finditer(text)] == before


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :|\t\r中")), max_size=50))
def test_detail_labels_as_the_full_row_pattern(line):
    import re

    from bilinorm.sites.doaj_vufind import _DETAIL_ROW

    full = re.match(r"^([^|]{1,40}?):\s*\|\s*(.*?)\s*\|?$", line)
    short = _DETAIL_ROW.match(line)
    assert (short.group(1) if short else None) == (full.group(1) if full else None)


def test_suppr_rules_apply_in_order():
    from bilinorm.phrases import boilerplate_for
    from bilinorm.record import Draft
    from bilinorm.sites import suppr

    rules = boilerplate_for(suppr.NAME)
    lines = [phrase + " tail" for _, _, phrase in rules] + ["Suppr超能文献", "plain line"]
    draft = Draft(site=suppr.NAME)
    suppr._blocks(lines, draft)
    first = [next((k, n) for k, n, p in rules if line.startswith(p)) for line in lines[:len(rules) + 1]]
    assert [(r.kind, r.name) for r in draft.removed[:len(first)]] == first


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ, .Cb")), max_size=60), st.integers(1, 4))
def test_best_cuts_as_ranked_on_prefix_copies(glued, needed):
    from bilinorm.sites.doaj_vufind import _GLUE_BOUNDARY, _best_cuts

    def score(cut):
        before = glued[:cut]
        last_comma = before.rfind(",")
        tail_words = before[last_comma + 1:].split() if last_comma >= 0 else before.split()
        return (1 if last_comma >= 0 and len(tail_words) <= 3 else 0, -cut)

    cuts = [m.start() for m in _GLUE_BOUNDARY.finditer(glued)]
    assert _best_cuts(glued, cuts, needed) == sorted(sorted(cuts, key=score, reverse=True)[:needed])
