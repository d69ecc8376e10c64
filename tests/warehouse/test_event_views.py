"""The coverage-against-events views on a real warehouse on disk: a few Syria articles with their
places and actors, a few events of two publishers, and every figure computed by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import duckdb
import polars as pl
import pytest

from schemas import ArticleModel
from schemas.enrichment import ArticleActorModel, ArticlePlaceModel
from schemas.events import ConflictEventModel
from schemas.validate import polars_schema
from warehouse.catalog import connect
from warehouse.ddl import ensure_tables
from warehouse.events import load_events
from warehouse.load import Batch, load_batch

NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
W1, W2, W3 = dt.date(2024, 12, 2), dt.date(2024, 12, 9), dt.date(2024, 12, 16)  # Mondays
GOVERNORATES = {"SY01": "Damascus", "SY02": "Aleppo", "SY06": "Lattakia", "SY07": "Idleb"}
ACTORS = {
    "hts": ("armed_group", "Hayat Tahrir al-Sham", "هيئة تحرير الشام"),
    "russia": ("state", "Russia", "روسيا"),
    "syrian_gov_assad": ("state", "Syrian government under Bashar al-Assad", "النظام السوري"),
    "syrian_gov_transitional": ("state", "Syrian transitional authorities", "الحكومة السورية"),
    "hezbollah": ("armed_group", "Hezbollah", "حزب الله"),
}
# (article, published_date, is_syria, governorates named, town in a governorate, actors)
ARTICLES: list[tuple[str, dt.date, bool, list[str], str | None, list[str]]] = [
    ("aawsat:5001", dt.date(2024, 12, 3), True, ["SY02"], None, ["hts"]),
    ("aawsat:5002", dt.date(2024, 12, 4), True, ["SY02", "SY07"], None, ["hts", "russia"]),
    ("aawsat:5003", dt.date(2024, 12, 5), True, ["SY01"], None, ["syrian_gov_assad"]),
    ("aawsat:5004", dt.date(2024, 12, 6), True, ["SY01"], None, []),
    ("aawsat:5010", dt.date(2024, 12, 7), True, ["SY01"], None, []),
    ("aawsat:5005", dt.date(2024, 12, 10), True, ["SY01"], None, ["syrian_gov_transitional"]),
    ("aawsat:5006", dt.date(2024, 12, 11), True, ["SY01"], "SY01", []),
    ("aawsat:5007", dt.date(2024, 12, 12), False, ["SY01"], None, ["hezbollah"]),  # not Syria
    ("aawsat:5008", dt.date(2024, 12, 18), True, ["SY06"], None, []),
    ("aawsat:5009", dt.date(2024, 12, 18), True, [], "SY06", []),  # a town in Lattakia only
]
# (source, id, date, governorate, fatalities, actor ids)
EVENTS: list[tuple[str, str, dt.date, str, int, list[str]]] = [
    ("acled", "SYR1", dt.date(2024, 12, 3), "SY02", 40, ["hts", "syrian_gov_assad"]),
    ("acled", "SYR2", dt.date(2024, 12, 5), "SY02", 10, ["hts"]),
    ("acled", "SYR3", dt.date(2024, 12, 4), "SY07", 30, ["russia"]),
    ("acled", "SYR4", dt.date(2024, 12, 6), "SY05", 70, ["syrian_gov_assad"]),
    ("acled", "SYR5", dt.date(2024, 12, 10), "SY01", 0, ["israel"]),
    ("acled", "SYR6", dt.date(2024, 12, 17), "SY09", 5, ["isis", "sdf"]),
    ("ucdp-ged", "700001", dt.date(2024, 12, 4), "SY02", 60, ["syrian_gov_assad", "hts"]),
]


def frame(model: type, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows with every column of the model (unset ones null), in its dtypes."""
    schema = polars_schema(model)
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)


def load_articles(con: duckdb.DuckDBPyConnection) -> None:
    articles, places, actors = [], [], []
    for article_id, day, is_syria, named, town_in, actor_ids in ARTICLES:
        articles.append(
            {
                "article_id": article_id,
                "site": "aawsat",
                "url": f"https://aawsat.com/node/{article_id.split(':')[1]}",
                "headline": "عنوان",
                "body_text": "نص المقال عن سوريا",
                "published_at": dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
                "published_date": day,
                "is_syria": is_syria,
                "syria_relevance": 0.9 if is_syria else 0.1,
                "content_sha1": "0" * 40,
                "parser_version": "test",
                "dictionary_version": "test",
                "word_count": 100,
                "fetched_at": NOW,
                "run_id": "run-1",
            }
        )
        place = {"article_id": article_id, "country_code": "SY", "dictionary_version": "test"}
        for pcode in named:
            places.append(
                {**place, "pcode": pcode, "admin_level": 1, "kind": "governorate",
                 "name_en": GOVERNORATES[pcode], "name_ar": "محافظة",
                 "governorate_pcode": pcode, "mentions": 1, "in_headline": True,
                 "implied": False}
            )  # fmt: skip
        if town_in:
            places.append(
                {**place, "pcode": f"gn{len(places)}", "admin_level": 3, "kind": "town",
                 "name_en": "a town", "name_ar": "بلدة", "governorate_pcode": town_in,
                 "mentions": 1, "in_headline": True, "implied": False}
            )  # fmt: skip
            if town_in not in named:  # as the enrichment writes it: the town implies its row
                places.append(
                    {**place, "pcode": town_in, "admin_level": 1, "kind": "governorate",
                     "name_en": GOVERNORATES[town_in], "name_ar": "محافظة",
                     "governorate_pcode": town_in, "mentions": 0, "in_headline": False,
                     "implied": True}
                )  # fmt: skip
        for actor_id in actor_ids:
            kind, name_en, name_ar = ACTORS[actor_id]
            actors.append(
                {"article_id": article_id, "actor_id": actor_id, "actor_type": kind,
                 "name_en": name_en, "name_ar": name_ar, "mentions": 1, "in_headline": True,
                 "alias_seen": [name_ar], "dictionary_version": "test"}
            )  # fmt: skip
    load_batch(
        con,
        Batch(
            articles=frame(ArticleModel, articles),
            enrichment={
                "article_places": frame(ArticlePlaceModel, places),
                "article_actors": frame(ArticleActorModel, actors),
            },
            enriched_ids=[a[0] for a in ARTICLES],
        ),
    )


def load_sample_events(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        {
            "source": source,
            "event_id": event_id,
            "event_date": day,
            "governorate_pcode": governorate,
            "governorate_name": GOVERNORATES.get(governorate, governorate),
            "latitude": 35.0,
            "longitude": 38.0,
            "event_type": "Battles",
            "actor_ids": actor_ids,
            "actors_published": [],
            "fatalities_best": fatalities,
            "fatalities_low": fatalities,
            "fatalities_high": fatalities,
            "imported_at": NOW,
            "source_file": "sample.csv",
            "dictionary_version": "test",
        }
        for source, event_id, day, governorate, fatalities, actor_ids in EVENTS
    ]
    counts = load_events(con, frame(ConflictEventModel, rows))
    assert counts.new == len(EVENTS)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """One warehouse on disk for the module: the articles and events above, loaded once."""
    con = connect(tmp_path_factory.mktemp("events") / "wh")
    ensure_tables(con)
    load_articles(con)
    load_sample_events(con)
    yield con
    con.close()


def view(con: duckdb.DuckDBPyConnection, sql: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Rows keyed by their first two columns."""
    return {row[:2]: row[2:] for row in con.execute(sql).fetchall()}


def test_coverage_vs_events_by_hand(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = view(
        loaded,
        "SELECT governorate_pcode, week, events, fatalities, articles, "
        "articles_per_100_fatalities, fatality_share, article_share, event_sources "
        "FROM coverage_vs_events",
    )
    assert rows == {
        # both publishers in Aleppo's first week: the larger figures (2 ACLED events, 60 UCDP dead)
        ("SY02", W1): (2, 60, 2, 3.33, 0.375, 0.3333, ["acled", "ucdp-ged"]),
        ("SY07", W1): (1, 30, 1, 3.33, 0.1875, 0.1667, ["acled"]),
        ("SY05", W1): (1, 70, 0, 0.0, 0.4375, 0.0, ["acled"]),  # events, no articles
        ("SY01", W1): (0, 0, 3, None, 0.0, 0.5, []),  # articles, no events
        ("SY01", W2): (1, 0, 2, None, None, 1.0, ["acled"]),  # a week without a death
        ("SY09", W3): (1, 5, 0, 0.0, 1.0, 0.0, ["acled"]),
        ("SY06", W3): (0, 0, 2, None, 0.0, 1.0, []),  # one article through a town only
    }


def test_coverage_names_iso_weeks_and_governorates(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = loaded.execute(
        "SELECT governorate_pcode, governorate_name, iso_week FROM coverage_vs_events "
        "WHERE governorate_pcode IN ('SY02', 'SY06') ORDER BY 1"
    ).fetchall()
    assert rows == [("SY02", "Aleppo", "2024-W49"), ("SY06", "Lattakia", "2024-W51")]


def test_under_and_over_covered_by_hand(loaded: duckdb.DuckDBPyConnection) -> None:
    # Weeks with events: fatalities 0, 5, 30, 60, 70 → 90th percentile 66; articles 0, 0, 1, 2,
    # 2 → 25th percentile 0: only Hama's 70 dead with no article.
    under = loaded.execute(
        "SELECT governorate_pcode, week, fatalities, articles, fatalities_p90, articles_p25 "
        "FROM under_covered"
    ).fetchall()
    assert under == [("SY05", W1, 70, 0, 66.0, 0.0)]
    # Weeks with articles: articles 1, 2, 2, 2, 3 → 90th percentile 2.6; fatalities 0, 0, 0, 30,
    # 60 → 25th percentile 0: only Damascus's first week (3 articles, no death).
    over = loaded.execute(
        "SELECT governorate_pcode, week, articles, fatalities, articles_p90, fatalities_p25 "
        "FROM over_covered"
    ).fetchall()
    assert over == [("SY01", W1, 3, 0, 2.6, 0.0)]


def test_actor_attention_vs_activity_by_hand(loaded: duckdb.DuckDBPyConnection) -> None:
    december = dt.date(2024, 12, 1)
    rows = view(
        loaded,
        "SELECT actor_id, month, articles, events, fatalities, attention_share, activity_share "
        "FROM actor_attention_vs_activity",
    )
    # 9 Syria articles in December (Hezbollah's article is not about Syria); events: 6 ACLED,
    # 1 UCDP → 6. HTS: 2 ACLED events (50 dead) or 1 UCDP (60 dead): 2 events, 60 dead.
    assert rows == {
        ("hts", december): (2, 2, 60, 0.2222, 0.3333),
        ("russia", december): (1, 1, 30, 0.1111, 0.1667),
        ("syrian_gov_assad", december): (1, 2, 110, 0.1111, 0.3333),
        ("syrian_gov_transitional", december): (1, 0, 0, 0.1111, 0.0),
        ("israel", december): (0, 1, 0, 0.0, 0.1667),
        ("isis", december): (0, 1, 5, 0.0, 0.1667),
        ("sdf", december): (0, 1, 5, 0.0, 0.1667),
    }
    names = dict(
        loaded.execute("SELECT actor_id, name_en FROM actor_attention_vs_activity").fetchall()
    )
    assert names["hts"] == "Hayat Tahrir al-Sham" and names["isis"] is None


def test_every_event_view_has_a_comment(loaded: duckdb.DuckDBPyConnection) -> None:
    comments = dict(
        loaded.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND view_name IN "
            "('coverage_vs_events', 'under_covered', 'over_covered', "
            "'actor_attention_vs_activity')"
        ).fetchall()
    )
    assert len(comments) == 4
    assert all(c and len(c) > 80 for c in comments.values()), comments


def test_conflict_events_is_partitioned_by_event_month(loaded: duckdb.DuckDBPyConnection) -> None:
    paths = [
        r[0]
        for r in loaded.execute(
            "SELECT data_file FROM ducklake_list_files('lake', 'conflict_events')"
        ).fetchall()
    ]
    assert paths and all("year=2024" in p and "month=12" in p for p in paths), paths
