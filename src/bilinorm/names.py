"""Person names: the record's Author entries."""

from __future__ import annotations

from unidecode import unidecode

from .record import Author
from .text import clean


def make_author(name: str, names: dict[str, str] | None = None) -> Author:
    name = clean(name)
    return Author(name=name, name_ascii=" ".join(unidecode(name).split()), names=dict(names or {}))
