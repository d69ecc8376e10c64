"""Open the DuckLake warehouse: a SQLite catalog plus Parquet files under one data directory.

Layout under `data_dir`: `catalog.sqlite` (DuckLake metadata) and `lake/` (Parquet files,
`main/<table>/year=…/month=…/`). A SQLite catalog lets one loading process and any number of
analyst read processes use the warehouse at the same time.

Extensions are loaded from the PyPI packages `duckdb-extension-*` (works offline); when a
package is missing, a plain `INSTALL`/`LOAD` is tried (works on a machine with internet).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.lock import writer_lock

CATALOG_ALIAS = "lake"
CATALOG_FILE = "catalog.sqlite"
DATA_SUBDIR = "lake"

_EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "fts": "duckdb_extension_fts",
}


def extension_path(name: str) -> Path | None:
    """Path of the extension file shipped by its PyPI package for this DuckDB version."""
    try:
        module = importlib.import_module(_EXTENSION_PACKAGES[name])
    except ImportError:
        return None
    root = Path(module.__file__ or "").parent / "extensions"
    wanted = root / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if wanted.exists():
        return wanted
    found = sorted(root.glob(f"v*/{name}.duckdb_extension"))
    return found[-1] if found else None


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load an extension from its PyPI package, else install it from the DuckDB repository."""
    path = extension_path(name)
    if path is not None:
        con.execute(f"LOAD '{path.as_posix()}'")
        return
    con.execute(f"INSTALL {name}")
    con.execute(f"LOAD {name}")


def attach_sql(data_dir: Path, *, read_only: bool = False, alias: str = CATALOG_ALIAS) -> str:
    """The ATTACH statement for the warehouse under `data_dir` (also usable from the CLI)."""
    catalog = (data_dir / CATALOG_FILE).resolve().as_posix()
    files = (data_dir / DATA_SUBDIR).resolve().as_posix() + "/"
    options = [f"DATA_PATH '{files}'"]
    if read_only:
        options.append("READ_ONLY")
    else:
        # Small batches would otherwise be inlined into the catalog instead of written as
        # Parquet files in year=/month= partitions.
        options.append("DATA_INLINING_ROW_LIMIT 0")
    return f"ATTACH 'ducklake:sqlite:{catalog}' AS {alias} ({', '.join(options)})"


def connect(data_dir: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the warehouse attached as `lake` and selected by USE."""
    if read_only and not (data_dir / CATALOG_FILE).exists():
        raise FileNotFoundError(
            f"no warehouse at {data_dir} (expected {CATALOG_FILE}); run `syria-etl ingest` first"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / DATA_SUBDIR).mkdir(exist_ok=True)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    # The cache of Parquet file contents grows with the warehouse (seen: 236 MB at 20,000
    # articles) and makes the post-load checks the memory peak of a crawl.
    con.execute("SET enable_external_file_cache = false")
    load_extension(con, "sqlite_scanner")
    load_extension(con, "ducklake")
    con.execute(attach_sql(data_dir, read_only=read_only))
    con.execute(f"USE {CATALOG_ALIAS}")
    return con


@contextmanager
def writing(data_dir: Path, purpose: str, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse open for writing by this process alone: the writer lock (waiting up to
    `wait` seconds, see `warehouse.lock`) held until the connection is closed."""
    with writer_lock(data_dir, purpose, wait):
        con = connect(data_dir)
        try:
            yield con
        finally:
            con.close()


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The id of the warehouse's latest committed snapshot (what `AT (VERSION => id)` takes)."""
    row = con.execute(f"FROM ducklake_current_snapshot('{CATALOG_ALIAS}')").fetchone()
    assert row is not None
    return int(row[0])
