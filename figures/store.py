"""The SQLite store: schema from db/*.sql, and documents written whole with their claims."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from figures.evaluate import normalise_source
from figures.models import Claim, Document

DB_DIR = Path(__file__).resolve().parent / "dbfiles"  # a link to the repository's db/
DEFAULT_DB = Path("db") / "figures.db"
BUSY_TIMEOUT_MS = 60_000

CLAIM_COLUMNS = (
    "document_id",
    "metric",
    "value",
    "low",
    "high",
    "qualifier",
    "number_text",
    "victims",
    "source_id",
    "source_text",
    "cue",
    "attribution",
    "via",
    "location",
    "scope",
    "period_start",
    "as_of",
    "published",
    "sentence",
    "sentence_start",
    "start",
    "end",
    "rule",
    "rules_version",
    "fingerprint",
    "duplicate_of",
    "extracted_at",
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What writing one document did."""

    document_id: str
    new: bool
    claims: int


def sql_file(name: str) -> str:
    """The text of db/<name> (schema.sql, views.sql)."""
    return (DB_DIR / name).read_text(encoding="utf-8")


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# characters a copy of a page may gain or lose without a visible change: zero-width
# space, word joiner, byte-order mark, soft hyphen. (Zero-width joiners stay: they change
# how some scripts and emoji read.)
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))


def normalise_text(text: str) -> str:
    """The text a document's identity is computed from: NFC, white space folded.

    Runs of white space (any Unicode space, tab or line break) become one space, the ends
    are stripped, and invisible characters (zero-width space, word joiner, byte-order
    mark, soft hyphen) are dropped: a copy of an article that differs only in these is
    the same document.

    >>> normalise_text("\\ufeff Two\\u00a0people \\n\\n died.\\u200b ")
    'Two people died.'
    """
    if not text.isascii():  # ASCII is NFC and has no invisible characters
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if any(ch in text for ch in _INVISIBLE_CHARS):  # `in` is fast, translate is not
            text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def document_id(text: str) -> str:
    """A stable id for a document: 16 hex digits of the hash of its normalised text.

    >>> document_id("Two  people\\n died.") == document_id("Two people died.")
    True
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


# metadata a later copy of a stored document may supply when the first lacked it (a file
# read before the same article from its URL). `published` is not among them: the claims
# were dated with the published date the document had when it was extracted.
FILLABLE = ("url", "title", "outlet", "author")
Metadata = tuple[str | None, ...]  # a document's FILLABLE values
Refill = tuple[str, Metadata]  # a stored document's id, the values a copy of it has
LOOKUP = 500  # ids looked up in one query


def stored_metadata(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, Metadata]:
    """The documents among ``ids`` (see :func:`document_id`) that are stored, each with its
    FILLABLE values: one query for many documents."""
    out: dict[str, Metadata] = {}
    columns = ", ".join(FILLABLE)
    for k in range(0, len(ids), LOOKUP):
        part = ids[k : k + LOOKUP]
        rows = db.conn.execute(
            f"SELECT id, {columns} FROM documents WHERE id IN ({', '.join('?' * len(part))})",
            part,
        )
        out.update((row[0], tuple(row[1:])) for row in rows)
    return out


def refill_of(doc: Document, doc_id: str, stored: Metadata) -> Refill | None:
    """What ``doc`` can fill in of the empty metadata of its stored copy (whose values are
    ``stored``), or None when nothing."""
    values = tuple(getattr(doc, f) for f in FILLABLE)
    if any(v is not None and s is None for v, s in zip(values, stored, strict=True)):
        return (doc_id, values)
    return None


def fill_metadata(db: sqlite_utils.Database, refills: Iterable[Refill]) -> int:
    """Fill the empty metadata of stored documents from later copies; return how many changed.

    The same article read from a file and then from its URL is one document: the second
    read adds the URL (and title, outlet, author) when the first had none, so that a later
    version of the page links to it (``previous_version``). One transaction.
    """
    conn = db.conn
    changed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for doc_id, values in refills:
            changed += _fill_missing(conn, doc_id, values)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return changed


def _fill_missing(conn: sqlite3.Connection, doc_id: str, values: tuple[str | None, ...]) -> int:
    """Set the stored document's empty FILLABLE fields from ``values`` (caller's transaction)."""
    if not any(values):
        return 0
    sets = ", ".join(f"{f} = coalesce({f}, ?)" for f in FILLABLE)
    empty = " OR ".join(f"({f} IS NULL AND ? IS NOT NULL)" for f in FILLABLE)
    cursor = conn.execute(
        f"UPDATE documents SET {sets} WHERE id = ? AND ({empty})", (*values, doc_id, *values)
    )
    return cursor.rowcount


def previous_version(conn: sqlite3.Connection, url: str | None) -> str | None:
    """The id of the latest stored document read from ``url``, or None."""
    if not url:
        return None
    row = conn.execute(
        "SELECT id FROM documents WHERE url = ? ORDER BY ingested_at DESC, rowid DESC LIMIT 1",
        (url,),
    ).fetchone()
    return row[0] if row else None


def fingerprint(claim: Claim) -> str:
    """The identity of a figure across syndicated copies: metric, bounds, source, place, date."""
    who = claim.source or normalise_source(claim.source_text) or ""
    where = (claim.location or "").lower()
    key = f"{claim.metric}|{claim.low}|{claim.high}|{who}|{where}|{claim.as_of or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def open_db(
    path: str | Path = DEFAULT_DB, *, metrics: dict[str, tuple[str, str]] | None = None
) -> sqlite_utils.Database:
    """Open (creating if needed) a figures database with its schema, views and search index."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db = sqlite_utils.Database(conn)
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db, metrics)
    return db


def ensure_schema(
    db: sqlite_utils.Database, metrics: dict[str, tuple[str, str]] | None = None
) -> None:
    """Create or migrate tables, indexes, views and full-text search; fill the metrics table."""
    from figures.models import METRICS

    conn = db.conn
    schema = sql_file("schema.sql")
    _rename_columns(conn)
    _add_missing_columns(conn, schema)
    # one write transaction: two processes opening a new database at once take turns
    # (views are dropped and created again, which must not interleave)
    conn.executescript(f"BEGIN IMMEDIATE;\n{schema}\n{sql_file('views.sql')}\nCOMMIT;")
    rows = [(k, v[0], v[1]) for k, v in (metrics or METRICS).items()]
    with conn:
        conn.executemany(
            "INSERT INTO metrics (id, label, description) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET"
            " label = excluded.label, description = excluded.description",
            rows,
        )
    searchable = {"claims": ["sentence", "number_text", "source_text", "location"]}
    searchable["documents"] = ["title", "text"]
    for table, columns in searchable.items():
        if f"{table}_fts" in db.table_names():
            continue
        try:
            db.table(table).enable_fts(columns, create_triggers=True, tokenize="porter")
        except sqlite3.OperationalError:
            if f"{table}_fts" not in db.table_names():  # not a concurrent opener's doing
                raise
    # new documents are indexed a batch at a time by write_documents (half the cost of a
    # trigger a row); the triggers of updates and deletes stay. FTS5 merges its segments
    # once 8 of a level stand, not 4 (its default): a fifth less time indexing a batch,
    # the same search speed (measured on bulk.jsonl repeated to 20 MB)
    with conn:
        conn.execute('DROP TRIGGER IF EXISTS "documents_ai"')
        if (
            conn.execute("SELECT 1 FROM documents_fts_config WHERE k = 'automerge'").fetchone()
            is None
        ):
            conn.execute(FTS_AUTOMERGE)


# columns renamed since a release: (table, old name, new name). An older database gets
# the new name with its data before the missing columns are added.
RENAMED_COLUMNS = (("documents", "previous_id", "previous_version"),)


def _rename_columns(conn: sqlite3.Connection) -> None:
    """Migrate an older database: give renamed columns their new names, keeping the data."""
    for table, old, new in RENAMED_COLUMNS:
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        if old in have and new not in have:
            with conn:
                conn.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')


def _add_missing_columns(conn: sqlite3.Connection, schema: str) -> None:
    """Migrate an older database: add the columns schema.sql has and its tables lack.

    The schema is built in memory and each existing table compared with it, so that
    schema.sql stays the one description of the database.
    """
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not existing:
        return
    model = sqlite3.connect(":memory:")
    model.executescript(schema)
    for (table,) in model.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if table not in existing:
            continue
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        for _, name, kind, notnull, default, _pk in model.execute(f'PRAGMA table_info("{table}")'):
            if name in have:
                continue
            if notnull and default is None:
                raise RuntimeError(f"cannot add NOT NULL column {table}.{name} without a default")
            clause = f" DEFAULT {default}" if default is not None else ""
            conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}{clause}')
    model.close()


def _source_id(conn: sqlite3.Connection, cache: dict[str, int], claim: Claim) -> int | None:
    name = claim.source or _display_source(claim.source_text)
    if not name:
        return None
    hit = cache.get(name)
    if hit is not None:
        return hit
    conn.execute(
        "INSERT INTO sources (name, kind, canonical) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
        (name, claim.source_kind, int(claim.source is not None)),
    )
    row = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
    cache[name] = row[0]
    return int(row[0])


def _display_source(source_text: str | None) -> str | None:
    """An unaliased source's row name: its words without a leading article, spaces folded."""
    if not source_text:
        return None
    words = source_text.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or None


# a document whose id is stored already is left as it is (the caller fills what it lacks)
_INSERT_DOCUMENT = (
    "INSERT INTO documents (id, url, title, outlet, credit, published, author, origin,"
    " previous_version, text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (id) DO NOTHING"
)
FTS_AUTOMERGE = """INSERT INTO "documents_fts" ("documents_fts", rank) VALUES ('automerge', 8)"""

# the documents of this transaction from a rowid on, into the full-text index (a new row
# takes the highest rowid plus one: under the write lock, every row from there is ours)
_INDEX_NEW = (
    'INSERT INTO "documents_fts" (rowid, "title", "text")'
    ' SELECT rowid, "title", "text" FROM documents WHERE rowid >= ?'
)


def write_documents(
    db: sqlite_utils.Database,
    batch: Sequence[tuple[Document, str | None, Sequence[Claim]]],
    *,
    ids: Sequence[str] | None = None,
) -> list[Stored]:
    """Write documents with their claims in one transaction; already stored ones are skipped.

    Each item is (document, credit, claims). Either the whole batch lands or none of it.
    A document is identified by its normalised text (:func:`document_id`): a copy that
    differs only in white space is skipped, and metadata it has that the stored copy
    lacks is filled in. A new text read from the URL of a stored document is a new
    document whose ``previous_version`` is the latest one stored from that URL.
    ``ids``: the documents' ids (:func:`document_id`), when the caller has them already.
    """
    conn = db.conn
    results: list[Stored] = []
    cache: dict[str, int] = {}
    stamp = now()
    unindexed: int | None = None  # the first rowid not yet in documents_fts

    def index_new() -> None:
        nonlocal unindexed
        if unindexed is not None:
            conn.execute(_INDEX_NEW, (unindexed,))
            unindexed = None

    conn.execute("BEGIN IMMEDIATE")
    try:
        for k, (doc, credit, claims) in enumerate(batch):
            doc_id = ids[k] if ids is not None else document_id(doc.text)
            previous = previous_version(conn, doc.url)
            cursor = conn.execute(
                _INSERT_DOCUMENT,
                (
                    doc_id,
                    doc.url,
                    doc.title,
                    doc.outlet,
                    credit,
                    doc.published,
                    doc.author,
                    doc.origin,
                    previous,
                    doc.text,
                    stamp,
                ),
            )
            if cursor.rowcount == 0:  # stored already, before or earlier in this batch
                index_new()  # the update trigger takes out the terms the index holds
                _fill_missing(conn, doc_id, tuple(getattr(doc, f) for f in FILLABLE))
                results.append(Stored(doc_id, False, 0))
                continue
            if unindexed is None:
                unindexed = cursor.lastrowid
            insert_claims(conn, cache, doc_id, doc.published, claims, stamp)
            results.append(Stored(doc_id, True, len(claims)))
        index_new()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return results


_CLAIM_NAMES = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
_INSERT_CLAIM = (
    f"INSERT INTO claims ({_CLAIM_NAMES}) VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)


def insert_claims(
    conn: sqlite3.Connection,
    cache: dict[str, int],
    doc_id: str,
    published: str | None,
    claims: Iterable[Claim],
    stamp: str,
) -> list[int]:
    """Insert a document's claims (inside the caller's transaction); return their ids.

    Syndicated copies are marked (duplicate_of) and each claim's series is counted.
    """
    ids: list[int] = []
    insert = _INSERT_CLAIM
    for c in claims:
        fp = fingerprint(c)
        first = conn.execute(
            "SELECT id FROM claims WHERE fingerprint = ? AND duplicate_of IS NULL"
            " AND superseded_at IS NULL LIMIT 1",
            (fp,),
        ).fetchone()
        source_id = _source_id(conn, cache, c)
        cursor = conn.execute(
            insert,
            (
                doc_id,
                c.metric,
                c.value,
                c.low,
                c.high,
                c.qualifier,
                c.number_text,
                c.victims,
                source_id,
                c.source_text,
                c.cue,
                c.attribution,
                c.via,
                c.location,
                c.scope,
                c.period_start,
                c.as_of,
                (published or "")[:10] or None,
                c.sentence,
                c.sentence_start,
                c.start,
                c.end,
                c.rule,
                c.rules_version,
                fp,
                first[0] if first else None,
                stamp,
            ),
        )
        ids.append(int(cursor.lastrowid or 0))
        _count_series(conn, c.metric, source_id, c.location)
    return ids


def _count_series(
    conn: sqlite3.Connection, metric: str, source_id: int | None, location: str | None
) -> None:
    updated = conn.execute(
        "UPDATE series SET claims = claims + 1 WHERE metric = ?"
        " AND ifnull(source_id, 0) = ifnull(?, 0) AND ifnull(location, '') = ifnull(?, '')",
        (metric, source_id, location),
    ).rowcount
    if not updated:
        conn.execute(
            "INSERT INTO series (metric, source_id, location, claims) VALUES (?, ?, ?, 1)",
            (metric, source_id, location),
        )
