"""PubMed's MEDLINE text format (`PMID- 16403221`, `TI  - …`, `AB  - BACKGROUND: …`): one
citation per blank-line separated block of tagged fields, long values continued on lines
indented by six spaces.

Unlike the XML, the abstract comes glued (`BACKGROUND: … RESULTS: …`): it is left to the
sections stage to split at its headings.
"""

from __future__ import annotations

import re

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, RawAbstract, RawText, Removal, Venue
from ..text import clean, repair
from . import _common, _pubmed

NAME = _pubmed.SITE

_FIELD = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- (.*)$")
_CONTINUATION = "      "
_FIRST_TAG = re.compile(r"PMID- \d+\s*$")
_TAGGED_LINES = re.compile(r"^[A-Z][A-Z0-9]{0,3} {0,3}- ", re.MULTILINE)
_ID_TYPE = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
_SECONDARY_SOURCE = re.compile(r"^([^/]+)/(.+)$")

# Tags a draft reads; the rest (MeSH, dates, publication types, …) go to `removed`.
_READ = frozenset("PMID TI TT AB CI FAU AU CN AD LA JT TA IS VI IP DP PG LID AID PMC OT SI OAB OABL".split())


def detect(page: Page) -> float:
    if page.format != "text":
        return 0.0
    head = page.text[:4096].lstrip()
    if not _FIRST_TAG.match(head.split("\n", 1)[0]):
        return 0.0
    return 1.0 if len(_TAGGED_LINES.findall(head)) >= 4 else 0.5


def extract(page: Page) -> list[Draft]:
    drafts = [_draft(fields) for fields in _citations(page.text)]
    drafts = [d for d in drafts if d is not None and (d.titles or d.abstracts)]
    if not drafts:
        raise NoArticleFound("the MEDLINE text holds no citation with a PMID and a title or abstract")
    return drafts


def _citations(text: str) -> list[list[tuple[str, str]]]:
    """Each citation as its (tag, value) pairs in order, continuation lines joined."""
    citations: list[list[tuple[str, str]]] = []
    fields: list[tuple[str, str]] = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            if fields:
                citations.append(fields)
                fields = []
            continue
        m = _FIELD.match(line)
        if m:
            fields.append((m.group(1), m.group(2).strip()))
        elif fields and line.startswith(_CONTINUATION):
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value}\n{line.strip()}")
    if fields:
        citations.append(fields)
    return citations


def _values(fields: list[tuple[str, str]], tag: str) -> list[str]:
    return [v for t, v in fields if t == tag]


def _one(fields: list[tuple[str, str]], tag: str) -> str | None:
    values = _values(fields, tag)
    return clean(values[0]) if values and values[0].strip() else None


def _draft(fields: list[tuple[str, str]]) -> Draft | None:
    pmid = _one(fields, "PMID")
    if not pmid:
        return None
    draft = Draft(site=NAME, record_id=pmid)
    languages = [_pubmed.language_code(v) for v in _values(fields, "LA")]
    draft.declared_language = languages[0] if languages else None
    vernacular = next((lang for lang in languages if lang and lang != "en"), None)

    title = _one(fields, "TI")
    if title and not _pubmed.drop_placeholder(draft, title, "TI"):
        draft.titles.append(RawText(title, "en"))
    other_title = _one(fields, "TT")
    if other_title:
        draft.titles.append(RawText(other_title, vernacular))
    _read_authors(draft, fields)
    _read_venue(draft, fields)
    _read_identifiers(draft, fields, pmid)
    keyword_lang = "en" if draft.declared_language == "en" else None
    draft.keywords = [RawText(clean(v), keyword_lang) for v in _values(fields, "OT") if v.strip()]
    _read_abstracts(draft, fields)
    _pubmed.add_trials(draft, _trial_ids(fields))
    _pubmed.add_trials(draft, _pubmed.trials_in_abstracts(draft))
    for tag, value in fields:
        if tag not in _READ:
            draft.removed.append(Removal("pubmed_field", tag, len(" ".join(value.split()))))
    return draft


def _read_authors(draft: Draft, fields: list[tuple[str, str]]) -> None:
    """Authors in byline order from FAU (full name; AU where it is missing) and CN (a group).
    An AD belongs to the author before it; an AD before any author is the first author's:
    until 2014 MEDLINE kept only the first author's affiliation, printed ahead of the names."""
    affiliations: list[str] = []
    pending: list[int] = []
    previous = None
    for tag, value in fields:
        if tag in ("FAU", "CN") or (tag == "AU" and previous != "FAU"):
            name = {"FAU": _inverted_name, "AU": _initials_last}.get(tag, clean)(value)
            author = make_author(name)
            if author.name:
                if not draft.authors:
                    author.affiliations.extend(pending)
                draft.authors.append(author)
        elif tag == "AD":
            affiliation = clean(value)
            if affiliation not in affiliations:
                affiliations.append(affiliation)
            index = affiliations.index(affiliation)
            target = draft.authors[-1].affiliations if draft.authors else pending
            if index not in target:
                target.append(index)
        if tag in ("FAU", "AU", "CN"):
            previous = tag
    draft.affiliations = affiliations


def _inverted_name(value: str) -> str:
    """`Casbon, James A` -> `James A Casbon`, as the XML's ForeName LastName."""
    last, _, fore = value.partition(",")
    return _pubmed.person_name(clean(last), clean(fore) or None)


def _initials_last(value: str) -> str:
    """`Casbon JA` (AU, where no FAU is given) -> `JA Casbon`, as the XML's Initials LastName."""
    m = re.fullmatch(r"(.+?)\s+([A-Z]{1,4})", clean(value))
    return _pubmed.person_name(m.group(1), m.group(2)) if m else clean(value)


def _read_venue(draft: Draft, fields: list[tuple[str, str]]) -> None:
    issn = []
    for value in _values(fields, "IS"):
        number = value.split()[0] if value.split() else ""
        if re.fullmatch(r"\d{4}-\d{3}[\dXx]", number) and number not in issn:
            issn.append(number)
    draft.venue = Venue(name=_one(fields, "JT"), abbreviation=_one(fields, "TA"), issn=issn,
                        volume=_one(fields, "VI"), issue=_one(fields, "IP"), pages=_one(fields, "PG"))
    date = _one(fields, "DP") or ""
    m = re.match(r"(\d{4})(?:\s+([A-Za-z]{3})(?:\s+(\d{1,2}))?)?$", date)
    draft.published = _pubmed.medline_date(*m.groups()) if m else _pubmed.medline_date(None, medline=date)
    if not draft.venue.pages:
        for value in _values(fields, "LID"):
            m = _ID_TYPE.match(value)
            if m and m.group(2) == "pii":
                draft.venue.article_number = clean(m.group(1))
                break


def _read_identifiers(draft: Draft, fields: list[tuple[str, str]], pmid: str) -> None:
    ids = draft.identifiers
    ids.pmid = pmid
    for tag in ("LID", "AID"):
        for value in _values(fields, tag):
            m = _ID_TYPE.match(value)
            if m and m.group(2) == "doi" and not ids.doi:
                ids.doi = _common.clean_doi(m.group(1))
    ids.pmcid = _pubmed.pmcid(_one(fields, "PMC"))


def _read_abstracts(draft: Draft, fields: list[tuple[str, str]]) -> None:
    for value in _values(fields, "AB"):
        text = repair(value)
        if not _pubmed.drop_placeholder(draft, text, "AB"):
            draft.abstracts.append(RawAbstract(text=text, lang="en", where="AB"))
    for value in _values(fields, "CI"):
        draft.removed.append(Removal("copyright", "CI", len(" ".join(value.split()))))
    # OAB (other abstract) and OABL (its language) come in pairs, in that order.
    other_languages = [_pubmed.language_code(v) for v in _values(fields, "OABL")]
    for i, value in enumerate(_values(fields, "OAB")):
        where = "OAB"
        if not _pubmed.drop_placeholder(draft, repair(value), where):
            lang = other_languages[i] if i < len(other_languages) else None
            draft.abstracts.append(RawAbstract(text=repair(value), lang=lang, where=where))


def _trial_ids(fields: list[tuple[str, str]]) -> list[str]:
    """`SI  - ClinicalTrials.gov/NCT00585195`: accession numbers filed under a trial registry."""
    found = []
    for value in _values(fields, "SI"):
        m = _SECONDARY_SOURCE.match(value.strip())
        if m and (_pubmed.is_trial_registry(m.group(1)) or _common.trial_registrations(m.group(2))):
            found.append(m.group(2).strip())
    return found
