"""Data-quality checks on a real warehouse on disk: enrichment integrity, volume, messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from schemas import RunModel
from schemas.validate import polars_schema
from warehouse.dq import failed_message, run_checks
from warehouse.load import append_new

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
BODY = "قال المرصد السوري إن «القصف استمر طوال الليل على أطراف المدينة» في ريف إدلب."


def add_article(con, quote_offset: int) -> None:  # type: ignore[no-untyped-def]
    con.execute(
        "INSERT INTO articles (article_id, site, url, headline, published_at, published_date, "
        "body_text, paragraphs, word_count, tags, related_ids, layout, parser_version, "
        "content_sha1, syria_relevance, is_syria, dictionary_version, fetched_at, run_id) "
        "VALUES ('aawsat:1', 'aawsat', 'https://aawsat.com/node/1', 'عنوان الخبر', ?, ?, ?, "
        "[?], 14, [], [], 'current', 't', repeat('a', 40), 0.9, true, 'v', ?, 'r')",
        [NOW, NOW.date(), BODY, BODY, NOW],
    )
    quote = "القصف استمر طوال الليل على أطراف المدينة"
    con.execute(
        "INSERT INTO article_quotes VALUES ('aawsat:1', ?, 'المرصد السوري', NULL, 'قال', ?, 'v')",
        [quote_offset, quote],
    )


def add_runs(con, discovered: list[int]) -> None:  # type: ignore[no-untyped-def]
    earlier = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    rows = [
        {
            "run_id": f"run-{earlier + i}",
            "flow": "ingest",
            "source": "aawsat",
            "started_at": NOW - timedelta(hours=100 - earlier - i),
            "finished_at": NOW - timedelta(hours=100 - earlier - i),
            "status": "completed",
            "discovered": n,
            "fetched": 0,
            "loaded": 0,
            "unchanged": n,
            "quarantined": 0,
            "failed": 0,
            "gone": 0,
            "skipped": 0,
            "deferred": 0,
            "message": None,
        }
        for i, n in enumerate(discovered)
    ]
    append_new(con, "runs", RunModel.validate(pl.DataFrame(rows, schema=polars_schema(RunModel))))


def checks(con, discovered: int = 100, **kw: object) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    counts = {"discovered": discovered, "unchanged": discovered}
    frame = run_checks(
        con, run_id="now", counts=counts, data_dir=Path("."), now=NOW, source="aawsat", **kw
    )
    return {r["check_name"]: r for r in frame.iter_rows(named=True)}


def test_quote_at_its_offset_passes_and_a_shifted_one_fails(con) -> None:  # type: ignore[no-untyped-def]
    add_article(con, BODY.index("القصف"))
    assert checks(con)["quotes_at_offsets"]["status"] == "pass"
    con.execute("UPDATE article_quotes SET char_offset = char_offset + 3")
    result = checks(con)
    assert result["quotes_at_offsets"]["status"] == "fail"
    frame = pl.DataFrame(list(result.values()))
    message = failed_message(frame)
    assert message is not None and "article_quotes.quotes_at_offsets observed 1" in message


def test_required_columns_have_a_zero_null_rate_check(con) -> None:  # type: ignore[no-untyped-def]
    add_article(con, BODY.index("القصف"))
    result = checks(con)
    assert result["null_rate_headline"]["threshold"] == 0
    assert result["null_rate_author"]["observed"] == 1.0  # measured, not judged
    assert result["null_rate_author"]["status"] == "pass"


def test_volume_is_judged_against_the_median_of_earlier_runs(con) -> None:  # type: ignore[no-untyped-def]
    add_runs(con, [100])
    assert checks(con, discovered=10)["volume_vs_median"]["status"] == "pass"  # too few runs
    add_runs(con, [96, 104])
    assert checks(con, discovered=60)["volume_vs_median"]["status"] == "pass"
    low = checks(con, discovered=40)["volume_vs_median"]
    assert low["status"] == "fail" and low["threshold"] == 50.0


def test_layout_change_rate_fails_the_run(con) -> None:  # type: ignore[no-untyped-def]
    result = checks(con, parse_errors={"layout_changed": 3})
    assert result["layout_change_rate"]["status"] == "pass"  # nothing parsed: no rate
    counts = {"discovered": 10, "loaded": 6, "quarantined": 4, "fetched": 10}
    frame = run_checks(
        con,
        run_id="x",
        counts=counts,
        data_dir=Path("."),
        now=NOW,
        parse_errors={"layout_changed": 4},
    )
    row = frame.filter(pl.col("check_name") == "layout_change_rate").row(0, named=True)
    assert row["status"] == "fail" and row["observed"] == 0.4


def test_stale_dictionary_is_a_warning(con) -> None:  # type: ignore[no-untyped-def]
    add_article(con, BODY.index("القصف"))
    assert checks(con, current_dictionary="v")["stale_dictionary_version"]["status"] == "pass"
    assert checks(con, current_dictionary="w")["stale_dictionary_version"]["status"] == "warn"
