"""The work a run hands to its workers: pure functions of input bytes and the configuration.

`process_input` normalizes one file and writes its records; `rebuild_record` writes the one
record that several inputs share. Both are module-level functions with picklable arguments
and small picklable results, so the same function runs in this process, in a worker process or
on a Dask worker. Both only ever write files named from record ids inside the output folder,
atomically, and leave a file alone when it already holds the same bytes: running a task twice
gives the same folder as running it once.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from ..config import Config
from ..errors import BilinormError, InputTooLarge
from .discover import InputFile
from .naming import record_file_name

if TYPE_CHECKING:
    from ..record import Record


class OutputUnwritable(OSError):
    """The output folder cannot be written: the run stops (exit 2), it is not the input's fault."""


@dataclass(frozen=True, slots=True)
class Written:
    """One record as written: its id, the SHA-256 of its bytes, its warning codes."""

    id: str
    sha256: str
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return record_file_name(self.id)

    def __reduce__(self):  # see Outcome.__reduce__
        return Written, (self.id, self.sha256, self.warnings)


@dataclass(slots=True)
class Outcome:
    """What one input gave. `status` is `written`, `failed` or `unchanged` (its bytes are
    the ones the last run saw, so it was not normalized again)."""

    input: InputFile
    sha256: str | None = None
    records: tuple[Written, ...] = ()
    status: str = "written"
    reason: str | None = None
    message: str | None = None
    seconds: float = 0.0      # wall clock
    cpu_seconds: float = 0.0  # this process's CPU time spent on it

    def __reduce__(self):
        # Pickled once per input on its way back to the run: as the constructor's arguments,
        # which unpickle in C, rather than the slotted data class's field-by-field state.
        return Outcome, (self.input, self.sha256, self.records, self.status, self.reason,
                         self.message, self.seconds, self.cpu_seconds)


@dataclass(slots=True)
class Rebuilt:
    """The record several inputs share, as written, and which input is its `source`."""

    record: Written | None
    primary: str | None = None
    reason: str | None = None
    message: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    inputs: list[str] = field(default_factory=list)


def process_input(item: InputFile, config: Config, out: str, known_sha256: str | None = None) -> Outcome:
    """Normalize one input and write its records into `out`. Never raises: a problem with the
    input becomes a failed outcome with a reason; a bug becomes `internal_error` with where it
    happened. When `known_sha256` is the hash of the file's bytes, nothing is done."""
    started, cpu = time.perf_counter(), time.process_time()
    outcome = Outcome(item)
    try:
        data = read_input(item.path, config.max_bytes)
        outcome.sha256 = hashlib.sha256(data).hexdigest()
        if outcome.sha256 == known_sha256:
            outcome.status = "unchanged"
        else:
            from ..pipeline import normalize_all  # here: the run's main process never needs it

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # parser chatter must not reach the terminal
                records = normalize_all(data, path=item.rel, config=config)
            outcome.records = tuple(write_record(out, r) for r in records)
    except OutputUnwritable as exc:
        outcome.status, outcome.reason, outcome.message = "failed", "output_unwritable", str(exc)
    except BilinormError as exc:
        outcome.status, outcome.reason, outcome.message = "failed", exc.reason, str(exc)
    except OSError as exc:
        outcome.status, outcome.reason = "failed", "unreadable"
        outcome.message = f"cannot read the file: {exc.strerror or exc}"
    except Exception as exc:  # a bug: recorded per document, never fatal to the run
        outcome.status, outcome.reason, outcome.message = "failed", "internal_error", describe_bug(exc)
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.process_time() - cpu
    return outcome


def rebuild_record(record_id: str, items: list[InputFile], config: Config, out: str) -> Rebuilt:
    """Write the record `record_id` from every input in `items` that gives it, merged by the
    documented precedence (`merge.py`); with one input, that input's own record."""
    from ..pipeline import normalize_all
    from .merge import merge_records

    started, cpu = time.perf_counter(), time.process_time()
    done = Rebuilt(None, inputs=[i.rel for i in items])
    try:
        records: list[Record] = []
        for item in items:
            data = read_input(item.path, config.max_bytes)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = normalize_all(data, path=item.rel, config=config)
            records.extend(r for r in found if r.id == record_id)
        if not records:
            raise BilinormError(f"none of the inputs gives the record {record_id} any more")
        merged = merge_records(records)
        done.record = write_record(out, merged)
        done.primary = merged.source.path
    except OutputUnwritable as exc:
        done.reason, done.message = "output_unwritable", str(exc)
    except BilinormError as exc:
        done.reason, done.message = exc.reason, str(exc)
    except OSError as exc:
        done.reason, done.message = "unreadable", f"cannot read an input: {exc.strerror or exc}"
    except Exception as exc:
        done.reason, done.message = "internal_error", describe_bug(exc)
    done.seconds = time.perf_counter() - started
    done.cpu_seconds = time.process_time() - cpu
    return done


def read_input(path: str, max_bytes: int) -> bytes:
    """The file's bytes; `too_large` before reading when it is over the limit.

    Read with plain file-descriptor calls and a buffer of the file's size: a buffered file
    object would ask the kernel whether the file is a terminal and where it stands, and a
    read of "up to the limit" would map (and unmap) a buffer of the limit for every input."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise InputTooLarge(f"{size:,} bytes is over the limit of {max_bytes:,} bytes")
        parts, total, request = [], 0, size + 1
        while chunk := os.read(fd, request):
            parts.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # grew while we looked
                raise InputTooLarge(f"more than {max_bytes:,} bytes, the limit")
            request = 1 << 16
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def write_record(out: str, record: Record) -> Written:
    from ..serialize import to_json_bytes

    data = to_json_bytes(record)
    path = record_path(out, record.id)
    write_atomic(path, data)
    codes = tuple(sorted(Counter(w.code for w in record.warnings).elements()))
    return Written(record.id, hashlib.sha256(data).hexdigest(), codes)


def record_path(out: str, record_id: str) -> Path:
    """OUT/<name from the id>; a name that would leave OUT is a bug, and refused."""
    folder = Path(out)
    path = folder / record_file_name(record_id)
    if path.parent != folder or path.name.startswith(("_", ".")):
        raise AssertionError(f"record file name {path.name!r} would leave the output folder")
    return path


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to a temporary file next to `path`, then rename it over `path`, so a
    reader (or a run killed half-way) sees the old file or the new one, never a torn one.
    A file that already holds these bytes is left untouched. True when written.

    The temporary name is `.NAME.PID-THREAD.tmp`, created exclusively and without following
    links (a planted link cannot redirect the write); a run removes the ones a killed run
    left (`runner._prepare_output`)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        pass  # absent (the usual case), or a link: replaced below
    else:
        try:
            same = os.fstat(fd).st_size == len(data) and os.read(fd, len(data) + 1) == data
        finally:
            os.close(fd)
        if same:
            return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        try:
            fd = os.open(tmp, _CREATE, 0o666)
        except FileExistsError:  # left by a killed process that had this pid
            os.unlink(tmp)
            fd = os.open(tmp, _CREATE, 0o666)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            _remove_quietly(tmp)
            raise
    except OSError as exc:
        raise OutputUnwritable(f"cannot write {path}: {exc.strerror or exc}") from None
    return True


def write_lines_atomic(path: Path, lines) -> None:
    """Write an iterable of text lines to `path` as `write_atomic` does, without holding them
    all (a manifest has a line per input)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        try:
            fd = os.open(tmp, _CREATE, 0o666)
        except FileExistsError:
            os.unlink(tmp)
            fd = os.open(tmp, _CREATE, 0o666)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(lines)
            os.replace(tmp, path)
        except BaseException:
            _remove_quietly(str(tmp))
            raise
    except OSError as exc:
        raise OutputUnwritable(f"cannot write {path}: {exc.strerror or exc}") from None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def describe_bug(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    where = " < ".join(f"{Path(f.filename).stem}.{f.name}:{f.lineno}" for f in reversed(frames))
    return f"{type(exc).__name__}: {exc} (at {where})"
