"""Clean and enrich parsed pages into `articles` rows (the stage between parse and validate).

Input: a frame shaped by `schemas.ParsedArticleModel` plus `fetched_at` and `run_id`.
Output (`build_batch`): a frame with the columns of `schemas.ArticleModel`, one row per
article_id (the last fetched wins), ready for validation, and the article's enrichment rows
(`transforms.enrich`), whose relevance fills `syria_relevance` and `is_syria`. Pure: the same
input gives the same rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from schemas.articles import ArticleModel
from schemas.validate import empty_frame
from transforms.agencies import normalize_agency
from transforms.arabic import clean_list_expr, clean_text_expr
from transforms.dates import enrich_dates
from transforms.enrich import Enrichment, enrich_frame

TEXT_COLUMNS = (
    "section",
    "subsection",
    "headline",
    "subheadline",
    "byline",
    "author",
    "dateline",
    "date_text",
    "image_caption",
    "image_credit",
)
LIST_COLUMNS = ("paragraphs", "tags")
PARAGRAPH_SEPARATOR = "\n\n"


def content_sha1(headline: str | None, body_text: str | None) -> str:
    """The fingerprint of an article's content: its headline and body as published."""
    text = f"{headline or ''}\n{body_text or ''}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def clean_articles(parsed: pl.DataFrame) -> pl.DataFrame:
    """Normalise whitespace and invisible characters in every text field; drop empty paragraphs."""
    return parsed.with_columns(
        *(clean_text_expr(pl.col(c)).alias(c) for c in TEXT_COLUMNS),
        *(clean_list_expr(pl.col(c)).alias(c) for c in LIST_COLUMNS),
    )


def enrich_articles(cleaned: pl.DataFrame) -> pl.DataFrame:
    """Add body text, counts, UTC dates and the printed day, the agency credit id, fingerprint."""
    frame = cleaned.with_columns(
        pl.col("paragraphs").list.join(PARAGRAPH_SEPARATOR).alias("body_text"),
        pl.col("image_credit")
        .map_elements(lambda raw: normalize_agency(raw) or raw, return_dtype=pl.Utf8)
        .alias("image_credit"),
    ).with_columns(
        pl.col("body_text").str.count_matches(r"\w+").cast(pl.Int32).alias("word_count"),
        pl.struct("headline", "body_text")
        .map_elements(
            lambda row: content_sha1(row["headline"], row["body_text"]), return_dtype=pl.Utf8
        )
        .alias("content_sha1"),
    )
    return enrich_dates(frame)


@dataclass
class Built:
    """A batch of articles shaped like `ArticleModel` and their enrichment frames."""

    articles: pl.DataFrame
    enrichment: Enrichment


def build_batch(parsed: pl.DataFrame) -> Built:
    """parsed pages (+ fetched_at, run_id) → one row per article, with places, actors, …"""
    if parsed.is_empty():
        return Built(empty_frame(ArticleModel), enrich_frame(empty_frame(ArticleModel)))
    frame = (
        enrich_articles(clean_articles(parsed))
        .sort("fetched_at")
        .unique(subset=["article_id"], keep="last", maintain_order=True)
    )
    return annotate_articles(frame)


def annotate_articles(frame: pl.DataFrame) -> Built:
    """Articles (one row each, with text and `published_date`) → their enrichment, and the
    rows shaped like `ArticleModel` with the relevance and dictionary version it gave."""
    enrichment = enrich_frame(frame)
    articles = (
        frame.drop("syria_relevance", "is_syria", "dictionary_version", strict=False)
        .join(enrichment.relevance, on="article_id", how="left")
        .select(list(ArticleModel.to_schema().columns))
    )
    return Built(articles, enrichment)


def build_articles(parsed: pl.DataFrame) -> pl.DataFrame:
    """parsed pages (+ fetched_at, run_id) → rows shaped like `ArticleModel`, one per article."""
    return build_batch(parsed).articles


def versions_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """The `article_versions` rows of articles just built: each opens a version at its fetch
    (the loader closes the version it replaces)."""
    return articles.select(
        "article_id",
        "content_sha1",
        "headline",
        "word_count",
        pl.col("fetched_at").alias("valid_from"),
        pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("valid_to"),
        "run_id",
        "subheadline",
        "paragraphs",
    )
