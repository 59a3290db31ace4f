"""What PubMed's two export formats (XML and MEDLINE text) have in common: NLM's language codes,
dates, author names, placeholders and trial registries."""

from __future__ import annotations

import re

from ..phrases import BOILERPLATE, CATALOG_LANGUAGES, TRIAL_REGISTRIES
from ..record import Draft, Removal
from . import _common

SITE = "pubmed"

_PLACEHOLDERS = {phrase: name for kind, name, site, phrase in BOILERPLATE
                 if kind == "placeholder" and site == SITE}
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PMCID = re.compile(r"\bPMC\d+\b")


def language_code(code: str | None) -> str | None:
    """NLM's ISO 639-2 code (`fre`, `pol`, `ita`) as ISO 639-1; None for `und`, `mul` or
    a code without a two-letter form."""
    return CATALOG_LANGUAGES.get(code.strip().lower()) if code else None


def medline_date(year: str | None, month: str | None = None, day: str | None = None,
                 medline: str | None = None) -> str | None:
    """A PubDate as ISO 8601. `MedlineDate` spans (`2015 Oct-Dec`, `2008 Jul-Aug`, `Winter
    2015`) have no single month: they give the year only."""
    if year:
        month = month.strip() if month else None
        if month and not month.isdigit():
            month = str(_MONTHS.get(month[:3].lower(), ""))
        return _common.iso_date("-".join(p for p in (year.strip(), month, day and day.strip()) if p))
    if medline:
        m = _YEAR.search(medline)
        return m.group(1) if m else None
    return None


def person_name(last: str | None, fore: str | None = None, initials: str | None = None,
                suffix: str | None = None) -> str:
    """`ForeName LastName Suffix` as the article prints it; initials stand in for a missing
    fore name (`JA Casbon`)."""
    return " ".join(p for p in (fore or initials, last, suffix) if p)


def placeholder(text: str) -> str | None:
    """The name of NLM's placeholder that `text` is (`Abstract available from the
    publisher.`), or None when it is real text."""
    return _PLACEHOLDERS.get(" ".join(text.split()))


def drop_placeholder(draft: Draft, text: str, where: str) -> bool:
    name = placeholder(text)
    if name:
        draft.removed.append(Removal("placeholder", where, len(text)))
    return name is not None


def is_trial_registry(name: str | None) -> bool:
    return bool(name) and name.strip() in TRIAL_REGISTRIES


def add_trials(draft: Draft, ids) -> None:
    for trial in ids:
        if trial and trial not in draft.identifiers.trial_registrations:
            draft.identifiers.trial_registrations.append(trial)


def trials_in_abstracts(draft: Draft) -> list[str]:
    text = " ".join(raw.text + " ".join(s.text for s in raw.sections or ()) for raw in draft.abstracts)
    return _common.trial_registrations(text)


def pmcid(text: str | None) -> str | None:
    """`PMC4631909` out of an `OtherID`/`PMC` value (which may carry a note after it)."""
    m = _PMCID.search(text or "")
    return m.group(0) if m else None
