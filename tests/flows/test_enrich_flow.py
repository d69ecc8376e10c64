"""Enrichment end to end: the ingest flow fills the five enrichment tables for the local site,
and the enrich flow rebuilds them from the stored articles alone (no network), idempotently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.enrich import enrich_flow
from flows.ingest import ingest_flow
from transforms.dictionaries import dictionary_version
from warehouse.catalog import connect
from warehouse.ddl import ENRICHMENT_TABLES

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aawsat"
JASEM = "aawsat:3807486"  # the seed article: Jasim, in the Dar'a countryside


def rows(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every enrichment row, less the run-independent version, sorted."""
    con = connect(data_dir, read_only=True)
    try:
        return {
            t: sorted(
                con.execute(f"SELECT * EXCLUDE (dictionary_version) FROM {t}").fetchall(), key=repr
            )
            for t in ENRICHMENT_TABLES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    data_dir = tmp_path_factory.mktemp("enriched")
    summary = ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    assert summary["status"] == "completed", summary
    return data_dir


def test_every_new_table_is_loaded_for_the_bundled_site(warehouse: Path) -> None:
    found = rows(warehouse)
    for table in ("article_places", "article_actors", "article_sources", "article_dates"):
        assert found[table], table
    con = connect(warehouse, read_only=True)
    try:
        versions = con.execute(
            "SELECT DISTINCT dictionary_version FROM article_places "
            "UNION SELECT DISTINCT dictionary_version FROM articles"
        ).fetchall()
        loaded = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
        enriched = {r[0] for r in con.execute("SELECT article_id FROM article_places").fetchall()}
    finally:
        con.close()
    assert versions == [(dictionary_version(),)]
    assert enriched <= loaded and len(enriched) >= len(loaded) - 2  # the stock market story


def test_the_seed_article_is_placed_in_jasim_daraa(warehouse: Path) -> None:
    con = connect(warehouse, read_only=True)
    try:
        places = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT name_ar, pcode, governorate_pcode, mentions, in_headline, implied "
                "FROM article_places WHERE article_id = ?",
                [JASEM],
            ).fetchall()
        }
        actors = {
            r[0]
            for r in con.execute(
                "SELECT actor_id FROM article_actors WHERE article_id = ?", [JASEM]
            ).fetchall()
        }
        sources = {
            r[0]
            for r in con.execute(
                "SELECT source_id FROM article_sources WHERE article_id = ?", [JASEM]
            ).fetchall()
        }
        body, offset = con.execute(
            "SELECT a.body_text, p.first_offset FROM articles a JOIN article_places p "
            "USING (article_id) WHERE article_id = ? AND p.name_ar = 'جاسم'",
            [JASEM],
        ).fetchone()
    finally:
        con.close()
    assert places["درعا"][1] == "SY12" and places["درعا"][3] is True  # `بريف درعا` headline
    assert places["جاسم"][1] == "SY12" and places["جاسم"][2] >= 5
    assert "ريف دمشق" not in places
    assert {"syrian_gov_assad", "isis"} <= actors
    assert "local_sources" in sources
    assert body[offset : offset + 4] == "جاسم"


def test_enrich_without_dictionary_change_does_nothing(warehouse: Path) -> None:
    before = rows(warehouse)
    summary = enrich_flow(data_dir=str(warehouse))
    assert summary["counts"] == {"discovered": 0}
    assert summary["message"].startswith("nothing to enrich")
    assert rows(warehouse) == before


def test_rebuild_recomputes_the_same_rows_without_duplicates(warehouse: Path) -> None:
    before = rows(warehouse)
    con = connect(warehouse, read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    summary = enrich_flow(data_dir=str(warehouse), rebuild=True)
    assert summary["status"] == "completed", summary
    assert summary["counts"]["loaded"] == articles
    assert summary["dq_failed"] == []
    assert rows(warehouse) == before


def test_stale_dictionary_rows_are_found_and_rebuilt(warehouse: Path) -> None:
    con = connect(warehouse)
    try:
        con.execute("UPDATE articles SET dictionary_version = 'old' WHERE article_id = ?", [JASEM])
        con.execute("DELETE FROM article_places WHERE article_id = ?", [JASEM])
    finally:
        con.close()
    summary = enrich_flow(data_dir=str(warehouse))
    assert summary["counts"] == {"discovered": 1, "loaded": 1}
    con = connect(warehouse, read_only=True)
    try:
        version = con.execute(
            "SELECT dictionary_version FROM articles WHERE article_id = ?", [JASEM]
        ).fetchone()[0]
        places = con.execute(
            "SELECT count(*) FROM article_places WHERE article_id = ?", [JASEM]
        ).fetchone()[0]
        checks = dict(
            con.execute(
                "SELECT check_name, status FROM dq_results WHERE run_id = ?",
                [summary["run_id"]],
            ).fetchall()
        )
    finally:
        con.close()
    assert version == dictionary_version() and places >= 3
    for name in ("place_offsets_in_body", "quotes_at_offsets", "date_phrases_at_offsets"):
        assert checks[name] == "pass"


def test_annotate_prints_what_the_flow_stores(warehouse: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    golden = json.loads((GOLDEN / "current-jasem-daraa-2022.json").read_text("utf-8"))
    text = "\n\n".join(golden["paragraphs"])
    result = CliRunner().invoke(app, ["annotate", "--published", "2022-08-11"], input=text)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    con = connect(warehouse, read_only=True)
    try:
        stored = con.execute(
            "SELECT pcode, mentions FROM article_places WHERE article_id = ? AND NOT in_headline",
            [JASEM],
        ).fetchall()
    finally:
        con.close()
    printed = {(p["pcode"], p["mentions"]) for p in out["places"]}
    assert set(stored) <= printed
    assert all(p["admin1_pcode"] == p["governorate_pcode"] for p in out["places"])
    assert any(d["resolved_date"] == "2022-08-10" for d in out["dates"])  # صباح أمس (الأربعاء)


def test_a_failed_critical_check_fails_the_run_with_its_reason(warehouse: Path) -> None:
    from flows.ingest import RunFailedError

    con = connect(warehouse)
    try:
        shifted = con.execute(
            "UPDATE article_dates SET char_offset = char_offset + 1 "
            "WHERE article_id = ? AND char_offset = (SELECT min(char_offset) FROM article_dates "
            "WHERE article_id = ?)",
            [JASEM, JASEM],
        ).fetchone()
    finally:
        con.close()
    assert shifted is not None
    with pytest.raises(RunFailedError, match=r"article_dates\.date_phrases_at_offsets observed 1"):
        enrich_flow(data_dir=str(warehouse))
    con = connect(warehouse, read_only=True)
    try:
        status, message = con.execute(
            "SELECT status, message FROM runs ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert status == "failed" and "date_phrases_at_offsets" in message
    enrich_flow(data_dir=str(warehouse), rebuild=True)  # the rebuild repairs the derived rows
