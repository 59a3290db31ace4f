"""The command line: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 success; 1 some document could not be normalized (`export`, `index`: some
record could not be read; `search`: no hits); 2 bad usage, the output cannot be written, or
the index cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .config import DEFAULT_CONFIG
from .errors import BilinormError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bilinorm",
        description="Scraped scholarly-article pages to canonical bilingual JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"bilinorm {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    one = commands.add_parser("normalize", help="print the record of one page")
    one.add_argument("path", metavar="PATH")
    one.add_argument("--max-bytes", type=_size, default=DEFAULT_CONFIG.max_bytes)

    batch = commands.add_parser("run", help="normalize files and folders into an output folder")
    batch.add_argument("inputs", nargs="+", metavar="INPUT")
    batch.add_argument("-o", "--out", required=True, type=Path, metavar="OUT")
    batch.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    batch.add_argument("--include", action="append", default=[], metavar="GLOB")
    batch.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    batch.add_argument("--max-bytes", type=_size, default=DEFAULT_CONFIG.max_bytes)
    batch.add_argument("--follow-symlinks", action="store_true",
                       help="read symlinks that lead outside the input folders")
    batch.add_argument("-q", "--quiet", action="store_true")

    report = commands.add_parser("report", help="write a run folder as one HTML page for curators")
    report.add_argument("out", type=Path, metavar="OUT", help="the run folder (bilinorm run ... -o OUT)")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="REPORT.html")
    report.add_argument("--inputs", type=Path, metavar="DIR",
                        help="the folder the run read: shows removed boilerplate with its text")
    report.add_argument("-q", "--quiet", action="store_true")
    from .exports import FORMATS, MAPPINGS

    export = commands.add_parser("export", help="write the records of OUT for a search engine or reference manager")
    export.add_argument("out", type=Path, metavar="OUT")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not to stdout")

    mapping = commands.add_parser("mapping", help="print the shipped Elasticsearch template or Solr schema")
    mapping.add_argument("engine", choices=tuple(MAPPINGS))

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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    commands = {"normalize": _normalize, "run": _run, "report": _report, "export": _export,
                "mapping": _mapping, "index": _index, "search": _search}
    return commands[args.command](args)


def _normalize(args) -> int:
    from .pipeline import normalize_all
    from .serialize import to_json_bytes

    path = Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"bilinorm: {path}: unreadable: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, FileNotFoundError | IsADirectoryError) else EXIT_FAILED
    config = DEFAULT_CONFIG._replace(max_bytes=args.max_bytes)
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
    from .batch import RunOptions, run

    if args.jobs < 1:
        print("bilinorm: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    options = RunOptions(
        out=args.out,
        jobs=args.jobs,
        config=DEFAULT_CONFIG._replace(max_bytes=args.max_bytes),
        include=tuple(args.include),
        exclude=tuple(args.exclude),
        follow_symlinks=args.follow_symlinks,
    )
    try:
        summary = run(args.inputs, options)
    except FileNotFoundError as exc:
        print(f"bilinorm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"bilinorm: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items()) or "no inputs"
        print(f"bilinorm: {counts}; {summary.records} records in {args.out} "
              f"({summary.seconds:.1f}s)", file=sys.stderr)
    return EXIT_FAILED if summary.failed else EXIT_OK


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
