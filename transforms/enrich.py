"""What each article is about: its places, actors, cited sources, quotes and date phrases, and
its Syria relevance, as rows of the tables `article_places`, `article_actors`,
`article_sources`, `article_quotes` and `article_dates`.

Contract: `annotate(headline, body, published, ...)` returns one `Annotation` whose `tables()` are
exactly what the flow stores for the article (less `article_id` and `dictionary_version`);
`enrich_frame(articles)` does it for a frame of articles (`article_id`, `headline`, `body_text`,
`published_date`, `image_credit`, `byline`, `dateline`) and returns the five frames plus the
relevance columns. Pure: the same text and dictionaries give the same rows.

Row rules:

* Offsets (`first_offset`, `char_offset`) are character offsets into `body_text` (paragraphs joined
  by a blank line); a name only in the headline has `first_offset` null and `in_headline` true.
* `mentions` counts the headline and the body. A town, district, camp … implies its
  governorate: the governorate gets a row with `mentions` 0 and `implied` true when the text
  never names it.
* Sources: `credit` from the image credit, `dateline` from the byline or dateline
  (`دمشق - سانا`), `attribution` from the headline and body.
* A quote's `speaker_actor_id` is the first actor named in its speaker.

Relevance (`syria_relevance`, `is_syria`) is scored from the same mentions by the rule of
`transforms.relevance`.

How a batch is built (`enrich_frame`): the matching keys of every headline and body come from one
vectorised pass (`transforms.arabic.fast_keys_many`); then stage by stage over the batch (every
mention, every article's place, actor and source rows, every body's quotes, then its dates);
each article's rows are tuples in the column order of its table's model (`COLUMNS`), and each
frame is made once per batch, column by column through Arrow, with `article_id` and
`dictionary_version` added as columns. Python's cyclic garbage collector is paused for the batch
(none of its objects is in a cycle). Speed: `bench/enrich_speed.py`, figures in BENCHMARKS.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pyarrow as pa

from schemas.enrichment import (
    ArticleActorModel,
    ArticleDateModel,
    ArticlePlaceModel,
    ArticleQuoteModel,
    ArticleSourceModel,
)
from schemas.validate import polars_schema
from transforms.agencies import find_agencies
from transforms.arabic import fast_keys_many
from transforms.dictionaries import Place, dictionary_version, places_by_pcode
from transforms.entities import FastKeys, Mention, find_mentions
from transforms.quotes import find_quotes
from transforms.relevance import SYRIA_THRESHOLD, relevance_score
from transforms.text_dates import DatePhrase, find_date_phrases

TABLE_MODELS = {
    "article_places": ArticlePlaceModel,
    "article_actors": ArticleActorModel,
    "article_sources": ArticleSourceModel,
    "article_quotes": ArticleQuoteModel,
    "article_dates": ArticleDateModel,
}
_STAMPED = ("article_id", "dictionary_version")  # added per batch, not per row
# Per table, the columns of a row as `annotate` gives it: the model's, in its order, less
# `_STAMPED`. The row builders below make tuples in this order.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c for c in polars_schema(model) if c not in _STAMPED)
    for name, model in TABLE_MODELS.items()
}
Row = tuple[Any, ...]


@dataclass
class Annotation:
    """Everything found in one article."""

    places: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    syria_relevance: float = 0.0

    @property
    def is_syria(self) -> bool:
        """Whether the article is about Syria."""
        return self.syria_relevance >= SYRIA_THRESHOLD

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The rows per table name."""
        return {
            "article_places": self.places,
            "article_actors": self.actors,
            "article_sources": self.sources,
            "article_quotes": self.quotes,
            "article_dates": self.dates,
        }


def _places(head: Sequence[Mention], body: Sequence[Mention]) -> list[Row]:
    """`article_places` rows (see `COLUMNS`), by admin level then p-code."""
    mentions: dict[str, int] = {}
    first: dict[str, int] = {}
    in_headline: set[str] = set()
    named: dict[str, Place] = {}
    for m in head:
        for place in m.places:
            pcode = place.pcode
            named[pcode] = place
            mentions[pcode] = mentions.get(pcode, 0) + 1
            in_headline.add(pcode)
    for m in body:
        for place in m.places:
            pcode = place.pcode
            named[pcode] = place
            mentions[pcode] = mentions.get(pcode, 0) + 1
            if pcode not in first:
                first[pcode] = m.start
    if not named:
        return []
    # p-code → [place, mentions, in_headline, first_offset, implied]
    rows: dict[str, list[Any]] = {
        pcode: [place, mentions[pcode], pcode in in_headline, first.get(pcode), False]
        for pcode, place in named.items()
    }
    for pcode, place in named.items():
        gov = place.governorate_pcode
        if gov is None or gov == pcode or gov in named:
            continue
        implied = rows.get(gov)
        if implied is None:
            implied = rows[gov] = [places_by_pcode()[gov], 0, False, None, True]
        implied[2] = implied[2] or pcode in in_headline
        offset = first.get(pcode)
        if offset is not None and (implied[3] is None or offset < implied[3]):
            implied[3] = offset
    return [
        (
            p.pcode,
            p.admin_level,
            p.kind,
            p.name_ar,
            p.name_en,
            p.governorate_pcode,
            p.country_code,
            n,
            headline,
            offset,
            implied,
        )
        for p, n, headline, offset, implied in sorted(
            rows.values(), key=lambda r: (r[0].admin_level, r[0].pcode)
        )
    ]


def _actors(head: Sequence[Mention], body: Sequence[Mention]) -> list[Row]:
    """`article_actors` rows (see `COLUMNS`), by actor id."""
    # actor id → [alias, mentions, in_headline, first_offset, alias_seen]
    rows: dict[str, list[Any]] = {}
    for in_headline, mentions in ((True, head), (False, body)):
        for m in mentions:
            actors = m.actors
            if not actors:
                continue
            if len(actors) > 1:
                actors = tuple({a.actor_id: a for a in actors}.values())
            for actor in actors:
                row = rows.get(actor.actor_id)
                if row is None:
                    row = rows[actor.actor_id] = [actor, 0, False, None, []]
                row[1] += 1
                if m.surface not in row[4]:
                    row[4].append(m.surface)
                if in_headline:
                    row[2] = True
                elif row[3] is None:
                    row[3] = m.start
    return [
        (a.actor_id, a.actor_type, a.name_en, a.name_ar, n, headline, offset, seen)
        for a, n, headline, offset, seen in (rows[k] for k in sorted(rows))
    ]


def _sources(
    head: Sequence[Mention], body: Sequence[Mention], credit: str | None, byline: Sequence[str]
) -> list[Row]:
    """`article_sources` rows (see `COLUMNS`), by source id then how."""
    counts: dict[tuple[str, str], int] = {}
    first: dict[str, int] = {}
    if credit:
        for source_id in _agencies(credit):
            counts[(source_id, "credit")] = counts.get((source_id, "credit"), 0) + 1
    for text in byline:
        for source_id in _agencies(text):
            counts[(source_id, "dateline")] = counts.get((source_id, "dateline"), 0) + 1
    for in_headline, mentions in ((True, head), (False, body)):
        for m in mentions:
            for source_id in m.sources:
                key = (source_id, "attribution")
                counts[key] = counts.get(key, 0) + 1
                if not in_headline and source_id not in first:
                    first[source_id] = m.start
    return [
        (source_id, how, n, first.get(source_id) if how == "attribution" else None)
        for (source_id, how), n in sorted(counts.items())
    ]


@functools.lru_cache(maxsize=1 << 14)
def _agencies(text: str) -> tuple[str, ...]:
    """`find_agencies` of an image credit or a byline (a few hundred distinct ones repeat)."""
    return tuple(find_agencies(text))


def _quotes(body: str, published: dt.date | None) -> list[Row]:
    """`article_quotes` rows (see `COLUMNS`), in order of the text."""
    rows = []
    for q in find_quotes(body):
        speaker_actor = None
        if q.speaker:
            actors = [a for m in find_mentions(q.speaker, published) for a in m.actors]
            speaker_actor = actors[0].actor_id if actors else None
        rows.append((q.start, q.speaker, speaker_actor, q.verb, q.quote))
    return rows


def _dates(phrases: Sequence[DatePhrase]) -> list[Row]:
    """`article_dates` rows (see `COLUMNS`) of a body's date phrases, in order of the text."""
    return [(d.start, d.phrase, d.resolved_date, d.precision) for d in phrases]


def _rows(
    headline: str | None,
    body: str | None,
    published: dt.date | None,
    image_credit: str | None,
    byline: Sequence[str],
    keys: tuple[FastKeys | None, FastKeys | None],
) -> tuple[dict[str, list[Row]], float]:
    """Every table's rows of one article (tuples, see `COLUMNS`) and its Syria relevance."""
    head = find_mentions(headline, published, keys[0])
    text = body or ""
    mentions = find_mentions(text, published, keys[1])
    tables = {
        "article_places": _places(head, mentions),
        "article_actors": _actors(head, mentions),
        "article_sources": _sources(head, mentions, image_credit, byline),
        "article_quotes": _quotes(text, published),
        "article_dates": _dates(find_date_phrases(text, published) if published else []),
    }
    return tables, relevance_score(head, mentions)


def annotate(
    headline: str | None,
    body: str | None,
    published: dt.date | None = None,
    *,
    image_credit: str | None = None,
    byline: Sequence[str | None] = (),
    keys: tuple[FastKeys | None, FastKeys | None] = (None, None),
) -> Annotation:
    """Places, actors, sources, quotes and dates of one article, and its Syria relevance.

    `keys` are the headline's and body's matching keys when a batch computed them already.
    """
    tables, score = _rows(headline, body, published, image_credit, [b for b in byline if b], keys)
    as_dicts = {
        name: [dict(zip(COLUMNS[name], row, strict=True)) for row in rows]
        for name, rows in tables.items()
    }
    return Annotation(
        places=as_dicts["article_places"],
        actors=as_dicts["article_actors"],
        sources=as_dicts["article_sources"],
        quotes=as_dicts["article_quotes"],
        dates=as_dicts["article_dates"],
        syria_relevance=score,
    )


@dataclass
class Enrichment:
    """The enrichment frames of a batch of articles, one per table, and their relevance."""

    tables: dict[str, pl.DataFrame]
    relevance: pl.DataFrame  # article_id, syria_relevance, is_syria, dictionary_version


def enrich_frame(articles: pl.DataFrame) -> Enrichment:
    """Annotate every article of a frame; rows carry `article_id` and `dictionary_version`."""
    with _collector_paused():
        return _enrich_frame(articles)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (and restore it after).

    A batch makes hundreds of thousands of short-lived tuples and lists that reference counting
    frees (none of them in a cycle); while they live, they make the collector start full
    collections, each of which walks every object of the process, the dictionaries' several
    hundred thousand included: a tenth to a quarter of a batch's time, for nothing to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _enrich_frame(articles: pl.DataFrame) -> Enrichment:
    """`enrich_frame` with the collector paused.

    The batch goes stage by stage (every headline's and body's mentions, then every article's
    place, actor and source rows, then every body's quotes, then its dates) rather than article
    by article: each stage keeps its own automaton and patterns in the processor's caches, which
    is a sixth of the time. Rows are the same and in the same order as `annotate`'s.
    """
    version = dictionary_version()

    def column(name: str) -> list[Any]:
        if name not in articles.columns:
            return [None] * articles.height
        return articles.get_column(name).to_list()

    ids = column("article_id")
    days = column("published_date")
    headlines = column("headline")
    texts = [body or "" for body in column("body_text")]
    heads = [
        find_mentions(text, day, keys)
        for text, day, keys in zip(headlines, days, fast_keys_many(headlines), strict=True)
    ]
    bodies = [
        find_mentions(text, day, keys)
        for text, day, keys in zip(texts, days, fast_keys_many(texts), strict=True)
    ]
    bylines = [_distinct(b, d) for b, d in zip(column("byline"), column("dateline"), strict=True)]
    per_article = {
        "article_places": [_places(h, b) for h, b in zip(heads, bodies, strict=True)],
        "article_actors": [_actors(h, b) for h, b in zip(heads, bodies, strict=True)],
        "article_sources": [
            _sources(h, b, credit, byline)
            for h, b, credit, byline in zip(
                heads, bodies, column("image_credit"), bylines, strict=True
            )
        ],
        "article_quotes": [_quotes(text, day) for text, day in zip(texts, days, strict=True)],
        "article_dates": [
            _dates(find_date_phrases(text, day) if day else [])
            for text, day in zip(texts, days, strict=True)
        ],
    }
    scores = [relevance_score(h, b) for h, b in zip(heads, bodies, strict=True)]
    frames = {}
    for name, model in TABLE_MODELS.items():
        found = per_article[name]
        rows = [row for article_rows in found for row in article_rows]
        owners = [i for i, article_rows in zip(ids, found, strict=True) for _ in article_rows]
        frames[name] = _frame(rows, owners, version, polars_schema(model))
    score = pl.Series("syria_relevance", scores, dtype=pl.Float64)
    rel = pl.DataFrame({"article_id": ids}, schema={"article_id": pl.Utf8})
    rel = rel.with_columns(
        score,
        (score >= SYRIA_THRESHOLD).alias("is_syria"),
        pl.lit(version).alias("dictionary_version"),
    )
    return Enrichment(tables=frames, relevance=rel)


def _frame(
    rows: list[Row], owners: list[str], version: str, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    """Row tuples (see `COLUMNS`) and their article ids as a frame of the model's dtypes."""
    if not rows:
        return pl.DataFrame(schema=schema)
    # Column by column through Arrow: its converters are many times faster than Polars' for
    # lists of strings (`alias_seen`).
    names = [c for c in schema if c not in _STAMPED]
    arrays = {"article_id": pa.array(owners, type=pa.string())}
    for name, values in zip(names, zip(*rows, strict=True), strict=True):
        arrays[name] = pa.array(values, type=_ARROW_TYPES.get(schema[name]))
    frame = pl.from_arrow(pa.table(arrays))
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(pl.lit(version).alias("dictionary_version")).select(
        pl.col(c).cast(dtype) for c, dtype in schema.items()
    )


_ARROW_TYPES: dict[pl.DataType, pa.DataType] = {
    pl.String(): pa.string(),
    pl.Int32(): pa.int32(),
    pl.Boolean(): pa.bool_(),
    pl.Date(): pa.date32(),
    pl.List(pl.String()): pa.list_(pa.string()),
}


def _distinct(*texts: str | None) -> list[str]:
    """The non-empty texts, each once (a dateline is often part of the byline)."""
    out: list[str] = []
    for t in texts:
        if t and not any(t in o for o in out):
            out.append(t)
    return out
