"""The bundled demo: wire-style articles of one crisis, built into a database to browse."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from figures.ingest import Summary, ingest

DEMO = resources.files("figures") / "demo"


def demo_articles() -> Path:
    """The folder of bundled demo articles."""
    return Path(str(DEMO / "articles"))


def build_demo(db_path: str | Path) -> Summary:
    """Ingest the demo articles into ``db_path``; idempotent."""
    return ingest([str(demo_articles())], db_path)
