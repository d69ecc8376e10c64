"""The `syria-etl` command line: ingest, query, report, schedule, the local site and the demo."""

from __future__ import annotations

import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from flows.search_cli import search_command
from flows.settings import Settings

# Prefect reads these when it is imported: no telemetry from a machine without internet.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

app = typer.Typer(
    help="Arabic news coverage of Syria: ETL into a DuckDB warehouse.", no_args_is_help=True
)
site_app = typer.Typer(help="The local copy of the news site (tests, benchmarks, demo).")
app.add_typer(site_app, name="site")
app.command("search")(search_command)  # flows/search_cli.py
console = Console()

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Warehouse directory (default: $SYRIA_ETL_DATA_DIR or ./data)."
    ),
]


TaskRunner = Annotated[
    str, typer.Option(help="default, or dask: parse/clean/enrich/validate on Dask workers.")
]
DaskAddress = Annotated[
    str | None,
    typer.Option(help="Dask scheduler (tcp://host:8786) for --task-runner dask; else local."),
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _data_dir(data_dir: Path | None) -> Path:
    return data_dir or Settings.from_env().data_dir


@app.command()
def ingest(
    source: Annotated[str, typer.Option(help="Outlet module to run.")] = "aawsat",
    base_url: Annotated[
        str | None, typer.Option(help="Fetch the outlet from this mirror (e.g. the local site).")
    ] = None,
    data_dir: DataDir = None,
    max_pages: Annotated[int | None, typer.Option(help="Fetch at most N article pages.")] = None,
    rate: Annotated[float | None, typer.Option(help="Requests per second per host.")] = None,
    refetch: Annotated[bool, typer.Option(help="Refetch known pages (conditionally).")] = False,
    task_runner: TaskRunner = "default",
    dask_address: DaskAddress = None,
) -> None:
    """Run the ingest flow once (default base URL: the live site)."""
    from flows.ingest import ingest_flow
    from flows.stages import cli_runner

    summary = cli_runner(ingest_flow, task_runner, dask_address)(
        source=source,
        base_url=base_url,
        data_dir=str(_data_dir(data_dir)),
        max_pages=max_pages,
        rate_per_host=rate,
        refetch=refetch,
        task_runner=task_runner,
        dask_address=dask_address,
    )
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


@app.command()
def backfill(
    since: Annotated[str, typer.Option(help="First day to cover (ISO date).")],
    until: Annotated[str | None, typer.Option(help="Day after the last (ISO date).")] = None,
    source: Annotated[str, typer.Option(help="Outlet module to run.")] = "aawsat",
    base_url: Annotated[str | None, typer.Option(help="Fetch from this mirror.")] = None,
    data_dir: DataDir = None,
    max_listing_pages: Annotated[int, typer.Option(help="Listing pages to walk back.")] = 200,
    rate: Annotated[float | None, typer.Option(help="Requests per second per host.")] = None,
    task_runner: TaskRunner = "default",
    dask_address: DaskAddress = None,
) -> None:
    """Fetch an outlet's history between two dates (sitemaps by lastmod, listings paged back)."""
    from flows.ingest import ingest_flow
    from flows.stages import cli_runner

    summary = cli_runner(ingest_flow, task_runner, dask_address)(
        source=source,
        base_url=base_url,
        data_dir=str(_data_dir(data_dir)),
        rate_per_host=rate,
        since=since,
        until=until,
        max_listing_pages=max_listing_pages,
        task_runner=task_runner,
        dask_address=dask_address,
    )
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


@app.command()
def reparse(
    source: Annotated[str, typer.Option(help="Outlet whose pages to reparse.")] = "aawsat",
    since: Annotated[
        str | None, typer.Option(help="Only pages fetched on or after this date (ISO).")
    ] = None,
    data_dir: DataDir = None,
    task_runner: TaskRunner = "default",
    dask_address: DaskAddress = None,
) -> None:
    """Rebuild the parsed tables from the WARC archive with the current parser (no network)."""
    from flows.reparse import reparse_flow
    from flows.stages import cli_runner

    summary = cli_runner(reparse_flow, task_runner, dask_address)(
        source=source,
        data_dir=str(_data_dir(data_dir)),
        since=since,
        task_runner=task_runner,
        dask_address=dask_address,
    )
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


def _require_files(files: list[Path]) -> None:
    """Exit 2 naming the files that do not exist."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        console.print(f"[red]error:[/red] no such file: {', '.join(missing)}")
        raise typer.Exit(2)


@app.command("import-warc")
def import_warc(
    files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz).")],
    data_dir: DataDir = None,
) -> None:
    """Ingest WARC files made elsewhere through the same parse path (known outlets only)."""
    from flows.reparse import import_warc_flow

    _require_files(files)
    summary = import_warc_flow(files=[str(f) for f in files], data_dir=str(_data_dir(data_dir)))
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


@app.command("import-text")
def import_text(
    files: Annotated[
        list[Path], typer.Argument(help="Text dumps: aawsat pages as a browser copies them.")
    ],
    data_dir: DataDir = None,
) -> None:
    """Import text dumps of aawsat pages (layout text-dump) through the same clean, validate and
    load path; pages already in the warehouse are not loaded again."""
    from flows.import_text import import_text_flow
    from sources.textdump import DumpReadError
    from warehouse.lock import WarehouseBusyError

    _require_files(files)
    try:
        summary = import_text_flow(files=[str(f) for f in files], data_dir=str(_data_dir(data_dir)))
    except DumpReadError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    except WarehouseBusyError as exc:
        console.print(f"[red]busy:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(3) from exc
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


class EventFormat(StrEnum):
    ucdp_ged = "ucdp-ged"
    acled = "acled"


@app.command("import-events")
def import_events(
    files: Annotated[list[Path], typer.Argument(help="UCDP GED or ACLED CSV exports.")],
    format: Annotated[
        EventFormat | None,
        typer.Option("--format", help="The export's format (default: from its header)."),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Import conflict events (Syria rows) into conflict_events; print the counts."""
    from flows.events import import_events_flow
    from sources.events import EventFileError

    _require_files(files)
    try:
        summary = import_events_flow(
            files=[str(f) for f in files],
            format=format.value if format else None,
            data_dir=str(_data_dir(data_dir)),
        )
    except EventFileError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


@app.command()
def extract(
    path: Annotated[Path | None, typer.Argument(help="A saved HTML page.")] = None,
    url: Annotated[str | None, typer.Option(help="The page's URL (chooses the outlet).")] = None,
    input: Annotated[
        Path | None, typer.Option("--input", help='JSON lines {"path": …, "url": …}.')
    ] = None,
) -> None:
    """Print one JSON record per page (outlet by URL host, else the generic extractor)."""
    from flows.extract import extract_records, read_manifest

    if (path is None) == (input is None):
        console.print("[red]error:[/red] give a PATH or --input MANIFEST.jsonl (one of them)")
        raise typer.Exit(2)
    try:
        items = read_manifest(input) if input is not None else [(str(path), url)]
    except (OSError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for record in extract_records(items):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


@app.command()
def annotate(
    text: Annotated[
        str | None, typer.Argument(help="Arabic text (default: standard input).")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication day (ISO); resolves actors and dates.")
    ] = None,
    headline: Annotated[str | None, typer.Option(help="A headline to annotate with it.")] = None,
) -> None:
    """Print the places, actors, sources, quotes and dates of a text as one JSON object."""
    import datetime as dt

    from transforms.enrich import annotate as annotate_text

    body = text if text is not None else sys.stdin.read()
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError as exc:
        console.print(f"[red]error:[/red] --published must be an ISO date: {published!r}")
        raise typer.Exit(2) from exc
    found = annotate_text(headline, body, day)
    out: dict[str, object] = {
        "published": day,
        "places": [{**p, "admin1_pcode": p["governorate_pcode"]} for p in found.places],
        "actors": found.actors,
        "sources": found.sources,
        "quotes": found.quotes,
        "dates": found.dates,
        "syria_relevance": found.syria_relevance,
        "is_syria": found.is_syria,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str, indent=1) + "\n")


@app.command()
def enrich(
    rebuild: Annotated[
        bool, typer.Option(help="Every article, not only those with older dictionaries.")
    ] = False,
    data_dir: DataDir = None,
    task_runner: TaskRunner = "default",
    dask_address: DaskAddress = None,
) -> None:
    """Recompute places, actors, sources, quotes and dates from stored articles (no network)."""
    from flows.enrich import enrich_flow
    from flows.stages import cli_runner

    summary = cli_runner(enrich_flow, task_runner, dask_address)(
        data_dir=str(_data_dir(data_dir)),
        rebuild=rebuild,
        task_runner=task_runner,
        dask_address=dask_address,
    )
    console.print_json(json.dumps(summary, ensure_ascii=False, default=str))


@app.command()
def maintain(
    data_dir: DataDir = None,
    keep_days: Annotated[
        float, typer.Option(help="Keep snapshots (time travel) this many days back.")
    ] = 30.0,
    grace_hours: Annotated[
        float, typer.Option(help="Delete unreferenced files only once this old.")
    ] = 24.0,
    memory_limit: Annotated[str, typer.Option(help="DuckDB memory limit while merging.")] = "1GB",
) -> None:
    """Merge small files, expire old snapshots, delete unreferenced files (weekly, off-peak)."""
    from flows.maintain import maintain_flow
    from warehouse.lock import WarehouseBusyError

    try:
        done = maintain_flow(
            data_dir=str(_data_dir(data_dir)),
            keep_days=keep_days,
            grace_hours=grace_hours,
            memory_limit=memory_limit,
        )
    except WarehouseBusyError as exc:
        console.print(f"[red]busy:[/red] {exc}")
        raise typer.Exit(3) from exc
    console.print(
        f"merged files of {done['tables_merged']} tables; expired {done['snapshots_expired']} "
        f"snapshots; deleted {done['files_deleted']} old and {done['orphans_deleted']} "
        "orphaned files"
    )


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement; tables by bare name.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    data_dir: DataDir = None,
) -> None:
    """Run one SQL statement against the warehouse, attached read-only."""
    from warehouse.report import query as run_query

    try:
        frame = run_query(_data_dir(data_dir), sql)
    except Exception as exc:  # a user's SQL error: say it plainly
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if format is OutputFormat.csv:
        nested = [n for n, t in frame.schema.items() if t.is_nested()]
        sys.stdout.write(  # CSV has no lists: a list cell is written as JSON
            frame.with_columns(
                pl.col(n).map_elements(
                    lambda v: json.dumps(
                        v.to_list() if isinstance(v, pl.Series) else v,
                        ensure_ascii=False,
                        default=str,
                    ),
                    return_dtype=pl.String,
                )
                for n in nested
            ).write_csv()
        )
    elif format is OutputFormat.json:
        rows = frame.to_dicts()
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        print_table(frame)


@app.command("sql")
def sql_shell(
    command: Annotated[
        str | None, typer.Option("--command", "-c", help="Run these statements and exit.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Run the statements of a .sql file.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="table, csv, json, markdown or parquet.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
    ] = None,
    python: Annotated[
        bool, typer.Option("--python", help="The Python shell even where `duckdb` is installed.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """SQL on the warehouse, read-only, the analyst views ready: a shell, or -c / -f and exit."""
    from warehouse.report import open_read_only
    from warehouse.shell import duckdb_binary, export, isatty, repl, run_duckdb_cli, run_script

    directory = _data_dir(data_dir)
    if format != "table" and format not in ("csv", "json", "markdown", "parquet"):
        console.print(f"[red]error:[/red] unknown format {format!r}")
        raise typer.Exit(2)
    try:
        con = open_read_only(directory)
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    binary = duckdb_binary() if command is None and file is None and not python else None
    if binary is not None and isatty():
        con.close()
        raise typer.Exit(run_duckdb_cli(directory, binary))
    try:
        if command is None and file is None:
            lines = None if isatty() else sys.stdin.read().splitlines()
            failed = repl(con, print_table, console.print, lines)
            raise typer.Exit(1 if failed else 0)
        script = command if command is not None else file.read_text(encoding="utf-8")  # type: ignore[union-attr]
        try:
            frame = run_script(con, script)
        except duckdb.Error as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        if frame is None:
            return
        if format == "table" and output is None:
            print_table(frame)
            return
        try:
            export(frame, "csv" if format == "table" else format, output, sys.stdout)
        except ValueError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        if output is not None:
            console.print(f"{frame.height} rows written to {output}")
    finally:
        con.close()


def print_table(frame: pl.DataFrame, title: str | None = None) -> None:
    """A frame as a terminal table."""
    table = Table(title=title, show_lines=False)
    for name in frame.columns:
        table.add_column(name, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command()
def report(
    data_dir: DataDir = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the HTML report (one self-contained page)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First day of the HTML report (ISO date, included).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last day of the HTML report (ISO date, included).")
    ] = None,
) -> None:
    """Print the coverage summary, or with -o write the HTML report for a period."""
    import datetime as dt

    def day(value: str | None, name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise typer.BadParameter(f"not an ISO date: {value!r}", param_hint=name) from None

    first_day, last_day = day(since, "--since"), day(until, "--until")
    if output is None and (first_day or last_day):
        raise typer.BadParameter("--since/--until apply to the HTML report: add -o FILE")
    if first_day and last_day and first_day > last_day:
        raise typer.BadParameter(f"{first_day} is after --until {last_day}", param_hint="--since")
    if output is not None:
        from warehouse.html_report import write_report

        try:
            written = write_report(_data_dir(data_dir), output, first_day, last_day)
        except FileNotFoundError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from None
        print(written)
        return

    from warehouse.report import coverage_summary

    summary = coverage_summary(_data_dir(data_dir))
    print_table(summary["totals"], "Articles in the warehouse")
    print_table(summary["per_day"], "Articles per day (the outlet's calendar day)")
    print_table(summary["governorates"], "Governorates named or implied (article_places)")
    print_table(summary["actors"], "Actors named (article_actors, top 12)")
    print_table(summary["sources"], "Sources cited (article_sources)")
    quarantined = summary["quarantined"]
    if quarantined.height:
        print_table(quarantined, "Quarantined pages and why")
    else:
        console.print("No quarantined pages.")
    last = summary["last_run"]
    if last.height:
        fields = pl.DataFrame({"field": last.columns, "value": [str(v) for v in last.row(0)]})
        print_table(fields, "Last run")


@app.command()
def serve(
    outlet: Annotated[
        list[str] | None,
        typer.Option(help="Serve this outlet's deployments (repeat; default all)."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="Fetch the outlet from this mirror (the local site).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve every deployment: ingest every 30 min per outlet, daily report, weekly maintain,
    backfill/reparse/import/enrich on demand (see flows/deploy.py and prefect.yaml)."""
    from flows.deploy import serve_all

    serve_all(outlet, base_url, str(_data_dir(data_dir)))


@site_app.command("serve")
def site_serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: a free one).")] = 8765,
    latency: Annotated[float, typer.Option(help="Seconds to wait before each answer.")] = 0.0,
    corpus: Annotated[
        int, typer.Option(help="Add N generated articles (deterministic, up to 100,000).")
    ] = 0,
    faults: Annotated[bool, typer.Option(help="Add the fault URLs (localsite.faults).")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generated corpus.")] = 0,
) -> None:
    """Serve the local news site until interrupted; prints its base URL."""
    from localsite.server import make_server

    server = make_server(port, latency=latency, corpus=corpus, faults=faults, seed=seed)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
def demo(
    data_dir: DataDir = None,
    rate: Annotated[float, typer.Option(help="Requests/s to the local site.")] = 50.0,
) -> None:
    """Start the local site, ingest it, and print the coverage summary."""
    from flows.ingest import ingest_flow
    from localsite.server import running_site

    target = _data_dir(data_dir)
    started = time.monotonic()
    with running_site() as base_url:
        console.print(f"Local aawsat site at {base_url}; warehouse in {target.resolve()}")
        summary = ingest_flow(
            source="aawsat", base_url=base_url, data_dir=str(target), rate_per_host=rate
        )
    counts = summary["counts"]
    console.rule("Run")
    console.print(
        "discovered {discovered}, fetched {fetched}: loaded {loaded}, unchanged {unchanged}, "
        "quarantined {quarantined}, failed {failed}, gone {gone}, skipped {skipped}".format(
            **{
                k: counts.get(k, 0)
                for k in (
                    "discovered",
                    "fetched",
                    "loaded",
                    "unchanged",
                    "quarantined",
                    "failed",
                    "gone",
                    "skipped",
                )
            }
        )
    )
    if summary.get("message"):
        console.print(f"[bold]{summary['message']}[/bold]")
    console.rule("Coverage")
    report(target)
    console.rule("Next")
    exe = "syria-etl" if os.environ.get("VIRTUAL_ENV") else ".venv/bin/syria-etl"
    console.print(
        f'Query:   {exe} query "select day, articles from coverage_daily order by day"\n'
        f'DuckDB:  duckdb -cmd "INSTALL ducklake; LOAD ducklake; '
        f"ATTACH 'ducklake:sqlite:{(target / 'catalog.sqlite').resolve()}' AS lake "
        f"(DATA_PATH '{(target / 'lake').resolve()}/', READ_ONLY); USE lake;\"\n"
        "UI:      .venv/bin/prefect server start, then set PREFECT_API_URL="
        "http://127.0.0.1:4200/api and run make demo again (see README)"
    )
    console.print(f"Demo finished in {time.monotonic() - started:.1f} s.")


if __name__ == "__main__":
    app()
