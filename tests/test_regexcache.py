"""Compiled patterns cached on disk: the same pattern back, a miss compiles, nothing else loads."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import regex

from figures import regexcache
from figures.regexcache import cache_folder, compile_cached
from tests.conftest import FLOODS

FLAGS = regex.IGNORECASE | regex.VERBOSE
SOURCE = r"(?<=\bkill\w*\s+)(?P<num>\d+)\s+(?:people|civilians)"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(tmp_path))
    found = cache_folder()
    assert found is not None
    return found


def test_a_cached_pattern_is_read_back_without_compiling(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compile_cached(SOURCE, FLAGS)
    assert len(list(folder.glob("*.pickle"))) == 1

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(regexcache.regex, "compile", no_compile)
    again = compile_cached(SOURCE, FLAGS)
    text = "The blast killed 12 people and wounded 30 civilians."
    assert [m.span("num") for m in again.finditer(text)] == [
        m.span("num") for m in first.finditer(text)
    ]
    assert again.groupindex == first.groupindex and again.flags == first.flags


def test_the_folder_is_per_regex_release(folder: Path) -> None:
    assert folder.name == f"regex-{regex.__version__}"


def test_an_empty_folder_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGURES_CACHE_DIR", "")
    assert cache_folder() is None
    assert compile_cached(SOURCE, FLAGS).pattern == SOURCE


def test_a_damaged_file_is_compiled_again(folder: Path) -> None:
    compile_cached(SOURCE, FLAGS)
    (path,) = folder.glob("*.pickle")
    path.write_bytes(b"not a pickle")
    assert compile_cached(SOURCE, FLAGS).match("12 people") is None  # no lookbehind text
    assert path.read_bytes() != b"not a pickle"


def test_a_file_holding_anything_but_a_pattern_is_not_loaded(folder: Path) -> None:
    compile_cached(SOURCE, FLAGS)
    (path,) = folder.glob("*.pickle")
    path.write_bytes(pickle.dumps(os.getcwd))  # a pickle that names another function
    assert compile_cached(SOURCE, FLAGS).pattern == SOURCE
    assert b"getcwd" not in path.read_bytes()


def test_an_unwritable_folder_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(blocker))
    assert compile_cached(SOURCE, FLAGS).pattern == SOURCE


def test_named_lists_are_part_of_the_key(folder: Path) -> None:
    one = compile_cached(r"\L<words>\s+died", FLAGS, {"words": ["miners", "miner"]})
    other = compile_cached(r"\L<words>\s+died", FLAGS, {"words": ["sailors"]})
    assert one.match("Miners died") and not other.match("Miners died")
    again = compile_cached(r"\L<words>\s+died", FLAGS, {"words": ["miner", "miners"]})
    assert again.match("MINERS  died").span() == (0, 12)  # the longest word first
    assert len(list(folder.glob("*.pickle"))) == 2


def test_json_data_is_made_once_then_read_back(folder: Path) -> None:
    made: list[int] = []

    def make() -> list[object]:
        made.append(1)
        return [["killed", True, False], {"n": 2}]

    first = regexcache.cached_json("k1", make)
    again = regexcache.cached_json("k1", make)
    assert first == again == [["killed", True, False], {"n": 2}] and len(made) == 1
    (path,) = folder.glob("*.json")
    path.write_text('[["cut sho', encoding="utf-8")  # a damaged file is made again
    assert regexcache.cached_json("k1", make) == first and len(made) == 2


def test_the_words_rules_need_come_back_from_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from figures.needs import NeedsReader
    from figures.rules import compile_packs

    pack = tmp_path / "floods.toml"
    pack.write_text(FLOODS, encoding="utf-8")
    first = compile_packs([pack]).rules[0].needs
    assert "swept" in str(first) and len(list(folder.glob("needs-*.json"))) == 1

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(NeedsReader, "needs", no_reading)
    assert compile_packs([pack]).rules[0].needs == first
    monkeypatch.undo()
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(folder.parent))
    (cached,) = folder.glob("needs-*.json")
    cached.write_text("[[[1]]]", encoding="utf-8")  # valid JSON of another shape
    assert compile_packs([pack]).rules[0].needs == first
    monkeypatch.setattr(NeedsReader, "needs", no_reading)
    pack.write_text(FLOODS.replace("people", "residents"), encoding="utf-8")
    with pytest.raises(AssertionError, match="read again"):  # another pack: read afresh
        compile_packs([pack])
