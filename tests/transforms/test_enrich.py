"""The enrichment stage for a batch (`enrich_frame`) and for one article (`annotate`): the batch
gives the same rows, in the same order, as each article on its own."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import polars as pl
import pytest

from schemas.validate import polars_schema
from transforms.enrich import COLUMNS, TABLE_MODELS, annotate, enrich_frame

# From /work/shared/seed/aawsat_syria_pages.txt (aawsat articles), and sentences in their style.
ARTICLES: list[dict[str, Any]] = [
    {
        "article_id": "aawsat:1",
        "headline": "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا",
        "body_text": (
            "شهدت مدينة جاسم في ريف درعا الشمالي، صباح أمس (الأربعاء)، استنفاراً أمنياً لقوات "
            "النظام السوري تزامناً مع وصول وفد أمني من ضباط من النظام، وسط تمسك بمطلب «إخراج "
            "داعش» من هذه المدينة.\n\n"
            "وفقاً لمصادر محلية، فإن زيارة الوفد الأمني إلى جاسم جاءت بعد رفض وجهائها حضور "
            "اجتماع تفاوضي سابق في درعا المحطة قبل أسبوع.\n\n"
            "وقال القيادي المحلي أبو محمد لـ«الشرق الأوسط» إن «الأهالي يرفضون أي عملية عسكرية "
            "في المدينة»، مضيفاً: «لن نقبل بتهجير أحد»."
        ),
        "published_date": dt.date(2022, 8, 11),
        "image_credit": "(أ.ف.ب)",
        "byline": "درعا: رياض الزين",
        "dateline": "درعا",
    },
    {
        "article_id": "aawsat:2",
        "headline": "طائرات سورية وروسية تقصف شمال غربي سوريا",
        "body_text": (
            "ووفقاً لـ«رويترز»، شن تحالف من فصائل مسلحة بقيادة هيئة تحرير الشام هجوماً، أمس "
            "(الأربعاء)، اجتاح خلاله ١٠ بلدات وقرى تحت سيطرة قوات الرئيس السوري بشار الأسد في "
            "محافظة حلب، منذ تشرين الأول ٢٠١٩.\n\n"
            "وقالت الحكومة السورية إن الجيش السوري صد الهجوم قرب الحدود مع تركيا."
        ),
        "published_date": dt.date(2024, 11, 28),
        "image_credit": None,
        "byline": "دمشق - سانا",
        "dateline": "دمشق - سانا",
    },
    {  # after 8 December 2024: the same words name the transitional authorities
        "article_id": "aawsat:3",
        "headline": None,
        "body_text": "وقالت الحكومة السورية أمس إن الجيش السوري دخل بلدة جاسم.",
        "published_date": dt.date(2025, 1, 9),
        "image_credit": None,
        "byline": None,
        "dateline": None,
    },
    {  # no day: dated aliases and date phrases name nothing
        "article_id": "aawsat:4",
        "headline": "مؤشر السوق السعودية يغلق مرتفعاً",
        "body_text": "أغلق مؤشر السوق الرئيسية في السعودية جلسة الخميس مرتفعاً.",
        "published_date": None,
        "image_credit": None,
        "byline": None,
        "dateline": None,
    },
    {
        "article_id": "aawsat:5",
        "headline": None,
        "body_text": None,
        "published_date": None,
        "image_credit": None,
        "byline": None,
        "dateline": None,
    },
]
SCHEMA = {
    "article_id": pl.String,
    "headline": pl.String,
    "body_text": pl.String,
    "published_date": pl.Date,
    "image_credit": pl.String,
    "byline": pl.String,
    "dateline": pl.String,
}


def _frame() -> pl.DataFrame:
    return pl.DataFrame(ARTICLES, schema=SCHEMA)


def test_rows_have_the_model_columns_in_order() -> None:
    for name, model in TABLE_MODELS.items():
        schema = list(polars_schema(model))
        assert list(COLUMNS[name]) == [
            c for c in schema if c not in ("article_id", "dictionary_version")
        ]
    found = annotate(ARTICLES[0]["headline"], ARTICLES[0]["body_text"], dt.date(2022, 8, 11))
    for name, rows in found.tables().items():
        assert rows, name  # the first article has rows in every table
        for row in rows:
            assert tuple(row) == COLUMNS[name]


def _bylines(byline: str | None, dateline: str | None) -> list[str]:
    """What the flow passes as bylines: both, the dateline once when the byline holds it."""
    out = [byline] if byline else []
    if dateline and not any(dateline in b for b in out):
        out.append(dateline)
    return out


def test_batch_rows_are_each_articles_rows_in_order() -> None:
    out = enrich_frame(_frame())
    expected: dict[str, list[dict[str, object]]] = {name: [] for name in TABLE_MODELS}
    scores = []
    for a in ARTICLES:
        found = annotate(
            a["headline"],
            a["body_text"],
            a["published_date"],
            image_credit=a["image_credit"],
            byline=_bylines(a["byline"], a["dateline"]),
        )
        scores.append(found.syria_relevance)
        for name, rows in found.tables().items():
            expected[name] += [{"article_id": a["article_id"], **row} for row in rows]
    for name, frame in out.tables.items():
        assert frame.schema == pl.Schema(polars_schema(TABLE_MODELS[name]))
        assert frame.drop("dictionary_version").to_dicts() == expected[name]
        assert frame.get_column("dictionary_version").unique().len() <= 1
    assert out.relevance.get_column("syria_relevance").to_list() == scores
    assert out.relevance.get_column("article_id").to_list() == [a["article_id"] for a in ARTICLES]


def test_batch_finds_quotes_dates_and_dated_actors() -> None:
    tables = enrich_frame(_frame()).tables
    quotes = tables["article_quotes"].filter(pl.col("article_id") == "aawsat:1")
    assert quotes.get_column("quote").to_list() == [
        "الأهالي يرفضون أي عملية عسكرية في المدينة",
        "لن نقبل بتهجير أحد",
    ]
    dates = tables["article_dates"]
    assert dates.filter(pl.col("article_id") == "aawsat:2").get_column("phrase").to_list() == [
        "أمس (الأربعاء)",
        "تشرين الأول ٢٠١٩",
    ]
    actors = tables["article_actors"]
    by_article = {
        k[0]: set(v.get_column("actor_id"))
        for k, v in actors.partition_by("article_id", as_dict=True).items()
    }
    assert "syrian_gov_assad" in by_article["aawsat:2"]
    assert "syrian_gov_transitional" in by_article["aawsat:3"]
    assert "aawsat:4" not in by_article


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        enrich_frame(_frame())
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_an_empty_batch_gives_empty_typed_frames() -> None:
    out = enrich_frame(pl.DataFrame(schema=SCHEMA))
    for name, frame in out.tables.items():
        assert frame.height == 0
        assert frame.schema == pl.Schema(polars_schema(TABLE_MODELS[name]))
    assert out.relevance.height == 0
