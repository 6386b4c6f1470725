"""The blind sets: fresh wire and newspaper articles, scored like the dev gold.

Each set is written for this project (not copied from any corpus) and annotated by hand
per ../shared/CLAIMS.md, with a second pass. A set is blind until its errors are read
to find general causes to fix; from then on its scores guard against regressions only,
and a newer set measures generalisation. The floors below sit slightly under the scores
measured when a set was last used, so that a regression fails. Raise them as the rules
improve; never lower them to make a change pass, and never edit a set to fit the rules
(fix the rule, or, if the gold is wrong per CLAIMS.md, fix the gold and say why in the
commit).

- `blind` (53 articles, 210 claims): written by us; blind until 2026-12-07 (morning).
- `blind2` (52 articles, 248 claims) and `blind3` (52 articles, 259 claims): written and
  annotated by writers who saw only CLAIMS.md (no rule, no test, no output of
  figures); their errors were used on 2026-12-07 (afternoon).
- `blind4` (52 articles, 287 claims): written the same way on 2026-12-07, with weight on
  the rarer metrics (displacement, evacuation, hostages, releases, missing, arrests)
  and on deaths and injuries in many eras and styles; its errors were used on
  2026-12-07 (evening), once `blind5` had been written.
- `blind5` (52 articles, 392 claims): written the same way on 2026-12-07 (evening) by two
  writers, one for the Americas, Europe, Africa and South Asia, one for the Middle East,
  East and Central Asia, Oceania and Russia/Ukraine, with weight on the rarer metrics;
  its errors were used once `blind6` had been written.
- `blind6` (52 articles, 432 claims): written the same way by two more writers, with
  other regions and eras; its errors were used once `blind7` had been written.
- `blind7` (52 articles, 437 claims): written the same way, with more wire styles and
  eras (1950s-2025); its errors were used once `blind8` had been written.
- `blind8` (52 articles, 345 claims): written the same way about lesser-known events
  (1945-2025); its errors were used once `blind9` had been written.
- `blind9` (52 articles, 318 claims): written the same way, lesser-known events again;
  its errors were used once `blind10` had been written.
- `blind10` (52 articles, 255 claims): written the same way, ordinary local news of many
  kinds; its errors were used once `blind11` had been written.
- `blind11` (52 articles, 457 claims): written the same way on 2026-12-07 (night) by two
  writers, one for armed conflict (2022-2025: Gaza, Ukraine, Sudan, Congo, Haiti, the
  Sahel...), one for disasters and accidents (2019-2025), in wire, live-blog, agency,
  UN and translated styles. The writers also annotated headlines; evaluation reads the
  text only (as for the dev gold), so a script took the 38 claims that stood only in a
  title out of the gold (five titles were read to settle which of two equal figures was
  the headline's), and one more by hand that the script had missed (a01's "dozens ...,
  officials say": the figure's words also stand in the text, the source and cue do not).
  Its errors were used once `blind12` had been written.
- `blind12` (52 articles, 368 claims): written the same way on 2026-12-07 (night) by two
  writers, one for conflict, terrorism, hostage crises and crackdowns (1995-2025), one for
  disasters, accidents, migrant boats and police operations (1995-2025), with weight on
  the rarer metrics and in wire, live-blog, statement, bulletin and UN styles. The
  writers annotated the text only. One writer gave statements and bulletins their
  issuer as `credit` (OCHA, IOM, a prosecutor's office), which CLAIMS.md does not ask
  for (a credit is a wire credit or dateline): most of its credit errors are those. Six
  credits were not verbatim: "Anadolu" and "Canadian Press" became the dateline's "AA"
  and "CP", and four issuers named only in other words became null. Its errors were
  used on 2026-12-07 (late night), while `blind13` was being written.
- `blind13` (52 articles, 423 claims): written the same way on 2026-12-07 (late night) by
  two writers who saw only CLAIMS.md and the format of two gold lines, one for armed
  conflict, terrorism, hostage-takings, prison breaks and crackdowns (1976-2025), one
  for disasters, accidents, shipwrecks, epidemics and police operations (1978-2024), in
  wire, newspaper, live-blog, UN, bulletin and statement styles. One writer coded
  hostages rescued by troops as released (CLAIMS.md lists "rescued" under evacuated):
  those claims are contestable, and left as written. Its errors were used on 2026-12-08
  (night), while `blind14` was being written.
- `blind14` (52 articles, 372 claims): written the same way on 2026-12-08 (night) by two
  writers who saw only CLAIMS.md and the titles of the events earlier sets cover (to
  choose others), one for armed conflict and political violence (1953-2025: POW
  handovers, sieges, massacres, embassy and ship seizures, prison breaks, protests), one
  for disasters, accidents and public safety (1952-2025: rail, air and ferry disasters,
  quakes, eruptions, fires, crushes, poisonings, police raids, kidnappings), in wire,
  newspaper, live-blog, radio and TV transcript, translated agency copy, situation
  report, press release and statement styles. Rescued people are coded as evacuated, as
  CLAIMS.md says. Its errors were used on 2026-12-08 (day), once `blind15` had been
  written.
- `blind15` (52 articles, 384 claims): written the same way on 2026-12-08 (day) by two
  writers who saw only CLAIMS.md and the titles of the events earlier sets cover, one
  for conflict, terrorism, hostage-takings, riots, crackdowns, prison breaks and
  prisoner swaps (1942-2025), one for natural disasters, accidents, epidemics and
  rescue operations (1942-2024), in wire, broadsheet, live-blog, radio and TV
  transcript, situation report, bulletin, release and statement styles. It is the
  blind one now. Keep it so: do not read its errors to tune rules, do not quote its
  sentences in commit messages or issues; report only its scores.

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

# measured on the commit that added each set, then when its errors were last used:
# blind: P 0.959 R 0.776 F1 0.858 attribution 0.945; then P 0.979 (189/193), R 0.900
#   (189/210), F1 0.938, attribution 0.974 (184/189), credit 1.000 (34/34)
# blind2: P 0.965 R 0.883 F1 0.922 attribution 0.909; then P 0.988 (237/240), R 0.956
#   (237/248), F1 0.971, attribution 0.992 (235/237), credit 1.000 (31/31)
# blind3: P 0.982 R 0.857 F1 0.915 attribution 0.932; then P 0.992 (239/241), R 0.923
#   (239/259), F1 0.956, attribution 0.979 (234/239), credit 0.972 (35/36)
# blind4, on the commit before this session's rule changes (deec2fc): P 0.952 (220/231),
#   R 0.767 (220/287), F1 0.849, attribution 0.882 (194/220), credit 0.964 (27/28); on the
#   commit that added it: P 0.943 (232/246), R 0.808 (232/287), F1 0.871, attribution
#   0.922 (214/232), credit 0.964 (27/28); at the end of that day, attribution 0.931 (216/232);
#   then P 0.985 (264/268), R 0.920 (264/287), F1 0.951, attribution 0.936 (247/264)
# blind5, on the commit before its set was added (bbe2398): P 0.946 (282/298), R 0.719
#   (282/392), F1 0.817, attribution 0.922 (260/282), credit 0.963 (26/27)
#   then P 0.980 (338/345), R 0.862 (338/392), F1 0.917, attribution 0.970 (328/338)
# blind6, on bbe2398: P 0.937 (251/268), R 0.581 (251/432), F1 0.717, attribution 0.932;
#   after blind4's errors were used (a25d15f): P 0.948, R 0.593, F1 0.729, attribution
#   0.934; on the commit that added it, after blind5's errors were used: P 0.955
#   (276/289), R 0.639 (276/432), F1 0.766, attribution 0.942 (260/276), credit 1.000 (27/27)
#   then P 0.979 (330/337), R 0.764 (330/432), F1 0.858, attribution 0.955
# blind7, on bbe2398: P 0.949 (260/274), R 0.595 (260/437), F1 0.731, attribution 0.885;
#   after blind4's errors were used (a25d15f): P 0.953, R 0.600, F1 0.736; after blind5's
#   (5d59b0d): P 0.959, R 0.638, F1 0.766; on the commit that added it, after blind6's:
#   P 0.963 (289/300), R 0.661 (289/437), F1 0.784, attribution 0.886 (256/289), credit 1.000
#   then P 0.975 (312/320), R 0.714 (312/437), F1 0.824
# blind8, on bbe2398: P 0.962 (229/238), R 0.664 (229/345), F1 0.786, attribution 0.913,
#   credit 0.786 (11/14); after blind4's errors (a25d15f): R 0.672, F1 0.792; after
#   blind5's (5d59b0d): R 0.696, F1 0.809; after blind6's (5b8cfb1): R 0.713, F1 0.821; on
#   the commit that added it, after blind7's: P 0.969 (247/255), R 0.716 (247/345), F1
#   0.823, attribution 0.915 (226/247), credit 0.786 (11/14); then P 0.975 (271/278),
#   R 0.785 (271/345), F1 0.870, attribution 0.919
# blind9, on bbe2398: P 0.973 (213/219), R 0.670 (213/318), F1 0.793, attribution 0.920;
#   after blind4's errors (a25d15f): R 0.679; after blind5's (5d59b0d): R 0.708; after
#   blind6's (5b8cfb1) and blind7's (92ef4d2): R 0.711; on the commit that added it, after
#   part of blind8's: P 0.983 (228/232), R 0.717 (228/318), F1 0.829, attribution 0.921
#   (210/228), credit 1.000 (16/16)
#   then P 0.984 (243/247), R 0.764 (243/318), F1 0.860
# blind10, on bbe2398: P 0.968 (179/185), R 0.702 (179/255), F1 0.814, attribution 0.911,
#   credit 0.750 (9/12); after blind4's to blind8's errors (a51322d): R 0.757, F1 0.850;
#   on the commit that added it, after blind9's: P 0.970 (196/202), R 0.769 (196/255), F1
#   0.858, attribution 0.923 (181/196), credit 0.750 (9/12)
#   then P 0.983 (231/235), R 0.906 (231/255), F1 0.943, attribution 0.957 (221/231)
# blind11, on the code before the night's changes (8c24779): P 0.981 (356/363), R 0.779
#   (356/457), F1 0.868, attribution 0.893 (318/356), credit 0.812 (13/16); on the commit
#   that added it, after fixes drawn from blind5-9: P 0.981 (359/366), R 0.786 (359/457),
#   F1 0.872, attribution 0.900 (323/359), credit 0.812 (13/16)
#   then (the a01 title claim out) P 0.990 (394/398), R 0.864 (394/456), F1 0.923,
#   attribution 0.921 (363/394), credit 0.875 (14/16); at the end of that night, after a
#   second pass over blind3-blind10: P 0.990 (409/413), R 0.897 (409/456), F1 0.941,
#   attribution 0.924
# blind12, on bbe2398: P 0.938 (226/241), R 0.614 (226/368), F1 0.742, attribution 0.920
#   (208/226), credit 0.655 (19/29); on 8c24779: P 0.951 (252/265), R 0.685 (252/368),
#   F1 0.796, attribution 0.932; after blind10's errors (0f54b5f): P 0.949 (259/273),
#   R 0.704, F1 0.808; on the commit that added it, after blind11's: P 0.949 (262/276),
#   R 0.712 (262/368), F1 0.814, attribution 0.924 (242/262), credit 0.724 (21/29); at
#   the end of that night: P 0.950 (265/279), R 0.720 (265/368), F1 0.819, attribution
#   0.924 (245/265), credit 0.724 (21/29)
#   then (its errors used, 2026-12-07 late night) P 0.979 (320/327), R 0.870 (320/368), F1
#   0.921, attribution 0.956 (306/320)
# blind13, on the code at the start of that session (776b928): P 0.951 (351/369), R 0.830
#   (351/423), F1 0.886, attribution 0.926, credit 0.889 (24/27); on the commit that added
#   it, after part of blind12's errors were used: P 0.952 (353/371), R 0.835 (353/423),
#   F1 0.889, attribution 0.926, credit 0.889; at the end of that session (all of
#   blind12's errors and a second pass over blind5-blind11 used): P 0.952 (355/373),
#   R 0.839 (355/423), F1 0.892, attribution 0.930 (330/355), credit 0.889 (24/27)
#   then (its errors used, 2026-12-08 night, with a third pass over blind5-blind12) P 0.985
#   (387/393), R 0.915 (387/423), F1 0.949, attribution 0.959 (371/387), credit 0.889
# blind14, on the code at the start of that session (f1c4c43): P 0.947 (305/322), R 0.820
#   (305/372), F1 0.879, attribution 0.921, credit 0.960 (24/25); on the commit that added
#   it, after part of blind13's errors were used: P 0.947 (306/323), R 0.823 (306/372),
#   F1 0.881, attribution 0.922, credit 0.960; at the end of that session (all of
#   blind13's errors and a third pass over blind5-blind12 used): the same, P 0.947
#   (306/323), R 0.823 (306/372), F1 0.881, attribution 0.922 (282/306), credit 0.960;
#   then (its errors used, 2026-12-08 day, with a pass over the displacement misses of
#   blind5-blind13) P 0.968 (330/341), R 0.887 (330/372), F1 0.926, attribution 0.958,
#   credit 0.960
# blind15, on the code at the start of that session (5f02fb2): P 0.968 (298/308), R 0.776
#   (298/384), F1 0.861, attribution 0.960, credit 0.909 (20/22)
BLIND13 = {"precision": 0.97, "recall": 0.90, "f1": 0.93, "attribution": 0.94, "credit": 0.85}
BLIND14 = {"precision": 0.95, "recall": 0.87, "f1": 0.91, "attribution": 0.94, "credit": 0.93}
BLIND15 = {"precision": 0.95, "recall": 0.76, "f1": 0.85, "attribution": 0.94, "credit": 0.88}
FLOORS = {
    "blind": {"precision": 0.96, "recall": 0.92, "f1": 0.95, "attribution": 0.96, "credit": 0.97},
    "blind2": {"precision": 0.97, "recall": 0.95, "f1": 0.96, "attribution": 0.97, "credit": 0.97},
    "blind3": {"precision": 0.97, "recall": 0.93, "f1": 0.95, "attribution": 0.96, "credit": 0.95},
    "blind4": {"precision": 0.97, "recall": 0.93, "f1": 0.95, "attribution": 0.95, "credit": 0.95},
    "blind5": {"precision": 0.97, "recall": 0.90, "f1": 0.93, "attribution": 0.96, "credit": 0.93},
    "blind6": {"precision": 0.97, "recall": 0.81, "f1": 0.89, "attribution": 0.95, "credit": 0.95},
    "blind7": {"precision": 0.96, "recall": 0.81, "f1": 0.88, "attribution": 0.91, "credit": 0.95},
    "blind8": {"precision": 0.97, "recall": 0.87, "f1": 0.92, "attribution": 0.95, "credit": 0.95},
    "blind9": {"precision": 0.97, "recall": 0.82, "f1": 0.89, "attribution": 0.97, "credit": 0.95},
    "blind10": {"precision": 0.96, "recall": 0.91, "f1": 0.94, "attribution": 0.94, "credit": 0.80},
    "blind11": {"precision": 0.98, "recall": 0.91, "f1": 0.94, "attribution": 0.94, "credit": 0.85},
    "blind12": {"precision": 0.96, "recall": 0.87, "f1": 0.91, "attribution": 0.95, "credit": 0.70},
    "blind13": BLIND13,
    "blind14": BLIND14,
    "blind15": BLIND15,
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
                assert c["source_text"] is not None, where
                # a source in brackets after a key figure has no cue:
                # "32 deaths (provincial authorities)"
                assert c["cue"] is not None or f"({c['source_text']})" in text, where
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
