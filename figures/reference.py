"""Reference series: a published daily series (CSV or JSON, by a mapping) to compare with."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from figures.context import iso_date
from figures.store import open_db

MAPPINGS = resources.files("figures") / "data" / "reference"


class Mapping(BaseModel):
    """How the rows of one series file map to (date, metric, value, location, source).

    Wide files have one value field per metric (``values``); long files have a field that
    names the metric and one that holds the value (``metric_field``, ``value_field``).
    Location and source are constants, or read from a field (``location_field``...).
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    date: str = Field(description="the field holding the date")
    location: str | None = Field(None, description="the location every row speaks for")
    source: str | None = Field(None, description="who publishes the series")
    values: dict[str, str] = Field(default_factory=dict, description="metric → value field")
    qualifiers: dict[str, str] = Field(default_factory=dict, description="metric → qualifier field")
    metric_field: str | None = None
    value_field: str | None = None
    location_field: str | None = None
    source_field: str | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Mapping:
        long = self.metric_field is not None and self.value_field is not None
        if bool(self.values) == long:
            raise ValueError("give `values` (wide) or `metric_field` and `value_field` (long)")
        if self.location is None and self.location_field is None:
            raise ValueError("give `location` or `location_field`")
        if self.source is None and self.source_field is None:
            raise ValueError("give `source` or `source_field`")
        return self

    def cells(self, row: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
        """(metric, raw value, qualifier field) of one row."""
        if self.values:
            return [(m, row.get(f), self.qualifiers.get(m)) for m, f in self.values.items()]
        assert self.metric_field and self.value_field
        return [(str(row.get(self.metric_field) or ""), row.get(self.value_field), None)]


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
        location = mapping.location or str(row.get(mapping.location_field or "") or "")
        source = mapping.source or str(row.get(mapping.source_field or "") or "")
        for metric, value, qual_field in mapping.cells(row):
            if value in (None, "") or not metric:
                continue
            try:
                number = int(float(value))
            except (TypeError, ValueError):
                skipped.append(f"{data_file} record {i}: {value!r} is not a number")
                continue
            qual = _qualifier(row.get(qual_field)) if qual_field else "exact"
            out.append((mapping.name, metric, location, source, date, number, qual))
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
