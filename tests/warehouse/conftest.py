"""Fixtures of the warehouse tests: an empty warehouse on disk; PostgreSQL and S3 servers of
our own on 127.0.0.1, and the `backend` parameter that runs a test on both kinds of warehouse."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} is missing: `make system-deps` installs Debian's postgresql"
        )
    return found[-1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private PostgreSQL cluster on 127.0.0.1 for the session (trust auth, user postgres)."""
    # Not under pytest's temporary folder: as root, the server runs as `postgres`, which cannot
    # enter /tmp/pytest-of-root.
    root = Path(tempfile.mkdtemp(prefix="syria-etl-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(
        [*as_user, _postgres_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "-E", "UTF8"],
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-o", options, "-l",
         str(root / "log"), "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A local S3 (moto's server) on 127.0.0.1 with the bucket `lake`."""
    import boto3

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="test",
            aws_secret_access_key="test", region_name="us-east-1",
        ).create_bucket(Bucket="lake")  # fmt: skip
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session", params=["local", "postgres-s3"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Backend:
    """Each test that takes it runs on both warehouses: local, and PostgreSQL + S3."""
    if request.param == "local":
        return Backend("local", dict)
    pg: str = request.getfixturevalue("postgres_url")
    s3: str = request.getfixturevalue("s3_endpoint")
    made = itertools.count()

    def fresh() -> dict[str, str]:
        name = f"wh_{os.getpid()}_{next(made)}"
        port = pg.rsplit(":", 1)[1]
        subprocess.run(
            [_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", port, "-U", "postgres", name],
            check=True, capture_output=True,
        )  # fmt: skip
        return {
            CATALOG_URL_ENV: f"{pg}/{name}",
            DATA_URL_ENV: f"s3://lake/{name}/",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_ENDPOINT_URL": s3,
            "AWS_REGION": "us-east-1",
        }

    return Backend("postgres-s3", fresh)
