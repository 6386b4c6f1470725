"""Dates that govern a figure: found in its sentence, resolved against the published day.

The engine knows no English: the words, the date expressions, the clause boundaries and
the roles a date plays live in ``figures/data/dates_en.toml``. For each sentence it finds
the date expressions (:func:`find_dates`), resolves each into a first and a last day
against the reference day (the document's published date), splits the sentence into
clauses, and tells the role of each date in its clause: the start of a running total
(``since October 7``), the day a count was given (``said on Monday``), the day of an
event (``Saturday's attack``), or plain (``were killed on Saturday``). A figure takes
the dates of its own clause (:func:`govern`); a date in another clause of the sentence
("..., a day after the president visited on Friday") is not the figure's. The rules are
in docs/dates.md.

>>> d = dates_for("Police said on Monday that 5 people were killed on Saturday.", 27, 28,
...               published="2024-05-08")
>>> d.as_of, d.period_start
('2024-05-04', None)
>>> d = dates_for("12 people have been killed since October 7, the ministry said on Monday.",
...               0, 2, published="2023-10-17", scope="cumulative")
>>> d.as_of, d.period_start
('2023-10-16', '2023-10-07')
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from figures.needs import PatternGate
from figures.regexcache import compile_cached

__all__ = [
    "DateError",
    "Dates",
    "Mention",
    "dates_for",
    "find_dates",
    "govern",
    "load_dates",
    "parse_day",
    "resolve_match",
    "sentence_dates",
]

DATA = resources.files("figures") / "data"
FLAGS = regex.IGNORECASE | regex.VERBOSE | regex.V0
_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
# a date without its year that falls this many days after the reference day or fewer is
# in the future, and no figure's date; further ahead, it is last year's
FUTURE_DAYS = 90
_CASED_WORDS = ("weekdays", "months")  # word lists whose alternation keeps its case

Kind = Literal["offset", "weekday", "date", "ago", "past", "calendar", "weekend", "month", "year"]
Role = Literal["since", "compare", "report", "event", "plain"]
Unit = Literal["hour", "day", "week", "fortnight", "month", "year"]

_GROUPS: dict[str, tuple[str, ...]] = {  # the named groups each kind reads
    "weekday": ("weekday",),
    "ago": ("number", "unit"),
    "past": ("unit",),
    "month": ("month",),
    "year": ("year",),
}


class DateError(ValueError):
    """A dates file that cannot be loaded: the message names the file and the key."""


# --- the schema of the data file -------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateExample(_Strict):
    """A text whose first date expression resolves to [first, last] on `published`."""

    text: str = Field(min_length=1)
    published: str | None = None
    first: str
    last: str | None = None


class DateSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    kind: Kind
    pattern: str = Field(min_length=1)
    days: int = 0
    offset: Literal[0, -1] = 0
    unit: Literal["week", "month", "year"] | None = None
    examples: list[DateExample] = Field(min_length=1)
    negatives: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _calendar_has_unit(self) -> DateSpec:
        if self.kind == "calendar" and self.unit is None:
            raise ValueError("a calendar date needs a `unit`")
        return self


class _Words(_Strict):
    weekdays: dict[str, int]
    months: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, Unit]


class _Clauses(_Strict):
    boundary: str


class _Roles(_Strict):
    since: str
    since_words: int = Field(ge=0, le=20)
    since_compares: str
    not_across: str
    range_join: str
    report_before: str
    report_after: str
    event_after: str
    event_before: str


class _DatesFile(_Strict):
    words: _Words
    fragments: dict[str, str]
    date: list[DateSpec] = Field(min_length=1)
    clauses: _Clauses
    roles: _Roles


# --- the compiled engine --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Expression:
    spec: DateSpec
    pattern: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Engine:
    """Everything a dates file says, compiled once."""

    expressions: tuple[_Expression, ...]
    gate: PatternGate  # which expressions a sentence's words allow
    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    numbers: Mapping[str, int]
    units: Mapping[str, Unit]
    not_dates: regex.Pattern[str] | None
    boundary: regex.Pattern[str]
    since: regex.Pattern[str]
    since_words: int
    since_compares: regex.Pattern[str]
    not_across: regex.Pattern[str]
    range_join: regex.Pattern[str]
    report_before: regex.Pattern[str]
    report_after: regex.Pattern[str]
    event_after: regex.Pattern[str]
    event_before: regex.Pattern[str]


def _alternation(words: Sequence[str], cased: bool) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(regex.escape, w.split())) for w in ordered)
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _expand(source: str, fragments: Mapping[str, str], where: str) -> str:
    """Replace each {name} in ``source`` by its fragment, recursively."""

    def expand(text: str, stack: tuple[str, ...]) -> str:
        def repl(m: regex.Match[str]) -> str:
            name = m.group(1)
            if name not in fragments:
                raise DateError(f"{where}: unknown fragment {{{name}}}")
            if name in stack:
                raise DateError(f"{where}: fragment {{{name}}} loops")
            return "(?:" + expand(fragments[name], (*stack, name)) + ")"

        return _REF.sub(repl, text)

    return expand(source, ())


def _compile(source: str, fragments: Mapping[str, str], where: str) -> regex.Pattern[str]:
    expanded = _expand(source, fragments, where)
    try:
        compiled = compile_cached(expanded, FLAGS)
    except regex.error as exc:
        raise DateError(f"{where}: bad pattern: {exc}") from exc
    if compiled.fullmatch("") is not None:
        raise DateError(f"{where}: the pattern matches the empty string")
    return compiled


@lru_cache(maxsize=4)
def load_dates(name: str = "dates_en.toml") -> _Engine:
    """Load, check and compile a dates file of ``figures/data`` (cached)."""
    path = DATA / name
    where = f"figures/data/{name}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        spec = _DatesFile.model_validate(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DateError(f"{where}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise DateError(f"{where}: {_explain(exc, raw)}") from exc
    w = spec.words
    fragments: dict[str, str] = dict(spec.fragments)
    for key in ("weekdays", "months", "numbers", "units"):
        if key in fragments:
            raise DateError(f"{where}: fragment {{{key}}} is made from [words.{key}]")
        fragments[key] = _alternation(list(getattr(w, key)), key in _CASED_WORDS)
    bad = [k for k, v in w.weekdays.items() if not 1 <= v <= 7]
    bad += [k for k, v in w.months.items() if not 1 <= v <= 12]
    if bad:
        raise DateError(f"{where}: weekday or month numbers out of range: {bad}")
    expressions = []
    seen: set[str] = set()
    for d in spec.date:
        at = f"{where}: date {d.id}"
        if d.id in seen:
            raise DateError(f"{at}: the id is used twice")
        seen.add(d.id)
        pattern = _compile(d.pattern, fragments, at)
        needed = _GROUPS.get(d.kind, ())
        if d.kind == "date":
            needed = ("iso",) if "iso" in pattern.groupindex else ("month", "day")
        missing = [g for g in needed if g not in pattern.groupindex]
        if missing:
            raise DateError(f"{at}: a {d.kind} pattern needs the groups {missing}")
        expressions.append(_Expression(d, pattern))
    r = spec.roles
    not_dates = fragments.get("not_dates")
    return _Engine(
        expressions=tuple(expressions),
        gate=PatternGate([ex.pattern.pattern for ex in expressions]),
        weekdays={k.lower(): v for k, v in w.weekdays.items()},
        months={k.lower(): v for k, v in w.months.items()},
        numbers={" ".join(k.lower().split()): v for k, v in w.numbers.items()},
        units={k.lower(): v for k, v in w.units.items()},
        not_dates=_compile(not_dates, fragments, f"{where}: fragments.not_dates")
        if not_dates
        else None,
        boundary=_compile(spec.clauses.boundary, fragments, f"{where}: clauses.boundary"),
        since=_compile(r.since, fragments, f"{where}: roles.since"),
        since_words=r.since_words,
        since_compares=_compile(r.since_compares, fragments, f"{where}: roles.since_compares"),
        not_across=_compile(r.not_across, fragments, f"{where}: roles.not_across"),
        range_join=_compile(r.range_join, fragments, f"{where}: roles.range_join"),
        report_before=_compile(r.report_before, fragments, f"{where}: roles.report_before"),
        report_after=_compile(r.report_after, fragments, f"{where}: roles.report_after"),
        event_after=_compile(r.event_after, fragments, f"{where}: roles.event_after"),
        event_before=_compile(r.event_before, fragments, f"{where}: roles.event_before"),
    )


def _explain(exc: ValidationError, data: dict[str, object]) -> str:
    """Name the date expression an error sits in, by its id."""
    parts = []
    dates = data.get("date")
    for err in exc.errors():
        loc = list(err["loc"])
        label = ".".join(str(x) for x in loc)
        if (
            len(loc) >= 2
            and loc[0] == "date"
            and isinstance(loc[1], int)
            and isinstance(dates, list)
            and loc[1] < len(dates)
            and isinstance(dates[loc[1]], dict)
        ):
            rest = ".".join(str(x) for x in loc[2:])
            label = f"date {dates[loc[1]].get('id', loc[1])}: {rest}"
        parts.append(f"{label}: {err['msg']}")
    return "; ".join(parts)


# --- resolving one expression ---------------------------------------------------------


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO 8601 date or timestamp, or None.

    >>> parse_day("2023-10-17T23:30:00-05:00")
    datetime.date(2023, 10, 17)
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _back(ref: dt.date, n: int, unit: Unit) -> dt.date:
    """The day ``n`` units before ``ref`` (hours round up to whole days)."""
    if unit == "hour":
        return ref - dt.timedelta(days=-(-n // 24))
    if unit in ("day", "week", "fortnight"):
        return ref - dt.timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    return _add_months(ref, -n * (12 if unit == "year" else 1))


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def resolve_match(
    engine: _Engine, spec: DateSpec, m: regex.Match[str], ref: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The first and last day a match of ``spec`` names, or None when it cannot be told.

    Relative expressions need the reference day; a date with its year does not. A period
    that is still running ends on the reference day.
    """
    span = _resolve(engine, spec, m, ref)
    if span is None:
        return None
    first, last = span
    if ref is not None and first <= ref < last:
        last = ref
    return first, last


def _resolve(
    engine: _Engine, spec: DateSpec, m: regex.Match[str], ref: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    kind = spec.kind
    if kind == "date":
        return _resolve_date(engine, groups, ref)
    if kind == "year":
        year = int(groups["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "month" and "year" in groups:
        month = engine.months[groups["month"].lower().rstrip(".")]
        return _month_window(int(groups["year"]), month)
    if ref is None:
        return None
    if kind == "offset":
        day = ref + dt.timedelta(days=spec.days)
        return day, day
    if kind == "weekday":
        wanted = engine.weekdays[groups["weekday"].lower()]
        day = ref - dt.timedelta(days=(ref.isoweekday() - wanted) % 7)
        if "strict" in groups and day == ref:
            day -= dt.timedelta(days=7)
        return day, day
    if kind in ("ago", "past"):
        n = _number(engine, groups.get("number"))
        unit = engine.units.get(groups["unit"].lower())
        if n is None or unit is None:
            return None
        start = _back(ref, n, unit)
        return (start, start) if kind == "ago" else (start, ref)
    if kind == "calendar":
        if spec.unit == "week":
            monday = ref - dt.timedelta(days=ref.isoweekday() - 1) + dt.timedelta(weeks=spec.offset)
            return monday, monday + dt.timedelta(days=6)
        if spec.unit == "month":
            first = _add_months(ref.replace(day=1), spec.offset)
            return _month_window(first.year, first.month)
        year = ref.year + spec.offset
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "weekend":
        saturday = ref - dt.timedelta(days=(ref.isoweekday() - 6) % 7)
        if spec.offset == -1 and ref.isoweekday() >= 6:
            saturday -= dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=1)
    if kind == "month":
        month = engine.months[groups["month"].lower().rstrip(".")]
        year = ref.year
        if month > ref.month or ("strict" in groups and month == ref.month):
            year -= 1
        return _month_window(year, month)
    return None


def _resolve_date(
    engine: _Engine, groups: dict[str, str], ref: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    try:
        if "iso" in groups:
            day = dt.date.fromisoformat(groups["iso"])
            return day, day
        month = engine.months[groups["month"].lower().rstrip(".")]
        number = int(regex.match(r"\d+", groups["day"]).group())  # type: ignore[union-attr]
        if "year" in groups:
            day = dt.date(int(groups["year"]), month, number)
            return day, day
        if ref is None:
            return None
        day = dt.date(ref.year, month, number)
        if day > ref:
            if (day - ref).days <= FUTURE_DAYS:  # "a visit planned for Nov. 15"
                return None
            day = dt.date(ref.year - 1, month, number)
        return day, day
    except ValueError:  # 30 February
        return None


def _number(engine: _Engine, text: str | None) -> int | None:
    if text is None:
        return 1
    if text.isdigit():
        return int(text)
    return engine.numbers.get(" ".join(text.lower().split()))


# --- mentions in a sentence -----------------------------------------------------------

Found = tuple[int, int, DateSpec, tuple[dt.date, dt.date] | None]  # start, end, by, days


@dataclass(frozen=True, slots=True)
class Mention:
    """A date expression of a sentence: its words, span, clause, role and days."""

    text: str
    start: int
    end: int
    expression: str  # the id of the [[date]] that found it
    clause: int
    role: Role
    first: dt.date | None
    last: dt.date | None

    @property
    def is_period(self) -> bool:
        return self.first is not None and self.first != self.last


@dataclass(frozen=True, slots=True)
class SentenceDates:
    """The clauses of a sentence and the date mentions in them."""

    text: str
    clauses: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]

    def clause_of(self, offset: int) -> int:
        for i, (a, b) in enumerate(self.clauses):
            if a <= offset < b:
                return i
        return len(self.clauses) - 1


def find_dates(sentence: str, ref: dt.date | None, *, engine: _Engine | None = None) -> list[Found]:
    """Every date expression of ``sentence``: (start, end, expression, [first, last] or None).

    Overlapping matches keep the longest, then the first.

    >>> [(s.id, f) for _, _, s, f in find_dates("killed on Saturday", parse_day("2024-05-08"))]
    [('weekday', (datetime.date(2024, 5, 4), datetime.date(2024, 5, 4)))]
    """
    e = engine or load_dates()
    found: list[tuple[int, int, int, _Expression, regex.Match[str]]] = []
    for order in e.gate.possible(sentence):
        ex = e.expressions[order]
        for m in ex.pattern.finditer(sentence):
            found.append((m.start(), m.end(), order, ex, m))
    if not found:
        return []
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    blocked = [(m.start(), m.end()) for m in e.not_dates.finditer(sentence)] if e.not_dates else []
    out: list[Found] = []
    taken_until = -1
    for start, end, _, ex, m in found:
        if start < taken_until:
            continue
        if any(a < end and start < b for a, b in blocked):
            continue
        taken_until = end
        out.append((start, end, ex.spec, resolve_match(e, ex.spec, m, ref)))
    return out


def sentence_dates(
    sentence: str, ref: dt.date | None, *, engine: _Engine | None = None
) -> SentenceDates:
    """The clauses of ``sentence`` and its date mentions, each with its role."""
    e = engine or load_dates()
    cuts = {0, len(sentence) + 1}
    for m in e.boundary.finditer(sentence):
        cuts.update((m.start(), m.end()))
    ordered = sorted(cuts)
    clauses = tuple(pairwise(ordered))
    result = SentenceDates(sentence, clauses, ())
    mentions = []
    for start, end, spec, days in _join_ranges(e, sentence, find_dates(sentence, ref, engine=e)):
        clause = result.clause_of(start)
        a, b = clauses[clause]
        role = _role(e, sentence[a:start], sentence[end : min(b, len(sentence))])
        first, last = days if days else (None, None)
        mentions.append(
            Mention(sentence[start:end], start, end, spec.id, clause, role, first, last)
        )
    return SentenceDates(sentence, clauses, tuple(mentions))


def _join_ranges(e: _Engine, sentence: str, found: list[Found]) -> list[Found]:
    """Join two dates that make one period ("between Oct. 25 and Nov. 28") into one."""
    out: list[Found] = []
    for item in found:
        if out:
            start, _end, spec, days = out[-1]
            if (
                days is not None
                and item[3] is not None
                and e.range_join.fullmatch(sentence, _end, item[0]) is not None
            ):
                first, last = min(days[0], item[3][0]), max(days[1], item[3][1])
                out[-1] = (start, item[1], spec, (first, last))
                continue
        out.append(item)
    return out


def _role(e: _Engine, before: str, after: str) -> Role:
    """What a date does, from the words of its clause before and after it."""
    for m in e.since.finditer(before):
        gap = before[m.end() :]
        if not any(c in gap for c in ",;:") and len(gap.split()) <= e.since_words:
            return "compare" if e.since_compares.search(before, 0, m.start()) else "since"
    if e.report_before.search(before) or e.report_after.search(after):
        return "report"
    if e.event_after.search(after) or e.event_before.search(before):
        return "event"
    return "plain"


# --- the dates of one figure ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dates:
    """The dates of one figure, ISO 8601, and the words that fixed them."""

    as_of: str | None
    period_start: str | None
    as_of_text: str | None = None
    period_text: str | None = None
    since: bool = False  # the period starts at a `since` date: a running total


def govern(
    found: SentenceDates,
    start: int,
    end: int,
    *,
    scope: str = "unknown",
    ref: dt.date | None = None,
    engine: _Engine | None = None,
) -> Dates:
    """The as_of and period_start of the figure at sentence[start:end].

    Only the figure's own clause counts, and a date before the figure only when no
    `not_across` word ("after") stands between them. A ``since`` date starts the period
    (one after a superlative, "the deadliest since 2001", compares and is left out). For
    a running total (``scope="cumulative"``) the day the count was given comes first and
    an event's day starts the period; for any other figure the event's or plain day
    comes first, then the day of the count. The first such date after the figure wins,
    else the nearest before it. A period (``last week``) gives its first day as
    period_start and its last as as_of; for a running total only a period that runs up
    to the reference day does. Without a date, as_of is the reference day.
    """
    e = engine or load_dates()
    clause = found.clause_of(start)
    here = [
        m
        for m in found.mentions
        if m.clause == clause
        and m.first is not None
        and (m.start >= end or e.not_across.search(found.text, m.end, start) is None)
    ]
    since = [m for m in here if m.role == "since"]
    others = [m for m in here if m.role not in ("since", "compare")]
    report = [m for m in others if m.role == "report"]
    rest = [m for m in others if m.role != "report"]
    period = _nearest(since, start, end)
    if scope == "cumulative":
        events = [m for m in rest if m.role == "event"]
        chosen = _nearest(report, start, end) or _pick(
            [m for m in rest if m.role != "event"], start, end
        )
        if period is None and events:
            period = _nearest(events, start, end)
    else:
        chosen = _pick(rest, start, end) or _nearest(report, start, end)
    as_of = chosen.last if chosen else ref
    period_start = period.first if period else None
    period_text = period.text if period else None
    if (
        period_start is None
        and chosen is not None
        and chosen.is_period
        and (scope != "cumulative" or chosen.last == ref)
    ):
        period_start, period_text = chosen.first, chosen.text
    if period_start is not None and as_of is not None and period_start > as_of:
        period_start, period_text = None, None
    return Dates(
        as_of.isoformat() if as_of else None,
        period_start.isoformat() if period_start else None,
        chosen.text if chosen else None,
        period_text,
        since=period is not None and period.role == "since" and period_start is not None,
    )


def _pick(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The first mention after the figure, else the nearest before it."""
    after = [m for m in mentions if m.start >= end]
    if after:
        return min(after, key=lambda m: m.start)
    before = [m for m in mentions if m.end <= start]
    return max(before, key=lambda m: m.end) if before else None


def _nearest(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    if not mentions:
        return None

    def distance(m: Mention) -> int:
        return m.start - end if m.start >= end else start - m.end

    return min(mentions, key=distance)


def dates_for(
    sentence: str,
    start: int,
    end: int,
    *,
    published: str | None,
    scope: str = "unknown",
) -> Dates:
    """The dates of the figure at sentence[start:end], for a document published then."""
    ref = parse_day(published)
    return govern(sentence_dates(sentence, ref), start, end, scope=scope, ref=ref)
