"""Which files a run reads: files and folders (recursively), streamed in a deterministic order.

Discovery is a generator: a folder of a million pages is walked one directory at a time and
never listed whole. Within a directory, entries are visited in name order (files and folders
together), so the order is the same on every machine and every run.

Symlinks that lead outside the given folders are not followed unless asked: a scraped tree
must not be able to make the tool read `/etc/shadow` into an output folder. Such links, and
anything that is not a regular file, are reported as failed inputs with their reason; hidden
files and files the globs leave out are reported as skipped. Nothing found is dropped silently.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # where to read it (absolute, so that any worker process can)
    rel: str   # as recorded: relative to the folder given on the command line (POSIX form)

    def __reduce__(self):  # pickled with every task: as constructor arguments, unpickled in C
        return InputFile, (self.path, self.rel)


@dataclass(frozen=True, slots=True)
class Refused:
    """A path discovery will not hand to a worker, with the manifest status it gets."""

    rel: str
    status: str   # skipped | failed
    reason: str   # excluded | symlink_outside | not_a_file | unreadable
    message: str


class Roots:
    """The inputs given on the command line, with the prefix each one's records' paths get.

    One input: no prefix. Several: each one's name (`seeds/003.txt`). When two inputs have one
    name, every input is named by its path below the folder they all share (`a/pages/`,
    `b/pages/`), so that a recorded path always means one file (an input inside another gives
    its files under the same paths twice; the run reads them once). `path_of(rel)` gives back
    the file a recorded path was read from.
    """

    def __init__(self, inputs: Iterable[str | os.PathLike]):
        paths, seen = [], set()
        for given in inputs:
            path = Path(os.path.abspath(given))
            if not (path.exists() or path.is_symlink()):
                raise FileNotFoundError(f"no such file or folder: {given}")
            real = os.path.realpath(path)
            if real not in seen:  # the same folder given twice is read once
                seen.add(real)
                paths.append(path)
        labels = [p.name or "root" for p in paths]
        if len(paths) > 1 and _overlapping([_key(p, label) for p, label in zip(paths, labels)]):
            common = Path(os.path.commonpath([str(p) for p in paths]))
            if common in paths:  # one input inside another: name them from one level up
                common = common.parent
            labels = [p.relative_to(common).as_posix() for p in paths]
        self.items: list[tuple[Path, str]] = []  # (input, prefix of its records' paths)
        for path, label in zip(paths, labels):
            if len(paths) == 1:
                prefix = ""
            elif path.is_dir():
                prefix = label + "/"
            else:  # a file given directly is recorded by its name, under the folders telling it apart
                prefix = label[: -len(path.name)]
            self.items.append((path, prefix))

    def path_of(self, rel: str) -> str:
        for root, prefix in self.items:
            if root.is_dir() and rel.startswith(prefix):
                return str(root / rel[len(prefix):])
            if not root.is_dir() and rel == prefix + root.name:
                return str(root)
        raise KeyError(rel)


def _key(path: Path, label: str) -> str:
    return label + "/" if path.is_dir() else label


def _overlapping(keys: list[str]) -> bool:
    """Whether one input's prefix (a folder's `name/`, a file's name) starts another's."""
    ordered = sorted(keys)
    return any(b.startswith(a) or a == b for a, b in zip(ordered, ordered[1:]))


def discover(inputs: Roots | Iterable[str | os.PathLike], *, include=(), exclude=(),
             follow_symlinks: bool = False, avoid: Iterable[str | os.PathLike] = ()
             ) -> Iterator[InputFile | Refused]:
    """Every file under `inputs`, as `InputFile` (to read) or `Refused` (with why), input by
    input. Folders in `avoid` (the output folder) are not entered. Raises FileNotFoundError
    for an input that does not exist (when given paths, not `Roots`)."""
    roots = inputs if isinstance(inputs, Roots) else Roots(inputs)
    avoid_real = {os.path.realpath(p) for p in avoid}
    rules = _Rules(tuple(include), tuple(exclude))
    for root, tag in roots.items:
        base = root if root.is_dir() else root.parent
        base_real = os.path.realpath(base)
        if not root.is_dir():
            yield _classify(str(root), tag + root.name, base_real, rules, follow_symlinks)
            continue
        for path, rel, regular in _walk(root, avoid_real, follow_symlinks):
            yield _classify(path, tag + rel, base_real, rules, follow_symlinks, regular)


def count_inputs(inputs: Roots | Iterable[str | os.PathLike], **kwargs) -> int:
    """How many paths `discover` will yield (a cheap walk, for a progress bar's total)."""
    return sum(1 for _ in discover(inputs, **kwargs))


def _walk(root: Path, avoid_real: set[str], follow_symlinks: bool) -> Iterator[tuple[str, str, bool]]:
    """(path, rel, regular) of every entry below `root` except folders, in name order per
    folder; `regular` when the listing says the entry is a regular file (not a link)."""
    stack: list[tuple[Path, str]] = [(root, "")]
    visited = {os.path.realpath(root)}
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            yield str(folder), prefix.rstrip("/") or folder.name, False  # reported as unreadable
            continue
        subfolders = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_file(follow_symlinks=False):
                yield entry.path, rel, True
                continue
            if entry.is_dir(follow_symlinks=False):
                if os.path.realpath(entry.path) not in avoid_real:
                    subfolders.append((Path(entry.path), rel + "/"))
                continue
            if entry.is_symlink() and entry.is_dir(follow_symlinks=True):
                real = os.path.realpath(entry.path)
                if follow_symlinks and real not in visited and real not in avoid_real:
                    visited.add(real)
                    subfolders.append((Path(entry.path), rel + "/"))
                else:
                    yield entry.path, rel, False  # refused below, with its reason
                continue
            yield entry.path, rel, False
        # Depth first, in name order: push in reverse so the first subfolder is next.
        # Files of a folder come before its subfolders' files.
        stack.extend(reversed(subfolders))


@dataclass(frozen=True, slots=True)
class _Rules:
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def refuse(self, rel: str, name: str) -> str | None:
        if rel.startswith(".") or "/." in rel:  # a part of the path starts with a dot
            return "a hidden file"
        if self.include and not any(_match(rel, name, g) for g in self.include):
            return "not matched by --include"
        if any(_match(rel, name, g) for g in self.exclude):
            return "matched by --exclude"
        return None


def _match(rel: str, name: str, glob: str) -> bool:
    return fnmatch.fnmatchcase(rel, glob) or fnmatch.fnmatchcase(name, glob)


def _classify(path: str, rel: str, base_real: str, rules: _Rules, follow_symlinks: bool,
              regular: bool = False) -> InputFile | Refused:
    """`regular`: the directory listing says `path` is a regular file (not a link), so no
    system call asks again."""
    why = rules.refuse(rel, os.path.basename(path))
    if why:
        return Refused(rel, "skipped", "excluded", why)
    if regular:
        return InputFile(path, rel)
    try:
        link = os.path.islink(path)
        if link:
            target = os.path.realpath(path)
            inside = target == base_real or target.startswith(base_real.rstrip(os.sep) + os.sep)
            if not os.path.exists(target):
                return Refused(rel, "failed", "unreadable", "a symlink to a missing file")
            if not inside and not follow_symlinks:
                return Refused(rel, "failed", "symlink_outside",
                               "a symlink outside the input folder; not followed "
                               "(use --follow-symlinks to read it)")
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Refused(rel, "failed", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    if stat.S_ISDIR(mode):
        if link:  # inside the input folder: its files are read where they are
            return Refused(rel, "skipped", "excluded", "a symlink to a folder inside the input "
                           "folder; its files are read under their own path")
        return Refused(rel, "failed", "unreadable", "a folder that cannot be listed")
    if not stat.S_ISREG(mode):
        return Refused(rel, "failed", "not_a_file",
                       "not a regular file (a device, pipe or socket)")
    return InputFile(path, rel)
