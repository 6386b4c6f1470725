"""Run the examples and negatives that every rule carries, as `figures rules test` and pytest do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from figures.extract import extract_document
from figures.models import Claim
from figures.rules import ExpectedClaim, Rule, RuleSet


@dataclass(frozen=True, slots=True)
class Outcome:
    """One example of one rule, and what went wrong with it (None when it passed)."""

    rule: str
    kind: str  # "example" | "negative"
    text: str
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _agrees(claim: Claim, want: ExpectedClaim) -> bool:
    for name, value in want.model_dump(exclude_unset=True).items():
        if getattr(claim, name) != value:
            return False
    return True


def check_example(rs: RuleSet, rule: Rule, text: str, expected: list[ExpectedClaim]) -> str | None:
    """Why the claims of ``text`` differ from ``expected``, or None when they agree.

    Every expected claim must be found (on the fields it names), no other claim may be
    found, and at least one claim must come from ``rule`` itself.
    """
    claims = extract_document(text, ruleset=rs).claims
    left = list(claims)
    for want in expected:
        hit = next((c for c in left if _agrees(c, want)), None)
        if hit is None:
            return f"missing {want.model_dump(exclude_unset=True)}; got {_show(claims)}"
        left.remove(hit)
    if left:
        return f"unexpected {_show(left)}"
    if not any(c.rule == rule.id for c in claims):
        return f"no claim came from this rule; got {_show(claims)}"
    return None


def check_negative(rs: RuleSet, text: str) -> str | None:
    """Why ``text`` is not a clean negative (it gave claims), or None."""
    claims = extract_document(text, ruleset=rs).claims
    return f"gave {_show(claims)}" if claims else None


def _show(claims: list[Claim]) -> str:
    if not claims:
        return "no claims"
    return "; ".join(f"{c.metric} {c.low}-{c.high} {c.number_text!r} ({c.rule})" for c in claims)


def run_examples(rs: RuleSet, only: str | None = None) -> Iterator[Outcome]:
    """Check every example and negative of every rule (or of rule ``only``)."""
    for rule in rs.rules:
        if only and rule.id != only:
            continue
        for ex in rule.examples:
            yield Outcome(rule.id, "example", ex.text, check_example(rs, rule, ex.text, ex.claims))
        for text in rule.negatives:
            yield Outcome(rule.id, "negative", text, check_negative(rs, text))
