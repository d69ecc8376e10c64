"""What a page parser returns: one record per article page, as printed on the page.

Values are the page's visible text (trimmed, otherwise untouched); interpretation such as
turning `date_text` into a UTC timestamp or normalising an agency credit happens in
`transforms/`. Nullable columns are the ones a real page may legitimately lack.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

ARTICLE_ID_PATTERN = r"^[a-z0-9_]+:[0-9A-Za-z_-]+$"
# `text-dump`: read from a page's rendered text (`sources.textdump`), which has no URL: its
# `url` is `text-dump:<site>/<16 hex digits of the SHA-1 of the text>`.
LAYOUTS = ["current", "legacy", "generic", "text-dump"]
TEXT_DUMP_URL_PREFIX = "text-dump:"
URL_PATTERN = rf"^(?:http|{TEXT_DUMP_URL_PREFIX})"
ARTICLE_TYPES = ["news", "opinion", "analysis", "interview"]


class ParsedArticleModel(pa.DataFrameModel):
    """One parsed article page (the output of `sources.<outlet>.parse_article`)."""

    url: str = pa.Field(str_matches=URL_PATTERN)
    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    site: str
    canonical_url: str = pa.Field(nullable=True)
    layout: str = pa.Field(isin=LAYOUTS)
    article_type: str = pa.Field(nullable=True, isin=ARTICLE_TYPES)
    section: str = pa.Field(nullable=True)
    subsection: str = pa.Field(nullable=True)
    headline: str = pa.Field(str_length={"min_value": 1})
    subheadline: str = pa.Field(nullable=True)
    byline: str = pa.Field(nullable=True)
    author: str = pa.Field(nullable=True)
    dateline: str = pa.Field(nullable=True)
    date_text: str = pa.Field(nullable=True)
    published_meta: str = pa.Field(nullable=True)
    updated_meta: str = pa.Field(nullable=True)
    paragraphs: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    lead_image_url: str = pa.Field(nullable=True)
    image_caption: str = pa.Field(nullable=True)
    image_credit: str = pa.Field(nullable=True)
    tags: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    related_ids: pl.List(pl.Utf8) = pa.Field(nullable=False)  # type: ignore[valid-type]
    parser_version: str

    class Config:
        # Not strict: the pipeline carries `fetched_at` and `run_id` along with the record.
        strict = False
        coerce = True
