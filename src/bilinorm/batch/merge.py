"""One record from several inputs that are the same article.

Precedence is fixed and documented, so the result never depends on input order or workers:
inputs are ranked by the site that read them (`SITE_RANK`: structured sources first, then the
site adapters, then embedded metadata, then the generic reader), then by input path. For each
field the first input in that ranking that has a value gives it; per-language maps (titles,
keywords, abstracts) are unioned language by language with the same rule; lists of ids and
links are unioned in rank order. The primary input (rank 1) is `source`, the others `also_from`.
"""

from __future__ import annotations

from dataclasses import replace

from .. import align, flags
from ..pipeline import languages_by_content
from ..record import Identifiers, Record, Venue

SITE_RANK = {
    "pubmed": 0,
    "doaj-json": 1,
    "doaj-vufind": 2,
    "suppr": 3,
    "embedded-metadata": 5,
    "generic": 6,
}


def precedence(record: Record) -> tuple[int, str, str]:
    return (SITE_RANK.get(record.source.site, 4), record.source.path or "", record.source.sha256)


def merge_records(records: list[Record]) -> Record:
    """Merge records that share an id; the input list may be in any order."""
    ranked = sorted(records, key=precedence)
    if len(ranked) == 1:
        return ranked[0]
    primary = ranked[0]

    def first(get):
        for record in ranked:
            value = get(record)
            if value:
                return value
        return get(primary)

    abstract = _union_maps(r.abstract for r in ranked)
    people = next((r for r in ranked if r.authors), None) or next(
        (r for r in ranked if r.affiliations), primary)
    merged = replace(
        primary,
        title=_union_maps(r.title for r in ranked),
        # Authors index into their own record's affiliations: the two travel together.
        authors=people.authors,
        affiliations=people.affiliations,
        venue=_merge_venue([r.venue for r in ranked]),
        published=_most_precise([r.published for r in ranked]),
        identifiers=_merge_identifiers([r.identifiers for r in ranked]),
        keywords=_union_maps(r.keywords for r in ranked),
        abstract=abstract,
        links=_union_list(link for r in ranked for link in r.links),
        also_from=[r.source for r in ranked[1:]],
        warnings=[],
        removed=_union_list(item for r in ranked for item in r.removed),
    )
    merged.alignment = align.align_sections(abstract) if "en" in abstract and "zh" in abstract else []
    merged.languages = languages_by_content(merged)
    merged.scripts = first(lambda r: r.scripts)
    merged.warnings = [w for w in _union_list(w for r in ranked for w in r.warnings)
                       if w.code not in _RECOMPUTED] + [
        w for w in flags.collect(merged) if w.code in _RECOMPUTED]
    return merged


_RECOMPUTED = frozenset({"missing_authors", "missing_abstract", "section_mismatch"})


def _union_maps(maps):
    out: dict = {}
    for mapping in maps:
        for key, value in mapping.items():
            out.setdefault(key, value)
    return out


def _union_list(items):
    out, seen = [], set()
    for item in items:
        key = repr(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _merge_venue(venues: list[Venue]) -> Venue:
    merged = Venue()
    for name in ("name", "abbreviation", "publisher", "volume", "issue", "pages", "article_number"):
        setattr(merged, name, next((getattr(v, name) for v in venues if getattr(v, name)), None))
    merged.issn = list(dict.fromkeys(i for v in venues for i in v.issn))
    return merged


def _merge_identifiers(ids: list[Identifiers]) -> Identifiers:
    merged = Identifiers()
    for name in ("doi", "pmid", "pmcid", "doaj"):
        setattr(merged, name, next((getattr(i, name) for i in ids if getattr(i, name)), None))
    merged.trial_registrations = list(dict.fromkeys(t for i in ids for t in i.trial_registrations))
    merged.clc = list(dict.fromkeys(c for i in ids for c in i.clc))
    return merged


def _most_precise(dates: list[str | None]) -> str | None:
    known = [d for d in dates if d]
    if not known:
        return None
    best = known[0]
    for date in known[1:]:
        if len(date) > len(best) and date.startswith(best):
            best = date
    return best
