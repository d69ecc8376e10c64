"""Crash safety and concurrency of the warehouse, with real processes, on both kinds of
warehouse (`backend`: SQLite + local files, PostgreSQL + S3): a writer killed with SIGKILL at
random moments, then rerun, gives exactly the tables of an uninterrupted run; readers polling
during a load see only whole batches; one writer at a time."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from warehouse.catalog import connect
from warehouse.lock import WarehouseBusyError, writer_lock
from warehouse.report import table_checksums

LOADER = Path(__file__).with_name("crash_loader.py")
BATCHES, PER_BATCH = 3, 8
TRIALS = {"local": 10, "postgres-s3": 4}

# Per table, the rows a rerun must reproduce: sorted keys and content (run-specific WARC
# offsets and load instants excluded).
CHECKSUMS = {
    "articles": ("article_id", "content_sha1, is_syria, published_date, word_count"),
    "article_versions": ("article_id, content_sha1", "valid_from, valid_to IS NULL"),
    "raw_pages": ("url, fetched_at", "status, content_length"),
    "url_state": ("url", "state, reason, attempts"),
    "quarantine": ("url, stage", "reason"),
    "article_places": ("article_id, pcode", "mentions, implied, first_offset"),
    "article_actors": ("article_id, actor_id", "mentions, alias_seen"),
    "article_sources": ("article_id, source_id, how", "mentions"),
    "article_quotes": ("article_id, char_offset", "speaker, quote"),
    "article_dates": ("article_id, char_offset", "phrase, resolved_date"),
}


def loader(backend: Any, data_dir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """The writer, on the warehouse that `env` names."""
    child = backend.child_env(env)
    return subprocess.Popen(
        [sys.executable, str(LOADER), str(data_dir), str(BATCHES), str(PER_BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child,
    )


def checksums(backend: Any, data_dir: Path, env: dict[str, str]) -> dict[str, tuple[int, str]]:
    """(rows, md5 of the sorted rows) per table."""
    with backend.use(env):
        con = connect(data_dir, read_only=True)
    try:
        return table_checksums(con, CHECKSUMS)
    finally:
        con.close()


def assert_consistent(backend: Any, data_dir: Path, env: dict[str, str]) -> bool:
    """What any committed state satisfies: whole batches, one open version per article,
    enrichment only of stored articles. False when the kill came before the schema existed."""
    try:
        with backend.use(env):
            con = connect(data_dir, read_only=True)
    except FileNotFoundError:
        return False  # killed before the warehouse existed
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "articles" not in tables:
            return False  # killed before the schema committed: nothing half-made is visible
        articles, open_versions, orphans = con.execute(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM article_versions WHERE valid_to IS NULL), "
            "(SELECT count(*) FROM article_places p WHERE NOT EXISTS "
            " (SELECT 1 FROM articles a WHERE a.article_id = p.article_id))"
        ).fetchone()
    finally:
        con.close()
    assert articles % PER_BATCH == 0, f"{articles} articles: part of a batch is visible"
    assert open_versions == articles
    assert orphans == 0
    return True


@pytest.fixture(scope="module")
def reference(
    backend: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, tuple[int, str]], float]:
    """The checksums of an uninterrupted run, and how long it took."""
    data_dir, env = tmp_path_factory.mktemp("reference"), backend.fresh()
    started = time.monotonic()
    proc = loader(backend, data_dir, env)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return checksums(backend, data_dir, env), time.monotonic() - started


def test_the_reference_run_loads_every_table(
    reference: tuple[dict[str, tuple[int, str]], float],
) -> None:
    sums, _ = reference
    assert sums["articles"][0] == BATCHES * PER_BATCH
    assert sums["article_versions"][0] == BATCHES * PER_BATCH
    for table in ("raw_pages", "url_state", "article_places", "article_actors", "article_dates"):
        assert sums[table][0] > 0, table


def test_a_load_killed_at_random_moments_then_rerun_equals_an_uninterrupted_one(
    backend: Any, reference: tuple[dict[str, tuple[int, str]], float], tmp_path: Path
) -> None:
    sums, duration = reference
    rng = random.Random(20261204)
    killed_with_rows = 0
    for trial in range(TRIALS[backend.name]):
        data_dir, env = tmp_path / f"trial-{trial}", backend.fresh()
        proc = loader(backend, data_dir, env)
        time.sleep(rng.uniform(0.25, 0.95) * duration)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        if assert_consistent(backend, data_dir, env):
            killed_with_rows += checksums(backend, data_dir, env)["articles"][0] > 0
        rerun = loader(backend, data_dir, env)
        _, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, f"trial {trial}: {err}"
        assert checksums(backend, data_dir, env) == sums, (
            f"trial {trial} differs from the reference"
        )
    # Kills landed inside the loading, not only before it started.
    assert killed_with_rows >= 2


def test_readers_polling_during_a_load_see_whole_batches(backend: Any, tmp_path: Path) -> None:
    data_dir, env = tmp_path / "wh", backend.fresh()
    proc = loader(backend, data_dir, env)
    seen: list[int] = []
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if (data_dir / "schema-ready").exists():
            try:
                with backend.use(env):
                    con = connect(data_dir, read_only=True)
            except Exception as exc:  # must not happen: reported as a failure
                pytest.fail(f"a reader could not open the warehouse during a load: {exc}")
            try:
                articles, versions = con.execute(
                    "SELECT (SELECT count(*) FROM articles), "
                    "(SELECT count(*) FROM article_versions)"
                ).fetchone()
                assert articles == versions and articles % PER_BATCH == 0
                seen.append(articles)
            finally:
                con.close()
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert seen == sorted(seen), "a reader saw the warehouse go back"
    assert len(set(seen)) >= 2, f"the readers saw only {sorted(set(seen))}"


HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'ingest aawsat run test-holder'):\n"
    "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
)


def hold(data_dir: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_waits_then_says_who_holds_the_warehouse(tmp_path: Path) -> None:
    holder = hold(tmp_path, 60)
    try:
        started = time.monotonic()
        with (
            pytest.raises(WarehouseBusyError, match=rf"pid {holder.pid}: ingest aawsat run"),
            writer_lock(tmp_path, "second", wait=0.6),
        ):
            pass
        assert time.monotonic() - started >= 0.6
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    # The kernel released the killed holder's lock: no stale lock to clean up.
    started = time.monotonic()
    with writer_lock(tmp_path, "third", wait=5):
        assert time.monotonic() - started < 1


def test_a_waiting_writer_gets_the_lock_when_the_holder_ends(tmp_path: Path) -> None:
    holder = hold(tmp_path, 1.0)
    started = time.monotonic()
    with writer_lock(tmp_path, "patient", wait=30):
        waited = time.monotonic() - started
    holder.wait()
    assert 0.3 < waited < 30
