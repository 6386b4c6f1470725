"""Readers: every input shape (text, folders, JSON Lines, JSON, stdin) as documents."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from figures.context import iso_date
from figures.models import Document

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
FOLDER_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
HEADER_KEYS = {"title", "published", "outlet", "url", "author", "date", "source"}
FIELD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "published": ("published", "date", "pubDate", "published_at", "date_publish", "datetime"),
    "outlet": ("outlet", "source", "site_name", "publisher", "source_domain"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}


@dataclass(slots=True)
class Item:
    """One document read from an input, or the reason it could not be read."""

    origin: str  # file, file:line, or <stdin>:line
    document: Document | None = None
    error: str | None = None


# --- readers -------------------------------------------------------------------------------


def decode(raw: bytes, origin: str) -> tuple[str | None, str | None]:
    """Text of a file's bytes, or an error: binary refused, invalid UTF-8 replaced."""
    if b"\x00" in raw[:8192]:
        return None, f"{origin}: binary file (NUL bytes), not text"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), (
            f"{origin}: invalid UTF-8 at byte {exc.start}; bad bytes replaced with U+FFFD"
        )


def parse_text_file(text: str, origin: str) -> Document:
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
    return Document(
        text=body,
        title=meta.get("title") or None,
        published=_date(meta.get("published") or meta.get("date")),
        outlet=meta.get("outlet") or meta.get("source") or None,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
        origin=origin,
    )


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return iso_date(str(value)) or str(value)


def document_from_record(
    obj: Any, origin: str, fields: dict[str, tuple[str, ...]] | None = None
) -> Document:
    """A document from one JSON object, by the field mapping; raises ValueError when unusable."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    mapping = {**FIELD_DEFAULTS, **(fields or {})}

    def pick(name: str) -> Any:
        for key in mapping[name]:
            if key in obj and obj[key] not in (None, ""):
                return obj[key]
        return None

    text = pick("text")
    if text is None:
        raise ValueError(f"no text field (looked for {', '.join(mapping['text'])})")
    if not isinstance(text, str):
        raise ValueError(f"text field is {type(text).__name__}, not a string")
    values: dict[str, str | None] = {}
    for name in ("title", "outlet", "url", "author"):
        v = pick(name)
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v)
        if v is not None and not isinstance(v, str | int | float):
            raise ValueError(f"{name} field is {type(v).__name__}, not a string")
        values[name] = None if v is None else str(v)
    try:
        return Document(text=text, published=_date(pick("published")), origin=origin, **values)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc


def read_jsonl(fh: IO[str], origin: str) -> Iterator[Item]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
            yield Item(where, document_from_record(obj, where))
        except json.JSONDecodeError as exc:
            yield Item(where, error=f"not valid JSON: {exc.msg} (column {exc.colno})")
        except ValueError as exc:
            yield Item(where, error=str(exc))


def read_json(text: str, origin: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Item(f"{origin}:{exc.lineno}", error=f"not valid JSON: {exc.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for i, obj in enumerate(records):
        where = f"{origin}[{i}]" if isinstance(data, list) else origin
        try:
            yield Item(where, document_from_record(obj, where))
        except ValueError as exc:
            yield Item(where, error=str(exc))


def read_path(path: Path) -> Iterator[Item]:
    """Every document in one file, or its error."""
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Item(origin, error=f"cannot read: {exc.strerror or exc}")
        return
    text, problem = decode(raw, origin)
    if text is None:
        yield Item(origin, error=problem)
        return
    if problem:
        print(f"warning: {problem}", file=sys.stderr)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(iter(text.splitlines()), origin)  # type: ignore[arg-type]
    elif suffix in JSON_SUFFIXES:
        yield from read_json(text, origin)
    elif not text.strip():
        yield Item(origin, error="empty file")
    else:
        yield Item(origin, parse_text_file(text, origin))


def read_stdin(stream: IO[str]) -> Iterator[Item]:
    """Standard input: JSON Lines when the first character is `{`, else one text article."""
    text = stream.read()
    if text.lstrip().startswith("{"):
        yield from read_jsonl(iter(text.splitlines()), "<stdin>")  # type: ignore[arg-type]
    elif text.strip():
        yield Item("<stdin>", parse_text_file(text, "<stdin>"))
    else:
        yield Item("<stdin>", error="empty input")


def expand_paths(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files as given, folders recursively (known suffixes only), and "-" for stdin."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_symlink() and not child.exists():
                    yield child  # a dangling link: reported as unreadable, not skipped
                elif child.is_file() and child.suffix.lower() in FOLDER_SUFFIXES:
                    yield child
        else:
            yield path


def read_inputs(paths: Iterable[str], stdin: IO[str] | None = None) -> Iterator[Item]:
    """Every document of every input, errors included, in order."""
    for p in expand_paths(paths):
        if p == "-":
            yield from read_stdin(stdin or sys.stdin)
        elif isinstance(p, Path) and not p.exists():
            yield Item(str(p), error="no such file or folder")
        else:
            assert isinstance(p, Path)
            yield from read_path(p)
