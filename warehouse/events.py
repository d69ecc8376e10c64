"""Load conflict events: upsert by (`source`, `event_id`), with their quarantine rows, in one
DuckLake transaction.

* A new event is inserted; a known one is updated only when a column other than `imported_at`
  and `source_file` differs (a newer export with revised fatalities, actors or places, or the
  same export mapped with newer dictionaries); otherwise it is left as it is, so a re-import of
  the same file writes nothing.
* Quarantine rows (stage `events`) are validated by `QuarantineModel`; a row identical to
  one an earlier run quarantined (same stage, record, event and reasons) is not written again.
* `event_checks` writes the import's data-quality checks to `dq_results`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from schemas.events import ConflictEventModel
from schemas.ops import QuarantineModel
from schemas.validate import polars_schema
from warehouse.dq import record_results
from warehouse.load import conform, transaction

TABLE = "conflict_events"
# Columns that say where and when a row was imported, not what the event is.
IMPORT_COLUMNS = ("imported_at", "source_file")
QUARANTINE_RATE = 0.2  # warn above this share of Syria rows quarantined


@dataclass
class EventLoadCounts:
    """What one load did: events inserted, updated, left unchanged; quarantine rows written."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0


def load_events(
    con: duckdb.DuckDBPyConnection, events: pl.DataFrame, quarantine: pl.DataFrame | None = None
) -> EventLoadCounts:
    """Upsert valid events and append their file's quarantine rows, atomically; safe to repeat."""
    incoming = conform(TABLE, events).unique(subset=["source", "event_id"], keep="last")
    ConflictEventModel.validate(incoming, lazy=True)
    if quarantine is not None and quarantine.height:
        QuarantineModel.validate(quarantine, lazy=True)
    counts = EventLoadCounts()
    with transaction(con):
        if incoming.height:
            counts.new, counts.updated, counts.unchanged = _upsert(con, incoming)
        if quarantine is not None and quarantine.height:
            counts.quarantined = _append_quarantine(con, quarantine)
    return counts


def _upsert(con: duckdb.DuckDBPyConnection, incoming: pl.DataFrame) -> tuple[int, int, int]:
    compared = [c for c in polars_schema(ConflictEventModel) if c not in IMPORT_COLUMNS]
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in compared)
    con.register("incoming_events", incoming.to_arrow())
    try:
        row = con.execute(
            f"""
            SELECT count(*) FILTER (WHERE t.event_id IS NULL),
                   count(*) FILTER (WHERE t.event_id IS NOT NULL AND ({changed}))
            FROM incoming_events s
            LEFT JOIN {TABLE} t ON t.source = s.source AND t.event_id = s.event_id
            """
        ).fetchone()
        new, updated = (int(row[0]), int(row[1])) if row else (0, 0)
        if new or updated:
            con.execute(
                f"""
                MERGE INTO {TABLE} t USING incoming_events s
                ON t.source = s.source AND t.event_id = s.event_id
                WHEN MATCHED AND ({changed}) THEN UPDATE
                WHEN NOT MATCHED THEN INSERT
                """
            )
    finally:
        con.unregister("incoming_events")
    return new, updated, incoming.height - new - updated


def _append_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> int:
    """Insert quarantine rows not already recorded, by this run or an earlier one."""
    incoming = conform("quarantine", frame).unique(subset=["run_id", "stage", "url"], keep="last")
    con.register("incoming_quarantine", incoming.to_arrow())
    try:
        before = _count(con, "quarantine")
        con.execute(
            """
            INSERT INTO quarantine SELECT s.* FROM incoming_quarantine s
            WHERE NOT EXISTS (
                SELECT 1 FROM quarantine q
                WHERE (q.run_id = s.run_id AND q.stage = s.stage AND q.url = s.url)
                   OR (q.stage = s.stage AND q.url = s.url
                       AND q.article_id IS NOT DISTINCT FROM s.article_id
                       AND q.reason = s.reason
                       AND q.failure_cases IS NOT DISTINCT FROM s.failure_cases))
            """
        )
        return _count(con, "quarantine") - before
    finally:
        con.unregister("incoming_quarantine")


def event_checks(
    con: duckdb.DuckDBPyConnection, *, run_id: str, counts: Mapping[str, int], now: datetime
) -> pl.DataFrame:
    """The import's data-quality checks, stored in `dq_results` and returned."""
    syria_rows = counts.get("read", 0) - counts.get("other_countries", 0)
    stats = con.execute(
        f"""
        SELECT count(*) - count(DISTINCT (source, event_id)),
               coalesce(avg((district_pcode IS NULL)::INT), 0),
               coalesce(avg((len(actor_ids) = 0 AND len(actors_published) > 0)::INT), 0)
        FROM {TABLE}
        """
    ).fetchone() or (0, 0.0, 0.0)
    rows = [
        _check(
            "duplicate_event_keys",
            stats[0],
            0,
            "fail",
            "rows beyond one per (source, event_id)",
        ),
        _check(
            "quarantine_rate",
            counts.get("quarantined", 0) / syria_rows if syria_rows else 0.0,
            QUARANTINE_RATE,
            "warn",
            "share of this import's Syria rows quarantined",
        ),
        _check("null_rate_district_pcode", stats[1], None, "warn", "events without a district"),
        _check(
            "unmatched_actors_rate",
            stats[2],
            None,
            "warn",
            "events naming actors of which none is in event_actors.csv",
        ),
    ]
    return record_results(con, rows, run_id, now)


def _check(
    name: str, observed: float, threshold: float | None, severity: str, detail: str
) -> dict[str, object]:
    bad = threshold is not None and observed > threshold
    return {
        "table_name": TABLE if name != "quarantine_rate" else "quarantine",
        "check_name": name,
        "status": severity if bad else "pass",
        "observed": round(float(observed), 4),
        "threshold": None if threshold is None else float(threshold),
        "detail": detail,
    }


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
