"""Pairing English and Chinese abstract sections, and their sentences.

Sections pair by label, then by NLM category, in order. Sentences align by a Gale–Church
dynamic programme over character lengths, scaled by the document's own EN/ZH length ratio,
and pulled together by anchors both languages share: numbers, identifiers and the Latin
abbreviations that Chinese text keeps (MSC, SLEDAI, NCT03171194).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict, deque
from collections.abc import Callable
from functools import lru_cache
from itertools import product

from .record import AlignmentPair, Section

Groups = list[list[list[int]]]

# Bead kinds (source sentences, target sentences) and their prior costs, -ln P, with the
# probabilities of Gale & Church (1993) less 2–2. 1–0 and 0–1 exist only so that every
# sentence lands in some group (e.g. one long Chinese sentence against three English); their
# prior makes them the last resort.
BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, -math.log(0.89)),
    (2, 1, -math.log(0.045)),
    (1, 2, -math.log(0.045)),
    (1, 0, -math.log(0.005)),
    (0, 1, -math.log(0.005)),
)
# Variance of the length difference per character of the source. Gale & Church measured 6.8
# for European pairs; English–Chinese lengths vary more.
VARIANCE = 12.0
# How much a bead's shared anchors can lower (all shared) or raise (none shared) its cost.
ANCHOR_WEIGHT = 3.0

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z\u0391-\u03c9][A-Za-z0-9\u0391-\u03c9]*")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
# The numeral of a number word in any case (six, Six, SIX), as `_NUMBER_WORDS[word.lower()]`
# finds it: a Latin or Greek word is lower-cased into ASCII only from ASCII.
_NUMERAL_OF = {"".join(letters): numeral for word, numeral in _NUMBER_WORDS.items()
               for letters in product(*({c, c.upper()} for c in word))}


def align_sections(abstract: dict[str, list[Section]], *, source: str = "en",
                   target: str = "zh") -> list[AlignmentPair]:
    """Pairs of `source`/`target` sections with their sentence alignment. Sections pair by
    label in order of appearance, then the rest by category; the rest stay unpaired."""
    src, tgt = abstract.get(source) or [], abstract.get(target) or []
    if not src or not tgt:
        return []
    pairs: dict[int, int] = {}
    for key in (lambda s: s.label, lambda s: s.category):
        _pair_by(key, src, tgt, pairs)
    src_chars = sum(len(s) for i in pairs for s in src[i].sentences)
    tgt_chars = sum(len(s) for j in pairs.values() for s in tgt[j].sentences)
    ratio = src_chars / tgt_chars if src_chars and tgt_chars else 1.0
    return [AlignmentPair(label=src[i].label, en=i, zh=j,
                          sentences=align_sentences(src[i].sentences, tgt[j].sentences, ratio))
            for i, j in sorted(pairs.items())]


def _pair_by(key: Callable[[Section], str], src: list[Section], tgt: list[Section],
             pairs: dict[int, int]) -> None:
    taken = set(pairs.values())
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, section in enumerate(tgt):
        if j not in taken:
            waiting[key(section)].append(j)
    for i, section in enumerate(src):
        queue = waiting.get(key(section))
        if i not in pairs and queue:
            pairs[i] = queue.popleft()


def align_sentences(src: list[str], tgt: list[str], ratio: float) -> Groups:
    """Groups `[[src indexes], [tgt indexes]]`, in order, covering every sentence of both
    sides exactly once. `ratio` is the document's source/target length ratio in characters."""
    src_anchors, tgt_anchors = [_anchors(s) for s in src], [_anchors(s) for s in tgt]
    bit = _token_bits(src_anchors + tgt_anchors)
    src_runs = _runs([len(s) for s in src], [_masks(a, bit) for a in src_anchors])
    tgt_runs = _runs(_scaled_lengths(tgt, ratio), [_masks(a, bit) for a in tgt_anchors])
    back = _best_moves(src_runs, tgt_runs)[1]
    groups: Groups = []
    i, j = len(src), len(tgt)
    while i or j:
        di, dj = back[i][j]
        groups.append([list(range(i - di, i)), list(range(j - dj, j))])
        i, j = i - di, j - dj
    groups.reverse()
    return groups


Run = tuple[float, int, int]
_P11, _P21, _P12, _P10, _P01 = (prior for _, _, prior in BEADS)
_NOTHING: Run = (0.0, 0, 0)


def _best_moves(src_runs: list[list[Run]], tgt_runs: list[list[Run]]
                ) -> tuple[list[list[float]], list[list[tuple[int, int]]]]:
    """The Gale–Church table: the least cost of aligning the first i source and j target
    sentences, and the bead that ends it; inf and (0, 0) in cells left out (see below).

    Each cell takes the cheapest bead into it, the first of equals in the order 2–1, 1–2, 1–1,
    1–0, 0–1 (the order in which a row-by-row sweep that pushes each cell's beads forward,
    in BEADS order, offers them), and every total is `(cost + prior) + _bead_cost`, so the
    floats are those of that sweep. The beads are tried from the last of that order to the
    first, keeping a bead when it costs no more than the best so far.

    Only cells that can be on a best path are filled in, which leaves the best path and its
    costs as they were, to the last bit. A cell's cost plus the least the rest can cost
    (`_least_rest`) is at most the cost of any whole alignment through it, and the best
    costs no more than the straight one (`_straight_cost`): a cell that would cost more than
    that less the rest is left out, and so are the beads from it. Before its length cost, the
    erfc and log that are most of the time, a bead is checked against that ceiling (or the
    best so far) with the least it can cost: its prior less ANCHOR_WEIGHT (length costs are
    never negative, anchor costs never below -ANCHOR_WEIGHT, and float addition is monotonic).
    What is left is a band along the diagonal, the cells near the best path.
    """
    n, m = len(src_runs) - 1, len(tgt_runs) - 1
    weight = ANCHOR_WEIGHT
    straight, diagonal = _straight_cost(src_runs, tgt_runs, weight)
    # Rounding moves a sum of n + m beads by far less than this (under 1e-13 (n + m)^2).
    bound = straight + 1e-9 * (n + m + 1) ** 2 * (1 + abs(weight))
    least_rest = _least_rest(weight)
    skip_src: list[float | None] = [None] * n  # 1–0 and 0–1 beads: when first needed
    skip_tgt: list[float | None] = [None] * m
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # The columns that beads from the two rows above can reach: from the first cell kept in
    # either to two past the last (0–1 beads then go on along the row while cells are kept).
    first, last = (0, 0), (-2, -2)  # of the row above, and the one above that
    for a in range(n + 1):
        row, moves = cost[a], back[a]
        up = cost[a - 1] if a else row
        up2 = cost[a - 2] if a > 1 else row
        one = src_runs[a - 1][1] if a else _NOTHING
        two = src_runs[a - 2][2] if a > 1 else _NOTHING
        b = 1 if a == 0 else min(first[0], first[1] + 1)
        reach = max(last[0] + 2, last[1] + 1)
        row_first, row_last = (m + 1, -2) if a else (0, 0)
        while b <= m and (b <= reach or row[b - 1] != inf):
            best = bound - least_rest[n - a, m - b]
            move = None
            if b:
                here = row[b - 1] + _P01
                if here <= best:
                    if (term := skip_tgt[b - 1]) is None:
                        term = skip_tgt[b - 1] = _bead_cost(_NOTHING, tgt_runs[b - 1][1], weight)
                    if here + term <= best:
                        best, move = here + term, (0, 1)
            if a:
                here = up[b] + _P10
                if here <= best:
                    if (term := skip_src[a - 1]) is None:
                        term = skip_src[a - 1] = _bead_cost(one, _NOTHING, weight)
                    if here + term <= best:
                        best, move = here + term, (1, 0)
                if b:
                    here = up[b - 1] + _P11
                    if here - weight <= best:
                        term = diagonal[a - 1] if a == b else _bead_cost(one, tgt_runs[b - 1][1], weight)
                        if here + term <= best:
                            best, move = here + term, (1, 1)
                    if b > 1:
                        here = up[b - 2] + _P12
                        if here - weight <= best:
                            total = here + _bead_cost(one, tgt_runs[b - 2][2], weight)
                            if total <= best:
                                best, move = total, (1, 2)
                    if a > 1:
                        here = up2[b - 1] + _P21
                        if here - weight <= best:
                            total = here + _bead_cost(two, tgt_runs[b - 1][1], weight)
                            if total <= best:
                                best, move = total, (2, 1)
            if move is not None:
                row[b], moves[b] = best, move
                row_first, row_last = min(row_first, b), b
            b += 1
        first, last = (row_first, first[0]), (row_last, last[0])
    return cost, back


def _straight_cost(src_runs: list[list[Run]], tgt_runs: list[list[Run]], weight: float
                   ) -> tuple[float, list[float]]:
    """The cost of one whole alignment, summed as `_best_moves` sums it: 1–1 beads down the
    diagonal, then the sentences left over one by one; and the costs of those 1–1 beads."""
    n, m = len(src_runs) - 1, len(tgt_runs) - 1
    diagonal = [_bead_cost(src_runs[k][1], tgt_runs[k][1], weight) for k in range(min(n, m))]
    total = 0.0
    for term in diagonal:
        total = total + _P11 + term
    for i in range(min(n, m), n):
        total = total + _P10 + _bead_cost(src_runs[i][1], _NOTHING, weight)
    for j in range(min(n, m), m):
        total = total + _P01 + _bead_cost(_NOTHING, tgt_runs[j][1], weight)
    return total, diagonal


class _LeastRest(dict[tuple[int, int], float]):
    """A lower bound on the cost of aligning `r` source sentences with `s` target ones, any
    way, by (r, s), for one anchor weight. No bead costs less than its prior less the weight
    (1–0 and 0–1: their prior), and with these priors the cheapest way takes 1–1 beads for
    the common part and takes up the difference with 2–1 (or 1–2) beads, then 1–0 (or 0–1)
    beads: beads of both directions together cost more than 1–1 beads for the same
    sentences (tests/test_align.py checks this against every way for small r and s)."""

    def __init__(self, weight: float):
        super().__init__()
        self.one, self.two, self.skip = _P11 - weight, _P21 - weight, _P10

    def __missing__(self, key: tuple[int, int]) -> float:
        r, s = key
        common, extra = min(r, s), abs(r - s)
        doubled = min(common, extra)
        value = (common - doubled) * self.one + doubled * self.two + (extra - doubled) * self.skip
        if len(self) < 1 << 16:  # the sizes of the sections seen, near the diagonal
            self[key] = value
        return value


@lru_cache(maxsize=4)
def _least_rest(weight: float) -> _LeastRest:
    return _LeastRest(weight)


def _bead_cost(src: Run, tgt: Run, weight: float) -> float:
    """_length_cost + _anchor_cost of two runs, with anchor sets as bit masks (the same
    operations in the same order, so the same floats)."""
    src_len, src_strong, src_every = src
    tgt_len, tgt_strong, tgt_every = tgt
    mean = (src_len + tgt_len) / 2
    if mean == 0:
        length = 0.0
    else:
        delta = abs(src_len - tgt_len) / _sqrt(VARIANCE * mean)
        length = -_log(max(_erfc(delta / _SQRT2), 1e-300))
    if (src_strong or tgt_strong) and src_len and tgt_len:
        key = src_strong | tgt_strong
        anchor = weight * (1 - 2 * (key & src_every & tgt_every).bit_count() / key.bit_count())
    else:
        anchor = 0.0
    return length + anchor


_sqrt, _log, _erfc, _SQRT2 = math.sqrt, math.log, math.erfc, math.sqrt(2)


def _token_bits(anchors: list[tuple[set[str], set[str]]]) -> dict[str, int]:
    """A bit for each anchor token of a pair of sections. Which token gets which bit does not
    matter: bead costs count bits, never compare them."""
    tokens = set().union(*(every for _, every in anchors))  # strong tokens are in every
    return {token: 1 << k for k, token in enumerate(tokens)}


def _masks(anchors: tuple[set[str], set[str]], bit: dict[str, int]) -> tuple[int, int]:
    # distinct bits: their sum is their union
    return sum(map(bit.__getitem__, anchors[0])), sum(map(bit.__getitem__, anchors[1]))


def _runs(lengths: list[float], masks: list[tuple[int, int]]) -> list[list[Run]]:
    """For each start index, the spans of the runs of 0, 1 and 2 sentences there, as `_spans`
    gives them but with anchor sets as bit masks."""
    count = len(lengths)
    runs = []
    for i in range(count + 1):
        here = [_NOTHING]
        if i < count:
            here.append((lengths[i], *masks[i]))
        if i + 1 < count:
            here.append((lengths[i] + lengths[i + 1], masks[i][0] | masks[i + 1][0],
                         masks[i][1] | masks[i + 1][1]))
        runs.append(here)
    return runs


Span = tuple[float, frozenset[str], frozenset[str]]


def _spans(lengths: list[float], anchors: list[tuple[frozenset[str], frozenset[str]]]
           ) -> dict[tuple[int, int], Span]:
    """(length, strong anchors, every anchor) of each run of 0, 1 or 2 sentences, by (start, end)."""
    spans: dict[tuple[int, int], Span] = {}
    for i in range(len(lengths) + 1):
        spans[i, i] = (0.0, frozenset(), frozenset())
        if i < len(lengths):
            spans[i, i + 1] = (lengths[i], *anchors[i])
        if i + 1 < len(lengths):
            spans[i, i + 2] = (lengths[i] + lengths[i + 1], anchors[i][0] | anchors[i + 1][0],
                               anchors[i][1] | anchors[i + 1][1])
    return spans


def _scaled_lengths(sentences: list[str], ratio: float) -> list[float]:
    """Target lengths in source characters. Numbers and Latin abbreviations take as many
    characters in Chinese as in English, so only the rest is scaled: by the factor that keeps
    the section's total at `ratio` times its characters."""
    kept = [len(s.encode("ascii", "ignore")) for s in sentences]
    total_kept, total = sum(kept), sum(map(len, sentences))
    if total_kept >= total:
        return [len(s) * ratio for s in sentences]
    scale = (ratio * total - total_kept) / (total - total_kept)
    if scale <= 0:
        return [len(s) * ratio for s in sentences]
    return [k + scale * (len(s) - k) for s, k in zip(sentences, kept)]


def _length_cost(src_chars: float, tgt_chars: float) -> float:
    """-ln of the two-sided probability of a length difference at least this large."""
    mean = (src_chars + tgt_chars) / 2
    if mean == 0:
        return 0.0
    delta = abs(src_chars - tgt_chars) / math.sqrt(VARIANCE * mean)
    return -math.log(max(math.erfc(delta / math.sqrt(2)), 1e-300))


def _anchor_cost(src: Span, tgt: Span) -> float:
    """From -ANCHOR_WEIGHT (every strong anchor on either side found on both) to
    +ANCHOR_WEIGHT (none found); 0 when neither side has a strong anchor, or one side is empty."""
    key = src[1] | tgt[1]
    if not key or not src[0] or not tgt[0]:
        return 0.0
    shared = len(key & src[2] & tgt[2])
    return ANCHOR_WEIGHT * (1 - 2 * shared / len(key))


def _anchors(sentence: str) -> tuple[set[str], set[str]]:
    """(strong, every) tokens that can appear in both languages. Strong ones are numbers,
    identifiers and abbreviations; every adds the numerals of number words (six: 6), which
    match a number on the other side. Plain Latin words are left out: a bead's anchors are
    the strong tokens of its two sides, and whether a word is strong depends on the word
    alone, so a plain word (Helios, mg) could only ever match another plain word, which
    counts for nothing."""
    numbers = _NUMBER.findall(sentence)
    words = _WORD.findall(sentence)
    strong = set(numbers)
    strong.update(filter(_is_abbreviation, words))
    every = set(strong)
    every.update(filter(None, map(_NUMERAL_OF.get, words)))
    return strong, every


@lru_cache(maxsize=1 << 16)  # the same words recur in every record
def _is_abbreviation(word: str) -> bool:
    """MSC, SLEDAI, CD27IgD, NCT03171194, TGFβ, B (cells), I (phase): not English words."""
    if len(word) == 1:
        return word.isupper() and word != "A"
    return sum(map(str.isupper, word)) >= 2 or any(map(str.isdigit, word)) or not word.isascii()


__all__ = ["align_sections", "align_sentences"]
