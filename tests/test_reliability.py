"""Reliability: bad input, SIGKILL mid-batch, concurrent readers and writers, re-extraction,
hostile rules, and arbitrary text."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import figures
from figures.extract import extract_document
from figures.ingest import ingest
from figures.rules import compile_packs, pack_paths
from tests.conftest import ROOT, start_datasette

PLACES = ["Arden", "Belmor", "Calder", "Dunmore", "Eastwick", "Fallow", "Garrow", "Hollin"]
SPEAKERS = ["police said", "the regional governor said", "hospital officials said", "the army said"]


def synthetic_articles(n: int, seed: int = 0) -> list[dict[str, str]]:
    """Distinct wire-style items of our own, each with two or three figures."""
    out = []
    for i in range(n):
        place = PLACES[(i + seed) % len(PLACES)]
        speaker = SPEAKERS[i % len(SPEAKERS)]
        out.append(
            {
                "text": (
                    f"{place.upper()} (Test Wire) - At least {i % 90 + 3} people were killed in "
                    f"{place} on day {i}, {speaker}. Rescue teams evacuated {i % 400 + 20} "
                    f"residents, and {i % 7 + 2} people were reported missing in item {seed}-{i}."
                ),
                "published": f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}",
                "title": f"Item {seed}-{i}",
            }
        )
    return out


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return path


def figures_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "figures.cli", *args]


# --- bad input ---------------------------------------------------------------------------


def test_bad_files_fail_alone_and_name_themselves(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Three people were killed in the storm, police said.")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "latin1.txt").write_bytes(
        "Two soldiers were wounded near Dur\xe9e.".encode("latin-1")
    )
    (folder / "empty.txt").write_text("")
    (folder / "broken.jsonl").write_text('{"text": "Four people were killed."}\n{"text": \n')
    (folder / "types.json").write_text('[{"text": ["not", "a", "string"]}, {"text": "ok 5"}]')
    (folder / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    summary = ingest([str(folder)], db_path)
    reasons = dict(summary.failed)
    assert "binary file" in reasons[str(folder / "binary.txt")]
    assert reasons[str(folder / "empty.txt")] == "empty file"
    assert "not valid JSON" in reasons[f"{folder / 'broken.jsonl'}:2"]
    assert "not a string" in reasons[f"{folder / 'types.json'}[0]"]
    assert str(folder / "gone.txt") in reasons
    # invalid UTF-8 is read with replacement characters (and a warning), not refused
    conn = sqlite3.connect(db_path)
    texts = [r[0] for r in conn.execute("select text from documents")]
    assert any("Dur\ufffde" in t for t in texts)
    assert any(t.startswith("Three people were killed") for t in texts)
    assert summary.new == 4  # good, latin1, broken.jsonl line 1, types.json[1]


def test_a_huge_single_line_document_is_refused_clearly(tmp_path: Path, db_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = "The committee met again and discussed the budget for the coming year at length. "
    with big.open("w") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    small = tmp_path / "small.txt"
    small.write_text("Two people were killed in the fire.")
    t = time.monotonic()
    summary = ingest([str(big), str(small)], db_path)
    assert time.monotonic() - t < 60
    reasons = dict(summary.failed)
    assert "document too large" in reasons[str(big)]
    assert summary.new == 1 and summary.claims == 1


# --- crash safety --------------------------------------------------------------------------


def test_sigkill_mid_batch_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path) -> None:
    rows = synthetic_articles(3000)
    src = write_jsonl(tmp_path / "batch.jsonl", rows)
    db = tmp_path / "figures.db"
    proc = subprocess.Popen(
        figures_cmd("ingest", str(src), "--db", str(db), "--batch-size", "50", "--no-progress"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and stored < 150:
            time.sleep(0.05)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        stored = conn.execute("select count(*) from documents").fetchone()[0]
                except sqlite3.OperationalError:
                    continue
        assert stored >= 150, "ingest never wrote a batch"
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        docs = conn.execute("select id, text from documents").fetchall()
        assert 0 < len(docs) < len(rows)
        counts = dict(conn.execute("select document_id, count(*) from claims group by 1"))
    rs = figures.load_rules()
    for doc_id, text in docs:  # every stored document has all its claims
        assert counts.get(doc_id, 0) == len(extract_document(text, ruleset=rs).claims)

    rerun = subprocess.run(
        figures_cmd("ingest", str(src), "--db", str(db), "--no-progress"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"already stored: {len(docs)}" in rerun.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == len(rows)
        assert conn.execute("select count(distinct id) from documents").fetchone()[0] == len(rows)
        dupes = conn.execute(
            "select count(*) from (select document_id, start from claims"
            " group by document_id, start having count(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


# --- concurrency ---------------------------------------------------------------------------


def test_datasette_reads_while_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "figures.db"
    ingest([str(write_jsonl(tmp_path / "seed.jsonl", synthetic_articles(50, seed=1)))], db)
    src = write_jsonl(tmp_path / "more.jsonl", synthetic_articles(1500, seed=2))
    for base in start_datasette(db, tmp_path / "server.log"):
        writer = subprocess.Popen(
            figures_cmd("ingest", str(src), "--db", str(db), "--batch-size", "50", "--no-progress"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        errors: list[str] = []
        reads = 0
        while writer.poll() is None and reads < 400:
            for url in (
                f"{base}/figures/claims.json?_shape=array&_size=5",
                f"{base}/figures.json?sql=select+count(*)+from+claims&_shape=array",
            ):
                try:
                    with urllib.request.urlopen(url, timeout=20) as r:
                        body = r.read().decode()
                        if "locked" in body:
                            errors.append(body[:200])
                except urllib.error.HTTPError as exc:
                    errors.append(f"{exc.code} {exc.read()[:200]!r}")
                reads += 1
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert reads > 10
        assert errors == []


def test_two_ingests_at_once_wait_for_each_other(tmp_path: Path) -> None:
    db = tmp_path / "figures.db"
    ingest([], db)  # create the schema first
    a = write_jsonl(tmp_path / "a.jsonl", synthetic_articles(1000, seed=3))
    b = write_jsonl(tmp_path / "b.jsonl", synthetic_articles(1000, seed=4))
    procs = [
        subprocess.Popen(
            figures_cmd("ingest", str(p), "--db", str(db), "--batch-size", "50", "--no-progress"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in (a, b)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, out + err
        assert "new: 1000" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from documents").fetchone()[0] == 2000


# --- re-extraction -------------------------------------------------------------------------

OVERRIDE = """
[pack]
id = "override"
description = "A rule that takes over figures another rule found."
triggers = ['killed']

[[rules]]
id = "killed.override"
metric = "killed"
priority = 100
pattern = '''{num}\\s+people\\s+were\\s+killed'''
examples = [
  { text = "Officials said 5 people were killed.", claims = [{ metric = "killed", value = 5 }] },
]
"""


def test_reextract_replaces_only_affected_claims_and_keeps_history(
    tmp_path: Path, db_path: Path
) -> None:
    src = write_jsonl(tmp_path / "items.jsonl", synthetic_articles(20, seed=5))
    ingest([str(src)], db_path)
    with sqlite3.connect(db_path) as conn:
        before = dict(conn.execute("select id, rule from claims"))
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "override.toml").write_text(OVERRIDE)
    from figures.reextract import reextract

    ruleset = compile_packs(pack_paths([rules_dir]))
    result = reextract(db_path, ruleset=ruleset, rule="killed.override")
    assert result.documents == 20 and result.changed == 20
    assert result.added == 20 and result.superseded == 20
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "select id, rule, superseded_by, superseded_at from claims order by id"
        ).fetchall()
    old = {r[0]: r for r in rows if r[0] in before}
    new = {r[0]: r for r in rows if r[0] not in before}
    assert {r[1] for r in new.values()} == {"killed.override"}
    # the killed figures changed hands: those claims are retired, naming their successor
    retired = [r for r in old.values() if r[3] is not None]
    assert len(retired) == 20
    assert len({before[r[0]] for r in retired}) >= 1
    assert all(before[r[0]].startswith("killed.") for r in retired)
    assert all(r[2] in new for r in retired)
    # every other claim (evacuated, missing) is untouched
    untouched = [r for r in old.values() if r[3] is None]
    assert len(untouched) == len(before) - 20
    assert not any(before[r[0]].startswith("killed.") for r in untouched)
    again = reextract(db_path, ruleset=ruleset, rule="killed.override")
    assert (again.changed, again.added, again.superseded) == (0, 0, 0)


# --- hostile rules and text ----------------------------------------------------------------

HOSTILE = """
[pack]
id = "hostile"
description = "A user rule with catastrophic backtracking."
triggers = ['killed', 'x']

[[rules]]
id = "hostile.backtrack"
metric = "killed"
pattern = '''{num}\\s+(?:(?:x+x+)+)+y'''
examples = [{ text = "4 xxy", claims = [{ metric = "killed", value = 4 }] }]
"""


def test_a_catastrophic_user_rule_is_stopped_and_reported(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "hostile.toml").write_text(HOSTILE)
    ruleset = compile_packs(pack_paths([rules_dir]))
    text = "Two people were killed in the blast. 12 " + "x" * 5000
    t = time.monotonic()
    result = extract_document(text, ruleset=ruleset, budget=1.0)
    elapsed = time.monotonic() - t
    assert elapsed < 5, elapsed
    assert "hostile.backtrack" in result.timed_out
    assert [(c.metric, c.value) for c in result.claims] == [("killed", 2)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    for claim in figures.extract(text):
        assert text[claim.start : claim.end] == claim.number_text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "killed",
                "at least",
                "12",
                "people",
                "were",
                "wounded",
                "police",
                "said",
                ",",
                "and",
                "more than",
                "hostages",
                "released",
                "dozens",
                "between",
                "2010",
                "a",
                "year-old",
                "%",
                "$",
                "(Reuters)",
                "-",
                "\n",
                "\u00a0",
                "1,400",
                "one",
                "of",
            ]
        ),
        max_size=60,
    )
)
def test_extract_never_raises_on_casualty_word_salad(words: list[str]) -> None:
    text = " ".join(words)
    for claim in figures.extract(text):
        assert text[claim.start : claim.end] == claim.number_text
        assert claim.value >= 0


def test_extraction_is_thread_safe() -> None:
    figures.load_rules()  # compiled once, before the threads start
    texts = [f"{n} people were killed in the attack, police said." for n in range(2, 10)]
    results: dict[int, int] = {}

    def work(i: int, t: str) -> None:
        results[i] = figures.extract(t)[0].value

    threads = [threading.Thread(target=work, args=(i, t)) for i, t in enumerate(texts)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == {i: i + 2 for i in range(len(texts))}


def test_serve_binds_loopback_read_only_with_a_time_limit() -> None:
    from figures.serve import datasette_args

    args = datasette_args("db/figures.db")
    assert args[args.index("-h") + 1] == "127.0.0.1"
    assert args[args.index("sql_time_limit_ms") + 1] == "3000"
    assert "--root" not in args and "--crossdb" not in args


def test_stopping_serve_stops_datasette(tmp_path: Path) -> None:
    """SIGTERM to `figures serve` (a service manager stopping it) stops Datasette too: no
    server is left running, orphaned, on the port."""
    db = tmp_path / "figures.db"
    ingest([], db_path=db)
    server = start_datasette(db, tmp_path / "serve.log")
    base = next(server)
    with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5) as r:
        assert r.status == 200
    server.close()  # the fixture's teardown: SIGTERM to `figures serve`, then wait
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=1).close()
        except OSError:
            return
        time.sleep(0.2)
    raise AssertionError(f"Datasette still answers at {base} after `figures serve` was stopped")
