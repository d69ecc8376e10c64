"""Alerts: a JSON POST to a webhook (`SYRIA_ETL_ALERT_WEBHOOK`) when a flow run fails or
crashes (a failed critical data-quality check fails the run, so it alerts too), and a recovery
notice when a run of the same flow and outlet succeeds after failures.

Attached to the flows as Prefect state hooks (`on_failure`, `on_crashed`, `on_completion`).
A site that stays down does not page someone every 30 minutes: at most one failure alert per
flow and outlet per hour (`SYRIA_ETL_ALERT_EVERY`, seconds); the suppressed ones are counted
in the next alert. The state (failing or not, last alert, suppressed count) is kept in
`<data dir>/alerts.json`. Sending never fails the run: an unreachable webhook is logged.

The payload: `event` (`failed` or `recovered`), `flow`, `outlet`, `run_name`, `run_id`,
`state`, `message` (the failure, with the failed checks), `ui_url` (the run in the Prefect UI,
from `PREFECT_UI_URL`, else the API's origin), `suppressed` (failures not alerted since the
last alert), `at` (UTC).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from flows.settings import Settings

WEBHOOK_ENV = "SYRIA_ETL_ALERT_WEBHOOK"
EVERY_ENV = "SYRIA_ETL_ALERT_EVERY"
STATE_FILE = "alerts.json"
log = logging.getLogger("syria_etl.alerts")


def run_link(run_id: str) -> str | None:
    """The run's page in the Prefect UI, when the UI's address is known."""
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    base = PREFECT_UI_URL.value()
    if not base and (api := PREFECT_API_URL.value()):
        base = api.removesuffix("/").removesuffix("/api")
    return f"{base.rstrip('/')}/runs/flow-run/{run_id}" if base else None


def _key(flow_name: str, outlet: str | None) -> str:
    return f"{flow_name}:{outlet or '-'}"


def _load(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(path: Path, data: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _post(url: str, payload: dict[str, Any]) -> bool:
    try:
        httpx.post(url, json=payload, timeout=10.0).raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("alert to %s not delivered: %s", url, exc)
        return False
    return True


def record(
    data_dir: Path,
    *,
    failed: bool,
    flow_name: str,
    outlet: str | None,
    run_id: str,
    run_name: str,
    state: str,
    message: str | None,
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """Update the alert state for a run that ended; the payload sent, or None when nothing was
    due (a success after a success, or a failure inside the quiet hour)."""
    url = os.environ.get(WEBHOOK_ENV)
    if not url:
        return None
    now = now or datetime.now(UTC)
    every = timedelta(seconds=float(os.environ.get(EVERY_ENV, "3600")))
    path = data_dir / STATE_FILE
    states = _load(path)
    key = _key(flow_name, outlet)
    entry = states.get(key, {})
    payload: dict[str, Any] | None = None
    base = {
        "flow": flow_name,
        "outlet": outlet,
        "run_id": run_id,
        "run_name": run_name,
        "state": state,
        "message": message,
        "ui_url": run_link(run_id),
        "at": now.isoformat(),
    }
    if failed:
        last = entry.get("last_alert")
        quiet = last is not None and now - datetime.fromisoformat(last) < every
        if quiet:
            entry["suppressed"] = int(entry.get("suppressed", 0)) + 1
        else:
            payload = {"event": "failed", **base, "suppressed": int(entry.get("suppressed", 0))}
            if _post(url, payload):
                entry.update(last_alert=now.isoformat(), suppressed=0)
        entry["failing"] = True
    elif entry.get("failing"):
        payload = {"event": "recovered", **base, "suppressed": int(entry.get("suppressed", 0))}
        if _post(url, payload):
            entry = {"failing": False}
    states[key] = entry
    _save(path, states)
    return payload


def _data_dir(parameters: dict[str, Any]) -> Path:
    given = parameters.get("data_dir")
    return Path(given) if given else Settings.from_env().data_dir


def _hook(failed: bool) -> Any:
    def hook(flow: Any, flow_run: Any, state: Any) -> None:
        parameters = dict(flow_run.parameters or {})
        try:
            record(
                _data_dir(parameters),
                failed=failed,
                flow_name=flow.name,
                outlet=parameters.get("source"),
                run_id=str(flow_run.id),
                run_name=flow_run.name,
                state=state.name,
                message=state.message,
            )
        except Exception:  # an alert must never fail the run it reports on
            log.exception("alert hook failed")

    return hook


on_failure = _hook(failed=True)
on_success = _hook(failed=False)
# `@flow(..., **alerts.HOOKS)`: every flow that can fail on its own alerts and recovers.
HOOKS: dict[str, Any] = {
    "on_failure": [on_failure],
    "on_crashed": [on_failure],
    "on_completion": [on_success],
}
