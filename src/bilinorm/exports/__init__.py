"""Indexer-ready output: export formats, shipped search mappings, and the embedded index.

    read_records(OUT)                     the records of an output folder, in name order
    search_document(record)               the flat search document every format is built from
    write_export(records, fmt, stream)    jsonl | es-bulk | solr | csl-json
    mapping(name)                         the shipped Elasticsearch template / Solr schema
    update_index(db, OUT)                 build or update the SQLite FTS5 index
    search(db, query)                     ranked hits with highlighted snippets
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from .csl import csl_item
from .formats import FORMATS, write_export
from .index import IndexReport, SearchIndexError, update_index
from .reader import OutputFolderError, StoredRecord, UnreadableRecord, read_records
from .query import QueryError
from .search import Hit, search
from .searchdoc import FIELDS, search_document

MAPPINGS = {"es": "es-template.json", "solr": "solr-schema.json"}


def mapping(name: str) -> dict[str, Any]:
    """The shipped Elasticsearch/OpenSearch index template (`es`) or Solr Schema API
    commands (`solr`) for the search documents."""
    return json.loads(mapping_bytes(name))


def mapping_bytes(name: str) -> bytes:
    return files("bilinorm").joinpath("data", MAPPINGS[name]).read_bytes()


__all__ = [
    "FIELDS", "FORMATS", "MAPPINGS", "Hit", "IndexReport", "OutputFolderError", "QueryError",
    "SearchIndexError", "StoredRecord", "UnreadableRecord", "csl_item", "mapping",
    "mapping_bytes", "read_records", "search", "search_document", "update_index", "write_export",
]
