"""Batch runs: nothing lost, merging by article, the same bytes whatever the engine, resume."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench.pages import html_page, text_page
from bilinorm.batch import RunOptions, run
from bilinorm.batch.discover import InputFile, Refused, discover
from bilinorm.batch.engine import Lost, ProcessEngine, SerialEngine
from bilinorm.batch.progress import BarProgress, PlainProgress, make_progress
from bilinorm.cli import main

from .conftest import ROOT, SEED_SUPPR, SEED_VUFIND

SUPPR_ID = "doi_10.1136_lupus-2022-000704.json"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def manifest(out: Path) -> dict[str, dict]:
    lines = (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {line["input"]: line for line in map(json.loads, lines)}


def records(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(("_", "."))}


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` (links not followed) with a hash of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path)] = "-> " + os.readlink(path)
        elif path.is_file():
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def write_suppr_encodings(folder: Path) -> list[str]:
    """The Suppr seed as four inputs: UTF-8, GB18030, UTF-16 (with its BOM), UTF-8 with a BOM
    and CRLF line ends."""
    text = SEED_SUPPR.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "suppr_utf8.txt": text.encode("utf-8"),
        "suppr_gb18030.txt": text.encode("gb18030"),
        "suppr_utf16.txt": text.encode("utf-16"),
        "suppr_bom_crlf.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(files)


def mixed_folder(root: Path) -> Path:
    """Good pages, one article in four encodings, and every kind of bad input."""
    src = root / "in"
    (src / "good").mkdir(parents=True)
    (src / "good" / "vufind.txt").write_bytes(SEED_VUFIND.read_bytes())
    for i in range(3):
        (src / "good" / f"variant{i}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], 100 + i))
        (src / "good" / f"variant{i}.html").write_bytes(html_page(("vufind", "suppr")[i % 2], 200 + i))
    write_suppr_encodings(src / "encodings")
    bad = src / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_bytes(b" \r\n\t\n")
    (bad / "image.png").write_bytes(PNG)
    (bad / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.txt", SEED_SUPPR.read_text(encoding="utf-8"))
    (bad / "pages.zip").write_bytes(buffer.getvalue())
    (bad / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 20)
    with open(bad / "huge.txt", "wb") as handle:  # 60 MB, sparse: over the 20 MB default
        handle.truncate(60 * 1024 * 1024)
    (bad / "binary_nul.txt").write_bytes(b"abc\x00\x01\x02" * 500)
    os.symlink("/etc/passwd", bad / "passwd.txt")
    os.mkfifo(bad / "pipe.txt")
    hostile = src / "hostile"
    hostile.mkdir()
    # A Suppr article nested 100,000 elements deep.
    article = "".join(f"<p>{line}</p>" for line in text_page("suppr", 300).decode("utf-8").splitlines())
    (hostile / "nested.html").write_bytes(
        ("<html><body>" + "<div>" * 100_000 + article + "</div>" * 100_000 + "</body></html>").encode())
    # A DOI that climbs out of the folder, and control characters in the title.
    page = SEED_SUPPR.read_text(encoding="utf-8")
    page = page.replace("doi: 10.1136/lupus-2022-000704", "doi: 10.1136/../../../escaped\x07")
    page = page.replace("Safety, immunological", "Safety,\x1b[31m immuno\x08logical")
    (hostile / "climb.txt").write_bytes(page.encode("utf-8"))
    return src


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    src = mixed_folder(root)
    before = tree(root)
    out = root / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "bilinorm.cli", "run", str(src), "-o", str(out), "-j", "2"],
                          capture_output=True, env=env, timeout=300)
    return root, src, out, before, done


def test_mixed_folder_every_input_has_one_line_and_bad_ones_fail_with_a_reason(mixed_run):
    root, src, out, before, done = mixed_run
    assert done.returncode == 1
    lines = manifest(out)
    found = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if not p.is_dir() or p.is_symlink())
    assert sorted(lines) == found
    reasons = {rel: (line["status"], line["reason"]) for rel, line in lines.items() if rel.startswith("bad/")}
    assert reasons == {
        "bad/empty.txt": ("failed", "empty"),
        "bad/blank.txt": ("failed", "empty"),
        "bad/image.png": ("failed", "binary"),
        "bad/paper.pdf": ("failed", "binary"),
        "bad/pages.zip": ("failed", "binary"),
        "bad/undecodable.txt": ("failed", "undecodable"),
        "bad/huge.txt": ("failed", "too_large"),
        "bad/binary_nul.txt": ("failed", "binary"),
        "bad/passwd.txt": ("failed", "symlink_outside"),
        "bad/pipe.txt": ("failed", "not_a_file"),
    }
    assert all(lines[rel]["message"] for rel in reasons)
    good = [rel for rel in lines if rel.startswith("good/")]
    assert len(good) == 7 and all(lines[rel]["status"] == "written" for rel in good)
    assert len({lines[rel]["record"] for rel in good}) == 7
    summary = json.loads((out / "_summary.json").read_text())
    nested = lines["hostile/nested.html"]["status"] == "written"
    assert summary["counts"] == {"failed": 11 - nested, "merged": 3, "written": 9 + nested}
    assert summary["inputs"] == 23 and summary["records"] == 9 + nested
    assert summary["reasons"]["failed:binary"] == 4


def test_mixed_folder_no_traceback_and_nothing_written_outside_out(mixed_run):
    root, src, out, before, done = mixed_run
    assert done.stdout == b""
    assert b"Traceback" not in done.stderr and b"Error" not in done.stderr
    assert done.stderr.decode().splitlines()[-1].startswith("bilinorm: 23 inputs: ")
    after = tree(root)
    assert {k: v for k, v in after.items() if not k.startswith(str(out) + "/")} == before
    assert all(p.parent == out for p in out.rglob("*"))


def test_four_encodings_of_one_page_give_one_merged_record(mixed_run):
    root, src, out, before, done = mixed_run
    lines = manifest(out)
    encodings = {rel: line for rel, line in lines.items() if rel.startswith("encodings/")}
    assert sorted(line["status"] for line in encodings.values()) == ["merged", "merged", "merged", "written"]
    assert {line["record"] for line in encodings.values()} == {SUPPR_ID}
    record = json.loads((out / SUPPR_ID).read_text(encoding="utf-8"))
    # Precedence: same site, so input path order; the UTF-8 page is not first by path.
    assert record["source"]["path"] == "encodings/suppr_bom_crlf.txt"
    assert [s["path"] for s in record["also_from"]] == [
        "encodings/suppr_gb18030.txt", "encodings/suppr_utf16.txt", "encodings/suppr_utf8.txt"]
    assert len({s["sha256"] for s in [record["source"], *record["also_from"]]}) == 4
    assert encodings["encodings/suppr_utf8.txt"]["message"] == "merged into the record of encodings/suppr_bom_crlf.txt"
    single = json.loads((ROOT / "output" / SUPPR_ID).read_text(encoding="utf-8"))
    for key in ("title", "abstract", "alignment", "identifiers", "venue", "languages"):
        assert record[key] == single[key], key


def test_hostile_pages(mixed_run):
    root, src, out, before, done = mixed_run
    lines = manifest(out)
    # Flattened below the depth limit (Config.max_html_depth), quickly; its paragraphs run
    # together, so the Suppr reader may not find its blocks: a record or a reason, never a bug.
    nested = lines["hostile/nested.html"]
    assert nested["status"] == "written" or nested["reason"] in ("unrecognized", "no_article")
    climb = lines["hostile/climb.txt"]
    assert climb["status"] == "written"
    assert "/" not in climb["record"] and ".." not in climb["record"] and (out / climb["record"]).is_file()
    record = json.loads((out / climb["record"]).read_text())
    assert record["id"] == "doi:10.1136/../../../escaped"
    # The terminal escape and the backspace are gone; the words are kept.
    assert record["title"]["en"] == json.loads((ROOT / "output" / SUPPR_ID).read_text())["title"]["en"]
    assert not any(ch < " " for ch in json.dumps(record, ensure_ascii=False) if ch != "\n")


def test_records_are_the_same_bytes_whatever_the_engine_and_worker_count(tmp_path):
    src = tmp_path / "in"
    write_suppr_encodings(src / "enc")
    (src / "pages").mkdir()
    for i in range(16):
        (src / "pages" / f"p{i:02d}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    (src / "pages" / "dup.txt").write_bytes(text_page("suppr", 3))
    (src / "pages" / "h.html").write_bytes(html_page("vufind", 40))
    results = {}
    for name, options in {
        "serial": dict(engine="serial"),
        "process-1": dict(engine="process", jobs=1),
        "process-2": dict(engine="process", jobs=2),
    }.items():
        out = tmp_path / name
        summary = run([src], RunOptions(out=out, **options))
        assert summary.failed == 0
        results[name] = (records(out), (out / "_manifest.jsonl").read_bytes())
    assert results["serial"] == results["process-1"] == results["process-2"]
    assert len(results["serial"][0]) == 18  # 16 pages + the four encodings' one + html


def test_dask_engine_on_a_local_cluster_gives_the_same_bytes(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "in"
    write_suppr_encodings(src / "enc")
    for i in range(6):
        (src / f"p{i}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    (src / "empty.txt").write_bytes(b"")
    assert main(["run", str(src), "-o", str(tmp_path / "process"), "-j", "2", "-q"]) == 1
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["run", str(src), "-o", str(tmp_path / "dask"), "--engine", "dask",
                     "--scheduler", cluster.scheduler_address, "-q"])
    assert code == 1
    assert records(tmp_path / "dask") == records(tmp_path / "process")
    assert (tmp_path / "dask" / "_manifest.jsonl").read_bytes() == (tmp_path / "process" / "_manifest.jsonl").read_bytes()
    # No scheduler: a local cluster of worker processes, started and stopped by the run.
    assert main(["run", str(src), "-o", str(tmp_path / "local"), "--engine", "dask", "-j", "1", "-q"]) == 1
    assert records(tmp_path / "local") == records(tmp_path / "process")


def test_merge_does_not_depend_on_the_order_inputs_are_given(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_suppr_encodings(a)
    b.mkdir()
    (b / "suppr.txt").write_bytes(SEED_SUPPR.read_bytes().replace(b"\n", b"\n\n"))
    assert main(["run", str(a), str(b), "-o", str(tmp_path / "ab"), "-q", "-j", "2"]) == 0
    assert main(["run", str(b), str(a), "-o", str(tmp_path / "ba"), "-q", "-j", "1"]) == 0
    assert records(tmp_path / "ab") == records(tmp_path / "ba")
    record = json.loads((tmp_path / "ab" / SUPPR_ID).read_text())
    assert record["source"]["path"] == "a/suppr_bom_crlf.txt" and len(record["also_from"]) == 4


def test_duplicate_bytes_are_skipped_naming_the_first(tmp_path):
    src = tmp_path / "in"
    (src / "z").mkdir(parents=True)
    (src / "z" / "copy.txt").write_bytes(SEED_VUFIND.read_bytes())
    (src / "first.txt").write_bytes(SEED_VUFIND.read_bytes())
    (src / "empty1.txt").write_bytes(b"")
    (src / "empty2.txt").write_bytes(b"")
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "-q", "-j", "2"]) == 1
    lines = manifest(tmp_path / "out")
    assert lines["z/copy.txt"] == {"input": "z/copy.txt", "status": "skipped",
                                   "record": "doi_10.3389_fimmu.2025.1529883.json",
                                   "reason": "duplicate_bytes", "message": "the same bytes as first.txt"}
    assert lines["first.txt"]["status"] == "written"
    assert [lines[f"empty{i}.txt"]["reason"] for i in (1, 2)] == ["empty", "empty"]  # failures stay failures
    record = json.loads((tmp_path / "out" / "doi_10.3389_fimmu.2025.1529883.json").read_text())
    assert record["source"]["path"] == "first.txt" and record["also_from"] == []


# --- resume ---------------------------------------------------------------------------------


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()
            if not p.name.startswith(("_", "."))}


def clean_records(src: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    out = tmp_path / name
    run([src], RunOptions(out=out, engine="serial"))
    return records(out)


def test_resume_skips_unchanged_inputs_and_rewrites_nothing(tmp_path):
    src = tmp_path / "in"
    write_suppr_encodings(src / "enc")
    for i in range(4):
        (src / f"p{i}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    out = tmp_path / "out"
    run([src], RunOptions(out=out, jobs=2))
    first = stamps(out)
    summary = run([src], RunOptions(out=out, jobs=2, resume=True))
    assert summary.counts == {"skipped": 8} and summary.reasons == {"skipped:resume": 8}
    assert stamps(out) == first
    line = manifest(out)["enc/suppr_utf8.txt"]
    assert line == {"input": "enc/suppr_utf8.txt", "status": "skipped", "record": SUPPR_ID,
                    "reason": "resume", "message": "unchanged since the last run"}
    assert records(out) == clean_records(src, tmp_path, "clean")


def test_resume_redoes_what_changed_and_ends_like_a_clean_run(tmp_path):
    src = tmp_path / "in"
    write_suppr_encodings(src / "enc")
    for i in range(4):
        (src / f"p{i}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    out = tmp_path / "out"
    run([src], RunOptions(out=out, jobs=2))
    first = stamps(out)
    # One page changed, one merged input gone, one record deleted, one input removed.
    (src / "p0.txt").write_bytes(text_page("vufind", 50))
    (src / "enc" / "suppr_bom_crlf.txt").unlink()
    p1_record = manifest(out)["p1.txt"]["record"]
    (out / p1_record).unlink()
    gone = manifest(out)["p3.txt"]["record"]
    (src / "p3.txt").unlink()
    summary = run([src], RunOptions(out=out, jobs=2, resume=True))
    lines = manifest(out)
    assert lines["p0.txt"]["status"] == "written" and lines["p2.txt"]["reason"] == "resume"
    assert summary.removed == 2  # p3's record, and p0's old one
    assert not (out / gone).exists()
    assert records(out) == clean_records(src, tmp_path, "clean")
    now = stamps(out)
    assert now[lines["p2.txt"]["record"]] == first[lines["p2.txt"]["record"]]  # untouched
    record = json.loads((out / SUPPR_ID).read_text())
    assert record["source"]["path"] == "enc/suppr_gb18030.txt" and len(record["also_from"]) == 2


def test_resume_after_a_configuration_change_redoes_everything(tmp_path):
    src = tmp_path / "in"
    for i in range(3):
        (src / f"p{i}.txt").parent.mkdir(exist_ok=True)
        (src / f"p{i}.txt").write_bytes(text_page("suppr", i))
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert main(["run", str(src), "-o", str(out), "-q", "-j", "1", "--resume", "--max-bytes", "5M"]) == 0
    assert {line["status"] for line in manifest(out).values()} == {"written"}


def run_until_killed(args: list[str], out: Path, journal_lines: int, env: dict) -> int:
    """Start a run and kill -9 it once its journal has `journal_lines` lines (inputs done)."""
    import signal
    import time

    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / "_state.jsonl"
    while process.poll() is None:
        try:
            if journal.read_bytes().count(b"\n") >= journal_lines:
                os.kill(process.pid, signal.SIGKILL)
                break
        except OSError:
            pass
        time.sleep(0.002)
    return process.wait()


def test_killed_runs_resume_to_exactly_the_records_of_a_clean_run(tmp_path):
    """kill -9 at several points of a run (and of a resumed run), then resume: the records are
    byte for byte those of a clean run. Random moments, many trials: bench/killtest.py."""
    src = tmp_path / "in"
    for i in range(240):
        (src / f"{i // 80}").mkdir(parents=True, exist_ok=True)
        (src / f"{i // 80}" / f"p{i:03d}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    write_suppr_encodings(src / "enc")
    (src / "3").mkdir()
    (src / "3" / "dup.txt").write_bytes(text_page("suppr", 7))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", "2", "-q"]
    subprocess.run(command + ["-o", str(tmp_path / "clean")], env=env, check=True, timeout=300)
    clean = records(tmp_path / "clean")
    assert len(clean) == 241  # 240 pages and the four encodings' one; dup.txt repeats p007
    # Kill points, as lines in the journal: early; half-way then again in the resumed run
    # (whose journal goes on from the first); after the last input (merging, manifest).
    for trial, points in enumerate([(1,), (120, 200), (245,)]):
        out = tmp_path / f"killed{trial}"
        codes = [run_until_killed(command + ["-o", str(out)] + (["--resume"] if n else []), out, lines, env)
                 for n, lines in enumerate(points)]
        assert codes[0] == -9 or trial == 2  # the last point may come after the run ended
        done = subprocess.run(command + ["-o", str(out), "--resume"], env=env, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert records(out) == clean, f"trial {trial}"
        assert not list(out.glob(".*"))  # no temporary file left behind
        lines = manifest(out)
        assert len(lines) == 245 and {line["status"] for line in lines.values()} <= {"written", "merged", "skipped"}


def test_ctrl_c_stops_the_run_cleanly_and_resume_finishes_it(tmp_path):
    import signal
    import time

    src = tmp_path / "in"
    src.mkdir()
    # Enough pages that the run is still going when the signal lands, even if this process
    # waits its turn for a core behind the run's two workers (150 took under 0.1 s).
    for i in range(600):
        (src / f"p{i:03d}.txt").write_bytes(text_page(("vufind", "suppr")[i % 2], i))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "bilinorm.cli", "run", str(src), "-j", "2", "-o", str(tmp_path / "out")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    journal = tmp_path / "out" / "_state.jsonl"
    while process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 20:
            process.send_signal(signal.SIGINT)
            break
        time.sleep(0.005)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and out == b""
    assert err.decode().strip().endswith("interrupted; run again with --resume to continue where it stopped")
    assert b"Traceback" not in err
    done = subprocess.run(command + ["--resume", "-q"], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0 and done.stderr == b""
    assert records(tmp_path / "out") == clean_records(src, tmp_path, "clean")


# --- the engine: time budget, dead workers --------------------------------------------------


def test_process_engine_replaces_a_hung_worker_and_goes_on():
    from .batch_tasks import square_after

    engine = ProcessEngine(jobs=2, timeout=1.0)
    try:
        tasks = [(i, (i, 30.0 if i == 2 else 0.0)) for i in range(6)]
        results = dict(engine.imap(square_after, tasks))
        assert results[2] == Lost("timeout", "took longer than 1 s; its worker was stopped and replaced")
        assert {k: v for k, v in results.items() if k != 2} == {0: 0, 1: 1, 3: 9, 4: 16, 5: 25}
        assert dict(engine.imap(square_after, [("again", (7, 0.0))])) == {"again": 49}
    finally:
        engine.close()


def test_process_engine_survives_a_worker_that_dies():
    from .batch_tasks import die, square_after

    engine = ProcessEngine(jobs=1, timeout=None)
    try:
        (key, lost), = engine.imap(die, [("d", (1,))])
        assert key == "d" and lost.reason == "crashed" and "SIGKILL" in lost.message
        assert dict(engine.imap(square_after, [("ok", (3, 0.0))])) == {"ok": 9}
    finally:
        engine.close()


def test_a_run_whose_documents_time_out_fails_them_and_finishes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"p{i}.txt").write_bytes(text_page("suppr", i))
    summary = run([src], RunOptions(out=tmp_path / "out", jobs=2, timeout=1e-6))
    assert summary.reasons == {"failed:timeout": 3}
    assert all(line["reason"] == "timeout" for line in manifest(tmp_path / "out").values())


def test_serial_engine_keeps_order():
    from .batch_tasks import square_after

    assert list(SerialEngine().imap(square_after, [(i, (i, 0.0)) for i in range(3)])) == [(0, 0), (1, 1), (2, 4)]


# --- command line: fail-fast, unwritable output, quiet, progress ------------------------------


def test_fail_fast_stops_and_still_lists_every_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_empty.txt").write_bytes(b"")
    for i in range(5):
        (src / f"p{i}.txt").write_bytes(text_page("suppr", i))
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "--fail-fast", "--engine", "serial", "-q"]) == 1
    lines = manifest(tmp_path / "out")
    assert lines["a_empty.txt"]["reason"] == "empty"
    assert [lines[f"p{i}.txt"]["reason"] for i in range(5)] == ["fail_fast"] * 5
    assert records(tmp_path / "out") == {}


def test_unwritable_output_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", str(SEED_SUPPR), "-o", str(blocker), "-q"]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert main(["run", str(SEED_SUPPR), "-o", str(blocker / "sub"), "-q"]) == 2
    assert "cannot write to" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "missing"), "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_exits_2(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main(["run", str(SEED_SUPPR), "-o", str(out), "-q"]) == 2
    finally:
        out.chmod(0o700)


def test_a_second_run_into_the_same_folder_is_refused_while_one_runs(tmp_path, capsys):
    from bilinorm.batch.runner import _prepare_output

    lock = _prepare_output(tmp_path / "out")
    try:
        assert main(["run", str(SEED_SUPPR), "-o", str(tmp_path / "out"), "-q"]) == 2
        assert "another bilinorm run" in capsys.readouterr().err
    finally:
        lock.close()


def test_nothing_on_stdout_and_quiet_means_silent(tmp_path, capfd):
    assert main(["run", str(SEED_SUPPR), "-o", str(tmp_path / "a"), "-j", "1"]) == 0
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("bilinorm: 1 inputs: 1 written; 1 records in ")
    assert main(["run", str(SEED_SUPPR), "-o", str(tmp_path / "b"), "-j", "1", "-q"]) == 0
    assert capfd.readouterr() == ("", "")


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    bar = make_progress("auto", lambda: 3, terminal)
    assert isinstance(bar, BarProgress)
    for status in ("written", "failed", "merged"):
        bar.add(status)
    bar.close()
    shown = terminal.getvalue()
    assert "3/3" in shown and "written 1" in shown and "failed 1" in shown and "doc/s" in shown

    log = io.StringIO()
    plain = make_progress("auto", None, log)
    assert isinstance(plain, PlainProgress)
    plain.every = 0
    plain.add("written")
    plain.add("skipped")
    assert log.getvalue().splitlines()[-1].startswith("bilinorm: 2 inputs: 1 written, 0 merged, 1 skipped, 0 failed; ")
    assert log.getvalue().rstrip().endswith("docs/s")


# --- discovery ------------------------------------------------------------------------------


def test_discovery_order_globs_links_and_the_output_folder(tmp_path):
    src = tmp_path / "in"
    (src / "b").mkdir(parents=True)
    (src / "a.txt").write_text("a")
    (src / "b" / "c.html").write_text("c")
    (src / "b" / "d.txt").write_text("d")
    os.symlink(src / "a.txt", src / "b" / "inner_link.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.txt").write_text("e")
    os.symlink(tmp_path / "elsewhere", src / "etc")
    os.symlink(src / "b", src / "c")
    (src / "out").mkdir()
    (src / "out" / "record.json").write_text("{}")
    found = list(discover([src], exclude=("*.html",), avoid=[src / "out"]))
    assert [(f.rel, type(f).__name__) for f in found] == [
        ("a.txt", "InputFile"), ("c", "Refused"), ("etc", "Refused"), ("b/c.html", "Refused"),
        ("b/d.txt", "InputFile"), ("b/inner_link.txt", "InputFile")]
    assert [(f.status, f.reason) for f in found if isinstance(f, Refused)] == [
        ("skipped", "excluded"), ("failed", "symlink_outside"), ("skipped", "excluded")]
    followed = [f.rel for f in discover([src], follow_symlinks=True, avoid=[src / "out"])]
    assert followed == ["a.txt", "b/c.html", "b/d.txt", "b/inner_link.txt", "c/c.html", "c/d.txt",
                        "c/inner_link.txt", "etc/e.txt"]
    assert all(os.path.isabs(f.path) for f in found if isinstance(f, InputFile))
    only = list(discover([src], include=("b/*",), avoid=[src / "out"]))
    assert [f.rel for f in only if isinstance(f, InputFile)] == ["b/c.html", "b/d.txt", "b/inner_link.txt"]
    assert all(f.reason == "excluded" for f in only if isinstance(f, Refused))


def test_hidden_files_and_files_in_hidden_folders_are_skipped(tmp_path):
    src = tmp_path / "in"
    (src / ".cache").mkdir(parents=True)
    (src / ".cache" / "x.txt").write_text("x")
    (src / ".y.txt").write_text("y")
    (src / "a.txt").write_text("a")
    (src / "v1.d").mkdir()  # a dot inside a name hides nothing
    (src / "v1.d" / "b.txt").write_text("b")
    found = {f.rel: f for f in discover([src])}
    assert [rel for rel, f in found.items() if isinstance(f, InputFile)] == ["a.txt", "v1.d/b.txt"]
    for rel in (".y.txt", ".cache/x.txt"):
        assert (found[rel].status, found[rel].reason, found[rel].message) == ("skipped", "excluded", "a hidden file")


def test_what_crosses_between_processes_pickles_whole():
    """Tasks and outcomes pickle as constructor arguments (`__reduce__`): every field, set to
    a value of its own, comes back."""
    import dataclasses
    import pickle

    from bilinorm.batch.worker import Outcome, Written

    def filled(cls, **given):
        values = {f.name: given.get(f.name, f"{f.name}-value") for f in dataclasses.fields(cls)}
        return cls(**values)

    item = filled(InputFile)
    written = filled(Written, warnings=("a", "b"))
    outcome = filled(Outcome, input=item, records=(written,), seconds=1.5, cpu_seconds=0.5)
    for value in (item, written, outcome):
        assert pickle.loads(pickle.dumps(value)) == value


def test_two_inputs_with_the_same_name_are_told_apart(tmp_path):
    for side in ("x", "y"):
        (tmp_path / side / "pages").mkdir(parents=True)
        (tmp_path / side / "pages" / "p.txt").write_text(side)
    found = list(discover([tmp_path / "y" / "pages", tmp_path / "x" / "pages", tmp_path / "x" / "pages"]))
    assert [f.rel for f in found] == ["y/pages/p.txt", "x/pages/p.txt"]
    found = list(discover([tmp_path / "y" / "pages" / "p.txt", tmp_path / "x" / "pages" / "p.txt"]))
    assert [f.rel for f in found] == ["y/pages/p.txt", "x/pages/p.txt"]


def test_inputs_that_share_a_name_or_nest_give_each_file_one_path(tmp_path):
    from bilinorm.batch.discover import Roots

    for side in ("a", "b"):
        (tmp_path / side / "pages").mkdir(parents=True)
        (tmp_path / side / "pages" / "p.txt").write_text(side)
    (tmp_path / "a" / "pages" / "pages").mkdir()
    (tmp_path / "a" / "pages" / "pages" / "q.txt").write_text("q")
    inputs = [tmp_path / "a" / "pages", tmp_path / "b" / "pages", tmp_path / "a" / "pages" / "pages"]
    roots = Roots(inputs)
    found = [f for f in discover(roots) if isinstance(f, InputFile)]
    by_rel: dict[str, set[str]] = {}
    for f in found:
        by_rel.setdefault(f.rel, set()).add(os.path.realpath(f.path))
        assert os.path.realpath(roots.path_of(f.rel)) == os.path.realpath(f.path)
    assert all(len(paths) == 1 for paths in by_rel.values())  # a path never names two files
    assert sorted(by_rel) == ["a/pages/p.txt", "a/pages/pages/q.txt", "b/pages/p.txt"]
    out = tmp_path / "out"
    run(inputs, RunOptions(out=out, engine="serial"))
    assert sorted(manifest(out)) == sorted(by_rel)  # the nested file once


def test_every_registered_reader_has_a_merge_rank():
    from bilinorm.batch.merge import SITE_RANK
    from bilinorm.sites import ADAPTERS

    assert {adapter.NAME for adapter in ADAPTERS} <= set(SITE_RANK)
