"""Append the current gold-set scores to benchmarks/scores.csv, one row per commit.

Run from the repository root: python benchmarks/record_scores.py [GOLD]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT / "benchmarks" / "scores.csv"
FIELDS = [
    "date", "commit", "rules_version", "precision", "recall", "f1", "attribution", "credit",
    "gold", "predicted",
]  # fmt: skip


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/dev-gold.jsonl"
    out = subprocess.run(
        [sys.executable, "-m", "figures.cli", "eval", str(gold), "--json"],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout  # fmt: skip
    scores = json.loads(out)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    o = scores["overall"]
    row = {
        "date": dt.date.today().isoformat(),
        "commit": commit,
        "rules_version": scores["rules_version"],
        "precision": o["precision"],
        "recall": o["recall"],
        "f1": o["f1"],
        "attribution": scores["attribution"]["accuracy"],
        "credit": scores["credit"]["accuracy"],
        "gold": o["tp"] + o["fn"],
        "predicted": o["tp"] + o["fp"],
    }
    new = not HISTORY.exists()
    with HISTORY.open("a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        if new:
            writer.writeheader()
        writer.writerow(row)
    print(", ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
