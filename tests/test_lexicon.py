import re
from collections import Counter
from importlib.resources import files

import pytest

from bilinorm.lexicon import (
    NLM_CATEGORIES,
    UNASSIGNED,
    curated_rows,
    heading_prefixes,
    lookup_heading,
    nlm_labels,
)

SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")


def test_nlm_list_is_read_whole_from_the_package():
    raw = files("bilinorm").joinpath("data", "nlm_structured_abstract_labels_110613.txt")
    assert len(raw.read_text(encoding="utf-8").splitlines()) == 2455
    assert len(nlm_labels()) == 2455
    # The category counts of the 2011 list (lhncbc/skr-consort).
    assert Counter(c for _, c in nlm_labels()) == {
        "BACKGROUND": 171, "OBJECTIVE": 458, "METHODS": 1214, "RESULTS": 233, "CONCLUSIONS": 379}


def test_every_nlm_label_maps_to_its_nlm_category():
    wrong = [(label, cat, lookup_heading(label)) for label, cat in nlm_labels()
             if lookup_heading(label) is None or lookup_heading(label).category != cat]
    assert wrong == []


def test_every_label_is_lower_snake_case():
    labels = {lookup_heading(label).label for label, _ in nlm_labels()}
    labels |= {row.label for row in curated_rows()}
    assert [label for label in labels if not SNAKE.fullmatch(label)] == []


@pytest.mark.parametrize(("label", "headings"), [
    ("conclusions", ["CONCLUSION", "Conclusions", "结论", "結論", "CONCLUSION(S)", "Conclusiones",
                     "Conclusões", "Schlussfolgerungen", "Fazit", "Conclusioni", "Sonuç"]),
    ("methods", ["METHODS", "Method", "方法", "METHOD(S)", "Métodos", "Metodología", "Methoden",
                 "Méthodes", "Metodi", "Yöntem"]),
    ("objective", ["目的", "Objective", "Objectives", "Aim", "Purpose", "AIMS", "Objetivo",
                   "Objetivos", "Objectif", "Obiettivo", "Amaç", "Ziel"]),
    ("background", ["背景", "Background", "BACKGROUND", "Hintergrund", "Antecedentes"]),
    ("results", ["结果", "結果", "Results", "RESULT(S)", "RESULTS(S)", "Resultados", "Ergebnisse",
                 "Résultats", "Risultati", "Bulgular"]),
    ("trial_registration", ["TRIAL REGISTRATION NUMBER", "Trial registration", "试验注册号",
                            "試驗註冊號", "临床试验注册", "CLINICAL TRIAL REGISTRATION NUMBER"]),
    ("case_report", ["Case report", "CASE REPORTS", "病例报告", "病例報告"]),
    ("summary", ["Summary", "SUMMARY"]),
    ("patient_summary", ["PATIENT SUMMARY"]),
    ("main_outcome_measures", ["MAIN OUTCOME MEASURES", "MAIN OUTCOME MEASURE(S)",
                               "Main outcome measure", "MAIN OUTCOMEMEASURES", "主要结局指标"]),
    ("patients", ["PATIENT(S)", "PATIENTS(S)", "Patients"]),
    ("materials_and_methods", ["MATERIALS AND METHODS", "Material and methods",
                               "MATERIALS & METHODS", "资料与方法", "材料与方法",
                               "Gereç ve Yöntem", "Material y métodos"]),
    ("subjects_and_methods", ["SUBJECTS AND METHODS", "对象与方法"]),
    ("design", ["DESIGN", "设计", "設計", "Diseño"]),
    ("discussion", ["DISCUSSION", "讨论", "Discusión", "Tartışma"]),
    ("limitations", ["LIMITATIONS", "局限性"]),
    ("significance", ["SIGNIFICANCE", "意义"]),
    ("introduction", ["INTRODUCTION", "Introducción", "Introdução", "Einleitung", "引言"]),
])
def test_headings_meaning_the_same_share_a_label(label, headings):
    assert {h: lookup_heading(h).label for h in headings} == dict.fromkeys(headings, label)


@pytest.mark.parametrize("printed", [
    "目的:", "目的：", "【目的】", "[目的]", "［目的］", " Objective: ", "OBJECTIVE :", "objective.",
    "Objective\u00a0:",
])
def test_decoration_around_a_heading_is_ignored(printed):
    assert lookup_heading(printed).label == "objective"


def test_pinyin_left_by_a_script_converter_is_ignored():
    # zhbilingual_jizihe prints 結(jié)果 and 結(jié)論.
    assert lookup_heading("結(jié)果").label == "results"
    assert lookup_heading("結(jié)論").label == "conclusions"


def test_categories():
    assert lookup_heading("BACKGROUND AND AIMS").category == "OBJECTIVE"
    assert lookup_heading("RESULTS AND LIMITATIONS").category == "CONCLUSIONS"
    assert lookup_heading("试验注册号").category == "BACKGROUND"
    assert lookup_heading("结论").category == "CONCLUSIONS"
    assert lookup_heading("UNLABELLED").category == UNASSIGNED


def test_markers_are_known_but_are_not_sections():
    for printed, label in [("Abstract", "abstract_marker"), ("摘要", "abstract_marker"),
                           ("ABSTRACT", "abstract_marker"), ("Resumen", "abstract_marker"),
                           ("Keywords", "keywords_marker"), ("Key words", "keywords_marker"),
                           ("关键词", "keywords_marker"), ("關鍵詞", "keywords_marker"),
                           ("Palavras-chave", "keywords_marker")]:
        info = lookup_heading(printed)
        assert (info.label, info.is_marker) == (label, True), printed
    assert not lookup_heading("Background").is_marker


def test_unknown_text_is_not_a_heading():
    for text in ["", "   ", "Sjögren’s syndrome", "Reports of clinical improvement", "探讨", "CASE STUDY 1"]:
        assert lookup_heading(text) is None, text


def test_curated_rows_load_with_valid_fields():
    rows = curated_rows()
    assert len(rows) > 150
    assert {r.category for r in rows} <= set(NLM_CATEGORIES) | {UNASSIGNED}
    assert {r.source for r in rows} == {"curated", "medline2016"}
    assert {"zh", "zh-Hans", "zh-Hant", "es", "pt", "de", "fr", "it", "tr"} <= {
        lang for r in rows for lang in r.langs}


def test_other_languages_reuse_english_labels():
    english = {lookup_heading(label).label for label, _ in nlm_labels()}
    foreign = {(r.heading, r.label) for r in curated_rows()
               if "en" not in r.langs and not r.label.endswith("_marker")}
    assert [pair for pair in foreign if pair[1] not in english] == []


def test_curated_category_is_the_category_used():
    # NLM wins where both list a heading: its list files KEYWORDS under BACKGROUND.
    differ = [r.heading for r in curated_rows() if lookup_heading(r.heading).category != r.category]
    assert differ == ["KEYWORDS"]


def test_heading_prefixes_longest_first_and_case_insensitive():
    text = "Case reportIn March 2021"
    assert [(end, info.label) for end, info in heading_prefixes(text, 0)] == [
        (11, "case_report"), (4, "case")]
    assert [end for end, _ in heading_prefixes("RESULTSThe", 0)] == [7, 6]
    assert heading_prefixes("Sjögren’s syndrome", 0) == []
    assert heading_prefixes("Case\nreport", 0)[0][0] == 4  # never across a line break


def test_shipped_key_table_is_what_the_sources_give():
    """heading_keys.tsv is headings.tsv and the NLM list merged: after editing either, run
    `python -m bilinorm.lexicon` to write it again."""
    from bilinorm.lexicon import KEYS_FILE, keys_file_text, keys_from_sources, read_keys

    shipped = files("bilinorm").joinpath("data", KEYS_FILE).read_text(encoding="utf-8")
    derived = keys_from_sources()
    assert shipped == keys_file_text(derived), f"{KEYS_FILE} is stale: run python -m bilinorm.lexicon"
    assert list(read_keys().items()) == list(derived.items())
    assert len(derived) > 2600
