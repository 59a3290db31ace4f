"""The whole report: run summary, the first page of articles as HTML, the rest as data.

One file, nothing loaded from anywhere (a Content-Security-Policy in the page forbids it).
The first page of articles is plain HTML, so the page reads without JavaScript. Every later
page of articles is kept, pre-rendered, in its own small JSON block that the page's script
parses only when that page is shown; a search index of short entries is read on load. So a
report of many thousands of articles opens and pages about as fast as one of twenty, and
building it holds one record at a time (later pages go through a temporary file). The same
run folder gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from io import StringIO
from pathlib import Path
from string import Template
from typing import TextIO
from urllib.parse import quote

from .. import __version__
from ..config import DEFAULT_CONFIG, Config
from .article import ArticleInputs, render_article
from .folder import RunFolder, iter_records, read_run_folder
from .removed import RemovedTextReader

PAGE_SIZE = 20
STATUSES = ("written", "merged", "skipped", "failed")
_LATER_PAGES = "\x00later pages\x00"


@dataclass(slots=True)
class Report:
    articles: int
    # Files of the run folder that could not be read: (file name, why).
    problems: list[tuple[str, str]] = field(default_factory=list)
    html: str | None = None  # set by build_report; write_report writes it to its file instead


def build_report(out: Path, *, inputs: Path | None = None, report_dir: Path | None = None,
                 config: Config = DEFAULT_CONFIG, page_size: int = PAGE_SIZE) -> Report:
    """The report of the run folder `out`, as a string in `Report.html`. With `inputs` (the
    folder the run read), removed boilerplate is shown with its text; with `report_dir` as
    well, each article links to its input file by a path relative to where the report will be."""
    page = StringIO()
    report = _write(out, page, inputs=inputs, report_dir=report_dir, config=config, page_size=page_size)
    report.html = page.getvalue()
    return report


def write_report(out: Path, dest: Path, *, inputs: Path | None = None,
                 config: Config = DEFAULT_CONFIG, page_size: int = PAGE_SIZE) -> Report:
    """Write the report of `out` to `dest` (through a temporary file beside it)."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            report = _write(out, handle, inputs=inputs, report_dir=dest.resolve().parent,
                            config=config, page_size=page_size)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return report


def _write(out: Path, sink: TextIO, *, inputs: Path | None, report_dir: Path | None,
           config: Config, page_size: int) -> Report:
    folder = read_run_folder(out)
    reader = RemovedTextReader(inputs, config) if inputs is not None else None
    by_record = folder.inputs_by_record()
    tally = _Tally()
    first_page: list[str] = []
    index: list[dict] = []
    problems = list(folder.problems)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as later:
        chunk: list[str] = []
        for name, record, why in iter_records(folder):
            if record is None:
                problems.append((name, why or "unreadable"))
                continue
            n = len(index)
            context = ArticleInputs(
                file=name,
                manifest=by_record.get(name, []),
                removed=reader.for_record(record) if reader else None,
                source_href=_source_href(record, inputs, report_dir),
            )
            try:
                rendered = render_article(record, n, context)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                problems.append((name, f"not a well-formed record: {type(exc).__name__}: {exc}"))
                continue
            tally.add(record)
            index.append(rendered.index)
            if n < page_size:
                first_page.append(rendered.html)
                continue
            chunk.append(rendered.html)
            if len(chunk) == page_size:
                later.write(_chunk(n // page_size, chunk))
                chunk = []
        if chunk:
            later.write(_chunk((len(index) - 1) // page_size, chunk))
        page = _page(folder, tally, index, first_page, problems, page_size)
        # Everything after the marker is the page's own script: no record text can be there.
        head, _, tail = page.rpartition(_LATER_PAGES)
        sink.write(head)
        later.seek(0)
        shutil.copyfileobj(later, sink)
        sink.write(tail)
    return Report(len(index), problems)


def _chunk(page: int, articles: list[str]) -> str:
    """One later page of articles as a JSON block (`page` counts from 0, the HTML page)."""
    return f'<script type="application/json" id="page-{page}">{_script_json(articles)}</script>\n'


def _source_href(record: dict, inputs: Path | None, report_dir: Path | None) -> str | None:
    path = (record.get("source") or {}).get("path")
    if inputs is None or report_dir is None or not path:
        return None
    target = (Path(inputs) / path).resolve()
    if not target.is_file():
        return None
    return quote(Path(os.path.relpath(target, report_dir)).as_posix())


@dataclass(slots=True)
class _Tally:
    warnings: Counter = field(default_factory=Counter)
    warned_articles: Counter = field(default_factory=Counter)
    sites: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)

    def add(self, record: dict) -> None:
        codes = [w.get("code") or "?" for w in record.get("warnings") or []]
        self.warnings.update(codes)
        self.warned_articles.update(set(codes))
        self.sites[(record.get("source") or {}).get("site") or "?"] += 1
        self.languages[" + ".join(record.get("languages") or []) or "none"] += 1


# --- the page --------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return files("bilinorm.report").joinpath(name).read_text(encoding="utf-8")


def _page(folder: RunFolder, tally: _Tally, index: list[dict], first_page: list[str],
          problems: list[tuple[str, str]], page_size: int) -> str:
    count = len(index)
    noun = "article" if count == 1 else "articles"
    return Template(_asset("template.html")).substitute(
        title=escape(f"bilinorm report: {folder.path.name or folder.path}"),
        css=_asset("report.css"),
        js=_asset("report.js"),
        heading=escape(folder.path.name or str(folder.path)),
        subtitle=escape(f"{count:,} {noun} from {len(folder.manifest):,} inputs"
                        + _run_time(folder) + f" · bilinorm {__version__}"),
        run=_run_summary(folder, tally, count, problems),
        toc="".join(_toc_item(entry) for entry in index[:page_size]),
        status=escape(f"{min(count, page_size):,} of {count:,} {noun}"
                      if count > page_size else f"{count:,} {noun}"),
        articles="".join(first_page) or '<p class="none">No records in this folder.</p>',
        index=_script_json({"pageSize": page_size, "entries": index}),
        pages=_LATER_PAGES,
    )


def _run_time(folder: RunFolder) -> str:
    seconds = (folder.summary or {}).get("seconds")
    if not isinstance(seconds, int | float):
        return ""
    return f" · run took {seconds:,.1f} s" if seconds >= 1 else f" · run took {seconds:.2f} s"


def _script_json(data) -> str:
    """JSON that cannot end or confuse the `<script>` element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return re.sub(r"<(?=script)", r"\\u003c", text, flags=re.IGNORECASE)


def _toc_item(entry: dict) -> str:
    warn = f'<span class="wc" title="warnings">{entry["w"]}</span>' if entry["w"] else ""
    return (f'<li><a href="#{escape(entry["a"])}"><span class="t">{escape(entry["t"])}</span>'
            f'<span class="l">{escape(entry["l"])}</span>{warn}</a></li>')


def _run_summary(folder: RunFolder, tally: _Tally, articles: int, problems: list[tuple[str, str]]) -> str:
    statuses = Counter(line.get("status") or "?" for line in folder.manifest)
    tiles = [_tile("articles", articles, "records in the folder")]
    tiles.append(_tile("inputs", len(folder.manifest), "lines in the manifest"))
    for status in (*STATUSES, *sorted(set(statuses) - set(STATUSES))):
        if status in STATUSES or statuses[status]:
            tiles.append(_tile(status, statuses[status], f"inputs {status}",
                               "bad" if status == "failed" and statuses[status] else ""))
    tiles.append(_tile("warnings", sum(tally.warnings.values()), "curator warnings in all records",
                       "warn" if tally.warnings else ""))
    blocks = [_warning_table(tally), *_breakdown(tally), _failures(folder), _skipped(folder)]
    if problems:
        rows = "".join(f"<tr><td><code>{escape(name)}</code></td><td>{escape(why)}</td></tr>"
                       for name, why in problems)
        blocks.append(f'<section class="box problems"><h2>Unreadable files '
                      f'<span class="sub">{len(problems)}</span></h2><table>{rows}</table></section>')
    return f'<div class="tiles">{"".join(tiles)}</div><div class="boxes">{"".join(b for b in blocks if b)}</div>'


def _tile(label: str, value: int, title: str, tone: str = "") -> str:
    cls = f"tile {tone}".strip()
    return (f'<div class="{cls}" title="{escape(title)}"><span class="v">{value:,}</span>'
            f'<span class="k">{escape(label)}</span></div>')


def _warning_table(tally: _Tally) -> str:
    if not tally.warnings:
        return '<section class="box"><h2>Warnings per code</h2><p class="none">No warnings.</p></section>'
    rows = "".join(
        f'<tr><td><code>{escape(code)}</code></td><td class="n">{count:,}</td>'
        f'<td class="n">{tally.warned_articles[code]:,}</td>'
        f'<td><a class="filter needs-js" href="#articles" data-q="w:{escape(code)}">show</a></td></tr>'
        for code, count in sorted(tally.warnings.items(), key=lambda kv: (-kv[1], kv[0])))
    return ('<section class="box"><h2>Warnings per code</h2><table><thead><tr><th>code</th>'
            '<th class="n">warnings</th><th class="n">articles</th><th></th></tr></thead>'
            f'<tbody>{rows}</tbody></table></section>')


def _failures(folder: RunFolder) -> str:
    failed = [line for line in folder.manifest if line.get("status") == "failed"]
    if not failed:
        return ('<section class="box"><h2>Failures</h2><p class="none">No input failed.</p></section>'
                if folder.manifest else "")
    by_reason: dict[str, list[dict]] = {}
    for line in failed:
        by_reason.setdefault(line.get("reason") or "?", []).append(line)
    groups = []
    for reason, lines in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rows = "".join(f'<tr><td class="path">{escape(line["input"])}</td>'
                       f'<td>{escape(line.get("message") or "")}</td></tr>' for line in lines)
        opened = " open" if len(failed) <= 12 else ""
        groups.append(f'<details{opened}><summary><code>{escape(reason)}</code> '
                      f'<span class="sub">{len(lines):,}</span></summary><table>{rows}</table></details>')
    return (f'<section class="box failures"><h2>Failures <span class="sub">{len(failed):,}</span></h2>'
            f'{"".join(groups)}</section>')


def _skipped(folder: RunFolder) -> str:
    skipped = [line for line in folder.manifest if line.get("status") == "skipped"]
    if not skipped:
        return ""
    rows = "".join(f'<tr><td class="path">{escape(line["input"])}</td>'
                   f'<td>{escape(line.get("message") or line.get("reason") or "")}</td></tr>'
                   for line in skipped)
    return (f'<section class="box skipped"><h2>Skipped <span class="sub">{len(skipped):,}</span></h2>'
            f'<details><summary>inputs not read</summary><table>{rows}</table></details></section>')


def _breakdown(tally: _Tally) -> list[str]:
    def box(title: str, counter: Counter) -> str:
        rows = "".join(f'<tr><td>{escape(k)}</td><td class="n">{v:,}</td></tr>'
                       for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        return f'<section class="box"><h2>{title}</h2><table>{rows}</table></section>'

    if not tally.sites:
        return []
    return [box("Articles by site", tally.sites), box("Articles by languages", tally.languages)]
