"""Map conflict events (UCDP GED, ACLED) to the gazetteer and the actor dictionary (pure).

Input: the rows `sources.events` read, every column a string or null, with `row` (the data
row's number in its file, from 1) and `problem` (null, or why the row could not be read).
Output (`map_events`): the events shaped by `schemas.events.ConflictEventModel`, each with the
row it came from, and the rows that cannot be mapped, each with every reason (`EventReject`).

Places: the governorate from the publisher's first-level name (ACLED `admin1`, UCDP `adm_1`
such as "Idlib governorate"), the district from the second-level name (`admin2`, `adm_2` such
as "Jisr-Ash-Shugur district") looked up only among the districts of that governorate. Names
are compared folded (`fold_name`): accents, case, apostrophes, hyphens and punctuation, the
Arabic article in transliteration (al-, ar-, as-, ad-, ash-, az-, el-, ez- …) and the words
governorate/province/district are dropped, and what is left is joined without spaces, so
"Deir-ez-Zor", "Deir ez-Zor" and "Deir el Zor" are one name. The names are the gazetteer's
`name_en` and the variants of `transforms/data/event_places.csv`. An unknown or missing
governorate rejects the event; an unknown district leaves `district_pcode` null.

Actors: each published actor name (ACLED `actor1`, `actor2` and the `;`-separated associated
actors; UCDP `side_a`, `side_b`) is matched against the patterns of
`transforms/data/event_actors.csv` for its publisher, in file order, case-insensitively, `*`
standing for any text; the first pattern that matches and is valid on the event date gives the
actor id (UCDP's "Government of Syria" is the Assad-era government up to 8 December 2024 and
the transitional authorities after it). A name that matches nothing is kept in
`actors_published` and gives no id.

Rejected (quarantined by the caller): a row that could not be read, a missing event id, the
same event id twice in one file (the first is kept), a missing or unreadable date, an unknown
governorate, missing or non-numeric fatalities or coordinates, an unknown UCDP
type_of_violence. ACLED dates are ISO (`2024-12-08`) or written out (`08 December 2024`,
`8-Dec-2024`); UCDP dates are ISO, with or without a time of day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import polars as pl

from schemas.events import EVENT_SOURCES, ConflictEventModel
from schemas.validate import polars_schema
from transforms.dictionaries import actor_types, places_by_pcode

PLACES_FILE = "event_places.csv"
ACTORS_FILE = "event_actors.csv"
# Transliterations of the Arabic article, dropped as whole words before comparing names.
ARTICLES = frozenset(
    {"al", "el", "ar", "as", "ad", "ash", "az", "an", "at", "ath", "adh", "ez", "es", "ed", "en"}
)
# Words the publishers add to an administrative name ("Idlib governorate").
ADMIN_WORDS = frozenset({"governorate", "province", "district", "subdistrict", "muhafazat"})
APOSTROPHES = "'’‘`ʼʻʿʾ´"
# UCDP GED `type_of_violence` codes (codebook).
UCDP_VIOLENCE_TYPES = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided"}
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_SEP = "\x1f"  # joins list cells while the frame is built (not in any name)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")
_WRITTEN_DATE = re.compile(r"^(\d{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-,]+(\d{4})$")


@functools.lru_cache(maxsize=8192)
def fold_name(name: str) -> str:
    """A place name folded for comparison ("Deir-ez-Zor governorate" → "deirzor")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate({ord(c): None for c in APOSTROPHES})
    words = re.sub(r"[\W_]+", " ", text).split()
    return "".join(w for w in words if w not in ARTICLES and w not in ADMIN_WORDS)


def fold_actor(name: str) -> str:
    """An actor name folded for comparison: case and runs of spaces."""
    return " ".join(name.casefold().split())


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("transforms.data").joinpath(name).read_text("utf-8")
    return [
        {k: (v or "").strip() for k, v in row.items() if k is not None}
        for row in csv.DictReader(io.StringIO(text))
    ]


@dataclass(frozen=True)
class PlaceIndex:
    """Folded names → governorate p-codes, and (governorate, folded name) → district p-codes."""

    governorates: Mapping[str, str]
    districts: Mapping[tuple[str, str], str]


@functools.cache
def place_index() -> PlaceIndex:
    """The gazetteer's English names and the variants of `event_places.csv`, folded."""
    places = places_by_pcode()
    names: list[tuple[str, str, str]] = [
        (p.name_en, p.pcode, "gazetteer.csv")
        for p in places.values()
        if p.country_code == "SY" and p.admin_level in (1, 2)
    ]
    names += [
        (r["name_en"], r["pcode"], f"{PLACES_FILE} {r['name_en']}") for r in _read(PLACES_FILE)
    ]
    governorates: dict[str, str] = {}
    districts: dict[tuple[str, str], str] = {}
    for name, pcode, where in names:
        place = places.get(pcode)
        if place is None or place.admin_level not in (1, 2) or place.country_code != "SY":
            raise ValueError(f"{where}: {pcode!r} is not a governorate or district of Syria")
        key = fold_name(name)
        if not key:
            raise ValueError(f"{where}: the name folds to nothing")
        if place.admin_level == 1:
            target: dict[Any, str] = governorates
            slot: Any = key
        else:
            target, slot = districts, (place.governorate_pcode or "", key)
        if target.setdefault(slot, pcode) != pcode:
            raise ValueError(f"{where}: {name!r} already means {target[slot]}, not {pcode}")
    return PlaceIndex(governorates, districts)


@dataclass(frozen=True)
class ActorPattern:
    """One row of `event_actors.csv`: a publisher's actor name (with `*`) and its actor id."""

    publisher: str
    pattern: str
    actor_id: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    regex: re.Pattern[str]

    def valid_on(self, day: dt.date) -> bool:
        """Whether the pattern means this actor on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@functools.cache
def actor_patterns() -> tuple[ActorPattern, ...]:
    """The patterns of `event_actors.csv`, in file order (the first match wins)."""
    known = actor_types()
    out = []
    for row in _read(ACTORS_FILE):
        where = f"{ACTORS_FILE} {row['publisher']} {row['pattern']}"
        if row["publisher"] not in EVENT_SOURCES:
            raise ValueError(f"{where}: unknown publisher {row['publisher']!r}")
        if row["actor_id"] not in known:
            raise ValueError(f"{where}: unknown actor_id {row['actor_id']!r}")
        folded = fold_actor(row["pattern"])
        regex = re.compile(".*".join(re.escape(part) for part in folded.split("*")))
        out.append(
            ActorPattern(
                publisher=row["publisher"],
                pattern=row["pattern"],
                actor_id=row["actor_id"],
                valid_from=dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                valid_to=dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                regex=regex,
            )
        )
    return tuple(out)


@functools.cache
def _candidates(publisher: str, name: str) -> tuple[ActorPattern, ...]:
    folded = fold_actor(name)
    return tuple(
        p for p in actor_patterns() if p.publisher == publisher and p.regex.fullmatch(folded)
    )


def resolve_actor(publisher: str, name: str, day: dt.date) -> str | None:
    """The actor id a publisher's actor name means on `day`, or None."""
    for pattern in _candidates(publisher, name):
        if pattern.valid_on(day):
            return pattern.actor_id
    return None


def resolve_governorate(name: str | None) -> str | None:
    """The governorate p-code of a first-level admin name, or None."""
    return place_index().governorates.get(fold_name(name)) if name else None


def resolve_district(governorate: str, name: str | None) -> str | None:
    """The district p-code of a second-level admin name within a governorate, or None."""
    return place_index().districts.get((governorate, fold_name(name))) if name else None


@functools.lru_cache(maxsize=16384)
def parse_event_date(value: str | None, publisher: str) -> dt.date | None:
    """A publisher's date cell as a date, or None when it cannot be read."""
    if not value:
        return None
    text = value.strip()
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if publisher == "acled" and (m := _WRITTEN_DATE.match(text)):
            month = m[2].casefold()
            number = next((i for i, name in enumerate(MONTHS, 1) if name.startswith(month)), None)
            if number is None:
                return None
            return dt.date(int(m[3]), number, int(m[1]))
    except ValueError:  # 2024-02-30
        return None
    return None


def parse_count(value: str | None) -> int | None:
    """A fatality count ("12", "12.0"), or None when it is missing or not a whole number."""
    number = parse_float(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def parse_float(value: str | None) -> float | None:
    """A coordinate, or None."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if number == number else None  # NaN


@dataclass
class EventReject:
    """A row that cannot be mapped: every reason, the columns and the values."""

    row: int
    event_id: str | None
    checks: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)

    def add(self, check: str, column: str, value: object) -> None:
        """Record one failed check."""
        self.checks.append(check)
        self.columns.append(column)
        self.values.append({"column": column, "check": check, "failure_case": value})

    @property
    def reason(self) -> str:
        """The reasons in one line."""
        return "; ".join(
            f"{v['check']}: {v['failure_case']!r}" if v["failure_case"] is not None else v["check"]
            for v in self.values
        )


@dataclass
class MappedEvents:
    """Events shaped by `ConflictEventModel` (plus `row`), and the rows that were rejected."""

    events: pl.DataFrame
    rejects: list[EventReject]


def split_actors(value: str | None) -> list[str]:
    """An ACLED associated-actor cell (`A; B`) as names."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _fields(row: Mapping[str, str | None], publisher: str) -> dict[str, Any]:
    """The publisher's columns under common names (still strings)."""
    if publisher == "acled":
        return {
            "event_id": row.get("event_id_cnty"),
            "date": row.get("event_date"),
            "date_column": "event_date",
            "date_end": None,
            "admin1": row.get("admin1"),
            "admin1_column": "admin1",
            "admin2": row.get("admin2"),
            "location": row.get("location"),
            "latitude": row.get("latitude"),
            "longitude": row.get("longitude"),
            "geo_precision": row.get("geo_precision"),
            "date_precision": row.get("time_precision"),
            "event_type": row.get("event_type"),
            "sub_event_type": row.get("sub_event_type"),
            "actors": [
                *split_actors(row.get("actor1")),
                *split_actors(row.get("assoc_actor_1")),
                *split_actors(row.get("actor2")),
                *split_actors(row.get("assoc_actor_2")),
            ],
            "fatalities": {c: row.get("fatalities") for c in ("best", "low", "high")},
            "fatality_column": "fatalities",
            "notes": row.get("notes"),
        }
    return {
        "event_id": row.get("id"),
        "date": row.get("date_start"),
        "date_column": "date_start",
        "date_end": row.get("date_end"),
        "admin1": row.get("adm_1"),
        "admin1_column": "adm_1",
        "admin2": row.get("adm_2"),
        "location": row.get("where_coordinates"),
        "latitude": row.get("latitude"),
        "longitude": row.get("longitude"),
        "geo_precision": row.get("where_prec"),
        "date_precision": row.get("date_prec"),
        "event_type": row.get("type_of_violence"),
        "sub_event_type": None,
        "actors": [n.strip() for n in (row.get("side_a"), row.get("side_b")) if n and n.strip()],
        "fatalities": {c: row.get(c) for c in ("best", "low", "high")},
        "fatality_column": None,
        "notes": None,
    }


def map_row(
    row: Mapping[str, Any], publisher: str
) -> tuple[dict[str, Any] | None, EventReject | None]:
    """One read row → (the event's mapped columns, None) or (None, why it was rejected)."""
    f = _fields(row, publisher)
    event_id = (f["event_id"] or "").strip() or None
    reject = EventReject(int(row["row"]), event_id)
    if row.get("problem"):
        reject.add("malformed_row", "<row>", row["problem"])
        return None, reject
    if event_id is None:
        reject.add("missing_event_id", "event_id_cnty" if publisher == "acled" else "id", None)
    day = parse_event_date(f["date"], publisher)
    if day is None:
        reject.add("bad_date" if f["date"] else "missing_date", f["date_column"], f["date"])
    day_end = None
    if f["date_end"]:
        day_end = parse_event_date(f["date_end"], publisher)
        if day_end is None:
            reject.add("bad_date", "date_end", f["date_end"])
    governorate = resolve_governorate(f["admin1"])
    if governorate is None:
        check = "unknown_governorate" if f["admin1"] else "missing_governorate"
        reject.add(check, f["admin1_column"], f["admin1"])
    counts: dict[str, int | None] = {}
    for name, value in f["fatalities"].items():
        counts[name] = parse_count(value)
        if counts[name] is None:
            column = f["fatality_column"] or name
            if column not in reject.columns:
                check = "non_numeric_fatalities" if value else "missing_fatalities"
                reject.add(check, column, value)
    coordinates: dict[str, float | None] = {}
    for name in ("latitude", "longitude"):
        coordinates[name] = parse_float(f[name])
        if coordinates[name] is None:
            reject.add("bad_coordinates" if f[name] else "missing_coordinates", name, f[name])
    event_type = f["event_type"]
    if publisher == "ucdp-ged":
        event_type = UCDP_VIOLENCE_TYPES.get((event_type or "").strip())
        if event_type is None:
            reject.add("unknown_type_of_violence", "type_of_violence", f["event_type"])
    elif not event_type:
        reject.add("missing_event_type", "event_type", None)
    if reject.checks:
        return None, reject
    assert day is not None and governorate is not None  # for mypy: rejected above otherwise
    district = resolve_district(governorate, f["admin2"])
    places = places_by_pcode()
    actor_ids = [resolve_actor(publisher, name, day) for name in f["actors"]]
    return {
        "row": int(row["row"]),
        "source": publisher,
        "event_id": event_id,
        "event_date": day,
        "event_date_end": day_end,
        "governorate_pcode": governorate,
        "governorate_name": places[governorate].name_en,
        "district_pcode": district,
        "district_name": places[district].name_en if district else None,
        "admin1": f["admin1"],
        "admin2": f["admin2"],
        "location": f["location"],
        "latitude": coordinates["latitude"],
        "longitude": coordinates["longitude"],
        "geo_precision": parse_count(f["geo_precision"]),
        "date_precision": parse_count(f["date_precision"]),
        "event_type": event_type,
        "sub_event_type": f["sub_event_type"],
        "actor_ids": list(dict.fromkeys(a for a in actor_ids if a is not None)),
        "actors_published": list(dict.fromkeys(f["actors"])),
        "fatalities_best": counts["best"],
        "fatalities_low": counts["low"],
        "fatalities_high": counts["high"],
        "notes": f["notes"],
    }, None


def map_events(
    rows: Iterable[Mapping[str, Any]],
    publisher: str,
    *,
    source_file: str,
    imported_at: dt.datetime,
    dictionary_version: str,
) -> MappedEvents:
    """Read rows of one file → events shaped by `ConflictEventModel` (with `row`) and rejects."""
    if publisher not in EVENT_SOURCES:
        raise ValueError(f"unknown publisher {publisher!r}; expected one of {EVENT_SOURCES}")
    events: list[dict[str, Any]] = []
    rejects: list[EventReject] = []
    first_row: dict[str, int] = {}
    for row in rows:
        event, reject = map_row(row, publisher)
        if event is not None and event["event_id"] in first_row:
            reject = EventReject(event["row"], event["event_id"])
            reject.add(
                "duplicate_event_id", "event_id", f"first at row {first_row[event['event_id']]}"
            )
            event = None
        if reject is not None:
            rejects.append(reject)
            continue
        assert event is not None
        first_row[event["event_id"]] = event["row"]
        events.append(event)
    schema = {"row": pl.Int64(), **polars_schema(ConflictEventModel)}
    constant = {
        "imported_at": imported_at,
        "source_file": source_file,
        "dictionary_version": dictionary_version,
    }
    lists = [name for name, dtype in schema.items() if isinstance(dtype, pl.List)]
    columns = {  # by column, lists as joined text: far faster than Python lists per cell
        name: [constant[name]] * len(events)
        if name in constant
        else [_SEP.join(e[name]) for e in events]
        if name in lists
        else [e[name] for e in events]
        for name in schema
    }
    frame = pl.DataFrame(columns, schema={**schema, **dict.fromkeys(lists, pl.Utf8())})
    frame = frame.with_columns(
        pl.when(pl.col(name) == "")
        .then(pl.lit([], dtype=pl.List(pl.Utf8)))
        .otherwise(pl.col(name).str.split(_SEP))
        .alias(name)
        for name in lists
    )
    return MappedEvents(events=frame, rejects=rejects)
