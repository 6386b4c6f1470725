"""Extraction and ingest speed, memory, rule loading and the two-worker speed-up, on real
news text.

Builds a corpus of ../shared/corpus/bulk.jsonl repeated to --size-mb (50 MB by default,
each copy's texts made distinct so that ingest stores every document), then prints:

  - rules: load time with the compiled-pattern cache warm and cold, and the wall time of
    a one-sentence `figures extract -`;
  - extraction MB/s and documents/s in one process (streamed, nothing stored), with
    `extract_documents` (batches) and with `extract_document` one at a time;
  - the reference floor on the same text: one pass of a single compiled `regex`
    alternation of the rule packs' trigger words, run on each batch just before it is
    extracted (both see the same load from other work), and the ratio extraction / floor;
  - what two processes can gain on the machine at the time (a pure-Python loop), then
    extraction in two processes (no database) against one, on alternate batches, and the
    speed-up;
  - end-to-end ingest (read, extract, write SQLite) documents/s and claims/s, with one
    process and with --workers 2, and the speed-up;
  - peak memory of an ingest of the corpus against one of a tenth of it, and of an
    extraction run on the corpus and on a corpus 10x its size.

Rates are wall-clock; "cpu" figures divide by the process's CPU time instead, which moves
less when other work shares the machine. Run from the repository root:

    python benchmarks/extraction_speed.py [--size-mb 50] [--skip-10x] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


def child(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a measurement in a fresh process; it prints one JSON object."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def repeated(times: int, code: str, *args: str) -> dict[str, float]:
    """The run with the median wall time of ``times`` fresh processes."""
    runs = [child(code, *args) for _ in range(times)]
    middle = statistics.median_low(r["seconds"] for r in runs)
    return next(r for r in runs if r["seconds"] == middle)


LOAD = """
import json, time
t = time.perf_counter()
import figures.rules
i = time.perf_counter()
figures.rules.load_rules()
print(json.dumps({"seconds": time.perf_counter() - i, "import": i - t}))
"""

# Extraction of a JSON Lines file, streamed in batches; the floor runs on each batch just
# before it, so that both see the same text and the same load from other work.
EXTRACT = """
import json, sys, time, resource, regex, tomllib
from figures.extract import extract_document, extract_documents
from figures.rules import load_rules
rs = load_rules()
extract_document("CAIRO (Reuters) - Three people were killed, police said.", ruleset=rs)
words = []
for path in rs.paths:
    with open(path, "rb") as fh:
        words += tomllib.load(fh)["pack"]["triggers"]
floor = regex.compile(r"\\b(?:" + "|".join(words) + ")", regex.IGNORECASE)

def batches(path, size=1024):
    batch = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            batch.append((item["text"], item.get("published")))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch

docs = size = claims = hits = 0
took = {"extract": 0.0, "extract_cpu": 0.0, "floor": 0.0, "floor_cpu": 0.0}
for batch in batches(sys.argv[1]):
    t, c = time.perf_counter(), time.process_time()
    for text, _ in batch:
        hits += sum(1 for _ in floor.finditer(text))
    took["floor"] += time.perf_counter() - t
    took["floor_cpu"] += time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    if sys.argv[2] == "batch":
        results = list(extract_documents(batch, ruleset=rs))
    else:
        results = [extract_document(text, p, ruleset=rs) for text, p in batch]
    took["extract"] += time.perf_counter() - t
    took["extract_cpu"] += time.process_time() - c
    claims += sum(len(r.claims) for r in results)
    docs += len(batch)
    size += sum(len(text.encode("utf-8")) for text, _ in batch)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took["extract"], "cpu": took["extract_cpu"],
                  "floor": took["floor"], "floor_cpu": took["floor_cpu"], "docs": docs,
                  "bytes": size, "claims": claims, "peak_mb": peak}))
"""

# One process against two, on alternate batches of the same corpus: both see the same load.
EXTRACT2 = """
import gc, json, sys, time, multiprocessing
from figures.extract import extract_document, extract_documents
from figures.rules import load_rules

def work(batch):
    return sum(len(r.claims) for r in extract_documents(batch, ruleset=load_rules()))

def warm():  # each worker touches what it inherited before the clock runs
    work([("CAIRO (Reuters) - Three people were killed on Monday, police said.", None)])

def batches(path, size=2048):
    batch = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            batch.append((item["text"], item.get("published")))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch

if __name__ == "__main__":
    extract_document("CAIRO (Reuters) - Three people were killed, police said.")
    seconds, size = [0.0, 0.0], [0, 0]
    gc.freeze()  # as ingest --workers does before it forks
    with multiprocessing.get_context("fork").Pool(2, initializer=warm) as pool:
        pool.map(work, [[]] * 2)  # both started
        for i, batch in enumerate(batches(sys.argv[1])):
            t = time.perf_counter()
            if i % 2:  # in chunks of 256 documents, as ingest --workers sends them
                chunks = [batch[k : k + 256] for k in range(0, len(batch), 256)]
                pool.map(work, chunks, chunksize=1)
            else:
                work(batch)
            seconds[i % 2] += time.perf_counter() - t
            size[i % 2] += sum(len(text.encode("utf-8")) for text, _ in batch)
    one, two = size[0] / seconds[0], size[1] / max(seconds[1], 1e-9)
    print(json.dumps({"one": one, "two": two, "speedup": two / one}))
"""

# What two processes can get on this machine now: a pure-Python loop, serial and in two.
CEILING = """
import json, time, multiprocessing

def burn(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

if __name__ == "__main__":
    n = 5_000_000
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(burn, [1, 1])
        one = two = 0.0
        for _ in range(2):
            t = time.perf_counter()
            burn(n), burn(n)
            one += time.perf_counter() - t
            t = time.perf_counter()
            pool.map(burn, [n, n], chunksize=1)
            two += time.perf_counter() - t
    print(json.dumps({"speedup": one / two}))
"""

INGEST = """
import json, sys, time, resource
from figures.ingest import ingest
t = time.perf_counter()
s = ingest([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), batch_size=2000)
dt = time.perf_counter() - t
peak = max(resource.getrusage(who).ru_maxrss for who in
           (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(json.dumps({"seconds": dt, "docs": s.new, "claims": s.claims, "failed": len(s.failed),
                  "peak_mb": peak}))
"""


def cli_seconds() -> float:
    """Wall time of `figures extract -` on one sentence, in a fresh process."""
    exe = Path(sys.executable).with_name("figures")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "figures.cli"]
    t = time.perf_counter()
    subprocess.run(
        [*command, "extract", "-"],
        input="Three people were killed.\n",
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--skip-10x", action="store_true", help="Skip the 10x memory run.")
    parser.add_argument(
        "--repeat", type=int, default=1, help="Fresh processes per extraction figure (median)."
    )
    args = parser.parse_args()
    if not BULK.exists():
        sys.exit(f"{BULK} not found: the benchmark runs on ../shared/corpus/bulk.jsonl")
    with tempfile.TemporaryDirectory(prefix="figures-bench-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        docs, size = build_corpus(corpus, args.size_mb)
        mb = size / 1e6
        print(f"corpus: {docs:,} documents, {mb:.1f} MB of text (bulk.jsonl repeated)")

        child(LOAD)  # the compiled-pattern cache is warm after this
        loads = [child(LOAD) for _ in range(3)]
        warm = statistics.median(r["seconds"] for r in loads)
        imported = statistics.median(r["import"] for r in loads)
        cold = child(LOAD, env={"FIGURES_CACHE_DIR": str(folder / "cold-cache")})["seconds"]
        cli = statistics.median(cli_seconds() for _ in range(3))
        print(
            f"rules load: {warm:.2f} s (compiled patterns cached; {cold:.1f} s cold), after"
            f" {imported:.2f} s importing figures; one-sentence `figures extract -`: {cli:.2f} s"
        )

        ex = repeated(args.repeat, EXTRACT, str(corpus), "batch")
        rate, cpu_rate = ex["bytes"] / 1e6 / ex["seconds"], ex["bytes"] / 1e6 / ex["cpu"]
        print(
            f"extraction, one process: {rate:.2f} MB/s ({cpu_rate:.2f} cpu),"
            f" {ex['docs'] / ex['seconds']:,.0f} docs/s, {ex['claims']:,} claims,"
            f" peak memory {ex['peak_mb']:.0f} MB"
        )
        one = repeated(args.repeat, EXTRACT, str(corpus), "single")
        print(
            f"  (extract_document one at a time: {one['bytes'] / 1e6 / one['seconds']:.2f} MB/s"
            f" ({one['bytes'] / 1e6 / one['cpu']:.2f} cpu), {one['claims']:,} claims)"
        )
        floor = ex["bytes"] / 1e6 / ex["floor"]
        cpu_floor = ex["bytes"] / 1e6 / ex["floor_cpu"]
        print(
            f"floor (one regex alternation of the trigger words, run on each batch just"
            f" before it): {floor:.2f} MB/s ({cpu_floor:.2f} cpu);"
            f" extraction / floor = {rate / floor:.2f} ({cpu_rate / cpu_floor:.2f} cpu)"
        )
        ceiling = child(CEILING)["speedup"]
        print(
            f"two processes on this machine now, a pure-Python loop: {ceiling:.2f}x"
            f" (the ceiling of any speed-up below while other work shares the cores)"
        )
        two = child(EXTRACT2, str(corpus))
        print(
            f"extraction, two processes (alternate batches against one):"
            f" {two['two'] / 1e6:.2f} MB/s against {two['one'] / 1e6:.2f},"
            f" speed-up {two['speedup']:.2f}x"
        )
        ing1 = child(INGEST, str(corpus), str(folder / "one.db"), "1")
        ing2 = child(INGEST, str(corpus), str(folder / "two.db"), "2")
        for name, r in (("1 process", ing1), ("--workers 2", ing2)):
            print(
                f"ingest end to end, {name}: {r['docs'] / r['seconds']:,.0f} docs/s,"
                f" {r['claims'] / r['seconds']:,.0f} claims/s ({r['seconds']:.1f} s),"
                f" peak memory {r['peak_mb']:.0f} MB (largest process)"
            )
        print(f"--workers 2 speed-up: {ing1['seconds'] / ing2['seconds']:.2f}x")
        tenth = folder / "tenth.jsonl"
        build_corpus(tenth, args.size_mb / 10)
        small = child(INGEST, str(tenth), str(folder / "tenth.db"), "1")
        print(
            f"peak memory, ingest of the corpus against a tenth of it"
            f" ({args.size_mb / 10:g} MB): {ing1['peak_mb']:.0f} MB = "
            f"{ing1['peak_mb'] / small['peak_mb']:.2f}x the {small['peak_mb']:.0f} MB at a tenth"
        )
        if not args.skip_10x:
            big = folder / "corpus10x.jsonl"
            build_corpus(big, args.size_mb * 10)
            ex10 = child(EXTRACT, str(big), "batch")
            print(
                f"peak memory, extraction at 10x the input ({ex10['bytes'] / 1e6:.0f} MB):"
                f" {ex10['peak_mb']:.0f} MB = {ex10['peak_mb'] / ex['peak_mb']:.2f}x"
                f" the peak at 1x"
            )


if __name__ == "__main__":
    main()
