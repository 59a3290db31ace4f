"""Person names: the record's Author entries."""

from __future__ import annotations

from unidecode import unidecode

from .record import Author
from .text import clean


# What follows a comma in a name that reads in order (`James F. Cahill, Jr.`).
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv md m.d. phd ph.d.".split())


def natural_order(name: str) -> str:
    """A catalog's inverted `Peres, Thais Helena` as the name reads, `Thais Helena Peres`.
    Anything else (no comma, several, or a suffix after it: `James F. Cahill, Jr.`) is kept."""
    last, comma, fore = name.partition(",")
    if comma and last.strip() and fore.strip() and "," not in fore and fore.strip().lower() not in SUFFIXES:
        return f"{fore.strip()} {last.strip()}"
    return name


def make_author(name: str, names: dict[str, str] | None = None) -> Author:
    name = clean(name)
    return Author(name=name, name_ascii=" ".join(unidecode(name).split()), names=dict(names or {}))
