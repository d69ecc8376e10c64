"""Idempotent loaders. One batch is one DuckLake transaction: the raw-page index, articles and
their versions, the URL frontier and the quarantine all commit together or not at all, so a
kill at any point leaves the warehouse as it was before the batch, and a rerun loads the same
rows again without duplicates (keys: see `warehouse.ddl.TABLES`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import polars as pl

from schemas.validate import polars_schema
from warehouse.ddl import ENRICHMENT_TABLES, TABLES_BY_NAME


@dataclass
class Batch:
    """Frames to load together, each already shaped by its model in `schemas/`."""

    raw_pages: pl.DataFrame | None = None
    url_state: pl.DataFrame | None = None
    articles: pl.DataFrame | None = None
    article_versions: pl.DataFrame | None = None
    quarantine: pl.DataFrame | None = None
    # Enrichment rows by table; they replace the rows of the articles in `enriched_ids`.
    enrichment: dict[str, pl.DataFrame] | None = None
    enriched_ids: list[str] | None = None


@dataclass
class LoadCounts:
    """Rows written per table by one batch."""

    raw_pages: int = 0
    articles_inserted: int = 0
    articles_updated: int = 0
    versions: int = 0
    url_state: int = 0
    quarantine: int = 0
    enrichment: int = 0


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT, with ROLLBACK on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def validate_batch(batch: Batch) -> None:
    """Validate every frame of a batch by its table's model (lazy: all failures at once).

    Rows of articles and their enrichment were split into valid and quarantined upstream; the
    operational frames (`raw_pages`, `url_state`, `article_versions`, `quarantine`) are made by
    the pipeline itself, so a failure here is a bug: it raises before anything is written.
    """
    for table in ("raw_pages", "url_state", "article_versions", "quarantine"):
        frame = _rows(getattr(batch, table))
        if frame is not None:
            TABLES_BY_NAME[table].model.validate(frame, lazy=True)


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadCounts:
    """Validate and load one batch atomically; safe to repeat."""
    validate_batch(batch)
    counts = LoadCounts()
    with transaction(con):
        if (raw_pages := _rows(batch.raw_pages)) is not None:
            counts.raw_pages = append_new(con, "raw_pages", raw_pages)
        # Versions and enrichment rows exist only for stored articles (they commit together),
        # so a batch of articles the warehouse has never seen is plain inserts: no MERGE, no
        # closing UPDATE, no DELETE, each of which scans the whole table (1 s a statement at a
        # million articles).
        known = stored_ids(con, batch)
        if (articles := _rows(batch.articles)) is not None:
            counts.articles_inserted, counts.articles_updated = upsert_articles(
                con, articles, unseen=not known
            )
        if (versions := _rows(batch.article_versions)) is not None:
            counts.versions = record_versions(con, versions, unseen=not known)
        if (url_state := _rows(batch.url_state)) is not None:
            counts.url_state = upsert(con, "url_state", url_state)
        if batch.enriched_ids:
            counts.enrichment = replace_enrichment(
                con, batch.enriched_ids, batch.enrichment or {}, stored=known
            )
        if (quarantine := _rows(batch.quarantine)) is not None:
            counts.quarantine = append_new(con, "quarantine", quarantine)
    return counts


def stored_ids(con: duckdb.DuckDBPyConnection, batch: Batch) -> list[str]:
    """The ids of the batch's articles (and enriched articles) already in `articles`."""
    ids: set[str] = set(batch.enriched_ids or ())
    if (articles := _rows(batch.articles)) is not None:
        ids.update(articles.get_column("article_id").to_list())
    if not ids:
        return []
    con.register(
        "batch_ids", pl.DataFrame({"article_id": sorted(ids)}, schema={"article_id": pl.Utf8})
    )
    try:
        rows = con.execute(
            "SELECT article_id FROM articles SEMI JOIN batch_ids USING (article_id)"
        ).fetchall()
    finally:
        con.unregister("batch_ids")
    return [r[0] for r in rows]


def replace_enrichment(
    con: duckdb.DuckDBPyConnection,
    article_ids: list[str],
    tables: dict[str, pl.DataFrame],
    stored: list[str] | None = None,
) -> int:
    """Replace the enrichment rows of these articles (derived data: the new rows win).

    `stored`: those of them already in the warehouse (the others have no rows to delete);
    None: all of them may have rows.
    """
    doomed = article_ids if stored is None else stored
    con.register(
        "enriched_ids", pl.DataFrame({"article_id": doomed}, schema={"article_id": pl.Utf8})
    )
    written = 0
    try:
        for table in ENRICHMENT_TABLES:
            if doomed:
                con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM enriched_ids)"
                )
            frame = tables.get(table)
            if frame is None or frame.is_empty():
                continue
            incoming = conform(table, frame)
            con.register("incoming", incoming.to_arrow())
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            finally:
                con.unregister("incoming")
            written += incoming.height
    finally:
        con.unregister("enriched_ids")
    return written


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with exactly the table's columns, in model order and model dtypes."""
    schema = polars_schema(TABLES_BY_NAME[table].model)
    return frame.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])


def append_new(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert rows whose key is not in the table yet; returns rows inserted."""
    spec = TABLES_BY_NAME[table]
    incoming = conform(table, frame).unique(subset=list(spec.key), keep="last")
    con.register("incoming", incoming.to_arrow())
    try:
        on = " AND ".join(f"t.{k} IS NOT DISTINCT FROM s.{k}" for k in spec.key)
        before = _count(con, table)
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT s.* FROM incoming s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})"
        )
        return _count(con, table) - before
    finally:
        con.unregister("incoming")


def upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """MERGE rows by the table's key (update all columns, else insert); returns rows given."""
    spec = TABLES_BY_NAME[table]
    incoming = conform(table, frame).unique(subset=list(spec.key), keep="last")
    con.register("incoming", incoming.to_arrow())
    try:
        on = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
        con.execute(
            f"MERGE INTO {table} t USING incoming s ON {on} "
            "WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT"
        )
        return incoming.height
    finally:
        con.unregister("incoming")


def upsert_articles(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, *, unseen: bool = False
) -> tuple[int, int]:
    """Insert new articles; replace one whose content, parser or dictionaries changed.

    `unseen`: the caller knows none of them is stored yet (plain insert)."""
    incoming = conform("articles", frame).unique(subset=["article_id"], keep="last")
    con.register("incoming", incoming.to_arrow())
    try:
        if unseen:
            con.execute("INSERT INTO articles BY NAME SELECT * FROM incoming")
            return incoming.height, 0
        new, changed = con.execute(
            """
            SELECT count(*) FILTER (WHERE t.article_id IS NULL),
                   count(*) FILTER (WHERE t.article_id IS NOT NULL AND (
                       t.content_sha1 <> s.content_sha1 OR t.parser_version <> s.parser_version
                       OR t.dictionary_version IS DISTINCT FROM s.dictionary_version
                       OR t.published_date IS NULL))
            FROM incoming s LEFT JOIN articles t USING (article_id)
            """
        ).fetchone() or (0, 0)
        con.execute(
            """
            MERGE INTO articles t USING incoming s ON t.article_id = s.article_id
            WHEN MATCHED AND (t.content_sha1 <> s.content_sha1
                              OR t.parser_version <> s.parser_version
                              OR t.dictionary_version IS DISTINCT FROM s.dictionary_version
                              OR t.published_date IS NULL) THEN UPDATE
            WHEN NOT MATCHED THEN INSERT
            """
        )
        return int(new), int(changed)
    finally:
        con.unregister("incoming")


def record_versions(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, *, unseen: bool = False
) -> int:
    """Open a version for each new (article, content) pair and close the one it replaces.

    `unseen`: the caller knows none of the articles is stored yet (nothing to close)."""
    incoming = conform("article_versions", frame).unique(
        subset=["article_id", "content_sha1"], keep="first"
    )
    if unseen:
        con.register("incoming", incoming.to_arrow())
        try:
            con.execute("INSERT INTO article_versions BY NAME SELECT * FROM incoming")
        finally:
            con.unregister("incoming")
        return incoming.height
    con.register("incoming", incoming.to_arrow())
    try:
        fresh = con.execute(
            """
            SELECT s.* FROM incoming s
            WHERE NOT EXISTS (SELECT 1 FROM article_versions v
                              WHERE v.article_id = s.article_id
                                AND v.content_sha1 = s.content_sha1)
            """
        ).pl()
    finally:
        con.unregister("incoming")
    if fresh.is_empty():
        return 0
    con.register("fresh", fresh.to_arrow())
    try:
        con.execute(
            """
            UPDATE article_versions SET valid_to = fresh.valid_from
            FROM fresh
            WHERE article_versions.article_id = fresh.article_id
              AND article_versions.valid_to IS NULL
            """
        )
        con.execute("INSERT INTO article_versions BY NAME SELECT * FROM fresh")
    finally:
        con.unregister("fresh")
    return fresh.height


def url_states(con: duckdb.DuckDBPyConnection, urls: list[str]) -> pl.DataFrame:
    """The `url_state` rows of these URLs (a join: a long list as a parameter is slow)."""
    con.register("wanted_urls", pl.DataFrame({"url": urls}, schema={"url": pl.Utf8}))
    try:
        return con.execute("SELECT s.* FROM url_state s SEMI JOIN wanted_urls USING (url)").pl()
    finally:
        con.unregister("wanted_urls")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _rows(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    """The frame when it has rows, else None."""
    return frame if frame is not None and frame.height > 0 else None
