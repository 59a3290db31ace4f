"""Sections and categories of the MEDLINE chunk against NLM's own labelling, and the glue-back
rate (labels glued to their text as catalogs print them, split again).

    python tools/structured_accuracy.py
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilinorm import normalize_all  # noqa: E402
from bilinorm.record import RawSection  # noqa: E402
from bilinorm.sections import glue_back, split_sections  # noqa: E402

MEDLINE = ROOT / "tests" / "data" / "sections_pubmedxml_medline16n0902_full.xml.gz"


def main() -> None:
    data = gzip.decompress(MEDLINE.read_bytes())
    started = time.process_time()
    records = normalize_all(data)
    seconds = time.process_time() - started
    citations = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).findall(
        ".//MedlineCitation")
    labelled = matched = glued = recovered = 0
    for citation, record in zip(citations, records):
        parts = citation.findall("./Article/Abstract/AbstractText")
        printed = [p.get("Label") for p in parts if p.get("Label") not in (None, "UNLABELLED")]
        if not printed:
            continue
        labelled += len(printed)
        sections = record.abstract.get("en", [])
        if len(sections) == len(parts):
            matched += sum((s.heading, s.category) == (p.get("Label"), p.get("NlmCategory"))
                           for p, s in zip(parts, sections) if p.get("Label") in printed)
        text = glue_back([RawSection(p.get("Label") if p.get("Label") != "UNLABELLED" else None,
                                     "".join(p.itertext())) for p in parts])
        glued += 1
        recovered += [s.heading for s in split_sections(text) if s.heading] == printed
    print(f"citations {len(citations)}, records {len(records)} ({seconds:.2f} s CPU)")
    print(f"labelled sections matching NLM's Label and NlmCategory: {matched} / {labelled}")
    print(f"glued-back abstracts split into the same sections: {recovered} / {glued} "
          f"({100 * recovered / glued:.1f}%)")


if __name__ == "__main__":
    main()
