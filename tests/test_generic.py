"""The generic text reader on real pages: every expected field of every case in
tests/data/generic/cases.json is one test; known gaps are strict xfails named in the case."""

from __future__ import annotations

import json

import pytest

from bilinorm import BilinormError, normalize, to_json_bytes, validate
from bilinorm.decode import decode
from bilinorm.page import Page
from bilinorm.sentences import sentence_joiner
from bilinorm.sites import _bylines, _citations, _lines, choose_adapter, generic

from .generic_cases import DATA, abstract_text, cases, field_results, outcome, record_text_without_removed

CASES = cases()
RECORD_CASES = [c for c in CASES if "error" not in c]


def _params():
    for case in CASES:
        gaps = case.get("known_gaps", {})
        names = ["error"] if "error" in case else [*case["expect"], "no_leaks"]
        for name in names:
            marks = [pytest.mark.xfail(strict=True, reason=gaps[name])] if name in gaps else []
            yield pytest.param(case, name, id=f"{case['input'].rsplit('.', 1)[0]}-{name}", marks=marks)


@pytest.mark.parametrize("case,field", list(_params()))
def test_field(case, field):
    assert field_results(case)[field], _explain(case, field)


def _explain(case, field) -> str:
    got = outcome(case["input"])
    if isinstance(got, BilinormError):
        return f"{got.reason}: {got}"
    if field == "no_leaks":
        leaks = [s for s in case.get("not_in_abstract", ()) if s in abstract_text(got)]
        leaks += [s for s in case.get("not_in_record", ()) if s in record_text_without_removed(got)]
        return f"leaked: {leaks}"
    return json.dumps(got.to_dict(), ensure_ascii=False)[:3000]


@pytest.mark.parametrize("case", RECORD_CASES, ids=lambda c: c["input"].rsplit(".", 1)[0])
def test_record_validates_and_is_deterministic(case):
    data = (DATA / case["input"]).read_bytes()
    record = outcome(case["input"])
    assert record.source.site == "generic"
    validate(record)
    assert to_json_bytes(normalize(data, path=case["input"])) == to_json_bytes(record)
    for lang, sections in record.abstract.items():
        for section in sections:
            assert sentence_joiner(lang).join(section.sentences) == section.text


def test_cases_cover_every_page_of_the_brief():
    inputs = {c["input"] for c in CASES}
    assert {p.name for p in DATA.glob("*.txt")} == inputs


# --- the reader's place in the registry ----------------------------------------------------


def _page(name: str) -> Page:
    data = (DATA / name).read_bytes()
    return Page(data, decode(data, max_bytes=10**8), name)


def test_generic_is_last_and_scores_low():
    from bilinorm.sites import ADAPTERS

    assert ADAPTERS[-1] is generic
    scores = [generic.detect(_page(c["input"])) for c in CASES]
    assert max(scores) <= 0.3 and min(scores) >= 0.2


def test_site_adapters_win_over_generic():
    from .conftest import SEED_SUPPR, SEED_VUFIND

    for seed, site in ((SEED_SUPPR, "suppr"), (SEED_VUFIND, "doaj-vufind")):
        data = seed.read_bytes()
        page = Page(data, decode(data, max_bytes=10**8), seed.name)
        assert choose_adapter(page).NAME == site
    suppr = (SEED_SUPPR.read_bytes())
    assert generic.detect(Page(suppr, decode(suppr, max_bytes=10**8), "seed")) == 0.3  # it would read it


def test_plain_text_that_is_not_scholarly_is_unrecognized():
    pyproject = (DATA.parents[2] / "pyproject.toml").read_bytes()
    with pytest.raises(BilinormError) as error:
        normalize(pyproject, path="pyproject.toml")
    assert error.value.reason == "unrecognized"


# --- pieces, with the brief's own examples ----------------------------------------------------


@pytest.mark.parametrize("line,names,marks", [
    ("张三1,2, 李四*", ["张三", "李四"], [["1", "2"], ["*"]]),
    ("谢敏、李明、王五", ["谢敏", "李明", "王五"], [[], [], []]),
    ("谢敏；李明", ["谢敏", "李明"], [[], []]),
    ("葛 龙 梁 莉 石新彤", ["葛龙", "梁莉", "石新彤"], [[], [], []]),
    ("安 妮1,2徐俊峰1,2梁 莉2", ["安妮", "徐俊峰", "梁莉"], [["1", "2"], ["1", "2"], ["2"]]),
    ("谢敏1 | 李明2", ["谢敏", "李明"], [["1"], ["2"]]),
    ("谢敏 · 李明", ["谢敏", "李明"], [[], []]),
])
def test_chinese_bylines(line, names, marks):
    got = _bylines.read_han_byline(line)
    assert [n.name for n in got] == names and [n.marks for n in got] == marks


@pytest.mark.parametrize("line,names,marks", [
    ("Wang Wei¹, Li Ming1,2 and Zhang San*", ["Wang Wei", "Li Ming", "Zhang San"], [["1"], ["1", "2"], ["*"]]),
    ("Min Xie; Jean-Luc van der Berg", ["Min Xie", "Jean-Luc van der Berg"], [[], []]),
    ("BAO Xinglan, WANG Dandan", ["BAO Xinglan", "WANG Dandan"], [[], []]),
])
def test_latin_bylines(line, names, marks):
    got = _bylines.read_latin_byline(line)
    assert [n.name for n in got] == names and [n.marks for n in got] == marks


@pytest.mark.parametrize("line", [
    "Silicosis: geographic changes in research", "Reconocimiento de rostros y variabilidad cultural.",
    "中医药在间充质干细胞移植治疗系统性红斑狼疮中的应用", "详细信息"])
def test_titles_are_not_bylines(line):
    assert _bylines.read_han_byline(line) is None and _bylines.read_latin_byline(line) is None


@pytest.mark.parametrize("text,parts", [
    ("(1.甲大学 呼吸科, 北京 100000; 2.乙医院, 上海 200000)", [("1", "甲大学 呼吸科, 北京 100000"), ("2", "乙医院, 上海 200000")]),
    ("1. Department of Medicine, A University, Beijing 100000, China",
     [("1", "Department of Medicine, A University, Beijing 100000, China")]),
    ("(中國醫學科學院醫學信息研究所 北京 100020)", [(None, "中國醫學科學院醫學信息研究所 北京 100020")]),
])
def test_affiliation_blocks(text, parts):
    assert _bylines.split_affiliations(text) == parts


@pytest.mark.parametrize("line,field,lang,value", [
    ("摘要:目的 探讨", "abstract", "zh", "目的 探讨"),
    ("摘 要：目的", "abstract", "zh", "目的"),
    ("[摘要] 目的", "abstract", "zh", "目的"),
    ("【摘要】", "abstract", "zh", ""),
    ("Abstract:Objective To", "abstract", None, "Objective To"),
    ("关键词 中医药; 干细胞", "keywords", "zh", "中医药; 干细胞"),
    ("關鍵詞:標引", "keywords", "zh", "標引"),
    ("Key words: COPD; rehabilitation", "keywords", None, "COPD; rehabilitation"),
    ("Palabras clave: rostros; cultura", "keywords", "es", "rostros; cultura"),
    ("Palavras-chave: rostos; cultura", "keywords", "pt", "rostos; cultura"),
    ("Schlüsselwörter: Gesicht; Kultur", "keywords", "de", "Gesicht; Kultur"),
    ("Anahtar kelimeler: yüz; kültür", "keywords", "tr", "yüz; kültür"),
    ("中图分类号: R593.24;Q81", "clc", None, "R593.24;Q81"),
    ("引用本文: 鲍星兰. 标题[J]", "citation", None, "鲍星兰. 标题[J]"),
    ("收稿日期:2020-01-02", "received", None, "2020-01-02"),
])
def test_field_labels(line, field, lang, value):
    label = _lines.read_label(line)
    assert (label.field, label.lang, label.value) == (field, lang, value)


@pytest.mark.parametrize("line", ["Abstract art is a style", "作者人数对报告质量影响不显著", "Keywords are listed below"])
def test_prose_is_not_a_label(line):
    assert _lines.read_label(line) is None


@pytest.mark.parametrize("value,lang,words", [
    ("中重度慢性阻塞性肺疾病;肺康复;肺功能", "zh", ["中重度慢性阻塞性肺疾病", "肺康复", "肺功能"]),
    ("中医药，干细胞、狼疮", "zh", ["中医药", "干细胞", "狼疮"]),
    ("中医药 干细胞 狼疮", "zh", ["中医药", "干细胞", "狼疮"]),
    ("COPD, pulmonary rehabilitation, lung function", None, ["COPD", "pulmonary rehabilitation", "lung function"]),
    ("reconocimiento facial; efecto de la otra raza", "es", ["reconocimiento facial", "efecto de la otra raza"]),
    ("標引生物醫學主題詞", "zh", []),  # glued: the boundaries cannot be known
])
def test_keyword_splitting(value, lang, words):
    assert generic._split_keywords(value, lang) == words


def test_pinyin_artifacts_only_after_han_and_with_tone_marks():
    text, size = _lines.strip_pinyin_artifacts("康復(fù)治療 結(jié)果(P<0.05) 的(de) vitamin (á) 經(jīng)")
    assert text == "康復治療 結果(P<0.05) 的(de) vitamin (á) 經"
    assert size == len("(fù)(jié)(jīng)")


def test_tags_in_text_pages_are_removed_and_counted():
    text, size = _lines.strip_markup('• <tr id="yyy80"></tr>\nAbstract<jats:sec>BackgroundX</jats:sec> P<0.05 a<b')
    assert text == "• \n\n\nAbstract\nBackgroundX\n P<0.05 a<b"
    assert size == len('<tr id="yyy80"></tr><jats:sec></jats:sec>')


@pytest.mark.parametrize("line,parts", [
    ("鲍星兰, 王丹丹. 脐带间充质干细胞移植[J]. 实用临床医药杂志, 2023, 27(10): 1-5, 20. DOI: 10.7619/jcmp.20230609",
     ("鲍星兰, 王丹丹", "脐带间充质干细胞移植", "实用临床医药杂志", "2023", "27", "10", "1-5, 20", "10.7619/jcmp.20230609")),
    ("SMITH J, WANG W, et al. A study[J]. J Foo, 2020, (3): 12-15.",
     ("SMITH J, WANG W, et al", "A study", "J Foo", "2020", None, "3", "12-15", None)),
])
def test_citations(line, parts):
    c = _citations.read_citation(line)
    assert (c.authors, c.title, c.journal, c.year, c.volume, c.issue, c.pages, c.doi) == parts


def test_article_number_and_clc():
    s = _citations.read_article_number("1673-9701(2021)31-0041-04")
    assert (s.issn, s.year, s.issue, s.pages) == (["1673-9701"], "2021", "31", "41-44")
    assert _citations.read_clc("R593.24;Q81") == ["R593.24", "Q81"]
    assert _citations.read_clc("TP391.1 R-05") == ["TP391.1", "R-05"]
