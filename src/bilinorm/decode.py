"""Bytes to text: refuse what is not text, find the encoding, never guess when the bytes say.

Order of evidence: byte-order mark, the charset the document declares (HTML/XML), strict UTF-8,
UTF-16 without BOM (by its zero bytes), then charset-normalizer restricted to the encodings
scraped scholarly pages really come in. What was decided, and how, is recorded in `Decoded`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

PLAUSIBLE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16", "cp1252")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are never article pages.
_BINARY_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x7fELF", "ELF"),
    (b"RIFF", "RIFF"),
    (b"\xd0\xcf\x11\xe0", "OLE (MS Office)"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _ in _BINARY_MAGIC)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# Declared charsets that are really their supersets in practice (WHATWG encoding standard).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "iso8859-1": "cp1252", "big5-hkscs": "big5hkscs",
}


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    method: str  # bom | declared | utf-8 | utf-16 | detected
    had_crlf: bool = False


def decode(data: bytes, *, max_bytes: int) -> Decoded:
    """Decode a document's bytes, or raise a typed error saying why it is not text."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"{len(data):,} bytes is over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise EmptyInput("the document is empty" if not data else "the document holds only whitespace")
    if data.startswith(_MAGIC_PREFIXES):
        name = next(name for magic, name in _BINARY_MAGIC if data.startswith(magic))
        raise BinaryInput(f"this is a {name} file, not a text or HTML page")

    decoded = _decode(data)
    text = decoded.text
    utf8 = _utf8_bytes(data, decoded)
    if (b"\x00" in utf8) if utf8 is not None else ("\x00" in text):
        raise BinaryInput("the document holds NUL characters: binary data, not text",
                          where=f"character {text.index(chr(0))}")
    if _control_share(text, utf8) > 0.05:
        raise BinaryInput("more than 5% of the characters are control characters")
    if "\r" in text:
        decoded.had_crlf = True
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise EmptyInput("the document holds only whitespace")
    decoded.text = text
    return decoded


def _decode(data: bytes) -> Decoded:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name), name, "bom")
            except UnicodeDecodeError as exc:
                raise UndecodableInput(f"the {name} byte-order mark is followed by invalid {name}",
                                       where=f"byte {exc.start + len(bom)}") from None

    declared = _declared_charset(data)
    if declared:
        try:
            return Decoded(data.decode(declared), declared, "declared")
        except UnicodeDecodeError:
            pass  # the declaration lies; the bytes decide below
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    return _detect(data)


def _utf8_bytes(data: bytes, decoded: Decoded) -> bytes | None:
    """The bytes `decoded.text` is the strict UTF-8 decoding of, when it is one: byte checks
    on them (NUL, control characters) are faster than the same checks on the text."""
    if decoded.encoding != "utf-8":
        return None
    return data[len(codecs.BOM_UTF8):] if decoded.method == "bom" else data


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII is not UTF-16; the BOM would have told us.
    return None if name.startswith("utf-16") or name.startswith("utf-32") else name


def _utf16_without_bom(data: bytes) -> Decoded | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    for share, name in ((odd_zeros, "utf-16-le"), (even_zeros, "utf-16-be")):
        if share > 0.3:
            try:
                return Decoded(data.decode(name), name, "utf-16")
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(PLAUSIBLE_ENCODINGS)).best()
    if best is None:
        raise UndecodableInput(
            "the bytes are not valid in any plausible encoding ("
            + ", ".join(PLAUSIBLE_ENCODINGS) + ")"
        )
    return Decoded(str(best), best.encoding, "detected")


def _control_share(text: str, utf8: bytes | None = None) -> float:
    """The share of C0 control characters other than whitespace (\\t \\n \\v \\f \\r) and the
    record/unit separators (\\x1e \\x1f) in the text's first 8,192 characters. Counted on the
    UTF-8 bytes, where each is one byte that no other character's bytes contain: deleting the
    other bytes in C is several times faster than a regex over the text. `utf8` is the text's
    UTF-8 bytes when the caller has them (used when the whole text is the sample)."""
    sample = text[:8192]
    if utf8 is None or len(sample) < len(text):
        utf8 = sample.encode("utf-8", "surrogatepass")
    controls = utf8.translate(None, _NOT_CONTROLS)
    return len(controls) / max(1, len(sample))


_NOT_CONTROLS = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1D))
