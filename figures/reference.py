"""Reference series: a published daily series (CSV or JSON, by a mapping) to compare with."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from figures.context import iso_date
from figures.store import open_db

MAPPINGS = resources.files("figures") / "data" / "reference"


class Mapping(BaseModel):
    """How the rows of one series file map to (date, metric, value, location, source)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    date: str = Field(description="the field holding the date")
    location: str = Field(description="the location every row speaks for")
    source: str = Field(description="who publishes the series")
    values: dict[str, str] = Field(min_length=1, description="metric → field holding its value")
    qualifiers: dict[str, str] = Field(default_factory=dict, description="metric → qualifier field")


@dataclass(frozen=True, slots=True)
class ImportResult:
    name: str
    rows: int
    skipped: list[str]


def load_mapping(path: Path | None, data_file: Path) -> Mapping:
    """The mapping at ``path``, or the bundled one named like ``data_file``."""
    if path is None:
        bundled = MAPPINGS / f"{data_file.stem}.toml"
        if not bundled.is_file():
            raise ValueError(
                f"{data_file}: no bundled mapping for this file; pass --mapping FILE.toml"
                f" (see docs/comparison.md)"
            )
        text = bundled.read_text(encoding="utf-8")
        where = f"bundled mapping {data_file.stem}.toml"
    else:
        text = path.read_text(encoding="utf-8")
        where = str(path)
    try:
        return Mapping.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The records of a CSV file, a JSON array, or JSON Lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = []
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from exc
        return rows
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of records")
    return data


def _qualifier(raw: Any) -> str:
    text = str(raw or "").strip().lower()
    return {"about": "about", "approximately": "about", "at least": "at_least"}.get(text, "exact")


def import_reference(
    db_path: str | Path, data_file: Path, mapping: Mapping | None = None
) -> ImportResult:
    """Load one series into ``reference_series``; re-importing replaces the same rows."""
    mapping = mapping or load_mapping(None, data_file)
    rows = read_rows(data_file)
    out: list[tuple[Any, ...]] = []
    skipped: list[str] = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            skipped.append(f"{data_file} record {i}: not an object")
            continue
        date = iso_date(str(row.get(mapping.date) or ""))
        if date is None:
            skipped.append(f"{data_file} record {i}: no date in {mapping.date!r}")
            continue
        for metric, field in mapping.values.items():
            value = row.get(field)
            if value in (None, ""):
                continue
            try:
                number = int(float(value))
            except (TypeError, ValueError):
                skipped.append(f"{data_file} record {i}: {field}={value!r} is not a number")
                continue
            qual = (
                _qualifier(row.get(mapping.qualifiers[metric]))
                if metric in mapping.qualifiers
                else "exact"
            )
            out.append((mapping.name, metric, mapping.location, mapping.source, date, number, qual))
    db = open_db(db_path)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO reference_series (name, metric, location, source, date, value, qualifier)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(name, metric, location, date) DO UPDATE SET value = excluded.value,"
            " source = excluded.source, qualifier = excluded.qualifier",
            out,
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return ImportResult(mapping.name, len(out), skipped)
