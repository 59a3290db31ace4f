"""The data classes that travel through the pipeline.

`Draft` is what a site adapter reads off a page: raw facts, with languages and sections
possibly still unknown. The later stages turn it into a `Record`, the canonical article record
(`docs` of the contract: the canonical-record spec, version 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass(slots=True)
class Section:
    label: str
    category: str
    heading: str | None
    text: str
    sentences: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Author:
    name: str
    name_ascii: str
    affiliations: list[int] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Link:
    rel: str
    url: str


@dataclass(slots=True)
class Flag:
    """A curator warning: `code`, a JSON path into the record, and a human detail."""

    code: str
    path: str
    detail: str


@dataclass(slots=True)
class Removal:
    kind: str
    name: str
    chars: int
    # What was removed, as the adapter saw it: for the curator's report, which re-reads the
    # source to show it. Never part of a record (records account for size, not text).
    text: str | None = field(default=None, compare=False, repr=False, metadata={"record": False})


@dataclass(slots=True)
class Venue:
    name: str | None = None
    abbreviation: str | None = None
    publisher: str | None = None
    issn: list[str] = field(default_factory=list)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None


@dataclass(slots=True)
class Identifiers:
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    doaj: str | None = None
    trial_registrations: list[str] = field(default_factory=list)
    # Chinese Library Classification numbers as printed (中图分类号 `R593.24`), an extension field.
    clc: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    site: str
    path: str | None
    format: str
    sha256: str
    url: str | None = None
    record_id: str | None = None


@dataclass(slots=True)
class AlignmentPair:
    label: str
    en: int
    zh: int
    sentences: list[list[list[int]]] = field(default_factory=list)


@dataclass(slots=True)
class Record:
    id: str
    languages: list[str]
    title: dict[str, str]
    authors: list[Author]
    affiliations: list[str]
    venue: Venue
    published: str | None
    identifiers: Identifiers
    keywords: dict[str, list[str]]
    abstract: dict[str, list[Section]]
    alignment: list[AlignmentPair]
    links: list[Link]
    source: Source
    also_from: list[Source]
    warnings: list[Flag]
    removed: list[Removal]
    schema_version: str = SCHEMA_VERSION
    # Script of the Chinese text (`zh-Hans`, `zh-Hant`, `zh-mixed`), an extension field.
    scripts: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data, keys in the contract's order."""
        out: dict[str, Any] = {"schema_version": self.schema_version}
        for f in fields(self):
            if f.name != "schema_version":
                out[f.name] = _plain(getattr(self, f.name))
        return out


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or value is None:  # most values: nothing to convert
        return value
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in record_fields(kind)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@lru_cache(maxsize=None)
def record_fields(kind: type) -> tuple[str, ...]:
    """The fields of a data class that go into a record, in order (looked up once per class)."""
    return tuple(f.name for f in fields(kind) if f.metadata.get("record", True))


# --- what adapters produce -------------------------------------------------------------


@dataclass(slots=True)
class RawSection:
    """A section as the source printed it. `label`/`category` are set when the source says
    (PubMed `Label`/`NlmCategory`); otherwise the sections stage derives them from `heading`."""

    heading: str | None
    text: str
    label: str | None = None
    category: str | None = None


@dataclass(slots=True)
class RawAbstract:
    """One abstract in one language: either unsplit `text` or `sections` the source split.
    `lang` is None when the source does not say; the languages stage decides then.
    `where` names the place in the page it came from (for warnings and `removed`)."""

    text: str = ""
    sections: list[RawSection] | None = None
    lang: str | None = None
    where: str = ""


@dataclass(slots=True)
class RawText:
    """A title or keyword list whose language may still be unknown."""

    text: str
    lang: str | None = None


@dataclass(slots=True)
class Draft:
    """What a site adapter reads off one article of a page."""

    site: str
    titles: list[RawText] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    venue: Venue = field(default_factory=Venue)
    published: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    keywords: list[RawText] = field(default_factory=list)
    abstracts: list[RawAbstract] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    url: str | None = None
    record_id: str | None = None
    # The language the source declares for the article as a whole, if any.
    declared_language: str | None = None
    warnings: list[Flag] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
