"""The import-events flow: UCDP GED or ACLED CSV exports → `conflict_events`, set against the
coverage by the views of `warehouse/sql/60_events.sql`.

Read (`sources.events`) → map to p-codes and actor ids (`transforms.events`) → validate
(`ConflictEventModel`, lazily: every failed check of a row) → load (`warehouse.events`) → check
and record the run. Every file is read before anything is loaded, so a file in the wrong
encoding or with the wrong header stops the import with nothing written. Each file then loads in
one transaction with its quarantine rows (stage `events`): a kill leaves every file either
loaded or not, and a rerun finishes the job. Files load in the order given, so an older and a
newer export in one command end with the newer figures.

A quarantine row of an event names the record by `url` = the file's URI and `#row=N` (the data
row, from 1) and `article_id` = `<source>:<event_id>` (null when the row has no id).

Counts: `read` (data rows), `other_countries` (counted, not kept), `new`, `updated`,
`unchanged` and `quarantined`; `read = other_countries + new + updated + unchanged +
quarantined`. In `runs` (flow `import-events`): discovered = fetched = read, loaded = new +
updated, skipped = other countries.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import alerts
from flows.ingest import RunContext, _run_id, finish, record_run
from flows.pipeline import quarantine_row
from flows.retry import retry_infrastructure
from flows.settings import Settings
from schemas.events import EVENT_STAGE, ConflictEventModel
from schemas.ops import QuarantineModel
from schemas.validate import polars_schema, split_valid
from sources.events import EventFile, read_event_file
from transforms.dictionaries import dictionary_version
from transforms.events import EventReject, map_events
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables
from warehouse.events import EventLoadCounts, event_checks, load_events

FLOW_NAME = "import-events"
COUNT_KEYS = ("read", "other_countries", "new", "updated", "unchanged", "quarantined")


@dataclass
class PreparedFile:
    """One file read, mapped and validated: the valid events and the quarantine rows."""

    file: EventFile
    events: pl.DataFrame
    quarantine: pl.DataFrame


def record_url(path: Path, row: int) -> str:
    """The quarantine `url` of a data row: the file's URI and the row number."""
    return f"{path.resolve().as_uri()}#row={row}"


def prepare_file(
    file: EventFile, *, run_id: str, now: datetime, version: str | None = None
) -> PreparedFile:
    """Map and validate one read file (pure but for the clock and the dictionaries)."""
    mapped = map_events(
        file.rows.iter_rows(named=True),
        file.format,
        source_file=str(file.path.resolve()),
        imported_at=now,
        dictionary_version=version or dictionary_version(),
    )
    rows = mapped.events.get_column("row").to_list()
    valid, rejected = split_valid(ConflictEventModel, mapped.events.drop("row"))
    quarantine = [_reject_row(file, r, run_id, now) for r in mapped.rejects]
    for bad in rejected.iter_rows(named=True):
        event = mapped.events.row(bad["row"], named=True)
        quarantine.append(
            quarantine_row(
                run_id, EVENT_STAGE, record_url(file.path, rows[bad["row"]]),
                f"{file.format}:{event['event_id']}",
                "failed checks: " + "; ".join(bad["checks"]), now,
                checks=bad["checks"], columns=bad["columns"],
                failure_cases=bad["failure_cases"],
            )
        )  # fmt: skip
    frame = pl.DataFrame(quarantine, schema=polars_schema(QuarantineModel))
    return PreparedFile(file=file, events=valid, quarantine=frame.sort("url"))


def _reject_row(file: EventFile, reject: EventReject, run_id: str, now: datetime) -> dict[str, Any]:
    return quarantine_row(
        run_id, EVENT_STAGE, record_url(file.path, reject.row),
        f"{file.format}:{reject.event_id}" if reject.event_id else None,
        reject.reason, now, checks=reject.checks, columns=reject.columns,
        failure_cases=json.dumps(reject.values, ensure_ascii=False, default=str),
    )  # fmt: skip


def import_event_files(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[str | Path],
    format: str | None = None,
    *,
    run_id: str,
    now: datetime,
) -> Counter[str]:
    """Read every file, then map, validate and load each in one transaction; the counts."""
    read = [read_event_file(f, format) for f in files]  # raises before anything is loaded
    counts: Counter[str] = Counter(dict.fromkeys(COUNT_KEYS, 0))
    for file in read:
        prepared = prepare_file(file, run_id=run_id, now=now)
        loaded = load_events(con, prepared.events, prepared.quarantine)
        counts.update(_file_counts(file, prepared, loaded))
    return counts


def _file_counts(file: EventFile, prepared: PreparedFile, loaded: EventLoadCounts) -> Counter[str]:
    return Counter(
        read=file.read,
        other_countries=file.other_countries,
        new=loaded.new,
        updated=loaded.updated,
        unchanged=loaded.unchanged,
        quarantined=prepared.quarantine.height,
    )


@task(name="read-events", cache_policy=NO_CACHE)
def read_task(path: str, format: str | None) -> EventFile:
    """Read one export (its Syria rows)."""
    file = read_event_file(path, format)
    get_run_logger().info(
        "%s: %s, %d rows, %d of other countries",
        path,
        file.format,
        file.read,
        file.other_countries,
    )
    return file


@task(name="map-validate-events", cache_policy=NO_CACHE)
def prepare_task(file: EventFile, run: RunContext) -> PreparedFile:
    """Map one export to p-codes and actor ids and validate it."""
    return prepare_file(file, run_id=run.run_id, now=run.started_at)


@task(name="load-events", cache_policy=NO_CACHE)
def load_task(con: duckdb.DuckDBPyConnection, prepared: PreparedFile) -> EventLoadCounts:
    """Load one export's events and quarantine rows in one transaction."""
    counts = load_events(con, prepared.events, prepared.quarantine)
    get_run_logger().info("%s: %s", prepared.file.path, counts)
    return counts


def _run_counts(counts: Counter[str]) -> Counter[str]:
    """The import's counts as `runs` counts: discovered = fetched = read, skipped = other
    countries, loaded = new + updated."""
    return Counter(
        discovered=counts["read"],
        fetched=counts["read"],
        loaded=counts["new"] + counts["updated"],
        unchanged=counts["unchanged"],
        quarantined=counts["quarantined"],
        skipped=counts["other_countries"],
    )


@flow(
    name=FLOW_NAME,
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def import_events_flow(
    files: list[str], format: str | None = None, data_dir: str | None = None
) -> dict[str, Any]:
    """Import UCDP GED or ACLED CSV exports into `conflict_events` (Syria rows only)."""
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    logger = get_run_logger()
    read = [read_task(str(f), format) for f in files]  # raises before anything is loaded
    counts: Counter[str] = Counter(dict.fromkeys(COUNT_KEYS, 0))
    with writing(settings.data_dir, f"import-events run {run.run_id}", settings.lock_wait) as con:
        ensure_tables(con)
        for file in read:
            prepared = prepare_task(file, run)
            counts.update(_file_counts(file, prepared, load_task(con, prepared)))
        dq = event_checks(con, run_id=run.run_id, counts=counts, now=datetime.now(UTC))
        failed = dq.filter(pl.col("status") == "fail")
        status = "failed" if failed.height else "completed"
        message = _message(counts, failed)
        source = "+".join(sorted({f.format for f in read}))
        record_run(
            con, run, FLOW_NAME, source, status, message, _run_counts(counts), datetime.now(UTC)
        )
    lines = [f"| {k} | {counts[k]} |" for k in COUNT_KEYS]
    create_markdown_artifact(
        key=f"{FLOW_NAME}-counts",
        markdown="\n".join(["## Event rows", "", "| rows | count |", "|---|---|", *lines]),
        description=f"Counts of {FLOW_NAME} run {run.run_id}",
    )
    logger.info("imported %s", dict(counts))
    return finish(run, status, message, counts, dq)


def _message(counts: Counter[str], failed: pl.DataFrame) -> str | None:
    if failed.height:
        return "data-quality checks failed: " + ", ".join(failed["check_name"].to_list())
    if counts["new"] == counts["updated"] == 0:
        return "nothing new: every event is already in the warehouse"
    return None


__all__ = ["import_event_files", "import_events_flow"]
