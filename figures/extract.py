"""The extraction pipeline: text in, attributed claims out (rules, context, attribution)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from figures import attribution, numbers
from figures.context import fill_context
from figures.draft import Draft
from figures.models import Claim
from figures.rules import (
    PREVIOUS,
    Budget,
    RuleSet,
    ScanReport,
    SentenceScan,
    finish_sentence,
    load_rules,
    prepare_sentence,
    run_rules,
    victim_group,
)
from figures.text import Span, split_sentences

DOCUMENT_BUDGET = 2.0  # seconds of rule matching one document may take
RULE_TIMEOUT = 0.25  # seconds one rule may take on one sentence
BATCH = 1024  # documents extract_documents runs through the rules together
BATCH_CHARS = 4_000_000  # and at most this much text


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
    return _extract_batch([(text, published)], rs, budget, rule_timeout)[0]


def extract_documents(
    documents: Iterable[tuple[str, str | None]],
    *,
    ruleset: RuleSet | None = None,
    budget: float = DOCUMENT_BUDGET,
    rule_timeout: float = RULE_TIMEOUT,
    batch: int = BATCH,
) -> Iterator[Extraction]:
    """Extract many (text, published) documents, in order: what extract_document gives
    for each, faster. Documents are read ``batch`` at a time (and at most BATCH_CHARS of
    text), and each step runs over the whole batch before the next, each rule over all
    its sentences before the next rule: the compiled patterns stay in the processor's
    caches (a third faster than one document at a time). Memory holds one batch.
    """
    rs = ruleset or load_rules()
    chunk: list[tuple[str, str | None]] = []
    size = 0
    for document in documents:
        chunk.append(document)
        size += len(document[0])
        if len(chunk) >= batch or size >= BATCH_CHARS:
            yield from _extract_batch(chunk, rs, budget, rule_timeout)
            chunk, size = [], 0
    if chunk:
        yield from _extract_batch(chunk, rs, budget, rule_timeout)


@dataclass(slots=True)
class _Pending:
    """One document of a batch while its sentences go through the rules."""

    text: str
    published: str | None
    credit: attribution.Credit | None
    report: ScanReport
    sentences: list[Span]
    scans: list[tuple[int, Span, SentenceScan]]  # (sentence index, span, scan)


def _extract_batch(
    batch: Sequence[tuple[str, str | None]], rs: RuleSet, budget: float, rule_timeout: float
) -> list[Extraction]:
    # each step over the whole batch before the next, for the processor's caches
    pending: list[_Pending] = []
    candidates: list[tuple[_Pending, int, Span, set[str], bool, Budget]] = []
    for text, published in batch:
        doc = _Pending(text, published, attribution.document_credit(text), ScanReport(), [], [])
        pending.append(doc)
        hits = rs.prefilter.hits(text)
        if not hits:
            continue
        doc.sentences = split_sentences(text)
        dot = numbers.uses_dot_thousands(text)
        allowance = Budget(budget)
        starts = [h[0] for h in hits]
        for index, span in enumerate(doc.sentences):
            first = bisect_left(starts, span.start)
            last = bisect_left(starts, span.end)
            if first != last:
                packs = set().union(*(h[1] for h in hits[first:last]))
                candidates.append((doc, index, span, packs, dot, allowance))
    scans = []
    for doc, index, span, packs, dot, allowance in candidates:
        scan = prepare_sentence(
            rs,
            doc.text[span.start : span.end],
            span.start,
            dot_thousands=dot,
            packs=packs,
            report=doc.report,
            budget=allowance,
        )
        if scan is not None:
            doc.scans.append((index, span, scan))
            scans.append(scan)
    run_rules(rs, scans, rule_timeout=rule_timeout)
    return [_finish(doc, rs) for doc in pending]


def _finish(doc: _Pending, rs: RuleSet) -> Extraction:
    drafts: list[Draft] = []
    for index, span, scan in doc.scans:
        for m in finish_sentence(scan):
            metric = m.rule.metric
            if metric == PREVIOUS:
                # what was counted last before the figure: in its own sentence ("1,000 were
                # held, although newspapers put the figure at 2,000"), else in the sentence
                # before ("390 Ukrainians were freed. Among them are 270 servicemen"); with
                # no claim there, the figure is none (drafts come in text order, so that is
                # the last draft of this sentence or the one before)
                last = next((d for d in reversed(drafts) if d.sentence_index >= index - 1), None)
                if last is None:
                    continue
                metric = last.metric
            drafts.append(
                Draft(
                    metric=metric,
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
        fill_context(doc.text, drafts, doc.published)
        attribution.attribute(doc.text, doc.sentences, drafts, doc.credit)
    claims = [_claim(doc.text, d, rs.version) for d in drafts]
    credit = doc.credit.text if doc.credit else None
    return Extraction(claims, credit, doc.report.timed_out)


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
