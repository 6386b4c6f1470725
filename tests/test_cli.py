"""The command line, through click's runner: extract, ingest, rules, eval."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from figures.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def test_extract_prints_claims_as_json_lines() -> None:
    text = "Provincial officials said at least 31 people were killed and more than 200 wounded."
    result = CliRunner().invoke(cli, ["extract", "-", "--published", "2024-05-02"], input=text)
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.output.splitlines()]
    assert [(c["metric"], c["low"], c["high"], c["qualifier"]) for c in claims] == [
        ("killed", 31, None, "at_least"),
        ("injured", 200, None, "more_than"),
    ]
    for c in claims:
        assert c["as_of"] == "2024-05-02"
        assert c["source_text"] == "Provincial officials"
        for field in (
            "number_text",
            "cue",
            "attribution",
            "via",
            "location",
            "scope",
            "sentence",
            "start",
            "end",
            "rule",
            "source",
        ):
            assert field in c


def test_extract_rejects_a_bad_date() -> None:
    result = CliRunner().invoke(cli, ["extract", "-", "--published", "last week"], input="x")
    assert result.exit_code != 0
    assert "not a YYYY-MM-DD date" in result.output


def test_ingest_summary_and_exit_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Three soldiers were wounded."}\n{oops\n')
    db = tmp_path / "figures.db"
    result = CliRunner().invoke(cli, ["ingest", str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "documents read: 1" in result.output
    assert "failed: 1" in result.output
    assert f"{bad}:2: not valid JSON" in result.output


def test_ingest_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "figures.db"
    text = "title: A test\npublished: 2024-02-01\n\nFive people were killed in the fire."
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db)], input=text)
    assert result.exit_code == 0, result.output
    assert "new: 1" in result.output
    assert "claims stored: 1" in result.output


def test_rules_list_and_test() -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["rules", "list"])
    assert listed.exit_code == 0
    assert listed.output.startswith("rules version ")
    assert "killed" in listed.output and "hostages" in listed.output
    tested = runner.invoke(cli, ["rules", "test"])
    assert tested.exit_code == 0, tested.output
    assert " passed, 0 failed" in tested.output


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for args in (
        ["ingest"],
        ["extract"],
        ["serve"],
        ["demo"],
        ["eval"],
        ["rules", "list"],
        ["rules", "test"],
    ):
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, args
