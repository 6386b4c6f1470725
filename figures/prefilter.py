"""The cheap first pass: where the packs' trigger words stand, and which packs they wake.

Only sentences with a trigger word go on to the number reader and the rules. The scan uses
Hyperscan (all packs' triggers in one compiled database, hundreds of MB/s) when the
`hyperscan` package is installed, else the stdlib `re` engine on the lower-cased text
(tens of MB/s). Both give the same hits.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

try:  # an optional accelerator: wheels exist for Linux x86_64
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None  # type: ignore[assignment]

Hits = list[tuple[int, frozenset[str]]]  # (character offset, packs woken there)


@dataclass(frozen=True, slots=True)
class Prefilter:
    """The trigger patterns of a rule set, compiled for lower-cased text."""

    packs: tuple[str, ...]
    lower: dict[str, re.Pattern[str]]
    any_lower: re.Pattern[str]
    fallback: dict[str, Any]  # case-insensitive `regex` patterns, for rare case-folding
    any_fallback: Any
    database: Any  # a hyperscan.Database, or None
    # Hyperscan scratch space may serve one scan at a time: each thread gets its own
    _local: threading.local = field(default_factory=threading.local, compare=False, repr=False)

    def hits(self, text: str) -> Hits:
        """Every trigger hit in ``text``: (offset, packs it wakes), in text order."""
        low = text.lower()
        if len(low) != len(text):  # lower-casing moved offsets: scan the text itself
            return _regex_hits(text, self.any_fallback, self.fallback)
        if self.database is None:
            return _regex_hits(low, self.any_lower, self.lower)
        return self._hyperscan_hits(low)

    def _hyperscan_hits(self, low: str) -> Hits:
        data = low.encode("utf-8")
        found: dict[int, set[str]] = {}

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any) -> None:
            found.setdefault(start, set()).add(self.packs[pattern_id])

        database = self.database
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        database.scan(data, match_event_handler=on_match, scratch=scratch)
        if not found:
            return []
        ascii_text = len(data) == len(low)
        hits = []
        for start in sorted(found):
            offset = start if ascii_text else len(data[:start].decode("utf-8", "ignore"))
            hits.append((offset, frozenset(found[start])))
        return hits


def _regex_hits(subject: str, scan: Any, packs: dict[str, Any]) -> Hits:
    # every offset where some trigger starts, as Hyperscan reports them: a trigger that
    # starts inside another's match ("being held" / "held without charge") is a hit too
    hits = []
    m = scan.search(subject)
    while m is not None:
        pos = m.start()
        woken = frozenset(pid for pid, trig in packs.items() if trig.match(subject, pos))
        hits.append((pos, woken))
        m = scan.search(subject, pos + 1)
    return hits


def build_prefilter(
    lower: dict[str, re.Pattern[str]],
    any_lower: re.Pattern[str],
    fallback: dict[str, Any],
    any_fallback: Any,
    *,
    accelerate: bool = True,
) -> Prefilter:
    """Compile the packs' lower-case trigger patterns (into Hyperscan where available)."""
    packs = tuple(lower)
    database = None
    if accelerate and hyperscan is not None and packs:
        try:
            database = hyperscan.Database()
            database.compile(
                expressions=[lower[p].pattern.encode("utf-8") for p in packs],
                ids=list(range(len(packs))),
                elements=len(packs),
                flags=[hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8] * len(packs),
            )
        except Exception:  # a trigger Hyperscan cannot compile: the stdlib scan serves
            database = None
    return Prefilter(packs, lower, any_lower, fallback, any_fallback, database)
