"""Every example and negative of every rule pack, as one parametrised test per case."""

from __future__ import annotations

import pytest

from figures.rules import load_rules
from figures.ruletest import check_example, check_negative

RULES = load_rules()
EXAMPLES = [
    pytest.param(rule, ex, id=f"{rule.id}[{i}]")
    for rule in RULES.rules
    for i, ex in enumerate(rule.examples)
]
NEGATIVES = [
    pytest.param(rule, text, id=f"{rule.id}[not {i}]")
    for rule in RULES.rules
    for i, text in enumerate(rule.negatives)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule, example) -> None:  # type: ignore[no-untyped-def]
    problem = check_example(RULES, rule, example.text, list(example.claims))
    assert problem is None, f"{rule.path}: {rule.id}: {example.text!r}: {problem}"


@pytest.mark.parametrize(("rule", "text"), NEGATIVES)
def test_negative(rule, text) -> None:  # type: ignore[no-untyped-def]
    problem = check_negative(RULES, text)
    assert problem is None, f"{rule.path}: {rule.id}: {text!r}: {problem}"


def test_every_metric_has_enough_examples() -> None:
    """Each built-in metric: at least 15 positive and 8 negative examples of our own."""
    positives: dict[str, int] = {}
    negatives: dict[str, int] = {}
    for rule in RULES.rules:
        positives[rule.metric] = positives.get(rule.metric, 0) + len(rule.examples)
        negatives[rule.metric] = negatives.get(rule.metric, 0) + len(rule.negatives)
    from figures.models import METRICS

    short = {
        m: (positives.get(m, 0), negatives.get(m, 0))
        for m in METRICS
        if positives.get(m, 0) < 15 or negatives.get(m, 0) < 8
    }
    assert short == {}, f"metrics short of examples (positives, negatives): {short}"


def test_every_builtin_rule_is_tried_only_where_a_figure_starts() -> None:
    """Each built-in rule opens with a figure after its lookbehinds (comments and nested
    groups in them included), so the engine anchors it at figure starts: a rule that
    loses its anchor scans every sentence its pack wakes, several times slower."""
    assert [rule.id for rule in RULES.rules if not rule.opens] == []
