"""Real-browser tests: Playwright driving Debian's chromium against a real Datasette."""

from __future__ import annotations

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
    expect(page).to_have_url(lambda url: "metric=killed" in url)  # type: ignore[arg-type]
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows.first).to_be_visible()
    for cell in page.locator('table.rows-and-columns td[class*="col-metric"]').all():
        assert cell.inner_text().strip() == "killed"
    page.locator('td.col-document_id a').first.click()
    expect(page).to_have_url(lambda url: "/figures/documents/" in url)  # type: ignore[arg-type]
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
