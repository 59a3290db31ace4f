"""The embedded-metadata reader on heads built for one source each. The corpus pages cover the
common cases (tests/test_html_pages.py); these cover what none of them carries: a bilingual
head as Chinese journal platforms write it, a page described only by JSON-LD `@graph`, and a
page whose only metadata is one COinS span (see tests/data/html/MANIFEST.md: no Magtech or
勤云 article page with bilingual tags could be saved)."""

import pytest

from bilinorm import NoArticleFound, normalize

ABSTRACT_ZH = "目的 探讨某方法的效果。方法 对120例患者进行随机对照研究。结果 治疗组有效率高于对照组。结论 该方法安全有效。"
ABSTRACT_EN = ("Objective To explore the effect of a method. Methods A randomized controlled study of 120 "
               "patients was carried out. Results The effective rate of the treatment group was higher than "
               "that of the control group. Conclusion The method is safe and effective.")


def _page(head: str, body: str = "", lang: str = "") -> bytes:
    html = f"<html lang='{lang}'>" if lang else "<html>"
    return f"<!DOCTYPE html>{html}<head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def test_bilingual_citation_tags_give_both_languages():
    head = (
        '<meta name="citation_title" xml:lang="zh" content="某方法治疗某病的随机对照研究">'
        '<meta name="citation_title" xml:lang="en" content="A randomized controlled study of a method for a disease">'
        '<meta name="citation_author" content="张三"><meta name="citation_author" content="李四">'
        '<meta name="citation_journal_title" content="中华某某杂志">'
        '<meta name="citation_doi" content="10.3760/cma.j.issn.0000-0000.2021.01.001">'
        '<meta name="citation_publication_date" content="2021-01-15">'
        f'<meta name="citation_abstract" xml:lang="zh" content="{ABSTRACT_ZH}">'
        f'<meta name="citation_abstract" xml:lang="en" content="{ABSTRACT_EN}">'
        '<meta name="citation_keywords" xml:lang="zh" content="随机对照研究；疗效">'
        '<meta name="citation_keywords" xml:lang="en" content="randomized controlled trial; efficacy">')
    record = normalize(_page(head), path="bilingual.html")
    assert record.source.site == "embedded-metadata"
    assert record.title == {"zh": "某方法治疗某病的随机对照研究",
                            "en": "A randomized controlled study of a method for a disease"}
    assert [a.name for a in record.authors] == ["张三", "李四"]
    assert record.keywords == {"zh": ["随机对照研究", "疗效"], "en": ["randomized controlled trial", "efficacy"]}
    assert [s.label for s in record.abstract["zh"]] == ["objective", "methods", "results", "conclusions"]
    assert [s.label for s in record.abstract["en"]] == ["objective", "methods", "results", "conclusions"]
    assert [(p.label, p.en, p.zh) for p in record.alignment] == [
        ("objective", 0, 0), ("methods", 1, 1), ("results", 2, 2), ("conclusions", 3, 3)]
    assert record.published == "2021-01-15"


def test_chinese_platform_head_with_both_languages_in_one_field():
    """<title> `中文-English`, Description `中文摘要;English abstract`, DC.Language `cn`,
    a compact citation_date: how 勤云 journal pages write a bilingual article."""
    head = (
        "<title>某方法治疗某病的随机对照研究-A randomized controlled study of a method for a disease</title>"
        '<meta name="DC.Language" content="cn">'
        '<meta name="DC.Title" content="某方法治疗某病的随机对照研究">'
        '<meta name="DC.Identifier" content="10.7641/CTA.2019.00001">'
        '<meta name="DC.Keywords" content="随机对照研究；疗效">'
        '<meta name="DC.Keywords" content="randomized controlled trial; efficacy">'
        f'<meta name="Description" content="{ABSTRACT_ZH};{ABSTRACT_EN}">'
        '<meta name="citation_title" content="某方法治疗某病的随机对照研究">'
        '<meta name="citation_journal_title" content="控制理论与应用">'
        '<meta name="citation_author" content="张三">'
        '<meta name="citation_volume" content="37"><meta name="citation_issue" content="3">'
        '<meta name="citation_date" content="20200420">'
        '<meta name="citation_firstpage" content="492"><meta name="citation_lastpage" content="504">')
    record = normalize(_page(head), path="qinyun.html")
    assert record.title == {"zh": "某方法治疗某病的随机对照研究",
                            "en": "A randomized controlled study of a method for a disease"}
    assert record.identifiers.doi == "10.7641/cta.2019.00001"
    assert record.published == "2020-04-20"
    assert (record.venue.name, record.venue.volume, record.venue.issue, record.venue.pages) == (
        "控制理论与应用", "37", "3", "492-504")
    assert sorted(record.abstract) == ["en", "zh"]
    assert record.abstract["zh"][0].text.startswith("探讨某方法的效果。")
    assert record.abstract["en"][-1].text == "The method is safe and effective."
    assert record.keywords == {"zh": ["随机对照研究", "疗效"], "en": ["randomized controlled trial", "efficacy"]}
    assert [w.code for w in record.warnings if w.code == "abstract_from_summary"] == ["abstract_from_summary"]


def test_jsonld_graph_alone_describes_the_article():
    graph = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "A site"},'
             ' {"@type": "ScholarlyArticle", "headline": "Measuring things carefully",'
             ' "author": [{"@type": "Person", "givenName": "Ada", "familyName": "Lovelace",'
             ' "affiliation": {"@type": "Organization", "name": "Analytical Society"}}],'
             ' "datePublished": "2019-05-02T10:00:00Z", "identifier": {"@type": "PropertyValue",'
             ' "propertyID": "DOI", "value": "10.1234/example.5678"},'
             ' "isPartOf": {"@type": "Periodical", "name": "Journal of Examples", "issn": "1234-5679",'
             ' "volumeNumber": "7"}, "pageStart": "11", "pageEnd": "19",'
             ' "description": "We measure things carefully and report how carefully we measured them."}]}')
    record = normalize(_page(f'<script type="application/ld+json">{graph}</script>'), path="jsonld.html")
    assert record.title == {"en": "Measuring things carefully"}
    assert [(a.name, a.affiliations) for a in record.authors] == [("Ada Lovelace", [0])]
    assert record.affiliations == ["Analytical Society"]
    assert record.identifiers.doi == "10.1234/example.5678"
    assert (record.venue.name, record.venue.issn, record.venue.volume, record.venue.pages) == (
        "Journal of Examples", ["1234-5679"], "7", "11-19")
    assert record.published == "2019-05-02"


def test_a_page_coins_span_describes_the_page_but_reference_spans_do_not():
    coins = ('ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal'
             '&amp;rft_id=info%3Adoi%2F10.1234%2Fcoins.1&amp;rft.atitle=A+title+from+COinS'
             '&amp;rft.jtitle=Journal+of+Spans&amp;rft.date=2011&amp;rft.volume=3&amp;rft.spage=5'
             '&amp;rft.epage=9&amp;rft.au=Grace+Hopper')
    page = _page("<title>x</title>", f'<span class="Z3988" title="{coins}"></span><p>Body.</p>', lang="en")
    record = normalize(page, path="coins.html")
    assert record.title == {"en": "A title from COinS"}
    assert record.identifiers.doi == "10.1234/coins.1"
    assert [a.name for a in record.authors] == ["Grace Hopper"]
    assert (record.venue.name, record.venue.volume, record.venue.pages, record.published) == (
        "Journal of Spans", "3", "5-9", "2011")
    in_references = _page("<title>x</title>", f'<ol class="references"><li><span class="Z3988" title="{coins}">'
                                              '</span></li></ol>')
    with pytest.raises(NoArticleFound, match="COinS"):
        normalize(in_references, path="refs.html")
