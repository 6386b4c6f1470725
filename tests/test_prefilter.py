"""The trigger pass: Hyperscan compiles every built-in trigger, and the stdlib scan that
serves without it finds the same hits (overlapping triggers included)."""

from __future__ import annotations

import json

import pytest

from figures import prefilter
from figures.prefilter import build_prefilter
from figures.rules import load_rules
from tests.conftest import ROOT

RULES = load_rules()


def _texts() -> list[str]:
    texts = [
        "About 300 people are still being held without charge.",
        "The number of hostages still held in Gaza stands at 59.",
        "Helicopters lifted 40 people out of the valley; 12 were still being held hostage.",
    ]
    for rule in RULES.rules:
        texts.extend(ex.text for ex in rule.examples)
        texts.extend(rule.negatives)
    for path in sorted((ROOT / "tests" / "fixtures").glob("blind*.jsonl"))[:4]:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if "text" in doc:
                texts.append(doc["text"])
    return texts


@pytest.mark.skipif(prefilter.hyperscan is None, reason="hyperscan has no wheel here")
def test_hyperscan_compiles_every_builtin_trigger() -> None:
    # a trigger Hyperscan rejects makes the whole pass fall back to the slower scan
    assert RULES.prefilter.database is not None


def test_the_fallback_scan_finds_what_hyperscan_finds() -> None:
    pf = RULES.prefilter
    plain = build_prefilter(pf.lower, pf.any_lower, pf.fallback, pf.any_fallback, accelerate=False)
    assert plain.database is None
    for text in _texts():
        assert plain.hits(text) == pf.hits(text), text


def test_overlapping_triggers_are_all_hits() -> None:
    pf = RULES.prefilter
    plain = build_prefilter(pf.lower, pf.any_lower, pf.fallback, pf.any_fallback, accelerate=False)
    text = "About 300 people are still being held without charge."
    woken = set().union(*(packs for _, packs in plain.hits(text)))
    assert {"hostages_releases", "arrests"} <= woken
