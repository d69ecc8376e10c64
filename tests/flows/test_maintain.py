"""Time travel to a run's snapshot, the maintenance flow, and the writer lock around flows,
on a warehouse ingested from the local site under a real Prefect API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest_flow
from flows.maintain import maintain_flow
from warehouse.catalog import connect
from warehouse.lock import WarehouseBusyError

HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'reparse aawsat run other'):\n"
    "    print('held', flush=True); time.sleep(60)\n"
)


@pytest.fixture(scope="module")
def ingested(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    data_dir = tmp_path_factory.mktemp("maintained")
    summary = ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    assert summary["status"] == "completed"
    return data_dir


def test_each_run_records_its_snapshot_and_time_travel_returns_it(ingested: Path) -> None:
    con = connect(ingested, read_only=True)
    try:
        (snapshot, loaded) = con.execute(
            "SELECT snapshot_id, loaded FROM runs WHERE flow = 'ingest'"
        ).fetchone()
        assert snapshot is not None and loaded > 0
        then = con.execute(f"SELECT count(*) FROM articles AT (VERSION => {snapshot})").fetchone()
        assert then == (loaded,)
        # Before the run's first load, the table was empty.
        first = con.execute(
            "SELECT min(snapshot_id) FROM lake.snapshots() "
            "WHERE list_contains(map_keys(changes), 'tables_inserted_into')"
        ).fetchone()[0]
        before = con.execute(f"SELECT count(*) FROM articles AT (VERSION => {first - 1})")
        assert before.fetchone() == (0,)
    finally:
        con.close()


def test_maintenance_keeps_the_data_and_expires_history(ingested: Path) -> None:
    con = connect(ingested, read_only=True)
    try:
        (old,) = con.execute("SELECT snapshot_id FROM runs WHERE flow = 'ingest'").fetchone()
        rows_before = con.execute("SELECT count(*), sum(word_count) FROM articles").fetchone()
        files_before = con.execute("SELECT count(*) FROM ducklake_list_files('lake', 'articles')")
        files_before_n = files_before.fetchone()[0]
    finally:
        con.close()
    done = maintain_flow(data_dir=str(ingested), keep_days=0, grace_hours=0)
    assert done["snapshots_expired"] > 0 and done["tables_merged"] >= 1
    con = connect(ingested, read_only=True)
    try:
        assert con.execute("SELECT count(*), sum(word_count) FROM articles").fetchone() == (
            rows_before
        )
        files_after = con.execute("SELECT count(*) FROM ducklake_list_files('lake', 'articles')")
        assert files_after.fetchone()[0] <= files_before_n
        (message,) = con.execute("SELECT message FROM runs WHERE flow = 'maintain'").fetchone()
        assert "expired" in message
        with pytest.raises(duckdb.Error):
            con.execute(f"SELECT count(*) FROM articles AT (VERSION => {old - 1})").fetchone()
    finally:
        con.close()


def test_flows_wait_for_the_writer_lock_then_fail_clearly(
    ingested: Path, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.5")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")  # both attempts meet the held lock
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ingested)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusyError, match="reparse aawsat run other"):
            ingest_flow(base_url=site_url, data_dir=str(ingested), rate_per_host=100.0)
        with pytest.raises(WarehouseBusyError, match=r"waited 0\.5 s"):
            maintain_flow(data_dir=str(ingested))
    finally:
        holder.kill()
        holder.wait()
    con = connect(ingested, read_only=True)
    try:
        # Neither flow started writing: no run row, nothing half-done.
        flows = [r[0] for r in con.execute("SELECT flow FROM runs ORDER BY 1").fetchall()]
    finally:
        con.close()
    assert flows.count("ingest") == 1


def test_the_daily_report_flow_writes_the_page_and_the_quality_artifacts(ingested: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.report import report_flow

    done = report_flow(data_dir=str(ingested), days=10_000)
    page = Path(done["report"])
    assert page.parent == ingested / "reports" and page.exists()
    html = page.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "دمشق" in html
    assert done["failed_checks"] == 0
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["dq-daily"]))
        )
    assert artifacts and "duplicate_content" in str(artifacts[0].data)
