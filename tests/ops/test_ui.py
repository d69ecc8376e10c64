"""The Prefect UI as a person sees it, in Debian's chromium (Playwright, no downloaded browser).

`flows.ui.prefect_stack` (what `make ui` runs) starts a real `prefect server start` on a free
port with its database on PostgreSQL, and `syria-etl serve` against the local site. One ingest
completes; a second fails because another process holds the warehouse's writer lock
(`SYRIA_ETL_LOCK_WAIT=0.2`). The browser starts at the UI's root like a person would (the
server sends it to the V2 UI), walks to the deployments, the ingest deployment and its schedule,
the completed run's logs, task runs and `dq-ingest` artifact, and the failed run's message;
then it opens the link `make ui` prints. Every page is saved as a screenshot under tmp_path.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.ui import Stack, prefect_stack

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("SYRIA_ETL_CHROMIUM", "/usr/bin/chromium")
WAIT_MS = 45_000  # the UI is a single-page app on a busy machine: wait for text, not sleeps
HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'maintain run weekly'):\n"
    "    print('held', flush=True); time.sleep(120)\n"
)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_to_end(stack: Stack) -> dict[str, Any]:
    """Trigger `ingest-aawsat` and wait for its final state. A scheduled slot (:00 or :30) that
    started first makes the concurrency limit cancel ours: then trigger once more."""
    for _ in range(2):
        run = stack.wait(stack.trigger("ingest/ingest-aawsat"), timeout=240)
        if run["state_type"] != "CANCELLED":
            return run
    return run


@pytest.fixture(scope="module")
def database(new_postgres_database: Callable[[], str]) -> str:
    """An empty PostgreSQL database for the Prefect server (`postgresql://…`)."""
    return new_postgres_database()


@pytest.fixture(scope="module")
def stack(
    site_url: str, database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """The server on PostgreSQL (prefect_env adds the asyncpg driver) and the deployments
    served against the local site."""
    home = tmp_path_factory.mktemp("prefect-home")
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_DATABASE_CONNECTION_URL": database,
        "SYRIA_ETL_LOCK_WAIT": "0.2",
        "SYRIA_ETL_RATE_PER_HOST": "50",
    }
    data_dir = tmp_path_factory.mktemp("ui") / "data"
    started = time.monotonic()
    with prefect_stack(free_port(), site_url, data_dir, env=env) as running:
        print(f"server and deployments up in {time.monotonic() - started:.1f} s")
        yield running


@pytest.fixture(scope="module")
def runs(stack: Stack) -> dict[str, dict[str, Any]]:
    """One completed ingest, then one that fails on a warehouse held by another writer."""
    started = time.monotonic()
    completed = run_to_end(stack)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(stack.data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        failed = run_to_end(stack)
    finally:
        holder.kill()
        holder.wait()
    print(f"two runs in {time.monotonic() - started:.1f} s")
    return {"completed": completed, "failed": failed}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (no downloaded browser); fails if missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: `make system-deps` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


def flow_runs_in(database: str) -> dict[str, str]:
    """Flow-run id → state name, read from the PostgreSQL database itself."""
    import asyncpg

    async def read() -> dict[str, str]:
        con = await asyncpg.connect(database)
        try:
            rows = await con.fetch("SELECT id, state_name FROM flow_run")
        finally:
            await con.close()
        return {str(r["id"]): r["state_name"] for r in rows}

    return asyncio.run(read())


def test_the_runs_end_as_expected_and_live_in_postgresql(
    stack: Stack, runs: dict[str, dict[str, Any]], database: str
) -> None:
    done, failed = runs["completed"], runs["failed"]
    in_postgres = flow_runs_in(database)
    assert in_postgres[done["id"]] == "Completed"
    assert in_postgres[failed["id"]] == "Failed"
    assert httpx.get(f"{stack.api_url}/health", timeout=10).json() is True
    assert done["state_name"] == "Completed", done["state"]
    assert re.fullmatch(r"ingest-aawsat-\d{4}-\d\d-\d\dT\d\d:\d\d", done["name"])
    assert failed["state_name"] == "Failed", failed["state"]
    assert "being written by another process" in failed["state"]["message"]


def test_the_ui_in_chromium(
    stack: Stack, runs: dict[str, dict[str, Any]], browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    done, failed = runs["completed"], runs["failed"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(WAIT_MS)
    shots: list[Path] = []
    started = time.monotonic()

    def shot(name: str) -> None:
        path = tmp_path / f"{len(shots) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)
        print(f"screenshot: {path}")

    # The root sends a person to the V2 UI's dashboard; the sidebar leads to the deployments.
    page.goto(stack.ui_url)
    expect(page).to_have_url(re.compile(r"/v2/dashboard"))
    page.get_by_role("link", name="Deployments", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/v2/deployments"))

    def deployment(name: str) -> Any:
        """The link to a deployment's page (not the link to its flow, which may share a name)."""
        return page.locator('a[href*="/deployments/deployment/"]').filter(
            has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")
        )

    ingest = deployment("ingest-aawsat")
    expect(ingest).to_be_visible()
    row = page.locator("tr", has=ingest)
    expect(row).to_contain_text("Ready")
    expect(row).to_contain_text("1 schedule")
    expect(page.locator("tr", has_text="dq-report")).to_contain_text("At 05:15 AM")
    for name in ("backfill-aawsat", "reparse-aawsat", "maintain", "import-warc", "enrich"):
        expect(deployment(name)).to_be_visible()
    shot("deployments")

    # The deployment: its schedule in words, its concurrency limit, the completed run.
    ingest.click()
    expect(page.get_by_text("Every 30 minutes", exact=True)).to_be_visible()
    details = page.locator("body")
    expect(details).to_contain_text(re.compile(r"Concurrency Limit\s*1"))
    expect(details).to_contain_text("flows/ingest.py:ingest_flow")
    expect(page.get_by_text(done["name"], exact=True).first).to_be_visible()
    shot("deployment-ingest-aawsat")

    # The completed run, from the deployment's list of runs: state, logs with the counts.
    # Both runs may share a name (the same minute): the completed one is found by its link.
    done_link = f'a[href*="/runs/flow-run/{done["id"]}"]'
    page.locator(done_link).filter(has_text=done["name"]).click()
    expect(page).to_have_url(re.compile(rf"/v2/runs/flow-run/{done['id']}"))
    header = page.locator("body")
    expect(header).to_contain_text(done["name"])
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^discovered \d+ URLs from \d+ responses$"))
    ).to_be_visible()
    loaded = re.compile(r"^loaded LoadCounts\(raw_pages=\d+, articles_inserted=[1-9]")
    expect(page.get_by_text(loaded).first).to_be_visible()
    expect(page.get_by_text("Finished in state Completed()").last).to_be_visible()
    shot("run-completed-logs")

    # Its task runs: every stage, all completed.
    page.get_by_role("tab", name="Task Runs").click()
    for task in ("discover", "plan", "fetch", "archive-parse-clean-validate", "load",
                 "check-and-report"):  # fmt: skip
        expect(page.get_by_text(re.compile(rf"^{task}-[0-9a-f]{{3}}$")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\((\d+) Completed\)$"))).to_be_visible()
    summary = page.get_by_text(re.compile(r"^\d+ Task runs?$")).first.inner_text()
    completed = page.get_by_text(re.compile(r"^\(\d+ Completed\)$")).inner_text()
    assert summary.split()[0] == completed.strip("()").split()[0], (summary, completed)
    shot("run-completed-task-runs")

    # Its artifacts, then the data-quality table itself.
    page.get_by_role("tab", name="Artifacts").click()
    expect(page.get_by_text("ingest-counts", exact=True)).to_be_visible()
    page.get_by_text("dq-ingest", exact=True).click()
    expect(page).to_have_url(re.compile(r"/v2/artifacts/artifact/"))
    table = page.locator("table").first
    for column in ("table_name", "check_name", "status", "observed", "threshold", "detail"):
        expect(table.locator("th", has_text=column).first).to_be_visible()
    check = table.locator("tr", has_text="duplicate_article_ids")
    expect(check).to_contain_text("articles")
    expect(check).to_contain_text("pass")
    expect(page.get_by_text(f"Data-quality checks of ingest run {done['id']}")).to_be_visible()
    shot("artifact-dq-ingest")

    # The failed run: its state and the message naming the other writer.
    page.goto(f"{stack.ui_url}/v2/runs/flow-run/{failed['id']}")
    expect(page.locator("body")).to_contain_text(failed["name"])
    expect(page.get_by_text("Failed", exact=True).first).to_be_visible()
    message = page.get_by_text(re.compile(r"WarehouseBusyError\('the warehouse at .* is being "
                                          r"written by another process \(pid \d+: maintain run "
                                          r"weekly"))  # fmt: skip
    expect(message.first).to_be_visible()
    expect(page.get_by_text("ERROR", exact=True).first).to_be_visible()
    shot("run-failed")

    # The link `make ui` prints (and Prefect's own logs): the run opens there too.
    page.goto(stack.run_url(done["id"]))
    expect(page.locator("body")).to_contain_text(done["name"])
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^discovered \d+ URLs")).first).to_be_visible()
    shot("printed-link")

    print(f"browser walk in {time.monotonic() - started:.1f} s")
    assert all(p.stat().st_size > 10_000 for p in shots)
    page.close()
