"""The words each rule needs: case folding, reading patterns, windows, soundness."""

from __future__ import annotations

import json

import pytest
import regex

from figures import numbers
from figures.needs import Needs, NeedsIndex, fold, pattern_needs
from figures.rules import _ONE, _ZERO, load_rules, mask_figures

RULES = load_rules()


def test_fold_equates_what_ignorecase_equates() -> None:
    """Every character IGNORECASE matches to an ASCII letter folds to that letter."""
    letter = regex.compile(r"[a-z]", regex.IGNORECASE | regex.V0)
    for cp in range(0x80, 0x30000):
        c = chr(cp)
        if 0xD800 <= cp < 0xE000 or not letter.fullmatch(c):
            continue
        folded = fold(c)
        assert len(folded) == 1 and letter.fullmatch(folded), (hex(cp), folded)
        assert regex.fullmatch(regex.escape(folded), c, regex.IGNORECASE | regex.V0)


def test_fold_keeps_offsets() -> None:
    text = "İstanbul: 3 killed, ſ, K"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("istanbul")


@pytest.mark.parametrize(
    ("pattern", "anchored", "anywhere", "before", "after"),
    [
        # words the pattern consumes after its start; \s+ and \b make them whole words
        (
            r"\d+\s+(?:people|civilians)\s+died\b",
            True,
            [],
            [],
            [{r"\bpeople\b", r"\bcivilians\b"}, {r"\bdied\b"}],
        ),
        # a lookbehind at the start: its words end before the start
        (r"(?<=\bkill(?:s|ed)?\s+)\d+", True, [], [r"\bkill"], []),
        # a lookahead inside a lookbehind at the start looks ahead from the start
        (r"(?<=(?=[^.]{0,200}?\bseized\b))\d+", True, [], [], [r"\bseized\b"]),
        # negative lookarounds and optional parts need nothing
        (r"(?<!\bthe\s+)\d+(?!\s+years)(?:\s+more)?", True, [], [], []),
        # a lookbehind after the start may look back past it: anywhere
        (r"\d+\s+(?<=\bkilled\s+\d+\s+)xyz", True, [r"\bkilled\b"], [], [r"\bxyz"]),
        # a pattern that is scanned: everything anywhere
        (r"killed\s+\d+", False, ["killed\\b"], [], []),
        # a branch that needs nothing makes the alternation need nothing
        (r"\d+\s+(?:died|\w+)", True, [], [], []),
        # words inside case-sensitive groups still count (they are compared folded)
        (r"\d+\s+(?-i:Dead)", True, [], [], [r"\bdead"]),
        # the mask character is never a needed word
        (r"\b0+\b\s+dead", True, [], [], [r"\bdead"]),
        # a short word serves only between boundaries
        (r"\d+\s+(?:if|no)\s+x", True, [], [], [{r"\bif\b", r"\bno\b"}]),
        (r"\d+(?:if|no)x", True, [], [], []),
        # words in most sentences are no test
        (r"\d+\s+(?:the|of)\s+people\b", True, [], [], [r"\bpeople\b"]),
    ],
)
def test_pattern_needs(
    pattern: str,
    anchored: bool,
    anywhere: list[str | set[str]],
    before: list[str | set[str]],
    after: list[str | set[str]],
) -> None:
    needs = pattern_needs(pattern, anchored=anchored)

    def shown(clauses: tuple[frozenset, ...]) -> list[list[str]]:
        return sorted(sorted(map(str, c)) for c in clauses)

    def want(clauses: list[str | set[str]]) -> list[list[str]]:
        return sorted(sorted({c} if isinstance(c, str) else c) for c in clauses)

    assert shown(needs.anywhere) == want(anywhere)
    assert shown(needs.before) == want(before)
    assert shown(needs.after) == want(after)


def test_a_pattern_the_reader_cannot_follow_needs_nothing() -> None:
    assert pattern_needs(r"(?&name)\d+", anchored=True) == Needs()


def test_window() -> None:
    needs = pattern_needs(r"(?<=\bkilling\s+)\d+\s+(?:people|civilians)\b", anchored=True)
    low = fold("Killing 3 people and 4 civilians; 5 more civilians-to-be.")
    assert needs.window(low, {}) == (len("killing"), low.rfind("civilians"))
    assert needs.window(fold("3 people died"), {}) is None
    assert needs.window(fold("Skilling 3 people"), {}) is None  # not a whole word


def _texts() -> list[str]:
    texts = []
    for rule in RULES.rules:
        texts.extend(ex.text for ex in rule.examples)
        texts.extend(rule.negatives)
    return texts


def _check_sound(texts: list[str]) -> None:
    """Wherever a rule matches, its figure kind starts and its needed words admit it."""
    for text in texts:
        figures = numbers.find_numbers(text)
        masked = mask_figures(text, figures)
        starts = {
            "num": {f.start for f in figures},
            "one": {m.start() for m in _ONE.finditer(masked)},
            "zero": {m.start() for m in _ZERO.finditer(masked)},
        }
        low = fold(text)
        for rule in RULES.rules:
            window = rule.needs.window(low, {})
            for pos in range(len(masked)):
                if rule.compiled.match(masked, pos) is None:
                    continue
                assert window is not None and window[0] <= pos <= window[1], (rule.id, text)
                if rule.opens:  # an anchored rule is tried only where its figure starts
                    assert any(pos in starts[kind] for kind in rule.opens), (rule.id, text)


def test_needs_are_sound_on_rule_examples() -> None:
    _check_sound(_texts())


@pytest.mark.corpus
def test_needs_are_sound_on_dev(corpus) -> None:  # type: ignore[no-untyped-def]
    texts = []
    with (corpus / "dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if RULES.prefilter.hits(text):
                texts.append(text)
    _check_sound(texts[:60])


def test_needs_index_agrees_with_needs_window() -> None:
    """One scan for all rules (Hyperscan or the regex scan) gives each rule's own window."""
    needs = [rule.needs for rule in RULES.rules]
    fast, plain = NeedsIndex(needs), NeedsIndex(needs, accelerate=False)
    texts = [*_texts(), "Les soldats ont tué 3 civils à Gaza; the blast killed 4 péople éither."]
    for text in texts:
        low = fold(text)
        for index in (fast, plain):
            first, last = index.spots(low)
            for number, rule in enumerate(RULES.rules):
                got = index.window(number, first, last, len(low))
                want = rule.needs.window(low, {})
                if index is plain or text.isascii():
                    assert got == want, (rule.id, text)
                elif want is not None:  # Hyperscan takes é for a non-word character
                    assert got is not None and got[0] <= want[0] and want[1] <= got[1]


def _gate_sentences(corpus_texts: list[str]) -> list[str]:
    from figures.text import split_sentences

    out = [*_texts(), "Depuis le 7 octobre, selon l'ONU, 12 morts; said İstanbul officials."]
    for text in corpus_texts:
        out.extend(text[s.start : s.end] for s in split_sentences(text))
    return out


def _check_gates(sentences: list[str]) -> None:
    """A gated pattern that matches a sentence is always among the possible ones: the
    date expressions and the attribution cues lose no match to their gate."""
    from figures.attribution import _engine
    from figures.dates import load_dates

    dates, cues = load_dates(), _engine()
    checks = [
        (dates.gate, [ex.pattern for ex in dates.expressions]),
        (cues.cue_gate, [cue.pattern for cue in cues.cues]),
    ]
    for gate, patterns in checks:
        assert gate.count == len(patterns)
        for sentence in sentences:
            possible = set(gate.possible(sentence))
            for i, pattern in enumerate(patterns):
                if pattern.search(sentence):
                    assert i in possible, (pattern.pattern[:80], sentence)


def test_gates_are_sound_on_rule_examples() -> None:
    _check_gates(_gate_sentences([]))


@pytest.mark.corpus
def test_gates_are_sound_on_dev(corpus) -> None:  # type: ignore[no-untyped-def]
    with (corpus / "dev.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    _check_gates(_gate_sentences(texts[:150]))


def test_a_gate_narrows_the_patterns_to_run() -> None:
    """Not a gate that lets everything through: most cues need words a plain sentence lacks."""
    from figures.attribution import _engine

    cues = _engine()
    plain = cues.cue_gate.possible("Three people were killed in the blast.")
    assert len(plain) < len(cues.cues) / 2
    assert cues.cue_gate.possible("Three people were killed, police said.")
