"""One writer at a time per warehouse: an exclusive `flock` on `<data_dir>/writer.lock`.

Every flow that writes (ingest, enrich, reparse, import, maintain) holds it for its whole run;
readers never take it (DuckLake gives them a consistent snapshot while a writer commits). A
second writer waits up to `wait` seconds, then raises `WarehouseBusyError` naming the holder
(its pid, what it is doing and since when, as it wrote them into the lock file). The kernel
releases the lock when its process ends, killed or not, so a crash never leaves a stale lock.

With the catalog in PostgreSQL (`SYRIA_ETL_CATALOG_URL`), writers on other machines share the
warehouse but not the data dir, so the writer also takes a PostgreSQL session advisory lock
(`pg_try_advisory_lock`) on the catalog's database, keyed by the catalog's schema, on a
connection of its own held for the whole run (`application_name` names the holder: pid, host,
purpose). PostgreSQL releases it when that connection ends, so a killed machine never leaves it
behind either. The file lock is taken first (one wait per machine), then the catalog's, within
the same `wait`.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

T = TypeVar("T")

LOCK_FILE = "writer.lock"
POLL_SECONDS = 0.2


class WarehouseBusyError(RuntimeError):
    """Another process is writing to the warehouse and did not finish within the wait."""


def holder(data_dir: Path) -> dict[str, object] | None:
    """What the lock file says about its last holder (pid, purpose, since), if anything."""
    try:
        text = (data_dir / LOCK_FILE).read_text(encoding="utf-8")
        found = json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


@contextmanager
def writer_lock(
    data_dir: Path, purpose: str, wait: float = 0.0, catalog_url: str | None = None
) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; wait up to `wait` seconds for it. With
    `catalog_url` (a PostgreSQL catalog), also the catalog's lock, within the same wait."""
    deadline = time.monotonic() + max(0.0, wait)
    with _file_lock(data_dir, purpose, wait):
        if catalog_url is None:
            yield
            return
        with catalog_lock(catalog_url, purpose, max(0.0, deadline - time.monotonic())):
            yield


@contextmanager
def _file_lock(data_dir: Path, purpose: str, wait: float) -> Iterator[None]:
    """The exclusive `flock` on `<data_dir>/writer.lock`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    other = holder(data_dir) or {}
                    raise WarehouseBusyError(
                        f"the warehouse at {data_dir} is being written by another process "
                        f"(pid {other.get('pid', '?')}: {other.get('purpose', 'unknown')}, "
                        f"since {other.get('since', '?')}); waited {wait:g} s. Try again when "
                        "it ends, or raise SYRIA_ETL_LOCK_WAIT."
                    ) from None
                time.sleep(POLL_SECONDS)
        note = {"pid": os.getpid(), "purpose": purpose, "since": datetime.now(UTC).isoformat()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(note).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- the catalog's lock, for writers on several machines ---------------------------------------


def advisory_key(catalog_url: str) -> int:
    """The advisory lock's 64-bit key: one per warehouse (database and `schema` option)."""
    parts = urlsplit(catalog_url) if "://" in catalog_url else None
    schema = parse_qs(parts.query).get("schema", [""])[-1] if parts else ""
    digest = hashlib.blake2b(f"syria-etl writer {schema}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _connect_args(catalog_url: str) -> dict[str, Any]:
    """asyncpg's arguments for the catalog: its URL less our `schema` option (not a server
    setting), or a libpq keyword string's words."""
    if "://" in catalog_url:
        parts = urlsplit(catalog_url)
        query = [(k, v) for k, vs in parse_qs(parts.query).items() for v in vs if k != "schema"]
        return {"dsn": urlunsplit(parts._replace(query=urlencode(query)))}
    names = {"host": "host", "port": "port", "user": "user", "password": "password",
             "dbname": "database"}  # fmt: skip
    words = dict(w.split("=", 1) for w in catalog_url.split() if "=" in w)
    return {names[k]: (int(v) if k == "port" else v) for k, v in words.items() if k in names}


class _Session:
    """One PostgreSQL connection (asyncpg) driven from synchronous code: its own event loop in
    a daemon thread, so it lives as long as the lock, whatever the caller's loop."""

    def __init__(self, catalog_url: str, application_name: str) -> None:
        import asyncpg

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="warehouse-catalog-lock", daemon=True
        )
        self._thread.start()
        try:
            args = {**_connect_args(catalog_url), "timeout": 30}
            settings = {"application_name": application_name}
            self.con = self.run(asyncpg.connect(**args, server_settings=settings))
        except BaseException:
            self._stop()
            raise

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def close(self) -> None:
        try:
            self.run(self.con.close(timeout=10))
        finally:
            self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


_HOLDER_SQL = """
SELECT a.application_name, a.backend_start
FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
    SELECT oid FROM pg_database WHERE datname = current_database()
) AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1
"""


@contextmanager
def catalog_lock(catalog_url: str, purpose: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the PostgreSQL catalog's writer lock for the block; wait up to `wait` seconds."""
    key = advisory_key(catalog_url)
    name = f"syria-etl pid {os.getpid()}@{socket.gethostname()}: {purpose}"[:63]
    session = _Session(catalog_url, name)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while not session.run(session.con.fetchval("SELECT pg_try_advisory_lock($1)", key)):
            if time.monotonic() >= deadline:
                unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
                row = session.run(
                    session.con.fetchrow(_HOLDER_SQL, unsigned >> 32, unsigned & 0xFFFF_FFFF)
                )
                who = f"{row[0]}, connected since {row[1].isoformat()}" if row else "unknown"
                raise WarehouseBusyError(
                    "the warehouse's PostgreSQL catalog is being written by another machine or "
                    f"process ({who}); waited {wait:g} s. Try again when it ends, or raise "
                    "SYRIA_ETL_LOCK_WAIT."
                )
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            session.run(session.con.fetchval("SELECT pg_advisory_unlock($1)", key))
    finally:
        session.close()
