"""Canonical bytes of a record, and the JSON Schema check."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from .record import Record


def to_json_bytes(record: Record | dict[str, Any]) -> bytes:
    """UTF-8, characters as themselves, two-space indent, contract key order, final newline."""
    data = record.to_dict() if isinstance(record, Record) else record
    parts: list[str] = []
    _encode(data, "\n", parts)
    parts.append("\n")
    return "".join(parts).encode("utf-8")


# json.dumps(data, ensure_ascii=False, indent=2), byte for byte (tests compare the two): with
# an indent, json falls back to its pure-Python encoder, whose generators cost more than the
# rest of writing a record. This writes the same text in one recursive pass; strings go
# through json's own (C) string encoder.
_string = json.encoder.encode_basestring
_float = float.__repr__


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    if type(value) is str:
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            parts.append(separator)
            parts.append(_string(key if type(key) is str else _key(key)))
            parts.append(": ")
            _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float_text(value))
    elif isinstance(value, str):  # a str subclass
        parts.append(_string(value))
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return _float(value)


def _key(key: Any) -> str:
    """json's conversion of a non-string key."""
    if isinstance(key, float):
        return _float_text(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(files("bilinorm").joinpath("data", "record.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def validate(record: Record | dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if the record breaks the contract."""
    data = record.to_dict() if isinstance(record, Record) else record
    _validator().validate(data)


def schema_errors(record: Record | dict[str, Any]) -> list[str]:
    data = record.to_dict() if isinstance(record, Record) else record
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(data)]
