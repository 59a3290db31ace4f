"""VuFind Solr JSON documents: the article record of the DSpace-sourced document, and the book
of VuFind's own test fixture, which is not an article."""

import json
from pathlib import Path

import pytest

from bilinorm import NoArticleFound, normalize, normalize_all, validate
from bilinorm.sites import vufind_solr

DATA = Path(__file__).parent / "data" / "structured"
NVLI = "vufindsolr_nvli_iitb_dspace_doc_from_java_comment.json"
BOOK = "vufindsolr_vufind_fixture_testbug2.json"


@pytest.fixture(scope="module")
def nvli():
    (record,) = normalize_all((DATA / NVLI).read_bytes(), path=NVLI)
    validate(record)
    return record


def test_article_document_facts(nvli):
    assert nvli.source.site == "vufind-solr" and nvli.source.record_id == "iitb-ds-100-1127"
    assert nvli.title == {"en": "Trie partitioning in distributed PC based routers"}
    # `author` then `author2`, catalog headings (`ATHAIDE, NOEL`) in reading order
    assert [a.name for a in nvli.authors] == ["NOEL ATHAIDE", "AZEEM KHAN", "D MANJUNATH", "ANIRUDHA SAHOO"]
    assert nvli.keywords == {"en": ["distributed processing", "software architecture",
                                    "telecommunication network routing", "communication systems"]}
    assert (nvli.venue.publisher, nvli.published) == ("IEEE", "2010")
    # Only the glued `spelling` copy has the DOI, run into the URL after it.
    assert nvli.id == "doi:10.1109/comsnets.2009.4808884"
    assert [link.url for link in nvli.links] == ["http://hdl.handle.net/10054/1733",
                                                 "http://dspace.library.iitb.ac.in/xmlui/handle/10054/1733",
                                                 "http://hdl.handle.net/100/1127"]
    (section,) = nvli.abstract["en"]
    assert section.label == "unlabelled"
    assert section.sentences[0] == "Recent research in PC based routers has proposed a distributed architecture."
    assert section.sentences[-1].endswith("and its application to a distributed router.")


def test_catalog_copies_only_in_removed(nvli):
    data = nvli.to_dict()
    removed = data.pop("removed")
    text = json.dumps(data, ensure_ascii=False)
    for artefact in ("1538862003492225024", "trie partitioning in distributed pc based routers",
                     "2013-11-14T04:38:15Z", "Desert.jpg", '"dspace"', '"Library"', '"Test"'):
        assert artefact not in text, artefact
    catalog = {r["name"] for r in removed if r["kind"] == "catalog_field"}
    assert {"spelling", "spellingShingle", "title_short", "title_full", "title_fullStr", "title_full_unstemmed",
            "title_sort", "_version_", "recordtype", "institution", "collection"} <= catalog
    assert {"kind": "portal_record", "name": "resource", "chars": 77} in removed
    spelling = json.loads((DATA / NVLI).read_text())[0]["metadata"]["spelling"][0]
    assert {"kind": "catalog_field", "name": "spelling", "chars": len(spelling)} in removed


def test_book_record_is_not_an_article():
    """testbug2 catalogs a book (format Book, an ISBN, 296 p.) with a `Sample abstract`: a
    catalog record of a monograph is not an article record."""
    with pytest.raises(NoArticleFound, match="format Book"):
        normalize((DATA / BOOK).read_bytes(), path=BOOK)


def test_solr_response_of_an_article_reads_like_a_bare_list():
    """The book fixture's own Solr response, with its document re-labelled an article, reads
    with the same fields: MARC name headings, title and publisher."""
    data = json.loads((DATA / BOOK).read_text(encoding="utf-8"))
    data["response"]["docs"][0]["format"] = ["Article"]
    record = normalize(json.dumps(data).encode("utf-8"))
    assert [a.name for a in record.authors] == ["Giambattista Vico", "Claudia Pandolfi"]
    assert record.identifiers.doi is None and record.links[0].url == "http://fictional.com/sample/url"
    # The document has no `description`: `Sample abstract.` is only in the MARC and spelling copies.
    assert record.abstract == {} and "missing_abstract" in [w.code for w in record.warnings]
    # MARC's closing ISBD punctuation (` /`, `,`) is not the title's or the publisher's
    assert record.title == {"it": "La congiura dei Principi Napoletani 1701 : (prima e seconda stesura)"}
    assert record.venue.publisher == "Centro di Studi Vichiani"
    assert "fullrecord" in {r.name for r in record.removed}
    assert "\u001e" not in json.dumps(record.to_dict()["title"])


def test_detects_only_vufind_documents():
    from bilinorm.decode import decode
    from bilinorm.page import Page

    def page(name):
        data = (DATA / name).read_bytes()
        return Page(data, decode(data, max_bytes=10**8), name)

    assert vufind_solr.detect(page(NVLI)) == vufind_solr.detect(page(BOOK)) == 1.0
    assert vufind_solr.detect(page("doajjson_api_v2_search_license_ccby_page1_response.json")) == 0.0
