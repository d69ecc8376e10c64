"""Data-quality checks after a load, written to `dq_results` and shown as a Prefect artifact.

Each check has a threshold; `fail` means the data is wrong (duplicates, missing dates,
counts that do not reconcile), `warn` means something to look at (a high quarantine rate,
missing bylines), `pass` otherwise. `observed` is the measured value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from schemas import DqResultModel
from schemas.validate import polars_schema
from warehouse.load import append_new, transaction


@dataclass(frozen=True)
class Check:
    """One check: SQL giving a number, a threshold and which side of it is bad."""

    table_name: str
    check_name: str
    sql: str
    threshold: float | None
    bad_when: str  # "above" or "below"
    severity: str  # "fail" or "warn"
    detail: str


WAREHOUSE_CHECKS: tuple[Check, ...] = (
    Check(
        "articles",
        "duplicate_article_ids",
        "SELECT count(*) - count(DISTINCT article_id) FROM articles",
        0,
        "above",
        "fail",
        "rows beyond one per article_id",
    ),
    Check(
        "articles",
        "null_published_at",
        "SELECT count(*) FILTER (WHERE published_at IS NULL) FROM articles",
        0,
        "above",
        "fail",
        "articles without a publication time",
    ),
    Check(
        "articles",
        "author_coverage",
        "SELECT coalesce(avg((author IS NOT NULL)::INT), 1) FROM articles",
        0.5,
        "below",
        "warn",
        "share of articles with an author or desk",
    ),
    Check(
        "articles",
        "empty_bodies",
        "SELECT count(*) FILTER (WHERE word_count < 20) FROM articles",
        0,
        "above",
        "warn",
        "articles with fewer than 20 words",
    ),
    Check(
        "article_versions",
        "open_versions_match_articles",
        "SELECT count(*) FROM articles a LEFT JOIN article_versions v "
        "ON v.article_id = a.article_id AND v.valid_to IS NULL "
        "WHERE v.content_sha1 IS DISTINCT FROM a.content_sha1",
        0,
        "above",
        "fail",
        "articles whose current version is not the open version",
    ),
    Check(
        "url_state",
        "duplicate_urls",
        "SELECT count(*) - count(DISTINCT url) FROM url_state",
        0,
        "above",
        "fail",
        "rows beyond one per URL",
    ),
)


def run_checks(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    counts: Mapping[str, int],
    data_dir: Path,
    now: datetime,
) -> pl.DataFrame:
    """Evaluate every check for this run, store them in `dq_results`, and return them."""
    rows = [_evaluate(con, check) for check in WAREHOUSE_CHECKS]
    fetched = counts.get("fetched", 0)
    outcomes = ("loaded", "unchanged", "quarantined", "failed", "gone", "skipped", "deferred")
    rows += [
        _judge(
            Check(
                "runs",
                "counts_reconcile",
                "",
                0,
                "above",
                "fail",
                "discovered URLs not ending in exactly one state",
            ),
            abs(counts.get("discovered", 0) - sum(counts.get(k, 0) for k in outcomes)),
        ),
        _judge(
            Check(
                "quarantine",
                "quarantine_rate",
                "",
                0.2,
                "above",
                "warn",
                "share of fetched pages quarantined in this run",
            ),
            counts.get("quarantined", 0) / fetched if fetched else 0.0,
        ),
        _judge(
            Check(
                "url_state",
                "fetch_failure_rate",
                "",
                0.1,
                "above",
                "warn",
                "share of fetched pages that failed in this run",
            ),
            counts.get("failed", 0) / fetched if fetched else 0.0,
        ),
        _judge(
            Check(
                "raw_pages",
                "missing_warc_files",
                "",
                0,
                "above",
                "fail",
                "raw_pages rows of this run whose WARC file is missing",
            ),
            _missing_warc_files(con, run_id, data_dir),
        ),
    ]
    frame = pl.DataFrame(
        [{**row, "run_id": run_id, "checked_at": now} for row in rows],
        schema=polars_schema(DqResultModel),
    )
    DqResultModel.validate(frame)
    with transaction(con):
        append_new(con, "dq_results", frame)
    return frame


def _evaluate(con: duckdb.DuckDBPyConnection, check: Check) -> dict[str, object]:
    row = con.execute(check.sql).fetchone()
    return _judge(check, float(row[0]) if row and row[0] is not None else 0.0)


def _judge(check: Check, observed: float) -> dict[str, object]:
    bad = check.threshold is not None and (
        observed > check.threshold if check.bad_when == "above" else observed < check.threshold
    )
    return {
        "table_name": check.table_name,
        "check_name": check.check_name,
        "status": check.severity if bad else "pass",
        "observed": round(float(observed), 4),
        "threshold": None if check.threshold is None else float(check.threshold),
        "detail": check.detail,
    }


def _missing_warc_files(con: duckdb.DuckDBPyConnection, run_id: str, data_dir: Path) -> int:
    files = con.execute(
        "SELECT DISTINCT warc_file FROM raw_pages WHERE run_id = ?", [run_id]
    ).fetchall()
    return sum(not (data_dir / f).exists() for (f,) in files)
