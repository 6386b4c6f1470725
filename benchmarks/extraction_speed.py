"""Extraction and ingest speed, memory, and the two-worker speed-up, on real news text.

Builds a corpus of ../shared/corpus/bulk.jsonl repeated to --size-mb (50 MB by default,
each copy's texts made distinct so that ingest stores every document), then prints:

  - extraction MB/s and documents/s in one process (streamed, nothing stored);
  - the reference floor on the same text: one pass of a single compiled `regex`
    alternation of the rule packs' trigger words, and the ratio extraction / floor;
  - end-to-end ingest (read, extract, write SQLite) documents/s and claims/s, with one
    process and with --workers 2, and the speed-up;
  - peak memory of an extraction run on the corpus and on a corpus 10x its size.

Run from the repository root:  python benchmarks/extraction_speed.py [--size-mb 50]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULK = ROOT.parent / "shared" / "corpus" / "bulk.jsonl"


def build_corpus(path: Path, size_mb: float) -> tuple[int, int]:
    """Write bulk.jsonl repeated to ``size_mb`` of text; return (documents, text bytes)."""
    items = [json.loads(line) for line in BULK.open(encoding="utf-8") if line.strip()]
    target = int(size_mb * 1_000_000)
    docs = 0
    size = 0
    copy = 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            for item in items:
                # a distinct suffix per copy, so that ingest does not skip the repeats
                text = f"{item['text']} [copy {copy}]"
                out.write(json.dumps({**item, "text": text}) + "\n")
                docs += 1
                size += len(text.encode("utf-8"))
                if size >= target:
                    break
            copy += 1
    return docs, size


def child(code: str, *args: str) -> dict[str, float]:
    """Run a measurement in a fresh process; it prints one JSON object."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


EXTRACT = """
import json, sys, time, resource
from figures.extract import extract_document
from figures.rules import load_rules
rs = load_rules()
docs = size = claims = 0
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        item = json.loads(line)
        text = item["text"]
        claims += len(extract_document(text, item.get("published"), ruleset=rs).claims)
        docs += 1
        size += len(text.encode("utf-8"))
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": dt, "docs": docs, "bytes": size, "claims": claims, "peak_mb": peak}))
"""

FLOOR = """
import json, sys, time, regex
from figures.rules import load_rules
rs = load_rules()
words = []
for path in rs.paths:
    import tomllib
    words += tomllib.load(open(path, "rb"))["pack"]["triggers"]
pattern = regex.compile(r"\\b(?:" + "|".join(words) + ")", regex.IGNORECASE)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
size = sum(len(t.encode("utf-8")) for t in texts)
t = time.perf_counter()
hits = 0
for text in texts:
    hits += sum(1 for _ in pattern.finditer(text))
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "bytes": size, "hits": hits}))
"""

INGEST = """
import json, sys, time
from figures.ingest import ingest
t = time.perf_counter()
s = ingest([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), batch_size=2000)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "docs": s.new, "claims": s.claims, "failed": len(s.failed)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--skip-10x", action="store_true", help="Skip the 10x memory run.")
    args = parser.parse_args()
    if not BULK.exists():
        sys.exit(f"{BULK} not found: the benchmark runs on ../shared/corpus/bulk.jsonl")
    with tempfile.TemporaryDirectory(prefix="figures-bench-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        docs, size = build_corpus(corpus, args.size_mb)
        mb = size / 1e6
        print(f"corpus: {docs:,} documents, {mb:.1f} MB of text (bulk.jsonl repeated)")

        ex = child(EXTRACT, str(corpus))
        rate = ex["bytes"] / 1e6 / ex["seconds"]
        print(
            f"extraction, one process: {rate:.2f} MB/s, {ex['docs'] / ex['seconds']:,.0f} docs/s,"
            f" {ex['claims']:,} claims, peak memory {ex['peak_mb']:.0f} MB"
        )
        fl = child(FLOOR, str(corpus))
        floor = fl["bytes"] / 1e6 / fl["seconds"]
        print(
            f"floor (one regex alternation of the trigger words): {floor:.2f} MB/s;"
            f" extraction / floor = {rate / floor:.2f}"
        )
        one = child(INGEST, str(corpus), str(folder / "one.db"), "1")
        two = child(INGEST, str(corpus), str(folder / "two.db"), "2")
        for name, r in (("1 process", one), ("--workers 2", two)):
            print(
                f"ingest end to end, {name}: {r['docs'] / r['seconds']:,.0f} docs/s,"
                f" {r['claims'] / r['seconds']:,.0f} claims/s ({r['seconds']:.1f} s)"
            )
        print(f"--workers 2 speed-up: {one['seconds'] / two['seconds']:.2f}x")
        if not args.skip_10x:
            big = folder / "corpus10x.jsonl"
            build_corpus(big, args.size_mb * 10)
            ex10 = child(EXTRACT, str(big))
            print(
                f"peak memory, extraction at 10x the input ({ex10['bytes'] / 1e6:.0f} MB):"
                f" {ex10['peak_mb']:.0f} MB = {ex10['peak_mb'] / ex['peak_mb']:.2f}x"
                f" the peak at 1x"
            )
    own = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(largest child process peak: {own:.0f} MB)")


if __name__ == "__main__":
    main()
