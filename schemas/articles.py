"""The `articles` table: one row per article, its current version.

Partitioned in the warehouse by year and month of `published_at` (UTC); `published_date` is
the calendar day the outlet printed (the date of `published_at` in the outlet's own zone).

Row checks (a failing row is quarantined with every failed check, column and value):

* the body: at least `MIN_ARABIC_SHARE` of its letters Arabic for an Arabic outlet; at least
  `MIN_NEWS_WORDS` words for a news article; no page furniture in it (a `TT` font-control
  paragraph, the `مقالات ذات صلة` related block, a paragraph that is the image caption);
* dates: `published_at` not before 1978 nor after the fetch (one day of slack for zones), the
  printed Hijri date within a day of `published_date` (Umm al-Qura, `hijridate`);
* the URL: on the outlet's own host, in its article pattern, and holding the article's id;
  an article read from a text dump (layout `text-dump`) has none: its `url` is
  `text-dump:<site>/<16 hex>` (the address of the text) and its id `<site>:text-<16 hex>`.

A section outside `schemas/data/sections.csv` is a warning, not a rejection: outlets add
sections, and the data-quality checks count them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from importlib import resources

import pandera.polars as pa
import polars as pl
from hijridate import Hijri

from schemas.parsed import (
    ARTICLE_ID_PATTERN,
    ARTICLE_TYPES,
    LAYOUTS,
    TEXT_DUMP_URL_PREFIX,
    URL_PATTERN,
)

UTC_TS = pl.Datetime(time_unit="us", time_zone="UTC")
MIN_ARABIC_SHARE = 0.6
MIN_NEWS_WORDS = 50
EARLIEST = dt.datetime(1978, 1, 1, tzinfo=dt.UTC)
# The outlets whose articles are in Arabic (the generic extractor may see any language).
ARABIC_SITES = ["aawsat", "enabbaladi", "sana", "aljazeera", "alarabiya", "bbcarabic"]
# An article URL of each outlet (public hosts; `article_id` rules live in `sources/`).
ARTICLE_URL_PATTERNS = {
    "aawsat": r"^https?://(www\.)?aawsat\.com/(node/\d+|home/article/\d+|[^/?#]+/([^/?#]+/)?\d+-)",
    "enabbaladi": r"^https?://(www\.)?enabbaladi\.net/archives/\d+",
    "sana": r"^https?://(www\.)?sana\.sy/(\?p=\d+|[^/?#]+/\d{3,}/?$)",
    "aljazeera": r"^https?://(www\.)?aljazeera\.net/(amp/)?[a-z][a-z0-9-]*/\d{4}/\d{1,2}/\d{1,2}/",
    "alarabiya": r"^https?://(www\.)?alarabiya\.net/(amp/)?([a-z0-9-]+/){1,3}\d{4}/\d{2}/\d{2}/",
    "bbcarabic": r"^https?://(www\.)?bbc\.(com|co\.uk)/arabic/",
}
# The canonical Hijri month names `published_hijri` is written with (`transforms.dates` uses them).
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
RELATED_BLOCK = "مقالات ذات صلة"
FONT_CONTROL = "TT"


@functools.cache
def known_sections() -> dict[str, frozenset[str]]:
    """site → the sections it is known to have (`schemas/data/sections.csv`)."""
    text = resources.files("schemas.data").joinpath("sections.csv").read_text("utf-8")
    out: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out.setdefault(row["site"], set()).add(row["section"])
    return {site: frozenset(sections) for site, sections in out.items()}


_HIJRI = re.compile(r"^(\d{1,2}) (" + "|".join(HIJRI_MONTHS) + r") (\d{4})$")


def hijri_agrees(hijri: str | None, day: dt.date | None) -> bool:
    """The printed Hijri date is within a day of the Gregorian day (or there is none)."""
    if hijri is None or day is None:
        return True
    m = _HIJRI.match(hijri)
    if m is None:
        return False
    try:
        greg = Hijri(int(m[3]), HIJRI_MONTHS.index(m[2]) + 1, int(m[1])).to_gregorian()
    except (ValueError, OverflowError):
        return int(m[3]) < 1343 or int(m[3]) > 1500  # outside the Umm al-Qura table: unknown
    return abs((dt.date(greg.year, greg.month, greg.day) - day).days) <= 1


def _url_matches(site: str, url: str, article_id: str, layout: str | None = None) -> bool:
    if layout == "text-dump" or url.startswith(TEXT_DUMP_URL_PREFIX):
        # Read from a text dump: no URL, the address of the text, and an id from the headline.
        return (
            layout == "text-dump"
            and re.fullmatch(rf"{TEXT_DUMP_URL_PREFIX}{re.escape(site)}/[0-9a-f]{{16}}", url)
            is not None
            and re.fullmatch(rf"{re.escape(site)}:text-[0-9a-f]{{16}}", article_id) is not None
        )
    pattern = ARTICLE_URL_PATTERNS.get(site)
    if pattern is None:
        return True
    return re.match(pattern, url) is not None and article_id.split(":", 1)[1] in url


# What a page gives of an article date (not `schemas.enrichment.DATE_PRECISIONS`, the
# precisions of date phrases in the text).
CLOCK_PRECISIONS = ["day", "minute", "second"]


class ArticleModel(pa.DataFrameModel):
    """A cleaned, enriched article ready to load."""

    article_id: str = pa.Field(unique=True, str_matches=ARTICLE_ID_PATTERN)
    site: str
    url: str = pa.Field(str_matches=URL_PATTERN)
    canonical_url: str = pa.Field(nullable=True)
    article_type: str = pa.Field(nullable=True, isin=ARTICLE_TYPES)
    section: str = pa.Field(nullable=True)
    subsection: str = pa.Field(nullable=True)
    headline: str = pa.Field(str_length={"min_value": 3})
    subheadline: str = pa.Field(nullable=True)
    byline: str = pa.Field(nullable=True)
    author: str = pa.Field(nullable=True)
    dateline: str = pa.Field(nullable=True)
    published_at: UTC_TS = pa.Field(nullable=False, ge=EARLIEST)  # type: ignore[valid-type]
    published_date: pl.Date = pa.Field(nullable=False)
    # The outlet's clock: minutes east of UTC (given by the page or implied by the outlet's
    # zone) and what the page gave (`day`, `minute`, `second`). Null only in rows loaded
    # before these columns existed.
    published_offset: pl.Int32 = pa.Field(nullable=True, ge=-720, le=840)
    published_precision: str = pa.Field(nullable=True, isin=CLOCK_PRECISIONS)
    updated_at: UTC_TS = pa.Field(nullable=True)  # type: ignore[valid-type]
    updated_date: pl.Date = pa.Field(nullable=True)
    updated_offset: pl.Int32 = pa.Field(nullable=True, ge=-720, le=840)
    updated_precision: str = pa.Field(nullable=True, isin=CLOCK_PRECISIONS)
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
    dictionary_version: str
    fetched_at: UTC_TS  # type: ignore[valid-type]
    run_id: str

    @pa.check("section", raise_warning=True, name="section_known")
    @classmethod
    def section_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        sections = known_sections()
        return data.lazyframe.select(
            pl.struct("site", "section").map_elements(
                lambda r: (
                    r["section"] is None
                    or r["site"] not in sections
                    or r["section"] in sections[r["site"]]
                ),
                return_dtype=pl.Boolean,
            )
        )

    @pa.dataframe_check(description="an Arabic outlet's body is mostly Arabic letters")
    @classmethod
    def arabic_body(cls, data: pa.PolarsData) -> pl.LazyFrame:
        letters = pl.col("body_text").str.count_matches(r"\p{L}")
        arabic = pl.col("body_text").str.count_matches(r"\p{Arabic}")
        return data.lazyframe.select(
            ~pl.col("site").is_in(ARABIC_SITES) | (arabic >= MIN_ARABIC_SHARE * letters)
        )

    @pa.dataframe_check(description=f"a news article has at least {MIN_NEWS_WORDS} words")
    @classmethod
    def news_length(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("article_type") != "news").fill_null(True)
            | (pl.col("word_count") >= MIN_NEWS_WORDS)
        )

    @pa.dataframe_check(description="no page furniture in the body (TT, related block, caption)")
    @classmethod
    def no_furniture(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # A caption's words may well recur in the text; a paragraph that IS the caption is
        # the caption leaking into the body.
        caption = pl.col("image_caption")
        return data.lazyframe.select(
            ~pl.col("paragraphs").list.contains(FONT_CONTROL)
            & ~pl.col("body_text").str.contains(RELATED_BLOCK, literal=True)
            & (caption.is_null() | ~pl.col("paragraphs").list.contains(caption)).fill_null(True)
        )

    @pa.dataframe_check(description="the printed Hijri date agrees with published_date (±1 day)")
    @classmethod
    def hijri_consistent(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.struct("published_hijri", "published_date").map_elements(
                lambda r: hijri_agrees(r["published_hijri"], r["published_date"]),
                return_dtype=pl.Boolean,
            )
        )

    @pa.dataframe_check(
        description="the URL is the outlet's article pattern holding the id (a text dump's: "
        "text-dump:<site>/<hash>, with a <site>:text-<hash> id)"
    )
    @classmethod
    def url_pattern(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.struct("site", "url", "article_id", "layout").map_elements(
                lambda r: _url_matches(r["site"], r["url"], r["article_id"], r["layout"]),
                return_dtype=pl.Boolean,
            )
        )

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
    # The version's text, so that the `revisions` view can say what changed. Declared last:
    # a warehouse made before they existed gains them at the end of the table; null there.
    subheadline: str = pa.Field(nullable=True)
    paragraphs: pl.List(pl.Utf8) = pa.Field(nullable=True)  # type: ignore[valid-type]

    class Config:
        strict = True
        coerce = True
