"""Export writers: the records of an output folder as files search engines and reference
managers load.

    jsonl     one flat search document per line (Meilisearch, Typesense, Vespa, any loader)
    es-bulk   Elasticsearch/OpenSearch bulk NDJSON: an `index` action with `_id` = record id,
              then the search document; a final newline
    solr      Solr JSON update format: one array of search documents
    csl-json  CSL-JSON items (an array), for reference managers and citation processors

Output is UTF-8 with characters as themselves, compact JSON (csl-json: two-space indent), in
the order the records are given (`read_records` gives name order): the same folder always
exports to the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from .csl import csl_item
from .reader import StoredRecord, UnreadableRecord
from .searchdoc import search_document

FORMATS = ("jsonl", "es-bulk", "solr", "csl-json")


def _compact(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _converted(records: Iterable[StoredRecord | dict], convert: Callable[[dict], Any],
               on_error: Callable[[UnreadableRecord], None] | None) -> Iterator[Any]:
    """`convert` of each record; a record whose data breaks the contract is reported to
    `on_error` (raised without it) and left out."""
    for item in records:
        name, record = (item.name, item.record) if isinstance(item, StoredRecord) else (None, item)
        try:
            yield convert(record)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            error = UnreadableRecord(f"not a bilinorm record: {type(exc).__name__}: {exc}",
                                     where=name or str(record.get("id", "?")))
            if on_error is None:
                raise error from exc
            on_error(error)


def _jsonl(docs: Iterable[dict], out: BinaryIO) -> int:
    count = 0
    for count, doc in enumerate(docs, 1):
        out.write(_compact(doc) + b"\n")
    return count


def _es_bulk(docs: Iterable[dict], out: BinaryIO) -> int:
    count = 0
    for count, doc in enumerate(docs, 1):
        out.write(_compact({"index": {"_id": doc["id"]}}) + b"\n" + _compact(doc) + b"\n")
    return count


def _json_array(items: Iterable[dict], out: BinaryIO, dump: Callable[[dict], bytes]) -> int:
    count = 0
    out.write(b"[")
    for count, item in enumerate(items, 1):
        out.write((b",\n" if count > 1 else b"\n") + dump(item))
    out.write(b"\n]\n")
    return count


def _solr(docs: Iterable[dict], out: BinaryIO) -> int:
    return _json_array(docs, out, _compact)


def _csl_json(items: Iterable[dict], out: BinaryIO) -> int:
    def indented(item: dict) -> bytes:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        return ("  " + text.replace("\n", "\n  ")).encode("utf-8")
    return _json_array(items, out, indented)


# format -> (what each record becomes, how those are written)
WRITERS: dict[str, tuple[Callable[[dict], dict], Callable[[Iterable[dict], BinaryIO], int]]] = {
    "jsonl": (search_document, _jsonl),
    "es-bulk": (search_document, _es_bulk),
    "solr": (search_document, _solr),
    "csl-json": (csl_item, _csl_json),
}


def write_export(records: Iterable[StoredRecord | dict], fmt: str, out: BinaryIO,
                 on_error: Callable[[UnreadableRecord], None] | None = None) -> int:
    """Write `records` (as `read_records` gives them, or plain record dicts) in format `fmt`
    to the binary stream `out`; return how many were written. A record that is not a record
    goes to `on_error` (raised without it) and the others are written."""
    try:
        convert, writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})") from None
    return writer(_converted(records, convert, on_error), out)
