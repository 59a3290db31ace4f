"""Site adapters and their registry.

Every adapter is a module with the same small interface:

    NAME: str                                  the `source.site` it writes
    detect(page: Page) -> float                confidence in [0, 1] that it can read the page
    extract(page: Page) -> list[Draft]         one draft per article, or NoArticleFound

The registry below is explicit and ordered: on equal confidence the earlier adapter wins.
Fallback readers (embedded metadata for HTML, generic text) score low on purpose so that a
site adapter that recognises its page always takes it.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from ..errors import UnrecognizedInput
from ..page import Page

# The registry, by module name: a reader is imported when a page first reaches it, so a run
# whose pages all have a site reader never loads the fallback readers (a third of the
# start-up of a worker). `ADAPTERS` gives the modules themselves.
# Structured sources first: they detect by format (XML, JSON, MEDLINE tags), never text pages,
# and are offered nearly every page.
STRUCTURED_READERS: tuple[str, ...] = ("pubmed_xml", "medline_text", "doaj_json", "vufind_solr")
ADAPTER_NAMES: tuple[str, ...] = (
    *STRUCTURED_READERS,
    "doaj_vufind",
    "suppr",
    "pubmed_html",
    "wanfang",
    "cnki",
    "ieee_xplore",
    "embedded",
    "generic",  # last: scores 0.3 at most, so that every site adapter wins over it
)

MIN_CONFIDENCE = 0.2


@cache
def load_adapter(name: str) -> ModuleType:
    """The reader module `name` of the registry, imported on first use."""
    return importlib.import_module(f"{__name__}.{name}")


def __getattr__(name: str):
    if name == "ADAPTERS":
        return tuple(load_adapter(n) for n in ADAPTER_NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def choose_adapter(page: Page) -> ModuleType:
    """The adapter most confident it can read `page`, or UnrecognizedInput."""
    best, best_score = None, 0.0
    for name in ADAPTER_NAMES:
        adapter = load_adapter(name)
        score = adapter.detect(page)
        if score > best_score:
            best, best_score = adapter, score
        if score >= 1.0:
            break
    if best is None or best_score < MIN_CONFIDENCE:
        raise UnrecognizedInput(
            f"no reader recognises this {page.format} document as a scholarly article page "
            f"(tried {', '.join(load_adapter(n).NAME for n in ADAPTER_NAMES)})"
        )
    return best


def adapter_by_name(name: str) -> ModuleType:
    for module_name in ADAPTER_NAMES:
        adapter = load_adapter(module_name)
        if adapter.NAME == name:
            return adapter
    raise KeyError(name)
