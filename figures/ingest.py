"""Ingest: read documents, extract their claims (in parallel if asked) and store them whole;
or store what the Spark job extracted (`load_claims`), through the same writer."""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from figures.extract import extract_document, extract_documents
from figures.models import Claim, Document
from figures.readers import Item, ReadOptions, read_inputs
from figures.rules import RuleSet, compile_packs, load_rules
from figures.store import (
    Refill,
    document_id,
    fill_metadata,
    open_db,
    refill_of,
    stored_metadata,
    write_documents,
)

__all__ = ["Item", "ReadOptions", "Summary", "ingest", "load_claims", "read_inputs"]


@dataclass(slots=True)
class Summary:
    """What an ingest did: documents read, new, already stored, failed, claims stored."""

    read: int = 0
    new: int = 0
    already: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    timed_out: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"documents read: {self.read}",
            f"new: {self.new}",
            f"already stored: {self.already}",
            f"failed: {len(self.failed)}",
            f"claims stored: {self.claims}",
        ]
        out.extend(f"  failed: {origin}: {reason}" for origin, reason in self.failed)
        out.extend(f"  warning: {origin}: {message}" for origin, message in self.warnings)
        out.extend(
            f"  warning: {origin}: rule {rule} ran out of time" for origin, rule in self.timed_out
        )
        return out


# --- ingest --------------------------------------------------------------------------------


Outcome = tuple[str | None, list[Claim], list[str]] | str  # a result, or why extraction failed

_WORKER_RULES: RuleSet | None = None
# documents extracted together (extract_documents runs each rule over a whole chunk:
# 1,024 documents at once run a fifth faster than 64), at most CHUNK_CHARS of text; a
# worker gets smaller chunks, so that the work of a short input is still shared
CHUNK = 1024
WORKER_CHUNK = 256
BATCH_SIZE = 1000  # documents a transaction writes; a chunk holds no more (see chunks())
CHUNK_CHARS = 4_000_000
MAX_CHARS = 5_000_000  # a longer "article" is a dump, not news: refused with a clear error


def _init_worker(paths: tuple[str, ...]) -> None:
    global _WORKER_RULES
    if _WORKER_RULES is None or _WORKER_RULES.paths != paths:  # not inherited by fork
        _WORKER_RULES = compile_packs([Path(p) for p in paths])


def _fork_ready(rs: RuleSet) -> None:
    """Load what extraction needs before the run, where workers forked later inherit it
    compiled: the rules, and the attribution and date engines one extraction loads."""
    global _WORKER_RULES
    _WORKER_RULES = rs
    extract_document("Two people were killed on Monday, police said.", ruleset=rs)


def _extract_chunk(
    docs: list[tuple[str, str | None]], ruleset: RuleSet | None = None
) -> list[Outcome]:
    """The outcomes of (text, published) documents: plain tuples cross to a worker and
    back faster than models."""
    rs = ruleset or _WORKER_RULES
    assert rs is not None
    try:  # the chunk in one batch (faster); one document at a time if it fails
        results = extract_documents(docs, ruleset=rs)
        return [(r.credit, r.claims, r.timed_out) for r in results]
    except Exception:  # find the document that fails: it must not lose the rest
        pass
    out: list[Outcome] = []
    for text, published in docs:
        try:
            r = extract_document(text, published, ruleset=rs)
            out.append((r.credit, r.claims, r.timed_out))
        except Exception as exc:  # a bug must not lose the rest of the batch
            out.append(f"extraction failed: {exc!r}")
    return out


def ingest(
    paths: Iterable[str],
    db_path: str | Path,
    *,
    ruleset: RuleSet | None = None,
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    max_chars: int = MAX_CHARS,
    on_item: Callable[[Item], None] | None = None,
    items: Iterable[Item] | None = None,
    options: ReadOptions | None = None,
) -> Summary:
    """Read, extract and store every document of ``paths`` into the database at ``db_path``.

    Documents already stored (same normalised text) are counted and skipped before they are
    extracted; documents are written in batches, each in one transaction, so a document
    lands whole with its claims or not at all. ``workers`` > 1 extracts in that many
    processes while this one reads and writes. ``options`` says how to read records
    (field mapping) and fetch URLs; see `figures.readers.ReadOptions`.
    """
    rs = ruleset or load_rules()
    db = open_db(db_path, metrics=rs.metrics)
    summary = Summary()
    batch: list[tuple[Document, str | None, list[Claim]]] = []
    batch_ids: list[str] = []
    submitted: deque[list[tuple[str, Document, str]]] = deque()
    refills: deque[Refill] = deque()

    def flush() -> None:
        if refills:
            fill_metadata(db, [refills.popleft() for _ in range(len(refills))])
        for stored in write_documents(db, batch, ids=batch_ids):
            if stored.new:
                summary.new += 1
                summary.claims += stored.claims
            else:
                summary.already += 1
        batch.clear()
        batch_ids.clear()

    def chunks() -> Iterator[list[tuple[str, str | None]]]:
        chunk: list[tuple[str, Document, str]] = []
        chars = 0
        # no more than a transaction's worth: with --batch-size 1 a live feed is stored
        # a document at a time, as it arrives
        most = min(WORKER_CHUNK if workers > 1 else CHUNK, batch_size)
        for item in items if items is not None else read_inputs(paths, options=options):
            summary.warnings.extend((item.origin, w) for w in item.warnings)
            if item.document is None and item.error is None:
                continue  # warnings about an input as a whole
            if on_item:
                on_item(item)
            if item.document is None:
                summary.failed.append((item.origin, item.error or "unreadable"))
                continue
            doc = item.document
            if published and not doc.published:
                doc = doc.model_copy(update={"published": published})
            summary.read += 1
            if len(doc.text) > max_chars:
                summary.failed.append(
                    (
                        item.origin,
                        f"document too large: {len(doc.text):,} characters"
                        f" (limit {max_chars:,}; see --max-chars)",
                    )
                )
                continue
            chunk.append((item.origin, doc, document_id(doc.text)))
            chars += len(doc.text)
            if len(chunk) >= most or chars >= CHUNK_CHARS:
                yield from unstored(chunk)
                chunk, chars = [], 0
        if chunk:
            yield from unstored(chunk)

    def unstored(chunk: list[tuple[str, Document, str]]) -> Iterator[list[tuple[str, str | None]]]:
        """The chunk's documents not stored yet, to extract; stored ones are counted, and
        what they can fill in of their stored copy's metadata is kept for flush()."""
        stored = stored_metadata(db, [doc_id for _, _, doc_id in chunk])
        new = []
        for entry in chunk:
            _, doc, doc_id = entry
            if doc_id not in stored:
                new.append(entry)
                continue
            summary.already += 1
            refill = refill_of(doc, doc_id, stored[doc_id])  # a URL or title it lacks
            if refill:
                refills.append(refill)  # written by flush(), in the writer's thread
        if new:
            submitted.append(new)
            yield [(d.text, d.published) for _, d, _ in new]

    pool = None
    try:
        _fork_ready(rs)
        # the collector leaves what exists now alone while we run (the compiled rules and
        # engines are most of it): a twentieth of a one-process ingest went to collections
        # of them, and forked workers copy fewer of their pages
        gc.freeze()
        if workers > 1:
            context = multiprocessing.get_context("fork")
            pool = context.Pool(workers, initializer=_init_worker, initargs=(rs.paths,))
            results: Iterator[list[Outcome]] = pool.imap(_extract_chunk, chunks(), chunksize=1)
        else:
            results = (_extract_chunk(docs, rs) for docs in chunks())
        for outcomes in results:
            for (origin, doc, doc_id), outcome in zip(submitted.popleft(), outcomes, strict=True):
                if isinstance(outcome, str):
                    summary.failed.append((origin, outcome))
                    continue
                credit, claims, timed_out = outcome
                summary.timed_out.extend((origin, rule) for rule in timed_out)
                batch.append((doc, credit, claims))
                batch_ids.append(doc_id)
                if len(batch) >= batch_size:
                    flush()
        flush()
    finally:
        if pool is not None:
            pool.terminate()
        db.conn.close()
        gc.unfreeze()
    return summary


def load_claims(
    output: str | Path,
    db_path: str | Path,
    *,
    batch_size: int = BATCH_SIZE,
    on_item: Callable[[Item], None] | None = None,
) -> Summary:
    """Store the documents and claims a `figures spark extract` run wrote under ``output``.

    Documents go through the same writer as ingest, in input order, so ids, sources,
    series, fingerprints and duplicates come out as a single-process ingest of the same
    input makes them; loading again stores nothing new. Needs pyarrow (figures[spark]).
    """
    from figures.spark import read_output

    result = read_output(output)
    db = open_db(db_path, metrics=result.metrics or None)
    summary = Summary()
    batch: list[tuple[Document, str | None, list[Claim]]] = []

    def flush() -> None:
        for stored in write_documents(db, batch):
            if stored.new:
                summary.new += 1
                summary.claims += stored.claims
            else:
                summary.already += 1
        batch.clear()

    try:
        for doc, credit, claims, timed_out in result.documents():
            origin = doc.origin or str(output)
            if on_item:
                on_item(Item(origin, doc))
            summary.read += 1
            summary.timed_out.extend((origin, rule) for rule in timed_out)
            batch.append((doc, credit, claims))
            if len(batch) >= batch_size:
                flush()
        flush()
    finally:
        db.conn.close()
    for origin, error, read in result.failed:
        summary.read += read
        summary.failed.append((origin, error))
    return summary
