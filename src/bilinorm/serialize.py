"""Canonical bytes of a record, and the JSON Schema check."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from .record import Record, record_fields


def to_json_bytes(record: Record | dict[str, Any]) -> bytes:
    """UTF-8, characters as themselves, two-space indent, contract key order, final newline."""
    parts: list[str] = []
    _encode(record, "\n", parts)
    parts.append("\n")
    return "".join(parts).encode("utf-8")


# json.dumps(record.to_dict(), ensure_ascii=False, indent=2), byte for byte (tests compare
# the two): with an indent, json falls back to its pure-Python encoder, whose generators cost
# more than the rest of writing a record. This writes the same text in one recursive pass,
# reading the record's data classes directly (no intermediate dict); strings, most of a
# record's values, are written in place without a call, through json's own (C) encoder.
_string = json.encoder.encode_basestring
_float = float.__repr__


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            if type(item) is str:
                parts.append(_string(item))
            else:
                _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif kind is dict:
        _encode_items(map(_key_text, value), value.values(), newline, parts)
    elif hasattr(kind, "__dataclass_fields__"):
        names, keys = _field_keys(kind)
        _encode_items(keys, map(value.__getattribute__, names), newline, parts)
    elif isinstance(value, dict):
        _encode_items(map(_key_text, value), value.values(), newline, parts)
    elif isinstance(value, (list, tuple)):
        _encode(list(value), newline, parts)
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float_text(value))
    elif isinstance(value, str):  # a str subclass
        parts.append(_string(value))
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encode_items(keys, values, newline: str, parts: list[str]) -> None:
    """An object from its keys, already written as `"key": `, and its values."""
    inner = newline + "  "
    separator = "{" + inner
    for key, item in zip(keys, values):
        if type(item) is str:
            parts.append(separator + key + _string(item))
        else:
            parts.append(separator + key)
            _encode(item, inner, parts)
        separator = "," + inner
    if separator[0] == "{":
        parts.append("{}")
    else:
        parts.append(newline + "}")


def _key_text(key: Any) -> str:
    return _string(key if type(key) is str else _key(key)) + ": "


@lru_cache(maxsize=None)
def _field_keys(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields a data class is written with, in `to_dict`'s order, and their keys as written."""
    names = record_fields(kind)
    if kind is Record:  # the contract puts the version first
        names = ("schema_version", *(n for n in names if n != "schema_version"))
    return names, tuple(_key_text(name) for name in names)


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
