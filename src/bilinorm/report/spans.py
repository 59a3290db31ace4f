"""Text as HTML for the report: sentences as spans grouped by alignment, warning marks.

A section's sentences joined with the language's joiner give its text (the record contract),
so a position in the text is a position in the joined sentences: warning marks are found in
the text and cut across sentence spans by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

# A warning's detail quotes its place after an ellipsis, and ends with one unless the place
# is the end of the text: `…fusion of 1×10 MSCs/kg of…`, `…纳入无效组(n=4`.
_QUOTED = re.compile(r"…(.+?)(…?)\s*$", re.DOTALL)


@dataclass(slots=True)
class Mark:
    """A warning's place in one text: [start, end) positions, the warning's index in the
    record, and the element id the warning list links to (set on the mark's first piece)."""

    start: int
    end: int
    warning: int
    anchor: str
    placed: bool = False


@dataclass(slots=True, frozen=True)
class Group:
    """The alignment group a sentence belongs to: pair `pair` of `record.alignment`, group
    `group` of its sentences; `partner` is False when the other language has no sentence in it."""

    pair: int
    group: int
    partner: bool


def find_quoted(text: str, detail: str) -> tuple[int, int] | None:
    """Where the context a warning's detail quotes occurs in `text`, if it does."""
    m = _QUOTED.search(detail or "")
    if not m:
        return None
    at_end = not m.group(2)
    for candidate in (m.group(1), m.group(1).strip()):
        at = (text.rfind(candidate) if at_end else text.find(candidate)) if candidate else -1
        if at >= 0:
            return at, at + len(candidate)
    return None


def marked(text: str, marks: list[Mark], offset: int = 0) -> str:
    """`text` escaped, with the parts under `marks` wrapped in `<mark>`. Mark positions count
    from the start of a larger string in which `text` begins at `offset`."""
    end = offset + len(text)
    active = [m for m in marks if m.start < end and m.end > offset]
    if not active:
        return escape(text)
    cuts = sorted({offset, end, *(max(offset, min(end, p)) for m in active for p in (m.start, m.end))})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a - offset:b - offset])
        over = [m for m in active if m.start <= a and m.end >= b]
        if not over:
            out.append(piece)
            continue
        anchor = next((m for m in over if not m.placed), None)
        attrs = f' id="{anchor.anchor}"' if anchor else ""
        if anchor:
            anchor.placed = True
        warnings = " ".join(str(m.warning) for m in over)
        out.append(f'<mark class="w" data-w="{warnings}"{attrs}>{piece}</mark>')
    return "".join(out)


def sentences_html(sentences: list[str], joiner: str, groups: dict[int, Group], marks: list[Mark],
                   ids: tuple[str, str, str]) -> str:
    """The sentences as `<span class="s">`, consecutive sentences of one alignment group
    wrapped in `<span class="g" data-g="PAIR.GROUP">` with a numbered link to the partner
    group (`ids`: the article's id prefix, this language, the other language). The link is
    the no-JavaScript way to the partner: following it makes the partner the `:target`."""
    prefix, lang, other = ids
    out: list[str] = []
    open_group: Group | None = None
    anchored: set[Group] = set()
    position = 0
    for k, sentence in enumerate(sentences):
        group = groups.get(k)
        if open_group is not None and group != open_group:
            out.append("</span>")
            open_group = None
        if k:
            out.append(escape(joiner))
            position += len(joiner)
        if group is not None and group != open_group:
            out.append(_group_open(group, anchored, prefix, lang, other))
            open_group = group
        out.append(f'<span class="s" data-s="{k}">{marked(sentence, marks, position)}</span>')
        position += len(sentence)
    if open_group is not None:
        out.append("</span>")
    return "".join(out)


def _group_open(group: Group, anchored: set[Group], prefix: str, lang: str, other: str) -> str:
    key = f"{group.pair}.{group.group}"
    number = group.group + 1
    attrs = ""
    if group not in anchored:
        anchored.add(group)
        attrs = f' id="{prefix}-{lang}{group.pair}-{group.group}"'
        if group.partner:
            link = f'<a class="gn" href="#{prefix}-{other}{group.pair}-{group.group}">{number}</a>'
        else:
            link = f'<span class="gn lone">{number}</span>'
    else:
        link = ""
    return f'<span class="g" data-g="{key}"{attrs}>{link}'
