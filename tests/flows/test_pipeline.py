"""The pipeline's plain functions: fetch planning, the revisit policy, fetch outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from protego import Protego

from flows.pipeline import fetch_outcome, plan_fetch, revisit_after, url_state_frame
from sources import aawsat
from sources.base import DiscoveredUrl
from sources.http import FetchResult

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
A = "https://aawsat.com/العالم-العربي/المشرق-العربي/5087364-طائرات-سورية-وروسية"
B = "https://aawsat.com/home/article/3383751/أبو-الغيط-لا-أعلم"


def state(url: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": url, "article_id": aawsat.article_id(url), "site": "aawsat",
        "discovered_via": "sitemap", "state": "loaded", "reason": None, "attempts": 1,
        "last_status": 200, "lastmod": None, "last_fetched_at": NOW - timedelta(days=2),
        "next_fetch_after": None, "content_sha1": "0" * 40, "published_at": None,
        "etag": '"e1"', "last_modified": None, "run_id": "r0",
    }  # fmt: skip
    row.update(overrides)
    return row


def plan(discovered: list[DiscoveredUrl], known: list[dict[str, Any]], **kw: Any):  # type: ignore[no-untyped-def]
    return plan_fetch(
        aawsat, discovered, url_state_frame(known), now=NOW, robots=kw.pop("robots", None),
        user_agent="syria-etl", run_id="r1", **kw,
    )  # fmt: skip


def test_new_urls_are_fetched_and_known_ones_are_not() -> None:
    result = plan([DiscoveredUrl(A, "sitemap"), DiscoveredUrl(B, "sitemap")], [state(B)])
    assert [item.url for item, _, _ in result.to_fetch] == [A]
    assert result.counts == {"unchanged": 1}


def test_due_retries_and_newer_lastmod_are_fetched_conditionally() -> None:
    failed = state(A, state="failed", next_fetch_after=NOW - timedelta(minutes=1))
    revised = state(B)
    found = [DiscoveredUrl(A, "sitemap"), DiscoveredUrl(B, "sitemap", lastmod=NOW.isoformat())]
    result = plan(found, [failed, revised])
    assert [(req.url, req.etag) for _, req, _ in result.to_fetch] == [(A, '"e1"'), (B, '"e1"')]


def test_not_yet_due_failure_waits() -> None:
    failed = state(A, state="failed", next_fetch_after=NOW + timedelta(hours=1))
    assert plan([DiscoveredUrl(A, "sitemap")], [failed]).to_fetch == []


def test_skips_are_recorded_with_reasons() -> None:
    robots = Protego.parse("User-agent: *\nDisallow: /home/\n")
    section = "https://aawsat.com/العالم-العربي"
    node = "https://aawsat.com/node/5087364"
    found = [DiscoveredUrl(u, "sitemap") for u in (A, B, section, node)]
    result = plan(found, [], robots=robots)
    reasons = {row["url"]: row["reason"] for row in result.settled}
    assert reasons == {
        B: "robots_txt",
        section: "not_article_url",
        node: f"duplicate_of: {A}",
    }
    assert result.counts == {"skipped": 3}


def test_max_pages_defers_the_rest() -> None:
    result = plan([DiscoveredUrl(A, "sitemap"), DiscoveredUrl(B, "sitemap")], [], max_pages=1)
    assert len(result.to_fetch) == 1
    assert result.counts == {"deferred": 1}
    assert [row["state"] for row in result.settled] == ["pending"]


def test_revisits_come_sooner_for_younger_articles() -> None:
    published = NOW - timedelta(hours=2)
    assert revisit_after(published, NOW) == NOW + timedelta(hours=1)
    assert revisit_after(NOW - timedelta(hours=12), NOW) == NOW + timedelta(hours=6)
    assert revisit_after(NOW - timedelta(days=2), NOW) == NOW + timedelta(days=1)
    assert revisit_after(NOW - timedelta(days=5), NOW) == NOW + timedelta(days=3)
    assert revisit_after(NOW - timedelta(days=30), NOW) is None
    assert revisit_after(None, NOW) is None


def result(status: int | None, error: str | None = None, ctype: str = "text/html") -> FetchResult:
    return FetchResult(A, A, status, {"content-type": ctype}, b"", NOW, error=error)


def test_fetch_outcomes() -> None:
    assert fetch_outcome(result(200)) == (None, None)
    assert fetch_outcome(result(304)) == ("unchanged", None)
    assert fetch_outcome(result(404)) == ("gone", "http_404")
    assert fetch_outcome(result(410)) == ("gone", "http_410")
    assert fetch_outcome(result(200, ctype="application/pdf")) == (
        "skipped",
        "content_type: application/pdf",
    )
    assert fetch_outcome(result(200, error="too_large")) == ("failed", "too_large")
    assert fetch_outcome(result(None, error="timeout")) == ("failed", "timeout")
    assert fetch_outcome(result(None, error="private_address: 127.0.0.2")) == (
        "skipped",
        "refused: private_address: 127.0.0.2",
    )
    assert fetch_outcome(result(403)) == ("failed", "http_403")


def test_url_state_frame_has_the_model_columns() -> None:
    frame = url_state_frame([state(A)])
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")


def test_a_bad_enrichment_row_is_quarantined_alone() -> None:
    import datetime as dt

    from flows.pipeline import validate_enrichment
    from transforms.enrich import enrich_frame

    articles = pl.DataFrame(
        {
            "article_id": ["aawsat:1", "aawsat:2"],
            "headline": ["اشتباكات في ريف درعا", "قصف على إدلب"],
            "body_text": ["شهدت مدينة جاسم اشتباكات.", "قصفت الطائرات بلدة سراقب."],
            "published_date": [dt.date(2022, 8, 11), dt.date(2020, 2, 1)],
        }
    )
    enrichment = enrich_frame(articles)
    places = enrichment.tables["article_places"]
    assert places.height >= 4
    # A row naming a place the gazetteer does not have (a bug or a hand edit) is rejected.
    enrichment.tables["article_places"] = places.with_columns(
        pl.when(pl.col("article_id") == "aawsat:2").then(pl.lit("SY99")).otherwise("pcode")
        .alias("pcode")
    )  # fmt: skip
    urls = {"aawsat:1": "https://aawsat.com/node/1", "aawsat:2": "https://aawsat.com/node/2"}
    valid, rejects = validate_enrichment(enrichment, urls)
    assert set(valid["article_places"]["article_id"]) == {"aawsat:1"}
    assert rejects and {t for t, _ in rejects} == {"article_places"}
    assert all(r["article_id"] == "aawsat:2" and r["url"] == urls["aawsat:2"] for _, r in rejects)
    assert any("isin" in c for _, r in rejects for c in r["checks"])
    assert valid["article_actors"].height == enrichment.tables["article_actors"].height
