"""Document identity: white space does not make a new document; a new text at a URL links back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from figures.ingest import ingest
from figures.models import Document
from figures.store import (
    document_id,
    open_db,
    refill_of,
    sql_file,
    stored_metadata,
    write_documents,
)

URL = "https://news.figures.invalid/2024/05/flood"
FIRST = "RIVERTON (TW) - At least 14 people were killed in the floods on Monday, officials said."
SECOND = "RIVERTON (TW) - At least 19 people were killed in the floods on Monday, officials said."
THIRD = "RIVERTON (TW) - At least 23 people were killed in the floods, officials said on Tuesday."


def jsonl(path: Path, *items: dict[str, str]) -> str:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return str(path)


def documents(db_path: Path) -> list[tuple[str, str | None, str | None, str | None]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "select id, url, title, previous_version from documents order by rowid"
        ).fetchall()


@pytest.mark.parametrize(
    "variant",
    [
        "  " + FIRST.replace(" ", "  ") + "\n\n",
        FIRST.replace(" - ", "\u00a0-\n"),
        "\ufeff" + FIRST.replace("floods", "flo\u00adods").replace("said", "said\u200b"),
        FIRST.replace("14 people", "14\tpeople").replace(". ", ".\r\n"),
    ],
    ids=["spaces-and-newlines", "no-break-space", "invisible-characters", "tabs-and-crlf"],
)
def test_a_white_space_change_is_already_stored(
    tmp_path: Path, db_path: Path, variant: str
) -> None:
    assert document_id(variant) == document_id(FIRST)
    first = ingest([jsonl(tmp_path / "a.jsonl", {"text": FIRST})], db_path)
    again = ingest([jsonl(tmp_path / "b.jsonl", {"text": variant})], db_path)
    assert (first.new, again.new, again.already, again.claims) == (1, 0, 1, 0)
    assert len(documents(db_path)) == 1


def test_a_changed_text_is_a_new_document(tmp_path: Path, db_path: Path) -> None:
    ingest([jsonl(tmp_path / "a.jsonl", {"text": FIRST})], db_path)
    ingest([jsonl(tmp_path / "b.jsonl", {"text": SECOND})], db_path)
    assert len(documents(db_path)) == 2


def test_the_same_url_with_a_new_text_links_to_the_earlier_version(
    tmp_path: Path, db_path: Path
) -> None:
    ingest([jsonl(tmp_path / "1.jsonl", {"text": FIRST, "url": URL})], db_path)
    second = ingest([jsonl(tmp_path / "2.jsonl", {"text": SECOND, "url": URL})], db_path)
    third = ingest([jsonl(tmp_path / "3.jsonl", {"text": THIRD, "url": URL})], db_path)
    other = ingest([jsonl(tmp_path / "4.jsonl", {"text": "Two died.", "url": URL + "x"})], db_path)
    assert (second.new, third.new, other.new) == (1, 1, 1)
    rows = documents(db_path)
    assert [(r[0], r[3]) for r in rows] == [
        (document_id(FIRST), None),
        (document_id(SECOND), document_id(FIRST)),
        (document_id(THIRD), document_id(SECOND)),
        (document_id("Two died."), None),
    ]
    # white space only at the same URL is still the same version
    again = ingest([jsonl(tmp_path / "5.jsonl", {"text": THIRD + "\n", "url": URL})], db_path)
    assert (again.new, again.already) == (0, 1)


def test_versions_in_one_batch_link_in_the_order_read(tmp_path: Path, db_path: Path) -> None:
    source = jsonl(
        tmp_path / "all.jsonl",
        {"text": FIRST, "url": URL},
        {"text": SECOND, "url": URL},
        {"text": THIRD, "url": URL},
    )
    assert ingest([source], db_path).new == 3
    assert [r[3] for r in documents(db_path)] == [None, document_id(FIRST), document_id(SECOND)]


def test_a_file_then_its_url_is_one_document(tmp_path: Path, db_path: Path) -> None:
    """Read from a file first (no URL), then from the URL: one document, the URL filled in;
    a new version at the URL then links to it."""
    article = tmp_path / "flood.txt"
    article.write_text("title: Floods\n\n" + FIRST + "\n", encoding="utf-8")
    assert ingest([str(article)], db_path).new == 1
    from_url = {"text": "  " + FIRST, "url": URL, "title": "Floods in Riverton", "outlet": "TW"}
    again = ingest([jsonl(tmp_path / "web.jsonl", from_url)], db_path)
    assert (again.new, again.already) == (0, 1)
    assert documents(db_path) == [(document_id(FIRST), URL, "Floods", None)]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select outlet from documents").fetchone() == ("TW",)
    newer = ingest([jsonl(tmp_path / "web2.jsonl", {"text": SECOND, "url": URL})], db_path)
    assert newer.new == 1
    assert documents(db_path)[1][3] == document_id(FIRST)


def test_stored_copies_are_looked_up_with_what_they_lack(tmp_path: Path) -> None:
    db = open_db(tmp_path / "f.db")
    write_documents(db, [(Document(text=FIRST, url=URL, title="Floods"), None, [])])
    ids = [document_id(FIRST), document_id("Not stored."), document_id("  " + FIRST)]
    stored = stored_metadata(db, ids)
    assert stored == {document_id(FIRST): (URL, "Floods", None, None)}
    same = Document(text=FIRST, url=URL, title="Other title")  # nothing the stored copy lacks
    assert refill_of(same, ids[0], stored[ids[0]]) is None
    more = Document(text=FIRST, outlet="TW")
    assert refill_of(more, ids[0], stored[ids[0]]) == (ids[0], (None, None, "TW", None))


def test_write_documents_fills_and_links_within_a_batch(tmp_path: Path) -> None:
    db = open_db(tmp_path / "figures.db")
    stored = write_documents(
        db,
        [
            (Document(text=FIRST), None, []),
            (Document(text=FIRST + "  ", url=URL), None, []),
            (Document(text=SECOND, url=URL), None, []),
        ],
    )
    assert [s.new for s in stored] == [True, False, True]
    rows = db.conn.execute("select url, previous_version from documents order by rowid")
    assert rows.fetchall() == [(URL, None), (URL, document_id(FIRST))]


def test_the_full_text_index_holds_every_document_and_filled_title(tmp_path: Path) -> None:
    """New documents are indexed a batch at a time; a title a later copy fills in, in
    the same batch or a later one, is searchable, and the index stays consistent."""
    db = open_db(tmp_path / "figures.db")
    write_documents(
        db,
        [
            (Document(text=FIRST), None, []),
            (Document(text=FIRST, title="Quarry blast"), None, []),
            (Document(text=SECOND), None, []),
        ],
    )
    write_documents(db, [(Document(text=SECOND, title="Ferry sinks"), None, [])])
    conn = db.conn
    conn.execute("insert into documents_fts(documents_fts, rank) values ('integrity-check', 1)")

    def found(query: str) -> list[str]:
        return [
            r[0]
            for r in conn.execute(
                "select d.id from documents_fts f join documents d on d.rowid = f.rowid"
                " where documents_fts match ? order by d.rowid",
                (query,),
            )
        ]

    assert found("quarry") == [document_id(FIRST)]
    assert found("ferry") == [document_id(SECOND)]
    assert found("riverton") == [document_id(FIRST), document_id(SECOND)]


def _old_database(path: Path, column: str | None) -> None:
    """A database as an older release made it: documents.previous_id, or no link column."""
    lines = []
    for line in sql_file("schema.sql").splitlines():
        if line.startswith("CREATE INDEX") and "previous_version" in line:
            continue  # the index came with the new name
        if line.strip().startswith("previous_version"):
            line = line.replace("previous_version", column) if column else ""
        lines.append(line)
    old = "\n".join(lines)
    with sqlite3.connect(path) as conn:
        conn.executescript(old)
        link = f", {column}" if column else ""
        conn.execute(
            f"insert into documents (id, url, text, ingested_at{link})"
            f" values ('a', ?, 'One died.', '2024-01-01'{', NULL' if column else ''})",
            (URL,),
        )
        if column:
            conn.execute(
                f"insert into documents (id, url, text, ingested_at, {column})"
                " values ('b', ?, 'Two died.', '2024-01-02', 'a')",
                (URL,),
            )
    conn.close()


@pytest.mark.parametrize("column", ["previous_id", None], ids=["previous_id", "no-link"])
def test_an_old_database_is_upgraded(tmp_path: Path, column: str | None) -> None:
    path = tmp_path / "old.db"
    _old_database(path, column)
    db = open_db(path)
    names = [c.name for c in db["documents"].columns]
    assert "previous_version" in names and "previous_id" not in names
    links = dict(db.conn.execute("select id, previous_version from documents").fetchall())
    assert links == ({"a": None, "b": "a"} if column else {"a": None})
    db.conn.close()
    # the upgraded database takes new versions and links them
    summary = ingest([jsonl(tmp_path / "new.jsonl", {"text": FIRST, "url": URL})], path)
    assert summary.new == 1
    assert documents(path)[-1][3] == ("b" if column else "a")
    open_db(path).conn.close()  # opening again changes nothing


def test_views_work_over_versions(tmp_path: Path, db_path: Path) -> None:
    ingest(
        [
            jsonl(
                tmp_path / "all.jsonl",
                {"text": FIRST, "url": URL, "published": "2024-05-07"},
                {"text": SECOND, "url": URL, "published": "2024-05-07"},
                {"text": THIRD, "url": URL, "published": "2024-05-08"},
            )
        ],
        db_path,
    )
    db = open_db(db_path)
    for view in db.view_names():
        db.conn.execute(f'select * from "{view}"').fetchall()
    values = db.conn.execute(
        "select value, as_of, url from claim_details where metric = 'killed' order by value"
    ).fetchall()
    assert values == [(14, "2024-05-06", URL), (19, "2024-05-06", URL), (23, "2024-05-07", URL)]
    db.conn.close()
