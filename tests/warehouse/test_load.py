"""The DuckLake warehouse on disk: DDL from the models, idempotent loads, versions, atomicity."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from schemas import ArticleModel
from schemas.validate import polars_schema
from transforms.articles import versions_frame
from warehouse.catalog import connect
from warehouse.ddl import TABLES, ensure_tables
from warehouse.load import Batch, load_batch

BODY = " ".join(["شهدت مدينة جاسم في ريف درعا الشمالي استنفاراً أمنياً لقوات النظام السوري."] * 5)


def article(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": "aawsat:3706836",
        "site": "aawsat",
        "url": "https://aawsat.com/العالم-العربي/المشرق-العربي/3706836-النظام-السوري",
        "canonical_url": None,
        "article_type": "news",
        "section": "العالم العربي",
        "subsection": "المشرق العربي",
        "headline": "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا",
        "subheadline": None,
        "byline": "رياض الزين (درعا)",
        "author": "رياض الزين",
        "dateline": "درعا",
        "published_at": datetime(2022, 5, 26, 9, 30, tzinfo=UTC),
        "published_date": date(2022, 5, 26),
        "updated_at": None,
        "published_hijri": "25 شوال 1443",
        "body_text": BODY,
        "paragraphs": [BODY],
        "word_count": 60,
        "lead_image_url": None,
        "image_caption": None,
        "image_credit": None,
        "tags": ["سوريا"],
        "related_ids": [],
        "layout": "current",
        "parser_version": "test-1",
        "content_sha1": hashlib.sha1(BODY.encode()).hexdigest(),
        "syria_relevance": 0.9,
        "is_syria": True,
        "dictionary_version": "test",
        "fetched_at": datetime(2022, 5, 26, 12, 0, tzinfo=UTC),
        "run_id": "run-1",
    }
    row.update(overrides)
    return row


def articles_frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return ArticleModel.validate(pl.DataFrame(list(rows), schema=polars_schema(ArticleModel)))


def versions_of(frame: pl.DataFrame) -> pl.DataFrame:
    return versions_frame(frame)


def count(con, table: str) -> int:  # type: ignore[no-untyped-def]
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ensure_tables_creates_every_table_and_view_and_is_repeatable(con) -> None:  # type: ignore[no-untyped-def]
    ensure_tables(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {spec.name for spec in TABLES} <= tables
    views = {
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    assert {"coverage_daily", "syria_articles", "authors", "quarantine_reasons"} <= views
    cols = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name='articles' "
        "AND column_name='published_at'"
    ).fetchone()
    assert cols[0] == "TIMESTAMP WITH TIME ZONE"


def test_loading_the_same_batch_twice_adds_nothing(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame = articles_frame(
        article(),
        article(
            article_id="aawsat:5087364",
            url="https://aawsat.com/x/5087364-y",
            published_at=datetime(2024, 11, 28, 12, 20, tzinfo=UTC),
            fetched_at=datetime(2024, 11, 28, 13, 0, tzinfo=UTC),
        ),
    )
    first = load_batch(con, Batch(articles=frame, article_versions=versions_of(frame)))
    second = load_batch(con, Batch(articles=frame, article_versions=versions_of(frame)))
    assert (first.articles_inserted, first.versions) == (2, 2)
    assert (second.articles_inserted, second.articles_updated, second.versions) == (0, 0, 0)
    assert count(con, "articles") == 2
    assert count(con, "article_versions") == 2
    files = sorted(
        p.relative_to(tmp_path / "wh" / "lake")
        for p in (tmp_path / "wh" / "lake").rglob("*.parquet")
        if "articles" in p.parts
    )
    partitions = {p.parent.as_posix() for p in files}
    assert partitions == {"main/articles/year=2022/month=5", "main/articles/year=2024/month=11"}


def test_changed_content_replaces_the_article_and_closes_the_old_version(con) -> None:  # type: ignore[no-untyped-def]
    old = articles_frame(article())
    load_batch(con, Batch(articles=old, article_versions=versions_of(old)))
    revised_body = BODY + " وعُقد أمس اجتماع تفاوضي."
    new = articles_frame(
        article(
            body_text=revised_body,
            paragraphs=[revised_body],
            word_count=64,
            content_sha1=hashlib.sha1(revised_body.encode()).hexdigest(),
            fetched_at=datetime(2022, 5, 27, 8, 0, tzinfo=UTC),
            run_id="run-2",
        )
    )
    counts = load_batch(con, Batch(articles=new, article_versions=versions_of(new)))
    assert (counts.articles_inserted, counts.articles_updated, counts.versions) == (0, 1, 1)
    assert con.execute("SELECT body_text FROM articles").fetchall() == [(revised_body,)]
    versions = con.execute(
        "SELECT run_id, valid_to IS NULL FROM article_versions ORDER BY valid_from"
    ).fetchall()
    assert versions == [("run-1", False), ("run-2", True)]


def test_a_failing_batch_leaves_the_warehouse_as_it_was(con) -> None:  # type: ignore[no-untyped-def]
    frame = articles_frame(article())
    broken_versions = versions_of(frame).with_columns(pl.lit("x").alias("valid_from"))
    with pytest.raises(Exception):  # noqa: B017 - any error must roll back
        load_batch(con, Batch(articles=frame, article_versions=broken_versions))
    assert count(con, "articles") == 0
    assert count(con, "article_versions") == 0


def test_readers_see_committed_rows_while_the_loader_is_open(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame = articles_frame(article())
    load_batch(con, Batch(articles=frame, article_versions=versions_of(frame)))
    reader = connect(tmp_path / "wh", read_only=True)
    try:
        assert reader.execute("SELECT headline FROM articles").fetchone()[0].startswith("النظام")
    finally:
        reader.close()


def test_compact_merges_small_files_and_keeps_rows(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from warehouse.maintenance import compact

    for i in range(3):
        frame = articles_frame(
            article(article_id=f"aawsat:{i + 1}", url=f"https://aawsat.com/node/{i + 1}")
        )
        load_batch(con, Batch(articles=frame, article_versions=versions_of(frame)))
    files = "SELECT count(*) FROM ducklake_list_files('lake', 'articles')"
    assert con.execute(files).fetchone()[0] == 3
    assert compact(con) >= 1
    assert con.execute(files).fetchone()[0] == 1
    assert count(con, "articles") == 3
