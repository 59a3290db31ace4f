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
from collections.abc import Set as AbstractSet
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

# \d\d* rather than \d+: the regex engine skips ahead to a possible first character only when
# the pattern starts with a plain character set, not with a repeat (a third faster here).
_NUMBER = re.compile(r"\d\d*(?:\.\d+)?")
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
        if len(pairs) < min(len(src), len(tgt)):
            _pair_by(key, src, tgt, pairs)
    src_chars = sum(sum(map(len, src[i].sentences)) for i in pairs)
    tgt_chars = sum(sum(map(len, tgt[j].sentences)) for j in pairs.values())
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
    src_spans = _sentence_spans(list(map(len, src)), src)
    tgt_spans = _sentence_spans(_scaled_lengths(tgt, ratio), tgt)
    groups: Groups = []
    i = j = 0
    for di, dj in _best_path(src_spans, tgt_spans)[0]:
        if di == dj == 1:
            groups.append([[i], [j]])
        else:
            groups.append([list(range(i, i + di)), list(range(j, j + dj))])
        i, j = i + di, j + dj
    return groups


Span = tuple[float, AbstractSet[str], AbstractSet[str]]  # length, strong anchors, every anchor
_NOTHING: Span = (0.0, frozenset(), frozenset())
_PRIOR = {(di, dj): prior for di, dj, prior in BEADS}
_P11, _P21, _P12, _P10, _P01 = _PRIOR[1, 1], _PRIOR[2, 1], _PRIOR[1, 2], _PRIOR[1, 0], _PRIOR[0, 1]


def _sentence_spans(lengths: list[float], sentences: list[str]) -> list[Span]:
    return [(length, *_anchors(sentence)) for length, sentence in zip(lengths, sentences)]


def _joined(first: Span, second: Span) -> Span:
    return first[0] + second[0], first[1] | second[1], first[2] | second[2]


def _best_path(src: list[Span], tgt: list[Span]) -> tuple[list[tuple[int, int]], list[float]]:
    """The beads of the best alignment, in order, and its cost after each: the path the
    Gale–Church table (`_best_moves`) ends with, or the straight alignment (1–1 beads down
    the diagonal, `_straight_cost`) when no other can come near it (`_least_crooked`), the
    usual case of a short section. Then every other way to each cell of the diagonal, taken
    on straight to the end, would cost more than the straight alignment: its beginnings are
    the best ways there too, and the table would hold the same."""
    n, m = len(src), len(tgt)
    weight = ANCHOR_WEIGHT
    straight, diagonal = _straight_cost(src, tgt, weight)
    # Rounding moves a sum of n + m beads by far less than this (under 1e-13 (n + m)^2).
    bound = straight[-1] + 1e-9 * (n + m + 1) ** 2 * (1 + abs(weight))
    if n == m and bound < _least_crooked(n, weight):
        return [(1, 1)] * n, straight[1:]
    cost, back = _best_moves(src, tgt, bound, diagonal)
    moves, costs = [], []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        if not (di or dj):  # cannot happen: the straight alignment's cells are always kept
            raise AssertionError(f"no best path to cell {i}, {j}")
        moves.append((di, dj))
        costs.append(cost[i][j])
        i, j = i - di, j - dj
    return moves[::-1], costs[::-1]


def _best_moves(src: list[Span], tgt: list[Span], bound: float, diagonal: list[float]
                ) -> tuple[list[list[float]], list[list[tuple[int, int]]]]:
    """The Gale–Church table: the least cost of aligning the first i source and j target
    sentences, and the bead that ends it; inf and (0, 0) in the cells left out (see below).

    Each cell takes the cheapest bead into it, the first of equals in the order 2–1, 1–2, 1–1,
    1–0, 0–1 (the order in which a row-by-row sweep that pushes each cell's beads forward,
    in BEADS order, offers them), and every total is `(cost + prior) + _bead_cost`, so the
    floats are those of that sweep. The beads are tried from the last of that order to the
    first, keeping a bead when it costs no more than the best so far.

    Only cells that can be on a best path are filled in, which leaves the best path and its
    costs as they were, to the last bit. A cell's cost plus the least the rest can cost
    (`_least_rest`) is at most the cost of any whole alignment through it, and the best
    costs no more than `bound`, the straight alignment's cost (`_straight_cost`, whose 1–1
    beads `diagonal` holds) and a margin for rounding: a cell that would cost more than that,
    less the least rest, is left out, and so are the beads from it. Before its length
    cost (the erfc and log that are most of the time) a bead is checked against that ceiling
    or the best so far with the least it can cost: its prior less ANCHOR_WEIGHT (length
    costs are never negative, anchor costs never below -ANCHOR_WEIGHT, and float addition is
    monotonic). What is left is a band along the diagonal, the cells near the best path.
    """
    n, m = len(src), len(tgt)
    weight = ANCHOR_WEIGHT
    inf = math.inf
    # Two more columns and rows of inf after the last, where the indexes -1 and -2 land:
    # beads from outside the table cost inf.
    cost = [[inf] * (m + 3) for _ in range(n + 3)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    least_rest = _least_rest(weight)
    skip_src: list[float | None] = [None] * n  # the costs of 1–0 and 0–1 beads, once needed
    skip_tgt: list[float | None] = [None] * m
    # Beads from the row above reach from its first cell kept to two past its last; from the
    # row above that, from one past its first to one past its last. 0–1 beads go on from
    # there along the row while cells are kept.
    first, last = (0, 0), (-2, -2)  # of the row above, and the one above that
    for a in range(n + 1):
        row, moves, up, up2 = cost[a], back[a], cost[a - 1], cost[a - 2]
        rest = n - a
        b = 1 if a == 0 else min(first[0], first[1] + 1)
        reach = max(last[0] + 2, last[1] + 1)
        row_first, row_last = (0, 0) if a == 0 else (m + 1, -2)
        while b <= m and (b <= reach or row[b - 1] != inf):
            best, move = bound - least_rest[rest, m - b], None
            here = row[b - 1] + _P01
            if here <= best:
                if (term := skip_tgt[b - 1]) is None:
                    term = skip_tgt[b - 1] = _bead_cost(_NOTHING, tgt[b - 1], weight)
                if (total := here + term) <= best:
                    best, move = total, (0, 1)
            here = up[b] + _P10
            if here <= best:
                if (term := skip_src[a - 1]) is None:
                    term = skip_src[a - 1] = _bead_cost(src[a - 1], _NOTHING, weight)
                if (total := here + term) <= best:
                    best, move = total, (1, 0)
            here = up[b - 1] + _P11
            if here - weight <= best:
                term = diagonal[b - 1] if a == b else _bead_cost(src[a - 1], tgt[b - 1], weight)
                if (total := here + term) <= best:
                    best, move = total, (1, 1)
            here = up[b - 2] + _P12
            if here - weight <= best:
                if (total := here + _bead_cost(src[a - 1], _joined(tgt[b - 2], tgt[b - 1]), weight)) <= best:
                    best, move = total, (1, 2)
            here = up2[b - 1] + _P21
            if here - weight <= best:
                if (total := here + _bead_cost(_joined(src[a - 2], src[a - 1]), tgt[b - 1], weight)) <= best:
                    best, move = total, (2, 1)
            if move is not None:
                row[b], moves[b] = best, move
                row_first, row_last = min(row_first, b), b
            b += 1
        first, last = (row_first, first[0]), (row_last, last[0])
    return cost, back


def _straight_cost(src: list[Span], tgt: list[Span], weight: float
                   ) -> tuple[list[float], list[float]]:
    """The costs of one whole alignment at each step, summed as `_best_moves` sums them: 1–1
    beads down the diagonal, then the sentences left over one by one; and the costs of those
    1–1 beads."""
    common = min(len(src), len(tgt))
    diagonal = [_bead_cost(s, t, weight) for s, t in zip(src, tgt)]
    total = 0.0
    totals = [total]
    for term in diagonal:
        total = total + _P11 + term
        totals.append(total)
    for span in src[common:]:
        total = total + _P10 + _bead_cost(span, _NOTHING, weight)
        totals.append(total)
    for span in tgt[common:]:
        total = total + _P01 + _bead_cost(_NOTHING, span, weight)
        totals.append(total)
    return totals, diagonal


@lru_cache(maxsize=256)
def _least_crooked(n: int, weight: float) -> float:
    """A lower bound on the cost of aligning n sentences with n, any way but 1–1 beads only.

    With x11 ... x01 beads of each kind, a way is whole when 2 x21 + x12 + x10 + x11 =
    x21 + 2 x12 + x01 + x11 = n, so x11 = n - (3 x21 + 3 x12 + x10 + x01) / 2 and
    x21 + x10 = x12 + x01 = p, where p >= 1 unless all beads are 1–1. With each bead at its
    least (`_LeastRest`), c11 = P11 - weight and so on, the cost is
    n c11 + x21 (c21 - 1.5 c11) + x12 (c12 - 1.5 c11) + x10 (c10 - 0.5 c11) + x01 (c01 - 0.5 c11),
    at least n c11 plus, for each side, the lesser coefficient of its pair, when those are
    not negative (they are not, for any weight >= 0, with these priors)."""
    one = _P11 - weight
    more_src = min(_P21 - weight - 1.5 * one, _P10 - 0.5 * one)
    more_tgt = min(_P12 - weight - 1.5 * one, _P01 - 0.5 * one)
    if more_src < 0 or more_tgt < 0:
        return -math.inf
    return n * one + more_src + more_tgt


class _LeastRest(dict[tuple[int, int], float]):
    """A lower bound on the cost of aligning `r` source sentences with `s` target ones, any
    way, by (r, s), for one anchor weight. No bead costs less than its prior less the weight
    (1–0 and 0–1: their prior), and with these priors the cheapest way takes 1–1 beads for
    the common part and takes up the difference with 2–1 (or 1–2) beads, then 1–0 (or 0–1)
    beads: beads of both directions together cost more than 1–1 beads for the same
    sentences (tests/test_align.py checks this against every way for small r and s)."""

    def __init__(self, weight: float):
        super().__init__()
        self.one, self.two, self.skip = _P11 - weight, min(_P21, _P12) - weight, min(_P10, _P01)

    def __missing__(self, key: tuple[int, int]) -> float:
        r, s = key
        common, extra = min(r, s), abs(r - s)
        doubled = min(common, extra)
        value = (common - doubled) * self.one + doubled * self.two + (extra - doubled) * self.skip
        if len(self) < 1 << 16:  # the section sizes seen, near their diagonals
            self[key] = value
        return value


@lru_cache(maxsize=4)
def _least_rest(weight: float) -> _LeastRest:
    return _LeastRest(weight)


def _bead_cost(src: Span, tgt: Span, weight: float) -> float:
    """The cost of pairing two spans: -ln of the two-sided probability of a length difference
    at least this large, plus the anchor cost, from -weight (every strong anchor on either
    side found on both) to +weight (none found), 0 when neither side has a strong anchor or
    one side is empty."""
    src_len, src_strong, src_every = src
    tgt_len, tgt_strong, tgt_every = tgt
    mean = (src_len + tgt_len) / 2
    if mean == 0:
        length = 0.0
    else:
        delta = abs(src_len - tgt_len) / _sqrt(VARIANCE * mean)
        tail = _erfc(delta / _SQRT2)
        length = -_log(1e-300 if 1e-300 > tail else tail)  # max(tail, 1e-300), without a call
    if (src_strong or tgt_strong) and src_len and tgt_len:
        key = src_strong | tgt_strong
        anchor = weight * (1 - 2 * len(key & src_every & tgt_every) / len(key))
    else:
        anchor = 0.0
    return length + anchor


_sqrt, _log, _erfc, _SQRT2 = math.sqrt, math.log, math.erfc, math.sqrt(2)


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


def _anchors(sentence: str) -> tuple[set[str], set[str]]:
    """(strong, every) tokens that can appear in both languages. Strong ones are numbers,
    identifiers and abbreviations; every adds the numerals of number words (six: 6), which
    match a number on the other side. Plain Latin words are left out: a bead's anchors are
    the strong tokens of its two sides, and whether a word is strong depends on the word
    alone, so a plain word (Helios, mg) could only ever match another plain word, which
    counts for nothing."""
    words = _WORD.findall(sentence)
    strong = set(_NUMBER.findall(sentence))
    strong.update(filter(_is_abbreviation, words))
    if _NUMERAL_OF.keys().isdisjoint(words):
        return strong, strong
    return strong, strong.union(filter(None, map(_NUMERAL_OF.get, words)))


@lru_cache(maxsize=1 << 16)  # the same words recur in every record
def _is_abbreviation(word: str) -> bool:
    """MSC, SLEDAI, CD27IgD, NCT03171194, TGFβ, B (cells), I (phase): not English words."""
    if len(word) == 1:
        return word.isupper() and word != "A"
    return sum(map(str.isupper, word)) >= 2 or any(map(str.isdigit, word)) or not word.isascii()


__all__ = ["align_sections", "align_sentences"]
