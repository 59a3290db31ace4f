"""Labelled fields in an HTML page: `<th>作 者</th><td>…</td>`, `<dt>DOI</dt><dd>…</dd>`,
`<label>摘要：</label><span>…</span>`, `Volume: 35,<br>` — a label from the lexicon
(`data/html_field_labels.tsv`), then its value. Site adapters for catalog-style pages (Wanfang,
CNKI, old IEEE Xplore) and the embedded reader's fallbacks read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from bs4 import Comment, NavigableString, Tag

_SPACES = re.compile(r"[\s\u3000]+")
_LABEL_TAGS = frozenset("th dt label span b strong td".split())
_LINE = re.compile(r"^\s*([^:：|]{2,40}?)\s*[:：]\s*(.+?)\s*,?\s*$")


@dataclass(slots=True)
class Field:
    name: str  # the field the label names (`authors`, `doi`, `venue` …)
    label: str  # the label as printed, without its colon
    value: Tag | None  # the element holding the value, when it is one element
    text: str  # the value's text


@cache
def labels() -> dict[str, str]:
    text = files("bilinorm").joinpath("data", "html_field_labels.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {label_key(label): field for label, field in rows[1:]}


def label_key(text: str) -> str:
    return _SPACES.sub("", text).rstrip(":：").lower()


def field_of(text: str) -> str | None:
    text = text.strip()
    return labels().get(label_key(text)) if 0 < len(text) <= 40 else None


def labelled_fields(root: Tag) -> list[Field]:
    """Every labelled field under `root`, in document order (a label may repeat)."""
    found: list[Field] = []
    for tag in root.find_all(_LABEL_TAGS):
        name = field_of(tag.get_text(""))
        if name is None or tag.find(_LABEL_TAGS) is not None:
            continue
        value = _value_element(tag)
        if value is not None:
            found.append(Field(name, _clean_label(tag), value, squash(value.get_text(" "))))
            continue
        rest = _text_after(tag)
        if rest:
            found.append(Field(name, _clean_label(tag), None, rest))
    return found


def labelled_lines(lines: list[str]) -> list[Field]:
    """`Label: value` lines of a text rendering (`Volume: 35,`, `ISSN: 0093-9994`)."""
    found = []
    for line in lines:
        m = _LINE.match(line)
        if m:
            name = field_of(m.group(1))
            if name:
                found.append(Field(name, m.group(1), None, m.group(2)))
    return found


def first(fields: list[Field], name: str) -> Field | None:
    return next((f for f in fields if f.name == name), None)


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _clean_label(tag: Tag) -> str:
    return squash(tag.get_text("")).rstrip(":：").strip()


def _value_element(tag: Tag) -> Tag | None:
    """The cell after a header cell (`th`→`td`, `dt`→`dd`, `td`→`td`)."""
    wanted = {"th": ("td",), "dt": ("dd",), "td": ("td",)}.get(tag.name)
    if not wanted:
        return None
    sibling = tag.find_next_sibling()
    return sibling if sibling is not None and sibling.name in wanted else None


def _text_after(tag: Tag) -> str:
    """The rest of the label's block: `<p><label>DOI：</label>10.13288/…</p>`."""
    parts = []
    for sibling in tag.next_siblings:
        if isinstance(sibling, Tag):
            if sibling.name in ("br", "p", "div", "tr", "li") and parts:
                break
            if sibling.name in ("script", "style"):
                continue
            parts.append(sibling.get_text(" "))
        elif isinstance(sibling, NavigableString) and not isinstance(sibling, Comment):
            parts.append(str(sibling))
    return squash("".join(parts))
