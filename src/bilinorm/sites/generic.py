"""The generic reader: scholarly article pages in text form that no site adapter claims.

Text renderings of Chinese journal sites and their mirrors, catalogs and aggregators share a
shape, not a layout: a title (often one per language), a byline, affiliations, labelled fields
(`摘要`, `关键词`, `中图分类号`, `引用本文`, `Journal:`, `DOI`…), one abstract per language, then
the body (`1 引言`, `Introduction`, `参考文献`). The page is read in one pass over its lines
(`_lines.items`), in three states:

    head      before an abstract: titles, bylines, affiliations, fields, citations
    abstract  collecting an abstract's lines until a field, another abstract, a keyword list,
              a line in the other script, or the start of the body
    body      the article's text and references: removed, except a field label that starts
              another abstract or field

An abstract needs a label (`摘要`, `Abstract`, `Resumen`…) or, without one, must come after a
title and either open with a section heading (`目的 …`, `Objective: …`) or be a single
paragraph followed by keywords or the body. Lexicons are data: field labels
(data/field_labels.tsv), boilerplate (data/boilerplate.tsv), institution words
(data/affiliation_words.txt), section headings (data/headings.tsv).

Not an article: a listing (several abstracts or citations in one language, as on a table of
contents or a results page), a page with no title and no abstract, or a title alone with
nothing that makes it a scholarly record (no abstract, DOI or journal: a news story).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NoArticleFound
from ..language import identify, script_profile
from ..lexicon import heading_prefixes, lookup_heading
from ..names import make_author
from ..page import Page
from ..record import Author, Draft, Flag, Link, RawAbstract, RawText, Removal
from ..text import repair
from . import _bylines, _citations, _lines
from ._common import iso_date, trial_registrations

NAME = "generic"

HEAD, ABSTRACT, BODY = "head", "abstract", "body"

_ABSTRACT_CUE = re.compile(
    r"(?:^|[\s。.])[\[【［]?[ \t\u3000]*(?:摘[ \t\u3000]*要|Abstract|ABSTRACT|Resumen|Resumo|Zusammenfassung|Özet|Résumé)"
    r"[ \t\u3000]*[\]】］]?[ \t\u3000]*(?:[:：]|$|(?<=[\]】］]))", re.MULTILINE)
_STRUCTURE_CUE = re.compile(r"(?:目的|目 的|Objective|OBJECTIVE|Background|BACKGROUND)[\s:：]")
_SCHOLARLY_CUE = re.compile(
    r"关键词|關鍵詞|中图分类号|中圖分類號|Key ?words|\[J\]|doi\.org/10\.|DOI[:：]?\s*10\.|Journal:|作者单位|"
    r"[\ufb50-\ufdff\ufe70-\ufefe]")
_SENTENCE_END = re.compile(r"[。！？.!?][”’\"')）\]]*$")
_PROSE_BREAK = re.compile(r"[。！？]|[.!?]\s+[A-Z]")
_DATE_ONLY = re.compile(r"^\d{1,2}\s+\w+\s+\d{4}$|^\w+\s+\d{1,2},?\s+\d{4}$|^\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?$")
_TITLE_MARKERS = re.compile(r"[\s*†‡#]+$")
_KEYWORD_SPLIT_SEMI = re.compile(r"\s*[;；]\s*")
_KEYWORD_SPLIT_HAN = re.compile(r"\s*[;；,，、]\s*")
_KEYWORD_SPLIT_LATIN = re.compile(r"\s*[;；,，]\s*")
_FILLER = re.compile(r"(?:[?？][ \t\u3000]*)+$|[ \t\u3000]*(?:[?？][ \t\u3000]*){2,}")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|[一二三四五六七八九十]{1,3}[、.．])[ \t\u3000]+\S.{0,40}$")
_URL = re.compile(r"https?://[^\s<>\"'·|]+")
_MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september october "
                                       "november december").split(), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+((?:19|20)\d\d)$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)$")
_PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN_TOKEN = re.compile(r"[A-Za-z]+")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Fields whose values the record does not keep: accounted for in `removed` as metadata.
_METADATA_ONLY = frozenset(("received", "revised", "accepted", "funding", "corresponding", "author_notes",
                            "document_code"))
# Fields whose value may stand on the line after a bare label (`基金项目:` / `国家自然科学基金 …`).
_VALUE_ON_NEXT_LINE = frozenset(("keywords", "title", "authors", "affiliations", "journal", "publisher",
                                 "doi", "citation", "clc", "article_number", "issn", "published")) | _METADATA_ONLY
MAX_LISTED = 3
# Section labels a structured abstract starts with: a lone heading of another kind (`Tools`,
# `Reviewers`, `Results`) outside an abstract is a menu entry or belongs to the body.
_START_LABELS = frozenset(("background", "objective", "introduction", "context", "methods", "design",
                           "material_and_methods", "materials_and_methods", "patients_and_methods",
                           "subjects_and_methods", "case_report", "case_presentation"))


def detect(page: Page) -> float:
    """0.3 for a page in text form with an abstract block; 0.2 for one with other scholarly
    cues (the reader then says why it holds no article). The text rendering of an HTML page
    scores lower (0.22 at most): menus and tabs make it the reader of last resort there, after
    the embedded-metadata reader."""
    if page.format not in ("text", "html"):
        return 0.0
    head, _ = _lines.strip_pinyin_artifacts(page.text_view[:30000])
    if _ABSTRACT_CUE.search(head) or len(_STRUCTURE_CUE.findall(head)) >= 1 and _SCHOLARLY_CUE.search(head):
        score = 0.3
    elif _SCHOLARLY_CUE.search(head) or _STRUCTURE_CUE.search(head):
        score = 0.2
    else:
        return 0.0
    return score if page.format == "text" else score - 0.08


def extract(page: Page) -> list[Draft]:
    removed: list[Removal] = []
    text = page.text_view
    rows, lines = _table_rows(text)
    if rows >= 10 and rows >= 0.4 * lines:
        raise NoArticleFound(f"the text is a table ({rows} of {lines} lines are `a | b | c` rows), "
                             "not an article page")
    if page.format == "text":
        text, size = _lines.strip_markup(text)
        if size:
            removed.append(Removal("markup", "tags", size))
    text, size = _lines.strip_pinyin_artifacts(text)
    if size:
        removed.append(Removal("conversion_artifact", "pinyin", size))
    reader = _Reader(_lines.items(text, removed), removed)
    reader.read()
    reader.refuse_non_articles(text)
    draft = reader.draft()
    if page.format == "html" and not reader.title_is_certain:
        raise NoArticleFound("the text of this HTML page shows no title above a byline, no labelled title and "
                             "no citation naming it (menus and tabs around the article); no reader for its site")
    return [draft]


def _table_rows(text: str) -> tuple[int, int]:
    """(pipe-separated rows, non-empty lines): a document that is mostly a table (a data file,
    a README's listing) is not an article, whatever words its cells hold."""
    lines = [line for line in text.split("\n") if line.strip()]
    return sum(1 for line in lines if line.count("|") >= 2), len(lines)


# --- the walk over lines -------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """An abstract as printed: its label's language (or None) and its lines."""

    lang: str | None
    where: str
    lines: list[str] = field(default_factory=list)
    script: str | None = None  # han | latin, from its first line
    start: int = 0  # index of the item that opened it
    end: int = 0  # index of the item after it


@dataclass(slots=True)
class _Byline:
    script: str
    names: list[_bylines.PrintedName]
    at: int  # index of its item
    affiliations: list[tuple[str | None, str]] = field(default_factory=list)
    labelled: bool = False  # printed after a label (`作者:`, `Authors:`)


@dataclass(slots=True)
class _Keywords:
    lang: str | None
    words: list[str]
    after_abstract: bool
    printed: int


class _Reader:
    def __init__(self, items: list[_lines.Item], removed: list[Removal]):
        self.items = items
        self.removed = removed
        self.warnings: list[Flag] = []
        self.state = HEAD
        self.block: _Block | None = None
        self.blocks: list[_Block] = []
        self.titles: list[tuple[str, str, int]] = []  # (text, script, item index)
        self.labelled_titles: list[tuple[str, str | None]] = []
        self.bylines: list[_Byline] = []
        self.keywords: list[_Keywords] = []
        self.citations: list[_citations.Citation] = []
        self.sources: list[_citations.Source] = []
        self.publisher: str | None = None
        self.published: str | None = None
        self.doi: str | None = None
        self.clc: list[str] = []
        self.article_number: str | None = None
        self.issn: list[str] = []
        self.abstract_labels: dict[str | None, int] = {}
        self.pending: _lines.Label | None = None  # a bare label whose value is the next line
        self.last_kind: str | None = None  # title | byline | affiliation | abstract | keywords | other
        self.current_byline: _Byline | None = None  # the byline the next affiliation belongs to
        self.loose_affiliations: list[tuple[str | None, str]] = []  # labelled, with no byline before
        self.keywords_follow_abstract = False
        self.in_references = False
        self.news = False  # a `NEWS` line before any abstract
        self.title_is_certain = False  # labelled, confirmed by a citation, or right above the byline
        self.links: list[Link] = []

    # -- the walk --

    def read(self) -> None:
        for i, item in enumerate(self.items):
            if item.kind == "chrome":
                self.removed.append(Removal(*item.name, item.printed))
                continue
            if self.pending and item.kind == "text":
                label, self.pending = self.pending, None
                self._field(label, item.text, item.printed, i)
                continue
            self.pending = None
            if item.kind == "label":
                self._label(item, i)
            elif item.kind == "body":
                self._close(i)
                self.state = BODY
                self._account_body(item)
            elif self.state == ABSTRACT:
                self._abstract_line(item, i)
            elif self.state == BODY:
                self._account_body(item)
            elif item.kind == "heading" and self._opens_unlabelled(item, i):
                self._open(None, "unlabelled", i)
                self.block.lines.append(item.text)
            elif item.kind == "heading":
                self.removed.append(Removal("site_chrome", "unclassified", item.printed))
            else:
                self._loose(item, i)
        self._close(len(self.items))

    def _label(self, item: _lines.Item, i: int) -> None:
        label = item.label
        self.removed.append(Removal("site_chrome", "label:" + label.field, len(label.printed)))
        if label.field == "news":
            self.news = self.news or not self.blocks
            return
        if label.field == "abstract":
            self.abstract_labels[label.lang] = self.abstract_labels.get(label.lang, 0) + 1
            if self.state == ABSTRACT and not self.block.lines and not label.value:
                return  # a doubled label: `Abstract` / `Abstract`
            if not label.value and not self._text_follows(i):
                self.removed[-1] = Removal("navigation", "abstract_link", item.printed)
                return  # a tab or menu entry named Abstract, not an abstract
            self._close(i)
            self._open(label.lang, label.printed.rstrip(":： "), i)
            if label.value:
                self._abstract_line(_lines.Item("text", label.value, len(label.value)), i)
            return
        closing_abstract = self.state == ABSTRACT
        self._close(i)
        if self.state != BODY or label.field in ("keywords", "doi"):
            self.state = HEAD
        if not label.value and label.field in _VALUE_ON_NEXT_LINE:
            self.pending = label
            if label.field == "keywords":
                self.keywords_follow_abstract = closing_abstract or bool(self.blocks)
            return
        if label.field == "keywords":
            self.keywords_follow_abstract = closing_abstract or bool(self.blocks)
        self._field(label, label.value, len(label.value), i)

    def _field(self, label: _lines.Label, value: str, printed: int, at: int) -> None:
        name = label.field
        clean_value, lost = _strip_filler(value)
        if lost and name in _FIELD_PATHS:
            self.warnings.append(Flag("lost_characters", _FIELD_PATHS.get(name, name),
                                      f"'?' stood where characters were lost after {label.printed} {clean_value}"))
        value = clean_value
        if name in _METADATA_ONLY:
            self.removed.append(Removal("metadata", name, printed))
        elif name == "keywords":
            words = _split_keywords(value, label.lang)
            self.keywords.append(_Keywords(label.lang, words, self.keywords_follow_abstract, printed))
        elif name == "title":
            self.labelled_titles.append((value, label.lang))
        elif name == "authors":
            names = _bylines.split_names(value)
            if names:
                script = "han" if _bylines.han_share(value) > 0.5 else "latin"
                byline = _Byline(script, names, at, labelled=True)
                self.bylines.append(byline)
                self.current_byline = byline
                self.last_kind = "byline"
        elif name == "affiliations":
            self._affiliation(value, force=True)
        elif name == "journal":
            self.sources.append(_citations.read_journal_line(value))
        elif name == "publisher":
            self.publisher = self.publisher or value or None
        elif name == "doi":
            self.doi = self.doi or _citations.find_doi(value)
        elif name == "citation":
            self._citation(value)
        elif name == "clc":
            self.clc.extend(c for c in _citations.read_clc(value) if c not in self.clc)
        elif name == "article_number":
            self.article_number = self.article_number or value or None
            source = _citations.read_article_number(value)
            if source:
                self.sources.append(source)
        elif name == "issn":
            self.issn.extend(re.findall(r"\d{4}-\d{3}[\dXx]", value))
        elif name == "published":
            self.published = self.published or _date(value)

    # -- abstracts --

    def _open(self, lang: str | None, where: str, i: int) -> None:
        self.block = _Block(lang, where, start=i)
        self.state = ABSTRACT

    def _close(self, i: int) -> None:
        if self.block is not None:
            self.block.end = i
            if self.block.lines:
                self.blocks.append(self.block)
                self.last_kind = "abstract"
            self.block = None
            self.state = HEAD

    def _abstract_line(self, item: _lines.Item, i: int) -> None:
        block, line = self.block, item.text
        if item.kind == "heading":
            block.lines.append(line)
            return
        script = _script(line)
        if block.lines and len(line) < 40 and not _SENTENCE_END.search(line) and not _sentence_like(line) \
                and any(_sentence_like(x) for x in block.lines):
            # A short line without a sentence end after the abstract's text: a menu entry, a
            # caption or a heading of what follows, not the abstract.
            self._close(i)
            self._loose(item, i)
            return
        if block.lines and _keyword_like(line):
            self._close(i)
            self.keywords_follow_abstract = True
            self._unlabelled_keywords(line, item.printed)
            return
        if block.script is None:
            block.script = script
        elif script and script != block.script and len(line) >= 20:
            self._close(i)
            self._loose(item, i)
            return
        if _citations.is_citation(line) or block.lines and self._numbered_heading(line):
            self._close(i)
            self._loose(item, i)
            return
        block.lines.append(line)

    # -- lines outside abstracts --

    def _loose(self, item: _lines.Item, i: int) -> None:
        line = item.text
        if self.state == BODY:
            self._account_body(item)
            return
        doi = _doi_line(line)
        if doi:
            self.doi = self.doi or doi
            url = _URL.search(line)
            if url:
                self.links.append(Link("landing", url.group(0)))
            self.removed.append(Removal("metadata", "doi_link", item.printed - (len(url.group(0)) if url else 0)))
            return
        if _citations.is_citation(line):
            self._citation(line)
            return
        source = _citations.read_book_title_line(line)
        if source:
            self.sources.append(source)
            self.removed.append(Removal("metadata", "journal_line", item.printed))
            return
        if self._byline(line, i) or self._affiliation(line):
            return
        if self.last_kind == "abstract" and _keyword_like(line):
            self._unlabelled_keywords(line, item.printed)
            return
        if (self.titles or self.bylines) and _opens_with_heading(line):
            self._open(None, "unlabelled", i)
            self.block.lines.append(line)
            self.block.script = _script(line)
            return
        if _is_prose(line):
            script = _script(line)
            if (self.titles or self.bylines) and not any(b.script == script for b in self.blocks) \
                    and self._abstract_follows(i):
                self._open(None, "unlabelled", i)
                self.block.lines.append(line)
                self.block.script = script
            elif not self.titles and not self.blocks:
                self.removed.append(Removal("site_chrome", "text_outside_article", item.printed))
            else:
                self.state = BODY
                self._account_body(item)
            return
        script = _script(line)
        if any(b.script == script for b in self.blocks):
            # After this script's abstract, a line that is no field, byline or keyword list
            # is the body (the other script's title and byline may still follow).
            self.state = BODY
            self._account_body(item)
            return
        if _title_like(line):
            text = _TITLE_MARKERS.sub("", line)
            if any(t == text for t, _, _ in self.titles):
                self.removed.append(Removal("duplicate", "title", item.printed))
            else:
                self.titles.append((text, script or "latin", i))
            self.last_kind = "title"
            return
        self.removed.append(Removal("site_chrome", "unclassified", item.printed))
        self.last_kind = "other"

    def _byline(self, line: str, i: int) -> bool:
        # One name alone on a line is a byline only between a title and an affiliation or a
        # field: a short line of two capitalised words is more often a menu entry.
        single_ok = self.last_kind == "title" and self._affiliation_or_field_follows(i)
        han = _bylines.han_share(line) > 0.5
        names = (_bylines.read_han_byline(line, single_ok=single_ok) if han
                 else _bylines.read_latin_byline(line, single_ok=single_ok))
        if not names:
            return False
        script = "han" if han else "latin"
        for known in self.bylines:
            if known.script == script and [n.name for n in known.names] == [n.name for n in names]:
                if not any(n.marks for n in known.names) and any(n.marks for n in names):
                    known.names = names
                self.removed.append(Removal("duplicate", "byline", len(line)))
                self.last_kind = "byline"
                self.current_byline = known
                return True
        byline = _Byline(script, names, i)
        self.bylines.append(byline)
        self.current_byline = byline
        self.last_kind = "byline"
        return True

    def _affiliation(self, line: str, force: bool = False) -> bool:
        if not force and (self.last_kind not in ("byline", "affiliation") or len(line) > 400
                          or not (_bylines.looks_like_affiliation(line) or line[:1] in "(（")):
            return False
        byline = self.current_byline or (self.bylines[-1] if self.bylines else None)
        parts = _bylines.split_affiliations(line)
        if byline is None:
            self.loose_affiliations.extend(parts)
        elif any(p in byline.affiliations for p in parts):
            self.removed.append(Removal("duplicate", "affiliation", len(line)))
        else:
            byline.affiliations.extend(parts)
        self.last_kind = "affiliation"
        return True

    def _citation(self, line: str) -> None:
        cite = _citations.read_citation(line)
        self.removed.append(Removal("metadata", "citation", len(line)))
        if cite is None:
            self.doi = self.doi or _citations.find_doi(line)
            return
        if any(c.title == cite.title for c in self.citations):
            return
        self.citations.append(cite)

    def _unlabelled_keywords(self, line: str, printed: int) -> None:
        lang = None
        if self.blocks:
            last = self.blocks[-1]
            if last.script == "han" and _HAN_CHAR.search(line):
                lang = "zh"
        self.keywords.append(_Keywords(lang or ("zh" if _script(line) == "han" else None),
                                       _split_keywords(line, lang), True, printed))
        self.last_kind = "keywords"

    def _after(self, i: int):
        """The items after item i that are not chrome, without copying the list."""
        return (self.items[j] for j in range(i + 1, len(self.items)) if self.items[j].kind != "chrome")

    def _affiliation_or_field_follows(self, i: int) -> bool:
        nxt = next(self._after(i), None)
        return nxt is not None and (nxt.kind == "label" or nxt.kind == "text" and (
            _bylines.looks_like_affiliation(nxt.text) or nxt.text[:1] in "(（"))

    def _opens_unlabelled(self, item: _lines.Item, i: int) -> bool:
        """A lone heading (`Background`, `目的`) opens an abstract without a label when it
        comes after a title or byline, names a section that abstracts start with, and is
        followed by sentences."""
        info = lookup_heading(item.text)
        return bool(self.titles or self.bylines) and info is not None and info.label in _START_LABELS \
            and self._text_follows(i)

    def _text_follows(self, i: int) -> bool:
        """Whether a bare abstract label at item i is followed by sentences (after at most a
        repeated label and a heading), rather than by menu entries."""
        skipped = 0
        for item in self._after(i):
            if skipped < 2 and (item.kind == "heading" or item.kind == "label"
                                and item.label.field == "abstract" and not item.label.value):
                skipped += 1
                continue
            return item.kind in ("text", "label") and _sentence_like(item.text)
        return False

    def _abstract_follows(self, i: int) -> bool:
        """Whether the paragraph at item i is followed by what ends an abstract: keywords,
        another abstract, the body, or the end of the page."""
        for item in self._after(i):
            if item.kind == "body":
                return True
            if item.kind == "label":
                return item.label.field in ("keywords", "abstract", "clc", "doi", "received", "funding")
            if item.kind == "text":
                return _keyword_like(item.text) or self._numbered_heading(item.text)
            return False
        return True

    def _numbered_heading(self, line: str) -> bool:
        return bool(_NUMBERED_HEADING.match(line)) and not _SENTENCE_END.search(line) \
            and not _bylines.looks_like_affiliation(line)

    def _account_body(self, item: _lines.Item) -> None:
        where = "references" if item.field == "references" or self.in_references else "main_text"
        if item.field in ("body", "references"):
            self.in_references = item.field == "references"
        self.removed.append(Removal("body_text", where, item.printed))

    # -- what is not an article --

    def _listed(self) -> int:
        """How many articles the page lists: abstract labels of one language, citations (of
        more than one journal, or more than four), page ranges of journal lines."""
        counts = list(self.abstract_labels.values())
        if len({c.journal for c in self.citations}) > 1 or len(self.citations) > 4:
            counts.append(len(self.citations))
        counts.append(len({(s.journal, s.pages) for s in self.sources if s.pages}))
        return max(counts)

    def refuse_non_articles(self, text: str) -> None:
        listed = self._listed()
        if listed >= MAX_LISTED:
            raise NoArticleFound(f"the page lists {listed} articles (a table of contents or a results page), "
                                 "not one article")
        titled = bool(self.titles or self.labelled_titles or self.citations)
        if not self.blocks and not titled:
            debris = _pdf_debris(text)
            if debris:
                raise NoArticleFound(f"no article title or abstract: the text is PDF-extraction debris ({debris})")
            raise NoArticleFound("the page has neither an article title nor an abstract")
        if not self.blocks and self.news:
            raise NoArticleFound("the page is a news story (marked NEWS, no abstract), not an article")
        if not self.blocks and not (self.sources or self.citations or self.keywords or self.clc):
            raise NoArticleFound("the page has a title but no abstract, journal, citation or keywords: "
                                 "not a scholarly article page (a news story or a notice?)")

    # -- the draft --

    def draft(self) -> Draft:
        draft = Draft(site=NAME)
        abstracts = [(self._abstract_language(b), b) for b in self.blocks]
        latin_lang = next((lang for lang, b in abstracts if b.script == "latin" and lang), None)
        for lang, block in abstracts:
            text = repair("\n".join(block.lines))
            draft.abstracts.append(RawAbstract(text=text, lang=lang, where=block.where))
        self._titles(draft, latin_lang)
        self._authors(draft)
        self._venue(draft)
        self._keywords(draft, {b.script: lang for lang, b in reversed(abstracts)})
        draft.identifiers.doi = self.doi or next((c.doi for c in self.citations if c.doi), None)
        draft.identifiers.clc = self.clc
        draft.identifiers.trial_registrations = trial_registrations("\n".join(a.text for a in draft.abstracts))
        draft.links = self.links
        draft.warnings = self.warnings + self._truncation(abstracts)
        draft.removed = self.removed
        return draft

    def _abstract_language(self, block: _Block) -> str | None:
        """The label's language when the script agrees with it (`摘要` over Han text), else
        one identification of the whole block, the label's language as a hint."""
        if block.lang and (block.lang != "zh") == (block.script != "han"):
            return block.lang
        return identify(" ".join(block.lines), hint=block.lang) or block.lang

    def _titles(self, draft: Draft, latin_lang: str | None) -> None:
        """Per script: a labelled title, else the one the citation names, else the one right
        above the byline, else the last before the abstract, else the first."""
        chosen: dict[str, str] = {}
        bylines = self._chosen_bylines()
        for value, lang in self.labelled_titles:
            chosen.setdefault(_script(value) or "latin", value)
            self.title_is_certain = True
        cited = {}
        for cite in self.citations:
            if cite.title:
                cited.setdefault(_script(cite.title) or "latin", cite.title)
        for script in ("han", "latin"):
            candidates = [(t, i) for t, s, i in self.titles if s == script]
            if script in chosen or not candidates and script not in cited:
                continue
            match = next((t for t, _ in candidates if _same_title(t, cited.get(script))), None)
            byline = bylines.get(script)
            above_byline = next((t for t, i in reversed(candidates) if byline and 0 < byline.at - i <= 3), None)
            above_abstract = [t for t, i in candidates if i < self._first_abstract(script)]
            chosen[script] = (match or above_byline or (above_abstract[-1] if above_abstract else None)
                              or (candidates[0][0] if candidates else cited[script]))
            self.title_is_certain = self.title_is_certain or bool(match or above_byline)
        for text, script, _ in self.titles:
            if chosen.get(script) != text:
                self.removed.append(Removal("site_chrome", "unclassified", len(text)))
        for script, title in chosen.items():
            hint = latin_lang if script == "latin" else None
            draft.titles.append(RawText(title, identify(title, hint=hint) or hint))

    def _first_abstract(self, script: str) -> int:
        starts = [b.start for b in self.blocks if b.script == script] or [b.start for b in self.blocks]
        return min(starts, default=len(self.items))

    def _chosen_bylines(self) -> dict[str, _Byline]:
        """Per script: a labelled byline, else the last one before that script's abstract
        (menus and headers come first on a page, the byline right above the abstract), else
        the first."""
        chosen = {}
        for script in ("han", "latin"):
            own = [b for b in self.bylines if b.script == script]
            if not own:
                continue
            before = [b for b in own if b.at < self._first_abstract(script)]
            chosen[script] = next((b for b in own if b.labelled), None) or (before[-1] if before else own[0])
        return chosen

    def _authors(self, draft: Draft) -> None:
        bylines = self._chosen_bylines()
        for cite in self.citations:
            if cite.authors and not re.search(r"\bet al\b|等$", cite.authors):
                script = "han" if _bylines.han_share(cite.authors) > 0.5 else "latin"
                if script not in bylines:
                    bylines[script] = _Byline(script, _bylines.split_names(cite.authors), 10**9)
        if not bylines:
            return
        ordered = sorted(bylines.values(), key=lambda b: b.at)
        first = ordered[0]
        other = next((b for b in ordered[1:] if len(b.names) == len(first.names)), None)
        affiliations: list[str] = []
        numbered: dict[tuple[str, str], int] = {}
        for byline in ordered:
            for number, text in byline.affiliations + (self.loose_affiliations if byline is first else []):
                if text not in affiliations:
                    affiliations.append(text)
                if number:
                    numbered[(byline.script, number)] = affiliations.index(text)
        draft.affiliations = affiliations
        for k, printed in enumerate(first.names):
            names = {}
            if other is not None:
                names = {_lang_of_script(first.script): printed.name,
                         _lang_of_script(other.script): other.names[k].name}
            author: Author = make_author(printed.name, names)
            indexes = self._affiliation_indexes(first, printed, numbered, affiliations)
            if other is not None:
                indexes += [x for x in self._affiliation_indexes(other, other.names[k], numbered, affiliations)
                            if x not in indexes]
            author.affiliations = indexes
            draft.authors.append(author)

    def _affiliation_indexes(self, byline: _Byline, printed, numbered, affiliations) -> list[int]:
        found = [numbered[(byline.script, m)] for m in printed.marks if (byline.script, m) in numbered]
        if found:
            return found
        own = [text for number, text in byline.affiliations]
        if len(own) == 1 and not any(n.marks and n.marks != ["*"] for n in byline.names):
            return [affiliations.index(own[0])]
        loose = self.loose_affiliations
        if not own and len(loose) == 1 and len(self.bylines) <= 2:
            return [affiliations.index(loose[0][1])]
        return []

    def _venue(self, draft: Draft) -> None:
        venue = draft.venue
        for source in self.sources + [_from_citation(c) for c in self.citations]:
            venue.name = venue.name or source.journal
            venue.volume = venue.volume or source.volume
            venue.issue = venue.issue or source.issue
            venue.pages = venue.pages or source.pages
            venue.issn.extend(i for i in source.issn if i not in venue.issn)
            self.published = self.published or source.year
        venue.issn.extend(i for i in self.issn if i not in venue.issn)
        venue.publisher = self.publisher
        venue.article_number = self.article_number
        draft.published = self.published

    def _keywords(self, draft: Draft, lang_of_script: dict) -> None:
        langs = {}
        for entry in self.keywords:
            lang = entry.lang or lang_of_script.get(_script(" ".join(entry.words)) or "latin")
            langs.setdefault(lang, []).append(entry)
        for lang, entries in langs.items():
            after = [e for e in entries if e.after_abstract and e.words]
            keep = after or [e for e in entries if e.words]
            for entry in entries:
                if entry not in keep:
                    self.removed.append(Removal("site_chrome", "site_keywords", entry.printed))
            for entry in keep:
                draft.keywords.extend(RawText(w, lang) for w in entry.words)

    def _truncation(self, abstracts) -> list[Flag]:
        if not abstracts:
            return []
        lang, last = abstracts[-1]
        rest = [it for it in self.items[last.end:] if it.kind != "chrome"]
        tail = last.lines[-1]
        if rest or _SENTENCE_END.search(tail):
            return []
        return [Flag("truncated_input", f"abstract.{lang}",
                     f"the input ends inside the abstract, mid-sentence: …{tail[-30:]}")]


# --- small readers ---------------------------------------------------------------------------------

_FIELD_PATHS = {"clc": "identifiers.clc", "doi": "identifiers.doi", "keywords": "keywords",
                "article_number": "venue.article_number", "published": "published"}


def _date(value: str) -> str | None:
    """`2 July 2014` and `July 2, 2014` as well as what `iso_date` reads (`2014-07-02`, `2023年5月6日`)."""
    value = value.strip()
    m = _DAY_MONTH_YEAR.match(value)
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
    m = None if day else _MONTH_DAY_YEAR.match(value)
    if m:
        month, day, year = m.group(1), m.group(2), m.group(3)
    number = _MONTHS.get(month.lower()) or next((n for name, n in _MONTHS.items()
                                                 if len(month) >= 3 and name.startswith(month.lower())), None) \
        if month else None
    if number and 1 <= int(day) <= 31:
        return f"{year}-{number:02d}-{int(day):02d}"
    return iso_date(value)


def _strip_filler(value: str) -> tuple[str, bool]:
    """A field value without the `? ? ?` a lossy charset conversion left between fields."""
    stripped = _FILLER.sub("", value).strip()
    return stripped, stripped != value.strip()


def _script(line: str) -> str | None:
    profile = script_profile(line)
    if not profile.letters:
        return None
    return "han" if profile.cjk >= 0.3 else "latin"


def _lang_of_script(script: str) -> str:
    return "zh" if script == "han" else "en"


def _split_keywords(value: str, lang: str | None) -> list[str]:
    value = value.strip().rstrip("。.;；")
    if not value:
        return []
    han = _HAN_CHAR.search(value) and (lang in (None, "zh"))
    if _KEYWORD_SPLIT_SEMI.search(value):
        parts = _KEYWORD_SPLIT_SEMI.split(value)
    elif han:
        parts = _KEYWORD_SPLIT_HAN.split(value)
        if len(parts) == 1:
            parts = value.split()
    else:
        parts = _KEYWORD_SPLIT_LATIN.split(value)
    words = [p.strip() for p in parts if p.strip()]
    if han and len(words) == 1 and len(words[0]) > 8 and script_profile(words[0]).han == 1.0:
        return []  # glued keywords (`标引生物医学主题词`): their boundaries cannot be known
    return words


def _keyword_like(line: str) -> bool:
    if len(line) > 300 or re.search(r"[。！？]", line) or line.endswith("."):
        return False
    parts = [p for p in _KEYWORD_SPLIT_SEMI.split(line) if p]
    if len(parts) < 3 and _HAN_CHAR.search(line):
        parts = [p for p in _KEYWORD_SPLIT_HAN.split(line) if p]
    return len(parts) >= 3 and all(len(p) <= 40 for p in parts)


def _opens_with_heading(line: str) -> bool:
    """`目的 探讨…`, `Objective: To…`, `【目的】…`: a paragraph that opens with a section heading."""
    if len(line) < 30:
        return False
    if line[0] in "【[":
        close = line.find("】" if line[0] == "【" else "]", 1, 24)
        info = lookup_heading(line[1:close]) if close > 0 else None
        return info is not None and not info.is_marker
    for end, info in heading_prefixes(line, 0):
        if info.label not in _START_LABELS or info.label == "introduction":
            continue
        nxt = line[end:end + 2]
        if nxt[:1] in ":：" or nxt[:1] in " \u3000" and (nxt[1:2].isupper() or _HAN_CHAR.match(nxt[1:2] or "")):
            return True
    return False


def _sentence_like(line: str) -> bool:
    han = len(_HAN_CHAR.findall(line))
    if han >= 12:
        return bool(re.search(r"[。，,；;！？]", line))
    return len(line) >= 50 and len(line.split()) >= 8


def _is_prose(line: str) -> bool:
    han = len(_HAN_CHAR.findall(line))
    if han >= 40:
        return bool(re.search(r"[。，,；;]", line))
    return len(line) >= 150 and bool(_PROSE_BREAK.search(line))


def _title_like(line: str) -> bool:
    # Markup and data rows (`# Heading`, `| a | b |`, `LABEL|CATEGORY|N`) are never titles.
    if _DATE_ONLY.match(line) or line.endswith(("。", "：", ":")) or line[:1] in "#|*>=-" or "|" in line:
        return False
    profile = script_profile(line)
    if profile.cjk >= 0.3:
        han = len(_HAN_CHAR.findall(line))
        return 5 <= han and len(line) <= 150 and "。" not in line
    words = line.split()
    letters = profile.letters
    return len(words) >= 3 and 15 <= len(line) <= 400 and letters >= 0.6 * len(line.replace(" ", ""))


def _same_title(a: str, b: str | None) -> bool:
    if not b:
        return False
    key = lambda s: re.sub(r"[\s.。]+", "", s).casefold()
    return key(a) == key(b)


def _doi_line(line: str) -> str | None:
    """The DOI of a line that is little more than a DOI (`https://doi.org/10.… · Full text`)."""
    if "10." not in line:
        return None
    doi = _citations.find_doi(line)
    if not doi:
        return None
    rest = re.sub(r"(?:https?://(?:dx\.)?doi\.org/|doi[:：]?\s*)?10\.\S+", "", line, flags=re.IGNORECASE)
    return doi if len(rest.strip(" ·|-")) <= 20 else None


def _from_citation(cite: _citations.Citation) -> _citations.Source:
    return _citations.Source(journal=cite.journal, year=cite.year, volume=cite.volume, issue=cite.issue,
                             pages=cite.pages)


def _pdf_debris(text: str) -> str | None:
    """A description of PDF-extraction damage (letters spaced apart, Arabic presentation forms
    standing in for lost glyphs), or None when the text does not look like that."""
    tokens = _LATIN_TOKEN.findall(text)
    lone = sum(1 for t in tokens if len(t) == 1 and t not in "aAI")
    forms = len(_PRESENTATION_FORMS.findall(text))
    if (tokens and lone >= 10 and lone >= 0.15 * len(tokens)) or forms:
        parts = []
        if lone:
            parts.append(f"{lone} of {len(tokens)} Latin words are single letters spaced apart")
        if forms:
            parts.append(f"{forms} presentation-form characters stand for lost glyphs")
        return "; ".join(parts)
    return None
