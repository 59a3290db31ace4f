"""The 28 real HTML pages: each gives the record a careful reader takes off the page, or a
clear reason why it is not an article. The facts are data (tests/data/html/cases/*.json)."""

import json

import pytest

from bilinorm import BilinormError, to_json_bytes, validate

from .html_cases import check_field, load_cases, outcome

CASES = load_cases()


def _params():
    params = []
    for stem, case in CASES.items():
        gaps = case.get("known_gaps", {})
        for group in ("expected", "also"):
            for field, value in case.get(group, {}).items():
                marks = [pytest.mark.xfail(strict=True, reason=gaps[field])] if field in gaps else []
                params.append(pytest.param(stem, field, value, marks=marks, id=f"{stem}-{field}"))
    return params


@pytest.mark.parametrize("stem, field, expected", _params())
def test_page_fact(stem, field, expected):
    record = outcome(stem)
    assert not isinstance(record, BilinormError), f"{record.reason}: {record}"
    assert check_field(record, field, expected) == []


REFUSED = [stem for stem, case in CASES.items() if "error" in case]
RECORDS = [stem for stem, case in CASES.items() if "expected" in case]


@pytest.mark.parametrize("stem", REFUSED)
def test_page_refused_with_a_clear_reason(stem):
    error = CASES[stem]["error"]
    result = outcome(stem)
    assert isinstance(result, BilinormError)
    assert result.reason == error["reason"]
    for words in error["message_contains"]:
        assert words in str(result)


@pytest.mark.parametrize("stem", [s for s in REFUSED if "human" in CASES[s]])
@pytest.mark.xfail(strict=True, reason="pages without any metadata are refused, not read from their layout")
def test_page_without_metadata_read_as_a_person_would(stem):
    record = outcome(stem)
    assert not isinstance(record, BilinormError)
    for field, value in CASES[stem]["human"].items():
        assert check_field(record, field, value) == []


@pytest.mark.parametrize("stem", RECORDS)
def test_page_boilerplate_stays_out(stem):
    data = outcome(stem).to_dict()
    data.pop("removed")
    data.pop("warnings")
    text = json.dumps(data, ensure_ascii=False)
    for phrase in CASES[stem].get("must_not_contain", []):
        assert phrase not in text


@pytest.mark.parametrize("stem", RECORDS)
def test_page_record_is_valid_deterministic_and_rejoins(stem):
    from bilinorm import normalize

    from .html_cases import HTML_DATA

    record = outcome(stem)
    first = to_json_bytes(record)
    validate(json.loads(first))
    data = (HTML_DATA / CASES[stem]["file"]).read_bytes()
    assert to_json_bytes(normalize(data, path=CASES[stem]["file"])) == first
    for lang, sections in record.abstract.items():
        joiner = "" if lang == "zh" else " "
        for section in sections:
            assert joiner.join(section.sentences) == section.text
    assert record.source.format == "html"


@pytest.mark.parametrize("stem", sorted(CASES))
def test_cut_pages_give_a_record_or_a_reason(stem):
    """A page cut short (a broken download) or missing its head still reads, or fails with a
    reason: never with any other exception."""
    from bilinorm import normalize

    from .html_cases import HTML_DATA

    data = (HTML_DATA / CASES[stem]["file"]).read_bytes()
    for cut in (len(data) // 3, 2 * len(data) // 3):
        for part in (data[:cut], data[cut:]):
            try:
                normalize(part, path=CASES[stem]["file"])
            except BilinormError:
                pass
