"""Readers: every input (text, HTML, feeds, JSON, JSON Lines, CSV, URLs, stdin) as documents.

A file's format comes from its extension, else from its first bytes; a URL's from its
Content-Type, else the same way. Records (JSON, JSON Lines, CSV) are mapped to documents
by field names, with defaults that cover common exports. Each input yields Items: a
document, or the reason it could not be read naming the file (and line), with warnings.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from figures.models import Document
from figures.pubdate import read_date

if TYPE_CHECKING:
    from figures.fetch import Fetcher, Response

Format = Literal["text", "html", "feed", "json", "jsonl", "csv"]
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
}
FOLDER_SUFFIXES = set(SUFFIXES)
MEDIA_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "text/tab-separated-values": "csv",
}
HEADER_KEYS = {"title", "published", "outlet", "url", "author", "date", "source"}
FIELD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "published": (
        "published",
        "date",
        "pubDate",
        "published_at",
        "publishedAt",
        "date_publish",
        "datetime",
    ),
    "outlet": ("outlet", "source.name", "source", "site_name", "publisher", "source_domain"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}
CSV_DELIMITERS = ",;\t|"
CSV_FIELD_LIMIT = 64 * 1024 * 1024  # past --max-chars anyway: ingest refuses it clearly
NUL_WINDOW = 8192  # a NUL byte among the first bytes of an input: a binary file
BINARY = "binary file (NUL bytes), not text"


@dataclass(slots=True)
class Item:
    """One document read from an input, or the reason it could not be read, with warnings.

    An item with neither document nor error carries warnings about its input only.
    """

    origin: str  # file, file:line, file[index], URL, or <stdin>:line
    document: Document | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReadOptions:
    """How to read inputs: the record field mapping, and how to fetch URLs.

    ``fields`` replaces the default field names of one kind of value
    (``{"text": ("story",)}``); names may be dotted paths (``source.name``) and match
    keys or CSV columns case-insensitively. ``follow`` reads the page each feed entry
    links to; ``keep_html`` is a folder where fetched HTML pages are saved as they came.
    """

    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    follow: bool = False
    keep_html: Path | None = None
    fetch: Fetcher | None = None

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(FIELD_DEFAULTS)
        if unknown:
            raise ValueError(f"unknown document fields: {', '.join(sorted(unknown))}")

    def mapping(self) -> dict[str, tuple[str, ...]]:
        """The field names looked for, per kind of value, first found wins."""
        return {**FIELD_DEFAULTS, **{k: v for k, v in self.fields.items() if v}}

    def fetcher(self) -> Fetcher:
        """The fetcher of this read (one per run, so the per-host delay holds across inputs)."""
        if self.fetch is None:
            from figures.fetch import Fetcher

            self.fetch = Fetcher()
        return self.fetch


# --- decoding and sniffing ------------------------------------------------------------------


def decode(raw: bytes, charset: str | None = None) -> tuple[str, str | None]:
    """Text of an input's bytes, and a warning when invalid bytes were replaced."""
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return raw.decode(charset), None
        except LookupError:
            pass  # an unknown charset: try UTF-8
        except UnicodeDecodeError as exc:
            return raw.decode(charset, errors="replace"), _replaced(charset, exc.start)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), _replaced("UTF-8", exc.start)


def _replaced(charset: str, byte: int) -> str:
    """The warning for an input with bytes invalid in its character set."""
    return f"invalid {charset} at byte {byte}; bad bytes replaced with U+FFFD"


def sniff(raw: bytes) -> Format:
    """The format of an input from its first bytes: markup, a JSON value, or plain text.

    >>> sniff(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')
    'feed'
    >>> sniff(b"<!doctype html><html>"), sniff(b'{"text": "x"}'), sniff(b"Two died.")
    ('html', 'jsonl', 'text')
    """
    from figures.feeds import looks_like_feed

    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "feed" if looks_like_feed(head) else "html"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    return "text"


def response_format(response: Response) -> Format:
    """The format of a fetched body: its media type, else its URL's extension, else sniffed."""
    fmt = MEDIA_TYPES.get(response.media_type)
    if fmt is None and response.media_type.endswith(("/xml", "+xml")):
        fmt = "feed"  # application/xml, text/xml: a feed, or an error saying it is none
    if fmt in ("json", "html") and sniff(response.body) in ("jsonl", "feed"):
        return sniff(response.body)  # JSON Lines as application/json, a feed as text/html
    if fmt:
        return fmt
    suffix = Path(urllib.parse.urlsplit(response.url).path).suffix.lower()
    if suffix in SUFFIXES and SUFFIXES[suffix] != "feed":
        return SUFFIXES[suffix]
    return sniff(response.body)


# --- text files -----------------------------------------------------------------------------


def text_item(text: str, origin: str) -> Item:
    """A plain-text article, with an optional header block of `key: value` lines."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                body_start = i + 1
            break
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in HEADER_KEYS:
            meta = {}
            break
        meta[key.strip().lower()] = value.strip()
    else:
        if meta:  # a file of header lines only
            body_start = len(lines)
    body = "\n".join(lines[body_start:]).strip() if meta else text.strip()
    if not body:
        return Item(origin, error="no text after the header" if meta else "empty file")
    published, warning = read_date(meta.get("published") or meta.get("date"))
    document = Document(
        text=body,
        title=meta.get("title") or None,
        published=published,
        outlet=meta.get("outlet") or meta.get("source") or None,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
        origin=origin,
    )
    return Item(origin, document, warnings=[warning] if warning else [])


def parse_text_file(text: str, origin: str) -> Document:
    """The document of a plain-text article (see `text_item`); raises ValueError when empty."""
    item = text_item(text, origin)
    if item.document is None:
        raise ValueError(item.error)
    return item.document


# --- records: JSON, JSON Lines, CSV ---------------------------------------------------------


def record_item(obj: Any, where: str, mapping: dict[str, tuple[str, ...]]) -> Item:
    """A document from one record (a JSON object, a CSV row) by the field mapping."""
    try:
        document, warnings = _record(obj, where, mapping)
    except ValueError as exc:
        return Item(where, error=str(exc))
    return Item(where, document, warnings=warnings)


def document_from_record(
    obj: Any, where: str, mapping: dict[str, tuple[str, ...]] | None = None
) -> Document:
    """The document of one record, as the readers make it; ValueError says why it is none."""
    return _record(obj, where, mapping or FIELD_DEFAULTS)[0]


def _record(
    obj: Any, where: str, mapping: dict[str, tuple[str, ...]]
) -> tuple[Document, list[str]]:
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    folded = {k.lower(): k for k in obj if isinstance(k, str)}

    def pick(name: str) -> Any:
        for key, low, dotted in _keys(mapping[name]):
            value = obj.get(key, _ABSENT)  # what _lookup gives, its common cases inline
            if value is _ABSENT:
                value = None
                real = folded.get(low)
                if real is not None:
                    value = obj[real]
                elif dotted:
                    value = _lookup(obj, folded, key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            return value
        return None

    text = pick("text")
    if text is None:
        empty = [k for k in mapping["text"] if _lookup(obj, folded, k) is not None]
        if empty:
            raise ValueError(f"empty text field {empty[0]!r}")
        raise ValueError(f"no text field (looked for {', '.join(mapping['text'])})")
    if not isinstance(text, str):
        raise ValueError(f"text field is {type(text).__name__}, not a string")
    from figures.web import fragment_text, looks_like_html

    if looks_like_html(text):
        text = fragment_text(text)
    values: dict[str, str | None] = {}
    for name in ("title", "outlet", "url", "author"):
        v = pick(name)
        if isinstance(v, list) and all(isinstance(x, str | int | float) for x in v):
            v = ", ".join(str(x) for x in v)
        if v is not None and not isinstance(v, str | int | float):
            raise ValueError(f"{name} field is {type(v).__name__}, not a string")
        values[name] = None if v is None else " ".join(str(v).split())
    raw_date = pick("published")
    if isinstance(raw_date, dict | list):
        raise ValueError(f"date field is {type(raw_date).__name__}, not a date")
    published, warning = read_date(raw_date)
    try:
        document = Document(text=text, published=published, origin=where, **values)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
    return document, [warning] if warning else []


_ABSENT = object()


@lru_cache(maxsize=64)
def _keys(keys: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """Each field name to look for, lower-cased, and whether it has a dot."""
    return tuple((k, k.lower(), "." in k) for k in keys)


def _lookup(obj: dict[str, Any], folded: dict[str, str], key: str) -> Any:
    """obj[key], matching the key case-insensitively and following dots into objects."""
    if key in obj:
        return obj[key]
    real = folded.get(key.lower())
    if real is not None:
        return obj[real]
    head, dot, rest = key.partition(".")
    if dot:
        inner = _lookup(obj, folded, head)
        if isinstance(inner, dict):
            return _lookup(inner, {k.lower(): k for k in inner if isinstance(k, str)}, rest)
    return None


def read_jsonl(
    lines: Iterable[str], origin: str, options: ReadOptions | None = None
) -> Iterator[Item]:
    """One document per line of JSON Lines; a bad line fails alone, named by its number."""
    mapping = (options or ReadOptions()).mapping()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(where, error=f"not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield record_item(obj, where, mapping)


_LIST_KEYS = ("articles", "items", "data", "results", "documents", "entries", "records", "posts")


def read_json(text: str, origin: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """A JSON file: one object, an array of objects, or an object holding such an array.

    An array's records are named file[index] and their errors give the line they open on
    (see :func:`read_json_array_lines`).
    """
    if text.startswith("[", _skip_space(text, 0)):
        yield from read_json_array_lines(io.StringIO(text), origin, options)
        return
    mapping = (options or ReadOptions()).mapping()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _first_line_is_object(text):
            yield Item(origin, warnings=["one JSON value per line: read as JSON Lines"])
            yield from read_jsonl(text.splitlines(), origin, options)
            return
        where = f"{origin}:{exc.lineno}"
        yield Item(where, error=f"not valid JSON: {exc.msg} (column {exc.colno})")
        return
    key = _records_key(data, mapping)
    if key is None:
        yield record_item(data, origin, mapping)
        return
    for i, obj in enumerate(data[key]):
        yield record_item(obj, f"{origin}[{key}][{i}]", mapping)


def _records_key(data: Any, mapping: dict[str, tuple[str, ...]]) -> str | None:
    """The key of the array of records in an export's wrapper object (`articles`...)."""
    if not isinstance(data, dict) or any(k in data for k in mapping["text"]):
        return None
    for key in _LIST_KEYS:
        if isinstance(data.get(key), list):
            return key
    return None


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, pos: int) -> int:
    m = _SPACE.match(text, pos)
    assert m is not None  # the pattern matches the empty string
    return m.end()


JSON_RECORD_LIMIT = 64 * 1024 * 1024  # characters one array element may span, read ahead


def read_json_array_lines(
    lines: Iterable[str], origin: str, options: ReadOptions | None = None
) -> Iterator[Item]:
    """A JSON array of records read from its lines as they come: memory holds one element
    (and the line it ends on). Records are named file[index] and their errors give the
    line they open on; a syntax error ends the file with an error naming its line, after
    the records before it."""
    mapping = (options or ReadOptions()).mapping()
    decoder = json.JSONDecoder()
    source = iter(lines)
    buf, pos, line = "", 0, 1  # line: the number of the line buf starts with

    def more() -> bool:
        """Read on: at least as much again as the buffer holds (ends the file: False)."""
        nonlocal buf, pos, line
        want, got = max(len(buf) - pos, 65536), []
        for piece in source:
            got.append(piece)
            want -= len(piece)
            if want <= 0:
                break
        if not got:
            return False
        cut = buf.rfind("\n", 0, pos) + 1  # keep whole lines: error columns stay right
        line += buf.count("\n", 0, cut)
        buf, pos = buf[cut:] + "".join(got), pos - cut
        return True

    def skip() -> bool:
        """Skip white space, reading on; False at the end of the input."""
        nonlocal pos
        while True:
            pos = _skip_space(buf, pos)
            if pos < len(buf):
                return True
            if not more():
                return False

    def line_at(at: int) -> int:
        return line + buf.count("\n", 0, at)

    def error(message: str, at: int) -> Item:
        column = at - buf.rfind("\n", 0, at)
        return Item(f"{origin}:{line_at(at)}", error=f"not valid JSON: {message} (column {column})")

    skip()
    pos += 1  # the "[" the input opens with
    index = 0
    while True:
        if not skip():
            yield error("Expecting value", pos)
            return
        if buf.startswith("]", pos) and index == 0:
            break
        while True:
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if len(buf) - pos < JSON_RECORD_LIMIT and more():
                    continue
                yield error(exc.msg, exc.pos)
                return
            if end < len(buf) or not more():  # a number may go on in the next piece
                break
        item = record_item(obj, f"{origin}[{index}]", mapping)
        if item.error:
            item.error = f"{item.error} (line {line_at(pos)})"
        yield item
        index += 1
        pos = end
        if not skip():
            yield error("Expecting ',' delimiter", pos)
            return
        if buf.startswith(",", pos):
            pos += 1
            continue
        if not buf.startswith("]", pos):
            yield error("Expecting ',' delimiter", pos)
            return
        break
    pos += 1
    if skip():
        yield error("Extra data", pos)
    elif not index:
        yield Item(origin, warnings=["an empty array: no documents"])


def _first_line_is_object(text: str) -> bool:
    """Whether the first line of a text is a JSON object on its own, as in JSON Lines."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def read_csv(text: str, origin: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """One document per row of a CSV (or TSV) file with a header row.

    The delimiter is the one of `, ; TAB |` the header uses most. Rows are named
    file:line by the line they open on (quoted fields may span lines).
    """
    yield from read_csv_lines(io.StringIO(text, newline=""), origin, options)


def read_csv_lines(
    lines: Iterable[str], origin: str, options: ReadOptions | None = None
) -> Iterator[Item]:
    """:func:`read_csv` for lines read one at a time (each with its line ending)."""
    options = options or ReadOptions()
    mapping = options.mapping()
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    rest = iter(lines)
    first = next(rest, "")
    delimiter = _delimiter(first.split("\n", 1)[0])
    reader = csv.reader(itertools.chain([first], rest), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield Item(f"{origin}:1", error=f"no CSV header row ({exc})" if str(exc) else "empty file")
        return
    folded = {h.lower() for h in header}
    if not any(name.split(".")[0].lower() in folded for name in mapping["text"]):
        yield Item(
            f"{origin}:1",
            error=f"no text column (looked for {', '.join(mapping['text'])};"
            f" columns: {', '.join(header)})",
        )
        return
    warnings = _csv_header_warnings(header, options)
    if warnings:
        yield Item(origin, warnings=warnings)
    previous = reader.line_num
    rows = 0
    while True:
        start = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            if not rows:
                yield Item(origin, warnings=["a header and no rows: no documents"])
            return
        except csv.Error as exc:
            rows += 1
            end = f" (at line {reader.line_num})" if reader.line_num != start else ""
            previous = reader.line_num
            yield Item(f"{origin}:{start}", error=f"not valid CSV: {exc}{end}")
            continue
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        where = f"{origin}:{start}"
        if len(row) != len(header):
            yield Item(where, error=f"{len(row)} fields where the header has {len(header)}")
            continue
        yield record_item(dict(zip(header, row, strict=True)), where, mapping)


def _delimiter(header: str) -> str:
    """The one of `, ; TAB |` a CSV header line uses most (a comma if none)."""
    return (
        max(CSV_DELIMITERS, key=header.count) if any(d in header for d in CSV_DELIMITERS) else ","
    )


def _csv_header_warnings(header: list[str], options: ReadOptions) -> list[str]:
    """Columns named twice, and columns asked for (--text-field...) that the file lacks."""
    out = []
    folded = [h.lower() for h in header]
    twice = sorted({h for h in header if folded.count(h.lower()) > 1})
    if twice:
        out.append(f"columns named twice (the last one is read): {', '.join(twice)}")
    for name, keys in options.fields.items():
        missing = [k for k in keys if k.split(".")[0].lower() not in folded]
        if missing and len(missing) == len(keys):
            out.append(
                f"no column {' or '.join(repr(k) for k in keys)} for {name}"
                f" (columns: {', '.join(header)})"
            )
    return out


# --- any input ------------------------------------------------------------------------------


def read_bytes(
    raw: bytes,
    origin: str,
    fmt: Format | None,
    options: ReadOptions,
    *,
    url: str | None = None,
    charset: str | None = None,
    empty: str = "empty file",
) -> Iterator[Item]:
    """Every document in one input's bytes, in format ``fmt`` (None: sniffed); ``empty``
    is the error of an input with nothing in it."""
    if b"\x00" in raw[:NUL_WINDOW]:
        yield Item(origin, error=BINARY)
        return
    if not raw.strip():
        yield Item(origin, error=empty)
        return
    fmt = fmt or sniff(raw)
    if fmt == "feed":
        from figures.feeds import read_feed

        yield from read_feed(raw, origin, options, base_url=url)
        return
    if fmt == "html":
        from figures.web import InputError, html_page

        if url:
            keep_html(options, url, raw)
        try:
            page = html_page(decode(raw, charset)[0] if charset else raw, origin, url)
        except InputError as exc:
            yield Item(origin, error=str(exc))
            return
        yield Item(origin, page.document, warnings=page.warnings)
        return
    text, problem = decode(raw, charset)
    if problem:
        yield Item(origin, warnings=[problem])
    if fmt == "jsonl":
        if _pretty_object(text):
            yield from read_json(text, origin, options)
        else:
            yield from read_jsonl(text.splitlines(), origin, options)
    elif fmt == "json":
        yield from read_json(text, origin, options)
    elif fmt == "csv":
        yield from read_csv(text, origin, options)
    else:
        yield text_item(text, origin)


def _pretty_object(text: str) -> bool:
    """Whether a text opening with `{` is one JSON object over several lines, not JSON Lines."""
    return not _first_line_is_object(text) and _is_json(text)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def keep_html(options: ReadOptions, url: str, body: bytes) -> None:
    """Save a fetched page as it came, in --keep-html's folder (by host, then URL hash)."""
    if options.keep_html is None:
        return
    parts = urllib.parse.urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(parts.path).stem)[:60].strip("-") or "index"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    folder = options.keep_html / (parts.hostname or "unknown")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}-{digest}.html").write_bytes(body)


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Every document in one file, or its error."""
    origin = str(path)
    try:
        with path.open("rb") as fh:
            yield from read_stream(fh, origin, SUFFIXES.get(path.suffix.lower()), options)
    except OSError as exc:
        yield Item(origin, error=f"cannot read: {exc.strerror or exc}")


def read_stream(
    fh: IO[bytes],
    origin: str,
    fmt: Format | None,
    options: ReadOptions | None = None,
    *,
    empty: str = "empty file",
) -> Iterator[Item]:
    """Every document of an open binary input, in format ``fmt`` (None: sniffed).

    JSON Lines and CSV are read a line at a time, so that memory holds one record however
    long the input (a year of news, a firehose on standard input); other formats are read
    whole. ``empty`` is the error of an input with nothing in it.
    """
    options = options or ReadOptions()
    # what a pipe has now, not 8 KB: a live feed's first line is read at once
    read1 = getattr(fh, "read1", None)
    head = read1(NUL_WINDOW) if read1 is not None else fh.read(NUL_WINDOW)
    if b"\x00" in head:
        yield Item(origin, error=BINARY)
        return
    head = _through_first_line(head, fh)
    if fmt in (None, "jsonl") and sniff(head) == "jsonl":
        if _opens_with_object(head):
            yield from _stream_lines(head, fh, origin, options, read_jsonl)
            return
    elif fmt in (None, "json") and sniff(head) == "json":
        yield from _stream_lines(head, fh, origin, options, read_json_array_lines)
        return
    elif fmt == "csv" and _ends_lines_with_line_feeds(head):
        yield from _stream_lines(head, fh, origin, options, read_csv_lines)
        return
    yield from read_bytes(head + fh.read(), origin, fmt, options, empty=empty)


def _through_first_line(head: bytes, fh: IO[bytes]) -> bytes:
    """``head`` read on to the end of the input's first non-blank line."""
    while b"\n" not in head.lstrip(_BLANK):
        more = fh.readline()
        if not more:
            break
        head += more
    return head


_BLANK = b"\xef\xbb\xbf \t\r\n"  # what may stand before an input's first line: BOM, spaces


def _opens_with_object(head: bytes) -> bool:
    """Whether an input's first non-blank line (up to a line feed) is one JSON object."""
    first = head.lstrip(_BLANK).split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first.decode("utf-8", errors="replace")), dict)
    except json.JSONDecodeError:
        return False


def _ends_lines_with_line_feeds(head: bytes) -> bool:
    """Whether an input's first line ends with a line feed (CR LF or LF, not a bare CR):
    its lines can then be read one at a time."""
    body = head.lstrip(_BLANK)
    return b"\n" in body and b"\r" not in body.split(b"\n", 1)[0].rstrip(b"\r")


def _stream_lines(
    head: bytes,
    fh: IO[bytes],
    origin: str,
    options: ReadOptions,
    read: Callable[[Iterable[str], str, ReadOptions], Iterator[Item]],
) -> Iterator[Item]:
    """Records that ``read`` (JSON Lines, CSV) finds in ``head`` (the input's first bytes,
    its first line whole) and the rest of ``fh``, a line in memory at a time. The first
    invalid UTF-8 byte is warned of just before the record of its line."""
    problems: list[str] = []
    rest = b"" if head.endswith(b"\n") else fh.readline()  # the line head ends inside
    lines = _decoded_lines(itertools.chain(io.BytesIO(head + rest), fh), problems)
    for item in read(lines, origin, options):
        if problems:
            yield Item(origin, warnings=problems.copy())
            problems.clear()
        yield item


def _decoded_lines(raw_lines: Iterable[bytes], problems: list[str]) -> Iterator[str]:
    """Each line of bytes as UTF-8 text (a leading BOM dropped); bad bytes are replaced,
    and the first one is reported in ``problems`` by its offset in the input."""
    offset = 0
    warned = False
    for raw in raw_lines:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            if not warned:
                problems.append(_replaced("UTF-8", offset + exc.start))
                warned = True
        if not offset:
            line = line.removeprefix("\ufeff")
        offset += len(raw)
        yield line


def read_url(url: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Every document at an http(s) URL: a page, a feed, or a JSON, JSON Lines or CSV file."""
    from figures.fetch import FetchError

    options = options or ReadOptions()
    try:
        response = options.fetcher().get(url)
    except FetchError as exc:
        yield Item(url, error=exc.reason)
        return
    yield from read_bytes(
        response.body,
        url,
        response_format(response),
        options,
        url=response.url,
        charset=response.charset,
    )


def read_stdin(stream: IO[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Standard input, in the format its first characters show (text, JSON Lines, HTML...).

    Its bytes are read as a file's are: invalid UTF-8 is replaced, with a warning.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream without bytes beneath it
        buffer = io.BytesIO(stream.read().encode("utf-8"))
    yield from read_stream(buffer, "<stdin>", None, options, empty="empty input")


def is_url(value: str) -> bool:
    """Whether a command-line input is an http(s) URL rather than a path."""
    return value.startswith(("http://", "https://"))


def expand_paths(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files as given, folders recursively (known suffixes only), URLs, and "-" for stdin."""
    for p in paths:
        if p == "-" or is_url(p):
            yield p
        elif Path(p).is_dir():
            yield from _folder_files(Path(p))
        else:
            yield Path(p)


def _folder_files(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.rglob("*")):
        if child.is_symlink() and not child.exists():
            yield child  # a dangling link: reported as unreadable, not skipped
        elif child.is_file() and child.suffix.lower() in FOLDER_SUFFIXES:
            yield child


def _not_articles(path: Path, options: ReadOptions) -> str | None:
    """Why a folder's .xml or .csv file is data rather than articles (not a feed, no text
    column), or None. Named on the command line, such a file is read, and fails clearly."""
    suffix = path.suffix.lower()
    if suffix not in (".xml", ".csv", ".tsv"):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return None  # read_path reports it
    if suffix == ".xml":
        from figures.feeds import looks_like_feed

        return None if looks_like_feed(head) else "not an RSS or Atom feed"
    first = decode(head)[0].lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = {h.strip().lower() for h in next(csv.reader([first], delimiter=_delimiter(first)))}
    except (csv.Error, StopIteration):
        return None  # read_path reports it
    names = options.mapping()["text"]
    if any(n.split(".")[0].lower() in header for n in names):
        return None
    return f"no text column ({', '.join(names)})"


def read_inputs(
    paths: Iterable[str], stdin: IO[str] | None = None, options: ReadOptions | None = None
) -> Iterator[Item]:
    """Every document of every input, errors and warnings included, in order.

    In a folder, .xml files that are not feeds and CSV files without a text column are
    skipped with a warning: they are data beside the articles.
    """
    options = options or ReadOptions()
    for p in paths:
        if p == "-":
            yield from read_stdin(stdin or sys.stdin, options)
        elif is_url(p):
            yield from read_url(p, options)
        elif Path(p).is_dir():
            for child in _folder_files(Path(p)):
                if not child.exists():
                    yield Item(str(child), error="a link to no such file")
                    continue
                reason = _not_articles(child, options)
                if reason:
                    yield Item(str(child), warnings=[f"skipped: {reason}"])
                else:
                    yield from read_path(child, options)
        elif not Path(p).exists():
            yield Item(p, error="no such file or folder")
        else:
            yield from read_path(Path(p), options)
