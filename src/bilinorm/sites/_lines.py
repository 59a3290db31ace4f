"""A scholarly page in text form as a list of classified lines, for the generic reader.

Every pattern is compiled once; the two label alternations on first use, as they take tens
of milliseconds that a run whose pages all have a site reader need not pay. Each line is looked
at once: a field label at its start (`摘要:`, `[关键词]`, `【摘要】`, `Abstract`, `Citation:`), or
a line that starts the body text (`1 引言`, `Introduction`, `参考文献`), or site chrome
(data/boilerplate.tsv, injected spam, post timestamps, `·论著·` column names, separators), or a
lone abstract heading (`目的`, `Background`), or plain text. A line holding several labelled
fields is cut at each label (`[中图分类号] R563.8 [文献标识码] B`, `…高。Abstract:Objective …`).

Before lines are cut, the page's text is repaired where it is safe: markup tags left in a text
rendering are removed (`<jats:sec>`, `<tr id=…>`; block tags become line breaks) and pinyin
that a simplified-to-traditional converter left after a character (`康復(fù)`) is dropped.
Both are accounted for in `removed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import lookup_heading
from ..phrases import FIELD_LABELS, boilerplate_for
from ..record import Removal

SITE = "generic"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE = "[ \\t\\u00a0\\u3000]"

# --- repairs on the whole text ---------------------------------------------------------------

_BLOCK_TAGS = ("jats:sec|jats:p|jats:title|jats:abstract|jats:list|jats:list-item|p|div|br|hr|tr|li|ul|ol|"
               "table|tbody|thead|tfoot|h[1-6]|section|article|dd|dt|dl|blockquote")
_INLINE_TAGS = ("jats:[\\w.-]+|mml:[\\w.-]+|td|th|sup|sub|noscript|span|font|i|b|u|em|strong|small|big|"
                "a|img|label|center|abbr|cite|code|caption|col|colgroup")
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ANY_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS}|{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_ARTIFACT = re.compile(
    rf"(?<=[{_HAN}])\((?=[a-zü]*[{_TONED}])(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    rf"[aeiouü{_TONED}]{{1,4}}(?:ng|n|r)?\)")


def strip_markup(text: str) -> tuple[str, int]:
    """Tags left in a text page removed (block tags become line breaks), and their size."""
    if "<" not in text:
        return text, 0
    size = sum(len(m.group(0)) for m in _ANY_TAG.finditer(text))
    if not size:
        return text, 0
    return _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text)), size


def strip_pinyin_artifacts(text: str) -> tuple[str, int]:
    """`康復(fù)` -> `康復`: a toned pinyin syllable in brackets right after a Han character is
    what script converters print for characters they map ambiguously; never text."""
    if "(" not in text:
        return text, 0
    size = 0

    def drop(m: re.Match) -> str:
        nonlocal size
        size += len(m.group(0))
        return ""

    return _PINYIN_ARTIFACT.sub(drop, text), size


# --- field labels --------------------------------------------------------------------------------


def _label_pattern(label: str) -> str:
    if re.search(f"[{_HAN}]", label):
        return f"{_SPACE}*".join(re.escape(c) for c in label if not c.isspace())
    return r"[ \t]+".join(re.escape(word) for word in label.split())


_LABELS = sorted(FIELD_LABELS, key=lambda row: len(row[0]), reverse=True)
_LABEL_INFO = {label.casefold().replace(" ", ""): (field, lang) for label, field, lang in FIELD_LABELS}
_ALTERNATION = "|".join(_label_pattern(label) for label, _, _ in _LABELS)
_INLINE_FIELDS = ("abstract", "keywords", "clc", "document_code", "article_number")
_INLINE_ALTERNATION = "|".join(_label_pattern(label) for label, field, _ in _LABELS if field in _INLINE_FIELDS)
_OPEN, _CLOSE = "[\\[【［〔]", "[\\]】］〕]"


@cache
def _label_at_start() -> re.Pattern[str]:
    return re.compile(
        rf"^(?P<open>{_OPEN})?{_SPACE}*(?P<label>{_ALTERNATION}){_SPACE}*(?P<close>{_CLOSE})?{_SPACE}*"
        rf"(?P<colon>[:：])?{_SPACE}*", re.IGNORECASE)


@cache
def _label_midline() -> re.Pattern[str]:
    """Where a line holds a second field: a bracketed label after a space or a sentence end, or
    an inline field's `label:` right after a sentence end or a run of spaces (`R563  文献标识码:A`)."""
    return re.compile(
        rf"(?<!^)(?:(?<=[。！？.!?;；)）\]】?\s])(?={_OPEN}{_SPACE}*(?:{_ALTERNATION}){_SPACE}*{_CLOSE})"
        rf"|(?:(?<=[。！？.!?;；])|(?<=[\s?？]{{2}}))(?={_SPACE}*(?:{_INLINE_ALTERNATION}){_SPACE}*[:：]))",
        re.IGNORECASE)


_NUMBER_PREFIX = re.compile(rf"^(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\.?|[一二三四五六七八九十]{{1,3}}[、.．]){_SPACE}*")
_CJK_LABEL_FIELDS = ("abstract", "keywords")


@dataclass(slots=True)
class Label:
    field: str
    lang: str | None
    printed: str  # the label with its brackets and colon, as printed
    value: str


def read_label(line: str) -> Label | None:
    m = _label_at_start().match(line)
    if not m:
        return None
    bracketed = bool(m.group("open")) and bool(m.group("close"))
    if bool(m.group("open")) != bool(m.group("close")):
        return None
    label = m.group("label")
    field, lang = _LABEL_INFO[re.sub(r"\s+", "", label).casefold()]
    value = line[m.end():]
    set_off = bracketed or m.group("colon") or not value
    if not set_off:
        # `摘要 目的…`, `关键词 中医药; …`: a Chinese abstract or keyword label may be followed
        # by a space alone; Latin labels and other fields need a colon or brackets.
        spaced = m.end("label") < m.end() and re.search(f"[{_HAN}]", label)
        if not (spaced and field in _CJK_LABEL_FIELDS):
            return None
    return Label(field, lang, line[:m.end()].strip(), value.strip())


def split_fields(line: str) -> list[str]:
    """A line cut before each labelled field it holds after its start."""
    if len(line) < 4:
        return [line]
    parts = [p.strip() for p in _label_midline().split(line)]
    return [p for p in parts if p]


def body_start(line: str) -> str | None:
    """`body` or `references` when the line is a heading that starts the body text."""
    if len(line) > 40:
        return None
    bare = _NUMBER_PREFIX.sub("", line, count=1).strip(" :：.")
    info = _LABEL_INFO.get(re.sub(r"\s+", "", bare).casefold())
    return info[0] if info and info[0] in ("body", "references") else None


# --- chrome ----------------------------------------------------------------------------------------

_BOILERPLATE_NAMES = {phrase: (kind, name) for kind, name, phrase in reversed(boilerplate_for(SITE))}
_BOILERPLATE = re.compile("|".join(re.escape(p) for p in sorted(_BOILERPLATE_NAMES, key=len, reverse=True)))
_BULLET = re.compile(r"^[•●▪■◆◇○◦►▶][\s\u3000]*")
# Spam injected into mirror pages: a run of search phrases joined by underscores.
_SPAM = re.compile(r"^(?:[^\s_]{2,24}_){3,}[^\s_]{2,24}(?:\s*\?)?$")
_POST_TIME = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d\s+\d\d?:\d\d(?::\d\d)?")
_COLUMN = re.compile(rf"^[·•・]\s*[{_HAN}]{{2,8}}\s*[·•・]$")
_LOST = re.compile(r"^[?？\s]+$")
_SEPARATOR = re.compile(r"^[\W_]{1,12}$")


def chrome(line: str) -> tuple[str, str] | None:
    """(kind, name) when the line is site chrome, navigation, spam or filler."""
    phrase = _BOILERPLATE.match(line)
    if phrase:
        return _BOILERPLATE_NAMES[phrase.group(0)]
    if _LOST.match(line):
        return "damage", "lost_characters"
    if _SEPARATOR.match(line) and not re.search(f"[{_HAN}]", line):
        return "site_chrome", "separator"
    if _SPAM.match(line) and re.search(f"[{_HAN}]", line):
        return "spam", "injected_phrases"
    if _POST_TIME.match(line):
        return "site_chrome", "post_time"
    if _COLUMN.match(line):
        return "site_chrome", "column"
    return None


# --- items -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """One classified line (or one field of a line that held several)."""

    kind: str  # label | body | heading | chrome | text
    text: str  # the value of a label, else the line
    printed: int  # characters as printed, for `removed`
    label: Label | None = None
    field: str | None = None  # body / references for `body`; (kind, name) of chrome in `name`
    name: tuple[str, str] | None = None


def items(text: str, removed: list[Removal]) -> list[Item]:
    out: list[Item] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        bullet = _BULLET.match(line)
        if bullet:
            removed.append(Removal("site_chrome", "bullet", bullet.end()))
            line = line[bullet.end():].strip()
            if not line:
                continue
        for part in split_fields(line):
            out.append(classify(part))
    return out


def classify(line: str) -> Item:
    label = read_label(line)
    if label is not None:
        if label.field in ("body", "references", "news"):
            if not label.value:
                return Item("body" if label.field != "news" else "label", line, len(line),
                            label=label, field=label.field)
        else:
            return Item("label", label.value, len(line), label=label)
    where = body_start(line)
    if where:
        return Item("body", line, len(line), field=where)
    found = chrome(line)
    if found:
        return Item("chrome", line, len(line), name=found)
    if len(line) <= 40:
        info = lookup_heading(line)
        if info is not None and not info.is_marker:
            return Item("heading", line, len(line))
    return Item("text", line, len(line))
