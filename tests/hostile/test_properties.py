"""Property-based tests over the library: for any bytes, `normalize_all` gives schema-valid
records or raises a typed error, within a time bound per megabyte; deterministically; records
survive serialize→parse; canonical text is a fixed point of the text stages (see
`properties.py` for the precise definition)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilinorm.config import DEFAULT_CONFIG

from .mutations import ENCODINGS, INJECTIONS
from .properties import PAGES, check_document, examples

HOSTILE = settings(
    derandomize=True,  # the same examples on every machine and every run
    database=None,
    deadline=None,  # the time bound is asserted per megabyte in check_document instead
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)

# Lines of the real pages: random documents built from them get past format sniffing and
# adapter detection far more often than random bytes do.
REAL_LINES = sorted({line for page in PAGES for line in page.read_bytes().split(b"\n")[:400]})


@settings(HOSTILE, max_examples=examples(300))
@given(st.binary(max_size=4096))
def test_any_bytes(data):
    check_document(data)


@settings(HOSTILE, max_examples=examples(150))
@given(st.text(max_size=2000), st.sampled_from(ENCODINGS))
def test_any_text_in_any_encoding(text, encoding):
    check_document(text.encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace"))


@settings(HOSTILE, max_examples=examples(150))
@given(st.lists(st.one_of(st.sampled_from(INJECTIONS), st.sampled_from(REAL_LINES),
                          st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass"))),
                max_size=60))
def test_html_and_real_lines_shuffled(parts):
    check_document(b"\n".join(parts))


@settings(HOSTILE, max_examples=examples(100))
@given(st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=200))
def test_real_lines_recombined(lines):
    check_document(b"\n".join(lines))


def test_every_real_page_keeps_the_properties():
    written = 0
    for page in PAGES:
        outcome = check_document(page.read_bytes())
        written += bool(outcome.records)
    assert written >= 2  # the two seeds at least give records


def test_small_limits_keep_the_properties():
    """The same properties hold under tight limits, which exercise every cut."""
    tight = DEFAULT_CONFIG._replace(max_field_chars=50, max_sections=2, max_html_depth=4)
    for page in PAGES:
        check_document(page.read_bytes(), tight)
