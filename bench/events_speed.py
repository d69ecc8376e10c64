"""Coverage against conflict events at scale: the import of 50,000 events and the four views.

Builds a DuckLake warehouse on disk (a temporary directory, or `--data-dir`) with 100,000
generated Syria-relevant articles over 2023–2025 and their `article_places` (about 2.5 per
article: governorates, districts, towns) and `article_actors` rows (about 1.5 per article),
written straight to the tables (not timed). Then, timed:

- `import`: `flows.events.import_event_files` on one ACLED CSV export of 50,000 generated Syrian
  events (the export tool's layout, written-out dates, admin-name variants, associated actors,
  notes) plus 2,500 rows of another country and 500 with an unknown admin1 (quarantined): read,
  map to p-codes and actor ids, validate, load in one transaction. Target: at most 10 s. The
  same file again (`re-import`, nothing changes) is reported beside it.
- each view of `warehouse/sql/60_events.sql`, every row fetched to Arrow: median of 5 runs.
  Target: at most 1 s each.

Run: `nice .venv/bin/python bench/events_speed.py [--articles 100000] [--events 50000]`.
Exits 1 when a target is missed. Prefect is not involved (the flow's tasks call the same
functions).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.events import import_event_files  # noqa: E402
from schemas import ArticleModel  # noqa: E402
from schemas.enrichment import ArticleActorModel, ArticlePlaceModel  # noqa: E402
from schemas.validate import polars_schema  # noqa: E402
from sources.events import ACLED_COLUMNS  # noqa: E402
from transforms.dictionaries import load_places  # noqa: E402
from warehouse.catalog import connect  # noqa: E402
from warehouse.ddl import ensure_tables  # noqa: E402
from warehouse.load import transaction  # noqa: E402

IMPORT_TARGET = 10.0
VIEW_TARGET = 1.0
VIEWS = ("coverage_vs_events", "under_covered", "over_covered", "actor_attention_vs_activity")
START = dt.date(2023, 1, 1)
DAYS = 3 * 365
# (ACLED admin1 as the export writes it, or a variant, with district names of it)
ACLED_PLACES = [
    ("Aleppo", ["Jebel Saman", "Al Bab", "Afrin", "A'zaz", "Menbij", "Jarablus"]),
    ("Idleb", ["Idleb", "Harim", "Jisr-Ash-Shugur", "Ariha", "Al Ma'ra"]),
    ("Idlib", ["Idlib", "Harem"]),
    ("Hama", ["Hama", "As-Salamiyeh", "Masyaf", "Muhradah"]),
    ("Homs", ["Homs", "Al-Qusayr", "Tadmor", "Ar-Rastan"]),
    ("Rural Damascus", ["Duma", "Qatana", "Az-Zabdani", "At Tall"]),
    ("Damascus", ["Damascus"]),
    ("Dar'a", ["Dar'a", "As-Sanamayn", "Izra'"]),
    ("Daraa", ["Daraa"]),
    ("As-Sweida", ["As-Sweida", "Salkhad", "Shahba"]),
    ("Quneitra", ["Quneitra", "Al Fiq"]),
    ("Deir-ez-Zor", ["Deir-ez-Zor", "Al Mayadin", "Abu Kamal"]),
    ("Ar-Raqqa", ["Ar-Raqqa", "Tell Abiad", "Ath-Thawrah"]),
    ("Al-Hasakeh", ["Al-Hasakeh", "Quamishli", "Ras Al Ain"]),
    ("Lattakia", ["Lattakia", "Jablah", "Al-Haffa"]),
    ("Tartous", ["Tartous", "Banyas", "Safita"]),
]
ACTORS_BEFORE = ["Military Forces of Syria (2000-2024)", "Military Forces of Russia (2000-)"]
ACTORS_AFTER = ["Military Forces of Syria (2024-)", "Police Forces of Syria (2024-)"]
ACTORS_ANY = [
    "HTS: Hayat Tahrir al-Sham",
    "SDF: Syrian Democratic Forces",
    "Islamic State (Syria)",
    "SNA: Syrian National Army",
    "Military Forces of Israel (2022-)",
    "Military Forces of Turkey (2023-)",
    "Unidentified Armed Group (Syria)",
    "Civilians (Syria)",
]
ARTICLE_ACTORS = ["syrian_gov_assad", "syrian_gov_transitional", "hts", "sdf", "isis", "israel"]


def write_acled(path: Path, n: int, rng: random.Random) -> None:
    """An ACLED export of `n` Syrian events, plus 5% of other countries and 1% of Syrian rows
    with an unknown admin1 (quarantined), shuffled."""
    kinds = ["syria"] * n + ["other"] * (n // 20) + ["unknown"] * (n // 100)
    rng.shuffle(kinds)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for i, kind in enumerate(kinds):
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            admin1, districts = rng.choice(ACLED_PLACES)
            syria = kind != "other"
            if kind == "unknown":
                admin1 = "Badiya Region"
            before = day <= dt.date(2024, 12, 8)
            actor1 = rng.choice(ACTORS_BEFORE if before else ACTORS_AFTER)
            fatalities = rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8, 12, 25])
            writer.writerow(
                {
                    "event_id_cnty": f"{'SYR' if syria else 'LBN'}{100000 + i}",
                    "event_date": day.strftime("%d %B %Y"),
                    "year": day.year,
                    "time_precision": 1,
                    "disorder_type": "Political violence",
                    "event_type": rng.choice(["Battles", "Explosions/Remote violence"]),
                    "sub_event_type": rng.choice(["Armed clash", "Air/drone strike", "Attack"]),
                    "actor1": actor1,
                    "assoc_actor_1": rng.choice(["", "", ACTORS_ANY[3]]),
                    "inter1": "State forces",
                    "actor2": rng.choice(ACTORS_ANY),
                    "assoc_actor_2": "",
                    "inter2": "Rebel group",
                    "interaction": "",
                    "civilian_targeting": "",
                    "iso": 760 if syria else 422,
                    "region": "Middle East",
                    "country": "Syria" if syria else "Lebanon",
                    "admin1": admin1,
                    "admin2": rng.choice(districts),
                    "admin3": "",
                    "location": f"Village {i % 997}",
                    "latitude": round(rng.uniform(32.5, 37.0), 4),
                    "longitude": round(rng.uniform(35.9, 42.0), 4),
                    "geo_precision": rng.choice([1, 1, 2, 3]),
                    "source": "Syrian Observatory for Human Rights",
                    "source_scale": "National",
                    "notes": f"On {day:%d %B %Y}, clashes were reported; {fatalities} killed.",
                    "fatalities": fatalities,
                    "tags": "",
                    "timestamp": 1733875200,
                }
            )


def generated(model: type, columns: dict[str, list[Any]], n: int) -> pl.DataFrame:
    """A frame of `n` rows with every column of the model (the ones not given null)."""
    schema = polars_schema(model)
    return pl.DataFrame(
        {name: columns.get(name, [None] * n) for name in schema}, schema=schema, strict=False
    )


def build_articles(con: Any, n: int, rng: random.Random) -> tuple[int, int]:
    """`n` articles with places and actors, straight into the tables; (places, actors) rows."""
    places = [p for p in load_places() if p.country_code == "SY" and p.admin_level >= 1]
    by_level: dict[int, list[Any]] = {}
    for place in places:
        by_level.setdefault(min(place.admin_level, 3), []).append(place)
    days = [START + dt.timedelta(days=rng.randrange(DAYS)) for _ in range(n)]
    ids = [f"aawsat:{9_000_000 + i}" for i in range(n)]
    articles = generated(
        ArticleModel,
        {
            "article_id": ids,
            "site": ["aawsat"] * n,
            "url": [f"https://aawsat.com/node/{9_000_000 + i}" for i in range(n)],
            "headline": ["عنوان"] * n,
            "body_text": ["نص"] * n,
            "published_at": [dt.datetime.combine(d, dt.time(8), tzinfo=dt.UTC) for d in days],
            "published_date": days,
            "is_syria": [rng.random() < 0.8 for _ in range(n)],
            "word_count": [300] * n,
            "content_sha1": ["0" * 40] * n,
            "parser_version": ["bench"] * n,
            "dictionary_version": ["bench"] * n,
        },
        n,
    )
    place_rows: dict[str, list[Any]] = {k: [] for k in ("article_id", "pcode", "admin_level")}
    place_rows |= {"governorate_pcode": [], "name_en": [], "country_code": [], "implied": []}
    actor_rows: dict[str, list[Any]] = {"article_id": [], "actor_id": [], "mentions": []}
    for article_id in ids:
        chosen = {p.pcode: p for p in rng.sample(by_level[1], rng.choice([1, 1, 2]))}
        for _ in range(rng.choice([0, 1, 1, 2])):
            place = rng.choice(by_level[rng.choice([2, 3])])
            chosen[place.pcode] = place
            gov = place.governorate_pcode
            if gov and gov not in chosen:
                chosen[gov] = next(p for p in by_level[1] if p.pcode == gov)
        for place in chosen.values():
            place_rows["article_id"].append(article_id)
            place_rows["pcode"].append(place.pcode)
            place_rows["admin_level"].append(place.admin_level)
            place_rows["governorate_pcode"].append(place.governorate_pcode)
            place_rows["name_en"].append(place.name_en)
            place_rows["country_code"].append("SY")
            place_rows["implied"].append(False)
        for actor_id in rng.sample(ARTICLE_ACTORS, rng.choice([0, 1, 2, 3])):
            actor_rows["article_id"].append(article_id)
            actor_rows["actor_id"].append(actor_id)
            actor_rows["mentions"].append(1)
    place_frame = generated(ArticlePlaceModel, place_rows, len(place_rows["article_id"]))
    actor_frame = generated(ArticleActorModel, actor_rows, len(actor_rows["article_id"]))
    with transaction(con):
        for table, frame in (
            ("articles", articles),
            ("article_places", place_frame),
            ("article_actors", actor_frame),
        ):
            con.register("generated", frame.to_arrow())
            con.execute(f"INSERT INTO {table} SELECT * FROM generated")
            con.unregister("generated")
    return place_frame.height, actor_frame.height


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="events-bench-") as tmp:
        root = args.data_dir or Path(tmp)
        con = connect(root / "wh")
        ensure_tables(con)
        started = time.perf_counter()
        places, actors = build_articles(con, args.articles, rng)
        export = root / "acled_export.csv"
        write_acled(export, args.events, rng)
        print(
            f"generated {args.articles:,} articles ({places:,} place rows, {actors:,} actor "
            f"rows) and an ACLED export of {args.events:,} Syrian events "
            f"({export.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        now = dt.datetime.now(dt.UTC)
        results: list[tuple[str, float, float, str]] = []
        t0 = time.perf_counter()
        counts = import_event_files(con, [export], run_id="bench-1", now=now)
        results.append(("import", time.perf_counter() - t0, IMPORT_TARGET, str(dict(counts))))
        t0 = time.perf_counter()
        again = import_event_files(con, [export], run_id="bench-2", now=now)
        results.append(("re-import", time.perf_counter() - t0, IMPORT_TARGET, str(dict(again))))
        for name in VIEWS:
            timings = []
            for _ in range(5):
                t0 = time.perf_counter()
                table = con.execute(f"SELECT * FROM {name}").to_arrow_table()
                timings.append(time.perf_counter() - t0)
            results.append(
                (name, statistics.median(timings), VIEW_TARGET, f"{table.num_rows:,} rows")
            )
        con.close()
    print(f"\n| {'step':<28} | {'seconds':>8} | {'target':>6} | ok  | detail")
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 8}|-----|--------")
    missed = 0
    for name, seconds, target, detail in results:
        ok = seconds <= target
        missed += not ok
        print(
            f"| {name:<28} | {seconds:8.3f} | {target:6.1f} | {'yes' if ok else 'NO ':3} | {detail}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
