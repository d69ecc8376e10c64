"""Deployments and schedules: what `syria-etl schedule` serves (no work pool needed)."""

from __future__ import annotations

from typing import Any

from flows.ingest import ingest_flow
from flows.reparse import reparse_flow

DEFAULT_CRON = "0 * * * *"  # hourly, UTC


def ingest_deployment(
    source: str = "aawsat",
    cron: str = DEFAULT_CRON,
    base_url: str | None = None,
    data_dir: str | None = None,
) -> Any:
    """The scheduled ingest of one outlet."""
    return ingest_flow.to_deployment(
        name=f"{source}-scheduled",
        cron=cron,
        concurrency_limit=1,  # one loader per warehouse: a late run never overlaps the next
        parameters={"source": source, "base_url": base_url, "data_dir": data_dir},
        description=f"Discover and load new {source} pages on the schedule {cron} (UTC).",
        tags=["syria-etl", source],
    )


def reparse_deployment(source: str = "aawsat", data_dir: str | None = None) -> Any:
    """An on-demand reparse (run it from the UI after a parser fix)."""
    return reparse_flow.to_deployment(
        name=f"{source}-reparse",
        parameters={"source": source, "data_dir": data_dir},
        description="Rebuild the parsed tables from the WARC archive (no network).",
        tags=["syria-etl", source],
    )


def serve_all(
    source: str, cron: str, base_url: str | None, data_dir: str | None
) -> None:  # pragma: no cover - blocks until interrupted
    """Serve the scheduled ingest and the on-demand reparse from this process."""
    from prefect import serve

    serve(
        ingest_deployment(source, cron, base_url, data_dir),
        reparse_deployment(source, data_dir),
        pause_on_shutdown=False,
    )
