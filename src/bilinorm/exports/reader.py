"""Reading the records of an output folder: `OUT/*.json` whose names do not start with `_`
(run-level files such as `_manifest.jsonl`) or `.` (temporary files), in name order, so that
every export of the same folder is the same bytes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BilinormError


class OutputFolderError(BilinormError):
    """The folder to read records from is missing or not a folder."""

    reason = "no_output_folder"


class UnreadableRecord(BilinormError):
    """A record file that cannot be read or is not a record."""

    reason = "bad_record"


@dataclass(slots=True)
class StoredRecord:
    name: str  # the file name in OUT
    sha256: str  # of the file's bytes: what "changed" means when re-indexing
    record: dict[str, Any]


def record_paths(out: str | Path) -> list[Path]:
    out = Path(out)
    if not out.is_dir():
        raise OutputFolderError(f"{out} is not a folder of records" if out.exists()
                                else f"{out} does not exist")
    return sorted((p for p in out.iterdir()
                   if p.suffix == ".json" and not p.name.startswith(("_", ".")) and p.is_file()),
                  key=lambda p: p.name)


def read_records(out: str | Path,
                 on_error: Callable[[UnreadableRecord], None] | None = None) -> Iterator[StoredRecord]:
    """The records of `out` in name order, read as they are iterated. A missing folder raises
    OutputFolderError here, at once; a file that is not a record is passed to `on_error` (or
    raised, without it) and the rest are still read."""
    return read_paths(record_paths(out), on_error)


def read_paths(paths: list[Path], on_error: Callable[[UnreadableRecord], None] | None = None
               ) -> Iterator[StoredRecord]:
    for path in paths:
        try:
            yield read_record(path)
        except UnreadableRecord as exc:
            if on_error is None:
                raise
            on_error(exc)


def read_record(path: Path) -> StoredRecord:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableRecord(f"cannot read it: {exc.strerror or exc}", where=path.name) from None
    try:
        record = json.loads(data)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError too
        raise UnreadableRecord(f"not JSON: {exc}", where=path.name) from None
    if not (isinstance(record, dict) and isinstance(record.get("id"), str)
            and all(isinstance(record.get(k), dict) for k in ("title", "abstract", "keywords"))):
        raise UnreadableRecord("not a bilinorm record (no id, title, abstract or keywords)",
                               where=path.name)
    return StoredRecord(path.name, hashlib.sha256(data).hexdigest(), record)
