"""bilinorm: scraped scholarly-article pages to canonical bilingual JSON records."""

from .config import DEFAULT_CONFIG, Config
from .errors import (
    BilinormError,
    BinaryInput,
    EmptyInput,
    InputTooLarge,
    MultipleArticles,
    NoArticleFound,
    UndecodableInput,
    UnrecognizedInput,
)

__version__ = "0.1.0"

# Loaded on first use: `import bilinorm` (the command line, a batch run's main process, which
# never normalizes anything itself) does not pay for the HTML parser and the readers.
_LAZY = {"normalize": ".pipeline", "normalize_all": ".pipeline", "Record": ".record",
         "to_json_bytes": ".serialize", "validate": ".serialize"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "normalize",
    "normalize_all",
    "to_json_bytes",
    "validate",
    "Record",
    "Config",
    "DEFAULT_CONFIG",
    "BilinormError",
    "EmptyInput",
    "BinaryInput",
    "UndecodableInput",
    "UnrecognizedInput",
    "NoArticleFound",
    "InputTooLarge",
    "MultipleArticles",
    "__version__",
]
