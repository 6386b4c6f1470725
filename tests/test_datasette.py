"""A real Datasette server on a database built by `figures ingest`, checked over HTTP."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from figures.ingest import ingest
from tests.conftest import start_datasette

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "figures.db"
    summary = ingest([str(FIXTURES)], db)
    assert summary.claims > 0
    yield from start_datasette(db, folder / "server.log")


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return json.load(response)


def test_claims_table(server: str) -> None:
    rows = get_json(f"{server}/figures/claims.json?_shape=array&_size=100")
    assert isinstance(rows, list) and rows
    assert {"metric", "value", "low", "high", "source_id", "rule"} <= set(rows[0])


def test_metric_facet(server: str) -> None:
    data = get_json(f"{server}/figures/claims.json?_facet=metric&_size=0")
    assert isinstance(data, dict)
    values = {r["value"]: r["count"] for r in data["facet_results"]["metric"]["results"]}
    assert values["killed"] >= 3
    assert "injured" in values


def test_canned_timeline_with_parameters(server: str) -> None:
    query = urllib.parse.urlencode(
        {"metric": "killed", "source": "", "location": "", "_shape": "array"}
    )
    rows = get_json(f"{server}/figures/metric_timeline.json?{query}")
    assert isinstance(rows, list)
    assert [r["value"] for r in rows if r["as_of"] in ("2024-03-04", "2024-03-06")] == [14, 23]


def test_full_text_search(server: str) -> None:
    rows = get_json(f"{server}/figures/claims.json?_search=looters&_shape=array")
    assert isinstance(rows, list)
    assert [r["metric"] for r in rows] == ["arrested"]


def test_served_read_only_with_limits(server: str) -> None:
    settings = get_json(f"{server}/-/settings.json")
    assert isinstance(settings, dict)
    assert settings["sql_time_limit_ms"] == 3000
    assert settings["suggest_facets"] is False
    query = urllib.parse.urlencode({"sql": "delete from claims", "_shape": "array"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server}/figures.json?{query}", timeout=10)
