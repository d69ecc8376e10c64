"""Fixtures of the warehouse tests: an empty warehouse on disk; PostgreSQL and S3 servers of
our own on 127.0.0.1, and the `backend` parameter that runs a test on both kinds of warehouse."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.catalog import CATALOG_URL_ENV, DATA_URL_ENV, connect
from warehouse.ddl import ensure_tables


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new DuckLake warehouse under the test's temporary folder, with every table."""
    connection = connect(tmp_path / "wh")
    ensure_tables(connection)
    yield connection
    connection.close()


# --- warehouses on PostgreSQL (catalog) and S3 (data files) ------------------------------------


@dataclass
class Backend:
    """Where the test warehouses live: `local` (SQLite + files) or `postgres-s3`."""

    name: str
    fresh: Callable[[], dict[str, str]]  # the environment of a new, empty warehouse

    @staticmethod
    def use(env: dict[str, str]) -> Any:
        """A context in which this process opens the warehouse that `env` names."""
        return environment(env)

    @staticmethod
    def child_env(env: dict[str, str]) -> dict[str, str]:
        """The environment of a child process that opens the warehouse `env` names."""
        with environment(env):
            return dict(os.environ)


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """The warehouse settings of `env` in this process (catalog and data URLs, S3 keys)."""
    keys = (CATALOG_URL_ENV, DATA_URL_ENV, *S3_ENV)
    saved = {k: os.environ.get(k) for k in keys}
    for k in keys:
        os.environ.pop(k, None)
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


S3_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL", "AWS_REGION")


@pytest.fixture(scope="session", params=["local", "postgres-s3"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each test that takes it runs on both warehouses: local, and PostgreSQL + S3."""
    if request.param == "local":
        return Backend("local", dict)
    new_database: Callable[[], str] = request.getfixturevalue("new_postgres_database")
    s3: str = request.getfixturevalue("s3_endpoint")

    def fresh() -> dict[str, str]:
        url = new_database()
        return {
            CATALOG_URL_ENV: url,
            DATA_URL_ENV: f"s3://lake/{url.rsplit('/', 1)[1]}/",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_ENDPOINT_URL": s3,
            "AWS_REGION": "us-east-1",
        }

    return Backend("postgres-s3", fresh)
