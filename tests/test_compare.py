"""The comparison views on a database built from our own fixtures: every view's rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from figures.cli import cli
from figures.compare import compare, timeline
from figures.ingest import ingest
from figures.reference import import_reference, load_mapping

FIXTURES = Path(__file__).parent / "fixtures" / "compare"
MINISTRY = "Riverland health ministry"
AGENCY = "civil defence agency"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compare") / "figures.db"
    summary = ingest([str(FIXTURES)], path)
    assert summary.failed == [] and summary.new == 6
    mapping = load_mapping(FIXTURES / "reference.toml", FIXTURES / "reference.csv")
    result = import_reference(path, FIXTURES / "reference.csv", mapping)
    assert result.rows == 5 and result.skipped == []
    return path


def rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_sources_are_rows(db: Path) -> None:
    assert rows(db, "select name from sources order by lower(name)") == [(AGENCY,), (MINISTRY,)]


def test_syndicated_copy_counts_once(db: Path) -> None:
    got = rows(
        db,
        "select value, appearances, first_published from unique_figures order by as_of, value",
    )
    assert got == [
        (120, 1, "2024-04-01"),
        (150, 1, "2024-04-02"),
        (180, 2, "2024-04-03"),
        (260, 1, "2024-04-04"),
        (170, 1, "2024-04-05"),
    ]


def test_timeline_view(db: Path) -> None:
    got = rows(
        db,
        "select source, as_of, value, previous_value, change, days_since_previous, appearances"
        " from timeline where metric = 'killed' order by lower(source), as_of",
    )
    assert got == [
        (AGENCY, "2024-04-02", 150, None, None, None, 1),
        (AGENCY, "2024-04-04", 260, 150, 110, 2, 1),
        (MINISTRY, "2024-04-01", 120, None, None, None, 1),
        (MINISTRY, "2024-04-03", 180, 120, 60, 2, 2),
        (MINISTRY, "2024-04-05", 170, 180, -10, 2, 1),
    ]


def test_latest_figures_view(db: Path) -> None:
    got = rows(
        db, "select source, location, as_of, value from latest_figures order by lower(source)"
    )
    assert got == [
        (AGENCY, "Riverland", "2024-04-04", 260),
        (MINISTRY, "Riverland", "2024-04-05", 170),
    ]


def test_revisions_view(db: Path) -> None:
    got = rows(
        db, "select source, as_of, previous_value, value, reason from revisions order by as_of"
    )
    assert got == [
        (AGENCY, "2024-04-04", 150, 260, "jumped"),
        (MINISTRY, "2024-04-05", 180, 170, "fell"),
    ]


def test_disagreements_view(db: Path) -> None:
    got = rows(
        db,
        "select as_of_a, as_of_b, source_a, source_b, value_a, value_b, spread"
        " from disagreements order by as_of_a, as_of_b",
    )
    assert got == [
        ("2024-04-01", "2024-04-02", MINISTRY, AGENCY, 120, 150, 30),
        ("2024-04-01", "2024-04-04", MINISTRY, AGENCY, 120, 260, 140),
        ("2024-04-02", "2024-04-03", AGENCY, MINISTRY, 150, 180, 30),
        ("2024-04-02", "2024-04-05", AGENCY, MINISTRY, 150, 170, 20),
        ("2024-04-03", "2024-04-04", MINISTRY, AGENCY, 180, 260, 80),
        ("2024-04-04", "2024-04-05", AGENCY, MINISTRY, 260, 170, 90),
    ]


def test_claims_beside_the_reference(db: Path) -> None:
    got = rows(
        db,
        "select source, as_of, value, reference_value, difference, lag_days"
        " from claims_vs_reference order by as_of",
    )
    assert got == [
        # lag: days since the reference first reached the reported value (negative: ahead)
        (MINISTRY, "2024-04-01", 120, 118, 2, -1),
        (AGENCY, "2024-04-02", 150, 140, 10, -1),
        (MINISTRY, "2024-04-03", 180, 175, 5, None),
        (AGENCY, "2024-04-04", 260, 178, 82, None),
        (MINISTRY, "2024-04-05", 170, 170, 0, 2),
    ]


def test_timeline_and_compare_functions(db: Path) -> None:
    ministry = timeline(db, "killed", source="health ministry")
    assert [r["value"] for r in ministry] == [120, 180, 170]
    latest = compare(db, "killed", location="Riverland", on="2024-04-03")
    assert [(r["source"], r["value"], r["reference_value"]) for r in latest] == [
        (MINISTRY, 180, 175),
        (AGENCY, 150, 140),
    ]


def test_cli_timeline_formats(db: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["timeline", "killed", "--db", str(db), "--source", "agency"])
    assert table.exit_code == 0, table.output
    assert "260" in table.output and "110" in table.output
    csv_out = runner.invoke(cli, ["timeline", "killed", "--db", str(db), "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("as_of,source,location,value")
    assert len(csv_out.output.splitlines()) == 6
    compared = runner.invoke(cli, ["compare", "killed", "--db", str(db), "--format", "json"])
    assert compared.exit_code == 0 and '"reference_value"' in compared.output
