"""The command line: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 success; 1 some document could not be normalized (`export`, `index`: some
record could not be read; `search`: no hits); 2 bad usage, the output cannot be written, or
the index cannot be read; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import DEFAULT_CONFIG
from .batch.engine import ENGINES
from .errors import BilinormError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bilinorm",
        description="Scraped scholarly-article pages to canonical bilingual JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"bilinorm {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    one = commands.add_parser("normalize", help="print the record of one page")
    one.add_argument("path", metavar="PATH")
    _add_limits(one)

    batch = commands.add_parser(
        "run", help="normalize files and folders into an output folder",
        description="Normalize files and folders (recursively) into OUT: one record per article, "
                    "OUT/_manifest.jsonl (one line per input) and OUT/_summary.json.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT")
    batch.add_argument("-o", "--out", required=True, type=Path, metavar="OUT")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: all cores)")
    batch.add_argument("--include", action="append", default=[], metavar="GLOB",
                       help="read only files whose path or name matches (repeatable)")
    batch.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="skip files whose path or name matches (repeatable)")
    batch.add_argument("--resume", action="store_true",
                       help="skip inputs whose bytes and configuration are unchanged since the last run into OUT")
    batch.add_argument("--fail-fast", action="store_true", help="stop at the first input that fails")
    _add_limits(batch)
    batch.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                       help="time budget per input; a slower one fails with reason timeout "
                            "(default: 120; 0: none)")
    batch.add_argument("--engine", choices=ENGINES, default="process",
                       help="process: worker processes on this machine (default); dask: a Dask "
                            "cluster (pip install 'bilinorm[dask]'); serial: in this process")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="the Dask scheduler (tcp://host:8786); default: a local cluster")
    batch.add_argument("--follow-symlinks", action="store_true",
                       help="read symlinks that lead outside the input folders")
    batch.add_argument("-q", "--quiet", action="store_true",
                       help="no progress and no report on stderr")

    report = commands.add_parser("report", help="write a run folder as one HTML page for curators")
    report.add_argument("out", type=Path, metavar="OUT", help="the run folder (bilinorm run ... -o OUT)")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="REPORT.html")
    report.add_argument("--inputs", type=Path, metavar="DIR",
                        help="the folder the run read: shows removed boilerplate with its text")
    report.add_argument("-q", "--quiet", action="store_true")

    export = commands.add_parser("export", help="write the records of OUT for a search engine or reference manager")
    export.add_argument("out", type=Path, metavar="OUT")
    export.add_argument("--format", required=True, choices=_Later(lambda: _exports().FORMATS),
                        metavar="FORMAT", help="%(choices)s")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not to stdout")

    mapping = commands.add_parser("mapping", help="print the shipped Elasticsearch template or Solr schema")
    mapping.add_argument("engine", choices=_Later(lambda: tuple(_exports().MAPPINGS)), metavar="ENGINE",
                         help="%(choices)s")

    index = commands.add_parser("index", help="build or update the embedded search index from OUT")
    index.add_argument("out", type=Path, metavar="OUT")
    index.add_argument("--db", required=True, type=Path, metavar="FILE")
    index.add_argument("--prune", action="store_true",
                       help="remove records indexed from OUT whose files are gone")
    index.add_argument("--rebuild", action="store_true", help="start the index afresh")
    index.add_argument("-q", "--quiet", action="store_true")

    find = commands.add_parser("search", help="search the embedded index")
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--db", required=True, type=Path, metavar="FILE")
    find.add_argument("--lang", choices=("en", "zh"), help="search and show this language only")
    find.add_argument("--limit", type=int, default=10, metavar="N")
    find.add_argument("--json", action="store_true", help="one JSON object per hit and line")
    find.add_argument("--marks", nargs=2, metavar=("OPEN", "CLOSE"),
                      help="what to put around matches in snippets (default [ ], bold on a terminal)")
    return parser


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """The per-document limits of `Config` (README, "Hostile input")."""
    parser.add_argument("--max-bytes", type=_size, default=DEFAULT_CONFIG.max_bytes, metavar="SIZE",
                        help="larger inputs fail with reason too_large (default: 20M)")
    parser.add_argument("--max-field-chars", type=_positive, default=DEFAULT_CONFIG.max_field_chars,
                        metavar="N", help="longer titles, names, affiliations, keywords and section "
                                          "texts are cut, with a warning (default: 100000)")
    parser.add_argument("--max-sections", type=_positive, default=DEFAULT_CONFIG.max_sections,
                        metavar="N", help="further sections of an abstract merge into the last, "
                                          "with a warning (default: 64)")
    parser.add_argument("--max-html-depth", type=_positive, default=DEFAULT_CONFIG.max_html_depth,
                        metavar="N", help="HTML nested deeper is flattened (default: 256)")


def _config(args):
    return DEFAULT_CONFIG._replace(max_bytes=args.max_bytes, max_field_chars=args.max_field_chars,
                                   max_sections=args.max_sections, max_html_depth=args.max_html_depth)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    early = _on_worker_processes(argv)
    if early:  # the fork server loads the pipeline for the workers while the run sets itself up
        from .batch.engine import start_fork_server

        start_fork_server()
    try:
        return _dispatch(argv)
    finally:
        if early:  # stopped by the run's engine already, unless the run did not start one
            from .batch.engine import stop_fork_server

            stop_fork_server()


def _dispatch(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    commands = {"normalize": _normalize, "run": _run, "report": _report, "export": _export,
                "mapping": _mapping, "index": _index, "search": _search}
    return commands[args.command](args)


def _on_worker_processes(argv: list[str]) -> bool:
    """Whether the command line asks for a run on worker processes (the default engine),
    judged before parsing it so that the workers' fork server can start at once."""
    if argv[:1] != ["run"]:
        return False
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--engine":
            return argv[i + 1:i + 2] == ["process"]
        if arg.startswith("--engine="):
            return arg == "--engine=process"
    return True


def _normalize(args) -> int:
    from .batch.worker import read_input
    from .errors import InputTooLarge
    from .pipeline import normalize_all
    from .serialize import to_json_bytes

    path = Path(args.path)
    config = _config(args)
    try:
        data = read_input(str(path), config.max_bytes)  # never more than the limit, even from a pipe
    except InputTooLarge as exc:
        print(f"bilinorm: {path}: {exc.reason}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"bilinorm: {path}: unreadable: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, FileNotFoundError | IsADirectoryError) else EXIT_FAILED
    try:
        records = normalize_all(data, path=path.name, config=config)
    except BilinormError as exc:
        print(f"bilinorm: {path}: {exc.reason}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    out = sys.stdout.buffer
    for record in records:
        out.write(to_json_bytes(record))
    out.flush()
    return EXIT_OK


def _run(args) -> int:
    from .batch import EngineUnavailable, OutputUnwritable, RunOptions, run

    if args.jobs is not None and args.jobs < 1:
        return _usage("--jobs must be at least 1")
    if args.scheduler and args.engine != "dask":
        return _usage("--scheduler needs --engine dask")
    if args.timeout < 0:
        return _usage("--timeout must be 0 (none) or more")
    options = RunOptions(
        out=args.out,
        jobs=args.jobs or 0,
        config=_config(args),
        include=tuple(args.include),
        exclude=tuple(args.exclude),
        follow_symlinks=args.follow_symlinks,
        engine=args.engine,
        scheduler=args.scheduler,
        timeout=args.timeout or None,
        resume=args.resume,
        fail_fast=args.fail_fast,
        progress="none" if args.quiet else "auto",
    )
    try:
        summary = run(args.inputs, options)
    except FileNotFoundError as exc:
        return _usage(str(exc))
    except (OutputUnwritable, EngineUnavailable) as exc:
        print(f"bilinorm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bilinorm: interrupted; run again with --resume to continue where it stopped",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        print(_run_report(summary, args.out), file=sys.stderr)
    return EXIT_FAILED if summary.failed else EXIT_OK


def _run_report(summary, out: Path) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items()) or "no inputs"
    failed = {k.split(":", 1)[1]: n for k, n in summary.reasons.items() if k.startswith("failed:")}
    why = " (" + ", ".join(f"{n} {reason}" for reason, n in failed.items()) + ")" if failed else ""
    rate = summary.inputs / max(summary.seconds, 1e-9)
    return (f"bilinorm: {summary.inputs} inputs: {counts}{why}; {summary.records} records in {out} "
            f"({summary.seconds:.1f} s, {rate:.0f} docs/s)")


def _usage(message: str) -> int:
    print(f"bilinorm: {message}", file=sys.stderr)
    return EXIT_USAGE


def _report(args) -> int:
    from .report import write_report

    if not args.out.is_dir():
        print(f"bilinorm: {args.out}: not a run folder", file=sys.stderr)
        return EXIT_USAGE
    if args.inputs is not None and not args.inputs.is_dir():
        print(f"bilinorm: {args.inputs}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = write_report(args.out, args.output, inputs=args.inputs)
    except OSError as exc:
        print(f"bilinorm: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for name, why in report.problems:
        print(f"bilinorm: {args.out / name}: {why}", file=sys.stderr)
    if not args.quiet:
        size = args.output.stat().st_size
        print(f"bilinorm: {report.articles} articles in {args.output} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return EXIT_FAILED if report.problems else EXIT_OK


def _export(args) -> int:
    from .exports import read_records, write_export

    failures: list[BilinormError] = []

    def report(error: BilinormError) -> None:
        failures.append(error)
        print(f"bilinorm: {args.out / error.where if error.where else args.out}: {error.reason}: "
              f"{error.message}", file=sys.stderr)

    try:
        records = read_records(args.out, on_error=report)
        if args.output is None:
            write_export(records, args.format, sys.stdout.buffer, on_error=report)
            sys.stdout.buffer.flush()
        else:
            _write_atomic(args.output, lambda stream: write_export(records, args.format, stream, on_error=report))
    except BilinormError as exc:
        print(f"bilinorm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"bilinorm: cannot write {args.output or 'to stdout'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED if failures else EXIT_OK


def _mapping(args) -> int:
    from .exports import mapping_bytes

    sys.stdout.buffer.write(mapping_bytes(args.engine))
    sys.stdout.buffer.flush()
    return EXIT_OK


def _index(args) -> int:
    import sqlite3

    from .exports import update_index

    def report(error: BilinormError) -> None:
        print(f"bilinorm: {args.out / error.where if error.where else args.out}: {error.reason}: "
              f"{error.message}", file=sys.stderr)

    try:
        result = update_index(args.db, args.out, prune=args.prune, rebuild=args.rebuild, on_error=report)
    except BilinormError as exc:
        print(f"bilinorm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, sqlite3.Error) as exc:
        print(f"bilinorm: cannot write the index {args.db}: {getattr(exc, 'strerror', None) or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(f"bilinorm: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
              f"{result.removed} removed, {len(result.failed)} unreadable; index {args.db}", file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


def _search(args) -> int:
    import json

    from .exports import search

    marks = tuple(args.marks) if args.marks else (
        ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() and not args.json else ("[", "]"))
    try:
        hits = search(args.db, args.query, lang=args.lang, limit=args.limit, marks=marks)
    except BilinormError as exc:
        print(f"bilinorm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    lines = []
    for rank, hit in enumerate(hits, 1):
        if args.json:
            lines.append(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            lines.append(f"{rank}. {hit.title or '(no title)'}\n   {hit.id}  score {hit.score:g}\n"
                         f"   {hit.snippet}")
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    return EXIT_OK if hits else EXIT_FAILED


def _write_atomic(path: Path, write) -> None:
    """Write through `write(stream)` to a temporary file beside `path`, then rename it over
    `path`: a failed export never leaves a half-written file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as stream:
            write(stream)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class _Later(Sequence):
    """Argument choices loaded when first asked for (a value to check, a help text; with a
    metavar, argparse does not list them while building the parser): importing the exports
    package loads every reader, about 0.3 s that `bilinorm run` does not need."""

    def __init__(self, load) -> None:
        self._load = load
        self._items: tuple | None = None

    def _all(self) -> tuple:
        if self._items is None:
            self._items = tuple(self._load())
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def _exports():
    from . import exports

    return exports


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {text!r}")
    return value


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().removesuffix("b")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        return int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 20M, 500k)") from None


if __name__ == "__main__":
    sys.exit(main())
