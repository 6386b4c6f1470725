"""Source normalisation: map the words that name a speaker to one canonical source and kind.

The alias table is data (``figures/data/sources.toml`` plus any user TOML files), so that
"the Gaza health ministry" and "the Health Ministry in Gaza" land on one ``sources`` row.
A speaker no alias names still gets a kind guessed from its head noun.

>>> table = load_aliases()
>>> table.lookup("the Hamas-run health ministry in Gaza")
SourceMatch(name='Ministry of Health (Gaza)', kind='ministry')
>>> table.lookup("provincial police")
SourceMatch(name=None, kind='police')
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from figures.regexcache import compile_cached

__all__ = ["AliasTable", "SourceError", "SourceMatch", "load_aliases", "speaker_parts"]

DATA = resources.files("figures") / "data"
FLAGS = regex.IGNORECASE | regex.V0
_SPACES = regex.compile(r"(?<!\\) +")
_ACRONYM = regex.compile(r"[A-Z][A-Z0-9.&\-]+")
# what ends the head of a speaker phrase: a post-modifier or a coordinated second part
_HEAD_END = regex.compile(
    r"\s+(?:of|in|for|at|from|on|with|near|by|to|who|which|that|linked|led|based)\s|,|\s+and\s",
    regex.IGNORECASE,
)
# "and" between two speakers, not between two modifiers ("U.S. and Iraqi officials")
_COORDINATION = regex.compile(r"\s+(?:and|&)\s+(?=(?:the|a|an|other|some)\s|\S+\s*$|\S+\s+\S+\s*$)")
_CAPITAL_WORD = regex.compile(r"(?-i:\p{Lu}[\p{L}\p{M}'’.\-]*)")
_NAME_STOP = frozenset(
    "the a an of in for at and on by to his her its their this that".split()  # noqa: SIM905
)


# words that open a person's title after "the": "the Rev. Jesse Jackson"
_TITLES = frozenset(
    """rev reverend president prime minister secretary governor mayor general gen colonel
    col major maj captain capt lieutenant lt sergeant sgt dr doctor judge justice senator
    sen sheikh imam king queen prince princess pope cardinal bishop archbishop ayatollah
    commissioner chief inspector superintendent ambassador professor prof late""".split()  # noqa: SIM905
)
# last words of a capitalised run that names a place or a building, not a person
_PLACE_WORDS = frozenset(
    """square street road avenue boulevard bridge park plaza hospital no station airport
    hotel church mosque temple cathedral school college university centre center camp
    prison jail island islands river lake mountain mountains valley city province district
    county state region republic kingdom sea ocean gulf bay coast port harbour harbor
    market stadium building palace hall highway village town base""".split()  # noqa: SIM905
)


class SourceError(ValueError):
    """A sources file that cannot be loaded: the message names the file and the key."""


class SourceMatch(NamedTuple):
    """What a speaker phrase maps to: a canonical name (or None) and a kind (or None)."""

    name: str | None
    kind: str | None


# --- the schema ----------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KindSpec(_Strict):
    description: str = ""
    nouns: list[str] = Field(default_factory=list)

    @field_validator("nouns")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not n.strip() for n in value):
            raise ValueError("a noun pattern is empty")
        return value


class SourceSpec(_Strict):
    name: str = Field(min_length=1)
    kind: str = Field(pattern=r"^[a-z][a-z_]*$")
    aliases: list[str] = Field(min_length=1)
    description: str | None = None


class SourcesFile(_Strict):
    kinds: dict[str, KindSpec] = Field(default_factory=dict)
    source: list[SourceSpec] = Field(default_factory=list)


# --- the compiled table ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Alias:
    name: str
    kind: str
    pattern: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Canonical sources with their alias patterns, and the head nouns of each kind."""

    aliases: tuple[_Alias, ...]
    kind_nouns: tuple[tuple[str, regex.Pattern[str]], ...]
    kinds: dict[str, str]
    paths: tuple[str, ...]
    _memo: dict[str, SourceMatch] = field(default_factory=dict, compare=False, repr=False)

    def canonical(self, text: str) -> tuple[str, str] | None:
        """The (name, kind) of the alias with the longest match in ``text``, or None."""
        best: tuple[int, int, _Alias] | None = None
        for order, alias in enumerate(self.aliases):
            for m in alias.pattern.finditer(text):
                length = m.end() - m.start()
                if best is None or length > best[0]:
                    best = (length, -order, alias)
        return (best[2].name, best[2].kind) if best else None

    def guess_kind(self, text: str) -> str | None:
        """The kind of a speaker phrase from its head noun, or None.

        >>> load_aliases().guess_kind("hospital officials in the capital")
        'medical'
        """
        head = _head(text)
        best: tuple[int, int, str] | None = None
        for kind, pattern in self.kind_nouns:
            for m in pattern.finditer(head):
                key = (m.end(), m.end() - m.start())
                if best is None or key > best[:2]:
                    best = (*key, kind)
        if best is not None and best[0] >= len(head.rstrip()) - 1:
            return best[2]
        if _is_name(head):
            return "named_person"
        return best[2] if best else None

    def lookup(self, text: str) -> SourceMatch:
        """Canonical name and kind for a speaker phrase; the kind is guessed if no alias fits.

        Two speakers joined by "and" ("police and hospital officials") are no one
        canonical source: the name stays None and the kind is the first one's.
        """
        known = self._memo.get(text)
        if known is not None:
            return known
        parts = speaker_parts(text)
        if len(parts) > 1:
            kinds = [self.lookup(part).kind for part in parts]
            match = SourceMatch(None, next((k for k in kinds if k), None))
        else:
            found = self.canonical(text)
            match = SourceMatch(*found) if found else SourceMatch(None, self.guess_kind(text))
        if len(self._memo) < 50_000:
            self._memo[text] = match
        return match


def speaker_parts(text: str) -> list[str]:
    """The speakers a phrase joins with "and": "police and hospital officials" gives two.

    >>> speaker_parts("witnesses and a U.N. aid official")
    ['witnesses', 'a U.N. aid official']
    """
    return _COORDINATION.split(text)


def _head(text: str) -> str:
    """The speaker phrase up to its first post-modifier or coordinated part."""
    m = _HEAD_END.search(text)
    return text[: m.start()] if m else text


def _is_name(head: str) -> bool:
    """Whether ``head`` ends in a personal name: two capitalised words or more, not the
    name of a place or a building ("Tiananmen Square", "Hospital No. 7") and not after an
    indefinite article ("a West German").

    >>> _is_name("Health Minister Ana Lopez"), _is_name("Tiananmen Square")
    (True, False)
    >>> _is_name("a West German")
    False

    A capitalised run after "the" names a group, a ship or a thing, unless a title opens
    it ("the Rev. Jesse Jackson"):

    >>> _is_name("the Comando Vermelho"), _is_name("the USS Iwo Jima")
    (False, False)
    >>> _is_name("the Reverend Martin Luther King")
    True
    """
    words = head.split()
    if words and words[-1].lower().rstrip(".") in _PLACE_WORDS:
        return False
    run = 0
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        if word.lower() in _NAME_STOP or not _CAPITAL_WORD.fullmatch(word):
            if word.lower() in ("a", "an"):
                return False
            # (a run has begun: words[k + 1] opens it)
            if word.lower() == "the" and run and words[k + 1].lower().rstrip(".") not in _TITLES:
                return False
            break
        if word.isupper() and len(word) > 1 and "." not in word:
            if k > 0 and words[k - 1].lower() == "the":
                return False  # "the USS Iwo Jima"
            break  # an acronym is an organisation, not a name
        run += 1
    return run >= 2


def _pattern(source: str, where: str) -> regex.Pattern[str]:
    """Compile one alias or noun pattern as a whole-word match; acronyms match case.

    A space in the pattern matches any run of white space.
    """
    if "\n" in source:
        raise SourceError(f"{where}: pattern {source!r} spans lines; write it on one line")
    spaced = _SPACES.sub(r"\\s+", source.strip())
    body = f"(?-i:{spaced})" if _ACRONYM.fullmatch(source) else f"(?:{spaced})"
    try:
        compiled = compile_cached(rf"(?<![\w\-]){body}(?![\w\-])", FLAGS)
    except regex.error as exc:
        raise SourceError(f"{where}: bad pattern {source!r}: {exc}") from exc
    if compiled.fullmatch("") is not None:
        raise SourceError(f"{where}: pattern {source!r} matches the empty string")
    return compiled


def _read(path: Path | resources.abc.Traversable) -> SourcesFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from exc
    try:
        return SourcesFile.model_validate(data)
    except ValidationError as exc:
        raise SourceError(f"{path}: {_explain(exc, data)}") from exc


def _explain(exc: ValidationError, data: dict[str, object]) -> str:
    """Name the source entry an error sits in, by its name where it has one."""
    parts = []
    entries = data.get("source")
    for err in exc.errors():
        loc = list(err["loc"])
        label = ".".join(str(x) for x in loc)
        if (
            len(loc) >= 2
            and loc[0] == "source"
            and isinstance(loc[1], int)
            and isinstance(entries, list)
            and loc[1] < len(entries)
        ):
            entry = entries[loc[1]]
            name = entry.get("name") if isinstance(entry, dict) else None
            label = f"source {name or '#' + str(loc[1])}: " + ".".join(str(x) for x in loc[2:])
        parts.append(f"{label}: {err['msg']}")
    return "; ".join(parts)


def compile_sources(paths: Sequence[Path | resources.abc.Traversable]) -> AliasTable:
    """Load, validate and compile sources files; later files' aliases are tried first."""
    kinds: dict[str, str] = {}
    nouns: list[tuple[str, str, str]] = []  # (kind, pattern, where)
    entries: list[tuple[str, SourceSpec]] = []
    for path in paths:
        data = _read(path)
        for kind, ks in data.kinds.items():
            if kind not in kinds or ks.description:
                kinds[kind] = ks.description
            nouns.extend(
                (kind, noun, f"{path}: kinds.{kind}.nouns[{i}]") for i, noun in enumerate(ks.nouns)
            )
        entries.extend((str(path), entry) for entry in data.source)
    kind_nouns = tuple((kind, _pattern(noun, where)) for kind, noun, where in nouns)
    aliases: list[_Alias] = []
    for where, entry in reversed(entries):
        if entry.kind not in kinds:
            raise SourceError(f"{where}: source {entry.name}: unknown kind {entry.kind!r}")
        for i, alias in enumerate(entry.aliases):
            pattern = _pattern(alias, f"{where}: source {entry.name}: aliases[{i}]")
            aliases.append(_Alias(entry.name, entry.kind, pattern))
    return AliasTable(tuple(aliases), kind_nouns, kinds, tuple(str(p) for p in paths))


def source_paths(extra: Iterable[str | Path] = ()) -> list[Path | resources.abc.Traversable]:
    """The built-in sources file, then every extra file (or ``*.toml`` in an extra folder)."""
    paths: list[Path | resources.abc.Traversable] = [DATA / "sources.toml"]
    for item in extra:
        p = Path(item)
        if p.is_dir():
            paths.extend(sorted(p.glob("*.toml")))
        elif p.is_file():
            paths.append(p)
        else:
            raise SourceError(f"{p}: no such sources file or folder")
    return paths


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> AliasTable:
    return compile_sources(source_paths(extra))


def load_aliases(extra_paths: Iterable[str | Path] = ()) -> AliasTable:
    """The alias table of figures/data/sources.toml plus user files, compiled once and cached."""
    return _load(tuple(str(p) for p in extra_paths))
