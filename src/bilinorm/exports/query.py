"""The query language of the embedded index.

A query is a list of parts that must all match (AND):
    identifiers   DOIs, trial ids, `PMID 123`, `PMC123`: exact keys, never words (`ids`)
    "a phrase"    words in a row (quoted)
    word          a word; English words match by stem (`fibroblast` finds `fibroblasts`),
                  any word without its diacritics (`Sjogren` finds `Sjögren`); `word*` is a
                  prefix; a word with inner punctuation (`anti-SSB`) is a phrase of its pieces
    Chinese       each run of CJK characters is a phrase of its bigrams (`间充质干细胞`); one
                  character is a prefix of the bigrams (see `cjk`)
A chunk that mixes scripts (`MSC输注`) is split by script into parts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import BilinormError
from . import cjk
from .ids import find_query_ids

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


