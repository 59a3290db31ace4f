"""Searching the embedded index: query parsing, ranking, snippets.

A query is a list of parts that must all match (AND):
    identifiers   DOIs, trial ids, `PMID 123`, `PMC123`: exact keys, never words
    "a phrase"    words in a row (quoted)
    word          a word; English words match by stem (`fibroblast` finds `fibroblasts`),
                  any word without its diacritics (`Sjogren` finds `Sjögren`); `word*` is a
                  prefix; a word with inner punctuation (`anti-SSB`) is a phrase of its pieces
    Chinese       each run of CJK characters is a phrase of its bigrams (`间充质干细胞`); one
                  character is a prefix of the bigrams (see `cjk`)
Ranking is FTS5's bm25 with the column weights of `index.COLUMNS`, plus the weights of
matched identifier keys; ties go by record id. The snippet is cut from the field with the
most matched terms, shown on the record's original text (never on index bigrams).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import BilinormError
from . import cjk
from .ids import find_query_ids
from .index import COLUMNS, open_index

LANGUAGE_COLUMNS = {
    "en": ("title_en", "keywords_en", "abstract_en"),
    "zh": ("title_zh", "keywords_zh", "abstract_zh"),
}
SHARED_COLUMNS = ("authors", "affiliations", "venue", "ids")
# Fields a snippet is taken from, most telling first (per display language).
_SNIPPET_ORDER = ("abstract", "keywords", "title")
_LIST_COLUMNS = frozenset(("title_other", "keywords_en", "keywords_zh", "keywords_other",
                           "authors", "affiliations", "venue", "ids"))
SNIPPET_WIDTH = 160  # display cells; a CJK character takes two
_OPEN, _CLOSE = "\x02", "\x03"
_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')


class QueryError(BilinormError):
    reason = "bad_query"


@dataclass(frozen=True, slots=True)
class Part:
    """One thing that must match: tokens in a row (a phrase), or a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    cjk: bool = False

    def fts(self) -> str:
        phrase = '"' + " ".join(self.tokens).replace('"', '""') + '"'
        return phrase + " *" if self.prefix else phrase


@dataclass(frozen=True, slots=True)
class Query:
    keys: tuple[tuple[str, str], ...]  # (identifier key, as typed)
    parts: tuple[Part, ...]

    @property
    def has_cjk(self) -> bool:
        return any(p.cjk for p in self.parts)


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str | None
    score: float
    snippet: str
    field: str | None  # the index column the snippet comes from

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "score": self.score, "snippet": self.snippet,
                "field": self.field}


def parse_query(text: str) -> Query:
    keys, rest = find_query_ids(text)
    rest = unicodedata.normalize("NFKC", rest)
    parts: list[Part] = []
    for m in _CHUNK.finditer(rest):
        quoted, bare = m.group(1), m.group(2)
        if quoted is not None:
            tokens = _phrase_tokens(cjk.fold(quoted))
            if tokens:
                parts.append(Part(tuple(tokens), cjk=cjk.has_cjk(quoted)))
            continue
        parts.extend(_bare_parts(cjk.fold(bare)))
    parts = list(dict.fromkeys(parts))
    if not keys and not parts:
        raise QueryError(f"nothing to search for in {text!r}")
    return Query(tuple(dict.fromkeys(keys)), tuple(parts))


def _bare_parts(chunk: str) -> list[Part]:
    """A chunk without quotes, split by script: CJK runs and Latin words are separate parts;
    a trailing `*` makes the last word a prefix."""
    prefix = chunk.endswith("*")
    parts = []
    for piece in re.split(f"([{cjk.CJK_CHARS}]+)", chunk.rstrip("*")):
        if cjk.CJK_RUN.fullmatch(piece):
            parts.append(Part(tuple(cjk.query_bigrams(piece)), prefix=len(piece) == 1, cjk=True))
        elif words := _WORD.findall(piece):
            parts.append(Part(tuple(words)))
    if prefix and parts and not parts[-1].cjk:
        parts[-1] = Part(parts[-1].tokens, prefix=True)
    return parts


def _phrase_tokens(text: str) -> list[str]:
    tokens = []
    for piece in re.split(f"([{cjk.CJK_CHARS}]+)", text):
        if piece and cjk.CJK_RUN.fullmatch(piece):
            tokens.extend(cjk.query_bigrams(piece))
        else:
            tokens.extend(_WORD.findall(piece))
    return tokens


def fts_expression(query: Query, columns: tuple[str, ...]) -> str:
    scope = "{" + " ".join(columns) + "}"
    return " AND ".join(f"{scope} : {part.fts()}" for part in query.parts)


def search_columns(lang: str | None) -> tuple[str, ...]:
    if lang is None:
        return tuple(COLUMNS)
    if lang not in LANGUAGE_COLUMNS:
        raise QueryError(f"--lang must be one of {', '.join(LANGUAGE_COLUMNS)}, not {lang!r}")
    return LANGUAGE_COLUMNS[lang] + SHARED_COLUMNS


def search(db: str | Path, query: str, *, lang: str | None = None, limit: int = 10,
           marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """The best `limit` records for `query` in the index at `db`, best first."""
    if limit < 1:
        raise QueryError("the limit must be at least 1")
    parsed = parse_query(query)
    columns = search_columns(lang)
    conn = open_index(db)
    try:
        return _search(conn, parsed, columns, lang, limit, marks)
    finally:
        conn.close()


def _search(conn: sqlite3.Connection, query: Query, columns: tuple[str, ...], lang: str | None,
            limit: int, marks: tuple[str, str]) -> list[Hit]:
    keys = [key for key, _ in query.keys]
    key_filter = (f"SELECT doc FROM keys WHERE key IN ({', '.join('?' * len(keys))}) "
                  f"GROUP BY doc HAVING COUNT(*) = {len(keys)}")
    key_score = "(SELECT COALESCE(SUM(weight), 0) FROM keys WHERE doc = r.rowid AND key IN " \
                f"({', '.join('?' * len(keys))}))"
    if query.parts:
        expression = fts_expression(query, columns)
        weights = ", ".join(str(w) for w in COLUMNS.values())
        sql = (f"SELECT r.rowid, r.id, r.titles, r.originals, -bm25(fts, {weights})"
               f"{' + ' + key_score if keys else ''} AS score "
               f"FROM fts JOIN records r ON r.rowid = fts.rowid WHERE fts MATCH ?"
               f"{' AND fts.rowid IN (' + key_filter + ')' if keys else ''} "
               f"ORDER BY score DESC, r.id LIMIT ?")
        params = [*keys, expression, *keys, limit] if keys else [expression, limit]
    else:
        expression = None
        sql = (f"SELECT r.rowid, r.id, r.titles, r.originals, {key_score} AS score FROM records r "
               f"WHERE r.rowid IN ({key_filter}) ORDER BY score DESC, r.id LIMIT ?")
        params = [*keys, *keys, limit]
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"the index cannot run this query: {exc}") from None
    prefer = [lang] if lang else (["zh", "en"] if query.has_cjk else ["en", "zh"])
    hits = []
    for rowid, rid, titles, originals, score in rows:
        titles = json.loads(titles)
        snippet, where = _snippet(conn, rowid, expression, query, columns,
                                  json.loads(originals) if originals else {}, prefer, marks)
        hits.append(Hit(rid, _title(titles, prefer), round(score, 6), snippet, where))
    return hits


def _title(titles: dict[str, str], prefer: list[str]) -> str | None:
    for lang in prefer:
        if lang in titles:
            return titles[lang]
    return next(iter(titles.values()), None)


# --- snippets -------------------------------------------------------------------------------


def _snippet(conn, rowid: int, expression: str | None, query: Query, columns: tuple[str, ...],
             originals: dict[str, str], prefer: list[str], marks: tuple[str, str]) -> tuple[str, str | None]:
    candidates = _snippet_columns(columns, prefer)
    marked: dict[str, str] = {}
    if expression:
        calls = ", ".join(f"highlight(fts, {list(COLUMNS).index(c)}, char(2), char(3))" for c in candidates)
        row = conn.execute(f"SELECT {calls} FROM fts WHERE fts MATCH ? AND rowid = ?",
                           (expression, rowid)).fetchone() or ()
        for column, text in zip(candidates, row):
            if text and _OPEN in text:
                marked[column] = _on_original(text, originals.get(column), query)
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
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", highlighted):
        if piece == _OPEN:
            start = pos
        elif piece == _CLOSE:
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
                hit_words.update(i for i, part in enumerate(parts) if _OPEN in part)
            elif _OPEN in rendering:
                whole = True
        if whole and not hit_words:
            names.append(f"{_OPEN}{' '.join(words)}{_CLOSE}")
        else:
            names.append(" ".join(f"{_OPEN}{w}{_CLOSE}" if i in hit_words else w for i, w in enumerate(words)))
    return "\n".join(names)


def _unmarked(text: str) -> str:
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def _apply_marks(text: str, ranges: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.extend((text[pos:s], _OPEN, text[s:e], _CLOSE))
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
    return len({m.casefold() for m in re.findall(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}", text)})


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _window(text: str, column: str, marks: tuple[str, str]) -> str:
    """About SNIPPET_WIDTH display cells of `text` around its densest cluster of marks, cut at
    word boundaries, `…` where cut, marks rendered as `marks`, lines joined."""
    joiner = "; " if column in _LIST_COLUMNS else " "
    text = text.replace("\n", joiner)
    starts = [i for i, ch in enumerate(text) if ch == _OPEN]
    begin = 0
    if starts:
        def cluster(i: int) -> int:
            return sum(1 for s in starts if i <= s < i + SNIPPET_WIDTH // 2)
        first = max(starts, key=lambda s: (cluster(s), -s))
        begin = _back(text, first, SNIPPET_WIDTH // 5)
    end, cells = begin, 0
    while end < len(text) and cells < SNIPPET_WIDTH:
        cells += _cells(text[end]) if text[end] not in (_OPEN, _CLOSE) else 0
        end += 1
    if end == len(text) and begin > 0:  # room left at the end: show more before
        begin = _back(text, begin, SNIPPET_WIDTH - cells)
    if end < len(text):
        open_mark = text.rfind(_OPEN, begin, end)
        if open_mark > text.rfind(_CLOSE, begin, end):  # do not cut inside a mark
            end = text.find(_CLOSE, end) + 1
        elif text[end].isalnum() and text[end - 1].isalnum() and not cjk.has_cjk(text[end - 1]):
            space = text.rfind(" ", begin, end)
            end = space if space > begin else end
    snippet = text[begin:end].strip()
    snippet = ("…" if begin > 0 else "") + snippet + ("…" if end < len(text) else "")
    return snippet.replace(_OPEN, marks[0]).replace(_CLOSE, marks[1])


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
