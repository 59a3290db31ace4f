import json
import math
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm import align
from bilinorm.align import align_sections, align_sentences
from bilinorm.record import Section

DATA = Path(__file__).parent / "data"


def load(name):
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {lang: [Section(**s) for s in data[lang]] for lang in ("en", "zh")}


SEED = load("align_seed003_sections.json")
SEED_TEXT = (DATA / "lang_seed003_9889bd8a31cbae1b.txt").read_text(encoding="utf-8")
JIZIHE = load("align_jizihe_sections.json")


def section(sections, label):
    return next(s for s in sections if s.label == label)


def ratio_of(abstract):
    return (sum(len(t) for s in abstract["en"] for t in s.sentences)
            / sum(len(t) for s in abstract["zh"] for t in s.sentences))


def as_text(groups, en, zh):
    return [(" ".join(en[i] for i in e), "".join(zh[j] for j in z)) for e, z in groups]


def assert_covers(groups, n, m):
    assert [i for e, _ in groups for i in e] == list(range(n))
    assert [j for _, z in groups for j in z] == list(range(m))
    for e, z in groups:
        assert (len(e), len(z)) in {(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)}


# --- the seed page ------------------------------------------------------------------------


def test_fixture_is_the_seed_text_split_into_sentences():
    assert [s.label for s in SEED["en"]] == [s.label for s in SEED["zh"]] == [
        "background", "methods", "results", "conclusions", "trial_registration"]
    for lang, joiner in (("en", " "), ("zh", "")):
        for s in SEED[lang]:
            assert s.text in SEED_TEXT
            assert joiner.join(s.sentences) == s.text


def test_seed_pairs_five_sections_by_label():
    pairs = align_sections(SEED)
    assert [(p.label, p.en, p.zh) for p in pairs] == [
        ("background", 0, 0), ("methods", 1, 1), ("results", 2, 2), ("conclusions", 3, 3),
        ("trial_registration", 4, 4)]
    for p in pairs:
        n = len(SEED["en"][p.en].sentences)
        assert p.sentences == [[[k], [k]] for k in range(n)]


def test_seed_results_sentences_a_reader_would_pair():
    pair = next(p for p in align_sections(SEED) if p.label == "results")
    en, zh = SEED["en"][pair.en].sentences, SEED["zh"][pair.zh].sentences
    aligned = as_text(pair.sentences, en, zh)
    # the page writes "95%\u2009CI" and "35.9%\u2009to" with thin spaces
    assert ("Of six patients, five (83.3%; 95%\u2009CI 35.9%\u2009to 99.6%) achieved the clinical endpoint"
            " of an SRI of 4.",
            "在 6 名患者中,有 5 名(83.3%;95%CI 35.9%至 99.6%)达到 SRI 为 4 的临床终点。") in aligned
    assert ("Adverse events were minimal.", "不良事件很少。") in aligned
    assert ("GARP-TGFβ complexes were significantly increased following the MSC infusions.",
            "GARP-TGFβ 复合物在 MSC 输注后显著增加。") in aligned


def test_seed_methods_three_one_to_one():
    pair = next(p for p in align_sections(SEED) if p.label == "methods")
    en, zh = SEED["en"][1].sentences, SEED["zh"][1].sentences
    assert len(en) == len(zh) == 3
    assert pair.sentences == [[[0], [0]], [[1], [1]], [[2], [2]]]
    assert as_text(pair.sentences, en, zh)[2][1].startswith("临床终点是 SRI 为 4")


RESULTS_EN = section(SEED["en"], "results").sentences
RESULTS_ZH = section(SEED["zh"], "results").sentences


@pytest.mark.parametrize("k", range(len(RESULTS_ZH) - 1))
def test_two_english_sentences_to_one_joined_chinese(k):
    zh = RESULTS_ZH[:k] + [RESULTS_ZH[k] + RESULTS_ZH[k + 1]] + RESULTS_ZH[k + 2:]
    groups = align_sentences(RESULTS_EN, zh, ratio_of(SEED))
    expected = [[[i], [i]] for i in range(k)] + [[[k, k + 1], [k]]] + [
        [[i + 1], [i]] for i in range(k + 1, len(zh))]
    assert groups == expected


@pytest.mark.parametrize("k", range(len(RESULTS_EN) - 1))
def test_one_joined_english_sentence_to_two_chinese(k):
    en = RESULTS_EN[:k] + [RESULTS_EN[k] + " " + RESULTS_EN[k + 1]] + RESULTS_EN[k + 2:]
    groups = align_sentences(en, RESULTS_ZH, ratio_of(SEED))
    expected = [[[i], [i]] for i in range(k)] + [[[k], [k, k + 1]]] + [
        [[i], [i + 1]] for i in range(k + 1, len(en))]
    assert groups == expected


def test_ratio_is_the_documents_own(monkeypatch):
    seen = []
    real = align.align_sentences
    monkeypatch.setattr(align, "align_sentences", lambda s, t, r: seen.append(r) or real(s, t, r))
    align_sections(SEED)
    assert seen == [pytest.approx(ratio_of(SEED))] * 5
    assert 2.5 < seen[0] < 3.2  # English takes about three characters for one Chinese one


# --- section pairing ----------------------------------------------------------------------


def renamed(sections, old, new, category=None):
    out = []
    for s in sections:
        if s.label == old:
            s = Section(new, category or s.category, s.heading, s.text, list(s.sentences))
        out.append(s)
    return out


def test_unmatched_labels_pair_by_category_after_labels():
    # 引言 labelled "introduction" (BACKGROUND); trial registration is BACKGROUND in the NLM
    # list too, but it pairs by its label first and leaves background to the category step.
    abstract = {"en": SEED["en"], "zh": renamed(SEED["zh"], "background", "introduction")}
    pairs = align_sections(abstract)
    assert [(p.label, p.en, p.zh) for p in pairs] == [
        ("background", 0, 0), ("methods", 1, 1), ("results", 2, 2), ("conclusions", 3, 3),
        ("trial_registration", 4, 4)]


def test_leftover_sections_stay_unpaired():
    abstract = {"en": [s for s in SEED["en"] if s.label != "conclusions"], "zh": SEED["zh"]}
    pairs = align_sections(abstract)
    assert [(p.label, p.en, p.zh) for p in pairs] == [
        ("background", 0, 0), ("methods", 1, 1), ("results", 2, 2), ("trial_registration", 3, 4)]


def test_same_label_pairs_in_order_of_appearance():
    results = section(SEED["en"], "results")
    first = Section("results", "RESULTS", None, "", results.sentences[:3])
    second = Section("results", "RESULTS", None, "", results.sentences[3:])
    zh_results = section(SEED["zh"], "results")
    zh_first = Section("results", "RESULTS", None, "", zh_results.sentences[:3])
    zh_second = Section("results", "RESULTS", None, "", zh_results.sentences[3:])
    pairs = align_sections({"en": [first, second], "zh": [zh_first, zh_second]})
    assert [(p.en, p.zh) for p in pairs] == [(0, 0), (1, 1)]
    assert pairs[1].sentences == [[[k], [k]] for k in range(4)]


def test_no_pairs_without_both_languages():
    assert align_sections({"en": SEED["en"]}) == []
    assert align_sections({"en": SEED["en"], "zh": []}) == []
    assert align_sections({}) == []


# --- the jizihe page: a real 2–1 ------------------------------------------------------------


def test_jizihe_pairs_objective_and_methods_only():
    pairs = align_sections(JIZIHE)
    assert [(p.label, p.en, p.zh) for p in pairs] == [("objective", 0, 0), ("methods", 1, 1)]
    assert pairs[0].sentences == [[[0], [0]]]
    assert_covers(pairs[1].sentences, 3, 2)


def test_jizihe_methods_two_english_sentences_in_one_chinese():
    # The transcript's English stops after the first clause of the second Chinese sentence
    # ("All patients were treated with conventional medications and lifestyle intervention.");
    # cut that Chinese sentence to the same clause. The first Chinese sentence says in one what
    # the English says in two: the 40 patients (2018–2020, 34 men, 6 women), then the random
    # split into two groups of 20.
    en = section(JIZIHE["en"], "methods").sentences
    zh = list(section(JIZIHE["zh"], "methods").sentences)
    zh[1] = zh[1][:zh[1].index(",")] + "。"
    assert zh[1] == "所有患者均使用常規(guī)藥物治療及生活方式干預(yù)。"
    ratio = (sum(map(len, en + JIZIHE["en"][0].sentences))
             / sum(map(len, zh + JIZIHE["zh"][0].sentences)))
    assert align_sentences(en, zh, ratio) == [[[0, 1], [0]], [[2], [1]]]


ALL_EN = [t for s in SEED["en"] for t in s.sentences]
ALL_ZH = [t for s in SEED["zh"] for t in s.sentences]


def test_anchors_decide_where_lengths_do_not():
    # A 2–1 then a 1–2 shifts a boundary that lengths alone read as three 1–1 beads. The
    # shared MSC/SLEDAI/1×10 and SRI/BILAG/0.3/10/20 anchors put it back.
    en = [ALL_EN[0], ALL_EN[1], ALL_EN[2] + " " + ALL_EN[3]]
    zh = [ALL_ZH[0] + ALL_ZH[1], ALL_ZH[2], ALL_ZH[3]]
    expected = [[[0, 1], [0]], [[2], [1, 2]]]
    assert align_sentences(en, zh, ratio_of(SEED)) == expected
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "ANCHOR_WEIGHT", 0.0)
        assert align_sentences(en, zh, ratio_of(SEED)) == [[[0], [0]], [[1], [1]], [[2], [2]]]


def _random_beads(seed):
    """The whole seed abstract as one sequence, with random adjacent sentences joined on
    either side: a known answer with many 2–1 and 1–2 beads."""
    rng = random.Random(seed)
    en, zh, expected, i = [], [], [], 0
    while i < len(ALL_EN):
        roll = rng.random() if i + 1 < len(ALL_EN) else 1.0
        if roll < 0.2:
            expected.append([[len(en), len(en) + 1], [len(zh)]])
            en += ALL_EN[i:i + 2]
            zh.append(ALL_ZH[i] + ALL_ZH[i + 1])
            i += 2
        elif roll < 0.4:
            expected.append([[len(en)], [len(zh), len(zh) + 1]])
            en.append(ALL_EN[i] + " " + ALL_EN[i + 1])
            zh += ALL_ZH[i:i + 2]
            i += 2
        else:
            expected.append([[len(en)], [len(zh)]])
            en.append(ALL_EN[i])
            zh.append(ALL_ZH[i])
            i += 1
    return en, zh, expected


def test_random_bead_structures_from_real_sentences():
    cases = [_random_beads(seed) for seed in range(200)]
    assert sum(1 for _, _, e in cases for g in e if len(g[0]) != len(g[1])) > 200
    ratio = ratio_of(SEED)
    assert [align_sentences(en, zh, ratio) for en, zh, _ in cases] == [e for _, _, e in cases]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "ANCHOR_WEIGHT", 0.0)
        without = sum(align_sentences(en, zh, ratio) == e for en, zh, e in cases)
    assert without < len(cases)


# --- shapes and invariants ----------------------------------------------------------------


def test_empty_and_one_sided():
    assert align_sentences([], [], 3.0) == []
    assert align_sentences(["Adverse events were minimal."], [], 3.0) == [[[0], []]]
    assert align_sentences([], ["不良事件很少。", "NCT03171194。"], 3.0) == [[[], [0]], [[], [1]]]


def test_one_to_nothing_only_when_needed():
    groups = align_sentences(RESULTS_EN[:1], RESULTS_ZH[:3], ratio_of(SEED))
    assert_covers(groups, 1, 3)
    assert sum(1 for e, _ in groups if not e) == 1
    assert all(e and z for e, z in align_sentences(RESULTS_EN, RESULTS_ZH[:5], ratio_of(SEED)))


REAL_SENTENCES = [t for lang in ("en", "zh") for s in SEED[lang] + JIZIHE[lang] for t in s.sentences]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(REAL_SENTENCES) | st.text(max_size=120), max_size=14),
    st.lists(st.sampled_from(REAL_SENTENCES) | st.text(max_size=120), max_size=14),
    st.floats(min_value=0.05, max_value=20, allow_nan=False),
)
def test_groups_cover_every_sentence_once_in_order(src, tgt, ratio):
    groups = align_sentences(src, tgt, ratio)
    assert_covers(groups, len(src), len(tgt))
    assert align_sentences(src, tgt, ratio) == groups


# --- the fast paths give what the plain Gale–Church table gives ---------------------------
# align_sentences fills in only the cells of the table that can be on a best path, or none
# when the straight alignment is certain. The reference is the whole table as this module
# computed it before (every cell, beads pushed forward in BEADS order, anchor sets with the
# plain Latin words): the beads must be the same, and so must the cost after each, to the bit.

_REF_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_REF_WORD = re.compile(r"[A-Za-z\u0391-\u03c9][A-Za-z0-9\u0391-\u03c9]*")


def _reference_anchors(sentence):
    strong, every = set(_REF_NUMBER.findall(sentence)), set(_REF_NUMBER.findall(sentence))
    for w in _REF_WORD.findall(sentence):
        if align._is_abbreviation(w):
            strong.add(w)
        every.add(w)
        if w.lower() in align._NUMBER_WORDS:
            every.add(align._NUMBER_WORDS[w.lower()])
    return strong, every


def _reference_table(src, tgt, ratio):
    n, m = len(src), len(tgt)
    anchors = [_reference_anchors(s) for s in src], [_reference_anchors(s) for s in tgt]
    lengths = [len(s) for s in src], align._scaled_lengths(tgt, ratio)

    def span(side, start, end):
        if start == end:
            return 0.0, set(), set()
        picked = range(start, end)
        length = lengths[side][start] if end - start == 1 else lengths[side][start] + lengths[side][start + 1]
        return (length, set().union(*(anchors[side][k][0] for k in picked)),
                set().union(*(anchors[side][k][1] for k in picked)))

    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj, prior in align.BEADS:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                s, t = span(0, i, a), span(1, j, b)
                mean = (s[0] + t[0]) / 2
                length = 0.0 if mean == 0 else -math.log(max(math.erfc(
                    abs(s[0] - t[0]) / math.sqrt(align.VARIANCE * mean) / math.sqrt(2)), 1e-300))
                key = s[1] | t[1]
                anchor = 0.0 if not key or not s[0] or not t[0] else \
                    align.ANCHOR_WEIGHT * (1 - 2 * len(key & s[2] & t[2]) / len(key))
                total = cost[i][j] + prior + (length + anchor)
                if total < cost[a][b]:
                    cost[a][b], back[a][b] = total, (di, dj)
    moves, costs, i, j = [], [], n, m
    while i or j:
        moves.append(back[i][j])
        costs.append(cost[i][j])
        i, j = i - back[i][j][0], j - back[i][j][1]
    return moves[::-1], costs[::-1]


def _best_path(src, tgt, ratio):
    return align._best_path(align._sentence_spans([len(s) for s in src], src),
                            align._sentence_spans(align._scaled_lengths(tgt, ratio), tgt))


def assert_as_the_whole_table(src, tgt, ratio):
    moves, costs = _best_path(src, tgt, ratio)
    assert (moves, costs) == _reference_table(src, tgt, ratio)
    i = j = 0
    expected = []
    for di, dj in moves:
        expected.append([list(range(i, i + di)), list(range(j, j + dj))])
        i, j = i + di, j + dj
    assert align_sentences(src, tgt, ratio) == expected


def test_seed_sections_as_the_whole_table():
    for en, zh in zip(SEED["en"], SEED["zh"]):
        assert_as_the_whole_table(en.sentences, zh.sentences, ratio_of(SEED))


def test_random_bead_structures_as_the_whole_table():
    for seed in range(40):
        en, zh, _ = _random_beads(seed)
        assert_as_the_whole_table(en, zh, ratio_of(SEED))
        assert_as_the_whole_table(en[: len(en) // 2], zh, ratio_of(SEED))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "ANCHOR_WEIGHT", 0.0)
        for seed in range(10):
            en, zh, _ = _random_beads(seed)
            assert_as_the_whole_table(en, zh, ratio_of(SEED))


def test_both_ways_are_taken(monkeypatch):
    """Short sections of the seed are certain without a table; a section of the whole
    abstract, or unequal counts, fill in the band."""
    tables = []
    real = align._best_moves
    monkeypatch.setattr(align, "_best_moves", lambda *a: tables.append(a) or real(*a))
    for en, zh in zip(SEED["en"], SEED["zh"]):
        align_sentences(en.sentences, zh.sentences, ratio_of(SEED))
    assert tables == []
    _best_path(ALL_EN, ALL_ZH, ratio_of(SEED))
    assert len(tables) == 1
    en, zh = section(JIZIHE["en"], "methods").sentences, section(JIZIHE["zh"], "methods").sentences
    _best_path(en, zh, ratio_of(JIZIHE))
    assert len(tables) == 2
    assert_as_the_whole_table(ALL_EN, ALL_ZH, ratio_of(SEED))
    assert_as_the_whole_table(en, zh, ratio_of(JIZIHE))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(REAL_SENTENCES) | st.text(max_size=60), max_size=10),
    st.lists(st.sampled_from(REAL_SENTENCES) | st.text(max_size=60), max_size=10),
    st.floats(min_value=0.05, max_value=20, allow_nan=False),
    st.sampled_from([3.0, 3.0, 0.0, 1.5]),
)
def test_any_sentences_as_the_whole_table(src, tgt, ratio, weight):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "ANCHOR_WEIGHT", weight)
        assert_as_the_whole_table(src, tgt, ratio)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(REAL_SENTENCES + ["", "MSC.", "一。"]),
       st.sampled_from(REAL_SENTENCES + ["", "MSC。", "6."]),
       st.integers(0, 8), st.integers(0, 8), st.sampled_from([2.7, 1.0, 0.4]))
def test_repeated_sentences_tie_as_the_whole_table(one, other, n, m, ratio):
    """The same sentence over and over: many ways cost exactly the same, and the first of
    them in the table's order must win."""
    assert_as_the_whole_table([one] * n, [other] * m, ratio)


@pytest.mark.parametrize("weight", [3.0, 0.0])
@pytest.mark.parametrize("sentence", ["Adverse events were minimal.", "MSC 6.", "", "x"])
def test_mirrored_sentences_tie_as_the_whole_table(sentence, weight, monkeypatch):
    """The same sentences on both sides at ratio 1: 2–1 and 1–2 (1–0 and 0–1) ways cost
    exactly the same, mirrored, and the order of the beads decides."""
    monkeypatch.setattr(align, "ANCHOR_WEIGHT", weight)
    for n in range(7):
        for m in range(7):
            assert_as_the_whole_table([sentence] * n, [sentence] * m, 1.0)


def _least_ways(r, s, weight, *, crooked=False):
    """By brute force: the least cost of any way (any way with a bead other than 1–1, if
    `crooked`) to align r sentences with s, each bead at the least it can cost."""
    least = {(di, dj): prior - (weight if di and dj else 0) for di, dj, prior in align.BEADS}
    best = {(0, 0, False): 0.0}
    for i in range(r + 1):
        for j in range(s + 1):
            for bent in (False, True):
                here = best.get((i, j, bent))
                if here is None:
                    continue
                for (di, dj), c in least.items():
                    key = (i + di, j + dj, bent or (di, dj) != (1, 1))
                    if key[0] <= r and key[1] <= s and here + c < best.get(key, math.inf):
                        best[key] = here + c
    return min(v for (i, j, bent), v in best.items() if (i, j) == (r, s) and (bent or not crooked))


@pytest.mark.parametrize("weight", [0.0, 1.5, 3.0, 6.0])
def test_least_rest_and_least_crooked_are_the_least(weight):
    least_rest = align._least_rest(weight)
    for r in range(10):
        for s in range(10):
            assert least_rest[r, s] == pytest.approx(_least_ways(r, s, weight), abs=1e-9)
    for n in range(1, 10):
        assert align._least_crooked(n, weight) <= _least_ways(n, n, weight, crooked=True) + 1e-9
    assert align._least_crooked(3, weight) == pytest.approx(_least_ways(3, 3, weight, crooked=True))
