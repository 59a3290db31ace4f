"""The embedded index over records normalized from the project's copies of the corpus pages
(not hand-built records): each query term below occurs in exactly one corpus record."""

import json

import pytest

from bilinorm.cli import main

from .conftest import DATA

QUERIES = {
    "狼疮性肾炎": "doi:10.7619/jcmp.20230609",        # a two-script Chinese journal page
    "silicosis": "title:8b7f50bec893b0e8",             # an English structured-abstract page
    "budesonide": "doi:10.1056/nejmoa1715274",         # PubMed XML
    "湿疹": "title:ec0416ba52545f8d",                  # two characters, inline-headed abstract
    "康复": "title:3005bae7206c836f",                  # simplified query, the page prints 康復
    "Zwolinski": "doi:10.5114/kitp.2015.54453",        # the record prints Zwoliński
    "秋海棠": "doi:10.3969/j.issn.2095-0845.1999.01.002",  # Wanfang HTML
    "荨麻疹": "doi:10.13288/j.11-2166/r.1987.12.002",  # CNKI HTML
    "10.1056/nejmoa1715274": "doi:10.1056/nejmoa1715274",
}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus_search")
    out, db = tmp / "out", tmp / "index.db"
    inputs = [str(DATA / name) for name in ("generic", "html", "structured")]
    assert main(["run", *inputs, "-o", str(out), "-j", "1", "-q"]) in (0, 1)  # some pages are not articles
    assert main(["index", str(out), "--db", str(db), "-q"]) == 0
    return db


@pytest.mark.parametrize("query, expected", QUERIES.items())
def test_corpus_query_finds_its_one_record(corpus_db, query, expected, capsys):
    assert main(["search", query, "--db", str(corpus_db), "--json", "--limit", "5"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [hit["id"] for hit in hits] == [expected]
    assert hits[0]["snippet"] and "title" in hits[0]  # null where the page prints no title


def test_corpus_query_with_no_match_exits_1(corpus_db, capsys):
    assert main(["search", "xylophonist", "--db", str(corpus_db), "--json"]) == 1
    assert capsys.readouterr().out == ""
