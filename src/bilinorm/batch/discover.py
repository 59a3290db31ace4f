"""Which files a run reads: files and folders (recursively), in a deterministic order.

Symlinks that lead outside the given folders are not followed unless asked: a scraped tree
must not be able to make the tool read `/etc/shadow` into an output folder.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # where to read it
    rel: str   # as recorded: relative to the folder given on the command line (POSIX form)


def discover(inputs, *, include=(), exclude=(), follow_symlinks=False):
    """(inputs to read, [(rel, why skipped)]) for the given paths, sorted by `rel`."""
    roots = [Path(p) for p in inputs]
    prefix_roots = len(roots) > 1
    found: dict[str, InputFile] = {}
    skipped: list[tuple[str, str]] = []
    for root in roots:
        base = root if root.is_dir() else root.parent
        tag = (root.name or str(root)) + "/" if prefix_roots and root.is_dir() else ""
        for path in _walk(root):
            rel = tag + path.relative_to(base).as_posix()
            if any(part.startswith(".") for part in Path(rel).parts):
                skipped.append((rel, "a hidden file"))
                continue
            if _is_outside_link(path, base) and not follow_symlinks:
                skipped.append((rel, "a symlink to a file outside the input folder (use --follow-symlinks)"))
                continue
            if include and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in include):
                skipped.append((rel, "not matched by --include"))
                continue
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in exclude):
                skipped.append((rel, "matched by --exclude"))
                continue
            found.setdefault(rel, InputFile(str(path), rel))
    return [found[k] for k in sorted(found)], sorted(skipped)


def _walk(root: Path):
    if not root.is_dir():
        if root.exists() or root.is_symlink():
            yield root
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name


def _is_outside_link(path: Path, base: Path) -> bool:
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    return not target.is_relative_to(base.resolve())
