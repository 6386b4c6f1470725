"""Rule packs: declarative regex rules loaded from TOML files, compiled, and run on text."""

from __future__ import annotations

import hashlib
import re
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from figures import numbers
from figures.models import METRICS, Scope
from figures.needs import Needs, NeedsIndex, NeedsReader, fold
from figures.prefilter import Prefilter, build_prefilter
from figures.regexcache import cached_json, compile_cached

DATA = resources.files("figures") / "data"
BLOCK_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
FLAGS = regex.IGNORECASE | regex.VERBOSE | regex.V0
BLOCK = "block"  # the metric of a rule that marks a figure as no claim
# the metric of a rule whose figure counts what was just counted, in its own sentence or
# the one before: "Among them are 270 servicemen ..." after "390 Ukrainians were freed"
# (extract gives it that metric)
PREVIOUS = "previous"
FIGURE_BLOCKS = frozenset({"count", "num", "one", "zero"})
_SPACE_OR_COMMENT = regex.compile(r"(?:\s+|#[^\n]*)+")  # VERBOSE: no text


class RuleError(ValueError):
    """A rule pack that cannot be loaded: the message names the file and the rule."""


# --- the schema of a pack file -------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedClaim(_Strict):
    """What an example sentence must give; fields left out are not checked."""

    metric: str
    value: int
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    victims: str | None = None
    number_text: str | None = None
    source_text: str | None = None
    attribution: str | None = None
    via: str | None = None
    scope: Scope | None = None


class Example(_Strict):
    text: str = Field(min_length=1)
    claims: list[ExpectedClaim] = Field(min_length=1)


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
    metric: str
    pattern: str = Field(min_length=1)
    description: str | None = None
    victims: str | None = None
    scope: Scope | None = None
    priority: int = 0
    examples: list[Example] = Field(default_factory=list)
    negatives: list[str] = Field(default_factory=list)


class MetricSpec(_Strict):
    label: str
    description: str


class PackMeta(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str
    triggers: list[str] = Field(min_length=1)

    @field_validator("triggers")
    @classmethod
    def _no_empty_trigger(cls, value: list[str]) -> list[str]:
        if any(not t.strip() for t in value):
            raise ValueError("a trigger is empty")
        return value


class PackSpec(_Strict):
    pack: PackMeta
    metrics: dict[str, MetricSpec] = Field(default_factory=dict)
    blocks: dict[str, str] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(min_length=1)


class BlocksFile(_Strict):
    blocks: dict[str, str]


class VictimGroup(_Strict):
    nouns: list[str] = Field(min_length=1)


class VictimsFile(_Strict):
    modifiers: list[str]
    groups: dict[str, VictimGroup]


# --- compiled rules ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule, with the pack and file it came from."""

    id: str
    metric: str
    pattern: str
    compiled: regex.Pattern[str]
    victims: str | None
    scope: Scope | None
    priority: int
    pack: str
    path: str
    examples: tuple[Example, ...]
    negatives: tuple[str, ...]
    # the figures the pattern may open with (after lookbehinds at most): "num", "one",
    # "zero"; it is tried only where such a figure starts, not at every character of the
    # sentence. Empty: the pattern is scanned.
    opens: frozenset[str] = frozenset()
    # words every match holds, read from the pattern: a rule runs only on a sentence that
    # has them, and only at figures where they stand on the right side
    needs: Needs = field(default_factory=Needs)

    @property
    def anchored(self) -> bool:
        """Whether the rule is tried only where a figure starts."""
        return bool(self.opens)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule in use, the packs' combined trigger pattern, and their version hash."""

    rules: tuple[Rule, ...]
    triggers: dict[str, regex.Pattern[str]]
    any_trigger: regex.Pattern[str]
    # the same triggers for lower-cased text, case-sensitive: several times faster to scan
    lower_triggers: dict[str, re.Pattern[str]]
    any_lower_trigger: re.Pattern[str]
    prefilter: Prefilter
    needs: NeedsIndex  # the words each rule needs, found in a sentence in one pass
    by_pack: dict[str, tuple[tuple[int, Rule], ...]]  # each pack's rules, with their numbers
    version: str
    metrics: dict[str, tuple[str, str]]
    victim_groups: dict[str, str]
    paths: tuple[str, ...]


@dataclass(slots=True)
class Match:
    """A figure one rule found in one sentence, before overlaps are resolved."""

    figure: numbers.Figure
    rule: Rule
    victims: str | None
    location: str | None
    match_start: int
    match_end: int


@dataclass(slots=True)
class ScanReport:
    """What went wrong while scanning one document: rules that ran out of time."""

    timed_out: list[str] = field(default_factory=list)


def _read_toml(path: Path | resources.abc.Traversable) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from exc


# an age before a noun: "a 45-year-old man", "a ten-year-old girl", "six-month-old twins"
_AGE = r"(?:\d+|\p{L}+(?:-\p{L}+)?)-(?:year|month|week|day)s?-old"


def _victims_pattern(spec: VictimsFile) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """Build the {victims} block, the noun → group table and the block's named word lists
    from victims.toml."""
    group_of: dict[str, str] = {}
    for group, entry in spec.groups.items():
        for noun in entry.nouns:
            key = noun.lower()
            if group_of.get(key, group) != group:
                raise RuleError(f"victims.toml: noun {noun!r} is in {group_of[key]} and {group}")
            group_of[key] = group
    lists: dict[str, list[str]] = {}
    noun_re = _words_pattern("victim_nouns", group_of, lists)
    mods = _words_pattern("victim_modifiers", spec.modifiers, lists)
    capital = r"(?-i:\p{Lu}[\p{L}'’.\-]*)"
    possessor = r"(?:of\s+(?:the|its|his|her|their|our|whom|them)\s+)"
    one_mod = rf"(?:{mods}|{capital}|{_AGE}|\p{{L}}+-\p{{L}}+)"
    # two modifiers joined: "current and former officials", "Iraqi or Syrian nationals"
    modifier = rf"(?:{one_mod}(?:\s+(?:and|or)\s+(?:{mods}|{capital}))?\s+)"
    pattern = (
        rf"(?:{possessor}?(?:{modifier}{{0,3}}(?:{noun_re})\b"
        rf"|(?-i:\p{{Lu}}\p{{Ll}}+(?:ians?|ans?|is|ese|ites?|ers?|ns)\b)))"
    )
    return pattern, group_of, lists


def _words_pattern(name: str, phrases: Iterable[str], lists: dict[str, list[str]]) -> str:
    """A pattern for any of ``phrases``, the longest wording first: single words as the
    named list ``name`` (``\\L<name>``, which the `regex` module matches longest first,
    then shorter on backtracking, as a trie does; hundreds of words spelled out in every
    rule that counts victims made the rule sources twice as long), phrases of several
    words as a character trie tried before it (such a phrase is longer than any one word
    that matches where it does, so the order is that of one trie of them all)."""
    words = sorted({p.lower() for p in phrases if " " not in p.strip()})
    several = [p for p in phrases if " " in p.strip()]
    parts = [numbers._alt(several)] if several else []
    if words:
        lists[name] = words
        parts.append(rf"\L<{name}>")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def starts_with_figure(pattern: str, blocks: dict[str, str]) -> bool:
    """Whether every match of ``pattern`` starts with its figure ({count}, {num}, {one},
    {zero}), after lookbehinds: such a rule need only be tried where a figure starts.

    >>> starts_with_figure(r"(?<=\\bkilling\\s+){count}\\s+people", {})
    True
    >>> starts_with_figure(r"killing\\s+{count}", {})
    False
    """
    return bool(opening_figures(pattern, blocks))


def opening_figures(pattern: str, blocks: dict[str, str], depth: int = 0) -> frozenset[str]:
    """The figure blocks every match of ``pattern`` may open with (after lookbehinds):
    ``num`` (a figure the number reader found), ``one`` (a counting article), ``zero``
    ("no"); empty when a match may open with anything else.

    >>> sorted(opening_figures(r"(?<=\\bkilling\\s+){count}\\s+people", {"count": "{num}|{one}"}))
    ['num', 'one']
    >>> sorted(opening_figures(r"{num}\\s+dead", {}))
    ['num']
    """
    none: frozenset[str] = frozenset()
    if depth > 20:
        return none
    alternatives = _alternatives(pattern)
    if len(alternatives) > 1:  # a block written without its group: "{num}|{one}"
        kinds: set[str] = set()
        for alt in alternatives:
            opens = opening_figures(alt, blocks, depth + 1)
            if not opens:
                return none
            kinds |= opens
        return frozenset(kinds)
    text = _after_lookarounds(pattern)
    ref = BLOCK_REF.match(text)
    if ref:
        name = ref.group(1)
        if _optional_after(text, ref.end()):
            return none
        if name in blocks:
            return opening_figures(blocks[name], blocks, depth + 1)
        if name == "count":
            return frozenset({"num", "one"})
        return frozenset({name}) if name in FIGURE_BLOCKS else none
    if text.startswith("(?:"):
        close = _closing(text, 0)
        if close is None or _optional_after(text, close + 1):
            return none
        kinds = set()
        for alt in _alternatives(text[3:close]):
            opens = opening_figures(alt, blocks, depth + 1)
            if not opens:
                return none
            kinds |= opens
        return frozenset(kinds)
    return none


def _optional_after(text: str, pos: int) -> bool:
    """Whether the item ending at ``pos`` is made optional by a quantifier."""
    rest = text[pos:].lstrip()
    return rest.startswith(("?", "*", "{0"))


def _after_lookarounds(pattern: str) -> str:
    """``pattern`` without its leading white space, comments (VERBOSE), lookbehinds and
    lookaheads, which consume nothing.

    >>> _after_lookarounds("(?<=b(?:a|b(?:c)))  # a comment\\n  (?<!x)(?!y){num}")
    '{num}'
    """
    text = pattern
    while True:
        m = _SPACE_OR_COMMENT.match(text)
        if m is not None and m.group():
            text = text[m.end() :]
            continue
        if not text.startswith(("(?<=", "(?<!", "(?=", "(?!")):
            return text
        close = _closing(text, 0)
        if close is None:
            return text
        text = text[close + 1 :]


def _closing(text: str, start: int) -> int | None:
    """The index of the parenthesis that closes the group opening at ``start``."""
    depth = 0
    i = start
    in_class = False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _alternatives(body: str) -> list[str]:
    """The top-level alternatives of a group's body."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _expand(pattern: str, blocks: dict[str, str], where: str) -> str:
    """Replace every {name} in ``pattern`` by its block, recursively."""

    def expand(text: str, stack: tuple[str, ...]) -> str:
        def repl(m: regex.Match[str]) -> str:
            name = m.group(1)
            if name not in blocks:
                raise RuleError(f"{where}: unknown building block {{{name}}}")
            if name in stack:
                raise RuleError(f"{where}: block {{{name}}} refers to itself")
            return "(?:" + expand(blocks[name], (*stack, name)) + "\n)"  # ends any # comment

        return BLOCK_REF.sub(repl, text)

    return expand(pattern, ())


# Before the rules run, every figure the number reader found in a sentence is masked with
# this character (same length, so offsets hold): {num} then matches a masked run. The rules
# stay small and fast, and can never take a year, an age or money for a figure.
MASK = "0"


def _engine_blocks(victims: str) -> dict[str, str]:
    return {
        "num": rf"(?P<num>\b{MASK}+\b)",
        "one": f"(?P<num>{numbers.SINGLE})",
        "zero": r"(?P<num>\bno\b)",
        "anynum": rf"(?:\b{MASK}+\b)",
        "victims": f"(?P<victims>{victims})",
        "anyvictims": f"(?:{victims})",
        "place": (
            r"(?P<place>(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north|south"
            r"|east|west|downtown)\s+)?(?-i:\p{Lu}[\p{L}'’\-]+)"
            r"(?:\s+(?-i:\p{Lu}[\p{L}'’\-]+|of|al|el|de)){0,3})"
        ),
    }


_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'"


def mask_figures(sentence: str, figures: list[numbers.Figure]) -> str:
    """The sentence with each figure's characters replaced by MASK (offsets unchanged),
    and the quotation marks right around a figure blanked: rules read 'put the toll at
    "at least 114"' as they read 'put the toll at at least 114'.

    >>> from figures.numbers import find_numbers
    >>> s = 'At least 31 died in 2004; he counted "more than 80" dead.'
    >>> mask_figures(s, find_numbers(s))
    '00000000000 died in 2004; he counted  000000000000  dead.'
    """
    if not figures:
        return sentence
    chars = list(sentence)
    n = len(chars)
    for f in figures:
        chars[f.start : f.end] = MASK * (f.end - f.start)
        before, after = f.start - 1, f.end
        if (
            before >= 0
            and chars[before] in _OPEN_QUOTES
            and (before == 0 or chars[before - 1].isspace())
        ):
            chars[before] = " "
        if (
            after < n
            and chars[after] in _CLOSE_QUOTES
            and (after + 1 == n or not chars[after + 1].isalnum())
        ):
            chars[after] = " "
    return "".join(chars)


def default_pack_paths() -> list[Path]:
    """The packs that ship with figures, in load order."""
    folder = Path(str(DATA / "rules"))
    return sorted(folder.glob("*.toml"))


def pack_paths(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in packs and every ``*.toml`` found in each extra folder or file."""
    paths = default_pack_paths()
    for item in extra:
        p = Path(item)
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                raise RuleError(f"{p}: no *.toml rule packs in this folder")
            paths.extend(found)
        elif p.is_file():
            paths.append(p)
        else:
            raise RuleError(f"{p}: no such rule pack file or folder")
    return paths


def compile_packs(paths: Sequence[Path]) -> RuleSet:
    """Load, validate and compile the packs at ``paths`` into one RuleSet."""
    blocks_file = DATA / "blocks.toml"
    victims_file = DATA / "victims.toml"
    try:
        base_blocks = BlocksFile.model_validate(_read_toml(blocks_file)).blocks
        victims_spec = VictimsFile.model_validate(_read_toml(victims_file))
    except ValidationError as exc:
        raise RuleError(f"figures/data: {exc}") from exc
    victims_re, group_of, word_lists = _victims_pattern(victims_spec)
    engine = _engine_blocks(victims_re)

    digest = hashlib.sha256()
    digest.update(blocks_file.read_bytes())
    digest.update(victims_file.read_bytes())
    digest.update((DATA / "numbers_en.toml").read_bytes())

    rules: list[Rule] = []
    reading: list[tuple[NeedsReader, str, bool]] = []  # each rule's needs, read at the end
    triggers: dict[str, regex.Pattern[str]] = {}
    trigger_words: list[str] = []
    metrics = dict(METRICS)
    seen: dict[str, str] = {}
    for path in paths:
        raw = path.read_bytes()
        digest.update(raw)
        data = _read_toml(path)
        try:
            spec = PackSpec.model_validate(data)
        except ValidationError as exc:
            raise RuleError(f"{path}: {_explain(exc, data)}") from exc
        for key, metric in spec.metrics.items():
            metrics[key] = (metric.label, metric.description)
        pack_blocks = {**base_blocks, **spec.blocks}
        blocks = {**pack_blocks, **engine}
        reader = NeedsReader(blocks, MASK)
        if spec.pack.id in triggers:
            raise RuleError(f"{path}: pack id {spec.pack.id!r} is used twice")
        trigger_src = "|".join(spec.pack.triggers)
        trigger_words.extend(spec.pack.triggers)
        triggers[spec.pack.id] = _compile(
            rf"\b(?:{trigger_src})", f"{path}: pack {spec.pack.id} triggers"
        )
        for rs in spec.rules:
            where = f"{path}: rule {rs.id}"
            if rs.id in seen:
                raise RuleError(f"{where}: id already used in {seen[rs.id]}")
            seen[rs.id] = str(path)
            if rs.metric not in (BLOCK, PREVIOUS) and rs.metric not in metrics:
                raise RuleError(f"{where}: unknown metric {rs.metric!r}")
            if rs.metric != BLOCK and not rs.examples:
                raise RuleError(f"{where}: a rule needs at least one example")
            if rs.victims is not None and rs.victims not in victims_spec.groups:
                raise RuleError(f"{where}: unknown victim group {rs.victims!r}")
            source = _expand(rs.pattern, blocks, where)
            compiled = _compile(source, where, word_lists)
            if "num" not in compiled.groupindex:
                raise RuleError(f"{where}: the pattern has no {{num}}, {{one}} or {{zero}}")
            if compiled.fullmatch("") is not None:
                raise RuleError(f"{where}: the pattern matches the empty string")
            opens = opening_figures(rs.pattern, pack_blocks)
            rules.append(
                Rule(
                    id=rs.id,
                    metric=rs.metric,
                    pattern=rs.pattern,
                    compiled=compiled,
                    victims=rs.victims,
                    scope=rs.scope,
                    priority=rs.priority,
                    pack=spec.pack.id,
                    path=str(path),
                    examples=tuple(rs.examples),
                    negatives=tuple(rs.negatives),
                    opens=opens,
                )
            )
            reading.append((reader, rs.pattern, bool(opens)))
    rules = _with_needs(rules, reading, digest.hexdigest())
    any_trigger = _compile(rf"\b(?:{'|'.join(trigger_words)})", "pack triggers")
    lower_triggers = {pid: _lower(trig.pattern) for pid, trig in triggers.items()}
    any_lower = _lower(any_trigger.pattern)
    return RuleSet(
        rules=tuple(rules),
        triggers=triggers,
        any_trigger=any_trigger,
        lower_triggers=lower_triggers,
        any_lower_trigger=any_lower,
        prefilter=build_prefilter(lower_triggers, any_lower, triggers, any_trigger),
        needs=NeedsIndex([rule.needs for rule in rules]),
        by_pack={
            pid: tuple((n, r) for n, r in enumerate(rules) if r.pack == pid) for pid in triggers
        },
        version=digest.hexdigest()[:12],
        metrics=metrics,
        victim_groups=group_of,
        paths=tuple(str(p) for p in paths),
    )


def _with_needs(
    rules: list[Rule], reading: list[tuple[NeedsReader, str, bool]], packs_digest: str
) -> list[Rule]:
    """The rules with the words each needs: read off the patterns (half a second for the
    built-in packs), or from the cache when an earlier process read the same packs with
    the same engine."""
    key = hashlib.sha256(packs_digest.encode())
    for module in ("needs.py", "rules.py", "numbers.py"):  # the reader and the blocks
        key.update((Path(__file__).parent / module).read_bytes())

    def read() -> list[object]:
        return [reader.needs(p, anchored=a).to_json() for reader, p, a in reading]

    data = cached_json(f"needs-{key.hexdigest()}", read)
    try:
        needs = [Needs.from_json(n) for n in data]
        return [replace(rule, needs=n) for rule, n in zip(rules, needs, strict=True)]
    except (ValueError, TypeError, IndexError):  # a damaged cache file: read them afresh
        return [
            replace(rule, needs=reader.needs(p, anchored=a))
            for rule, (reader, p, a) in zip(rules, reading, strict=True)
        ]


def _lower(source: str) -> re.Pattern[str]:
    """A trigger pattern for lower-cased text: the stdlib engine, case-sensitive.

    Literal letters are lower-cased; escapes (\\b, \\s, \\W...) keep their case.
    """
    out = regex.sub(r"\\.|[^\\]+", lambda m: m[0] if m[0][0] == "\\" else m[0].lower(), source)
    return re.compile(out)


def _compile(
    source: str, where: str, lists: dict[str, list[str]] | None = None
) -> regex.Pattern[str]:
    used = {k: v for k, v in (lists or {}).items() if f"\\L<{k}>" in source}
    try:
        return compile_cached(source, FLAGS, used)
    except regex.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from exc


def _explain(exc: ValidationError, data: dict[str, object]) -> str:
    """Name the rule id in a validation error where the error sits inside a rule."""
    rules = data.get("rules")
    parts = []
    for err in exc.errors():
        loc = list(err["loc"])
        label = ".".join(str(x) for x in loc)
        index = loc[1] if len(loc) >= 2 and loc[0] == "rules" else None
        if isinstance(index, int) and isinstance(rules, list) and index < len(rules):
            rule = rules[index]
            rule_id = rule.get("id", f"#{index}") if isinstance(rule, dict) else f"#{index}"
            label = f"rule {rule_id}: " + ".".join(str(x) for x in loc[2:])
        parts.append(f"{label}: {err['msg']}")
    return "; ".join(parts)


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> RuleSet:
    """The compiled built-in packs plus the packs in ``extra`` (folders or files), cached."""
    return compile_packs(pack_paths(extra))


# --- scanning --------------------------------------------------------------------------


class Budget:
    """The seconds of rule matching one document has left."""

    __slots__ = ("left",)

    def __init__(self, seconds: float) -> None:
        self.left = seconds


@dataclass(slots=True)
class SentenceScan:
    """One sentence on its way through the rules: its figures, the text the rules see
    (figures masked), the rules that may match it and where, and what they found."""

    sentence: str
    offset: int
    dot_thousands: bool
    figures: list[numbers.Figure]
    masked: str
    # (rule number, anchors: where to try it, None to scan the sentence)
    runnable: list[tuple[int, list[int] | None]]
    report: ScanReport
    budget: Budget
    found: dict[tuple[int, int], Match] = field(default_factory=dict)


def prepare_sentence(
    ruleset: RuleSet,
    sentence: str,
    offset: int,
    *,
    dot_thousands: bool,
    packs: set[str] | frozenset[str],
    report: ScanReport,
    budget: Budget,
) -> SentenceScan | None:
    """Read a sentence's figures and pick the rules that may match it, or None if none
    can: the words each rule needs are found first, and the number reader runs only
    when some rule has them."""
    # the rules whose words the sentence has, and where their matches may start
    index = ruleset.needs
    first, last = index.spots(fold(sentence))
    windows: list[tuple[int, Rule, int, int]] = []
    for pack in packs:
        for number, rule in ruleset.by_pack.get(pack, ()):
            window = index.window(number, first, last, len(sentence))
            if window is not None:
                windows.append((number, rule, *window))
    if not windows:
        return None
    figures = numbers.find_numbers(sentence, dot_thousands=dot_thousands)
    masked = mask_figures(sentence, figures)
    starts = {
        "num": [f.start for f in figures],
        "one": [m.start() for m in _ONE.finditer(masked)],
        "zero": [m.start() for m in _ZERO.finditer(masked)],
    }
    runnable: list[tuple[int, list[int] | None]] = []
    for number, rule, lo, hi in windows:
        if not rule.opens:
            runnable.append((number, None))
            continue
        anchors = sorted({p for kind in rule.opens for p in starts[kind] if lo <= p <= hi})
        if anchors:
            runnable.append((number, anchors))
    if not runnable:
        return None
    return SentenceScan(sentence, offset, dot_thousands, figures, masked, runnable, report, budget)


def run_rules(
    ruleset: RuleSet, scans: Sequence[SentenceScan], *, rule_timeout: float = 0.25
) -> None:
    """Run the rules on prepared sentences, one rule over all of them before the next (its
    compiled pattern stays in the processor's caches); each sentence sees its rules in
    rule order, as if it were scanned alone. Rules that run out of time are reported."""
    work: dict[int, list[tuple[SentenceScan, list[int] | None]]] = {}
    for scan in scans:
        for number, anchors in scan.runnable:
            work.setdefault(number, []).append((scan, anchors))
    for number in sorted(work):
        rule = ruleset.rules[number]
        for scan, anchors in work[number]:
            budget = scan.budget
            if budget.left <= 0:
                scan.report.timed_out.append(rule.id)
                continue
            start = time.monotonic()
            try:
                for m in _matches(rule, scan.masked, anchors, min(rule_timeout, budget.left)):
                    for candidate in _figures_of(
                        m, rule, scan.figures, scan.dot_thousands, scan.sentence
                    ):
                        key = (candidate.figure.start, candidate.figure.end)
                        best = scan.found.get(key)
                        if best is None or _better(candidate, best):
                            scan.found[key] = candidate
            except TimeoutError:
                scan.report.timed_out.append(rule.id)
            budget.left -= time.monotonic() - start


def finish_sentence(scan: SentenceScan) -> list[Match]:
    """The sentence's matches, one a figure, in order, with document offsets; figures that
    a block rule claimed are left out."""
    out = []
    for match in sorted(scan.found.values(), key=lambda x: x.figure.start):
        if match.rule.metric == BLOCK:
            continue
        fig = match.figure
        match.figure = numbers.Figure(
            fig.start + scan.offset,
            fig.end + scan.offset,
            fig.text,
            fig.low,
            fig.high,
            fig.value,
            fig.qualifier,
        )
        out.append(match)
    return out


def scan_sentence(
    ruleset: RuleSet,
    sentence: str,
    offset: int,
    *,
    dot_thousands: bool,
    deadline: float,
    report: ScanReport,
    rule_timeout: float = 0.25,
    packs: set[str] | None = None,
) -> list[Match]:
    """Every figure the rules find in one sentence, overlaps resolved: one figure, one match.

    ``offset`` is where the sentence starts in the document; spans come back in document
    offsets. Rules that run past ``deadline`` (a time.monotonic() value) are reported.
    """
    if packs is None:
        packs = {pid for pid, trig in ruleset.triggers.items() if trig.search(sentence)}
    if not packs:
        return []
    scan = prepare_sentence(
        ruleset,
        sentence,
        offset,
        dot_thousands=dot_thousands,
        packs=packs,
        report=report,
        budget=Budget(deadline - time.monotonic()),
    )
    if scan is None:
        return []
    run_rules(ruleset, [scan], rule_timeout=rule_timeout)
    return finish_sentence(scan)


def _matches(
    rule: Rule, sentence: str, anchors: list[int] | None, timeout: float
) -> Iterator[regex.Match[str]]:
    """A rule's matches in a sentence: tried at each anchor for anchored rules, else scanned."""
    if anchors is None:
        yield from rule.compiled.finditer(sentence, timeout=timeout)
        return
    deadline = time.monotonic() + timeout
    for pos in anchors:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(rule.id)
        m = rule.compiled.match(sentence, pos, timeout=left)
        if m is not None:
            yield m


def _better(a: Match, b: Match) -> bool:
    """Whether match ``a`` is more specific than ``b`` for the same figure."""
    if a.rule.priority != b.rule.priority:
        return a.rule.priority > b.rule.priority
    return (a.match_end - a.match_start) > (b.match_end - b.match_start)


def _figures_of(
    m: regex.Match[str],
    rule: Rule,
    figures: list[numbers.Figure],
    dot_thousands: bool,
    sentence: str,
) -> list[Match]:
    """The figures a rule match captured, each paired with its counted noun and place.

    ``m`` ran on the masked sentence; words are read from the ``sentence`` itself.
    """
    victims_spans = m.spans("victims") if "victims" in rule.compiled.groupindex else []
    place = None
    if "place" in rule.compiled.groupindex and m.captures("place"):
        ps, pe = m.spans("place")[-1]
        place = sentence[ps:pe]
    out = []
    num_spans = m.spans("num")
    for i, (s, e) in enumerate(num_spans):
        if s < 0:
            continue
        fig = _figure_at(figures, s, e)
        if fig is None:
            fig = _small_figure(sentence[s:e], s, dot_thousands)
        if fig is None:
            continue
        next_start = num_spans[i + 1][0] if i + 1 < len(num_spans) else len(m.string) + 1
        noun = None
        for vs, ve in victims_spans:
            if e <= vs < next_start:
                noun = sentence[vs:ve]
                break
        out.append(Match(fig, rule, noun, place, m.start(), m.end()))
    return out


def _figure_at(figures: list[numbers.Figure], s: int, e: int) -> numbers.Figure | None:
    for fig in figures:
        if fig.start < e and s < fig.end:
            return fig
    return None


_SMALL = regex.compile(rf"(?:{numbers.SINGLE}|no)", FLAGS)
_ONE = regex.compile(rf"\b(?:{numbers.SINGLE})\b", FLAGS)  # where {one} may start
_ZERO = regex.compile(r"\bno\b", FLAGS)  # where {zero} may start


def _small_figure(text: str, start: int, dot_thousands: bool) -> numbers.Figure | None:
    """Read the article forms that only rules may pass: a, an, one, another, no."""
    if not _SMALL.fullmatch(text):
        return None
    fig = numbers.read_number(text, dot_thousands=dot_thousands)
    if fig is None:
        return None
    return numbers.Figure(
        start, start + len(text), text, fig.low, fig.high, fig.value, fig.qualifier
    )


def victim_group(ruleset: RuleSet, noun_phrase: str | None, default: str | None) -> str | None:
    """The victim group of a matched noun phrase: its last known noun decides."""
    if noun_phrase:
        words = noun_phrase.lower().split()
        for n in range(min(3, len(words)), 0, -1):
            for i in range(len(words) - n, -1, -1):
                group = ruleset.victim_groups.get(" ".join(words[i : i + n]))
                if group:
                    return group
        if noun_phrase[:1].isupper():
            return "people"
    return default
