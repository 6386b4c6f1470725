"""The Spark job: what it writes, once loaded, is exactly what a single-process ingest stores."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from figures.cli import cli
from figures.ingest import Summary, ingest, load_claims
from figures.rules import RuleSet, compile_packs, load_rules
from figures.spark import executor_rules, input_format, local_name, pack_contents, read_output
from tests.conftest import FLOODS, IN_CI, need_corpus

MAX_CHARS = 150
# every kind of record: dated in three months and undated, blank, malformed, without text,
# the same text twice, the same URL twice, and a document over MAX_CHARS
RECORDS: list[dict[str, Any] | str] = [
    {
        "text": "Six people were swept away by the river, police said.",
        "published": "2024-03-04",
        "title": "River",
        "url": "https://example.org/1",
    },
    "",
    {
        "text": "Two people were swept away near the bridge. Three people were swept away later.",
        "published": "2024-04-02T10:00:00Z",
        "outlet": "Example Post",
    },
    "{not json",
    {"title": "a record without text"},
    {"text": "Six people were swept away by the river, police said.", "published": "2024-05-01"},
    {"text": "Nothing happened at the river.", "date": "early in the spring"},
    {
        "text": "Four people were swept away.",
        "url": "https://example.org/1",
        "published": "2024-03-09",
    },
    {"text": "Nine people were swept away. " + "The river rose. " * 12, "published": "2024-03-10"},
]


def _need_spark() -> None:
    """Skip without pyspark, pyarrow or Java; fail instead under CI, which installs them."""
    problem = None
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        problem = f"{exc.name} is not installed (pip install -e '.[spark]')"
    if problem is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        problem = "no Java found (PySpark needs Java 17)"
    if problem:
        if IN_CI:
            pytest.fail(f"{problem}: CI installs the spark extra and has Java 17")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark with two workers, no UI, quiet; stopped after this module."""
    _need_spark()
    from figures.spark import spark_session

    session = spark_session(
        "local[2]",
        {
            "spark.ui.enabled": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.driver.memory": "1g",
        },
        log_level="ERROR",
    )
    yield session
    session.stop()


@pytest.fixture
def floods(tmp_path: Path) -> RuleSet:
    """Rules of one small pack with a metric of its own: compiled in a second."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "floods.toml").write_text(FLOODS, encoding="utf-8")
    return compile_packs([folder / "floods.toml"])


def _write_jsonl(path: Path) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TIMESTAMPS = {"ingested_at", "extracted_at"}


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in the order it was written, timestamps left out.

    Row ids are kept: two databases are equal only when the same documents and claims
    (every column: metric, numbers, qualifier, victims, source, spans, rule, document)
    were written in the same order, so duplicates, revisions and sources match too.
    """
    conn = sqlite3.connect(db_path)
    tables = {}
    for table in ("metrics", "sources", "documents", "claims", "series"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        kept = ", ".join(f'"{c}"' for c in columns if c not in TIMESTAMPS)
        order = "rowid" if table != "series" else kept
        tables[table] = conn.execute(f"SELECT {kept} FROM {table} ORDER BY {order}").fetchall()
    conn.close()
    return tables


def assert_same(local: Path, spark: Path) -> None:
    a, b = snapshot(local), snapshot(spark)
    for table in a:
        assert len(a[table]) == len(b[table]), f"{table}: {len(a[table])} != {len(b[table])} rows"
        for i, (x, y) in enumerate(zip(a[table], b[table], strict=True)):
            assert x == y, f"{table}, row {i + 1}: single-process ingest {x!r}, Spark {y!r}"
    assert a["claims"] and a["documents"]


def counts(s: Summary) -> tuple[int, int, int, int, int, int]:
    return (s.read, s.new, s.already, s.claims, len(s.failed), len(s.timed_out))


# --- without Spark ---------------------------------------------------------------------


def test_executors_compile_the_shipped_contents_not_the_files(floods: RuleSet) -> None:
    path = Path(floods.paths[0])
    packs = pack_contents([path])
    path.unlink()  # an executor has no copy of the user's rule files
    shipped = executor_rules(packs, floods.version)
    assert [r.id for r in shipped.rules] == ["swept.passive"]
    assert executor_rules(packs, floods.version) is shipped  # once per process
    with pytest.raises(RuntimeError, match="another figures release"):
        executor_rules(packs, "000000000000")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("news.jsonl", "jsonl"),
        ("s3a://bucket/news/*.jsonl.gz", "jsonl"),
        ("hdfs:///crawl/part-0.ndjson.bz2", "jsonl"),
        ("crawl.parquet", "parquet"),
        ("gs://bucket/crawl/*.parquet", "parquet"),
    ],
)
def test_input_format_by_name(path: str, kind: str) -> None:
    assert input_format(path) == kind


def test_input_format_unknown_asks_for_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--format"):
        input_format(str(tmp_path / "news.json"))


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("file:///data/news%20wire.jsonl", "/data/news wire.jsonl"),
        ("file:/data/news.jsonl", "/data/news.jsonl"),
        ("s3a://bucket/news.jsonl", "s3a://bucket/news.jsonl"),
    ],
)
def test_records_are_named_as_the_cli_names_them(uri: str, name: str) -> None:
    assert local_name(uri) == name


def test_an_unfinished_output_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "out" / "documents").mkdir(parents=True)
    (tmp_path / "out" / "documents" / "_SUCCESS").touch()
    with pytest.raises(ValueError, match="claims/_SUCCESS"):
        read_output(tmp_path / "out")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", "--claims", str(tmp_path / "out"), "--db", str(tmp_path / "f.db")]
    )
    assert result.exit_code == 1
    assert "not the output of a finished" in result.output
    missing = runner.invoke(
        cli, ["ingest", "--claims", str(tmp_path / "nothing"), "--db", str(tmp_path / "f.db")]
    )
    assert missing.exit_code == 1
    assert f"{tmp_path / 'nothing'}: no such folder" in missing.output


def test_ingest_takes_paths_or_claims() -> None:
    runner = CliRunner()
    neither = runner.invoke(cli, ["ingest"])
    assert neither.exit_code == 2
    assert "--claims" in neither.output
    both = runner.invoke(cli, ["ingest", "a.jsonl", "--claims", "out"])
    assert both.exit_code == 2
    assert "spark extract" in both.output
    helped = runner.invoke(cli, ["spark", "extract", "--help"])
    assert helped.exit_code == 0
    assert "Example:" in helped.output


# --- with Spark ------------------------------------------------------------------------


def test_every_kind_of_record_as_a_single_process_ingest(
    spark: Any, floods: RuleSet, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from figures.spark import extract_to_parquet

    source = _write_jsonl(tmp_path / "news.jsonl")
    local = ingest([str(source)], tmp_path / "local.db", ruleset=floods, max_chars=MAX_CHARS)
    out = tmp_path / "out"
    job = extract_to_parquet(
        str(source), str(out), ruleset=floods, spark=spark, max_chars=MAX_CHARS
    )
    assert (job.documents, job.failed) == (5, 3)
    assert {p.name for p in (out / "documents").iterdir() if p.is_dir()} == {
        "published_month=2024-03",
        "published_month=2024-04",
        "published_month=2024-05",
        "published_month=unknown",
    }
    loaded = load_claims(out, tmp_path / "spark.db")
    assert counts(loaded) == counts(local) == (6, 4, 1, 4, 3, 0)
    # the same reasons for the same lines, named alike (file:line)
    assert loaded.failed == local.failed
    assert_same(tmp_path / "local.db", tmp_path / "spark.db")

    again = load_claims(out, tmp_path / "spark.db")
    assert (again.new, again.already, again.claims) == (0, 5, 0)
    assert_same(tmp_path / "local.db", tmp_path / "spark.db")

    with pytest.raises(FileExistsError, match="--overwrite"):
        extract_to_parquet(str(source), str(out), ruleset=floods, spark=spark)

    # a file whose rows are not in input order is refused, not loaded in another order
    (march,) = (out / "documents" / "published_month=2024-03").glob("*.parquet")
    table = pq.read_table(march)
    assert table.num_rows == 2
    pq.write_table(table.take([1, 0]), march)
    with pytest.raises(ValueError, match=r"not in input order|a claim of no document"):
        load_claims(out, tmp_path / "shuffled.db")


def test_parquet_input_gives_the_same_claims(spark: Any, floods: RuleSet, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from figures.spark import extract_to_parquet

    records = [r for r in RECORDS if isinstance(r, dict) and "text" in r]
    names = sorted({k for r in records for k in r})
    table = pa.Table.from_pylist(records, schema=pa.schema([(n, pa.string()) for n in names]))
    pq.write_table(table, tmp_path / "news.parquet")
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    local = ingest([str(jsonl)], tmp_path / "local.db", ruleset=floods, max_chars=MAX_CHARS)
    out = tmp_path / "out"
    extract_to_parquet(
        str(tmp_path / "news.parquet"), str(out), ruleset=floods, spark=spark, max_chars=MAX_CHARS
    )
    loaded = load_claims(out, tmp_path / "spark.db")
    assert counts(loaded) == counts(local)
    # record N of the Parquet file is line N of the JSON Lines one
    assert [o.replace(".parquet:", ".jsonl:") for o, _ in loaded.failed] == [
        o for o, _ in local.failed
    ]
    for db in ("local.db", "spark.db"):  # the files differ: the documents' origin too
        with sqlite3.connect(tmp_path / db) as conn:
            conn.execute("UPDATE documents SET origin = replace(origin, '.parquet', '.jsonl')")
    assert_same(tmp_path / "local.db", tmp_path / "spark.db")


@pytest.mark.corpus
def test_bulk_claims_equal_the_single_process_ingest(spark: Any, tmp_path: Path) -> None:
    """The done criterion: bulk.jsonl through Spark (local[2]) and through `ingest`.

    Every row of every table, claims in full (metric, numbers, qualifier, victims, source,
    spans, rule, document), in the same order: exactly what the single-process ingest
    stores.
    """
    bulk = need_corpus() / "bulk.jsonl"
    from figures.spark import extract_to_parquet

    rules = load_rules()
    local = ingest([str(bulk)], tmp_path / "local.db", ruleset=rules)
    job = extract_to_parquet(str(bulk), str(tmp_path / "out"), ruleset=rules, spark=spark)
    assert job.documents == local.read
    assert job.timed_out == len(local.timed_out) == 0  # a rule out of time would differ
    tasks = list((tmp_path / "out" / "claims").rglob("part-*.parquet"))
    assert len({p.name.split("-")[1] for p in tasks}) > 1  # split into several tasks
    loaded = load_claims(tmp_path / "out", tmp_path / "spark.db")
    assert counts(loaded) == counts(local)
    assert loaded.claims > 500
    assert_same(tmp_path / "local.db", tmp_path / "spark.db")

    again = load_claims(tmp_path / "out", tmp_path / "spark.db")
    assert (again.new, again.claims, again.already) == (0, 0, local.read)
    assert_same(tmp_path / "local.db", tmp_path / "spark.db")


def test_the_commands_end_to_end(spark: Any, tmp_path: Path) -> None:
    """`figures spark extract` (in the running local session) then `ingest --claims`."""
    source = _write_jsonl(tmp_path / "news.jsonl")
    out, db = tmp_path / "out", tmp_path / "figures.db"
    runner = CliRunner()
    extracted = runner.invoke(cli, ["spark", "extract", str(source), str(out)])
    assert extracted.exit_code == 0, extracted.output
    assert "documents extracted: 6" in extracted.output  # no --max-chars: the long one too
    loaded = runner.invoke(cli, ["ingest", "--claims", str(out), "--db", str(db)])
    assert loaded.exit_code == 1  # failed records are reported, as by ingest
    assert "new: 5" in loaded.output
    assert f"failed: {source}:4: not valid JSON" in loaded.output
    refused = runner.invoke(cli, ["spark", "extract", str(source), str(out)])
    assert refused.exit_code == 1
    assert "--overwrite" in refused.output
    replaced = runner.invoke(cli, ["spark", "extract", str(source), str(out), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output


def test_the_command_names_what_it_cannot_read(spark: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "missing.jsonl"
    result = runner.invoke(cli, ["spark", "extract", str(missing), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert str(missing) in result.output
    assert "Traceback" not in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack]\nid = 'bad'\n", encoding="utf-8")
    source = _write_jsonl(tmp_path / "news.jsonl")
    result = runner.invoke(
        cli, ["spark", "extract", str(source), str(tmp_path / "out"), "--rules", str(bad)]
    )
    assert result.exit_code == 1
    assert f"{bad}:" in result.output
    assert not (tmp_path / "out").exists()
