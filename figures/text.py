"""Sentence spans of a news text, cut at end marks, paragraph breaks and bulleted lines; the
text is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import regex

# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before
# white space and a capital, a digit, or an opening quote. Abbreviations and initials
# that do not end a sentence are listed here: they are spelling, not language data.
_ABBREVIATIONS = (
    "mr|mrs|ms|dr|prof|gen|lt|col|maj|capt|sgt|cpl|pvt|adm|cmdr|gov|sen|rep|rev|st|mt|ft"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|nos|vs|etc|inc|ltd|co|corp"
    "|jr|sr|u\\.s|u\\.n|u\\.k|e\\.g|i\\.e|a\\.m|p\\.m|approx|est|dept|univ|pres|brig"
)
_BOUNDARY = regex.compile(
    rf"""
    (?=[.!?])                          # a cheap first test: the lookbehinds only where it holds
    (?<!\b(?:{_ABBREVIATIONS}))        # not after an abbreviation
    (?<!\b\p{{Lu}}(?<!\b(?:on|via)\sX)) # not after a single initial (J. Smith); "on X." ends one
    [.!?]+["'”’)\]]*                   # the end mark, closing quotes and brackets
    (?=\s+["'“‘(]?[\p{{Lu}}\d])        # then space and a capital or digit
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_PARAGRAPH = re.compile(r"\n\s*\n")
# a line that opens with a bullet is an item of its own, as in a situation report's
# highlights ("• 56 people remain missing."): cut before it, and leave the bullet out
_BULLETS = "•▪◦●‣∙*"
_DASHES = "-–—"  # a bullet too, when a space follows
_BULLET_MARKS = _BULLETS + _DASHES
_BULLET_LINE = re.compile(rf"\n[ \t]*(?=[{re.escape(_BULLETS)}]|[{_DASHES}][ \t])")
_MARK = re.compile(r"[.!?]")  # where _BOUNDARY may match: the stdlib finds them faster


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document: text[start:end]."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Return the sentence spans of ``text``, stripped of surrounding white space.

    >>> t = "Two died. Mr. Smith said 3 were hurt in the U.S. Army base! Then?"
    >>> [t[s.start:s.end] for s in split_sentences(t)]
    ['Two died.', 'Mr. Smith said 3 were hurt in the U.S. Army base!', 'Then?']
    """
    cuts: list[int] = [0]
    cuts.extend(m.end() for m in _PARAGRAPH.finditer(text))
    if "\n" in text:
        cuts.extend(m.end() for m in _BULLET_LINE.finditer(text))
    # _BOUNDARY tried only at end marks, as finditer would: never inside a boundary found
    boundary = _BOUNDARY.match
    found = -1
    for mark in _MARK.finditer(text):
        pos = mark.start()
        if pos >= found and (m := boundary(text, pos)) is not None:
            found = m.end()
            cuts.append(found)
    cuts.append(len(text))
    spans: list[Span] = []
    ordered = sorted(set(cuts))
    for a, b in pairwise(ordered):
        start, end = a, b
        while start < end and text[start].isspace():
            start += 1
        if start + 1 < end and text[start] in _BULLET_MARKS and text[start + 1].isspace():
            start += 1  # the bullet itself
            while start < end and text[start].isspace():
                start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(Span(start, end))
    return spans
