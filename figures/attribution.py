"""Attribution: who the text says gives each figure, and the wire credit of the whole document.

The engine reads its cue words, speaker vocabulary and credit patterns from
``figures/data/attribution.toml`` and normalises speakers with the alias table of
:mod:`figures.sources`. In each sentence that holds a figure it finds *frames*: a cue
("said", "according to", "put the toll at", "reportedly"...), the speaker the cue names,
an intermediary for chains ("AFP, citing the ministry, said"), and the stretch of the
sentence the cue governs. A figure takes the narrowest frame that covers it. A figure no
frame covers keeps ``attribution = "none"``: nothing is guessed, and the document's
credit is never a claim's source.

>>> from figures.text import split_sentences
>>> text = "Police said 12 people were killed. Three more died, the ministry said."
>>> [(f.speaker, f.direction) for f in frames_of(text, split_sentences(text), 1)]
[('the ministry', 'backward')]
>>> document_credit("BAGHDAD (Reuters) - Twelve people died.")
Credit(text='Reuters', start=9, end=16)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from figures.needs import PatternGate
from figures.regexcache import compile_cached
from figures.sources import AliasTable, load_aliases, speaker_parts
from figures.text import Span, split_sentences

if TYPE_CHECKING:
    from figures.draft import Draft

__all__ = [
    "AttributionError",
    "Credit",
    "Frame",
    "attribute",
    "document_credit",
    "frames_of",
]

DATA = resources.files("figures") / "data"
FLAGS = regex.IGNORECASE | regex.VERBOSE | regex.V0
_FRAGMENT_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
_POSSESSIVE_END = regex.compile(r"['’]s?$")
_PUNCT_BOUNDARY = frozenset(",;:()—–")
_CLOSE_QUOTES = "\"'”’»"
# a clock time opening a live blog's entry, with its zone: "17:55 BST –", "01:20"
_CLOCK = regex.compile(
    r"\d{1,2}:\d{2}(?:\s*(?:[ap]\.?m\.?|BST|GMT|CET|CEST|EST|EDT|ET|PT|UTC|local\s+time)\b)?\s*[-–—:]?\s*",
    regex.IGNORECASE,
)
# a dateline with no credit ("WASHINGTON - ", "KABUL, Afghanistan -- "): not a speaker
_BARE_DATELINE = regex.compile(
    r"""^(?:\p{Lu}[\p{Lu}\p{M}.'’\-/]++(?:\s+\p{Lu}[\p{Lu}\p{M}.'’\-]++)*+)
        [^\n]{0,60}?\s(?:-{1,2}|[–—:])\s""",
    regex.VERBOSE,
)

Direction = Literal["forward", "backward", "both", "clause"]
CueClass = Literal["say", "report", "according", "cite", "quote", "passive", "owner", "from"]
Subject = Literal["any", "named", "agent"]


class AttributionError(ValueError):
    """attribution.toml cannot be loaded: the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Credit:
    """The wire or outlet credit of a whole document, verbatim, with its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Frame:
    """One attribution in a sentence: who (speaker), the cue, and what it covers.

    Offsets are document offsets. ``direction`` says where the governed text lies:
    after the cue ("X said ..."), before it ("..., X said."), on both sides ("...,
    X said, ..."), or in the cue's own clause (a passive, nobody named). ``lo``/``hi``
    is that stretch once every frame of the sentence is known; ``tier`` 1 marks weak
    frames (nobody named) that yield to any other.
    """

    cue: str
    cue_start: int
    cue_end: int
    cls: CueClass
    speaker: str | None
    speaker_start: int
    speaker_end: int
    attribution: str
    direction: Direction
    sentence: int = 0
    narrow: bool = False
    via: str | None = None
    in_relative: bool = False
    after_quote: bool = False
    lo: int = 0
    hi: int = 0
    tier: int = 0

    @property
    def start(self) -> int:
        return min(self.cue_start, self.speaker_start) if self.speaker else self.cue_start

    @property
    def end(self) -> int:
        return max(self.cue_end, self.speaker_end) if self.speaker else self.cue_end


# --- the data file -------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _lower_words(value: list[str]) -> list[str]:
    if any(not w.strip() or w != w.lower() for w in value):
        raise ValueError("words must be non-empty and lower-case")
    return value


class _CueSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    cls: CueClass = Field(alias="class")
    pattern: str = Field(min_length=1)
    subject: Subject = "any"


class _WordsSpec(_Strict):
    clause: list[str]
    auxiliaries: list[str]
    determiners: list[str]
    prepositions: list[str]
    participles: list[str]
    new_clause: list[str]
    continuing_verbs: str
    past_verbs: str
    tail_prepositions: list[str]
    continuations: str
    later_event: str
    reduced_passives: list[str]
    agent_nouns: list[str]
    name_particles: list[str]
    clause_openers: list[str]
    coordinators: list[str]
    relatives: list[str]
    shared_subject: list[str]
    passive_aux: list[str]
    participle_cues: list[str]
    boundaries: list[str]
    noun_cues: list[str]
    noun_cue_followers: list[str]
    counted_cues: list[str]
    number_words: list[str]
    titles: list[str]
    verbs: list[str]
    time_words: list[str]

    _check = field_validator(
        "clause",
        "auxiliaries",
        "determiners",
        "prepositions",
        "participles",
        "new_clause",
        "tail_prepositions",
        "reduced_passives",
        "agent_nouns",
        "name_particles",
        "clause_openers",
        "coordinators",
        "relatives",
        "shared_subject",
        "passive_aux",
        "participle_cues",
        "boundaries",
        "noun_cues",
        "noun_cue_followers",
        "counted_cues",
        "number_words",
        "titles",
        "verbs",
        "time_words",
    )(_lower_words)


class _PronounsSpec(_Strict):
    passage: int = Field(ge=0, le=20)
    person: list[str]
    plural: list[str]
    body: list[str]
    first_person: list[str]
    subjects: list[str]
    person_nouns: list[str]
    plural_nouns: list[str]

    _check = field_validator(
        "person", "plural", "body", "first_person", "subjects", "person_nouns", "plural_nouns"
    )(_lower_words)


class _CreditSpec(_Strict):
    trailing_wires: list[str] = Field(min_length=1)
    wires: list[str] = Field(min_length=1)
    dateline: str
    not_credit: str
    trailing: str


class _AttributionFile(_Strict):
    fragments: dict[str, str]
    cue: list[_CueSpec] = Field(min_length=1)
    words: _WordsSpec
    pronouns: _PronounsSpec
    credit: _CreditSpec


@dataclass(frozen=True, slots=True)
class _Cue:
    id: str
    cls: CueClass
    pattern: regex.Pattern[str]
    subject: Subject = "any"


@dataclass(frozen=True, slots=True)
class _Engine:
    """Everything attribution.toml says, compiled once."""

    cues: tuple[_Cue, ...]
    cue_gate: PatternGate  # which cues a sentence's words allow
    say_word: regex.Pattern[str]
    cite_word: regex.Pattern[str]
    from_word: regex.Pattern[str]
    when: regex.Pattern[str]
    continuing: regex.Pattern[str]
    verb_word: regex.Pattern[str]  # one word that reads as a verb ("left", "heard", "killed")
    continuation: regex.Pattern[str]
    later_event: regex.Pattern[str]
    as_saying: regex.Pattern[str]
    words: dict[str, frozenset[str]]
    person: frozenset[str]
    plural: frozenset[str]
    body: frozenset[str]
    first_person: frozenset[str]
    subjects: frozenset[str]
    pronouns: frozenset[str]  # person | plural | body
    person_nouns: frozenset[str]
    plural_nouns: frozenset[str]
    passage: int
    dateline: regex.Pattern[str]
    leading: regex.Pattern[str]
    not_credit: regex.Pattern[str]
    trailing: regex.Pattern[str]
    trailing_hint: re.Pattern[str]  # a cheap test that a trailing credit may be present
    aliases: AliasTable = field(repr=False)

    def __getattr__(self, name: str) -> frozenset[str]:
        # e.clause, e.aux...: the word lists of [words], by name
        try:
            return self.words[name]
        except KeyError:
            raise AttributeError(name) from None

    def stops(self, low: str) -> bool:
        """Whether a word ends a speaker phrase: a clause word or an auxiliary."""
        return low in self.words["clause"] or low in self.words["auxiliaries"]

    def stops_tok(self, tok: _Tok) -> bool:
        """:meth:`stops` for a token; an acronym ("WHO", "IS") is a name, never a stop."""
        return not _acronym(tok) and self.stops(tok.lower)


def _expand(source: str, fragments: dict[str, str], where: str) -> str:
    """Replace each {name} in ``source`` by its fragment, recursively."""

    def expand(text: str, stack: tuple[str, ...]) -> str:
        def repl(m: regex.Match[str]) -> str:
            name = m.group(1)
            if name not in fragments:
                raise AttributionError(f"{where}: unknown fragment {{{name}}}")
            if name in stack:
                raise AttributionError(f"{where}: fragment {{{name}}} loops")
            return "(?:" + expand(fragments[name], (*stack, name)) + ")"

        return _FRAGMENT_REF.sub(repl, text)

    return expand(source, ())


def _compile(source: str, where: str, *, empty_ok: bool = False) -> regex.Pattern[str]:
    try:
        compiled = compile_cached(source, FLAGS)
    except regex.error as exc:
        raise AttributionError(f"{where}: bad pattern: {exc}") from exc
    if not empty_ok and compiled.fullmatch("") is not None:
        raise AttributionError(f"{where}: the pattern matches the empty string")
    return compiled


def _alternation(names: Sequence[str], *, case: bool = True) -> str:
    """An alternation of literal names, longest first; case-sensitive unless ``case`` is
    False."""
    ordered = sorted(set(names), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(regex.escape, n.split())) for n in ordered)
    return f"(?-i:{body})" if case else f"(?i:{body})"


def _explain(exc: ValidationError, data: dict[str, object]) -> str:
    """Name the cue an error sits in, by its id."""
    parts = []
    cues = data.get("cue")
    for err in exc.errors():
        loc = list(err["loc"])
        label = ".".join(str(x) for x in loc)
        if (
            len(loc) >= 2
            and loc[0] == "cue"
            and isinstance(loc[1], int)
            and isinstance(cues, list)
            and loc[1] < len(cues)
            and isinstance(cues[loc[1]], dict)
        ):
            label = f"cue {cues[loc[1]].get('id', loc[1])}: " + ".".join(str(x) for x in loc[2:])
        parts.append(f"{label}: {err['msg']}")
    return "; ".join(parts)


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    """The built-in attribution.toml, read, validated and compiled once."""
    return compile_attribution(DATA / "attribution.toml")


def compile_attribution(path: Path | resources.abc.Traversable) -> _Engine:
    """Read, validate and compile an attribution file; errors name the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AttributionError(f"{path}: not valid TOML: {exc}") from exc
    try:
        spec = _AttributionFile.model_validate(data)
    except ValidationError as exc:
        raise AttributionError(f"{path}: {_explain(exc, data)}") from exc
    try:
        return _compile_engine(spec)
    except AttributionError as exc:
        raise AttributionError(f"{path}: {exc}") from exc


def _compile_engine(spec: _AttributionFile) -> _Engine:
    fragments = dict(spec.fragments)
    fragments["wires"] = _alternation(spec.credit.wires)
    fragments["wires_any_case"] = _alternation(spec.credit.wires, case=False)
    fragments["trailing_wires"] = _alternation(spec.credit.trailing_wires)
    cues: list[_Cue] = []
    for cue in spec.cue:
        where = f"cue {cue.id}"
        if any(c.id == cue.id for c in cues):
            raise AttributionError(f"{where}: id used twice")
        source = _expand(cue.pattern, fragments, where)
        _compile(source, where)  # on its own: it must not match the empty string
        cues.append(_Cue(cue.id, cue.cls, _compile(rf"\b(?:{source})\b", where), cue.subject))

    def joined(cls: str) -> regex.Pattern[str]:
        return _compile("|".join(f"(?:{c.pattern.pattern})" for c in cues if c.cls == cls), cls)

    w = spec.words
    words = {
        name: frozenset(getattr(w, name))
        for name in type(w).model_fields
        if isinstance(getattr(w, name), list)
    }
    words["aux"] = words["auxiliaries"]
    when = _expand("{when}", fragments, "fragments.when")
    verbs = _expand(w.continuing_verbs, fragments, "words.continuing_verbs")
    continuations = _expand(w.continuations, fragments, "words.continuations")
    pr = spec.pronouns
    cr = spec.credit
    return _Engine(
        cues=tuple(cues),
        cue_gate=PatternGate([c.pattern.pattern for c in cues]),
        say_word=joined("say"),
        cite_word=joined("cite"),
        from_word=joined("from"),
        when=_compile(rf"(?:\s*,?\s*(?:{when})(?:\b|(?<=\.)))*+", "fragments.when", empty_ok=True),
        continuing=_compile(rf"\s*and\s+(?:{verbs})", "words.continuing_verbs"),
        verb_word=_compile(rf"(?:{verbs}|{w.past_verbs})\Z", "words.past_verbs"),
        continuation=_compile(continuations, "words.continuations"),
        later_event=_compile(w.later_event, "words.later_event"),
        as_saying=_compile(r"\s*(?:as|when)\s+(?:saying|telling\s+\S+)\b", "as saying"),
        words=words,
        person=frozenset(pr.person),
        plural=frozenset(pr.plural),
        body=frozenset(pr.body),
        first_person=frozenset(pr.first_person),
        subjects=frozenset(pr.subjects),
        pronouns=frozenset(pr.person + pr.plural + pr.body),
        person_nouns=frozenset(pr.person_nouns),
        plural_nouns=frozenset(pr.plural_nouns),
        passage=pr.passage,
        dateline=_compile(_expand(cr.dateline, fragments, "credit.dateline"), "credit.dateline"),
        leading=_compile(
            rf"^(?P<credit>{fragments['wires']})\s*(?:-{{1,2}}|[–—:])\s", "credit.wires"
        ),
        not_credit=_compile(cr.not_credit, "credit.not_credit"),
        trailing=_compile(_expand(cr.trailing, fragments, "credit.trailing"), "credit.trailing"),
        # no \b before the names: the scan then skips to their first letters (2.5x
        # faster); a hint may over-match, the trailing pattern decides
        trailing_hint=re.compile(
            r"(?:" + "|".join(re.escape(w) for w in cr.trailing_wires) + r")"
            r"(?:\s+news\s+agency)?\s+(?:reported|said|reports|says)\b"
        ),
        aliases=load_aliases(),
    )


# --- tokens ----------------------------------------------------------------------------------

_TOKEN = regex.compile(
    r"""
    (?P<abbr>(?:\p{L}\.){2,}+)                                     # U.S.  U.N.  B.C.
    | (?P<num>\d++(?:[.,]\d++)*+(?:-[\p{L}\-]++)?+)                 # 9,000  12-year-old
    | (?P<word>[\p{L}\p{M}]++(?:['’\-&][\p{L}\p{M}\d]++)*+['’]?+)   # al-Qaeda  Kabul's
    | (?P<punct>[^\s\p{L}\p{M}\d]|\n)                               # a line break ends a phrase
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    kind: str  # word, num, punct

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def capital(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()


def _acronym(tok: _Tok) -> bool:
    """An all-capital word of two letters or more: "WHO", "HRANA", "U.N."."""
    return tok.kind == "word" and len(tok.text) > 1 and tok.text.isupper()


def _tokens(text: str, offset: int, titles: frozenset[str]) -> list[_Tok]:
    """Tokens of ``text`` in document offsets; "U.S." and "Sen." are one word each, and so
    is a name with its acronym in brackets, "Humanitarian Affairs (OCHA)"."""
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        start, end = m.start() + offset, m.end() + offset
        if kind == "abbr":
            kind = "word"
        if kind == "punct" and m.group() == "." and toks and toks[-1].is_word:
            prev = toks[-1]
            if prev.lower in titles and prev.end == start:
                toks[-1] = _Tok(prev.start, end, prev.text + ".", "word")
                continue
        if (
            kind == "word"
            and m.group() in ("s", "S")
            and len(toks) >= 2
            and toks[-1].text in ("'", "’")
            and toks[-1].end == start
            and toks[-2].is_word
            and toks[-1].start == toks[-2].end + 1
            and text[toks[-2].end - offset] == " "
        ):
            # wire copy that spaces the possessive, "Chalabi 's spokesman": one word
            prev = toks[-2]
            toks[-2:] = [_Tok(prev.start, end, text[prev.start - offset : end - offset], "word")]
            continue
        if (
            m.group() == ")"
            and len(toks) >= 3
            and toks[-1].is_word
            and toks[-1].text.isupper()
            and 2 <= len(toks[-1].text) <= 10
            and toks[-2].text == "("
            and toks[-3].is_word
            and toks[-3].capital
            and toks[-2].start - toks[-3].end <= 1
        ):
            # a name and its acronym in brackets: "Humanitarian Affairs (OCHA)"
            prev = toks[-3]
            toks[-3:] = [_Tok(prev.start, end, text[prev.start - offset : end - offset], "word")]
            continue
        toks.append(_Tok(start, end, m.group(), kind))
    return toks


def _index_at(toks: Sequence[_Tok], pos: int) -> int:
    """Index of the first token that starts at or after ``pos``."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


@dataclass(slots=True)
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    toks: list[_Tok]
    body: int  # index of the first token after a dateline

    def slice(self, start: int, end: int) -> str:
        return self.text[start - self.start : end - self.start]

    def at(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None


def _sentence(e: _Engine, text: str, spans: Sequence[Span], index: int) -> _Sentence:
    span = spans[index]
    toks = _tokens(text[span.start : span.end], span.start, e.titles)
    body = 0
    if index == 0:
        m = e.dateline.match(text) or _BARE_DATELINE.match(text)
        body = _index_at(toks, m.end()) if m else 0
    clock = _CLOCK.match(
        text, span.start + (toks[body].start - span.start if body < len(toks) else 0)
    )
    if clock is not None:  # a live blog's entry time: "17:55 BST – The ministry says ..."
        body = _index_at(toks, clock.end())
    return _Sentence(index, span.start, span.end, text[span.start : span.end], toks, body)


# --- speaker phrases ------------------------------------------------------------------------


class _Phrase(NamedTuple):
    text: str
    start: int
    end: int


def _possessive(tok: _Tok) -> bool:
    return tok.lower.endswith(("'s", "’s", "s'", "s’"))


def _is_verb_like(e: _Engine, tok: _Tok) -> bool:
    """A lower-case -ed or -ing word that is not a known participle: likely a verb. A
    hyphenated -ed word is an adjective ("the state-funded commission", "Iran-backed")."""
    low = tok.lower
    return (
        not tok.capital
        and low.endswith(("ed", "ing"))
        and len(low) > 4
        and low not in e.participles
        and not ("-" in low and low.endswith("ed"))
    )


def _scan_back(e: _Engine, toks: list[_Tok], j: int, floor: int) -> tuple[int, bool]:
    """Read a speaker phrase backward from token ``j``: (first index, reached a boundary).

    The phrase is toks[first : j + 1], empty when first > j. The flag tells whether the
    scan stopped at punctuation or the sentence start (a clean boundary) rather than at
    a word that cannot belong to a speaker. A determiner opens the phrase unless a
    preposition stands before it ("the spokesman for the governor").
    """
    first = j + 1
    i = j
    while i >= floor:
        t = toks[i]
        if not t.is_word:
            return first, t.kind == "punct"
        low = t.lower
        if low in e.coordinators:
            # "police and hospital officials": only if the part before is a clean phrase
            if first > j:
                return first, False
            k, clean = _scan_back(e, toks, i - 1, floor)
            if clean and k <= i - 1 and not _has_stop(e, toks, k, i):
                return k, True
            return first, False
        if e.stops_tok(t) or (low in e.pronouns and i != j and not _acronym(t)):
            return first, False
        before = toks[i - 1] if i - 1 >= floor else None
        if low in e.determiners:
            if t.capital or first <= j or i == j:
                first = i
            if (
                before is not None
                and before.is_word
                and (before.lower in e.coordinators or before.lower in e.prepositions)
            ):
                i -= 1
                continue
            return first, before is None or not before.is_word
        if low in e.prepositions:
            if first > j or before is None or not before.is_word:
                return first, False
            if e.stops(before.lower) or before.lower in e.prepositions:
                return first, False
            i -= 1
            continue
        after = toks[i + 1] if i + 1 <= j else None
        if _is_verb_like(e, t) and not (
            after is not None and after.lower in e.prepositions and first <= i + 1
        ):
            return first, False
        first = i
        i -= 1
    return first, True


def _has_stop(e: _Engine, toks: list[_Tok], a: int, b: int) -> bool:
    return any(e.stops(toks[k].lower) or _is_verb_like(e, toks[k]) for k in range(a, b))


def _attributive_ing(e: _Engine, toks: list[_Tok], k: int, ceiling: int) -> bool:
    """Whether the -ing word toks[k], after an article, is an adjective before its noun: "the
    mountaineering department", "the ruling party" (not "the bombing left 12 people dead",
    "the meeting heard that ...": there the next word is a verb)."""
    t = toks[k]
    if not t.lower.endswith("ing") or toks[k - 1].lower not in e.determiners:
        return False
    nxt = toks[k + 1] if k + 1 < ceiling else None
    if nxt is None or not nxt.is_word:
        return False
    low = nxt.lower
    if e.stops(low) or low in e.prepositions or low in e.clause or low in e.verbs:
        return False
    if _is_verb_like(e, nxt) or (e.verb_word.match(low) and not nxt.capital):
        return False
    after = toks[k + 2] if k + 2 < ceiling else None
    # a verb's object follows the verb: "left 12 people", "heard that"
    return after is None or not (
        after.kind == "num" or after.lower in e.determiners or after.lower == "that"
    )


def _scan_forward(
    e: _Engine, toks: list[_Tok], i: int, ceiling: int, *, strict: bool = False
) -> int:
    """Read a speaker phrase forward from token ``i``; returns the index after its end.

    ``strict`` (for a sentence's subject) also stops at participles: "Police released ...".
    """
    end = i
    k = i
    while k < ceiling:
        t = toks[k]
        if not t.is_word:
            break
        low = t.lower
        nxt = toks[k + 1] if k + 1 < ceiling else None
        joins = nxt is not None and nxt.is_word and nxt.lower not in e.clause
        if low in e.coordinators or (low in e.prepositions and not t.capital):
            if not joins:
                break
            k += 1
            continue
        if low in e.time_words and k > i and toks[k - 1].lower in e.determiners:
            k += 1  # a time word after an article is an adjective: "a later study by X"
            end = k
            continue
        # (a verb's form after an article is a noun: "according to a list drawn up by ...";
        # auxiliaries and speech verbs still end the phrase, by e.stops and say_word)
        noun = k > i and low in e.verbs and toks[k - 1].lower in ("a", "an", "the")
        if not _acronym(t) and (
            e.stops(low) or low in e.pronouns or (low in e.verbs and not noun) or low == "as"
        ):
            break
        if e.say_word.fullmatch(t.text):
            break
        # an -ing word between an article and a noun is an adjective: "the mountaineering
        # department", "the ruling party" (but "the army killing ...", "police releasing")
        attributive = k > i and _attributive_ing(e, toks, k, ceiling)
        if (
            k > i
            and not attributive
            and (
                _is_verb_like(e, t)
                or (strict and not t.capital and low.endswith(("ed", "es")) and "-" not in low)
            )
        ):
            break
        k += 1
        end = k
    return end


def _trim(e: _Engine, toks: list[_Tok], a: int, b: int) -> tuple[int, int]:
    """Drop time words and joining words from both ends of the phrase toks[a:b]."""

    def loose(t: _Tok) -> bool:
        low = t.lower
        return (
            low in e.time_words
            or low in e.prepositions
            or low in e.coordinators
            or low in e.determiners
        )

    while b > a and loose(toks[b - 1]):
        b -= 1
    while a < b and (
        toks[a].lower in e.coordinators or toks[a].lower in e.new_clause or not toks[a].is_word
    ):
        a += 1
    while a < b - 1 and toks[a].lower in e.time_words and not toks[a].capital:
        a += 1  # "yesterday police said"
    return a, b


def _phrase(s: _Sentence, a: int, b: int) -> _Phrase | None:
    if a >= b:
        return None
    start, end = s.toks[a].start, s.toks[b - 1].end
    return _Phrase(s.slice(start, end), start, end)


def _forward_phrase(e: _Engine, s: _Sentence, i: int, *, strict: bool = False) -> _Phrase | None:
    end = _scan_forward(e, s.toks, i, len(s.toks), strict=strict)
    return _phrase(s, *_trim(e, s.toks, i, end))


def _lenient_ok(e: _Engine, toks: list[_Tok], a: int, b: int) -> bool:
    """Whether toks[a:b] may open a speaker phrase that follows a comma."""
    for k in range(a, b):
        t = toks[k]
        if not t.is_word:
            return False
        low = t.lower
        if (e.stops(low) and low not in e.coordinators) or low in e.pronouns:
            return False
        if _is_verb_like(e, t) and not (k + 1 < len(toks) and toks[k + 1].capital):
            return False
    return True


def _speaker_before(e: _Engine, s: _Sentence, cue_index: int) -> _Phrase | None:
    """The speaker phrase that ends right before token ``cue_index``."""
    j = cue_index - 1
    if j < s.body:
        return None
    t = s.toks[j]
    if t.is_word and t.lower in e.pronouns:
        return _Phrase(t.text, t.start, t.end)
    toks = s.toks
    if (
        t.text == ")"
        and j - 2 > s.body
        and toks[j - 2].text == "("
        and toks[j - 1].is_word
        and toks[j - 1].text[:1].isupper()
    ):
        # "The Institute of Forensic Technology (Itep) said": the name before its acronym
        inner = _speaker_before(e, s, j - 2)
        if inner is not None:
            return _Phrase(s.slice(inner.start, t.end), inner.start, t.end)
    first, clean = _scan_back(e, s.toks, j, s.body)
    if not clean and first <= j:
        # right after a comma, at the end of a sentence: the whole stretch, when it reads
        # as one phrase ("..., a report published Friday in a journal said.")
        k = first - 1
        while k >= s.body and s.toks[k].kind != "punct" and j - k < 18:
            k -= 1
        boundary = k < s.body or s.toks[k].text in ",;:—–-("
        if boundary and _lenient_ok(e, s.toks, k + 1, first) and _follows(s, cue_index) != "text":
            first, clean = k + 1, True
        elif boundary:
            # "..., a witness who saw the body carried down told Reuters": the head before
            # the relative clause is the speaker
            rel = next((r for r in range(k + 2, first) if s.toks[r].lower in ("who", "that")), None)
            if rel is not None:
                head, head_clean = _scan_back(e, s.toks, rel - 1, k + 1)
                if head_clean and head == k + 1:
                    return _phrase(s, *_trim(e, s.toks, head, rel))
    a, b = _trim(e, s.toks, first, j + 1)
    phrase = _phrase(s, a, b)
    if phrase is None:
        return None
    if not clean and s.toks[a].lower in e.number_words:
        return None  # "kidnapped two journalists said": the verb's object, not a speaker
    return phrase


def _before_aside(e: _Engine, s: _Sentence, comma: int) -> _Phrase | None:
    """For "X, speaking on condition of anonymity, said", "X, a police spokesman, said" or
    "X, spokesman for the ministry, said": the speaker before an aside set off by commas
    (token ``comma`` closes it)."""
    toks = s.toks
    k = comma - 1
    while k >= s.body and toks[k].kind != "punct" and comma - k <= 24:
        k -= 1
    if k <= s.body or toks[k].text != "," or k + 1 >= comma:
        return None
    opener = toks[k + 1]
    aside = (
        opener.lower in e.relatives
        or opener.lower in e.determiners
        or _possessive(opener)  # "X, Ukraine's interior minister, said"
        or opener.lower in e.participles
        or opener.lower.endswith("ing")
        # "X, in a radio interview on Monday, put the toll at ..."
        or (opener.lower in e.prepositions and not opener.capital)
        # "X, quoted by the Tass news agency, said ..."
        or (opener.lower.endswith("ed") and k + 2 < comma and toks[k + 2].lower == "by")
        # "X, home to the national burns unit, said ..."
        or (opener.lower == "home" and k + 2 < comma and toks[k + 2].lower == "to")
        # a role without an article: "spokesman for ...", "deputy head of ..."
        or opener.lower in e.person_nouns
        or (k + 2 < comma and toks[k + 2].lower in e.person_nouns)
    )
    name = not aside and _is_name(e, toks[k + 1 : comma])
    if not (aside or name):
        return None
    first, clean = _scan_back(e, toks, k - 1, s.body)
    if not clean:
        return None
    a, b = _trim(e, toks, first, k)
    if name:
        # "The province's police chief, Ali Karimi, said": the title and the name
        title = _phrase(s, a, b)
        if title is None or b != k or not _names_a_speaker(e, title.text):
            return None
        return _phrase(s, a, comma)
    return _phrase(s, a, b)


def _is_name(e: _Engine, toks: Sequence[_Tok]) -> bool:
    """Whether the tokens are a personal name: capitalised words, with particles inside
    ("Abdul Nafy Takor", "Ursula von der Leyen", "Mohammed al-Hassan")."""

    def particle(t: _Tok) -> bool:
        return t.is_word and t.lower.split("-", 1)[0] in e.name_particles

    if not 1 <= len(toks) <= 6 or not toks[0].capital:
        return False
    last = toks[-1]
    if not (last.capital or (particle(last) and "-" in last.text)):
        return False
    return all(t.capital or particle(t) for t in toks)


def _names_a_speaker(e: _Engine, text: str) -> bool:
    """Whether a phrase names a kind of speaker: a known alias or kind, or a person noun."""
    match = e.aliases.lookup(text)
    words = text.split()
    for k, word in enumerate(words):
        if k and word.lower() in e.prepositions:
            words = words[:k]  # "the regional commissioner for Mwanza": head "commissioner"
            break
    head = _POSSESSIVE_END.sub("", words[-1].lower())
    return bool(match.name or match.kind or head in e.person_nouns)


def _antecedent(e: _Engine, s: _Sentence, rel_index: int) -> _Phrase | None:
    """For "X, which says ...": the phrase before the relative word at ``rel_index``."""
    j = rel_index - 1
    if j >= s.body and s.toks[j].text == ",":
        j -= 1
    if j < s.body:
        return None
    first, _ = _scan_back(e, s.toks, j, s.body)
    return _phrase(s, *_trim(e, s.toks, first, j + 1))


def _subject(e: _Engine, s: _Sentence, before: int) -> _Phrase | None:
    """The phrase that opens the sentence, if it ends before ``before``."""
    i = s.body
    while i < len(s.toks) and not s.toks[i].is_word:
        i += 1
    # an opening adverbial is no subject: "In Kyrgyzstan, the ministry put ... and said"
    if i < len(s.toks) and s.toks[i].lower in e.prepositions:
        k = i + 1
        while k < len(s.toks) and k - i <= 6 and s.toks[k].text not in ",;:.":
            k += 1
        if k < len(s.toks) and s.toks[k].text == "," and s.toks[k].start < before:
            i = k + 1
    phrase = _forward_phrase(e, s, i, strict=True)
    return phrase if phrase is not None and phrase.end < before else None


def _plausible(e: _Engine, speaker: str) -> bool:
    """Whether a phrase names a possible source: a known alias, a kind, or a capital."""
    match = e.aliases.lookup(speaker)
    return bool(match.name or match.kind or any(w[:1].isupper() for w in speaker.split()))


def _cut_venue(e: _Engine, s: _Sentence, ph: _Phrase) -> _Phrase:
    """A speaker read after its cue without the venue or time that closes the sentence:
    "..., said Mayor Jan Novak on Facebook." gives "Mayor Jan Novak". The cut is made at
    a time adverbial or venue ("on its website", "on Telegram") or after a personal name
    ("said John Smith in Geneva"), never inside a plain post-modifier ("officials in the
    province")."""
    toks = s.toks
    a, b = _index_at(toks, ph.start), _index_at(toks, ph.end)
    for p in range(a + 1, b):
        t = toks[p]
        if not (t.is_word and t.lower in e.tail_prepositions):
            continue
        venue = _skip_when(e, s, t.start) > t.start
        name = p - a >= 2 and toks[p - 1].capital and toks[p - 2].capital
        if not (venue or name):
            continue
        end = toks[p - 1].end
        if _skip_tail(e, s, end) > end and _follows_pos(s, _skip_tail(e, s, end)) != "text":
            return _Phrase(s.slice(ph.start, end), ph.start, end)
    return ph


def _after_noun(e: _Engine, s: _Sentence, i: int) -> bool:
    """Whether token ``i`` follows a figure or a noun, so that a participle there reads as
    a passive ("12 reported", "deaths reported")."""
    prev = s.at(i - 1) if i - 1 >= s.body else None
    return prev is not None and (
        prev.kind == "num" or (prev.is_word and not e.stops_tok(prev) and not prev.capital)
    )


def _may_speak(e: _Engine, s: _Sentence, speaker: _Phrase, level: Subject, after: int) -> bool:
    """Whether a phrase may be the subject of a cue that is speech only with a person or an
    organisation as its subject (``subject = "named"`` or ``"agent"`` in attribution.toml).

    A pronoun, a phrase with a known alias or kind, an acronym, or one whose head is an
    organisation noun ("the agency", "the monitor": ``[words] agent_nouns``) may; for
    ``named`` also any capitalised word ("Haaretz", "Italy") or a phrase that opens with
    a determiner ("the outlet"), but not a bare noun ("up from 99 deaths reported"). A
    cue followed by "that" takes anyone.
    """
    opener = s.at(_index_at(s.toks, after))
    if opener is not None and opener.lower == "that":
        return True
    if speaker.text.lower() in e.pronouns:
        return True
    match = e.aliases.lookup(speaker.text)
    if match.name or match.kind:
        return True
    toks = s.toks[_index_at(s.toks, speaker.start) : _index_at(s.toks, speaker.end)]
    if any(_acronym(t) for t in toks):
        return True  # "the SIA", "HRANA"
    head = [t for t in toks if t.is_word]
    for k, t in enumerate(head):
        if k and t.lower in e.prepositions:
            head = head[:k]  # "the agency for refugees": head "agency"
            break
    if head and _POSSESSIVE_END.sub("", head[-1].lower) in e.agent_nouns:
        return True
    return level == "named" and (
        any(t.capital for t in toks) or (bool(toks) and toks[0].lower in e.determiners)
    )


def _attribution_of(e: _Engine, speaker: str) -> str:
    """``stated``, or ``reported`` when every speaker named is a media outlet or report."""
    kinds = [e.aliases.lookup(part).kind for part in speaker_parts(speaker)]
    return "reported" if kinds and all(k == "media" for k in kinds) else "stated"


# --- where a cue stands in its sentence -------------------------------------------------------


def _at_clause_start(s: _Sentence, i: int) -> bool:
    """Whether token ``i`` opens a clause: sentence start, after a dateline or punctuation."""
    return i <= s.body or s.toks[i - 1].kind == "punct"


def _skip_when(e: _Engine, s: _Sentence, pos: int) -> int:
    """The position after ``pos`` and the time adverbials that follow ("said on Tuesday")."""
    m = e.when.match(s.text, pos - s.start)
    return s.start + m.end() if m else pos


def _skip_tail(e: _Engine, s: _Sentence, pos: int) -> int:
    """The position after ``pos``, its time adverbials and the prepositional phrases that
    run from there to the end of the sentence or to a comma ("said on Telegram", "said on
    Wednesday in its latest update", "told a news conference in Kyiv"). When the phrases
    do not reach such an end (a clause or a figure follows), only the time adverbials are
    skipped."""
    after = _skip_when(e, s, pos)
    toks = s.toks
    k = _index_at(toks, after)
    # a time adverbial may end inside a noun phrase ("on the Telegram | messaging app")
    in_phrase = k > 0 and toks[k - 1].is_word and after > pos
    n = int(in_phrase)  # words of the current phrase
    while k < len(toks):
        t = toks[k]
        if not t.is_word:
            if t.text in "-'’&" and n:  # "Al-Arabiya", "Women's"
                k += 1
                continue
            break
        low = t.lower
        if low in e.tail_prepositions and (n or not in_phrase):
            in_phrase, n = True, 0  # a new phrase: "in a post | on Telegram"
            k += 1
            continue
        if (not in_phrase and low not in e.participles and not _is_verb_like(e, t)) or n >= 8:
            return after
        if e.stops(low) or low in e.pronouns or low in e.number_words:
            return after
        if _is_verb_like(e, t) or (not in_phrase and low in e.participles):
            prev = toks[k - 1]
            nxt = s.at(k + 1)
            # "its updated report", "the Telegram messaging app", "after meeting rescuers",
            # "in a statement carried by the agency", "said in a statement | published on"
            attributive = prev.lower in e.determiners or (
                low.endswith("ing") and (prev.capital or (in_phrase and n == 0))
            )
            modifier = (
                not low.endswith("ing")
                and prev.is_word
                and nxt is not None
                and (nxt.lower in e.tail_prepositions or nxt.lower == "by")
            )
            if not (attributive or modifier):
                return after
            in_phrase = True
        k += 1
        n += 1
        nxt = _skip_when(e, s, t.end)
        if nxt > t.end:  # "in a post on Sunday"
            k = _index_at(toks, nxt)
    if not in_phrase or n == 0:
        return after
    end = toks[k - 1].end
    return end if _follows_pos(s, end) in ("end", "comma") else after


def _follows(s: _Sentence, i: int) -> str:
    """What follows token ``i`` (or a position): "end", "comma" or "text"."""
    pos = s.toks[i].start if i < len(s.toks) else s.end
    return _follows_pos(s, pos)


def _follows_pos(s: _Sentence, pos: int) -> str:
    rest = s.text[pos - s.start :].lstrip().lstrip(_CLOSE_QUOTES).lstrip()
    if not rest or rest[0] in ".;!?)":
        return "end"
    if rest[0] in ",:—–-":
        return "comma"
    return "text"


def _parenthetical(e: _Engine, s: _Sentence, pos: int) -> Direction:
    """A ", X said," frame covers what comes after too, unless a new clause begins there."""
    rest = s.text[pos - s.start :].lstrip().lstrip(",").lstrip(_CLOSE_QUOTES).lstrip()
    first = rest.split(None, 1)[0].lower().strip(",.;") if rest.split() else ""
    if e.later_event.match(rest):
        return "backward"  # "..., police said, a day after a car bomb killed 17"
    if first in e.new_clause:
        # "..., police said, and two dozen of them were still held": the report goes on
        if first == "and" and (e.continuing.match(rest) or e.continuation.match(rest)):
            return "both"
        # "..., police said, with 40 others injured": the figures added to the report
        return "both" if first == "with" and e.continuation.match(rest) else "backward"
    return "both"


def _in_relative(e: _Engine, s: _Sentence, pos: int) -> bool:
    """Whether ``pos`` follows ", which" or ", who": a relative clause set off by commas,
    whose frame ends at the next comma."""
    i = _index_at(s.toks, pos)
    return i >= 2 and s.toks[i - 1].lower in e.relatives and s.toks[i - 2].text == ","


def _cue_matches(e: _Engine, s: _Sentence) -> list[tuple[int, int, _Cue]]:
    """Every cue in the sentence, overlaps resolved (earlier, then longer, wins)."""
    cues = e.cues
    found = [
        (m.start() + s.start, m.end() + s.start, cues[i])
        for i in e.cue_gate.possible(s.text)
        for m in cues[i].pattern.finditer(s.text)
    ]
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int, _Cue]] = []
    last_end = -1
    for start, end, cue in found:
        if start < last_end:
            continue
        i = _index_at(s.toks, start)
        tok = s.at(i)
        opening = i <= s.body and cue.cls in ("according", "owner", "from", "passive")
        if (
            tok is not None
            and tok.capital
            and not opening
            and (not _at_clause_start(s, i) or i <= s.body)
        ):
            continue  # "United States", a headline's "Says": a name, not a cue
        before = s.at(i - 1) if i > s.body else None
        if (
            tok is not None
            and tok.lower in e.counted_cues
            and before is not None
            and (before.kind == "num" or before.lower in e.number_words)
        ):
            continue  # "in three states", "two reports": a counted noun, not a verb
        if cue.cls == "report" and s.slice(start, end).lower() in e.noun_cues:
            nxt = s.at(_index_at(s.toks, end))
            if nxt is None or not (nxt.kind == "num" or nxt.lower in e.noun_cue_followers):
                continue  # "initial reports indicated", "media reports said"
        kept.append((start, end, cue))
        last_end = end
    return kept


# --- frames -------------------------------------------------------------------------------------


def frames_of(
    text: str, sentences: Sequence[Span], index: int, credit: Credit | None = None
) -> list[Frame]:
    """The attribution frames of sentence ``index``, with their scopes, in document offsets."""
    return _frames(_engine(), text, sentences, index, credit)


def _frames(
    e: _Engine, text: str, spans: Sequence[Span], index: int, credit: Credit | None
) -> list[Frame]:
    s = _sentence(e, text, spans, index)
    matches = _cue_matches(e, s)
    frames: list[Frame] = []
    consumed: set[int] = set()  # cues read as part of a chain
    for n, (start, end, cue) in enumerate(matches):
        if start in consumed:
            continue
        previous = frames[-1] if frames else None
        frame = _frame(e, s, start, end, cue, matches[n + 1 :], consumed, previous)
        if frame is None:
            continue
        if (
            credit is not None
            and frame.speaker
            and (frame.speaker_start < credit.end and credit.start < frame.speaker_end)
        ):
            continue  # the document's credit is not a claim's source
        frames.append(replace(frame, sentence=index))
    return _scopes(e, s, frames)


def _frame(
    e: _Engine,
    s: _Sentence,
    start: int,
    end: int,
    cue: _Cue,
    later: list[tuple[int, int, _Cue]],
    consumed: set[int],
    previous: Frame | None = None,
) -> Frame | None:
    """Read the frame a cue opens: its speaker, chain and direction."""
    ci = _index_at(s.toks, start)
    ce = _index_at(s.toks, end)
    cue_text = s.slice(start, end)
    if cue.cls == "passive":
        return Frame(
            cue_text, start, end, "passive", None, start, start, "reported", "clause", tier=1
        )
    if cue.cls in ("according", "cite", "from"):
        return _speaker_after_frame(e, s, start, end, cue, ci, ce)
    if cue.cls == "owner":
        return _owner_frame(e, s, start, end, cue_text, ci)
    if cue.cls == "quote":
        return _quote_frame(e, s, start, end, cue_text, ci, ce)
    return _speech_frame(e, s, start, end, cue, ci, ce, later, consumed, previous)


def _speaker_after_frame(
    e: _Engine, s: _Sentence, start: int, end: int, cue: _Cue, ci: int, ce: int
) -> Frame | None:
    """ "according to X", "citing X", "figures from X": the speaker follows the cue."""
    ph = _forward_phrase(e, s, ce)
    if ph is None or (cue.cls == "from" and not _plausible(e, ph.text)):
        return None
    m = e.from_word.match(s.text, ph.start - s.start) if cue.cls != "from" else None
    if m is not None:
        # "according to figures from the health ministry": the ministry gives the figures
        ph = _forward_phrase(e, s, _index_at(s.toks, s.start + m.end())) or ph
    after = _skip_tail(e, s, ph.end)
    direction: Direction
    if cue.cls == "from":
        direction = "both"
    elif ci <= s.body:
        direction = "forward"  # "According to X, ..."
    elif _follows_pos(s, after) == "end":
        direction = "backward"
    else:
        direction = _parenthetical(e, s, after)
    label = "citing" if cue.cls == "cite" else s.slice(start, end)
    return Frame(label, start, end, cue.cls, ph.text, ph.start, ph.end, "according_to", direction)


def _owner_frame(
    e: _Engine, s: _Sentence, start: int, end: int, cue_text: str, ci: int
) -> Frame | None:
    """ "X's latest count", "by X's figures": the possessor gives the figures."""
    if ci == 0 or not _possessive(s.toks[ci - 1]):
        return None
    first, _ = _scan_back(e, s.toks, ci - 1, s.body)
    ph = _phrase(s, *_trim(e, s.toks, first, ci))
    if ph is None:
        return None
    speaker = _POSSESSIVE_END.sub("", ph.text)
    return Frame(
        cue_text, start, end, "owner", speaker, ph.start, ph.start + len(speaker),
        "according_to", "both",
    )  # fmt: skip


class _Speaker(NamedTuple):
    """Who a speech cue names, and how: the phrase, the end of the frame's own words,
    and for a chain the intermediary and the chain's cue."""

    phrase: _Phrase
    after: int
    via: str | None = None
    label: str | None = None


def _speech_speaker(
    e: _Engine,
    s: _Sentence,
    end: int,
    cue_text: str,
    ci: int,
    ce: int,
    previous: Frame | None,
) -> _Speaker | None:
    """The speaker of a say or report cue, tried in turn: after the cue ("..., said
    police."), right before it, before a "citing" chain or an aside, the antecedent of a
    relative ("X, which says"), the speaker going on ("..., adding that"), or the subject
    the verbs share ("Police arrested two men and said")."""
    prev = s.at(ci - 1) if ci - 1 >= s.body else None
    nxt = s.at(ce)
    after = _skip_tail(e, s, end)
    if (
        prev is not None
        and (prev.text in ",;" or prev.text in _CLOSE_QUOTES)
        and (nxt is not None and nxt.is_word)
        # "..., told reporters in the capital.": a place, no speaker after the cue
        and not (nxt.lower in e.prepositions and not nxt.capital)
    ):
        ph = _forward_phrase(e, s, ce)
        ph = _cut_venue(e, s, ph) if ph is not None else None
        if (
            ph is not None
            and _follows_pos(s, _skip_tail(e, s, ph.end)) in ("end", "comma")
            and not _clause_like(e, s, ph, cue_text)
        ):
            return _Speaker(ph, _skip_tail(e, s, ph.end))
    ph = _speaker_before(e, s, ci)
    if ph is not None:
        return _Speaker(ph, after)
    if prev is None:
        return None
    comma = prev.text == ","
    if comma:
        chain = _chain_before(e, s, ci - 1)  # "Y, citing X, said"
        if chain is not None:
            return _Speaker(chain[0], after, via=chain[1].text, label=chain[2])
        ph = _before_aside(e, s, ci - 1)  # "X, speaking on condition of anonymity, said"
        if ph is not None:
            relay = _QUOTED_BY.fullmatch(s.slice(ph.end, prev.start))
            if relay is not None:  # "X, quoted by the Tass news agency, said": via Tass
                return _Speaker(ph, after, via=relay.group("via"), label=relay.group("cue"))
            return _Speaker(ph, after)
    if prev.lower in e.relatives:
        ph = _antecedent(e, s, ci - 1)  # "X, which says ..."
        return _Speaker(ph, after) if ph is not None else None
    participle = comma and cue_text.lower() in e.participle_cues
    if (
        participle
        and previous is not None
        and previous.speaker is not None
        and not s.slice(_skip_when(e, s, previous.end), prev.start).strip()
    ):
        # "..., the ministry said, adding that ...": the same speaker goes on
        ph = _Phrase(previous.speaker, previous.speaker_start, previous.speaker_end)
        return _Speaker(ph, after)
    if participle or prev.lower in e.shared_subject:
        ph = _subject(e, s, prev.start)  # "Police arrested two men and said ..."
        return _Speaker(ph, after) if ph is not None else None
    return None


def _clause_like(e: _Engine, s: _Sentence, ph: _Phrase, cue_text: str) -> bool:
    """Whether a phrase after a cue is the reported clause or object, not a speaker: "X,
    in a statement, said three people died" (a figure and a verb), "X, in a statement,
    confirmed three deaths" (a figure after a verb that takes an object), not "..., said
    police" or "..., said two officers"."""
    toks = s.toks[_index_at(s.toks, ph.start) : _index_at(s.toks, ph.end)]
    words = [t for t in toks if t.is_word]
    if len(words) < 2:
        return False
    counted = [t.kind == "num" or t.lower in e.number_words for t in toks]
    if counted[0] and not cue_text.lower().endswith(("said", "says", "say")):
        return True
    return any(counted) and any(_is_verb_like(e, t) or t.lower in _CLAUSE_VERBS for t in words[1:])


# verbs of the reported clause, for _clause_like
_CLAUSE_VERBS = frozenset({
    "were", "was", "are", "is", "have", "has", "had",
    "died", "dead", "hurt", "fled", "remain", "remains", "remained",
})  # fmt: skip


def _speech_frame(
    e: _Engine,
    s: _Sentence,
    start: int,
    end: int,
    cue: _Cue,
    ci: int,
    ce: int,
    later: list[tuple[int, int, _Cue]],
    consumed: set[int],
    previous: Frame | None,
) -> Frame | None:
    """A say or report cue: its speaker, a chain after it, and the way it points."""
    toks = s.toks
    cue_text = s.slice(start, end)
    found = _speech_speaker(e, s, end, cue_text, ci, ce, previous)
    if found is None and cue_text.lower() in e.reduced_passives and _after_noun(e, s, ci):
        # "up from 12 reported a day earlier": a passive, nobody named
        return Frame(
            cue_text, start, end, "passive", None, start, start, "reported", "clause", tier=1
        )
    if found is None or found.phrase.text.lower() in e.first_person:
        return None  # "We counted 210 bodies," an official said: the quote's speaker gives it
    speaker, after, via, label = found.phrase, found.after, found.via, found.label or cue_text
    if cue.subject != "any" and not _may_speak(e, s, speaker, cue.subject, after):
        if cue_text.lower() in e.reduced_passives:
            # "up from 99 deaths reported last week": a passive, nobody named
            return Frame(
                cue_text, start, end, "passive", None, start, start, "reported", "clause", tier=1
            )
        return None  # "Monsoon floods have claimed ...", "Peru recorded ..."
    inside = toks[_index_at(toks, speaker.start) : _index_at(toks, speaker.end)]
    if any(t.kind == "num" for t in inside):
        return None  # a phrase with digits in it is not a speaker
    follows = _follows_pos(s, after)
    if follows == "comma":
        # "Y reported, quoting X": the chain follows the cue
        for cstart, cend, ccue in later:
            if ccue.cls != "cite" or not regex.fullmatch(r"\s*,\s*", s.slice(after, cstart)):
                continue
            ph = _forward_phrase(e, s, _index_at(toks, cend))
            if ph is not None:
                consumed.add(cstart)
                via, label = speaker.text, s.slice(cstart, cend)
                speaker, after = ph, _skip_tail(e, s, ph.end)
                follows = _follows_pos(s, after)
            break
    si = _index_at(toks, speaker.start)
    narrow = False
    direction: Direction
    if follows == "end":
        direction = "backward"
    elif follows == "comma" and (
        speaker.start > start or (si > s.body and _at_clause_start(s, si))
    ):
        direction = _parenthetical(e, s, after)  # "..., police said, ..."
    else:
        direction = "forward"
        if cue.cls == "report":
            # "confirmed the death of ..." covers its object; "claimed (that) they ..." more
            opener = s.at(_index_at(toks, after))
            narrow = opener is None or not (
                opener.lower in e.clause_openers or opener.lower in e.subjects
            )
    first = min(speaker.start, start)
    before = s.text[: first - s.start].rstrip().rstrip(",")
    return Frame(
        label,
        start,
        end,
        cue.cls,
        speaker.text,
        speaker.start,
        speaker.end,
        "quoted" if via else _attribution_of(e, speaker.text),
        direction,
        narrow=narrow,
        via=via,
        in_relative=_in_relative(e, s, first) or _in_relative(e, s, start),
        after_quote=direction != "forward" and before[-1:] in _CLOSE_QUOTES,
    )


_QUOTED_BY = regex.compile(r"\s*,\s*(?P<cue>(?:quoted|cited)\s+by)\s+(?P<via>.+?)\s*")


def _chain_before(e: _Engine, s: _Sentence, comma: int) -> tuple[_Phrase, _Phrase, str] | None:
    """For "Y, citing X, said": (X, Y, cue) when token ``comma`` closes a citing phrase."""
    toks = s.toks
    k = comma - 1
    while k >= s.body and toks[k].kind != "punct":
        k -= 1
    if k < s.body + 1 or toks[k].text != "," or not e.cite_word.fullmatch(toks[k + 1].text):
        return None
    x = _phrase(s, *_trim(e, toks, k + 2, comma))
    first, _ = _scan_back(e, toks, k - 1, s.body)
    y = _phrase(s, *_trim(e, toks, first, k))
    if x is None or y is None:
        return None
    return x, y, toks[k + 1].text


def _quote_frame(
    e: _Engine, s: _Sentence, start: int, end: int, cue_text: str, ci: int, ce: int
) -> Frame | None:
    """ "Y quoted X as saying ...", "X was quoted by Y as saying ..."."""
    toks = s.toks
    passive = ci - 1 >= s.body and toks[ci - 1].lower in e.passive_aux
    outer = _speaker_before(e, s, ci - 1 if passive else ci)
    nxt = s.at(ce)
    if nxt is not None and nxt.lower == "by":
        y = _forward_phrase(e, s, ce + 1)  # "X was quoted by Y as saying"
        if outer is None or y is None or e.as_saying.match(s.text, y.end - s.start) is None:
            return None
        return Frame(
            cue_text, start, end, "quote", outer.text, outer.start, outer.end, "quoted",
            "forward", via=y.text,
        )  # fmt: skip
    x = _forward_phrase(e, s, ce)
    if x is None:
        return None
    m = e.as_saying.match(s.text, x.end - s.start)
    if m is None:
        if outer is None:
            return None
        # "Y quoted X": without "as saying" it covers the sentence, like "quoting X"
        return Frame(
            cue_text, start, end, "quote", x.text, x.start, x.end, "quoted", "both",
            via=outer.text,
        )  # fmt: skip
    # "..., state media quoted the governor as saying." covers what comes before it
    after = _skip_tail(e, s, s.start + m.end())
    follows = _follows_pos(s, after)
    direction: Direction = "forward"
    if follows == "end" and ci > s.body:
        direction = "backward"
    elif follows == "comma" and (
        outer is None or _at_clause_start(s, _index_at(toks, outer.start))
    ):
        direction = _parenthetical(e, s, after)
    return Frame(
        cue_text, start, s.start + m.end(), "quote", x.text, x.start, x.end,
        "quoted" if outer else "stated", direction, via=outer.text if outer else None,
    )  # fmt: skip


# --- scopes -------------------------------------------------------------------------------------


def _scopes(e: _Engine, s: _Sentence, frames: list[Frame]) -> list[Frame]:
    """Give every frame the stretch of the sentence it governs.

    Forward frames run from their cue to the next frame (or the sentence end, or the end
    of their object for report cues); backward frames from the previous backward frame
    to themselves; parenthetical frames both ways.
    """
    ordered = sorted(frames, key=lambda f: f.start)
    strong = [f for f in ordered if f.tier == 0]
    body_start = s.toks[s.body].start if s.body < len(s.toks) else s.start
    out = []
    for f in ordered:
        if f.direction == "clause":
            lo, hi = _clause_around(e, s, f.cue_start, f.cue_end)
            out.append(replace(f, lo=lo, hi=hi))
            continue
        prev_end = max(
            [g.end for g in strong if g.end <= f.start and g.direction in ("backward", "both")],
            default=body_start,
        )
        next_start = min([g.start for g in strong if g.start >= f.end], default=s.end)
        if f.direction == "forward":
            lo = f.speaker_end if f.speaker_start > f.cue_start else f.cue_end
            lo = max(lo, f.cue_end)
            hi = next_start
            if f.narrow:
                hi = min(hi, _object_end(e, s, lo))
            if f.in_relative:
                hi = min(hi, _next_boundary(e, s, lo, words=False))
        elif f.direction == "backward":
            lo, hi = prev_end, f.start
        else:
            lo, hi = prev_end, next_start
        out.append(replace(f, lo=lo, hi=hi))
    return out


def _next_boundary(e: _Engine, s: _Sentence, pos: int, *, words: bool = True) -> int:
    """Where the clause that runs at ``pos`` ends: punctuation or a boundary word."""
    for t in s.toks[_index_at(s.toks, pos) :]:
        if t.text in _PUNCT_BOUNDARY or (words and t.lower in e.boundaries):
            return t.start
    return s.end


def _object_end(e: _Engine, s: _Sentence, pos: int) -> int:
    """Where the object of a report cue that starts at ``pos`` ends: the next boundary,
    past any figures added to it ("at 1,444, with 3,411 injured", "at 326, among them 43
    children", "at 19 and injured at 27")."""
    end = _next_boundary(e, s, pos)
    while end < s.end:
        m = e.continuation.match(s.text, end - s.start)
        if m is None:
            break
        end = _next_boundary(e, s, s.start + m.end())
    return end


def _clause_around(e: _Engine, s: _Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause that holds a cue: from the last boundary before it to the next after it."""
    i = _index_at(s.toks, start)
    lo = s.toks[s.body].start if s.body < len(s.toks) else s.start
    for k in range(i - 1, s.body - 1, -1):
        t = s.toks[k]
        if t.text in _PUNCT_BOUNDARY or t.lower in e.boundaries:
            if t.lower in e.coordinators and not _has_verb_before(e, s, k):
                continue  # "nine civilians and four soldiers are reported ...": one subject
            lo = t.end
            break
    return lo, _next_boundary(e, s, end)


def _has_verb_before(e: _Engine, s: _Sentence, k: int) -> bool:
    """Whether the stretch before token ``k``, back to the previous boundary, has a verb."""
    for t in reversed(s.toks[s.body : k]):
        if t.text in _PUNCT_BOUNDARY or (t.lower in e.boundaries and t.lower not in e.coordinators):
            return False
        if _is_verb_like(e, t) or t.lower in e.aux:
            return True
    return False


# --- choosing a frame for each figure -----------------------------------------------------------


def _choose(frames: Sequence[Frame], start: int, end: int) -> tuple[Frame, str | None] | None:
    """The narrowest frame that covers the figure, and the media outlet that relays it."""
    covering = [
        f
        for f in frames
        if f.lo <= start
        and end <= f.hi
        and not (f.speaker and f.speaker_start <= start < f.speaker_end)
    ]
    if not covering:
        return None
    covering.sort(key=lambda f: (f.tier, f.hi - f.lo, -f.start))
    best = covering[0]
    weak = next((f for f in covering if f.tier == 1), None)
    if weak is not None and best.direction == "both" and best.end <= start:
        best = weak  # "..., witnesses said, five troops were reported killed"
    relay = None
    if best.via is None and best.tier == 0:
        relay = next(
            (
                f.speaker
                for f in covering
                if f is not best
                and f.tier == 0
                and f.direction in ("backward", "both")
                and f.attribution == "reported"
                and f.lo <= best.start
                and best.end <= f.hi
            ),
            None,
        )
    return best, relay


# --- pronouns and short references ----------------------------------------------------------------


class _Mention(NamedTuple):
    text: str
    start: int
    end: int
    cls: str  # person, plural, body
    head: str = ""  # the head noun of an apposition folded into a name ("group")


def _mentions(e: _Engine, s: _Sentence, before: int) -> list[_Mention]:
    """Speaker-like phrases in the sentence that end before ``before``.

    A phrase ends at a word that names a kind of source ("ministry", "commanders"), a
    person noun, or the last word of a capitalised name ("Health Minister Ana Lopez").
    """
    out: list[_Mention] = []
    folded = -1  # where an apposition folded into the name before it starts
    unknown: _Mention | None = None  # the last name of no known kind, for an apposition
    toks = s.toks
    for i in range(s.body, _index_at(toks, before)):
        t = toks[i]
        if not t.is_word or t.lower in e.pronouns:
            continue
        nxt = s.at(i + 1)
        if nxt is not None and nxt.capital and t.capital:
            continue  # inside a name: wait for its last word
        low = _POSSESSIVE_END.sub("", t.lower)
        in_name = t.capital and i > s.body and toks[i - 1].capital
        if not (
            in_name
            or low in e.person_nouns
            or low in e.plural_nouns
            or low in e.agent_nouns
            or e.aliases.lookup(_POSSESSIVE_END.sub("", t.text)).kind is not None
        ):
            continue
        first, _ = _scan_back(e, toks, i, s.body)
        if _counts(e, toks[first]) or (first > s.body and _counts(e, toks[first - 1])):
            continue  # a counted noun ("50 people had died, they said") is no speaker
        ph = _phrase(s, *_trim(e, toks, first, i + 1))
        if ph is None:
            continue
        text = _POSSESSIVE_END.sub("", ph.text) if _possessive(t) else ph.text
        cls = _mention_class(e, text, low, t.capital)
        if cls is None:
            if t.capital:  # the capitalised run and its article: "the Free Burma Rangers"
                k = i
                while k > first and toks[k - 1].capital:
                    k -= 1
                if k > first and toks[k - 1].lower in e.determiners:
                    k -= 1
                start = toks[k].start
                unknown = _Mention(
                    s.slice(start, ph.start + len(text)), start, ph.start + len(text), ""
                )
            continue
        if ph.start == folded:
            continue  # a longer reading of the apposition already folded into its name
        if out and _apposition(e, s, out[-1], ph.start, text):
            # "Ana Lopez, the top official, ...": "she" is Ana Lopez, of the kind the
            # apposition names, and "the official" is Ana Lopez too
            out[-1] = out[-1]._replace(cls=cls, head=low)
            folded = ph.start
            continue
        if unknown is not None and _apposition(e, s, unknown, ph.start, text):
            # "the Free Burma Rangers, a relief group, ...": the apposition gives the
            # name its kind ("it", "the group")
            out.append(unknown._replace(cls=cls, head=low))
            folded, unknown = ph.start, None
            continue
        out.append(_Mention(text, ph.start, ph.start + len(text), cls))
    return out


def _counts(e: _Engine, tok: _Tok) -> bool:
    """Whether a token is a number: digits or a number word."""
    return tok.kind == "num" or tok.lower in e.number_words


def _apposition(e: _Engine, s: _Sentence, name: _Mention, start: int, text: str) -> bool:
    """Whether ``text`` (at ``start``) stands in apposition to the name before it, set off
    by commas: "Ana Lopez, the top official, said", "the Lawyers' Association, a rights
    group, said" (not "... the European Union, the ministry said")."""
    first = text.split(None, 1)[0].lower()
    last = name.text.split()[-1].strip("()[]")
    if not (first in e.determiners and last[:1].isupper()):
        return False
    if s.slice(name.end, start).strip() != ",":
        return False
    i = _index_at(s.toks, start)
    for t in s.toks[i : i + 14]:  # the apposition closes with a comma before any verb
        if t.text == "," or (t.start > start and t.lower in e.relatives):
            return True  # "..., a monitoring group that has tracked arrests, ..."
        if t.text in ".!?" and t.end >= s.end - 1:
            return True  # or with the sentence: "..., according to the Rangers, a relief group."
        if not t.is_word or e.say_word.fullmatch(t.text) or _is_verb_like(e, t):
            return False
    return i + 14 >= len(s.toks)


def _mention_class(e: _Engine, text: str, head: str, capital: bool) -> str | None:
    match = e.aliases.lookup(text)
    if match.kind == "named_person" or head in e.person_nouns:
        return "person"
    if head in e.plural_nouns or (not capital and head.endswith("s") and match.kind):
        return "plural"
    if match.kind or match.name or head in e.agent_nouns:
        return "body"  # "the commission", "the crisis centre": "it said"
    return None


def _resolve(
    e: _Engine, sentence_at: Callable[[int], _Sentence], index: int, speaker: str, at: int
) -> str | None:
    """The mention a pronoun or short reference points to: the last of its class before it."""
    words = speaker.split()
    low = speaker.lower()
    head: str | None = None
    if low in e.person:
        want: tuple[str, ...] = ("person",)
    elif low in e.plural:
        want = ("plural",)
    elif low in e.body:
        want = ("body",)
    elif len(words) == 2 and words[0].lower() in ("the", "this") and words[1].islower():
        want, head = ("person", "plural", "body"), words[1].lower()
    else:
        return None
    for k in range(index, max(-1, index - e.passage - 1), -1):
        if head is not None and k == index:
            continue  # "the ministry" points back to an earlier sentence
        s = sentence_at(k)
        for m in reversed(_mentions(e, s, at if k == index else s.end)):
            if m.cls not in want:
                continue
            if head is not None and (
                not (m.text.lower().endswith(head) or m.head == head) or m.text.lower() == low
            ):
                continue
            return m.text
    return None


# --- quotations ---------------------------------------------------------------------------------

_QUOTE = regex.compile(r"[“«][^”»]{1,3000}+[”»]|\"[^\"]{1,3000}+\"")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def _in_quote(quotes: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in quotes if a < pos < b), None)


def _quoted_elsewhere(
    e: _Engine,
    text: str,
    sentences: Sequence[Span],
    index: int,
    pos: int,
    quotes: Sequence[tuple[int, int]],
    frames: Callable[[int], list[Frame]],
) -> tuple[Frame, str | None] | None:
    """A figure inside a quotation whose speaker stands before or after the quote.

    The speaker frame may sit right after the closing mark (`..." the governor said`),
    right before the opening one (`The governor said: "...`), or, for a quotation that
    goes on in a new sentence, after the quotation in the sentence before.
    """
    q = _in_quote(quotes, pos)
    if q is None:
        return None
    q0, q1 = q
    for k in range(max(0, index - 1), min(len(sentences), index + 2)):
        span = sentences[k]
        if not (span.start <= q1 + 2 and q0 - 2 <= span.end):
            continue
        for f in frames(k):
            if f.speaker is None or f.cls not in ("say", "report"):
                continue
            if f.start >= q1 - 1 and regex.fullmatch(r"[\s,]*", text[q1 : f.start]):
                return f, None
            gap = text[f.end : q0]
            m = e.when.match(gap)
            if f.end <= q0 + 1 and regex.fullmatch(r"[\s,:]*", gap[m.end() if m else 0 :]):
                return f, None
    if index > 0 and q0 >= sentences[index].start:
        # `"Twelve died," the governor said. "Forty are missing."`: the speaker goes on
        for f in frames(index - 1):
            if f.after_quote and f.speaker and f.direction in ("backward", "both"):
                return f, None
    return None


# --- the public calls ---------------------------------------------------------------------------


def document_credit(text: str) -> Credit | None:
    """The wire or outlet credit of a document: its dateline, or a trailing wire credit.

    >>> document_credit("Canadian Press - LANGLEY, B.C. (CP) - Police arrested a man.").text
    'CP'
    >>> document_credit("AFP - Two people died.").text
    'AFP'
    >>> document_credit("Two people died, Agence France-Presse reported.")
    Credit(text='Agence France-Presse', start=17, end=37)
    """
    e = _engine()
    head = text[:300]
    m = e.dateline.match(head) if "(" in head else None  # a dateline credit is bracketed
    if m is not None and not e.not_credit.search(m.group("credit")):
        return Credit(m.group("credit"), m.start("credit"), m.end("credit"))
    m = e.leading.match(head)
    if m is not None:
        return Credit(m.group("credit"), m.start("credit"), m.end("credit"))
    if not e.trailing_hint.search(text):
        return None
    for span in split_sentences(text):
        t = e.trailing.search(text, span.start, span.end)
        if t is not None:
            return Credit(t.group("credit"), t.start("credit"), t.end("credit"))
    return None


def attribute(
    text: str,
    sentences: list[Span],
    drafts: list[Draft],
    credit: Credit | None,
    *,
    aliases: AliasTable | None = None,
) -> None:
    """Fill source_text, source, source_kind, cue, attribution and via on each draft.

    A draft no frame covers keeps attribution "none" and source_text None. ``aliases``
    is the source table to normalise speakers with (default: the built-in one; see
    :func:`figures.sources.load_aliases` for user files).
    """
    e = _engine()
    if aliases is not None and aliases is not e.aliases:
        e = replace(e, aliases=aliases)
    frame_cache: dict[int, list[Frame]] = {}
    sentence_cache: dict[int, _Sentence] = {}
    quotes: list[tuple[int, int]] | None = None

    def frames(k: int) -> list[Frame]:
        if k not in frame_cache:
            frame_cache[k] = _frames(e, text, sentences, k, credit)
        return frame_cache[k]

    def sentence_at(k: int) -> _Sentence:
        if k not in sentence_cache:
            sentence_cache[k] = _sentence(e, text, sentences, k)
        return sentence_cache[k]

    for d in drafts:
        fig = d.figure
        chosen = _choose(frames(d.sentence_index), fig.start, fig.end)
        if chosen is None:
            quotes = _quote_spans(text) if quotes is None else quotes
            chosen = _quoted_elsewhere(
                e, text, sentences, d.sentence_index, fig.start, quotes, frames
            )
        if chosen is not None:
            _fill(e, d, *chosen, sentence_at)


def _fill(
    e: _Engine,
    d: Draft,
    frame: Frame,
    relay: str | None,
    sentence_at: Callable[[int], _Sentence],
) -> None:
    """Write one frame's attribution onto a draft, resolving pronouns and short references."""
    d.cue = frame.cue
    d.attribution = "quoted" if relay else frame.attribution
    d.via = frame.via or relay
    if frame.speaker is None:
        return
    resolved = _resolve(e, sentence_at, frame.sentence, frame.speaker, frame.speaker_start)
    speaker = resolved or frame.speaker
    match = e.aliases.lookup(speaker)
    d.source_text = speaker
    d.source = match.name
    d.source_kind = match.kind
    if resolved and frame.cls in ("say", "report") and frame.via is None and not relay:
        d.attribution = _attribution_of(e, speaker)
