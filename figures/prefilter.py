"""The cheap first pass: where the packs' trigger words stand, and which packs they wake.

Only sentences with a trigger word go on to the number reader and the rules. The scan uses
Hyperscan (all packs' triggers in one compiled database, hundreds of MB/s) when the
`hyperscan` package is installed, else the stdlib `re` engine on the lower-cased text
(tens of MB/s). Both give the same hits.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

try:  # an optional accelerator: wheels exist for Linux x86_64
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None

Hits = list[tuple[int, frozenset[str]]]  # (character offset, packs woken there)


@dataclass(frozen=True, slots=True)
class Prefilter:
    """The trigger patterns of a rule set, compiled for lower-cased text."""

    packs: tuple[str, ...]
    lower: dict[str, re.Pattern[str]]
    any_lower: re.Pattern[str]
    fallback: dict[str, Any]  # case-insensitive `regex` patterns, for rare case-folding
    any_fallback: Any
    database: Any  # a hyperscan.Database, or None
    # Hyperscan scratch space may serve one scan at a time: each thread gets its own
    _local: threading.local = field(default_factory=threading.local, compare=False, repr=False)

    def hits(self, text: str) -> Hits:
        """Every trigger hit in ``text``: (offset, packs it wakes), in text order."""
        low = text.lower()
        if len(low) != len(text):  # lower-casing moved offsets: scan the text itself
            return _regex_hits(text, self.any_fallback, self.fallback)
        if self.database is None:
            return _regex_hits(low, self.any_lower, self.lower)
        return self._hyperscan_hits(low)

    def _hyperscan_hits(self, low: str) -> Hits:
        data = low.encode("utf-8")
        found: dict[int, set[str]] = {}

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any) -> None:
            found.setdefault(start, set()).add(self.packs[pattern_id])

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        self.database.scan(data, match_event_handler=on_match, scratch=scratch)
        if not found:
            return []
        ascii_text = len(data) == len(low)
        hits = []
        for start in sorted(found):
            offset = start if ascii_text else len(data[:start].decode("utf-8", "ignore"))
            hits.append((offset, frozenset(found[start])))
        return hits


def _regex_hits(subject: str, scan: Any, packs: dict[str, Any]) -> Hits:
    hits = []
    for m in scan.finditer(subject):
        pos = m.start()
        woken = frozenset(pid for pid, trig in packs.items() if trig.match(subject, pos))
        hits.append((pos, woken))
    return hits


def build_prefilter(
    lower: dict[str, re.Pattern[str]],
    any_lower: re.Pattern[str],
    fallback: dict[str, Any],
    any_fallback: Any,
    *,
    accelerate: bool = True,
) -> Prefilter:
    """Compile the packs' lower-case trigger patterns (into Hyperscan where available)."""
    packs = tuple(lower)
    database = None
    if accelerate and hyperscan is not None and packs:
        try:
            database = hyperscan.Database()
            database.compile(
                expressions=[lower[p].pattern.encode("utf-8") for p in packs],
                ids=list(range(len(packs))),
                elements=len(packs),
                flags=[hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8] * len(packs),
            )
        except Exception:  # a trigger Hyperscan cannot compile: the stdlib scan serves
            database = None
    return Prefilter(packs, lower, any_lower, fallback, any_fallback, database)


# --- the words a rule needs ----------------------------------------------------------------
#
# Every match of a rule contains some literal text of its pattern: "killed" or "died" or
# "dead" for a rule about deaths. Reading the pattern gives, for each rule, clauses of such
# words (each clause a set of strings, one of which must occur in the sentence); a rule
# whose clauses do not all hold cannot match, and is not run. Words that the pattern
# consumes after its start, or that a lookbehind at its start consumes before it, also say
# where a match may start: a rule that needs "killed" after its figure is not tried at a
# figure that stands after the last "killed" of the sentence.

# Characters that IGNORECASE matching (the `regex` module, simple case folding) equates with
# an ASCII letter although str.lower() does not map them to it.
_FOLD = {0x130: "i", 0x17F: "s"}


def fold(text: str) -> str:
    """``text`` lower-cased as the rule engine folds case, same length (offsets hold).

    >>> fold("Killed İN")
    'killed in'
    """
    if not text.isascii():
        text = text.translate(_FOLD)
    return text.lower()


Clause = frozenset[str]


@dataclass(frozen=True, slots=True)
class Needs:
    """What a pattern's every match holds: clauses of lower-case strings, each of which
    has one string in the sentence (``anywhere``), ending at or before the match start
    (``before``), or starting at or after it (``after``)."""

    anywhere: tuple[Clause, ...] = ()
    before: tuple[Clause, ...] = ()
    after: tuple[Clause, ...] = ()

    def window(self, low: str, cache: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
        """Where in ``low`` (a folded sentence) a match may start, as (lowest, highest)
        offsets, or None when a clause has no string in it. ``cache`` holds each string's
        (end of its first occurrence, start of its last) for the sentence, (-1, -1) if none.
        """
        lo, hi = 0, len(low)
        for clause in self.anywhere:
            if not any(_spot(low, s, cache)[1] >= 0 for s in clause):
                return None
        for clause in self.before:
            ends = [_spot(low, s, cache)[0] for s in clause]
            first = min((e for e in ends if e >= 0), default=-1)
            if first < 0:
                return None
            lo = max(lo, first)
        for clause in self.after:
            last = max(_spot(low, s, cache)[1] for s in clause)
            if last < 0:
                return None
            hi = min(hi, last)
        return (lo, hi) if lo <= hi else None


def _spot(low: str, s: str, cache: dict[str, tuple[int, int]]) -> tuple[int, int]:
    found = cache.get(s)
    if found is None:
        first = low.find(s)
        found = cache[s] = (-1, -1) if first < 0 else (first + len(s), low.rfind(s))
    return found


_ABSENT = 1 << 62  # the first end of a string that does not occur


class NeedsIndex:
    """Every rule's needed words, found in a sentence in one pass.

    Gives the same windows as :meth:`Needs.window`, for all rules at once: one scan of
    the sentence finds, at each offset, the longest needed word that starts there (the
    words it begins with stand there too).
    """

    def __init__(self, needs: Sequence[Needs], *, accelerate: bool = True) -> None:
        ids: dict[Clause, int] = {}

        def number(clauses: tuple[Clause, ...]) -> tuple[int, ...]:
            return tuple(ids.setdefault(c, len(ids)) for c in clauses)

        self.rules = tuple((number(n.anywhere), number(n.before), number(n.after)) for n in needs)
        self.size = len(ids)
        in_clauses: dict[str, list[int]] = {}
        for clause, cid in ids.items():
            for word in clause:
                in_clauses.setdefault(word, []).append(cid)
        self.words = tuple(sorted(in_clauses))
        self.clauses_of = tuple(tuple(in_clauses[w]) for w in self.words)
        # for each word: the clauses of it and of every needed word it begins with
        self.updates = {
            word: tuple(
                (cid, k) for k in range(1, len(word) + 1) for cid in in_clauses.get(word[:k], ())
            )
            for word in in_clauses
        }
        self.scanner = regex.compile(f"(?=({_trie(in_clauses)}))") if in_clauses else None
        self.database = _word_database(self.words) if accelerate else None
        self._local = threading.local()

    def spots(self, low: str) -> tuple[list[int], list[int]]:
        """For each clause, in ``low`` (a folded sentence): where the first occurrence of
        one of its words ends (``_ABSENT`` if none), and where the last one starts (-1)."""
        first = [_ABSENT] * self.size
        last = [-1] * self.size
        if self.database is not None:
            self._scan(low, first, last)
        elif self.scanner is not None:
            updates = self.updates
            for m in self.scanner.finditer(low):
                pos = m.start()
                for cid, length in updates[m.group(1)]:
                    if pos + length < first[cid]:
                        first[cid] = pos + length
                    last[cid] = pos  # offsets only grow: the last seen is the last
        return first, last

    def _scan(self, low: str, first: list[int], last: list[int]) -> None:
        words, clauses_of = self.words, self.clauses_of

        def on_match(word: int, start: int, end: int, flags: int, context: Any) -> None:
            start = end - len(words[word])
            for cid in clauses_of[word]:
                if end < first[cid]:
                    first[cid] = end
                if start > last[cid]:
                    last[cid] = start

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        # one byte a character (the words are ASCII): offsets are character offsets
        data = low.encode("ascii", "replace")
        self.database.scan(data, match_event_handler=on_match, scratch=scratch)

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


def _word_database(words: Sequence[str]) -> Any:
    """The words compiled into one Hyperscan database (ids: their index), or None."""
    if hyperscan is None or not words:
        return None
    try:
        database = hyperscan.Database()
        database.compile(
            expressions=["".join(f"\\x{ord(c):02x}" for c in w).encode() for w in words],
            ids=list(range(len(words))),
            elements=len(words),
            flags=[0] * len(words),
        )
    except Exception:  # the regex scan serves
        return None
    return database


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


def pattern_needs(
    pattern: str,
    *,
    anchored: bool,
    blocks: dict[str, str] | None = None,
    mask: str = "0",
    reader: NeedsReader | None = None,
) -> Needs:
    """The clauses of words every match of ``pattern`` (VERBOSE, IGNORECASE) holds.

    ``anchored``: the pattern is tried with ``match`` at chosen starts, so words it
    consumes and words a lookbehind at its start consumes say where it may start.
    ``blocks``: what each {name} in the pattern stands for (read once, however often it is
    used: pass one ``reader`` for many patterns with the same blocks). Strings holding
    ``mask`` are left out (the rules run on text where figures are masked, the test on the
    text itself). A pattern this reader cannot follow needs nothing.

    >>> n = pattern_needs(r"(?<=\\bkill{ed}\\s+)\\d+\\s+(?:people|civilians)", anchored=True,
    ...                   blocks={"ed": "(?:s|ed)?"})
    >>> sorted(n.before[0]), sorted(n.after[0])
    (['kill'], ['civilians', 'people'])
    """
    reader = reader or NeedsReader(blocks or {}, mask)
    return reader.needs(pattern, anchored=anchored)


# A parsed pattern: ("lit", c) one literal character; ("zw",) zero-width, no text (\b,
# anchors, negative lookarounds, comments); ("other",) text that is no literal (a class,
# \w, a back reference); ("seq", [items]); ("alt", [seqs]); ("group", alt);
# ("look", "ahead" | "behind", alt) a positive lookaround; ("rep", item, least); ("ref",
# name) a building block.
Node = tuple[Any, ...]
_BLOCK_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_ZERO_WIDTH_ESCAPES = frozenset("bBAZGmM")


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
                return None  # a literal brace
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
        if c in "pP":
            self.i += 1
            return ("other",)
        if c in "xuU":
            self.i += {"x": 2, "u": 4, "U": 8}[c]
            return ("other",)
        if c in _ZERO_WIDTH_ESCAPES:
            return ("zw",)
        if c.isalnum():
            return ("other",)  # \s \w \d, a group number...
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


_TAG = {"fwd": "after", "back": "before", "any": "any"}
Found = dict[str, list[Clause]]
_KEEP = 3  # clauses kept per place: the most selective
_PLACES = ("any", "before", "after")
_SHORTEST = 3  # a clause with a shorter string is found in most sentences: not worth a test


def _useful(clause: Clause) -> bool:
    # ASCII (one byte a character for the Hyperscan scan), no "?" (what encoding puts for
    # other characters), and no string so short that most sentences have it
    return all(len(s) >= _SHORTEST and s.isascii() and "?" not in s for s in clause)


def _score(clause: Clause) -> tuple[int, int]:
    return min(len(s) for s in clause), -len(clause)


_SHARED: dict[tuple[object, ...], Found] = {}


class NeedsReader:
    """Reads the words patterns need, each building block read once."""

    def __init__(self, blocks: dict[str, str], mask: str = "0") -> None:
        self.blocks = blocks
        self.mask = mask
        self._found: dict[tuple[object, ...], Found] = {}

    def needs(self, pattern: str, *, anchored: bool) -> Needs:
        """The needs of one pattern (see :func:`pattern_needs`)."""
        try:
            found = self.node(self._parse(pattern), "fwd" if anchored else "any", True)
        except (ValueError, IndexError, KeyError, RecursionError):
            return Needs()
        return Needs(*(tuple(c for c in found[tag] if _useful(c)) for tag in _PLACES))

    @staticmethod
    @lru_cache(maxsize=1024)
    def _parse(source: str) -> Node:  # blocks shared by packs are parsed once
        parser = _Parser(source)
        tree = parser.alternation()
        if parser.i != len(source):
            raise ValueError("unbalanced parenthesis")
        return tree

    def _block(self, name: str, mode: str, edge: bool) -> Found:
        source = self.blocks[name]
        # a block without blocks of its own reads the same in every pack
        memo, key = (
            (self._found, (name, mode, edge))
            if _BLOCK_REF.search(source)
            else (_SHARED, (source, mode, edge, self.mask))
        )
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.node(self._parse(source), mode, edge)
        return found

    def _literal(self, run: str) -> bool:
        # no mask character, and no cased letter beyond ASCII (their folding is not lower())
        return self.mask not in run and all(c.isascii() or not c.isalpha() for c in run)

    def node(self, node: Node, mode: str, edge: bool) -> Found:
        """``mode``: fwd (text at or after the start), back (text ending at or before it)
        or any; ``edge``: the node stands right at the start."""
        kind = node[0]
        found: Found = {"any": [], "before": [], "after": []}
        if kind == "lit":
            if self._literal(node[1]):
                found[_TAG[mode]].append(frozenset([fold(node[1])]))
        elif kind == "rep":
            if node[2] >= 1:
                return self.node(node[1], mode, edge)
        elif kind == "group":
            return self.node(node[1], mode, edge)
        elif kind == "ref":  # a building block, expanded as a group
            return self._block(node[1], mode, edge)
        elif kind == "look":
            if node[1] == "behind":
                inner = "back" if (mode == "fwd" and edge) or mode == "back" else "any"
                return self.node(node[2], inner, edge if mode == "back" else inner == "back")
            inner = "fwd" if mode == "fwd" or (mode == "back" and edge) else "any"
            return self.node(node[2], inner, edge if mode == "fwd" else inner == "fwd")
        elif kind == "seq":
            return self._sequence(node[1], mode, edge)
        elif kind == "alt":
            return self._alternation(node[1], mode, edge)
        return found

    def _sequence(self, items: list[Node], mode: str, edge: bool) -> Found:
        found: Found = {"any": [], "before": [], "after": []}
        # which items stand at the start: the first ones forward, the last ones backward
        consumes = [it[0] not in ("zw", "look") for it in items]
        at_edge = [False] * len(items)
        if edge:
            order = range(len(items)) if mode != "back" else range(len(items) - 1, -1, -1)
            for k in order:
                at_edge[k] = True
                if consumes[k]:
                    break
        run = ""
        for k, item in enumerate(items):
            if item[0] == "lit":
                run += item[1]
                continue
            if item[0] == "zw":
                continue
            if run:
                self._add_run(found, run, mode)
                run = ""
            sub = self.node(item, mode, at_edge[k])
            for tag, clauses in sub.items():
                found[tag].extend(clauses)
        if run:
            self._add_run(found, run, mode)
        return {tag: _best(clauses) for tag, clauses in found.items()}

    def _add_run(self, found: Found, run: str, mode: str) -> None:
        if self._literal(run):
            found[_TAG[mode]].append(frozenset([fold(run)]))

    def _alternation(self, branches: list[Node], mode: str, edge: bool) -> Found:
        subs = [self.node(b, mode, edge) for b in branches]
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


def _best(clauses: list[Clause]) -> list[Clause]:
    """The most selective clauses, a clause implied by a stronger one left out."""
    kept: list[Clause] = []
    for clause in sorted(set(clauses), key=_score, reverse=True):
        if not any(k <= clause for k in kept):
            kept.append(clause)
    return kept[:_KEEP]
