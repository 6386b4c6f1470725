"""The pydantic models at the package's boundaries: a claim, a document, a figure's number."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "nearly", "up_to", "fewer_than", "range", "vague"
]
Attribution = Literal["stated", "according_to", "quoted", "reported", "none"]
Scope = Literal["cumulative", "incident", "unknown"]

METRICS: dict[str, tuple[str, str]] = {
    "killed": (
        "Killed",
        "People dead: killed, dead, died, death toll, lives lost, bodies recovered.",
    ),
    "injured": ("Injured", "People hurt: injured, wounded, hurt."),
    "casualties": (
        "Casualties",
        "Killed and injured together, when the text does not split them.",
    ),
    "hostages": ("Hostages", "People taken or held hostage: abducted, kidnapped, held captive."),
    "released": ("Released", "Hostages, prisoners or detainees set free: released, freed."),
    "missing": ("Missing", "People unaccounted for: missing, unaccounted for, under the rubble."),
    "displaced": ("Displaced", "People forced from home: displaced, fled, homeless, refugees."),
    "arrested": ("Arrested", "People detained by authorities: arrested, detained, captured."),
    "evacuated": ("Evacuated", "People moved out of danger: evacuated, rescued."),
}


class Claim(BaseModel):
    """One figure a text states for a count of people, with who the text says gives it."""

    model_config = ConfigDict(extra="forbid")

    metric: str
    value: int
    low: int | None
    high: int | None
    qualifier: Qualifier
    number_text: str
    victims: str | None = None
    source_text: str | None = None
    source: str | None = None
    source_kind: str | None = None
    cue: str | None = None
    attribution: Attribution = "none"
    via: str | None = None
    location: str | None = None
    scope: Scope = "unknown"
    period_start: str | None = None
    as_of: str | None = None
    sentence: str
    sentence_start: int
    start: int
    end: int
    rule: str
    rules_version: str


class Document(BaseModel):
    """One article as read from an input, before extraction."""

    model_config = ConfigDict(extra="forbid")

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    origin: str | None = None
