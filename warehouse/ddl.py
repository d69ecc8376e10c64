"""DDL derived from the Pandera models in `schemas/`: `ensure_tables(con)` creates every table
(and adds columns a newer model declares), sets partitioning, and (re)creates analyst views.

The models stay the single place where columns are declared; nothing here lists a column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import duckdb
import pandera.polars as pa
import polars as pl
from polars.datatypes import DataTypeClass

from schemas import (
    ArticleModel,
    ArticleVersionModel,
    DqResultModel,
    QuarantineModel,
    RawPageModel,
    RunModel,
    UrlStateModel,
)
from schemas.enrichment import (
    ArticleActorModel,
    ArticleDateModel,
    ArticlePlaceModel,
    ArticleQuoteModel,
    ArticleSourceModel,
)
from schemas.events import ConflictEventModel
from schemas.validate import polars_schema


@dataclass(frozen=True)
class TableSpec:
    """A warehouse table: its model, its key and its partitioning."""

    name: str
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]
    partition_by: str | None = None
    comment: str = ""


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "raw_pages",
        RawPageModel,
        ("url", "fetched_at"),
        "year(fetched_at), month(fetched_at)",
        "One fetch of one URL; points at the WARC record holding the exact bytes.",
    ),
    TableSpec(
        "url_state",
        UrlStateModel,
        ("url",),
        None,
        "The URL frontier: where each discovered URL stands and when to fetch it again.",
    ),
    TableSpec(
        "articles",
        ArticleModel,
        ("article_id",),
        "year(published_at), month(published_at)",
        "One row per article, its current version; published_at is UTC.",
    ),
    TableSpec(
        "article_versions",
        ArticleVersionModel,
        ("article_id", "content_sha1"),
        "year(valid_from), month(valid_from)",
        "Content revisions of each article; valid_to is null for the current one.",
    ),
    TableSpec(
        "article_places",
        ArticlePlaceModel,
        ("article_id", "pcode"),
        None,
        "Places each article names (or implies: a town's governorate), with OCHA p-codes.",
    ),
    TableSpec(
        "article_actors",
        ArticleActorModel,
        ("article_id", "actor_id"),
        None,
        "Actors each article names, resolved by its publication date, with the aliases seen.",
    ),
    TableSpec(
        "article_sources",
        ArticleSourceModel,
        ("article_id", "source_id", "how"),
        None,
        "Sources each article cites: image credit, dateline or attribution in the text.",
    ),
    TableSpec(
        "article_quotes",
        ArticleQuoteModel,
        ("article_id", "char_offset"),
        None,
        "Direct quotations in each article body, with the speaker where the text names one.",
    ),
    TableSpec(
        "article_dates",
        ArticleDateModel,
        ("article_id", "char_offset"),
        None,
        "Date phrases in each article body, resolved against its publication day.",
    ),
    TableSpec(
        "conflict_events",
        ConflictEventModel,
        ("source", "event_id"),
        "year(event_date), month(event_date)",
        "Conflict events in Syria from UCDP GED or ACLED exports, placed on the gazetteer "
        "(governorate and district p-codes) with actor ids; keyed by the publisher's event id.",
    ),
    TableSpec(
        "quarantine",
        QuarantineModel,
        ("run_id", "stage", "url"),
        None,
        "Records rejected by parsing or validation, with the reasons and the raw pointer.",
    ),
    TableSpec(
        "dq_results",
        DqResultModel,
        ("run_id", "table_name", "check_name"),
        None,
        "Data-quality checks, one row per check per run.",
    ),
    TableSpec("runs", RunModel, ("run_id",), None, "One row per flow run, counts per URL state."),
)

TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
# Tables derived from `articles` by `transforms.enrich`: replaced per article on every load.
ENRICHMENT_TABLES = (
    "article_places",
    "article_actors",
    "article_sources",
    "article_quotes",
    "article_dates",
)


def duckdb_type(dtype: pl.DataType | DataTypeClass) -> str:
    """The DuckDB column type for a Polars dtype used in our models."""
    if isinstance(dtype, pl.List):
        return f"{duckdb_type(dtype.inner)}[]"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    simple = {
        pl.String: "VARCHAR",
        pl.Int32: "INTEGER",
        pl.Int64: "BIGINT",
        pl.Float64: "DOUBLE",
        pl.Boolean: "BOOLEAN",
        pl.Date: "DATE",
    }
    for polars_type, sql in simple.items():
        if dtype == polars_type:
            return sql
    raise TypeError(f"no DuckDB type mapped for {dtype!r}")


def columns_sql(model: type[pa.DataFrameModel]) -> list[tuple[str, str]]:
    """(column, DuckDB type) pairs in model order."""
    return [(name, duckdb_type(dtype)) for name, dtype in polars_schema(model).items()]


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and columns, set partitioning, and create the analyst views, in
    one transaction: one catalog commit instead of one per statement (a new warehouse took
    14 s of commits), and never half a schema."""
    con.execute("BEGIN TRANSACTION")
    try:
        _ensure_tables(con)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    existing = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    for spec in TABLES:
        cols = columns_sql(spec.model)
        if spec.name not in existing:
            body = ", ".join(f"{name} {sql_type}" for name, sql_type in cols)
            con.execute(f"CREATE TABLE {spec.name} ({body})")
            if spec.partition_by:
                con.execute(f"ALTER TABLE {spec.name} SET PARTITIONED BY ({spec.partition_by})")
            if spec.comment:
                con.execute(f"COMMENT ON TABLE {spec.name} IS '{_quote(spec.comment)}'")
            continue
        have = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM duckdb_columns() "
                "WHERE database_name = current_database() AND table_name = ?",
                [spec.name],
            ).fetchall()
        }
        for name, sql_type in cols:
            if name not in have:
                con.execute(f"ALTER TABLE {spec.name} ADD COLUMN {name} {sql_type}")
    create_views(con)


VIEWS_VERSION = "views_version"


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the analyst views from `warehouse/sql/*.sql`, in file-name order, when their
    text changed since the last time (every statement is a catalog snapshot: rewriting forty
    unchanged views on each run would bury the runs' own snapshots)."""
    sql_dir = resources.files("warehouse") / "sql"
    scripts = [
        entry.read_text(encoding="utf-8")
        for entry in sorted(sql_dir.iterdir(), key=lambda p: p.name)
        if entry.name.endswith(".sql")
    ]
    digest = hashlib.sha1("\0".join(scripts).encode()).hexdigest()
    exists = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() "
        "AND view_name = ?",
        [VIEWS_VERSION],
    ).fetchone()
    if exists and exists[0]:
        stored = con.execute(f"SELECT sha1 FROM {VIEWS_VERSION}").fetchone()
        if stored is not None and stored[0] == digest:
            return
    for script in scripts:
        con.execute(script)
    con.execute(
        f"CREATE OR REPLACE VIEW {VIEWS_VERSION} AS SELECT '{digest}' AS sha1; "
        f"COMMENT ON VIEW {VIEWS_VERSION} IS "
        "'The hash of warehouse/sql/*.sql the views were last created from.'"
    )


def _quote(text: str) -> str:
    return text.replace("'", "''")
