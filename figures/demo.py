"""The bundled demo: wire-style articles of one crisis, built into a database to browse."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from figures.ingest import Summary, ingest
from figures.reference import Mapping, import_reference

DEMO = resources.files("figures") / "data" / "demo"
REFERENCE = Mapping(
    name="gaza-moh-daily",
    date="date",
    metric_field="metric",
    value_field="value",
    location_field="location",
    source_field="source",
)


def demo_articles() -> Path:
    """The folder of bundled demo articles."""
    return Path(str(DEMO / "articles"))


def build_demo(db_path: str | Path) -> Summary:
    """Ingest the demo articles and their reference series into ``db_path``; idempotent."""
    summary = ingest([str(demo_articles())], db_path)
    series = Path(str(DEMO / "reference" / "gaza-moh-killed-injured.csv"))
    if series.exists():
        import_reference(db_path, series, REFERENCE)
    return summary
