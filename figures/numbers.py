"""Read every figure a text gives, with its bounds and qualifier, by one regex built from
``data/numbers_en.toml`` and a few cheap checks of the words around each match.

The data file holds all the language: number words, scales, qualifiers, vague words and
the contexts that make a number something other than a count (a year, money, an age, a
duration...). This module is the engine that reads it:

>>> [(f.text, f.low, f.high, f.qualifier) for f in find_numbers(
...     "At least 31 people died and between 40 and 50 were hurt on October 7.")]
[('At least 31', 31, None, 'at_least'), ('between 40 and 50', 40, 50, 'range')]
>>> fig = read_number("two hundred and forty")
>>> fig.value, fig.qualifier, (fig.start, fig.end)
(240, 'exact', (0, 21))
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, auto
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal, get_args

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from figures.regexcache import compile_cached

__all__ = [
    "NUMBER",
    "SINGLE",
    "Figure",
    "NumberDataError",
    "find_numbers",
    "read_number",
    "uses_dot_thousands",
]

DATA_FILE = Path(__file__).parent / "data" / "numbers_en.toml"

Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "nearly", "up_to", "fewer_than", "range", "vague"
]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)


# digits in brackets after a figure in words: "Seventy-eight (78)"
_ECHO = regex.compile(r"\s?\((\d{1,3}(?:,\d{3})+|\d+)\)")


@dataclass(frozen=True, slots=True)
class Figure:
    """One number phrase of a text: where it is, what it says, and how sure it is."""

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    value: int
    qualifier: str


class NumberDataError(ValueError):
    """The number data file is malformed; the message names the file and the key."""


# --- the data file ---------------------------------------------------------------------


def _check_phrase(value: str) -> str:
    """A phrase is non-empty, has no outer white space and single spaces between words."""
    if not value or value != value.strip() or "  " in value or "\n" in value:
        raise ValueError(f"{value!r}: a phrase is words separated by single spaces")
    return value


def _check_fraction(value: str) -> str:
    try:
        frac = Fraction(value)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"{value!r}: write a fraction as 'p/q'") from exc
    if frac <= 0:
        raise ValueError(f"{value!r}: must be positive")
    return value


Phrase = Annotated[str, AfterValidator(_check_phrase)]
FractionText = Annotated[str, AfterValidator(_check_fraction)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Words(_Strict):
    zero: dict[Phrase, int]
    units: dict[Phrase, int]
    teens: dict[Phrase, int]
    tens: dict[Phrase, int]
    conjunction: Phrase
    articles: list[Phrase]


class _Multiplier(_Strict):
    factor: FractionText
    qualifier: Qualifier = "exact"


class _Scales(_Strict):
    fractions: dict[Phrase, FractionText]
    hundred: dict[Phrase, int]
    large: dict[Phrase, int]
    approximate: dict[Phrase, int]
    abbreviations: dict[Phrase, int]
    multipliers: dict[Phrase, _Multiplier]


class _Ranges(_Strict):
    around: list[tuple[Phrase, Phrase]]
    between: list[Phrase]
    change_words: list[Phrase]
    # "rose by 10 to 50": after a change word and this word, "X to Y" is two figures
    change_by: list[Phrase] = []


class _Bounds(_Strict):
    low: int
    high: int | None = None


class _Zero(_Strict):
    phrases: list[Phrase]
    determiner: Phrase


class _Single(_Strict):
    phrases: list[Phrase]


class _Years(_Strict):
    min: int
    max: int


class _Scores(_Strict):
    before: list[Phrase]
    after: list[Phrase]


class _Things(_Strict):
    determiners: list[Phrase]
    nouns: list[Phrase]


class _ApposedAge(_Strict):
    max: int  # the oldest age read
    before: str  # a `regex` pattern the text before the number ends with
    after: str  # a `regex` pattern the text after the number starts with


class _Reject(_Strict):
    before: list[Phrase]
    months: list[Phrase]
    after: list[Phrase]
    links: list[Phrase]
    things: _Things
    ordinals: list[Phrase]
    years: _Years
    scores: _Scores
    next_word: dict[Phrase, list[Phrase]]
    previous_word: dict[Phrase, list[Phrase]]
    # a qualifier right after one of these words is the particle of a phrasal verb
    particle_after: dict[Phrase, list[Phrase]] = {}
    # a qualifier that is one only right after one of these words ("climbed past 7,000"),
    # and elsewhere no part of the figure ("in the past 24 hours")
    qualifier_only_after: dict[Phrase, list[Phrase]] = {}
    # a plain number set off by commas right after a name is an age ("Ann Lee, 22, died")
    apposed_age: _ApposedAge | None = None


class Lexicon(_Strict):
    """Everything one language file says about numbers (see data/numbers_en.toml)."""

    words: _Words
    scales: _Scales
    qualifiers: dict[Phrase, Qualifier]
    suffixes: dict[Phrase, Qualifier]
    ranges: _Ranges
    vague: dict[Phrase, _Bounds]
    zero: _Zero
    single: _Single
    reject: _Reject


def load_lexicon(path: Path = DATA_FILE) -> Lexicon:
    """Read and check a number data file; errors name the file and the key."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise NumberDataError(f"{path}: {exc}") from exc
    try:
        return Lexicon.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise NumberDataError(f"{path}: {problems}") from exc


# --- regex fragments -------------------------------------------------------------------

# White space a number may use between its digit groups: space, no-break space, thin
# space and narrow no-break space. Written as escapes so the pattern works with and
# without VERBOSE.
_SPACES = "\\x20\\u00a0\\u2009\\u202f"
_SP = f"[{_SPACES}]"


def _compile(source: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile a pattern; a large one is read from the compiled-pattern cache when an
    earlier process compiled it (the number grammar takes most of a second to compile)."""
    if len(source) > 200:
        return compile_cached(source, flags)
    return regex.compile(source, flags)


def _phrase_re(phrase: str) -> str:
    """A phrase as a regex: escaped words, any white space between them."""
    return r"\s+".join(regex.escape(word, special_only=True) for word in phrase.split(" "))


def _alt(phrases: Iterable[str], *, keep_case: bool = False) -> str:
    """An alternation of phrases as a character trie, so that the engine tries one branch
    per character instead of one per phrase, and the longest wording wins."""
    trie: dict[str, dict] = {}
    for phrase in {p if keep_case else p.lower() for p in phrases}:
        node = trie
        for word_index, word in enumerate(phrase.split(" ")):
            if word_index:
                node = node.setdefault(" ", {})
            for ch in word:
                node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _emit(trie) + ")"


def _emit(node: dict[str, dict]) -> str:
    """The regex for one trie node: longer continuations first, then the end of a phrase."""
    branches = []
    for key in sorted(k for k in node if k):
        head = r"\s+" if key == " " else regex.escape(key, special_only=True)
        branches.append(head + _emit(node[key]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class _Grammar:
    """The compiled patterns and lookup tables built from one lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        w, sc = lex.words, lex.scales
        self.small: dict[str, int] = {
            k.lower(): v for k, v in {**w.units, **w.teens, **w.tens}.items()
        }
        self.tens_values = frozenset(w.tens.values())
        self.scale_words: dict[str, tuple[_K, int]] = {}
        self.zero_words = {x.lower() for x in w.zero}
        self.articles = {x.lower() for x in w.articles}
        self.conjunction = _norm(w.conjunction)
        for kind, table in (
            (_K.HUNDRED, sc.hundred),
            (_K.LARGE, sc.large),
            (_K.APPROX, sc.approximate),
        ):
            for word, v in table.items():
                self.scale_words[word.lower()] = (kind, v)
        self.abbreviations = {k.lower(): v for k, v in sc.abbreviations.items()}
        self.multipliers = {
            " ".join(k.lower().split()): (Fraction(m.factor), m.qualifier)
            for k, m in sc.multipliers.items()
        }
        self.fractions = {" ".join(k.lower().split()): Fraction(v) for k, v in sc.fractions.items()}
        self.vague = {k.lower(): b for k, b in lex.vague.items()}
        self.qualifiers = {k.lower(): q for k, q in lex.qualifiers.items()}
        self.suffixes = {k.lower(): q for k, q in lex.suffixes.items()}
        self.singles = {p.lower() for p in lex.single.phrases}
        self.determiner = lex.zero.determiner.lower()

        units_re = _alt(w.units)
        below100 = rf"(?:{_alt(w.tens)}(?:(?:-|\s+){units_re}\b)?|{_alt(w.teens)}|{units_re})\b"
        scale_re = _alt(self.scale_words) + r"\b"
        large_re = _alt([*sc.hundred, *sc.large]) + r"\b"
        conj = _phrase_re(w.conjunction)
        # a run of number words: "two hundred and forty", "a dozen", "half a million",
        # "one and a half million"; the parser splits a run that is not one number
        word_start = (
            rf"(?:(?:{_alt(w.articles)}|{_alt(sc.multipliers)})\s+{scale_re}"
            rf"(?:\s+{conj}(?=\s+{below100}))?"
            rf"|{below100}|{_alt(w.zero)}\b)"
        )
        word_next = (
            rf"(?:(?:-|\s+)(?:{below100}|{scale_re}(?:\s+{conj}(?=\s+{below100}))?"
            rf"|{_alt(sc.fractions)}(?=\s+{large_re})))"
        )
        # possessive, except at the low end of "between ... and": there the run may give
        # back "and four billion" to the range ("between three billion and four billion")
        words_re = rf"(?:{word_start}{word_next}*+)"
        words_open = rf"(?:{word_start}{word_next}*)"
        # digits: 1400, 1,400, 1.400, 1 400 (with thin or no-break spaces), South Asian
        # grouping by lakh and crore (1,10,000), 1.5, then a scale word or an abbreviation:
        # "1.5 million", "2.3m", "1.2 bn"
        digits_core = (
            rf"(?:\d{{1,2}}(?:,\d{{2}}(?=,))++,\d{{3}}(?!\d)|\d{{1,3}}(?:[,.]\d{{3}})++(?!\d)"
            rf"|\d{{1,3}}(?:{_SP}\d{{3}})++(?!\d)|\d++)"
            rf"(?:[.,]\d++)?+"
        )
        short = [a for a in sc.abbreviations if len(a) == 1]
        long_ = [a for a in sc.abbreviations if len(a) > 1]
        digit_scale = rf"(?:\s*{scale_re}(?:\s+{scale_re})?|{_alt(short)}\b"
        if long_:
            digit_scale += rf"|\x20?{_alt(long_)}\b"
        digit_scale += ")"

        def build(named: bool) -> str:
            def g(name: str, body: str) -> str:
                return f"(?P<{name}>{body})" if named else f"(?:{body})"

            def num(prefix: str, words: str = words_re) -> str:
                return (
                    rf"(?:{g(prefix + 'd', digits_core)}{g(prefix + 's', digit_scale)}?"
                    rf"|{g(prefix + 'w', words)})"
                )

            def mid(joins: Iterable[str]) -> str:
                """The words or marks between the two ends of a range."""
                marks = [j for j in joins if not j[-1].isalnum()]
                words = [j for j in joins if j[-1].isalnum()]
                parts = []
                if marks:
                    parts.append(rf"\s*{g('join', _alt(marks))}\s*")
                if words:
                    parts.append(rf"\s+{g('join', _alt(words))}\s+")
                return "(?:" + "|".join(parts) + ")"

            # "between 40 and 50", "from 40 to 50": one branch per opening word
            opening: dict[str, list[str]] = {}
            for a, b in lex.ranges.around:
                opening.setdefault(a, []).append(b)
            around = "|".join(
                rf"{g('pre', _phrase_re(a))}\s+{num('lo_', words_open)}{mid(bs)}{num('hi_')}"
                for a, bs in opening.items()
            )
            # one number, or two with a mark or word between: "40", "40-50", "two or three"
            single = rf"{num('lo_')}(?:{mid(lex.ranges.between)}{num('hi_')})?"
            qual = rf"{g('qual', _alt(lex.qualifiers))}\s+"
            spaced = [x for x in lex.suffixes if x[0].isalnum()]
            joined = [x for x in lex.suffixes if not x[0].isalnum()]
            suffix = rf"(?:\s+{g('suf', _alt(spaced))}|{g('suf', _alt(joined))})\b"
            return (
                rf"\b(?={first})(?:{g('zero', _alt(lex.zero.phrases))}"
                rf"|(?:{qual})?(?:{around}|{g('vague', _alt(lex.vague))}|{single})"
                rf"(?:{suffix})?)\b"
            )

        # the first two words of every phrase (one when it has one): a cheap test before
        # the whole pattern, which rule patterns try at every position
        heads: set[str] = {*self.small, *w.zero, *opening_words(lex)}
        heads.update(f"{art} {scale}" for art in w.articles for scale in self.scale_words)
        for coll in (lex.qualifiers, sc.multipliers, lex.vague, lex.zero.phrases):
            heads.update(" ".join(p.split(" ")[:2]) for p in coll)
        first = r"\d|" + _alt(heads) + r"(?!\w)"

        self.number_source = build(named=False)
        self.finder = _compile(build(named=True), regex.IGNORECASE)

        # find_numbers scans for anchors (digits and the words a number phrase ends its
        # number part with), then looks a few words back for a qualifier or the start of
        # a range, vague or zero phrase: much faster than trying the finder everywhere.
        anchors = {*self.small, *w.zero, *self.scale_words}
        prefixes = {*w.articles, *(a for a, _b in lex.ranges.around)}
        for phrase in [*lex.vague, *lex.zero.phrases]:
            *head, last = phrase.split(" ")
            anchors.add(last)
            prefixes.update(head)
        for phrase in [*lex.qualifiers, *sc.multipliers, *sc.fractions]:
            prefixes.update(phrase.split(" "))
        self.anchor_re = re.compile(rf"\b\d|\b{_alt(anchors)}\b")
        self.prefix_tail = _compile(
            rf"(?:\b{_alt(prefixes)}\s+)+\Z", regex.IGNORECASE | regex.REVERSE
        )
        self.word_start = _compile(r"\S+")
        self.group_split = {
            dot: _compile(f"[{regex.escape('.' if dot else ',')}{_SPACES}]")
            for dot in (False, True)
        }
        self.single_source = rf"\b{_alt(lex.single.phrases)}\b"
        self.token_re = _compile(
            rf"(?P<mult>{_alt(sc.multipliers)})\b|(?P<frac>{_alt(sc.fractions)})\b"
            r"|(?P<word>[^\W\d_]+)",
            regex.IGNORECASE,
        )
        self.digit_parts = _compile(
            rf"(?P<core>{digits_core})(?:\s*(?P<scales>{scale_re}(?:\s+{scale_re})?)"
            rf"|\x20?(?P<abbr>[^\W\d_]+))?",
            regex.IGNORECASE,
        )

        # --- context checks -------------------------------------------------------------
        # Checks on what stands before a figure run backwards from its start (REVERSE), so
        # each costs a few steps whatever the length of the text before it.
        rj = lex.reject
        ic, rev = regex.IGNORECASE, regex.REVERSE
        symbols = [b for b in rj.before if not b[0].isalnum()]
        labels = [b for b in rj.before if b[0].isalnum()]
        self.before_re = _compile(
            rf"(?:[\p{{L}}\d][-‐‑/]|\d[.,:]|{_alt(symbols)}\s*|\b{_alt(labels)}\s+)\Z", ic | rev
        )
        # a short digit group or one with a leading zero just before or after: a phone
        # number or a code ("+44 20 7946 0958"), not a count; "In 2004 12 died" stays, and
        # so does a figure after a clock time ("10:05 Some 1,200 people ...", a live blog)
        self.digit_before = _compile(rf"(?<![\d:])(?:\d{{1,3}}|0\d*){_SP}\Z")
        self.month_before = _compile(rf"\b{_alt(rj.months, keep_case=True)}\.?\s+\Z", rev)
        self.things_before = _compile(rf"\b{_alt(rj.things.determiners)}\s+\Z", ic | rev)
        self.score_before = _compile(rf"\b{_alt(rj.scores.before)}\s+\Z", ic | rev)
        self.change_before = _compile(rf"\b{_alt(lex.ranges.change_words)}\s+\Z", ic | rev)
        self.change_by_before = (
            _compile(
                rf"\b{_alt(lex.ranges.change_words)}\b[^.;!?]{{0,70}}?"
                rf"\s{_alt(lex.ranges.change_by)}\s+\Z",
                ic,
            )
            if lex.ranges.change_by
            else None
        )

        def word_before(table: dict[Phrase, list[Phrase]]) -> dict[str, regex.Pattern[str]]:
            """For each key, a check that one of its words ends the text before a figure."""
            return {k.lower(): _compile(rf"\b{_alt(v)}\s+\Z", ic | rev) for k, v in table.items()}

        self.particle_after = word_before(rj.particle_after)
        self.only_after = word_before(rj.qualifier_only_after)
        self.previous_word = word_before(rj.previous_word)
        # Checks on what follows a figure are matched at its end.
        link = _alt(rj.links)
        self.after_re = _compile(
            rf"(?:-\p{{L}}|[-‐‑/:]\d|[.,]\d|['’]s\b"
            rf"|(?:\s+{link})?\s*{_alt(rj.after)}(?!\w)"
            rf"|(?:\s+{conj})?(?:-|\s+){_alt(rj.ordinals)}\b)",
            ic,
        )
        self.digit_after = _compile(rf"{_SP}(?:\d{{1,3}}|0\d*)(?!\d)")
        age = rj.apposed_age
        self.age_max = age.max if age else 0
        self.age_before = _compile(rf"(?:{age.before})\Z") if age else None
        self.age_after = _compile(age.after) if age else None
        self.month_after = _compile(rf"\s+{_alt(rj.months, keep_case=True)}\b")
        self.things_after = _compile(rf"\s+(?:[\p{{L}}'’-]+\s+)?{_alt(rj.things.nouns)}\b", ic)
        self.score_after = _compile(rf"\s+{_alt(rj.scores.after)}\b", ic)
        self.next_word = {
            k.lower(): _compile(rf"(?:-|\s+){_alt(v)}\b", ic) for k, v in rj.next_word.items()
        }
        self.dot_thousands_re = _compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]*\d)")
        self.comma_thousands_re = _compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")


def opening_words(lex: Lexicon) -> list[str]:
    """The words that open a range ("between", "from")."""
    return [a for a, _b in lex.ranges.around]


def _norm(text: str) -> str:
    """Lower case with single spaces: the key a phrase has in the lexicon's tables."""
    return " ".join(text.lower().split())


# --- reading one number ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Num:
    """One number as read, before qualifiers and ranges: its value and how it was written."""

    start: int
    end: int
    value: Fraction
    qualifier: str  # exact, or about for "a dozen", "a couple of hundred"
    scale: int  # the trailing scale it was written with (1 for none): "1.5 million" -> 10**6
    plain: str | None  # the digits when written as bare digits without separators


def _read_digits(gr: _Grammar, text: str, start: int, end: int, dot: bool) -> _Num | None:
    """Read digits with their separators and optional scale: "1,400", "2.3m", "1.5 million"."""
    raw = text[start:end]
    if raw.isdecimal():  # the common case: bare digits
        if len(raw) > 1 and raw[0] == "0":
            return None
        return _Num(start, end, Fraction(int(raw)), "exact", 1, raw)
    m = gr.digit_parts.fullmatch(text, start, end)
    if m is None:
        return None
    core = m.group("core")
    decimal = "," if dot else "."
    if decimal in core:
        int_part, frac_part = core.rsplit(decimal, 1)
        if decimal in int_part:
            return None
    else:
        int_part, frac_part = core, ""
    groups = gr.group_split[dot].split(int_part)
    if len(groups) > 1:
        seps = {c for c in int_part if not c.isdigit()}
        lakh = (  # South Asian grouping: "1,10,000" is 110,000, "3,45,678" is 345,678
            not dot
            and seps == {","}
            and len(groups) > 2
            and len(groups[0]) <= 2
            and len(groups[-1]) == 3
            and all(len(x) == 2 for x in groups[1:-1])
        )
        if not lakh and (
            len(seps) > 1 or not all(len(x) == 3 for x in groups[1:]) or len(groups[0]) > 3
        ):
            return None
    elif not int_part.isdigit():
        return None
    digits = "".join(groups)
    if len(digits) > 1 and digits[0] == "0":
        return None
    value = Fraction(int(digits))
    if frac_part:
        value += Fraction(int(frac_part), 10 ** len(frac_part))
    scale = 1
    qualifier = "exact"
    if m.group("scales"):
        for word in m.group("scales").split():
            kind, v = gr.scale_words[word.lower()]
            scale *= v
            if kind is _K.APPROX:
                qualifier = "about"
    elif m.group("abbr"):
        abbr = gr.abbreviations.get(m.group("abbr").lower())
        if abbr is None:
            return None
        scale = abbr
    value *= scale
    plain = digits if (digits == core and scale == 1) else None
    return _Num(start, end, value, qualifier, scale, plain)


class _K(Enum):
    """What a number word does in a run of words."""

    ZERO = auto()  # says 0 on its own
    SMALL = auto()  # 1 to 99
    HUNDRED = auto()  # multiplies 1-99 before it
    LARGE = auto()  # thousand, million...: closes a group
    APPROX = auto()  # a scale that makes the figure approximate (dozen)
    ARTICLE = auto()  # one of a scale ("a hundred")
    MULT = auto()  # a part of a scale ("half a million")
    FRAC = auto()  # a fraction before a scale ("one and a half million")
    CONJ = auto()  # the word after a scale ("two hundred and forty")
    OTHER = auto()


# (kind, value, qualifier, start, end)
_Token = tuple[_K, Fraction, str, int, int]


def _read_words(gr: _Grammar, text: str, start: int, end: int) -> list[_Num]:
    """Read a run of number words; a run that is not one number gives several."""
    tokens: list[_Token] = []
    for m in gr.token_re.finditer(text, start, end):
        if m.group("mult"):
            factor, q = gr.multipliers[_norm(m.group())]
            tokens.append((_K.MULT, factor, q, m.start(), m.end()))
        elif m.group("frac"):
            tokens.append((_K.FRAC, gr.fractions[_norm(m.group())], "", m.start(), m.end()))
        else:
            word = m.group().lower()
            if word in gr.small:
                tokens.append((_K.SMALL, Fraction(gr.small[word]), "", m.start(), m.end()))
            elif word in gr.scale_words:
                kind, v = gr.scale_words[word]
                tokens.append((kind, Fraction(v), "", m.start(), m.end()))
            elif word in gr.zero_words:
                tokens.append((_K.ZERO, Fraction(0), "", m.start(), m.end()))
            elif word == gr.conjunction:
                tokens.append((_K.CONJ, Fraction(0), "", m.start(), m.end()))
            elif word in gr.articles:
                tokens.append((_K.ARTICLE, Fraction(1), "", m.start(), m.end()))
            else:
                tokens.append((_K.OTHER, Fraction(0), "", m.start(), m.end()))
    out: list[_Num] = []
    i = 0
    while i < len(tokens):
        found = _parse_run(gr, tokens, i)
        if found is None:
            i += 1
            continue
        j, value, qualifier, scale = found
        if value.denominator == 1:
            out.append(_Num(tokens[i][3], tokens[j - 1][4], value, qualifier, scale, None))
        i = j
    return out


def _parse_run(gr: _Grammar, tokens: list[_Token], i: int) -> tuple[int, Fraction, str, int] | None:
    """The longest well-formed number starting at token ``i``.

    Returns (end token, value, qualifier, trailing scale) or None.
    """
    total = Fraction(0)
    group = Fraction(0)  # the hundreds of the current group
    below: Fraction | None = None  # the part below a hundred
    below_open = False  # a tens word that may still take a unit ("twenty" -> "twenty five")
    factor: Fraction | None = None  # "a", "half a", "a couple of" before a scale
    max_large = 0
    qualifier = "exact"
    trailing = 1
    prev: _K | None = None
    best: tuple[int, Fraction, str, int] | None = None
    before_conj: tuple[int, Fraction, str, int] | None = None
    j = i
    n = len(tokens)
    while j < n:
        kind, v, q, _s, _e = tokens[j]
        if kind == _K.ZERO:
            if j == i:
                best = (j + 1, Fraction(0), "exact", 1)
            break
        if kind == _K.SMALL:
            if prev in (None, _K.HUNDRED, _K.LARGE, _K.CONJ) and below is None:
                below = v
                below_open = int(v) in gr.tens_values
            elif prev == _K.SMALL and below_open and 1 <= v <= 9:
                below = (below or Fraction(0)) + v
                below_open = False
            else:
                break
            trailing = 1
        elif kind == _K.CONJ:
            if prev not in (_K.HUNDRED, _K.LARGE) or j + 1 >= n or tokens[j + 1][0] != _K.SMALL:
                break
            if prev == _K.LARGE:
                before_conj = best  # "three billion and four billion" is two numbers
        elif kind in (_K.ARTICLE, _K.MULT):
            if j != i:
                break
            factor = v
            if q and q != "exact":
                qualifier = q
        elif kind == _K.FRAC:
            if prev != _K.SMALL or below is None or j + 1 >= n:
                break
            if tokens[j + 1][0] not in (_K.HUNDRED, _K.LARGE):
                break
            below += v
            below_open = False
        elif kind == _K.HUNDRED:
            if prev in (_K.CONJ, _K.HUNDRED) or group:
                break
            base = below if below is not None else factor
            if base is None:
                break
            group = base * v
            below, below_open, factor = None, False, None
            trailing = int(v)
        elif kind in (_K.LARGE, _K.APPROX):
            if prev == _K.CONJ:
                break
            if before_conj is not None:
                return before_conj
            g = group + (below or 0)
            if not g and factor is not None:
                g = factor
            vi = int(v)
            if not g:
                if prev == _K.LARGE and vi > max_large and total:
                    total *= v  # "two thousand million"
                    trailing *= vi
                else:
                    break
            elif vi > max_large:
                total = (total + g) * v
                trailing = trailing * vi if prev == _K.HUNDRED else vi
            elif vi < max_large:
                total += g * v
                trailing = trailing * vi if prev == _K.HUNDRED else vi
            else:
                break
            max_large = max(max_large, vi)
            group, below, below_open, factor = Fraction(0), None, False, None
            if kind == _K.APPROX:
                qualifier = "about"
        else:
            break
        prev = kind
        j += 1
        if kind not in (_K.CONJ, _K.ARTICLE, _K.MULT, _K.FRAC):
            best = (j, total + group + (below or 0), qualifier, trailing)
        if kind == _K.APPROX:
            break
    return best


# --- the engine ----------------------------------------------------------------------------


class _Reader:
    """Find and read figures with one grammar."""

    def __init__(self, gr: _Grammar) -> None:
        self.gr = gr

    def _num(
        self, m: regex.Match[str], prefix: str, dot: bool, *, whole: bool = True
    ) -> _Num | None:
        """The number captured by the groups with ``prefix`` (lo_ or hi_).

        With ``whole`` false, a fraction is kept: the low end of "between 1.2 and 1.5
        million" is 1.2 until it shares the scale of the high end.
        """
        text = m.string
        if m.start(prefix + "d") >= 0:
            end = m.end(prefix + "s") if m.start(prefix + "s") >= 0 else m.end(prefix + "d")
            num = _read_digits(self.gr, text, m.start(prefix + "d"), end, dot)
            if num is not None and whole and num.value.denominator != 1:
                return None
            return num
        nums = _read_words(self.gr, text, m.start(prefix + "w"), m.end(prefix + "w"))
        if len(nums) != 1 or (nums[0].start, nums[0].end) != m.span(prefix + "w"):
            return None
        return nums[0]

    def figures_of(self, m: regex.Match[str], dot: bool) -> list[Figure]:
        """The figures one match of the finder stands for, checked against their context."""
        gr = self.gr
        text = m.string
        s, e = m.span()
        if m.start("zero") >= 0:
            key = _norm(m.group("zero"))
            after = gr.next_word.get(key)
            if after is not None and after.match(text, e, min(len(text), e + 40)):
                return []
            return [Figure(s, e, m.group(), 0, 0, 0, "exact")]
        qual = gr.qualifiers[_norm(m.group("qual"))] if m.start("qual") >= 0 else None
        if m.start("suf") >= 0:  # "about 500 or more": the suffix says more
            qual = gr.suffixes[_norm(m.group("suf"))]
        if m.start("vague") >= 0:
            b = gr.vague[_norm(m.group("vague"))]
            if self._rejected(text, s, e, m.group("vague"), None, words=True):
                return []
            return [Figure(s, e, m.group(), b.low, b.high, b.low, "vague")]
        if m.start("hi_d") >= 0 or m.start("hi_w") >= 0:
            return self._range(m, qual, dot)
        # the plain w-run of number words may hold several numbers ("one two three")
        if m.start("lo_w") >= 0 and qual is None and m.start("suf") < 0:
            nums = _read_words(gr, text, m.start("lo_w"), m.end("lo_w"))
            out = []
            for num in nums:
                if num.value.denominator != 1:
                    continue
                if self._rejected(text, num.start, num.end, text[num.start : num.end], num, True):
                    continue
                out.append(_exact(text, num.start, num.end, num))
            return out
        one = self._num(m, "lo_", dot)
        if one is None:
            return []
        num = one
        words = m.start("lo_w") >= 0
        if num.plain is not None and qual is None and self._is_year(num):
            return []
        core = m.group("lo_w") if words else m.group("lo_d")
        if self._rejected(text, s, e, core, num, words):
            return []
        v = int(num.value)
        q = qual or num.qualifier
        low, high = _bounds(q, v)
        return [Figure(s, e, m.group(), low, high, v, q)]

    def _range(self, m: regex.Match[str], qual: str | None, dot: bool) -> list[Figure]:
        gr = self.gr
        text = m.string
        s, e = m.span()
        lo, hi = self._num(m, "lo_", dot, whole=False), self._num(m, "hi_", dot)
        if lo is None or hi is None:
            return []
        words = m.start("lo_w") >= 0
        if m.start("pre") >= 0:
            pre_start = m.start("pre")
            if gr.change_before.search(text, max(0, pre_start - 40), pre_start):
                return self._each(text, (lo, hi))  # "rose from 12 to 40": two figures
        else:
            if self._score(text, s, e):
                return []
            sep = m.group("join")
            spaced = (
                sep
                != text[
                    m.end("lo_d" if m.start("lo_d") >= 0 else "lo_w") : m.start(
                        "hi_d" if m.start("hi_d") >= 0 else "hi_w"
                    )
                ]
            )
            mixed = (m.start("lo_w") >= 0) != (m.start("hi_w") >= 0)
            if spaced and not sep[-1].isalnum() and (mixed or lo.value >= hi.value):
                return self._each(text, (lo, hi))  # a dash between two figures: "the 10 - six"
            if (
                gr.change_by_before is not None
                and sep[-1].isalnum()
                and gr.change_by_before.search(text, max(0, s - 90), s)
            ):
                return self._each(text, (lo, hi))  # "rose by 10 to 50": two figures
        low, high = lo.value, hi.value
        if lo.scale == 1 and hi.scale > 1 and low * hi.scale <= high:
            low *= hi.scale  # "between 1 and 1.5 million"
        if low >= high or low.denominator != 1:
            return []
        if qual is None and (self._is_year(lo) or self._is_year(hi)):
            return []
        if self._rejected(text, s, e, "", lo, words):
            return []
        il, ih = int(low), int(high)
        return [Figure(s, e, m.group(), il, ih, (il + ih) // 2, "range")]

    def _each(self, text: str, nums: Iterable[_Num]) -> list[Figure]:
        """The ends of what looked like a range, read as figures of their own."""
        out = []
        for num in nums:
            if num.value.denominator != 1 or self._is_year(num):
                continue
            if self._rejected(text, num.start, num.end, text[num.start : num.end], num, False):
                continue
            out.append(_exact(text, num.start, num.end, num))
        return out

    def _is_year(self, num: _Num) -> bool:
        y = self.gr.lex.reject.years
        return num.plain is not None and len(num.plain) == 4 and y.min <= num.value <= y.max

    def _score(self, text: str, s: int, e: int) -> bool:
        gr = self.gr
        return bool(
            gr.score_before.search(text, max(0, s - 40), s)
            or gr.score_after.match(text, e, min(len(text), e + 40))
        )

    def _rejected(
        self, text: str, s: int, e: int, core: str, num: _Num | None, words: bool
    ) -> bool:
        """Whether the words around text[s:e] make it something other than a count."""
        gr = self.gr
        b0 = max(0, s - 40)
        a1 = min(len(text), e + 40)
        if gr.before_re.search(text, b0, s) or gr.after_re.match(text, e, a1):
            return True
        if not words and (
            gr.digit_before.search(text, max(0, s - 12), s) or gr.digit_after.match(text, e, a1)
        ):
            return True
        if (
            num is not None
            and (num.value <= 31 or num.plain is not None)
            and (gr.month_before.search(text, b0, s) or gr.month_after.match(text, e, a1))
        ):
            return True
        if gr.things_before.search(text, b0, s) and gr.things_after.match(text, e, a1):
            return True
        if (
            num is not None
            and num.plain is not None
            and num.value <= gr.age_max
            and gr.age_before is not None
            and gr.age_after is not None
            and gr.age_after.match(text, e, a1)
            and gr.age_before.search(text, b0, s)
        ):
            return True  # "Ann Lee, 22, died": an age
        key = _norm(core)
        nxt = gr.next_word.get(key)
        if nxt is not None and nxt.match(text, e, a1):
            return True
        prv = gr.previous_word.get(key)
        return bool(prv is not None and prv.search(text, b0, s))

    def find(self, text: str, start: int, end: int, dot: bool) -> list[Figure]:
        """Every figure in text[start:end]: anchors first, then the finder around each."""
        gr = self.gr
        low = text[start:end].lower()
        if len(low) != end - start:  # a rare character whose lower case is longer
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text[start:end])
        out: list[Figure] = []
        pos = start  # nothing before pos may start a figure: it is consumed
        anchor = gr.anchor_re.search(low)
        while anchor is not None:
            p = anchor.start() + start
            m = self._match_at(text, p, pos, end)
            if m is None:
                anchor = gr.anchor_re.search(low, p - start + 1)
                continue
            out.extend(self.figures_of(m, dot))
            pos = m.end()
            if out and out[-1].end == pos:
                pos = self._echo(text, out, pos, end)
            anchor = gr.anchor_re.search(low, pos - start)
        return out

    @staticmethod
    def _echo(text: str, out: list[Figure], pos: int, end: int) -> int:
        """Take the digits that repeat a figure in words into it, as official statements
        write them ("nine (9) persons"): one figure; returns where reading goes on."""
        last = out[-1]
        echo = _ECHO.match(text, pos, end)
        if (
            echo is None
            or last.text[-1:].isdigit()
            or last.qualifier in ("vague", "range")
            or int(echo.group(1).replace(",", "")) != last.value
        ):
            return pos
        out[-1] = Figure(
            last.start, echo.end(), text[last.start : echo.end()], last.low, last.high,
            last.value, last.qualifier,
        )  # fmt: skip
        return echo.end()

    def _match_at(self, text: str, p: int, pos: int, end: int) -> regex.Match[str] | None:
        """The longest finder match that covers the anchor at p and starts at or after pos."""
        gr = self.gr
        candidates = []
        tail = gr.prefix_tail.search(text, max(pos, p - 60), p)
        if tail is not None:
            candidates = [w.start() for w in gr.word_start.finditer(text, tail.start(), p)]
        candidates.append(p)
        for c in candidates:
            m = gr.finder.match(text, c, end)
            if m is not None and m.end() > p and not self._particle(m):
                return m
        return None

    def _particle(self, m: regex.Match[str]) -> bool:
        """Whether the match opens with a qualifier that is the particle of the verb before
        it ("handed over 17": the figure is 17, read from the next candidate), or a word
        that is a qualifier only after certain verbs and stands after none of them."""
        if m.start("qual") != m.start():
            return False
        qual = _norm(m.group("qual"))
        s = m.start()
        check = self.gr.particle_after.get(qual)
        if check is not None and check.search(m.string, max(0, s - 40), s):
            return True
        needed = self.gr.only_after.get(qual)
        return needed is not None and not needed.search(m.string, max(0, s - 40), s)


def _exact(text: str, s: int, e: int, num: _Num) -> Figure:
    v = int(num.value)
    low, high = _bounds(num.qualifier, v)
    return Figure(s, e, text[s:e], low, high, v, num.qualifier)


def _bounds(qualifier: str, v: int) -> tuple[int | None, int | None]:
    """low and high for a single number with a qualifier, as CLAIMS.md's table says."""
    if qualifier in ("at_least", "more_than"):
        return v, None
    if qualifier in ("nearly", "up_to", "fewer_than"):
        return None, v
    return v, v


# --- the public interface ------------------------------------------------------------------

_GRAMMAR = _Grammar(load_lexicon())
_READER = _Reader(_GRAMMAR)

# Regex source for one number phrase, qualifier and range included, to embed in rule
# patterns compiled with or without VERBOSE: no named groups, no literal spaces, no "#".
NUMBER: str = _GRAMMAR.number_source

# Regex source for the singular forms that count one when a noun follows them.
SINGLE: str = _GRAMMAR.single_source


def uses_dot_thousands(text: str) -> bool:
    """Whether ``text`` writes thousands with dots ("1.400") and never with commas.

    >>> uses_dot_thousands("Mindestens 1.400 Menschen, 12.500 Verletzte")
    True
    >>> uses_dot_thousands("1,400 people and 1.5 million")
    False
    """
    gr = _GRAMMAR
    return bool(gr.dot_thousands_re.search(text)) and not gr.comma_thousands_re.search(text)


def find_numbers(
    text: str, start: int = 0, end: int | None = None, *, dot_thousands: bool | None = None
) -> list[Figure]:
    """Every figure in ``text[start:end]``, left to right, with offsets into ``text``.

    Each figure is the longest phrase (qualifier and range included); numbers that the
    words around them make a year, a date, a time, an age, money, a percentage, an
    ordinal, a duration, a score, a label or a phone number are left out. Bare "a", "an"
    and "no" are never returned.

    >>> [f.text for f in find_numbers("Some 300 people fled, 12-year-old boy, $5, 2010.")]
    ['Some 300']
    """
    stop = len(text) if end is None else end
    dot = uses_dot_thousands(text) if dot_thousands is None else dot_thousands
    return _READER.find(text, start, stop, dot)


def read_number(phrase: str, *, dot_thousands: bool = False) -> Figure | None:
    """Read one whole phrase as a figure, or None when it is not one.

    Offsets are relative to ``phrase``. The singular forms ("a", "an", "another",
    "a single") read as 1 and the zero determiner ("no") as 0: rules pass them only when a
    counted noun follows.

    >>> fig = read_number("between 1 and 1.5 million")
    >>> fig.low, fig.high, fig.value, fig.qualifier
    (1000000, 1500000, 1250000, 'range')
    >>> read_number("12-year-old") is None
    True
    """
    stripped = phrase.strip()
    if not stripped:
        return None
    s = phrase.index(stripped[0])
    e = s + len(stripped)
    key = _norm(stripped)
    if key in _GRAMMAR.singles and key not in _GRAMMAR.small:
        return Figure(s, e, stripped, 1, 1, 1, "exact")
    if key == _GRAMMAR.determiner:
        return Figure(s, e, stripped, 0, 0, 0, "exact")
    found = _READER.find(phrase, 0, len(phrase), dot_thousands)
    if len(found) == 1 and found[0].start == s and found[0].end == e:
        return found[0]
    return None
