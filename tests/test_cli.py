import json
import os
import subprocess
import sys
from pathlib import Path

from bilinorm.cli import main

from .conftest import ROOT, SEED_SUPPR, SEEDS


def test_normalize_prints_the_record(capsysbinary):
    assert main(["normalize", str(SEED_SUPPR)]) == 0
    out = capsysbinary.readouterr().out
    assert json.loads(out)["id"] == "doi:10.1136/lupus-2022-000704"


def test_normalize_failure_is_one_line_with_reason(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["normalize", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err == f"bilinorm: {empty}: empty: the document is empty\n"


def test_bad_usage_exits_2(capsys):
    assert main(["normalize"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["run", str(SEEDS)]) == 2  # -o is required


def test_run_writes_records_and_manifest(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for seed in SEEDS.iterdir():
        (src / "sub" / seed.name).write_bytes(seed.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "copy.txt").write_bytes(SEED_SUPPR.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "-j", "1", "-q"]) == 1
    manifest = [json.loads(line) for line in (out / "_manifest.jsonl").read_text().splitlines()]
    by_input = {m["input"]: m for m in manifest}
    assert set(by_input) == {"copy.txt", "empty.txt", "sub/000_e617ffdf4fbe02f5.txt",
                             "sub/003_9889bd8a31cbae1b.txt"}
    assert by_input["empty.txt"]["status"] == "failed" and by_input["empty.txt"]["reason"] == "empty"
    assert by_input["sub/000_e617ffdf4fbe02f5.txt"] == {
        "input": "sub/000_e617ffdf4fbe02f5.txt", "status": "written",
        "record": "doi_10.3389_fimmu.2025.1529883.json", "reason": None, "message": None}
    statuses = sorted(by_input[k]["status"] for k in ("copy.txt", "sub/003_9889bd8a31cbae1b.txt"))
    assert statuses == ["merged", "written"]
    records = sorted(p.name for p in out.iterdir() if not p.name.startswith("_"))
    assert records == ["doi_10.1136_lupus-2022-000704.json", "doi_10.3389_fimmu.2025.1529883.json"]
    merged = json.loads((out / "doi_10.1136_lupus-2022-000704.json").read_text())
    assert merged["source"]["path"] == "copy.txt"
    assert [s["path"] for s in merged["also_from"]] == ["sub/003_9889bd8a31cbae1b.txt"]


def test_committed_output_matches_a_fresh_run(tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(SEEDS), "-o", str(out), "-q"]) == 0
    committed = ROOT / "output"
    run_facts = {"_summary.json", "_state.jsonl"}  # timings; code and config fingerprints
    names = sorted(p.name for p in committed.iterdir() if p.name not in run_facts)
    assert names == sorted(p.name for p in out.iterdir() if p.name not in run_facts)
    for name in names:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name


def test_installed_command_and_hash_seed_independence(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        done = subprocess.run([sys.executable, "-m", "bilinorm.cli", "normalize", str(SEED_SUPPR)],
                              capture_output=True, env=env, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0] == (ROOT / "output" / "doi_10.1136_lupus-2022-000704.json").read_bytes()


def test_the_workers_fork_server_starts_early_for_runs_on_processes_and_never_outlives_main(tmp_path):
    from multiprocessing import forkserver

    from bilinorm.cli import _on_worker_processes

    assert _on_worker_processes(["run", "in", "-o", "out"])
    assert _on_worker_processes(["run", "in", "--engine", "process", "-o", "out"])
    assert not _on_worker_processes(["run", "in", "--engine", "dask", "-o", "out"])
    assert not _on_worker_processes(["run", "in", "--engine=serial", "-o", "out"])
    assert not _on_worker_processes(["normalize", "run"])
    # An abbreviated option fools the guess: the server started for nothing is stopped.
    for argv in (["run", str(SEED_SUPPR), "-o", str(tmp_path / "a"), "-q", "--eng", "serial"],
                 ["run", str(SEED_SUPPR), "-o", str(tmp_path / "b"), "-q", "--no-such-option"],
                 ["run", str(SEED_SUPPR), "-o", str(tmp_path / "c"), "-q", "-j", "1"]):
        main(argv)
        assert forkserver._forkserver._forkserver_pid is None, argv
    assert (tmp_path / "a" / "_manifest.jsonl").exists() and (tmp_path / "c" / "_manifest.jsonl").exists()
