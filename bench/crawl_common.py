"""Shared plumbing of the crawl benchmarks (`bench/crawl_*.py`): a quiet, throw-away Prefect
API, the local site in a child process (so its CPU and memory are not the crawler's), and a
peak-RSS sampler.

Import this module before anything imports Prefect: it sets Prefect's environment.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="syria-etl-bench-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

from localsite.server import LoggedRequest, make_server


@contextmanager
def prefect_api() -> Iterator[None]:
    """A throw-away Prefect API on a temporary database (startup is not timed)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A fresh directory for a benchmark's warehouse, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _serve(conn: Connection, options: dict[str, Any]) -> None:
    """Child process: serve the site; answer `mark` / `since` / `stop` on the pipe."""
    server = make_server(**options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    conn.send(server.url)
    while True:
        command, arg = conn.recv()
        if command == "mark":
            conn.send(server.request_log.mark())
        elif command == "since":
            conn.send(server.request_log.since(arg))
        else:
            server.stopping.set()
            server.shutdown()
            server.server_close()
            conn.send(None)
            return


class SiteProcess:
    """The local site served by a child process; its request log is read over a pipe."""

    def __init__(self, **options: Any) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, options), daemon=True)
        self._proc.start()
        self.url: str = self._conn.recv()

    def mark(self) -> int:
        """A position in the request log."""
        self._conn.send(("mark", None))
        return int(self._conn.recv())

    def since(self, mark: int) -> list[LoggedRequest]:
        """The requests the site saw after `mark`."""
        self._conn.send(("since", mark))
        entries: list[LoggedRequest] = self._conn.recv()
        return entries

    def stop(self) -> None:
        """Shut the site down and wait for the child."""
        if self._proc.is_alive():
            self._conn.send(("stop", None))
            self._conn.recv()
        self._proc.join(timeout=10)


@contextmanager
def site_process(**options: Any) -> Iterator[SiteProcess]:
    """`make_server(**options)` in a child process for the duration of the block."""
    site = SiteProcess(**options)
    try:
        yield site
    finally:
        site.stop()


class PeakRss:
    """Samples this process's resident set size every `interval` seconds in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.peak_at = 0.0  # seconds since start when the peak was sampled
        self.samples = 0
        self.timeline: list[tuple[float, int]] = []  # (seconds since start, RSS), 1 per second
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            rss = self._process.memory_info().rss
            elapsed = time.monotonic() - start
            if rss > self.peak:
                self.peak, self.peak_at = rss, elapsed
            self.samples += 1
            if not self.timeline or elapsed - self.timeline[-1][0] >= 1.0:
                self.timeline.append((elapsed, rss))
            self._stop.wait(self.interval)

    def at_fraction(self, fraction: float) -> int:
        """The RSS sampled closest to `fraction` of the way through."""
        if not self.timeline:
            return 0
        end = self.timeline[-1][0]
        return min(self.timeline, key=lambda s: abs(s[0] - fraction * end))[1]

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def max_rss_bytes() -> int:
    """The kernel's high-water mark of this process's RSS (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """`fn(*args, **kwargs)` and its wall time in seconds."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
