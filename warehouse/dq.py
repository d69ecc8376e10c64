"""Data-quality checks after a load, written to `dq_results` and shown as a Prefect artifact.

Each check has a threshold; `fail` means the data is wrong (duplicates, missing dates,
counts that do not reconcile, enrichment offsets outside the body, a collapse in volume), `warn`
means something to look at (a high quarantine rate, stale dictionaries, old news), `pass`
otherwise; a check without a threshold is a measurement (`pass`, e.g. the null rate of a column
that may be null). `observed` is the measured value.

Kinds of checks:

* warehouse-wide SQL (`WAREHOUSE_CHECKS`): duplicates, required values, versions, enrichment
  integrity (every offset points at its text in `body_text`, no row of a missing article,
  every Syria article with a place), and the null rate of every column of `articles`;
* per run, from the run's counts: reconciliation, quarantine, fetch-failure and layout-change
  rates, and volume: URLs discovered against the median of the same flow's last ten runs (a
  drop of more than half fails: a sitemap or listing that stopped working looks like that);
* freshness: hours from the newest `published_at` to the check.

A `fail` of any check marks the run failed (after the good rows are loaded): see
`failed_message`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from schemas import ArticleModel, DqResultModel
from schemas.validate import polars_schema
from warehouse.load import append_new, transaction

VOLUME_HISTORY = 10  # earlier runs the volume check compares with
VOLUME_MIN_HISTORY = 3  # fewer earlier runs: volume is measured, not judged
VOLUME_DROP = 0.5  # fail below this share of the trailing median
FRESHNESS_HOURS = 72.0
LAYOUT_CHANGE_RATE = 0.2  # the same limit as `Settings.layout_change_threshold`


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
        "article_places",
        "place_offsets_in_body",
        "SELECT count(*) FROM article_places p JOIN articles a USING (article_id) "
        "WHERE p.first_offset >= length(a.body_text)",
        0,
        "above",
        "fail",
        "places whose first offset is outside the article body",
    ),
    Check(
        "article_actors",
        "actor_offsets_in_body",
        "SELECT count(*) FROM article_actors p JOIN articles a USING (article_id) "
        "WHERE p.first_offset >= length(a.body_text)",
        0,
        "above",
        "fail",
        "actors whose first offset is outside the article body",
    ),
    Check(
        "article_quotes",
        "quotes_at_offsets",
        "SELECT count(*) FROM article_quotes q JOIN articles a USING (article_id) "
        "WHERE substr(a.body_text, q.char_offset + 1, length(q.quote)) <> q.quote",
        0,
        "above",
        "fail",
        "quotes not found at their offset in the body",
    ),
    Check(
        "article_dates",
        "date_phrases_at_offsets",
        "SELECT count(*) FROM article_dates d JOIN articles a USING (article_id) "
        "WHERE substr(a.body_text, d.char_offset + 1, length(d.phrase)) <> d.phrase",
        0,
        "above",
        "fail",
        "date phrases not found at their offset in the body",
    ),
    Check(
        "article_places",
        "enrichment_orphans",
        "SELECT (SELECT count(*) FROM article_places WHERE article_id NOT IN "
        "(SELECT article_id FROM articles)) + (SELECT count(*) FROM article_actors WHERE "
        "article_id NOT IN (SELECT article_id FROM articles))",
        0,
        "above",
        "fail",
        "place and actor rows of articles that are not in the warehouse",
    ),
    Check(
        "article_places",
        "syria_articles_without_place",
        "SELECT coalesce(avg((NOT EXISTS (SELECT 1 FROM article_places p "
        "WHERE p.article_id = a.article_id AND p.country_code = 'SY'))::INT), 0) "
        "FROM articles a WHERE a.is_syria",
        0.2,
        "above",
        "warn",
        "share of Syria articles in which no Syrian place was found",
    ),
    Check(
        "articles",
        "duplicate_rate",
        "SELECT coalesce((count(*) - count(DISTINCT article_id)) / nullif(count(*), 0), 0) "
        "FROM articles",
        0,
        "above",
        "fail",
        "share of article rows beyond one per article_id",
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


def null_rate_checks() -> tuple[Check, ...]:
    """The null rate of every `articles` column: 0 for required columns, measured for others."""
    checks = []
    for name, column in ArticleModel.to_schema().columns.items():
        sql = f"SELECT coalesce(avg(({name} IS NULL)::INT), 0) FROM articles"
        if column.nullable:
            checks.append(Check("articles", f"null_rate_{name}", sql, None, "above", "warn", ""))
        else:
            checks.append(
                Check("articles", f"null_rate_{name}", sql, 0, "above", "fail", "required")
            )
    return tuple(checks)


def run_checks(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    counts: Mapping[str, int],
    data_dir: Path,
    now: datetime,
    flow: str = "ingest",
    source: str | None = None,
    parse_errors: Mapping[str, int] | None = None,
    current_dictionary: str | None = None,
) -> pl.DataFrame:
    """Evaluate every check for this run, store them in `dq_results`, and return them."""
    rows = [_evaluate(con, check) for check in (*WAREHOUSE_CHECKS, *null_rate_checks())]
    fetched = counts.get("fetched", 0)
    parsed = counts.get("loaded", 0) + counts.get("quarantined", 0)
    changed = (parse_errors or {}).get("layout_changed", 0)
    rows += [
        _judge(
            Check("runs", "layout_change_rate", "", LAYOUT_CHANGE_RATE, "above", "fail",
                  "share of parsed pages that lack elements the parser needs"),
            changed / parsed if parsed else 0.0,
        ),
        _volume(con, counts.get("discovered", 0), flow, source),
        _freshness(con, now),
    ]  # fmt: skip
    if current_dictionary is not None:
        rows.append(
            _judge(
                Check("articles", "stale_dictionary_version", "", 0, "above", "warn",
                      f"articles enriched with other dictionaries than {current_dictionary}: "
                      "run `syria-etl enrich`"),
                _scalar(con, "SELECT count(*) FILTER (WHERE dictionary_version "
                        "IS DISTINCT FROM ?) FROM articles", [current_dictionary]),
            )
        )  # fmt: skip
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
    return record_results(con, rows, run_id, now)


def record_results(
    con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]], run_id: str, now: datetime
) -> pl.DataFrame:
    """Validate the checks of a run and append them to `dq_results`; the frame written."""
    frame = pl.DataFrame(
        [{**row, "run_id": run_id, "checked_at": now} for row in rows],
        schema=polars_schema(DqResultModel),
    )
    DqResultModel.validate(frame)
    with transaction(con):
        append_new(con, "dq_results", frame)
    return frame


def failed_message(dq: pl.DataFrame) -> str | None:
    """Which checks failed and why, in one sentence for the run's message; None if none."""
    failed = dq.filter(pl.col("status") == "fail")
    if failed.is_empty():
        return None
    parts = [
        f"{r['table_name']}.{r['check_name']} observed {r['observed']:g} "
        f"(limit {r['threshold']:g}: {r['detail']})"
        for r in failed.iter_rows(named=True)
    ]
    return "data-quality checks failed: " + "; ".join(parts)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> float:
    row = con.execute(sql, params or []).fetchone()
    return float(row[0]) if row and row[0] is not None else 0.0


def _volume(
    con: duckdb.DuckDBPyConnection, discovered: int, flow: str, source: str | None
) -> dict[str, object]:
    """URLs discovered against the median of the same flow's earlier runs."""
    threshold: float | None = None
    if flow != "ingest":  # reparse and enrich see what is stored, not what a site offers
        detail = "records considered (volume is judged for ingest runs only)"
    else:
        history = [
            r[0]
            for r in con.execute(
                "SELECT discovered FROM runs WHERE flow = ? AND source IS NOT DISTINCT FROM ? "
                "ORDER BY started_at DESC LIMIT ?",
                [flow, source, VOLUME_HISTORY],
            ).fetchall()
        ]
        if len(history) < VOLUME_MIN_HISTORY:
            detail = f"URLs discovered; {len(history)} earlier runs, too few to judge"
        else:
            threshold = VOLUME_DROP * sorted(history)[len(history) // 2]
            detail = (
                f"URLs discovered; fails below {VOLUME_DROP:.0%} of the median of the "
                f"last {VOLUME_HISTORY} runs"
            )
    check = Check("runs", "volume_vs_median", "", threshold, "below", "fail", detail)
    return _judge(check, float(discovered))


def _freshness(con: duckdb.DuckDBPyConnection, now: datetime) -> dict[str, object]:
    """Hours from the newest article to now."""
    newest = con.execute("SELECT max(published_at) FROM articles").fetchone()
    hours = (now - newest[0]).total_seconds() / 3600 if newest and newest[0] else 0.0
    return _judge(
        Check("articles", "freshness_hours", "", FRESHNESS_HOURS, "above", "warn",
              "hours since the newest published_at (old news: the site or discovery stalled)"),
        max(0.0, hours),
    )  # fmt: skip


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
