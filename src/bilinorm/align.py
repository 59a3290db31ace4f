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
    n, m = len(src), len(tgt)
    src_anchors, tgt_anchors = [_anchors(s) for s in src], [_anchors(s) for s in tgt]
    bit = _token_bits(src_anchors + tgt_anchors)
    src_runs = _runs([len(s) for s in src], [_masks(a, bit) for a in src_anchors])
    tgt_runs = _runs(_scaled_lengths(tgt, ratio), [_masks(a, bit) for a in tgt_anchors])
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # The bead cost is _length_cost + _anchor_cost, computed inline (the same operations in
    # the same order, so the same floats), with anchor sets as bit masks (the same sizes):
    # this loop is most of the time of a bilingual record.
    variance, weight = VARIANCE, ANCHOR_WEIGHT
    for i in range(n + 1):
        runs_i = src_runs[i]
        for j in range(m + 1):
            here = cost[i][j]
            if here == math.inf:
                continue  # nothing reaches this cell: no bead from it can cost less than inf
            runs_j = tgt_runs[j]
            for di, dj, prior in BEADS:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                src_len, src_strong, src_every = runs_i[di]
                tgt_len, tgt_strong, tgt_every = runs_j[dj]
                mean = (src_len + tgt_len) / 2
                if mean == 0:
                    length = 0.0
                else:
                    delta = abs(src_len - tgt_len) / _sqrt(variance * mean)
                    length = -_log(max(_erfc(delta / _SQRT2), 1e-300))
                if (src_strong or tgt_strong) and src_len and tgt_len:
                    key = src_strong | tgt_strong
                    anchor = weight * (1 - 2 * (key & src_every & tgt_every).bit_count() / key.bit_count())
                else:
                    anchor = 0.0
                total = here + prior + (length + anchor)
                if total < cost[a][b]:
                    cost[a][b] = total
                    back[a][b] = (di, dj)
    groups: Groups = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        groups.append([list(range(i - di, i)), list(range(j - dj, j))])
        i, j = i - di, j - dj
    groups.reverse()
    return groups


_sqrt, _log, _erfc, _SQRT2 = math.sqrt, math.log, math.erfc, math.sqrt(2)


def _token_bits(anchors: list[tuple[frozenset[str], frozenset[str]]]) -> dict[str, int]:
    """A bit for each anchor token of a pair of sections."""
    tokens = sorted(set().union(*(strong | every for strong, every in anchors)))
    return {token: 1 << k for k, token in enumerate(tokens)}


def _masks(anchors: tuple[frozenset[str], frozenset[str]], bit: dict[str, int]) -> tuple[int, int]:
    strong, every = 0, 0
    for token in anchors[0]:
        strong |= bit[token]
    for token in anchors[1]:
        every |= bit[token]
    return strong, every


def _runs(lengths: list[float], masks: list[tuple[int, int]]) -> list[list[tuple[float, int, int]]]:
    """For each start index, the spans of the runs of 0, 1 and 2 sentences there, as `_spans`
    gives them but with anchor sets as bit masks."""
    count = len(lengths)
    runs = []
    for i in range(count + 1):
        here = [(0.0, 0, 0)]
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


def _bead_cost(src: Span, tgt: Span) -> float:
    return _length_cost(src[0], tgt[0]) + _anchor_cost(src, tgt)


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


def _anchors(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, every) tokens that can appear in both languages. Strong ones are numbers,
    identifiers and abbreviations; every adds plain Latin words, which Chinese text keeps
    only when they are names or terms (Helios, Treg, mg), so they count when matched."""
    numbers = _NUMBER.findall(sentence)
    words = _WORD.findall(sentence)
    strong = set(numbers)
    every = set(numbers)
    for w in words:
        if _is_abbreviation(w):
            strong.add(w)
        every.add(w)
        if w.lower() in _NUMBER_WORDS:
            every.add(_NUMBER_WORDS[w.lower()])
    return frozenset(strong), frozenset(every)


@lru_cache(maxsize=1 << 16)  # the same words recur in every record
def _is_abbreviation(word: str) -> bool:
    """MSC, SLEDAI, CD27IgD, NCT03171194, TGFβ, B (cells), I (phase): not English words."""
    if len(word) == 1:
        return word.isupper() and word != "A"
    return sum(map(str.isupper, word)) >= 2 or any(map(str.isdigit, word)) or not word.isascii()


__all__ = ["align_sections", "align_sentences"]
