"""Dates that govern a figure: the data file's own examples, and sentences through extract."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import figures
import figures.dates
from figures.dates import DateError, find_dates, load_dates, parse_day

ENGINE = load_dates()
EXAMPLES = [
    pytest.param(ex.spec, example, id=f"{ex.spec.id}[{i}]")
    for ex in ENGINE.expressions
    for i, example in enumerate(ex.spec.examples)
]
NEGATIVES = [
    pytest.param(ex.spec, text, id=f"{ex.spec.id}[not {i}]")
    for ex in ENGINE.expressions
    for i, text in enumerate(ex.spec.negatives)
]


@pytest.mark.parametrize(("spec", "example"), EXAMPLES)
def test_example(spec, example) -> None:  # type: ignore[no-untyped-def]
    """The first date of the example text is found by this expression and gives its days."""
    found = find_dates(example.text, parse_day(example.published))
    assert found, f"dates_en.toml: {spec.id}: nothing found in {example.text!r}"
    start, end, by, days = found[0]
    assert by.id == spec.id, f"{example.text!r}: found by {by.id}, not {spec.id}"
    assert days is not None, f"{example.text!r}: {example.text[start:end]!r} not resolved"
    got = (days[0].isoformat(), days[1].isoformat())
    assert got == (example.first, example.last or example.first), example.text


@pytest.mark.parametrize(("spec", "text"), NEGATIVES)
def test_negative(spec, text) -> None:  # type: ignore[no-untyped-def]
    """The expression finds nothing that resolves in a negative text."""
    found = [
        (text[s:e], d) for s, e, by, d in find_dates(text, parse_day("2024-05-08")) if by is spec
    ]
    assert all(d is None for _, d in found), f"{spec.id}: {text!r}: found {found}"


def test_every_expression_has_examples() -> None:
    assert all(ex.spec.examples for ex in ENGINE.expressions)
    assert len(EXAMPLES) >= 40


def test_doctests() -> None:
    result = doctest.testmod(figures.dates)
    assert result.failed == 0 and result.attempted >= 4


def test_a_bad_file_names_itself_and_the_date(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = (Path(figures.dates.__file__).parent / "data" / "dates_en.toml").read_text()
    broken = source.replace('id = "yesterday"\nkind = "offset"', 'id = "yesterday"\nkind = "soon"')
    assert broken != source
    (tmp_path / "dates_xx.toml").write_text(broken)
    monkeypatch.setattr(figures.dates, "DATA", tmp_path)
    load_dates.cache_clear()
    try:
        with pytest.raises(DateError, match=r"dates_xx\.toml: date yesterday: kind"):
            load_dates("dates_xx.toml")
        line = "pattern = '''\\byesterday(?:\\s+{part})?\\b'''"
        assert line in source
        (tmp_path / "dates_xx.toml").write_text(
            source.replace(line, "pattern = '''(?:yesterday)?'''")
        )
        with pytest.raises(DateError, match="date yesterday: the pattern matches the empty"):
            load_dates("dates_xx.toml")
    finally:
        load_dates.cache_clear()


# --- sentences through the whole pipeline ----------------------------------------------
# (sentence, published, metric, value, as_of, period_start). Published days: 2024-05-08 is
# a Wednesday, 2024-05-04 a Saturday; 2023-10-07 a Saturday.

WED = "2024-05-08"
# fmt: off
CASES: list[tuple[str, str | None, str, int, str | None, str | None]] = [
    # no date: the published day
    ("Police said five people were killed.", WED, "killed", 5, WED, None),
    ("Police said five people were killed.", None, "killed", 5, None, None),
    # weekdays: the latest on or before the published day
    ("Five people were killed on Saturday, police said.", WED, "killed", 5, "2024-05-04", None),
    ("Gunmen killed five people on Wednesday.", WED, "killed", 5, WED, None),
    ("Saturday's attack killed 12 people.", WED, "killed", 12, "2024-05-04", None),
    ("Five people were killed late on Sunday night.", WED, "killed", 5, "2024-05-05", None),
    ("Police arrested 3 men last Wednesday.", WED, "arrested", 3, "2024-05-01", None),
    ("On Monday, gunmen killed seven villagers.", WED, "killed", 7, "2024-05-06", None),
    # the day of the count when nothing dates the event
    ("Police said on Monday that 5 people were killed.", WED, "killed", 5, "2024-05-06", None),
    ("The ministry on Tuesday said 40 were injured.", WED, "injured", 40, "2024-05-07", None),
    # the event's day before the day of the count
    ("Police said on Monday 5 were killed on Saturday.", WED, "killed", 5, "2024-05-04", None),
    (
        "Five people were killed, police said on Tuesday, in an attack on Saturday.",
        WED, "killed", 5, "2024-05-04", None,
    ),
    # relative days
    ("Two people died yesterday, officials said.", WED, "killed", 2, "2024-05-07", None),
    ("Yesterday's blast killed 14 people.", WED, "killed", 14, "2024-05-07", None),
    ("Three people were killed in a fire last night.", WED, "killed", 3, "2024-05-07", None),
    ("Twenty people were injured today, the governor said.", WED, "injured", 20, WED, None),
    ("Nine people were killed three days ago.", WED, "killed", 9, "2024-05-05", None),
    # explicit dates, with or without the year
    ("Twelve people were killed on October 9, 2023.", None, "killed", 12, "2023-10-09", None),
    ("Twelve people were killed on 9 October.", "2023-10-20", "killed", 12, "2023-10-09", None),
    ("Police arrested 8 people on Oct. 9.", "2024-01-05", "arrested", 8, "2023-10-09", None),
    ("Four people were killed on December 30.", "2024-01-02", "killed", 4, "2023-12-30", None),
    ("Four were killed on Saturday, October 7.", "2023-11-01", "killed", 4, "2023-10-07", None),
    # since: the start of a running total
    (
        "More than 11,000 people have been killed since October 7, the ministry said.",
        "2023-11-10", "killed", 11000, "2023-11-10", "2023-10-07",
    ),
    (
        "Since the war began on October 7, more than 11,000 people have been killed,"
        " the ministry said on Thursday.",
        "2023-11-10", "killed", 11000, "2023-11-09", "2023-10-07",
    ),
    (
        "Israeli forces have arrested more than 1,000 people since the October 7 attack.",
        "2023-10-29", "arrested", 1000, "2023-10-29", "2023-10-07",
    ),
    (
        "Thirty-two patients had died at the hospital since Saturday, the director said on Monday.",
        "2023-11-13", "killed", 32, "2023-11-13", "2023-11-11",
    ),
    (
        "The war has killed 500,000 people since 2011, a monitor said.",
        "2024-05-08", "killed", 500000, WED, "2011-01-01",
    ),
    (
        "At least 300 people have been killed since January, the UN said.",
        WED, "killed", 300, WED, "2024-01-01",
    ),
    (
        "In total, 370 people were killed and 1,788 wounded by air strikes since Saturday.",
        "2023-10-08", "killed", 370, "2023-10-08", "2023-10-07",
    ),
    (
        "In total, 370 people were killed and 1,788 wounded by air strikes since Saturday.",
        "2023-10-08", "injured", 1788, "2023-10-08", "2023-10-07",
    ),
    # periods: first day is period_start, last day is as_of
    ("At least 40 people were killed in the past 24 hours.", WED, "killed", 40, WED, "2024-05-07"),
    ("Police arrested 12 people last week.", WED, "arrested", 12, "2024-05-05", "2024-04-29"),
    ("Nine people drowned over the weekend.", WED, "killed", 9, "2024-05-05", "2024-05-04"),
    ("More than 500 people have been killed so far this year.", WED, "killed", 500,
     WED, "2024-01-01"),
    ("Floods displaced 3,000 people last month.", WED, "displaced", 3000,
     "2024-04-30", "2024-04-01"),
    ("Some 200 people were killed in the past week.", WED, "killed", 200, WED, "2024-05-01"),
    # a running total: the day of the count is as_of, its event's day starts the period
    (
        "The death toll from Saturday's attack rose to 52, the ministry said on Monday.",
        WED, "killed", 52, "2024-05-06", "2024-05-04",
    ),
    (
        "The death toll in Israel from the October 7 attack stood at about 1,400.",
        "2023-10-20", "killed", 1400, "2023-10-20", "2023-10-07",
    ),
    # a running total last week is as of last week, not a count of last week
    ("The death toll stood at 80 last week.", WED, "killed", 80, "2024-05-05", None),
    # a date in another clause does not govern the figure
    (
        "Five people were killed in the blast, police said, a day after the president"
        " visited the city on Friday.",
        WED, "killed", 5, WED, None,
    ),
    (
        "Three people were killed in Gaza, while in the West Bank on Tuesday two were wounded.",
        WED, "killed", 3, WED, None,
    ),
    (
        "Three people were killed in Gaza, while in the West Bank on Tuesday two were wounded.",
        WED, "injured", 2, "2024-05-07", None,
    ),
    (
        "Two people were killed on Tuesday; on Monday police had arrested four suspects.",
        WED, "arrested", 4, "2024-05-06", None,
    ),
    # each figure its own date; a date after both governs both
    (
        "Two people were killed on Tuesday and three were wounded on Wednesday.",
        "2024-05-09", "killed", 2, "2024-05-07", None,
    ),
    (
        "Two people were killed on Tuesday and three were wounded on Wednesday.",
        "2024-05-09", "injured", 3, "2024-05-08", None,
    ),
    (
        "Officials said at least 31 people were killed and more than 200 wounded when the dam"
        " gave way on Tuesday.",
        "2024-05-02", "killed", 31, "2024-04-30", None,
    ),
    (
        "Officials said at least 31 people were killed and more than 200 wounded when the dam"
        " gave way on Tuesday.",
        "2024-05-02", "injured", 200, "2024-04-30", None,
    ),
    # a `since` behind a comma, after the figure, is somebody else's
    (
        "Hamas released two hostages on Friday, the first captives freed since the October 7"
        " attack.",
        "2023-10-20", "released", 2, "2023-10-20", None,
    ),
    # calendar names that are not dates
    ("The Sunday Times reported that 12 people were killed.", WED, "killed", 12, WED, None),
    # relative words need a published day; a full date does not
    ("Five people were killed on Saturday.", None, "killed", 5, None, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("sentence", "published", "metric", "value", "as_of", "period_start"),
    [pytest.param(*case, id=f"{i:02d}") for i, case in enumerate(CASES)],
)
def test_dates_of_a_figure(
    sentence: str,
    published: str | None,
    metric: str,
    value: int,
    as_of: str | None,
    period_start: str | None,
) -> None:
    claims = [
        c for c in figures.extract(sentence, published) if (c.metric, c.value) == (metric, value)
    ]
    assert len(claims) == 1, [(c.metric, c.value) for c in figures.extract(sentence, published)]
    c = claims[0]
    assert (c.as_of, c.period_start) == (as_of, period_start), sentence


def test_enough_cases() -> None:
    assert len(CASES) >= 40


def test_a_since_date_makes_a_running_total() -> None:
    (claim,) = figures.extract(
        "Since the war began on October 7, more than 11,000 people have been killed, officials"
        " said on Sunday.",
        "2023-11-13",
    )
    assert claim.scope == "cumulative"


def test_the_dates_doc_runs() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "dates.md"
    result = doctest.testfile(str(docs), module_relative=False)
    assert result.failed == 0 and result.attempted >= 3


# --- known failures --------------------------------------------------------------------

KNOWN_FAILURES = [
    pytest.param(
        "The man was charged in court on Wednesday with plowing a truck down a bike path and"
        " injuring a dozen people.",
        "2017-11-02", "injured", 12, "2017-11-02", None,
        id="date-of-another-verb",
    ),
    pytest.param(
        "The storm has killed at least 60 people and was headed for Cuba, where it was"
        " expected to hit Monday.",
        "2004-09-10", "killed", 60, "2004-09-10", None,
        id="future-weekday",
    ),
    pytest.param(
        "The toll rose to 1,000 in the past 24 hours.",
        "2024-05-08", "killed", 1000, "2024-05-08", None,
        id="total-that-rose-in-a-period",
    ),
    pytest.param(
        "Protests broke out after a weekend grenade attack that killed 20 people.",
        "2004-08-24", "killed", 20, "2004-08-22", "2004-08-21",
        id="weekend-as-adjective",
    ),
]  # fmt: skip


@pytest.mark.xfail(strict=True, reason="known limits, see docs/dates.md")
@pytest.mark.parametrize(
    ("sentence", "published", "metric", "value", "as_of", "period_start"), KNOWN_FAILURES
)
def test_known_failure(
    sentence: str,
    published: str,
    metric: str,
    value: int,
    as_of: str | None,
    period_start: str | None,
) -> None:
    test_dates_of_a_figure(sentence, published, metric, value, as_of, period_start)
