"""Read-only queries behind `syria-etl query` and the coverage summary of `syria-etl report`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from warehouse.catalog import connect


def query(data_dir: Path, sql: str) -> pl.DataFrame:
    """Run one statement against the warehouse attached read-only (tables by bare name)."""
    con = connect(data_dir, read_only=True)
    try:
        return con.execute(sql).pl()
    finally:
        con.close()


SUMMARY_SQL = {
    "totals": """
        SELECT count(*) AS articles,
               count(DISTINCT article_id) AS distinct_ids,
               count(*) FILTER (WHERE is_syria) AS syria_articles,
               min(published_at) AS first_published,
               max(published_at) AS last_published
        FROM articles
    """,
    "per_day": """
        SELECT day, sum(articles) AS articles, sum(syria_articles) AS syria_articles
        FROM coverage_daily GROUP BY day ORDER BY day
    """,
    "governorates": """
        SELECT name_ar, name_en, pcode, sum(articles) AS articles,
               sum(articles_naming_it) AS naming_it, sum(headlines) AS headlines
        FROM top_places WHERE admin_level = 1
        GROUP BY ALL ORDER BY articles DESC, pcode
    """,
    "actors": """
        SELECT name_en, actor_id, actor_type, sum(articles) AS articles, sum(mentions) AS mentions
        FROM top_actors GROUP BY ALL ORDER BY articles DESC, actor_id LIMIT 12
    """,
    "sources": """
        SELECT source_id,
               count(DISTINCT article_id) FILTER (WHERE how = 'attribution') AS cited_in_text,
               count(DISTINCT article_id) FILTER (WHERE how = 'credit') AS image_credits,
               count(DISTINCT article_id) FILTER (WHERE how = 'dateline') AS datelines
        FROM article_sources GROUP BY ALL ORDER BY cited_in_text DESC, source_id
    """,
    "quarantined": """
        SELECT url, stage, reason, quarantined_at
        FROM quarantine
        QUALIFY row_number() OVER (PARTITION BY url ORDER BY quarantined_at DESC) = 1
        ORDER BY url
    """,
    "last_run": """
        SELECT run_id, status, discovered, fetched, loaded, unchanged, quarantined, failed,
               gone, skipped, deferred, message,
               round(epoch(finished_at) - epoch(started_at), 1) AS seconds
        FROM runs ORDER BY finished_at DESC LIMIT 1
    """,
}


def coverage_summary(data_dir: Path) -> dict[str, pl.DataFrame]:
    """The demo's summary: totals, per day, places, actors, sources, quarantine, last run."""
    con = connect(data_dir, read_only=True)
    try:
        return {name: con.execute(sql).pl() for name, sql in SUMMARY_SQL.items()}
    finally:
        con.close()


def open_read_only(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection for notebooks: `con.sql('from articles')`."""
    return connect(data_dir, read_only=True)


def table_checksums(
    con: duckdb.DuckDBPyConnection, spec: dict[str, tuple[str, str]]
) -> dict[str, tuple[int, str]]:
    """Per table of `spec` (table → (key columns, content columns), SQL lists): its rows and
    the md5 of its rows sorted by key. Two warehouses with equal checksums hold the same rows
    in those columns, whatever their files, snapshots or load order."""
    out: dict[str, tuple[int, str]] = {}
    for table, (key, content) in spec.items():
        row = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(concat_ws('|', {key}, {content}), "
            f"'\n' ORDER BY {key}), '')) FROM {table}"
        ).fetchone()
        assert row is not None
        out[table] = (int(row[0]), str(row[1]))
    return out
