"""Faster paths give exactly what the plain code they replace gives."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.serialize import to_json_bytes

from .conftest import ROOT

_leaves = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True)
           | st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
           | st.sampled_from(["\u2028", "\x00\x1f\x7f", '"\\/', "中文。", "é", "\t\n\r\b\f"]))
_json = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=40)


def reference(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "surrogatepass")


@settings(max_examples=400, deadline=None)
@given(_json)
def test_same_bytes_as_json_dumps(data):
    assert to_json_bytes({"value": data}) == reference({"value": data})
    if isinstance(data, dict):
        assert to_json_bytes(data) == reference(data)


def test_committed_records_round_trip_to_the_same_bytes():
    for path in sorted((ROOT / "output").glob("doi_*.json")):
        data = path.read_bytes()
        assert to_json_bytes(json.loads(data)) == data == reference(json.loads(data))


def test_non_string_keys_as_json_converts_them():
    data = {1: "a", 2.5: [], False: {}, None: 0}
    assert to_json_bytes(data) == reference(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=300))
def test_control_share_counts_as_before(text):
    from bilinorm.decode import _control_share

    sample = text[:8192]
    counted = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v\x1e\x1f")
    assert _control_share(text) == counted / max(1, len(sample))


_OLD_FIELD_ROW = __import__("re").compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*) \| ?(.*?)(?: ?\|)?$")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_1.- |\t|é中\r\u2028")), max_size=30))
def test_vufind_field_rows_read_as_before(line):
    from bilinorm.sites.doaj_vufind import _field_row

    old = _OLD_FIELD_ROW.match(line)
    assert _field_row(line) == ((old.group(1), old.group(2).strip()) if old else None)


def test_vufind_field_rows_of_the_seed_read_as_before():
    from bilinorm.sites.doaj_vufind import _field_row

    lines = (ROOT / "seeds" / "000_e617ffdf4fbe02f5.txt").read_text(encoding="utf-8").split("\n")
    rows = [_field_row(line.strip()) for line in lines]
    assert sum(r is not None for r in rows) >= 20
    assert rows == [((m.group(1), m.group(2).strip()) if (m := _OLD_FIELD_ROW.match(line.strip())) else None)
                    for line in lines]
