"""Sentence splitting, by construction lossless: the sentences of a text, joined with
`sentence_joiner(lang)`, give the text back exactly.

A regex proposes boundaries; a few plain checks veto them. English and other space-separated
languages break at `.`/`?`/`!` (with closing quotes and brackets) followed by exactly one space
and an upper-case letter, digit or opening bracket; the space is the joiner. Chinese breaks
after 。！？ and closing quotes/brackets, with nothing between sentences.
"""

from __future__ import annotations

import re

# Terminal punctuation, closing quotes/brackets, one space, then what may open a sentence.
# A match starts only at the first mark of a run: without the look-behind, a long run of dots
# with no space after it is tried from every one of its marks (quadratic time). The look-behind
# comes after the first mark (and looks two characters back), and the run of marks is written
# `[.?!][.?!]*`, so that the pattern starts with a plain character set: only then does the
# regex engine skip ahead to the next mark instead of trying the pattern at every character
# (four times faster on abstracts).
_LATIN_END = re.compile(r"[.?!](?<![.?!].)[.?!]*[\"'\u201d\u2019\u00bb)\]]*( )(?=[\"'\u201c\u2018\u00ab(\[]*(\w))")
# Chinese does not break at ； : in abstracts it separates clauses of one sentence (lists of
# findings), and the English side, which is never split at ";", would lose its pairing.
# ASCII .?! never end a Chinese sentence, so an English sentence quoted inside stays whole.
_CJK_END = re.compile(r"[。！？][。！？]*[\u201d\u2019\uff09\u300d\u300f\u3011\"']*")  # not +: as above

# Abbreviations after which a full stop does not end a sentence. Case matters: `Ms. Lee`
# but `in 5 ms. The`, `No. 5` but `was no. The`.
_ABBREVIATIONS = frozenset("""
    al vs cf ca approx Approx resp viz fig figs Fig Figs eq eqs Eq Eqs ref refs Ref Refs vol
    Vol No Nos Dr Drs Mr Mrs Ms Prof St Inc Co Ltd Corp Dept Univ Jr Sr Suppl
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
""".split())
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, i.e, E.g, a.m
_INITIAL = re.compile(r"[A-Z]\.(?!\S)")
# After `X.` a sentence starts only with a word like these (`vitamin D. The`); otherwise the
# capital is an initial (`by J. Smith`).
_OPENING_WORDS = frozenset("""
    A After All Although Among An As At Both But By Compared During Finally For From Further
    Furthermore However If In It Its Moreover No Of On One Only Our Overall Patients Results
    Since Such That The Their There These They This Those Thus To We When While With
""".split())
_WORD = re.compile(r"\w+")
_OPENERS = "(\"'[\u201c\u2018\u00ab"


def is_chinese(lang: str | None) -> bool:
    return lang is not None and (lang == "zh" or lang.startswith("zh-"))


def sentence_joiner(lang: str | None) -> str:
    return "" if is_chinese(lang) else " "


def split_sentences(text: str, lang: str | None) -> list[str]:
    if not text:
        return []
    if is_chinese(lang):
        return _split_cjk(text)
    return _split_latin(text)


def _split_cjk(text: str) -> list[str]:
    cuts = [m.end() for m in _CJK_END.finditer(text) if m.end() < len(text)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _split_latin(text: str) -> list[str]:
    out, start = [], 0
    for m in _LATIN_END.finditer(text):
        nxt = m.group(2)
        if not (nxt.isupper() or nxt.isdigit()) or _abbreviation(text, m.start(), start, m.end()):
            continue
        out.append(text[start:m.start(1)])
        start = m.end(1)
    out.append(text[start:])
    return out


def _abbreviation(text: str, dot: int, floor: int, after: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation rather than a sentence."""
    if text[dot] != ".":
        return False
    word_start = text.rfind(" ", floor, dot) + 1 or floor
    word = text[word_start:dot].lstrip(_OPENERS)
    if word in _ABBREVIATIONS or _DOTTED.fullmatch(word):
        return True
    if len(word) == 1 and word.isupper():
        before = text[max(floor, word_start - 30):word_start].split()
        following = _WORD.match(text, after)
        ends = (before and before[-1][:1].islower() and following is not None
                and following.group() in _OPENING_WORDS and not _INITIAL.match(text, after))
        return not ends
    return False
