"""The sentence splitter: the boundary pattern tried at end marks finds what a full scan finds."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from figures.text import _BOUNDARY, _BULLET_LINE, _BULLET_MARKS, _PARAGRAPH, Span, split_sentences
from tests.conftest import ROOT


def _full_scan(text: str) -> list[Span]:
    """The definition split_sentences speeds up: every boundary by one finditer."""
    cuts = sorted(
        {0, len(text)}
        | {m.end() for m in _PARAGRAPH.finditer(text)}
        | {m.end() for m in _BOUNDARY.finditer(text)}
        | {m.end() for m in _BULLET_LINE.finditer(text)}
    )
    spans = []
    for a, b in pairwise(cuts):
        chunk = text[a:b]
        start = a + len(chunk) - len(chunk.lstrip())
        bullet = text[start : start + 1] in set(_BULLET_MARKS)
        if bullet and text[start + 1 : start + 2].isspace():
            start = b - len(text[start + 1 : b].lstrip())
        end = b - (len(chunk) - len(chunk.rstrip()))
        if start < end:
            spans.append(Span(start, end))
    return spans


def _texts(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if "text" in doc:
                out.append((doc.get("title") or "") + "\n\n" + doc["text"])
    return out


@pytest.mark.parametrize(
    "text",
    [
        'Two died... Three more? Yes!! "Four," he said. (Five.) 6 left.',
        "Dr. J. Smith of the U.N. said 3 died at 4 p.m. Monday. Then: nothing.",
        "It ended.\u201dNext. Gen. Lee left... Later, he came back.",
        "No end mark here",
        "",
        "...",
    ],
)
def test_split_matches_a_full_scan(text: str) -> None:
    assert split_sentences(text) == _full_scan(text)


def test_a_bulleted_line_is_a_sentence_of_its_own() -> None:
    text = (
        "HIGHLIGHTS\n• The toll rose to 90, according to the committee.\n"
        "• 200 people were injured\n- 56 people remain missing.\n"
        "The river fell by\n-5 metres - a record."
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "HIGHLIGHTS",
        "The toll rose to 90, according to the committee.",
        "200 people were injured",
        "56 people remain missing.",
        "The river fell by\n-5 metres - a record.",
    ]


def test_split_matches_a_full_scan_on_every_fixture_article() -> None:
    texts = _texts(sorted((ROOT / "tests" / "fixtures").glob("*.jsonl")))
    assert len(texts) > 500
    for text in texts:
        assert split_sentences(text) == _full_scan(text)


def test_split_matches_a_full_scan_on_the_corpus(corpus: Path) -> None:
    for text in _texts([corpus / "dev.jsonl", corpus / "bulk.jsonl"]):
        assert split_sentences(text) == _full_scan(text)
