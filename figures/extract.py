"""The extraction pipeline: text in, attributed claims out (rules, context, attribution)."""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from figures import attribution, numbers
from figures.context import fill_context
from figures.draft import Draft
from figures.models import Claim
from figures.rules import RuleSet, ScanReport, load_rules, scan_sentence, victim_group
from figures.text import split_sentences

DOCUMENT_BUDGET = 2.0  # seconds of rule matching one document may take
RULE_TIMEOUT = 0.25  # seconds one rule may take on one sentence


@dataclass(slots=True)
class Extraction:
    """The claims of one document, its credit, and the rules that ran out of time."""

    claims: list[Claim]
    credit: str | None
    timed_out: list[str] = field(default_factory=list)


def extract_document(
    text: str,
    published: str | None = None,
    *,
    ruleset: RuleSet | None = None,
    budget: float = DOCUMENT_BUDGET,
    rule_timeout: float = RULE_TIMEOUT,
) -> Extraction:
    """Extract every claim of one document, with the document's credit.

    ``budget`` bounds the seconds all rules may take on the document, ``rule_timeout``
    those one rule may take on one sentence (wall clock: a busy machine may run out).
    """
    rs = ruleset or load_rules()
    credit = attribution.document_credit(text)
    report = ScanReport()
    drafts: list[Draft] = []
    hits = rs.prefilter.hits(text)
    if hits:
        sentences = split_sentences(text)
        dot = numbers.uses_dot_thousands(text)
        deadline = time.monotonic() + budget
        starts = [h[0] for h in hits]
        for index, span in enumerate(sentences):
            first = bisect_left(starts, span.start)
            last = bisect_left(starts, span.end)
            if first == last:
                continue
            packs = set().union(*(h[1] for h in hits[first:last]))
            sentence = text[span.start : span.end]
            for m in scan_sentence(
                rs,
                sentence,
                span.start,
                dot_thousands=dot,
                deadline=deadline,
                report=report,
                rule_timeout=rule_timeout,
                packs=packs,
            ):
                drafts.append(
                    Draft(
                        metric=m.rule.metric,
                        figure=m.figure,
                        rule=m.rule.id,
                        sentence_index=index,
                        sentence_start=span.start,
                        sentence_end=span.end,
                        victims=victim_group(rs, m.victims, m.rule.victims),
                        location=m.location,
                        scope=m.rule.scope or "unknown",
                    )
                )
        if drafts:
            fill_context(text, drafts, published)
            attribution.attribute(text, sentences, drafts, credit)
    claims = [_claim(text, d, rs.version) for d in drafts]
    return Extraction(claims, credit.text if credit else None, report.timed_out)


def extract(text: str, published: str | None = None, *, rules: Sequence[str] = ()) -> list[Claim]:
    """Return the claims ``text`` states, as Claim models.

    ``published`` (ISO 8601) is the date figures speak for unless the text fixes another;
    ``rules`` names extra rule-pack folders or files to load beside the built-in packs.
    """
    return extract_document(text, published, ruleset=load_rules(tuple(rules))).claims


def _claim(text: str, d: Draft, version: str) -> Claim:
    fig = d.figure
    return Claim(
        metric=d.metric,
        value=fig.value,
        low=fig.low,
        high=fig.high,
        qualifier=fig.qualifier,  # type: ignore[arg-type]
        number_text=fig.text,
        victims=d.victims,
        source_text=d.source_text,
        source=d.source,
        source_kind=d.source_kind,
        cue=d.cue,
        attribution=d.attribution,  # type: ignore[arg-type]
        via=d.via,
        location=d.location,
        scope=d.scope,  # type: ignore[arg-type]
        period_start=d.period_start,
        as_of=d.as_of,
        sentence=text[d.sentence_start : d.sentence_end],
        sentence_start=d.sentence_start,
        start=fig.start,
        end=fig.end,
        rule=d.rule,
        rules_version=version,
    )
