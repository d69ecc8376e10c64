"""The warehouse at a million articles (issue 9, "Measured"): views, pruning, loading, size.

Builds a DuckLake warehouse on disk (`--data-dir`, default a temporary directory) of
`--articles` generated articles (default 1,000,000) with their versions and the five enrichment
tables, generated DIRECTLY (no crawl, no parsing, no enrichment): vectorised NumPy/Polars with a
fixed seed, shaped exactly like the models (`schemas.validate.polars_schema`). Distributions:
days over 2019-01-01..2026-11-30 with a weekly rhythm (quiet Fridays and Saturdays), a slow
trend and five bursts (the 2019 Turkish offensive, Idlib 2020, the 2023 earthquake, the fall of
Assad, the coast 2025); two sites (aawsat 75 %, enabbaladi 25 %), about 70 % Syria articles,
the sites' known sections, 40 authors and desks, datelines; per article 1–8 places from the
real gazetteer (`transforms.dictionaries.load_places`, Syrian for Syria articles, mostly foreign
otherwise) with the governorate of each district or town implied (mentions 0) as
`transforms.enrich` does, 1–8 actors from `load_actor_aliases` (only where an alias of the actor
is valid on the day), 0–4 sources, 0–3 quotes, 0–6 date phrases; 3 % of articles have a second
version (revisions). Bodies are short (2–5 paragraphs drawn from a pool of Arabic sentences) to
keep generation fast; `word_count` is drawn from a realistic distribution instead (median about
450 words), so that word sums are realistic but the Parquet size of bodies is not (see limits).

The rows are inserted month by month (`INSERT INTO … BY NAME SELECT * FROM arrow`, one
transaction per month holding every table's rows of that month's articles), so the articles land
in their year=/month= partitions; then `ensure_tables` (re)creates the views. Generation and load
times are printed separately; neither is a target. Then, measured:

1. every view (`duckdb_views()`, not internal): `SELECT count(*) FROM (SELECT * FROM view)`,
   5 runs, median and max; target median ≤ 1 s. A view over 1 s is profiled: its
   `EXPLAIN ANALYZE` goes to `<data-dir>/profiles/<view>.txt` and its three costliest operators
   are printed.
2. one month (`published_at` in March 2024): `EXPLAIN ANALYZE`, the Parquet files the scan read
   (from the plan's file count) against the table's files (`ducklake_list_files`) and that
   month's files (their year=2024/month=3 path); target: only that month's files read.
3. `--load-articles` (default 100,000) new articles through the real loader
   (`warehouse.load.load_batch`: articles, versions and the five enrichment tables, batches of
   2,000 as the flow uses) into the big warehouse; the frames are built before the timer and
   validated by their models in a separate, reported timing (`load_batch` itself validates the
   versions, inside the timer). Target ≤ 30 s.
4. size on disk per 1,000 articles (catalog + Parquet files, `du` of the data directory after
   the generated load, before step 3).

Run: `nice .venv/bin/python bench/warehouse_scale.py [--articles N] [--load-articles N]
[--data-dir DIR] [--quick] [--reuse] [--no-load]` (`--quick`: 20,000 articles and 20,000
loaded, a smoke run). Exits 1 when a target is missed. With `--data-dir` the warehouse is kept
(it must be new); `--reuse --data-dir DIR` measures a warehouse built before (its views
recreated by `ensure_tables` when `warehouse/sql` changed: the way to try a view rewrite), and
`--no-load` skips measure 3. `conflict_events` stays empty: the event views are measured on the
coverage side only (`bench/events_speed.py` measures them with events).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schemas import ArticleModel, ArticleVersionModel  # noqa: E402
from schemas.articles import known_sections  # noqa: E402
from schemas.enrichment import (  # noqa: E402
    ArticleActorModel,
    ArticleDateModel,
    ArticlePlaceModel,
    ArticleQuoteModel,
    ArticleSourceModel,
    known_actor_ids,
    known_source_ids,
)
from schemas.validate import polars_schema  # noqa: E402
from transforms.dictionaries import load_actor_aliases, load_places  # noqa: E402
from warehouse.catalog import CATALOG_FILE, connect  # noqa: E402
from warehouse.ddl import TABLES_BY_NAME, ensure_tables  # noqa: E402
from warehouse.load import Batch, load_batch, transaction  # noqa: E402

VIEW_TARGET = 1.0
LOAD_TARGET = 30.0
BATCH = 2_000
RUNS = 5
SEED = 2026
MONTH_QUERY = (
    "SELECT count(*), sum(word_count) FROM articles "
    "WHERE published_at >= '2024-03-01' AND published_at < '2024-04-01'"
)
MONTH_PATH = "year=2024/month=3/"
EPOCH = dt.date(1970, 1, 1)
START = dt.date(2019, 1, 1)
END = dt.date(2026, 12, 1)  # exclusive
LOAD_START = dt.date(2026, 9, 1)  # the loaded articles: a recent crawl
# (first day, days, multiplier): periods when the press wrote much more about Syria.
BURSTS = (
    ("2019-10-09", 12, 2.5),
    ("2020-02-25", 14, 1.8),
    ("2023-02-06", 10, 3.0),
    ("2024-11-27", 20, 4.0),
    ("2025-03-06", 7, 2.5),
)
# Monday … Sunday: Friday and Saturday are the weekend of the outlets' readers.
WEEKDAY = (1.05, 1.05, 1.0, 1.0, 0.55, 0.7, 1.0)
SITES = (("aawsat", 0.75, 0.62), ("enabbaladi", 0.25, 0.95))  # (site, share, Syria share)
FIRST_NAMES = ("محمد", "أحمد", "سامر", "ليلى", "هبة", "عمر", "رامي", "نور", "خالد", "ريم")
LAST_NAMES = ("الأحمد", "حداد", "العلي", "سليمان", "الحسن", "يوسف", "المصري", "الخطيب")
DESKS = ("الشرق الأوسط", "عنب بلدي")
DATELINES = (
    "دمشق",
    "بيروت",
    "لندن",
    "عمّان",
    "إسطنبول",
    "القامشلي",
    "إدلب",
    "حلب",
    "درعا",
    "أنقرة",
    "موسكو",
    "واشنطن",
    "القاهرة",
    "الرياض",
    "غازي عنتاب",
)
HEADLINE_STARTS = (
    "اشتباكات عنيفة في",
    "قصف يستهدف ريف",
    "عودة آلاف النازحين إلى",
    "انفجار سيارة مفخخة في",
    "احتجاجات على غلاء المعيشة في",
    "وفد أممي يزور",
    "انقطاع الكهرباء يعم",
    "حملة اعتقالات في",
    "مقتل مدنيين بغارة على",
    "افتتاح معبر جديد قرب",
    "تعزيزات عسكرية تصل إلى",
    "أزمة مياه خانقة في",
    "انتخابات محلية في",
    "ارتفاع أسعار الخبز في",
    "اتفاق تهدئة في",
)
SENTENCES = (
    "قال مصدر محلي إن الاشتباكات اندلعت فجر اليوم بين الطرفين في أطراف المدينة.",
    "وأفاد المرصد السوري لحقوق الإنسان بسقوط عدد من القتلى والجرحى.",
    "وأكدت وكالة الأنباء الرسمية أن الوحدات المختصة تعمل على إعادة الاستقرار.",
    "ويعاني السكان من نقص حاد في الوقود والخبز منذ أسابيع.",
    "وأشار شهود عيان إلى وصول تعزيزات عسكرية إلى المنطقة خلال الليل.",
    "وكانت الأمم المتحدة قد حذرت من تدهور الوضع الإنساني في الشمال السوري.",
    "وتأتي هذه التطورات بعد أيام من اجتماع عقد في العاصمة بحضور ممثلين عن الأطراف.",
    "ونقلت وكالة رويترز عن مسؤول قوله إن المفاوضات ما زالت مستمرة.",
    "وشهدت الأسواق ارتفاعا ملحوظا في أسعار المواد الغذائية الأساسية.",
    "وقال الناطق باسم الحكومة إن الخدمات ستعود تدريجيا إلى الأحياء المتضررة.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى ساعة إعداد هذا التقرير.",
    "وتسيطر قوات سوريا الديمقراطية على مساحات واسعة شرق نهر الفرات.",
    "وذكرت مصادر طبية أن المستشفى الوحيد في البلدة استقبل عشرات المصابين.",
    "وطالب الأهالي بفتح تحقيق في ملابسات الحادثة ومحاسبة المسؤولين عنها.",
    "ويأتي ذلك في ظل تراجع الدعم الدولي المخصص للاستجابة الإنسانية.",
    "وأعلنت المنظمة عن خطة لإعادة تأهيل المدارس قبل بداية العام الدراسي.",
)
TAGS = ("سوريا", "إدلب", "حلب", "دمشق", "اللاجئون", "الاقتصاد", "قسد", "تركيا", "روسيا", "إيران")
SPEAKERS = ("الناطق باسم الحكومة", "مسؤول محلي", "أحد السكان", "قائد ميداني", "مصدر طبي")
VERBS = ("قال", "أكد", "أضاف", "صرح")
QUOTES = (
    "الوضع تحت السيطرة",
    "لن نسمح بعودة الفوضى",
    "نحتاج إلى مساعدات عاجلة",
    "المفاوضات مستمرة",
    "القصف لم يتوقف منذ الصباح",
)
DATE_PHRASES = (  # (phrase, precision, days before the publication day or None)
    ("أمس", "day", 1),
    ("اليوم", "day", 0),
    ("الأسبوع الماضي", "week", 7),
    ("الشهر الماضي", "month", 30),
    ("مطلع العام", "year", None),
    ("عام 2011", "year", None),
    ("يوم الجمعة", "day", 3),
    ("الصيف الماضي", "season", None),
)
CREDITS = ("أ.ف.ب", "رويترز", "أ.ب", "سانا", "عنب بلدي")
DICTIONARY_VERSION = "bench-scale"
RUN_ID = "bench-scale"


@dataclass
class Generated:
    """Every table's rows of a generated set of articles, with `_month` (year*12 + month of
    `published_at`) on each frame to split them by partition."""

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        """How many articles."""
        return self.tables["articles"].height


def shaped(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with exactly the table's model columns and dtypes (missing ones null), plus
    `_month`."""
    schema = polars_schema(TABLES_BY_NAME[table].model)
    cols = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select([*cols, pl.col("_month").cast(pl.Int32)])


class Rng:
    """Seeded vectorised random draws as Polars Series (Arrow's `random` kernel; each draw
    takes the next seed, so a run is a pure function of the first)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed * 1_000
        self.py = random.Random(seed)

    def random(self, n: int) -> pl.Series:
        """n uniform floats in [0, 1)."""
        self.seed += 1
        return pl.Series(pc.random(n, initializer=self.seed))

    def integers(self, low: int, high: int, n: int) -> pl.Series:
        """n integers in [low, high)."""
        return (self.random(n) * (high - low)).floor().cast(pl.Int64) + low

    def choice(self, weights: Sequence[float], n: int) -> pl.Series:
        """n indices drawn with these (unnormalised) weights."""
        total = float(sum(weights))
        cumulative = pl.Series(list(itertools.accumulate(w / total for w in weights)))
        index = cumulative.search_sorted(self.random(n), side="right").cast(pl.Int64)
        return index.clip(upper_bound=len(weights) - 1)

    def pool(self, values: Sequence[Any], weights: Sequence[float] | None, n: int) -> pl.Series:
        """n values drawn from a pool (uniformly, or with these weights)."""
        index = self.choice(weights or [1.0] * len(values), n)
        return pl.Series(values, strict=False).gather(index)

    def geometric(self, p: float, n: int) -> pl.Series:
        """n draws of a geometric distribution on 1, 2, …"""
        return ((1 - self.random(n)).log() / math.log(1 - p)).floor().cast(pl.Int32) + 1

    def lognormal(self, median: float, sigma: float, n: int) -> pl.Series:
        """n log-normal draws (Box–Muller)."""
        z = (-2 * (1 - self.random(n)).log()).sqrt() * (2 * math.pi * self.random(n)).cos()
        return (math.log(median) + sigma * z).exp()

    def hex40(self, n: int) -> pl.Series:
        """n random 40-digit hex strings (content hashes)."""
        text = self.py.randbytes(20 * n).hex()
        return pl.Series([text[i : i + 40] for i in range(0, 40 * n, 40)], dtype=pl.Utf8)


def zipf(n: int, s: float = 1.0) -> list[float]:
    """Zipf weights for n ranked items."""
    return [1.0 / (k**s) for k in range(1, n + 1)]


def day_weights(start: dt.date, end: dt.date) -> list[float]:
    """Relative article counts per day from start to end (exclusive): weekly rhythm, a slow
    trend, the bursts."""
    days = (end - start).days
    bursts = [(dt.date.fromisoformat(first), length, f) for first, length, f in BURSTS]
    weights = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        w = WEEKDAY[day.weekday()] * (1.0 + 0.4 * i / days)
        for first, length, factor in bursts:
            if first <= day < first + dt.timedelta(days=length):
                w *= factor
        weights.append(w)
    return weights


def in_burst(day: pl.Expr) -> pl.Expr:
    """Whether a day (days since 1970) is in one of the bursts."""
    spans = []
    for first, length, _ in BURSTS:
        begin = (dt.date.fromisoformat(first) - EPOCH).days
        spans.append((day >= begin) & (day < begin + length))
    return pl.any_horizontal(spans)


def lookup(expr: pl.Expr, values: Sequence[Any]) -> pl.Expr:
    """The value at the index `expr` of a small pool."""
    return expr.replace_strict(dict(enumerate(values)), return_dtype=pl.Utf8)


def generate(
    n: int,
    seed: int = SEED,
    first_id: int = 1_000_000,
    start: dt.date = START,
    end: dt.date = END,
) -> Generated:
    """n articles with their versions and enrichment rows, every table shaped by its model."""
    r = Rng(seed)
    start_day = (start - EPOCH).days
    sections = [sorted(known_sections()[s[0]]) for s in SITES]
    authors = [f"{f} {la}" for f in FIRST_NAMES for la in LAST_NAMES][:38] + list(DESKS)
    # aawsat: the first 30 names and its desk; enabbaladi: the last 8 and its desk.
    site_authors = [[*authors[:30], authors[38]], [*authors[30:38], authors[39]]]
    gov_names = [p.name_ar for p in load_places() if p.country_code == "SY" and p.admin_level == 1]
    body_pool = [
        [
            " ".join(r.py.choice(SENTENCES) for _ in range(r.py.randint(1, 2)))
            for _ in range(r.py.randint(2, 5))
        ]
        for _ in range(2000)
    ]
    tag_pool: list[list[str]] = [[]] + [
        list(dict.fromkeys(r.py.choices(TAGS, k=r.py.randint(1, 3)))) for _ in range(99)
    ]
    base = pl.DataFrame(
        {
            "_day": (r.choice(day_weights(start, end), n) + start_day).sort(),
            "_site": r.choice([s[1] for s in SITES], n),
            "_u_syria": r.random(n),
            "_u_rel": r.random(n),
            "_sec": r.integers(3 * 3600, 22 * 3600, n),
            "_backfilled": r.random(n) < 0.2,
            "_lag_long": r.integers(86400, 400 * 86400, n),
            "_lag": (-(1 - r.random(n)).log() * 7200).cast(pl.Int64),
            "_updated": r.random(n) < 0.2,
            "_upd_s": r.integers(600, 86400, n),
            "_author0": r.choice(zipf(len(site_authors[0]), 0.8), n),
            "_author1": r.choice(zipf(len(site_authors[1]), 0.8), n),
            "_no_author": r.random(n) < 0.08,
            "_section0": r.choice(zipf(len(sections[0]), 1.2), n),
            "_section1": r.choice(zipf(len(sections[1]), 1.2), n),
            "_dateline": r.choice(zipf(len(DATELINES)), n),
            "_no_dateline": r.random(n) < 0.4,
            "_head_a": r.integers(0, len(HEADLINE_STARTS), n),
            "_head_b": r.choice(zipf(len(gov_names), 0.7), n),
            "_body": r.integers(0, len(body_pool), n),
            "_words": r.lognormal(450, 0.5, n),
            "_type": r.choice([0.86, 0.09, 0.03, 0.02], n),
            "_credit": r.integers(0, len(CREDITS), n),
            "_no_credit": r.random(n) < 0.4,
            "_tags": r.integers(0, len(tag_pool), n),
            "_revised": r.random(n) < 0.03,
            "_revised_s": r.integers(1800, 3 * 86400, n),
            "content_sha1": r.hex40(n),
            "_old_sha1": r.hex40(n),
        }
    ).with_row_index("_a")
    site = pl.col("_site") == 0
    published = (pl.col("_day").cast(pl.Int64) * 86400 + pl.col("_sec")) * 1_000_000
    lag = pl.when(pl.col("_backfilled")).then(pl.col("_lag_long")).otherwise(pl.col("_lag"))
    now_us = int(dt.datetime(2026, 12, 4, tzinfo=dt.UTC).timestamp()) * 1_000_000
    url = pl.when(site).then(pl.lit("https://aawsat.com/node/")).otherwise(
        pl.lit("https://www.enabbaladi.net/archives/")
    ) + (pl.col("_a") + first_id).cast(pl.Utf8)
    syria_share = (
        pl.when(in_burst(pl.col("_day")))
        .then(0.95)
        .otherwise(pl.when(site).then(SITES[0][2]).otherwise(SITES[1][2]))
    )
    articles = (
        base.with_columns(
            _published=published,
            is_syria=pl.col("_u_syria") < syria_share,
            site=lookup(pl.col("_site"), [s[0] for s in SITES]),
            url=url,
        )
        .with_columns(
            article_id=pl.format("{}:{}", "site", pl.col("_a") + first_id),
            canonical_url=pl.col("url"),
            syria_relevance=pl.when("is_syria")
            .then(0.5 + 0.5 * pl.col("_u_rel"))
            .otherwise(0.49 * pl.col("_u_rel")),
            published_at=pl.col("_published").cast(pl.Datetime("us", "UTC")),
            fetched_at=pl.min_horizontal(pl.col("_published") + lag * 1_000_000, pl.lit(now_us))
            .clip(lower_bound=pl.col("_published"))
            .cast(pl.Datetime("us", "UTC")),
            updated_at=pl.when("_updated")
            .then(pl.col("_published") + pl.col("_upd_s") * 1_000_000)
            .cast(pl.Datetime("us", "UTC")),
            author=pl.when("_no_author")
            .then(None)
            .when(site)
            .then(lookup(pl.col("_author0"), site_authors[0]))
            .otherwise(lookup(pl.col("_author1"), site_authors[1])),
            section=pl.when(site)
            .then(lookup(pl.col("_section0"), sections[0]))
            .otherwise(lookup(pl.col("_section1"), sections[1])),
            dateline=pl.when("_no_dateline")
            .then(None)
            .otherwise(lookup(pl.col("_dateline"), DATELINES)),
            headline=pl.format(
                "{} {}",
                lookup(pl.col("_head_a"), HEADLINE_STARTS),
                lookup(pl.col("_head_b"), gov_names),
            ),
            paragraphs=pl.lit(pl.Series(body_pool, dtype=pl.List(pl.Utf8))).gather("_body"),
            _body_len=pl.lit(pl.Series([len("\n\n".join(b)) for b in body_pool])).gather("_body"),
            # median about 430 words at aawsat, 560 at enabbaladi
            word_count=(pl.col("_words") * pl.when(site).then(0.95).otherwise(1.25))
            .clip(60, 4000)
            .cast(pl.Int32),
            article_type=lookup(pl.col("_type"), ["news", "opinion", "analysis", "interview"]),
            image_credit=pl.when("_no_credit")
            .then(None)
            .otherwise(lookup(pl.col("_credit"), CREDITS)),
            tags=pl.lit(pl.Series(tag_pool, dtype=pl.List(pl.Utf8))).gather("_tags"),
            related_ids=pl.lit(pl.Series([[]], dtype=pl.List(pl.Utf8))).gather(
                pl.repeat(0, pl.len())
            ),
            layout=pl.lit("current"),
            parser_version=pl.lit("bench-1"),
            dictionary_version=pl.lit(DICTIONARY_VERSION),
            run_id=pl.lit(RUN_ID),
        )
        .with_columns(
            byline=pl.col("author"),
            lead_image_url=pl.when(pl.col("image_credit").is_not_null()).then(
                pl.col("url") + ".jpg"
            ),
            body_text=pl.col("paragraphs").list.join("\n\n"),
            # The outlet's own calendar day (both outlets print Damascus/Riyadh time, UTC+3).
            published_date=(pl.col("published_at") + pl.duration(hours=3)).dt.date(),
            _month=pl.col("published_at").dt.year() * 12 + pl.col("published_at").dt.month(),
        )
    )
    tables: dict[str, pl.DataFrame] = {"articles": shaped("articles", articles)}
    # --- versions: one per article, and an earlier one for 3 % of them
    revised_at = pl.col("fetched_at") + pl.duration(seconds=pl.col("_revised_s"))
    current = articles.with_columns(
        valid_from=pl.when("_revised").then(revised_at).otherwise(pl.col("fetched_at"))
    )
    older = articles.filter("_revised").with_columns(
        content_sha1=pl.col("_old_sha1"),
        paragraphs=pl.col("paragraphs").list.head(pl.col("paragraphs").list.len() - 1),
        word_count=(pl.col("word_count") - 40).clip(lower_bound=1),
        valid_from=pl.col("fetched_at"),
        valid_to=revised_at,
    )
    tables["article_versions"] = pl.concat(
        [shaped("article_versions", current), shaped("article_versions", older)]
    )
    ctx = _Context(
        r, articles.select("_a", "article_id", "_month", "is_syria", "_day", "_body_len")
    )
    tables["article_places"] = _places(ctx)
    tables["article_actors"] = _actors(ctx)
    tables["article_sources"] = _sources(ctx)
    tables["article_quotes"] = _quotes(ctx)
    tables["article_dates"] = _dates(ctx)
    return Generated(tables)


@dataclass
class _Context:
    """What the enrichment generators need of the articles (`_a` is the article's index)."""

    r: Rng
    articles: pl.DataFrame

    def rows(self, probs: Sequence[float], low: int) -> pl.DataFrame:
        """`low + i` rows per article with probability probs[i]: `_a`, `_rank` (0, 1, … within
        the article) and the article's columns, plus a uniform `_u` and an `_offset` in the
        body."""
        n = self.articles.height
        counts = self.r.choice(probs, n) + low
        frame = (
            pl.DataFrame({"_a": pl.int_range(n, eager=True, dtype=pl.UInt32), "_k": counts})
            .filter(pl.col("_k") > 0)
            .select(pl.col("_a").repeat_by("_k"))
            .explode("_a")
            .with_columns(_rank=pl.int_range(pl.len()).over("_a"))
            .join(self.articles, on="_a", how="left")
            .sort("_a", "_rank")
        )
        return frame.with_columns(
            _u=self.r.random(frame.height),
            _offset=(self.r.random(frame.height) * (pl.col("_body_len") - 1)).cast(pl.Int32),
        )


def _places(ctx: _Context) -> pl.DataFrame:
    """1–8 places per article (Syrian for Syria articles, 80 % foreign otherwise), plus the
    governorate of each district or town, implied."""
    r = ctx.r
    gazetteer = list({p.pcode: p for p in load_places()}.values())
    syrian = [p for p in gazetteer if p.country_code == "SY" and p.admin_level]
    foreign = [p for p in gazetteer if p.country_code != "SY" or not p.admin_level]
    level_share = {1: 0.45, 2: 0.2, 4: 0.35}
    sy_order, sy_weights = [], []
    for level, share in level_share.items():
        ranked = [p for p in syrian if p.admin_level == level]
        weights = zipf(len(ranked), 0.9)
        sy_order += ranked
        sy_weights += [share * w / sum(weights) for w in weights]
    rows = ctx.rows([0.2, 0.25, 0.2, 0.12, 0.1, 0.06, 0.04, 0.03], 1)
    m = rows.height
    rows = rows.with_columns(
        _sy=r.choice(sy_weights, m),
        _foreign=r.integers(0, len(foreign), m),
        mentions=r.geometric(0.5, m),
        in_headline=(pl.col("_rank") == 0) & (r.random(m) < 0.4),
        first_offset=pl.col("_offset"),
        implied=pl.lit(False),
    ).with_columns(
        pcode=pl.when(~pl.col("is_syria") & (pl.col("_u") < 0.8))
        .then(lookup(pl.col("_foreign"), [p.pcode for p in foreign]))
        .otherwise(lookup(pl.col("_sy"), [p.pcode for p in sy_order]))
    )
    gaz = pl.DataFrame(
        {
            "pcode": [p.pcode for p in gazetteer],
            "admin_level": [p.admin_level for p in gazetteer],
            "kind": [p.kind for p in gazetteer],
            "name_ar": [p.name_ar for p in gazetteer],
            "name_en": [p.name_en for p in gazetteer],
            "governorate_pcode": [p.governorate_pcode for p in gazetteer],
            "country_code": [p.country_code for p in gazetteer],
        }
    )
    named = (
        rows.join(gaz, on="pcode")
        .unique(["_a", "pcode"], keep="first", maintain_order=True)
        .sort("_a", "pcode")
    )
    govs = gaz.filter(pl.col("admin_level") == 1).drop("governorate_pcode")
    implied = (
        named.filter(pl.col("admin_level") > 1, pl.col("governorate_pcode").is_not_null())
        .group_by("_a", "governorate_pcode")
        .agg(
            pl.col("article_id").first(),
            pl.col("_month").first(),
            pl.col("in_headline").any(),
            pl.col("first_offset").min(),
        )
        .join(
            named.select("_a", "pcode"),
            left_on=["_a", "governorate_pcode"],
            right_on=["_a", "pcode"],
            how="anti",
        )
        .join(govs, left_on="governorate_pcode", right_on="pcode")
        .sort("_a", "governorate_pcode")
        .with_columns(pcode=pl.col("governorate_pcode"), mentions=pl.lit(0), implied=pl.lit(True))
    )
    out = pl.concat([shaped("article_places", named), shaped("article_places", implied)])
    return out.with_columns(dictionary_version=pl.lit(DICTIONARY_VERSION))


def _actors(ctx: _Context) -> pl.DataFrame:
    """1–8 actors per article, only those with an alias valid on the article's day."""
    r = ctx.r
    aliases = load_actor_aliases()
    ids = list(dict.fromkeys(a.actor_id for a in aliases))
    first = {a.actor_id: a for a in reversed(aliases)}
    names = pl.DataFrame(
        {
            "_actor": list(range(len(ids))),
            "actor_id": ids,
            "actor_type": [first[i].actor_type for i in ids],
            "name_en": [first[i].name_en for i in ids],
            "name_ar": [first[i].name_ar for i in ids],
            "alias_seen": [[first[i].alias_ar] for i in ids],
            "_from": [
                min(((a.valid_from or EPOCH) - EPOCH).days for a in aliases if a.actor_id == i)
                for i in ids
            ],
            "_to": [
                max(
                    ((a.valid_to or dt.date(2100, 1, 1)) - EPOCH).days
                    for a in aliases
                    if a.actor_id == i
                )
                for i in ids
            ],
        },
        schema_overrides={"_actor": pl.Int64},
    )
    rows = ctx.rows([0.3, 0.25, 0.17, 0.11, 0.07, 0.05, 0.03, 0.02], 1)
    m = rows.height
    rows = (
        rows.with_columns(
            _actor=r.choice(zipf(len(ids), 0.9), m),
            mentions=r.geometric(0.45, m),
            in_headline=(pl.col("_rank") == 0) & (r.random(m) < 0.3),
            first_offset=pl.col("_offset"),
            dictionary_version=pl.lit(DICTIONARY_VERSION),
        )
        .join(names, on="_actor")
        .filter(pl.col("_day").is_between(pl.col("_from"), pl.col("_to")))
        .unique(["_a", "actor_id"], keep="first", maintain_order=True)
        .sort("_a", "actor_id")
    )
    return shaped("article_actors", rows)


def _sources(ctx: _Context) -> pl.DataFrame:
    """0–4 cited sources per article (attribution in the text, image credit, dateline)."""
    r = ctx.r
    ids = known_source_ids()
    rows = ctx.rows([0.25, 0.35, 0.2, 0.12, 0.08], 0)
    m = rows.height
    rows = rows.with_columns(
        source_id=r.pool(ids, zipf(len(ids), 0.8), m),
        how=r.pool(["attribution", "credit", "dateline"], [0.7, 0.2, 0.1], m),
        mentions=r.geometric(0.6, m),
        dictionary_version=pl.lit(DICTIONARY_VERSION),
    ).with_columns(
        first_offset=pl.when(pl.col("how") != "credit").then(pl.col("_offset")),
    )
    rows = rows.unique(["_a", "source_id", "how"], keep="first", maintain_order=True)
    return shaped("article_sources", rows.sort("_a", "source_id", "how"))


def _quotes(ctx: _Context) -> pl.DataFrame:
    """0–3 quotes per article, most with a speaker, some naming an actor."""
    r = ctx.r
    rows = ctx.rows([0.45, 0.3, 0.15, 0.1], 0)
    m = rows.height
    actors = [a for a in ("syrian_gov_transitional", "sdf", "un") if a in known_actor_ids()]
    rows = rows.with_columns(
        char_offset=pl.col("_rank") * 120 + r.integers(0, 100, m),
        speaker=pl.when(pl.col("_u") < 0.3).then(None).otherwise(r.pool(SPEAKERS, None, m)),
        speaker_actor_id=pl.when(pl.col("_u") > 0.75).then(r.pool(actors, None, m)),
        verb=r.pool(VERBS, None, m),
        quote=r.pool(QUOTES, None, m),
        dictionary_version=pl.lit(DICTIONARY_VERSION),
    )
    return shaped("article_quotes", rows)


def _dates(ctx: _Context) -> pl.DataFrame:
    """0–6 date phrases per article, resolved against the publication day."""
    r = ctx.r
    rows = ctx.rows([0.2, 0.25, 0.2, 0.15, 0.1, 0.06, 0.04], 0)
    m = rows.height
    which = r.integers(0, len(DATE_PHRASES), m)
    back = [d[2] for d in DATE_PHRASES]
    rows = rows.with_columns(
        char_offset=pl.col("_rank") * 90 + r.integers(0, 80, m),
        phrase=lookup(pl.lit(which), [d[0] for d in DATE_PHRASES]),
        precision=lookup(pl.lit(which), [d[1] for d in DATE_PHRASES]),
        _back=pl.lit(which).replace_strict(dict(enumerate(back)), return_dtype=pl.Int32),
        dictionary_version=pl.lit(DICTIONARY_VERSION),
    ).with_columns(resolved_date=(pl.col("_day") - pl.col("_back")).cast(pl.Int32).cast(pl.Date))
    return shaped("article_dates", rows)


def insert_by_month(con: duckdb.DuckDBPyConnection, data: Generated) -> int:
    """Insert every table's rows month by month, one transaction per month; months written."""
    parts = {
        table: frame.partition_by("_month", as_dict=True, include_key=False)
        for table, frame in data.tables.items()
    }
    months = sorted({key for split in parts.values() for key in split})
    for month in months:
        with transaction(con):
            for table, split in parts.items():
                frame = split.get(month)
                if frame is None or frame.is_empty():
                    continue
                con.register("generated", frame.to_arrow())
                try:
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM generated")
                finally:
                    con.unregister("generated")
    return len(months)


def analyst_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every user view of the warehouse, by name."""
    rows = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal "
        "AND database_name = current_database() ORDER BY view_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def time_view(
    con: duckdb.DuckDBPyConnection, view: str, runs: int = RUNS
) -> tuple[float, float, int]:
    """(median, max) seconds of `SELECT count(*) FROM (SELECT * FROM view)` over `runs`, rows."""
    timings, rows = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        row = con.execute(f"SELECT count(*) FROM (SELECT * FROM {view})").fetchone()
        timings.append(time.perf_counter() - t0)
        rows = int(row[0]) if row else 0
    return statistics.median(timings), max(timings), rows


def profile(con: duckdb.DuckDBPyConnection, sql: str, out: Path) -> list[tuple[str, float, int]]:
    """Write `EXPLAIN ANALYZE sql` to `out`; the three costliest operators (name, s, rows)."""
    plan = con.execute(f"EXPLAIN ANALYZE {sql}").fetchall()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(str(r[-1]) for r in plan), encoding="utf-8")
    json_file = out.with_suffix(".json")
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute(f"PRAGMA profiling_output = '{json_file.as_posix()}'")
    try:
        con.execute(sql).fetchall()
    finally:
        con.execute("PRAGMA disable_profiling")
    ops: list[tuple[str, float, int]] = []

    def walk(node: dict[str, Any]) -> None:
        name = node.get("operator_name") or node.get("operator_type")
        if name:
            extra = node.get("extra_info") or {}
            label = str(name).strip()
            if isinstance(extra, dict) and extra.get("Table"):
                label += f" {extra['Table']}"
            ops.append(
                (
                    label,
                    float(node.get("operator_timing", 0.0)),
                    int(node.get("operator_cardinality", 0)),
                )
            )
        for child in node.get("children", []):
            walk(child)

    walk(json.loads(json_file.read_text(encoding="utf-8")))
    return sorted(ops, key=lambda o: -o[1])[:3]


@dataclass
class Pruning:
    """What the month query read: files per the plan, the table's files, that month's files."""

    files_read: int | None
    read_paths: list[str]
    files_total: int
    files_month: int
    rows_scanned: int | None
    rows_month: int
    plan: str

    def only_the_month(self) -> bool:
        """The scan read some files, every one of them in the month's partition."""
        return (
            self.files_read is not None
            and 1 <= self.files_read == len(self.read_paths) <= self.files_month
            and all(MONTH_PATH in path for path in self.read_paths)
        )


def month_pruning(con: duckdb.DuckDBPyConnection) -> Pruning:
    """EXPLAIN ANALYZE of the one-month query, against DuckLake's file list of `articles`."""
    plan = "\n".join(str(r[-1]) for r in con.execute(f"EXPLAIN ANALYZE {MONTH_QUERY}").fetchall())
    files = [
        str(r[0])
        for r in con.execute(
            "SELECT data_file FROM ducklake_list_files('lake', 'articles')"
        ).fetchall()
    ]
    read = re.search(r"Total Files Read:\s*([\d,]+)", plan)
    scanned = _scan_rows(plan)
    month_rows = con.execute(
        "SELECT count(*) FROM articles WHERE published_at >= '2024-03-01' "
        "AND published_at < '2024-04-01'"
    ).fetchone()
    return Pruning(
        files_read=int(read[1].replace(",", "")) if read else None,
        read_paths=_read_paths(plan, files),
        files_total=len(files),
        files_month=sum(MONTH_PATH in f for f in files),
        rows_scanned=scanned,
        rows_month=int(month_rows[0]) if month_rows else 0,
        plan=plan,
    )


def _read_paths(plan: str, files: list[str]) -> list[str]:
    """The table's files the plan names under `Filename(s):` (the box wraps long paths)."""
    text = "".join(
        part.strip() for line in plan.splitlines() for part in line.split("│") if part.strip()
    )
    return [f for f in files if f in text]


def _scan_rows(plan: str) -> int | None:
    """The row count the table scan of a plan reports (the box of the scan operator)."""
    lines = plan.splitlines()
    for i, line in enumerate(lines):
        if "TABLE_SCAN" in line or "DUCKLAKE_SCAN" in line or "READ_PARQUET" in line:
            for later in lines[i : i + 30]:
                m = re.search(r"│\s*([\d,]+) [Rr]ows\s*│", later)
                if m:
                    return int(m[1].replace(",", ""))
    return None


def batches(data: Generated, size: int = BATCH) -> list[Batch]:
    """The generated articles as the flow hands them to `load_batch`, `size` at a time."""
    out = []
    frames = {t: f.drop("_month") for t, f in data.tables.items()}
    ids = frames["articles"].get_column("article_id")
    for start in range(0, len(ids), size):
        chunk = ids.slice(start, size)
        wanted = pl.DataFrame({"article_id": chunk})
        pick_rows = {t: f.join(wanted, on="article_id", how="semi") for t, f in frames.items()}
        out.append(
            Batch(
                articles=pick_rows["articles"],
                article_versions=pick_rows["article_versions"],
                enrichment={
                    t: f
                    for t, f in pick_rows.items()
                    if t.startswith("article_") and t != "article_versions"
                },
                enriched_ids=chunk.to_list(),
            )
        )
    return out


MODELS = {
    "articles": ArticleModel,
    "article_versions": ArticleVersionModel,
    "article_places": ArticlePlaceModel,
    "article_actors": ArticleActorModel,
    "article_sources": ArticleSourceModel,
    "article_quotes": ArticleQuoteModel,
    "article_dates": ArticleDateModel,
}


def validate(data: Generated) -> None:
    """Validate every generated table by its model (raises on the first failing table)."""
    for table, frame in data.tables.items():
        MODELS[table].validate(frame.drop("_month"), lazy=True)


def disk_bytes(path: Path) -> int:
    """`du` of a directory, in bytes (allocated blocks)."""
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) * 1024


def build(
    data_dir: Path, n: int, seed: int = SEED
) -> tuple[duckdb.DuckDBPyConnection, Generated, float, float]:
    """Generate n articles and load them into a new warehouse under data_dir:
    (connection, generated rows, generation seconds, load seconds)."""
    t0 = time.perf_counter()
    data = generate(n, seed)
    generation = time.perf_counter() - t0
    con = connect(data_dir)
    t0 = time.perf_counter()
    ensure_tables(con)
    insert_by_month(con, data)
    ensure_tables(con)
    return con, data, generation, time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--load-articles", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--quick", action="store_true", help="20,000 articles, 20,000 loaded")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the warehouse already in --data-dir (views recreated if their SQL "
        "changed) instead of generating one",
    )
    parser.add_argument(
        "--no-load", action="store_true", help="skip the load_batch measure (views only)"
    )
    args = parser.parse_args(argv)
    if args.no_load:
        args.load_articles = 0
    if args.quick:
        args.articles, args.load_articles = 20_000, 20_000
    if args.reuse and args.data_dir is None:
        parser.error("--reuse needs --data-dir")
    with tempfile.TemporaryDirectory(prefix="warehouse-scale-") as tmp:
        root = args.data_dir or Path(tmp)
        return run(root, args.articles, args.load_articles, args.seed, reuse=args.reuse)


def run(root: Path, n: int, load_n: int, seed: int, *, reuse: bool = False) -> int:
    """The whole benchmark on a warehouse under `root`; 1 when a target is missed."""
    if reuse:
        con = connect(root)
        ensure_tables(con)
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        n = int(row[0]) if row else 0
        print(f"reusing the warehouse of {root}: {n:,} articles", flush=True)
    else:
        con, data, generation, load = build(root, n, seed)
        t = data.tables
        print(
            f"generated {n:,} articles in {generation:.1f} s: "
            + ", ".join(f"{name} {frame.height:,}" for name, frame in t.items())
        )
        print(
            f"loaded them month by month ({t['articles']['_month'].n_unique()} transactions) "
            f"in {load:.1f} s",
            flush=True,
        )
        del data, t
    # Views are measured as an analyst sees them: a new session, read-only (`syria-etl sql`).
    con.close()
    con = connect(root, read_only=True)
    size = disk_bytes(root)
    catalog = (root / CATALOG_FILE).stat().st_size
    results: list[tuple[str, str, str, str, str]] = []  # name, median, max, target, detail
    missed = 0
    slow: list[str] = []
    for view in analyst_views(con):
        median, worst, rows = time_view(con, view)
        print(f"  {view}: median {median:.3f} s, max {worst:.3f} s", flush=True)
        ok = median <= VIEW_TARGET
        missed += not ok
        results.append(
            (
                view,
                f"{median:.3f}",
                f"{worst:.3f}",
                "≤ 1 s" if ok else "≤ 1 s MISSED",
                f"{rows:,} rows",
            )
        )
        if not ok:
            slow.append(view)
    pruning = month_pruning(con)
    pruned = pruning.only_the_month()
    results.append(
        (
            "one month (March 2024)",
            "",
            "",
            "only its files" + ("" if pruned else " MISSED"),
            f"files read {pruning.files_read} of {pruning.files_total} "
            f"(the month has {pruning.files_month}, all under {MONTH_PATH}: "
            f"{'yes' if pruned else 'no'}); rows scanned {pruning.rows_scanned} "
            f"for {pruning.rows_month} in the month",
        )
    )
    missed += not pruned
    # Loading through the real loader.
    if load_n:
        fresh = generate(load_n, seed + 7, first_id=50_000_000 + n, start=LOAD_START)
        t0 = time.perf_counter()
        validate(fresh)
        validation = time.perf_counter() - t0
        work = batches(fresh)
        reader, con = con, connect(root)
        reader.close()
        t0 = time.perf_counter()
        inserted = 0
        for batch in work:
            inserted += load_batch(con, batch).articles_inserted
        loading = time.perf_counter() - t0
        ok = loading <= LOAD_TARGET and inserted == load_n
        missed += not ok
        results.append(
            (
                f"load {load_n:,} articles (load_batch × {len(work)})",
                f"{loading:.1f}",
                "",
                "≤ 30 s" if ok else "≤ 30 s MISSED",
                f"{inserted:,} inserted; validation by the models beforehand {validation:.1f} s",
            )
        )
    results.append(
        (
            "size on disk per 1,000 articles",
            f"{size / n * 1000 / 1e6:.2f} MB",
            "",
            "reported",
            f"{size / 1e6:,.0f} MB for {n:,} (catalog {catalog / 1e6:.1f} MB)",
        )
    )
    print(f"\nload average (1, 5, 15 min) at the end: {os.getloadavg()}")
    print(f"\n| {'measure':<40} | {'median s':>9} | {'max s':>7} | target | detail")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 9}|--------|--------")
    for name, median_s, max_s, target, detail in results:
        print(f"| {name:<40} | {median_s:>9} | {max_s:>7} | {target} | {detail}")
    print("\nEXPLAIN ANALYZE of the one-month query:\n" + pruning.plan)
    for view in slow:
        top = profile(
            con, f"SELECT count(*) FROM (SELECT * FROM {view})", root / "profiles" / f"{view}.txt"
        )
        print(
            f"\n{view}: costliest operators "
            + "; ".join(f"{name} {sec:.2f} s ({rows:,} rows)" for name, sec, rows in top)
        )
    con.close()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
