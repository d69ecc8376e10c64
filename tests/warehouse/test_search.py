"""Full-text search on a real warehouse on disk: real Arabic articles enriched and loaded by the
real stages, then indexed by `refresh_index` and queried by `search` and the CLI function."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from flows.search_cli import search_command
from localsite.rows import article_row, load_articles
from transforms.stemming import search_key
from warehouse.catalog import connect, load_extension
from warehouse.ddl import ensure_tables
from warehouse.search import (
    SearchIndexMissingError,
    index_path,
    refresh_after_load,
    refresh_index,
    search,
    snippet,
)

JASIM = (
    "شهدت مدينة جاسم في ريف درعا الشمالي اشتباكات عنيفة بين مسلحين محليين وقوات الحكومة "
    "السورية، وفق ما أفاد المرصد السوري لحقوق الإنسان. وتجددت الاشتباكات مساءً في محيط "
    "المدينة، فيما قال محافظ درعا إن «الوضع تحت السيطرة الكاملة»."
)
JASIM_LATER = (
    "وتواصلت الاشتباكات لليوم الثاني، واتسعت إلى بلدات مجاورة، وسط دعوات الأهالي إلى وقف "
    "الاشتباكات وفتح الطرق أمام المدنيين."
)
IDLIB = (
    "قصفت طائرات مسيّرة مواقع لهيئة تحرير الشام في ريف إدلب الجنوبي، واندلع اشتباك قصير قرب "
    "بلدة كفرنبل، فيما دفعت تركيا بتعزيزات عسكرية جديدة إلى نقاط المراقبة في جبل الزاوية."
)
EGYPT = (
    "ارتفع معدل التضخم السنوي في مصر خلال الشهر الماضي مع زيادة أسعار الغذاء والطاقة، بحسب "
    "بيانات الجهاز المركزي للتعبئة العامة والإحصاء في القاهرة."
)
BEIRUT = (
    "أعلنت الحكومة اللبنانية خطة لعودة اللاجئين السوريين من لبنان على مراحل، وقال وزير "
    "المهجرين إن الدفعة الأولى ستغادر بيروت الأسبوع المقبل باتجاه حمص والقلمون."
)


def article(
    nid: str, day: dt.date, headline: str, paragraphs: list[str], site: str = "aawsat", **kw: Any
) -> dict[str, Any]:
    """An article row as the parse stage hands it to enrichment."""
    return article_row(f"{site}:{nid}", day, headline, paragraphs, **kw)


load = load_articles


ARTICLES = [
    article("100", dt.date(2025, 3, 10), "اشتباكات في جاسم بريف درعا", [JASIM, JASIM_LATER]),
    article("101", dt.date(2025, 3, 12), "تصعيد في ريف إدلب", [IDLIB]),
    article("102", dt.date(2025, 3, 12), "التضخم في مصر يرتفع", [EGYPT]),
    article("103", dt.date(2025, 4, 2), "خطة لبنانية لعودة اللاجئين", [BEIRUT]),
    article("2001", dt.date(2025, 4, 5), "اشتباك في درعا البلد", [JASIM], site="enabbaladi"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with five real articles and its search index."""
    data_dir = tmp_path_factory.mktemp("search") / "wh"
    con = connect(data_dir)
    ensure_tables(con)
    load(con, *ARTICLES)
    con.close()
    stats = refresh_index(data_dir)
    assert stats["mode"] == "full"
    assert stats["articles"] == stats["rekeyed"] == 5
    return data_dir


def ids(frame: pl.DataFrame) -> list[str]:
    """The article numbers of a result, in rank order (from the URL)."""
    return [u.rsplit("/", 1)[-1].split("-")[0] for u in frame.get_column("url").to_list()]


@pytest.mark.parametrize("query", ["اشتباك", "الاشتباكات", "واشتباكات", "باشتباك", "اشتباكاتٍ"])
def test_inflected_queries_find_the_articles_that_say_it(warehouse: Path, query: str) -> None:
    found = ids(search(warehouse, query))
    assert set(found) == {"100", "101", "2001"}


def test_bm25_ranks_the_article_that_says_it_more_often_first(warehouse: Path) -> None:
    result = search(warehouse, "اشتباكات")
    assert ids(result)[0] == "100"  # five forms of the word, against one or two
    scores = result.get_column("score").to_list()
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1] > 0


def test_place_and_actor_queries_across_clitics(warehouse: Path) -> None:
    assert ids(search(warehouse, "بلبنان")) == ["103"]
    assert ids(search(warehouse, "لاجئين")) == ["103"]
    assert set(ids(search(warehouse, "حكومتها"))) == {"100", "103", "2001"}  # الحكومة
    assert ids(search(warehouse, "مصير")) == []  # not مصر
    assert ids(search(warehouse, "مصر")) == ["102"]


def test_scores_are_those_of_the_fts_extensions_match_bm25(warehouse: Path) -> None:
    query = "اشتباكات في درعا"
    result = search(warehouse, query)
    con = duckdb.connect(str(index_path(warehouse)), read_only=True)
    load_extension(con, "fts")
    expected = con.execute(
        "SELECT url, score FROM (SELECT url, fts_main_docs.match_bm25(article_id, ?) AS score "
        "FROM docs) WHERE score IS NOT NULL ORDER BY score DESC",
        [search_key(query)],
    ).fetchall()
    con.close()
    got = list(zip(result.get_column("url"), result.get_column("score"), strict=True))
    assert [u for u, _ in got] == [u for u, _ in expected]
    assert all(
        a == pytest.approx(b, rel=1e-9) for (_, a), (_, b) in zip(got, expected, strict=True)
    )


def test_since_until_and_site_filter(warehouse: Path) -> None:
    assert set(ids(search(warehouse, "اشتباك", since=dt.date(2025, 3, 11)))) == {"101", "2001"}
    assert ids(search(warehouse, "اشتباك", until=dt.date(2025, 3, 10))) == ["100"]
    assert ids(
        search(warehouse, "اشتباك", since=dt.date(2025, 3, 12), until=dt.date(2025, 3, 12))
    ) == ["101"]
    assert ids(search(warehouse, "اشتباك", site="enabbaladi")) == ["2001"]
    assert search(warehouse, "اشتباك", site="sana").is_empty()
    assert len(search(warehouse, "اشتباك", limit=1)) == 1


def test_the_result_columns_and_the_snippet_marks_the_word_as_written(warehouse: Path) -> None:
    result = search(warehouse, "اشتباك", site="aawsat", until=dt.date(2025, 3, 31))
    assert result.columns == ["published_date", "site", "headline", "url", "score", "snippet"]
    by_id = dict(zip(ids(result), result.get_column("snippet").to_list(), strict=True))
    assert "[[اشتباكات]]" in by_id["100"]  # the first matching word of the body, as written
    assert "مدينة جاسم في ريف درعا الشمالي" in by_id["100"]  # original text, not keys
    assert "[[اشتباك]] قصير قرب" in by_id["101"]
    assert by_id["101"] == IDLIB.replace("اشتباك", "[[اشتباك]]")  # a short body whole
    row = result.row(0, named=True)
    assert row["published_date"] == dt.date(2025, 3, 10)
    assert row["headline"] == "اشتباكات في جاسم بريف درعا"


def test_a_long_body_is_cut_around_the_first_match() -> None:
    body = " ".join([EGYPT, EGYPT, JASIM, EGYPT, EGYPT])
    cut = snippet(body, search_key("الاشتباكات").split())
    assert cut.startswith("… ") and cut.endswith(" …")
    words = cut.split()
    assert len(words) == 30 + 2  # 30 words and the two marks of a cut
    assert words.index("[[اشتباكات]]") == 1 + 15
    assert "جاسم في ريف درعا الشمالي" in cut
    assert snippet(body, ["غير_موجود"]) == " ".join(body.split()[:30]) + " …"


def test_the_snippet_centres_on_the_rarest_word_and_marks_the_informative_ones(
    warehouse: Path,
) -> None:
    result = search(warehouse, "الاشتباكات في جاسم", site="aawsat")
    assert ids(result)[0] == "100"
    first = result.get_column("snippet")[0]
    assert "مدينة [[جاسم]] في ريف درعا" in first  # جاسم: rarer than اشتباكات, far rarer than في
    # في is in all 5 articles, اشتباكات in 3: matched by BM25, too common to mark; جاسم in 2.
    assert "[[في]]" not in first and "[[اشتباكات]]" not in first
    assert first.count("[[") == 1
    two = search(warehouse, "جاسم مسلحون", site="aawsat").get_column("snippet")[0]
    assert "[[جاسم]]" in two and "بين [[مسلحين]] محليين" in two  # both rare: both marked
    words = ["نص", "قصير", "بلا", "تطابق"]
    assert snippet(" ".join(words), ["غير"]) == "نص قصير بلا تطابق"
    assert snippet("«الحكومة» قالت: حكومتها باقية.", ["حكوم"]) == (
        "«[[الحكومة]]» قالت: [[حكومتها]] باقية."
    )  # every form of the key in the window, as written, quotes outside the mark


def test_a_word_only_in_the_headline_gives_the_start_of_the_body(warehouse: Path) -> None:
    result = search(warehouse, "يرتفع")  # the body says ارتفع, another key
    assert ids(result) == ["102"]
    assert result.get_column("snippet")[0] == EGYPT  # short: whole, nothing marked


def test_refresh_after_a_revised_article_shows_the_new_text(tmp_path: Path) -> None:
    data_dir = tmp_path / "wh"
    con = connect(data_dir)
    ensure_tables(con)
    load(con, *ARTICLES[:3])
    assert refresh_index(data_dir)["mode"] == "full"
    assert search(data_dir, "حظر").is_empty()
    added = "وأعلنت وزارة الداخلية فرض حظر تجول في المدينة حتى إشعار آخر."
    revised = article(
        "100",
        dt.date(2025, 3, 10),
        "حظر تجول في جاسم بعد الاشتباكات",
        [JASIM, added],
        fetched_at=dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC),
        run_id="run-2",
    )
    load(con, revised)
    con.close()
    reader = duckdb.connect(str(index_path(data_dir)), read_only=True)  # open during the refresh
    stats = refresh_index(data_dir)
    assert reader.execute("SELECT headline FROM docs WHERE article_id = 'aawsat:100'").fetchone()
    assert reader.execute("SELECT count(*) FROM docs WHERE keys LIKE '%حظر%'").fetchone() == (0,)
    reader.close()  # it kept reading the file it opened; new readers see the new one
    assert (stats["mode"], stats["rekeyed"], stats["articles"]) == ("incremental", 1, 3)
    result = search(data_dir, "حظر")
    assert ids(result) == ["100"]
    assert result.get_column("headline")[0] == "حظر تجول في جاسم بعد الاشتباكات"
    assert "[[حظر]] تجول" in result.get_column("snippet")[0]
    assert refresh_index(data_dir)["mode"] == "unchanged"
    assert set(ids(search(data_dir, "اشتباكات"))) == {"100", "101"}
    assert not list(data_dir.glob(".search-*"))  # no temporary file left


def test_a_query_without_words_finds_nothing(warehouse: Path) -> None:
    for query in ["", "«»…", "   "]:
        result = search(warehouse, query)
        assert result.is_empty()
        assert result.columns == ["published_date", "site", "headline", "url", "score", "snippet"]


def test_a_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexMissingError, match="search --refresh"):
        search(tmp_path, "درعا")


def test_refresh_after_load_reports_a_failure_instead_of_raising(tmp_path: Path) -> None:
    summary = refresh_after_load(tmp_path / "nowhere")
    assert summary["mode"] == "failed"
    assert "no warehouse" in summary["error"]
    assert not (tmp_path / "nowhere" / "search.duckdb").exists()


def test_an_unreadable_index_is_rebuilt_whole(tmp_path: Path) -> None:
    data_dir = tmp_path / "wh"
    con = connect(data_dir)
    ensure_tables(con)
    load(con, ARTICLES[2])
    con.close()
    index_path(data_dir).write_bytes(b"not a database")
    assert refresh_index(data_dir)["mode"] == "full"
    assert ids(search(data_dir, "القاهرة")) == ["102"]


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(search_command)
    return app


def test_the_cli_prints_date_headline_url_and_marked_snippet(warehouse: Path) -> None:
    result = CliRunner().invoke(
        cli(), ["الاشتباكات", "--data-dir", str(warehouse), "--site", "aawsat", "--limit", "5"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2025-03-10" in result.output
    assert "اشتباكات في جاسم بريف درعا" in result.output
    assert "https://aawsat.com/العالم-العربي/المشرق-العربي/100-خبر" in result.output
    assert "[[اشتباكات]]" in result.output
    assert "enabbaladi" not in result.output


def test_the_cli_refreshes_filters_and_reports_errors(tmp_path: Path) -> None:
    data_dir = tmp_path / "wh"
    con = connect(data_dir)
    ensure_tables(con)
    load(con, *ARTICLES)
    con.close()
    runner = CliRunner()
    missing = runner.invoke(cli(), ["درعا", "--data-dir", str(data_dir)])
    assert missing.exit_code == 1
    assert "search --refresh" in missing.output
    built = runner.invoke(
        cli(), ["درعا", "--data-dir", str(data_dir), "--refresh", "--since", "2025-04-01"]
    )
    assert built.exit_code == 0, built.output
    assert "2001" in built.output and "100-خبر" not in built.output
    bad = runner.invoke(cli(), ["درعا", "--data-dir", str(data_dir), "--since", "April"])
    assert bad.exit_code != 0
    nothing = runner.invoke(cli(), ["القطب المتجمد", "--data-dir", str(data_dir)])
    assert nothing.exit_code == 0
    assert "no article matches" in nothing.output
