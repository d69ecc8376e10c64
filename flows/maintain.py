"""The maintenance flow (`syria-etl maintain`, weekly): merge small files, expire snapshots
older than `keep_days`, delete unreferenced files; under the writer lock, so never during a
load, and recorded in `runs` like every flow."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows import alerts
from flows.ingest import RunContext, _run_id, record_run
from flows.retry import retry_infrastructure
from flows.settings import Settings
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables
from warehouse.maintenance import maintain


@flow(
    name="maintain",
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def maintain_flow(
    data_dir: str | None = None,
    keep_days: float = 30.0,
    grace_hours: float = 24.0,
    memory_limit: str = "1GB",
) -> dict[str, Any]:
    """Merge, expire and clean the warehouse; time travel then reaches back `keep_days`."""
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    purpose = f"maintain run {run.run_id}"
    with writing(settings.data_dir, purpose, settings.lock_wait) as con:
        ensure_tables(con)
        done = maintain(
            con,
            now=run.started_at,
            keep=timedelta(days=keep_days),
            grace=timedelta(hours=grace_hours),
            memory_limit=memory_limit,
        )
        summary = (
            f"merged files of {done.tables_merged} tables, expired {done.snapshots_expired} "
            f"snapshots older than {keep_days:g} days, deleted {done.files_deleted} old files "
            f"and {done.orphans_deleted} orphaned files"
        )
        record_run(con, run, "maintain", "", "completed", summary, Counter(), datetime.now(UTC))
    get_run_logger().info("maintain: %s", summary)
    return {"run_id": run.run_id, **asdict(done)}
