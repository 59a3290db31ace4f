"""Typed errors for documents that cannot be normalized.

Every error carries a stable `reason` code (part of the run-manifest contract) and a message a
person can act on. Anything else raised while normalizing is a bug, not a property of the input.
"""

from __future__ import annotations


class BilinormError(Exception):
    """Base class: a document that cannot be normalized, with a reason code."""

    reason = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.message} (at {self.where})" if self.where else self.message


class EmptyInput(BilinormError):
    reason = "empty"


class BinaryInput(BilinormError):
    reason = "binary"


class UndecodableInput(BilinormError):
    reason = "undecodable"


class UnrecognizedInput(BilinormError):
    reason = "unrecognized"


class NoArticleFound(BilinormError):
    reason = "no_article"


class InputTooLarge(BilinormError):
    reason = "too_large"


class MultipleArticles(BilinormError):
    """`normalize()` was given a document holding several articles; use `normalize_all()`."""

    reason = "multiple_articles"


REASONS = tuple(
    cls.reason
    for cls in (EmptyInput, BinaryInput, UndecodableInput, UnrecognizedInput, NoArticleFound,
                InputTooLarge, MultipleArticles)
)
