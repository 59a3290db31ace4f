"""Export formats: they parse, and they carry the record's facts."""

import json

import jsonschema
import pytest

from bilinorm.cli import main
from bilinorm.exports import FIELDS, mapping, read_records, search_document, write_export
from bilinorm.exports.csl import csl_name

from .conftest import ROOT
from .exports_support import corpus_records, seed_records, write_out

SEED_IDS = ["doi:10.1136/lupus-2022-000704", "doi:10.3389/fimmu.2025.1529883"]


@pytest.fixture(scope="module")
def records():
    """The seeds and the corpus records, as plain data keyed by id."""
    return {r.id: r.to_dict() for r in seed_records() + corpus_records()}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return write_out(tmp_path_factory.mktemp("out"), seed_records() + corpus_records())


def export_bytes(folder, fmt) -> bytes:
    import io

    stream = io.BytesIO()
    write_export(read_records(folder), fmt, stream)
    return stream.getvalue()


def test_es_bulk_of_the_seeds_is_two_action_document_pairs(capsysbinary):
    assert main(["export", str(ROOT / "output"), "--format", "es-bulk"]) == 0
    data = capsysbinary.readouterr().out
    assert data.endswith(b"\n") and not data.endswith(b"\n\n")
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert len(lines) == 4
    actions, docs = lines[0::2], lines[1::2]
    assert actions == [{"index": {"_id": rid}} for rid in SEED_IDS]
    assert [d["id"] for d in docs] == SEED_IDS
    lupus, sjogren = docs
    assert lupus["title_zh"].startswith("脐带间充质干细胞治疗难治性系统性红斑狼疮")
    assert lupus["trial_registrations"] == ["NCT03171194"] and lupus["year"] == 2022
    assert sjogren["authors"][0] == "Zhao-Xia Ma" and sjogren["keywords_en"][1] == "Sjögren’s syndrome"


def test_search_documents_round_trip_the_record_facts(records):
    for record in records.values():
        doc = search_document(record)
        assert list(doc) == [f for f in FIELDS if f in doc]  # FIELDS order, nothing unknown
        assert doc["id"] == record["id"] and doc["languages"] == record["languages"]
        for lang in ("en", "zh"):
            assert doc.get(f"title_{lang}") == record["title"].get(lang)
            sections = record["abstract"].get(lang, [])
            assert doc.get(f"abstract_{lang}", "") == "\n".join(s["text"] for s in sections)
            for section in sections:  # every section text is in its category's field
                assert section["text"] in doc[f"{section['category'].lower()}_{lang}"]
            assert doc.get(f"keywords_{lang}", []) == record["keywords"].get(lang, [])
        others = [lang for lang in record["title"] if lang not in ("en", "zh")]
        assert doc.get("title_other", []) == [record["title"][lang] for lang in others]
        assert doc.get("authors", []) == [a["name"] for a in record["authors"]]
        assert doc.get("authors_ascii", []) == [a["name_ascii"] for a in record["authors"]]
        assert doc.get("affiliations", []) == record["affiliations"]
        ids = record["identifiers"]
        assert (doc.get("doi"), doc.get("pmid"), doc.get("trial_registrations", [])) == (
            ids["doi"], ids["pmid"], ids["trial_registrations"])
        assert doc.get("venue") == record["venue"]["name"]
        assert doc.get("volume") == record["venue"]["volume"]
        if record["published"]:
            assert doc["published"] == record["published"]
            assert doc["year"] == int(record["published"][:4])


def test_search_keys_fold_names_and_traditional_chinese(records):
    polish = search_document(records["doi:10.5114/kitp.2015.54453"])
    assert "Radosław Zwoliński" in polish["authors"]
    assert "Radoslaw Zwolinski" in polish["authors_ascii"]
    copd = search_document(next(r for r in records.values() if r["scripts"].get("zh") == "zh-Hant"))
    assert "肺康復(fù)" in copd["keywords_zh"] and "肺康复(fù)" in copd["keywords_zh_hans"]
    assert "探討肺康復(fù)治療" in copd["abstract_zh"] and "探讨肺康复(fù)治疗" in copd["abstract_zh_hans"]
    assert copd["objective_zh"].startswith("探討肺康復(fù)治療在中重度慢性阻塞性肺疾病")
    lupus = search_document(records[SEED_IDS[0]])
    assert not any(key.endswith("_hans") for key in lupus)  # already simplified: no extra key
    bilingual = search_document(records["doi:10.7619/jcmp.20230609"])
    assert bilingual["authors"][0] == "鲍星兰" and bilingual["author_variants"][0] == "BAO Xinglan"
    assert bilingual["authors_ascii"][0] == "Bao Xing Lan"
    portuguese = search_document(records["doi:10.22481/odeere.v0i2.1555"])
    assert portuguese["title_other"] == ["Memória, História Oral e Patrimônio Imaterial Afro-brasileiro: "
                                         "teoria, práxis"]
    assert portuguese["keywords_other"][0] == "Memória" and "abstract_en" not in portuguese


@pytest.mark.parametrize("fmt", ["jsonl", "es-bulk", "solr"])
def test_document_formats_parse_to_the_same_documents(out, records, fmt):
    data = export_bytes(out, fmt).decode("utf-8")
    if fmt == "solr":
        docs = json.loads(data)
    else:
        lines = [json.loads(line) for line in data.splitlines()]
        docs = lines[1::2] if fmt == "es-bulk" else lines
    assert docs == [search_document(records[d["id"]]) for d in docs]
    assert sorted(d["id"] for d in docs) == sorted(records)
    assert export_bytes(out, fmt) == data.encode("utf-8")  # byte for byte the same again


# CSL-JSON 1.0.2 item shape (after the CSL project's csl-data.json) for the variables bilinorm
# writes: unknown keys are errors, as there.
_NAME = {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
    k: {"type": "string"} for k in ("family", "given", "literal", "suffix", "non-dropping-particle")}}
_STRING_OR_NUMBER = {"type": ["string", "number"]}
CSL_ITEM = {
    "type": "object",
    "required": ["type", "id"],
    "additionalProperties": False,
    "properties": {
        "id": _STRING_OR_NUMBER, "type": {"enum": ["article-journal"]},
        "language": {"type": "string"}, "title": {"type": "string"}, "translated-title": {"type": "string"},
        "author": {"type": "array", "items": _NAME}, "container-title": {"type": "string"},
        "container-title-short": {"type": "string"}, "publisher": {"type": "string"},
        "ISSN": {"type": "string"}, "volume": _STRING_OR_NUMBER, "issue": _STRING_OR_NUMBER,
        "page": _STRING_OR_NUMBER, "number": _STRING_OR_NUMBER,
        "issued": {"type": "object", "additionalProperties": False, "required": ["date-parts"],
                   "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {
                       "type": "array", "minItems": 1, "maxItems": 3, "items": _STRING_OR_NUMBER}}}},
        "DOI": {"type": "string"}, "PMID": {"type": "string"}, "PMCID": {"type": "string"},
        "URL": {"type": "string"}, "abstract": {"type": "string"}, "keyword": {"type": "string"},
        "custom": {"type": "object"},
    },
}


def test_csl_json_items_have_the_csl_shape_and_the_facts(out, records):
    items = json.loads(export_bytes(out, "csl-json"))
    jsonschema.Draft7Validator(CSL_ITEM).validate(items[0])
    for item in items:
        jsonschema.Draft7Validator(CSL_ITEM).validate(item)
        record = records[item["id"]]
        assert item["DOI"] == record["identifiers"]["doi"] if record["identifiers"]["doi"] else "DOI" not in item
        assert len(item.get("author", [])) == len(record["authors"])
    by_id = {item["id"]: item for item in items}
    sjogren = by_id[SEED_IDS[1]]
    assert sjogren["author"][0] == {"family": "Ma", "given": "Zhao-Xia"}
    assert sjogren["issued"] == {"date-parts": [[2025, 1, 1]]}
    assert (sjogren["container-title"], sjogren["volume"], sjogren["number"], sjogren["ISSN"]) == (
        "Frontiers in Immunology", "16", "1529883", "1664-3224")
    assert sjogren["abstract"].startswith("Background: Sjögren’s syndrome (SS)")
    lupus = by_id[SEED_IDS[0]]
    assert lupus["language"] == "en" and lupus["translated-title"].startswith("脐带间充质干细胞")
    assert lupus["issued"] == {"date-parts": [[2022, 7]]} and lupus["custom"]["trial_registrations"] == ["NCT03171194"]
    chinese = by_id["doi:10.7619/jcmp.20230609"]
    assert chinese["language"] == "zh-Hans" and chinese["title"].startswith("脐带间充质干细胞移植")
    assert chinese["author"][0] == {"family": "鲍", "given": "星兰"}
    assert chinese["abstract"].startswith("目的：探讨脐带间充质干细胞")
    nejm = by_id["doi:10.1056/nejmoa1715274"]
    assert nejm["PMID"] == "29768149" and nejm["page"] == "1865-1876"
    assert nejm["author"][0] == {"family": "O'Byrne", "given": "Paul M"}


@pytest.mark.parametrize("name, expected", [
    ("Zhao-Xia Ma", {"family": "Ma", "given": "Zhao-Xia"}),
    ("O'Byrne, Paul M", {"family": "O'Byrne", "given": "Paul M"}),
    ("欧阳修", {"family": "欧阳", "given": "修"}),
    ("谢敏", {"family": "谢", "given": "敏"}),
    ("BAO Xinglan", {"family": "BAO", "given": "Xinglan"}),
    ("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}),
    ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Madonna", {"literal": "Madonna"}),
])
def test_csl_names(name, expected):
    assert csl_name(name) == expected


def test_shipped_mappings_name_exactly_the_search_document_fields():
    es = mapping("es")
    settings, properties = es["template"]["settings"]["analysis"], es["template"]["mappings"]["properties"]
    assert set(properties) == set(FIELDS)
    builtin = {"standard", "smartcn"}
    for name, field in properties.items():
        kind = FIELDS[name]
        analyzers = [field.get("analyzer")] + [f.get("analyzer") for f in field.get("fields", {}).values()]
        for analyzer in filter(None, analyzers):
            assert analyzer in settings["analyzer"] or analyzer in builtin, (name, analyzer)
        if kind.startswith("text_en"):
            assert field["analyzer"] == "english_folded"
        if kind.startswith("text_zh"):
            assert field["analyzer"] == "smartcn" and field["fields"]["bigram"]["analyzer"] == "cjk_bigram"
        if kind in ("keyword", "keywords"):
            assert field["type"] == "keyword"
        if "normalizer" in field:
            assert field["normalizer"] in settings["normalizer"]
    english = settings["analyzer"]["english_folded"]["filter"]
    assert "asciifolding" in english and "english_stemmer" in english
    assert settings["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}

    solr = mapping("solr")
    copied = {c["dest"] for c in solr["add-copy-field"]}
    names = {f["name"] for f in solr["add-field"]}
    assert (names - copied) | {"id"} == set(FIELDS)  # `id` is every Solr schema's uniqueKey
    types = {t["name"]: t for t in solr["add-field-type"]}
    for field in solr["add-field"]:
        kind = FIELDS.get(field["name"], "copy")
        assert field["type"] in types or field["type"] in ("string", "pint"), field
        assert field["multiValued"] == (kind.endswith("_list") or kind == "keywords" or (
            kind == "copy" and FIELDS[field["name"].removesuffix("_bigram")].endswith("_list")))
    filters = [f["class"] for f in types["bilinorm_text_cjk"]["analyzer"]["filters"]]
    assert "solr.CJKBigramFilterFactory" in filters
    assert types["bilinorm_text_en"]["analyzer"]["filters"][-1]["class"] == "solr.PorterStemFilterFactory"


def test_mapping_command_prints_the_shipped_file(capsysbinary):
    assert main(["mapping", "es"]) == 0
    assert json.loads(capsysbinary.readouterr().out) == mapping("es")


def test_export_to_a_file_matches_stdout_and_bad_records_are_reported(tmp_path, out, capsysbinary):
    folder = tmp_path / "out"
    folder.mkdir()
    for path in out.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.json").write_bytes(b'{"id": "doi:10.1/x", "title": ')
    (folder / "not_a_record.json").write_bytes(b'{"id": "doi:10.1/y", "title": {}, "abstract": {}, "keywords": {}}')
    (folder / "_manifest.jsonl").write_bytes(b"{}\n")
    target = tmp_path / "bulk.ndjson"
    assert main(["export", str(folder), "--format", "es-bulk", "-o", str(target)]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "broken.json: bad_record: not JSON" in err
    assert "not_a_record.json: bad_record: not a bilinorm record" in err
    assert target.read_bytes() == export_bytes(out, "es-bulk")
    assert main(["export", str(tmp_path / "missing"), "--format", "jsonl"]) == 2
    assert "does not exist" in capsysbinary.readouterr().err.decode()
    assert main(["export", str(out), "--format", "jsonl", "-o", str(tmp_path / "no" / "dir" / "x")]) == 2
    assert main(["export", str(out), "--format", "bibtex"]) == 2
