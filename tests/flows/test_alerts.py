"""Alerts to a webhook: a local HTTP receiver on 127.0.0.1 stands for the team's endpoint."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from flows.alerts import WEBHOOK_ENV, record
from flows.ingest import ingest_flow
from warehouse.lock import WarehouseBusyError


class Receiver:
    """The JSON bodies POSTed to it, in order."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/syria-etl"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    hub = Receiver()
    monkeypatch.setenv(WEBHOOK_ENV, hub.url)
    yield hub
    hub.server.shutdown()


def fail(data_dir: Path, now: datetime, message: str = "volume_vs_median failed") -> Any:
    return record(
        data_dir, failed=True, flow_name="ingest", outlet="aawsat", run_id="r1",
        run_name="ingest-aawsat-2026-12-04T10:00", state="Failed", message=message, now=now,
    )  # fmt: skip


def succeed(data_dir: Path, now: datetime) -> Any:
    return record(
        data_dir, failed=False, flow_name="ingest", outlet="aawsat", run_id="r2",
        run_name="ingest-aawsat-2026-12-04T12:00", state="Completed", message=None, now=now,
    )  # fmt: skip


def test_one_alert_per_hour_while_down_then_one_recovery(
    receiver: Receiver, tmp_path: Path
) -> None:
    t0 = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    fail(tmp_path, t0)
    fail(tmp_path, t0 + timedelta(minutes=30))  # the site is still down: no second page
    fail(tmp_path, t0 + timedelta(minutes=59))
    assert [a["event"] for a in receiver.received] == ["failed"]
    fail(tmp_path, t0 + timedelta(minutes=61))
    assert [a["event"] for a in receiver.received] == ["failed", "failed"]
    assert receiver.received[1]["suppressed"] == 2  # the two quiet failures are counted
    succeed(tmp_path, t0 + timedelta(minutes=90))
    succeed(tmp_path, t0 + timedelta(minutes=120))  # a success after a success says nothing
    events = [a["event"] for a in receiver.received]
    assert events == ["failed", "failed", "recovered"]
    first = receiver.received[0]
    assert first["outlet"] == "aawsat" and first["flow"] == "ingest"
    assert first["message"] == "volume_vs_median failed"
    # Another outlet has its own quiet hour.
    record(tmp_path, failed=True, flow_name="ingest", outlet="sana", run_id="r3",
           run_name="ingest-sana", state="Failed", message="x", now=t0)  # fmt: skip
    assert receiver.received[-1]["outlet"] == "sana"


def test_an_unreachable_webhook_never_fails_and_is_retried_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WEBHOOK_ENV, "http://127.0.0.1:9/nobody-listens")
    t0 = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    fail(tmp_path, t0)
    state = json.loads((tmp_path / "alerts.json").read_text(encoding="utf-8"))
    assert state["ingest:aawsat"] == {"failing": True}  # not delivered: no quiet hour starts
    hub = Receiver()
    monkeypatch.setenv(WEBHOOK_ENV, hub.url)
    try:
        fail(tmp_path, t0 + timedelta(minutes=5))
        assert [a["event"] for a in hub.received] == ["failed"]
    finally:
        hub.server.shutdown()


def test_no_webhook_no_alert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WEBHOOK_ENV, raising=False)
    assert fail(tmp_path, datetime.now(UTC)) is None
    assert not (tmp_path / "alerts.json").exists()


HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'maintain run weekly'):\n"
    "    print('held', flush=True); time.sleep(60)\n"
)


def test_a_failed_flow_run_alerts_with_its_link_and_the_next_success_recovers(
    prefect_harness: None,
    site_url: str,
    receiver: Receiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.2")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")  # both attempts meet the held lock
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusyError):
            ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    finally:
        holder.kill()
        holder.wait()
    [alert] = receiver.received
    assert alert["event"] == "failed" and alert["outlet"] == "aawsat"
    assert alert["run_name"].startswith("ingest-aawsat-")
    assert "maintain run weekly" in alert["message"]
    assert alert["ui_url"] and alert["ui_url"].endswith(f"/runs/flow-run/{alert['run_id']}")
    summary = ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    assert summary["status"] == "completed"
    assert [a["event"] for a in receiver.received] == ["failed", "recovered"]
    assert receiver.received[1]["run_id"] == summary["run_id"]


def test_a_site_that_does_not_answer_fails_the_run_and_alerts(
    prefect_harness: None, receiver: Receiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import RunFailedError

    monkeypatch.setenv("SYRIA_ETL_MAX_RETRIES", "0")
    monkeypatch.setenv("SYRIA_ETL_BACKOFF_BASE", "0")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")  # two attempts, one alert
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(RunFailedError, match="the site did not answer"):
        ingest_flow(base_url=closed, data_dir=str(tmp_path), rate_per_host=100.0)
    [alert] = receiver.received
    assert alert["event"] == "failed" and "did not answer" in alert["message"]
