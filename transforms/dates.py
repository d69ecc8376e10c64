"""Dates as pages show them: Arabic visible date lines, Hijri cross-checks and ISO metadata.

Contract: `parse_arabic_date(text)` reads the date a reader sees on a page and returns an
`ArabicDate` whose `gregorian` is timezone-aware UTC, or None when the text holds no full date.
A date shown without a time means 00:00 in the page's time zone (`default_tz`: the outlet's,
Asia/Riyadh for aawsat), unless the line names a zone. `enrich_dates` applies the precedence
rule between the visible line and the JSON-LD/meta timestamps to a frame; the page's zone is
the row's `default_tz` column where the frame has one and it is not null, else the argument.

Recognised forms (after `fold_arabic`: diacritics, tatweel and hamza/alef variants folded and
Eastern digits made Western, so `٢٨`, `أيار`/`ايار`, `هـ`/`ه`, `مـ`/`م` are all one form):

* day + Gregorian month + 4-digit year, months in Egyptian/Gulf (`يناير` ... `ديسمبر`, with
  `أبريل/إبريل/ابريل`, `يونيو/يونيه`, `يوليو/يوليه`), Maghrebi (`جانفي`, `فيفري`, `أفريل`,
  `ماي`, `جوان`, `جويلية`, `أوت`) and Levantine form (`كانون الثاني` ... `كانون الأول`, with or
  without `ال` in `تشرين (ال)أول`), and two names of one month combined: `15 مارس (آذار) 2022`,
  `14 فبراير/شباط 2025`, `3 يناير/ كانون الثاني 2025` (Al Jazeera, BBC Arabic; also `-` or
  `،` between them); an optional `م`;
* WordPress month-first order with a Latin or Arabic comma: `نوفمبر 3, 2024`, `نوفمبر 3، 2024`
  (Enab Baladi); without the comma it is not read;
* on pages in other languages, English and French month names and abbreviations in either
  order, any case, with ordinals: `5 March 2019`, `5th of March, 2019`, `1er mars 2024`,
  `March 5, 2019`, `Dec. 3 2024`; `am`/`pm`/`a.m.`/`p.m.` after a time;
* day/month/year with slashes (Arab order, `28/11/2024`) and ISO 8601 (`2024-11-28`,
  `2024-11-28T15:20:00+03:00`; an ISO time with an offset keeps that offset);
* day + Hijri month (`محرم` ... `ذو الحجة`, with `ربيع الآخر/الثاني`, `جمادى الآخرة/الثانية`,
  `ذو/ذي`) + year, optional `هـ`; normalised as `26 جمادى الأولى 1446`;
* a time `HH:MM[:SS]` anywhere in the segment, before the date as on aawsat
  (`15:20-28 نوفمبر 2024`) or after it (`2025 - 10:45`), with `ص`/`صباحاً` (am) or
  `م`/`مساءً` (pm) right after it (`12:15 م` is noon, `12:15 ص` just after midnight); weekday
  names and the words around are ignored;
* a zone named on the line overrides `default_tz`: `بتوقيت X` for the places in `_TZ_NAMES`
  (`مكة`, `دمشق`, `القدس`, `بيروت`, `الدوحة`, `أبوظبي`, `الإمارات`, `القاهرة`, `غرينتش`, ...),
  `GST` (Asia/Dubai), `AST` (Arabia Standard Time, Asia/Riyadh), `GMT`/`UTC`/`ت غ` (UTC), and
  a whole offset after a UTC name (`GMT+3`, `UTC+03:00`). The first zone in a segment wins; a
  segment that names none takes the first one named elsewhere on the line (Al Jazeera puts
  `(بتوقيت مكة)` on the update line only);
* labelled lines: a `نُشر:` segment and an `آخر تحديث:`/`تحديث`/`تم التحديث` segment are split
  apart (`parse_date_line` returns both; `parse_arabic_date` returns the published one).

Known edge cases:

* `رقم العدد [16804]` (the print issue number) is removed before parsing, and years must be
  exactly four digits next to a month name, so issue numbers and counts are never a day/year.
* `م` after a year is the Gregorian era marker; only `م` right after a time means pm, and a
  pm marker on hour 0 or above 12 (a 24-hour clock) is ignored.
* An offset after a UTC name that is not one (`بتوقيت غرينتش -22 يناير`, over 14 hours) is
  ignored and the zone is plain UTC; a Latin abbreviation inside a Latin word is not a zone.
* A month without a day (`مارس (آذار) 2022`) or a relative day (`أمس (الأربعاء)`, `منذ ساعتين`)
  is not a date of publication: None. If two names of one month (`(آذار)`, `/شباط`) disagree,
  the first one wins.
* Hijri conversion uses Umm al-Qura (`hijridate`, years 1343-1500): day 30 of a 29-day month is
  taken as the next day, years outside the table give `gregorian=None` when only Hijri is shown
  and `hijri_consistent=None`. Consistency allows ±1 day, because outlets that follow local
  moon sighting can differ from Umm al-Qura by a day.
* Only a Hijri date shown: `gregorian` comes from the conversion and `hijri_consistent` is None.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

import polars as pl
from hijridate import Hijri

from schemas.articles import HIJRI_MONTHS
from transforms.arabic import fold_arabic, to_western_digits

DEFAULT_TZ = "Asia/Riyadh"
GENERIC_LAYOUT = "generic"  # `layout` of records from the generic extractor (`sources.generic`)
UTC_DTYPE = pl.Datetime("us", "UTC")

GREGORIAN_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "جانفي", "كانون الثاني", "كانون ثاني"),
    2: ("فبراير", "فيفري", "شباط"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "أفريل", "نيسان"),
    5: ("مايو", "ماي", "أيار"),
    6: ("يونيو", "يونيه", "جوان", "حزيران"),
    7: ("يوليو", "يوليه", "جويلية", "تموز"),
    8: ("أغسطس", "أوت", "آب"),
    9: ("سبتمبر", "أيلول"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني"),
    12: ("ديسمبر", "كانون الأول", "كانون أول"),
}

# Date lines of pages in other languages (the generic extractor reads any outlet): English and
# French month names and abbreviations, matched without regard to case. Kept apart from the Arabic
# names, which article text is searched for (`transforms.text_dates`).
LATIN_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv"),
    2: ("february", "feb", "février", "fevrier", "févr", "fevr"),
    3: ("march", "mar", "mars"),
    4: ("april", "apr", "avril", "avr"),
    5: ("may", "mai"),
    6: ("june", "jun", "juin"),
    7: ("july", "jul", "juillet", "juil"),
    8: ("august", "aug", "août", "aout"),
    9: ("september", "sept", "sep", "septembre"),
    10: ("october", "oct", "octobre"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "décembre", "decembre", "déc"),
}

HIJRI_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("محرم",),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع آخر", "ربيع الثاني", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الآخر", "جمادى الثانية", "جمادى الثاني", "جمادى آخرة"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

# "بتوقيت X" → IANA zone (folded spellings).
_TZ_NAMES: dict[str, str] = {
    "مكة المكرمة": "Asia/Riyadh",
    "مكة": "Asia/Riyadh",
    "الرياض": "Asia/Riyadh",
    "السعودية": "Asia/Riyadh",
    "دمشق": "Asia/Damascus",
    "سوريا": "Asia/Damascus",
    "سورية": "Asia/Damascus",
    "القاهرة": "Africa/Cairo",
    "مصر": "Africa/Cairo",
    "بيروت": "Asia/Beirut",
    "لبنان": "Asia/Beirut",
    "القدس": "Asia/Jerusalem",
    "الأردن": "Asia/Amman",
    "الكويت": "Asia/Kuwait",
    "البحرين": "Asia/Bahrain",
    "مسقط": "Asia/Muscat",
    "بغداد": "Asia/Baghdad",
    "العراق": "Asia/Baghdad",
    "أنقرة": "Europe/Istanbul",
    "إسطنبول": "Europe/Istanbul",
    "تركيا": "Europe/Istanbul",
    "أبوظبي": "Asia/Dubai",
    "أبو ظبي": "Asia/Dubai",
    "دبي": "Asia/Dubai",
    "الإمارات": "Asia/Dubai",
    "الدوحة": "Asia/Qatar",
    "قطر": "Asia/Qatar",
    "لندن": "Europe/London",
    "باريس": "Europe/Paris",
    "موسكو": "Europe/Moscow",
    "تونس": "Africa/Tunis",
    "الجزائر": "Africa/Algiers",
    "الرباط": "Africa/Casablanca",
    "المغرب": "Africa/Casablanca",
    "غرينتش": "UTC",
    "غرينيتش": "UTC",
    "جرينتش": "UTC",
    "جرينيتش": "UTC",
}
# Latin abbreviations as Arabic pages use them: AST is Arabia (not Atlantic) Standard Time and
# GST Gulf Standard Time.
_TZ_ABBREVIATIONS: dict[str, str] = {
    "GMT": "UTC",
    "UTC": "UTC",
    "GST": "Asia/Dubai",
    "AST": "Asia/Riyadh",
}
_MAX_OFFSET = dt.timedelta(hours=14)

_L = r"\u0621-\u064a\u066e-\u06d3"  # Arabic letters, for "not inside a word" look-arounds


def _alternation(names: dict[int, tuple[str, ...]]) -> tuple[str, dict[str, int]]:
    """Build a longest-first regex alternation of folded names and the name → number map."""
    lookup = {fold_arabic(n): num for num, forms in names.items() for n in forms}
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(lookup, key=len)[::-1])
    return alt, {k.replace(" ", ""): v for k, v in lookup.items()}


_GREG_ALT, _GREG_LOOKUP = _alternation(GREGORIAN_MONTH_NAMES)
_HIJRI_ALT, _HIJRI_LOOKUP = _alternation(HIJRI_MONTH_NAMES)
_TZ_LOOKUP = {fold_arabic(k).replace(" ", ""): v for k, v in _TZ_NAMES.items()}
_TZ_ALT = "|".join(
    re.escape(fold_arabic(n)).replace(r"\ ", r"\s*") for n in sorted(_TZ_NAMES, key=len)[::-1]
)

# A second name for the same month: `مارس (آذار)`, `فبراير/شباط`, `يناير/ كانون الثاني`.
_PAIRED = (
    rf"(?:\s*\(\s*(?:{_GREG_ALT})\s*\)"
    rf"|\s*[/،-]\s*(?:{_GREG_ALT})(?![{_L}]))?"
)
_RE_GREGORIAN = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({_GREG_ALT})(?![{_L}])"
    rf"{_PAIRED}\s*[,،]?\s*(\d{{4}})(?!\d)"
)
# WordPress `F j, Y`: month name, day, a comma (Latin or Arabic), year: `نوفمبر 3، 2024`.
_RE_MDY = re.compile(
    rf"(?<![{_L}])({_GREG_ALT})(?![{_L}]){_PAIRED}"
    rf"\s*(?<!\d)(\d{{1,2}})(?!\d)\s*[,،]\s*(\d{{4}})(?!\d)"
)
_LATIN_LOOKUP = {n: num for num, forms in LATIN_MONTH_NAMES.items() for n in forms}
_LATIN_ALT = "|".join(re.escape(n) for n in sorted(_LATIN_LOOKUP, key=len)[::-1])
_ORDINAL = r"(?:st|nd|rd|th|er)?"
# `5 March 2019`, `5th of March, 2019`, `1er mars 2024`; `March 5, 2019`, `Mar. 5th 2019`.
_RE_LATIN_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?({_LATIN_ALT})\.?(?![a-zéû])\s*,?\s*(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_RE_LATIN_MDY = re.compile(
    rf"(?<![a-zéû])({_LATIN_ALT})\.?(?![a-zéû])\s*(\d{{1,2}}){_ORDINAL}(?!\d)\s*,?\s*(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_RE_DMY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_RE_ISO = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d:])"
)
_RE_HIJRI = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({_HIJRI_ALT})(?![{_L}])\s*[,،]?\s*(\d{{4}})(?!\d)"
)
_RE_TIME = re.compile(
    rf"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?![\d:])"
    rf"(?:\s*(صباحا|صباح|ص|مساءا|مساء|م|[AaPp]\.?[Mm]\.?)(?![{_L}A-Za-z]))?"
)
_RE_TZ = re.compile(
    rf"(?:(?<![{_L}])ب?توقيت\s+(?P<place>{_TZ_ALT})(?![{_L}])"
    rf"|(?<![A-Za-z])(?P<abbr>{'|'.join(_TZ_ABBREVIATIONS)})(?![A-Za-z])"
    rf"|(?<![{_L}])(?P<tg>ت\s?\.?\s?غ)(?![{_L}]))"
    # an offset only counts after a UTC name (`GMT+3`, `بتوقيت غرينتش +03:00`)
    r"(?:\s?(?P<sign>[+\-\u2212])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?![\d:/.\-]))?"
)
_RE_ISSUE = re.compile(r"رقم\s+العدد\s*[\[(]?\s*\d+\s*[\])]?|العدد\s*[\[(]\s*\d+\s*[\])]")
_RE_MARKER = re.compile(
    rf"(?<![{_L}])(?:(?P<upd>(?:اخر\s+|تم\s+)?(?:ال)?تحديث)|(?P<pub>(?:تاريخ\s+)?(?:ال)?نشر))"
    rf"(?![{_L}])\s*(?:في\s+)?:?"
)
_AM = frozenset({"ص", "صباح", "صباحا", "am"})
_PM = frozenset({"م", "مساء", "مساءا", "pm"})


@dataclass(frozen=True)
class ArabicDate:
    """A date read from a page: the instant in UTC and the Hijri date as shown, if any."""

    gregorian: dt.datetime | None
    has_time: bool
    hijri: str | None = None
    hijri_date: tuple[int, int, int] | None = None
    hijri_consistent: bool | None = None
    shown_date: dt.date | None = None  # the calendar day the page shows
    offset: int | None = None  # minutes east of UTC of the page's clock on that day
    precision: str | None = None  # day, minute or second: what the page gave


class Dated(NamedTuple):
    """An article date: the instant (UTC), the calendar day the outlet printed, the UTC offset
    of the outlet's clock (minutes; given by the page or implied by the outlet's zone), and
    what the page gave (`day`, `minute` or `second`)."""

    at: dt.datetime
    day: dt.date
    offset: int
    precision: str


class ResolvedDates(NamedTuple):
    """The article dates chosen from the visible line and the metadata of one page."""

    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    published_hijri: str | None
    published: Dated | None = None
    updated: Dated | None = None


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name (cached)."""
    return ZoneInfo(name)


def printed_date(instant: dt.datetime, zone: str) -> dt.date:
    """The calendar day an instant falls on in a zone: the day the outlet printed."""
    return instant.astimezone(_zone(zone)).date()


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Umm al-Qura conversion of a Hijri date; None outside 1343-1500 AH or for a bad day."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    try:
        first = Hijri(year, month, 1).to_gregorian()
    except (ValueError, OverflowError):
        return None
    # Counting from the 1st accepts day 30 of a 29-day Umm al-Qura month (local sighting).
    return dt.date(first.year, first.month, first.day) + dt.timedelta(days=day - 1)


def format_hijri(year: int, month: int, day: int) -> str:
    """Render a Hijri date in the stored form, e.g. `26 جمادى الأولى 1446`."""
    return f"{day} {HIJRI_MONTHS[month - 1]} {year}"


def parse_iso_datetime(s: str | None, default_tz: str = DEFAULT_TZ) -> dt.datetime | None:
    """Parse an ISO 8601 (or RFC 2822) timestamp to UTC; a naive one is in `default_tz`."""
    dated = parse_iso_dated(s, default_tz)
    return dated.at if dated else None


_RE_ISO_CLOCK = re.compile(r"[T ](\d{1,2}):(\d{2})(:\d{2})?")


def _minutes(offset: dt.timedelta | None) -> int:
    return int(offset.total_seconds() // 60) if offset is not None else 0


def parse_iso_dated(s: str | None, default_tz: str = DEFAULT_TZ) -> Dated | None:
    """An ISO 8601 (or RFC 2822) machine date as a `Dated`: the instant in UTC, the day and
    offset as the string gives them (a naive one is in `default_tz`), the precision by what it
    spells out (RFC 2822 always gives seconds)."""
    if s is None:
        return None
    text = to_western_digits(s).strip()
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
        clock = _RE_ISO_CLOCK.search(text)
        precision = "day" if clock is None else ("second" if clock[3] else "minute")
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        precision = "second"
    if not 1900 <= value.year <= 2100:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone(default_tz))
    return Dated(value.astimezone(dt.UTC), value.date(), _minutes(value.utcoffset()), precision)


def _iso_in(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """An ISO timestamp found in a visible line, in UTC; a naive one is in `tz`."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(dt.UTC)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date if it exists and the year is plausible for a news page."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    """Month number of a folded Gregorian month name as matched (any inner whitespace)."""
    return _GREG_LOOKUP[re.sub(r"\s+", "", name)]


def _find_gregorian(text: str) -> dt.date | None:
    """First valid month-name date (day first or WordPress month first), else first d/m/Y."""
    named = [(m.start(), int(m[3]), _month(m[2]), int(m[1])) for m in _RE_GREGORIAN.finditer(text)]
    named += [(m.start(), int(m[3]), _month(m[1]), int(m[2])) for m in _RE_MDY.finditer(text)]
    for pattern, day_group, month_group in ((_RE_LATIN_DMY, 1, 2), (_RE_LATIN_MDY, 2, 1)):
        named += [
            (m.start(), int(m[3]), _LATIN_LOOKUP[m[month_group].lower()], int(m[day_group]))
            for m in pattern.finditer(text)
        ]
    for _, year, month, day in sorted(named):
        found = _valid_date(year, month, day)
        if found:
            return found
    for m in _RE_DMY.finditer(text):
        found = _valid_date(int(m[3]), int(m[2]), int(m[1]))
        if found:
            return found
    return None


def _find_hijri(text: str) -> tuple[int, int, int] | None:
    """First plausible Hijri date as (year, month, day)."""
    for m in _RE_HIJRI.finditer(text):
        day, year = int(m[1]), int(m[3])
        if 1 <= day <= 30 and 1300 <= year <= 1600:
            return year, _HIJRI_LOOKUP[re.sub(r"\s+", "", m[2])], day
    return None


def _find_time(text: str) -> dt.time | None:
    """First time of day, with an am/pm marker applied when it makes sense."""
    found = _find_clock(text)
    return found[0] if found else None


def _find_clock(text: str) -> tuple[dt.time, bool] | None:
    """First time of day (am/pm applied) and whether it shows the seconds."""
    m = _RE_TIME.search(text)
    if m is None:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    marker = m[4].lower().replace(".", "") if m[4] else None
    if marker in _AM and hour == 12:
        hour = 0  # 12 ص is midnight
    elif marker in _PM and 1 <= hour < 12:
        hour += 12  # 12 م is noon; a pm marker on 0 or on a 24-hour clock is ignored
    return dt.time(hour, minute, second), m[3] is not None


def _find_tz(text: str) -> dt.tzinfo | None:
    """Time zone named in the text (`بتوقيت مكة`, `GST`, `GMT+3`), if any; the first one wins."""
    m = _RE_TZ.search(text)
    if m is None:
        return None
    if m["abbr"]:
        name: str | None = _TZ_ABBREVIATIONS[m["abbr"]]
    elif m["tg"]:
        name = "UTC"
    else:
        name = _TZ_LOOKUP.get(re.sub(r"\s+", "", m["place"]))
    if name is None:
        return None
    if name != "UTC" or m["sign"] is None:
        return _zone(name)
    offset = dt.timedelta(hours=int(m["oh"]), minutes=int(m["om"] or 0))
    if offset > _MAX_OFFSET or int(m["om"] or 0) >= 60:
        return _zone(name)  # not an offset (`GMT-28 نوفمبر`): plain UTC
    return dt.timezone(offset if m["sign"] == "+" else -offset)


def _parse_segment(folded: str, default_tz: dt.tzinfo) -> ArabicDate | None:
    """Parse one folded date segment (no published/updated labels inside)."""
    text = _RE_ISSUE.sub(" ", folded)
    tz = _find_tz(text) or default_tz
    shown = _find_gregorian(text)
    hijri = _find_hijri(text)
    instant: dt.datetime | None = None
    has_time = False
    offset: int | None = None
    precision: str | None = None

    if shown is None:
        iso = _RE_ISO.search(text)
        if iso is not None:
            shown = dt.date.fromisoformat(iso[0][:10])
            if ":" in iso[0]:
                instant = _iso_in(iso[0], tz)
                has_time = instant is not None
                if instant is not None:
                    local = dt.datetime.fromisoformat(iso[0])
                    local = local if local.tzinfo else local.replace(tzinfo=tz)
                    offset = _minutes(local.utcoffset())
                    precision = "second" if iso[0].count(":") >= 2 else "minute"

    local_date = shown
    if local_date is None and hijri is not None:
        local_date = hijri_to_gregorian(*hijri)
    if local_date is None and hijri is None:
        return None

    if instant is None and local_date is not None:
        clock = _find_clock(text)
        has_time = clock is not None
        local = dt.datetime.combine(local_date, clock[0] if clock else dt.time(0), tzinfo=tz)
        instant = local.astimezone(dt.UTC)
        offset = _minutes(local.utcoffset())
        precision = "day" if clock is None else ("second" if clock[1] else "minute")

    consistent: bool | None = None
    if hijri is not None and shown is not None:
        converted = hijri_to_gregorian(*hijri)
        if converted is not None:
            consistent = abs((converted - shown).days) <= 1
    return ArabicDate(
        gregorian=instant,
        has_time=has_time,
        hijri=format_hijri(*hijri) if hijri else None,
        hijri_date=hijri,
        hijri_consistent=consistent,
        shown_date=local_date,
        offset=offset,
        precision=precision,
    )


def _segments(folded: str) -> dict[str, list[str]]:
    """Split a folded date line into candidate `published` and `updated` segments, in order."""
    found: dict[str, list[str]] = {"published": [], "updated": []}
    markers = list(_RE_MARKER.finditer(folded))
    if not markers:
        found["published"].append(folded)
        return found
    head = folded[: markers[0].start()].strip(" -|،,")
    if head:
        found["published"].append(head)
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(folded)
        body = folded[m.end() : end].strip(" -|،,")
        if body:
            found["updated" if m["upd"] else "published"].append(body)
    return found


def _first_parsed(segments: list[str], default_tz: dt.tzinfo) -> ArabicDate | None:
    """Parse segments in order and return the first that holds a date."""
    for segment in segments:
        parsed = _parse_segment(segment, default_tz)
        if parsed is not None:
            return parsed
    return None


def parse_date_line(
    text: str | None, default_tz: str = DEFAULT_TZ
) -> tuple[ArabicDate | None, ArabicDate | None]:
    """Parse a visible date line into its (published, updated) dates; unlabelled = published."""
    if not text:
        return None, None
    folded = fold_arabic(text)
    # A zone named once on the line (`... 09:05 م (بتوقيت مكة)`) is the line's zone; a segment
    # that names its own keeps it.
    line_tz = _find_tz(_RE_ISSUE.sub(" ", folded)) or _zone(default_tz)
    parts = _segments(folded)
    published = _first_parsed(parts["published"], line_tz)
    updated = _first_parsed(parts["updated"], line_tz)
    if published is None and updated is None:
        # A marker word may have been part of the date line itself: try it whole.
        published = _parse_segment(folded, line_tz)
    return published, updated


def parse_arabic_date(text: str, default_tz: str = DEFAULT_TZ) -> ArabicDate | None:
    """Parse the date a page shows; the published date when the line also has an update."""
    published, updated = parse_date_line(text, default_tz)
    return published or updated


def _prefer(
    visible: ArabicDate | None, meta: Dated | None, tz: ZoneInfo, trust_visible: bool = True
) -> Dated | None:
    """Visible date with a time wins; metadata refines a date-only one it agrees with (±1 day),
    keeping the day the page shows. Without `trust_visible` (a line the generic extractor found
    by its look, not an outlet's own element), a line more than a day away from the metadata
    shows another date (a caption's, today's in a masthead, a comment's): the metadata wins."""
    if visible is None or visible.gregorian is None:
        return meta
    # `_parse_segment` sets the shown day, offset and precision with every instant it reads.
    shown, offset, precision = visible.shown_date, visible.offset, visible.precision
    assert shown is not None and offset is not None and precision is not None
    seen = Dated(visible.gregorian, shown, offset, precision)
    if meta is None:
        return seen
    agrees = abs((meta.at.astimezone(tz).date() - shown).days) <= 1
    if not agrees and not trust_visible:
        return meta
    if visible.has_time:
        return seen
    return meta._replace(day=shown) if agrees else seen


def resolve_dates(
    date_text: str | None,
    published_meta: str | None,
    updated_meta: str | None,
    default_tz: str = DEFAULT_TZ,
    trust_visible: bool = True,
) -> ResolvedDates:
    """Choose the published and updated dates (UTC instant, printed day, offset, precision) and
    the shown Hijri date for one page (`trust_visible`: see `_prefer`; False for the generic
    extractor, where a lone visible line equal to the metadata's update time is the update)."""
    visible_pub, visible_upd = parse_date_line(date_text, default_tz)
    tz = _zone(default_tz)
    meta_pub = parse_iso_dated(published_meta, default_tz)
    meta_upd = parse_iso_dated(updated_meta, default_tz)
    if (
        not trust_visible
        and visible_upd is None
        and visible_pub is not None
        and meta_pub is not None
        and meta_upd is not None
        and visible_pub.gregorian == meta_upd.at != meta_pub.at
    ):
        visible_pub, visible_upd = None, visible_pub  # `le 06/04/2013 à 10:37`: the update
    published = _prefer(visible_pub, meta_pub, tz, trust_visible)
    updated = _prefer(visible_upd, meta_upd, tz, trust_visible)
    return ResolvedDates(
        published_at=published.at if published else None,
        updated_at=updated.at if updated else None,
        published_hijri=visible_pub.hijri if visible_pub else None,
        published=published,
        updated=updated,
    )


def _checked_zones(names: list[str]) -> None:
    """Raise ValueError naming every string that is not an IANA time zone."""
    bad = []
    for name in sorted(set(names)):
        try:
            _zone(name)
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            bad.append(name)
    if bad:
        raise ValueError(f"unknown time zone(s) in default_tz: {bad}")


def enrich_dates(df: pl.DataFrame, default_tz: str = DEFAULT_TZ) -> pl.DataFrame:
    """Add `published_at` and `updated_at` (UTC), with their `_date`, `_offset` and
    `_precision`, and `published_hijri`.

    `published_date` is the calendar day the outlet printed: a page showing `10 ديسمبر 2024`
    without a time is 2024-12-09T21:00Z, `published_date` 2024-12-10, offset 180 (Riyadh),
    precision `day`; one published at 02:00 in Dubai is the previous day in UTC and its own day
    in `published_date`. The offset is the page's when it gives one (a machine date with
    `+04:00`, `بتوقيت مكة`), else the outlet's zone's on that day.

    The page's time zone is the row's `default_tz` column when the frame has one and the value
    is not null or blank, else the `default_tz` argument. Unknown zone names raise ValueError.
    Rows whose `layout` is `generic` do not trust a visible line against the metadata
    (`resolve_dates`).
    """

    def column(name: str) -> list[str | None]:
        if name not in df.columns:
            return [None] * df.height
        return df.get_column(name).cast(pl.String).to_list()

    zones = [z.strip() if z and z.strip() else default_tz for z in column("default_tz")]
    _checked_zones(zones)
    rows = [
        resolve_dates(text, pub, upd, tz, trust_visible=layout != GENERIC_LAYOUT)
        for text, pub, upd, tz, layout in zip(
            column("date_text"),
            column("published_meta"),
            column("updated_meta"),
            zones,
            column("layout"),
            strict=True,
        )
    ]
    columns = []
    for kind in ("published", "updated"):
        dated = [getattr(r, kind) for r in rows]
        columns += [
            pl.Series(f"{kind}_at", [d.at if d else None for d in dated], dtype=UTC_DTYPE),
            pl.Series(f"{kind}_date", [d.day if d else None for d in dated], dtype=pl.Date),
            pl.Series(f"{kind}_offset", [d.offset if d else None for d in dated], dtype=pl.Int32),
            pl.Series(
                f"{kind}_precision", [d.precision if d else None for d in dated], dtype=pl.String
            ),
        ]
    return df.with_columns(
        *columns,
        pl.Series("published_hijri", [r.published_hijri for r in rows], dtype=pl.String),
    )
