"""One writer at a time per warehouse: an exclusive `flock` on `<data_dir>/writer.lock`.

Every flow that writes (ingest, enrich, reparse, import, maintain) holds it for its whole run;
readers never take it (DuckLake gives them a consistent snapshot while a writer commits). A
second writer waits up to `wait` seconds, then raises `WarehouseBusyError` naming the holder
(its pid, what it is doing and since when, as it wrote them into the lock file). The kernel
releases the lock when its process ends, killed or not, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

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
def writer_lock(data_dir: Path, purpose: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; wait up to `wait` seconds for it."""
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
