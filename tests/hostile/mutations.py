"""Mutations of real pages, as hypothesis strategies: each draws its own parameters, so a
failing example shrinks to the smallest page and the fewest, simplest mutations."""

from __future__ import annotations

from hypothesis import strategies as st

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "cp1252", "latin-1", "utf-16", "utf-16-le",
             "utf-16-be", "utf-32", "shift_jis", "koi8-r")

INJECTIONS = (
    b"<script>document.write('<p>Abstract</p>')</script>",
    b"<style>p{display:none}</style>",
    b"<iframe src=\"http://127.0.0.1/\"></iframe>",
    b"<img src=x onerror=\"fetch('http://127.0.0.1/')\">",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<div>" * 400,
    b"</div>" * 50,
    b"<table><tr><td>",
    b"<html><head><meta charset=\"big5\"></head><body>",
    b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-16\">",
    b"<?xml version=\"1.0\" encoding=\"gb2312\"?>",
    b"<!DOCTYPE html>",
    b"<!DOCTYPE lolz [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    b"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
    b"<lolz>&d;&d;&d;&d;</lolz>",
    b"<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>",
    b"<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" parse=\"text\"/>",
    b"&#0;&#xD800;&#x110000;&#99999999999;&bogus;&amp;amp;&lt;script&gt;",
    b"{\"a\": [" * 200,
    b"\"\\ud800\\udfff\\u0000\"",
    b"| title_sort | x |\n| spellingShingle | y |\n| _version_ | 1 |\n| id | doaj-art-1 |\n",
    "摘要\n目的：\n方法：\n结果：\n结论：\n机构信息\n出版信息\n".encode("utf-8"),
    b"Abstract\nBACKGROUND: METHODS: RESULTS: CONCLUSIONS:\n",
    b"doi: 10.1000/../../../etc/passwd\n",
    b"DOI: 10.1234/" + b"\xe2\x80\xae" + b"abc\n",
)

CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u200b",
            "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\ufffe", "\U000e0001",
            "\u0301", "\u3000", "\r", "\t")

LONG_UNITS = ("a", "word ", "中", "中文。", ".", "<", " | ", "：", "\u0301", "<b>", "&amp;", "A. ",
              "Results: ", "目的：", "<a ", "&#", "Abstract ", "(", "】")


@st.composite
def truncate(draw, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


@st.composite
def flip_bytes(draw, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


@st.composite
def swap_encoding(draw, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    how = draw(st.sampled_from(("encode", "mojibake", "double_mojibake")))
    if how == "mojibake":  # UTF-8 bytes read as cp1252, written out as UTF-8
        return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    if how == "double_mojibake":
        once = text.encode("utf-8").decode("latin-1")
        return once.encode("utf-8").decode("latin-1").encode("utf-8")
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


def _blocks(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def duplicate_block(draw, data: bytes) -> bytes:
    lines = _blocks(data)
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start + 1, min(len(lines), start + 40)))
    at = draw(st.integers(0, len(lines)))
    times = draw(st.integers(1, 3))
    return b"\n".join(lines[:at] + lines[start:end] * times + lines[at:])


@st.composite
def reorder_blocks(draw, data: bytes) -> bytes:
    lines = _blocks(data)
    order = draw(st.permutations(range(min(len(lines), 12))))
    # Reorder runs of lines: cut the page into up to 12 runs and permute them.
    n = len(order)
    cuts = [round(i * len(lines) / n) for i in range(n + 1)] if n else [0, len(lines)]
    runs = [lines[a:b] for a, b in zip(cuts, cuts[1:])]
    return b"\n".join(line for i in order for line in runs[i]) if n else data


@st.composite
def inject(draw, data: bytes) -> bytes:
    snippet = draw(st.sampled_from(INJECTIONS))
    at = draw(st.integers(0, len(data)))
    return data[:at] + snippet + data[at:]


@st.composite
def control_characters(draw, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(CONTROLS)) * draw(st.integers(1, 4)) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def long_line(draw, data: bytes) -> bytes:
    unit = draw(st.sampled_from(LONG_UNITS)).encode("utf-8")
    size = draw(st.sampled_from((1_000, 20_000, 200_000)))
    at = draw(st.sampled_from((0, len(data) // 2, len(data))))
    return data[:at] + unit * (size // len(unit)) + data[at:]


MUTATIONS = (truncate, flip_bytes, swap_encoding, duplicate_block, reorder_blocks, inject,
             control_characters, long_line)


@st.composite
def mutated(draw, pages: list[bytes], max_mutations: int = 3) -> tuple[bytes, list[str]]:
    """A real page with up to `max_mutations` mutations; also the names applied, for reports."""
    # Pages that give records (the first ones: the seeds) are drawn more often, so that most
    # mutants still reach the later stages.
    data = draw(st.sampled_from(pages[:2] * 4 + pages))
    applied = []
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=max_mutations)):
        data = draw(mutation(data))
        applied.append(mutation.__name__)
    return data, applied
