"""The seed sites' adapters on variants of the seed pages that the same sites produce."""

from bilinorm import normalize

from .conftest import SEED_SUPPR, SEED_VUFIND


def _without_field(text: str, name: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith(name + " | "))


def test_vufind_without_spelling_reads_authors_from_work_keys():
    text = _without_field(SEED_VUFIND.read_text("utf-8"), "spelling")
    record = normalize(text.encode("utf-8"))
    assert [a.name for a in record.authors] == ["Zhao-Xia Ma", "Xing-Fei Wu", "Li Cao", "Cheng-Yan Jiao",
                                                "Dai-Ping Ma", "Yun-Hui Zhao", "Zhi-Xing Yang", "Min Hu"]
    assert record.affiliations == []
    # Without the glued copy, the keyword boundaries are unknown: the topic is kept whole.
    assert record.keywords["en"] == ["case report Sjögren’s syndrome regenerative fibroblasts purpura cytokines"]
    assert record.id == "doi:10.3389/fimmu.2025.1529883"  # from the URL


def test_vufind_page_with_crlf_and_bom_gives_the_same_record():
    plain = normalize(SEED_VUFIND.read_bytes())
    variant = normalize(b"\xef\xbb\xbf" + SEED_VUFIND.read_bytes().replace(b"\n", b"\r\n"))
    assert variant.to_dict() | {"source": None} == plain.to_dict() | {"source": None}


def test_suppr_page_with_a_byline_and_keywords():
    text = SEED_SUPPR.read_text("utf-8").replace(
        "机构信息", "作者信息\n\nGary S Gilkeson, Diane L Kamen\n\n机构信息", 1)
    record = normalize(text.encode("utf-8"))
    assert [a.name for a in record.authors] == ["Gary S Gilkeson", "Diane L Kamen"]
    assert "missing_authors" not in [w.code for w in record.warnings]


def test_suppr_page_without_chinese_abstract_is_english_only():
    text = SEED_SUPPR.read_text("utf-8")
    text = text[:text.index("摘要")] + text[text.index("https://cdn"):]
    record = normalize(text.encode("utf-8"))
    assert list(record.abstract) == ["en"]
    assert record.alignment == []
    assert record.title["zh"].startswith("脐带间充质干细胞")
