"""The one-pass matcher of places, actors and sources (`transforms.entities`) on real Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.arabic import fast_keys, fast_keys_many
from transforms.entities import Mention, _find, _Normalised, find_mentions

BEFORE = dt.date(2024, 11, 30)
AFTER = dt.date(2025, 3, 1)


def places(text: str, day: dt.date | None = None) -> list[str]:
    return [p.pcode for m in find_mentions(text, day) for p in m.places]


def governorates(text: str) -> set[str]:
    return {
        p.governorate_pcode for m in find_mentions(text) for p in m.places if p.governorate_pcode
    }


def actors(text: str, day: dt.date | None = None) -> list[str]:
    return [a.actor_id for m in find_mentions(text, day) for a in m.actors]


def sources(text: str) -> list[str]:
    return [s for m in find_mentions(text) for s in m.sources]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وفي ريف دمشق اشتباكات", {"SY03"}),
        ("قصفت الطائرات دمشق", {"SY01"}),
        ("شهدت مدينة جاسم في ريف درعا الشمالي استنفاراً", {"SY12"}),
        ("وصل الوفد إلى جاسم", {"SY12"}),  # a town implies its governorate
        ("اشتباكات في درعا البلد", {"SY12"}),
        ("وبدرعا والسويداء وادلب", {"SY12", "SY13", "SY07"}),
        ("توجه الوفد للرقة واللاذقية", {"SY11", "SY06"}),
        ("وصلت التعزيزات لحماه ثم بحماة", {"SY05"}),
        ("معارك عنيفة في منبج وعفرين", {"SY02"}),
        ("انفجار في القامشلي", {"SY08"}),
        ("غارات على البوكمال", {"SY09"}),
    ],
)
def test_governorates_with_clitics_compounds_and_towns(text: str, expected: set[str]) -> None:
    assert governorates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "فاز حزب حماة الوطن بأغلبية مقاعد مجلس النواب المصري",
        "فتح الباب أمام مفاوضات جديدة بين الطرفين",
        "إسرائيل تدمر مواقع عسكرية في جنوب لبنان",
        "يشكل القرار درعاً واقياً للاقتصاد من الصدمات",
        "طبق من الحمص والفلافل على مائدة الإفطار",
        "أقيمت مباراة الملاكمة على حلبة مدينة الرياض",
        "شددت هيئة الرقابة المالية إجراءات الرقابة على شركات التأمين",
        "استحوذت أسهم الطاقة على حصة الأسد من التداولات",
    ],
)
def test_words_that_look_like_places_but_are_not(text: str) -> None:
    assert [p for p in places(text) if p.startswith("SY")] == []


def test_ambiguous_town_counts_with_a_place_cue() -> None:
    assert governorates("سيطرت الفصائل على مدينة الباب شرق حلب") == {"SY02"}
    assert governorates("دخلت القوات إلى تدمر في ريف حمص الشرقي") == {"SY04"}


def test_longest_name_wins() -> None:
    assert actors("سيطرت قوات سوريا الديمقراطية على المدينة") == ["sdf"]
    assert "SY" not in places("سيطرت قوات سوريا الديمقراطية على المدينة")


def test_government_words_resolve_by_publication_date() -> None:
    assert actors("أعلنت الحكومة السورية", BEFORE) == ["syrian_gov_assad"]
    assert actors("أعلنت الحكومة السورية", AFTER) == ["syrian_gov_transitional"]
    assert actors("قصف الجيش السوري مواقع", BEFORE) == ["syrian_gov_assad"]
    assert actors("انتشر الجيش السوري في المدينة", AFTER) == ["syrian_gov_transitional"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ووفقاً لـ«رويترز»، شن تحالف هجوماً", ["reuters"]),
        ("نقلت وكالة «سانا» عن مصدر", ["sana"]),
        ("وفقاً لمصادر محلية، فإن الوفد وصل", ["local_sources"]),
        ("وأفاد المرصد السوري لحقوق الإنسان بمقتل", ["sohr"]),
        ("بحسب ما ذكرت وكالة الصحافة الفرنسية", ["afp"]),
    ],
)
def test_cited_sources(text: str, expected: list[str]) -> None:
    assert sources(text) == expected


def test_offsets_point_into_the_text() -> None:
    text = "قال «داعش»، لا: بل وفي ريفِ دمشقَ وحلب."
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.surface
        assert m.surface.strip() == m.surface and "«" not in m.surface
    assert [m.surface for m in find_mentions(text) if m.places] == ["ريفِ دمشقَ", "وحلب"]


def _signature(mentions: list[Mention]) -> list[tuple[object, ...]]:
    return [
        (m.start, m.end, [p.pcode for p in m.places], [a.actor_id for a in m.actors], m.sources)
        for m in mentions
    ]


_WORDS = [
    "درعا", "بريف", "ريف", "دمشق", "حماة", "حماه", "إدلب", "الباب", "مدينة", "في", "تدمر",
    "جاسم", "قوات", "سوريا", "الديمقراطية", "«داعش»", "لـ«رويترز»", "مصادر", "محلية", "ناشطون",
    "قال", "الحكومة", "السورية", "درعاً", "ﻻ", "حلبَ", "وحلب", "أ.ف.ب", "١٠", "مايو",
]  # fmt: skip
_GLUE = [" ", "  ", "، ", ".", " - ", "\n\n", "ـ", "«", "»", "\u064e", "\u0651", "\u200c", ": "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=14))
def test_fast_and_word_by_word_paths_agree(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    if not text.strip():
        return
    fast = _find(text, BEFORE, _Normalised(text))
    slow = _find(text, BEFORE, _Normalised(text, slow=True))
    assert _signature(fast) == _signature(slow)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="دمشق حلب«»،.ـ\u064e١٢ab ﻻ", max_size=30), max_size=5))
def test_batch_keys_equal_single_keys(texts: list[str]) -> None:
    many = fast_keys_many(texts)
    for text, got in zip(texts, many, strict=True):
        one = fast_keys(text)
        assert (got is None) == (one is None)
        if got is not None and one is not None:
            assert got[0] == one[0]
            assert [got[1](i) for i, c in enumerate(got[0]) if c != " "] == [
                one[1](i) for i, c in enumerate(one[0]) if c != " "
            ]
