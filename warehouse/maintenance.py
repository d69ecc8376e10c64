"""Warehouse upkeep: each batch writes its own Parquet file per partition it touches, so small
files pile up; merging adjacent ones keeps scans (and the post-load checks) fast."""

from __future__ import annotations

import duckdb

from warehouse.catalog import CATALOG_ALIAS


def compact(con: duckdb.DuckDBPyConnection) -> int:
    """Merge adjacent small Parquet files of every table; returns how many tables changed."""
    merged = con.execute(f"CALL ducklake_merge_adjacent_files('{CATALOG_ALIAS}')").fetchall()
    return len(merged)
