"""The enrich flow: rebuild the enrichment tables (`article_places`, `article_actors`,
`article_sources`, `article_quotes`, `article_dates`) and each article's Syria relevance from the
stored articles, with no network.

By default it takes the articles enriched with other dictionaries than the current ones
(`articles.dictionary_version`), so after a dictionary edit `syria-etl enrich` brings the whole
warehouse up to date; `rebuild=True` takes every article. Each batch commits in one transaction
(articles and their derived rows together), so a kill leaves every article either fully old or
fully new, and a rerun finishes the job.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import alerts
from flows.ingest import RunContext, _run_id, finish, load_task, report_task
from flows.pipeline import BatchOutcome, reenrich_articles
from flows.retry import retry_infrastructure
from flows.settings import Settings
from flows.stages import ENRICH_STAGES, BatchQueue, StageClock, progress
from sources.registry import OUTLETS, get_outlet
from transforms.dates import DEFAULT_TZ
from transforms.dictionaries import dictionary_version
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables

ENRICH_BATCH = 2000


def outlet_zones() -> dict[str, str]:
    """site → the time zone its pages print dates in."""
    return {name: getattr(get_outlet(name), "DEFAULT_TZ", DEFAULT_TZ) for name in OUTLETS}


@task(name="enrich-batch", cache_policy=NO_CACHE)
def enrich_batch_task(stored: pl.DataFrame, run: RunContext) -> BatchOutcome:
    """Annotate one batch of stored articles."""
    return reenrich_articles(
        stored, run_id=run.run_id, now=run.started_at, default_tz=outlet_zones()
    )


@flow(
    name="enrich",
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def enrich_flow(
    data_dir: str | None = None,
    rebuild: bool = False,
    batch_size: int = ENRICH_BATCH,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Recompute places, actors, sources, quotes, dates and relevance of stored articles.

    `task_runner="dask"` submits the batches as futures (see `flows.stages.with_runner`).
    """
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    version = dictionary_version()
    logger = get_run_logger()
    clock = StageClock("enrich", ENRICH_STAGES)
    with writing(settings.data_dir, f"enrich run {run.run_id}", settings.lock_wait) as con:
        ensure_tables(con)
        where = (
            ""
            if rebuild
            else "WHERE dictionary_version IS DISTINCT FROM ? OR published_date IS NULL"
        )
        with clock.time("discover"):
            ids = [
                r[0]
                for r in con.execute(
                    f"SELECT article_id FROM articles {where} ORDER BY article_id",
                    [] if rebuild else [version],
                ).fetchall()
            ]
        clock.count("discover", "discovered", len(ids))
        logger.info(
            "enrich %d articles with dictionaries %s (%s)",
            len(ids),
            version,
            "all" if rebuild else "stale only",
        )
        counts: Counter[str] = Counter(discovered=len(ids))

        def load(outcome: BatchOutcome) -> None:
            with clock.time("load"):
                load_task(con, outcome.batch)
            clock.processed(outcome, parsed_key="enriched")
            counts.update(outcome.counts)

        batches = BatchQueue(enrich_batch_task, load, clock, on_futures=task_runner == "dask")
        with batches, progress("enrich", len(ids)) as bar:
            for start in range(0, len(ids), batch_size):
                with clock.time("discover"):
                    stored = _stored(con, ids[start : start + batch_size])
                batches.put(stored, run)
                bar.advance(stored.height)
        message = None if ids else "nothing to enrich: every article has the current dictionaries"
        dq, status, message = report_task(
            con, run, counts, settings, "warehouse", "completed", message, "enrich"
        )
    clock.publish(run.run_id)
    return finish(run, status, message, counts, dq)


def _stored(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pl.DataFrame:
    """The stored rows of these articles."""
    con.register("chunk_ids", pl.DataFrame({"article_id": ids}).to_arrow())
    try:
        return con.execute("SELECT * FROM articles SEMI JOIN chunk_ids USING (article_id)").pl()
    finally:
        con.unregister("chunk_ids")


__all__ = ["enrich_flow"]
