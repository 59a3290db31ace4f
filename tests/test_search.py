"""The embedded index: what a query finds, what it must not find, snippets, updates."""

import copy
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilinorm.cli import main
from bilinorm.exports import QueryError, SearchIndexError, search, update_index
from bilinorm.exports.cjk import fold, index_text, index_text_origins
from bilinorm.exports.query import parse_query
from bilinorm.serialize import to_json_bytes

from .conftest import ROOT
from .exports_support import corpus_records, seed_records, write_out

LUPUS = "doi:10.1136/lupus-2022-000704"
SJOGREN = "doi:10.3389/fimmu.2025.1529883"
NEPHRITIS = "doi:10.7619/jcmp.20230609"
POLISH = "doi:10.5114/kitp.2015.54453"
NEJM = "doi:10.1056/nejmoa1715274"
PORTUGUESE = "doi:10.22481/odeere.v0i2.1555"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    """The index of the committed `output/` of the seeds, as the issue states it."""
    db = tmp_path_factory.mktemp("seeds") / "index.db"
    report = update_index(db, ROOT / "output")
    assert (report.added, report.failed) == (2, [])
    return db


@pytest.fixture(scope="module")
def corpus():
    records = corpus_records()
    return records, {r.id: r for r in records}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, corpus):
    out = write_out(tmp_path_factory.mktemp("out"), seed_records() + corpus[0])
    db = tmp_path_factory.mktemp("corpus") / "index.db"
    assert update_index(db, out).added == 8
    return db


def ids(db, query, **options):
    return [hit.id for hit in search(db, query, **options)]


# The acceptance cases, over output/ of the seeds.
@pytest.mark.parametrize("query, found, not_found", [
    ("狼疮", LUPUS, SJOGREN),
    ("间充质干细胞", LUPUS, SJOGREN),
    ("红斑狼疮 安全性", LUPUS, SJOGREN),
    ("NCT03171194", LUPUS, SJOGREN),
    ("10.1136/lupus-2022-000704", LUPUS, SJOGREN),
    ("Sjogren", SJOGREN, LUPUS),
    ("Sjögren", SJOGREN, LUPUS),
    ("purpura", SJOGREN, LUPUS),
    ("fibroblast", SJOGREN, LUPUS),
    ("fibroblasts", SJOGREN, LUPUS),
    ("Sjögren’s syndrome", SJOGREN, LUPUS),
    ("sjogren's", SJOGREN, LUPUS),
    ("MSC 狼疮", LUPUS, SJOGREN),  # mixed: both parts must match
    ("https://doi.org/10.1136/LUPUS-2022-000704", LUPUS, SJOGREN),
    ("nct03171194 安全性", LUPUS, SJOGREN),
    ("10.3389/fimmu.2025.1529883", SJOGREN, LUPUS),
    ('"skin fibroblasts"', SJOGREN, LUPUS),
    ("Zhao-Xia Ma", SJOGREN, LUPUS),
    ("Kunming", SJOGREN, LUPUS),
])
def test_seed_queries(seeds_db, query, found, not_found):
    hits = ids(seeds_db, query)
    assert found in hits and not_found not in hits


def test_mesenchymal_finds_both_seeds(seeds_db):
    assert sorted(ids(seeds_db, "mesenchymal")) == [LUPUS, SJOGREN]
    assert ids(seeds_db, "mesenchymal", lang="zh") == []  # the Chinese text never says it
    assert ids(seeds_db, "MSC", lang="zh") == [LUPUS]  # Latin words inside Chinese text count


@pytest.mark.parametrize("query", ["狼疮 purpura", "NCT03171194 Sjogren", "10.1136/lupus-2022-000704 fibroblast",
                                   "間充質幹細胞 Sjögren", "NCT99999999", '"stem cells lupus"'])
def test_queries_whose_parts_do_not_all_match_find_nothing(seeds_db, query):
    assert ids(seeds_db, query) == []


@pytest.mark.parametrize("query, found, absent", [
    ("狼疮", {LUPUS, NEPHRITIS, "title:590ab70f7aebf638"}, {SJOGREN, POLISH, NEJM}),
    ("狼疮性肾炎", {NEPHRITIS}, {LUPUS}),
    ("lupus nephritis", {NEPHRITIS}, {LUPUS}),
    ("骨髓间质干细胞", {"title:590ab70f7aebf638"}, {LUPUS, NEPHRITIS}),
    ("间充质干细胞 移植", {NEPHRITIS, "title:590ab70f7aebf638"}, {LUPUS}),
    ("康复", {"title:bd28e8f46fd357c5"}, set()),  # the page prints 康復: traditional
    ("肺康復", {"title:bd28e8f46fd357c5"}, set()),
    ("慢性阻塞性肺疾病", {"title:bd28e8f46fd357c5"}, set()),
    ("pulmonary rehabilitation", {"title:bd28e8f46fd357c5"}, {NEJM}),
    ("Radoslaw", {POLISH}, set()),
    ("Zwolinski", {POLISH}, set()),
    ("Kośmider", {POLISH}, set()),
    ("kosmider", {POLISH}, set()),
    ("pannus", {POLISH}, {NEJM}),
    ("exacerbation", {NEJM}, {POLISH}),  # the text says exacerbations
    ("asthma budesonide", {NEJM}, set()),
    ("NCT02149199", {NEJM}, set()),  # cited in the abstract, not a registered identifier
    ("10.1056/NEJMoa1715274", {NEJM}, set()),
    ("PMID 29768149", {NEJM}, {POLISH}),
    ("PMC4631909", {POLISH}, {NEJM}),
    ("Patrimonio imaterial", {PORTUGUESE}, set()),
    ("memória", {PORTUGUESE}, set()),
    ("Bao Xinglan", {NEPHRITIS}, set()),
    ("鲍星兰", {NEPHRITIS}, set()),
    ("Sun Lingyun", {NEPHRITIS}, set()),
    ("Chen Lingling", {"title:bd28e8f46fd357c5"}, set()),  # 陳玲玲: pinyin, given name joined
    ("孙凌云", {NEPHRITIS}, {LUPUS}),
    ("实用临床医药杂志", {NEPHRITIS}, set()),
    ("盐城", {"title:590ab70f7aebf638"}, set()),
])
def test_corpus_queries(corpus_db, query, found, absent):
    hits = set(ids(corpus_db, query, limit=50))
    assert found <= hits and not (absent & hits), hits


def test_ranking_puts_title_matches_first(corpus_db):
    # 狼疮性肾炎 is the nephritis paper's title; the lupus trial only shares 狼疮
    assert ids(corpus_db, "狼疮")[:1] != [] and ids(corpus_db, "狼疮 肾炎")[0] == NEPHRITIS
    hits = search(corpus_db, "lupus")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert search(corpus_db, "lupus") == search(corpus_db, "lupus")


def test_single_character_queries_find_every_position(corpus_db):
    # 疮 ends the run in 狼疮 and starts 疮患 elsewhere: both are found
    assert {LUPUS, NEPHRITIS} <= set(ids(corpus_db, "疮", limit=50))
    hit = search(corpus_db, "疮", lang="zh", limit=50)
    assert all("[疮]" in h.snippet for h in hit)


def test_snippets_show_the_original_text(seeds_db, corpus_db):
    [hit] = search(seeds_db, "间充质干细胞")
    assert hit.title.startswith("脐带间充质干细胞") and "[间充质干细胞]" in hit.snippet
    assert " 间充" not in hit.snippet  # never the index bigrams
    [hit] = search(seeds_db, "红斑狼疮 安全性")
    assert "[红斑狼疮]" in hit.snippet and "[安全性]" in hit.snippet
    [hit] = search(seeds_db, "purpura")
    assert hit.field == "abstract_en" and "large area of [purpura] in both lower limbs" in hit.snippet
    assert hit.title.startswith("Regenerative fibroblasts")
    [hit] = search(seeds_db, "Sjogren", marks=("<b>", "</b>"))
    assert "<b>Sjögren</b>’s syndrome (SS)" in hit.snippet
    [hit] = search(seeds_db, "NCT03171194")
    assert "[NCT03171194]" in hit.snippet and hit.score == 10
    [hit] = search(corpus_db, "康复", lang="zh")
    assert "[康復]" in hit.snippet  # shown as printed, though found through its simplified key
    # names are shown as printed, marked through the rendering that matched
    [hit] = search(corpus_db, "Radoslaw Zwolinski")
    assert hit.field == "authors" and "Walczak; [Radosław] [Zwoliński]; Ryszard" in hit.snippet
    assert "Radoslaw" not in hit.snippet
    [hit] = search(corpus_db, "Bao Xinglan")
    assert hit.snippet == "[鲍星兰]; 王丹丹; 靳子义; 贾婕婷; 孙凌云"
    [hit] = search(corpus_db, "Lingling Chen")
    assert hit.snippet == "許圣威; [陳玲玲]; 葉小凱; 鄢錕; 洪少青"
    [hit] = search(corpus_db, "PMID 29768149")
    assert hit.id == NEJM and hit.snippet  # the text does not print the PMID: the abstract's start
    long = search(corpus_db, "budesonide")[0].snippet
    assert long.count("[budesonide]") >= 2 and len(long) < 260


def test_search_command_json_lines_and_exit_codes(seeds_db, tmp_path, capsys):
    assert main(["search", "狼疮", "--db", str(seeds_db), "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    hit = json.loads(line)
    assert {"id", "title", "score", "snippet"} <= set(hit) and hit["id"] == LUPUS
    assert main(["search", "mesenchymal", "--db", str(seeds_db), "--json", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["search", "mesenchymal", "--db", str(seeds_db), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "1. Safety, immunological effects" in text and "[mesenchymal]" in text
    assert main(["search", "nothing-like-this", "--db", str(seeds_db)]) == 1
    assert capsys.readouterr().out == ""
    assert main(["search", "狼疮", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no index at" in capsys.readouterr().err
    assert main(["search", "  ", "--db", str(seeds_db)]) == 2
    assert main(["search", "狼疮", "--db", str(seeds_db), "--limit", "0"]) == 2
    assert main(["search", "狼疮", "--db", str(seeds_db), "--lang", "fr"]) == 2
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert main(["search", "狼疮", "--db", str(other)]) == 2
    assert "not a bilinorm search index" in capsys.readouterr().err
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert main(["search", "狼疮", "--db", str(tmp_path / "junk.db")]) == 2


def test_installed_command_searches(seeds_db):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "bilinorm.cli", "search", "Sjögren", "--db", str(seeds_db),
                           "--json"], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.decode().splitlines()] == [SJOGREN]


def test_reindexing_updates_changed_records_and_removes_none_wrongly(tmp_path, corpus):
    records = seed_records() + corpus[0]
    out = write_out(tmp_path / "out", records)
    db = tmp_path / "index.db"
    assert main(["index", str(out), "--db", str(db), "-q"]) == 0
    before = _rows(db)

    # a new run changes one record: its old text must go, its new text must be found
    lupus = next(r for r in records if r.id == LUPUS)
    lupus.abstract["en"][1].text = lupus.abstract["en"][1].text.replace("Six women", "Seven hedgehogs")
    (out / "doi_10.1136_lupus-2022-000704.json").write_bytes(to_json_bytes(lupus))
    report = update_index(db, out)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, 7, 0)
    assert ids(db, "hedgehogs") == [LUPUS]
    assert ids(db, '"six women"') == []
    assert ids(db, "狼疮 NCT03171194") == [LUPUS]  # the rest of it is still indexed
    after = _rows(db)
    assert after == {k: v for k, v in before.items() if k != LUPUS} | {LUPUS: after[LUPUS]}
    assert after[LUPUS][0] == before[LUPUS][0] and after[LUPUS][1] != before[LUPUS][1]

    # a file gone from OUT stays in the index unless asked; another folder is never pruned
    (out / "doi_10.3389_fimmu.2025.1529883.json").unlink()
    assert update_index(db, out).removed == 0 and ids(db, "purpura") == [SJOGREN]
    other = write_out(tmp_path / "other", [corpus[1][POLISH]])
    assert update_index(db, other).unchanged == 1  # the same bytes: now read from `other`
    report = update_index(db, out, prune=True)
    assert report.removed == 1 and ids(db, "purpura") == [] and ids(db, "pannus") == [POLISH]
    assert update_index(db, out).total == 7

    # an unreadable record is reported and the others are indexed
    (out / "broken.json").write_text("{", encoding="utf-8")
    report = update_index(db, out)
    assert [e.reason for e in report.failed] == ["bad_record"] and report.unchanged == 7
    assert main(["index", str(out), "--db", str(db), "-q"]) == 1
    # a record file that is there but cannot be read now is not "gone": pruning keeps it
    (out / "doi_10.5114_kitp.2015.54453.json").write_text("{", encoding="utf-8")
    report = update_index(db, out, prune=True)
    assert report.removed == 0 and len(report.failed) == 2 and ids(db, "pannus") == [POLISH]
    assert main(["index", str(tmp_path / "missing"), "--db", str(db)]) == 2
    assert main(["index", str(tmp_path / "missing"), "--db", str(tmp_path / "new.db")]) == 2
    assert not (tmp_path / "new.db").exists()
    assert main(["index", str(out), "--db", str(tmp_path / "no" / "such" / "dir.db")]) == 2


def test_an_index_of_another_format_is_refused_not_misread(tmp_path):
    db = tmp_path / "index.db"
    update_index(db, ROOT / "output")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = 'bilinorm-fts5-0' WHERE key = 'format'")
    conn.commit()
    conn.close()
    with pytest.raises(SearchIndexError, match="--rebuild"):
        update_index(db, ROOT / "output")
    assert update_index(db, ROOT / "output", rebuild=True).added == 2


def _rows(db) -> dict[str, tuple[int, str]]:
    conn = sqlite3.connect(db)
    try:
        return {rid: (rowid, sha) for rowid, rid, sha in conn.execute("SELECT rowid, id, sha256 FROM records")}
    finally:
        conn.close()


@pytest.mark.parametrize("text, keys, parts", [
    ("10.1136/lupus-2022-000704", ["10.1136/lupus-2022-000704"], []),
    ("doi:10.1136/LUPUS-2022-000704, safety", ["10.1136/lupus-2022-000704"], [("safety",)]),
    ("红斑狼疮 安全性", [], [("红斑", "斑狼", "狼疮"), ("安全", "全性")]),
    ("MSC输注", [], [("MSC",), ("输注",)]),
    ("間充質", [], [("间充", "充质")]),  # folded to simplified, as the index is
    ('"stem cells" anti-SSB', [], [("stem", "cells"), ("anti", "SSB")]),
    ("ＭＳＣ", [], [("MSC",)]),  # full width
    ("ChiCTR-IOR-17011234 NCT03171194", ["chictrior17011234", "nct03171194"], []),
])
def test_parse_query(text, keys, parts):
    query = parse_query(text)
    assert [k for k, _ in query.keys] == keys
    assert [p.tokens for p in query.parts] == parts


def test_parse_query_refuses_an_empty_query():
    with pytest.raises(QueryError):
        parse_query(" ... ")


@given(st.text(alphabet=st.sampled_from("红斑狼疮康復間 MSC,。ab１"), max_size=40))
def test_index_text_maps_back_onto_the_original(text):
    indexed, origins = index_text_origins(text)
    assert indexed == index_text(text) and len(origins) == len(indexed)
    folded = fold(text)
    assert len(folded) == len(text)
    for ch, origin in zip(indexed, origins):
        assert (ch == " ") if origin < 0 else (folded[origin] == ch)


def test_ties_go_by_record_id_not_by_index_order(tmp_path, corpus):
    sjogren = next(r for r in seed_records() if r.id == SJOGREN)
    out = write_out(tmp_path / "out", [sjogren] + corpus[0])
    db = tmp_path / "index.db"
    update_index(db, out)
    # the same text under a smaller id (a DOI of as many words: bm25 counts every column's
    # length), indexed later, so its row comes after
    twin = copy.deepcopy(sjogren)
    twin.id, twin.identifiers.doi = "doi:10.1000/aaaaa.2025.1529883", "10.1000/aaaaa.2025.1529883"
    write_out(out, [twin])
    assert update_index(db, out).added == 1
    assert _rows(db)[twin.id][0] > _rows(db)[SJOGREN][0]
    hits = search(db, "purpura")
    assert [h.id for h in hits] == [twin.id, SJOGREN] and hits[0].score == hits[1].score > 0.001
    assert ids(db, "purpura", limit=1) == [twin.id]  # the cut falls inside the tie
