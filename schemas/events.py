"""The `conflict_events` table: one event of political violence in Syria from a publisher's
export (UCDP GED or ACLED), placed on the gazetteer, partitioned by year and month of
`event_date`; keyed by (`source`, `event_id`), the publisher's own event id.

Row checks (a failing row is quarantined, stage `events`, with every failed check):

* places: `governorate_pcode` is a governorate of the gazetteer (`SY01`…`SY14`),
  `district_pcode` (nullable: the district is not always named or known) a district of it,
  inside that governorate;
* actors: every id of `actor_ids` exists in `transforms/data/actors.csv`;
* fatalities: `fatalities_low <= fatalities_best <= fatalities_high`, all >= 0 (ACLED gives one
  figure: the three are equal);
* coordinates inside Syria's bounding box with a small margin (`SYRIA_BOX`);
* dates: `event_date` from 1989 (the start of UCDP GED) and not after the import;
  `event_date_end` (UCDP only) not before `event_date`.

`geo_precision` and `date_precision` are the publisher's own codes (UCDP `where_prec` 1–7 and
`date_prec` 1–5; ACLED `geo_precision` and `time_precision` 1–3): lower is more precise.

Rows that cannot be mapped or fail the model go to `quarantine` with the stage `events`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from importlib import resources

import pandera.polars as pa
import polars as pl

from schemas.enrichment import known_actor_ids

UTC_TS = pl.Datetime(time_unit="us", time_zone="UTC")
EVENT_SOURCES = ["ucdp-ged", "acled"]
EVENT_STAGE = "events"
EARLIEST_EVENT = dt.date(1989, 1, 1)
# (south, west, north, east): Syria spans 32.31–37.32 N, 35.73–42.38 E; 0.2° of margin.
SYRIA_BOX = (32.1, 35.5, 37.5, 42.6)


@functools.cache
def _admin_units() -> dict[str, tuple[int, str | None]]:
    """pcode → (admin level, governorate pcode) for the governorates and districts."""
    text = resources.files("transforms.data").joinpath("gazetteer.csv").read_text("utf-8")
    return {
        row["pcode"]: (int(row["admin_level"]), row["governorate_pcode"] or None)
        for row in csv.DictReader(io.StringIO(text))
        if row["country_code"] == "SY" and row["admin_level"] in ("1", "2")
    }


def governorate_pcodes() -> list[str]:
    """The governorates of the gazetteer."""
    return sorted(p for p, (level, _) in _admin_units().items() if level == 1)


def district_governorates() -> dict[str, str]:
    """District pcode → its governorate pcode."""
    return {p: g or "" for p, (level, g) in _admin_units().items() if level == 2}


class ConflictEventModel(pa.DataFrameModel):
    """One conflict event in Syria, from UCDP GED or ACLED, mapped to p-codes and actor ids."""

    source: str = pa.Field(isin=EVENT_SOURCES)
    event_id: str = pa.Field(str_length={"min_value": 1})
    event_date: pl.Date = pa.Field(ge=EARLIEST_EVENT)
    event_date_end: pl.Date = pa.Field(nullable=True)
    governorate_pcode: str = pa.Field(isin=governorate_pcodes())
    governorate_name: str
    district_pcode: str = pa.Field(nullable=True, isin=sorted(district_governorates()))
    district_name: str = pa.Field(nullable=True)
    admin1: str = pa.Field(nullable=True)
    admin2: str = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)
    latitude: pl.Float64 = pa.Field(ge=SYRIA_BOX[0], le=SYRIA_BOX[2])
    longitude: pl.Float64 = pa.Field(ge=SYRIA_BOX[1], le=SYRIA_BOX[3])
    geo_precision: pl.Int32 = pa.Field(nullable=True, ge=1, le=7)
    date_precision: pl.Int32 = pa.Field(nullable=True, ge=1, le=5)
    event_type: str = pa.Field(str_length={"min_value": 1})
    sub_event_type: str = pa.Field(nullable=True)
    actor_ids: pl.List(pl.Utf8)  # type: ignore[valid-type]
    actors_published: pl.List(pl.Utf8)  # type: ignore[valid-type]
    fatalities_best: pl.Int32 = pa.Field(ge=0)
    fatalities_low: pl.Int32 = pa.Field(ge=0)
    fatalities_high: pl.Int32 = pa.Field(ge=0)
    notes: str = pa.Field(nullable=True)
    imported_at: UTC_TS  # type: ignore[valid-type]
    source_file: str
    dictionary_version: str

    @pa.dataframe_check(description="every actor id exists in the actor dictionary")
    @classmethod
    def actors_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        known = pl.Series(known_actor_ids(), dtype=pl.Utf8).implode()
        return data.lazyframe.select(
            pl.col("actor_ids").list.eval(pl.element().is_in(known)).list.all()
        )

    @pa.dataframe_check(description="fatalities_low <= fatalities_best <= fatalities_high")
    @classmethod
    def fatalities_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("fatalities_low") <= pl.col("fatalities_best"))
            & (pl.col("fatalities_best") <= pl.col("fatalities_high"))
        )

    @pa.dataframe_check(description="the district lies in the governorate")
    @classmethod
    def district_in_governorate(cls, data: pa.PolarsData) -> pl.LazyFrame:
        parent = pl.col("district_pcode").replace_strict(
            district_governorates(), default=None, return_dtype=pl.Utf8
        )
        return data.lazyframe.select(
            pl.col("district_pcode").is_null() | (parent == pl.col("governorate_pcode"))
        )

    @pa.dataframe_check(description="the event is not dated after its import")
    @classmethod
    def not_in_future(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("event_date") <= pl.col("imported_at").dt.date())

    @pa.dataframe_check(description="event_date_end is not before event_date")
    @classmethod
    def end_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date_end").is_null() | (pl.col("event_date_end") >= pl.col("event_date"))
        )

    class Config:
        strict = True
        coerce = True
        unique = ("source", "event_id")
