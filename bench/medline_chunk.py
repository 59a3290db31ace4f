"""Time `normalize_all` on the MEDLINE 2016 chunk (604 citations), in this process.

    python bench/medline_chunk.py [runs]

Prints the time per run and the median; run it pinned to one core (`taskset -c 0`) to
measure the single-core figure the project budgets for (well under 10 s).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bilinorm import normalize_all, to_json_bytes  # noqa: E402

CHUNK = Path(__file__).resolve().parents[1] / "tests" / "data" / "structured" / "pubmedxml_pubmedparser_medline16n0902_full.xml.gz"


def main(runs: int) -> None:
    data = gzip.decompress(CHUNK.read_bytes())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        records = normalize_all(data, path=CHUNK.name)
        normalized = time.perf_counter() - started
        size = sum(len(to_json_bytes(r)) for r in records)
        times.append(normalized)
        print(f"{len(records)} records, {len(data):,} bytes in, {size:,} bytes out: "
              f"normalize {normalized:.2f} s, serialize {time.perf_counter() - started - normalized:.2f} s")
    print(f"median of {runs}: {statistics.median(times):.2f} s "
          f"({statistics.median(times) / len(records) * 1000:.2f} ms per citation)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
