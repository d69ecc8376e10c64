"""Writers on several machines share a PostgreSQL catalog: the writer lock also takes the
catalog's advisory lock, against a real PostgreSQL cluster on 127.0.0.1. Each "machine" here has
its own data dir (so its own file lock); the catalog is the same."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from warehouse.catalog import writing
from warehouse.lock import WarehouseBusyError, advisory_key, catalog_lock, writer_lock

# Holds the writer lock of data dir argv[1] with the catalog argv[2], as a flow on another
# machine would, until it is killed.
HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'ingest aawsat run 7', catalog_url=sys.argv[2]):\n"
    "    print('held', flush=True); time.sleep(600)\n"
)


@pytest.fixture
def catalog(new_postgres_database: Callable[[], str]) -> str:
    return new_postgres_database() + "?schema=lake"


def test_a_writer_on_another_machine_waits_then_says_who_holds_the_catalog(
    catalog: str, tmp_path: Path
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "machine-a"), catalog],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with (
            pytest.raises(WarehouseBusyError) as busy,
            writer_lock(tmp_path / "machine-b", "maintain weekly", 0.6, catalog),
        ):
            pytest.fail("two writers held one catalog")
        assert time.monotonic() - started >= 0.6
        message = str(busy.value)
        assert "PostgreSQL catalog" in message and "ingest aawsat run 7" in message
        assert f"pid {holder.pid}@" in message
        # The holder is killed (a machine lost): PostgreSQL ends its session and its lock.
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        with writer_lock(tmp_path / "machine-b", "maintain weekly", 10.0, catalog):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_a_waiting_writer_gets_the_catalog_when_the_holder_ends(
    catalog: str, tmp_path: Path
) -> None:
    order: list[str] = []
    release = threading.Event()

    def first() -> None:
        with catalog_lock(catalog, "ingest sana"):
            order.append("first holds")
            release.wait(10)
            order.append("first ends")

    thread = threading.Thread(target=first)
    thread.start()
    while not order:
        time.sleep(0.05)
    threading.Timer(0.5, release.set).start()
    with writer_lock(tmp_path / "machine-b", "reparse aawsat", 10.0, catalog):
        order.append("second holds")
    thread.join()
    assert order == ["first holds", "first ends", "second holds"]


def test_each_warehouse_of_a_database_has_its_own_lock(
    new_postgres_database: Callable[[], str], tmp_path: Path
) -> None:
    database = new_postgres_database()
    lake, other = f"{database}?schema=lake", f"{database}?schema=other_lake"
    assert advisory_key(lake) != advisory_key(other)
    assert advisory_key(lake) == advisory_key(new_postgres_database() + "?schema=lake")
    with (
        catalog_lock(lake, "ingest aawsat"),
        catalog_lock(other, "ingest aawsat"),  # another warehouse: not held
        pytest.raises(WarehouseBusyError),
        catalog_lock(lake, "maintain"),
    ):
        pytest.fail("two writers held one catalog")


def test_flows_take_the_catalog_lock_through_writing(
    catalog: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str
) -> None:
    monkeypatch.setenv("SYRIA_ETL_CATALOG_URL", catalog)
    monkeypatch.setenv("SYRIA_ETL_DATA_URL", "s3://lake/catalog-lock-test/")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    with (
        catalog_lock(catalog, "ingest aawsat on machine a"),
        pytest.raises(WarehouseBusyError, match="ingest aawsat on machine a"),
        writing(tmp_path / "machine-b", "ingest sana", 0.3),
    ):
        pytest.fail("a flow wrote while another machine held the catalog")
    with writing(tmp_path / "machine-b", "ingest sana", 5.0) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)


def test_an_unreachable_catalog_fails_as_infrastructure(tmp_path: Path) -> None:
    from flows.retry import is_infrastructure_error

    with socket.socket() as s:  # a port of 127.0.0.1 nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"postgresql://postgres@127.0.0.1:{s.getsockname()[1]}/nothing"
    with pytest.raises(OSError) as failed, writer_lock(tmp_path, "ingest aawsat", 0.0, url):
        pytest.fail("locked a catalog nobody serves")
    assert is_infrastructure_error(failed.value)  # the flow tries once more (flows.retry)
