"""Suppr (超能文献), a Chinese PubMed mirror: a PubMed record with its Chinese translation.

Layout of the text rendering: site name; Chinese title; English title; optional byline;
`机构信息` and the affiliations; `出版信息` and PubMed's citation line; `Abstract` and the
English abstract; `摘要` and its Chinese translation; figure links; then the site's
promotion blocks (`文献AI研究员 … 立即体验`), which are advertisements.
"""

from __future__ import annotations

import re

from ..errors import NoArticleFound
from ..language import script_profile
from ..names import make_author
from ..page import Page
from ..phrases import boilerplate_for
from ..record import Draft, Link, RawAbstract, RawText, Removal
from . import _common

NAME = "suppr"

AFFILIATIONS = ("机构信息", "機構信息")
CITATION = ("出版信息",)
AUTHORS = ("作者信息", "作者")
ABSTRACT_EN = ("Abstract",)
ABSTRACT_ZH = ("摘要",)
KEYWORDS = ("关键词", "關鍵詞", "Keywords")
_MARKERS = AFFILIATIONS + CITATION + AUTHORS + ABSTRACT_EN + ABSTRACT_ZH + KEYWORDS
_URL = re.compile(r"^https?://\S+$")
_LIST_SEPARATOR = re.compile(r"\s*[,;，；、]\s*")
_PMID = re.compile(r"PMID:\s*(\d+)")
_FIGURE = re.compile(r"\.(?:jpe?g|png|gif|webp|tiff?)(?:\?\S*)?$", re.IGNORECASE)


def detect(page: Page) -> float:
    if page.format not in ("text", "html"):
        return 0.0
    head = page.text_view[:3000]
    markers = sum(m in page.lines for m in ("机构信息", "出版信息", "摘要", "Abstract"))
    if "Suppr" in head and markers >= 2:
        return 1.0
    return 0.6 if markers >= 3 and "出版信息" in page.lines else 0.0


def extract(page: Page) -> list[Draft]:
    draft = Draft(site=NAME)
    blocks = _blocks(page.lines, draft)
    head = blocks.pop(None, [])
    for line in head:
        lang = "zh" if script_profile(line).han > 0.3 else None
        draft.titles.append(RawText(line, lang))
    if not draft.titles:
        raise NoArticleFound("the Suppr page has no title above its 机构信息 block")
    for line in blocks.get(AUTHORS, []):
        for name in _LIST_SEPARATOR.split(line):
            if name:
                draft.authors.append(make_author(name))
    draft.affiliations = list(dict.fromkeys(blocks.get(AFFILIATIONS, [])))
    _read_citation(draft, blocks.get(CITATION, []))
    links, english = _split_links(blocks.get(ABSTRACT_EN, []))
    zh_links, chinese = _split_links(blocks.get(ABSTRACT_ZH, []))
    draft.links.extend(links + zh_links)
    if english:
        draft.abstracts.append(RawAbstract(text="\n\n".join(english), lang="en", where="Abstract"))
    if chinese:
        draft.abstracts.append(RawAbstract(text="\n\n".join(chinese), lang="zh", where="摘要"))
    for line in blocks.get(KEYWORDS, []):
        for keyword in _LIST_SEPARATOR.split(line):
            if keyword:
                draft.keywords.append(RawText(keyword))
    text = "\n".join(english + chinese)
    draft.identifiers.trial_registrations = _common.trial_registrations(text)
    return [draft]


# The block a marker line opens, by its text (the first group that holds it).
_MARKER_GROUPS: dict[str, tuple[str, ...]] = {}
for _group in (AFFILIATIONS, CITATION, AUTHORS, ABSTRACT_EN, ABSTRACT_ZH, KEYWORDS):
    for _label in _group:
        _MARKER_GROUPS.setdefault(_label, _group)
# The boilerplate rules: the line start that matches the first rule's phrase (alternatives
# are tried in order), and (kind, name) by phrase (the first rule with that phrase).
_RULES = boilerplate_for(NAME)
_RULE_START = re.compile("|".join(re.escape(phrase) for _, _, phrase in _RULES)) if _RULES else None
_RULE_BY_PHRASE: dict[str, tuple[str, str]] = {}
for _kind, _name, _phrase in _RULES:
    _RULE_BY_PHRASE.setdefault(_phrase, (_kind, _name))


def _blocks(lines: list[str], draft: Draft) -> dict:
    """Lines grouped under the marker they follow (None: before the first marker); site
    chrome and promotion lines are taken out and accounted for in `draft.removed`."""
    removed = draft.removed
    blocks: dict = {}
    current = None
    for line in lines:
        if not line:
            continue
        rule = _RULE_START.match(line) if _RULE_START else None
        if rule:
            kind, name = _RULE_BY_PHRASE[rule.group(0)]
            removed.append(Removal(kind, name, len(line), line))
            if kind == "advertisement":
                current = "advertisement"
            continue
        if current == "advertisement" and not _URL.match(line):
            # Promotion blocks run to the end of the page: taglines under an advert title.
            removed.append(Removal("advertisement", "promotion_text", len(line), line))
            continue
        marker = _MARKER_GROUPS.get(line)
        if marker is not None:
            current = marker
            removed.append(Removal("site_chrome", "label:" + line, len(line), line))
            continue
        blocks.setdefault(current, []).append(line)
    return blocks


def _read_citation(draft: Draft, lines: list[str]) -> None:
    if not lines:
        return
    parts = _common.parse_nlm_citation(lines[0])
    draft.venue.abbreviation = parts["abbreviation"]
    draft.venue.volume = parts["volume"]
    draft.venue.issue = parts["issue"]
    draft.venue.pages = parts["pages"]
    draft.published = parts["published"]
    draft.identifiers.doi = parts["doi"]
    for line in lines[1:]:
        pmid = _PMID.search(line)
        if pmid:
            draft.identifiers.pmid = pmid.group(1)


def _split_links(lines: list[str]) -> tuple[list[Link], list[str]]:
    links, rest = [], []
    for line in lines:
        if _URL.match(line):
            links.append(Link("figure" if _FIGURE.search(line) else "fulltext", line))
        else:
            rest.append(line)
    return links, rest
