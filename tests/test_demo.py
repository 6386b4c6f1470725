"""The bundled demo: it builds, and shows timelines, revisions, disagreements and copies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from figures.cli import cli


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "figures.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "failed: 0" in result.output
    return db


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_demo_has_claims_of_every_metric_from_several_sources(demo_db: Path) -> None:
    metrics = {m for (m,) in query(demo_db, "select distinct metric from claims")}
    assert metrics >= {
        "killed",
        "injured",
        "hostages",
        "released",
        "missing",
        "displaced",
        "arrested",
        "evacuated",
    }
    sources = query(demo_db, "select count(distinct source_id) from claims")[0][0]
    assert sources >= 3


def test_demo_shows_a_cumulative_toll_over_weeks(demo_db: Path) -> None:
    rows = query(
        demo_db,
        "select source, count(*), min(as_of), max(as_of) from timeline"
        " where metric = 'killed' and scope = 'cumulative' group by source_id"
        " having count(*) >= 4 order by count(*) desc",
    )
    assert len(rows) >= 2, rows
    first, last = rows[0][2], rows[0][3]
    assert (int(last[5:7]) - int(first[5:7])) * 30 + int(last[8:]) - int(first[8:]) >= 21


def test_demo_shows_a_revision_a_disagreement_a_copy_and_the_reference(demo_db: Path) -> None:
    assert query(demo_db, "select count(*) from revisions where reason = 'fell'")[0][0] >= 1
    assert query(demo_db, "select count(*) from disagreements")[0][0] >= 1
    assert query(demo_db, "select count(*) from unique_figures where appearances > 1")[0][0] >= 1
    assert query(demo_db, "select count(*) from claims_vs_reference")[0][0] >= 3


def test_demo_is_idempotent(demo_db: Path) -> None:
    before = query(demo_db, "select count(*) from claims")[0][0]
    result = CliRunner().invoke(cli, ["demo", "--db", str(demo_db), "--no-serve"])
    assert "new: 0" in result.output
    assert query(demo_db, "select count(*) from claims")[0][0] == before
