"""Reading bylines and affiliation blocks printed as text, in Chinese and Latin script.

A byline is a list of person names with optional affiliation markers after each name
(`张三1,2`, `李四*`, `Wang Wei¹`), joined by commas, semicolons, `、`, spaces or nothing at
all when markers separate the names (`安 妮1,2徐俊峰1,2…`). Chinese journals pad two-character
names to the width of three (`葛 龙`): a space inside a name is layout, not a separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..phrases import AFFILIATION_WORDS

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARK_CHARS = "0-9\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021\u00a7#"
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")

# A Han name followed by its markers, where markers (not separators) end each name.
_HAN_MARKED = re.compile(
    rf"(?P<name>[{HAN}](?:[ \u3000]?[{HAN}·]){{1,5}})[ \u3000]*(?P<marks>[{_MARK_CHARS}](?:[,，]?[{_MARK_CHARS}])*)")
_HAN_GLUED_MARK = re.compile(rf"[{HAN}][ \u3000]*[{_MARK_CHARS}][{_MARK_CHARS},，]*[ \u3000]*[{HAN}]")
_HAN_SEPARATORS = re.compile(r"[ \t\u3000]*[,，、;；|｜丨][ \t\u3000]*|[ \t\u3000]+[·•][ \t\u3000]+")
_HAN_NAME = re.compile(rf"[{HAN}]{{2,4}}|[{HAN}]{{1,6}}·[{HAN}]{{1,8}}")
_TRAILING_MARKS = re.compile(rf"[ \u3000]*([{_MARK_CHARS}](?:[,，]?[ ]?[{_MARK_CHARS}])*)$")
_LATIN_SEPARATORS = re.compile(r"\s*(?:[,;，；、|｜/]|\s[·•]\s|\band\b|&)\s*")
_LATIN_MARKED = re.compile(
    rf"(?P<name>[^,;，；、|｜/·•{_MARK_CHARS}]+?)\s*(?P<marks>[{_MARK_CHARS}](?:[,，]\s*[{_MARK_CHARS}]+|[{_MARK_CHARS}])*)?"
    rf"\s*(?:[,;，；、|｜/·•]|\band\b|&|$)")
_LATIN_NAME_WORD = re.compile(r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’\-.]*|[A-Z]\.(?:-?[A-Z]\.)*")
_PARTICLES = frozenset("van von der den de del della di da dos das du la le ter ten bin al el y e".split())
_NUMBERED = re.compile(r"(?:^|(?<=[;；]))[ \t\u3000]*(\d{1,2})[ \t\u3000]*[.．、]?[ \t\u3000]*(?=[^\d\s.,;])")
_AFFILIATION_WORD = re.compile("|".join(re.escape(w) for w in sorted(AFFILIATION_WORDS, key=len, reverse=True)),
                               re.IGNORECASE)
_POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


@dataclass(slots=True)
class PrintedName:
    name: str
    marks: list[str] = field(default_factory=list)


def han_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(re.findall(f"[{HAN}]", text)) / letters if letters else 0.0


def read_han_byline(line: str, *, single_ok: bool = False) -> list[PrintedName] | None:
    """The names of a Chinese byline, or None when the line is not one. A lone name without
    markers counts only when `single_ok` (the line right under a title)."""
    line = line.strip()
    if not line or len(line) > 120 or re.search(r"[。:：()（）《》\[\]【】“”\"]", line):
        return None
    if _HAN_GLUED_MARK.search(line):
        names = [PrintedName(re.sub(r"[ \u3000]", "", m.group("name")), _marks(m.group("marks")))
                 for m in _HAN_MARKED.finditer(line)]
        rest = _HAN_MARKED.sub("", line)
        tail = rest.strip(" \u3000,，、;；")
        if tail and _HAN_NAME.fullmatch(tail):
            names.append(PrintedName(tail))
        elif tail:
            return None
    else:
        names = []
        tokens = _HAN_SEPARATORS.split(line) if _HAN_SEPARATORS.search(line) else _pair_single_characters(line.split())
        for token in tokens:
            token = token.strip()
            if not token:
                continue
            m = _TRAILING_MARKS.search(token)
            marks = _marks(m.group(1)) if m else []
            name = re.sub(r"[ \u3000]", "", token[:m.start()] if m else token)
            names.append(PrintedName(name, marks))
    if len(names) < 2 and not single_ok and not any(n.marks for n in names):
        return None
    if not names or not all(_HAN_NAME.fullmatch(n.name) for n in names):
        return None
    return names


def _pair_single_characters(tokens: list[str]) -> list[str]:
    """`安 妮 徐俊峰 葛 龙` -> 安妮, 徐俊峰, 葛龙: a lone character is half of a padded name."""
    out: list[str] = []
    pending: str | None = None
    for token in tokens:
        if len(token) == 1 and re.fullmatch(f"[{HAN}]", token):
            if pending is None:
                pending = token
            else:
                out.append(pending + token)
                pending = None
        else:
            if pending is not None:
                return tokens  # an unpaired single character: not a padded byline
            out.append(token)
    return out if pending is None else tokens


def read_latin_byline(line: str, *, single_ok: bool = False) -> list[PrintedName] | None:
    """The names of a byline in Latin script, or None when the line is not one."""
    line = line.strip().rstrip(".")
    if not line or len(line) > 600 or re.search(r"[:()\[\]{}\u3400-\u9fff]|https?://", line):
        return None
    names = []
    for m in _LATIN_MARKED.finditer(line):
        name = m.group("name").strip()
        if not name:
            continue
        if not _looks_like_latin_name(name):
            return None
        names.append(PrintedName(name, _marks(m.group("marks") or "")))
    if not names or len(names) < 2 and not single_ok and not any(n.marks for n in names):
        return None
    return names


def _looks_like_latin_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or len(name) > 60:
        return False
    capitalised = 0
    for word in words:
        if _LATIN_NAME_WORD.fullmatch(word):
            capitalised += 1
        elif word.lower() not in _PARTICLES:
            return False
    return capitalised >= 2


def _marks(text: str) -> list[str]:
    """`1,2` -> ['1', '2']; `2*` -> ['2', '*']."""
    return re.findall(r"\d+|[^\d,，\s]", text.translate(_SUPERSCRIPT_DIGITS))


def split_names(text: str) -> list[PrintedName]:
    """A labelled author list (`作者: 李荣良, 黄诚`), read whatever its script."""
    names = read_han_byline(text) if han_share(text) > 0.5 else read_latin_byline(text)
    if names:
        return names
    out = []
    for part in _LATIN_SEPARATORS.split(text) if han_share(text) <= 0.5 else _HAN_SEPARATORS.split(text):
        m = _TRAILING_MARKS.search(part)
        name = (part[:m.start()] if m else part).strip()
        if name:
            out.append(PrintedName(name, _marks(m.group(1)) if m else []))
    return out


# --- affiliations ---------------------------------------------------------------------------


def looks_like_affiliation(line: str) -> bool:
    return bool(_AFFILIATION_WORD.search(line)) or bool(_POSTCODE.search(line))


def split_affiliations(text: str) -> list[tuple[str | None, str]]:
    """(number as printed or None, affiliation) pairs of one affiliation block:
    `(1.甲大学, 北京 100000; 2.乙医院)`, `1. Department of …`, or one unnumbered affiliation."""
    text = text.strip()
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1].strip()
    marks = list(_NUMBERED.finditer(text))
    if not marks or marks[0].start() > 0 and text[:marks[0].start()].strip():
        return [(None, text.strip(" ;；"))] if text else []
    out = []
    for m, end in zip(marks, [m.start() for m in marks[1:]] + [len(text)]):
        value = text[m.end():end].strip(" ;；,，")
        if value:
            out.append((m.group(1), value))
    return out
