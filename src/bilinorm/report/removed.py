"""The text behind a record's `removed` entries, read back from the record's inputs.

Records account for boilerplate by kind, name and size, never by text (the contract keeps
records free of what is not the article). To show a curator what was removed, the report
reads the record's own input files again (when given the input folder), checks that their
bytes are the ones the record was made from (`source.sha256`), and re-runs the site adapter
that read them (`source.site`); adapters keep each removed part's text on the `Removal`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_CONFIG, Config
from ..decode import decode
from ..errors import BilinormError
from ..page import Page
from ..pipeline import build_record
from ..sites import adapter_by_name

RemovedParts = dict[tuple[str, str], list[str]]  # (kind, name) -> texts, in page order


@dataclass(slots=True)
class _InputParts:
    """What re-reading one input gave: removed parts per record id, and whether the reader
    left some removed parts without their text."""

    by_id: dict[str, RemovedParts]
    untold: bool


@dataclass(slots=True)
class RemovedText:
    parts: RemovedParts = field(default_factory=dict)
    # Why some text cannot be shown (input missing or changed, no reader of that name), per input.
    notes: list[str] = field(default_factory=list)


class RemovedTextReader:
    """Reads removed text for records from the input folder `inputs`. Inputs that hold many
    articles are read once for all of them (a small cache keyed by path and SHA-256)."""

    def __init__(self, inputs: Path, config: Config = DEFAULT_CONFIG, cache_size: int = 8):
        self.inputs = Path(inputs)
        self.config = config
        self._cache: OrderedDict[tuple[str, str, str], _InputParts | str] = OrderedDict()
        self._cache_size = cache_size

    def for_record(self, record: dict) -> RemovedText:
        found = RemovedText()
        seen: dict[tuple[str, str], list[list[str]]] = {}
        sources = [record.get("source") or {}, *(record.get("also_from") or [])]
        for source in sources:
            read = self._read(source)
            if isinstance(read, str):
                found.notes.append(read)
                continue
            if read.untold:
                found.notes.append(f"{source.get('path')}: the {source.get('site')} reader does not "
                                   f"keep the text of some parts it removes")
            parts = read.by_id.get(record["id"])
            if parts is None:
                found.notes.append(f"{source.get('path')}: the {source.get('site')} reader no "
                                   f"longer finds the article {record['id']} in it")
                continue
            for key, texts in parts.items():
                # Inputs merged into one record are often copies of one page: their removed
                # parts are shown once, as the merged record counts them once.
                if texts not in seen.setdefault(key, []):
                    seen[key].append(texts)
                    found.parts.setdefault(key, []).extend(texts)
        return found

    def _read(self, source: dict) -> _InputParts | str:
        key = (str(source.get("path")), str(source.get("sha256")), str(source.get("site")))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        result = self._read_uncached(source)
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result

    def _read_uncached(self, source: dict) -> _InputParts | str:
        rel = source.get("path")
        if not rel:
            return "the record does not name its input file"
        path = (self.inputs / rel).resolve()
        if not path.is_relative_to(self.inputs.resolve()):
            return f"{rel}: the path leaves the input folder"
        try:
            data = path.read_bytes()
        except OSError as exc:
            return f"{rel}: cannot read the input ({exc.strerror or exc})"
        try:
            page = Page(data, decode(data, max_bytes=self.config.max_bytes), rel,
                        max_html_depth=self.config.max_html_depth)
        except BilinormError as exc:
            return f"{rel}: cannot be read now ({exc.reason}: {exc})"
        if page.sha256 != source.get("sha256"):
            return f"{rel}: the input has changed since the run (its SHA-256 differs)"
        try:
            adapter = adapter_by_name(source.get("site") or "")
        except KeyError:
            return f"{rel}: this version has no reader named {source.get('site')!r}"
        by_id: dict[str, RemovedParts] = {}
        untold = False
        try:
            for draft in adapter.extract(page):
                parts = by_id.setdefault(build_record(draft, page, self.config).id, {})
                for item in draft.removed:
                    if item.text is None:
                        untold = True
                    else:
                        parts.setdefault((item.kind, item.name), []).append(item.text)
        except BilinormError as exc:
            return f"{rel}: the {adapter.NAME} reader fails on it now ({exc.reason}: {exc})"
        except Exception as exc:  # a reader's bug must not stop the report of every other record
            return f"{rel}: the {adapter.NAME} reader broke on it ({type(exc).__name__}: {exc})"
        return _InputParts(by_id, untold)
