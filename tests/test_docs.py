"""Documentation keeps up with the code: every table, column, view and command is described."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from figures.cli import cli
from figures.store import open_db
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
DB_README = (ROOT / "db" / "README.md").read_text()
METADATA = yaml.safe_load((ROOT / "db" / "metadata.yml").read_text())
TABLES = METADATA["databases"]["figures"]["tables"]


def schema(tmp_path: Path) -> tuple[dict[str, list[str]], list[str]]:
    db = open_db(tmp_path / "figures.db")
    tables = {
        t: [c.name for c in db[t].columns]
        for t in db.table_names()
        if "_fts" not in t and not t.startswith("sqlite_")
    }
    return tables, db.view_names()


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    tables, _ = schema(tmp_path)
    missing = []
    for table, columns in tables.items():
        meta = TABLES.get(table, {})
        if not meta.get("description"):
            missing.append(f"metadata.yml: table {table}")
        if f"`{table}`" not in DB_README:
            missing.append(f"db/README.md: table {table}")
        for column in columns:
            if table in ("claims", "documents", "sources", "metrics"):
                if column not in meta.get("columns", {}):
                    missing.append(f"metadata.yml: {table}.{column}")
                if f"`{column}`" not in DB_README:
                    missing.append(f"db/README.md: {table}.{column}")
    assert missing == []


def test_every_view_is_described(tmp_path: Path) -> None:
    _, views = schema(tmp_path)
    assert views
    for view in views:
        assert TABLES.get(view, {}).get("description"), f"metadata.yml: view {view}"
        assert f"`{view}`" in DB_README or f"`{view}`" in README, f"README: view {view}"


def test_every_command_is_in_the_readme() -> None:
    def walk(group: click.Group, prefix: str) -> list[str]:
        names = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                names += walk(command, f"{prefix}{name} ")
            else:
                names.append(f"{prefix}{name}")
        return names

    for name in walk(cli, "figures "):
        assert f"`{name}" in README, f"README.md does not document `{name}`"
