"""Inputs: HTML pages, RSS and Atom feeds, JSON, JSON Lines and CSV with a field mapping, URLs
fetched from a local server, dates, document identity, and a clear error for each bad input."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from figures.cli import cli
from figures.fetch import Fetcher, FetchError
from figures.ingest import ingest
from figures.pubdate import read_date
from figures.readers import Item, ReadOptions, read_inputs, read_stream
from tests.conftest import ROOT

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
DESK_FIELDS = {
    "text": ("Story",),
    "title": ("Headline",),
    "published": ("Filed",),
    "outlet": ("Desk",),
    "url": ("Permalink",),
    "author": ("Reporter",),
}
META = ("title", "published", "outlet", "url", "author")


def read(path: Path | str, options: ReadOptions | None = None) -> list[Item]:
    return list(read_inputs([str(path)], options=options))


def docs(items: list[Item]) -> dict[str, dict[str, Any]]:
    return {i.origin: i.document.model_dump() for i in items if i.document is not None}


def errors(items: list[Item]) -> dict[str, str]:
    return {i.origin: i.error for i in items if i.error is not None}


def warnings(items: list[Item]) -> list[str]:
    return [f"{i.origin}: {w}" for i in items for w in i.warnings]


def outline(src: Path, *, documents: bool = False) -> list[str]:
    """What reading ``src`` gives, item by item, named relative to the file: errors,
    warnings and (with ``documents``) the names of the documents."""
    got = []
    for item in read(src):
        where = item.origin.removeprefix(str(src))
        got += [f"{where} error: {item.error}"] if item.error else []
        got += [f"{where}warning: {w}" for w in item.warnings]
        got += [where] if documents and item.document else []
    return got


def stored(db_path: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("select * from documents").fetchall()
    return {r["origin"]: dict(r) for r in rows}


# --- HTML pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "meta", "first", "last"),
    [
        (
            "storm-article.html",
            (
                "Storm kills 14 in Calder valley",
                "2023-10-09",
                "Valley Courier",
                "https://courier.test/news/2023/calder-valley-storm",
                "Mara Quill",
            ),
            "At least 14 people were killed when a violent storm swept through the Calder valley",
            "engineers inspect the damaged roads and bridges.",
        ),
        (
            "quake-page.htm",
            (
                "Earthquake shakes Dunmore province",
                "2024-02-03",
                "Northern Ledger",
                "https://ledger.test/world/dunmore-earthquake",
                "Tomas Reyl",
            ),
            "A strong earthquake struck the mountainous Dunmore province early on Saturday",
            "no longer safe to enter.",
        ),
    ],
    ids=["json-ld-and-canonical", "meta-tags"],
)
def test_an_html_page_gives_its_article_and_metadata(
    name: str, meta: tuple[str, ...], first: str, last: str
) -> None:
    items = read(INPUTS / name)
    assert errors(items) == {} and warnings(items) == []
    doc = docs(items)[str(INPUTS / name)]
    assert tuple(doc[k] for k in META) == meta
    assert doc["text"].startswith(first) and doc["text"].endswith(last)
    paragraphs = doc["text"].split("\n\n")
    assert all(p == " ".join(p.split()) for p in paragraphs)  # white space folded
    for noise in ("cookies", "Subscribe", "Related stories", "Privacy", "Share this", "track("):
        assert noise not in doc["text"]
    assert meta[0] not in doc["text"]  # the headline is the title, not the first paragraph


def test_html_full_of_scripts_and_inline_data_gives_clean_text() -> None:
    items = read(INPUTS / "script-heavy.html")
    doc = docs(items)[str(INPUTS / "script-heavy.html")]
    assert (doc["title"], doc["published"], doc["outlet"]) == (
        "Ferry capsizes off Hollin Point",
        "2023-11-21",
        "Coastal Times",
    )
    assert doc["text"].split("\n\n") == [
        "A passenger ferry capsized in heavy seas off Hollin Point on Tuesday morning, and at"
        " least six people drowned, the coastguard said.",
        "Lifeboat crews rescued 48 passengers from the water, and 11 of them were taken to"
        " hospital with hypothermia, according to the port authority.",
        "The ferry operator said it would cooperate fully with the investigation into why the"
        " vessel left port despite a storm warning.",
    ]


def test_a_page_built_by_javascript_is_a_clear_error() -> None:
    items = read(INPUTS / "app-shell.html")
    assert errors(items) == {
        str(INPUTS / "app-shell.html"): "no article text found in the HTML"
        " (a page built by JavaScript, or not an article)"
    }


def test_raw_html_is_not_stored(db_path: Path) -> None:
    ingest([str(INPUTS / "storm-article.html")], db_path)
    (row,) = stored(db_path).values()
    assert "<" not in row["text"] and "window." not in json.dumps(row)


# --- feeds -----------------------------------------------------------------------------------


def test_an_rss_feed_gives_one_document_per_entry() -> None:
    items = read(INPUTS / "wire.rss")
    assert errors(items) == {} and warnings(items) == []
    got = docs(items)
    where = str(INPUTS / "wire.rss")
    assert list(got) == [f"{where}:7", f"{where}:16", f"{where}:22"]  # the line of each <item>
    assert [tuple(d[k] for k in META) for d in got.values()] == [
        (
            "Bus crash on the Belmor pass",
            "2023-10-09",  # 23:30 at -0400: the publisher's day, not the UTC one
            "Harbour Wire",
            "https://harbour.test/2023/10/belmor-bus-crash",
            "Ines Varga",
        ),
        (
            "Fire at Garrow market & depot",
            "2023-10-10",
            "Harbour Wire",
            "https://harbour.test/2023/10/garrow-market-fire",  # relative link resolved
            None,
        ),
        (
            "Evacuation order lifted in Eastwick",
            "2023-10-11",  # "11 October 2023", not RFC 822
            "Harbour Wire",
            "https://harbour.test/2023/10/eastwick-evacuation",
            None,
        ),
    ]
    first = got[f"{where}:7"]["text"]
    assert first == (
        "Seven people were killed when a bus left the road on the Belmor pass late on Monday,"
        " police said.\n\nAnother 22 passengers were taken to hospital in Belmor, five of them"
        " in a serious condition."
    )  # content:encoded preferred to description, its script dropped


def test_an_atom_feed_with_a_broken_entry() -> None:
    items = read(INPUTS / "bulletins.atom")
    where = str(INPUTS / "bulletins.atom")
    assert errors(items) == {
        f"{where}:16": "entry 'Placeholder bulletin' has neither content nor summary"
        " (--follow reads its page)"
    }
    assert warnings(items) == [f"{where}:21: unreadable date 'sometime on Thursday':"
                               " published left empty"]  # fmt: skip
    got = docs(items)
    assert tuple(got[f"{where}:7"][k] for k in META) == (
        "Flooding displaces thousands in Fallow district",
        "2023-10-12",
        "Relief Bulletins",
        "https://relief.test/bulletins/fallow-floods",
        "Relief Coordination Office",
    )
    assert got[f"{where}:7"]["text"].endswith("\n\nAt least three people are missing.")
    assert got[f"{where}:21"]["published"] is None
    assert got[f"{where}:21"]["text"].startswith("An aid convoy reached Arden")


def test_a_feed_with_broken_entries_is_read_leniently_and_says_so() -> None:
    items = read(INPUTS / "broken-entries.rss")
    where = str(INPUTS / "broken-entries.rss")
    assert warnings(items) == [
        f"{where}: not well-formed XML at line 13: not well-formed (invalid token);"
        " entries read leniently"
    ]
    assert errors(items) == {
        f"{where}:18": "entry has neither content nor summary (--follow reads its page)"
    }
    got = docs(items)
    assert [d["title"] for d in got.values()] == [
        "Landslide blocks Calder road",
        "Miners trapped & rescuers digging",
        "River level falls",
    ]
    assert got[f"{where}:12"]["text"].startswith("Rescuers were digging towards 12 miners")


def test_an_xml_file_that_is_no_feed_is_a_clear_error() -> None:
    assert errors(read(INPUTS / "sitemap.xml")) == {
        str(INPUTS / "sitemap.xml"): "not an RSS or Atom feed"
    }


# --- records: CSV, JSON, JSON Lines ----------------------------------------------------------


def test_csv_with_custom_columns_through_the_field_mapping(db_path: Path) -> None:
    src = INPUTS / "desk-export.csv"
    result = CliRunner().invoke(
        cli,
        [
            *("ingest", str(src), "--db", str(db_path), "--no-progress"),
            *("--text-field", "Story", "--title-field", "Headline", "--date-field", "Filed"),
            *("--outlet-field", "Desk", "--url-field", "Permalink", "--author-field", "Reporter"),
        ],
    )
    assert result.exit_code == 1, result.output  # one row has no story
    assert f"failed: {src}:6: empty text field 'Story'" in result.output
    assert f"warning: {src}:7: ambiguous date '05/06/2023': read as month/day/year" in (
        result.output
    )
    rows = stored(db_path)
    assert sorted(rows) == [f"{src}:2", f"{src}:5", f"{src}:7"]  # the line each row opens on
    assert tuple(rows[f"{src}:2"][k] for k in META) == (
        "Tanker blast at Calder refinery",
        "2023-10-13",
        "Industry Desk",
        "https://desk.test/calder-refinery",
        "Ana Brisk",
    )
    assert rows[f"{src}:2"]["text"] == (
        "An explosion at the Calder refinery killed three workers on Friday, the company said."
        "\n\nAnother 14 were injured, two of them critically."
    )  # a quoted field over several lines
    assert rows[f"{src}:5"]["published"] == "2023-10-14"
    assert rows[f"{src}:7"]["author"] is None


def test_csv_default_columns_any_case_and_a_missing_column_named(tmp_path: Path) -> None:
    src = tmp_path / "plain.csv"
    src.write_text(
        "Title,Text,Date,URL,Source\n"
        'Dam breach,"Officials said 12 people were killed, and 30 hurt.",2024-05-02,'
        "https://a.test/dam,Riverland Daily\n"
    )
    items = read(src)
    (doc,) = docs(items).values()
    assert tuple(doc[k] for k in META) == (
        "Dam breach",
        "2024-05-02",
        "Riverland Daily",
        "https://a.test/dam",
        None,
    )
    items = read(src, ReadOptions(fields={"published": ("posted",)}))
    assert warnings(items) == [
        f"{src}: no column 'posted' for published (columns: Title, Text, Date, URL, Source)"
    ]


def test_json_array_with_default_fields_and_a_bad_record() -> None:
    src = INPUTS / "reports.json"
    items = read(src)
    assert errors(items) == {f"{src}[1]": "text field is int, not a string (line 9)"}
    got = docs(items)
    assert tuple(got[f"{src}[0]"][k] for k in META) == (
        "Heatwave deaths rise in Hollin",
        "2023-07-15",
        "Hollin Evening Star",
        "https://reports.test/hollin-heatwave",
        None,
    )
    assert tuple(got[f"{src}[2]"][k] for k in META) == (
        "Boat rescue off Eastwick",
        "2023-07-16",  # 21:10 at -03:00 is still the 16th where it was written
        "Eastwick Today",
        "https://reports.test/eastwick-rescue",
        "Rui Sal, Jo Amberley",
    )
    assert got[f"{src}[2]"]["text"] == (
        "The coastguard said 31 migrants were rescued from a dinghy off Eastwick."
        "\n\nTwo people were missing."
    )  # an HTML body read as text


def test_a_json_export_wrapping_its_articles() -> None:
    src = INPUTS / "newsapi.json"
    got = docs(read(src))
    assert [tuple(d[k] for k in META) for d in got.values()] == [
        (
            "Ferry passengers missing after collision",
            "2023-10-09",
            "Lakeside Post",  # source.name
            "https://lakeside.test/ferry-collision",
            "Pia Hollow",
        ),
        ("Hostages freed", "2023-10-10", "Test Wire", "https://wire.test/hostages-freed", None),
    ]
    assert list(got) == [f"{src}[articles][0]", f"{src}[articles][1]"]


def test_json_lines_with_a_field_mapping(tmp_path: Path) -> None:
    src = tmp_path / "items.jsonl"
    rows = [
        {"story": "Two people died in the fire.", "when": "Mon, 09 Oct 2023 10:00:00 GMT",
         "meta": {"site": "Ash Gazette", "href": "https://ash.test/fire"}},
        {"headline": "no story here"},
        {"story": "Nine were hurt.", "when": ["2023-10-10"]},
    ]  # fmt: skip
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    options = ReadOptions(
        fields={
            "text": ("story",),
            "published": ("when",),
            "outlet": ("meta.site",),
            "url": ("meta.href",),
        }
    )
    items = read(src, options)
    assert errors(items) == {
        f"{src}:2": "no text field (looked for story)",
        f"{src}:3": "date field is list, not a date",
    }
    (doc,) = docs(items).values()
    assert (doc["published"], doc["outlet"], doc["url"]) == (
        "2023-10-09",
        "Ash Gazette",
        "https://ash.test/fire",
    )


def test_json_lines_in_a_json_file_are_read_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "mislabelled.json"
    src.write_text('{"text": "Two died."}\n{"text": "Three died."}\n')
    items = read(src)
    assert warnings(items) == [f"{src}: one JSON value per line: read as JSON Lines"]
    assert list(docs(items)) == [f"{src}:1", f"{src}:2"]


class CountingReader(io.RawIOBase):
    """A file's bytes, counting how many the reader has taken."""

    def __init__(self, data: bytes) -> None:
        self.data, self.taken = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self.data[self.taken : self.taken + len(buffer)]
        buffer[: len(piece)] = piece
        self.taken += len(piece)
        return len(piece)


def test_json_lines_are_read_a_line_at_a_time() -> None:
    rows = [
        {"text": f"Report {i}: {i % 9 + 2} people were killed in the flood."} for i in range(4000)
    ]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    source = CountingReader(data)
    items = read_stream(io.BufferedReader(source), "feed.jsonl", "jsonl")
    first = next(items)
    assert first.document is not None and first.document.text.startswith("Report 0:")
    assert source.taken < 32_000 < len(data)  # the first document came before the rest was read
    assert sum(1 for _ in items) == 3999
    assert source.taken == len(data)


def test_csv_is_read_a_row_at_a_time_and_quoted_lines_keep_their_numbers() -> None:
    rows = [
        f'{i},"Report {i}: {i % 9 + 2} people were hurt\nin the crash."\r\n' for i in range(3000)
    ]
    data = ("id,text\r\n" + "".join(rows)).encode()
    source = CountingReader(data)
    items = read_stream(io.BufferedReader(source), "crashes.csv", "csv")
    first = next(items)
    assert first.origin == "crashes.csv:2" and first.document is not None
    assert first.document.text == "Report 0: 2 people were hurt\nin the crash."
    assert source.taken < 32_000 < len(data)
    rest = list(items)
    assert len(rest) == 2999 and rest[-1].origin == f"crashes.csv:{2 + 2 * 2999}"


def test_a_json_array_is_read_an_element_at_a_time() -> None:
    rows = [
        {"title": f"Item {i}", "text": f"Report {i}: {i % 9 + 2} people died."} for i in range(3000)
    ]
    rows[2000]["text"] = ["not", "a", "string"]
    data = ("\ufeff " + json.dumps(rows, indent=2)).encode()
    source = CountingReader(data)
    items = read_stream(io.BufferedReader(source), "export.json", "json")
    first = next(items)
    assert first.origin == "export.json[0]" and first.document is not None
    assert source.taken < 200_000 < len(data)  # the first record came before the rest was read
    rest = list(items)
    assert len(rest) == 2999 and source.taken == len(data)
    bad = rest[1999]
    line = 2 + 2000 * 4  # "[" on line 1, then four lines a record, each opening on its "{"
    assert (bad.origin, bad.error) == (
        "export.json[2000]",
        f"text field is list, not a string (line {line})",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"text": "Two died."}, {"text": "Three died."}]', ["[0]", "[1]"]),
        ("[  ]", ["warning: an empty array: no documents"]),
        (
            '[{"text": "Two died."}\n{"text": "Three died."}]',
            ["[0]", ":2 error: not valid JSON: Expecting ',' delimiter (column 1)"],
        ),
        (
            '[{"text": "Two died."},',
            ["[0]", ":1 error: not valid JSON: Expecting value (column 24)"],
        ),
        ('[{"text": "Two died."}] x', ["[0]", ":1 error: not valid JSON: Extra data (column 25)"]),
    ],
)
def test_json_arrays_stream_with_their_errors_named(
    tmp_path: Path, content: str, expected: list[str]
) -> None:
    src = tmp_path / "items.json"
    src.write_text(content)
    assert outline(src, documents=True) == expected


def test_csv_with_carriage_returns_alone_is_still_read(tmp_path: Path) -> None:
    src = tmp_path / "old-mac.csv"
    src.write_bytes(b"title,text\rA,Two people died.\rB,Three were hurt.\r")
    assert [d["text"] for d in docs(read(src)).values()] == ["Two people died.", "Three were hurt."]


def test_streamed_json_lines_keep_bom_line_separators_and_bad_bytes_apart(tmp_path: Path) -> None:
    src = tmp_path / "export.ndjson"
    lines = [
        b'\xef\xbb\xbf{"text": "Two people died."}',
        # U+2028 is allowed raw inside a JSON string: it does not end the record
        json.dumps({"text": "Three died.\u2028Five were hurt."}, ensure_ascii=False).encode(),
        b'{"text": "Four were hurt in Dur\xe9e."}',
        b'{"text": ',
    ]
    src.write_bytes(b"\r\n".join(lines) + b"\r\n")
    items = read(src)
    texts = {k: d["text"] for k, d in docs(items).items()}
    assert texts == {
        f"{src}:1": "Two people died.",
        f"{src}:2": "Three died.\u2028Five were hurt.",
        f"{src}:3": "Four were hurt in Dur\ufffde.",
    }
    bad = len(lines[0]) + len(lines[1]) + 4 + len(b'{"text": "Four were hurt in Dur')
    assert warnings(items) == [
        f"{src}: invalid UTF-8 at byte {bad}; bad bytes replaced with U+FFFD"
    ]
    # the warning comes just before the document of its line
    assert [i.origin for i in items][2:4] == [str(src), f"{src}:3"]
    assert "not valid JSON" in errors(items)[f"{src}:4"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.json", "[]", ["warning: an empty array: no documents"]),
        ("header.csv", "title,text\n", ["warning: a header and no rows: no documents"]),
        (
            "unclosed.csv",
            'title,text\nA,"Two people died.\nB,Three died.\n',
            [":2 error: not valid CSV: unexpected end of data (at line 3)"],
        ),
        (
            "trailing.json",
            '[{"text": "Two died."}]\n]',
            [":2 error: not valid JSON: Extra data (column 1)"],
        ),
        ("list.json", "[[1, 2]]", ["[0] error: expected a JSON object, got list (line 1)"]),
    ],
)
def test_records_edge_cases(tmp_path: Path, name: str, content: str, expected: list[str]) -> None:
    src = tmp_path / name
    src.write_text(content)
    assert outline(src) == expected


# --- a malformed file of each format ---------------------------------------------------------


def test_a_malformed_file_of_each_format_fails_alone_and_names_itself(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Three people were killed in the storm, police said.")
    (folder / "bad.csv").write_text(
        "title,text\n"
        'ok,"Four people were killed in the fire."\n'
        'broken,"an "unescaped" quote"\n'
        "short\n"
        'fine,"Five people were injured in the crash."\n'
    )
    (folder / "bad.json").write_text('[\n  {"text": "Six people died."},\n  {"text": }\n]\n')
    (folder / "bad.jsonl").write_text('{"text": "Seven people were hurt."}\n{"text": \n')
    (folder / "bad.xml").write_text("<?xml version='1.0'?>\n<rss><channel><title>x</ti")
    (folder / "shell.html").write_bytes((INPUTS / "app-shell.html").read_bytes())
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db_path)])
    assert result.exit_code == 1
    out = result.output
    assert f"failed: {folder / 'bad.csv'}:3: not valid CSV: ',' expected after '\"'" in out
    assert f"failed: {folder / 'bad.csv'}:4: 1 fields where the header has 2" in out
    assert f"failed: {folder / 'bad.json'}:3: not valid JSON: Expecting value (column 12)" in out
    assert f"failed: {folder / 'bad.jsonl'}:2: not valid JSON: Expecting value" in out
    assert f"failed: {folder / 'bad.xml'}: not well-formed XML at line 2: " in out
    assert f"failed: {folder / 'shell.html'}: no article text found" in out
    assert "failed: 6" in out
    texts = sorted(r["text"] for r in stored(db_path).values())
    assert texts == [
        "Five people were injured in the crash.",
        "Four people were killed in the fire.",
        "Seven people were hurt.",
        "Six people died.",  # a JSON array is read as it streams: records before the error
        "Three people were killed in the storm, police said.",
    ]


def test_html_and_feed_trouble_in_one_batch_exits_non_zero(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("script-heavy.html", "app-shell.html", "broken-entries.rss", "wire.rss"):
        (folder / name).write_bytes((INPUTS / name).read_bytes())
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"failed: {folder / 'app-shell.html'}: no article text found" in result.output
    assert f"failed: {folder / 'broken-entries.rss'}:18: entry has neither" in result.output
    assert f"warning: {folder / 'broken-entries.rss'}: not well-formed XML at line 13" in (
        result.output
    )
    rows = stored(db_path)
    assert len(rows) == 1 + 3 + 3  # the clean page, three good entries of each feed
    page = rows[str(folder / "script-heavy.html")]["text"]
    for noise in ("__", "{", "Sponsored", "Template paragraph", "cookies", "JavaScript"):
        assert noise not in page


def test_a_folder_reads_every_format_and_skips_data_files(tmp_path: Path) -> None:
    for name in ("wire.rss", "quake-page.htm", "sitemap.xml", "reports.json"):
        (tmp_path / name).write_bytes((INPUTS / name).read_bytes())
    (tmp_path / "series.csv").write_text("day,deaths\n2024-04-01,118\n")
    (tmp_path / "notes.md").write_text("Not read: no known extension in a folder.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "items.csv").write_text("title;body\nA;Two people died.\n")
    items = read(tmp_path)
    assert warnings(items) == [
        f"{tmp_path / 'series.csv'}: skipped: no text column"
        " (text, content, body, article, maintext)",
        f"{tmp_path / 'sitemap.xml'}: skipped: not an RSS or Atom feed",
    ]
    assert len(docs(items)) == 1 + 2 + 1 + 3  # page, good records, CSV row, feed entries
    assert errors(read(tmp_path / "series.csv")) == {  # named, a data file fails clearly
        f"{tmp_path / 'series.csv'}:1": "no text column (looked for text, content, body,"
        " article, maintext; columns: day, deaths)"
    }


def test_files_without_a_known_extension_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_bytes((INPUTS / "quake-page.htm").read_bytes())
    (tmp_path / "feed.dat").write_bytes((INPUTS / "wire.rss").read_bytes())
    (tmp_path / "lines.dat").write_text('{"text": "Two died."}\n')
    (tmp_path / "pretty.dat").write_text('{\n  "text": "Three died."\n}\n')
    assert [i.document.title if i.document else i.error for i in read(tmp_path / "page.dat")] == [
        "Earthquake shakes Dunmore province"
    ]
    assert len(docs(read(tmp_path / "feed.dat"))) == 3
    assert list(docs(read(tmp_path / "lines.dat"))) == [f"{tmp_path / 'lines.dat'}:1"]
    assert list(docs(read(tmp_path / "pretty.dat"))) == [str(tmp_path / "pretty.dat")]


def test_standard_input_in_any_format(db_path: Path) -> None:
    html = (INPUTS / "storm-article.html").read_text()
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db_path)], input=html)
    assert result.exit_code == 0, result.output
    assert stored(db_path)["<stdin>"]["title"] == "Storm kills 14 in Calder valley"


def _stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_live_feed_on_standard_input_is_stored_as_it_arrives(tmp_path: Path) -> None:
    """With --batch-size 1, each JSON line piped in is stored before the next is written."""
    db = tmp_path / "live.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "figures.cli", "ingest", "-", "--db", str(db), "--batch-size", "1"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None
    try:
        for n, text in enumerate(["Two people died in the fire.", "Nine were hurt."], 1):
            proc.stdin.write((json.dumps({"text": text}) + "\n").encode())
            proc.stdin.flush()
            deadline = time.monotonic() + 90
            while _stored_count(db) < n and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _stored_count(db) == n, f"document {n} not stored while the feed stays open"
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-09", "2023-10-09"),
        ("2023-10-09T14:00:00Z", "2023-10-09"),
        ("2023-10-09T23:30:00-04:00", "2023-10-09"),
        ("2023-10-09 14:00", "2023-10-09"),
        ("Mon, 09 Oct 2023 14:00:00 GMT", "2023-10-09"),
        ("Mon, 09 Oct 2023 23:30:00 -0400", "2023-10-09"),
        ("Mon, 09 Oct 2023 14:00:00 EDT", "2023-10-09"),
        ("9 October 2023", "2023-10-09"),
        ("October 9, 2023", "2023-10-09"),
        ("9 Oct 2023", "2023-10-09"),
        ("9 octobre 2023", "2023-10-09"),
        ("  9   October\n2023 ", "2023-10-09"),
        ("25/12/2023", "2023-12-25"),
        (1696860000, "2023-10-09"),
        (1696860000000, "2023-10-09"),
        ("1696860000", "2023-10-09"),
        ("yesterday", None),
        ("3 hours ago", None),
        ("October 2023", None),
        ("not a date", None),
        (12, None),
    ],
)
def test_dates_are_normalised_to_iso_8601(value: Any, expected: str | None) -> None:
    date, warning = read_date(value)
    assert date == expected
    assert (warning is None) == (expected is not None)


@pytest.mark.parametrize(
    "text",
    [
        "December 31, 2017",
        "Dec. 31 2017",
        "31 December 2017",
        "Sept 3, 2020",
        "May 5th, 2021",
        "1 Jan 1999",
        "February 30, 2020",
        "Smarch 3, 2020",
        "3 mai 2021",
    ],
)
def test_english_dates_read_without_dateparser_as_dateparser_reads_them(text: str) -> None:
    from figures.pubdate import _dateparser

    parsed = _dateparser(text)
    assert read_date(text)[0] == (parsed.date().isoformat() if parsed else None)


def test_an_unreadable_date_is_a_warning_and_published_fills_it(
    tmp_path: Path, db_path: Path
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("published: the other day\n\nTwo people were killed in the blast.")
    summary = ingest([str(src)], db_path, published="2024-01-05")
    assert summary.failed == []
    assert summary.warnings == [(str(src), "unreadable date 'the other day': published left empty")]
    assert stored(db_path)[str(src)]["published"] == "2024-01-05"


def test_published_accepts_a_written_date() -> None:
    result = CliRunner().invoke(
        cli, ["extract", "-", "--published", "9 May 2024"], input="Police said 3 were killed."
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["as_of"] == "2024-05-09"


# --- identity --------------------------------------------------------------------------------


def test_the_same_article_reindented_or_as_text_is_one_document(
    tmp_path: Path, db_path: Path
) -> None:
    page = (INPUTS / "storm-article.html").read_text()
    squeezed = tmp_path / "squeezed.html"
    squeezed.write_text(" ".join(page.split()).replace("> <", ">\n\n   <"))
    (text_doc,) = docs(read(INPUTS / "storm-article.html")).values()
    as_text = tmp_path / "storm.txt"
    as_text.write_text(
        "title: Storm kills 14 in Calder valley\n\n"
        + text_doc["text"].replace("\n\n", "\n\n\n").replace(", ", ",\n", 2)
    )
    first = ingest([str(INPUTS / "storm-article.html")], db_path)
    again = ingest([str(squeezed), str(as_text)], db_path)
    assert (first.new, again.new, again.already) == (1, 0, 2)


# --- extract ---------------------------------------------------------------------------------


def test_extract_reads_any_format_and_names_each_document() -> None:
    result = CliRunner().invoke(cli, ["extract", str(INPUTS / "reports.json")])
    assert result.exit_code == 1  # the record with a number for text
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert {(c["origin"], c["metric"], c["value"]) for c in lines} >= {
        (f"{INPUTS / 'reports.json'}[0]", "killed", 23),
        (f"{INPUTS / 'reports.json'}[2]", "missing", 2),
    }
    assert f"error: {INPUTS / 'reports.json'}[1]: text field is int" in result.output
    single = CliRunner().invoke(cli, ["extract", str(INPUTS / "quake-page.htm")])
    assert single.exit_code == 0
    claims = [json.loads(line) for line in single.output.splitlines()]
    assert claims and all("origin" not in c for c in claims)
    assert {c["as_of"] for c in claims} == {"2024-02-03"}


# --- URLs, from a local server ---------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Site:
    """A local HTTP server: each path gives its replies in turn, the last one repeating."""

    base: str = ""
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    log: list[tuple[float, str, str]] = field(default_factory=list)  # time, path, user agent

    def add(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> list[float]:
        return [t for t, p, _ in self.log if p == path]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and left is expected here


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
            replies = state.routes.get(self.path)
            if not replies:
                self.send_error(404, "Not Found")
                return
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            time.sleep(reply.delay)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def fast(**kw: Any) -> ReadOptions:
    """Options for the local server: no politeness delay, quick back-off."""
    follow = kw.pop("follow", False)
    keep_html = kw.pop("keep_html", None)
    fetcher = Fetcher(**{"timeout": 5.0, "retries": 2, "backoff": 0.05, "delay": 0.0, **kw})
    return ReadOptions(follow=follow, keep_html=keep_html, fetch=fetcher)


def page(name: str) -> Reply:
    return Reply(body=(INPUTS / name).read_bytes())


def test_a_page_by_url_with_its_metadata(site: Site, db_path: Path) -> None:
    url = site.add("/news/storm", page("storm-article.html"))
    summary = ingest([url], db_path, options=fast())
    assert summary.failed == [] and summary.new == 1
    row = stored(db_path)[url]
    assert tuple(row[k] for k in META) == (
        "Storm kills 14 in Calder valley",
        "2023-10-09",
        "Valley Courier",
        "https://courier.test/news/2023/calder-valley-storm",  # the page's canonical URL
        "Mara Quill",
    )
    ((_, _, agent),) = site.log
    assert agent.startswith("figures/0.")


def test_a_page_without_canonical_keeps_the_url_it_was_fetched_from(site: Site) -> None:
    url = site.add("/ferry", page("script-heavy.html"))
    (doc,) = docs(read(url, fast())).values()
    assert doc["url"] == url and doc["origin"] == url


def test_the_same_article_from_a_url_and_a_file_is_one_document(site: Site, db_path: Path) -> None:
    url = site.add("/news/storm", page("storm-article.html"))
    first = ingest([url], db_path, options=fast())
    again = ingest([str(INPUTS / "storm-article.html")], db_path)
    assert (first.new, again.new, again.already) == (1, 0, 1)


def test_a_feed_by_url_and_follow(site: Site, db_path: Path, tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local Wire</title><link>{site.base}/</link>
<item><title>Storm</title><link>/news/storm</link><pubDate>Tue, 10 Oct 2023 06:00:00 GMT</pubDate>
<description>Short summary of the storm: 14 killed.</description></item>
<item><title>Quake</title><link>{site.base}/news/quake</link>
<description>Short summary of the quake.</description></item>
<item><title>Gone</title><link>/news/gone</link><description>Removed since.</description></item>
<item><title>Linkless</title><description>Nothing to follow.</description></item>
</channel></rss>"""
    url = site.add("/feed.xml", Reply(body=feed.encode(), content_type="application/rss+xml"))
    site.add("/news/storm", page("storm-article.html"))
    site.add("/news/quake", page("quake-page.htm"))

    plain = read(url, fast())
    assert errors(plain) == {}
    texts = [d["text"] for d in docs(plain).values()]
    assert texts[0] == "Short summary of the storm: 14 killed."
    assert [d["url"] for d in docs(plain).values()][:3] == [
        site.url("/news/storm"),
        site.url("/news/quake"),
        site.url("/news/gone"),
    ]

    keep = tmp_path / "pages"
    summary = ingest([url], db_path, options=fast(follow=True, keep_html=keep))
    assert dict(summary.failed) == {
        f"{url}:7": f"following {site.url('/news/gone')}: HTTP 404 Not Found",
        f"{url}:8": "entry 'Linkless' has no link to follow",
    }
    rows = stored(db_path)
    storm = rows[site.url("/news/storm")]
    assert storm["text"].startswith("At least 14 people were killed")
    assert (storm["title"], storm["published"], storm["outlet"], storm["author"]) == (
        "Storm kills 14 in Calder valley",
        "2023-10-10",  # the entry's date wins over the page's
        "Valley Courier",
        "Mara Quill",
    )
    assert rows[site.url("/news/quake")]["published"] == "2024-02-03"  # the page's date
    assert len(list(keep.rglob("*.html"))) == 2  # raw HTML only where asked


def test_a_503_then_200_is_retried(site: Site) -> None:
    busy, slow = Reply(503, b"busy"), Reply(429, b"slow down", headers={"Retry-After": "0"})
    url = site.add("/flaky", busy, slow, page("quake-page.htm"))
    items = read(url, fast())
    assert errors(items) == {}
    assert len(site.hits("/flaky")) == 3
    first, second, third = site.hits("/flaky")
    assert second - first >= 0.05 and third - second >= 0.1  # back-off: 0.05 s, then 0.1 s


def test_retries_give_up_with_the_last_status(site: Site) -> None:
    url = site.add("/down", Reply(503, b"down"))
    assert errors(read(url, fast(retries=1))) == {
        url: "HTTP 503 Service Unavailable (after 2 attempts)"
    }


def test_a_slow_server_times_out(site: Site) -> None:
    url = site.add("/slow", Reply(body=b"<p>late</p>", delay=3.0))
    t = time.monotonic()
    items = read(url, fast(timeout=0.3, retries=0))
    assert time.monotonic() - t < 2.5
    assert errors(items) == {url: "timed out after 0.3 s"}


def test_a_404_names_the_url_and_the_rest_lands(site: Site, db_path: Path) -> None:
    good = site.add("/news/quake", page("quake-page.htm"))
    missing = site.url("/news/missing")
    result = CliRunner().invoke(
        cli,
        ["ingest", good, missing, "--db", str(db_path), "--delay", "0", "--retries", "0"],
    )
    assert result.exit_code == 1
    assert f"failed: {missing}: HTTP 404 Not Found" in result.output
    assert list(stored(db_path)) == [good]


def test_requests_to_one_host_keep_their_distance(site: Site) -> None:
    a = site.add("/a", page("quake-page.htm"))
    b = site.add("/b", page("storm-article.html"))
    fetcher = Fetcher(delay=0.4, retries=0)
    fetcher.get(a)
    fetcher.get(b)
    (ta,), (tb,) = site.hits("/a"), site.hits("/b")
    assert tb - ta >= 0.39


def test_a_body_over_the_size_limit_is_refused(site: Site) -> None:
    url = site.add("/big", Reply(body=b"<p>" + b"x" * 5000 + b"</p>"))
    with pytest.raises(FetchError, match="too large"):
        Fetcher(max_bytes=1000, retries=0, delay=0).get(url)


def test_records_by_url_follow_their_content_type(site: Site) -> None:
    rows = [{"text": "Two people died.", "title": "One"}, {"text": "Three were hurt."}]
    jsonl = site.add(
        "/export",
        Reply(body="\n".join(map(json.dumps, rows)).encode(), content_type="application/json"),
    )
    table = site.add(
        "/table", Reply(body=b"text,date\nFour were killed.,2024-01-02\n", content_type="text/csv")
    )
    assert list(docs(read(jsonl, fast()))) == [f"{jsonl}:1", f"{jsonl}:2"]
    ((_, doc),) = docs(read(table, fast())).items()
    assert doc["published"] == "2024-01-02"


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(FetchError, match="not an http"):
        Fetcher().get("ftp://example.invalid/file")


def test_feeds_by_url_whatever_xml_type_they_are_served_as(site: Site) -> None:
    feed = (INPUTS / "bulletins.atom").read_bytes()
    as_xml = site.add("/bulletins", Reply(body=feed, content_type="text/xml"))
    as_html = site.add("/bulletins.html", Reply(body=feed, content_type="text/html"))
    sitemap = site.add(
        "/sitemap",
        Reply(body=(INPUTS / "sitemap.xml").read_bytes(), content_type="application/xml"),
    )
    assert len(docs(read(as_xml, fast()))) == len(docs(read(as_html, fast()))) == 2
    assert errors(read(sitemap, fast())) == {sitemap: "not an RSS or Atom feed"}
