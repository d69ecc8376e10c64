"""Date phrases in article text: what is a date, where it is, and which day it resolves to."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.enrichment import DATE_PRECISIONS
from transforms import text_dates
from transforms.arabic import fold_arabic
from transforms.dates import GREGORIAN_MONTH_NAMES, HIJRI_MONTH_NAMES
from transforms.text_dates import DatePhrase, find_date_phrases

D = dt.date
# Publication days of the seed articles (aawsat): the Jasim article (a Thursday), the Raisi visit
# and the Moscow quartet (a Thursday), the Arab League consultations (a Friday), the Aleppo
# offensive (a Thursday).
JASIM = D(2022, 8, 11)
RAISI = D(2023, 5, 4)
LEAGUE = D(2023, 5, 5)
ALEPPO = D(2024, 11, 28)

Expected = list[tuple[str, dt.date | None, str]]


def found(text: str, published: dt.date) -> Expected:
    """The phrases of a text as (phrase, resolved date, precision), offsets checked."""
    phrases = find_date_phrases(text, published)
    for p in phrases:
        assert text[p.start : p.end] == p.phrase
        assert p.precision in DATE_PRECISIONS
    return [(p.phrase, p.resolved_date, p.precision) for p in phrases]


SEED_CASES: list[tuple[str, dt.date, Expected]] = [
    (
        "شهدت مدينة جاسم في ريف درعا الشمالي، صباح أمس (الأربعاء)، استنفاراً أمنياً لقوات النظام",
        JASIM,
        [("صباح أمس (الأربعاء)", D(2022, 8, 10), "day")],
    ),
    (
        "جاءت بعد رفض وجهائها حضور اجتماع تفاوضي سابق في درعا المحطة قبل أسبوع.",
        JASIM,
        [("قبل أسبوع", D(2022, 8, 1), "week")],  # the ISO week of 2022-08-04
    ),
    (
        "وعُقد أمس اجتماع تفاوضي في المركز الثقافي الذي تحول بعد التسويات في عام 2018، نقطة",
        JASIM,
        [("أمس", D(2022, 8, 10), "day"), ("عام 2018", D(2018, 1, 1), "year")],
    ),
    (
        "بأن مدينة جاسم بريف محافظة درعا الشمالي شهدت منتصف مارس (آذار) الماضي 2022، اشتباكات",
        JASIM,
        [("منتصف مارس (آذار) الماضي 2022", D(2022, 3, 1), "month")],
    ),
    (
        "حوض اليرموك التي كان يسيطر عليها تنظيم «داعش» سابقاً (2016 – 2018). وقد تلت",
        JASIM,
        [("2016", D(2016, 1, 1), "year"), ("2018", D(2018, 1, 1), "year")],
    ),
    (
        "وشهدت تسويات عدة مع النظام السوري كانت آخرها في صيف 2021. حينها، نُفذ اتفاق التسوية",
        JASIM,
        [("صيف 2021", D(2021, 6, 1), "season")],
    ),
    (
        "استهلَّ الرئيس الإيراني إبراهيم رئيسي، أمس، زيارة لدمشق. وهي الأولى منذ عام 2010، عندما",
        RAISI,
        [("أمس", D(2023, 5, 3), "day"), ("عام 2010", D(2010, 1, 1), "year")],
    ),
    (
        "انعقاد الاجتماع الرباعي في موسكو في 10 مايو (أيار) الحالي في إطار تطبيع مسار العلاقات",
        RAISI,
        [("10 مايو (أيار) الحالي", D(2023, 5, 10), "day")],  # later this month
    ),
    (
        "اجتماعات عدة خلال الأيام القليلة الماضية، آخرها أول من أمس (الأربعاء)، في مقر الفرقة",
        LEAGUE,
        [("أول من أمس (الأربعاء)", D(2023, 5, 3), "day")],
    ),
    (
        "للإعداد للاجتماع الاستثنائي المقرر عقده، يوم الأحد المقبل. وقال المتحدث في إفادة "
        "رسمية، الخميس، إن شكري أجرى اتصالات على مدار يومي الأربعاء والخميس، مع كل من",
        LEAGUE,
        [
            ("يوم الأحد المقبل", D(2023, 5, 7), "day"),
            ("الخميس", D(2023, 5, 4), "day"),
            ("يومي الأربعاء", D(2023, 5, 3), "day"),
            ("الخميس", D(2023, 5, 4), "day"),
        ],
    ),
    (
        "قصفت مناطق خاضعة لسيطرة المعارضة، اليوم (الخميس)، لصد هجوم. وشن تحالف هجوماً، أمس "
        "(الأربعاء)، اجتاح خلاله 10 بلدات",
        ALEPPO,
        [("اليوم (الخميس)", D(2024, 11, 28), "day"), ("أمس (الأربعاء)", D(2024, 11, 27), "day")],
    ),
    (
        "وكان الهجوم هو الأكبر منذ مارس (آذار) 2020، حين وافقت روسيا على وقف إطلاق نار",
        ALEPPO,
        [("مارس (آذار) 2020", D(2020, 3, 1), "month")],
    ),
    (
        "منطقة خفض التصعيد التي اتفقت عليها روسيا وإيران وتركيا في عام 2019، بهدف الحد",
        ALEPPO,
        [("عام 2019", D(2019, 1, 1), "year")],
    ),
    (
        "إن أكثر من 80 شخصاً، معظمهم من المدنيين، قُتلوا منذ بداية العام في غارات بطائرات مُسيرة",
        ALEPPO,
        [("بداية العام", D(2024, 1, 1), "year")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), SEED_CASES)
def test_seed_phrases(text: str, published: dt.date, expected: Expected) -> None:
    assert found(text, published) == expected


CASES: list[tuple[str, dt.date, Expected]] = [
    # relative days, times of day, clitics
    ("وأمس قال الوزير", JASIM, [("أمس", D(2022, 8, 10), "day")]),
    ("كما قال بالأمس", JASIM, [("الأمس", D(2022, 8, 10), "day")]),
    ("يوم أمس الأول", JASIM, [("يوم أمس الأول", D(2022, 8, 9), "day")]),
    ("فاليوم تبدأ الجولة", JASIM, [("اليوم", D(2022, 8, 11), "day")]),
    ("غداً يبدأ الاجتماع", JASIM, [("غداً", D(2022, 8, 12), "day")]),
    ("يعقد الاجتماع غدا.", JASIM, [("غدا", D(2022, 8, 12), "day")]),
    ("مساء الغد", JASIM, [("مساء الغد", D(2022, 8, 12), "day")]),
    ("بعد غد", JASIM, [("بعد غد", D(2022, 8, 13), "day")]),
    ("قصف الطيران الليلة الماضية", JASIM, [("الليلة الماضية", D(2022, 8, 10), "day")]),
    ("وقع الانفجار فجر اليوم", JASIM, [("فجر اليوم", D(2022, 8, 11), "day")]),
    ("بعد ظهر أمس", JASIM, [("بعد ظهر أمس", D(2022, 8, 10), "day")]),
    # weekdays: most recent on or before published; الماضي strictly before; المقبل after
    ("الأربعاء الماضي", JASIM, [("الأربعاء الماضي", D(2022, 8, 10), "day")]),
    ("الخميس الماضي", JASIM, [("الخميس الماضي", D(2022, 8, 4), "day")]),
    ("يوم الجمعة", JASIM, [("يوم الجمعة", D(2022, 8, 5), "day")]),
    ("الجمعة المقبلة", JASIM, [("الجمعة المقبلة", D(2022, 8, 12), "day")]),
    ("مساء السبت", JASIM, [("مساء السبت", D(2022, 8, 6), "day")]),
    # weeks, months, years relative to published
    ("الأسبوع الماضي", JASIM, [("الأسبوع الماضي", D(2022, 8, 1), "week")]),
    ("الأسبوع المقبل", JASIM, [("الأسبوع المقبل", D(2022, 8, 15), "week")]),
    ("الشهر الماضي", D(2022, 1, 15), [("الشهر الماضي", D(2021, 12, 1), "month")]),
    ("منتصف الشهر الجاري", JASIM, [("منتصف الشهر الجاري", D(2022, 8, 1), "month")]),
    ("في الـ15 من الشهر الجاري", JASIM, [("الـ15 من الشهر الجاري", D(2022, 8, 15), "day")]),
    ("العام الماضي", JASIM, [("العام الماضي", D(2021, 1, 1), "year")]),
    ("خلال العام الحالي", JASIM, [("العام الحالي", D(2022, 1, 1), "year")]),
    ("مقارنة للعام الماضي", JASIM, [("للعام الماضي", D(2021, 1, 1), "year")]),
    ("قبل عامين", JASIM, [("قبل عامين", D(2020, 1, 1), "year")]),
    ("منذ يومين", JASIM, [("منذ يومين", D(2022, 8, 9), "day")]),
    ("قبل ثلاثة أيام", JASIM, [("قبل ثلاثة أيام", D(2022, 8, 8), "day")]),
    ("العقد الماضي", JASIM, [("العقد الماضي", D(2010, 1, 1), "decade")]),
    # named months without a year: the most recent on or before, الماضي / المقبل
    ("في مارس", JASIM, [("مارس", D(2022, 3, 1), "month")]),
    ("في سبتمبر", JASIM, [("سبتمبر", D(2021, 9, 1), "month")]),
    ("أواخر ديسمبر الماضي", JASIM, [("أواخر ديسمبر الماضي", D(2021, 12, 1), "month")]),
    ("مطلع أكتوبر المقبل", JASIM, [("مطلع أكتوبر المقبل", D(2022, 10, 1), "month")]),
    ("في 5 أغسطس الماضي", JASIM, [("5 أغسطس الماضي", D(2022, 8, 5), "day")]),
    ("في 25 أغسطس الماضي", JASIM, [("25 أغسطس الماضي", D(2021, 8, 25), "day")]),
    ("في كانون الثاني الماضي", JASIM, [("كانون الثاني الماضي", D(2022, 1, 1), "month")]),
    ("شهر آب الماضي", JASIM, [("شهر آب الماضي", D(2021, 8, 1), "month")]),
    ("مارس من العام الماضي", JASIM, [("مارس من العام الماضي", D(2021, 3, 1), "month")]),
    ("في ١٠ مايو", JASIM, [("١٠ مايو", D(2022, 5, 10), "day")]),
    # explicit dates, years, seasons
    ("15 مارس 2022", JASIM, [("15 مارس 2022", D(2022, 3, 15), "day")]),
    ("في 15 مارس (آذار) 2022", JASIM, [("15 مارس (آذار) 2022", D(2022, 3, 15), "day")]),
    ("في 14 فبراير/شباط 2025", JASIM, [("14 فبراير/شباط 2025", D(2025, 2, 14), "day")]),
    ("في ١٥ آذار ٢٠١١ بدأت", JASIM, [("١٥ آذار ٢٠١١", D(2011, 3, 15), "day")]),
    ("منذ آذار 2011", JASIM, [("آذار 2011", D(2011, 3, 1), "month")]),
    ("في تشرين الأول 2019", JASIM, [("تشرين الأول 2019", D(2019, 10, 1), "month")]),
    ("يوم الأحد 15 مارس 2020", JASIM, [("يوم الأحد 15 مارس 2020", D(2020, 3, 15), "day")]),
    ("منذ 15/3/2011", JASIM, [("15/3/2011", D(2011, 3, 15), "day")]),
    ("اتفاق تسوية بعام 2018", JASIM, [("عام 2018", D(2018, 1, 1), "year")]),
    ("اتفاقُ عامِ ٢٠١٨ في درعا", JASIM, [("عامِ ٢٠١٨", D(2018, 1, 1), "year")]),
    ("أواخر 2019", JASIM, [("أواخر 2019", D(2019, 1, 1), "year")]),
    ("منذ 2011، تعيش سوريا", JASIM, [("2011", D(2011, 1, 1), "year")]),
    (
        "بين عامي 2016 و2018",
        JASIM,
        [("عامي 2016", D(2016, 1, 1), "year"), ("2018", D(2018, 1, 1), "year")],
    ),
    ("شتاء 2012", JASIM, [("شتاء 2012", D(2011, 12, 1), "season")]),
    ("ربيع العام الماضي", JASIM, [("ربيع العام الماضي", D(2021, 3, 1), "season")]),
    ("خريف عام 2015", JASIM, [("خريف عام 2015", D(2015, 9, 1), "season")]),
    ("الصيف الماضي", JASIM, [("الصيف الماضي", D(2021, 6, 1), "season")]),  # inside summer
    ("الشتاء الماضي", D(2022, 1, 15), [("الشتاء الماضي", D(2020, 12, 1), "season")]),
    ("الشتاء المقبل", JASIM, [("الشتاء المقبل", D(2022, 12, 1), "season")]),
    ("هذا الشتاء", D(2022, 10, 20), [("هذا الشتاء", D(2022, 12, 1), "season")]),
    ("التسعينيات", JASIM, [("التسعينيات", D(1990, 1, 1), "decade")]),
    ("ثمانينيات القرن الماضي", JASIM, [("ثمانينيات القرن الماضي", D(1980, 1, 1), "decade")]),
    # Hijri
    ("1446 هـ", JASIM, [("1446 هـ", D(2024, 7, 7), "year")]),
    ("26 جمادى الأولى 1446 هـ", JASIM, [("26 جمادى الأولى 1446 هـ", D(2024, 11, 28), "day")]),
    ("رمضان الماضي", JASIM, [("رمضان الماضي", D(2022, 4, 2), "month")]),
    ("خلال شهر رمضان", JASIM, [("شهر رمضان", D(2022, 4, 2), "month")]),
    # days in words (Al Jazeera, BBC Arabic); an ordinal of weeks is not a day
    (
        "منذ الثامن من ديسمبر/ كانون الأول، عبر عشرات الآلاف",
        D(2025, 1, 3),
        [("الثامن من ديسمبر/ كانون الأول", D(2024, 12, 8), "day")],
    ),
    (
        "في الخامس عشر من الشهر الجاري",
        JASIM,
        [("الخامس عشر من الشهر الجاري", D(2022, 8, 15), "day")],
    ),
    ("في الأسبوع الثاني من مارس", JASIM, [("الثاني من مارس", D(2022, 3, 1), "month")]),
    # from the golden pages (Al Jazeera, Enab Baladi)
    ("خلال الخريف الماضي هربا", D(2024, 12, 9), [("الخريف الماضي", D(2024, 9, 1), "season")]),
    (
        "بعد أن تجاوز 15 ألفا في مطلع ديسمبر/كانون الأول الماضي، وهو",
        D(2025, 2, 14),
        [("مطلع ديسمبر/كانون الأول الماضي", D(2024, 12, 1), "month")],
    ),
    ("منذ منتصف تموز، تجاوزت", D(2024, 8, 14), [("منتصف تموز", D(2024, 7, 1), "month")]),
    # ranges of days: one phrase per day
    (
        "بين 10 و15 مارس 2021",
        JASIM,
        [("10", D(2021, 3, 10), "day"), ("15 مارس 2021", D(2021, 3, 15), "day")],
    ),
    # dates whose year is not the article's, and impossible days: phrases without a date
    ("في ذكرى ثورة 25 يناير", JASIM, [("25 يناير", None, "day")]),
    ("قوى 14 آذار", JASIM, [("14 آذار", None, "day")]),
    ("في 31 فبراير 2022", JASIM, [("31 فبراير 2022", None, "day")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_phrases(text: str, published: dt.date, expected: Expected) -> None:
    assert found(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        # the weekday agrees with the relative word
        ("أمس (الأربعاء)", D(2022, 8, 11), D(2022, 8, 10)),
        # a web page a day after the print edition: the weekday wins (1 day off)
        ("أمس (الأربعاء)", D(2022, 8, 12), D(2022, 8, 10)),
        ("اليوم (الخميس)", D(2024, 11, 29), D(2024, 11, 28)),
        # two days off: still the weekday
        ("اليوم الخميس", D(2024, 11, 30), D(2024, 11, 28)),
        # three days off: a slip, the relative word wins
        ("أمس (الأربعاء)", D(2022, 8, 14), D(2022, 8, 13)),
    ],
)
def test_weekday_checks_the_relative_day(text: str, published: dt.date, day: dt.date) -> None:
    assert found(text, published) == [(text, day, "day")]


@pytest.mark.parametrize(
    "text",
    [
        "قال المتحدث إن الوفد سيزور دمشق لبحث الملف الإنساني مع الحكومة",
        "قُتل في الهجوم 2018 شخصاً",  # a count, not a year
        "وأحصى المرصد مقتل 2000 مدني",
        "في 2018 شخصاً",
        "أصدر مجلس الأمن القرار 2254",
        "رقم العدد [16804]",
        "عند الساعة 15:20 بتوقيت دمشق",
        "افتتح سوق الخميس في المدينة",
        "تضم القائمة الأحد عشر لاعباً",
        "وقع الخلاف بين الاثنين",
        "في اليوم التالي للهجوم",
        "في ذلك اليوم",
        "بثت قناة روسيا اليوم تقريراً",
        "أكد الأمين العام الحالي للجامعة",
        "مارس الجيش ضغوطاً على الأهالي",
        "هو أب لخمسة أطفال",
        "لامس الجنود الحدود",
        "غدا الوضع أكثر تعقيداً",
        "سوريا الغد",
        "منذ اندلاع الربيع العربي",
        "التقى رمضان قديروف بالوفد",
        "قبل يوم من الانتخابات",
        "منذ أيام وسنوات",
        "الذي قال إن",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert found(text, JASIM) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "قالَ المصدرُ إنّ الهجومَ وقعَ صبـاح أمسِ (الأربعاءَ) وإنّ الوفدَ يصلُ غدًا، في ١٠ مايو"
    phrases = find_date_phrases(text, JASIM)
    assert [p.phrase for p in phrases] == ["صبـاح أمسِ (الأربعاءَ)", "غدًا", "١٠ مايو"]
    for p in phrases:
        assert text[p.start : p.end] == p.phrase
    assert phrases[0].start == text.index("صبـاح")
    assert phrases[1].end == text.index("،")  # the tanween belongs to the phrase
    assert phrases[2].end == len(text)


def test_invisible_marks_inside_a_phrase_are_kept() -> None:
    text = "\u200fأمس\u200f (الخميس)"
    [p] = find_date_phrases(text, D(2022, 8, 12))
    assert (p.start, p.end, p.phrase) == (1, len(text), text[1:])
    assert p.resolved_date == D(2022, 8, 11)


def test_accepts_a_datetime_as_published() -> None:
    [p] = find_date_phrases("أمس", dt.datetime(2022, 8, 11, 23, 30))
    assert p == DatePhrase("أمس", 0, 3, D(2022, 8, 10), "day")


@pytest.mark.parametrize("published", [D(1, 1, 1), D(9999, 12, 31), D(1343, 1, 1)])
def test_every_phrase_kind_at_the_ends_of_the_calendar(published: dt.date) -> None:
    text = " ".join(t for t, _, _ in SEED_CASES + CASES)
    for p in find_date_phrases(text, published):
        assert text[p.start : p.end] == p.phrase


def test_phrases_are_ordered_and_never_overlap() -> None:
    text = " ".join(t for t, _, _ in SEED_CASES + CASES)
    phrases = find_date_phrases(text, JASIM)
    assert len(phrases) >= len(SEED_CASES) + len(CASES)
    for a, b in itertools.pairwise(phrases):
        assert a.end <= b.start


def test_folding_agrees_with_fold_arabic() -> None:
    """The patterns are built from `transforms.dates` names; both folds must read them alike."""
    words = [n for names in GREGORIAN_MONTH_NAMES.values() for n in names]
    words += [n for names in HIJRI_MONTH_NAMES.values() for n in names]
    words += ["غداً", "الأربعاء", "إلى", "حتى", "ذِكرى", "مُنذ", "عامِ ٢٠١٨", "الخميسَ", "أُسبوع"]
    for word in words:
        assert text_dates.fold(word) == fold_arabic(word)


def _everywhere(folded: str) -> dict[int, list[tuple[int, int]]]:
    """Every rule over the whole text: what the anchored windows must agree with."""
    return {i: [(0, len(folded))] for i in range(len(text_dates._RULES))}


FRAGMENTS = [t for t, _, _ in SEED_CASES + CASES] + [
    " ",
    "، ",
    "(",
    ")",
    " 2019 ",
    "١٥",
    "\u064b",
    "\u0640",
    "و",
    "ال",
    "قال",
    "في",
    "من",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)),
)
def test_anchored_windows_find_what_a_full_scan_finds(text: str, published: dt.date) -> None:
    fast = find_date_phrases(text, published)
    with mock.patch.object(text_dates, "_anchored_windows", _everywhere):
        assert find_date_phrases(text, published) == fast


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"أمساليومغدالخميسعامشهرمارسآذار()،-–/ :.0123456789٠١٢٣٤٥٦٧٨٩ـًٌَُِّْ\u200f\n",
                *("أمس", "اليوم (الخميس)", "عام 2018", "مارس (آذار)", "منتصف", "قبل", "1446 هـ"),
            ]
        ),
        max_size=60,
    ).map("".join),
    st.dates(min_value=D(1000, 1, 1), max_value=D(2100, 12, 31)),
)
def test_arbitrary_text_never_raises(text: str, published: dt.date) -> None:
    phrases = find_date_phrases(text, published)
    for p in phrases:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == p.phrase
        assert p.precision in DATE_PRECISIONS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.dates())
def test_any_unicode_never_raises(text: str, published: dt.date) -> None:
    for p in find_date_phrases(text, published):
        assert text[p.start : p.end] == p.phrase


# --- the pre-filters: anchor words, rule guards, folding with its map -----------------------
# Date phrases are looked for only in windows around their anchors (found as whole words by one
# automaton), and each rule's pattern starts with a guard on its first word. These tests pin
# that neither drops a phrase: unusual spellings are still found, the anchor words are those the
# per-anchor check finds, and a pattern with its guard matches what it matches without it.

UNUSUAL: list[tuple[str, dt.date, Expected]] = [
    (  # Arabic-Indic digits and a Levantine month
        "وقال المصدر إن الهجوم وقع في ١٥ آذار ٢٠٢٣ على مدينة حلب.",
        D(2024, 5, 2),
        [("١٥ آذار ٢٠٢٣", D(2023, 3, 15), "day")],
    ),
    (
        "وعاد النازحون في كانون الثاني الماضي إلى قراهم.",
        D(2024, 3, 10),
        [("كانون الثاني الماضي", D(2024, 1, 1), "month")],
    ),
    (
        "وتعثرت المفاوضات منذ تشرين الأول ٢٠١٩ بين الطرفين.",
        D(2024, 3, 10),
        [("تشرين الأول ٢٠١٩", D(2019, 10, 1), "month")],
    ),
    (
        "شهدت مدينة جاسم، صباح أمس (الأربعاء)، استنفاراً أمنياً.",
        JASIM,
        [("صباح أمس (الأربعاء)", D(2022, 8, 10), "day")],
    ),
    (  # tatweel inside the anchor
        "وقُتل شابان مساء أمـس الأول في ريف درعا.",
        JASIM,
        [("مساء أمـس الأول", D(2022, 8, 9), "day")],
    ),
    (  # a proclitic on the anchor word, Arabic-Indic year
        "التي سيطرت عليها بعام ٢٠١٨ بعد التسويات.",
        JASIM,
        [("عام ٢٠١٨", D(2018, 1, 1), "year")],
    ),
    ("وارتفعت الأسعار للعام الماضي على التوالي.", JASIM, [("للعام الماضي", D(2021, 1, 1), "year")]),
    (  # the older spelling of Tuesday
        "وأعلنت الحكومة يوم الثلثاء الماضي عن خطة جديدة.",
        JASIM,
        [("يوم الثلثاء الماضي", D(2022, 8, 9), "day")],
    ),
    (
        "ويُتوقع أن تبدأ المرحلة الثانية أوائل أيار (مايو) المقبل.",
        JASIM,
        [("أوائل أيار (مايو) المقبل", D(2023, 5, 1), "month")],
    ),
    ("وقال: «سنعود غداً» إلى المدينة.", JASIM, [("غداً", D(2022, 8, 12), "day")]),
    ("اجتماع «الأمس» في دمشق", JASIM, [("الأمس", D(2022, 8, 10), "day")]),
    (
        "وفي حزيران/يونيو ٢٠٢١ اندلعت اشتباكات.",
        JASIM,
        [("حزيران/يونيو ٢٠٢١", D(2021, 6, 1), "month")],
    ),
    ("خلال ثمانينات القرن الماضي", JASIM, [("ثمانينات القرن الماضي", D(1980, 1, 1), "decade")]),
    (
        "في 2019-03-15 وفي ١٥/٣/٢٠٢٢",
        JASIM,
        [("2019-03-15", D(2019, 3, 15), "day"), ("١٥/٣/٢٠٢٢", D(2022, 3, 15), "day")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), UNUSUAL)
def test_unusual_forms_pass_the_pre_filters(
    text: str, published: dt.date, expected: Expected
) -> None:
    assert found(text, published) == expected


def _windows_anchor_by_anchor(folded: str) -> dict[int, list[tuple[int, int]]]:
    """`_anchored_windows` written the direct way: every anchor the anchor automaton finds, kept
    when the rest of its word is a prefix and an ending; rules in order of their first anchor."""
    anchors = text_dates._anchor_automaton()
    letters = text_dates._L_CHARS
    hits: dict[int, list[int]] = {}
    for last, (length, mask) in anchors.iter(folded):
        start, end = last + 1 - length, last + 1
        word, stop = start, end
        while word > 0 and folded[word - 1] in letters:
            word -= 1
        while stop < len(folded) and folded[stop] in letters:
            stop += 1
        if folded[word:start] in text_dates._PREFIXES and folded[end:stop] in text_dates._SUFFIXES:
            hits.setdefault(mask, []).append(start)
    years = [m.start() for m in text_dates._RE_YEAR_ANCHOR.finditer(folded)]
    if years:
        hits[sum(1 << i for i in text_dates._YEAR_RULES)] = years
    per_rule: dict[int, list[int]] = {}
    for mask, starts in hits.items():
        for i in range(len(text_dates._RULES)):
            if mask >> i & 1:
                per_rule.setdefault(i, []).extend(starts)
    windows = {}
    for i, starts in per_rule.items():
        rule = text_dates._RULES[i]
        merged: list[tuple[int, int]] = []
        for start in sorted(starts):
            a = max(0, start - rule.before)
            space = folded.find(" ", start + rule.after)
            b = len(folded) if space < 0 else space
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        windows[i] = merged
    return windows


ANCHOR_FRAGMENTS = [
    *("أمس", "الأمس", "بالأمس", "وأمس", "اليوم", "غداً", "بغداد", "الليلة", "عام", "عامي"),
    *("عامين", "طعام", "العامة", "التسعينيات", "الخميس", "للخميس", "الأحد", "الأحدث", "آب"),
    *("الباب", "انتخاب", "مارس", "ومارس", "يمارس", "ذي", "الذي", "القعدة", "رمضان", "شهر"),
    *("أشهر", "قبل", "مقبل", "منذ", "صيف", "2018", "١٩٩٩", "x", "ـ", "\u064b", " ", "،", "("),
    *(")", "\n", "0", "5", "«", "»", "وال", "ل"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_FRAGMENTS), max_size=16).map("".join))
def test_anchor_words_are_the_anchors_checked_one_by_one(text: str) -> None:
    folded = text_dates.fold(text)
    assert list(text_dates._anchored_windows(folded).items()) == list(
        _windows_anchor_by_anchor(folded).items()
    )


def test_anchor_words_on_the_cases() -> None:
    for text, _, _ in SEED_CASES + CASES + UNUSUAL:
        folded = text_dates.fold(text)
        assert text_dates._anchored_windows(folded) == _windows_anchor_by_anchor(folded)


def _matches(
    pattern: re.Pattern[str], folded: str
) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(folded)]


GUARDED = [rule for rule in text_dates._RULES if rule.guard]


def test_the_wordy_rules_have_guards() -> None:
    assert len(GUARDED) >= 6
    for rule in GUARDED:
        assert rule.guard in rule.pattern.pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + ANCHOR_FRAGMENTS), max_size=10).map("".join))
def test_guards_change_no_match(text: str) -> None:
    folded = text_dates.fold(text)
    for rule in GUARDED:
        bare = re.compile(rule.pattern.pattern.replace(rule.guard, "", 1))
        assert _matches(rule.pattern, folded) == _matches(bare, folded)


def test_guards_change_no_match_on_the_cases() -> None:
    folded = text_dates.fold(" ".join(t for t, _, _ in SEED_CASES + CASES + UNUSUAL))
    for rule in GUARDED:
        bare = re.compile(rule.pattern.pattern.replace(rule.guard, "", 1))
        assert _matches(rule.pattern, folded) == _matches(bare, folded)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["أمس", "ـ", "\u064b", "\u200f", "١", " ", "أ", "ة"]), max_size=20))
def test_folded_positions_map_back_to_their_characters(parts: list[str]) -> None:
    text = "".join(parts)
    folded, to_text = text_dates._fold_and_map(text)
    assert folded == text_dates.fold(text)
    for i, c in enumerate(folded):
        assert text_dates.fold(text[to_text(i)]) == c
