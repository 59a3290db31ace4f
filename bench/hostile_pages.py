"""A folder of hostile inputs for kill-and-resume trials: seed-like pages (text and HTML)
mixed with mutated pages (cut, bytes flipped, re-encoded, blocks repeated, markup and control
characters injected, very long lines), failing inputs, and one article in four encodings (a
merge). Deterministic for a given count and seed."""

from __future__ import annotations

import random
from pathlib import Path

from bench.pages import SEED_SUPPR, html_page, text_page

INJECTIONS = (b"<script>document.write('x')</script>", b"<!--", b"<div>" * 300, b"&#0;&#xD800;&bogus;",
              b"<![CDATA[", "\u202e\u0000\ufeff".encode("utf-8"), b"</b>" * 200)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random mutation of the kinds the property tests use."""
    kind = rng.randrange(7)
    if kind == 0:  # truncated anywhere
        return data[:rng.randrange(len(data) + 1)]
    if kind == 1:  # bytes flipped
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 2:  # re-encoded
        return data.decode("utf-8", "replace").encode(rng.choice(("gb18030", "utf-16", "cp1252", "big5")), "replace")
    if kind == 3:  # a block repeated
        lines = data.split(b"\n")
        start = rng.randrange(len(lines))
        return b"\n".join(lines[:start] + lines[start:start + 20] * 3 + lines[start:])
    if kind == 4:  # markup injected
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(INJECTIONS) + data[at:]
    if kind == 5:  # a very long line
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice((b".", b"a", "中".encode(), b"<a ")) * rng.choice((1000, 50_000)) + data[at:]
    text = data.decode("utf-8", "replace")  # control characters
    for _ in range(rng.randint(1, 10)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice("\x00\x07\x1b\x7f\x85\u2028\ufeff") + text[at:]
    return text.encode("utf-8")


def write_hostile_pages(folder: Path, count: int, seed: int = 6, per_folder: int = 500) -> int:
    """`count` inputs under `folder` (plus six fixed ones); returns how many files were written."""
    rng = random.Random(seed)
    written = 0
    for i in range(count):
        sub = folder / f"{i // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = ("vufind", "suppr")[i % 2]
        page = html_page(kind, i) if i % 3 == 0 else text_page(kind, i)
        if i % 4 == 3:
            page = mutate(page, rng)
        (sub / f"p{i:06d}{'.html' if i % 3 == 0 else '.txt'}").write_bytes(page)
        written += 1
    fixed = folder / "fixed"
    fixed.mkdir(parents=True, exist_ok=True)
    text = SEED_SUPPR.read_text("utf-8")
    for name, data in {"enc_utf8.txt": text.encode(), "enc_gb18030.txt": text.encode("gb18030"),
                       "enc_utf16.txt": text.encode("utf-16"), "enc_crlf.txt": text.replace("\n", "\r\n").encode(),
                       "empty.txt": b"", "image.png": b"\x89PNG\r\n\x1a\n" + bytes(64)}.items():
        (fixed / name).write_bytes(data)
        written += 1
    return written
