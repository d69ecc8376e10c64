"""The ingest flow: discover → fetch → archive raw → parse → clean & enrich → validate → load
→ check & report. Work moves in batches (`batch_size` pages a fetch and a process task; on Dask
the last batches are split among the workers), never a task per article.

Every discovered URL ends the run in one recorded state (see `schemas.ops.URL_OUTCOMES`);
the counts reconcile in `runs`. A batch loads in one transaction, so a kill leaves the
warehouse consistent and a rerun finishes the job without duplicates.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import alerts
from flows.pipeline import (
    BatchOutcome,
    Plan,
    archive,
    plan_fetch,
    process_batch,
    url_state_frame,
)
from flows.retry import InfrastructureError, attempt, retry_infrastructure
from flows.settings import Settings
from flows.stages import INGEST_STAGES, BatchQueue, Sealed, StageClock, Workers, progress
from schemas import RunModel
from schemas.ops import URL_OUTCOMES
from schemas.validate import polars_schema
from sources.base import DiscoveredUrl
from sources.crawl import Discovery, discover
from sources.http import FetchResult, HttpClient
from sources.registry import get_outlet
from transforms.dictionaries import dictionary_version
from warehouse.catalog import current_snapshot, writing
from warehouse.ddl import ensure_tables
from warehouse.dq import failed_message, run_checks
from warehouse.load import (
    Batch,
    LoadCounts,
    append_new,
    load_batch,
    transaction,
    url_states,
)
from warehouse.search import refresh_after_load


class RunFailedError(RuntimeError):
    """The run loaded what was good, then failed: the site changed or a critical check failed."""


class LayoutChangedError(RunFailedError):
    """Too many pages of a batch lack the elements the parser needs: the site changed."""


class SiteUnreachableError(RunFailedError, InfrastructureError):
    """Not one discovery request was answered: the site, or the network, is down (the flow
    tries once more, `flows.retry`)."""


@dataclass
class RunContext:
    """Identity and clock of one run."""

    run_id: str
    started_at: datetime


def make_client(outlet: ModuleType, settings: Settings, base_url: str | None) -> HttpClient:
    """The polite client for an outlet; `base_url` points its public origin at a mirror."""
    origins = {outlet.PUBLIC_ORIGIN: base_url} if base_url else {}
    return HttpClient(
        user_agent=settings.user_agent,
        allowed_hosts=outlet.HOSTS,
        origins=origins,
        rate_per_host=settings.rate_per_host,
        concurrency=settings.concurrency,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        backoff_base=settings.backoff_base,
        max_bytes=settings.max_bytes,
    )


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(
    outlet: ModuleType,
    client: HttpClient,
    known: Sequence[str],
    settings: Settings,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Discovery:
    """Read robots.txt, sitemaps, feeds and listings; every response is kept for the archive."""
    found = discover(
        outlet,
        client,
        max_listing_pages=settings.max_listing_pages,
        known=known,
        robots_cache=settings.data_dir / "robots",
        discovery_cache=settings.data_dir / "discovery",
        since=since,
        until=until,
    )
    logger = get_run_logger()
    logger.info("discovered %d URLs from %d responses", len(found.urls), len(found.responses))
    for error in found.errors:
        logger.warning("discovery: %s", error)
    return found


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(
    con: duckdb.DuckDBPyConnection,
    outlet: ModuleType,
    discovery: Discovery,
    settings: Settings,
    run: RunContext,
    refetch: bool,
    max_pages: int | None,
) -> Plan:
    """Decide what to fetch from the frontier in `url_state`."""
    known = url_states(con, [u.url for u in discovery.urls])
    plan = plan_fetch(
        outlet,
        discovery.urls,
        known,
        now=run.started_at,
        robots=discovery.robots,
        user_agent=settings.user_agent,
        run_id=run.run_id,
        refetch=refetch,
        max_pages=max_pages,
    )
    get_run_logger().info(
        "plan: fetch %d, not due %d, skipped %d, deferred %d",
        len(plan.to_fetch),
        plan.counts["unchanged"],
        plan.counts["skipped"],
        plan.counts["deferred"],
    )
    return plan


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(
    client: HttpClient, chunk: Sequence[tuple[DiscoveredUrl, Any, Any]]
) -> list[tuple[DiscoveredUrl, FetchResult, Any]]:
    """Fetch one batch concurrently under the per-host rate limit."""
    results = client.fetch_all([request for _, request, _ in chunk])
    return [(item, result, prev) for (item, _, prev), result in zip(chunk, results, strict=True)]


@task(name="archive-parse-clean-validate", cache_policy=NO_CACHE)
def process_task(
    outlet: ModuleType,
    fetched: Sealed[list[tuple[DiscoveredUrl, FetchResult, Any]]],
    settings: Settings,
    run: RunContext,
    batch_no: int,
    warc_label: str = "",
) -> BatchOutcome:
    """Archive the raw responses, parse, clean and enrich, and validate one batch; its WARC file
    is `<run id>-<warc_label><batch no>`."""
    return process_batch(
        outlet,
        fetched.open(),
        warc_root=settings.warc_root,
        warc_name=f"{run.run_id}-{warc_label}{batch_no:05d}",
        run_id=run.run_id,
        now=run.started_at,
    )


@task(name="load", cache_policy=NO_CACHE)
def load_task(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadCounts:
    """Load one batch in one transaction."""
    counts = load_batch(con, batch)
    get_run_logger().info("loaded %s", counts)
    return counts


@task(name="check-and-report", cache_policy=NO_CACHE)
def report_task(
    con: duckdb.DuckDBPyConnection,
    run: RunContext,
    counts: Counter[str],
    settings: Settings,
    source: str,
    status: str,
    message: str | None,
    flow_name: str = "ingest",
    parse_errors: Counter[str] | None = None,
) -> tuple[pl.DataFrame, str, str | None]:
    """Evaluate the data-quality checks, record the run, publish both as artifacts.

    A failed check fails the run (its rows are loaded already); returns (checks, status,
    message).
    """
    finished = datetime.now(UTC)
    dq = run_checks(
        con,
        run_id=run.run_id,
        counts=counts,
        data_dir=settings.data_dir,
        now=finished,
        flow=flow_name,
        source=source,
        parse_errors=parse_errors,
        current_dictionary=dictionary_version(),
    )
    dq_message = failed_message(dq)
    if dq_message is not None:
        status = "failed"
        message = f"{message}; {dq_message}" if message else dq_message
    record_run(con, run, flow_name, source, status, message, counts, finished)
    create_table_artifact(
        key=f"dq-{flow_name}",
        table=dq.select(
            "table_name", "check_name", "status", "observed", "threshold", "detail"
        ).to_dicts(),
        description=f"Data-quality checks of {flow_name} run {run.run_id}",
    )
    lines = [f"| {k} | {counts.get(k, 0)} |" for k in _COUNT_COLUMNS]
    create_markdown_artifact(
        key=f"{flow_name}-counts",
        markdown="\n".join(["## URLs by state", "", "| state | URLs |", "|---|---|", *lines]),
        description=f"Counts of {flow_name} run {run.run_id}",
    )
    return dq, status, message


_COUNT_COLUMNS = ("discovered", "fetched", *URL_OUTCOMES, "deferred")


def record_run(
    con: duckdb.DuckDBPyConnection,
    run: RunContext,
    flow_name: str,
    source: str,
    status: str,
    message: str | None,
    counts: Counter[str],
    finished: datetime,
) -> None:
    """The run's row in `runs`, with the snapshot that holds what it loaded."""
    row = {
        "run_id": run.run_id,
        "flow": flow_name,
        "source": source,
        "started_at": run.started_at,
        "finished_at": finished,
        "status": status,
        "message": message,
        **{k: counts.get(k, 0) for k in _COUNT_COLUMNS},
        "snapshot_id": current_snapshot(con),  # the run's data; its own row commits after
    }
    runs = RunModel.validate(pl.DataFrame([row], schema=polars_schema(RunModel)))
    with transaction(con):
        append_new(con, "runs", runs)


def ingest_run_name() -> str:
    """`ingest-<outlet>-<slot>` (`backfill-…` when a date range is given): the slot is the
    scheduled start, minute precision, UTC."""
    params = flow_run.parameters or {}
    kind = "backfill" if params.get("since") or params.get("until") else "ingest"
    start = flow_run.scheduled_start_time or datetime.now(UTC)
    slot = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    return f"{kind}-{params.get('source') or 'aawsat'}-{slot}"


@flow(
    name="ingest",
    flow_run_name=ingest_run_name,
    log_prints=True,
    **alerts.HOOKS,
)
@retry_infrastructure
def ingest_flow(
    source: str = "aawsat",
    base_url: str | None = None,
    data_dir: str | None = None,
    max_pages: int | None = None,
    rate_per_host: float | None = None,
    refetch: bool = False,
    since: str | None = None,
    until: str | None = None,
    max_listing_pages: int | None = None,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Discover, fetch, archive, parse, clean, validate and load one outlet's new pages.

    `since`/`until` (ISO dates) make it a backfill: sitemap entries outside the range are
    ignored and listing pages are walked back to `since` (up to `max_listing_pages`).
    `task_runner="dask"` runs the process stage on Dask (`flows.stages.Workers`: the flow's own
    DaskTaskRunner, else a LocalCluster, or the scheduler at `dask_address`); loads stay here,
    in order.
    """
    settings = Settings.from_env(
        data_dir=Path(data_dir) if data_dir else None,
        rate_per_host=rate_per_host,
        max_listing_pages=max_listing_pages,
    )
    outlet = get_outlet(source)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    logger = get_run_logger()
    logger.info(
        "run %s: %s from %s into %s",
        run.run_id,
        source,
        base_url or outlet.PUBLIC_ORIGIN,
        settings.data_dir,
    )
    client = make_client(outlet, settings, base_url)
    clock = StageClock("ingest", INGEST_STAGES)
    with (
        writing(settings.data_dir, f"ingest {source} run {run.run_id}", settings.lock_wait) as con,
        Workers(task_runner, dask_address) as workers,
    ):
        ensure_tables(con)
        known = [r[0] for r in con.execute("SELECT url FROM url_state").fetchall()]
        with clock.time("discover"):
            discovery = discover_task(outlet, client, known, settings, _date(since), _date(until))
            fresh = [r for r in discovery.responses if not r.not_modified]  # 304s: archived
            raw_pages, _ = archive(settings.warc_root, f"{run.run_id}-discovery", fresh, run.run_id)
        with clock.time("plan"):
            plan = plan_task(con, outlet, discovery, settings, run, refetch, max_pages)
        with clock.time("load"):
            load_task(con, Batch(raw_pages=raw_pages, url_state=_settled(plan)))
        counts: Counter[str] = Counter(plan.counts)
        counts["discovered"] = len(discovery.urls)
        clock.count("discover", "discovered", len(discovery.urls))
        for key, n in [("fetch", len(plan.to_fetch)), *plan.counts.items()]:
            clock.count("plan", "planned", n, part=key)
        parse_errors: Counter[str] = Counter()
        paused: set[str] = set()

        def load(outcome: BatchOutcome) -> None:
            with clock.time("load"):
                load_task(con, outcome.batch)
            clock.processed(outcome)
            counts.update(outcome.counts)
            parse_errors.update(outcome.parse_errors)

        batches = BatchQueue(process_task, load, clock, workers=workers)
        parts = itertools.count()  # on Dask the last fetched batches are split among workers
        with batches, progress(f"ingest {source}", len(plan.to_fetch)) as bar:
            starts = range(0, len(plan.to_fetch), settings.batch_size)
            for start in starts:
                chunk = plan.to_fetch[start : start + settings.batch_size]
                with clock.time("fetch"):
                    fetched = fetch_task(client, chunk)
                clock.fetched(result for _, result, _ in fetched)
                counts["fetched"] += len(chunk)
                remaining = len(starts) - start // settings.batch_size
                for part in workers.parts(fetched, remaining):
                    batches.put(outlet, Sealed(part), settings, run, next(parts))
                bar.advance(len(chunk))
                _warn_open_circuits(client, paused)
        status, message = _verdict(counts, parse_errors, settings)
        if (down := _unreachable(discovery)) is not None:
            status, message = "failed", down
        dq, status, message = report_task(
            con, run, counts, settings, source, status, message, parse_errors=parse_errors
        )
    get_run_logger().info("search index: %s", refresh_after_load(settings.data_dir))
    clock.publish(run.run_id)
    return finish(run, status, message, counts, dq)


def _warn_open_circuits(client: HttpClient, paused: set[str]) -> None:
    """Log each host whose circuit opened since the last call (once per host and run)."""
    logger = get_run_logger()
    for host in client.breaker.open_hosts - paused:
        logger.warning(
            "circuit open: %s failed %d times in a row; its remaining URLs are marked "
            "failed (circuit_open) and retried by a later run",
            host,
            client.breaker.threshold,
        )
    paused |= client.breaker.open_hosts


def finish(
    run: RunContext, status: str, message: str | None, counts: Counter[str], dq: pl.DataFrame
) -> dict[str, Any]:
    """Log the run's summary; raise when the run failed (after everything good was loaded)."""
    summary = {
        "run_id": run.run_id,
        "status": status,
        "message": message,
        "counts": dict(counts),
        "dq_failed": dq.filter(pl.col("status") == "fail")["check_name"].to_list(),
    }
    get_run_logger().info("summary: %s", summary)
    if status == "failed":
        if message and message.startswith("the site's layout changed"):
            raise LayoutChangedError(message)
        if message and message.startswith(_DOWN):
            raise SiteUnreachableError(message)
        raise RunFailedError(message)
    return summary


def _date(value: str | None) -> datetime | None:
    """An ISO date or datetime parameter as an aware UTC datetime."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _settled(plan: Plan) -> pl.DataFrame:
    return url_state_frame(plan.settled)


def _verdict(
    counts: Counter[str], parse_errors: Counter[str], settings: Settings
) -> tuple[str, str | None]:
    """A run fails when too many pages of the run hit `layout_changed`; else it completes."""
    parsed = counts["loaded"] + counts["quarantined"]
    changed = parse_errors.get("layout_changed", 0)
    crashed = parse_errors.get("parser_crash", 0)
    if parsed and changed / parsed > settings.layout_change_threshold:
        return "failed", (
            f"the site's layout changed: {changed} of {parsed} pages lack elements the parser "
            "needs (see quarantine, reason layout_changed); the other pages were loaded"
        )
    if parsed and crashed / parsed > settings.layout_change_threshold:
        return "failed", (
            f"the parser crashed on {crashed} of {parsed} pages (see quarantine, reason "
            "parser_crash); the raw pages are archived for a reparse"
        )
    if counts["loaded"] == 0 and counts["quarantined"] == 0 and counts["fetched"] == 0:
        return "completed", "nothing new: every discovered URL is known and none is due"
    return "completed", None


_DOWN = "the site did not answer"


def _unreachable(discovery: Discovery) -> str | None:
    """Why the run failed when not one discovery request was answered with a page (the site
    is down, blocks us, or the network is): a run that finds nothing because the site is gone
    must fail, and alert, rather than report "nothing new"."""
    if not discovery.errors or any(r.ok or r.not_modified for r in discovery.responses):
        return None
    return (
        f"{_DOWN}: all {len(discovery.errors)} discovery requests failed "
        f"(first: {discovery.errors[0]}); nothing was fetched, the next run tries again"
    )


def _run_id() -> str:
    """The Prefect flow-run id when running under Prefect, else a fresh UUID; a second attempt
    after an infrastructure error (`flows.retry`) adds `-2`, so each attempt has its own run."""
    current = flow_run.get_id()
    run_id = str(current) if current else str(uuid.uuid4())
    return run_id if attempt() == 1 else f"{run_id}-{attempt()}"
