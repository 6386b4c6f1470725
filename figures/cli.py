"""The `figures` command line: a thin click layer over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from figures import __version__
from figures.rules import RuleError, RuleSet, load_rules

if TYPE_CHECKING:
    from figures.readers import ReadOptions

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "db/figures.db"


def db_option(f: F) -> F:
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The SQLite database file.",
    )(f)


def rules_option(f: F) -> F:
    return click.option(
        "--rules",
        "rules_dirs",
        multiple=True,
        type=click.Path(exists=True),
        help="Extra rule-pack folder or .toml file, loaded beside the built-in packs (repeatable).",
    )(f)


def published_option(f: F) -> F:
    return click.option(
        "--published",
        metavar="DATE",
        help="Publication date (YYYY-MM-DD, or as in 9 May 2024) for inputs that carry none.",
    )(f)


_FIELDS = (
    ("text", "text", "the article text"),
    ("title", "title", "the title"),
    ("date", "published", "the publication date"),
    ("url", "url", "the URL"),
    ("outlet", "outlet", "the outlet"),
    ("author", "author", "the author"),
)


def read_options(f: F) -> F:
    """How to read inputs: the field mapping of JSON and CSV records, and URL fetching."""
    from figures.readers import FIELD_DEFAULTS

    options = [
        click.option(
            f"--{flag}-field",
            f"{name}_field",
            multiple=True,
            metavar="NAME",
            help=f"JSON key or CSV column of {what}; repeat for fallbacks"
            f" [default: {', '.join(FIELD_DEFAULTS[name])}].",
        )
        for flag, name, what in _FIELDS
    ] + [
        click.option(
            "--follow",
            is_flag=True,
            help="Feeds: fetch the page each entry links to and read the article there.",
        ),
        click.option(
            "--keep-html",
            type=click.Path(file_okay=False, path_type=Path),
            metavar="DIR",
            help="Save every fetched HTML page as it came in DIR (not stored otherwise).",
        ),
        click.option(
            "--timeout",
            default=30.0,
            show_default=True,
            type=click.FloatRange(0.1),
            help="URLs: seconds to wait for a server to connect or send data.",
        ),
        click.option(
            "--retries",
            default=3,
            show_default=True,
            type=click.IntRange(0, 10),
            help="URLs: tries again after 429, 5xx, a timeout or a dropped connection,"
            " waiting 1 s, 2 s, 4 s... (or the server's Retry-After).",
        ),
        click.option(
            "--delay",
            default=1.0,
            show_default=True,
            type=click.FloatRange(0),
            help="URLs: seconds between two requests to the same host.",
        ),
        click.option(
            "--user-agent",
            metavar="TEXT",
            help="URLs: the User-Agent header [default: figures/VERSION (+project URL)].",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _read_options(
    *,
    follow: bool,
    keep_html: Path | None,
    timeout: float,
    retries: int,
    delay: float,
    user_agent: str | None,
    **fields: tuple[str, ...],
) -> ReadOptions:
    from figures.fetch import Fetcher
    from figures.readers import ReadOptions

    fetcher = Fetcher(timeout=timeout, retries=retries, delay=delay)
    if user_agent:
        fetcher.user_agent = user_agent
    mapping = {key.removesuffix("_field"): names for key, names in fields.items() if names}
    return ReadOptions(fields=mapping, follow=follow, keep_html=keep_html, fetch=fetcher)


def _ruleset(rules_dirs: tuple[str, ...]) -> RuleSet:
    try:
        return load_rules(tuple(rules_dirs))
    except RuleError as exc:
        raise click.ClickException(str(exc)) from exc


def _check_date(value: str | None, hint: str = "--published") -> str | None:
    from figures.pubdate import iso_date_or_none

    if value is None:
        return None
    date = iso_date_or_none(value)
    if date is None:
        raise click.BadParameter(
            f"{value!r} is not a YYYY-MM-DD date (nor one like 9 October 2023)", param_hint=hint
        )
    return date


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="figures")
def cli() -> None:
    """Track the figures the news reports: who says how many were killed, injured,
    taken hostage, released, missing, displaced, arrested or evacuated.

    \b
    Start with:  figures demo
    """


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@rules_option
@published_option
@click.option(
    "--claims",
    "claims_dir",
    metavar="PARQUET_DIR",
    help="Load what `figures spark extract` wrote there instead of reading PATHS.",
)
@click.option(  # figures.ingest.BATCH_SIZE (not imported here: it would slow every start)
    "--batch-size",
    default=1000,
    show_default=True,
    help="Documents per transaction; 1 stores a live feed on stdin as it arrives.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes that extract in parallel (this one reads and writes).",
)
@click.option(
    "--max-chars",
    default=5_000_000,
    show_default=True,
    help="Refuse documents longer than this (a clear error; the rest of the batch goes on).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@read_options
def ingest(
    paths: tuple[str, ...],
    db_path: str,
    rules_dirs: tuple[str, ...],
    published: str | None,
    claims_dir: str | None,
    batch_size: int,
    workers: int,
    max_chars: int,
    progress: bool | None,
    **read: Any,
) -> None:
    """Read articles, extract their claims and store both in the database.

    PATHS are files, folders (read recursively), http(s) URLs, or - for standard input.
    A file's format comes from its extension, else from its first bytes: text (.txt,
    with an optional header of `title:`, `published:`, `outlet:`, `url:` lines, then a
    blank line), HTML pages (.html, .htm: the article's main text and metadata), RSS or
    Atom feeds (.xml, .rss, .atom: one document per entry), JSON Lines (.jsonl), JSON
    (.json: an object or an array of objects) and CSV (.csv, .tsv, with a header row).
    A URL's format comes from its Content-Type. The --*-field options name the fields
    of JSON and CSV records. With --claims, the documents and claims come from a
    `figures spark extract` output instead.

    \b
    Example:
        figures ingest ../shared/corpus/dev.jsonl --db db/figures.db
        figures ingest https://example.org/world/rss.xml --follow
        figures ingest export.csv --text-field story --date-field "posted on"
        figures ingest --claims out/ --db db/figures.db
    """
    from figures.ingest import Item, load_claims
    from figures.ingest import ingest as run_ingest

    if claims_dir is not None and (paths or rules_dirs or published or workers > 1):
        raise click.UsageError(
            "--claims loads what `figures spark extract` already extracted:"
            " PATHS, --rules, --published and --workers belong to that command"
        )
    if claims_dir is None and not paths:
        raise click.UsageError("give PATHS to read, or --claims PARQUET_DIR")
    rs = _ruleset(rules_dirs) if claims_dir is None else None
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="ingest", file=sys.stderr)

    def tick(item: Item) -> None:
        if bar is not None:
            bar.update(1)

    try:
        if claims_dir is not None:
            try:
                summary = load_claims(claims_dir, db_path, batch_size=batch_size, on_item=tick)
            except ImportError as exc:
                raise click.ClickException(
                    f"{exc}: --claims reads Parquet with pyarrow: pip install 'figures[spark]'"
                ) from exc
            except (OSError, ValueError) as exc:  # messages of figures.spark name the path
                message = str(exc)
                if str(claims_dir) not in message:
                    message = f"{claims_dir}: {message}"
                raise click.ClickException(message) from exc
        else:
            summary = run_ingest(
                paths,
                db_path,
                ruleset=rs,
                published=_check_date(published),
                batch_size=batch_size,
                workers=workers,
                max_chars=max_chars,
                on_item=tick,
                options=_read_options(**read),
            )
    finally:
        if bar is not None:
            bar.close()
    for line in summary.lines():
        click.echo(line, err=line.startswith("  "))
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.argument("source")
@published_option
@rules_option
@read_options
def extract(source: str, published: str | None, rules_dirs: tuple[str, ...], **read: Any) -> None:
    """Print the claims of the articles in SOURCE as JSON Lines; nothing is stored.

    SOURCE is a file in any format `figures ingest` reads, an http(s) URL, or - for
    standard input. When it holds more than one document, each claim also carries the
    `origin` of its document. Unreadable documents are reported on standard error and
    the exit status is 1.

    \b
    Example:
        echo "At least 12 people were killed, police said." | figures extract -
        figures extract https://example.org/news/flood.html
    """
    from figures.extract import extract_document
    from figures.readers import read_inputs

    rs = _ruleset(rules_dirs)
    date = _check_date(published)
    failed = False
    documents = []
    for item in read_inputs([source], options=_read_options(**read)):
        for warning in item.warnings:
            click.echo(f"warning: {item.origin}: {warning}", err=True)
        if item.error:
            click.echo(f"error: {item.origin}: {item.error}", err=True)
            failed = True
        if item.document is not None:
            documents.append(item.document)
    for doc in documents:
        result = extract_document(doc.text, doc.published or date, ruleset=rs)
        for claim in result.claims:
            if len(documents) > 1:
                click.echo(json.dumps({"origin": doc.origin, **claim.model_dump(mode="json")}))
            else:
                click.echo(claim.model_dump_json())
        for rule in result.timed_out:
            click.echo(f"warning: {doc.origin}: rule {rule} ran out of time", err=True)
    if failed:
        sys.exit(1)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--texts",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The documents' JSON Lines (default: GOLD's name without -gold).",
)
@rules_option
@click.option(
    "--errors", is_flag=True, help="List every miss, false positive and attribution error."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(
    gold: Path, texts: Path | None, rules_dirs: tuple[str, ...], errors: bool, as_json: bool
) -> None:
    """Score extraction against a gold file of hand-annotated claims.

    \b
    Example:
        figures eval ../shared/corpus/dev-gold.jsonl --errors
    """
    from figures.evaluate import default_texts_path, evaluate, format_report, read_jsonl

    rs = _ruleset(rules_dirs)
    try:
        report = evaluate(gold, texts, ruleset=rs)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        data = report.as_dict()
        data["rules_version"] = rs.version
        if errors:
            data["errors"] = [_error_dict(e) for e in report.errors]
        click.echo(json.dumps(data, indent=2))
        return
    full_texts = {
        str(obj["id"]): obj["text"] for _, obj in read_jsonl(texts or default_texts_path(gold))
    }
    click.echo(format_report(report, errors=errors, texts=full_texts))


def _error_dict(e: Any) -> dict[str, Any]:
    return {name: getattr(e, name) for name in e.__slots__}


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, help="Port (0 picks a free one).")
@click.option("--immutable", is_flag=True, help="Serve the file as immutable (no writes expected).")
@click.option(
    "--sql-time-limit-ms", default=3000, show_default=True, help="Time limit of one SQL query."
)
def serve(db_path: str, host: str, port: int, immutable: bool, sql_time_limit_ms: int) -> None:
    """Browse the database in Datasette, with the project's metadata and plugins.

    Bound to 127.0.0.1 and read-only by default.

    \b
    Example:
        figures serve --db db/figures.db --port 8001
    """
    from figures.serve import serve as run_serve

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database (run `figures ingest` first)")
    sys.exit(
        run_serve(
            db_path, host=host, port=port, immutable=immutable, sql_time_limit_ms=sql_time_limit_ms
        )
    )


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, help="Port (0 picks a free one).")
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop.")
def demo(db_path: str, host: str, port: int, no_serve: bool) -> None:
    """Build the demo database from the bundled articles, then browse it in Datasette.

    \b
    Example:
        figures demo
    """
    from figures.demo import build_demo
    from figures.serve import serve as run_serve

    summary = build_demo(db_path)
    for line in summary.lines():
        click.echo(line)
    if summary.failed:
        sys.exit(1)
    if not no_serve:
        sys.exit(run_serve(db_path, host=host, port=port))


@cli.group(name="spark")
def spark_group() -> None:
    """Extract with PySpark on a cluster or all local cores (pip install 'figures[spark]')."""


@spark_group.command(name="extract")
@click.argument("input_path", metavar="INPUT")
@click.argument("output", metavar="OUTPUT")
@rules_option
@published_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "parquet"]),
    default="auto",
    show_default=True,
    help="Input format (auto: by the name, .jsonl[.gz] or .parquet).",
)
@click.option(
    "--master", metavar="URL", help="Spark master (default local[*], or what spark-submit sets)."
)
@click.option(
    "--conf",
    "confs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Spark setting, as spark-submit's --conf (repeatable).",
)
@click.option(
    "--max-chars",
    default=5_000_000,
    show_default=True,
    help="Refuse documents longer than this (reported, the rest goes on).",
)
@click.option("--overwrite", is_flag=True, help="Replace the output of a previous run.")
def spark_extract(
    input_path: str,
    output: str,
    rules_dirs: tuple[str, ...],
    published: str | None,
    fmt: str,
    master: str | None,
    confs: tuple[str, ...],
    max_chars: int,
    overwrite: bool,
) -> None:
    """Extract the claims of INPUT with PySpark; write Parquet under OUTPUT.

    INPUT is JSON Lines or Parquet (fields as for ingest): a file, folder or glob, local
    or any Hadoop URI (s3a://, hdfs://, gs://). OUTPUT (a folder or URI) gets documents/
    and claims/, partitioned by published month, failed/ and metrics/; then
    `figures ingest --claims OUTPUT` stores them. Needs pip install 'figures[spark]' and
    Java 17; under spark-submit, spark-submit's master and settings apply.

    \b
    Example:
        figures spark extract ../shared/corpus/bulk.jsonl out/ --master 'local[2]'
        figures ingest --claims out/ --db db/figures.db
    """
    settings = {}
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        settings[key] = value
    date = _check_date(published)
    try:
        from pyspark.errors import AnalysisException

        from figures.spark import SetupError, extract_to_parquet
    except ImportError as exc:
        raise click.ClickException(
            f"{exc}: the Spark job needs pip install 'figures[spark]' (and Java 17)"
        ) from exc
    try:
        # the rules compile on the driver while Spark starts: a bad pack stops the run,
        # named, before any task
        summary = extract_to_parquet(
            input_path,
            output,
            rules=rules_dirs,
            fmt=fmt,
            published=date,
            max_chars=max_chars,
            overwrite=overwrite,
            master=master,
            conf=settings,
        )
    except (FileExistsError, SetupError, ValueError) as exc:  # RuleError is a ValueError
        raise click.ClickException(str(exc)) from exc
    except AnalysisException as exc:  # a missing input path, an unreadable file
        raise click.ClickException(f"{input_path}: {exc}") from exc
    for line in summary.lines():
        click.echo(line)


@cli.group()
def rules() -> None:
    """List and test rule packs."""


@rules.command(name="list")
@rules_option
@click.option("--metric", help="Only the rules of this metric.")
def rules_list(rules_dirs: tuple[str, ...], metric: str | None) -> None:
    """Show every rule: id, metric, pack and number of examples.

    \b
    Example:
        figures rules list --metric killed
    """
    rs = _ruleset(rules_dirs)
    click.echo(f"rules version {rs.version}: {len(rs.rules)} rules")
    for r in rs.rules:
        if metric and r.metric != metric:
            continue
        click.echo(
            f"{r.id:<40} {r.metric:<11} {r.pack:<14} "
            f"{len(r.examples)} examples, {len(r.negatives)} negatives"
        )


@rules.command(name="test")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True))
def rules_test(dirs: tuple[str, ...]) -> None:
    """Run every rule's examples and negatives; report failures by rule id.

    DIRS are extra pack folders or files to load (and test) beside the built-in packs.

    \b
    Example:
        figures rules test my-rules/
    """
    from figures.ruletest import run_examples

    rs = _ruleset(dirs)
    failures = 0
    total = 0
    for outcome in run_examples(rs):
        total += 1
        if not outcome.ok:
            failures += 1
            click.echo(
                f"FAIL {outcome.rule} [{outcome.kind}] {outcome.text!r}\n     {outcome.problem}"
            )
    click.echo(f"{total - failures} passed, {failures} failed")
    if failures:
        sys.exit(1)


@cli.command(name="timeline")
@click.argument("metric")
@db_option
@click.option("--location", help="Only figures whose location contains this.")
@click.option("--source", help="Only figures whose source contains this.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def timeline_command(
    metric: str, db_path: str, location: str | None, source: str | None, fmt: str
) -> None:
    """Figures of one METRIC over time, per source, with the change from the previous one.

    Syndicated copies of one figure count once (see the `appearances` column).

    \b
    Example:
        figures timeline killed --location Gaza --source "Ministry of Health"
    """
    from figures.compare import TIMELINE_COLUMNS, render, timeline

    try:
        rows = timeline(db_path, metric, location=location, source=source)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(rows, fmt, None if fmt == "json" else TIMELINE_COLUMNS))


@cli.command(name="compare")
@click.argument("metric")
@db_option
@click.option("--location", help="Only figures whose location contains this.")
@click.option("--on", "on", metavar="DATE", help="Latest figures as of this date (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def compare_command(
    metric: str, db_path: str, location: str | None, on: str | None, fmt: str
) -> None:
    """Each source's latest figure of one METRIC side by side, with the reference series.

    \b
    Example:
        figures compare killed --location Gaza --on 2023-11-01
    """
    from figures.compare import compare, render

    try:
        rows = compare(db_path, metric, location=location, on=_check_date(on))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(rows, fmt))


@cli.group()
def reference() -> None:
    """Published daily series (an authority's own count) to compare claims with."""


@reference.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML mapping of the file's fields (default: the bundled one named like FILE).",
)
def reference_import(file: Path, db_path: str, mapping: Path | None) -> None:
    """Load a daily series from CSV, JSON or JSON Lines into `reference_series`.

    The mapping names the date field, the value field of each metric, the location and
    the source; mappings for the files in ../shared/corpus/reference ship with figures.

    \b
    Example:
        figures reference import ../shared/corpus/reference/gaza-moh-daily.json
    """
    from figures.reference import import_reference, load_mapping

    try:
        result = import_reference(db_path, file, load_mapping(mapping, file))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{result.name}: {result.rows} rows imported, {len(result.skipped)} skipped")
    for line in result.skipped[:20]:
        click.echo(f"  skipped: {line}", err=True)


@cli.command()
@db_option
@rules_option
@click.option("--rule", "rule_id", help="Only the claims this rule made, before or now.")
def reextract(db_path: str, rules_dirs: tuple[str, ...], rule_id: str | None) -> None:
    """Extract stored documents again after a rules change; replace what changed.

    Claims are never edited: a replaced or dropped claim stays, marked superseded_at (and
    superseded_by, the claim that replaced it), so the history of a figure can be read.
    One transaction per document.

    \b
    Example:
        figures reextract --rule killed.passive --rules my-rules/
    """
    from figures.reextract import reextract as run

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database")
    try:
        result = run(db_path, ruleset=_ruleset(rules_dirs), rule=rule_id)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in result.lines():
        click.echo(line)


if __name__ == "__main__":
    cli()
