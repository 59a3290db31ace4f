"""Identifiers as exact search keys: DOIs, trial registrations, PMIDs, PMCIDs.

A key is the identifier in one normal form, so that the form a user types and the form a
record holds meet: DOIs in lower case without resolver prefix; trial ids in lower case
without dashes or spaces (`ChiCTR-IOR-17011234` = `chictrior17011234`); `pmid:N`; `pmcN`.
"""

from __future__ import annotations

import re
from typing import Any

# The patterns the site adapters read identifiers with: what a record holds and what a query
# names are recognised alike.
from ..sites._common import DOI_PATTERN, TRIAL_PATTERN

_TRIAL_ANY_CASE = re.compile(TRIAL_PATTERN.pattern, re.IGNORECASE)
# The registries' prefixes in TRIAL_PATTERN: a cheap test before the full pattern runs.
_TRIAL_PREFIX = re.compile(r"NCT|ChiCTR|ISRCTN|ACTRN|EudraCT|DRKS|CTRI|JPRN|KCT|IRCT|PACTR|TCTR|UMIN|NTR")
_DOI_END = ".,;:)]}>'\"’”。，；："
_PREFIXED_DOI = re.compile(r"(?:\bdoi:\s*|https?://(?:dx\.)?doi\.org/)?(" + DOI_PATTERN.pattern + ")",
                           re.IGNORECASE)
_PMID = re.compile(r"\bpmid:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(pmc\d{4,9})\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-‐‑–]+")


def doi_key(doi: str) -> str:
    return doi.rstrip(_DOI_END).lower()


def trial_key(trial: str) -> str:
    return _SEPARATORS.sub("", trial).lower()


def id_keys(identifiers: dict[str, Any]) -> list[str]:
    """The keys of a record's own identifiers (its `identifiers` object)."""
    keys = []
    if identifiers.get("doi"):
        keys.append(doi_key(identifiers["doi"]))
    if identifiers.get("pmid"):
        keys.append("pmid:" + str(identifiers["pmid"]))
    if identifiers.get("pmcid"):
        keys.append(str(identifiers["pmcid"]).lower())
    keys.extend(trial_key(t) for t in identifiers.get("trial_registrations") or ())
    return list(dict.fromkeys(keys))


def text_id_keys(text: str) -> list[str]:
    """Keys of the DOIs and trial registrations a text cites."""
    keys = [doi_key(m.group(0)) for m in DOI_PATTERN.finditer(text)] if "10." in text else []
    if _TRIAL_PREFIX.search(text):
        keys.extend(trial_key(m.group(0)) for m in TRIAL_PATTERN.finditer(text))
    return list(dict.fromkeys(keys))


def find_query_ids(query: str) -> tuple[list[tuple[str, str]], str]:
    """The identifiers in a query, as (key, text as typed), and the query without them.
    DOIs (bare, `doi:` or resolver URL), trial ids in any case, `PMID 123`, `PMC123`."""
    found: list[tuple[int, str, str]] = []
    spans: list[tuple[int, int]] = []

    def take(pattern: re.Pattern, key, group: int = 0) -> None:
        for m in pattern.finditer(query):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            text = m.group(group).rstrip(_DOI_END)
            spans.append((m.start(), m.end(group) - (len(m.group(group)) - len(text))))
            found.append((m.start(), key(text), text))

    take(_PREFIXED_DOI, doi_key, 1)
    take(_TRIAL_ANY_CASE, trial_key)
    take(_PMID, lambda n: "pmid:" + n, 1)
    take(_PMCID, str.lower, 1)
    rest = query
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return [(key, text) for _, key, text in sorted(found)], rest
