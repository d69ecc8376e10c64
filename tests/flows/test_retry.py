"""Writing flows try once more after an infrastructure error and never after bad data, against
a real Prefect API, the local site, a warehouse on disk and a local webhook receiver."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.alerts import WEBHOOK_ENV
from flows.ingest import LayoutChangedError, SiteUnreachableError, ingest_flow
from flows.maintain import maintain_flow
from flows.retry import is_infrastructure_error
from warehouse.catalog import connect
from warehouse.lock import WarehouseBusyError

# Holds the warehouse's writer lock for argv[2] seconds, as another flow would.
HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'maintain run weekly'):\n"
    "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
)


@pytest.fixture
def alerts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The alerts POSTed to a webhook on 127.0.0.1, in order."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv(WEBHOOK_ENV, f"http://127.0.0.1:{server.server_address[1]}/hook")
    yield received
    server.shutdown()


def runs(data_dir: Path) -> list[tuple[str, str, str]]:
    con = connect(data_dir, read_only=True)
    try:
        sql = "SELECT run_id, flow, status FROM runs ORDER BY started_at"
        return [(r[0], r[1], r[2]) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def hold_lock(data_dir: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_writer_holding_the_warehouse_past_the_wait_gets_a_second_attempt(
    prefect_harness: None,
    site_url: str,
    tmp_path: Path,
    alerts: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Attempt 1 waits 0.5 s for the lock and fails; attempt 2 starts 4 s later, after the other
    # writer (holding it for 2 s) has finished.
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.5")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "4")
    holder = hold_lock(tmp_path, 2)
    try:
        summary = ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    finally:
        holder.kill()
        holder.wait()
    assert summary["status"] == "completed" and summary["counts"]["loaded"] > 0
    assert summary["run_id"].endswith("-2")
    # Attempt 1 never got the lock: it wrote nothing, and nobody was paged.
    assert runs(tmp_path) == [(summary["run_id"], "ingest", "completed")]
    assert alerts == []


def test_maintain_too_gets_a_second_attempt_after_the_lock_is_released(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.3")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "3")
    holder = hold_lock(tmp_path, 1.5)
    try:
        done = maintain_flow(data_dir=str(tmp_path))
    finally:
        holder.kill()
        holder.wait()
    assert done["run_id"].endswith("-2")
    assert runs(tmp_path) == [(done["run_id"], "maintain", "completed")]


def test_a_lock_held_through_both_attempts_fails_with_one_alert(
    prefect_harness: None,
    site_url: str,
    tmp_path: Path,
    alerts: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.3")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0.5")
    holder = hold_lock(tmp_path, 60)
    try:
        with pytest.raises(WarehouseBusyError, match="maintain run weekly"):
            ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    finally:
        holder.kill()
        holder.wait()
    [alert] = alerts
    assert alert["event"] == "failed" and "maintain run weekly" in alert["message"]


def test_a_site_that_stays_down_fails_after_two_attempts_with_a_row_each_and_one_alert(
    prefect_harness: None,
    tmp_path: Path,
    alerts: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")
    monkeypatch.setenv("SYRIA_ETL_MAX_RETRIES", "0")
    with pytest.raises(SiteUnreachableError, match="the site did not answer"):
        ingest_flow(base_url="http://127.0.0.1:9", data_dir=str(tmp_path), rate_per_host=100.0)
    [(first, _, s1), (second, _, s2)] = runs(tmp_path)
    assert second == f"{first}-2" and s1 == s2 == "failed"
    [alert] = alerts
    assert alert["event"] == "failed" and alert["run_id"] == first  # the Prefect run's id
    assert "the site did not answer" in alert["message"]


def test_bad_data_gets_exactly_one_attempt(
    prefect_harness: None,
    site_url: str,
    tmp_path: Path,
    alerts: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every page fails the layout check: a failure of the data, not of the infrastructure.
    monkeypatch.setenv("SYRIA_ETL_LAYOUT_CHANGE_THRESHOLD", "-1")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")
    with pytest.raises(LayoutChangedError):
        ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    [(run_id, _, status)] = runs(tmp_path)
    assert status == "failed" and not run_id.endswith("-2")
    assert [a["event"] for a in alerts] == ["failed"]


def test_which_errors_are_infrastructure() -> None:
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    def raised_from(cause: BaseException) -> BaseException:
        try:
            try:
                raise cause
            except BaseException as exc:
                raise RuntimeError("while loading") from exc
        except RuntimeError as outer:
            return outer

    assert is_infrastructure_error(ConnectionRefusedError(111, "refused"))
    assert is_infrastructure_error(TimeoutError("read timed out"))
    assert is_infrastructure_error(WarehouseBusyError("held by pid 12"))
    assert is_infrastructure_error(duckdb.IOException("could not open file"))
    assert is_infrastructure_error(duckdb.HTTPException("s3 503"))
    assert is_infrastructure_error(raised_from(duckdb.IOException("s3 503")))
    assert is_infrastructure_error(SiteUnreachableError("the site did not answer"))
    lost = KilledWorker("process-batch", None, 3)  # type: ignore[arg-type]
    assert is_infrastructure_error(lost)
    assert is_infrastructure_error(CommClosedError("in <TCP (closed)>: Stream is closed"))
    assert not is_infrastructure_error(FileNotFoundError("no such WARC file"))
    assert not is_infrastructure_error(PermissionError("read-only"))
    assert not is_infrastructure_error(raised_from(FileNotFoundError("السجل غير موجود")))
    assert not is_infrastructure_error(LayoutChangedError("the site's layout changed"))
    assert not is_infrastructure_error(ValueError("unknown source 'x'"))
    assert not is_infrastructure_error(duckdb.ConstraintException("duplicate key"))


def test_the_wrapped_flow_functions_still_pickle() -> None:
    # Dask workers receive the run's context, the flow's function pickled by value with it.
    import cloudpickle

    from flows.reparse import import_warc_flow, reparse_flow

    for flow in (ingest_flow, maintain_flow, reparse_flow, import_warc_flow):
        again = cloudpickle.loads(cloudpickle.dumps(flow.fn))
        assert again.__wrapped__.__name__ == flow.fn.__wrapped__.__name__
