"""The warehouse-at-scale benchmark (`bench/warehouse_scale.py`) on 2,000 generated articles:
the rows it generates pass the models, every view answers, the month query reads only its month's
file, and the real loader takes the generated batches. No timing is asserted."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl
import pytest

from bench import warehouse_scale as ws

N = 2_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse of N generated articles, loaded month by month."""
    con, _, _, _ = ws.build(tmp_path_factory.mktemp("scale"), N)
    yield con
    con.close()


def test_generation_is_deterministic_and_valid() -> None:
    one, two = ws.generate(300, seed=5), ws.generate(300, seed=5)
    for table, frame in one.tables.items():
        assert frame.equals(two.tables[table]), table
    ws.validate(one)  # raises on any row a model rejects
    articles = one.tables["articles"]
    assert articles.get_column("article_id").is_unique().all()
    assert articles.get_column("body_text").str.contains("المرصد السوري|الأمم المتحدة").any()
    assert 0.55 < articles.get_column("is_syria").mean() < 0.85
    places = one.tables["article_places"]
    # Every district or town comes with its governorate, implied when not named.
    towns = places.filter(pl.col("admin_level") > 1, pl.col("country_code") == "SY")
    govs = places.filter(pl.col("admin_level") == 1).select(
        "article_id", pl.col("pcode").alias("governorate_pcode")
    )
    assert towns.join(govs, on=["article_id", "governorate_pcode"], how="anti").is_empty()
    assert places.filter("implied").get_column("mentions").max() == 0


def test_every_view_answers(built: duckdb.DuckDBPyConnection) -> None:
    views = ws.analyst_views(built)
    for expected in ("daily_attention", "top_places", "actor_pairs", "revisions", "data_quality"):
        assert expected in views
    rows = {view: ws.time_view(built, view, runs=1)[2] for view in views}
    for view in (
        "daily_attention",
        "top_places",
        "top_actors",
        "article_geo_focus",
        "actor_pairs",
        "sources_cited",
        "quote_speakers",
        "revisions",
        "bylines",
    ):
        assert rows[view] > 0, view
    count = built.execute("SELECT count(*) FROM articles").fetchone()
    assert count == (N,)


def test_month_query_reads_only_its_month(built: duckdb.DuckDBPyConnection) -> None:
    pruning = ws.month_pruning(built)
    assert pruning.files_month >= 1
    assert pruning.files_total > 50  # one file per month and table at least
    assert pruning.files_read is not None
    assert 1 <= pruning.files_read <= pruning.files_month
    assert pruning.rows_month > 0
    assert pruning.rows_scanned == pruning.rows_month
    assert len(pruning.read_paths) == pruning.files_read
    assert all(ws.MONTH_PATH in path for path in pruning.read_paths)
    assert pruning.only_the_month()


def test_real_loader_takes_the_generated_batches(built: duckdb.DuckDBPyConnection) -> None:
    fresh = ws.generate(500, seed=9, first_id=70_000_000, start=ws.LOAD_START)
    work = ws.batches(fresh, size=200)
    assert len(work) == 3
    inserted = sum(ws.load_batch(built, batch).articles_inserted for batch in work)
    assert inserted == 500
    places = built.execute(
        "SELECT count(*) FROM article_places WHERE article_id LIKE '%:70______'"
    ).fetchone()
    assert places == (fresh.tables["article_places"].height,)
