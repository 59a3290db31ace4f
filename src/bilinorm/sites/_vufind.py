"""The fields of a VuFind catalog's Solr record, whichever way they arrive: read off a record
page's staff view (`doaj-vufind`) or as the Solr JSON document itself (`vufind-solr`).

`fields` maps a Solr field name to its values as strings. Most fields are the catalog's own
copies (facets, sort keys, spelling and shingle copies, the MARC `fullrecord`) and are
accounted in `removed` as `catalog_field`; the ones below are the record's facts.
"""

from __future__ import annotations

from ..names import make_author
from ..phrases import CATALOG_DERIVED_FIELDS, CATALOG_LANGUAGES
from ..record import Draft, Link, RawAbstract, RawText, Removal, Venue
from ..text import clean
from . import _common

Fields = dict[str, list[str]]

# Fields whose values become facts of the record (the others are catalog copies or internals).
FACT_FIELDS = frozenset(
    "author description id issn language publishDate publisher series title url topic "
    "spelling doi".split()
)
# Fields whose values are one text printed over several lines of a staff view.
_JOINED = frozenset(("description", "spelling"))


def first(fields: Fields, name: str) -> str | None:
    values = fields.get(name)
    if not values:
        return None
    return " ".join(values) if name in _JOINED else values[0]


def declared_language(fields: Fields) -> str | None:
    language = first(fields, "language")
    return CATALOG_LANGUAGES.get(language.lower()) if language else None


def read_record(draft: Draft, fields: Fields) -> None:
    """Title, declared language, abstract, links, catalog id, venue and date."""
    language = declared_language(fields)
    title = first(fields, "title")
    if title:
        draft.titles.append(RawText(title, language))
    draft.declared_language = language
    description = first(fields, "description")
    if description:
        draft.abstracts.append(RawAbstract(text=description, lang=None, where="description"))
    for url in fields.get("url", []):
        draft.links.append(Link("fulltext", url))
    record_id = first(fields, "id")
    draft.record_id = record_id
    if record_id and record_id.startswith("doaj-art-"):
        draft.identifiers.doaj = record_id.removeprefix("doaj-art-")
    draft.venue = Venue(
        name=first(fields, "series") or first(fields, "container_title"),
        publisher=first(fields, "publisher"),
        issn=list(dict.fromkeys(v for value in fields.get("issn", []) for v in value.split())),
    )
    draft.published = _common.iso_date(first(fields, "publishDate"))


def doi_field(fields: Fields) -> str | None:
    for name in ("doi", "doi_str_mv"):
        if fields.get(name):
            return _common.clean_doi(fields[name][0])
    return None


def assign_authors(draft: Draft, names: list[str], affiliation_per_index: list[str]) -> None:
    """One author per person: a name repeated back to back is the same person with another
    affiliation. Affiliations are kept unique, in order of first mention."""
    # Affiliation -> its index; cleaned once per string (authors of one place share it).
    unique: dict[str, int] = {}
    cleaned: dict[str, str] = {}
    for i, raw in enumerate(names):
        name = clean(raw)
        if not name:
            continue
        aff_index = None
        if i < len(affiliation_per_index):
            raw_affiliation = affiliation_per_index[i]
            affiliation = cleaned.get(raw_affiliation)
            if affiliation is None:
                affiliation = cleaned[raw_affiliation] = clean(raw_affiliation)
            if affiliation:
                aff_index = unique.setdefault(affiliation, len(unique))
        if draft.authors and draft.authors[-1].name == name:
            author = draft.authors[-1]
        else:
            author = make_author(name)
            draft.authors.append(author)
        if aff_index is not None and aff_index not in author.affiliations:
            author.affiliations.append(aff_index)
    draft.affiliations = list(unique)


def account_fields(draft: Draft, fields: Fields, read: frozenset[str] = FACT_FIELDS) -> None:
    """Every catalog copy and internal field (those not in `read`), with the size of its
    values. The `spelling` copy is mined for facts but is itself a copy: it is accounted too."""
    for name, values in fields.items():
        if name in CATALOG_DERIVED_FIELDS or name not in read or name == "spelling":
            draft.removed.append(Removal("catalog_field", name, sum(map(len, values)), "\n".join(values)))
