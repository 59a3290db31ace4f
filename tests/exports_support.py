"""Records for the export and search tests: the seeds, normalized now, and records built by
the pipeline's own stages from facts read by hand off real corpus pages
(tests/data/exports/drafts/*.json, the pages beside them in pages/)."""

from __future__ import annotations

import json
from pathlib import Path

from bilinorm import normalize, to_json_bytes
from bilinorm.config import DEFAULT_CONFIG
from bilinorm.decode import decode
from bilinorm.names import make_author
from bilinorm.page import Page
from bilinorm.pipeline import build_record
from bilinorm.record import (Draft, Identifiers, Link, RawAbstract, RawSection, RawText, Record,
                             Venue)

DATA = Path(__file__).resolve().parent / "data" / "exports"
ROOT = Path(__file__).resolve().parents[1]


def seed_records() -> list[Record]:
    return [normalize(p.read_bytes(), path=p.name) for p in sorted((ROOT / "seeds").iterdir())]


def corpus_records() -> list[Record]:
    return [draft_record(path) for path in sorted((DATA / "drafts").glob("*.json"))]


def draft_record(path: Path) -> Record:
    spec = json.loads(path.read_text(encoding="utf-8"))
    raw = (DATA / "pages" / spec["page"]).read_bytes()
    page = Page(raw, decode(raw, max_bytes=DEFAULT_CONFIG.max_bytes), spec["page"])
    authors = []
    for entry in spec["authors"]:
        author = make_author(entry["name"], entry.get("names"))
        author.affiliations = list(entry.get("affiliations", []))
        authors.append(author)
    draft = Draft(
        site="hand-read",
        titles=[RawText(t["text"], t["lang"]) for t in spec["titles"]],
        authors=authors,
        affiliations=spec["affiliations"],
        venue=Venue(**spec["venue"]),
        published=spec["published"],
        identifiers=Identifiers(**spec["identifiers"]),
        keywords=[RawText(k["text"], k["lang"]) for k in spec["keywords"]],
        abstracts=[RawAbstract(text=a.get("text", ""), lang=a["lang"],
                               sections=[RawSection(**s) for s in a["sections"]] if "sections" in a else None)
                   for a in spec["abstracts"]],
        links=[Link(**link) for link in spec["links"]],
    )
    return build_record(draft, page, DEFAULT_CONFIG)


def write_out(folder: Path, records: list[Record]) -> Path:
    """An output folder as `bilinorm run` leaves it: one file per record, named from its id."""
    from bilinorm.batch.naming import record_file_name

    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / record_file_name(record.id)).write_bytes(to_json_bytes(record))
    return folder
