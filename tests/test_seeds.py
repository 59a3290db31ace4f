"""The acceptance facts of the two seed pages, read off the pages by a person."""

import json

import pytest

from bilinorm import normalize, to_json_bytes, validate

from .conftest import SEED_SUPPR, SEED_VUFIND

CATALOG_ARTEFACTS = ("spellingShingle", "title_sort", "work_keys_str_mv", "author_facet",
                     "Kabale University", "Saved in:", "Add Tag", "1832584450725117952",
                     "doaj-art-66e6cc858f454c5eb4e550ea6de2fbb92025", "regenerativefibroblasts")


def test_vufind_identity_and_venue(vufind_record):
    r = vufind_record
    assert r.id == "doi:10.3389/fimmu.2025.1529883"
    assert r.identifiers.doi == "10.3389/fimmu.2025.1529883"
    assert r.identifiers.doaj == "66e6cc858f454c5eb4e550ea6de2fbb9"
    assert r.source.site == "doaj-vufind" and r.source.record_id == "doaj-art-66e6cc858f454c5eb4e550ea6de2fbb9"
    v = r.venue
    assert (v.name, v.publisher, v.issn, v.volume, v.article_number) == (
        "Frontiers in Immunology", "Frontiers Media S.A.", ["1664-3224"], "16", "1529883")
    assert r.published == "2025-01-01"
    assert r.title == {"en": "Regenerative fibroblasts derived from autologous skin tissue for the "
                             "treatment of Sjögren’s syndrome: a case report"}


def test_vufind_authors_in_order_with_affiliations(vufind_record):
    r = vufind_record
    names = [a.name for a in r.authors]
    assert names == ["Zhao-Xia Ma", "Xing-Fei Wu", "Li Cao", "Cheng-Yan Jiao", "Dai-Ping Ma",
                     "Yun-Hui Zhao", "Zhi-Xing Yang", "Min Hu"]
    assert len(r.affiliations) == 3
    assert r.affiliations[0].startswith("Yunnan Key Laboratory for Basic Research on Bone and Joint Diseases")
    assert r.affiliations[1].startswith("Production Department, Yunnan Jici Institute")
    assert r.affiliations[2].startswith("Research and Development Department, Shenzhen Zhendejici")
    by_name = {a.name: a.affiliations for a in r.authors}
    assert by_name["Zhao-Xia Ma"] == [0]
    assert all(by_name[n] == [1] for n in names[1:7])
    assert by_name["Min Hu"] == [0, 2]
    assert all(a.name_ascii == a.name for a in r.authors)


def test_vufind_keywords_sections_links_and_flags(vufind_record):
    r = vufind_record
    assert r.keywords == {"en": ["case report", "Sjögren’s syndrome", "regenerative fibroblasts",
                                 "purpura", "cytokines"]}
    sections = r.abstract["en"]
    assert [(s.label, s.heading) for s in sections] == [
        ("background", "Background"), ("case_report", "Case report"), ("summary", "Summary")]
    assert sections[0].text.startswith("Sjögren’s syndrome (SS) is a systemic autoimmune disease")
    assert sections[1].text.startswith("In March 2021, the volunteer")
    assert sections[2].text.startswith("The results of this clinical trial")
    assert sections[2].text.endswith("than allogeneic MSCs.")
    assert list(r.abstract) == ["en"] and r.languages == ["en"] and r.alignment == []
    assert {"rel": "fulltext", "url": "https://www.frontiersin.org/articles/10.3389/fimmu.2025.1529883/full"} in [
        {"rel": link.rel, "url": link.url} for link in r.links]
    lost = [w for w in r.warnings if w.code == "lost_superscript"]
    assert lost and lost[0].path == "abstract.en[1].text" and "5.0 × 107" in lost[0].detail


def test_vufind_catalog_artefacts_only_in_removed(vufind_record):
    data = vufind_record.to_dict()
    removed = data.pop("removed")
    text = json.dumps(data, ensure_ascii=False)
    for artefact in CATALOG_ARTEFACTS:
        assert artefact not in text, artefact
    names = {item["name"] for item in removed if item["kind"] == "catalog_field"}
    assert {"spelling", "spellingShingle", "author_facet", "author_sort", "title_full", "title_fullStr",
            "title_full_unstemmed", "title_short", "title_sort", "work_keys_str_mv", "_version_",
            "institution", "collection", "record_format"} <= names
    chrome = {item["name"] for item in removed if item["kind"] == "site_chrome"}
    assert {"saved_in", "tags"} <= chrome
    assert all(item["chars"] > 0 for item in removed)


def test_suppr_identity_titles_and_venue(suppr_record):
    r = suppr_record
    assert r.id == "doi:10.1136/lupus-2022-000704"
    assert r.title["en"] == ("Safety, immunological effects and clinical response in a phase I trial of "
                             "umbilical cord mesenchymal stromal cells in patients with treatment refractory SLE")
    assert r.title["zh"] == "脐带间充质干细胞治疗难治性系统性红斑狼疮的 I 期临床试验中的安全性、免疫效果和临床应答"
    assert (r.venue.abbreviation, r.venue.volume, r.venue.issue) == ("Lupus Sci Med", "9", "1")
    assert r.published == "2022-07"
    assert r.identifiers.trial_registrations == ["NCT03171194"]
    assert r.affiliations == [
        "Department of Medicine, Division of Rheumatology, Medical University of South Carolina, "
        "Charleston, South Carolina, USA.",
        "Department of Medicine, Division of Hematology/Oncology, Ohio State Wexner Medical Center, "
        "Columbus, Ohio, USA."]
    assert r.authors == []
    assert [w.code for w in r.warnings if w.code == "missing_authors"] == ["missing_authors"]
    assert [link.rel for link in r.links] == ["figure"]
    assert r.links[0].url.endswith("lupus-2022-000704f01.jpg")


def test_suppr_sections_and_alignment(suppr_record):
    r = suppr_record
    labels = ["background", "methods", "results", "conclusions", "trial_registration"]
    assert [s.label for s in r.abstract["en"]] == labels
    assert [s.label for s in r.abstract["zh"]] == labels
    assert [s.heading for s in r.abstract["zh"]] == ["背景", "方法", "结果", "结论", "试验注册号"]
    assert r.languages == ["en", "zh"]
    assert r.scripts == {"zh": "zh-Hans"}
    assert [(p.label, p.en, p.zh) for p in r.alignment] == [(label, i, i) for i, label in enumerate(labels)]
    for pair in r.alignment:
        en, zh = r.abstract["en"][pair.en], r.abstract["zh"][pair.zh]
        assert sorted(i for group in pair.sentences for i in group[0]) == list(range(len(en.sentences)))
        assert sorted(i for group in pair.sentences for i in group[1]) == list(range(len(zh.sentences)))
    results = r.abstract["en"][2]
    results_zh = r.abstract["zh"][2]
    pairs = {(tuple(g[0]), tuple(g[1])) for g in r.alignment[2].sentences}
    en_adverse = results.sentences.index("Adverse events were minimal.")
    zh_adverse = results_zh.sentences.index("不良事件很少。")
    assert any(en_adverse in g[0] and zh_adverse in g[1] for g in pairs)


def test_suppr_promotion_text_is_removed(suppr_record):
    data = suppr_record.to_dict()
    removed = data.pop("removed")
    text = json.dumps(data, ensure_ascii=False)
    for phrase in ("文献AI研究员", "立即体验", "用中文搜PubMed", "文档翻译", "马上搜索", "Suppr", "20分钟"):
        assert phrase not in text
    kinds = {(item["kind"], item["name"]) for item in removed}
    assert ("advertisement", "ai_researcher") in kinds and ("site_chrome", "site_name") in kinds
    assert sum(item["chars"] for item in removed if item["kind"] == "advertisement") >= len(
        "文献AI研究员20分钟写一篇综述,助力文献阅读效率提升50倍。立即体验用中文搜PubMed大模型驱动的PubMed中文搜索引擎"
        "马上搜索文档翻译学术文献翻译模型,支持多种主流文档格式。立即体验")


@pytest.mark.parametrize("seed", [SEED_VUFIND, SEED_SUPPR])
def test_records_are_schema_valid_and_deterministic(seed):
    data = seed.read_bytes()
    first = to_json_bytes(normalize(data, path=seed.name))
    validate(json.loads(first))
    assert to_json_bytes(normalize(data, path=seed.name)) == first
    assert first.endswith(b"}\n") and b"\\u" not in first


def test_sentences_join_back_to_section_text(vufind_record, suppr_record):
    for record in (vufind_record, suppr_record):
        for lang, sections in record.abstract.items():
            joiner = "" if lang == "zh" else " "
            for section in sections:
                assert joiner.join(section.sentences) == section.text
