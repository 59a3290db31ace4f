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
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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
