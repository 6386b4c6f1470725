"""The number reader: a table of our own phrases, sentences for find_numbers, and a
property test that every integer written in digits or in words reads back as itself."""

from __future__ import annotations

import ast
import itertools
import tomllib
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from figures import numbers
from figures.numbers import Figure, find_numbers, read_number, uses_dot_thousands

Expected = tuple[int | None, int | None, int, str] | None


def exact(n: int) -> Expected:
    return (n, n, n, "exact")


def about(n: int) -> Expected:
    return (n, n, n, "about")


def lower(n: int, qualifier: str) -> Expected:
    """A figure with only a lower bound: at_least, more_than."""
    return (n, None, n, qualifier)


def upper(n: int, qualifier: str) -> Expected:
    """A figure with only an upper bound: nearly, up_to, fewer_than."""
    return (None, n, n, qualifier)


def span(lo: int, hi: int) -> Expected:
    return (lo, hi, (lo + hi) // 2, "range")


def vague(lo: int, hi: int | None) -> Expected:
    return (lo, hi, lo, "vague")


NOT = None

CASES: list[tuple[str, Expected]] = [
    # --- digits -----------------------------------------------------------------------
    ("7", exact(7)),
    ("0", exact(0)),
    ("12", exact(12)),
    ("99", exact(99)),
    ("100", exact(100)),
    ("1400", exact(1400)),
    ("1,400", exact(1400)),
    ("12,500", exact(12500)),
    ("1,000,000", exact(1_000_000)),
    ("999,999,999", exact(999_999_999)),
    ("1 400", exact(1400)),
    ("1\u2009400", exact(1400)),
    ("1\u00a0400", exact(1400)),
    ("1\u202f400", exact(1400)),
    ("250 000", exact(250_000)),
    ("3 000 000", exact(3_000_000)),
    ("40,000", exact(40_000)),
    ("  85  ", exact(85)),
    ("1,40", NOT),
    ("1,4000", NOT),
    ("007", NOT),
    ("1,400.5", NOT),
    # --- decimals with scales -------------------------------------------------------------
    ("1.5 million", exact(1_500_000)),
    ("1.5million", exact(1_500_000)),
    ("2.3m", exact(2_300_000)),
    ("9.5k", exact(9_500)),
    ("10k", exact(10_000)),
    ("1.2bn", exact(1_200_000_000)),
    ("1.2 bn", exact(1_200_000_000)),
    ("3 million", exact(3_000_000)),
    ("2.5 billion", exact(2_500_000_000)),
    ("0.5 million", exact(500_000)),
    ("1.25 million", exact(1_250_000)),
    ("12 thousand", exact(12_000)),
    ("1,200 million", exact(1_200_000_000)),
    ("5 hundred", exact(500)),
    ("1.5", NOT),
    ("3.14", NOT),
    ("12.5", NOT),
    ("1.2345k", NOT),
    ("5m people", NOT),
    ("5 m", NOT),
    # --- number words ---------------------------------------------------------------------
    ("one", exact(1)),
    ("two", exact(2)),
    ("three", exact(3)),
    ("four", exact(4)),
    ("five", exact(5)),
    ("six", exact(6)),
    ("seven", exact(7)),
    ("eight", exact(8)),
    ("nine", exact(9)),
    ("ten", exact(10)),
    ("eleven", exact(11)),
    ("twelve", exact(12)),
    ("thirteen", exact(13)),
    ("nineteen", exact(19)),
    ("twenty", exact(20)),
    ("twenty-one", exact(21)),
    ("twenty one", exact(21)),
    ("Twenty-Three", exact(23)),
    ("forty", exact(40)),
    ("fourty-two", exact(42)),
    ("ninety-nine", exact(99)),
    ("Three", exact(3)),
    ("THREE", exact(3)),
    ("zero", exact(0)),
    ("Zero", exact(0)),
    ("nought", exact(0)),
    ("one hundred", exact(100)),
    ("a hundred", exact(100)),
    ("an hundred", exact(100)),
    ("one hundred and one", exact(101)),
    ("two hundred and forty", exact(240)),
    ("two hundred forty", exact(240)),
    ("two hundred and forty-five", exact(245)),
    ("ONE HUNDRED", exact(100)),
    ("three thousand five hundred", exact(3500)),
    ("three thousand and five", exact(3005)),
    ("a thousand", exact(1000)),
    ("one thousand", exact(1000)),
    ("a million", exact(1_000_000)),
    ("two million", exact(2_000_000)),
    ("two lakh", exact(200_000)),
    ("1.5 lakh", exact(150_000)),
    ("three crore", exact(30_000_000)),
    ("three crore twelve lakh fifty-six thousand", exact(31_256_000)),
    ("seven quadrillion", exact(7 * 10**15)),
    ("a hundred thousand", exact(100_000)),
    ("two hundred thousand", exact(200_000)),
    ("one million two hundred thousand", exact(1_200_000)),
    ("four million five hundred sixty-seven thousand one hundred twenty-three", exact(4_567_123)),
    ("twelve hundred", exact(1200)),
    ("fifteen hundred", exact(1500)),
    ("twenty five hundred", exact(2500)),
    ("two thousand million", exact(2_000_000_000)),
    ("half a million", exact(500_000)),
    ("a half million", exact(500_000)),
    ("a quarter of a million", exact(250_000)),
    ("three quarters of a million", exact(750_000)),
    ("one and a half million", exact(1_500_000)),
    ("two and a half thousand", exact(2_500)),
    ("hundred", NOT),
    ("thousand", NOT),
    ("one two", NOT),
    ("twenty twelve", NOT),
    ("hundred hundred", NOT),
    ("one and a half", NOT),
    # --- dozens -----------------------------------------------------------------------------
    ("a dozen", about(12)),
    ("A dozen", about(12)),
    ("one dozen", about(12)),
    ("two dozen", about(24)),
    ("half a dozen", about(6)),
    ("a couple of dozen", about(24)),
    ("a couple of hundred", about(200)),
    ("a couple hundred", about(200)),
    ("a couple of thousand", about(2000)),
    ("dozen", NOT),
    ("3 dozen", about(36)),
    # --- qualifiers: about ----------------------------------------------------------------
    ("about 20", about(20)),
    ("About 20", about(20)),
    ("around 100,000", about(100_000)),
    ("some 300", about(300)),
    ("roughly 40", about(40)),
    ("approximately 40", about(40)),
    ("approx. 40", about(40)),
    ("an estimated 2,000", about(2000)),
    ("estimated 2,000", about(2000)),
    ("circa 500", about(500)),
    ("about eight", about(8)),
    ("about a dozen", about(12)),
    ("some two dozen", about(24)),
    ("around 1.5 million", about(1_500_000)),
    # --- at_least -------------------------------------------------------------------------
    ("at least 31", lower(31, "at_least")),
    ("At least 31", lower(31, "at_least")),
    ("at  least\n31", lower(31, "at_least")),
    ("at least two", lower(2, "at_least")),
    ("At least one", lower(1, "at_least")),
    ("at least 1,400", lower(1400, "at_least")),
    ("no fewer than 12", lower(12, "at_least")),
    ("no less than 12", lower(12, "at_least")),
    ("not less than 12", lower(12, "at_least")),
    ("a minimum of 12", lower(12, "at_least")),
    ("at least a dozen", lower(12, "at_least")),
    ("at least half a million", lower(500_000, "at_least")),
    # --- more_than ------------------------------------------------------------------------
    ("more than 200", lower(200, "more_than")),
    ("More than 300", lower(300, "more_than")),
    ("over 100", lower(100, "more_than")),
    ("over 3,000", lower(3000, "more_than")),
    ("well over 100", lower(100, "more_than")),
    ("just over 100", lower(100, "more_than")),
    ("upwards of 50", lower(50, "more_than")),
    ("in excess of 50", lower(50, "more_than")),
    ("greater than 50", lower(50, "more_than")),
    ("above 50", lower(50, "more_than")),
    ("tops 1,000", lower(1000, "more_than")),
    ("passed 30,000", lower(30000, "more_than")),
    ("more than a dozen", lower(12, "more_than")),
    ("more than two million", lower(2_000_000, "more_than")),
    ("over a hundred", lower(100, "more_than")),
    # --- nearly ---------------------------------------------------------------------------
    ("nearly 9,000", upper(9000, "nearly")),
    ("almost 500", upper(500, "nearly")),
    ("close to 500", upper(500, "nearly")),
    ("just under 500", upper(500, "nearly")),
    ("just short of 500", upper(500, "nearly")),
    ("nearly a hundred", upper(100, "nearly")),
    ("almost two dozen", upper(24, "nearly")),
    ("nearly 1.5 million", upper(1_500_000, "nearly")),
    # --- up_to ----------------------------------------------------------------------------
    ("up to 70,000", upper(70_000, "up_to")),
    ("as many as 26", upper(26, "up_to")),
    ("as many as three", upper(3, "up_to")),
    ("a maximum of 30", upper(30, "up_to")),
    # --- fewer_than -----------------------------------------------------------------------
    ("fewer than 10", upper(10, "fewer_than")),
    ("less than 10", upper(10, "fewer_than")),
    ("under 10", upper(10, "fewer_than")),
    ("below 10", upper(10, "fewer_than")),
    ("fewer than a hundred", upper(100, "fewer_than")),
    # --- qualifiers after the number ------------------------------------------------------
    ("40 or more", lower(40, "at_least")),
    ("one or more", lower(1, "at_least")),
    ("20 or so", about(20)),
    ("30-odd", about(30)),
    ("thirty-odd", about(30)),
    ("50-plus", lower(50, "more_than")),
    ("50 plus", NOT),
    ("fifty odd", NOT),
    ("about 500 or more", lower(500, "at_least")),
    ("500 and over", NOT),
    ("200 or greater", lower(200, "at_least")),
    ("20 or fewer", upper(20, "up_to")),
    ("a hundred and two", exact(102)),
    # --- ranges ---------------------------------------------------------------------------
    ("between 40 and 50", span(40, 50)),
    ("Between 40 and 50", span(40, 50)),
    ("40-50", span(40, 50)),
    ("40–50", span(40, 50)),
    ("40 - 50", span(40, 50)),
    ("40 to 50", span(40, 50)),
    ("from 40 to 50", span(40, 50)),
    ("from 40-50", span(40, 50)),
    ("two or three", span(2, 3)),
    ("five or six", span(5, 6)),
    ("10 or 12", span(10, 12)),
    ("two to three", span(2, 3)),
    ("between 1 and 1.5 million", span(1_000_000, 1_500_000)),
    ("between 1.2 and 1.5 million", span(1_200_000, 1_500_000)),
    ("two to three million", span(2_000_000, 3_000_000)),
    ("1-2 million", span(1_000_000, 2_000_000)),
    ("between two and three thousand", span(2000, 3000)),
    ("five or six hundred", span(500, 600)),
    ("between 500 and 1.5 million", span(500, 1_500_000)),
    ("from 1,000 to 1,500", span(1000, 1500)),
    ("between 300 and 400", span(300, 400)),
    ("between three billion and four billion", span(3 * 10**9, 4 * 10**9)),
    ("between two hundred and three hundred", span(200, 300)),
    ("between one hundred and twenty and two hundred", span(120, 200)),
    ("three billion and four billion", NOT),
    ("one thousand and five million", NOT),
    ("five hundred and twenty thousand", exact(520_000)),
    ("up to 40-50", span(40, 50)),
    ("at least 10-15", span(10, 15)),
    ("between 40 and 50 or more", span(40, 50)),
    ("50-40", NOT),
    ("between 50 and 40", NOT),
    ("3-1", NOT),
    ("2-0", NOT),
    ("1-1", NOT),
    ("2004-05", NOT),
    ("1999-2004", NOT),
    ("between 2003 and 2005", NOT),
    # --- vague words ----------------------------------------------------------------------
    ("dozens", vague(24, 99)),
    ("Dozens", vague(24, 99)),
    ("scores", vague(40, 99)),
    ("Scores", vague(40, 99)),
    ("hundreds", vague(200, 999)),
    ("thousands", vague(2000, 9999)),
    ("Thousands", vague(2000, 9999)),
    ("tens of thousands", vague(20_000, 99_999)),
    ("Tens of thousands", vague(20_000, 99_999)),
    ("hundreds of thousands", vague(200_000, 999_999)),
    ("millions", vague(2_000_000, None)),
    ("several hundred", vague(200, 999)),
    ("a few hundred", vague(200, 999)),
    ("several thousand", vague(2000, 9999)),
    ("a few thousand", vague(2000, 9999)),
    ("several dozen", vague(24, 99)),
    ("a few dozen", vague(24, 99)),
    ("at least dozens", vague(24, 99)),
    ("more than hundreds", vague(200, 999)),
    ("nearly thousands", vague(2000, 9999)),
    ("up to tens of thousands", vague(20_000, 99_999)),
    # --- zero -------------------------------------------------------------------------------
    ("no one", exact(0)),
    ("No one", exact(0)),
    ("no-one", exact(0)),
    ("nobody", exact(0)),
    ("Nobody", exact(0)),
    ("none", exact(0)),
    ("None", exact(0)),
    ("not one", exact(0)),
    ("not a single", exact(0)),
    # --- the singular and zero determiners (rules pass them before a noun) ----------------
    ("a", exact(1)),
    ("A", exact(1)),
    ("an", exact(1)),
    ("An", exact(1)),
    ("another", exact(1)),
    ("a single", exact(1)),
    ("no", exact(0)),
    ("No", exact(0)),
    # --- not figures: ages -------------------------------------------------------------------
    ("12-year-old", NOT),
    ("a 12-year-old", NOT),
    ("twelve-year-old", NOT),
    ("aged 12", NOT),
    ("age 12", NOT),
    ("ages 12 to 15", NOT),
    ("12 years old", NOT),
    # --- money ----------------------------------------------------------------------------
    ("$5", NOT),
    ("$ 5", NOT),
    ("$5 million", NOT),
    ("US$40", NOT),
    ("€3m", NOT),
    ("£2,000", NOT),
    ("5 dollars", NOT),
    ("210 million dollars", NOT),
    ("five million euros", NOT),
    ("Rs 500", NOT),
    ("thousands of dollars", NOT),
    ("millions of pounds", NOT),
    # --- percentages ----------------------------------------------------------------------
    ("5%", NOT),
    ("5 %", NOT),
    ("5 percent", NOT),
    ("5 per cent", NOT),
    ("15 percentage points", NOT),
    ("ten percent", NOT),
    # --- years, dates and times -----------------------------------------------------------
    ("2010", NOT),
    ("1999", NOT),
    ("2004", NOT),
    ("October 7", NOT),
    ("Oct. 7", NOT),
    ("Oct 7", NOT),
    ("7 October", NOT),
    ("March 3", NOT),
    ("May 2004", NOT),
    ("10:30", NOT),
    ("3 p.m.", NOT),
    ("3 pm", NOT),
    ("8 a.m.", NOT),
    ("5 o'clock", NOT),
    ("1400 GMT", NOT),
    ("12/10/2004", NOT),
    # --- ordinals and fractions -----------------------------------------------------------
    ("third", NOT),
    ("first", NOT),
    ("3rd", NOT),
    ("21st", NOT),
    ("twenty-first", NOT),
    ("twenty first", NOT),
    ("two thirds", NOT),
    ("two-thirds", NOT),
    ("one half", NOT),
    ("1/2", NOT),
    ("2 1/2", NOT),
    ("hundredth", NOT),
    # --- durations ------------------------------------------------------------------------
    ("two days", NOT),
    ("a two-day visit", NOT),
    ("five months", NOT),
    ("24-hour", NOT),
    ("24 hours", NOT),
    ("three weeks", NOT),
    ("ten years", NOT),
    ("one day", NOT),
    ("hundreds of years", NOT),
    ("over two days", NOT),
    # --- units, multiples -----------------------------------------------------------------
    ("5 km", NOT),
    ("10 miles", NOT),
    ("3 kg", NOT),
    ("100 metres", NOT),
    ("5km", NOT),
    ("three times", NOT),
    # --- scores, phone numbers, model numbers -----------------------------------------------
    ("2-0 win", NOT),
    ("a 2-1 victory", NOT),
    ("won 3-1", NOT),
    ("a 1-1 draw", NOT),
    ("a 5-4 vote", NOT),
    ("555-123-4567", NOT),
    ("+44 20 7946 0958", NOT),
    ("0800 123 456", NOT),
    ("F-16", NOT),
    ("COVID-19", NOT),
    ("Boeing 747", NOT),
    ("a Bombardier Dash 8 and a Cessna 172", NOT),
    ("Resolution 1559", NOT),
    ("flight 93", NOT),
    ("No. 10", NOT),
    ("Article 5", NOT),
    ("Category 5", NOT),
    ("192.168.1.1", NOT),
    ("A320", NOT),
    # --- set phrases and counts of things ---------------------------------------------------
    ("one of the", NOT),
    ("one another", NOT),
    ("one by one", NOT),
    ("the one", NOT),
    ("one-off", NOT),
    ("none other", NOT),
    ("the two countries", NOT),
    ("the three nations", NOT),
    ("the two sides", NOT),
    ("the two neighbouring countries", NOT),
    ("several", NOT),
    ("many", NOT),
    ("a number of", NOT),
    ("a few", NOT),
    ("a handful", NOT),
    ("a handful of", NOT),
    ("few", NOT),
    ("some", NOT),
    ("about", NOT),
    ("over the weekend", NOT),
    ("", NOT),
    ("   ", NOT),
]


def _ids(cases: list[tuple[str, Expected]]) -> list[str]:
    return [repr(phrase) for phrase, _ in cases]


@pytest.mark.parametrize(("phrase", "expected"), CASES, ids=_ids(CASES))
def test_read_number(phrase: str, expected: Expected) -> None:
    fig = read_number(phrase)
    if expected is None:
        assert fig is None, fig
        return
    assert fig is not None
    assert (fig.low, fig.high, fig.value, fig.qualifier) == expected
    assert fig.text == phrase.strip()
    assert phrase[fig.start : fig.end] == fig.text


def test_table_is_large_and_has_no_duplicates() -> None:
    phrases = [p for p, _ in CASES]
    assert len(phrases) >= 250
    assert len(set(phrases)) == len(phrases)


DOT_CASES: list[tuple[str, Expected]] = [
    ("1.400", exact(1400)),
    ("12.500", exact(12_500)),
    ("1.000.000", exact(1_000_000)),
    ("mindestens 1.400", exact(1400)),
    ("at least 1.400", lower(1400, "at_least")),
    ("1,5 million", exact(1_500_000)),
    ("2,3m", exact(2_300_000)),
    ("1,400", NOT),
    ("1.5", NOT),
]


@pytest.mark.parametrize(("phrase", "expected"), DOT_CASES, ids=_ids(DOT_CASES))
def test_read_number_with_dot_thousands(phrase: str, expected: Expected) -> None:
    fig = read_number(phrase, dot_thousands=True)
    if phrase == "mindestens 1.400":  # only the number is a figure: not the whole phrase
        assert fig is None
        assert [f.value for f in find_numbers(phrase, dot_thousands=True)] == [1400]
        return
    if expected is None:
        assert fig is None, fig
    else:
        assert fig is not None
        assert (fig.low, fig.high, fig.value, fig.qualifier) == expected


def test_dot_thousands_only_by_choice() -> None:
    assert read_number("1.400") is None  # 1.4 in a text that writes decimals with dots
    assert read_number("1.400", dot_thousands=True) == Figure(
        0, 5, "1.400", 1400, 1400, 1400, "exact"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mindestens 1.400 Menschen starben, 12.500 wurden verletzt.", True),
        ("At least 1,400 people died and 12,500 were hurt.", False),
        ("Some 1.400 died while 2,000 fled.", False),
        ("1.5 million people fled.", False),
        ("Nobody was hurt.", False),
    ],
)
def test_uses_dot_thousands(text: str, expected: bool) -> None:
    assert uses_dot_thousands(text) is expected


# --- find_numbers on sentences of our own --------------------------------------------------

SENTENCES: list[tuple[str, list[tuple[str, int, int | None, int | None, str]]]] = [
    (
        "Officials said at least 31 people were killed and more than 200 hurt on Tuesday.",
        [("at least 31", 31, 31, None, "at_least"), ("more than 200", 200, 200, None, "more_than")],
    ),
    (
        "The 12-year-old was one of the 40 passengers on flight 93 in 2004.",
        [("40", 40, 40, 40, "exact")],
    ),
    (
        "Between 40 and 50 villagers fled, and dozens of others were missing.",
        [("Between 40 and 50", 45, 40, 50, "range"), ("dozens", 24, 24, 99, "vague")],
    ),
    (
        "The $5 million fund pays 15% of costs to 1,200 families by October 7.",
        [("1,200", 1200, 1200, 1200, "exact")],
    ),
    (
        "No one was hurt, but two or three houses burned over the weekend.",
        [("No one", 0, 0, 0, "exact"), ("two or three", 2, 2, 3, "range")],
    ),
    (
        "A man and two women were shot dead; an 11-year-old boy survived.",
        [("two", 2, 2, 2, "exact")],
    ),
    (
        "The toll rose from 12 to 40 after a two-day search at 10:30 on 7 October.",
        [("12", 12, 12, 12, "exact"), ("40", 40, 40, 40, "exact")],
    ),
    (
        "Nearly 9,000 prisoners, including 10 inmates, were freed in a 3-1 vote.",
        [("Nearly 9,000", 9000, None, 9000, "nearly"), ("10", 10, 10, 10, "exact")],
    ),
    (
        "Tens of thousands fled as the F-16 jets struck; the two countries blamed each other.",
        [("Tens of thousands", 20_000, 20_000, 99_999, "vague")],
    ),
    (
        "Up to 70,000 people, some aged 12, waited 24 hours for 5 km of road to open.",
        [("Up to 70,000", 70_000, None, 70_000, "up_to")],
    ),
    (
        "Nobody died. None were hurt. One another helped, and one day more were found.",
        [("Nobody", 0, 0, 0, "exact"), ("None", 0, 0, 0, "exact")],
    ),
    (
        "Police arrested 1 400 protesters and a dozen journalists in the 2-0 aftermath.",
        [("1 400", 1400, 1400, 1400, "exact"), ("a dozen", 12, 12, 12, "about")],
    ),
    (
        "Twenty-three miners, some 300 residents and one and a half million people fled.",
        [
            ("Twenty-three", 23, 23, 23, "exact"),
            ("some 300", 300, 300, 300, "about"),
            ("one and a half million", 1_500_000, 1_500_000, 1_500_000, "exact"),
        ],
    ),
    (
        "Al-Jazeera said the 10 - six Iraqis and two Lebanese - were freed.",
        [("10", 10, 10, 10, "exact"), ("six", 6, 6, 6, "exact"), ("two", 2, 2, 2, "exact")],
    ),
    (
        "Police said 12 were killed and over 30 hurt, and 5 or more are missing.",
        [
            ("12", 12, 12, 12, "exact"),
            ("over 30", 30, 30, None, "more_than"),
            ("5 or more", 5, 5, None, "at_least"),
        ],
    ),
    (
        "Militiamen handed over 17 captives and over 20 bodies; a lorry ran over 3 men.",
        [
            ("17", 17, 17, 17, "exact"),
            ("over 20", 20, 20, None, "more_than"),
            ("3", 3, 3, 3, "exact"),
        ],
    ),
    (
        "Troops evacuated more than 1,10,000 pilgrims; 3,45,678 voters were registered.",
        [
            ("more than 1,10,000", 110000, 110000, None, "more_than"),
            ("3,45,678", 345678, 345678, 345678, "exact"),
        ],
    ),
    (
        "10:05 Some 1,200 people left; call +44 20 7946 0958.",
        [("Some 1,200", 1200, 1200, 1200, "about")],
    ),
    (
        "The toll climbed past 7,000 in the past 24 hours; estimates ran as high as 9,000.",
        [
            ("past 7,000", 7000, 7000, None, "more_than"),
            ("as high as 9,000", 9000, None, 9000, "up_to"),
        ],
    ),
    (
        "Officials cut the toll by about 40 to 212; 30 to 40 were hurt, attended by 5 to 9.",
        [
            ("40", 40, 40, 40, "exact"),
            ("212", 212, 212, 212, "exact"),
            ("30 to 40", 35, 30, 40, "range"),
            ("5 to 9", 7, 5, 9, "range"),
        ],
    ),
    (
        "In 2004 12 people died; in 1999 300 more.",
        [("12", 12, 12, 12, "exact"), ("300", 300, 300, 300, "exact")],
    ),
    (
        "Call 555-123-4567 or +44 20 7946 0958 for the 3 p.m. briefing on May 3.",
        [],
    ),
    (
        "Twelve may die, doctors said; on May 12 people gathered for the funeral.",
        [("Twelve", 12, 12, 12, "exact")],
    ),
    (
        "Ann Lee, 22, died; Mr. Okafor, 71, and 40 others were freed. In Gaza, 22 died.",
        [("40", 40, 40, 40, "exact"), ("22", 22, 22, 22, "exact")],
    ),
    (
        "Eleven (11) crew and at least forty (40) passengers were landed; seven (8) were not.",
        [
            ("Eleven (11)", 11, 11, 11, "exact"),
            ("at least forty (40)", 40, 40, None, "at_least"),
            ("seven", 7, 7, 7, "exact"),
            ("8", 8, 8, 8, "exact"),
        ],
    ),
    (
        "Boeing 747 and Resolution 1559 aside, 2.3m people need aid and 9.5k are sick.",
        [("2.3m", 2_300_000, 2_300_000, 2_300_000, "exact"), ("9.5k", 9500, 9500, 9500, "exact")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[t[:40] for t, _ in SENTENCES])
def test_find_numbers(
    text: str, expected: list[tuple[str, int, int | None, int | None, str]]
) -> None:
    found = find_numbers(text)
    got = [(f.text, f.value, f.low, f.high, f.qualifier) for f in found]
    want = [(t, v, lo, hi, q) for t, v, lo, hi, q in expected]
    assert got == want
    cursor = 0
    for fig in found:
        assert text[fig.start : fig.end] == fig.text
        assert fig.start == text.index(fig.text, cursor)
        cursor = fig.end


def test_find_numbers_offsets_are_absolute_within_a_slice() -> None:
    text = "Intro with 5 words. Then at least 31 people died and 7 fled. Outro 9."
    start = text.index("Then")
    end = text.index("Outro")
    found = find_numbers(text, start, end)
    assert [(f.text, f.start) for f in found] == [
        ("at least 31", text.index("at least 31")),
        ("7", text.index("7 fled")),
    ]


def test_find_numbers_never_returns_bare_articles() -> None:
    text = "A man, an officer and a child were hurt; no casualties at another site."
    assert find_numbers(text) == []


def test_find_numbers_does_not_overlap() -> None:
    text = "between 1 and 1.5 million, 40-50 people, two or three, 1,400 and 1,500"
    found = find_numbers(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    assert [f.text for f in found] == [
        "between 1 and 1.5 million",
        "40-50",
        "two or three",
        "1,400",
        "1,500",
    ]


# --- the regex sources ----------------------------------------------------------------------


@pytest.mark.parametrize("flags", [regex.IGNORECASE | regex.VERBOSE, regex.IGNORECASE])
def test_number_source_embeds_in_rules(flags: int) -> None:
    assert "(?P<" not in numbers.NUMBER
    assert "#" not in numbers.NUMBER
    assert " " not in numbers.NUMBER
    assert numbers.NUMBER.startswith(r"\b") and numbers.NUMBER.endswith(r"\b")
    pattern = regex.compile(rf"(?P<num>{numbers.NUMBER})\s+people\s+died", flags)
    assert pattern.fullmatch("") is None
    for phrase in ["at least 31", "between 40 and 50", "dozens", "nearly 9,000", "no one"]:
        m = pattern.search(f"Officials said {phrase} people died.")
        assert m is not None and m.group("num") == phrase


def test_number_source_does_not_backtrack_badly() -> None:
    pattern = regex.compile(numbers.NUMBER, regex.IGNORECASE | regex.VERBOSE)
    long_digits = "1" * 5000 + "x"
    long_groups = "1" + ",000" * 2000 + ",00"
    assert pattern.search(long_digits, timeout=1.0) is None
    assert pattern.search(long_groups, timeout=1.0) is not None


@pytest.mark.parametrize("phrase", ["a", "an", "one", "a single", "another", "A", "Another"])
def test_single_source(phrase: str) -> None:
    assert regex.fullmatch(numbers.SINGLE, phrase, regex.IGNORECASE | regex.VERBOSE)
    fig = read_number(phrase)
    assert fig is not None and fig.value == 1


# --- the data file --------------------------------------------------------------------------


def test_data_file_errors_name_the_file_and_the_key(tmp_path: Path) -> None:
    raw = numbers.DATA_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "numbers_xx.toml"
    bad.write_text(raw.replace('"at least" = "at_least"', '"at least" = "at_leest"'))
    with pytest.raises(numbers.NumberDataError, match=r"numbers_xx\.toml.*qualifiers\.at least"):
        numbers.load_lexicon(bad)
    extra = tmp_path / "extra.toml"
    extra.write_text(raw + '\n[surprise]\nkey = "value"\n')
    with pytest.raises(numbers.NumberDataError, match=r"extra\.toml.*surprise"):
        numbers.load_lexicon(extra)
    empty = tmp_path / "empty.toml"
    empty.write_text(raw.replace('phrases = ["a single",', 'phrases = ["",'))
    with pytest.raises(numbers.NumberDataError, match=r"empty\.toml.*single\.phrases"):
        numbers.load_lexicon(empty)


def test_data_file_is_the_only_language() -> None:
    """Every word the engine knows comes from the data file: none is spelt in its code."""
    tree = ast.parse(Path(numbers.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    literals = [
        node.value.lower()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]
    data = tomllib.loads(numbers.DATA_FILE.read_text(encoding="utf-8"))
    words = {*data["words"]["units"], *data["words"]["tens"], *data["scales"]["large"]}
    words |= {*data["qualifiers"], *data["vague"], *data["zero"]["phrases"]}
    words |= {*data["reject"]["months"], *data["reject"]["after"], *data["reject"]["before"]}
    words = {w.lower() for w in words if w[:1].isalpha() and len(w) > 2}
    # identifiers are not language: the exported names and the qualifier ids of CLAIMS.md
    names = {*(n.lower() for n in numbers.__all__), *numbers.QUALIFIERS}
    for literal in literals:
        if literal in names:
            continue
        for word in regex.findall(r"[a-z][a-z'.-]+", literal):
            assert word not in words, (word, literal)


# --- property: every integer reads back -----------------------------------------------------

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_100(n: int, hyphen: bool) -> str:
    if n < 20:
        return _ONES[n]
    tens, unit = divmod(n, 10)
    if not unit:
        return _TENS[tens]
    return _TENS[tens] + ("-" if hyphen else " ") + _ONES[unit]


def _below_1000(n: int, hyphen: bool, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(_ONES[hundreds] + " hundred")
    if rest:
        if hundreds and use_and:
            parts.append("and")
        parts.append(_below_100(rest, hyphen))
    return " ".join(parts)


def to_words(n: int, *, hyphen: bool = True, use_and: bool = True) -> str:
    """English words for 0 <= n < 10**9, written independently of the reader."""
    if n == 0:
        return "zero"
    parts = []
    millions, n = divmod(n, 1_000_000)
    thousands, n = divmod(n, 1_000)
    if millions:
        parts.append(_below_1000(millions, hyphen, use_and) + " million")
    if thousands:
        parts.append(_below_1000(thousands, hyphen, use_and) + " thousand")
    if n:
        if parts and use_and and n < 100:
            parts.append("and")
        parts.append(_below_1000(n, hyphen, use_and))
    return " ".join(parts)


def test_to_words_helper() -> None:
    assert to_words(240) == "two hundred and forty"
    assert to_words(1_005, use_and=False) == "one thousand five"
    assert to_words(21, hyphen=False) == "twenty one"
    assert to_words(999_999_999).startswith("nine hundred and ninety-nine million")


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


_YEARS = range(1900, 2100)
_INTS = st.integers(min_value=0, max_value=999_999_999)


@settings(max_examples=400, deadline=None)
@given(n=_INTS | st.integers(min_value=0, max_value=3000))
def test_every_integer_in_digits_reads_back(n: int) -> None:
    plain = read_number(str(n))
    if n in _YEARS:
        assert plain is None  # a bare four-digit number in the year range is a year
    else:
        assert plain is not None and plain.value == n and plain.qualifier == "exact"
    for sep in [",", " ", "\u2009", "\u00a0"]:
        text = _grouped(n, sep)
        if n in _YEARS and text == str(n):
            continue
        fig = read_number(text)
        assert fig is not None, text
        assert (fig.low, fig.high, fig.value, fig.qualifier) == (n, n, n, "exact"), text


@settings(max_examples=400, deadline=None)
@given(
    n=_INTS | st.integers(min_value=0, max_value=2000),
    hyphen=st.booleans(),
    use_and=st.booleans(),
    capital=st.booleans(),
)
def test_every_integer_in_words_reads_back(
    n: int, hyphen: bool, use_and: bool, capital: bool
) -> None:
    text = to_words(n, hyphen=hyphen, use_and=use_and)
    if capital:
        text = text[0].upper() + text[1:]
    fig = read_number(text)
    assert fig is not None, text
    assert (fig.low, fig.high, fig.value, fig.qualifier) == (n, n, n, "exact"), text
    assert fig.text == text
    # ... and inside a sentence, as one figure
    found = find_numbers(f"Officials said {text} people were evacuated.")
    assert [(f.text, f.value) for f in found] == [(text, n)]
