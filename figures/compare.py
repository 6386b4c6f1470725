"""Compare figures across time and sources: the views behind `figures timeline` and `compare`."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

TIMELINE_COLUMNS = (
    "as_of", "source", "location", "value", "low", "high", "qualifier", "scope", "change",
    "days_since_previous", "appearances", "number_text",
)  # fmt: skip


def _connect(db_path: str | Path) -> sqlite3.Connection:
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def timeline(
    db_path: str | Path,
    metric: str,
    *,
    location: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Figures of one metric in as_of order, with the change from the source's previous one.

    ``location`` and ``source`` match as case-insensitive substrings.
    """
    sql = "SELECT * FROM timeline WHERE metric = ?"
    params: list[Any] = [metric]
    if location:
        sql += " AND location LIKE ?"
        params.append(f"%{location}%")
    if source:  # through the sources table, so that the index on source_id serves
        sql += " AND source_id IN (SELECT id FROM sources WHERE name LIKE ?)"
        params.append(f"%{source}%")
    sql += " ORDER BY as_of, source, id"
    with _connect(db_path) as conn:
        return [dict(r) for r in conn.execute(sql, params)]


def compare(
    db_path: str | Path,
    metric: str,
    *,
    location: str | None = None,
    on: str | None = None,
) -> list[dict[str, Any]]:
    """Each source's latest figure of one metric (as of ``on``, default today), side by side,
    with the reference series where one is loaded."""
    date_filter = "AND c.as_of <= :on" if on else ""
    sql = f"""
        SELECT x.source, x.location, c.as_of, c.value, c.low, c.high, c.qualifier,
               c.number_text, c.scope,
               (SELECT r.value FROM reference_series r
                 WHERE r.metric = :metric AND r.date = c.as_of
                   AND c.location LIKE '%' || r.location || '%' LIMIT 1) AS reference_value
        FROM (
            SELECT s.name AS source, se.location,
                (SELECT c.id FROM claims c
                  WHERE c.metric = se.metric AND c.source_id IS se.source_id
                    AND c.location IS se.location AND c.duplicate_of IS NULL
                    AND c.superseded_at IS NULL {date_filter}
                  ORDER BY c.as_of DESC, c.id DESC LIMIT 1) AS claim_id
            FROM series se LEFT JOIN sources s ON s.id = se.source_id
            WHERE se.metric = :metric
              AND (:location IS NULL OR se.location LIKE '%' || :location || '%')
        ) x JOIN claims c ON c.id = x.claim_id
        ORDER BY c.value DESC
    """
    with _connect(db_path) as conn:
        rows = conn.execute(sql, {"metric": metric, "location": location, "on": on})
        return [dict(r) for r in rows]


def render(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...] | None = None) -> str:
    """Rows as an aligned table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    cols = list(columns or (rows[0].keys() if rows else ()))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if not rows:
        return "(no figures)"
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(out)
