"""Mutations of real pages keep every property (see `properties.py`): truncation anywhere,
byte flips, encoding swaps, duplicated and reordered blocks, injected HTML and script,
control characters and very long lines, alone and combined."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from . import mutations
from .properties import PAGES, check_document, examples
from .test_properties import HOSTILE

PAGE_BYTES = [page.read_bytes() for page in PAGES]


def _outcome_event(outcome) -> None:
    event("records" if outcome.records else f"error: {outcome.error[0]}")


@pytest.mark.parametrize("mutation", mutations.MUTATIONS, ids=lambda m: m.__name__)
def test_each_mutation_alone(mutation):
    @settings(HOSTILE, max_examples=examples(30))
    @given(st.sampled_from(PAGE_BYTES).flatmap(mutation))
    def check(data):
        _outcome_event(check_document(data))

    check()


@settings(HOSTILE, max_examples=examples(150))
@given(mutations.mutated(PAGE_BYTES, max_mutations=4))
def test_combined_mutations(case):
    data, _applied = case
    _outcome_event(check_document(data))


@settings(HOSTILE, max_examples=examples(60))
@given(st.sampled_from(PAGE_BYTES[:2]).flatmap(mutations.truncate))
def test_seed_truncated_anywhere(data):
    """The two seed pages, cut at any byte (also inside a UTF-8 sequence)."""
    _outcome_event(check_document(data))
