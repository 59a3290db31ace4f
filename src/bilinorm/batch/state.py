"""The run's journal, `OUT/_state.jsonl`: what each input gave, so that `--resume` can skip it.

One JSON object per line, appended as inputs finish (and flushed at once, so a killed run
loses nothing it finished; fsync'd every few seconds and at the end, for power loss):

    {"input": REL, "sha256": BYTES_SHA, "fingerprint": FP, "records": [[ID, RECORD_SHA, [WARNING…]], …]}
    {"merge": ID, "fingerprint": FP, "inputs": [[REL, BYTES_SHA], …], "sha256": RECORD_SHA,
     "warnings": [WARNING…], "primary": REL}

`FP` is the configuration's fingerprint with the code's: a record depends on the input bytes,
the options and the code, and on nothing else. A later line for the same input (or record)
replaces an earlier one; a torn last line (a power cut mid-write) is ignored. The journal is
advisory: before a record is trusted, the file on disk is hashed and compared with the journal.
At the end of a run it is rewritten in full (atomically) with only what the run ended with.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from .. import __version__
from ..config import Config
from .worker import OutputUnwritable, Written, write_lines_atomic

STATE = "_state.jsonl"
FSYNC_SECONDS = 2.0

# One line of JSON, as `json.dumps(value, ensure_ascii=False)` writes it; one encoder for every
# line (json.dumps builds a new one per call when given options).
json_line = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class Known:
    """What the journal says an input gave."""

    sha256: str
    records: tuple[Written, ...]


@dataclass(frozen=True, slots=True)
class KnownMerge:
    """A record merged from several inputs: which (path, bytes hash) pairs, the record as
    written, and which input is its `source`."""

    inputs: tuple[tuple[str, str], ...]
    record: Written
    primary: str


def fingerprint(config: Config) -> str:
    return f"{config.fingerprint()}-{__version__}-{code_fingerprint()}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and data files: a changed lexicon or adapter means the
    last run's records are not what this code would write, even under the same version."""
    digest = hashlib.sha256()
    root = files("bilinorm")
    for path in sorted(_package_files(Path(str(root)))):
        digest.update(path.relative_to(Path(str(root))).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _package_files(root: Path):
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if name.endswith((".py", ".tsv", ".txt", ".json")):
                yield Path(folder) / name


def load(out: Path, fp: str) -> tuple[dict[str, Known], dict[str, KnownMerge], set[str]]:
    """(inputs, merges, every record id the journal names) for fingerprint `fp`. Entries
    written under another fingerprint are not trusted, but their record ids are returned:
    they are files an earlier run wrote."""
    inputs: dict[str, Known] = {}
    merges: dict[str, KnownMerge] = {}
    ids: set[str] = set()
    try:
        handle = open(out / STATE, encoding="utf-8")
    except FileNotFoundError:
        return inputs, merges, ids
    with handle:
        for line in handle:
            try:
                entry = json.loads(line)
                if "input" in entry:
                    records = tuple(Written(r[0], r[1], tuple(r[2])) for r in entry["records"])
                    ids.update(r.id for r in records)
                    if entry["fingerprint"] == fp:
                        inputs[entry["input"]] = Known(entry["sha256"], records)
                    else:
                        inputs.pop(entry["input"], None)
                elif "merge" in entry:
                    ids.add(entry["merge"])
                    if entry["fingerprint"] == fp:
                        record = Written(entry["merge"], entry["sha256"], tuple(entry["warnings"]))
                        merges[entry["merge"]] = KnownMerge(
                            tuple(tuple(i) for i in entry["inputs"]), record, entry["primary"])
                    else:
                        merges.pop(entry["merge"], None)
            except (ValueError, KeyError, TypeError, IndexError):
                continue  # a torn or foreign line: ignored, the record files are checked anyway
    return inputs, merges, ids


class Journal:
    """Appends entries to `OUT/_state.jsonl`; flushes each line, fsyncs every few seconds."""

    def __init__(self, out: Path, fp: str, *, fresh: bool):
        self.path = out / STATE
        self.fp = fp
        self._handle = open(self.path, "w" if fresh else "a", encoding="utf-8")
        self._synced = time.monotonic()

    def input(self, rel: str, sha256: str, records: tuple[Written, ...]) -> None:
        self._append({"input": rel, "sha256": sha256, "fingerprint": self.fp,
                      "records": [[r.id, r.sha256, list(r.warnings)] for r in records]})

    def merge(self, merge: KnownMerge) -> None:
        self._append(_merge_entry(merge, self.fp))

    def _append(self, entry: dict) -> None:
        try:
            self._handle.write(json_line(entry) + "\n")
            self._handle.flush()
            if time.monotonic() - self._synced > FSYNC_SECONDS:
                self.sync()
        except OSError as exc:
            raise OutputUnwritable(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def sync(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        if not self._handle.closed:
            try:
                self.sync()
            except OSError:
                pass  # closing after a failed write: the run already reports why
            finally:
                self._handle.close()

    def rewrite(self, inputs: Iterable[tuple[str, Known]], merges: dict[str, KnownMerge]) -> None:
        """Replace the journal by exactly these entries (at the end of a run)."""
        self.close()

        def lines():
            for rel, known in inputs:
                yield json_line({"input": rel, "sha256": known.sha256, "fingerprint": self.fp,
                                 "records": [[r.id, r.sha256, list(r.warnings)] for r in known.records]}) + "\n"
            for record_id in sorted(merges):
                yield json_line(_merge_entry(merges[record_id], self.fp)) + "\n"

        write_lines_atomic(self.path, lines())


def _merge_entry(merge: KnownMerge, fp: str) -> dict:
    return {"merge": merge.record.id, "fingerprint": fp, "inputs": [list(i) for i in merge.inputs],
            "sha256": merge.record.sha256, "warnings": list(merge.record.warnings),
            "primary": merge.primary}
