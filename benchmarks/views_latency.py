"""Build a database of one million claims and time the comparison views through Datasette.

Prints the median latency (ms) of `timeline`, `latest_figures` and `disagreements` requests
to Datasette's JSON API, each repeated, after a warm-up. Run from the repository root:

    python benchmarks/views_latency.py [--claims 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures.serve import datasette_args, free_port  # noqa: E402
from figures.store import CLAIM_COLUMNS, open_db  # noqa: E402

METRICS = [
    "killed",
    "injured",
    "hostages",
    "released",
    "missing",
    "displaced",
    "arrested",
    "evacuated",
    "casualties",
]


def build(path: Path, n_claims: int, seed: int = 7) -> None:
    """Synthetic but shaped like real data: 200 sources, each reporting on a few places."""
    rng = random.Random(seed)
    db = open_db(path)
    conn = db.conn
    locations = [f"Place {i}" for i in range(40)]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO sources (id, name, kind, canonical) VALUES (?, ?, 'ministry', 1)",
        [(i, f"Source {i}") for i in range(1, 201)],
    )
    n_docs = n_claims // 10
    start = dt.date(2022, 1, 1)
    conn.executemany(
        "INSERT INTO documents (id, title, published, text, ingested_at) VALUES (?, ?, ?, ?, ?)",
        [
            (
                f"d{i:08d}",
                f"Report {i}",
                (start + dt.timedelta(days=i % 1095)).isoformat(),
                f"Report {i}: figures of the day.",
                "2026-01-01T00:00:00",
            )
            for i in range(n_docs)
        ],
    )
    places_of = {s: rng.sample(locations, 3) for s in range(1, 201)}
    rows = []
    for i in range(n_claims):
        source = rng.randint(1, 200)
        metric = METRICS[i % len(METRICS)]
        location = rng.choice(places_of[source])
        day = start + dt.timedelta(days=rng.randint(0, 1094))
        value = rng.randint(1, 50_000)
        rows.append(
            (
                f"d{rng.randrange(n_docs):08d}",
                metric,
                value,
                value,
                value,
                "exact",
                str(value),
                "people",
                source,
                f"Source {source}",
                "said",
                "stated",
                None,
                location,
                "cumulative" if i % 3 else "incident",
                None,
                day.isoformat(),
                day.isoformat(),
                f"Source {source} said {value} people were {metric}.",
                0,
                0,
                5,
                "bench.rule",
                "bench",
                f"fp{i}",
                None,
                "2026-01-01T00:00:00",
            )
        )
        if len(rows) == 50_000:
            _insert(conn, rows)
    _insert(conn, rows)
    conn.execute(
        "INSERT INTO series (metric, source_id, location, claims)"
        " SELECT metric, source_id, location, count(*) FROM claims GROUP BY 1, 2, 3"
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _insert(conn, rows: list) -> None:  # type: ignore[no-untyped-def,type-arg]
    cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
    marks = ", ".join("?" for _ in CLAIM_COLUMNS)
    conn.executemany(f"INSERT INTO claims ({cols}) VALUES ({marks})", rows)
    rows.clear()


def median_ms(url: str, repeat: int) -> float:
    with urllib.request.urlopen(url, timeout=60) as r:  # warm-up
        r.read()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the database in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="figures-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "figures.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.claims)
        print(f"built {args.claims:,} claims in {time.perf_counter() - t:.1f} s: {path}")
    port = free_port()
    proc = subprocess.Popen(
        datasette_args(path, port=port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}/figures"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        q = urllib.parse.urlencode
        requests = {
            "timeline (canned: metric + source)": f"{base}/metric_timeline.json?"
            + q({"metric": "killed", "source": "Source 17", "location": "", "_shape": "array"}),
            "timeline (view: metric + source_id + location)": f"{base}/timeline.json?"
            + q(
                {
                    "metric": "killed",
                    "source_id": 17,
                    "location": "Place 3",
                    "_shape": "array",
                    "_nocount": 1,
                    "_nofacet": 1,
                }
            ),
            "latest_figures (view: metric + location)": f"{base}/latest_figures.json?"
            + q(
                {
                    "metric": "killed",
                    "location": "Place 3",
                    "_shape": "array",
                    "_nocount": 1,
                    "_nofacet": 1,
                }
            ),
            "latest_per_source (canned: metric)": f"{base}/latest_per_source.json?"
            + q({"metric": "killed", "_shape": "array"}),
            "disagreements (canned: metric + location)": f"{base}/source_disagreements.json?"
            + q({"metric": "killed", "location": "Place 3", "days": 3, "_shape": "array"}),
        }
        print(f"median of {args.repeat} warm requests through Datasette's JSON API:")
        for name, url in requests.items():
            print(f"  {name:<52} {median_ms(url, args.repeat):8.1f} ms")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
