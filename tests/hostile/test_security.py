"""What hostile input can and cannot make bilinorm do (README, "Security review"). Each claim
is watched with CPython audit hooks (PEP 578), which see every socket, subprocess, exec,
compile and file open the interpreter makes, whoever makes it (our code or a library)."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

import bilinorm
from bilinorm import normalize_all
from bilinorm.cli import main
from bilinorm.errors import BilinormError

from ..conftest import SEED_SUPPR
from .mutations import INJECTIONS
from .properties import PAGES, ROOT

PACKAGE = Path(bilinorm.__file__).resolve().parent
_EVENTS: list[tuple[str, tuple]] | None = None

NETWORK = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.")
EXECUTION = ("exec", "compile", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
             "os.spawn", "os.fork", "os.startfile", "ctypes.", "pickle.find_class", "marshal.load",
             "code.__new__", "function.__new__")
FILE_CHANGES = ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.link",
                "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.")


def _hook(event: str, args: tuple) -> None:
    if _EVENTS is not None:
        _EVENTS.append((event, args))


sys.addaudithook(_hook)  # permanent, but it records only inside `watched()`


@contextmanager
def watched():
    global _EVENTS
    _EVENTS = []
    try:
        yield _EVENTS
    finally:
        _EVENTS = None


def _hostile_inputs() -> list[bytes]:
    """Every test page, each with every injection at its start and in its middle."""
    pages = [p.read_bytes() for p in PAGES]
    out = list(pages)
    for page in pages[:4]:
        for snippet in INJECTIONS:
            out.append(snippet + page)
            out.append(page[:len(page) // 2] + snippet + page[len(page) // 2:])
    return out


def _normalize_each(inputs: list[bytes]) -> int:
    written = 0
    for data in inputs:
        try:
            written += len(normalize_all(data))
        except BilinormError:
            pass
    return written


@pytest.fixture(scope="module")
def library_events():
    inputs = _hostile_inputs()
    _normalize_each(inputs)  # warm up: imports and data files load once, before watching
    with watched() as events:
        written = _normalize_each(inputs)
    assert written > 10
    return events


def test_the_watch_sees_what_it_must_not_find():
    import socket

    with watched() as events:
        try:
            socket.getaddrinfo("localhost", 80)
        except OSError:
            pass
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        exec(compile("x = 1", "<test>", "exec"), {})
        open(os.devnull, "rb").close()
    assert _named(events, NETWORK) and _named(events, EXECUTION) and any(e == "open" for e, _ in events)


def _named(events, prefixes) -> list[str]:
    return sorted({e for e, _ in events if e.startswith(prefixes)})


def test_no_network(library_events):
    assert _named(library_events, NETWORK) == []


def test_no_code_execution(library_events):
    assert _named(library_events, EXECUTION) == []


def test_normalizing_opens_no_file_and_changes_none(library_events):
    """`normalize` works on the bytes it is given: it opens nothing (an XML external entity
    or an XInclude naming /etc/passwd included), and changes no file."""
    assert [args[0] for e, args in library_events if e == "open"] == []
    assert _named(library_events, FILE_CHANGES) == []


def test_xml_entities_are_never_expanded_or_fetched():
    xml = (ROOT / "tests/data/structured/pubmedxml_medline16n0902_pmid26702360.xml").read_text("utf-8")
    head, body = xml.split("<MedlineCitation", 1)
    bomb = ('<!DOCTYPE MedlineCitation [<!ENTITY a "' + "a" * 1000 + '">'
            + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefg", "bcdefgh"))
            + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    page = (head + bomb + "<MedlineCitation" + body).replace("<ArticleTitle>", "<ArticleTitle>&h;&xxe;")
    started = time.perf_counter()
    with watched() as events:
        try:
            records = normalize_all(page.encode("utf-8"))
        except BilinormError:
            records = []
    assert time.perf_counter() - started < 5
    assert [args[0] for e, args in events if e == "open"] == []
    text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) for r in records)
    assert "a" * 2000 not in text and "root:" not in text


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz", "zip"])
def test_compressed_input_is_refused_never_inflated(kind):
    """A decompression bomb (10 MB of zeros in a few KB) is refused as binary, at once."""
    zeros = b"\0" * 10_000_000
    if kind == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("page.html", zeros)
        data = buffer.getvalue()
    else:
        data = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}[kind](zeros)
    assert len(data) < 100_000
    started = time.perf_counter()
    with pytest.raises(BilinormError) as caught:
        normalize_all(data)
    assert caught.value.reason == "binary" and time.perf_counter() - started < 1


# --- the batch: what it reads and where it writes ---------------------------------------------


def _traversal_pages() -> dict[str, bytes]:
    """Pages whose ids (from the DOI they print) try to name files outside the output folder."""
    text = SEED_SUPPR.read_text("utf-8")
    dois = ["10.1136/../../../../tmp/escape", "10.1136//etc/passwd", "10.1136/..\\..\\win",
            "10.1136/_manifest.jsonl", "10.1136/.hidden", "10.1136/" + "a" * 5000, "10.1136/\u202eexe.json"]
    return {f"t{i}.txt": text.replace("10.1136/lupus-2022-000704", doi).encode("utf-8")
            for i, doi in enumerate(dois)}


def test_batch_writes_only_inside_the_output_folder_and_reads_no_link_outside(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_bytes(SEED_SUPPR.read_bytes())  # a page, so reading it would show
    src = tmp_path / "in"
    src.mkdir()
    for name, data in _traversal_pages().items():
        (src / name).write_bytes(data)
    (src / "link.txt").symlink_to(secret / "key.txt")
    (src / "linkdir").symlink_to(secret)
    (src / "loop").symlink_to(src)
    os.mkfifo(src / "fifo.txt")  # reading it would block for ever
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.json"
    victim.write_text("untouched")
    (out / "doi_10.1136_lupus-2022-000704.json").symlink_to(victim)  # a planted link in OUT
    with watched() as events:
        code = main(["run", str(src), "-o", str(out), "-q", "--engine", "serial"])
    assert code == 1
    lines = {json.loads(line)["input"]: json.loads(line) for line in (out / "_manifest.jsonl").open()}
    assert lines["link.txt"]["reason"] == "symlink_outside" and lines["fifo.txt"]["reason"] == "not_a_file"
    assert not any(rel.startswith("linkdir/") for rel in lines) or all(
        line["reason"] == "symlink_outside" for rel, line in lines.items() if rel.startswith("linkdir/"))
    assert all(lines[f"t{i}.txt"]["status"] == "written" for i in range(len(_traversal_pages())))
    opened = [(os.fsdecode(args[0]), args[1], args[2]) for e, args in events
              if e == "open" and isinstance(args[0], (str, bytes, os.PathLike))]
    assert not [p for p, _, _ in opened if str(secret) in p], "read through a link out of the input folder"
    written = [p for p, mode, flags in opened if _writes(mode, flags)]
    changed = [os.fsdecode(a) for e, args in events if e.startswith(FILE_CHANGES)
               for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    inside = str(out.resolve())
    outside = [p for p in written + changed
               if os.path.realpath(p) != inside and not os.path.realpath(p).startswith(inside + os.sep)]
    assert written and changed  # the watch sees the run's own writes
    assert outside == [], "wrote outside the output folder"
    assert victim.read_text() == "untouched"


def _writes(mode, flags) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    changing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    return isinstance(flags, int) and bool(flags & changing)


def test_memory_grows_linearly_with_the_input():
    """Peak memory over hostile half-megabyte inputs (deep nesting, a million tags, a huge abstract,
    millions of lines, big JSON), in a fresh process."""
    script = r"""
import resource, sys
from bilinorm import normalize_all
from bilinorm.errors import BilinormError
seed = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
mb = 0.5
for data in (b"<html><body>" + b"<div>" * int(mb * 200_000),
             b"<html><body>" + b"<p>a</p>" * int(mb * 125_000),
             b"<html><body><table>" + b"<tr><td>a<td>b" * int(mb * 70_000),
             seed[:2000] + b"Results word. " * int(mb * 70_000) + seed[2000:],
             seed + b"a\n" * int(mb * 500_000),
             b"[" + b'{"a": [1, "x"]},' * int(mb * 60_000) + b"1]"):
    try:
        normalize_all(data)
    except BilinormError:
        pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", script, str(SEED_SUPPR)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    grown_mb = int(done.stdout) / 1024
    assert grown_mb < 0.5 * 60 + 64, f"peak memory grew by {grown_mb:.0f} MB for 0.5 MB inputs"
