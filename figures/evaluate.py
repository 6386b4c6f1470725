"""Score extraction against hand-annotated gold claims, as ../shared/CLAIMS.md defines it."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from figures.extract import extract_document
from figures.rules import RuleSet, load_rules

_ARTICLES = ("the ", "a ", "an ")


class GoldClaim(BaseModel):
    """One hand-annotated claim of a gold file (extra fields such as notes are kept)."""

    model_config = ConfigDict(extra="allow")

    metric: str
    low: int | None
    high: int | None
    qualifier: str | None = None
    number_text: str | None = None
    source_text: str | None = None
    cue: str | None = None
    attribution: str | None = None
    via: str | None = None
    location: str | None = None
    scope: str | None = None
    as_of: str | None = None
    period_start: str | None = None


_DATE_FIELDS = ("as_of", "period_start")


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    published: str | None = None
    credit: str | None = None
    claims: list[GoldClaim]


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Error:
    """A miss (gold claim not found) or a false positive, with where it stands."""

    kind: str  # "miss" | "false_positive" | "attribution" | "date"
    doc_id: str
    metric: str
    low: int | None
    high: int | None
    number_text: str | None
    sentence: str | None
    rule: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class Report:
    """Everything `figures eval` prints."""

    documents: int = 0
    overall: Counts = field(default_factory=Counts)
    by_metric: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_qualifier: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attribution_right: int = 0
    attribution_total: int = 0
    credit_right: int = 0
    credit_total: int = 0
    # per date field (as_of, period_start): [right, total] over matched claims whose gold
    # annotates the field (a gold claim without the key does not count)
    dates: dict[str, list[int]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)

    @property
    def attribution_accuracy(self) -> float:
        return self.attribution_right / self.attribution_total if self.attribution_total else 1.0

    @property
    def credit_accuracy(self) -> float:
        return self.credit_right / self.credit_total if self.credit_total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.as_dict(),
            "by_metric": {k: v.as_dict() for k, v in sorted(self.by_metric.items())},
            "by_qualifier": {k: v.as_dict() for k, v in sorted(self.by_qualifier.items())},
            "attribution": {
                "right": self.attribution_right,
                "total": self.attribution_total,
                "accuracy": round(self.attribution_accuracy, 4),
            },
            "credit": {
                "right": self.credit_right,
                "total": self.credit_total,
                "accuracy": round(self.credit_accuracy, 4),
            },
            "dates": {
                k: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else 1.0}
                for k, (r, t) in sorted(self.dates.items())
            },
        }


def normalise_source(text: str | None) -> str | None:
    """Lower-case and drop a leading article, as the scoring compares sources.

    >>> normalise_source("The Health Ministry")
    'health ministry'
    """
    if text is None:
        return None
    t = " ".join(text.lower().split())
    for article in _ARTICLES:
        if t.startswith(article):
            t = t[len(article) :]
            break
    return t


def same_source(predicted: str | None, gold: str | None) -> bool:
    """Attribution is right when both are null, or one normalised text contains the other."""
    p, g = normalise_source(predicted), normalise_source(gold)
    if p is None or g is None:
        return p is None and g is None
    return p == g or p in g or g in p


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; bad JSON names file and line."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from exc


def default_texts_path(gold: Path) -> Path:
    """dev-gold.jsonl → dev.jsonl, beside it."""
    name = gold.name.replace("-gold", "")
    return gold.with_name(name)


def evaluate(
    gold_path: Path, texts_path: Path | None = None, *, ruleset: RuleSet | None = None
) -> Report:
    """Run extraction on every gold document and score it."""
    rs = ruleset or load_rules()
    texts_path = texts_path or default_texts_path(gold_path)
    texts: dict[str, dict[str, Any]] = {}
    for lineno, obj in read_jsonl(texts_path):
        if "id" not in obj or "text" not in obj:
            raise ValueError(f"{texts_path}:{lineno}: needs `id` and `text` fields")
        texts[str(obj["id"])] = obj
    report = Report()
    for lineno, obj in read_jsonl(gold_path):
        item = GoldItem.model_validate(obj)
        doc = texts.get(item.id)
        if doc is None:
            raise ValueError(f"{gold_path}:{lineno}: no text for id {item.id} in {texts_path}")
        result = extract_document(doc["text"], item.published or doc.get("published"), ruleset=rs)
        report.documents += 1
        if item.credit is not None:
            report.credit_total += 1
            report.credit_right += int(result.credit == item.credit)
        _score_document(report, item, result.claims)
    return report


def _score_document(report: Report, item: GoldItem, predicted: Iterable[Any]) -> None:
    gold_by_key: dict[tuple[str, int | None, int | None], list[GoldClaim]] = defaultdict(list)
    for g in item.claims:
        gold_by_key[(g.metric, g.low, g.high)].append(g)
    pred_by_key: dict[tuple[str, int | None, int | None], list[Any]] = defaultdict(list)
    for p in predicted:
        pred_by_key[(p.metric, p.low, p.high)].append(p)
    for key in set(gold_by_key) | set(pred_by_key):
        golds = list(gold_by_key.get(key, []))
        preds = list(pred_by_key.get(key, []))
        pairs: list[tuple[Any, GoldClaim]] = []
        # pair attribution-compatible claims first, so that two sources of one figure meet
        for p in list(preds):
            for g in golds:
                if same_source(p.source_text, g.source_text):
                    pairs.append((p, g))
                    preds.remove(p)
                    golds.remove(g)
                    break
        while preds and golds:
            pairs.append((preds.pop(0), golds.pop(0)))
        for p, g in pairs:
            _count(report, key[0], g.qualifier, tp=1)
            _score_dates(report, item.id, p, g)
            report.attribution_total += 1
            if same_source(p.source_text, g.source_text):
                report.attribution_right += 1
            else:
                report.errors.append(
                    Error(
                        "attribution",
                        item.id,
                        key[0],
                        key[1],
                        key[2],
                        p.number_text,
                        p.sentence,
                        p.rule,
                        f"predicted {p.source_text!r} ({p.attribution}), gold {g.source_text!r}"
                        f" ({g.attribution})",
                    )
                )
        for g in golds:
            _count(report, key[0], g.qualifier, fn=1)
            report.errors.append(
                Error("miss", item.id, key[0], key[1], key[2], g.number_text, None)
            )
        for p in preds:
            _count(report, key[0], p.qualifier, fp=1)
            report.errors.append(
                Error(
                    "false_positive",
                    item.id,
                    key[0],
                    key[1],
                    key[2],
                    p.number_text,
                    p.sentence,
                    p.rule,
                )
            )


def _score_dates(report: Report, doc_id: str, predicted: Any, gold: GoldClaim) -> None:
    """Count as_of and period_start on a matched pair, where the gold annotates them."""
    for name in _DATE_FIELDS:
        if name not in gold.model_fields_set:
            continue
        tally = report.dates.setdefault(name, [0, 0])
        tally[1] += 1
        want, got = getattr(gold, name), getattr(predicted, name)
        if want == got:
            tally[0] += 1
        else:
            report.errors.append(
                Error(
                    "date",
                    doc_id,
                    gold.metric,
                    gold.low,
                    gold.high,
                    predicted.number_text,
                    predicted.sentence,
                    predicted.rule,
                    f"{name}: predicted {got!r}, gold {want!r}",
                )
            )


def _count(report: Report, metric: str, qualifier: str | None, tp=0, fp=0, fn=0) -> None:  # type: ignore[no-untyped-def]
    for c in (report.overall, report.by_metric[metric], report.by_qualifier[qualifier or "?"]):
        c.tp += tp
        c.fp += fp
        c.fn += fn


def format_report(
    report: Report, *, errors: bool = False, texts: dict[str, str] | None = None
) -> str:
    """The human-readable report: scores overall, per metric and per qualifier."""
    lines = [f"documents: {report.documents}", ""]
    header = f"{'':<14}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"
    lines.append(header)

    def row(name: str, c: Counts) -> str:
        return (
            f"{name:<14}{c.tp + c.fn:>6}{c.tp + c.fp:>6}{c.tp:>6}"
            f"{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}"
        )

    lines.append(row("overall", report.overall))
    lines.append("per metric")
    for k, c in sorted(report.by_metric.items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
        lines.append(row("  " + k, c))
    lines.append("per qualifier")
    for k, c in sorted(report.by_qualifier.items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
        lines.append(row("  " + k, c))
    lines.append("")
    lines.append(
        f"attribution accuracy on matched claims: {report.attribution_accuracy:.3f}"
        f" ({report.attribution_right}/{report.attribution_total})"
    )
    lines.append(
        f"credit accuracy: {report.credit_accuracy:.3f}"
        f" ({report.credit_right}/{report.credit_total})"
    )
    for name, (right, total) in sorted(report.dates.items()):
        lines.append(f"{name} accuracy on matched claims: {right / total:.3f} ({right}/{total})")
    if errors:
        kinds = Counter(e.kind for e in report.errors)
        lines.append("")
        lines.append(
            f"errors: {kinds['miss']} misses, {kinds['false_positive']} false positives,"
            f" {kinds['attribution']} attribution errors"
            + (f", {kinds['date']} date errors" if report.dates else "")
        )
        for e in sorted(report.errors, key=lambda e: (e.kind, e.doc_id)):
            number = f"{e.metric} {e.low}-{e.high} {e.number_text!r}"
            lines.append(f"[{e.kind}] {e.doc_id} {number} rule={e.rule or '-'}")
            if e.detail:
                lines.append(f"    {e.detail}")
            sentence = e.sentence or (texts or {}).get(e.doc_id)
            if sentence:
                lines.append(f"    | {sentence}")
    return "\n".join(lines)
