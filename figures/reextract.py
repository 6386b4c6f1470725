"""Re-extraction after a rules change: replace exactly the affected claims, keeping history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures.extract import extract_document
from figures.models import Claim
from figures.rules import RuleSet, load_rules
from figures.store import insert_claims, now, open_db

# the fields that make two extractions of one figure the same claim
SAME = (
    "metric", "value", "low", "high", "qualifier", "number_text", "victims", "source_text",
    "cue", "attribution", "via", "location", "scope", "period_start", "as_of", "start", "end",
    "rule",
)  # fmt: skip


@dataclass(slots=True)
class Reextraction:
    """What a re-extraction did."""

    documents: int = 0
    changed: int = 0
    added: int = 0
    superseded: int = 0

    def lines(self) -> list[str]:
        return [
            f"documents scanned: {self.documents}",
            f"documents changed: {self.changed}",
            f"claims added: {self.added}",
            f"claims superseded: {self.superseded}",
        ]


def _key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values.get(f) for f in SAME)


def reextract(
    db_path: str | Path,
    *,
    ruleset: RuleSet | None = None,
    rule: str | None = None,
    on_document: Callable[[], None] | None = None,
) -> Reextraction:
    """Extract every stored document again with ``ruleset`` and replace what changed.

    With ``rule``, only claims that rule made, before or now, are touched. Each document
    is handled in one transaction; an old claim is never edited: it is marked
    superseded (by the new claim at the same figure span, if any) and stays in the table.
    """
    rs = ruleset or load_rules()
    if rule is not None and rule not in {r.id for r in rs.rules}:
        raise ValueError(f"no rule {rule!r} in the packs in use (see `figures rules list`)")
    db = open_db(db_path, metrics=rs.metrics)
    conn = db.conn
    result = Reextraction()
    cols = ", ".join(f'"{c}"' for c in ("id", *SAME))
    try:
        docs = conn.execute("SELECT id, text, published FROM documents ORDER BY rowid").fetchall()
        for doc_id, text, published in docs:
            result.documents += 1
            if on_document:
                on_document()
            fresh = extract_document(text, published, ruleset=rs).claims
            old_rows = conn.execute(
                f"SELECT {cols} FROM claims WHERE document_id = ? AND superseded_at IS NULL",
                (doc_id,),
            ).fetchall()
            old = [dict(zip(("id", *SAME), row, strict=True)) for row in old_rows]
            if rule is not None:
                old, fresh = _touched_by(rule, old, fresh)
            kept = {_key(o) for o in old} & {_key(c.model_dump()) for c in fresh}
            retire = [o for o in old if _key(o) not in kept]
            add = [c for c in fresh if _key(c.model_dump()) not in kept]
            if not retire and not add:
                continue
            _replace(conn, doc_id, published, retire, add)
            result.changed += 1
            result.added += len(add)
            result.superseded += len(retire)
    finally:
        conn.close()
    return result


def _touched_by(
    rule: str, old: list[dict[str, Any]], fresh: list[Claim]
) -> tuple[list[dict[str, Any]], list[Claim]]:
    """The old and fresh claims a change of ``rule`` can affect: the rule's own claims, and
    any claim of a figure span the rule claims before or now."""
    spans = {(o["start"], o["end"]) for o in old if o["rule"] == rule}
    spans |= {(c.start, c.end) for c in fresh if c.rule == rule}
    return (
        [o for o in old if (o["start"], o["end"]) in spans],
        [c for c in fresh if (c.start, c.end) in spans],
    )


def _replace(
    conn: Any,
    doc_id: str,
    published: str | None,
    retire: list[dict[str, Any]],
    add: Sequence[Claim],
) -> None:
    stamp = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        new_ids = insert_claims(conn, {}, doc_id, published, add, stamp)
        by_span = {(c.start, c.end): i for c, i in zip(add, new_ids, strict=True)}
        for o in retire:
            conn.execute(
                "UPDATE claims SET superseded_at = ?, superseded_by = ? WHERE id = ?",
                (stamp, by_span.get((o["start"], o["end"])), o["id"]),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
