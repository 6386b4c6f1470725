"""Ingest into a real SQLite file: idempotence, whole documents, provenance, bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from figures.ingest import ingest
from figures.store import document_id, open_db

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_ingest_folder_then_again_adds_nothing(db_path: Path) -> None:
    first = ingest([str(FIXTURES)], db_path)
    assert first.failed == []
    assert first.read == 5 and first.new == 5 and first.already == 0
    assert first.claims >= 8
    second = ingest([str(FIXTURES)], db_path)
    assert (second.read, second.new, second.already, second.claims) == (5, 0, 5, 0)
    db = open_db(db_path)
    assert db["documents"].count == 5
    assert db["claims"].count == first.claims


def test_every_claim_traces_to_its_words(db_path: Path) -> None:
    ingest([str(FIXTURES)], db_path)
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        'select d.text, c.start, c."end", c.number_text, c.sentence, c.sentence_start,'
        " c.rule, c.rules_version from claims c join documents d on d.id = c.document_id"
    ).fetchall()
    assert rows
    for text, start, end, number_text, sentence, sentence_start, rule, version in rows:
        assert text[start:end] == number_text
        assert text[sentence_start : sentence_start + len(sentence)] == sentence
        assert rule and len(version) == 12


def test_header_metadata_and_credit_are_stored(db_path: Path) -> None:
    ingest([str(FIXTURES / "2024-03-04-river-town.txt")], db_path)
    conn = sqlite3.connect(db_path)
    row = conn.execute("select title, published, outlet, url, text from documents").fetchone()
    assert row[:4] == (
        "Floods sweep river town",
        "2024-03-04",
        "Test Wire",
        "https://test.figures.invalid/2024-03-04-river-town",
    )
    assert row[4].startswith("RIVERTON (TW) - At least 14")
    metrics = {r[0] for r in conn.execute("select metric from claims")}
    assert {"killed", "injured", "evacuated"} <= metrics


def test_bad_lines_fail_alone_and_the_rest_lands(tmp_path: Path, db_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    good = {
        "text": "Four people were killed in the storm, officials said.",
        "published": "2024-01-02",
    }
    src.write_text(
        json.dumps(good)
        + "\n{not json\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": 12})
        + "\n"
    )
    summary = ingest([str(src)], db_path)
    assert summary.new == 1
    reasons = dict(summary.failed)
    assert set(reasons) == {f"{src}:2", f"{src}:3", f"{src}:4"}
    assert "not valid JSON" in reasons[f"{src}:2"]
    assert "no text field" in reasons[f"{src}:3"]
    assert "not a string" in reasons[f"{src}:4"]


def test_missing_and_binary_files_are_reported(tmp_path: Path, db_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    summary = ingest([str(binary), str(tmp_path / "nope.txt")], db_path)
    reasons = dict(summary.failed)
    assert "binary" in reasons[str(binary)]
    assert reasons[str(tmp_path / "nope.txt")] == "no such file or folder"


def test_document_id_ignores_white_space() -> None:
    assert document_id("Two died.\n\n") == document_id("  Two   died.")
    assert document_id("Two died.") != document_id("Three died.")
