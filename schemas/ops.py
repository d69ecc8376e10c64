"""Operational tables: the raw-page index, the URL frontier, quarantine, data quality, runs.

Column names `table` and `check` from the design are spelled `table_name` and `check_name`:
both words are SQL keywords and would need quoting in every analyst query.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

UTC_TS = pl.Datetime(time_unit="us", time_zone="UTC")

URL_STATES = ["pending", "loaded", "unchanged", "quarantined", "failed", "gone", "skipped"]
# The states a discovered URL ends a run in (runs also count `deferred`: left by max_pages).
URL_OUTCOMES = ["loaded", "unchanged", "quarantined", "failed", "gone", "skipped"]
STAGES = ["discover", "fetch", "parse", "validate", "enrich", "load", "events"]


class RawPageModel(pa.DataFrameModel):
    """One fetch of one URL, pointing at its WARC record; partitioned by month of fetched_at.

    `url` is the URL the bytes are of (after redirects); `requested_url` the one asked for,
    which is the key of `url_state`.
    """

    url: str = pa.Field(str_startswith="http")
    requested_url: str = pa.Field(str_startswith="http")
    fetched_at: UTC_TS  # type: ignore[valid-type]
    status: pl.Int32 = pa.Field(ge=100, le=599)
    content_type: str = pa.Field(nullable=True)
    etag: str = pa.Field(nullable=True)
    last_modified: str = pa.Field(nullable=True)
    sha1: str = pa.Field(str_matches=r"^[0-9a-f]{40}$")
    content_length: pl.Int64 = pa.Field(ge=0)
    warc_file: str
    warc_offset: pl.Int64 = pa.Field(ge=0)
    warc_length: pl.Int64 = pa.Field(gt=0)
    run_id: str

    class Config:
        strict = True
        coerce = True


class UrlStateModel(pa.DataFrameModel):
    """The URL frontier: one row per discovered URL and where it stands."""

    url: str = pa.Field(unique=True, str_startswith="http")
    article_id: str = pa.Field(nullable=True)
    site: str
    discovered_via: str
    state: str = pa.Field(isin=URL_STATES)
    reason: str = pa.Field(nullable=True)
    attempts: pl.Int32 = pa.Field(ge=0)
    last_status: pl.Int32 = pa.Field(nullable=True)
    lastmod: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    last_fetched_at: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    next_fetch_after: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    content_sha1: str = pa.Field(nullable=True)
    published_at: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    etag: str = pa.Field(nullable=True)
    last_modified: str = pa.Field(nullable=True)
    run_id: str

    class Config:
        strict = True
        coerce = True


class QuarantineModel(pa.DataFrameModel):
    """One rejected record with the reasons and a pointer to the raw page."""

    run_id: str
    stage: str = pa.Field(isin=STAGES)
    url: str
    article_id: str = pa.Field(nullable=True)
    reason: str
    checks: pl.List(pl.Utf8)  # type: ignore[valid-type]
    columns: pl.List(pl.Utf8)  # type: ignore[valid-type]
    failure_cases: str = pa.Field(nullable=True)
    warc_file: str = pa.Field(nullable=True)
    warc_offset: pl.Int64 = pa.Field(nullable=True)
    quarantined_at: UTC_TS  # type: ignore[valid-type]

    class Config:
        strict = True
        coerce = True


class DqResultModel(pa.DataFrameModel):
    """One data-quality check in one run."""

    run_id: str
    table_name: str
    check_name: str
    status: str = pa.Field(isin=["pass", "warn", "fail"])
    observed: pl.Float64 = pa.Field(nullable=True)
    threshold: pl.Float64 = pa.Field(nullable=True)
    detail: str = pa.Field(nullable=True)
    checked_at: UTC_TS  # type: ignore[valid-type]

    class Config:
        strict = True
        coerce = True


class RunModel(pa.DataFrameModel):
    """One flow run with its count per URL state; the counts add up to `discovered`.

    `unchanged` counts both 304 answers and known URLs not yet due for a revisit (no request);
    `deferred` counts URLs left for a later run by a `max_pages` limit.
    """

    run_id: str = pa.Field(unique=True)
    flow: str
    source: str
    started_at: UTC_TS  # type: ignore[valid-type]
    finished_at: UTC_TS  # type: ignore[valid-type]
    status: str = pa.Field(isin=["completed", "failed"])
    discovered: pl.Int32 = pa.Field(ge=0)
    fetched: pl.Int32 = pa.Field(ge=0)
    loaded: pl.Int32 = pa.Field(ge=0)
    unchanged: pl.Int32 = pa.Field(ge=0)
    quarantined: pl.Int32 = pa.Field(ge=0)
    failed: pl.Int32 = pa.Field(ge=0)
    gone: pl.Int32 = pa.Field(ge=0)
    skipped: pl.Int32 = pa.Field(ge=0)
    deferred: pl.Int32 = pa.Field(ge=0)
    message: str = pa.Field(nullable=True)
    # The DuckLake snapshot holding everything the run loaded: `FROM articles AT (VERSION =>
    # snapshot_id)` is the warehouse as this run left it (until maintenance expires it).
    snapshot_id: pl.Int64 = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(description="every discovered URL ends in exactly one state")
    @classmethod
    def counts_reconcile(cls, data: pa.PolarsData) -> pl.LazyFrame:
        parts = [*URL_OUTCOMES, "deferred"]
        return data.lazyframe.select(pl.sum_horizontal(parts) == pl.col("discovered"))

    class Config:
        strict = True
        coerce = True
