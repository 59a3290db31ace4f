"""DOAJ article JSON: single articles, API article responses and search envelopes. The facts
of each article were read off the JSON by a person; the thirty-article search is also checked
field by field against its own bibjson."""

import json
import re
from pathlib import Path

import pytest

from bilinorm import normalize, normalize_all, to_json_bytes, validate
from bilinorm.sites import choose_adapter, doaj_json

DATA = Path(__file__).parent / "data" / "structured"
LICENSE = "doajjson_api_v2_search_license_ccby_page1_response.json"
PINUS = "doajjson_api_v2_search_pinus_contorta_response.json"
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")


def _records(name):
    records = normalize_all((DATA / name).read_bytes(), path=name)
    for record in records:
        validate(record)
    return records


@pytest.fixture(scope="module")
def license_records():
    return {r.identifiers.doaj[:8]: r for r in _records(LICENSE)}


# key: (id, titles, (author count, first, last), keywords, abstract language,
#       [(heading, label, category)], first sentence, last sentence, published, (pages, article number))
LICENSE_FACTS = {
    "00000b68": (
        "doi:10.1038/s41467-020-15686-y",
        {"en": "Brain insulin sensitivity is linked to adiposity and body fat distribution"},
        (9, "Stephanie Kullmann", "Martin Heni"), {}, "en", [(None, "unlabelled", "UNASSIGNED")],
        "Brain insulin action regulates eating behavior and whole-body energy fluxes, however the impact",
        "associates with a favorable body fat distribution.", "2020-04", ("1-6", None),
    ),
    "00000d91": (
        "doaj:00000d914fd04a18adf84e756444ec98",
        # `Título = Title`: the parallel-title convention, one title per language
        {"pt": "Tomás Eloy Martínez e as (des)memórias de Juan Domingo Perón",
         "en": "Tomás Eloy Martínez and the (des)memories of Juan Domingo Perón"},
        (3, "André Luis Mitidieri", "Luciana Helena Cajas Mazzutti"),
        {"pt": ["literatura argentina", "escritores argentinos - crítica e interpretação",
                "martinez, tomás eloy - crítica e interpretação", "autobiografias", "peronismo (argentina)",
                "peron, juan domingo - biografia"]},
        "pt", [(None, "unlabelled", "UNASSIGNED")],
        "O presente artigo centra-se em Las memorias del General (1996) e Las vidas del General (2004)",
        "as fronteiras contíguas entre narrativas memorialísticas, biográficas, históricas e autobiográficas",
        "2013-01", ("431-440", None),
    ),
    "00001149": (
        "doi:10.22481/odeere.v0i2.1555",
        {"pt": "Memória, História Oral e Patrimônio Imaterial Afro-brasileiro: teoria, práxis"},
        (1, "Leandro Seawright Alonso", "Leandro Seawright Alonso"),
        {"pt": ["Memória", "História Oral", "Patrimônio Imaterial", "Teoria"]},
        "pt", [(None, "unlabelled", "UNASSIGNED")],
        "Neste artigo, demonstrei a relação entre a Memória, a História Oral e o Patrimônio Imaterial Afro-brasileiro.",
        "no âmbito do Núcleo de Estudos em História Oral – NEHO/USP.",  # `Palavras-chave: …` is cut
        "2017-03", (None, None),
    ),
    "00001185": (
        "doi:10.3980/j.issn.1672-5123.2015.10.16",
        {"en": "Study progresses on continuous curvilinear capsulorhexis"},
        (3, "Bo Gao", "Jiu-Min Yuan"),
        {"en": ["continuous curvilinear capsulorhexis", "special cataracts",
                "puncture of posterior chamber central canal of stilling", "femtosecond laser"]},
        "en", [(None, "unlabelled", "UNASSIGNED")],
        "As the progress of modern techniques for cataract extraction surgery",
        "the prospects of femotsecond laser applied in CCC technique for cataract extraction.",
        "2015-10", ("1737-1740", None),
    ),
    "00001282": (
        "doaj:0000128283cc43b79edeaaa33e826a58",
        {"en": "Provoking Discomfort"},
        (1, "Andreas Ring", "Andreas Ring"), {}, "en", [(None, "unlabelled", "UNASSIGNED")],
        "Triggered by differing responses of Columbia University School of Social Work students",
        "capable of resolving the conflicts and tensions within us, as well as around us.",
        "2019-07", (None, None),
    ),
    "00001331": (
        "doi:10.4119/hlz-2470",
        {"de": "Zertifikat Inklusion – Basiskompetenzen"},
        (3, "Meike Unverferth", "Veronika Weiß"),
        {"de": ["Inklusion", "Lehrer_innenbildung", "reflektierte Praxis", "situiertes Lernen"]},
        "de", [(None, "unlabelled", "UNASSIGNED")],
        "Der Artikel gibt einen konzeptionellen und inhaltlichen Überblick",
        "anhand von Studierendenaussagen aufgezeigt.",
        "2019-11", (None, None),
    ),
    "0000196f": (
        "doi:10.29315/gm.v7i2.328",
        {"pt": "Recuperação Completa de Doente com Carcinoma da Próstata Estádio IV Durante a Pandemia COVID-19"},
        (3, "Gil Falcão", "Luís Campos Pinheiro"),
        {"pt": ["COVID-19", "Infeções por Coronavírus", "Neoplasias da Próstata"]},
        "pt", [(None, "unlabelled", "UNASSIGNED")],
        "A doença causada pelo coronavírus (COVID-19), inicialmente descrita em Wuhan, China",
        "que necessitou de UCI e recuperou da infeção pelo COVID-19.",
        "2020-06", (None, None),
    ),
    "000019e3": (
        "doaj:000019e3e0d146eaaff4d5163afda4de",
        {"tr": "Kadınlarının sağlık eğitimi ihtiyaçlarının odak grup görüşmesi yöntemi ile belirlenmesi"},
        (2, "Sultan GÜÇLÜ", "Meral UYSAL"),
        None,  # a mixed English and Turkish list: see the known gap below
        "tr", [(None, "unlabelled", "UNASSIGNED")],
        "Bu araştırmanın genel amacı, kırsal kesimde yaşayan kadınlar için",  # a line break inside, in the JSON
        "20 gün süren programlı bir eğitim çalışmasının etkili olduğu görülmüştür.",
        "2013-10", ("399-418", None),
    ),
    "00001cb7": (
        "doaj:00001cb7350c4c5ba3cefe297098f736",
        {"en": "Hydrostatic Pressure Affects In Vitro Maturation of Oocytes and Follicles and Increases "
               "Granulosa Cell Death"},
        (4, "Isac Karimi", "Zahra Rashidi"),
        {"en": ["In vitro Maturation", "Oocyte", "Hydrostatic Pressure", "Apoptosis", "Mouse"]},
        "en",
        [("Objective", "objective", "OBJECTIVE"), ("Materials and Methods", "materials_and_methods", "METHODS"),
         ("Results", "results", "RESULTS"), ("Conclusion", "conclusions", "CONCLUSIONS")],
        "This study examines the effects of hydrostatic pressure on in vitro maturation (IVM)",
        "participates in the cumulus oocyte coupled relationship with oocyte maturation.",
        "2013", ("282-293", None),
    ),
    "00001f91": (
        "doaj:00001f91067541608ff350508b3af10e",
        {"pt": "Comunidade solidária: a proposta de um outro modelo para as políticas sociais"},
        (1, "Thais Helena de Alcântara Peres", "Thais Helena de Alcântara Peres"),
        {"pt": ["sociologia", "políticas públicas"]},
        "pt", [(None, "unlabelled", "UNASSIGNED")],
        "Este artigo analisa o Programa Comunidade Solidária",
        "para a democratização da relação Estado/sociedsade no Brasil",
        "2005-01", ("109-126", None),
    ),
}


@pytest.mark.parametrize("key", sorted(LICENSE_FACTS))
def test_license_search_articles(license_records, key):
    record = license_records[key]
    (record_id, titles, (count, first, last), keywords, lang, sections, first_sentence, last_sentence,
     published, (pages, number)) = LICENSE_FACTS[key]
    assert record.id == record_id and record.source.record_id.startswith(key)
    assert record.title == titles
    assert (len(record.authors), record.authors[0].name, record.authors[-1].name) == (count, first, last)
    if keywords is not None:
        assert record.keywords == keywords
    assert list(record.abstract) == [lang] and record.languages[0] == lang
    abstract = record.abstract[lang]
    assert [(s.heading, s.label, s.category) for s in abstract] == sections
    assert abstract[0].sentences[0].startswith(first_sentence)
    assert abstract[-1].sentences[-1].endswith(last_sentence)
    assert (record.published, record.venue.pages, record.venue.article_number) == (published, pages, number)
    text = " ".join(s.text for s in abstract)
    assert not TAG.search(text) and "\n" not in text and not text.startswith(("Abstract", "Resumo"))
    assert "Palavras-chave" not in text


def test_license_search_ten_articles_in_order(license_records):
    assert list(license_records) == ["00000b68", "00000d91", "00001149", "00001185", "00001282", "00001331",
                                     "0000196f", "000019e3", "00001cb7", "00001f91"]


@pytest.mark.xfail(strict=True, reason="a keyword list mixing English and Turkish is filed under one "
                                       "language: languages are identified per list, not per keyword")
def test_mixed_language_keywords_split(license_records):
    assert license_records["000019e3"].keywords == {
        "en": ["Adult education", "health education", "public health", "focus group conservation",
               "woman education in rural areas"],
        "tr": ["Yetişkin eğitimi", "sağlık eğitimi", "halk sağlığı", "odak grup görüşmesi",
               "kırsal kesimde kadın eğitimi"]}


def test_keyword_line_and_venue_details(license_records):
    odeere = license_records["00001149"]
    assert {"kind": "duplicate", "name": "keywords_in_abstract", "chars": 69} in _removed(odeere)
    assert odeere.affiliations == ["Universidade de São Paulo"] and odeere.authors[0].affiliations == [0]
    assert odeere.venue.name == "Revista Odeere" and odeere.venue.issn == ["2525-4715"]
    ijo = license_records["00001185"]
    assert ijo.venue.issn == ["1672-5123"]  # printed as both pissn and eissn
    assert len(ijo.affiliations) == 3 and [a.affiliations for a in ijo.authors] == [[0], [1], [2]]
    nature = license_records["00000b68"]
    assert nature.affiliations[0].startswith("Institute for Diabetes Research and Metabolic Diseases")
    assert [(link.rel, link.url) for link in nature.links] == [
        ("fulltext", "http://link.springer.com/article/10.1038/s41467-020-15686-y")]
    assert [link.rel for link in license_records["00001f91"].links] == ["pdf"]  # content_type pdf
    removed = {r.name for r in nature.removed if r.kind == "doaj_field"}
    assert {"bibjson.subject", "bibjson.journal.license", "created_date", "last_updated"} <= removed


@pytest.mark.parametrize("key", sorted(LICENSE_FACTS))
def test_split_article_is_the_same_record(license_records, key):
    name = next(DATA.glob(f"doajjson_article_{key}_split.json")).name
    (record,) = _records(name)
    from_search = license_records[key].to_dict()
    alone = record.to_dict()
    for data in (from_search, alone):
        data.pop("source")
    assert alone == from_search


def test_article_response_with_portuguese_abstract():
    (record,) = _records("doajjson_api_v2_article_73f781ad_response.json")
    assert record.id == "doi:10.1590/0100-67622015000200001" and record.identifiers.doaj == "73f781ad57094b98a0b46d8903fdc2c2"
    assert record.title == {"pt": "SISTEMA DE INFORMAÇÃO GEOGRÁFICA APLICADO AO LEVANTAMENTO DE SOLOS E APTIDÃO "
                                  "AGRÍCOLA DAS TERRAS COMO SUBSÍDIOS PARA O PLANEJAMENTO AMBIENTAL DO MUNICÍPIO DE ITAARA, RS"}
    # The journal lists EN, ES and PT; the abstract is Portuguese.
    assert list(record.abstract) == ["pt"] and record.languages == ["pt"]
    assert record.keywords == {"pt": ["Pedologia", "Sensoriamento remoto", "Conflitos de uso da terra"]}
    assert [a.name for a in record.authors] == ["Everton Luís Poelking", "Ricardo Simão Diniz Dalmolin",
                                                "Fabrício de Araújo Pedron", "Jessé Rodrigo Fink"]
    v = record.venue
    assert (v.name, v.publisher, v.issn, v.volume, v.issue, v.pages) == (
        "Revista Árvore", "Sociedade de Investigações Florestais", ["1806-9088"], "39", "2", "215-223")
    assert record.published == "2015-04"
    sentences = record.abstract["pt"][0].sentences
    assert sentences[0].startswith("O planejamento racional de uso dos recursos naturais exige informações")
    assert sentences[-1] == "Por meio do geoprocessamento, identificaram-se pelo menos 6,2% da área sendo superutilizada."


def test_article_response_without_abstract():
    (record,) = _records("doajjson_api_v2_article_0005e11e_response.json")
    assert record.id == "doi:10.3389/neuro.11.009.2007"
    assert record.title == {"en": "Where in the brain are the genes expressed"}
    assert [a.name for a in record.authors] == ["Trygve B Leergaard", "Ilya Zaslavsky"]
    assert record.affiliations == ["Centre for Molecular Biology and Neuroscience & Institute for basic medical "
                                   "sciences, Univ Oslo", "San Diego Supercomputer Center, UCSD"]
    assert record.abstract == {} and "missing_abstract" in [w.code for w in record.warnings]
    assert (record.venue.name, record.venue.volume, record.published) == ("Frontiers in Neuroinformatics", "2", "2008-04")


# --- the thirty-article search -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pinus():
    raw = json.loads((DATA / PINUS).read_text(encoding="utf-8"))["results"]
    return list(zip(raw, _records(PINUS)))


def test_pinus_thirty_english_articles_match_their_bibjson(pinus):
    assert len(pinus) == 30
    for raw, record in pinus:
        bib = raw["bibjson"]
        doi = next(i["id"] for i in bib["identifier"] if i["type"] == "doi")
        assert record.id == "doi:" + doi.lower() and record.identifiers.doaj == raw["id"]
        title = " ".join(TAG.sub("", bib["title"]).split()).removesuffix(".")
        assert record.title == {"en": title}
        assert [a.name for a in record.authors] == [" ".join(a["name"].split()) for a in bib["author"]]
        keywords = [" ".join(TAG.sub("", k).split()) for k in bib.get("keywords", [])]
        assert record.keywords == ({"en": list(dict.fromkeys(keywords))} if keywords else {})
        assert list(record.abstract) == ["en"] and record.languages == ["en"]
        assert record.published.startswith(bib["year"])
        abstract = record.abstract["en"]
        text = " ".join(s.text for s in abstract)
        assert not TAG.search(text) and "&rsquo;" not in text and "&#82" not in text
        assert not text.startswith("Abstract")
        for section in abstract:
            assert " ".join(section.sentences) == section.text


PINUS_SECTIONS = {
    # `Abstract Background …`: the duplicate label goes, Background stays the first heading
    "10.1186/s13021-020-00143-6": ["Background", "Results", "Conclusions"],
    "10.1186/s13021-020-00159-y": ["Background", "Results", "Conclusions"],
    "10.1186/s12862-019-1438-8": ["Background", "Results", "Conclusions"],
    # `<i>Research Highlights:</i> … <i>Background and Objectives:</i> …`
    "10.3390/f11020222": ["Research Highlights", "Background and Objectives", "Materials and Methods",
                          "Results", "Conclusions"],
    "10.3390/f11060656": ["Research Highlights", "Background and Objectives", "Materials and Methods",
                          "Results", "Conclusions"],
    "10.3390/f11020167": ["Research Highlights", "Background and Objectives", "Materials and Methods",
                          "Results", "Conclusions"],
    "10.3390/f10080654": ["Research Highlights", "Background and Objectives", "Materials and Methods",
                          "Results", "Conclusions"],
    "10.3390/f10010018": ["Research Highlights", "Background and Objectives", "Materials and Methods",
                          "Results", "Conclusions"],
}


def test_pinus_structured_abstracts(pinus):
    by_doi = {r.identifiers.doi: r for _, r in pinus}
    for doi, headings in PINUS_SECTIONS.items():
        assert [s.heading for s in by_doi[doi].abstract["en"]] == headings, doi
    structured = {r.identifiers.doi for _, r in pinus if len(r.abstract["en"]) > 1}
    assert structured == set(PINUS_SECTIONS)
    biomass = by_doi["10.1186/s13021-020-00143-6"]
    assert biomass.abstract["en"][0].text.startswith("Biomass maps are valuable tools for estimating forest carbon")
    assert {"kind": "duplicate", "name": "abstract_label", "chars": 9} in _removed(biomass)
    mistletoe = by_doi["10.3390/f11020222"].abstract["en"]
    assert mistletoe[0].text.startswith("I sought to disentangle the influences of tree age")
    assert "oleoresin (resin) in ‘resin ducts’ that occur" in mistletoe[1].text  # &#8216; &#8217;
    assert "(mm2 of resin ducts/annual ring)" in mistletoe[2].text  # mm<sup>2</sup>
    beetle = by_doi["10.3390/f10010018"].abstract["en"]
    assert "in Colorado’s lodgepole pine forests" in beetle[0].text  # &rsquo;
    # `Abstract Understanding drivers …`: an unstructured abstract loses only the label
    neighborhood = by_doi["10.1002/ecs2.3236"].abstract["en"]
    assert [s.label for s in neighborhood] == ["unlabelled"]
    assert neighborhood[0].text.startswith("Understanding drivers of disturbances across scales")


def test_pinus_titles_with_markup_and_article_numbers(pinus):
    by_doi = {r.identifiers.doi: r for _, r in pinus}
    assert by_doi["10.3390/f11060656"].title["en"].startswith("Improved Identification and New Records of Dendroctonus")
    assert "UPLC-HDMSE" in by_doi["10.3390/pr8111411"].title["en"]
    plos = by_doi["10.1371/journal.pone.0227130"]
    assert (plos.venue.pages, plos.venue.article_number, plos.published) == (None, "e0227130", "2020")
    assert by_doi["10.1002/ecs2.3236"].venue.pages is None  # start and end page `n/a`
    assert (by_doi["10.1002/ece3.6339"].venue.pages, by_doi["10.1002/ece3.6339"].published) == ("6001-6008", "2020-06")


# --- detection and errors ------------------------------------------------------------------------


def test_doaj_reader_takes_only_doaj_json():
    from bilinorm.decode import decode
    from bilinorm.page import Page

    def page(path):
        data = path.read_bytes()
        return Page(data, decode(data, max_bytes=10**8), path.name)

    assert choose_adapter(page(DATA / LICENSE)) is doaj_json
    for name in ("vufindsolr_nvli_iitb_dspace_doc_from_java_comment.json", "pubmedxml_biopython_pubmed4.xml",
                 "medline_biopython_pubmed_result2.txt"):
        assert doaj_json.detect(page(DATA / name)) == 0.0


def test_search_envelope_without_articles_is_no_article():
    from bilinorm import UnrecognizedInput

    with pytest.raises(UnrecognizedInput):
        normalize(b'{"total": 0, "page": 1, "results": []}', path="empty.json")


def test_deterministic_bytes():
    first = [to_json_bytes(r) for r in _records(LICENSE)]
    assert first == [to_json_bytes(r) for r in _records(LICENSE)]


def _removed(record):
    return [{"kind": r.kind, "name": r.name, "chars": r.chars} for r in record.removed]
