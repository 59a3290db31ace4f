"""Search keys for Chinese (and other CJK) text: folded, then cut into overlapping bigrams.

Chinese has no spaces, so a word tokenizer sees a whole run of Han as one token. The classic
answer, used here and by Lucene's CJKBigramFilter, is to index every run as its overlapping
character bigrams, `红斑狼疮` -> `红斑 斑狼 狼疮`, and to turn a Chinese query into the same
bigrams as a phrase: a two-character word is one bigram, a longer word or phrase is a phrase
of bigrams, and either matches wherever it occurs in a run, whatever the words around it.
The last character of each run is also emitted alone (`红斑 斑狼 狼疮 疮`), so that every
character begins some token and a one-character query is a prefix query that finds all of
its occurrences.

Before that, text is folded one character for one (so offsets are kept): traditional-only
characters to simplified (`data/hans_hant.tsv`), full-width ASCII to ASCII, the ideographic
space to a space. The same folding runs on the query, so `康復` finds `康复` and back.
"""

from __future__ import annotations

import re

from ..language import to_simplified

# Han (with extensions and compatibility ideographs), kana, hangul: scripts written without
# spaces between words.
CJK_CHARS = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
             "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
             "\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3")
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None


def fold(text: str) -> str:
    """Simplified script, ASCII width; the same length as `text`."""
    if text.isascii():
        return text
    text = to_simplified(text)
    return text.translate(_WIDTH) if _WIDE.search(text) else text


def bigrams(run: str) -> list[str]:
    """`红斑狼疮` -> `['红斑', '斑狼', '狼疮', '疮']`; a single character stays itself."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def query_bigrams(run: str) -> list[str]:
    """The bigrams a query run must match in sequence (no trailing unigram)."""
    return [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def index_text(text: str) -> str:
    """The text an index stores for `text`: folded, each CJK run replaced by its bigrams
    between spaces, everything else kept as it is for the word tokenizer."""
    folded = fold(text)
    if not _HAS_CJK.search(folded):
        return folded
    return CJK_RUN.sub(lambda m: " " + " ".join(bigrams(m.group())) + " ", folded)


def index_text_origins(text: str) -> tuple[str, list[int]]:
    """`index_text(text)` and, for each of its characters, the offset in `text` it came from
    (-1 for the spaces put around bigrams): how a match in the index is shown on the text."""
    folded = fold(text)
    parts: list[str] = []
    origins: list[int] = []
    pos = 0
    for m in CJK_RUN.finditer(folded):
        parts.append(folded[pos:m.start()])
        origins.extend(range(pos, m.start()))
        run, start = m.group(), m.start()
        for i, token in enumerate(bigrams(run)):
            parts.append(" " + token)
            origins.append(-1)
            origins.extend(range(start + i, start + i + len(token)))
        parts.append(" ")
        origins.append(-1)
        pos = m.end()
    parts.append(folded[pos:])
    origins.extend(range(pos, len(folded)))
    return "".join(parts), origins
