"""Visible Arabic date lines, the Hijri cross-check, ISO metadata and the precedence rule."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms.dates import (
    ArabicDate,
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
