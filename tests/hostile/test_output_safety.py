"""A full disk or a read-only output folder: a clear error, exit 2, and nothing half-written
(no temporary file left, every record file in OUT byte-identical to a clean run's), and a
resumed run once there is room ends exactly like a clean run.

Two ways: a real small tmpfs (the kernel's own ENOSPC and EROFS) where this process may
mount one (root, as on the project's machines and CI), and, everywhere, `os.replace` or the
journal's writes patched to fail with ENOSPC/EROFS after a number of successes."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bilinorm.batch import state
from bilinorm.cli import main

from .properties import ROOT

sys.path.insert(0, str(ROOT))
from bench.pages import text_page  # noqa: E402

PAGES = 40


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    for i in range(PAGES):
        (src / f"p{i:03d}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    return src


@pytest.fixture(scope="module")
def clean(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q", "-j", "1"]) == 1  # broken.txt fails
    return _records(out)


def _records(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}


def _assert_nothing_half_written(out: Path, clean: dict[str, bytes]) -> None:
    if not out.exists():
        return
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "temporary files left"
    for name, data in _records(out).items():
        assert clean.get(name) == data, f"{name} is not the clean run's record"


def _cli(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "bilinorm.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300)


# --- a real tmpfs --------------------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path):
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the patched tests below cover this machine")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_stops_with_a_clear_error_and_resumes_to_the_clean_run(inputs, clean, tmpfs):
    out = tmpfs / "out"
    done = _cli(["run", str(inputs), "-o", str(out), "-q", "-j", "2"])
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert 0 < len(_records(out)) < len(clean)
    _assert_nothing_half_written(out, clean)
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmpfs)], check=True)
    done = _cli(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial", "--resume"])
    assert done.returncode == 1, done.stderr  # broken.txt, as in the clean run
    assert _records(out) == clean
    _assert_nothing_half_written(out, clean)


def test_read_only_output_folder_changes_nothing(inputs, clean, tmpfs):
    out = tmpfs / "out"
    first = _cli(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial", "--include", "p00*"])
    assert first.returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    for extra in ([], ["--resume"]):
        done = _cli(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial", *extra])
        assert done.returncode == 2, done.stderr
        assert "Read-only file system" in done.stderr and "Traceback" not in done.stderr
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    fresh = _cli(["run", str(inputs), "-o", str(tmpfs / "new"), "-q", "--engine", "serial"])
    assert fresh.returncode == 2 and "Read-only file system" in fresh.stderr


# --- patched: any machine ------------------------------------------------------------------


def _failing_after(real, successes: int, code: int):
    calls = {"n": 0}

    def fail(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > successes:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return fail


@pytest.mark.parametrize("successes", [0, 7, PAGES - 1])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_record_writes_failing(inputs, clean, tmp_path, monkeypatch, capsys, successes, code):
    out = tmp_path / "out"
    monkeypatch.setattr(os, "replace", _failing_after(os.replace, successes, code))
    assert main(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial"]) == 2
    err = capsys.readouterr().err
    assert os.strerror(code) in err and "Traceback" not in err
    assert len(_records(out)) == successes
    _assert_nothing_half_written(out, clean)
    monkeypatch.undo()
    assert main(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial", "--resume"]) == 1
    assert _records(out) == clean


class _FailingFile:
    """A text file whose writes fail after `successes` lines, as on a disk that fills up."""

    def __init__(self, handle, successes: int, code: int):
        self.handle, self.write = handle, _failing_after(handle.write, successes, code)

    def __getattr__(self, name):
        return getattr(self.handle, name)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_journal_writes_failing(inputs, clean, tmp_path, monkeypatch, capsys, code):
    out = tmp_path / "out"
    real_init = state.Journal.__init__

    def init(journal, *args, **kwargs):
        real_init(journal, *args, **kwargs)
        journal._handle = _FailingFile(journal._handle, 5, code)

    monkeypatch.setattr(state.Journal, "__init__", init)
    assert main(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial"]) == 2
    err = capsys.readouterr().err
    assert os.strerror(code) in err and "Traceback" not in err
    _assert_nothing_half_written(out, clean)
    monkeypatch.undo()
    assert main(["run", str(inputs), "-o", str(out), "-q", "--engine", "serial", "--resume"]) == 1
    assert _records(out) == clean
