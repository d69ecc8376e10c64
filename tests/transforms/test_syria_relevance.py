"""Syria relevance on real sentences: the seed articles, off-topic stories and false friends.

Relevance is scored from the places, actors and Syria words the enrichment matcher finds
(`transforms.entities`), so these cases also pin what that matcher finds in them.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms.dictionaries import load_places, load_terms
from transforms.enrich import enrich_frame
from transforms.entities import find_mentions
from transforms.relevance import SYRIA_THRESHOLD, syria_relevance

# From /work/shared/seed/aawsat_syria_pages.txt (two aawsat articles and a related card).
JASIM_HEADLINE = "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا"
JASIM_BODY = (
    "شهدت مدينة جاسم في ريف درعا الشمالي، صباح أمس (الأربعاء)، استنفاراً أمنياً لقوات النظام "
    "السوري تزامناً مع وصول وفد أمني من ضباط من النظام، بينهم رئيس جهاز فرع الأمن العسكري في "
    "جنوب سوريا العميد لؤي العلي، وسط تمسك بمطلب «إخراج داعش» من هذه المدينة.\n\n"
    "وفقاً لمصادر محلية، فإن زيارة الوفد الأمني إلى جاسم جاءت بعد رفض وجهائها واللجنة المفاوضة "
    "فيها حضور اجتماع تفاوضي سابق في درعا المحطة قبل أسبوع.\n\n"
    "ويتخوف الأهالي من تكرار ما حدث مؤخراً في مدينة طفس غربي درعا، حيث اتبعت قوات النظام سياسة "
    "التصعيد العسكري والقصف للضغط على المطلوبين لإخراجهم من المدينة."
)
OFFENSIVE_HEADLINE = "طائرات سورية وروسية تقصف شمال غربي سوريا الخاضع لسيطرة المعارضة"
OFFENSIVE_BODY = (
    "قال الجيش السوري ومصادر من قوات المعارضة إن قوات جوية روسية وسورية قصفت مناطق خاضعة لسيطرة "
    "المعارضة، شمال غربي سوريا، قرب الحدود مع تركيا، اليوم (الخميس)، لصد هجوم لقوات المعارضة "
    "استولت خلاله على أراضٍ لأول مرة منذ سنوات.\n\n"
    "ووفقاً لـ«رويترز»، شن تحالف من فصائل مسلحة بقيادة هيئة تحرير الشام هجوماً، أمس (الأربعاء)، "
    "اجتاح خلاله 10 بلدات وقرى تحت سيطرة قوات الرئيس السوري بشار الأسد في محافظة حلب، شمال غربي "
    "البلاد.\n\n"
    "وقال مصدر عسكري إن المسلحين تقدموا، وأصبحوا على مسافة 10 كيلومترات تقريباً من مشارف مدينة "
    "حلب، وعلى بُعد بضعة كيلومترات من بلدتَي نبل والزهراء الشيعيتين اللتين بهما حضور قوي لجماعة "
    "«حزب الله» اللبنانية المدعومة من إيران."
)
EGYPT_HEADLINE = "مشاورات مصرية مع 6 دول عربية بشأن سوريا والسودان"
EGYPT_BODY = (
    "أجرى وزير الخارجية المصري سامح شكري اتصالات هاتفية مع نظرائه في 6 دول عربية؛ للإعداد "
    "للاجتماع الاستثنائي لوزراء الخارجية العرب بشأن سوريا والسودان، المقرر عقده، يوم الأحد "
    "المقبل. وقال المتحدث الرسمي باسم وزارة الخارجية المصرية، السفير أحمد أبو زيد، في إفادة "
    "رسمية، الخميس، إن شكري أجرى اتصالات هاتفية، على مدار يومي الأربعاء والخميس، مع كل من وزير "
    "خارجية السودان علي الصادق، ووزير خارجية السعودية فيصل بن فرحان، ووزير خارجية العراق فؤاد "
    "محمد حسين، ووزير خارجية الجزائر أحمد عطاف، ووزير خارجية الأردن أيمن الصفدي."
)
STOCKS_HEADLINE = "مؤشر السوق السعودية يغلق مرتفعاً بدعم من أسهم البنوك والطاقة"
STOCKS_BODY = (
    "أغلق مؤشر السوق الرئيسية في السعودية (تاسي) جلسة الخميس مرتفعاً بنسبة 0.8 في المائة عند "
    "مستوى 12050 نقطة، بتداولات بلغت قيمتها 6.2 مليار ريال. وارتفع سهم «أرامكو السعودية» بنسبة 1 "
    "في المائة، فيما صعد سهم «مصرف الراجحي» 1.5 في المائة، وتصدَّر قطاع البنوك المكاسب. وقال "
    "محللون لـ«الشرق الأوسط» إن السيولة تحسنت مع ترقب نتائج الشركات للربع الثالث وقرار "
    "الاحتياطي الفيدرالي الأميركي بشأن أسعار الفائدة، بينما استحوذت أسهم الطاقة على حصة الأسد "
    "من التداولات، وسط تحسن أسعار النفط وارتفاع الطلب الصيني."
)


def terms(text: str) -> list[str]:
    """What each Syria-weighted span names: a place's name, an actor's alias, or the word."""
    out = []
    for m in find_mentions(text, dt.date(2024, 11, 30)):
        if m.weight < 0.1:  # foreign states and their adjectives (`الأميركي`) say little of Syria
            continue
        syrian = [p for p in m.places if p.country_code == "SY"]
        out.append(
            syrian[0].name_ar if syrian else m.surface.lstrip("وفبلك") if m.actors else m.key
        )
    return out


def test_seed_articles_score_high() -> None:
    jasim = syria_relevance(JASIM_HEADLINE, JASIM_BODY)
    offensive = syria_relevance(OFFENSIVE_HEADLINE, OFFENSIVE_BODY)
    assert jasim >= 0.9
    assert offensive >= 0.9


def test_seed_places_and_actors_are_found() -> None:
    names = {
        name
        for m in find_mentions(JASIM_BODY, dt.date(2022, 8, 11))
        for name in [*(p.name_ar for p in m.places), *(a.actor_id for a in m.actors)]
    }
    assert {"جاسم", "درعا", "طفس", "سوريا", "syrian_gov_assad"} <= names
    names = {
        name
        for m in find_mentions(OFFENSIVE_BODY, dt.date(2024, 11, 28))
        for name in [*(p.name_ar for p in m.places), *(a.actor_id for a in m.actors)]
    }
    assert {"syrian_gov_assad", "hts", "bashar_al_assad", "حلب"} <= names
    assert any("نبل" in n for n in names) and any("الزهراء" in n for n in names)


def test_saudi_stock_market_scores_low() -> None:
    assert terms(STOCKS_HEADLINE + " " + STOCKS_BODY) == []  # `حصة الأسد` is "the lion's share"
    assert syria_relevance(STOCKS_HEADLINE, STOCKS_BODY) < 0.1


def test_egypt_consulting_on_syria_and_sudan_is_moderate() -> None:
    score = syria_relevance(EGYPT_HEADLINE, EGYPT_BODY)
    assert SYRIA_THRESHOLD <= score < 0.8


def test_headline_mention_weighs_more_than_body_mention() -> None:
    in_headline = syria_relevance("وزير الخارجية يزور سوريا", "بحث الوزير العلاقات الثنائية.")
    in_body = syria_relevance("وزير الخارجية في جولة", "بحث الوزير العلاقات مع سوريا.")
    assert in_headline > in_body > 0
    assert in_body < SYRIA_THRESHOLD


def test_score_saturates_below_one() -> None:
    body = " ".join(["قصفت الطائرات ريف إدلب وحلب وحماة ودير الزور"] * 50)
    assert 0.99 <= syria_relevance("سوريا: قصف على إدلب", body) <= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "افتُتح حمام السوق القديم بعد ترميمه، وأعيد فتح حمامات المدينة أمام الزوار",
        "أطلق الصيادون سرب حمام زاجل من فوق السطح",
        "شددت هيئة الرقابة المالية إجراءات الرقابة على شركات التأمين",
        "يشكل القرار درعاً واقياً للاقتصاد من الصدمات",
        "فاز حزب حماة الوطن بأغلبية مقاعد مجلس النواب المصري",
        "تحدث الكاتب عن النبل والشهامة في الأدب العربي",
        "طبق من الحمص والفلافل على مائدة الإفطار",
        "صوَّت مجلس الدوما الروسي على القانون",
        "أقيمت مباراة الملاكمة على حلبة مدينة الرياض",
    ],
)
def test_no_false_positive(sentence: str) -> None:
    assert terms(sentence) == []
    assert syria_relevance(sentence, sentence) < 0.1


def test_hama_matches_as_a_word_with_clitics() -> None:
    assert terms("قصف على حماة وحمص") == ["حماة", "حمص"]
    assert terms("وصلت التعزيزات لحماه ثم بحماة") == ["حماة", "حماة"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("انسحبت القوات من الرقة", ["الرقة"]),
        ("ووصل الوفد بالرقة", ["الرقة"]),
        ("توجه الوفد للرقة واللاذقية", ["الرقة", "اللاذقية"]),
        ("وفي ريف دمشق", ["ريف دمشق"]),
        ("وبدرعا والسويداء وادلب", ["درعا", "السويداء", "إدلب"]),
        ("اللاجئين السوريين في لبنان", ["السوريين"]),
    ],
)
def test_matches_with_prefixes_and_longest_term(sentence: str, expected: list[str]) -> None:
    assert terms(sentence) == expected


def test_sdf_is_one_actor_not_also_syria() -> None:
    found = find_mentions("سيطرت قوات سوريا الديمقراطية «قسد» على المدينة")
    assert [a.actor_id for m in found for a in m.actors] == ["sdf", "sdf"]
    assert not [p for m in found for p in m.places]


def test_enrich_frame_adds_typed_relevance_columns() -> None:
    df = pl.DataFrame(
        {
            "article_id": ["aawsat:1", "aawsat:2", "aawsat:3", "aawsat:4"],
            "headline": [JASIM_HEADLINE, STOCKS_HEADLINE, EGYPT_HEADLINE, None],
            "body_text": [JASIM_BODY, STOCKS_BODY, EGYPT_BODY, None],
            "published_date": [dt.date(2022, 8, 11), dt.date(2024, 10, 3), None, None],
        },
        schema={
            "article_id": pl.String,
            "headline": pl.String,
            "body_text": pl.String,
            "published_date": pl.Date,
        },
    )
    out = enrich_frame(df).relevance
    assert out.schema["syria_relevance"] == pl.Float64
    assert out.schema["is_syria"] == pl.Boolean
    assert out.get_column("is_syria").to_list() == [True, False, True, False]
    scores = out.get_column("syria_relevance").to_list()
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[3] == 0.0


def test_dictionaries_cover_governorates_with_pcodes() -> None:
    governorates = {p.pcode: p.name_ar for p in load_places() if p.admin_level == 1}
    assert sorted(governorates) == [f"SY{i:02d}" for i in range(1, 15)]
    assert governorates["SY03"] == "ريف دمشق"
    assert governorates["SY05"] == "حماة"


def test_syria_words_are_not_places_or_actors() -> None:
    words = {t.term_ar for t in load_terms() if t.weight > 0}
    assert {"السوري", "السوريين"} <= words
    assert "درعا" not in words and "قسد" not in words
