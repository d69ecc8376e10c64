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
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
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
from transforms.text_dates import find_date_phrases

TABLE_MODELS = {
    "article_places": ArticlePlaceModel,
    "article_actors": ArticleActorModel,
    "article_sources": ArticleSourceModel,
    "article_quotes": ArticleQuoteModel,
    "article_dates": ArticleDateModel,
}


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


def _place_row(place: Place, implied: bool) -> dict[str, Any]:
    return {
        "pcode": place.pcode,
        "admin_level": place.admin_level,
        "kind": place.kind,
        "name_ar": place.name_ar,
        "name_en": place.name_en,
        "governorate_pcode": place.governorate_pcode,
        "country_code": place.country_code,
        "mentions": 0,
        "in_headline": False,
        "first_offset": None,
        "implied": implied,
    }


def _places(head: Sequence[Mention], body: Sequence[Mention]) -> list[dict[str, Any]]:
    mentions: Counter[str] = Counter()
    first: dict[str, int] = {}
    in_headline: set[str] = set()
    named: dict[str, Place] = {}
    for m in head:
        for place in m.places:
            named[place.pcode] = place
            mentions[place.pcode] += 1
            in_headline.add(place.pcode)
    for m in body:
        for place in m.places:
            named[place.pcode] = place
            mentions[place.pcode] += 1
            first.setdefault(place.pcode, m.start)
    rows = {}
    for pcode, place in named.items():
        row = rows[pcode] = _place_row(place, implied=False)
        row["mentions"] = mentions[pcode]
        row["in_headline"] = pcode in in_headline
        row["first_offset"] = first.get(pcode)
    gazetteer = places_by_pcode()
    for pcode, place in named.items():
        gov = place.governorate_pcode
        if gov is None or gov == pcode or gov in named:
            continue
        implied = rows.get(gov)
        if implied is None:
            implied = rows[gov] = _place_row(gazetteer[gov], implied=True)
        implied["in_headline"] = implied["in_headline"] or pcode in in_headline
        offsets = [o for o in (implied["first_offset"], first.get(pcode)) if o is not None]
        implied["first_offset"] = min(offsets) if offsets else None
    return sorted(rows.values(), key=lambda r: (r["admin_level"], r["pcode"]))


def _actors(head: Sequence[Mention], body: Sequence[Mention]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for in_headline, mentions in ((True, head), (False, body)):
        for m in mentions:
            for actor in {a.actor_id: a for a in m.actors}.values():
                row = rows.get(actor.actor_id)
                if row is None:
                    row = rows[actor.actor_id] = {
                        "actor_id": actor.actor_id,
                        "actor_type": actor.actor_type,
                        "name_en": actor.name_en,
                        "name_ar": actor.name_ar,
                        "mentions": 0,
                        "in_headline": False,
                        "first_offset": None,
                        "alias_seen": [],
                    }
                row["mentions"] += 1
                if m.surface not in row["alias_seen"]:
                    row["alias_seen"].append(m.surface)
                if in_headline:
                    row["in_headline"] = True
                elif row["first_offset"] is None:
                    row["first_offset"] = m.start
    return sorted(rows.values(), key=lambda r: r["actor_id"])


def _sources(
    head: Sequence[Mention], body: Sequence[Mention], credit: str | None, byline: Sequence[str]
) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, int] = {}
    for source_id in find_agencies(credit):
        counts[(source_id, "credit")] += 1
    for text in byline:
        for source_id in find_agencies(text):
            counts[(source_id, "dateline")] += 1
    for in_headline, mentions in ((True, head), (False, body)):
        for m in mentions:
            for source_id in m.sources:
                counts[(source_id, "attribution")] += 1
                if not in_headline:
                    first.setdefault(source_id, m.start)
    return [
        {
            "source_id": source_id,
            "how": how,
            "mentions": n,
            "first_offset": first.get(source_id) if how == "attribution" else None,
        }
        for (source_id, how), n in sorted(counts.items())
    ]


def _quotes(body: str, published: dt.date | None) -> list[dict[str, Any]]:
    rows = []
    for q in find_quotes(body):
        speaker_actor = None
        if q.speaker:
            actors = [a for m in find_mentions(q.speaker, published) for a in m.actors]
            speaker_actor = actors[0].actor_id if actors else None
        rows.append(
            {
                "char_offset": q.start,
                "speaker": q.speaker,
                "speaker_actor_id": speaker_actor,
                "verb": q.verb,
                "quote": q.quote,
            }
        )
    return rows


def _dates(body: str, published: dt.date | None) -> list[dict[str, Any]]:
    if published is None:
        return []
    return [
        {
            "char_offset": d.start,
            "phrase": d.phrase,
            "resolved_date": d.resolved_date,
            "precision": d.precision,
        }
        for d in find_date_phrases(body, published)
    ]


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
    head = find_mentions(headline, published, keys[0])
    text = body or ""
    mentions = find_mentions(text, published, keys[1])
    return Annotation(
        places=_places(head, mentions),
        actors=_actors(head, mentions),
        sources=_sources(head, mentions, image_credit, [b for b in byline if b]),
        quotes=_quotes(text, published),
        dates=_dates(text, published),
        syria_relevance=relevance_score(head, mentions),
    )


@dataclass
class Enrichment:
    """The enrichment frames of a batch of articles, one per table, and their relevance."""

    tables: dict[str, pl.DataFrame]
    relevance: pl.DataFrame  # article_id, syria_relevance, is_syria, dictionary_version


def enrich_frame(articles: pl.DataFrame) -> Enrichment:
    """Annotate every article of a frame; rows carry `article_id` and `dictionary_version`."""
    version = dictionary_version()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_MODELS}
    scores: list[float] = []

    def column(name: str) -> list[Any]:
        if name not in articles.columns:
            return [None] * articles.height
        return articles.get_column(name).to_list()

    headlines, bodies = column("headline"), column("body_text")
    for article_id, headline, body, published, credit, byline, dateline, keys in zip(
        column("article_id"),
        headlines,
        bodies,
        column("published_date"),
        column("image_credit"),
        column("byline"),
        column("dateline"),
        zip(fast_keys_many(headlines), fast_keys_many(bodies), strict=True),
        strict=True,
    ):
        found = annotate(
            headline,
            body,
            published,
            image_credit=credit,
            byline=_distinct(byline, dateline),
            keys=keys,
        )
        scores.append(found.syria_relevance)
        for name, table_rows in found.tables().items():
            for row in table_rows:
                row["article_id"] = article_id
                row["dictionary_version"] = version
                rows[name].append(row)
    tables = {
        name: _frame(rows[name], polars_schema(model)) for name, model in TABLE_MODELS.items()
    }
    score = pl.Series("syria_relevance", scores, dtype=pl.Float64)
    rel = pl.DataFrame({"article_id": column("article_id")}, schema={"article_id": pl.Utf8})
    rel = rel.with_columns(
        score,
        (score >= SYRIA_THRESHOLD).alias("is_syria"),
        pl.lit(version).alias("dictionary_version"),
    )
    return Enrichment(tables=tables, relevance=rel)


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows as a frame of the model's dtypes."""
    # Column by column through Arrow: its converters are many times faster than Polars' for
    # lists of strings (`alias_seen`).
    if not rows:
        return pl.DataFrame(schema=schema)
    table = pa.table({c: pa.array([r[c] for r in rows]) for c in schema})
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.cast(schema)  # type: ignore[arg-type]


def _distinct(*texts: str | None) -> list[str]:
    """The non-empty texts, each once (a dateline is often part of the byline)."""
    out: list[str] = []
    for t in texts:
        if t and not any(t in o for o in out):
            out.append(t)
    return out
