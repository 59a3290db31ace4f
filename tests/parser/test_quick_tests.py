"""The quick first tests that spare the readers a slow one on most elements pass everything
the slow test would accept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.sites._html_body import _CONTAINER_HINT, ABSTRACT_CONTAINER


@settings(max_examples=300, deadline=None)
@given(st.from_regex(ABSTRACT_CONTAINER, fullmatch=True))
def test_every_abstract_container_name_passes_the_quick_test(token):
    assert ABSTRACT_CONTAINER.fullmatch(token)
    assert _CONTAINER_HINT.search(token)
    assert _CONTAINER_HINT.search(token.upper())  # the class as printed, before lower-casing
