"""Publication dates of inputs, read in any common spelling and written as ISO 8601 dates.

A date is kept as the calendar day its source gives, in the source's own time zone
(`Mon, 09 Oct 2023 23:30:00 -0400` is 2023-10-09, not the UTC day), because that is the
day the figures speak for. Relative words (`yesterday`, `3 hours ago`) are not dates of
an input: they are refused here, and read in the text by another module.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from functools import lru_cache
from typing import Any

import regex

_ISO = regex.compile(r"\d{4}-?\d{2}-?\d{2}(?:[T ].*)?")
_NUMERIC = regex.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})")
_EPOCH_S = (1e8, 1e11)  # 1973 .. 5138 in seconds; larger numbers are milliseconds
_YEARS = (1800, 2200)
# languages month names are read in, English first; a short list keeps a failed read fast
_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "tr", "ru", "uk", "ar", "he"]
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],  # never "relative-time": no "yesterday"
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def read_date(value: Any) -> tuple[str | None, str | None]:
    """The ISO 8601 date (YYYY-MM-DD) of ``value``, and a warning when it cannot be read.

    >>> read_date("Mon, 09 Oct 2023 14:00:00 GMT")
    ('2023-10-09', None)
    >>> read_date("2023-10-09T23:30:00-04:00")
    ('2023-10-09', None)
    >>> read_date("9 October 2023")
    ('2023-10-09', None)
    >>> read_date("last week")
    (None, "unreadable date 'last week': published left empty")
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        return None, f"unreadable date {value!r}: published left empty"
    if isinstance(value, int | float):
        return _epoch(float(value))
    text = " ".join(str(value).split())
    date, warning = _read_text(text)
    if date is None:
        return None, f"unreadable date {text[:60]!r}: published left empty"
    year = int(date[:4])
    if not _YEARS[0] <= year <= _YEARS[1]:
        return None, f"implausible date {text[:60]!r} (year {year}): published left empty"
    return date, warning


def iso_date_or_none(value: Any) -> str | None:
    """The ISO 8601 date of ``value``, or None when it cannot be read.

    >>> iso_date_or_none("October 9, 2023")
    '2023-10-09'
    """
    return read_date(value)[0]


def _epoch(seconds: float) -> tuple[str | None, str | None]:
    if seconds >= _EPOCH_S[1]:
        seconds /= 1000  # milliseconds, as JavaScript writes them
    if not _EPOCH_S[0] <= seconds < _EPOCH_S[1]:
        return None, f"unreadable date {seconds!r}: published left empty"
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat(), None


@lru_cache(maxsize=4096)  # exports repeat the same dates many times
def _read_text(text: str) -> tuple[str | None, str | None]:
    if _ISO.fullmatch(text):
        try:
            return dt.datetime.fromisoformat(text).date().isoformat(), None
        except ValueError:
            pass
    try:  # RFC 822, as RSS writes dates
        return email.utils.parsedate_to_datetime(text).date().isoformat(), None
    except (TypeError, ValueError, IndexError):
        pass
    if text.isdigit():
        return _epoch(float(text))
    english = _english_date(text)
    if english is not None:
        return english, None
    warning = None
    m = _NUMERIC.fullmatch(text)
    if m and int(m["a"]) <= 12 and int(m["b"]) <= 12 and m["a"] != m["b"]:
        warning = f"ambiguous date {text!r}: read as month/day/year"
    parsed = _dateparser(text)
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), warning


# "December 31, 2017", "Dec. 31 2017", "31 December 2017": read without dateparser (tens
# of milliseconds a new spelling)
_ENGLISH = regex.compile(
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>\p{L}+)\.?,?|(?P<m2>\p{L}+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)"
    r"\s+(?P<y>\d{4})"
)
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def _english_date(text: str) -> str | None:
    """An English day, month name and year, as an ISO date; None for any other text."""
    m = _ENGLISH.fullmatch(text)
    if m is None:
        return None
    month = _MONTHS.get((m["m1"] or m["m2"]).lower())
    if month is None:
        return None
    try:
        return dt.date(int(m["y"]), month, int(m["d1"] or m["d2"])).isoformat()
    except ValueError:
        return None


def _dateparser(text: str) -> dt.datetime | None:
    import dateparser  # slow to import; most inputs never need it

    try:
        return dateparser.parse(
            text,
            languages=_LANGUAGES,
            settings=_DATEPARSER_SETTINGS,  # type: ignore[arg-type]
        )
    except (ValueError, OverflowError, TypeError):
        return None
