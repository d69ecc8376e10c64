"""The enrichment tables: what each article is about (places, actors, cited sources, quotes,
date phrases). Derived rows: `syria-etl enrich --rebuild` recomputes them from `articles`.

Every row records `dictionary_version` (see `transforms.dictionaries`). Ids must exist in the
dictionaries: the p-codes, actor ids and source ids of `transforms/data/*.csv` are read here as
data (never as code) so that a row naming an unknown id is rejected, whoever made it.
Offsets (`first_offset`, `char_offset`) are character offsets into the article's `body_text`
(`offset` is an SQL keyword); that they point at their text is checked in the warehouse after
loading (`warehouse.dq`), where the body is.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import pandera.polars as pa
import polars as pl

from schemas.parsed import ARTICLE_ID_PATTERN

SOURCE_HOW = ["credit", "attribution", "dateline"]
DATE_PRECISIONS = ["day", "week", "month", "season", "year", "decade"]
GOVERNORATES = [f"SY{n:02d}" for n in range(1, 15)]
ACTOR_TYPES = ["state", "armed_group", "party", "person", "organisation"]


@functools.cache
def _dictionary_keys(file: str, column: str) -> list[str]:
    text = resources.files("transforms.data").joinpath(file).read_text("utf-8")
    return sorted({row[column].strip() for row in csv.DictReader(io.StringIO(text))})


def known_pcodes() -> list[str]:
    """Every p-code of the gazetteer."""
    return _dictionary_keys("gazetteer.csv", "pcode")


def known_actor_ids() -> list[str]:
    """Every actor id of the actor dictionary."""
    return _dictionary_keys("actors.csv", "actor_id")


def known_source_ids() -> list[str]:
    """Every source id of the cited-source dictionary."""
    return _dictionary_keys("agencies.csv", "source_id")


class ArticlePlaceModel(pa.DataFrameModel):
    """One place an article names (or implies: the governorate of a town it names)."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    pcode: str = pa.Field(isin=known_pcodes())
    admin_level: pl.Int32 = pa.Field(ge=0, le=4)
    kind: str
    name_ar: str
    name_en: str
    governorate_pcode: str = pa.Field(nullable=True, isin=GOVERNORATES)
    country_code: str = pa.Field(str_length={"min_value": 2, "max_value": 2})
    mentions: pl.Int32 = pa.Field(ge=0)
    in_headline: bool
    first_offset: pl.Int32 = pa.Field(nullable=True, ge=0)
    implied: bool
    dictionary_version: str

    @pa.dataframe_check(description="a named place has mentions, an implied one has none")
    @classmethod
    def mentions_match_implied(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("implied") == (pl.col("mentions") == 0))

    @pa.dataframe_check(description="a place is in the headline or has a body offset")
    @classmethod
    def located(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("in_headline") | pl.col("first_offset").is_not_null())

    class Config:
        strict = True
        coerce = True
        unique = ("article_id", "pcode")


class ArticleActorModel(pa.DataFrameModel):
    """One actor an article names, with the aliases it used."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    actor_id: str = pa.Field(isin=known_actor_ids())
    actor_type: str = pa.Field(isin=ACTOR_TYPES)
    name_en: str
    name_ar: str
    mentions: pl.Int32 = pa.Field(ge=1)
    in_headline: bool
    first_offset: pl.Int32 = pa.Field(nullable=True, ge=0)
    alias_seen: pl.List(pl.Utf8)  # type: ignore[valid-type]
    dictionary_version: str

    class Config:
        strict = True
        coerce = True
        unique = ("article_id", "actor_id")


class ArticleSourceModel(pa.DataFrameModel):
    """One source an article cites, and how: image credit, dateline or attribution in text."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    source_id: str = pa.Field(isin=known_source_ids())
    how: str = pa.Field(isin=SOURCE_HOW)
    mentions: pl.Int32 = pa.Field(ge=1)
    first_offset: pl.Int32 = pa.Field(nullable=True, ge=0)
    dictionary_version: str

    class Config:
        strict = True
        coerce = True
        unique = ("article_id", "source_id", "how")


class ArticleQuoteModel(pa.DataFrameModel):
    """One direct quotation in an article's body, with its speaker where the text names one."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    char_offset: pl.Int32 = pa.Field(ge=0)
    speaker: str = pa.Field(nullable=True)
    speaker_actor_id: str = pa.Field(nullable=True, isin=known_actor_ids())
    verb: str = pa.Field(nullable=True)
    quote: str = pa.Field(str_length={"min_value": 1})
    dictionary_version: str

    class Config:
        strict = True
        coerce = True
        unique = ("article_id", "char_offset")


class ArticleDateModel(pa.DataFrameModel):
    """One date phrase in an article's body, resolved against its publication day."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    char_offset: pl.Int32 = pa.Field(ge=0)
    phrase: str = pa.Field(str_length={"min_value": 1})
    resolved_date: pl.Date = pa.Field(nullable=True)
    precision: str = pa.Field(isin=DATE_PRECISIONS)
    dictionary_version: str

    class Config:
        strict = True
        coerce = True
        unique = ("article_id", "char_offset")
