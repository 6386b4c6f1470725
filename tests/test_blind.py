"""The second held-out set: fresh wire and newspaper articles, scored like the dev gold.

`tests/fixtures/blind.jsonl` holds 53 short articles written for this project (not copied
from any corpus, and sharing no sentence with the first held-out set) and
`blind-gold.jsonl` their 210 claims, annotated by hand per ../shared/CLAIMS.md and checked
in a second pass. It was blind until the stop of 2026-12-07, when its misses and
attribution errors were used to find general causes to fix (hospital wording, flight
wording, role asides, counted cue words): its scores now guard against regressions
only, and the third set (`blind2`) measures generalisation. The floors below sit
slightly under the scores measured then, so that a regression fails. Raise them as the
rules improve; never lower them to make a change pass, and never edit the set to fit the
rules (fix the rule, or, if the gold is wrong per CLAIMS.md, fix the gold and say why in
the commit).

The third set, `blind2.jsonl` and `blind2-gold.jsonl` (52 articles, 248 claims), was
written and annotated on 2026-12-07 by writers who saw only ../shared/CLAIMS.md: no rule,
no test and no output of figures. It is the blind one now. Keep it so: do not read its
errors to tune rules, do not quote its sentences in commit messages or issues; report
only its scores.

Gold claims may carry `note`, `contestable` (wording outside CLAIMS.md's examples:
a judgement call) and `historical` (a figure for a past event: CLAIMS.md counts it).
These run without ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from figures.evaluate import evaluate
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"

# measured on the commit that added the set: P 0.959 (163/170), R 0.776 (163/210), F1 0.858,
# attribution 0.945 (154/163), credit 1.000 (34/34); on 2026-12-07, after its errors were
# used: P 0.979 (185/189), R 0.881 (185/210), F1 0.927, attribution 0.962 (178/185)
# blind2, measured on the commit that added it: P 0.965 (219/227), R 0.883 (219/248),
# F1 0.922, attribution 0.909 (199/219), credit 1.000 (31/31)
FLOORS = {
    "blind": {"precision": 0.96, "recall": 0.86, "f1": 0.90, "attribution": 0.94, "credit": 0.97},
    "blind2": {"precision": 0.94, "recall": 0.86, "f1": 0.90, "attribution": 0.88, "credit": 0.97},
    "blind3": {"precision": 0.96, "recall": 0.83, "f1": 0.89, "attribution": 0.91, "credit": 0.95},
}

VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
    "millions": (2000000, None),
}
METRICS = {
    "killed", "injured", "casualties", "hostages", "released",
    "missing", "displaced", "arrested", "evacuated",
}  # fmt: skip
ATTRIBUTIONS = {"stated", "according_to", "quoted", "reported", "none"}


def _rows(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _bounds_fit_qualifier(claim: dict) -> bool:  # type: ignore[type-arg]
    q, low, high = claim["qualifier"], claim["low"], claim["high"]
    if q in ("exact", "about"):
        return low is not None and low == high
    if q in ("at_least", "more_than"):
        return low is not None and high is None
    if q in ("nearly", "up_to", "fewer_than"):
        return low is None and high is not None
    if q == "range":
        return low is not None and high is not None and low < high
    if q == "vague":
        words = [w for w in VAGUE if w in claim["number_text"].lower()]
        return bool(words) and VAGUE[max(words, key=len)] == (low, high)
    return False


@pytest.mark.parametrize("name", FLOORS)
def test_blind_gold_is_well_formed(name: str) -> None:
    texts = {r["id"]: r for r in _rows(FIXTURES / f"{name}.jsonl")}
    gold = _rows(FIXTURES / f"{name}-gold.jsonl")
    assert len(gold) == len(texts) >= 40
    assert len({g["id"] for g in gold}) == len(gold)
    assert sum(len(g["claims"]) for g in gold) >= 200
    for g in gold:
        text = texts[g["id"]]["text"]
        assert g["credit"] is None or g["credit"] in text, g["id"]
        for c in g["claims"]:
            where = f"{g['id']} {c['metric']} {c['number_text']!r}"
            assert c["metric"] in METRICS, where
            assert c["attribution"] in ATTRIBUTIONS, where
            assert _bounds_fit_qualifier(c), where
            if c["attribution"] == "none":
                assert c["source_text"] is None and c["cue"] is None, where
            elif c["attribution"] != "reported":  # "reportedly": a cue with nobody named
                assert c["source_text"] is not None and c["cue"] is not None, where
            assert (c["via"] is not None) == (c["attribution"] == "quoted"), where
            for key in ("number_text", "source_text", "via", "cue", "location"):
                assert c[key] is None or c[key] in text, f"{where}: {key} {c[key]!r} not verbatim"


@pytest.mark.parametrize("name", FLOORS)
def test_blind_scores_stay_above_the_floor(name: str) -> None:
    s = evaluate(FIXTURES / f"{name}-gold.jsonl", FIXTURES / f"{name}.jsonl").as_dict()
    print(json.dumps(s["overall"]), s["attribution"], s["credit"])
    got = {
        "precision": s["overall"]["precision"],
        "recall": s["overall"]["recall"],
        "f1": s["overall"]["f1"],
        "attribution": s["attribution"]["accuracy"],
        "credit": s["credit"]["accuracy"],
    }
    below = {k: (got[k], floor) for k, floor in FLOORS[name].items() if got[k] < floor}
    assert not below, f"{name} scores fell below the floor (got, floor): {below}"
