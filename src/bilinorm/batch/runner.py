"""`bilinorm run`: normalize files and folders into an output folder with a run manifest.

The per-document work (`process_input`) is a pure function of a file's bytes and the
configuration, so it can run in this process, in a process pool or on Dask unchanged. This
module keeps what must be single: writing records, merging inputs that are one article, and
the manifest. Memory stays flat: per input it keeps only a short outcome, never a record.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_CONFIG, Config
from ..errors import BilinormError, InputTooLarge
from ..pipeline import normalize_all
from ..record import Record
from ..serialize import to_json_bytes
from .discover import InputFile, discover
from .merge import merge_records
from .naming import record_file_name

MANIFEST = "_manifest.jsonl"
SUMMARY = "_summary.json"


@dataclass(frozen=True)
class RunOptions:
    out: Path
    jobs: int = 1
    config: Config = DEFAULT_CONFIG
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False


@dataclass(slots=True)
class Outcome:
    """What one input gave: records as canonical bytes keyed by id, or a failure."""

    input: InputFile
    records: list[tuple[str, bytes]] = field(default_factory=list)
    status: str = "written"
    reason: str | None = None
    message: str | None = None
    seconds: float = 0.0


@dataclass(slots=True)
class RunSummary:
    counts: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    records: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0)


def process_input(item: InputFile, config: Config) -> Outcome:
    """Normalize one input file. Never raises: every problem becomes a failed outcome."""
    started = time.perf_counter()
    outcome = Outcome(item)
    try:
        size = os.stat(item.path).st_size
        if size > config.max_bytes:
            raise InputTooLarge(f"{size:,} bytes is over the limit of {config.max_bytes:,} bytes")
        with open(item.path, "rb") as handle:
            data = handle.read(config.max_bytes + 1)
        records = normalize_all(data, path=item.rel, config=config)
        outcome.records = [(r.id, to_json_bytes(r)) for r in records]
    except BilinormError as exc:
        outcome.status, outcome.reason, outcome.message = "failed", exc.reason, str(exc)
    except OSError as exc:
        outcome.status, outcome.reason = "failed", "unreadable"
        outcome.message = f"cannot read the file: {exc.strerror or exc}"
    except Exception as exc:  # a bug: recorded per document, never fatal to the run
        outcome.status, outcome.reason = "failed", "internal_error"
        outcome.message = f"{type(exc).__name__}: {exc} | " + " < ".join(
            f"{frame.name}:{frame.lineno}" for frame in traceback.extract_tb(exc.__traceback__)[-4:])
    outcome.seconds = time.perf_counter() - started
    return outcome


def run(inputs: Iterable[str | Path], options: RunOptions,
        on_outcome: Callable[[Outcome], None] | None = None) -> RunSummary:
    """Normalize every input into `options.out`; write `_manifest.jsonl` and `_summary.json`."""
    started = time.perf_counter()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    items, skipped = discover(inputs, include=options.include, exclude=options.exclude,
                              follow_symlinks=options.follow_symlinks)
    lines: dict[str, dict] = {}
    owners: dict[str, list[InputFile]] = {}  # record id -> inputs that gave it
    for rel, why in skipped:
        lines[rel] = _line(rel, "skipped", None, "excluded", why)

    for outcome in _map(items, options):
        rel = outcome.input.rel
        if outcome.status == "failed":
            lines[rel] = _line(rel, "failed", None, outcome.reason, outcome.message)
        else:
            for record_id, data in outcome.records:
                holders = owners.setdefault(record_id, [])
                if not holders:
                    _write_atomic(out / record_file_name(record_id), data)
                holders.append(outcome.input)
            names = [record_file_name(rid) for rid, _ in outcome.records]
            lines[rel] = _line(rel, "written", names[0], None, None)
            if len(names) > 1:
                lines[rel]["records"] = names
        if on_outcome:
            on_outcome(outcome)

    _merge_shared(out, owners, lines, options.config)
    summary = _summarize(lines, owners, time.perf_counter() - started)
    _write_atomic(out / MANIFEST, "".join(
        json.dumps(lines[rel], ensure_ascii=False) + "\n" for rel in sorted(lines)).encode("utf-8"))
    _write_atomic(out / SUMMARY, (json.dumps(
        {"counts": summary.counts, "reasons": summary.reasons, "records": summary.records,
         "seconds": round(summary.seconds, 3)}, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary


def _map(items: list[InputFile], options: RunOptions) -> Iterator[Outcome]:
    if options.jobs <= 1 or len(items) <= 1:
        for item in items:
            yield process_input(item, options.config)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        yield from pool.map(partial(process_input, config=options.config), items,
                            chunksize=max(1, min(64, len(items) // (options.jobs * 8) or 1)))


def _merge_shared(out: Path, owners: dict[str, list[InputFile]], lines: dict[str, dict],
                  config: Config) -> None:
    """Inputs that are one article give one record. The record is rebuilt from all of them
    in precedence order, so the result does not depend on which worker finished first."""
    for record_id, holders in owners.items():
        if len(holders) < 2:
            continue
        records: list[Record] = []
        for item in holders:
            with open(item.path, "rb") as handle:
                found = normalize_all(handle.read(), path=item.rel, config=config)
            records.extend(r for r in found if r.id == record_id)
        merged = merge_records(records)
        name = record_file_name(record_id)
        _write_atomic(out / name, to_json_bytes(merged))
        primary = merged.source.path
        for item in holders:
            if item.rel != primary:
                lines[item.rel] = _line(item.rel, "merged", name, None, f"merged into the record of {primary}")


def _line(rel: str, status: str, record: str | None, reason: str | None, message: str | None) -> dict:
    return {"input": rel, "status": status, "record": record, "reason": reason, "message": message}


def _summarize(lines: dict[str, dict], owners: dict[str, list[InputFile]], seconds: float) -> RunSummary:
    summary = RunSummary(records=len(owners), seconds=seconds)
    for line in lines.values():
        summary.counts[line["status"]] = summary.counts.get(line["status"], 0) + 1
        if line["reason"]:
            key = f"{line['status']}:{line['reason']}"
            summary.reasons[key] = summary.reasons.get(key, 0) + 1
    summary.counts = dict(sorted(summary.counts.items()))
    summary.reasons = dict(sorted(summary.reasons.items()))
    return summary


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
