"""Rebuilding from raw bytes: reparse from our archive, import WARC files made elsewhere,
and a date-bounded backfill."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.ingest import ingest_flow
from flows.reparse import import_warc_flow, reparse_flow
from sources import aawsat
from warehouse.catalog import connect

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aawsat"


def rows(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    con = connect(data_dir, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def ingested(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    data_dir = tmp_path_factory.mktemp("source-warehouse")
    ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    return data_dir


def test_reparse_with_a_new_parser_version_replaces_rows_without_network(
    ingested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(ingested, "SELECT article_id, content_sha1 FROM articles ORDER BY 1")
    monkeypatch.setattr(aawsat, "PARSER_VERSION", "aawsat-test-next")
    summary = reparse_flow(data_dir=str(ingested))
    after = rows(ingested, "SELECT article_id, content_sha1 FROM articles ORDER BY 1")
    versions = rows(ingested, "SELECT DISTINCT parser_version FROM articles")
    assert after == before
    assert versions == [("aawsat-test-next",)]
    assert summary["counts"]["loaded"] == len(before)
    assert summary["counts"]["quarantined"] >= 1  # the page without a body, again
    assert rows(ingested, "SELECT count(*) FROM article_versions")[0][0] == len(before)


def test_import_warc_rebuilds_the_same_articles_elsewhere(ingested: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in (ingested / "warc").rglob("*.warc.gz"))
    summary = import_warc_flow(files=files, data_dir=str(tmp_path))
    sql = "SELECT article_id, content_sha1, published_at FROM articles ORDER BY 1"
    assert rows(tmp_path, sql) == rows(ingested, sql)
    assert summary["counts"]["skipped"] >= 1  # robots.txt, sitemaps, listings: not articles
    assert rows(tmp_path, "SELECT DISTINCT discovered_via FROM url_state") == [("warc_import",)]


def test_backfill_keeps_sitemap_entries_inside_the_dates(
    prefect_harness: None, site_url: str, tmp_path: Path
) -> None:
    ingest_flow(
        base_url=site_url, data_dir=str(tmp_path), rate_per_host=100.0,
        since="2023-01-01", until="2024-01-01", max_listing_pages=10,
    )  # fmt: skip
    golden = [json.loads(p.read_text(encoding="utf-8")) for p in GOLDEN.glob("*.json")]
    loaded = {r[0] for r in rows(tmp_path, "SELECT article_id FROM articles")}
    in_2023 = {g["article_id"] for g in golden if g["published_at"].startswith("2023")}
    assert in_2023 <= loaded
    sitemap_only_old = {g["article_id"] for g in golden if g["path"].startswith("/home/article/")
                        and g["published_at"] < "2022-01-01"}  # fmt: skip
    assert sitemap_only_old and not (sitemap_only_old & loaded)
