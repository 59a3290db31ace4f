"""Reading a run folder: the records `OUT/*.json`, the manifest and the summary.

Records are read one at a time (`iter_records`), so a report of a large run never holds
every record in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "_manifest.jsonl"
SUMMARY = "_summary.json"


@dataclass(slots=True)
class RunFolder:
    path: Path
    # Record file names in report order: as the manifest first names them (the manifest is
    # sorted by input path), then any record file the manifest does not name, by name.
    record_files: list[str]
    manifest: list[dict]
    summary: dict | None
    # Run-level files that could not be read: (file name, why).
    problems: list[tuple[str, str]] = field(default_factory=list)

    def inputs_by_record(self) -> dict[str, list[dict]]:
        """Record file name -> the manifest lines of the inputs that gave it."""
        by_record: dict[str, list[dict]] = {}
        for line in self.manifest:
            for name in line.get("records") or ([line["record"]] if line.get("record") else []):
                by_record.setdefault(name, []).append(line)
        return by_record


def read_run_folder(path: Path) -> RunFolder:
    """The run folder's manifest and summary, and the names of its records in report order.
    Raises `NotADirectoryError`/`FileNotFoundError` when `path` is not a folder."""
    path = Path(path)
    if not path.is_dir():
        raise (NotADirectoryError if path.exists() else FileNotFoundError)(f"{path} is not a run folder")
    problems: list[tuple[str, str]] = []
    manifest = _read_manifest(path / MANIFEST, problems)
    summary = _read_summary(path / SUMMARY, problems)
    on_disk = sorted(p.name for p in path.iterdir()
                     if p.suffix == ".json" and not p.name.startswith(("_", ".")) and p.is_file())
    present = set(on_disk)
    ordered: list[str] = []
    for line in manifest:
        for name in line.get("records") or ([line["record"]] if line.get("record") else []):
            if name in present and name not in ordered:
                ordered.append(name)
    named = set(ordered)
    ordered.extend(name for name in on_disk if name not in named)
    return RunFolder(path, ordered, manifest, summary, problems)


def iter_records(folder: RunFolder) -> Iterator[tuple[str, dict | None, str | None]]:
    """(file name, record, None) per record file, or (file name, None, why) for a file that is
    not a readable record."""
    for name in folder.record_files:
        try:
            data = json.loads((folder.path / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            yield name, None, f"not a readable JSON record: {exc}"
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            yield name, None, "not a record: no string `id`"
            continue
        yield name, data, None


def _read_manifest(path: Path, problems: list[tuple[str, str]]) -> list[dict]:
    if not path.exists():
        return []
    lines: list[dict] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append((path.name, f"unreadable: {exc}"))
        return []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError as exc:
            problems.append((path.name, f"line {number} is not JSON: {exc}"))
            continue
        if isinstance(line, dict) and isinstance(line.get("input"), str):
            lines.append(line)
        else:
            problems.append((path.name, f"line {number} has no `input`"))
    return lines


def _read_summary(path: Path, problems: list[tuple[str, str]]) -> dict | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.append((path.name, f"unreadable: {exc}"))
        return None
    return data if isinstance(data, dict) else None
