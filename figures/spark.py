"""Extraction as a PySpark job: documents in, claims and documents out as Parquet by month.

The job reads JSON Lines or Parquet (local paths or any Hadoop URI), runs the same reader,
rule packs and extraction as `figures ingest` in each partition, and writes four Parquet
datasets under its output: ``documents/`` and ``claims/`` (partitioned by
``published_month``, ``YYYY-MM`` or ``unknown``), ``failed/`` and ``metrics/``. Every row
keeps its place in the input (``input_file`` and ``input_line``, the line of a JSON Lines
file or the record of a Parquet file, counted as the CLI counts them) and every file is
sorted by it, so :func:`read_output` gives the documents back in input order and
``figures ingest --claims`` stores exactly what a single-process ingest of the same input
stores. pyspark is imported only inside the functions that start a job; reading the output
needs pyarrow alone. How to run it, locally and with spark-submit: the README's "Spark".
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import shutil
import sys
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from figures.extract import extract_document
from figures.models import Claim, Document
from figures.readers import FIELD_DEFAULTS, document_from_record
from figures.rules import RuleSet, compile_packs, load_rules
from figures.store import document_id

if TYPE_CHECKING:
    import pyarrow
    import pyarrow.fs
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "JobSummary",
    "Output",
    "SetupError",
    "extract_to_parquet",
    "local_name",
    "main",
    "published_month",
    "read_output",
]

MAX_CHARS = 5_000_000  # as figures.ingest: a longer "article" is a dump, refused
UNKNOWN_MONTH = "unknown"
KEY = ("input_file", "input_line")  # where a record sits in the input
DATASETS = ("documents", "claims", "failed", "metrics")
# Spark settings the job sets unless the session already has them: splits of 32 MB at most
# (extraction runs at 1-3 MB/s a core, so a task takes a minute or less: the load stays
# balanced and a lost task costs little).
SPLIT_DEFAULTS = {
    "spark.sql.files.maxPartitionBytes": str(32 * 1024 * 1024),
    "spark.sql.files.openCostInBytes": str(1024 * 1024),
}
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
TASKS_PER_CORE = 3  # at least this many tasks per core, input size allowing
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".zst", ".xz", ".lz4", ".snappy", ".deflate")
_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


class SetupError(RuntimeError):
    """Something the job needs is missing from this machine (Java, for one)."""


# --- the shape of the output ---------------------------------------------------------------


def _spark_type(annotation: Any) -> str:
    """The Spark SQL type of a Claim field: bigint for int, string for str and Literal."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is int:
        return "bigint"
    if annotation is str or typing.get_origin(annotation) is typing.Literal:
        return "string"
    raise TypeError(f"Claim field type {annotation!r} has no Parquet column type here")


CLAIM_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (name, _spark_type(f.annotation)) for name, f in Claim.model_fields.items()
)
_KEY_COLUMNS = (("input_file", "string"), ("input_line", "bigint"))
DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("text", "string"),
    ("title", "string"),
    ("outlet", "string"),
    ("url", "string"),
    ("published", "string"),
    ("author", "string"),
    ("origin", "string"),
    ("credit", "string"),
    ("timed_out", "array<string>"),
    *_KEY_COLUMNS,
)
CLAIM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_id", "string"),
    ("claim_index", "bigint"),
    *CLAIM_FIELDS,
    *_KEY_COLUMNS,
)
FAILED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("origin", "string"),
    ("error", "string"),
    ("document_read", "boolean"),  # the record was a document (too large, extraction failed)
    *_KEY_COLUMNS,
)
# one row per input record, as the partition function yields it
_ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    *DOCUMENT_COLUMNS,
    ("published_month", "string"),
    ("error", "string"),
    ("document_read", "boolean"),
    ("claims", "array<struct<" + ", ".join(f"`{n}`: {t}" for n, t in CLAIM_FIELDS) + ">>"),
)


def _ddl(columns: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def published_month(published: str | None) -> str:
    """The partition of a document: the YYYY-MM of its ISO date, else ``unknown``.

    >>> published_month("2023-10-17"), published_month("October 17, 2023")
    ('2023-10', 'unknown')
    """
    month = (published or "")[:7]
    return month if _MONTH.fullmatch(month) else UNKNOWN_MONTH


# --- what runs on the executors ----------------------------------------------------------

Packs = tuple[tuple[str, bytes], ...]  # (file name, contents) of every rule pack, in order
_RULESETS: dict[str, RuleSet] = {}  # compiled once per Python worker, by pack contents


def pack_contents(paths: Sequence[str | Path]) -> Packs:
    """The rule packs at ``paths`` as (name, bytes): what the driver ships to executors."""
    return tuple((Path(p).name, Path(p).read_bytes()) for p in paths)


def executor_rules(packs: Packs, version: str) -> RuleSet:
    """The packs compiled, once per Python worker; fails when they compile to another version.

    The contents are written to a temporary folder and compiled by the same code as the
    CLI, so the executors need no copy of the user's rule files. PySpark reuses its Python
    workers (one per task slot of an executor) from task to task and job to job, so each
    compiles once and keeps the result here. A different version means
    the executors run another release of figures than the driver (blocks, victims or
    numbers differ): claims would not match what the driver's rules give, so the task stops.
    """
    digest = hashlib.sha256()
    for name, data in packs:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = digest.hexdigest()
    rs = _RULESETS.get(key)
    if rs is None:
        folder = Path(tempfile.mkdtemp(prefix="figures-rules-"))
        try:
            paths = []
            for i, (name, data) in enumerate(packs):
                path = folder / f"{i:03d}-{name}"
                path.write_bytes(data)
                paths.append(path)
            rs = compile_packs(paths)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        _RULESETS[key] = rs
    if rs.version != version:
        raise RuntimeError(
            f"rules version {rs.version} on this executor, {version} on the driver:"
            " the executors run another figures release than the driver (or its data"
            " files changed during the run); install the same wheel on both"
        )
    return rs


def local_name(uri: str) -> str:
    """A file as the CLI names it: the path of a ``file:`` URI, any other URI as it is.

    >>> local_name("file:///data/news%20wire.jsonl"), local_name("s3a://b/news.jsonl")
    ('/data/news wire.jsonl', 's3a://b/news.jsonl')
    """
    if not uri.startswith("file:"):
        return uri
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(uri).path)


Firsts = Mapping[tuple[str, int], int]  # (file, split start) -> lines of the file before it


def _record(fmt: str, value: Any, origin: str, first: bool) -> tuple[Document | None, str | None]:
    """A document from one input record, or why it is not one (as the CLI's readers say)."""
    if fmt == "jsonl":
        line = value.lstrip("\ufeff") if first else value
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return None, f"not valid JSON: {exc.msg} (column {exc.colno})"
    else:
        obj = value
    try:
        return document_from_record(obj, origin), None
    except ValueError as exc:
        return None, str(exc)


def extract_partition(
    rows: Iterable[Any],
    *,
    fmt: str,
    firsts: Firsts,
    packs: Packs,
    version: str,
    published: str | None,
    max_chars: int,
) -> Iterator[tuple[Any, ...]]:
    """Extract the claims of one partition's records: one output row per record.

    ``rows`` are (value, file, split start) for JSON Lines and (record dict, file, split
    start) for Parquet, in input order; ``firsts`` gives the number of lines (records) of
    the file before each split, so every row knows its line number as the CLI counts
    it. Blank lines give no row; unreadable records, documents over ``max_chars`` and
    extraction errors give a row with ``error`` set.
    """
    rs = executor_rules(packs, version)
    where: tuple[str, int] | None = None
    line = 0
    name = ""
    for value, path, split in rows:
        if (path, split) != where:
            where, line, name = (path, split), firsts[path, split], local_name(path)
        line += 1
        if fmt == "jsonl" and not value.strip():
            continue
        origin = f"{name}:{line}"
        doc, error = _record(fmt, value, origin, line == 1)
        key = (path, line)
        if doc is None:
            yield _failed_row(origin, error or "unreadable", False, key)
            continue
        if published and not doc.published:
            doc = doc.model_copy(update={"published": published})
        if len(doc.text) > max_chars:
            error = (
                f"document too large: {len(doc.text):,} characters"
                f" (limit {max_chars:,}; see --max-chars)"
            )
            yield _failed_row(origin, error, True, key)
            continue
        try:
            result = extract_document(doc.text, doc.published, ruleset=rs)
        except Exception as exc:  # a bug must not lose the rest of the partition
            yield _failed_row(origin, f"extraction failed: {exc!r}", True, key)
            continue
        yield (
            document_id(doc.text),
            doc.text,
            doc.title,
            doc.outlet,
            doc.url,
            doc.published,
            doc.author,
            origin,
            result.credit,
            list(result.timed_out),
            *key,
            published_month(doc.published),
            None,
            True,
            [tuple(getattr(c, name) for name, _ in CLAIM_FIELDS) for c in result.claims],
        )


def _failed_row(origin: str, error: str, read: bool, key: tuple[str, int]) -> tuple[Any, ...]:
    blanks = (None,) * 7  # id, text, title, outlet, url, published, author
    return (*blanks, origin, None, [], *key, UNKNOWN_MONTH, error, read, [])


# --- the job, on the driver -----------------------------------------------------------------


@dataclass(slots=True)
class JobSummary:
    """What a Spark extraction wrote: documents, claims, failed records, rules out of time."""

    output: str
    documents: int = 0
    claims: int = 0
    failed: int = 0
    timed_out: int = 0
    rules_version: str = ""
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"documents extracted: {self.documents}",
            f"claims extracted: {self.claims}",
            f"failed: {self.failed} (listed by `figures ingest --claims`)",
            f"rules out of time: {self.timed_out}",
            f"rules version: {self.rules_version}",
            f"written to: {self.output} in {self.seconds:.1f} s",
        ]


def input_format(path: str, fmt: str = "auto") -> str:
    """``jsonl`` or ``parquet``: ``fmt`` itself, or told by the name (or a folder's files).

    >>> input_format("s3a://news/2024/*.jsonl.gz"), input_format("crawl.parquet")
    ('jsonl', 'parquet')
    """
    if fmt != "auto":
        return fmt
    name = path.rstrip("/").lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    local = Path(path)
    if "://" not in path and local.is_dir():
        names = [p.name.lower() for p in local.rglob("*") if p.is_file()]
        if any(n.endswith(".parquet") for n in names):
            return "parquet"
        if any(".jsonl" in n or ".ndjson" in n for n in names):
            return "jsonl"
    raise ValueError(f"{path}: cannot tell JSON Lines from Parquet by its name; give --format")


def _local(master: str | None) -> bool:
    return master is not None and master.startswith("local")


def spark_session(
    master: str | None = None, conf: Mapping[str, str] | None = None, *, log_level: str = "WARN"
) -> SparkSession:
    """A SparkSession for the job: ``master`` (default local[*], unless spark-submit set one).

    In local mode the workers run this Python with this copy of figures on their path,
    and the JVM starts with LOCAL_JAVA_OPTIONS unless ``conf`` gives others. Raises
    SetupError when there is no JVM to start and no Java to start one with.
    """
    import os

    from pyspark.sql import SparkSession

    launched = "PYSPARK_GATEWAY_PORT" in os.environ  # by spark-submit, which started the JVM
    no_java = not (os.environ.get("JAVA_HOME") or shutil.which("java"))
    if no_java and not launched and SparkSession.getActiveSession() is None:
        raise SetupError(
            "PySpark needs Java 17 (or 21): install it (Debian: apt-get install"
            " openjdk-17-jre-headless) or set JAVA_HOME"
        )
    if master is None and not launched:
        master = "local[*]"  # not started by spark-submit: nothing else names a master
    builder = SparkSession.builder.appName("figures extract")
    if master is not None:
        builder = builder.master(master)
    settings = dict(conf or {})
    if _local(master):
        import figures

        root = str(Path(figures.__file__).resolve().parents[1])
        settings.setdefault("spark.executorEnv.PYTHONPATH", root)
        settings.setdefault("spark.pyspark.python", sys.executable)
        # PySpark 4.3 starts some workers (mapInArrow's) with PYSPARK_PYTHON, else the
        # `python3` on PATH, whatever spark.pyspark.python says: name this interpreter
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings.setdefault("spark.ui.showConsoleProgress", "false")
        # the JVM only plans, moves and writes here: without the optimising JIT tier and
        # with the serial collector it takes about a third of the CPU time (measured on
        # 20 MB: 18 s instead of 49 s), which the Python workers doing the extraction get
        settings.setdefault("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(log_level)
    return spark


def extract_to_parquet(
    input_path: str,
    output: str,
    *,
    rules: Sequence[str] = (),
    ruleset: RuleSet | None = None,
    fmt: str = "auto",
    published: str | None = None,
    max_chars: int = MAX_CHARS,
    overwrite: bool = False,
    spark: SparkSession | None = None,
    master: str | None = None,
    conf: Mapping[str, str] | None = None,
) -> JobSummary:
    """Extract the claims of every document at ``input_path``; write Parquet under ``output``.

    ``rules`` are extra rule-pack folders or files beside the built-in packs, or
    ``ruleset`` the compiled rules to use; the driver reads their pack files and ships the
    contents to the executors. Without ``spark`` the active session is used, or one is
    started with ``master`` and ``conf`` and stopped at the end. Raises RuleError for a
    bad pack, ValueError for an input it cannot read, and FileExistsError when ``output``
    holds a previous run and ``overwrite`` is false.
    """
    import time
    from concurrent.futures import ThreadPoolExecutor

    from pyspark.sql import SparkSession

    start = time.monotonic()
    kind = input_format(input_path, fmt)
    own = spark is None and SparkSession.getActiveSession() is None
    with ThreadPoolExecutor(1, thread_name_prefix="figures-rules") as pool:
        # the rules compile (seconds of pure Python) while the JVM starts; errors name the
        # real files, and come before any task runs
        compiling = None if ruleset is not None else pool.submit(load_rules, tuple(map(str, rules)))
        session = spark if spark is not None else spark_session(master, conf)
        try:
            rs = compiling.result() if compiling is not None else ruleset
            assert rs is not None
        except BaseException:
            if own:
                session.stop()
            raise
    packs = pack_contents(rs.paths)
    tasks = TASKS_PER_CORE * session.sparkContext.defaultParallelism
    restore = _set_defaults(
        session, {**SPLIT_DEFAULTS, "spark.sql.files.minPartitionNum": str(tasks)}
    )
    try:
        rows = _rows(session, input_path, kind, packs, rs.version, published, max_chars)
        summary = _write(session, rows, output, rs, overwrite)
    finally:
        for key, value in restore.items():
            if value is None:
                session.conf.unset(key)
            else:
                session.conf.set(key, value)
        if own:
            session.stop()
    summary.seconds = time.monotonic() - start
    return summary


def _set_defaults(spark: SparkSession, defaults: Mapping[str, str]) -> dict[str, str | None]:
    """Set each default the session was not started with; return what to restore."""
    started = spark.sparkContext.getConf()
    restore: dict[str, str | None] = {}
    for key, value in defaults.items():
        if not started.contains(key):
            restore[key] = spark.conf.get(key, None)
            spark.conf.set(key, value)
    return restore


def _rows(
    spark: SparkSession,
    input_path: str,
    kind: str,
    packs: Packs,
    version: str,
    published: str | None,
    max_chars: int,
) -> DataFrame:
    """One row per input record: the document, its claims, or why it failed.

    Records go to the Python workers and come back as Arrow batches (``mapInArrow``):
    the JVM's side of the exchange costs a fraction of what pickled rows cost it, and on
    a machine of few cores the JVM and the workers share them.
    """
    from pyspark.sql import functions as F

    file_col = F.col("_metadata.file_path").alias("_file")
    split_col = F.col("_metadata.file_block_start").alias("_split")
    if kind == "jsonl":
        source = spark.read.text(input_path).select("value", file_col, split_col)
    else:
        table = spark.read.parquet(input_path)
        wanted = {name for names in FIELD_DEFAULTS.values() for name in names}
        columns = [c for c in table.columns if c in wanted]
        if not any(c in columns for c in FIELD_DEFAULTS["text"]):
            raise ValueError(
                f"{input_path}: no text column (looked for {', '.join(FIELD_DEFAULTS['text'])})"
            )
        source = table.select(F.struct(*columns).alias("value"), file_col, split_col)
    shared = spark.sparkContext.broadcast(_firsts(source))
    schema = spark.createDataFrame([], _ddl(_ROW_COLUMNS)).schema  # DDL parsed, any version
    arrow = _arrow_schema(spark, schema)

    def work(batches: Iterable[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        rows = extract_partition(
            _records(batches),
            fmt=kind,
            firsts=shared.value,
            packs=packs,
            version=version,
            published=published,
            max_chars=max_chars,
        )
        return _to_batches(rows, arrow)

    return source.mapInArrow(work, schema)


def _arrow_schema(spark: SparkSession, schema: Any) -> pyarrow.Schema:
    """The Arrow schema Spark expects back from ``mapInArrow`` for ``schema``."""
    from pyspark.sql.pandas.types import to_arrow_schema

    large = str(spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false"))
    try:
        return to_arrow_schema(schema, prefers_large_types=large.lower() == "true")
    except TypeError:  # pyspark 3.5: no large types
        return to_arrow_schema(schema)


def _records(batches: Iterable[pyarrow.RecordBatch]) -> Iterator[tuple[Any, ...]]:
    """The rows of Arrow record batches as tuples (a struct column's values as dicts)."""
    for batch in batches:
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


BATCH_ROWS = 256  # output rows per Arrow batch: a few hundred KB of text


def _to_batches(
    rows: Iterable[tuple[Any, ...]], schema: pyarrow.Schema, size: int = BATCH_ROWS
) -> Iterator[pyarrow.RecordBatch]:
    """Rows (tuples in schema order) as Arrow record batches of ``size`` rows."""
    import pyarrow as pa

    def batch(chunk: list[tuple[Any, ...]]) -> pa.RecordBatch:
        columns = zip(*chunk, strict=True)
        arrays = [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield batch(chunk)
            chunk = []
    if chunk:
        yield batch(chunk)


def _firsts(source: DataFrame) -> dict[tuple[str, int], int]:
    """The lines (records) of its file before each split: a count by split, in the JVM.

    Spark gives a record its file and split but not its line; counting the lines of
    every split first (a pass that reads without parsing, far faster than extraction)
    gives each record the line number the CLI would report.
    """
    per_file: dict[str, list[tuple[int, int]]] = {}
    for row in source.groupBy("_file", "_split").count().collect():
        per_file.setdefault(row["_file"], []).append((int(row["_split"]), int(row["count"])))
    firsts: dict[tuple[str, int], int] = {}
    for path, splits in per_file.items():
        before = 0
        for split, count in sorted(splits):
            firsts[path, split] = before
            before += count
    return firsts


def _write(
    spark: SparkSession, rows: DataFrame, output: str, ruleset: RuleSet, overwrite: bool
) -> JobSummary:
    """Write the four datasets from ``rows``, extracted once (kept while they are written)."""
    from pyspark import StorageLevel
    from pyspark.errors import AnalysisException
    from pyspark.sql import functions as F

    out = output.rstrip("/")
    mode = "overwrite" if overwrite else "errorifexists"
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        ok = rows.where(F.col("error").isNull())
        documents = ok.select(*(n for n, _ in DOCUMENT_COLUMNS), "published_month")
        claims = ok.select(
            F.col("id").alias("document_id"),
            *KEY,
            "published_month",
            F.posexplode("claims").alias("claim_index", "claim"),
        ).select(
            "document_id",
            F.col("claim_index").cast("bigint"),
            *(F.col(f"claim.`{n}`").alias(n) for n, _ in CLAIM_FIELDS),
            *KEY,
            "published_month",
        )
        failed = rows.where(F.col("error").isNotNull()).select(*(n for n, _ in FAILED_COLUMNS))
        metrics = spark.createDataFrame(
            [(k, label, text, ruleset.version) for k, (label, text) in ruleset.metrics.items()],
            "id string, label string, description string, rules_version string",
        )
        try:
            for name, frame, order in (
                ("documents", documents, KEY),
                ("claims", claims, (*KEY, "claim_index")),
            ):
                (
                    frame.sortWithinPartitions("published_month", *order)
                    .write.mode(mode)
                    .partitionBy("published_month")
                    .parquet(f"{out}/{name}")
                )
            failed.repartition(1).sortWithinPartitions(*KEY).write.mode(mode).parquet(
                f"{out}/failed"
            )
            metrics.repartition(1).write.mode(mode).parquet(f"{out}/metrics")
        except AnalysisException as exc:
            if "already exists" in str(exc).lower() or "PATH_ALREADY_EXISTS" in str(exc):
                raise FileExistsError(
                    f"{out} holds a previous run: give another OUTPUT, or --overwrite"
                ) from None
            raise
        counts = rows.agg(
            F.count(F.when(F.col("error").isNull(), 1)).alias("documents"),
            F.sum(F.size("claims")).alias("claims"),
            F.count(F.when(F.col("error").isNotNull(), 1)).alias("failed"),
            F.sum(F.size("timed_out")).alias("timed_out"),
        ).first()
    finally:
        rows.unpersist()
    assert counts is not None
    return JobSummary(
        output=out,
        documents=int(counts["documents"] or 0),
        claims=int(counts["claims"] or 0),
        failed=int(counts["failed"] or 0),
        timed_out=int(counts["timed_out"] or 0),
        rules_version=ruleset.version,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """The entry of a spark-submit run: the arguments of `figures spark extract`."""
    from figures.cli import cli

    cli(["spark", "extract", *(sys.argv[1:] if argv is None else argv)])


# --- reading the output back (pyarrow only) ---------------------------------------------


@dataclass(slots=True)
class Output:
    """A finished job's output: its metrics, failed records, and documents in input order."""

    filesystem: pyarrow.fs.FileSystem
    root: str
    metrics: dict[str, tuple[str, str]]
    rules_version: str | None
    failed: list[tuple[str, str, bool]] = field(default_factory=list)  # origin, error, read
    batch_rows: int = 256

    def documents(self) -> Iterator[tuple[Document, str | None, list[Claim], list[str]]]:
        """(document, credit, claims, rules out of time) of every document, in input order.

        Each Parquet file is sorted by input position; the files are merged, opened only
        when the merge reaches their first row, so memory holds a batch per open file.
        """
        docs = self._merged("documents", [n for n, _ in DOCUMENT_COLUMNS], KEY)
        claim_names = [n for n, _ in CLAIM_COLUMNS]
        claims = self._merged("claims", claim_names, (*KEY, "claim_index"))
        pending = next(claims, None)
        fields = [n for n, _ in CLAIM_FIELDS]
        for row in docs:
            key = tuple(row[k] for k in KEY)
            found: list[Claim] = []
            while pending is not None and tuple(pending[k] for k in KEY) <= key:
                if tuple(pending[k] for k in KEY) < key:
                    raise ValueError(f"{self.root}: a claim of no document at {key}")
                found.append(Claim.model_validate({n: pending[n] for n in fields}))
                pending = next(claims, None)
            doc = Document(
                text=row["text"],
                title=row["title"],
                published=row["published"],
                outlet=row["outlet"],
                url=row["url"],
                author=row["author"],
                origin=row["origin"],
            )
            yield doc, row["credit"], found, list(row["timed_out"] or [])
        if pending is not None:
            raise ValueError(f"{self.root}: a claim of no document at {pending['input_file']}")

    def _files(self, dataset: str) -> list[str]:
        import pyarrow.fs as pafs

        infos = self.filesystem.get_file_info(
            pafs.FileSelector(f"{self.root}/{dataset}", recursive=True)
        )
        return sorted(
            i.path
            for i in infos
            if i.type == pafs.FileType.File
            and i.path.endswith(".parquet")
            and not Path(i.path).name.startswith(("_", "."))
        )

    def _batches(self, path: str, columns: list[str], size: int) -> Iterator[dict[str, Any]]:
        import pyarrow.parquet as pq

        with self.filesystem.open_input_file(path) as fh:
            for batch in pq.ParquetFile(fh).iter_batches(batch_size=size, columns=columns):
                yield from batch.to_pylist()

    def _merged(
        self, dataset: str, columns: list[str], order: Sequence[str]
    ) -> Iterator[dict[str, Any]]:
        """The rows of every file of ``dataset``, merged by ``order`` (each file is sorted).

        Raises ValueError when a key comes twice or out of order: a file that is not the
        sorted output of the job, which would store documents in another order.
        """
        last: tuple[Any, ...] | None = None
        firsts: list[tuple[tuple[Any, ...], str]] = []
        for path in self._files(dataset):
            first = next(self._batches(path, list(order), 1), None)
            if first is not None:
                firsts.append((tuple(first[k] for k in order), path))
        firsts.sort()
        heap: list[tuple[tuple[Any, ...], int, dict[str, Any], Iterator[dict[str, Any]]]] = []
        opened = 0
        while True:
            while opened < len(firsts) and (not heap or firsts[opened][0] <= heap[0][0]):
                rows = self._batches(firsts[opened][1], columns, self.batch_rows)
                row = next(rows)
                heapq.heappush(heap, (tuple(row[k] for k in order), opened, row, rows))
                opened += 1
            if not heap:
                return
            key, index, row, rows = heapq.heappop(heap)
            if last is not None and key <= last:
                raise ValueError(
                    f"{self.root}/{dataset}: {dict(zip(order, key, strict=True))} comes after"
                    f" {dict(zip(order, last, strict=True))}: not in input order"
                )
            last = key
            yield row
            following = next(rows, None)
            if following is not None:
                heapq.heappush(heap, (tuple(following[k] for k in order), index, following, rows))


def read_output(output: str | Path) -> Output:
    """Open the output of a finished job (a local folder or a URI pyarrow can read).

    Raises ValueError when a dataset is missing or has no _SUCCESS marker: the job did not
    finish, and loading half of it would store documents without their claims.
    """
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    text = str(output)
    if "://" in text:
        scheme, rest = text.split("://", 1)
        # Hadoop's names for S3 (s3a, s3n) are plain s3 to pyarrow
        fs, root = pafs.FileSystem.from_uri(f"s3://{rest}" if scheme in ("s3a", "s3n") else text)
    else:
        fs, root = pafs.LocalFileSystem(), str(Path(text).resolve())
    root = root.rstrip("/")
    if fs.get_file_info(root).type == pafs.FileType.NotFound:
        raise ValueError(f"{output}: no such folder")
    for dataset in DATASETS:
        marker = fs.get_file_info(f"{root}/{dataset}/_SUCCESS")
        if marker.type != pafs.FileType.File:
            raise ValueError(
                f"{output}: no {dataset}/_SUCCESS: not the output of a finished"
                " `figures spark extract` run"
            )
    result = Output(fs, root, {}, None)
    for path in result._files("metrics"):
        with fs.open_input_file(path) as fh:
            for row in pq.read_table(fh).to_pylist():
                result.metrics[row["id"]] = (row["label"], row["description"])
                result.rules_version = row["rules_version"]
    failed = (n for n, _ in FAILED_COLUMNS)
    result.failed = [
        (row["origin"], row["error"], bool(row["document_read"]))
        for row in result._merged("failed", list(failed), KEY)
    ]
    return result
