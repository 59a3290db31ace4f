"""Searching the embedded index: ranked hits with snippets.

Ranking is FTS5's bm25 with the column weights of `index.COLUMNS`, plus the weights of the
identifier keys a query names; ties go by record id. The query language is in `query`, the
snippets in `snippets`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .index import COLUMNS, TOKENIZER, SearchIndexError, open_index
from .query import Query, QueryError, fts_expression, parse_query
from .snippets import OPEN, snippet

LANGUAGE_COLUMNS = {
    "en": ("title_en", "keywords_en", "abstract_en"),
    "zh": ("title_zh", "keywords_zh", "abstract_zh"),
}
SHARED_COLUMNS = ("authors", "affiliations", "venue", "ids")


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
    except sqlite3.DatabaseError as exc:  # a damaged file found mid-query
        raise SearchIndexError(f"cannot search {db}: {exc}") from None
    finally:
        conn.close()


def _search(conn: sqlite3.Connection, query: Query, columns: tuple[str, ...], lang: str | None,
            limit: int, marks: tuple[str, str]) -> list[Hit]:
    keys = [key for key, _ in query.keys]
    expression = fts_expression(query, columns) if query.parts else None
    try:
        ranked = _ranked(conn, expression, keys, limit)
    except sqlite3.OperationalError as exc:
        raise QueryError(f"the index cannot run this query: {exc}") from None
    if not ranked:
        return []
    marks_by_row = _highlights(conn, expression, [rowid for rowid, _ in ranked], columns, query)
    prefer = [lang] if lang else (["zh", "en"] if query.has_cjk else ["en", "zh"])
    found = {rowid: (rid, json.loads(titles), json.loads(originals) if originals else {})
             for rowid, rid, titles, originals in conn.execute(
                 f"SELECT rowid, id, titles, originals FROM records WHERE rowid IN "
                 f"({', '.join('?' * len(ranked))})", [rowid for rowid, _ in ranked])}
    hits = []
    for rowid, score in ranked:
        rid, titles, originals = found[rowid]
        text, where = snippet(conn, rowid, marks_by_row.get(rowid, {}), query, columns,
                              originals, prefer, marks)
        hits.append(Hit(rid, _title(titles, prefer), round(score, 6), text, where))
    return hits


def _ranked(conn: sqlite3.Connection, expression: str | None, keys: list[str],
            limit: int) -> list[tuple[int, float]]:
    """(rowid, score) of the best `limit` records, best first, ties by record id.

    SQL ranks by score alone (FTS5 computes bm25 for every match; joining every match to its id
    to sort by both would cost twice that again), then the few rows kept are ordered by id.
    When the score at the cut is shared with rows below it, all rows with that score are
    fetched and the cut is made by id among them."""
    marks = ", ".join("?" * len(keys))
    key_filter = f"SELECT doc FROM keys WHERE key IN ({marks}) GROUP BY doc HAVING COUNT(*) = {len(keys)}"
    key_score = f"(SELECT COALESCE(SUM(weight), 0) FROM keys WHERE doc = {{table}}.rowid AND key IN ({marks}))"
    if expression:
        table, where = "fts", "fts MATCH ?" + (f" AND fts.rowid IN ({key_filter})" if keys else "")
        weights = ", ".join(str(w) for w in COLUMNS.values())
        score = f"-bm25(fts, {weights})" + (" + " + key_score.format(table=table) if keys else "")
        params = [*keys, expression, *keys] if keys else [expression]
    else:
        table, where = "records", f"records.rowid IN ({key_filter})"
        score = key_score.format(table=table)
        params = [*keys, *keys]
    scored = f"SELECT {table}.rowid AS rowid, {score} AS score FROM {table} WHERE {where}"
    rows = conn.execute(f"{scored} ORDER BY score DESC LIMIT ?", [*params, limit + 1]).fetchall()
    if len(rows) > limit and rows[limit][1] == rows[limit - 1][1]:  # a tie at the cut
        cut = rows[limit - 1][1]
        rows = [row for row in rows if row[1] > cut] + conn.execute(
            f"SELECT rowid, score FROM ({scored}) WHERE score = ?", [*params, cut]).fetchall()
    ids = dict(conn.execute(f"SELECT rowid, id FROM records WHERE rowid IN ({', '.join('?' * len(rows))})",
                            [rowid for rowid, _ in rows]))
    return sorted(rows, key=lambda row: (-row[1], ids[row[0]]))[:limit]


def _title(titles: dict[str, str], prefer: list[str]) -> str | None:
    for lang in prefer:
        if lang in titles:
            return titles[lang]
    return next(iter(titles.values()), None)


def _highlights(conn: sqlite3.Connection, expression: str | None, rowids: list[int],
                columns: tuple[str, ...], query: Query) -> dict[int, dict[str, str]]:
    """Per row, the index text of each searched column with its matches marked. The hits are
    copied into a scratch FTS5 table and matched there: on the whole index, a prefix query
    would be expanded over every document again."""
    if not expression:
        return {}
    names = ", ".join(COLUMNS)
    conn.execute(f"CREATE VIRTUAL TABLE temp.hits USING fts5({names}, tokenize = '{TOKENIZER}')")
    try:
        conn.execute(f"INSERT INTO temp.hits (rowid, {names}) SELECT rowid, {names} FROM fts "
                     f"WHERE rowid IN ({', '.join('?' * len(rowids))})", rowids)
        calls = ", ".join(f"highlight(hits, {list(COLUMNS).index(c)}, char(2), char(3))" for c in columns)
        out = {rowid: {c: t for c, t in zip(columns, texts) if t and OPEN in t}
               for rowid, *texts in conn.execute(f"SELECT rowid, {calls} FROM temp.hits WHERE hits MATCH ?",
                                                 [expression])}
    finally:
        conn.execute("DROP TABLE temp.hits")
    return out


