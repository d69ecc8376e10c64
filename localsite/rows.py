"""Articles shaped for the warehouse, for tests and benchmarks that need a few hand-written
articles in a real warehouse without crawling: `article_row` makes the row the parse stage
would hand over (relevance still unknown), `load_articles` sends rows through the real
enrichment (`transforms.articles.annotate_articles`) and the real loader, with their versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import duckdb
import polars as pl

from schemas import ArticleModel
from schemas.validate import polars_schema
from transforms.articles import annotate_articles, versions_frame
from warehouse.load import Batch, LoadCounts, load_batch

URLS = {
    "aawsat": "https://aawsat.com/العالم-العربي/المشرق-العربي/{nid}-خبر",
    "enabbaladi": "https://www.enabbaladi.net/archives/{nid}",
}


def article_row(
    article_id: str, day: dt.date, headline: str, paragraphs: list[str], **overrides: Any
) -> dict[str, Any]:
    """An `articles` row before enrichment: published at 06:00 UTC on `day`, fetched at
    12:00; `article_id` is `site:nid`; any column can be overridden."""
    site, nid = article_id.split(":", 1)
    body = "\n\n".join(paragraphs)
    row: dict[str, Any] = {
        "article_id": article_id,
        "site": site,
        "url": URLS.get(site, "https://example.org/{nid}").format(nid=nid),
        "canonical_url": None,
        "article_type": "news",
        "section": "العالم العربي",
        "subsection": "المشرق العربي",
        "headline": headline,
        "subheadline": None,
        "byline": None,
        "author": None,
        "dateline": None,
        "published_at": dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=dt.UTC),
        "published_date": day,
        "updated_at": None,
        "published_hijri": None,
        "body_text": body,
        "paragraphs": paragraphs,
        "word_count": len(body.split()),
        "lead_image_url": None,
        "image_caption": None,
        "image_credit": None,
        "tags": [],
        "related_ids": [],
        "layout": "current",
        "parser_version": "test-1",
        "content_sha1": hashlib.sha1((headline + body).encode()).hexdigest(),
        "syria_relevance": 0.0,
        "is_syria": False,
        "dictionary_version": "",
        "fetched_at": dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC),
        "run_id": "run-1",
    }
    row.update(overrides)
    return row


def load_articles(con: duckdb.DuckDBPyConnection, *rows: dict[str, Any]) -> LoadCounts:
    """Enrich the rows as the flow does and load them with their versions in one batch."""
    built = annotate_articles(pl.DataFrame(list(rows), schema=polars_schema(ArticleModel)))
    return load_batch(
        con,
        Batch(
            articles=built.articles,
            article_versions=versions_frame(built.articles),
            enrichment=built.enrichment.tables,
            enriched_ids=built.articles.get_column("article_id").to_list(),
        ),
    )
