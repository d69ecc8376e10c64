"""Flows that rebuild the parsed tables from raw bytes, with no network:

- `reparse_flow`: the latest archived response of every article URL (optionally those fetched
  since a date) goes through parse → clean & enrich → validate → load again. Articles whose
  content or parser version changed are replaced; the archive is only read.
- `import_warc_flow`: WARC files made elsewhere (e.g. a news crawl archive): responses from
  allowed hosts of a known outlet are copied into our archive and go through the same path.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import alerts
from flows.ingest import (
    RunContext,
    _date,
    _run_id,
    _verdict,
    finish,
    load_task,
    process_task,
    report_task,
)
from flows.pipeline import BatchOutcome, process_fetched
from flows.retry import retry_infrastructure
from flows.settings import Settings
from flows.stages import REPARSE_STAGES, BatchQueue, Sealed, StageClock, Workers, progress
from sources.base import DiscoveredUrl
from sources.http import FetchResult
from sources.registry import get_outlet, outlet_for_url
from sources.warc import WarcPointer, iter_responses, read_record
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables
from warehouse.load import url_states
from warehouse.search import refresh_after_load

LATEST_PAGES_SQL = """
    SELECT r.url AS final_url, r.requested_url, r.fetched_at, r.status,
           r.warc_file, r.warc_offset, r.warc_length
    FROM raw_pages r JOIN url_state u ON u.url = r.requested_url
    WHERE u.site = ? AND u.article_id IS NOT NULL AND r.status = 200
      AND (CAST(? AS TIMESTAMPTZ) IS NULL OR r.fetched_at >= CAST(? AS TIMESTAMPTZ))
    QUALIFY row_number() OVER (PARTITION BY r.requested_url ORDER BY r.fetched_at DESC) = 1
    ORDER BY r.fetched_at
"""


@task(name="reparse-batch", cache_policy=NO_CACHE)
def reparse_batch_task(
    outlet: ModuleType,
    rows: Sequence[dict[str, Any]],
    prev_by_url: dict[str, dict[str, Any]],
    settings: Settings,
    run: RunContext,
) -> BatchOutcome:
    """Read each page back from the archive and run it through parse → validate."""
    fetched: list[tuple[DiscoveredUrl, FetchResult, dict[str, Any] | None]] = []
    pointers: list[WarcPointer | None] = []
    for row in rows:
        pointer = WarcPointer(row["warc_file"], row["warc_offset"], row["warc_length"])
        _uri, headers, body = read_record(settings.warc_root, pointer)
        prev = prev_by_url.get(row["requested_url"])
        result = FetchResult(
            row["requested_url"], row["final_url"], row["status"], headers, body,
            row["fetched_at"], attempts=0,
        )  # fmt: skip
        via = prev["discovered_via"] if prev else "reparse"
        fetched.append((DiscoveredUrl(row["requested_url"], via), result, prev))
        pointers.append(pointer)
    return process_fetched(outlet, fetched, pointers, run_id=run.run_id, now=run.started_at)


# Copies one batch of imported responses into our archive (`<run id>-import-<batch>`), then
# parses → validates it: the ingest flow's process task under its own name.
import_batch_task = process_task.with_options(name="import-archive-parse-clean-validate")


@flow(
    name="reparse",
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def reparse_flow(
    source: str = "aawsat",
    data_dir: str | None = None,
    since: str | None = None,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Rebuild articles from the archive with the current parser (no network).

    `task_runner="dask"` runs the batches on Dask (`flows.stages.Workers`; `dask_address`: a
    running scheduler, else a LocalCluster); each batch carries the `url_state` rows of its own
    URLs only.
    """
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    outlet = get_outlet(source)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    clock = StageClock("reparse", REPARSE_STAGES)
    with (
        writing(settings.data_dir, f"reparse {source} run {run.run_id}", settings.lock_wait) as con,
        Workers(task_runner, dask_address) as workers,
    ):
        ensure_tables(con)
        bound = _date(since)
        with clock.time("discover"):
            pages = con.execute(LATEST_PAGES_SQL, [outlet.SITE, bound, bound]).pl()
            states = con.execute("SELECT * FROM url_state WHERE site = ?", [outlet.SITE]).pl()
            prev_by_url = {row["url"]: row for row in states.iter_rows(named=True)}
        clock.count("discover", "discovered", pages.height)
        get_run_logger().info(
            "reparse %d archived pages of %s with parser %s",
            pages.height,
            source,
            outlet.PARSER_VERSION,
        )
        counts: Counter[str] = Counter(discovered=pages.height)
        parse_errors: Counter[str] = Counter()

        def load(outcome: BatchOutcome) -> None:
            with clock.time("load"):
                load_task(con, outcome.batch)
            clock.processed(outcome)
            counts.update(outcome.counts)
            parse_errors.update(outcome.parse_errors)

        batches = BatchQueue(reparse_batch_task, load, clock, workers=workers)
        with batches, progress(f"reparse {source}", pages.height) as bar:
            chunks = list(_chunks(pages.to_dicts(), settings.batch_size))
            for n, rows in enumerate(chunks):
                for part in workers.parts(rows, len(chunks) - n):
                    urls = (r["requested_url"] for r in part)
                    prev = {u: prev_by_url[u] for u in urls if u in prev_by_url}
                    batches.put(outlet, part, prev, settings, run)
                bar.advance(len(rows))
        status, message = _verdict(counts, parse_errors, settings)
        if status == "completed" and message and message.startswith("nothing new"):
            message = None
        dq, status, message = report_task(
            con, run, counts, settings, source, status, message, "reparse", parse_errors
        )
    get_run_logger().info("search index: %s", refresh_after_load(settings.data_dir))
    clock.publish(run.run_id)
    return finish(run, status, message, counts, dq)


@flow(
    name="import-warc",
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def import_warc_flow(
    files: list[str],
    data_dir: str | None = None,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Ingest responses from WARC files made elsewhere through the same parse path.

    `task_runner="dask"` archives and parses the batches on Dask (`flows.stages.Workers`); the
    previous `url_state` of a batch's URLs is read when the batch is submitted.
    """
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    logger = get_run_logger()
    counts: Counter[str] = Counter()
    parse_errors: Counter[str] = Counter()
    with (
        writing(settings.data_dir, f"import-warc run {run.run_id}", settings.lock_wait) as con,
        Workers(task_runner, dask_address) as workers,
    ):
        ensure_tables(con)
        clock = StageClock("import-warc", REPARSE_STAGES)

        def load(outcome: BatchOutcome) -> None:
            with clock.time("load"):
                load_task(con, outcome.batch)
            clock.processed(outcome)
            counts.update(outcome.counts)
            parse_errors.update(outcome.parse_errors)

        parts = itertools.count()  # each batch read is split among the Dask workers
        with BatchQueue(import_batch_task, load, clock, workers=workers) as batches:
            for outlet, results in _importable(files, counts):
                known = url_states(con, [r.url for r in results])
                prev_by_url = {row["url"]: row for row in known.iter_rows(named=True)}
                fetched = [
                    (DiscoveredUrl(r.url, "warc_import"), r, prev_by_url.get(r.url))
                    for r in results
                ]
                for part in workers.parts(fetched):
                    batches.put(outlet, Sealed(part), settings, run, next(parts), "import-")
        clock.count("discover", "discovered", counts["discovered"])
        logger.info("import: %s", dict(counts))
        status, message = _verdict(counts, parse_errors, settings)
        if status == "completed" and message and message.startswith("nothing new"):
            message = None
        dq, status, message = report_task(
            con, run, counts, settings, "warc", status, message, "import-warc", parse_errors
        )
    get_run_logger().info("search index: %s", refresh_after_load(settings.data_dir))
    clock.publish(run.run_id)
    return finish(run, status, message, counts, dq)


def _importable(
    files: Sequence[str], counts: Counter[str], batch_size: int = 200
) -> Iterator[tuple[ModuleType, list[FetchResult]]]:
    """Batches of article responses per outlet; other records are counted as skipped."""
    pending: dict[str, list[FetchResult]] = {}
    for file in files:
        for record in iter_responses(Path(file)):
            outlet = outlet_for_url(record.uri)
            if outlet is None or outlet.article_id(record.uri) is None:
                counts["discovered"] += 1
                counts["skipped"] += 1
                continue
            counts["discovered"] += 1
            url = outlet.canonical_url(record.uri)
            fetched_at = _date(record.date.replace("Z", "+00:00")) if record.date else None
            result = FetchResult(
                url, url, record.status, record.headers, record.body,
                fetched_at or datetime.now(UTC), attempts=0,
            )  # fmt: skip
            batch = pending.setdefault(outlet.SITE, [])
            batch.append(result)
            if len(batch) >= batch_size:
                yield outlet, batch
                pending[outlet.SITE] = []
    for site, batch in pending.items():
        if batch:
            yield get_outlet(site), batch


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


__all__ = ["import_warc_flow", "reparse_flow"]
