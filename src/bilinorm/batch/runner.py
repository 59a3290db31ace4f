"""`bilinorm run`: normalize files and folders into an output folder, with a manifest.

The story of a run:

1. discover inputs (streamed), hand each to a worker (`worker.process_input`, pure: bytes and
   configuration in, record files out) on an engine (this process, worker processes, Dask);
2. as outcomes arrive, journal them (`state.py`) and note which inputs gave which record ids;
3. settle every record that several inputs gave (`_settle`): identical bytes are duplicates,
   different inputs of one article are merged from all of them (`merge.py`), and records a
   resumed run did not rewrite are checked against the journal;
4. write the manifest (one line per input, sorted) and the summary.

Memory stays flat: per input the run keeps a short entry (its path below the input folder,
digests, record ids), never a record; workers write records themselves. Whatever order outcomes arrive in, step 3 decides
from all of them at once, so the folder never depends on worker count or timing.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..config import DEFAULT_CONFIG, Config
from . import state
from .discover import InputFile, Refused, Roots, count_inputs, discover
from .engine import Lost, default_jobs, make_engine
from .naming import record_file_name
from .progress import make_progress
from .worker import (Outcome, OutputUnwritable, Rebuilt, Written, process_input, rebuild_record,
                     write_atomic, write_lines_atomic)

MANIFEST = "_manifest.jsonl"
SUMMARY = "_summary.json"


@dataclass(frozen=True)
class RunOptions:
    """How to run. `engine` is `process` (worker processes, each task with a `timeout` in
    seconds; None or 0 for none), `dask` (on the cluster at `scheduler`, or a local one) or
    `serial` (in this process). `progress` is `auto`, `bar`, `plain` or `none`."""

    out: Path
    jobs: int = 1
    config: Config = DEFAULT_CONFIG
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False
    engine: str = "process"
    scheduler: str | None = None
    timeout: float | None = 120.0
    resume: bool = False
    fail_fast: bool = False
    progress: str = "none"


@dataclass(slots=True)
class RunSummary:
    counts: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    records: int = 0
    inputs: int = 0
    removed: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0)


@dataclass(slots=True)
class _Entry:
    """What the run keeps per input until the manifest is written: kept small (no path, which
    `Roots.path_of` gives back; digests as bytes; shared warning tuples), since a run holds
    one per input."""

    rel: str
    digest: bytes | None = None  # SHA-256 of the input's bytes
    records: tuple[_Record, ...] = ()
    status: str = "written"  # written | failed | skipped | resumed
    reason: str | None = None
    message: str | None = None


class _Record(NamedTuple):
    id: str
    digest: bytes  # SHA-256 of the record's bytes
    warnings: tuple[str, ...]

    @property
    def name(self) -> str:
        return record_file_name(self.id)

    def written(self) -> Written:
        return Written(self.id, self.digest.hex(), self.warnings)


def run(inputs: Iterable[str | os.PathLike], options: RunOptions,
        on_outcome: Callable[[Outcome], None] | None = None) -> RunSummary:
    """Normalize every input into `options.out`; write `_manifest.jsonl` and `_summary.json`.

    Raises FileNotFoundError for an input that does not exist and OutputUnwritable when the
    output folder cannot be written (before any work, or as soon as a write fails).
    """
    started = time.perf_counter()
    roots = Roots(inputs)  # FileNotFoundError before anything is written
    out = Path(os.path.abspath(options.out))
    lock = _prepare_output(out)
    try:
        return _Run(roots, options, out, on_outcome).execute(started)
    finally:
        lock.close()


class _Run:
    def __init__(self, roots: Roots, options: RunOptions, out: Path, on_outcome):
        self.roots = roots
        self.options = options
        self.out = out
        self.on_outcome = on_outcome
        self.config = options.config
        self.fp = state.fingerprint(options.config)
        self.entries: dict[str, _Entry] = {}
        self.holders: dict[str, _Entry | list[_Entry]] = {}  # record id -> the input(s) that gave it
        self.shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one copy of each warnings tuple
        self.primary: dict[str, str] = {}           # record id -> its source input, when merged
        self.duplicate_of: dict[tuple[str, str], str] = {}  # (rel, record id) -> rel of the same bytes
        self.merges: dict[str, state.KnownMerge] = {}
        self.broken: dict[str, str] = {}            # record id -> why it could not be merged
        self.slowest: list[tuple[float, str]] = []
        self.worker_seconds = 0.0
        self.worker_cpu = 0.0
        self.stop = False

    def execute(self, started: float) -> RunSummary:
        options, out = self.options, self.out
        if options.resume:
            self.known, self.known_merges, self.old_ids = state.load(out, self.fp)
        else:
            self.known, self.known_merges, self.old_ids = {}, {}, set()
        found = discover(self.roots, include=options.include, exclude=options.exclude,
                         follow_symlinks=options.follow_symlinks, avoid=[out])
        engine = make_engine(options.engine, options.jobs or default_jobs(), options.timeout,
                             options.scheduler)
        try:
            self.journal = state.Journal(out, self.fp, fresh=not options.resume)
        except OSError as exc:
            engine.close()
            raise OutputUnwritable(f"cannot write to {out}: {exc.strerror or exc}") from None
        self.progress = make_progress(options.progress, lambda: count_inputs(
            self.roots, include=options.include, exclude=options.exclude,
            follow_symlinks=options.follow_symlinks, avoid=[out]))
        try:
            for item, result in engine.imap(process_input, self._tasks(found)):
                self._arrived(_as_outcome(item, result))
            normalized = time.perf_counter()
            self.progress.phase("merging inputs of the same article")
            self._settle(engine)
        finally:
            engine.close()
            self.progress.close()
            self.journal.close()
        removed = self._remove_orphans() if options.resume else 0
        summary = self._finish(started, normalized, removed)
        return summary

    # --- phase 1: every input -----------------------------------------------------------

    def _tasks(self, found: Iterator[InputFile | Refused]):
        config, out = self.config, str(self.out)
        for item in found:
            if item.rel in self.entries:
                continue  # one file reached twice under the same path (an input inside another)
            if isinstance(item, Refused):
                self.entries[item.rel] = _Entry(item.rel, status=item.status, reason=item.reason,
                                                message=item.message)
                self.progress.add(item.status)
                continue
            if self.stop:
                self.entries[item.rel] = _Entry(item.rel, status="skipped", reason="fail_fast",
                                                message="not read: the run stopped at the first failure (--fail-fast)")
                self.progress.add("skipped")
                continue
            self.entries[item.rel] = _Entry(item.rel, status="pending")
            known = self.known.get(item.rel)
            yield item, (item, config, out, known.sha256 if known else None)

    def _arrived(self, outcome: Outcome) -> None:
        item = outcome.input
        if outcome.reason == "output_unwritable":
            raise OutputUnwritable(outcome.message)
        self.worker_seconds += outcome.seconds
        self.worker_cpu += outcome.cpu_seconds
        _keep_slowest(self.slowest, outcome.seconds, item.rel)
        entry = _Entry(item.rel, bytes.fromhex(outcome.sha256) if outcome.sha256 else None,
                       self._compact(outcome.records), outcome.status, outcome.reason, outcome.message)
        shown = outcome.status
        if outcome.status == "unchanged":
            entry.status, entry.records = "resumed", self._compact(self.known[item.rel].records)
            shown = "skipped"
        elif outcome.status == "written":
            self.journal.input(item.rel, outcome.sha256, outcome.records)
            if any(r.id in self.holders for r in outcome.records):
                shown = "merged"
        elif outcome.status == "failed" and self.options.fail_fast:
            self.stop = True
        for record in entry.records:
            held = self.holders.get(record.id)
            if held is None:
                self.holders[record.id] = entry
            elif isinstance(held, list):
                if entry not in held:
                    held.append(entry)
            elif held is not entry:
                self.holders[record.id] = [held, entry]
        self.entries[item.rel] = entry
        self.progress.add(shown)
        if self.on_outcome:
            self.on_outcome(outcome)

    def _compact(self, records: tuple[Written, ...]) -> tuple[_Record, ...]:
        return tuple(_Record(r.id, bytes.fromhex(r.sha256), self.shared.setdefault(r.warnings, r.warnings))
                     for r in records)

    # --- phase 2: records that several inputs gave, or that a resumed run did not write --

    def _settle(self, engine) -> None:
        work: list[tuple[str, list[_Entry]]] = []
        for record_id, held in self.holders.items():
            if not isinstance(held, list) and held.status == "written":
                continue  # its one input wrote it in this run: nothing else could have
            kept = self._drop_duplicate_bytes(record_id, held if isinstance(held, list) else [held])
            on_disk = _file_digest(self.out, record_id)
            if len(kept) == 1:
                if on_disk != _written(kept[0], record_id).digest:
                    work.append((record_id, kept))
                continue
            known = self.known_merges.get(record_id)
            if known and known.inputs == _merge_inputs(kept) and known.record.sha256 == (on_disk or b"").hex():
                self.merges[record_id] = known
                self.primary[record_id] = known.primary
                continue
            work.append((record_id, kept))
        path_of = self.roots.path_of
        tasks = ((record_id, (record_id, [InputFile(path_of(e.rel), e.rel) for e in kept], self.config,
                              str(self.out)))
                 for record_id, kept in work)
        groups = dict(work)
        for record_id, result in engine.imap(rebuild_record, tasks):
            if isinstance(result, Lost):
                result = Rebuilt(None, reason=result.reason, message=result.message)
            self.worker_seconds += result.seconds
            self.worker_cpu += result.cpu_seconds
            if result.reason == "output_unwritable":
                raise OutputUnwritable(result.message)
            if result.record is None:
                self.broken[record_id] = f"{result.reason}: {result.message}"
                _remove(self.out / record_file_name(record_id))
                continue
            kept = groups[record_id]
            if len(kept) > 1:
                merge = state.KnownMerge(_merge_inputs(kept), result.record, result.primary)
                self.merges[record_id] = merge
                self.primary[record_id] = result.primary
                self.journal.merge(merge)

    def _drop_duplicate_bytes(self, record_id: str, holders: list[_Entry]) -> list[_Entry]:
        """Inputs with the same bytes as an input earlier in path order are duplicates; the
        rest, in path order."""
        kept: dict[bytes, _Entry] = {}
        for entry in sorted(holders, key=lambda e: e.rel):
            first = kept.setdefault(entry.digest, entry)
            if first is not entry:
                self.duplicate_of[(entry.rel, record_id)] = first.rel
        return list(kept.values())

    def _remove_orphans(self) -> int:
        """Records the last run wrote that no input gives any more (resume only): a resumed
        run ends with exactly the records a clean run would write."""
        removed = 0
        for record_id in self.old_ids - self.holders.keys():
            removed += _remove(self.out / record_file_name(record_id))
        return removed

    # --- the manifest and the summary ---------------------------------------------------

    def _finish(self, started: float, normalized: float, removed: int) -> RunSummary:
        order = sorted(self.entries)
        try:  # the manifest first: writing a line settles its input's final status
            write_lines_atomic(self.out / MANIFEST, (
                state.json_line(self._line(self.entries[rel])) + "\n" for rel in order))
        except OSError as exc:
            raise OutputUnwritable(f"cannot write to {self.out}: {exc.strerror or exc}") from None
        summary = RunSummary(inputs=len(self.entries), removed=removed)
        for entry in self.entries.values():
            summary.counts[entry.status] = summary.counts.get(entry.status, 0) + 1
            if entry.reason:
                key = f"{entry.status}:{entry.reason}"
                summary.reasons[key] = summary.reasons.get(key, 0) + 1
        warnings: Counter[str] = Counter()
        for record_id, held in self.holders.items():
            if record_id in self.broken:
                continue
            summary.records += 1
            merge = self.merges.get(record_id)
            if merge:
                warnings.update(merge.record.warnings)
            else:
                source = self._source_entry(record_id, held if isinstance(held, list) else [held])
                warnings.update(_written(source, record_id).warnings)
        summary.counts = dict(sorted(summary.counts.items()))
        summary.reasons = dict(sorted(summary.reasons.items()))
        summary.warnings = dict(sorted(warnings.items()))
        summary.seconds = time.perf_counter() - started
        kept = ((rel, state.Known(e.digest.hex(), tuple(r.written() for r in e.records))) for rel in order
                if (e := self.entries[rel]).status != "failed" and e.records and e.digest)
        try:
            self.journal.rewrite(kept, self.merges)
            write_atomic(self.out / SUMMARY, self._summary_bytes(summary, normalized - started))
        except OSError as exc:
            raise OutputUnwritable(f"cannot write to {self.out}: {exc.strerror or exc}") from None
        return summary

    def _source_entry(self, record_id: str, holders: list[_Entry]) -> _Entry:
        return min((e for e in holders if (e.rel, record_id) not in self.duplicate_of), key=lambda e: e.rel)

    def _line(self, entry: _Entry) -> dict:
        """The manifest line of one input; sets its final status on `entry`."""
        if entry.status in ("failed", "skipped"):
            return _manifest_line(entry.rel, entry.status, None, entry.reason, entry.message)
        names = [r.name for r in entry.records]
        broken = [r.id for r in entry.records if r.id in self.broken]
        if broken:
            entry.status, entry.reason = "failed", "merge_failed"
            entry.message = f"the record {record_file_name(broken[0])} could not be built: {self.broken[broken[0]]}"
            line = _manifest_line(entry.rel, "failed", None, entry.reason, entry.message)
        elif entry.status == "resumed":
            entry.status, entry.reason, entry.message = "skipped", "resume", "unchanged since the last run"
            line = _manifest_line(entry.rel, "skipped", names[0], "resume", entry.message)
        else:
            line = self._written_line(entry, names)
        if len(names) > 1:
            line["records"] = names
        return line

    def _written_line(self, entry: _Entry, names: list[str]) -> dict:
        roles = []
        for record in entry.records:
            if (entry.rel, record.id) in self.duplicate_of:
                roles.append(("duplicate", record))
            elif self.primary.get(record.id, entry.rel) != entry.rel:
                roles.append(("merged", record))
            else:
                roles.append(("source", record))
        if any(role == "source" for role, _ in roles):
            name = next(r.name for role, r in roles if role == "source")
            return _manifest_line(entry.rel, "written", name, None, None)
        role, record = next(((role, r) for role, r in roles if role == "merged"), roles[0])
        if role == "merged":
            entry.status = "merged"
            return _manifest_line(entry.rel, "merged", record.name, None,
                                  f"merged into the record of {self.primary[record.id]}")
        entry.status, entry.reason = "skipped", "duplicate_bytes"
        entry.message = f"the same bytes as {self.duplicate_of[(entry.rel, record.id)]}"
        return _manifest_line(entry.rel, "skipped", record.name, "duplicate_bytes", entry.message)

    def _summary_bytes(self, summary: RunSummary, normalize_seconds: float) -> bytes:
        body = {
            "bilinorm": __version__,
            "config": self.fp,
            "engine": self.options.engine,
            "jobs": self.options.jobs or default_jobs(),
            "inputs": summary.inputs,
            "records": summary.records,
            "records_removed": summary.removed,
            "counts": summary.counts,
            "reasons": summary.reasons,
            "warnings": summary.warnings,
            "timings": {
                "seconds": round(summary.seconds, 3),
                "normalize_seconds": round(normalize_seconds, 3),
                "merge_seconds": round(summary.seconds - normalize_seconds, 3),
                "docs_per_second": round(summary.inputs / max(summary.seconds, 1e-9), 1),
                "worker_seconds": round(self.worker_seconds, 3),
                "worker_cpu_seconds": round(self.worker_cpu, 3),
                "main_cpu_seconds": round(time.process_time(), 3),
                "slowest": [{"input": rel, "seconds": round(s, 3)}
                            for s, rel in sorted(self.slowest, reverse=True)],
            },
        }
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _manifest_line(rel: str, status: str, record: str | None, reason: str | None, message: str | None) -> dict:
    return {"input": rel, "status": status, "record": record, "reason": reason, "message": message}


def _as_outcome(item: InputFile, result) -> Outcome:
    if isinstance(result, Lost):
        return Outcome(item, status="failed", reason=result.reason, message=result.message)
    return result


def _written(entry: _Entry, record_id: str) -> _Record:
    return next(r for r in entry.records if r.id == record_id)


def _merge_inputs(kept: list[_Entry]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((e.rel, e.digest.hex()) for e in kept))


def _keep_slowest(heap: list[tuple[float, str]], seconds: float, rel: str, keep: int = 5) -> None:
    if len(heap) < keep:
        heapq.heappush(heap, (seconds, rel))
    elif seconds > heap[0][0]:
        heapq.heapreplace(heap, (seconds, rel))


def _file_digest(out: Path, record_id: str) -> bytes | None:
    try:
        with open(out / record_file_name(record_id), "rb") as handle:
            return hashlib.sha256(handle.read()).digest()
    except OSError:
        return None


def _remove(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise OutputUnwritable(f"cannot remove {path}: {exc.strerror or exc}") from None


def _prepare_output(out: Path):
    """Create OUT, lock it (one run per folder at a time), and remove the temporary files a
    killed run left behind. Returns the open lock, released by closing it."""
    if out.exists() and not out.is_dir():
        raise OutputUnwritable(f"{out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = os.open(out, os.O_RDONLY)
    except OSError as exc:
        raise OutputUnwritable(f"cannot write to {out}: {exc.strerror or exc}") from None
    try:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - not POSIX
        pass
    except OSError:
        os.close(lock)
        raise OutputUnwritable(f"another bilinorm run is writing to {out}") from None
    for stale in out.glob(".*.tmp"):
        _remove(stale)
    return _Lock(lock)


class _Lock:
    def __init__(self, fd: int):
        self.fd = fd

    def close(self) -> None:
        os.close(self.fd)
