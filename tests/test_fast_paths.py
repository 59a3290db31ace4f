"""Faster paths give exactly what the plain code they replace gives."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.serialize import to_json_bytes

from .conftest import ROOT

_leaves = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True)
           | st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
           | st.sampled_from(["\u2028", "\x00\x1f\x7f", '"\\/', "中文。", "é", "\t\n\r\b\f"]))
_json = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=40)


def reference(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "surrogatepass")


@settings(max_examples=400, deadline=None)
@given(_json)
def test_same_bytes_as_json_dumps(data):
    assert to_json_bytes({"value": data}) == reference({"value": data})
    if isinstance(data, dict):
        assert to_json_bytes(data) == reference(data)


def test_committed_records_round_trip_to_the_same_bytes():
    for path in sorted((ROOT / "output").glob("doi_*.json")):
        data = path.read_bytes()
        assert to_json_bytes(json.loads(data)) == data == reference(json.loads(data))


def test_non_string_keys_as_json_converts_them():
    data = {1: "a", 2.5: [], False: {}, None: 0}
    assert to_json_bytes(data) == reference(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=300))
def test_control_share_counts_as_before(text):
    from bilinorm.decode import _control_share

    sample = text[:8192]
    counted = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v\x1e\x1f")
    assert _control_share(text) == counted / max(1, len(sample))


_OLD_FIELD_ROW = __import__("re").compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*) \| ?(.*?)(?: ?\|)?$")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_1.- |\t|é中\r\u2028")), max_size=30))
def test_vufind_field_rows_read_as_before(line):
    from bilinorm.sites.doaj_vufind import _field_row

    old = _OLD_FIELD_ROW.match(line)
    assert _field_row(line) == ((old.group(1), old.group(2).strip()) if old else None)


def test_vufind_field_rows_of_the_seed_read_as_before():
    from bilinorm.sites.doaj_vufind import _field_row

    lines = (ROOT / "seeds" / "000_e617ffdf4fbe02f5.txt").read_text(encoding="utf-8").split("\n")
    rows = [_field_row(line.strip()) for line in lines]
    assert sum(r is not None for r in rows) >= 20
    assert rows == [((m.group(1), m.group(2).strip()) if (m := _OLD_FIELD_ROW.match(line.strip())) else None)
                    for line in lines]


def _align_sentences_as_written_before(src, tgt, ratio):
    """align.align_sentences before its loop was inlined: the reference."""
    import math

    from bilinorm import align

    n, m = len(src), len(tgt)
    src_spans = align._spans([len(s) for s in src], [align._anchors(s) for s in src])
    tgt_spans = align._spans(align._scaled_lengths(tgt, ratio), [align._anchors(s) for s in tgt])
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj, prior in align.BEADS:
                a, b = i + di, j + dj
                if a <= n and b <= m:
                    s, t = src_spans[i, a], tgt_spans[j, b]
                    mean = (s[0] + t[0]) / 2
                    length = 0.0 if mean == 0 else -math.log(max(math.erfc(
                        abs(s[0] - t[0]) / math.sqrt(align.VARIANCE * mean) / math.sqrt(2)), 1e-300))
                    key = s[1] | t[1]
                    anchor = 0.0 if not key or not s[0] or not t[0] else \
                        align.ANCHOR_WEIGHT * (1 - 2 * len(key & s[2] & t[2]) / len(key))
                    total = cost[i][j] + prior + (length + anchor)
                    if total < cost[a][b]:
                        cost[a][b] = total
                        back[a][b] = (di, dj)
    groups, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        groups.append([list(range(i - di, i)), list(range(j - dj, j))])
        i, j = i - di, j - dj
    return groups[::-1]


_WORDS = st.sampled_from("MSC SLEDAI the of cells B I A 5.0 107 CD27IgD 临床 试验。 β TGFβ one two".split())
_SENTENCES = st.lists(st.lists(_WORDS, max_size=12).map(" ".join), max_size=7)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES, _SENTENCES, st.sampled_from([0.3, 0.5, 1.0, 2.0]))
def test_sentence_alignment_as_before(src, tgt, ratio):
    from bilinorm.align import align_sentences

    assert align_sentences(src, tgt, ratio) == _align_sentences_as_written_before(src, tgt, ratio)


def test_sentence_alignment_of_the_seed_as_before():
    import bilinorm
    from bilinorm.align import align_sentences

    record = bilinorm.normalize((ROOT / "seeds" / "003_9889bd8a31cbae1b.txt").read_bytes())
    for pair in record.alignment:
        en, zh = record.abstract["en"][pair.en].sentences, record.abstract["zh"][pair.zh].sentences
        assert align_sentences(en, zh, 0.4) == _align_sentences_as_written_before(en, zh, 0.4)
