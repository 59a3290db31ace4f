"""The properties every document must keep, however broken, and the mutations of real pages
the tests apply. Shared by the property, mutation and fuzz-fallback tests.

What "normalized again is unchanged" (idempotence) means here, precisely: every piece of
canonical text in a record is a fixed point of the stage that produced it. A title, an
affiliation, an author name or a keyword put through `clean` (`clean_cjk` for Chinese
keywords) comes back the same; a section put through `finish_section` again (same heading,
label, category and language) gives the same text, label, category, heading and sentences;
and a section's sentences joined with the language's joiner give its text.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from bilinorm import normalize_all, to_json_bytes, validate
from bilinorm.config import DEFAULT_CONFIG, Config
from bilinorm.errors import BilinormError
from bilinorm.record import RawSection, Record
from bilinorm.sections import finish_section
from bilinorm.sentences import sentence_joiner
from bilinorm.text import clean, clean_cjk

ROOT = Path(__file__).resolve().parents[2]
# The seeds and one page of each kind the readers take, read where the other tests keep them.
HOSTILE_PAGES = [ROOT / "tests/data" / rel for rel in (
    "structured/doajjson_article_00001331_split.json",
    "html/pmc_legacy_pmc2151964_abstract.html",
    "structured/pubmedxml_medline16n0902_pmid26702360.xml",
    "generic/robust_jizihe_spam_html_injection_17090825.txt",
    "html/scholarly_sandcrawler_first_monday_ojs3_landingpage.html",
    "generic/zhbilingual_jizihe_copd_rehab_9240939.txt",
)]
PAGES = [*sorted((ROOT / "seeds").glob("*.txt")), *HOSTILE_PAGES]

# Seconds allowed per document: a fixed start-up allowance plus a rate per megabyte. The
# pipeline is about ten times faster than this on the test machine; the margin is for a
# loaded CI machine with two cores shared.
SECONDS_BASE = 5.0
SECONDS_PER_MB = 20.0

# Examples per property test in CI; BILINORM_HOSTILE_EXAMPLES raises it for long local runs.
EXAMPLES = int(os.environ.get("BILINORM_HOSTILE_EXAMPLES", "0")) or None


def examples(ci_default: int) -> int:
    return EXAMPLES or ci_default


def time_bound(size: int) -> float:
    return SECONDS_BASE + SECONDS_PER_MB * size / 1_000_000


@dataclass
class Outcome:
    records: list[bytes]
    error: tuple[str, str] | None  # (reason, message)
    seconds: float


def run_once(data: bytes, config: Config = DEFAULT_CONFIG) -> tuple[Outcome, list[Record]]:
    """Normalize; a typed error is an outcome, anything else propagates as a failure."""
    started = time.perf_counter()
    records: list[Record] = []
    error = None
    try:
        records = normalize_all(data, config=config)
    except BilinormError as exc:
        assert exc.reason and exc.reason != "error", f"untyped BilinormError: {exc!r}"
        error = (exc.reason, str(exc))
    seconds = time.perf_counter() - started
    return Outcome([to_json_bytes(r) for r in records], error, seconds), records


def check_document(data: bytes, config: Config = DEFAULT_CONFIG) -> Outcome:
    """Every property of the issue for one input; returns the outcome for further checks."""
    first, records = run_once(data, config)
    for record, canonical in zip(records, first.records):
        validate(record)
        check_round_trip(record, canonical)
        check_idempotent(record)
    second, _ = run_once(data, config)
    assert second.records == first.records, "normalizing the same bytes twice differs"
    assert second.error == first.error
    # The faster of the two runs: a moment of load on a shared machine is not the input's doing,
    # while superlinear work is slow every time.
    seconds = min(first.seconds, second.seconds)
    assert seconds <= time_bound(len(data)), (
        f"{seconds:.1f}s for {len(data):,} bytes is over {time_bound(len(data)):.1f}s")
    return first


def check_round_trip(record: Record, canonical: bytes) -> None:
    """Serializing then parsing gives the same record, and serializing that gives the same bytes."""
    parsed = json.loads(canonical.decode("utf-8"))
    assert parsed == record.to_dict()
    validate(parsed)
    assert to_json_bytes(parsed) == canonical


def check_idempotent(record: Record) -> None:
    for lang, title in record.title.items():
        assert clean(title) == title, f"title.{lang} changes when cleaned again"
    for i, affiliation in enumerate(record.affiliations):
        assert clean(affiliation) == affiliation, f"affiliations[{i}] changes when cleaned again"
    for i, author in enumerate(record.authors):
        assert clean(author.name) == author.name, f"authors[{i}].name changes when cleaned again"
    for lang, words in record.keywords.items():
        again = clean_cjk if lang == "zh" else clean
        for i, word in enumerate(words):
            assert again(word) == word, f"keywords.{lang}[{i}] changes when cleaned again"
    for lang, sections in record.abstract.items():
        for i, section in enumerate(sections):
            where = f"abstract.{lang}[{i}]"
            assert sentence_joiner(lang).join(section.sentences) == section.text, \
                f"{where}: sentences do not join back to the text"
            redo = finish_section(RawSection(section.heading, section.text, section.label,
                                             section.category), lang)
            assert redo.text == section.text, f"{where}.text changes when finished again"
            assert redo.sentences == section.sentences, f"{where}.sentences change when split again"
            assert (redo.label, redo.category, redo.heading) == \
                (section.label, section.category, section.heading), f"{where} label changes"
