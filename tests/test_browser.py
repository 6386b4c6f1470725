"""Real-browser tests: Playwright driving Debian's chromium against a real Datasette."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from figures.ingest import ingest
from tests.conftest import start_datasette

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "figures.db"
    ingest([str(FIXTURES)], db)
    yield from start_datasette(db, folder / "server.log")


def test_facet_then_claim_to_its_document(server: str, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/figures/claims")
    expect(page.locator("table.rows-and-columns")).to_be_visible()
    page.locator('.facet-info[data-column="metric"] a', has_text="killed").first.click()
    expect(page).to_have_url(re.compile(r"metric=killed"))
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows.first).to_be_visible()
    for cell in page.locator('table.rows-and-columns td[class*="col-metric"]').all():
        assert cell.inner_text().split()[-1] == "killed"  # the label, then the metric id
    page.locator("td.col-document_id a").first.click()
    expect(page).to_have_url(re.compile(r"/figures/documents/\w+"))
    expect(page.locator("body")).to_contain_text("killed")
    assert errors == []


def test_script_in_article_text_is_shown_escaped(server: str, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/figures/documents?_search=clash")
    expect(page.locator("body")).to_contain_text('<script>alert("boom")</script>')
    page.locator("td.col-id a").first.click()
    expect(page.locator("body")).to_contain_text('<script>alert("boom")</script>')
    assert dialogs == []


COMPARE = Path(__file__).parent / "fixtures" / "compare"


@pytest.fixture(scope="module")
def compare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from figures.reference import import_reference, load_mapping

    folder = tmp_path_factory.mktemp("dashboard")
    db = folder / "figures.db"
    ingest([str(COMPARE)], db)
    mapping = load_mapping(COMPARE / "reference.toml", COMPARE / "reference.csv")
    import_reference(db, COMPARE / "reference.csv", mapping)
    yield from start_datasette(db, folder / "server.log")


def test_dashboard_draws_its_chart(compare_server: str, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{compare_server}/-/dashboards/figures?metric=killed")
    chart = page.locator("#card-over-time .vega-embed")
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=15000)
    expect(page.locator("#card-latest")).to_contain_text("260")
    assert errors == []


def test_canned_query_runs_with_parameters(compare_server: str, page: Page) -> None:
    page.goto(
        f"{compare_server}/figures/metric_timeline?metric=killed&source=civil+defence+agency&location="
    )
    table = page.locator("table.rows-and-columns")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("260")
    # the form carries the parameters: change one and run again
    page.fill('input[name="source"]', "Riverland health ministry")
    page.locator('form.sql input[type="submit"]').click()
    expect(table.locator("tbody tr")).to_have_count(3)
