import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.decode import _control_share, decode
from bilinorm.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

from .conftest import SEED_SUPPR, SEED_VUFIND

LIMIT = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def suppr_text():
    return SEED_SUPPR.read_text("utf-8")


@pytest.mark.parametrize("encoding, method", [
    ("gb18030", "detected"),
    ("utf-16", "bom"),
    ("utf-16-le", "utf-16"),
    ("utf-8-sig", "bom"),
])
def test_suppr_page_in_other_encodings_decodes_to_the_same_text(suppr_text, encoding, method):
    decoded = decode(suppr_text.encode(encoding), max_bytes=LIMIT)
    assert decoded.text == suppr_text
    assert decoded.method == method


def test_crlf_is_normalized_and_recorded(suppr_text):
    decoded = decode(suppr_text.replace("\n", "\r\n").encode("utf-8"), max_bytes=LIMIT)
    assert decoded.text == suppr_text
    assert decoded.had_crlf


def test_declared_charset_is_believed_when_the_bytes_agree():
    page = '<html><head><meta charset="gb2312"></head><body><p>摘要：背景</p></body></html>'
    decoded = decode(page.encode("gb18030"), max_bytes=LIMIT)
    assert decoded.method == "declared" and decoded.encoding == "gb18030"
    assert "摘要：背景" in decoded.text


def test_declared_charset_that_lies_falls_back_to_utf8():
    page = '<html><head><meta charset="big5"></head><body><p>Sjögren’s — 狼疮</p></body></html>'
    decoded = decode(page.encode("utf-8"), max_bytes=LIMIT)
    assert "Sjögren’s — 狼疮" in decoded.text


def test_cp1252_bytes_without_declaration():
    text = SEED_VUFIND.read_text("utf-8").split("\n")[0].replace("’", "'") + " \u2019quoted\u2019 caf\xe9"
    decoded = decode(text.encode("cp1252"), max_bytes=LIMIT)
    assert decoded.text == text


@pytest.mark.parametrize("data, error", [
    (b"", EmptyInput),
    (b" \n\t\r\n", EmptyInput),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, BinaryInput),
    (b"%PDF-1.7\n%\xe2\xe3", BinaryInput),
    (b"PK\x03\x04" + b"\x00" * 30, BinaryInput),
    (b"abc\x00def\x00" * 3, BinaryInput),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd bad", UndecodableInput),
])
def test_bad_input_fails_with_its_reason(data, error):
    with pytest.raises(error) as info:
        decode(data, max_bytes=LIMIT)
    assert info.value.reason == error.reason
    assert str(info.value)


def test_too_large_is_refused_before_decoding():
    with pytest.raises(InputTooLarge, match="over the limit"):
        decode(b"a" * 101, max_bytes=100)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300))
def test_control_share_counts_what_a_character_class_counts(text):
    expected = len(re.findall("[\x00-\x08\x0e-\x1d]", text[:8192])) / max(1, len(text[:8192]))
    assert _control_share(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
               max_size=300), st.integers(min_value=0, max_value=9000))
def test_control_share_from_the_texts_utf8_bytes_is_the_same(text, padding):
    text = "a" * padding + text  # short texts, and texts longer than the sample
    assert _control_share(text, text.encode("utf-8")) == _control_share(text)


@pytest.mark.parametrize("data, where", [
    (b"abc\x00def", "character 3"),
    (codecs.BOM_UTF8 + "中文\x00".encode("utf-8"), "character 2"),
    (codecs.BOM_UTF16_LE + "ab\x00c".encode("utf-16-le"), "character 2"),
    (b'<meta charset="gb2312">' + "中\x00".encode("gb18030"), "character 24"),
])
def test_nul_is_found_in_any_encoding_with_its_place(data, where):
    with pytest.raises(BinaryInput, match="NUL") as info:
        decode(data, max_bytes=LIMIT)
    assert info.value.where == where


@pytest.mark.parametrize("data, name", [(b"GIF89a" + b"x" * 20, "GIF"), (b"\xff\xd8\xff\xe0 jfif", "JPEG"),
                                        (b"7z\xbc\xaf\x27\x1c data", "7z")])
def test_binary_formats_are_named(data, name):
    with pytest.raises(BinaryInput, match=f"this is a {name} file"):
        decode(data, max_bytes=LIMIT)
