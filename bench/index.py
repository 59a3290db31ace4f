"""Benchmark of the embedded index: build rate and query latency over generated records.

    python bench/index.py [--records 100000] [--from OUT ...] [--keep DIR]

Records are generated from real ones (the committed output/ of the seeds, the records the
tests build from corpus pages, and any --from folders): each copy gets its own ids (DOI,
PMID, trial registration), words and numbers of its titles and sentences swapped for others
drawn from the real records' own vocabulary, a couple of rare made-up terms (as gene and
drug names are), other authors, and some sentences of other records. They are written as
an output folder, as `bilinorm run` leaves it, and indexed from there with the library the
CLI calls. Prints: build rate (records/s), index size, re-index rates (nothing changed; 1%
changed), and search latency (median, p95) per query kind and over the whole mix.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bilinorm.batch.naming import record_file_name  # noqa: E402
from bilinorm.exports import read_records, search, update_index  # noqa: E402

_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def real_records(folders: list[Path]) -> list[dict]:
    from tests.exports_support import corpus_records

    records = [r.record for folder in folders for r in read_records(folder)]
    records += [r.to_dict() for r in corpus_records()]
    return list({r["id"]: r for r in records}.values())


class Generator:
    def __init__(self, real: list[dict], seed: int = 0):
        self.real = real
        self.rng = random.Random(seed)
        texts = [json.dumps([r["title"], r["abstract"], r["keywords"]], ensure_ascii=False) for r in real]
        self.words = sorted({w for t in texts for w in _WORD.findall(t)})
        self.han = sorted({w for t in texts for w in _HAN2.findall(t)})
        self.names = sorted({a["name"] for r in real for a in r["authors"]})
        syllables = ["ka", "lo", "mi", "tor", "zen", "vax", "rel", "ium", "ol", "ine", "ab", "cept"]
        self.rare = ["".join(self.rng.choice(syllables) for _ in range(4)) for _ in range(50_000)]
        self.rare_words = frozenset(self.rare)
        self.sentences: dict[str, list[str]] = {}
        for r in real:
            for lang, sections in r["abstract"].items():
                self.sentences.setdefault(lang, []).extend(s for sec in sections for s in sec["sentences"])

    def record(self, i: int) -> dict:
        rng = self.rng
        r = copy.deepcopy(self.real[i % len(self.real)])
        doi = f"10.{5000 + i % 4000}/bench.{i:06d}"
        ids = r["identifiers"]
        ids["doi"] = doi
        ids["pmid"] = str(20_000_000 + i) if ids["pmid"] else None
        ids["trial_registrations"] = [f"NCT{rng.randrange(10**8):08d}" for _ in ids["trial_registrations"]]
        r["id"] = "doi:" + doi
        r["title"] = {lang: self.vary(t, lang) for lang, t in r["title"].items()}
        rare = [self.rare[int(rng.paretovariate(1.2)) % len(self.rare)] for _ in range(2)]
        for lang, sections in r["abstract"].items():
            for section in sections:
                sentences = [self.vary(s, lang) for s in section["sentences"]]
                if rng.random() < 0.5 and self.sentences.get(lang):
                    sentences.append(self.vary(rng.choice(self.sentences[lang]), lang))
                section["sentences"] = sentences
                section["text"] = ("" if lang == "zh" else " ").join(sentences)
            if lang == "en" and sections:
                sections[-1]["text"] += f" {rare[0]} and {rare[1]}."
                sections[-1]["sentences"].append(f"{rare[0]} and {rare[1]}.")
        for author in r["authors"]:
            author["name"] = author["name_ascii"] = rng.choice(self.names)
        r["source"]["sha256"] = f"{i:064x}"
        return r

    def vary(self, text: str, lang: str) -> str:
        rng = self.rng
        text = _NUMBER.sub(lambda m: str(rng.randrange(1, 500)), text)
        # swap two words for others, and make the sentence a word longer or shorter now and
        # then, so that copies of one record differ in length as real records do
        pattern, vocabulary, space = (_HAN2, self.han, "") if lang == "zh" else (_WORD, self.words, " ")
        spots = list(pattern.finditer(text))
        for m in sorted(rng.sample(spots, min(2, len(spots))), key=lambda m: -m.start()):
            text = text[:m.start()] + rng.choice(vocabulary) + text[m.end():]
        spots = list(pattern.finditer(text))
        if spots and rng.random() < 0.5:
            m = rng.choice(spots)
            if rng.random() < 0.5:
                text = text[:m.start()] + text[m.end():].lstrip(" ")
            else:
                text = text[:m.end()] + space + rng.choice(vocabulary) + text[m.end():]
        return text


def write_folder(folder: Path, generator: Generator, count: int) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    sample = []
    for i in range(count):
        record = generator.record(i)
        (folder / record_file_name(record["id"])).write_bytes(
            (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        if i % max(1, count // 200) < 8:  # a few of each kind of real record
            sample.append(record)
    return sample


def query_mix(sample: list[dict], generator: Generator) -> dict[str, list[str]]:
    rng = random.Random(1)
    with_trials = [r for r in sample if r["identifiers"]["trial_registrations"]]
    rare = sorted({w for r in sample for w in _WORD.findall(r["abstract"].get("en", [{}])[-1].get("text", ""))
                   if w in generator.rare_words})
    return {
        "chinese word": ["狼疮", "安全性", "肺功能", "移植"],
        "chinese phrase": ["间充质干细胞", "红斑狼疮 安全性", "慢性阻塞性肺疾病"],
        "chinese char": ["疮"],
        "english": ["fibroblast", "mesenchymal", "purpura", "Sjogren", "Sjögren", "asthma budesonide",
                    '"stem cells"', "immuno*"],
        "rare term": rng.sample(rare, min(4, len(rare))),
        "identifier": [sample[i]["identifiers"]["doi"] for i in range(0, len(sample), len(sample) // 4)]
                      + [r["identifiers"]["trial_registrations"][0] for r in with_trials[:2]],
        "mixed": ["MSC 狼疮", "lupus 安全性", f"{with_trials[0]['identifiers']['trial_registrations'][0]} 狼疮"],
    }


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--from", dest="folders", action="append", type=Path, default=[])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()

    real = real_records(args.folders or [ROOT / "output"])
    generator = Generator(real)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bilinorm-bench-"))
    out, db = work / "out", work / "index.db"
    try:
        sample, seconds = timed(write_folder, out, generator, args.records)
        print(f"generated {args.records:,} records from {len(real)} real ones in {seconds:.1f}s "
              f"({sum(p.stat().st_size for p in out.iterdir()) / 2**20:,.0f} MiB of record files)")
        db.unlink(missing_ok=True)
        report, seconds = timed(update_index, db, out)
        print(f"build:     {report.added:,} records in {seconds:.1f}s = {report.added / seconds:,.0f} records/s; "
              f"index {db.stat().st_size / 2**20:,.0f} MiB")
        report, seconds = timed(update_index, db, out)
        print(f"re-index, nothing changed: {report.unchanged:,} records in {seconds:.1f}s "
              f"= {report.unchanged / seconds:,.0f} records/s")
        changed = sorted(out.iterdir())[::100]
        for path in changed:
            record = json.loads(path.read_bytes())
            section = next(iter(record["abstract"].values()))[0]
            section["text"] += " Revised."
            section["sentences"].append("Revised.")
            path.write_bytes((json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        report, seconds = timed(update_index, db, out)
        print(f"re-index, 1% changed:      {report.updated:,} updated, {report.unchanged:,} unchanged "
              f"in {seconds:.1f}s")

        latencies: dict[str, list[float]] = {}
        hits: dict[str, int] = {}
        for kind, queries in query_mix(sample, generator).items():
            for query in queries:
                for _ in range(args.repeat):
                    found, seconds = timed(search, db, query, limit=10)
                    latencies.setdefault(kind, []).append(seconds * 1000)
                hits[query] = len(found)
        print(f"\nsearch latency, top 10 with snippets, {args.repeat} runs of each query (ms):")
        print(f"{'query kind':<16}{'queries':>8}{'median':>9}{'p95':>9}{'max':>9}")
        every = [t for ts in latencies.values() for t in ts]
        for kind, times in [*latencies.items(), ("all", every)]:
            queries = len(times) // args.repeat
            print(f"{kind:<16}{queries:>8}{statistics.median(times):>9.1f}{_p95(times):>9.1f}{max(times):>9.1f}")
        empty = [q for q, n in hits.items() if not n]
        print(f"\nqueries with no hit: {empty or 'none'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
