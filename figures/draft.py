"""The claim as the pipeline builds it: a mutable record each stage fills in."""

from __future__ import annotations

from dataclasses import dataclass

from figures.numbers import Figure


@dataclass(slots=True)
class Draft:
    """One figure on its way to becoming a Claim; stages fill the fields they own."""

    metric: str
    figure: Figure
    rule: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    victims: str | None = None
    location: str | None = None
    scope: str = "unknown"
    period_start: str | None = None
    as_of: str | None = None
    source_text: str | None = None
    source: str | None = None
    source_kind: str | None = None
    cue: str | None = None
    attribution: str = "none"
    via: str | None = None
