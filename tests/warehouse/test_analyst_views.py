"""The analyst views of `warehouse/sql/55_analyst.sql` on a real warehouse: articles written in
Arabic news style, enriched by the real enrichment stage, loaded by the real loader; every
figure is counted by hand from the texts below."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pytest

from localsite.rows import article_row, load_articles
from warehouse.catalog import connect
from warehouse.ddl import ensure_tables

DARAA = (
    "شهدت مدينة جاسم في ريف درعا الشمالي اشتباكات بين مسلحين محليين وقوات الحكومة السورية، "
    "وفق ما أفاد المرصد السوري لحقوق الإنسان. وقال محافظ درعا إن «الوضع تحت السيطرة الكاملة "
    "ولن نسمح بعودة الفوضى إلى المحافظة»."
)
IDLIB = (
    "قصفت طائرات مسيّرة مواقع لهيئة تحرير الشام في ريف إدلب الجنوبي، فيما دفعت تركيا بتعزيزات "
    "عسكرية جديدة إلى نقاط المراقبة في جبل الزاوية، بحسب ما ذكرت مصادر محلية."
)
EGYPT = (
    "ارتفع معدل التضخم السنوي في مصر خلال الشهر الماضي مع زيادة أسعار الغذاء والطاقة، "
    "بحسب بيانات الجهاز المركزي للتعبئة العامة والإحصاء في القاهرة."
)


def article(article_id: str, day: date, headline: str, paragraphs: list[str], **kw: Any) -> dict:
    """A Dar'a correspondent's article; `lag` delays its fetch after 12:00 UTC."""
    lag = kw.pop("lag", timedelta())
    fetched = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC) + lag
    return article_row(
        f"aawsat:{article_id}", day, headline, paragraphs,
        **{"byline": "رياض الزين (درعا)", "author": "رياض الزين", "dateline": "درعا",
           "fetched_at": fetched, **kw},
    )  # fmt: skip


load = load_articles


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def coverage(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con,
        article("100", date(2025, 3, 10), "اشتباكات في جاسم بريف درعا", [DARAA]),
        article("101", date(2025, 3, 12), "تصعيد في ريف إدلب", [IDLIB], author="ليلى العطار"),
        article("102", date(2025, 3, 12), "التضخم في مصر يرتفع", [EGYPT], section="اقتصاد"),
        article("103", date(2025, 4, 2), "هدوء حذر في درعا", [DARAA], lag=timedelta(hours=30)),
    )


@pytest.fixture(scope="module")
def covered(backend: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One warehouse with the four coverage articles, shared by the tests that only read it;
    on both kinds of warehouse (SQLite + local files, PostgreSQL + S3)."""
    with backend.use(backend.fresh()):
        connection = connect(tmp_path_factory.mktemp("covered") / "wh")
    ensure_tables(connection)
    coverage(connection)
    yield connection
    connection.close()


def test_the_coverage_articles_are_enriched_as_expected(covered: duckdb.DuckDBPyConnection) -> None:
    con = covered
    assert rows(con, "SELECT article_id, is_syria FROM articles ORDER BY 1") == [
        ("aawsat:100", True),
        ("aawsat:101", True),
        ("aawsat:102", False),
        ("aawsat:103", True),
    ]


def test_daily_attention_has_every_day_zeros_included(covered: duckdb.DuckDBPyConnection) -> None:
    con = covered
    days = rows(
        con, "SELECT day, articles, syria_articles, syria_share FROM daily_attention ORDER BY day"
    )
    assert len(days) == 24  # 10 March to 2 April
    assert days[0] == (date(2025, 3, 10), 1, 1, 1.0)
    assert days[1] == (date(2025, 3, 11), 0, 0, None)
    assert days[2] == (date(2025, 3, 12), 2, 1, 0.5)
    assert days[-1] == (date(2025, 4, 2), 1, 1, 1.0)
    assert sum(d[1] for d in days) == 4


def test_weekly_by_section_counts_per_monday_and_section(
    covered: duckdb.DuckDBPyConnection,
) -> None:
    con = covered
    assert rows(
        con,
        "SELECT week, section, articles, syria_articles, syria_share FROM weekly_by_section "
        "ORDER BY week, section",
    ) == [
        (date(2025, 3, 10), "اقتصاد", 1, 0, 0.0),
        (date(2025, 3, 10), "العالم العربي", 2, 2, 1.0),
        (date(2025, 3, 31), "العالم العربي", 1, 1, 1.0),
    ]


def test_place_heatmap_crosses_governorates_and_months(covered: duckdb.DuckDBPyConnection) -> None:
    con = covered
    cells = rows(
        con,
        "SELECT governorate_pcode, name_ar, month, syria_articles, share_of_month "
        "FROM place_heatmap ORDER BY 1, 3",
    )
    assert cells == [
        ("SY07", "إدلب", date(2025, 3, 1), 1, 0.5),
        ("SY07", "إدلب", date(2025, 4, 1), 0, 0.0),
        ("SY12", "درعا", date(2025, 3, 1), 1, 0.5),
        ("SY12", "درعا", date(2025, 4, 1), 1, 1.0),
    ]


def test_article_geo_focus_picks_the_governorate_most_named(
    covered: duckdb.DuckDBPyConnection,
) -> None:
    con = covered
    focus = dict(rows(con, "SELECT article_id, governorate_pcode FROM article_geo_focus"))
    assert focus == {"aawsat:100": "SY12", "aawsat:101": "SY07", "aawsat:103": "SY12"}
    (share,) = con.execute(
        "SELECT focus_share FROM article_geo_focus WHERE article_id = 'aawsat:100'"
    ).fetchone()
    assert share == 1.0  # جاسم and درعا are both in Dar'a


def test_actor_pairs_and_actor_places_count_co_occurrence(
    covered: duckdb.DuckDBPyConnection,
) -> None:
    con = covered
    pairs = {
        (a, b): n for a, b, n in rows(con, "SELECT actor_a, actor_b, articles FROM actor_pairs")
    }
    assert pairs.get(("hts", "turkey")) == 1
    assert all(a < b for a, b in pairs)
    places = {
        (a, p): n for a, p, n in rows(
            con, "SELECT actor_id, governorate_pcode, articles FROM actor_places"
        )
    }  # fmt: skip
    assert places[("syrian_gov_transitional", "SY12")] == 2  # the same article twice, on two days
    assert places[("hts", "SY07")] == 1
    assert ("hts", "SY12") not in places


def test_bylines_datelines_and_quote_speakers(covered: duckdb.DuckDBPyConnection) -> None:
    con = covered
    assert rows(
        con,
        "SELECT month, author, articles, syria_articles FROM bylines ORDER BY month, author",
    ) == [
        (date(2025, 3, 1), "رياض الزين", 2, 1),
        (date(2025, 3, 1), "ليلى العطار", 1, 1),
        (date(2025, 4, 1), "رياض الزين", 1, 1),
    ]
    assert rows(con, "SELECT dateline, sum(articles) FROM datelines GROUP BY 1") == [("درعا", 4)]
    speakers = rows(con, "SELECT speaker, quotes, articles, latest_quote FROM quote_speakers")
    assert speakers == [
        ("محافظ درعا", 2, 2, "الوضع تحت السيطرة الكاملة ولن نسمح بعودة الفوضى إلى المحافظة")
    ]


def test_revisions_show_what_changed(con) -> None:  # type: ignore[no-untyped-def]
    coverage(con)
    added = "وأعلنت وزارة الداخلية السورية فرض حظر تجول في المدينة حتى إشعار آخر."
    load(
        con,
        article(
            "100",
            date(2025, 3, 10),
            "حظر تجول في جاسم بريف درعا بعد الاشتباكات",
            [DARAA, added],
            fetched_at=datetime(2025, 3, 10, 18, 0, tzinfo=UTC),
            run_id="run-2",
        ),
    )
    changes = rows(
        con,
        "SELECT article_id, version, headline_changed, previous_headline, headline, "
        "paragraphs_added, paragraphs_removed, words_added FROM revisions",
    )
    assert changes == [
        (
            "aawsat:100",
            2,
            True,
            "اشتباكات في جاسم بريف درعا",
            "حظر تجول في جاسم بريف درعا بعد الاشتباكات",
            [added],
            [],
            len(added.split()),
        )
    ]


def test_a_warehouse_from_before_kept_texts_gains_the_columns(con) -> None:  # type: ignore[no-untyped-def]
    con.execute("ALTER TABLE article_versions DROP COLUMN paragraphs")
    con.execute("ALTER TABLE article_versions DROP COLUMN subheadline")
    ensure_tables(con)
    coverage(con)
    load(con, article("101", date(2025, 3, 12), "تصعيد جديد في ريف إدلب", [IDLIB, DARAA]))
    assert rows(con, "SELECT article_id, headline_changed, paragraphs_added FROM revisions") == [
        ("aawsat:101", True, [DARAA])
    ]


def test_data_quality_reports_duplicates_lag_and_quarantine(con) -> None:  # type: ignore[no-untyped-def]
    coverage(con)
    load(con, article("104", date(2025, 4, 2), "هدوء حذر في درعا", [DARAA]))  # same as 103
    con.execute(
        "INSERT INTO quarantine BY NAME SELECT 'run-1' AS run_id, 'parse' AS stage, "
        "'https://aawsat.com/x/9-y' AS url, NULL AS article_id, 'no_body' AS reason, "
        "['no_body'] AS checks, [] AS columns, NULL AS failure_cases, NULL AS warc_file, "
        "NULL AS warc_offset, now() AS quarantined_at"
    )
    measures = {
        (site, measure): (value, share)
        for site, measure, value, share in rows(
            con, "SELECT site, measure, value, share_of_articles FROM data_quality"
        )
    }
    assert measures[("aawsat", "duplicate_content")] == (1.0, 0.2)
    assert measures[("aawsat", "duplicate_headline_same_day")] == (1.0, 0.2)
    assert measures[("aawsat", "missing_hijri_date")] == (5.0, 1.0)
    assert measures[("aawsat", "syria_without_place")] == (0.0, 0.0)
    assert measures[("aawsat", "fetch_lag_hours_median")] == (6.0, None)  # 6:00 → 12:00
    assert measures[("aawsat", "fetch_lag_hours_p90")][0] > 6.0  # one fetched 30 hours later
    assert measures[("(unknown)", "quarantined:parse:no_body")] == (1.0, None)


def test_attention_spikes_flag_a_day_far_above_the_28_days_before(con) -> None:  # type: ignore[no-untyped-def]
    start = date(2025, 1, 1)
    quiet = [
        article(str(200 + i), start + timedelta(days=i), f"درعا اليوم {i}", [DARAA])
        for i in range(20)
        if i % 2 == 0  # one Syria article every other day
    ]
    burst = [
        article(str(300 + i), start + timedelta(days=20), f"درعا تشتعل {i}", [DARAA])
        for i in range(5)
    ]
    load(con, *quiet, *burst)
    spikes = rows(con, "SELECT day, syria_articles, mean_28d FROM attention_spikes")
    assert spikes == [(start + timedelta(days=20), 5, 0.5)]
