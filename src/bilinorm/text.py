"""Repairing text that is kept in the record: ftfy made safe for Chinese, then whitespace.

Repairs run on the fields a record keeps, never on the whole page: most of a scraped page is
thrown away, and ftfy is the costliest step on text that survives.
"""

from __future__ import annotations

import re

import ftfy

# Width folding would turn correct full-width Chinese punctuation into ASCII; uncurling quotes
# and folding ligatures reword the text. Canonical text keeps all three as printed.
_FTFY = ftfy.TextFixerConfig(
    fix_character_width=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    normalization="NFC",
    explain=False,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
# Whitespace after a CJK sentence end or between two CJK characters is a scraping artefact.
_CJK_GAP = re.compile(r"(?<=[。！？；：，、）】」』”])\s+(?=\S)|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# Text ftfy leaves as it is: printable ASCII with tabs and line breaks, CJK ideographs, CJK
# punctuation (without the combining tone marks U+302A-302F) and full-width ASCII forms. No
# legacy single-byte codec encodes an ideograph, so no mojibake can hide in such text; it has
# no control character, and NFC keeps it. `tests/test_text.py` holds it to ftfy.
_NOTHING_TO_FIX = re.compile(r"[ -~\n\t\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*\Z")


def repair(text: str) -> str:
    """Fix mojibake, HTML entities and control characters; NFC. Whitespace is kept."""
    if "&" not in text and _NOTHING_TO_FIX.match(text):
        return text
    return _CONTROL.sub("", ftfy.fix_text(text, _FTFY))


def squash(text: str) -> str:
    """Collapse whitespace runs to one space and strip (str.split knows the same whitespace as
    the regex `\\s`, and is faster)."""
    return " ".join(text.split())


def clean(text: str) -> str:
    """Repair, then collapse whitespace: the form of every short field in a record."""
    return squash(repair(text))


def clean_cjk(text: str) -> str:
    """`clean`, then drop whitespace that a scrape left inside Chinese text."""
    return _CJK_GAP.sub("", clean(text))


def strip_title(title: str) -> str:
    """A title without its closing full stop (`.` or `。`), otherwise as printed."""
    title = clean(title)
    if title.endswith(("。", ".")) and not title.endswith(("..", "et al.")):
        title = title[:-1].rstrip()
    return title
