"""Visible Arabic date lines, the Hijri cross-check, ISO metadata and the precedence rule."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from transforms.arabic import to_western_digits
from transforms.dates import (
    ArabicDate,
    Dated,
    enrich_dates,
    hijri_to_gregorian,
    parse_arabic_date,
    parse_date_line,
    parse_iso_datetime,
    resolve_dates,
)

UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "instant", "has_time", "hijri"),
    [
        # aawsat, current layout (Riyadh time = UTC+3)
        (
            "نُشر: 15:20-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ",
            utc(2024, 11, 28, 12, 20),
            True,
            "26 جمادى الأولى 1446",
        ),
        (
            "آخر تحديث: 17:02-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ",
            utc(2024, 11, 28, 14, 2),
            True,
            "26 جمادى الأولى 1446",
        ),
        # aawsat, print-edition line: a date without time is 00:00 Riyadh
        (
            "الخميس - 26 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ رقم العدد [16804]",
            utc(2024, 11, 27, 21, 0),
            False,
            "26 جمادى الأولى 1446",
        ),
        (
            "الأربعاء - 25 جمادى الأولى 1443 هـ - 29 ديسمبر 2021 مـ رقم العدد [ 15737]",
            utc(2021, 12, 28, 21, 0),
            False,
            "25 جمادى الأولى 1443",
        ),
        # other outlets
        ("٢٨ تشرين الثاني ٢٠٢٤", utc(2024, 11, 27, 21, 0), False, None),
        ("28 كانون الثاني 2025 - 10:45", utc(2025, 1, 28, 7, 45), True, None),
        ("الخميس 28 نوفمبر 2024 - 15:20 بتوقيت مكة", utc(2024, 11, 28, 12, 20), True, None),
        ("2024-11-28T15:20:00+03:00", utc(2024, 11, 28, 12, 20), True, None),
        ("2024-11-28", utc(2024, 11, 27, 21, 0), False, None),
        ("28/11/2024", utc(2024, 11, 27, 21, 0), False, None),
        ("15 مارس (آذار) 2022", utc(2022, 3, 14, 21, 0), False, None),
        ("3 جويلية 2024", utc(2024, 7, 2, 21, 0), False, None),
        ("الأحد ١٢ أيار ٢٠٢٤ - ٠٩:٠٥", utc(2024, 5, 12, 6, 5), True, None),
    ],
)
def test_visible_forms(text: str, instant: dt.datetime, has_time: bool, hijri: str | None) -> None:
    parsed = parse_arabic_date(text)
    assert parsed is not None
    assert parsed.gregorian == instant
    assert parsed.gregorian.tzinfo is not None
    assert parsed.has_time is has_time
    assert parsed.hijri == hijri


LEVANTINE = [
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("اذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين أول", 10),
    ("تشرين الثاني", 11),
    ("تشرين ثاني", 11),
    ("كانون الأول", 12),
    ("كانون اول", 12),
]


@pytest.mark.parametrize(("name", "month"), LEVANTINE)
def test_levantine_months(name: str, month: int) -> None:
    parsed = parse_arabic_date(f"10 {name} 2024")
    assert parsed is not None and parsed.gregorian is not None
    local = parsed.gregorian.astimezone(dt.timezone(dt.timedelta(hours=3)))
    assert (local.year, local.month, local.day) == (2024, month, 10)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("أبريل", 4),
        ("ابريل", 4),
        ("إبريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يونيه", 6),
        ("يوليو", 7),
        ("يوليه", 7),
        ("أغسطس", 8),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("أكتوبر", 10),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
    ],
)
def test_egyptian_gulf_months(name: str, month: int) -> None:
    parsed = parse_arabic_date(f"10 {name} 2024")
    assert parsed is not None and parsed.gregorian is not None
    assert parsed.gregorian == dt.datetime(2024, month, 9, 21, 0, tzinfo=UTC)


def test_arabic_indic_and_eastern_digits() -> None:
    a = parse_arabic_date("الخميس ٢٨ نوفمبر ٢٠٢٤ - ١٥:٢٠")
    b = parse_arabic_date("۲۸ نوفمبر ۲۰۲۴ - ۱۵:۲۰")
    assert a is not None and b is not None
    assert a.gregorian == b.gregorian == utc(2024, 11, 28, 12, 20)


def test_am_pm_markers() -> None:
    pm = parse_arabic_date("28 نوفمبر 2024 - 10:45 م")
    am = parse_arabic_date("28 نوفمبر 2024 - 10:45 ص")
    midnight = parse_arabic_date("28 نوفمبر 2024 - 12:30 صباحاً")
    evening = parse_arabic_date("28 نوفمبر 2024 - 08:15 مساءً")
    assert pm is not None and pm.gregorian == utc(2024, 11, 28, 19, 45)
    assert am is not None and am.gregorian == utc(2024, 11, 28, 7, 45)
    assert midnight is not None and midnight.gregorian == utc(2024, 11, 27, 21, 30)
    assert evening is not None and evening.gregorian == utc(2024, 11, 28, 17, 15)


def test_era_marker_after_year_is_not_pm() -> None:
    parsed = parse_arabic_date("نُشر: 09:05-28 نوفمبر 2024 م")
    assert parsed is not None and parsed.gregorian == utc(2024, 11, 28, 6, 5)


def test_named_time_zone_wins_over_default() -> None:
    gmt = parse_arabic_date("28 نوفمبر 2024 - 15:20 بتوقيت غرينتش")
    cairo = parse_arabic_date("28 نوفمبر 2024 - 15:20 بتوقيت القاهرة")
    assert gmt is not None and gmt.gregorian == utc(2024, 11, 28, 15, 20)
    assert cairo is not None and cairo.gregorian == utc(2024, 11, 28, 13, 20)


def test_default_tz_parameter() -> None:
    parsed = parse_arabic_date("28 نوفمبر 2024 - 15:20", default_tz="Europe/London")
    assert parsed is not None and parsed.gregorian == utc(2024, 11, 28, 15, 20)


def test_hijri_cross_check_true_for_correct_pair() -> None:
    parsed = parse_arabic_date("الخميس - 26 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ")
    assert parsed is not None
    assert parsed.hijri_date == (1446, 5, 26)
    assert parsed.hijri_consistent is True


def test_hijri_cross_check_tolerates_one_day_of_moon_sighting() -> None:
    parsed = parse_arabic_date("27 جمادى الأولى 1446 هـ - 28 نوفمبر 2024")
    assert parsed is not None and parsed.hijri_consistent is True


@pytest.mark.parametrize(
    "text",
    [
        "الخميس - 26 رجب 1446 هـ - 28 نوفمبر 2024 مـ",
        "الخميس - 26 جمادى الأولى 1445 هـ - 28 نوفمبر 2024 مـ",
        "الخميس - 29 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ",
    ],
)
def test_hijri_cross_check_false_for_wrong_pair(text: str) -> None:
    parsed = parse_arabic_date(text)
    assert parsed is not None
    assert parsed.gregorian == utc(2024, 11, 27, 21, 0)  # the Gregorian date is still read
    assert parsed.hijri_consistent is False


def test_only_hijri_shown_is_converted() -> None:
    parsed = parse_arabic_date("الخميس 26 جمادى الأولى 1446 هـ")
    assert parsed == ArabicDate(
        gregorian=utc(2024, 11, 27, 21, 0),
        has_time=False,
        hijri="26 جمادى الأولى 1446",
        hijri_date=(1446, 5, 26),
        hijri_consistent=None,
        shown_date=dt.date(2024, 11, 28),
        offset=180,
        precision="day",
    )


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("15 ربيع الثاني 1446", "15 ربيع الآخر 1446"),
        ("3 جمادى الثانية 1446هـ", "3 جمادى الآخرة 1446"),
        ("10 ذي الحجة 1445 هـ", "10 ذو الحجة 1445"),
        ("1 محرّم 1446", "1 محرم 1446"),
        ("٢٧ رمضان ١٤٤٥ هـ", "27 رمضان 1445"),
    ],
)
def test_hijri_month_variants_are_normalised(text: str, normalised: str) -> None:
    parsed = parse_arabic_date(text)
    assert parsed is not None and parsed.hijri == normalised


def test_hijri_to_gregorian() -> None:
    assert hijri_to_gregorian(1446, 5, 26) == dt.date(2024, 11, 28)
    assert hijri_to_gregorian(1443, 5, 25) == dt.date(2021, 12, 29)
    assert hijri_to_gregorian(1300, 1, 1) is None  # outside the Umm al-Qura table
    assert hijri_to_gregorian(1446, 5, 31) is None


@pytest.mark.parametrize(
    "text",
    [
        "الخميس - 26 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ رقم العدد [2023]",
        "رقم العدد [2023] الخميس 28 نوفمبر 2024",
    ],
)
def test_issue_number_is_not_a_year(text: str) -> None:
    parsed = parse_arabic_date(text)
    assert parsed is not None and parsed.gregorian == utc(2024, 11, 27, 21, 0)


@pytest.mark.parametrize(
    "text",
    [
        "رقم العدد [16804]",
        "الخميس 28 نوفمبر مـ رقم العدد [2023]",
        "26 جمادى الأولى هـ - العدد [1446]",
        "قُتل 15 شخصاً في 2024 بينهم 10 مدنيين",
        "مارس (آذار) 2022",
        "10 مايو (أيار) الحالي",
        "أمس (الأربعاء)",
        "منذ 3 ساعات",
        "",
        "32 نوفمبر 2024",
    ],
)
def test_not_a_full_date(text: str) -> None:
    assert parse_arabic_date(text) is None


def test_published_and_updated_on_one_line() -> None:
    published, updated = parse_date_line(
        "نُشر: 15:20-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ\n"
        "آخر تحديث: 17:02-29 نوفمبر 2024 م ـ 27 جمادى الأولى 1446 هـ"
    )
    assert published is not None and updated is not None
    assert published.gregorian == utc(2024, 11, 28, 12, 20)
    assert updated.gregorian == utc(2024, 11, 29, 14, 2)
    assert updated.hijri == "27 جمادى الأولى 1446"


def test_parse_arabic_date_returns_the_published_part() -> None:
    parsed = parse_arabic_date("آخر تحديث: 17:02-29 نوفمبر 2024 م نُشر: 15:20-28 نوفمبر 2024 م")
    assert parsed is not None and parsed.gregorian == utc(2024, 11, 28, 12, 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-11-28T15:20:00+03:00", utc(2024, 11, 28, 12, 20)),
        ("2024-11-28T12:20:00Z", utc(2024, 11, 28, 12, 20)),
        ("2024-11-28T15:20:00.000+0300", utc(2024, 11, 28, 12, 20)),
        ("2024-11-28T15:20:00", utc(2024, 11, 28, 12, 20)),  # naive = Riyadh
        ("٢٠٢٤-١١-٢٨T١٥:٢٠:٠٠+٠٣:٠٠", utc(2024, 11, 28, 12, 20)),
        ("Thu, 28 Nov 2024 12:20:00 GMT", utc(2024, 11, 28, 12, 20)),
        ("0001-01-01T00:00:00Z", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso_datetime(raw: str | None, expected: dt.datetime | None) -> None:
    assert parse_iso_datetime(raw) == expected


def test_resolve_dates_precedence() -> None:
    # visible with a time wins over disagreeing metadata
    r = resolve_dates("نُشر: 15:20-28 نوفمبر 2024 م", "2024-11-20T10:00:00+03:00", None)
    assert r.published_at == utc(2024, 11, 28, 12, 20)
    # visible date only: metadata within a day gives the time
    r = resolve_dates("الخميس - 28 نوفمبر 2024 مـ", "2024-11-28T15:20:00+03:00", None)
    assert r.published_at == utc(2024, 11, 28, 12, 20)
    # visible date only, metadata three days off: the visible date wins
    r = resolve_dates("الخميس - 28 نوفمبر 2024 مـ", "2024-12-01T15:20:00+03:00", None)
    assert r.published_at == utc(2024, 11, 27, 21, 0)


def test_enrich_dates() -> None:
    df = pl.DataFrame(
        {
            "date_text": [
                "نُشر: 15:20-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ\n"
                "آخر تحديث: 17:02-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ",
                "الأربعاء - 25 جمادى الأولى 1443 هـ - 29 ديسمبر 2021 مـ رقم العدد [ 15737]",
                None,
                "الخميس - 28 نوفمبر 2024 مـ",
                None,
            ],
            "published_meta": [
                "2024-11-28T15:00:00+03:00",
                "2021-12-29T01:30:00+03:00",
                "2024-11-28T15:20:00+03:00",
                "2024-12-05T09:00:00+03:00",
                None,
            ],
            "updated_meta": [None, "2021-12-29T09:00:00+03:00", None, None, None],
        },
        schema={c: pl.String for c in ("date_text", "published_meta", "updated_meta")},
    )
    out = enrich_dates(df)
    assert out.schema["published_at"] == pl.Datetime("us", "UTC")
    assert out.schema["updated_at"] == pl.Datetime("us", "UTC")
    assert out.schema["published_hijri"] == pl.String
    assert out.get_column("published_at").to_list() == [
        utc(2024, 11, 28, 12, 20),  # visible time wins
        utc(2021, 12, 28, 22, 30),  # print line has no time: metadata agrees, gives the time
        utc(2024, 11, 28, 12, 20),  # no visible line: metadata
        utc(2024, 11, 27, 21, 0),  # metadata a week off: visible date
        None,
    ]
    assert out.get_column("updated_at").to_list() == [
        utc(2024, 11, 28, 14, 2),
        utc(2021, 12, 29, 6, 0),
        None,
        None,
        None,
    ]
    assert out.get_column("published_hijri").to_list() == [
        "26 جمادى الأولى 1446",
        "25 جمادى الأولى 1443",
        None,
        None,
        None,
    ]


def test_enrich_dates_without_metadata_columns() -> None:
    df = pl.DataFrame({"date_text": ["28 كانون الثاني 2025 - 10:45"]})
    out = enrich_dates(df)
    assert out.get_column("published_at").to_list() == [utc(2025, 1, 28, 7, 45)]
    assert out.get_column("updated_at").to_list() == [None]


# --------------------------------------------------------------------------- forms of other outlets


@pytest.mark.parametrize(
    ("text", "default_tz", "instant"),
    [
        # Al Jazeera (Doha, UTC+3) and BBC Arabic (London): Gregorian/Levantine month pairs
        ("نشر في 14 فبراير/شباط 2025", "Asia/Qatar", utc(2025, 2, 13, 21, 0)),
        ("3 يناير/ كانون الثاني 2025", "Europe/London", utc(2025, 1, 3)),
        ("10 ديسمبر/كانون الأول 2024", "Europe/London", utc(2024, 12, 10)),
        ("6 أغسطس/ آب 2023", "Europe/London", utc(2023, 8, 5, 23, 0)),  # BST
        ("١٤ فبراير/شباط ٢٠٢٥", "Asia/Qatar", utc(2025, 2, 13, 21, 0)),
        ("٣ يناير/ كانون الثاني ٢٠٢٥", "Europe/London", utc(2025, 1, 3)),
        ("14 شباط/فبراير 2025", "Asia/Qatar", utc(2025, 2, 13, 21, 0)),
        ("14 فبراير / شباط 2025", "Asia/Qatar", utc(2025, 2, 13, 21, 0)),
        ("10 ديسمبر/كانون الأول 2024 - 15:20", "Asia/Qatar", utc(2024, 12, 10, 12, 20)),
        # disagreeing pair: the first name wins, as for `مارس (آذار)`
        ("14 فبراير/آذار 2025", "Asia/Qatar", utc(2025, 2, 13, 21, 0)),
    ],
)
def test_month_pairs_with_a_slash(text: str, default_tz: str, instant: dt.datetime) -> None:
    parsed = parse_arabic_date(text, default_tz=default_tz)
    assert parsed is not None and parsed.gregorian == instant


@pytest.mark.parametrize(
    ("text", "instant", "has_time"),
    [
        # Enab Baladi (WordPress `F j, Y`), Damascus time = UTC+3
        ("نوفمبر 3, 2024", utc(2024, 11, 2, 21, 0), False),
        ("نوفمبر 3، 2024", utc(2024, 11, 2, 21, 0), False),
        ("نوفمبر 3،2024", utc(2024, 11, 2, 21, 0), False),
        ("نوفمبر ٣، ٢٠٢٤", utc(2024, 11, 2, 21, 0), False),
        ("نوفمبر 3, 2024 - 10:45 م", utc(2024, 11, 3, 19, 45), True),
        ("نوفمبر 3، 2024 10:45 ص", utc(2024, 11, 3, 7, 45), True),
        ("نوفمبر 3، 2024 م", utc(2024, 11, 2, 21, 0), False),  # era marker, no time
        ("آب 14, 2024 - 09:05", utc(2024, 8, 14, 6, 5), True),
        ("تشرين الثاني 3، 2024", utc(2024, 11, 2, 21, 0), False),
    ],
)
def test_wordpress_month_first(text: str, instant: dt.datetime, has_time: bool) -> None:
    parsed = parse_arabic_date(text, default_tz="Asia/Damascus")
    assert parsed is not None
    assert parsed.gregorian == instant
    assert parsed.has_time is has_time


@pytest.mark.parametrize(
    "text",
    [
        "فبراير/شباط 2025",
        "كانون الثاني/يناير 2025",
        "نوفمبر 31, 2024",
        "نوفمبر 2024، 15",
        "نوفمبر 3 2024 قتيلاً",
        "في مايو 15، قتل 2024",
    ],
)
def test_new_forms_need_a_full_date(text: str) -> None:
    assert parse_arabic_date(text) is None


# A default far from every zone below, so that a word that did not override it would show.
FAR = "Asia/Tokyo"


@pytest.mark.parametrize(
    ("words", "instant"),
    [
        ("GST", utc(2025, 1, 22, 7, 40)),
        ("AST", utc(2025, 1, 22, 8, 40)),
        ("بتوقيت مكة", utc(2025, 1, 22, 8, 40)),
        ("(بتوقيت مكة المكرمة)", utc(2025, 1, 22, 8, 40)),
        ("بتوقيت دمشق", utc(2025, 1, 22, 8, 40)),
        ("بتوقيت غرينتش", utc(2025, 1, 22, 11, 40)),
        ("بتوقيت غرينيتش", utc(2025, 1, 22, 11, 40)),
        ("GMT", utc(2025, 1, 22, 11, 40)),
        ("UTC", utc(2025, 1, 22, 11, 40)),
        ("ت غ", utc(2025, 1, 22, 11, 40)),
        ("بتوقيت القدس", utc(2025, 1, 22, 9, 40)),  # winter: UTC+2
        ("بتوقيت بيروت", utc(2025, 1, 22, 9, 40)),
        ("بتوقيت الدوحة", utc(2025, 1, 22, 8, 40)),
        ("بتوقيت أبوظبي", utc(2025, 1, 22, 7, 40)),
        ("بتوقيت أبو ظبي", utc(2025, 1, 22, 7, 40)),
        ("بتوقيت الإمارات", utc(2025, 1, 22, 7, 40)),
        ("بتوقيت القاهرة", utc(2025, 1, 22, 9, 40)),
        ("GMT+3", utc(2025, 1, 22, 8, 40)),
        ("UTC+03:00", utc(2025, 1, 22, 8, 40)),
        ("بتوقيت غرينتش +2", utc(2025, 1, 22, 9, 40)),
        ("GMT-5", utc(2025, 1, 22, 16, 40)),
    ],
)
def test_time_zone_words_override_the_default(words: str, instant: dt.datetime) -> None:
    parsed = parse_arabic_date(f"22 يناير 2025 - 11:40 {words}", default_tz=FAR)
    assert parsed is not None and parsed.gregorian == instant


def test_time_zone_words_follow_daylight_saving() -> None:
    jerusalem = parse_arabic_date("15 تموز 2024 - 11:40 بتوقيت القدس", default_tz=FAR)
    cairo = parse_arabic_date("15 يوليو 2024 - 11:40 بتوقيت القاهرة", default_tz=FAR)
    assert jerusalem is not None and jerusalem.gregorian == utc(2024, 7, 15, 8, 40)
    assert cairo is not None and cairo.gregorian == utc(2024, 7, 15, 8, 40)


@pytest.mark.parametrize(
    "text",
    [
        "22 يناير 2025 - 11:40 LAST",  # Latin letters around: not the abbreviation
        "22 يناير 2025 - 11:40 GSTX",
        "22 يناير 2025 - 11:40 بتوقيت المريخ",  # unknown place
    ],
)
def test_not_a_time_zone_word(text: str) -> None:
    parsed = parse_arabic_date(text, default_tz=FAR)
    assert parsed is not None and parsed.gregorian == utc(2025, 1, 22, 2, 40)


def test_a_utc_name_followed_by_a_date_is_not_an_offset() -> None:
    parsed = parse_arabic_date("11:40 بتوقيت غرينتش -22 يناير 2025", default_tz=FAR)
    assert parsed is not None and parsed.gregorian == utc(2025, 1, 22, 11, 40)


def test_zone_named_once_on_the_line_applies_to_both_parts() -> None:
    published, updated = parse_date_line(
        "نشر في 10/12/2024 10:00\nآخر تحديث: 10/12/2024 09:05 م (بتوقيت غرينتش)", "Asia/Qatar"
    )
    assert published is not None and published.gregorian == utc(2024, 12, 10, 10, 0)
    assert updated is not None and updated.gregorian == utc(2024, 12, 10, 21, 5)
    # a part that names its own zone keeps it
    published, updated = parse_date_line(
        "نشر في: 22 يناير ,2025: 11:40 ص GST\nآخر تحديث: 22 يناير ,2025: 02:15 م GMT", FAR
    )
    assert published is not None and published.gregorian == utc(2025, 1, 22, 7, 40)
    assert updated is not None and updated.gregorian == utc(2025, 1, 22, 14, 15)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("22 يناير 2025 - 11:40 ص", utc(2025, 1, 22, 8, 40)),
        ("22 يناير 2025 - 11:40 م", utc(2025, 1, 22, 20, 40)),
        ("22 يناير 2025 - 11:40م", utc(2025, 1, 22, 20, 40)),
        ("22 يناير 2025 - 12:15 م", utc(2025, 1, 22, 9, 15)),  # noon
        ("22 يناير 2025 - 12:15 ص", utc(2025, 1, 21, 21, 15)),  # midnight
        ("22 يناير 2025 - 01:05 صباحاً", utc(2025, 1, 21, 22, 5)),
        ("22 يناير 2025 - 01:05 مساءً", utc(2025, 1, 22, 10, 5)),
        ("22 يناير 2025 - 15:20 م", utc(2025, 1, 22, 12, 20)),  # 24-hour clock: marker ignored
        ("22 يناير 2025 - 00:30 م", utc(2025, 1, 21, 21, 30)),  # no hour 0 pm: ignored
        ("٢٢ يناير ٢٠٢٥ - ١١:٤٠ م", utc(2025, 1, 22, 20, 40)),
        # `م` after the YEAR is the era, never pm
        ("نُشر: 11:40-22 يناير 2025 م ـ 22 رجب 1446 هـ", utc(2025, 1, 22, 8, 40)),
        ("22 يناير 2025 م - 11:40", utc(2025, 1, 22, 8, 40)),
        ("22 يناير 2025 م 11:40", utc(2025, 1, 22, 8, 40)),
        ("22 يناير 2025م - 11:40 ص", utc(2025, 1, 22, 8, 40)),
        ("22 يناير 2025 م - 11:40 م", utc(2025, 1, 22, 20, 40)),
        ("11:40 - 22 يناير 2025 م", utc(2025, 1, 22, 8, 40)),
    ],
)
def test_am_pm_after_a_time_and_era_after_a_year(text: str, instant: dt.datetime) -> None:
    parsed = parse_arabic_date(text)
    assert parsed is not None and parsed.gregorian == instant


# --------------------------------------------------------------------------- per-row time zone


def test_enrich_dates_uses_a_default_tz_column_per_row() -> None:
    df = pl.DataFrame(
        {
            "date_text": ["22 يناير 2025 - 11:40"] * 4 + ["نوفمبر 3, 2024"],
            "default_tz": ["Asia/Dubai", "Europe/London", None, "  ", "Asia/Damascus"],
        }
    )
    out = enrich_dates(df, default_tz="Asia/Riyadh")
    assert out.get_column("published_at").to_list() == [
        utc(2025, 1, 22, 7, 40),
        utc(2025, 1, 22, 11, 40),
        utc(2025, 1, 22, 8, 40),  # null: the argument
        utc(2025, 1, 22, 8, 40),  # blank: the argument
        utc(2024, 11, 2, 21, 0),
    ]
    assert out.get_column("default_tz").to_list() == df.get_column("default_tz").to_list()


def test_enrich_dates_default_tz_column_also_reads_metadata() -> None:
    df = pl.DataFrame(
        {
            "date_text": [None, "6 أغسطس/ آب 2023"],
            "published_meta": ["2024-11-28T15:20:00", "2023-08-06T09:48:05.000Z"],
            "default_tz": ["Europe/London", "Europe/London"],
        }
    )
    out = enrich_dates(df)
    assert out.get_column("published_at").to_list() == [
        utc(2024, 11, 28, 15, 20),  # naive metadata in the row's zone
        dt.datetime(2023, 8, 6, 9, 48, 5, tzinfo=UTC),
    ]


def test_enrich_dates_argument_still_works_without_the_column() -> None:
    df = pl.DataFrame({"date_text": ["22 يناير 2025 - 11:40"]})
    assert enrich_dates(df, "Asia/Dubai").get_column("published_at").to_list() == [
        utc(2025, 1, 22, 7, 40)
    ]
    all_null = df.with_columns(pl.lit(None, dtype=pl.String).alias("default_tz"))
    assert enrich_dates(all_null, default_tz="Asia/Dubai").get_column("published_at").to_list() == [
        utc(2025, 1, 22, 7, 40)
    ]


def test_enrich_dates_rejects_an_unknown_zone() -> None:
    df = pl.DataFrame({"date_text": ["22 يناير 2025"], "default_tz": ["Asia/Nowhere"]})
    with pytest.raises(ValueError, match="Asia/Nowhere"):
        enrich_dates(df)


# --------------------------------------------------------------------------- goldens

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
GOLDENS = {
    f"{path.parent.name}/{path.stem}": json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(GOLDEN_DIR.glob("*/*.json"))
}
GREGORIAN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def outlet_tz(site: str) -> str:
    """The outlet module's `DEFAULT_TZ`; aawsat pages are in Riyadh time."""
    if site == "aawsat":
        return "Asia/Riyadh"
    tz: str = importlib.import_module(f"sources.{site}").DEFAULT_TZ
    return tz


def iso_z(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def test_goldens_are_found() -> None:
    assert {key.split("/")[0] for key in GOLDENS} >= {
        "aawsat", "alarabiya", "aljazeera", "bbcarabic", "enabbaladi", "sana"
    }  # fmt: skip


@pytest.mark.parametrize("key", sorted(GOLDENS))
def test_golden_dates_with_metadata(key: str) -> None:
    gold = GOLDENS[key]
    resolved = resolve_dates(
        gold["date_text"],
        gold.get("published_meta"),
        gold.get("updated_meta"),
        outlet_tz(key.split("/")[0]),
    )
    assert iso_z(resolved.published_at) == gold["published_at"]
    assert iso_z(resolved.updated_at) == gold["updated_at"]
    assert resolved.published_hijri == gold["published_hijri"]


VISIBLE_GREGORIAN = sorted(
    key
    for key, gold in GOLDENS.items()
    if gold["date_text"] and GREGORIAN_YEAR.search(to_western_digits(gold["date_text"]))
)


def test_visible_only_goldens_cover_every_outlet() -> None:
    assert {key.split("/")[0] for key in VISIBLE_GREGORIAN} == {
        key.split("/")[0] for key, gold in GOLDENS.items() if gold["date_text"]
    }


@pytest.mark.parametrize("key", VISIBLE_GREGORIAN)
def test_golden_published_day_from_visible_text_only(key: str) -> None:
    gold = GOLDENS[key]
    tz = outlet_tz(key.split("/")[0])
    expected = dt.datetime.fromisoformat(gold["published_at"].replace("Z", "+00:00"))
    visible, _ = parse_date_line(gold["date_text"], tz)
    resolved = resolve_dates(gold["date_text"], None, None, tz)
    assert visible is not None and resolved.published_at == visible.gregorian
    assert resolved.published_at is not None
    local = ZoneInfo(tz)
    assert resolved.published_at.astimezone(local).date() == expected.astimezone(local).date()
    if visible.has_time:  # a time on the page is the golden instant itself
        assert resolved.published_at == expected


# --- the outlet's calendar day, offset and precision (issue 8) ---------------------------------


def test_a_day_without_time_is_the_printed_day_not_the_utc_one() -> None:
    r = resolve_dates("10 ديسمبر 2024", None, None, "Asia/Riyadh")
    assert r.published_at == utc(2024, 12, 9, 21, 0)
    assert r.published == Dated(utc(2024, 12, 9, 21, 0), dt.date(2024, 12, 10), 180, "day")


def test_two_in_the_morning_in_dubai_keeps_its_day() -> None:
    r = resolve_dates("نُشر: 02:00-10 ديسمبر 2024 م", None, None, "Asia/Dubai")
    assert r.published == Dated(utc(2024, 12, 9, 22, 0), dt.date(2024, 12, 10), 240, "minute")


def test_the_machine_date_gives_its_own_offset_and_precision() -> None:
    r = resolve_dates(None, "2024-12-10T02:00:30+04:00", "2024-12-11", "Asia/Riyadh")
    assert r.published == Dated(
        utc(2024, 12, 9, 22, 0) + dt.timedelta(seconds=30), dt.date(2024, 12, 10), 240, "second"
    )
    assert r.updated == Dated(utc(2024, 12, 10, 21, 0), dt.date(2024, 12, 11), 180, "day")


def test_a_date_only_line_refined_by_metadata_keeps_the_shown_day() -> None:
    # The machine date is in UTC and falls on the day before; the page prints the 10th.
    r = resolve_dates("الثلاثاء - 10 ديسمبر 2024", "2024-12-09T23:30:00Z", None, "Asia/Riyadh")
    assert r.published == Dated(utc(2024, 12, 9, 23, 30), dt.date(2024, 12, 10), 0, "second")


def test_a_zone_named_on_the_line_gives_the_offset() -> None:
    r = resolve_dates("10 ديسمبر 2024 09:05 م (بتوقيت مكة)", None, None, "Africa/Cairo")
    assert r.published is not None
    assert (r.published.offset, r.published.precision) == (180, "minute")
    assert r.published.day == dt.date(2024, 12, 10)


def test_enrich_dates_adds_the_day_offset_and_precision_columns() -> None:
    df = pl.DataFrame(
        {
            "date_text": ["10 ديسمبر 2024", None],
            "published_meta": [None, "2025-03-02T01:15:00+03:00"],
            "updated_meta": [None, None],
        }
    )
    out = enrich_dates(df, "Asia/Riyadh")
    assert out.select(
        "published_date", "published_offset", "published_precision", "updated_date"
    ).rows() == [
        (dt.date(2024, 12, 10), 180, "day", None),
        (dt.date(2025, 3, 2), 180, "second", None),  # the string spells the seconds
    ]


@pytest.mark.parametrize(
    ("text", "day", "clock"),
    [
        ("Published 5 March 2019", "2019-03-05", None),
        ("March 5, 2019 at 2:30 PM", "2019-03-05", "14:30"),
        ("Tue 5th of March, 2019 14:30 GMT", "2019-03-05", "14:30"),
        ("Dec. 3, 2024 12:05 a.m.", "2024-12-03", "00:05"),
        ("Publié le 1er mars 2024 à 09:15", "2024-03-01", "09:15"),
        ("le 12 août 2023", "2023-08-12", None),
    ],
)
def test_date_lines_in_english_and_french(text: str, day: str, clock: str | None) -> None:
    found = parse_arabic_date(text, "UTC")
    assert found is not None and found.shown_date is not None
    assert found.shown_date.isoformat() == day
    assert found.gregorian is not None
    assert (found.gregorian.strftime("%H:%M") if found.has_time else None) == clock


@pytest.mark.parametrize("text", ["Mayor said 12 things in 2019", "Marching 5, 2019", "may 2019"])
def test_words_like_month_names_are_not_dates(text: str) -> None:
    assert parse_arabic_date(text, "UTC") is None


def test_a_generic_visible_line_far_from_the_metadata_gives_way() -> None:
    # a line the generic extractor found by its look (a caption, a masthead's today)
    r = resolve_dates("Wednesday, April 7, 2010 as of 11:14 AM ET", "2010-08-14", None,
                      "UTC", trust_visible=False)  # fmt: skip
    assert r.published is not None and r.published.day == dt.date(2010, 8, 14)
    # an outlet's own element is trusted as before
    r = resolve_dates("Wednesday, April 7, 2010 as of 11:14 AM ET", "2010-08-14", None, "UTC")
    assert r.published is not None and r.published.day == dt.date(2010, 4, 7)
    # the only visible line is the update time the metadata gives: it is the update
    r = resolve_dates("le 06/04/2013 à 10:37", "2013-04-05T17:08:23+02:00",
                      "2013-04-06T10:37:00+02:00", "Europe/Paris", trust_visible=False)  # fmt: skip
    assert r.published is not None and r.published.day == dt.date(2013, 4, 5)
    assert r.updated is not None and r.updated.day == dt.date(2013, 4, 6)
