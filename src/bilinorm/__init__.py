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
from .pipeline import normalize, normalize_all
from .record import Record
from .serialize import to_json_bytes, validate

__version__ = "0.1.0"

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
