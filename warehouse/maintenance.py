"""Warehouse upkeep (`syria-etl maintain`, weekly): merge small files, expire old snapshots,
delete the files nothing references any more.

Each batch writes its own Parquet file per partition it touches, so small files pile up;
merging adjacent ones keeps scans fast. DuckLake never deletes data by itself: every commit
is a snapshot an analyst can travel back to (`AT (VERSION => n)`), so old snapshots are
expired after `keep` (time travel reaches back that far, no further), and the files only they
referenced, the files replaced by merging and the orphans of killed writers are deleted once
they are older than `grace` (a reader that started before maintenance may still scan them).

Not part of the ingest flow: merging every partition of a 20,000-article warehouse (7,700
files) raised a crawl's peak memory from under 1 GB to 2.2 GB, so it runs apart, under a DuckDB
memory limit, and under the writer lock (`warehouse.lock`): never at the same time as a load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from warehouse.catalog import CATALOG_ALIAS


@dataclass(frozen=True)
class Maintenance:
    """What one maintenance pass did."""

    tables_merged: int
    snapshots_expired: int
    files_deleted: int
    orphans_deleted: int


def compact(con: duckdb.DuckDBPyConnection) -> int:
    """Merge adjacent small Parquet files of every table; returns how many tables changed."""
    merged = con.execute(f"CALL ducklake_merge_adjacent_files('{CATALOG_ALIAS}')").fetchall()
    return len(merged)


def maintain(
    con: duckdb.DuckDBPyConnection,
    *,
    now: datetime,
    keep: timedelta,
    grace: timedelta,
    memory_limit: str = "1GB",
) -> Maintenance:
    """Merge, expire snapshots older than `keep`, delete unreferenced files older than `grace`."""
    con.execute("SET memory_limit = ?", [memory_limit])
    merged = compact(con)
    expired = con.execute(
        f"CALL ducklake_expire_snapshots('{CATALOG_ALIAS}', older_than => ?)", [now - keep]
    ).fetchall()
    deleted = con.execute(
        f"CALL ducklake_cleanup_old_files('{CATALOG_ALIAS}', older_than => ?)", [now - grace]
    ).fetchall()
    orphans = con.execute(
        f"CALL ducklake_delete_orphaned_files('{CATALOG_ALIAS}', older_than => ?)", [now - grace]
    ).fetchall()
    return Maintenance(merged, len(expired), len(deleted), len(orphans))
