"""Snippets: a window of a hit's own text around its matches, the matches marked.

Matches are found by FTS5 (`highlight()`) on the index text of a column; where that differs
from the record's text (CJK bigrams, folded script or width) the marks are moved back onto
the original through `cjk.index_text_origins`, so a user never sees bigrams. Marks are
`\\x02`/`\\x03` inside, rendered as the caller's `marks` at the end.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from . import cjk
from .index import COLUMNS
from .query import Query

OPEN, CLOSE = "\x02", "\x03"
SNIPPET_WIDTH = 160  # display cells; a CJK character takes two
# Fields a snippet is taken from, most telling first (per display language).
_SNIPPET_ORDER = ("abstract", "keywords", "title")
_LIST_COLUMNS = frozenset(("title_other", "keywords_en", "keywords_zh", "keywords_other",
                           "authors", "affiliations", "venue", "ids"))


def snippet(conn: sqlite3.Connection, rowid: int, highlighted: dict[str, str], query: Query,
            columns: tuple[str, ...], originals: dict[str, str], prefer: list[str],
            marks: tuple[str, str]) -> tuple[str, str | None]:
    """The snippet of one hit and the column it comes from. `highlighted` holds the hit's
    columns with FTS5's marks; without any (a hit by identifier only), the typed identifier
    is marked where the text prints it, else the abstract's start is shown."""
    candidates = _snippet_columns(columns, prefer)
    marked = {c: _on_original(highlighted[c], originals.get(c), query) for c in candidates if c in highlighted}
    if not marked:
        texts = conn.execute(f"SELECT {', '.join(candidates)} FROM fts WHERE rowid = ?", (rowid,)).fetchone()
        for column, text in zip(candidates, texts):
            original = originals.get(column, text)
            found = _mark_ids(original, [typed for _, typed in query.keys])
            if found:
                marked[column] = found
                break
    if not marked:  # matched by keys the text does not print (e.g. a PMID)
        column = next((c for c in candidates if c.startswith("abstract")), candidates[0])
        text = conn.execute(f"SELECT {column} FROM fts WHERE rowid = ?", (rowid,)).fetchone()[0]
        return _window(originals.get(column, text), column, marks), None
    best = max(marked, key=lambda c: (_distinct_marks(marked[c]), -candidates.index(c)))
    text = _printed_names(marked[best]) if best == "authors" else marked[best]
    return _window(text, best, marks), best


def _snippet_columns(columns: tuple[str, ...], prefer: list[str]) -> list[str]:
    ordered = [f"{kind}_{lang}" for lang in [*prefer, "other"] for kind in _SNIPPET_ORDER]
    ordered += [c for c in COLUMNS if c not in ordered]
    return [c for c in ordered if c in columns and c in COLUMNS]


def _on_original(highlighted: str, original: str | None, query: Query) -> str:
    """Marks found on the index text of a column moved onto its original text. A bigram
    matched only as the prefix of a one-character query marks that character alone."""
    if original is None:  # the index text is the original
        return highlighted
    singles = {p.tokens[0] for p in query.parts if p.cjk and p.prefix}
    pairs = {t for p in query.parts if p.cjk and not p.prefix for t in p.tokens}
    spans, pos, start = [], 0, 0
    for piece in re.split(f"([{OPEN}{CLOSE}])", highlighted):
        if piece == OPEN:
            start = pos
        elif piece == CLOSE:
            token = _unmarked(highlighted)[start:pos]
            if len(token) == 2 and token[0] in singles and token not in pairs:
                pos_end = start + 1
                spans.append((start, pos_end))
            else:
                spans.append((start, pos))
        else:
            pos += len(piece)
    _, origins = cjk.index_text_origins(original)
    ranges = []
    for s, e in spans:
        mapped = [o for o in origins[s:e] if o >= 0]
        if mapped:
            ranges.append((min(mapped), max(mapped) + 1))
    return _apply_marks(original, ranges)


def _printed_names(column: str) -> str:
    """The authors column (a line per person: the printed name, then a tab before each other
    rendering) as printed names only. A match on another rendering marks the printed name:
    word for word where both have as many words, else whole."""
    names = []
    for line in column.split("\n"):
        renderings = line.split("\t")
        words = _unmarked(renderings[0]).split(" ")
        hit_words, whole = set(), False
        for rendering in renderings:
            parts = rendering.split(" ")
            if len(parts) == len(words):
                hit_words.update(i for i, part in enumerate(parts) if OPEN in part)
            elif OPEN in rendering:
                whole = True
        if whole and not hit_words:
            names.append(f"{OPEN}{' '.join(words)}{CLOSE}")
        else:
            names.append(" ".join(f"{OPEN}{w}{CLOSE}" if i in hit_words else w for i, w in enumerate(words)))
    return "\n".join(names)


def _unmarked(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


def _apply_marks(text: str, ranges: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.extend((text[pos:s], OPEN, text[s:e], CLOSE))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _mark_ids(text: str, typed: list[str]) -> str | None:
    folded = text.casefold()
    ranges = []
    for value in typed:
        at = folded.find(value.casefold())
        if at >= 0:
            ranges.append((at, at + len(value)))
    return _apply_marks(text, ranges) if ranges else None


def _distinct_marks(text: str) -> int:
    return len({m.casefold() for m in re.findall(f"{OPEN}([^{CLOSE}]*){CLOSE}", text)})


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _window(text: str, column: str, marks: tuple[str, str]) -> str:
    """About SNIPPET_WIDTH display cells of `text` around its densest cluster of marks, cut at
    word boundaries, `…` where cut, marks rendered as `marks`, lines joined."""
    joiner = "; " if column in _LIST_COLUMNS else " "
    text = text.replace("\n", joiner)
    starts = [i for i, ch in enumerate(text) if ch == OPEN]
    begin = 0
    if starts:
        def cluster(i: int) -> int:
            return sum(1 for s in starts if i <= s < i + SNIPPET_WIDTH // 2)
        first = max(starts, key=lambda s: (cluster(s), -s))
        begin = _back(text, first, SNIPPET_WIDTH // 5)
    end, cells = begin, 0
    while end < len(text) and cells < SNIPPET_WIDTH:
        cells += _cells(text[end]) if text[end] not in (OPEN, CLOSE) else 0
        end += 1
    if end == len(text) and begin > 0:  # room left at the end: show more before
        begin = _back(text, begin, SNIPPET_WIDTH - cells)
    if end < len(text):
        open_mark = text.rfind(OPEN, begin, end)
        if open_mark > text.rfind(CLOSE, begin, end):  # do not cut inside a mark
            end = text.find(CLOSE, end) + 1
        elif text[end].isalnum() and text[end - 1].isalnum() and not cjk.has_cjk(text[end - 1]):
            space = text.rfind(" ", begin, end)
            end = space if space > begin else end
    snippet = text[begin:end].strip()
    snippet = ("…" if begin > 0 else "") + snippet + ("…" if end < len(text) else "")
    return snippet.replace(OPEN, marks[0]).replace(CLOSE, marks[1])


def _back(text: str, at: int, cells: int) -> int:
    """A start up to `cells` display cells before `at`, at a word or sentence boundary."""
    start, used = at, 0
    while start > 0 and used < cells:
        start -= 1
        used += _cells(text[start])
    if start == 0:
        return 0
    for stop in ("。", "；", ". ", "; ", "，", ", ", " "):
        found = text.find(stop, start, at)
        if found >= 0:
            return found + len(stop)
    return start
