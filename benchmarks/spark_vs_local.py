"""Wall time of extraction: `figures ingest` (one process, then --workers) against the Spark
job in local mode plus `figures ingest --claims`, on ../shared/corpus/bulk.jsonl repeated.

    python benchmarks/spark_vs_local.py                 # 100 MB, Spark local[2]
    python benchmarks/spark_vs_local.py --size-mb 20 --cores 4

Each copy of bulk.jsonl after the first gets a marker at the end of every text, so that
every document is new: with exact copies `figures ingest` would skip the repeats as
already stored (pass --exact-repeats to measure that). Every command runs as its own
process, start-up and rule compilation included, as a user would run it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULK = ROOT.parent / "shared" / "corpus" / "bulk.jsonl"


def build_input(target: Path, size_mb: float, exact: bool) -> tuple[int, int]:
    """Write bulk.jsonl repeated to ``size_mb`` megabytes, streamed; (bytes, documents)."""
    limit = int(size_mb * 1_000_000)
    written = documents = copy = 0
    with target.open("w", encoding="utf-8") as out:
        while written < limit:
            with BULK.open(encoding="utf-8") as src:
                for line in src:
                    if copy and not exact:
                        record = json.loads(line)
                        record["text"] = f"{record['text']}\n\n[copy {copy}]"
                        line = json.dumps(record) + "\n"
                    out.write(line)
                    written += len(line.encode("utf-8"))
                    documents += 1
                    if written >= limit:
                        break
            copy += 1
    return written, documents


def run(label: str, args: list[str], cwd: Path) -> float:
    """Run `figures ARGS` in a process of its own; its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "figures.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    tail = [line for line in proc.stdout.splitlines() if line.strip()][-6:]
    print(f"-- {label}: {seconds:.1f} s (exit {proc.returncode})", flush=True)
    for line in tail:
        print(f"   {line}", flush=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label} failed")
    return seconds


def stored(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    conn.close()
    return int(docs), int(claims)


def compile_seconds() -> float:
    """Rule compilation alone, in a fresh process: the fixed cost every worker pays once."""
    code = (
        "import time; t = time.monotonic(); from figures.rules import load_rules; load_rules();"
        " print(time.monotonic() - t)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0, help="input size (MB, 10^6)")
    parser.add_argument("--cores", type=int, default=2, help="Spark local[N] and --workers N")
    parser.add_argument("--exact-repeats", action="store_true", help="copies left identical")
    parser.add_argument("--skip-single", action="store_true", help="skip the 1-process ingest")
    parser.add_argument("--keep", type=Path, help="keep the input, outputs and databases here")
    args = parser.parse_args()
    if not BULK.exists():
        raise SystemExit(f"{BULK} not found: the corpus lives beside the repository")

    work = args.keep or Path(tempfile.mkdtemp(prefix="figures-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        source = work / "bulk-repeated.jsonl"
        size, documents = build_input(source, args.size_mb, args.exact_repeats)
        mb = size / 1_000_000
        print(
            f"input: {mb:.1f} MB, {documents:,} documents; {os.cpu_count()} CPUs,"
            f" load average {os.getloadavg()[0]:.1f}; Spark local[{args.cores}]",
            flush=True,
        )
        compile_s = compile_seconds()
        print(f"rule compilation, once per process: {compile_s:.1f} s", flush=True)
        results: list[tuple[str, float, Path | None]] = []
        if not args.skip_single:
            db = work / "local-1.db"
            t = run("ingest, 1 process", ["ingest", str(source), "--db", str(db)], work)
            results.append(("figures ingest (1 process)", t, db))
        db = work / f"local-{args.cores}.db"
        t = run(
            f"ingest --workers {args.cores}",
            ["ingest", str(source), "--db", str(db), "--workers", str(args.cores)],
            work,
        )
        results.append((f"figures ingest --workers {args.cores}", t, db))
        out = work / "spark-out"
        shutil.rmtree(out, ignore_errors=True)
        extract = run(
            f"spark extract, local[{args.cores}]",
            [
                "spark",
                "extract",
                str(source),
                str(out),
                "--master",
                f"local[{args.cores}]",
                "--conf",
                "spark.ui.enabled=false",
            ],
            work,
        )
        db = work / "spark.db"
        load = run("ingest --claims", ["ingest", "--claims", str(out), "--db", str(db)], work)
        results.append((f"spark extract local[{args.cores}]", extract, None))
        results.append(("ingest --claims (load)", load, None))
        results.append(("spark extract + load", extract + load, db))
        print(f"\n{'run':<32} {'wall s':>8} {'MB/s':>7}  stored (documents, claims)")
        for label, seconds, path in results:
            counted = stored(path) if path else ""
            print(f"{label:<32} {seconds:>8.1f} {mb / seconds:>7.2f}  {counted}")
        parquet = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1_000_000
        claims = sum(p.stat().st_size for p in (out / "claims").rglob("*.parquet")) / 1_000_000
        print(f"\nParquet output {parquet:.1f} MB, of which claims/ {claims:.2f} MB")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
