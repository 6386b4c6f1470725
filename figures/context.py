"""Where and when each figure speaks for: its location, scope, as_of and period_start."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict

from figures.dates import SentenceDates, govern, parse_day, sentence_dates
from figures.draft import Draft
from figures.rules import DATA

FLAGS = regex.IGNORECASE | regex.VERBOSE


class _ScopeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cumulative: str
    incident: str


class _LocationSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prepositions: str
    place: str
    not_places: str


class _ContextFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scope: _ScopeSpec
    location: _LocationSpec


@dataclass(frozen=True, slots=True)
class _Patterns:
    cumulative: regex.Pattern[str]
    incident: regex.Pattern[str]
    location: regex.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    spec = _ContextFile.model_validate(
        tomllib.loads((DATA / "context.toml").read_text(encoding="utf-8"))
    )
    loc = spec.location
    location = rf"\b{loc.prepositions}\s+(?!{loc.not_places}\b)(?P<place>{loc.place})"
    return _Patterns(
        cumulative=regex.compile(spec.scope.cumulative, FLAGS),
        incident=regex.compile(spec.scope.incident, FLAGS),
        location=regex.compile(location, FLAGS),
    )


def iso_date(value: str | None) -> str | None:
    """The YYYY-MM-DD date of an ISO 8601 date or timestamp, or None.

    >>> iso_date("2023-10-17T09:30:00Z")
    '2023-10-17'
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def fill_context(text: str, drafts: list[Draft], published: str | None) -> None:
    """Set location, scope, as_of and period_start on each draft from its sentence.

    Dates come from the figure's own clause, resolved against the published day
    (figures.dates); without one, as_of is the published day.
    """
    pats = _patterns()
    ref = parse_day(published)
    dated: dict[int, SentenceDates] = {}
    for d in drafts:
        sentence = text[d.sentence_start : d.sentence_end]
        rel = d.figure.start - d.sentence_start
        rule_scope = d.scope
        if d.scope == "unknown":
            if pats.cumulative.search(sentence):
                d.scope = "cumulative"
            elif pats.incident.search(sentence):
                d.scope = "incident"
        if d.location is None:
            d.location = _nearest_place(pats.location, sentence, rel)
        if d.as_of is None:
            found = dated.get(d.sentence_start)
            if found is None:
                found = dated[d.sentence_start] = sentence_dates(sentence, ref)
            end = d.figure.end - d.sentence_start
            dates = govern(found, rel, end, scope=d.scope, ref=ref)
            if dates.since and rule_scope == "unknown" and d.scope != "cumulative":
                # a figure counted since a date is a running total, whatever else is near
                d.scope = "cumulative"
                dates = govern(found, rel, end, scope=d.scope, ref=ref)
            d.as_of = dates.as_of
            if d.period_start is None:
                d.period_start = dates.period_start


def _nearest_place(pattern: regex.Pattern[str], sentence: str, rel: int) -> str | None:
    """The place introduced nearest to the figure, preferring one after it."""
    best: tuple[int, str] | None = None
    for m in pattern.finditer(sentence):
        place = m.group("place").rstrip(".")
        distance = m.start() - rel if m.start() >= rel else (rel - m.end()) * 2
        if best is None or distance < best[0]:
            best = (distance, place)
    return best[1] if best else None
