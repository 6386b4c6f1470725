"""The words a rule needs: read from its pattern, they say which rules can match a sentence
and where, before any rule runs.

Every match of a rule contains some literal text of its pattern: "killed", "died" or
"dead" for a rule about deaths. Reading the pattern gives, for each rule, clauses of such
words (each clause a set of words, one of which must occur in the sentence); a rule whose
clauses do not all hold cannot match, and is not run. Words the pattern consumes after its
start, or that a lookbehind at its start consumes before it, also say where a match may
start: a rule that needs "killed" after its figure is not tried at a figure that stands
after the last "killed" of the sentence. A word the pattern puts between word boundaries
(``\\bif\\s+``) counts only as a whole word, so short words ("if", "be") serve too.

One pass over a sentence finds the words of all rules at once (Hyperscan when installed,
else one `regex` scan); the windows are the same either way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import regex

try:  # an optional accelerator: wheels exist for Linux x86_64
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None  # type: ignore[assignment]

__all__ = ["Needs", "NeedsIndex", "NeedsReader", "PatternGate", "Word", "fold", "pattern_needs"]

# Characters that IGNORECASE matching (the `regex` module, simple case folding) equates with
# an ASCII letter although str.lower() does not map them to it.
_FOLD = {0x130: "i", 0x17F: "s"}


def fold(text: str) -> str:
    """``text`` lower-cased as the rule engine folds case, same length (offsets hold).

    >>> fold("Killed İN")
    'killed in'
    """
    if not text.isascii() and ("\u0130" in text or "\u017f" in text):
        text = text.translate(_FOLD)
    return text.lower()


class Word(NamedTuple):
    """A needed word: lower-case text, and whether a word boundary must stand before it
    (``start``) or after it (``end``)."""

    text: str
    start: bool = False
    end: bool = False

    def __str__(self) -> str:
        return self._bounded(self.text)

    def source(self) -> str:
        """The word as a `regex` pattern for folded text."""
        return self._bounded(regex.escape(self.text))

    def _bounded(self, body: str) -> str:
        return (_B if self.start else "") + body + (_B if self.end else "")


Clause = frozenset[Word]
_B = "\\b"


@dataclass(frozen=True, slots=True)
class Needs:
    """What a pattern's every match holds: clauses of words, each of which has one word in
    the sentence (``anywhere``), ending at or before the match start (``before``), or
    starting at or after it (``after``)."""

    anywhere: tuple[Clause, ...] = ()
    before: tuple[Clause, ...] = ()
    after: tuple[Clause, ...] = ()

    def __str__(self) -> str:
        """One line per place, one clause a line part: ``after: \\bdied\\b | \\bdead\\b``."""
        lines = []
        for place in ("anywhere", "before", "after"):
            for clause in getattr(self, place):
                lines.append(f"{place}: " + " | ".join(sorted(map(str, clause))))
        return "\n".join(lines) or "(nothing: the rule runs on every sentence its pack wakes)"

    def to_json(self) -> list[list[list[list[str | bool]]]]:
        """The needs as JSON data: per place, per clause, each word's [text, start, end]."""
        return [
            [[list(word) for word in sorted(clause)] for clause in clauses]
            for clauses in (self.anywhere, self.before, self.after)
        ]

    @classmethod
    def from_json(cls, data: list[list[list[list[str | bool]]]]) -> Needs:
        """The needs :meth:`to_json` gave."""
        places = (
            tuple(
                frozenset(Word(str(w[0]), bool(w[1]), bool(w[2])) for w in clause)
                for clause in place
            )
            for place in data
        )
        return cls(*places)

    def window(self, low: str, cache: dict[Word, tuple[int, int]]) -> tuple[int, int] | None:
        """Where in ``low`` (a folded sentence) a match may start, as (lowest, highest)
        offsets, or None when a clause has no word in it. ``cache`` holds each word's
        (end of its first occurrence, start of its last) for the sentence, (-1, -1) if none.

        This is the plain definition; :class:`NeedsIndex` computes the same for all rules.
        """
        lo, hi = 0, len(low)
        for clause in self.anywhere:
            if not any(_spot(low, w, cache)[1] >= 0 for w in clause):
                return None
        for clause in self.before:
            ends = [_spot(low, w, cache)[0] for w in clause]
            first = min((e for e in ends if e >= 0), default=-1)
            if first < 0:
                return None
            lo = max(lo, first)
        for clause in self.after:
            last = max(_spot(low, w, cache)[1] for w in clause)
            if last < 0:
                return None
            hi = min(hi, last)
        return (lo, hi) if lo <= hi else None


def _spot(low: str, word: Word, cache: dict[Word, tuple[int, int]]) -> tuple[int, int]:
    found = cache.get(word)
    if found is None:
        spans = [m.span() for m in regex.finditer(word.source(), low, overlapped=True)]
        found = cache[word] = (spans[0][1], spans[-1][0]) if spans else (-1, -1)
    return found


# --- all rules at once ---------------------------------------------------------------------

_ABSENT = 1 << 62  # the first end of a word that does not occur
_WORD_CHAR = regex.compile(r"\w")
_WORD_BYTES = tuple(bool(_WORD_CHAR.match(chr(b))) for b in range(128)) + (False,) * 128


class NeedsIndex:
    """Every rule's needed words, found in a sentence in one pass.

    Gives each rule the window :meth:`Needs.window` gives (with Hyperscan, a window at
    least as wide: it takes a character beyond ASCII for a non-word character).
    """

    def __init__(self, needs: Sequence[Needs], *, accelerate: bool = True) -> None:
        ids: dict[Clause, int] = {}

        def number(clauses: tuple[Clause, ...]) -> tuple[int, ...]:
            return tuple(ids.setdefault(c, len(ids)) for c in clauses)

        self.rules = tuple((number(n.anywhere), number(n.before), number(n.after)) for n in needs)
        self.size = len(ids)
        in_clauses: dict[Word, list[int]] = {}
        for clause, cid in ids.items():
            for word in clause:
                in_clauses.setdefault(word, []).append(cid)
        # each text once, with the clauses of its words and their boundaries
        by_text: dict[str, list[tuple[int, int, bool, bool]]] = {}
        for word, cids in sorted(in_clauses.items()):
            by_text.setdefault(word.text, []).extend(
                (cid, len(word.text), word.start, word.end) for cid in cids
            )
        self.texts = tuple(by_text)
        self.uses = tuple(tuple(by_text[t]) for t in self.texts)
        self.database: Any = _text_database(self.texts) if accelerate else None
        self._local = threading.local()
        # without Hyperscan: a scan for the longest text at each offset, then the texts
        # it begins with
        self.updates = {
            text: tuple(u for k in range(1, len(text) + 1) for u in by_text.get(text[:k], ()))
            for text in by_text
        }
        self.scanner = regex.compile(f"(?=({_trie(by_text)}))") if by_text else None

    def spots(self, low: str) -> tuple[list[int], list[int]]:
        """For each clause, in ``low`` (a folded sentence): where the first occurrence of
        one of its words ends (``_ABSENT`` if none), and where the last one starts (-1)."""
        first = [_ABSENT] * self.size
        last = [-1] * self.size
        if self.database is not None:
            self._scan(low, first, last)
        elif self.scanner is not None:
            updates = self.updates
            n = len(low)
            for m in self.scanner.finditer(low):
                pos = m.start()
                open_before = pos == 0 or not _WORD_CHAR.match(low, pos - 1)
                for cid, length, start, end in updates[m.group(1)]:
                    stop = pos + length
                    if start and not open_before:
                        continue
                    if end and stop < n and _WORD_CHAR.match(low, stop):
                        continue
                    if stop < first[cid]:
                        first[cid] = stop
                    last[cid] = pos  # offsets only grow: the last seen is the last
        return first, last

    def _scan(self, low: str, first: list[int], last: list[int]) -> None:
        # one byte a character (the texts are ASCII): offsets are character offsets; a
        # character beyond ASCII becomes "?", a non-word character
        data = low.encode("ascii", "replace")
        n = len(data)
        uses = self.uses

        def on_match(text: int, start: int, end: int, flags: int, context: Any) -> None:
            for cid, length, at_start, at_end in uses[text]:
                pos = end - length
                if at_start and pos and _WORD_BYTES[data[pos - 1]]:
                    continue
                if at_end and end < n and _WORD_BYTES[data[end]]:
                    continue
                if end < first[cid]:
                    first[cid] = end
                if pos > last[cid]:
                    last[cid] = pos

        database = self.database
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        database.scan(data, match_event_handler=on_match, scratch=scratch)

    def window(
        self, rule: int, first: list[int], last: list[int], length: int
    ) -> tuple[int, int] | None:
        """Rule number ``rule``'s window (see :meth:`Needs.window`) from :meth:`spots`."""
        anywhere, before, after = self.rules[rule]
        for cid in anywhere:
            if last[cid] < 0:
                return None
        lo, hi = 0, length
        for cid in before:
            end = first[cid]
            if end == _ABSENT:
                return None
            lo = max(lo, end)
        for cid in after:
            start = last[cid]
            if start < 0:
                return None
            hi = min(hi, start)
        return (lo, hi) if lo <= hi else None


def _text_database(texts: Sequence[str]) -> Any:
    """The texts compiled into one Hyperscan database (ids: their index), or None."""
    if hyperscan is None or not texts:
        return None
    try:
        database = hyperscan.Database()
        database.compile(
            expressions=["".join(f"\\x{ord(c):02x}" for c in t).encode() for t in texts],
            ids=list(range(len(texts))),
            elements=len(texts),
            flags=[0] * len(texts),
        )
    except Exception:  # the regex scan serves
        return None
    return database


class PatternGate:
    """Which of many patterns (VERBOSE, IGNORECASE sources) can match a text: each one's
    needed words, found for all of them in one pass. A pattern it cannot read is always
    possible, so the gate never drops a match; it only saves running patterns whose words
    are absent (the date expressions and the attribution cues of a sentence)."""

    def __init__(self, sources: Sequence[str], *, accelerate: bool = True) -> None:
        reader = NeedsReader({})
        self.count = len(sources)
        self.index = NeedsIndex(
            [reader.needs(s, anchored=False) for s in sources], accelerate=accelerate
        )

    def possible(self, text: str) -> list[int]:
        """The indices of the patterns that may match ``text``, in order."""
        index = self.index
        first, last = index.spots(fold(text))
        n = len(text)
        return [i for i in range(self.count) if index.window(i, first, last, n) is not None]


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a character trie: the longest word that matches wins."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [regex.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# --- reading a pattern -------------------------------------------------------------------


def pattern_needs(
    pattern: str,
    *,
    anchored: bool,
    blocks: dict[str, str] | None = None,
    mask: str = "0",
) -> Needs:
    """The clauses of words every match of ``pattern`` (VERBOSE, IGNORECASE) holds.

    ``anchored``: the pattern is tried with ``match`` at chosen starts, so words it
    consumes and words a lookbehind at its start consumes say where it may start.
    ``blocks``: what each {name} in the pattern stands for (use one :class:`NeedsReader`
    for many patterns with the same blocks: each block is read once). Words holding
    ``mask`` are left out (the rules run on text where figures are masked, the test on the
    text itself). A pattern this reader cannot follow needs nothing.

    >>> n = pattern_needs(r"(?<=\\bkill{ed}\\s+)\\d+\\s+(?:people|civilians)\\b", anchored=True,
    ...                   blocks={"ed": "(?:s|ed)?"})
    >>> [sorted(map(str, c)) for c in n.before], [sorted(map(str, c)) for c in n.after]
    ([['\\\\bkill']], [['\\\\bcivilians\\\\b', '\\\\bpeople\\\\b']])
    """
    return NeedsReader(blocks or {}, mask).needs(pattern, anchored=anchored)


# A parsed pattern: ("lit", c) one literal character; ("wb",) a word boundary; ("zw",)
# another zero-width item (anchors, negative lookarounds, comments); ("sep",) one
# character that is no word character (\s, \W); ("other",) any other text (a class, \w, a
# back reference); ("seq", [items]); ("alt", [seqs]); ("group", alt); ("look", "ahead" |
# "behind", alt) a positive lookaround; ("rep", item, least); ("ref", name) a block.
Node = tuple[Any, ...]
_BLOCK_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_ZERO_WIDTH_ESCAPES = frozenset("BAZGmM")


class _Parser:
    """A reader of the `regex` syntax the packs use: enough to find literal text."""

    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0

    def _skip(self) -> None:  # VERBOSE: white space and comments are no text
        s = self.s
        while self.i < len(s):
            if s[self.i].isspace():
                self.i += 1
            elif s[self.i] == "#":
                end = s.find("\n", self.i)
                self.i = len(s) if end < 0 else end
            else:
                return

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        return ("alt", branches)

    def sequence(self) -> Node:
        items: list[Node] = []
        while True:
            self._skip()
            if self.i >= len(self.s) or self.s[self.i] in "|)":
                return ("seq", items)
            atom = self.atom()
            self._skip()
            least = self.quantifier()
            items.append(atom if least is None else ("rep", atom, least))

    def quantifier(self) -> int | None:
        s, i = self.s, self.i
        if i >= len(s):
            return None
        if s[i] in "?*+":
            least = 1 if s[i] == "+" else 0
            self.i += 1
        elif s[i] == "{":
            close = s.find("}", i)
            body = s[i + 1 : close] if close > 0 else ""
            parts = body.split(",")
            if len(parts) > 2 or not all(p.strip().isdigit() or not p.strip() for p in parts):
                return None  # a literal brace, or a block
            if not body.replace(",", "").strip():
                return None
            least = int(parts[0]) if parts[0].strip() else 0
            self.i = close + 1
        else:
            return None
        if self.i < len(s) and s[self.i] in "?+":  # lazy or possessive
            self.i += 1
        return least

    def atom(self) -> Node:
        s = self.s
        c = s[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            self._class()
            return ("other",)
        if c == "\\":
            return self.escape()
        if c == "{":
            ref = _BLOCK_REF.match(s, self.i)
            if ref:
                self.i = ref.end()
                return ("ref", ref.group(1))
        self.i += 1
        if c in "^$":
            return ("zw",)
        if c == ".":
            return ("other",)
        return ("lit", c)

    def escape(self) -> Node:
        s = self.s
        c = s[self.i + 1]
        self.i += 2
        if c in "pPNx" and self.i < len(s) and s[self.i] == "{":
            self.i = s.index("}", self.i) + 1
            return ("other",)
        if c == "L" and self.i < len(s) and s[self.i] == "<":  # a named list of words
            self.i = s.index(">", self.i) + 1
            return ("other",)
        if c in "pP":
            self.i += 1
            return ("other",)
        if c in "xuU":
            self.i += {"x": 2, "u": 4, "U": 8}[c]
            return ("other",)
        if c == "b":
            return ("wb",)
        if c in _ZERO_WIDTH_ESCAPES:
            return ("zw",)
        if c in "sW":
            return ("sep",)
        if c.isalnum():
            return ("other",)  # \w \d \S, a group number...
        return ("lit", c)

    def _class(self) -> None:
        s = self.s
        self.i += 1
        if s[self.i] == "^":
            self.i += 1
        if s[self.i] == "]":
            self.i += 1
        while s[self.i] != "]":
            self.i += 2 if s[self.i] == "\\" else 1
        self.i += 1

    def group(self) -> Node:
        s = self.s
        self.i += 1
        kind = "group"
        if s.startswith("?", self.i):
            rest = s[self.i + 1 : self.i + 3]
            if rest.startswith((":", ">")):
                self.i += 2
            elif rest.startswith("P<") or (rest.startswith("<") and rest[1:2] not in "=!"):
                self.i = s.index(">", self.i) + 1
            elif rest.startswith(("P=", "#")):
                self.i = s.index(")", self.i) + 1
                return ("other",) if rest.startswith("P=") else ("zw",)
            elif rest.startswith(("<=", "=")):
                kind = "behind" if rest.startswith("<") else "ahead"
                self.i += 1 + len(rest if rest.startswith("<") else "=")
            elif rest.startswith(("<!", "!")):
                kind = "negative"
                self.i += 1 + len(rest if rest.startswith("<") else "!")
            else:  # scoped flags: (?-i:...), (?i:...)
                j = self.i + 1
                while j < len(s) and (s[j].isalpha() or s[j] == "-"):
                    j += 1
                if j >= len(s) or s[j] != ":" or "x" in s[self.i : j]:
                    raise ValueError(f"a group this reader does not follow at {self.i}")
                self.i = j + 1
        body = self.alternation()
        if self.i >= len(s) or s[self.i] != ")":
            raise ValueError(f"missing ) at {self.i}")
        self.i += 1
        if kind == "negative":
            return ("zw",)
        if kind in ("ahead", "behind"):
            return ("look", kind, body)
        return ("group", body)


# Where a clause's words stand, by the reader's mode: after the start (fwd), before it
# (back, inside a lookbehind at the start), or anywhere.
_TAG = {"fwd": "after", "back": "before", "any": "any"}
_PLACES = ("any", "before", "after")
Found = dict[str, list[Clause]]
_KEEP = 3  # clauses kept per place: the most selective


def _is_word(c: str) -> bool:
    return bool(_WORD_CHAR.match(c))


def _score(clause: Clause) -> tuple[int, int]:
    # a boundary is worth about a letter: "\bif\b" is as rare as a four-letter string
    return min(len(w.text) + w.start + w.end for w in clause), -len(clause)


_SHARED: dict[tuple[object, ...], Found] = {}
# words in most sentences of news: they cost more to find than they save
_COMMON_WORDS = """the of to and in for on at by with from as is was are were be been has have
    had it its he his she her they their this that which who or but not an"""
_COMMON = frozenset(_COMMON_WORDS.split())


class NeedsReader:
    """Reads the words patterns need, each building block read once."""

    def __init__(self, blocks: dict[str, str], mask: str = "0") -> None:
        self.blocks = blocks
        self.mask = mask
        self._found: dict[tuple[object, ...], Found] = {}

    def needs(self, pattern: str, *, anchored: bool) -> Needs:
        """The needs of one pattern (see :func:`pattern_needs`)."""
        try:
            found = self.node(
                self._parse(pattern), "fwd" if anchored else "any", True, False, False
            )
        except (ValueError, IndexError, KeyError, RecursionError):
            return Needs()
        return Needs(*(tuple(found[tag]) for tag in _PLACES))

    @staticmethod
    @lru_cache(maxsize=1024)
    def _parse(source: str) -> Node:  # blocks shared by packs are parsed once
        parser = _Parser(source)
        tree = parser.alternation()
        if parser.i != len(source):
            raise ValueError("unbalanced parenthesis")
        return tree

    def _block(self, name: str, mode: str, edge: bool, left: bool, right: bool) -> Found:
        source = self.blocks[name]
        # a block without blocks of its own reads the same in every pack
        memo, key = (
            (self._found, (name, mode, edge, left, right))
            if _BLOCK_REF.search(source)
            else (_SHARED, (source, mode, edge, left, right, self.mask))
        )
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.node(self._parse(source), mode, edge, left, right)
        return found

    def _word(self, run: str, start: bool, end: bool) -> Word | None:
        """The run of literal characters as a needed word, or None when it is no use: a
        mask or non-ASCII character in it (the scan is byte-wise), or so short that most
        sentences have it (a whole word of two letters serves)."""
        text = fold(run)
        if self.mask in text or not text.isascii() or "?" in text:
            return None
        start = start and _is_word(text[0])
        end = end and _is_word(text[-1])
        if len(text) < 3 and not (len(text) == 2 and start and end):
            return None
        if text.strip(" ,.;:-'") in _COMMON:
            return None
        return Word(text, start, end)

    def node(self, node: Node, mode: str, edge: bool, left: bool, right: bool) -> Found:
        """The clauses of one parsed node.

        ``mode``: fwd (text at or after the start), back (text ending at or before it) or
        any; ``edge``: the node stands right at the start. ``left``: a word character
        opening the node has no word character before it; ``right``: a word character
        closing it has none after it.
        """
        kind = node[0]
        if kind == "lit":
            word = self._word(node[1], left, right)
            return _found([frozenset([word])] if word else [], mode)
        if kind == "rep":
            if node[2] >= 1:  # the first repeat stands where the item does
                return self.node(node[1], mode, edge, left, False)
        elif kind == "group":
            return self.node(node[1], mode, edge, left, right)
        elif kind == "ref":  # a building block, expanded as a group
            return self._block(node[1], mode, edge, left, right)
        elif kind == "look":
            if node[1] == "behind":
                inner = "back" if (mode == "fwd" and edge) or mode == "back" else "any"
                at = edge if mode == "back" else inner == "back"
                return self.node(node[2], inner, at, False, right)
            inner = "fwd" if mode == "fwd" or (mode == "back" and edge) else "any"
            at = edge if mode == "fwd" else inner == "fwd"
            return self.node(node[2], inner, at, left, False)
        elif kind == "seq":
            return self._sequence(node[1], mode, edge, left, right)
        elif kind == "alt":
            return self._alternation(node[1], mode, edge, left, right)
        return _found([], mode)

    def _sequence(self, items: list[Node], mode: str, edge: bool, left: bool, right: bool) -> Found:
        n = len(items)
        # which items stand at the start: the first ones forward, the last ones backward
        at_edge = [False] * n
        if edge:
            for k in range(n) if mode != "back" else range(n - 1, -1, -1):
                at_edge[k] = True
                if items[k][0] not in ("zw", "wb", "look"):
                    break
        # word boundaries: before each item (no word character before a word character
        # that opens it) and after it (none after a word character that closes it)
        open_before = [False] * n
        state = left
        for k, item in enumerate(items):
            open_before[k] = state
            state = _after_item(item, state)
        closed_after = [False] * n
        state = right
        for k in range(n - 1, -1, -1):
            closed_after[k] = state
            state = _before_item(items[k], state)
        found: Found = {"any": [], "before": [], "after": []}
        run, run_start, last_lit = "", 0, 0
        for k, item in enumerate(items):
            if item[0] == "lit":
                if not run:
                    run_start = k
                run += item[1]
                last_lit = k
                continue
            if item[0] in ("zw", "wb"):
                continue
            if run:
                self._add_run(found, run, open_before[run_start], closed_after[last_lit], mode)
                run = ""
            sub = self.node(item, mode, at_edge[k], open_before[k], closed_after[k])
            for tag, clauses in sub.items():
                found[tag].extend(clauses)
        if run:
            self._add_run(found, run, open_before[run_start], closed_after[last_lit], mode)
        return {tag: _best(clauses) for tag, clauses in found.items()}

    def _add_run(self, found: Found, run: str, start: bool, end: bool, mode: str) -> None:
        word = self._word(run, start, end)
        if word:
            found[_TAG[mode]].append(frozenset([word]))

    def _alternation(
        self, branches: list[Node], mode: str, edge: bool, left: bool, right: bool
    ) -> Found:
        subs = [self.node(b, mode, edge, left, right) for b in branches]
        if len(subs) == 1:
            return subs[0]
        found: Found = {"any": [], "before": [], "after": []}
        for tag in ("before", "after"):
            if all(sub[tag] for sub in subs):
                found[tag].append(frozenset().union(*(sub[tag][0] for sub in subs)))
        if not found["before"] and not found["after"]:
            picks = []
            for sub in subs:
                clauses = [c for cs in sub.values() for c in cs]
                if not clauses:
                    return found
                picks.append(max(clauses, key=_score))
            found["any"].append(frozenset().union(*picks))
        return found


def _found(clauses: list[Clause], mode: str) -> Found:
    found: Found = {"any": [], "before": [], "after": []}
    found[_TAG[mode]].extend(clauses)
    return found


def _after_item(item: Node, open_before: bool) -> bool:
    """Whether no word character stands right after ``item`` (when a word one follows)."""
    kind = item[0]
    if kind in ("zw", "look"):
        return open_before
    if kind == "wb":
        return True
    return _nonword_edge(item, last=True)


def _before_item(item: Node, closed_after: bool) -> bool:
    """Whether no word character stands right before ``item`` (when a word one precedes)."""
    kind = item[0]
    if kind in ("zw", "look"):
        return closed_after
    if kind == "wb":
        return True
    return _nonword_edge(item, last=False)


def _nonword_edge(item: Node, *, last: bool) -> bool:
    """Whether ``item`` always ends (``last``) or starts with a non-word character."""
    kind = item[0]
    if kind == "sep":
        return True
    if kind == "lit":
        return not _is_word(item[1])
    if kind == "rep":
        return item[2] >= 1 and _nonword_edge(item[1], last=last)
    return False


def _best(clauses: list[Clause]) -> list[Clause]:
    """The most selective clauses, a clause implied by a stronger one left out."""
    kept: list[Clause] = []
    for clause in sorted(set(clauses), key=_score, reverse=True):
        if not any(k <= clause for k in kept):
            kept.append(clause)
    return kept[:_KEEP]
