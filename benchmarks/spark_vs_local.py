"""Wall time of extraction: `figures ingest` (one process, then --workers) against the Spark
job in local mode plus `figures ingest --claims`, on ../shared/corpus/bulk.jsonl repeated.

    python benchmarks/spark_vs_local.py                 # 100 MB, Spark local[2]
    python benchmarks/spark_vs_local.py --size-mb 20 --cores 4

Each copy of bulk.jsonl after the first gets a marker at the end of every text, so that
every document is new: with exact copies `figures ingest` would skip the repeats as
already stored (pass --exact-repeats to measure that). Every command runs as its own
process, start-up and rule compilation included, as a user would run it; besides its wall
time, the CPU time of its whole process tree (the JVM and Spark's Python workers too).
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


TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds so far of ``root`` and every process below it (from /proc).

    Each process's own user and system time, not its children's, so nothing counts twice;
    the JVM and Spark's Python workers are found as they are, however they were started.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, parent in parents.items() if parent == pid and c not in tree]
        tree.update(children)
        frontier.extend(children)
    for pid in tree:
        if pid in times:
            seen[pid] = max(seen.get(pid, 0.0), times[pid])


def run(label: str, args: list[str], cwd: Path) -> tuple[float, float]:
    """Run `figures ARGS` in a process of its own: wall time and CPU time, in seconds.

    CPU time is that of the process and everything it starts (pool workers, the JVM,
    Spark's Python workers), sampled twice a second: what a cluster would spread over
    its cores, where wall time on a shared machine says as much about the neighbours.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    seen: dict[int, float] = {}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "figures.cli", *args], cwd=cwd, env=env, stdout=out, stderr=err
        )
        while proc.poll() is None:
            _tree_cpu(proc.pid, seen)
            time.sleep(0.5)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    cpu = sum(seen.values())
    tail = [line for line in stdout.splitlines() if line.strip()][-6:]
    load = os.getloadavg()[0]
    print(
        f"-- {label}: {seconds:.1f} s, CPU {cpu:.1f} s (exit {proc.returncode}, load {load:.1f})",
        flush=True,
    )
    for line in tail:
        print(f"   {line}", flush=True)
    if proc.returncode not in (0, 1):
        print(stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label} failed")
    return seconds, cpu


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
        results: list[tuple[str, tuple[float, float], Path | None]] = []
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
        both = (extract[0] + load[0], extract[1] + load[1])
        results.append(("spark extract + load", both, db))
        print(f"\n{'run':<32} {'wall s':>8} {'MB/s':>7} {'CPU s':>8}  stored (documents, claims)")
        for label, (seconds, cpu), path in results:
            counted = stored(path) if path else ""
            print(f"{label:<32} {seconds:>8.1f} {mb / seconds:>7.2f} {cpu:>8.1f}  {counted}")
        parquet = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1_000_000
        claims = sum(p.stat().st_size for p in (out / "claims").rglob("*.parquet")) / 1_000_000
        print(f"\nParquet output {parquet:.1f} MB, of which claims/ {claims:.2f} MB")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
