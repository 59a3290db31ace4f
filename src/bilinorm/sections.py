"""Splitting an abstract into its labelled sections, and finishing a section for the record.

A heading is a lexicon entry (`bilinorm.lexicon`) found where a section can start: the start
of the text or of a line, right after a sentence end (`.?!)]`, 。！？】, or `.?!` and a closing
quote), or at a 【. What follows it decides how sure we are:

    strong  line     the heading is a line of its own (`BACKGROUND\n\nReports…`)
            colon    `Objective: …`, `目的：…`, `…follicles.Materials and Methods: …`
            bracket  `【目的】…`, `[目的] …`
    weak    space    `目的 探讨…`, `Objective To explore…` (an upper-case letter or digit next)
            runin    glued, as catalogs print it: `BackgroundSjögren’s…`, `…SS.Case reportIn…`;
                     an all-caps heading may be glued to lower case (`DESIGNpopulation-based`)

When a text has strong headings, its weak ones are prose. Weak headings must make a plausible
structure: one style throughout, no heading printed twice (`Study 1 … Study 2`), and at least
two of them, unless the one is a run-in prose would never print: glued to the sentence before
(`…degeneration.FINANCIAL DISCLOSUREDr. …`) or camel-case at the very start of the text.
Headings of every language are recognised whatever `lang` says: pages mix them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .lexicon import (
    ABSTRACT_MARKER,
    NLM_CATEGORIES,
    UNASSIGNED,
    UNLABELLED,
    HeadingInfo,
    heading_prefixes,
    heading_start_pattern,
    is_cjk,
    lookup_heading,
    snake_label,
)
from .record import RawSection, Section
from .sentences import is_chinese, split_sentences

_STRONG = frozenset(("line", "colon", "bracket"))
_BRACKETS = {"【": "】", "[": "]", "［": "］"}
_MAX_BRACKETED = 24

_JATS_BLOCK = re.compile(r"</?jats:(?:sec|title|p|abstract|label|list|list-item)\b[^>]*>")
_JATS_INLINE = re.compile(r"</?jats:[\w.-]+[^>]*>")
# Where a heading can start (see the module docstring): past the inline spaces after a line
# break or a sentence end, or at a 【 (the match is the 【 then). The pattern starts with a
# character class, so that `re` jumps from one such character to the next instead of trying
# every position of the text.
_BREAK = (r"[\n.?!)\]\u3002\uff01\uff1f\u3011\"'\u201d\u2019\u3010]"
          r"(?<![^.?!][\"'\u201d\u2019])(?<!^[\"'\u201d\u2019])"  # a quote only after .?!
          r"(?:(?<=\u3010)|[ \t\u00a0\u3000]*(?={}))")
_CANDIDATE = re.compile(_BREAK.format(r"\S"))
_LEADING_SPACE = re.compile(r"[ \t\u00a0\u3000]*(?=\S)")
# Words a section printed in lower case often starts with (`OBJECTIVESto describe…`): they
# decide `OBJECTIVES|to` over `OBJECTIVE|Sto`, where `CONCLUSION|Some` beats `CONCLUSIONS|ome`.
_LOWER_START = re.compile(
    r"(?:a|an|the|to|in|on|of|at|by|for|from|with|we|this|these|our|it|there|all|after|among"
    r"|during|between|most|no|one|two|patients|results|data|cases)\b")
_AFTER_HEADING = re.compile(r"[ \t\u00a0\u3000]*([:\uff1a]?)\s*")
_ACRONYM_PLURAL = re.compile(r"s(?![^\W\d_])")
_SNAKE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


@dataclass(slots=True)
class _Hit:
    start: int  # where the heading (or its bracket) begins
    body: int  # where the section text begins
    heading: str  # as printed
    info: HeadingInfo
    style: str
    glued: bool = False  # right after a sentence end, no space: `…with SS.Case reportIn…`
    lower: bool = False  # an all-caps heading glued to lower case: `DESIGNpopulation-based`
    alt: _Hit | None = None  # the lower-case reading set aside: `RESULTS|incident` for this
    #                          `RESULT|Sincident`, taken when the text's sections start lower


def split_sections(text: str, lang: str | None = None) -> list[RawSection]:
    """The sections of one abstract, label and category always set. Without headings, one
    `unlabelled` section; text before the first heading is one too, if it holds any word."""
    text, first = _strip_markers(_strip_jats(text))
    if not text:
        return []
    hits = _plausible(_find_headings(text, first))
    if not hits:
        return [RawSection(None, text, UNLABELLED, UNASSIGNED)]
    sections = []
    lead = text[:hits[0].start].strip()
    if any(c.isalnum() for c in lead):
        sections.append(RawSection(None, lead, UNLABELLED, UNASSIGNED))
    for hit, end in zip(hits, [h.start for h in hits[1:]] + [len(text)]):
        body = text[hit.body:end].strip()
        if body:
            sections.append(RawSection(hit.heading, body, hit.info.label, hit.info.category))
    return sections


def finish_section(raw: RawSection, lang: str) -> Section:
    """A record section: whitespace cleaned, label and category known, sentences split."""
    text = _one_spaced(raw.text)
    if is_chinese(lang):  # no space after a Chinese sentence end
        text = text.replace("。 ", "。").replace("！ ", "！").replace("？ ", "？")
    heading = (raw.heading or "").strip() or None
    label, category = _label_and_category(raw.label, raw.category, heading)
    return Section(label, category, heading, text, split_sentences(text, lang))


def _one_spaced(text: str) -> str:
    """Each run of whitespace one space, none at the ends (str.split() knows the whitespace
    `\\s` knows). Most texts are so already: a printable text has no whitespace but spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def glue_back(sections) -> str:
    """Sections printed as catalogs print them: each heading glued to its text."""
    return "".join((s.heading or "") + s.text for s in sections)


# --- finding headings ----------------------------------------------------------------------


def _strip_jats(text: str) -> str:
    if "<jats:" not in text and "</jats:" not in text:
        return text
    return _JATS_INLINE.sub("", _JATS_BLOCK.sub("\n", text))


def _strip_markers(text: str) -> tuple[str, _Hit | None]:
    """Drop leading `Abstract`/`摘要` markers, also doubled (`Abstract\\n\\nAbstract`). With
    the text, the heading it starts with: _find_headings needs it too."""
    text = text.strip()
    while text:
        hit = _heading_at(text, 0)
        if hit is None or hit.info.label != ABSTRACT_MARKER:
            return text, hit
        text = text[hit.body:].strip()
    return text, None


def _candidates(text: str) -> list[int]:
    """Where a heading can start, in order. Of the places _CANDIDATE finds, those where no
    heading of the lexicon (nor a bracket) could start are left out: most sentences start no
    heading, and one scan of the lower-cased text rules them out faster than a walk from each."""
    lowered = text.lower()
    if len(lowered) != len(text):  # İ: the positions in `lowered` are not those of `text`
        return _positions(text, _CANDIDATE)
    return _positions(lowered, _known_candidate())


@cache
def _known_candidate() -> re.Pattern:
    return re.compile(_BREAK.format(r"[\[\uff3b]|" + heading_start_pattern()))


def _positions(text: str, candidate: re.Pattern) -> list[int]:
    first = _LEADING_SPACE.match(text)
    found = [first.end()] if first else []
    for m in candidate.finditer(text):
        pos = m.start() if m.group() == "\u3010" else m.end()
        if not found or pos != found[-1]:
            found.append(pos)
    return found


def _find_headings(text: str, first: _Hit | None) -> list[_Hit]:
    """The headings of `text`, which starts with `first` (what _heading_at(text, 0) gives)."""
    hits: list[_Hit] = []
    for pos in _candidates(text):
        if hits and pos < hits[-1].body:
            continue
        hit = _heading_at(text, pos) if pos else first
        if hit is not None and not hit.info.is_marker:
            hits.append(hit)
    if any(h.lower for h in hits):
        hits = [h.alt or h for h in hits]
    return hits


def _heading_at(text: str, pos: int) -> _Hit | None:
    close = _BRACKETS.get(text[pos])
    if close is not None:
        end = text.find(close, pos + 1, pos + _MAX_BRACKETED)
        info = lookup_heading(text[pos + 1:end]) if end > pos else None
        if info is None:
            return None
        body = _AFTER_HEADING.match(text, end + 1).end()
        return _Hit(pos, body, text[pos + 1:end].strip(), info, "bracket")
    fallback = None
    word_end = None  # where a longer heading that was not one ends a word: `CASES| of`
    for end, info in heading_prefixes(text, pos):
        style, body = _style(text, pos, end)
        if style is None:
            if word_end is None and not text[end:end + 1].isalpha():
                word_end = end
            continue
        if style in ("runin", "lower") and word_end and " " not in text[end:word_end]:
            continue  # not `CASE|S of…`
        if fallback and " " in text[end:fallback.body]:
            continue  # not `CLINICAL TRIAL REGISTRATION| NUMBERwww…`
        glued = pos > 0 and not text[pos - 1].isspace()
        hit = _Hit(pos, body, text[pos:end], info, "runin" if style == "lower" else style, glued)
        if style != "lower":
            hit.alt = fallback
            return hit
        hit.lower = True
        if _LOWER_START.match(text, body):
            return hit
        fallback = fallback or hit
    return fallback


def _style(text: str, start: int, end: int) -> tuple[str | None, int]:
    """How the heading text[start:end] is set off from what follows, and where that starts."""
    after = _AFTER_HEADING.match(text, end)
    body = after.end()
    if after.group(1):
        return "colon", body
    if body == len(text):
        return None, body
    gap = text[end:body]
    if "\n" in gap:
        at_line_start = start == 0 or not text[text.rfind("\n", 0, start) + 1:start].strip()
        return ("line" if at_line_start else None), body
    nxt, last = text[body], text[end - 1]
    if is_cjk(last):
        return ("space" if gap else None), body
    if nxt.isupper() or nxt.isdigit():
        return ("space" if gap else "runin"), body
    if gap:
        return None, body
    if nxt in "([":
        return "runin", body
    heading = text[start:end]
    if nxt.islower() and heading.isupper() and not _ACRONYM_PLURAL.match(text, body):
        return "lower", body  # `DESIGNpopulation-based…`, never `MSCs`
    return None, body


def _plausible(hits: list[_Hit]) -> list[_Hit]:
    strong = [h for h in hits if h.style in _STRONG]
    if strong or not hits:
        return strong
    styles = Counter(h.style for h in hits)
    style = max(styles, key=lambda s: (styles[s], -next(h.start for h in hits if h.style == s)))
    weak = [h for h in hits if h.style == style]
    printed = Counter(h.heading.lower() for h in weak)
    weak = [h for h in weak if printed[h.heading.lower()] == 1]  # `Study 1 … Study 2 …`
    if len(weak) >= 2 or (weak and _unmistakable(weak[0])):
        return weak
    return []


def _unmistakable(hit: _Hit) -> bool:
    """A run-in heading prose would never print: glued to the end of the sentence before, or
    a camel-case join at the start of the text (`BackgroundSjögren’s`)."""
    if hit.style != "runin":
        return False
    return hit.glued or (hit.start == 0 and hit.heading[-1].islower())


# --- labels --------------------------------------------------------------------------------


def _label_and_category(label: str | None, category: str | None,
                        heading: str | None) -> tuple[str, str]:
    """A label the source gave in canonical form is kept; a printed one (PubMed `Label`
    `RESULT(S)`) or the heading is looked up. The source's NLM category wins over ours."""
    category = category if category in NLM_CATEGORIES or category == UNASSIGNED else None
    if label and _SNAKE.fullmatch(label):
        info = lookup_heading(heading or label.replace("_", " "))
    else:
        printed = label or heading
        info = lookup_heading(printed) if printed else None
        label = info.label if info else (printed and snake_label(printed)) or UNLABELLED
    if category is None:
        category = info.category if info and not info.is_marker else UNASSIGNED
    return label, category
