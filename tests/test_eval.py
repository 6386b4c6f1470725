"""`figures eval`: the scoring itself on gold of our own, and the floor on the real dev gold."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from figures.cli import cli
from figures.evaluate import evaluate, format_report, same_source
from tests.conftest import ROOT, need_corpus


def write_jsonl(path: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def claim(metric: str, low: int | None, high: int | None, source: str | None = None) -> dict:  # type: ignore[type-arg]
    return {"metric": metric, "low": low, "high": high, "source_text": source}


def test_scores_count_matches_misses_and_false_positives(tmp_path: Path) -> None:
    texts = write_jsonl(
        tmp_path / "mini.jsonl",
        [
            {
                "id": "a",
                "text": "PORTVILLE (Test Wire) - Police said 12 people were killed in the fire.",
            },
            {"id": "b", "text": "Nine people were killed in the crash."},
        ],
    )
    gold = write_jsonl(
        tmp_path / "mini-gold.jsonl",
        [
            {"id": "a", "credit": "Test Wire", "claims": [claim("killed", 12, 12, "police")]},
            {"id": "b", "credit": None, "claims": [claim("killed", 8, 8), claim("injured", 3, 3)]},
        ],
    )
    report = evaluate(gold, texts)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 2)
    assert report.by_metric["injured"].fn == 1
    assert report.attribution_right == 1 and report.attribution_total == 1
    assert report.credit_right == 1 and report.credit_total == 1
    assert {e.kind for e in report.errors} == {"miss", "false_positive"}


def test_dates_are_scored_where_the_gold_annotates_them(tmp_path: Path) -> None:
    texts = write_jsonl(
        tmp_path / "d.jsonl",
        [
            {"id": "a", "text": "Five people were killed on Saturday.", "published": "2024-05-08"},
            {"id": "b", "text": "Police arrested 12 people last week.", "published": "2024-05-08"},
            {"id": "c", "text": "Two people were killed.", "published": "2024-05-08"},
        ],
    )
    rows = [
        {"id": "a", "claims": [{**claim("killed", 5, 5), "as_of": "2024-05-04"}]},
        {
            "id": "b",
            "claims": [
                {**claim("arrested", 12, 12), "as_of": "2024-05-08", "period_start": "2024-04-29"}
            ],
        },
        {"id": "c", "claims": [claim("killed", 2, 2)]},  # no date keys: not scored
    ]
    report = evaluate(write_jsonl(tmp_path / "d-gold.jsonl", rows), texts)
    assert report.dates == {"as_of": [1, 2], "period_start": [1, 1]}
    assert [e.detail for e in report.errors if e.kind == "date"] == [
        "as_of: predicted '2024-05-05', gold '2024-05-08'"
    ]
    assert report.as_dict()["dates"]["as_of"]["accuracy"] == 0.5
    assert "as_of accuracy on matched claims: 0.500 (1/2)" in format_report(report)


def test_same_source_follows_the_scoring_rule() -> None:
    assert same_source("The Health Ministry", "health ministry")
    assert same_source("the ministry", "the Gaza health ministry")
    assert same_source(None, None)
    assert not same_source("police", None)
    assert not same_source("police", "hospital officials")


def test_eval_on_dev_gold_stays_above_the_floor() -> None:
    corpus = need_corpus()
    floor = json.loads((ROOT / "benchmarks" / "eval_floor.json").read_text())
    result = CliRunner().invoke(cli, ["eval", str(corpus / "dev-gold.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    print(json.dumps(scores["overall"]), scores["attribution"], scores["credit"])
    assert scores["overall"]["f1"] >= floor["f1"], scores["overall"]
