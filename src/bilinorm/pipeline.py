"""normalize(): bytes in, canonical records out. The whole story, stage by stage."""

from __future__ import annotations

import hashlib
import re

from . import align, flags, language
from .config import DEFAULT_CONFIG, Config
from .decode import decode
from .errors import MultipleArticles, NoArticleFound
from .limits import cut_text, truncated_flag
from .page import Page
from .record import Draft, Flag, Record, Removal, Section, Source
from .sections import finish_section, split_sections
from .sentences import split_sentences
from .sites import choose_adapter
from .text import clean, clean_cjk, strip_title


def normalize(data: bytes | str, *, path: str | None = None, config: Config | None = None) -> Record:
    """The canonical record of the one article in `data` (a page's bytes, or its text).

    Raises a `BilinormError` subclass, with a reason code, when the document cannot be
    normalized; `MultipleArticles` when it holds several (use `normalize_all`).
    """
    records = normalize_all(data, path=path, config=config)
    if len(records) > 1:
        raise MultipleArticles(f"the document holds {len(records)} articles; use normalize_all()")
    return records[0]


def normalize_all(data: bytes | str, *, path: str | None = None,
                  config: Config | None = None) -> list[Record]:
    """Every article record in `data`, in document order."""
    config = config or DEFAULT_CONFIG
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    page = Page(raw, decode(raw, max_bytes=config.max_bytes), path, max_html_depth=config.max_html_depth)
    adapter = choose_adapter(page)
    drafts = adapter.extract(page)
    if not drafts:
        raise NoArticleFound(f"the {adapter.NAME} reader found no article in this page")
    return [build_record(draft, page, config) for draft in drafts]


def build_record(draft: Draft, page: Page, config: Config) -> Record:
    """The stages after extraction: languages, sections and sentences, alignment, flags."""
    titles, keywords, abstracts = assign_languages(draft, config)
    limit_flags: list[Flag] = []
    abstract = {lang: _sections(raw_list, lang, config, limit_flags) for lang, raw_list in abstracts.items()}
    abstract = {lang: sections for lang, sections in abstract.items() if sections}
    record = Record(
        id="",
        languages=[],
        title={lang: title for lang, title in _stripped_titles(titles) if title},
        authors=[author for author in draft.authors if author.name],
        affiliations=draft.affiliations,
        venue=draft.venue,
        published=draft.published,
        identifiers=draft.identifiers,
        keywords=keywords,
        abstract=abstract,
        alignment=align.align_sections(abstract) if "en" in abstract and "zh" in abstract else [],
        links=_unique_links(draft),
        source=Source(site=draft.site, path=page.path, format=page.format, sha256=page.sha256,
                      url=draft.url, record_id=draft.record_id),
        also_from=[],
        warnings=list(draft.warnings),
        removed=consolidate_removed(draft.removed),
    )
    if not record.title and not record.abstract:
        raise NoArticleFound("the page has neither a title nor an abstract")
    _clean_affiliations(record)
    limit_flags.extend(_cut_short_fields(record, config.max_field_chars))
    record.warnings.extend(limit_flags)
    record.warnings.extend(_drop_malformed_identifiers(record))
    record.languages = languages_by_content(record)
    record.scripts = _chinese_scripts(record)
    record.id = record_id(record)
    record.warnings.extend(flags.collect(record))
    return record


def assign_languages(draft: Draft, config: Config):
    """Languages for abstracts, titles and keywords the source did not label: one
    identification per block of text, never per line; script first, langdetect last.

    Abstracts first. A title or keyword list is short, and langdetect alone takes Latin
    binomials for Catalan or Italian; it is in the language of the article's abstracts or in
    English. So a Latin-script title or keyword list takes the language of the record's one
    Latin-script abstract when there is exactly one (right and cheap), and is otherwise chosen
    among the abstracts' languages and English.
    """

    def identify(text: str, hint: str | None, among: frozenset[str] | None = None) -> str:
        return language.identify(text, hint=hint, seed=config.language_seed,
                                 min_detect_chars=config.min_detect_chars, among=among) or hint or "und"

    declared = _contract_language(draft.declared_language)
    abstracts: dict[str, list] = {}
    for raw in draft.abstracts:
        text = raw.text or " ".join(s.text for s in raw.sections or ())
        abstracts.setdefault(_contract_language(raw.lang) or identify(text, declared), []).append(raw)
    latin = [lang for lang in abstracts if lang not in _CJK_LANGUAGES and lang != "und"]
    hint = latin[0] if len(latin) == 1 else declared
    known = frozenset(abstracts) - {"und"}
    among = known | {"en"} if known else None

    def is_latin(text: str) -> bool:
        return text.isascii() or language.script_profile(text).cjk < language.CJK_SHARE

    titles: dict[str, str] = {}
    for title in draft.titles:
        lang = _contract_language(title.lang)
        if lang is None and len(latin) == 1 and is_latin(title.text):
            lang = latin[0]
        titles.setdefault(lang or identify(title.text, hint, among), title.text)

    keywords: dict[str, list[str]] = {}
    in_latin = [k.text for k in draft.keywords if not _contract_language(k.lang) and is_latin(k.text)]
    latin_lang = None
    if in_latin:
        latin_lang = latin[0] if len(latin) == 1 else identify(" ; ".join(in_latin), hint, among)
    for keyword in draft.keywords:
        lang = _contract_language(keyword.lang) or (latin_lang if keyword.text in in_latin else "zh")
        words = keywords.setdefault(lang, [])
        text = clean_cjk(keyword.text) if lang == "zh" else clean(keyword.text)
        if text and text not in words:
            words.append(text)
    return titles, keywords, abstracts


_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _contract_language(code: str | None) -> str | None:
    """A language a page declared, if it is in the contract's form (ISO 639 letters); a
    damaged one (`ün`) counts as not declared, and the text's own evidence decides."""
    return code if code and _LANGUAGE.fullmatch(code) else None


def _chinese_scripts(record: Record) -> dict[str, str]:
    if "zh" not in record.languages:
        return {}
    text = "".join(s.text for s in record.abstract.get("zh", ())) + record.title.get("zh", "")
    script = language.chinese_script(text)
    return {"zh": script} if script else {}


def _sections(raws, lang: str, config: Config, flags: list[Flag]) -> list[Section]:
    """The finished sections of one language, within `max_sections` and `max_field_chars`."""
    sections: list[Section] = []
    for raw in raws:
        parts = raw.sections if raw.sections is not None else split_sections(raw.text, lang)
        sections.extend(finish_section(part, lang) for part in parts if part.text.strip())
    if len(sections) > config.max_sections:
        last = sections[config.max_sections - 1]
        extras = sections[config.max_sections:]
        joiner = "" if lang == "zh" else " "
        last.text = joiner.join([last.text, *(extra.text for extra in extras)])
        last.sentences = split_sentences(last.text, lang)
        flags.append(Flag("too_many_sections", f"abstract.{lang}[{config.max_sections - 1}]",
                          f"{len(sections):,} sections; the last {len(extras):,} are merged into "
                          f"section {config.max_sections} (the limit is max_sections)"))
        del sections[config.max_sections:]
    for i, section in enumerate(sections):
        cut = cut_text(section.text, config.max_field_chars)
        if cut != section.text:
            flags.append(truncated_flag(f"abstract.{lang}[{i}].text", len(section.text), len(cut),
                                        config.max_field_chars))
            section.text, section.sentences = cut, split_sentences(cut, lang)
    return sections


def _stripped_titles(titles: dict[str, str]):
    return ((lang, strip_title(text)) for lang, text in titles.items())


def _clean_affiliations(record: Record) -> None:
    """Affiliations cleaned, those that clean to nothing dropped and those that clean to the
    same string made one, with the authors' indexes following (the contract: unique strings)."""
    unique: dict[str, int] = {}
    moved: dict[int, int] = {}
    for i, affiliation in enumerate(record.affiliations):
        text = clean(affiliation)
        if text:
            moved[i] = unique.setdefault(text, len(unique))
    record.affiliations = list(unique)
    for author in record.authors:
        author.affiliations = list(dict.fromkeys(moved[i] for i in author.affiliations if i in moved))


# The contract's forms (record.schema.json). ASCII digits only: `\d` would take any script's.
_CONTRACT_FORMS = {
    "pmid": re.compile(r"[0-9]+"),
    "doi": re.compile(r"10\.[^A-Z\s]+"),
    "doaj": re.compile(r"[0-9a-z]+"),
}
_PUBLISHED = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _drop_malformed_identifiers(record: Record) -> list[Flag]:
    """Identifiers and a date an adapter read off a damaged page in a form the contract does
    not allow (a flipped byte in a PMID) are dropped, with a warning: never an invalid record."""
    flags = []
    for name, form in _CONTRACT_FORMS.items():
        value = getattr(record.identifiers, name)
        if value is not None and not form.fullmatch(value):
            flags.append(Flag("malformed_identifier", f"identifiers.{name}",
                              f"dropped {value[:80]!r}: not a {name}"))
            setattr(record.identifiers, name, None)
    if record.published is not None and not _PUBLISHED.fullmatch(record.published):
        flags.append(Flag("malformed_identifier", "published",
                          f"dropped {record.published[:80]!r}: not an ISO date"))
        record.published = None
    return flags


def _cut_short_fields(record: Record, limit: int) -> list[Flag]:
    """Titles, author names, affiliations and keywords within `max_field_chars`."""
    flags: list[Flag] = []

    def cut(text: str, path: str) -> str:
        short = cut_text(text, limit)
        if short != text:
            flags.append(truncated_flag(path, len(text), len(short), limit))
        return short

    record.title = {lang: cut(title, f"title.{lang}") for lang, title in record.title.items()}
    for i, author in enumerate(record.authors):
        author.name = cut(author.name, f"authors[{i}].name")
        author.name_ascii = cut_text(author.name_ascii, limit)
    record.affiliations = [cut(a, f"affiliations[{i}]") for i, a in enumerate(record.affiliations)]
    record.keywords = {lang: [cut(w, f"keywords.{lang}[{i}]") for i, w in enumerate(words)]
                      for lang, words in record.keywords.items()}
    return flags


def consolidate_removed(removed: list[Removal]) -> list[Removal]:
    """One entry per (kind, name), in order of first removal, with the sizes summed."""
    merged: dict[tuple[str, str], Removal] = {}
    for item in removed:
        key = (item.kind, item.name)
        if key in merged:
            merged[key].chars += item.chars
        else:
            merged[key] = Removal(item.kind, item.name, item.chars)
    return list(merged.values())


def _unique_links(draft: Draft):
    seen, links = set(), []
    for link in draft.links:
        key = (link.rel, link.url)
        if key not in seen:
            seen.add(key)
            links.append(link)
    return links


def languages_by_content(record: Record) -> list[str]:
    weight: dict[str, int] = {}
    for lang, sections in record.abstract.items():
        weight[lang] = weight.get(lang, 0) + sum(len(s.text) for s in sections)
    for lang, title in record.title.items():
        weight[lang] = weight.get(lang, 0) + len(title)
    for lang, words in record.keywords.items():
        weight[lang] = weight.get(lang, 0) + sum(len(w) for w in words)
    return sorted(weight, key=lambda lang: (-weight[lang], lang))


def record_id(record: Record) -> str:
    ids = record.identifiers
    if ids.doi:
        return "doi:" + ids.doi.lower()
    if ids.pmid:
        return "pmid:" + ids.pmid
    if ids.doaj:
        return "doaj:" + ids.doaj
    title = record.title.get("en") or next(iter(record.title.values()), "")
    if not title:
        first = next(iter(record.abstract.values()))[0].text
        title = first
    key = " ".join(title.casefold().split())
    return "title:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


__all__ = ["normalize", "normalize_all", "build_record", "record_id", "clean_cjk"]
