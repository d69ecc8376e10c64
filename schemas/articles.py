"""The `articles` table: one row per article, its current version.

Partitioned in the warehouse by year and month of `published_at` (UTC).
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.parsed import ARTICLE_ID_PATTERN, ARTICLE_TYPES, LAYOUTS

UTC_TS = pl.Datetime(time_unit="us", time_zone="UTC")


class ArticleModel(pa.DataFrameModel):
    """A cleaned, enriched article ready to load."""

    article_id: str = pa.Field(unique=True, str_matches=ARTICLE_ID_PATTERN)
    site: str
    url: str = pa.Field(str_startswith="http")
    canonical_url: str = pa.Field(nullable=True)
    article_type: str = pa.Field(nullable=True, isin=ARTICLE_TYPES)
    section: str = pa.Field(nullable=True)
    subsection: str = pa.Field(nullable=True)
    headline: str = pa.Field(str_length={"min_value": 3})
    subheadline: str = pa.Field(nullable=True)
    byline: str = pa.Field(nullable=True)
    author: str = pa.Field(nullable=True)
    dateline: str = pa.Field(nullable=True)
    published_at: UTC_TS = pa.Field(nullable=False)  # type: ignore[valid-type]
    updated_at: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    published_hijri: str = pa.Field(nullable=True)
    body_text: str = pa.Field(str_length={"min_value": 1})
    paragraphs: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    word_count: pl.Int32 = pa.Field(ge=1)
    lead_image_url: str = pa.Field(nullable=True)
    image_caption: str = pa.Field(nullable=True)
    image_credit: str = pa.Field(nullable=True)
    tags: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    related_ids: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    layout: str = pa.Field(isin=LAYOUTS)
    parser_version: str
    content_sha1: str = pa.Field(str_matches=r"^[0-9a-f]{40}$")
    syria_relevance: pl.Float64 = pa.Field(ge=0.0, le=1.0)
    is_syria: bool
    fetched_at: UTC_TS  # type: ignore[valid-type]
    run_id: str

    @pa.dataframe_check(description="updated_at is not before published_at")
    @classmethod
    def updated_after_published(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("updated_at").is_null() | (pl.col("updated_at") >= pl.col("published_at"))
        )

    @pa.dataframe_check(description="published_at is not in the future of the fetch")
    @classmethod
    def published_before_fetch(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("published_at") <= pl.col("fetched_at") + pl.duration(days=1)
        )

    class Config:
        strict = True
        coerce = True


class ArticleVersionModel(pa.DataFrameModel):
    """One content revision of an article; `valid_to` is null for the current version."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    content_sha1: str = pa.Field(str_matches=r"^[0-9a-f]{40}$")
    headline: str
    word_count: pl.Int32 = pa.Field(ge=0)
    valid_from: UTC_TS  # type: ignore[valid-type]
    valid_to: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    run_id: str

    class Config:
        strict = True
        coerce = True
