"""Cutting what a hostile page makes too long. Each cut leaves a `Flag` saying what was cut,
so a curator can see that the record holds less than the page."""

from __future__ import annotations

import unicodedata

from .record import Flag


def cut_text(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, never inside a combining sequence and
    without trailing whitespace; `text` itself when it is short enough."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    while cut and (unicodedata.combining(cut[-1]) or cut[-1].isspace()):
        cut = cut[:-1]
    return cut or text[:limit]


def truncated_flag(path: str, before: int, after: int, limit: int) -> Flag:
    return Flag("truncated_field", path,
                f"{before:,} characters cut to {after:,} (the limit is {limit:,}: max_field_chars)")
