"""Open the DuckLake warehouse: a catalog (metadata) and Parquet data files.

By default both live under one data directory: `catalog.sqlite` (DuckLake metadata in SQLite)
and `lake/` (Parquet files, `main/<table>/year=…/month=…/`). A SQLite catalog lets one loading
process and any number of analyst read processes use the warehouse at the same time.

Two settings move them (read from the environment by `Location.of`, so every flow, command and
test uses the same warehouse):

* `SYRIA_ETL_CATALOG_URL`: the catalog in PostgreSQL, as `postgresql://user:pass@host:port/db`
  (or a libpq string `dbname=db host=…`); `?schema=name` keeps it in that schema, so that one
  database can hold several warehouses. Machines that share the catalog share the warehouse.
* `SYRIA_ETL_DATA_URL`: the data files in S3-compatible storage, as `s3://bucket/prefix/`.
  Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
  the region from `AWS_REGION` (default us-east-1), and another endpoint than AWS (MinIO, moto,
  Ceph…) from `AWS_ENDPOINT_URL` (`http://…` turns TLS off; path-style addressing).

The data directory stays local in every case: WARC archives, the writer lock, caches.

Extensions are loaded from the PyPI packages `duckdb-extension-*` (works offline); when a
package is missing, a plain `INSTALL`/`LOAD` is tried (works on a machine with internet).
PostgreSQL needs `duckdb-extension-postgres-scanner` (the `duckdb-extension-postgres` file has
the wrong entry point, `postgres_duckdb_cpp_init`), S3 `duckdb-extension-httpfs`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb

from warehouse.lock import writer_lock

CATALOG_ALIAS = "lake"
CATALOG_FILE = "catalog.sqlite"
DATA_SUBDIR = "lake"

_EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "fts": "duckdb_extension_fts",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
    "httpfs": "duckdb_extension_httpfs",
}
CATALOG_URL_ENV = "SYRIA_ETL_CATALOG_URL"
DATA_URL_ENV = "SYRIA_ETL_DATA_URL"


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


@dataclass(frozen=True)
class Location:
    """Where a warehouse's catalog and data files are (see the module docstring)."""

    data_dir: Path
    catalog_url: str | None = None
    data_url: str | None = None

    @classmethod
    def of(cls, data_dir: Path) -> Location:
        """The warehouse of `data_dir`, with the catalog and data URLs of the environment."""
        return cls(
            data_dir,
            os.environ.get(CATALOG_URL_ENV) or None,
            os.environ.get(DATA_URL_ENV) or None,
        )

    @property
    def catalog(self) -> str:
        """The DuckLake catalog spec: `sqlite:/abs/catalog.sqlite` or `postgres:<libpq>`."""
        if self.catalog_url is None:
            return "sqlite:" + (self.data_dir / CATALOG_FILE).resolve().as_posix()
        return "postgres:" + postgres_conninfo(self.catalog_url)[0]

    @property
    def metadata_schema(self) -> str | None:
        """The PostgreSQL schema of the catalog, when the URL names one."""
        return postgres_conninfo(self.catalog_url)[1] if self.catalog_url else None

    @property
    def data_path(self) -> str:
        """Where the Parquet files go, ending with a slash."""
        if self.data_url is None:
            return (self.data_dir / DATA_SUBDIR).resolve().as_posix() + "/"
        return self.data_url.rstrip("/") + "/"

    def extensions(self) -> list[str]:
        """The extensions this location needs, in load order."""
        names = ["postgres_scanner" if self.catalog_url else "sqlite_scanner"]
        if self.data_url is not None and "://" in self.data_url:
            names.append("httpfs")
        return [*names, "ducklake"]

    def exists(self) -> bool:
        """Whether a catalog is there to open read-only (a PostgreSQL catalog is assumed)."""
        return self.catalog_url is not None or (self.data_dir / CATALOG_FILE).exists()


def postgres_conninfo(url: str) -> tuple[str, str | None]:
    """A libpq keyword string and the `schema` option from a `postgresql://` URL (a keyword
    string is returned as it is)."""
    if "://" not in url:
        return url, None
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    schema = query.pop("schema", None)
    words = {
        "dbname": unquote(parts.path.lstrip("/")) or None,
        "host": parts.hostname,
        "port": str(parts.port) if parts.port else None,
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        **query,
    }
    return " ".join(f"{k}={v}" for k, v in words.items() if v), schema


def _quote(text: str) -> str:
    return text.replace("'", "''")


def s3_secret_sql(location: Location) -> str | None:
    """`CREATE SECRET` for S3-compatible storage from the AWS_* variables, or None."""
    if location.data_url is None or not location.data_url.startswith(("s3://", "s3a://")):
        return None
    key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not (key and secret):
        return None
    options = {
        "TYPE": "S3",
        "KEY_ID": key,
        "SECRET": secret,
        "REGION": os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1",
    }
    if token := os.environ.get("AWS_SESSION_TOKEN"):
        options["SESSION_TOKEN"] = token
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    parts = []
    if endpoint:
        ends = urlsplit(endpoint if "://" in endpoint else "https://" + endpoint)
        options["ENDPOINT"] = ends.netloc
        options["URL_STYLE"] = "path"
        parts.append(f"USE_SSL {'true' if ends.scheme == 'https' else 'false'}")
    body = ", ".join(
        [f"{k} '{_quote(v)}'" if k != "TYPE" else f"TYPE {v}" for k, v in options.items()] + parts
    )
    return f"CREATE OR REPLACE SECRET syria_etl_s3 ({body})"


def attach_sql(data_dir: Path, *, read_only: bool = False, alias: str = CATALOG_ALIAS) -> str:
    """The ATTACH statement for the warehouse of `data_dir` (also usable from the CLI)."""
    location = Location.of(data_dir)
    options = [f"DATA_PATH '{_quote(location.data_path)}'"]
    if location.metadata_schema:
        options.append(f"METADATA_SCHEMA '{_quote(location.metadata_schema)}'")
    if read_only:
        options.append("READ_ONLY")
    else:
        # Small batches would otherwise be inlined into the catalog instead of written as
        # Parquet files in year=/month= partitions.
        options.append("DATA_INLINING_ROW_LIMIT 0")
    return f"ATTACH 'ducklake:{_quote(location.catalog)}' AS {alias} ({', '.join(options)})"


def session_sql(data_dir: Path, *, read_only: bool = False) -> list[str]:
    """Every statement that opens the warehouse in a fresh DuckDB session (Python or CLI)."""
    location = Location.of(data_dir)
    statements = [
        "SET TimeZone = 'UTC'",
        # The cache of Parquet file contents grows with the warehouse (seen: 236 MB at 20,000
        # articles) and makes the post-load checks the memory peak of a crawl.
        "SET enable_external_file_cache = false",
    ]
    for name in location.extensions():
        path = extension_path(name)
        statements += [f"LOAD '{path.as_posix()}'"] if path else [f"INSTALL {name}", f"LOAD {name}"]
    if (secret := s3_secret_sql(location)) is not None:
        statements.append(secret)
    statements += [attach_sql(data_dir, read_only=read_only), f"USE {CATALOG_ALIAS}"]
    return statements


def connect(data_dir: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the warehouse attached as `lake` and selected by USE."""
    location = Location.of(data_dir)
    if read_only and not location.exists():
        raise FileNotFoundError(
            f"no warehouse at {data_dir} (expected {CATALOG_FILE}); run `syria-etl ingest` first"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    if location.data_url is None:
        (data_dir / DATA_SUBDIR).mkdir(exist_ok=True)
    con = duckdb.connect()
    try:
        for statement in session_sql(data_dir, read_only=read_only):
            con.execute(statement)
    except duckdb.InvalidInputException as exc:
        con.close()
        if read_only and "does not exist" in str(exc):
            raise FileNotFoundError(
                f"no warehouse in {location.catalog_url} yet; run `syria-etl ingest` first"
            ) from exc
        raise
    return con


@contextmanager
def writing(data_dir: Path, purpose: str, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse open for writing by this process alone: the writer lock (waiting up to
    `wait` seconds, see `warehouse.lock`; with a PostgreSQL catalog, its lock too, for writers
    on other machines) held until the connection is closed."""
    with writer_lock(data_dir, purpose, wait, Location.of(data_dir).catalog_url):
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
