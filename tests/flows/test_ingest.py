"""The ingest flow end to end under a real Prefect API, against the local site on 127.0.0.1,
into a DuckLake warehouse on disk."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flows.ingest import ingest_flow
from warehouse.catalog import connect

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aawsat"
TABLES = ("articles", "article_versions", "url_state", "quarantine")


def golden() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]


def snapshot(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a rerun must leave alone (run-specific columns excluded)."""
    con = connect(data_dir, read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT article_id, content_sha1, published_at, headline FROM articles ORDER BY 1"
            ).fetchall(),
            "article_versions": con.execute(
                "SELECT article_id, content_sha1, valid_to FROM article_versions ORDER BY 1, 2"
            ).fetchall(),
            "url_state": con.execute(
                "SELECT url, state, reason FROM url_state ORDER BY 1"
            ).fetchall(),
            "quarantine": con.execute(
                "SELECT url, stage, reason FROM quarantine ORDER BY 1"
            ).fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def first_run(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("warehouse")
    summary = ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    return data_dir, summary


def test_run_loads_every_article_once_into_partitions(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    data_dir, summary = first_run
    expected_loaded = [g for g in golden() if g["expected_state"] == "loaded"]
    assert summary["status"] == "completed"
    assert summary["counts"]["loaded"] == len(expected_loaded) >= 8
    con = connect(data_dir, read_only=True)
    try:
        total, distinct = con.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM articles"
        ).fetchone()
        assert total == distinct == len(expected_loaded)
        loaded = dict(con.execute("SELECT article_id, headline FROM articles").fetchall())
    finally:
        con.close()
    assert loaded == {g["article_id"]: g["headline"] for g in expected_loaded}
    partitions = {
        p.parent.relative_to(data_dir / "lake" / "main" / "articles").as_posix()
        for p in (data_dir / "lake" / "main" / "articles").rglob("*.parquet")
    }
    years_months = {g["published_at"][:7] for g in expected_loaded}
    assert partitions == {f"year={ym[:4]}/month={int(ym[5:])}" for ym in years_months}


def test_page_without_body_is_quarantined_and_the_run_succeeds(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    data_dir, summary = first_run
    bodiless = [g for g in golden() if g["expected_reason"] == "no_body"]
    assert bodiless, "the local site must have a page without a body"
    con = connect(data_dir, read_only=True)
    try:
        rows = con.execute(
            "SELECT article_id, stage, reason, warc_file FROM quarantine ORDER BY 1"
        ).fetchall()
        states = dict(con.execute("SELECT article_id, state FROM url_state").fetchall())
    finally:
        con.close()
    assert [(r[0], r[1]) for r in rows] == sorted((g["article_id"], "parse") for g in bodiless)
    assert all(r[2].startswith("no_body") and r[3] for r in rows)
    assert all(states[g["article_id"]] == "quarantined" for g in bodiless)
    assert summary["counts"]["quarantined"] == len(bodiless)


def test_counts_reconcile_and_checks_pass(first_run: tuple[Path, dict[str, Any]]) -> None:
    data_dir, summary = first_run
    counts = summary["counts"]
    outcomes = ("loaded", "unchanged", "quarantined", "failed", "gone", "skipped", "deferred")
    assert sum(counts.get(k, 0) for k in outcomes) == counts["discovered"]
    assert counts.get("skipped", 0) >= 1  # the sitemap lists a section page, not an article
    assert summary["dq_failed"] == []
    con = connect(data_dir, read_only=True)
    try:
        raw = con.execute("SELECT count(*), count(DISTINCT warc_file) FROM raw_pages").fetchone()
        run_rows = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    finally:
        con.close()
    assert raw[0] >= counts["fetched"] and raw[1] >= 2
    assert run_rows == 1


def test_every_analyst_view_answers_on_the_ingested_site(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    data_dir, _ = first_run
    con = connect(data_dir, read_only=True)
    try:
        views = [
            name
            for (name,) in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal "
                "AND database_name = current_database() ORDER BY 1"
            ).fetchall()
        ]
        counts = {v: con.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in views}
        comments = dict(
            con.execute(
                "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal "
                "AND database_name = current_database()"
            ).fetchall()
        )
    finally:
        con.close()
    questions = {
        "daily_attention", "weekly_by_section", "top_places", "place_heatmap",
        "article_geo_focus", "top_actors", "actor_pairs", "actor_places", "sources_cited",
        "bylines", "datelines", "quote_speakers", "attention_spikes", "revisions", "data_quality",
    }  # fmt: skip
    assert questions <= set(views)
    assert all(comments[v] for v in views), "every view says what it answers"
    # The bundled site has places, actors, sources, quotes and bylines; no article changed
    # and no day stands out yet.
    empty = {v for v in questions if counts[v] == 0}
    assert empty <= {"revisions", "attention_spikes"}


README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_readme_query_prints_what_the_readme_shows(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    """The README's example queries (a ```sql block followed by its output block) give, on a
    warehouse ingested from the bundled site (what `make demo` loads), exactly the CSV shown."""
    import io
    import re

    from warehouse.shell import export, run_script

    examples = re.findall(r"```sql\n([^`]*?)```\n```\n([^`]*?)```", README.read_text("utf-8"))
    assert len(examples) >= 13
    data_dir, _ = first_run
    con = connect(data_dir, read_only=True)
    try:
        for sql, shown in examples:
            frame = run_script(con, sql)
            assert frame is not None, sql
            out = io.StringIO()
            export(frame, "csv", None, out)
            assert out.getvalue() == shown, f"README example differs:\n{sql}\n{out.getvalue()}"
    finally:
        con.close()


def test_the_run_is_named_after_the_outlet_and_its_slot(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    from prefect.client.orchestration import get_client

    _, summary = first_run
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(summary["run_id"])
    assert re.fullmatch(r"ingest-aawsat-\d{4}-\d\d-\d\dT\d\d:\d\d", run.name), run.name


def test_dq_artifact_is_published(first_run: tuple[Path, dict[str, Any]]) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["dq-ingest"]))
        )
    assert artifacts and artifacts[0].type == "table"
    assert "duplicate_article_ids" in str(artifacts[0].data)


def test_second_run_fetches_nothing_and_changes_nothing(
    first_run: tuple[Path, dict[str, Any]], site_url: str
) -> None:
    data_dir, _ = first_run
    before = snapshot(data_dir)
    summary = ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    assert summary["counts"].get("fetched", 0) == 0
    assert summary["message"].startswith("nothing new")
    assert snapshot(data_dir) == before


def test_a_killed_run_leaves_a_consistent_warehouse_and_a_rerun_finishes(
    prefect_harness: None, site_url: str, tmp_path: Path
) -> None:
    """SIGKILL an ingest mid-run; the warehouse still opens, and a rerun ends like a clean run."""
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "SYRIA_ETL_BATCH_SIZE": "2",
    }
    cmd = [
        sys.executable,
        "-m",
        "flows.cli",
        "ingest",
        "--base-url",
        site_url,
        "--data-dir",
        str(tmp_path),
        "--rate",
        "4",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _has_articles(tmp_path):
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _has_articles(tmp_path), "the run was killed before it loaded anything"
    partial = snapshot(tmp_path)
    assert len(partial["articles"]) < len([g for g in golden() if g["expected_state"] == "loaded"])

    ingest_flow(base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0)
    after = snapshot(tmp_path)
    clean_dir = tmp_path / "clean"
    ingest_flow(base_url=site_url, data_dir=str(clean_dir), rate_per_host=100.0)
    clean = snapshot(clean_dir)
    assert [r[:2] for r in after["articles"]] == [r[:2] for r in clean["articles"]]
    assert after["url_state"] == clean["url_state"]
    assert after["quarantine"] == clean["quarantine"]


def _has_articles(data_dir: Path) -> bool:
    lake = data_dir / "lake" / "main" / "articles"
    return lake.exists() and any(lake.rglob("*.parquet"))


def test_query_command_prints_csv_and_json(first_run: tuple[Path, dict[str, Any]]) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    data_dir, summary = first_run
    runner = CliRunner()
    sql = "select count(*) as n, count(distinct article_id) as ids from articles"
    csv_out = runner.invoke(app, ["query", sql, "--format", "csv", "--data-dir", str(data_dir)])
    assert csv_out.exit_code == 0, csv_out.output
    n = summary["counts"]["loaded"]
    assert csv_out.output.splitlines() == ["n,ids", f"{n},{n}"]
    headline_sql = "select headline from articles where article_id = 'aawsat:5087364'"
    json_out = runner.invoke(
        app, ["query", headline_sql, "--format", "json", "--data-dir", str(data_dir)]
    )
    assert json.loads(json_out.output) == [
        {"headline": "طائرات سورية وروسية تقصف شمال غربي سوريا الخاضع لسيطرة المعارضة"}
    ]
    bad = runner.invoke(app, ["query", "select * from no_such_table", "--data-dir", str(data_dir)])
    assert bad.exit_code == 1 and "no_such_table" in bad.output


def test_query_is_read_only(first_run: tuple[Path, dict[str, Any]]) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    data_dir, _ = first_run
    out = CliRunner().invoke(app, ["query", "delete from articles", "--data-dir", str(data_dir)])
    assert out.exit_code == 1
    con = connect(data_dir, read_only=True)
    try:
        assert con.execute("select count(*) from articles").fetchone()[0] > 0
    finally:
        con.close()


def test_second_run_asks_for_discovery_pages_conditionally(
    first_run: tuple[Path, dict[str, Any]],
) -> None:
    from localsite.server import serving_site

    data_dir, _ = first_run
    with serving_site() as site:
        ingest_flow(base_url=site.url, data_dir=str(data_dir), rate_per_host=100.0)
        log = site.request_log.entries()
    assert log, "the run made no request"
    unconditional = [e.decoded_path for e in log if not e.conditional]
    assert unconditional == [], unconditional
