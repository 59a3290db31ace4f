"""Boilerplate phrases, catalog field names, language names, trial registries, field labels,
institution words and page types: data files, read once."""

from __future__ import annotations

from importlib.resources import files


def _rows(name: str) -> list[list[str]]:
    text = files("bilinorm").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


BOILERPLATE: tuple[tuple[str, str, str, str], ...] = tuple(tuple(r) for r in _rows("boilerplate.tsv"))  # type: ignore[misc]
CATALOG_DERIVED_FIELDS: frozenset[str] = frozenset(r[0] for r in _rows("catalog_fields.txt"))
CATALOG_LANGUAGES: dict[str, str] = {r[0]: r[1] for r in _rows("languages.tsv")}
TRIAL_REGISTRIES: frozenset[str] = frozenset(r[0] for r in _rows("trial_registries.txt"))
# Page types (dc.type, prism.section, og:type, JSON-LD @type …) that are not scholarly articles.
NON_ARTICLE_TYPES: dict[str, str] = {r[0]: r[1] for r in _rows("page_types.tsv")[1:]}
CATALOG_CHROME: tuple[tuple[str, str], ...] = tuple(
    (phrase, name) for kind, name, site, phrase in BOILERPLATE if site == "doaj-vufind"
)


def boilerplate_for(site: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, name, phrase) rows that apply to `site` (and to every site)."""
    return tuple((k, n, p) for k, n, s, p in BOILERPLATE if s in (site, "*"))


# Field labels (data/field_labels.tsv): (label as printed, field, implied language or None).
FIELD_LABELS: tuple[tuple[str, str, str | None], ...] = tuple(
    (label, field, None if lang == "-" else lang) for label, field, lang in _rows("field_labels.tsv")[1:]
)
AFFILIATION_WORDS: tuple[str, ...] = tuple(r[0] for r in _rows("affiliation_words.txt"))
