"""Date phrases in Arabic article text, resolved against the article's day of publication.

Contract: `find_date_phrases(text, published)` returns the date phrases of `text` in order of
position, none overlapping, each a `DatePhrase` whose `text[start:end] == phrase` (offsets into
the text as given, never into a normalised copy). `published` is the outlet's calendar day of
the article (`published_date`; a datetime is taken as its date). Pure, no I/O.

How: the text is folded once (`fold`: diacritics, tatweel and invisible marks removed, `أ إ آ ٱ`
→ `ا`, `ى` → `ي`, `ة` → `ه`, Arabic-Indic digits → 0-9; every other character kept, so folded
positions map back to the text by a bisect over the removed runs). That is the pre-filter: one
Aho-Corasick pass finds the words that hold an anchor (`أمس`, `بالأمس`, month names, `عام`,
`عامي` …: each anchor with its proclitics and endings, as whole words) and a regex the 4-digit
numbers; each rule's compiled pattern then runs only in windows around its anchors (tested to
find what a scan of the whole text finds), and begins with a guard on the first word its
phrases can start with, so that the other words of a window fail at once (tested to change no
match). About 45 µs per KB of UTF-8 text (a 3 KB body in 0.13-0.15 ms on one core).

Precision and `resolved_date` (the set of `schemas.enrichment.DATE_PRECISIONS`):

* `day`, `week` (ISO, Monday to Sunday, as DuckDB's `date_trunc('week', …)`), `month`,
  `season` (three months), `year`, `decade`. `resolved_date` is the first day of the unit of
  that precision which holds what the phrase denotes, so `[resolved_date, + one unit)` is the
  span an analyst can count on. A part word (`مطلع`, `بداية`, `أوائل`, `منتصف`, `أواسط`,
  `أواخر`, `نهاية`, `مستهل`) keeps the precision of the unit it qualifies: `منتصف مارس` is the
  month of March (the 1st), `أواخر 2019` the year 2019; the set has nothing finer.
* Seasons are meteorological (northern hemisphere): ربيع March–May, صيف June–August, خريف
  September–November, شتاء December–February; `شتاء 2012` is the winter that ends in 2012, from
  2011-12-01 (the one holding January and February 2012, which is what writers mean).
* A Hijri month resolves to its 1st day (Umm al-Qura, `transforms.dates.hijri_to_gregorian`)
  and a Hijri year (`1446 هـ`) to 1 Muharram with precision `year` (the span is then the Hijri
  unit, a little shorter than the Gregorian one).
* `resolved_date` is None for a phrase that is a date but does not resolve: an impossible day
  (`31 فبراير 2022`), a Hijri year outside the conversion table, a day or month without a year
  after a noun naming an event (`ثورة 25 يناير`, `هجمات 11 سبتمبر`, `قوى 14 آذار`, `حرب
  أكتوبر`), whose year is not the article's.

Phrases and how they resolve:

* Relative days: `أمس`/`الأمس`/`يوم أمس` (−1), `أمس الأول`/`أول (من) أمس` (−2), `اليوم` (0),
  `غداً`/`يوم الغد` (+1), `بعد غد` (+2), `الليلة الماضية` (−1), after a time of day or not
  (`صباح`, `مساء`, `ظهر`, `فجر`, `ليل`, `بعد ظهر` …), with a weekday after them or not, in
  parentheses or not: `صباح أمس (الأربعاء)`, `اليوم الخميس`. The weekday is a check: when it
  contradicts the relative day, the phrase resolves to that weekday's occurrence nearest to the
  relative day if it is at most 2 days away (aawsat's web pages often carry a later day than
  the print edition the text was written for, so `أمس (الأربعاء)` on a Friday page means that
  Wednesday), else to the relative day (a weekday 3 days off is taken as the writer's slip).
* Weekdays: `الأربعاء`, `يوم الجمعة`, `مساء الجمعة`, `يومي الأربعاء` … without a direction
  word mean the most recent such day on or before `published` (news is told in the past
  tense); `الماضي/الماضية/المنصرم/الفائت` the most recent one strictly before; `المقبل/القادم`
  the next one strictly after. A weekday right before a day and month (`الأحد 15 مارس 2022`) is
  part of that phrase and the explicit date wins.
* Relative weeks, months, years, decades: `الأسبوع الماضي/الجاري/المقبل`, `هذا الأسبوع`,
  `الشهر الماضي`, `الـ15 من الشهر الجاري` (a day), `العام الماضي`, `السنة المقبلة`, `العام قبل
  الماضي` (−2), `هذا العام`, a part word with the bare unit (`بداية العام`, `مطلع الشهر`: the
  current one), `العقد الماضي` (the previous calendar decade); `قبل/منذ` + a count + a unit
  (`قبل أسبوع`, `منذ يومين`, `قبل 3 أيام`, `قبل عامين`): the unit holding `published` minus
  that many units, not when `من`/`على` follows (`قبل يوم من الانتخابات` counts from an event)
  nor before a year (`منذ عام 2011` is a year).
* Named months (Egyptian/Gulf, Levantine and Maghrebi names and the pairs `مارس (آذار)`,
  `فبراير/شباط`, from `transforms.dates`) with a day (`15`, `الـ15`, `الثامن من`), a part word,
  `شهر`, a direction word, a year, or none. Without a year: the most recent such month on or
  before `published`, the current one included (`10 مايو` in a May article is this May, even
  if the 10th is to come); `الماضي` the previous occurrence (with a day: the most recent such
  day strictly before `published`; without: the most recent such month before the current
  one); `الحالي/الجاري` the current year; `المقبل/القادم` the next occurrence; `من العام
  الماضي/المقبل` the year named. A year wins over a direction word (`منتصف مارس (آذار) الماضي
  2022`). A range of days `10 و15 مارس` / `10 - 15 مارس` gives two day phrases (`10`, `15 مارس`).
* Years: after `عام`/`العام`/`سنة`/`عامي` (`عام 2018`, `بعام 2018`, `عامي 2016 و2018` and
  `عام 2016 إلى 2018` → two phrases), after a month, a season or a part word (`أواخر 2019`), in
  parentheses (`(2016 – 2018)` → two year phrases, one per year, so both ends are stored), and
  after `منذ`/`حتى`/`بحلول`/`خلال`/`قبل`/`بعد`/`في` when no counted noun follows (`منذ 2011،`
  is a year, `في 2018 شخصاً` is not). Any other 4-digit number is not a year (`قتل 2000`,
  `القرار 2254`, issue numbers), and a number next to `:` (`15:20`) is a time, never a day.
* Numeric dates `15/3/2022` (day first) and `2022-03-15`; Hijri dates with a day, `شهر`, a
  direction word or a year (`26 جمادى الأولى 1446 هـ`, `شهر رمضان`, `رمضان 1445`), a Hijri year
  with its marker (`1446 هـ`, `عام 1446 هجرية`); seasons with a year or a direction (`صيف 2021`,
  `ربيع العام الماضي`, `الشتاء المقبل`, `هذا الصيف`: the occurrence holding `published`, else
  the nearest); decades (`التسعينيات`, `ثمانينات القرن الماضي`; without a century, the most
  recent such decade that began on or before `published`).

Phrase boundaries: proclitics `و`/`ف` and `ب`/`ل`/`ك` are left out (`وأمس` → `أمس`, `بعام
2018` → `عام 2018`), except `لل` (ل + ال), which stays: `للعام الماضي`. Trailing diacritics and
tatweel belong to the phrase (`غداً`).

Known limits and guards:

* `اليوم` is not a date before an adjective (`اليوم التالي`, `اليوم العالمي`, `صباح اليوم
  الأول`), after `ذلك`/`ذات`/`نفس`/`مثل`/`هذا`, or in a name (`روسيا اليوم`); `غدا` without
  tanween is the verb "became" when a word follows it directly (not punctuation, a time of day
  or a weekday); `الغد` alone ("the future") is not a date. A weekday is not a date after
  `سوق`, `بن`, `أبو`, `عبد`, `الله`, `شارع` … (names), in `الأحد عشر` (eleven), or after
  `بين`/`كلا` (`الاثنين`: "both"). `العام` after a noun it qualifies (`الأمين العام الحالي`,
  `المدير العام السابق`) is not a year.
* Bare month names that are also words (`مارس` "practised", `آب` ~ `أب` "father", `تموز`,
  `نيسان`, `ماي`, `جوان`, `أوت`) need a day, year, direction word, pair, part word, `شهر` or a
  preposition before them (`في`, `منذ`, `خلال` …); bare Hijri months (`رجب`, `شعبان`, `رمضان`
  are also names, `صفر` is zero) need a day, `شهر`, a direction word, a part word or a year.
  An ordinal after `الأسبوع`/`النصف`/`الربع` (`الأسبوع الثاني من مارس`) is not a day: month.
* Vague spans are not phrases: `مؤخراً`, `قبل أيام`, `منذ ساعات`, `الأيام القليلة الماضية`,
  `الأسابيع الماضية`, `منذ سنوات`, `العامين الماضيين`; nor hours (`قبل 48 ساعة`), holidays
  (`عيد الفطر`), Arabic presentation forms (U+FB50–U+FEFF, which need NFKC). A phrase whose
  words are split by runs of white space longer than its rule's window (tens of characters)
  is not found.
* A year-less date in a future-tense sentence (`الخميس` in "the talks open on Thursday") gets
  the past-tense rule: the phrase alone cannot tell.
* The vocabulary (direction words, part words, guards) is small and grammatical, so it lives
  here, spelt as readers write it and folded at import; the month names are `transforms.dates`'s.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick
from hijridate import Gregorian

from transforms.arabic import fold_arabic
from transforms.dates import (
    GREGORIAN_MONTH_NAMES,
    HIJRI_MONTH_NAMES,
    _alternation,
    hijri_to_gregorian,
)

# --- folding with offsets ---------------------------------------------------------------------

_DELETED_CODES = (
    *range(0x064B, 0x0660),  # harakat, tanween, shadda, sukun, hamza marks
    0x0670,  # superscript alef
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E9),
    *range(0x06EA, 0x06EE),  # Quranic marks
    0x0640,  # tatweel
    0x00AD,
    0x061C,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    0x2060,
    *range(0x2066, 0x206A),
    0xFEFF,  # invisible controls (and ZWNJ), as `fold_arabic`
)
_FOLDS = {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"}
_FOLD_PAIRS: tuple[tuple[str, str], ...] = (
    *_FOLDS.items(),
    *((d, str(i)) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")),
    *((d, str(i)) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")),
)
_RE_DELETED = re.compile("[" + "".join(f"\\u{cp:04x}" for cp in _DELETED_CODES) + "]")
_RE_DELETED_RUN = re.compile(f"({_RE_DELETED.pattern}{_RE_DELETED.pattern}*)")  # not `+`: faster
# Marks that belong to the letter before them: a phrase's end takes them in (`غداً`).
_TRAILING_MARKS = frozenset(chr(cp) for cp in (*range(0x064B, 0x0660), 0x0670, 0x0640))
_TANWEEN_FATH = "\u064b"


def fold(text: str) -> str:
    """The folded copy of `text` the patterns run on (marks removed, letters and digits folded)."""
    return _fold_pairs(_RE_DELETED.sub("", text))


def _fold_pairs(text: str) -> str:
    """`text` with its letters and digits folded (`_FOLD_PAIRS`)."""
    # `str.replace` per pair is ~20x faster than `str.translate` with a dict on Arabic text.
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def _fold_and_map(text: str) -> tuple[str, Callable[[int], int]]:
    """`fold(text)` and the map from a position in it to the same character's in `text`."""
    parts = _RE_DELETED_RUN.split(text)  # kept pieces and removed runs alternate
    if len(parts) == 1:
        return _fold_pairs(text), lambda i: i
    # Per removed run, where it was in the folded text and how many were removed up to its end.
    at = [-1, *itertools.accumulate(map(len, parts[0:-1:2]))]
    removed = [0, *itertools.accumulate(map(len, parts[1::2]))]
    return _fold_pairs("".join(parts[0::2])), lambda i: i + removed[bisect.bisect_right(at, i) - 1]


# --- vocabulary ---------------------------------------------------------------------------------
# Written as readers spell them and folded at import (`_fold_words`), so `إلى` and `الى`, `حتى`
# and `حتي` are one word. Patterns below use these folded words.

_L = r"\u0621-\u063a\u0641-\u064a\u066e-\u06d3"  # Arabic letters (folded text: no marks)
_L_CHARS = frozenset(chr(c) for c in (*range(0x0621, 0x063B), *range(0x0641, 0x064B)))
_L_CHARS |= frozenset(chr(c) for c in range(0x066E, 0x06D4))
_NOT_BETWEEN_WORDS = _L_CHARS | frozenset("0123456789")
_B = rf"(?<![{_L}0-9])"  # a word starts here
_E = rf"(?![{_L}])"  # a word ends here


def _fold_words(*groups: Iterable[str]) -> frozenset[str]:
    """The folded forms of words."""
    return frozenset(fold(w) for group in groups for w in group)


def _fold_keys(table: dict[str, int]) -> dict[str, int]:
    """A table with folded keys."""
    return {fold(k): v for k, v in table.items()}


WEEKDAYS = _fold_keys(  # date.weekday(): Monday 0 … Sunday 6
    {
        "الإثنين": 0,
        "الاثنين": 0,
        "الثلاثاء": 1,
        "الثلثاء": 1,
        "الأربعاء": 2,
        "الخميس": 3,
        "الجمعة": 4,
        "السبت": 5,
        "الأحد": 6,
    }
)
_PAST = tuple(_fold_words(("الماضي", "المنصرم", "الفائت", "المنقضي")))
_CURRENT = tuple(_fold_words(("الحالي", "الجاري")))
_NEXT = tuple(_fold_words(("المقبل", "القادم")))
PARTS = _fold_words(("مطلع", "بداية", "أوائل", "منتصف", "أواسط", "أواخر", "نهاية", "مستهل"))
SEASONS = _fold_keys({"ربيع": 3, "صيف": 6, "خريف": 9, "شتاء": 12})  # first month
DECADES = _fold_keys(
    {
        "عشرين": 20,
        "ثلاثين": 30,
        "أربعين": 40,
        "خمسين": 50,
        "ستين": 60,
        "سبعين": 70,
        "ثمانين": 80,
        "تسعين": 90,
    }
)
CENTURIES = _fold_keys(  # century words → first year (-1: the last one, 0: this one)
    {
        "الماضي": -1,
        "المنصرم": -1,
        "العشرين": 1900,
        "التاسع عشر": 1800,
        "الحالي": 0,
        "الجاري": 0,
        "الحادي والعشرين": 2000,
    }
)
TIMES_OF_DAY = _fold_words(
    ("صباح", "صبيحة", "ضحى", "ظهر", "ظهيرة", "عصر", "مساء", "عشية", "ليل", "ليلة", "فجر", "نهار")
)
UNITS: dict[str, tuple[str, int | None]] = {  # word → (unit, the count it says; None: needs one)
    fold(k): v
    for k, v in {
        "يوم": ("day", 1),
        "يوماً": ("day", None),
        "يومين": ("day", 2),
        "أيام": ("day", None),
        "أسبوع": ("week", 1),
        "أسبوعاً": ("week", None),
        "أسبوعين": ("week", 2),
        "أسابيع": ("week", None),
        "شهر": ("month", 1),
        "شهراً": ("month", None),
        "شهرين": ("month", 2),
        "أشهر": ("month", None),
        "شهور": ("month", None),
        "عام": ("year", 1),
        "عاماً": ("year", None),
        "عامين": ("year", 2),
        "أعوام": ("year", None),
        "سنة": ("year", 1),
        "سنتين": ("year", 2),
        "سنوات": ("year", None),
        "سنين": ("year", None),
    }.items()
}
NUMBER_WORDS = _fold_keys(
    {
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "ثماني": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
    }
)
_ORDINAL_UNITS = ("الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
ORDINAL_DAYS = _fold_keys(  # `الثامن من ديسمبر`: the day of the month in words
    {
        "الأول": 1,
        **{w: n for n, w in enumerate(_ORDINAL_UNITS, 2)},
        "العاشر": 10,
        "الحادي عشر": 11,
        **{f"{w} عشر": n for n, w in enumerate(_ORDINAL_UNITS, 12)},
        "العشرين": 20,
        "الحادي والعشرين": 21,
        **{f"{w} والعشرين": n for n, w in enumerate(_ORDINAL_UNITS, 22)},
        "الثلاثين": 30,
        "الحادي والثلاثين": 31,
    }
)
# An ordinal after these counts weeks or halves (`الأسبوع الثاني من مارس`), not days.
NOT_DAY_ORDINAL_AFTER = _fold_words(("الأسبوع", "النصف", "الربع", "الثلث", "اليوم", "الشهر"))
# Month names that are also common words: bare, they need a preposition before them.
WEAK_MONTHS = _fold_words(("مارس", "آب", "ماي", "جوان", "أوت", "تموز", "نيسان"))
MONTH_PREPOSITIONS = _fold_words(
    ("في", "وفي", "منذ", "خلال", "بحلول", "حتى", "قبل", "بعد", "إلى", "طيلة", "طوال", "أثناء")
)
# A day and month without a year after these name an event, not a date of this year.
EVENT_NOUNS = _fold_words(
    ("ثورة", "انتفاضة", "حركة", "قوى", "تيار", "تحالف", "فريق", "هجمات", "هجوم", "أحداث"),
    ("اعتداءات", "حرب", "مجزرة", "مذبحة", "نكسة", "نكبة", "انقلاب"),
)
# A bare year may follow these (`منذ 2011`), and `قبل/منذ` + a count is an offset.
YEAR_PREPOSITIONS = _fold_words(("منذ", "حتى", "بحلول", "خلال", "قبل", "بعد", "في"))
_FROM_AN_EVENT = _fold_words(("من", "على"))  # `قبل يوم من …`: counted from an event
# Words that may follow a bare year after a preposition (anything else may be a counted noun).
AFTER_BARE_YEAR = _fold_words(
    ("و", "وحتى", "وإلى", "حتى", "إلى", "حين", "عندما", "حيث", "في", "على", "من", "ثم", "إذ"),
    ("بعد", "قبل", "لكن", "ولكن", "وما", "م"),
)
NOT_TODAY_AFTER = _fold_words(
    ("التالي", "السابق", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع"),
    ("الثامن", "التاسع", "العاشر", "الأخير", "العالمي", "الوطني", "الدولي", "نفسه", "ذاته"),
    ("عينه", "الذي", "الموعود", "المحدد", "المقرر", "الدراسي", "الانتخابي", "المشهود"),
)
NOT_TODAY_BEFORE = _fold_words(
    ("ذلك", "ذات", "نفس", "مثل", "هذا", "روسيا", "سوريا", "سورية", "مصر", "لبنان", "أخبار"),
)
NOT_WEEKDAY_BEFORE = _fold_words(
    ("سوق", "بن", "ابن", "أبو", "بنت", "أم", "عبد", "آل", "شارع", "حي", "ساحة", "جامع", "مسجد"),
    ("قرية", "بين", "كلا", "الواحد", "الله"),
)
# Nouns that `العام` qualifies as an adjective ("general", "public"): not a year after them.
AAM_ADJECTIVE_AFTER = _fold_words(
    ("الأمين", "المدعي", "النائب", "المدير", "الرأي", "القطاع", "الأمن", "المرشد", "القائد"),
    ("الإضراب", "العفو", "المؤتمر", "المفتش", "المنسق", "المراقب", "الحاكم", "الشأن"),
    ("النظام", "الصالح", "المال", "الدين", "الإنفاق", "الإطار", "الوضع", "المشهد", "الادعاء"),
    ("المزاج", "المناخ", "الاتجاه", "الطابع", "النقل", "التعليم", "الأمانة", "الاتحاد"),
)


def _alt(words: Iterable[str]) -> str:
    """A longest-first alternation of words, folded (a space matches any white space)."""
    folded = sorted({fold(w) for w in words}, key=len)[::-1]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


_GREG_ALT, _GREG_LOOKUP = _alternation(GREGORIAN_MONTH_NAMES)
_HIJRI_ALT, _HIJRI_LOOKUP = _alternation(HIJRI_MONTH_NAMES)
_GREG_LOOKUP_NAMES = [fold(n) for names in GREGORIAN_MONTH_NAMES.values() for n in names]
_HIJRI_LOOKUP_NAMES = [fold(n) for names in HIJRI_MONTH_NAMES.values() for n in names]
_WD = rf"(?:ال|لل)(?:{_alt(w[2:] for w in WEEKDAYS)}){_E}"
_REL = rf"(?:{_alt((*_PAST, *_CURRENT, *_NEXT))})ه?{_E}"
_REL2 = rf"(?:قبل\s+(?:الماضي|المنصرم|الفائت)ه?{_E}|{_REL})"  # `قبل الماضي`: two back
_PART = rf"(?:{_alt(PARTS)}){_E}"
_TOD = rf"(?:(?:قبيل|بعيد|قبل|بعد)\s+)?(?:منتصف\s+)?(?:{_alt(TIMES_OF_DAY)}){_E}(?:\s+يوم{_E})?"
_DAY = r"(?<![0-9])(?<![0-9][.,/:])(?:0?[1-9]|[12][0-9]|3[01])(?![0-9]|[.,/:][0-9])"
_DAY_OR_ORDINAL = rf"(?:{_DAY}|(?:{_alt(ORDINAL_DAYS)})(?=\s+من\s))"
_YEAR = r"(?<![0-9])(?<![0-9][.,/:])[0-9]{4}(?![0-9]|[.,/:][0-9])"  # not in 2.2021 or 15:2021
_HMARK = rf"\s*(?:هجريه|هجري|للهجره|ه){_E}"
_YEAR_WORD = rf"(?:(?:ال|لل)?(?:عام|سنه)|عامي|سنتي){_E}"
_YEAR_REL = rf"(?:(?:ال|لل)(?:عام|سنه)\s+{_REL2}|(?:هذا\s+العام|هذه\s+السنه){_E})"
_PAIR = rf"(?:\s*\(\s*(?:{_GREG_ALT})\s*\)|\s*/\s*(?:{_GREG_ALT}){_E})"
_YEAR_TAIL = (
    rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:ال)?(?:عام|سنه)\s+)?(?P<year>{_YEAR})"
    rf"(?P<hmark>{_HMARK})?(?:\s*م{_E})?)"
)
_MONTH_REL = rf"(?:(?P<rel>{_REL})|من\s+(?P<yrel>{_YEAR_REL}))"
_SEP = rf"\s*(?:[-–—]|{_alt(('و', 'إلى', 'حتى', 'وحتى', 'وإلى'))})\s*"


def _trie(words: Iterable[str]) -> str:
    """A regex that matches where the text begins with one of `words` (literal, no white space),
    written as a trie of their letters: a position that begins none of them fails at once."""
    unique = sorted(set(words))
    kept = [w for w in unique if not any(w != v and w.startswith(v) for v in unique)]

    def emit(group: list[str], depth: int) -> str:
        by_letter: dict[str, list[str]] = {}
        for w in group:
            by_letter.setdefault(w[depth], []).append(w)
        parts = [
            re.escape(c) + emit([w for w in ws if len(w) > depth + 1], depth + 1)
            if len(ws) > 1 or len(ws[0]) > depth + 1
            else re.escape(c)
            for c, ws in by_letter.items()
        ]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(kept, 0)


def _guard(clitics: str, words: Iterable[str], digits: bool = False) -> str:
    """A lookahead that a match of a rule can start here: after the rule's optional `clitics`,
    one of the first words its phrases can begin with (or a digit, `ال` and a digit).

    It says nothing the rule's pattern does not: a rule's pattern with and without its guard
    finds the same matches (tested); it only saves the pattern's many optional parts being tried
    at every word of a window.
    """
    first = [r"[0-9]", r"ال[0-9]"] if digits else []
    return rf"(?={clitics}(?:{'|'.join([*first, _trie(words)])}))"


_TOD_FIRST = ("قبيل", "بعيد", "قبل", "بعد", "منتصف", *TIMES_OF_DAY)
_WD_WORDS = tuple(a + w[2:] for a in ("ال", "لل") for w in WEEKDAYS)
_ORDINAL_FIRST = tuple(k.split()[0] for k in ORDINAL_DAYS)
_ORDINAL_FIRST_AL = (*_ORDINAL_FIRST, *("ال" + w for w in _ORDINAL_FIRST))
_MONTH_FIRST = tuple(
    fold_arabic(n).split()[0] for names in GREGORIAN_MONTH_NAMES.values() for n in names
)
_HIJRI_FIRST = tuple(
    fold_arabic(n).split()[0] for names in HIJRI_MONTH_NAMES.values() for n in names
)
_G_RELATIVE_DAY = _guard(
    "[وف]?(?:[بك](?=ال))?",
    (*_TOD_FIRST, "يوم", "اول", "امس", "الامس", "الليله", "بعد", "غد", "الغد", "اليوم"),
)
_G_WEEKDAY = _guard("[وف]?(?:[بك](?=ال))?", (*_TOD_FIRST, "يوم", *_WD_WORDS))
_G_UNIT_REL = _guard(
    "[وف]?[بك]?",
    (
        *PARTS,
        *_ORDINAL_FIRST_AL,
        *(a + u for a in ("ال", "لل") for u in ("اسبوع", "شهر", "عقد", "عام", "سنه")),
        "هذا",
        "هذه",
    ),
    digits=True,
)
_G_MONTH = _guard(
    "[وف]?[بلك]?",
    ("يوم", *_WD_WORDS, *PARTS, *_ORDINAL_FIRST_AL, "شهر", *_MONTH_FIRST),
    digits=True,
)
_G_HIJRI = _guard("[وف]?[بلك]?", (*_ORDINAL_FIRST, *PARTS, "شهر", *_HIJRI_FIRST), digits=True)
_G_YEAR = _guard(
    "[وف]?[بلك]?",
    (*PARTS, *(a + y for a in ("", "ال", "لل") for y in ("عام", "سنه")), "عامي", "سنتي"),
)
_G_SEASON = _guard(
    "[وف]?[بلك]?", (*PARTS, *(a + w for a in ("", "ال", "لل") for w in SEASONS), "هذا")
)
_G_DECADE = _guard("[وف]?[بلك]?", (*PARTS, *(a + w for a in ("", "ال", "لل") for w in DECADES)))

_RE_RELATIVE_DAY = re.compile(
    rf"{_B}{_G_RELATIVE_DAY}[وف]?(?:[بك](?=ال))?(?P<core>(?:(?P<tod>{_TOD})\s+|(?P<yawm>يوم)\s+)?(?:"
    rf"(?P<m2>اول\s+(?:من\s+)?(?:ال)?امس|(?:ال)?امس\s+الاول)"
    rf"|(?P<m1>(?:ال)?امس|الليله\s+الماضيه)"
    rf"|(?P<p2>بعد\s+(?:ال)?غد)"
    rf"|(?P<p1>غدا|(?:ال)?غد)"
    rf"|(?P<d0>اليوم)"
    rf"){_E}(?:\s*\(\s*(?P<wd>{_WD})\s*\)|\s+(?P<wd2>{_WD}))?)"
)
_RE_WEEKDAY = re.compile(
    rf"{_B}{_G_WEEKDAY}[وف]?(?:[بك](?=ال))?(?P<core>(?:(?P<tod>{_TOD})\s+)?(?:(?P<yawm>يومي?)\s+)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<rel>{_REL}))?)"
)
_RE_UNIT_REL = re.compile(
    rf"{_B}{_G_UNIT_REL}[وف]?[بك]?(?P<core>"
    rf"(?:(?P<part>{_PART})\s+|(?:ال)?(?P<day>{_DAY_OR_ORDINAL})\s+(?:من\s+)?)?"
    rf"(?:(?:ال|لل)(?P<unit>اسبوع|شهر|عقد){_E}(?:\s+(?P<rel>{_REL2}))?"
    rf"|هذا\s+(?P<unit2>الاسبوع|الشهر|العقد){_E}"
    rf"|(?P<yrel>{_YEAR_REL})"
    rf"|(?P<ybare>(?:ال|لل)(?:عام|سنه)){_E}))"
)
_RE_AGO = re.compile(
    rf"{_B}[وف]?(?P<core>(?:قبل|منذ)\s+(?:(?P<n>[0-9]{{1,2}}|{_alt(NUMBER_WORDS)})\s+)?"
    rf"(?P<unit>{_alt(UNITS)}){_E})(?!\s*[0-9])"
)
_RE_MONTH = re.compile(
    rf"{_B}{_G_MONTH}[وف]?[بلك]?(?P<core>"
    rf"(?:(?:يوم\s+)?(?P<wd>{_WD})\s*[،,]?\s*(?=[0-9]))?"
    rf"(?:(?:ال)?(?P<d1>{_DAY}){_SEP}(?=(?:ال)?[0-9]))?"
    rf"(?:(?P<part>{_PART})\s+(?:شهر\s+)?"
    rf"|(?:يوم\s+)?(?:ال)?(?P<day>{_DAY_OR_ORDINAL})\s*(?:من\s+)?(?:شهر\s+)?"
    rf"|(?P<shahr>شهر)\s+)?"
    rf"(?P<month>{_GREG_ALT}){_E}(?P<pair>{_PAIR})?"
    rf"(?:\s+{_MONTH_REL})?{_YEAR_TAIL}?)"
)
_RE_HIJRI = re.compile(
    rf"{_B}{_G_HIJRI}[وف]?[بلك]?(?P<core>"
    rf"(?:(?P<day>{_DAY_OR_ORDINAL})\s*(?:من\s+)?(?:شهر\s+)?|(?P<part>{_PART})\s+(?:شهر\s+)?"
    rf"|(?P<shahr>شهر)\s+)?"
    rf"(?P<month>{_HIJRI_ALT}){_E}(?:\s+{_MONTH_REL})?{_YEAR_TAIL}?)"
)
_RE_YEAR = re.compile(
    rf"{_B}{_G_YEAR}[وف]?[بلك]?(?P<core>(?:(?P<part>{_PART})\s+)?{_YEAR_WORD}\s+(?P<y1>{_YEAR})"
    rf"(?P<h1>{_HMARK})?(?:\s*م{_E})?(?:{_SEP}(?:{_YEAR_WORD}\s+)?(?P<y2>{_YEAR}))?)"
)
_RE_YEAR_AFTER_PART = re.compile(
    rf"{_B}[وف]?[بلك]?(?P<core>(?P<part>{_PART})\s+(?P<y1>{_YEAR})(?:\s*م{_E})?)"
)
_RE_YEAR_AFTER_PREP = re.compile(
    rf"{_B}(?P<prep>[وف]?(?:{_alt(YEAR_PREPOSITIONS)}))\s+"
    rf"(?P<core>(?P<y1>{_YEAR}))(?=\s*(?P<after>[{_L}]+)?)"
)
_RE_YEAR_RANGE = re.compile(rf"\(\s*(?P<y1>{_YEAR})\s*[-–—/]\s*(?P<y2>{_YEAR})\s*\)")
_RE_HIJRI_YEAR = re.compile(rf"(?P<core>(?P<y1>{_YEAR}){_HMARK})")
_RE_SEASON = re.compile(
    rf"{_B}{_G_SEASON}[وف]?[بلك]?(?P<core>(?:(?P<part>{_PART})\s+)?(?:"
    rf"(?P<s1>{_alt(SEASONS)})\s+(?:(?:من\s+)?(?:ال)?(?:عام|سنه)\s+)?(?P<year>{_YEAR})"
    rf"(?:\s*م{_E})?"
    rf"|(?P<s2>{_alt(SEASONS)})\s+(?P<yrel>{_YEAR_REL})"
    rf"|(?:ال|لل)(?P<s3>{_alt(SEASONS)})\s+(?P<rel>{_REL2})"
    rf"|هذا\s+ال(?P<s4>{_alt(SEASONS)}){_E}))"
)
_RE_DECADE = re.compile(
    rf"{_B}{_G_DECADE}[وف]?[بلك]?(?P<core>(?:(?P<part>{_PART})\s+)?(?:ال|لل)?(?P<dec>{_alt(DECADES)})ي?ات"
    rf"{_E}(?:\s+(?:من\s+)?(?:ال)?قرن\s+(?P<cent>{_alt(CENTURIES)}){_E})?)"
)
_RE_NUMERIC = re.compile(
    r"(?<![0-9/.:-])(?P<core>(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})"
    r"|(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2}))(?![0-9/:-])"
)
_RE_NEXT_WORD = re.compile(rf"[^{_L}0-9]*([{_L}]+)")
_RE_ADJACENT_WORD = re.compile(rf"[ \t\u00a0]*[{_L}]")
_RE_SPACES = re.compile(r"\s+")


class DatePhrase(NamedTuple):
    """One date phrase of a text, resolved against the article's day of publication."""

    phrase: str
    start: int
    end: int
    resolved_date: dt.date | None
    precision: str


# What a rule finds: phrases as (folded start, folded end, resolved date, precision).
_Found = tuple[int, int, dt.date | None, str]


class _Context:
    """The text, its folded copy and the publication day shared by the rules of one call."""

    def __init__(self, text: str, published: dt.date) -> None:
        self.text = text
        self.folded, self.to_text = _fold_and_map(text)
        self.published = published

    def prev_word(self, pos: int) -> str:
        """The folded word before `pos`, across spaces and punctuation (not digits); or ''."""
        folded, low = self.folded, max(0, pos - 40)
        while pos > low and folded[pos - 1] not in _NOT_BETWEEN_WORDS:
            pos -= 1
        start = pos
        while start > low and folded[start - 1] in _L_CHARS:
            start -= 1
        return folded[start:pos]

    def next_word(self, pos: int) -> str:
        """The folded word after `pos`, across spaces and punctuation; or ''."""
        m = _RE_NEXT_WORD.match(self.folded, pos, pos + 40)
        return m[1] if m else ""

    def word_follows(self, pos: int) -> bool:
        """True when a word follows `pos` after white space only (no punctuation between)."""
        return _RE_ADJACENT_WORD.match(self.folded, pos) is not None

    def has_tanween(self, start: int, end: int) -> bool:
        """True when the text behind the folded span `[start, end)` carries a tanween fath."""
        a, b = self.to_text(start), self.to_text(end - 1) + 1
        return _TANWEEN_FATH in self.text[a : b + 2]


# --- calendar helpers -------------------------------------------------------------------------


def _date(year: int | None, month: int, day: int) -> dt.date | None:
    """The date if it exists (years 1000-2100), else None."""
    if year is None or not 1000 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by n months."""
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def _monday(d: dt.date) -> dt.date:
    """The Monday of d's ISO week."""
    return d - dt.timedelta(days=d.weekday())


def _direction(rel: str | None) -> int | None:
    """-1 past, 0 current, +1 next, -2 for `قبل الماضي`; None without a direction word."""
    if not rel:
        return None
    if rel.startswith("قبل"):
        return -2
    word = rel.split()[-1]
    word = word if word in _PAST + _CURRENT + _NEXT else word.removesuffix("ه")
    if word in _PAST:
        return -1
    return 0 if word in _CURRENT else 1


def _year_offset(words: str) -> int:
    """The offset from the current year of `العام الماضي`, `هذه السنة`, `العام قبل الماضي` …"""
    if words.startswith("هذ"):
        return 0
    return _direction(words.split(maxsplit=1)[1]) or 0


def _which_year(now: tuple[int, int, int], month: int, day: int | None, way: int | None) -> int:
    """The year of a month (and day) named without a year, seen from `now` (y, m, d)."""
    year, this_month, today = now
    if way == 0:
        return year
    if way is None:  # the most recent such month, the current one included
        return year if month <= this_month else year - 1
    if day is not None:  # the most recent such day strictly before, or the next strictly after
        if way < 0:
            return year if (month, day) < (this_month, today) else year - 1
        return year if (month, day) > (this_month, today) else year + 1
    if way < 0:
        return year if month < this_month else year - 1
    return year if month > this_month else year + 1


def _season_start(name: str, year: int) -> dt.date:
    """First day of a season of a year (winter: the one ending in that year)."""
    first = SEASONS[name]
    return dt.date(year - 1, 12, 1) if first == 12 else dt.date(year, first, 1)


def _season_near(name: str, published: dt.date, way: int) -> dt.date:
    """The season's occurrence before (-1, -2), around (0) or after (+1) published."""
    starts = [_season_start(name, y) for y in range(published.year - 3, published.year + 3)]
    spans = [(s, dt.date(*_add_months(s.year, s.month, 3), 1)) for s in starts]
    if way < 0:
        return [s for s, e in spans if e <= published][way]
    if way > 0:
        return next(s for s, _ in spans if s > published)

    def distance(span: tuple[dt.date, dt.date]) -> int:
        s, e = span
        if s <= published < e:
            return 0
        return (s - published).days if s > published else (published - e).days + 1

    return min(spans, key=distance)[0]


def _hijri_today(published: dt.date) -> tuple[int, int, int] | None:
    """The Umm al-Qura Hijri date (y, m, d) of a Gregorian day, or None outside the table."""
    try:
        h = Gregorian(published.year, published.month, published.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def _key(name: str) -> str:
    """A matched name without its inner white space (the month lookups' key)."""
    return _RE_SPACES.sub("", name)


# --- rules: each turns a match into phrases, or rejects it ------------------------------------


def _day_of(m: re.Match[str], ctx: _Context) -> int | None:
    """The day of the month a match names, in digits or words; None for none (or a week's)."""
    day = m["day"]
    if not day:
        return None
    if day[0].isdigit():
        return int(day)
    if ctx.prev_word(m.start()) in NOT_DAY_ORDINAL_AFTER:
        return None  # `الأسبوع الثاني من مارس`
    return ORDINAL_DAYS[_RE_SPACES.sub(" ", day)]


def _relative_day(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`أمس`, `اليوم`, `غداً`, `صباح أمس (الأربعاء)`, `الليلة الماضية` …"""
    start, end = m.span("core")
    weekday = m["wd"] or m["wd2"]
    if m["d0"] and not weekday:
        if ctx.next_word(end) in NOT_TODAY_AFTER:
            return []  # `اليوم التالي`, `صباح اليوم التالي`: a day of the story
        if not m["tod"] and ctx.prev_word(m.start()) in NOT_TODAY_BEFORE:
            return []  # `ذلك اليوم`, `روسيا اليوم`
    if m["p1"] and not (m["tod"] or weekday):
        if m["p1"] != "غدا" and not m["yawm"]:
            return []  # `الغد` alone is "the future"
        if m["p1"] == "غدا" and not ctx.has_tanween(start, end) and ctx.word_follows(end):
            return []  # the verb "became"
    offset = -2 if m["m2"] else -1 if m["m1"] else 2 if m["p2"] else 1 if m["p1"] else 0
    day = ctx.published + dt.timedelta(days=offset)
    if weekday:
        delta = (WEEKDAYS["ال" + weekday[2:]] - day.weekday() + 3) % 7 - 3  # nearest: -3 … +3
        if abs(delta) <= 2:
            day += dt.timedelta(days=delta)
    return [(start, end, day, "day")]


def _weekday(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`الأربعاء`, `يوم الجمعة`, `الخميس المقبل`, `مساء السبت` …"""
    start, end = m.span("core")
    if not (m["tod"] or m["yawm"] or m["rel"]):
        if ctx.prev_word(m.start()) in NOT_WEEKDAY_BEFORE:
            return []
        if m["wd"].endswith("احد") and ctx.next_word(end) == "عشر":
            return []  # الأحد عشر: eleven
    wanted = WEEKDAYS["ال" + m["wd"][2:]]
    p = ctx.published
    back = (p.weekday() - wanted) % 7
    way = _direction(m["rel"])
    if not way:
        day = p - dt.timedelta(days=back)
    elif way < 0:
        day = p - dt.timedelta(days=back or 7)
    else:
        day = p + dt.timedelta(days=(wanted - p.weekday()) % 7 or 7)
    return [(start, end, day, "day")]


def _unit_rel(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`الأسبوع الماضي`, `الشهر الجاري`, `الـ15 من الشهر الماضي`, `العام المقبل`, `بداية العام`."""
    start, end = m.span("core")
    p = ctx.published
    if m["yrel"] or m["ybare"]:
        if m["day"] or (m["ybare"] and not m["part"]):
            return []  # `العام` alone is not a year
        adjective = not m["part"] and "عام" in (m["yrel"] or "") and "هذ" not in m["yrel"]
        if adjective and ctx.prev_word(m.start()) in AAM_ADJECTIVE_AFTER:
            return []  # `الأمين العام الحالي`: "general"
        offset = _year_offset(m["yrel"]) if m["yrel"] else 0
        return [(start, end, dt.date(p.year + offset, 1, 1), "year")]
    unit = m["unit"] or m["unit2"][2:]
    way = _direction(m["rel"]) if m["unit"] else 0
    if way is None:
        if not m["part"]:
            return []  # `الشهر` alone
        way = 0
    if unit != "شهر" and m["day"]:
        return []
    if unit == "اسبوع":
        return [(start, end, _monday(p) + dt.timedelta(weeks=way), "week")]
    if unit == "عقد":
        return [(start, end, dt.date(p.year // 10 * 10 + 10 * way, 1, 1), "decade")]
    year, month = _add_months(p.year, p.month, way)
    day = _day_of(m, ctx)
    if day:
        return [(start, end, _date(year, month, day), "day")]
    return [(start, end, dt.date(year, month, 1), "month")]


def _ago(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`قبل أسبوع`, `منذ يومين`, `قبل 3 أيام`, `قبل عامين`."""
    start, end = m.span("core")
    unit, implied = UNITS[m["unit"]]
    if m["n"]:
        if implied is not None:
            return []  # `قبل 3 يوم`, `منذ 3 عامين`: not a count
        count = NUMBER_WORDS[m["n"]] if m["n"] in NUMBER_WORDS else int(m["n"])
    elif implied is None:
        return []  # `قبل أيام`, `منذ سنوات`: vague
    else:
        count = implied
    if ctx.next_word(end) in _FROM_AN_EVENT:
        return []  # counted from an event, not from publication
    p = ctx.published
    if unit == "day":
        return [(start, end, p - dt.timedelta(days=count), "day")]
    if unit == "week":
        return [(start, end, _monday(p - dt.timedelta(weeks=count)), "week")]
    if unit == "month":
        return [(start, end, dt.date(*_add_months(p.year, p.month, -count), 1), "month")]
    return [(start, end, _date(p.year - count, 1, 1), "year")]


def _month(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A named Gregorian month with a day, part word, direction word and/or year, or bare."""
    start, end = m.span("core")
    month = _GREG_LOOKUP[_key(m["month"])]
    qualified = m["day"] or m["part"] or m["shahr"] or m["pair"] or m["rel"] or m["yrel"]
    weak = not qualified and not m["year"] and _key(m["month"]) in WEAK_MONTHS
    if weak and ctx.prev_word(m.start()) not in MONTH_PREPOSITIONS:
        return []  # `مارس` "practised", `أب` "father" …
    day = _day_of(m, ctx)
    p = ctx.published
    year: int | None
    if m["year"]:
        year = int(m["year"])
    elif m["yrel"]:
        year = p.year + _year_offset(m["yrel"])
    elif ctx.prev_word(m.start()) in EVENT_NOUNS:
        year = None  # `ثورة 25 يناير`: an event's day, not this year's
    else:
        year = _which_year((p.year, p.month, p.day), month, day, _direction(m["rel"]))
    resolved = _date(year, month, day or 1)
    if m["d1"] and day is not None and int(m["d1"]) < day:
        first = _date(year, month, int(m["d1"]))
        return [(start, m.end("d1"), first, "day"), (m.start("day"), end, resolved, "day")]
    return [(start, end, resolved, "day" if day else "month")]


def _hijri(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A Hijri month with a day, part word, `شهر`, direction word or year."""
    start, end = m.span("core")
    if not (m["day"] or m["part"] or m["shahr"] or m["rel"] or m["yrel"] or m["year"]):
        return []
    month = _HIJRI_LOOKUP[_key(m["month"])]
    day = _day_of(m, ctx)
    precision = "day" if day else "month"
    if m["year"]:
        year = int(m["year"])
    else:
        today = _hijri_today(ctx.published)
        if today is None:
            return [(start, end, None, precision)]
        if m["yrel"]:
            year = today[0] + _year_offset(m["yrel"])
        else:
            year = _which_year(today, month, day, _direction(m["rel"]))
    return [(start, end, hijri_to_gregorian(year, month, day or 1), precision)]


def _year(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`عام 2018`, `عامي 2016 و2018`, `أواخر 2019`, `عام 1446 هـ`."""
    start, end = m.span("core")
    y1 = int(m["y1"])
    hijri = m.re.groupindex.get("h1") is not None and m["h1"] and 1300 <= y1 <= 1600
    first = hijri_to_gregorian(y1, 1, 1) if hijri else _date(y1, 1, 1)
    if first is None and not hijri:
        return []
    if "y2" not in m.re.groupindex or not m["y2"]:
        return [(start, end, first, "year")]
    y2 = int(m["y2"])
    first_end = m.end("h1") if m["h1"] else m.end("y1")
    if hijri or not y1 < y2 <= min(y1 + 100, 2100):
        return [(start, first_end, first, "year")]
    return [(start, first_end, first, "year"), (*m.span("y2"), dt.date(y2, 1, 1), "year")]


def _year_after_prep(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`منذ 2011`, `حتى 2020،`: a bare year after a preposition, no counted noun after it."""
    y1 = int(m["y1"])
    if not 1900 <= y1 <= 2100 or (m["after"] and m["after"] not in AFTER_BARE_YEAR):
        return []
    return [(*m.span("core"), dt.date(y1, 1, 1), "year")]


def _year_range(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`(2016 – 2018)`: one year phrase per end."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not 1800 <= y1 < y2 <= min(y1 + 100, 2100):
        return []
    return [(*m.span("y1"), dt.date(y1, 1, 1), "year"), (*m.span("y2"), dt.date(y2, 1, 1), "year")]


def _hijri_year(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`1446 هـ`: a Hijri year with its marker, to 1 Muharram."""
    y1 = int(m["y1"])
    if not 1300 <= y1 <= 1600:
        return []
    return [(*m.span("core"), hijri_to_gregorian(y1, 1, 1), "year")]


def _season(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`صيف 2021`, `ربيع العام الماضي`, `الشتاء المقبل`, `هذا الصيف`."""
    start, end = m.span("core")
    p = ctx.published
    if m["s1"]:
        year = int(m["year"])
        if not 1000 < year <= 2100:
            return []
        return [(start, end, _season_start(m["s1"], year), "season")]
    if m["s2"]:
        return [(start, end, _season_start(m["s2"], p.year + _year_offset(m["yrel"])), "season")]
    if m["s3"]:
        return [(start, end, _season_near(m["s3"], p, _direction(m["rel"]) or 0), "season")]
    return [(start, end, _season_near(m["s4"], p, 0), "season")]


def _decade(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`التسعينيات`, `ثمانينات القرن الماضي`, `عشرينيات القرن الحالي`."""
    start, end = m.span("core")
    tens = DECADES[m["dec"]]
    this_century = ctx.published.year // 100 * 100
    first = CENTURIES[_RE_SPACES.sub(" ", m["cent"])] if m["cent"] else None
    if first is None:  # the most recent such decade that began on or before published
        century = this_century if this_century + tens <= ctx.published.year else this_century - 100
    else:
        century = {-1: this_century - 100, 0: this_century}.get(first, first)
    return [(start, end, dt.date(century + tens, 1, 1), "decade")]


def _numeric(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """`15/3/2022` (day/month/year, the Arab order) and `2022-03-15`."""
    if m["d"]:
        found = _date(int(m["y"]), int(m["m"]), int(m["d"]))
    else:
        found = _date(int(m["iy"]), int(m["im"]), int(m["id"]))
    return [(*m.span("core"), found, "day")] if found else []


_Handler = Callable[[re.Match[str], _Context], list[_Found]]


@dataclass(frozen=True)
class _Rule:
    """A pattern, what turns its matches into phrases, and where in the text it can match."""

    pattern: re.Pattern[str]
    handler: _Handler
    anchors: tuple[str, ...]  # folded words, one of which every match holds; () = a year
    before: int  # a match starts at most this many characters before its anchor
    after: int  # and ends at most this many after the anchor's start (then the word ends)
    guard: str = ""  # the `_guard` in the pattern (tests compare the pattern without it)


_MONTH_ANCHORS = tuple(sorted({n.split()[0] for n in _GREG_LOOKUP_NAMES}))
# `ذو/ذي القعدة`: the second word, `ذي` is in every `الذي`.
_HIJRI_ANCHORS = tuple(sorted({n.split()[n.startswith("ذ")] for n in _HIJRI_LOOKUP_NAMES}))
# Margins: the longest phrase of each rule around its anchor, plus slack (the month rule's is
# `يوم الأربعاء، الحادي والعشرين من شهر كانون الثاني (يناير) من العام قبل الماضي 2022 م`); a
# test checks that the windows find what a scan of the whole text finds.
_RULES: tuple[_Rule, ...] = (
    _Rule(
        _RE_RELATIVE_DAY,
        _relative_day,
        ("امس", "اليوم", "غد", "الليله"),
        36,
        30,
        _G_RELATIVE_DAY,
    ),
    _Rule(_RE_WEEKDAY, _weekday, tuple(w[2:] for w in WEEKDAYS), 30, 22, _G_WEEKDAY),
    _Rule(_RE_UNIT_REL, _unit_rel, ("اسبوع", "شهر", "عقد", "عام", "سنه"), 32, 24, _G_UNIT_REL),
    _Rule(_RE_AGO, _ago, ("قبل", "منذ"), 4, 26),
    _Rule(_RE_MONTH, _month, _MONTH_ANCHORS, 48, 64, _G_MONTH),
    _Rule(_RE_HIJRI, _hijri, _HIJRI_ANCHORS, 34, 56, _G_HIJRI),
    _Rule(_RE_YEAR, _year, ("عام", "سنه", "سنتي"), 14, 36, _G_YEAR),
    _Rule(_RE_YEAR_AFTER_PART, _year, (), 12, 10),
    _Rule(_RE_YEAR_AFTER_PREP, _year_after_prep, (), 10, 16),
    _Rule(_RE_YEAR_RANGE, _year_range, (), 16, 18),
    _Rule(_RE_HIJRI_YEAR, _hijri_year, (), 1, 16),
    _Rule(_RE_SEASON, _season, tuple(SEASONS), 14, 36, _G_SEASON),
    _Rule(_RE_DECADE, _decade, tuple(DECADES), 14, 40, _G_DECADE),
    _Rule(_RE_NUMERIC, _numeric, (), 8, 12),
)
_RE_YEAR_ANCHOR = re.compile(r"[0-9][0-9][0-9][0-9]")  # twice as fast as [0-9]{4} in `re`
# What may stand before an anchor in its word: proclitics and the article.
_PREFIXES = frozenset(
    c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال")
) | {"لل", "ولل", "فلل"}
# What may follow an anchor in its word: `غداً`, `عامي`, `عامين`, `التسعينيات`.
_SUFFIXES = frozenset({"", "ا", "ي", "ين", "ات", "يات"})


def _anchor_automaton() -> ahocorasick.Automaton:
    """One automaton over every rule's anchors: anchor → (its length, bit mask of rules)."""
    masks: dict[str, int] = {}
    for i, rule in enumerate(_RULES):
        for anchor in rule.anchors:
            assert set(anchor) <= _L_CHARS, anchor  # a word is a run of letters: see `_words`
            masks[anchor] = masks.get(anchor, 0) | 1 << i
    automaton = ahocorasick.Automaton()
    for anchor, mask in masks.items():
        automaton.add_word(anchor, (len(anchor), mask))
    automaton.make_automaton()
    return automaton


def _anchors_in(
    word: str, anchors: ahocorasick.Automaton
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(offset, indexes of its rules) of each anchor of a whole word (a run of letters), in the
    order the anchor automaton reports them: the anchors it holds with a proclitic or article
    before (`_PREFIXES`) and an ending after (`_SUFFIXES`), none inside another word (`طعام`)."""
    found = []
    for last, (length, mask) in anchors.iter(word):
        start = last + 1 - length
        if word[:start] in _PREFIXES and word[last + 1 :] in _SUFFIXES:
            found.append((start, _rules_of(mask)))
    return tuple(found)


def _rules_of(mask: int) -> tuple[int, ...]:
    """The indexes of the rules in a bit mask of `_RULES`."""
    return tuple(i for i in range(len(_RULES)) if mask >> i & 1)


def _build_words() -> ahocorasick.Automaton:
    """One automaton over every word that holds an anchor: the word → (its length, its anchors
    as `_anchors_in` gives them).

    The words are each anchor with each prefix and suffix: a text's anchors are then the words
    this automaton finds with no letter either side, one C pass and a check per word found.
    """
    anchors = _anchor_automaton()
    words = ahocorasick.Automaton()
    for anchor in {a for rule in _RULES for a in rule.anchors}:
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                word = prefix + anchor + suffix
                if word not in words:
                    words.add_word(word, (len(word), _anchors_in(word, anchors)))
    words.make_automaton()
    return words


_WORDS = _build_words()
_YEAR_RULES = tuple(i for i, rule in enumerate(_RULES) if not rule.anchors)


def _anchored_windows(folded: str) -> dict[int, list[tuple[int, int]]]:
    """Per rule, the merged windows of the text around its anchors where its matches can be.

    Rules come in the order their first anchor appears in the text (then by index), the years'
    rules last.
    """
    per_rule: dict[int, list[int]] = {}  # rule → where its anchors start
    size = len(folded)
    letters = _L_CHARS
    for last, (length, anchors) in _WORDS.iter(folded):
        start = last + 1 - length
        if (start and folded[start - 1] in letters) or (
            last + 1 < size and folded[last + 1] in letters
        ):
            continue  # part of a longer word
        for offset, rules in anchors:
            for i in rules:
                starts = per_rule.get(i)
                if starts is None:
                    per_rule[i] = [start + offset]
                else:
                    starts.append(start + offset)
    years = [m.start() for m in _RE_YEAR_ANCHOR.finditer(folded)]
    if years:
        for i in _YEAR_RULES:
            per_rule[i] = years
    windows: dict[int, list[tuple[int, int]]] = {}
    for i, starts in per_rule.items():
        merged: list[tuple[int, int]] = []
        rule = _RULES[i]
        before, after = rule.before, rule.after
        end = -1  # of the last window
        for start in sorted(starts):
            a = max(0, start - before)
            b = folded.find(" ", start + after)
            if b < 0:
                b = size
            if a <= end:
                end = max(b, end)
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((a, b))
                end = b
        windows[i] = merged
    return windows


def find_date_phrases(text: str, published: dt.date) -> list[DatePhrase]:
    """The date phrases of `text`, in order, resolved against the day of publication."""
    if not text:
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = _Context(text, published)
    candidates: dict[tuple[int, int], list[_Found]] = {}
    folded = ctx.folded
    for i, windows in _anchored_windows(folded).items():
        rule = _RULES[i]
        search, handler = rule.pattern.search, rule.handler
        for a, b in windows:
            # `finditer` as a loop of searches: most windows hold no match, and a search that
            # finds none is cheaper than an iterator; no pattern matches the empty string.
            m = search(folded, a, b)
            while m is not None:
                try:
                    found = handler(m, ctx)
                except (ValueError, OverflowError):
                    found = None  # date arithmetic past year 1 or 9999: no article is dated there
                if found:
                    candidates.setdefault((found[0][0], found[-1][1]), found)
                m = search(folded, m.end(), b)
    # The longest claim wins an overlap (`صباح أمس (الأربعاء)` over `الأربعاء`), then the first.
    taken = bytearray(len(ctx.folded))
    chosen: list[_Found] = []
    for (start, end), found in sorted(candidates.items(), key=lambda c: (c[0][0] - c[0][1], c[0])):
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            chosen.extend(found)
    out: list[DatePhrase] = []
    for start, end, resolved, precision in sorted(chosen, key=lambda f: f[0]):
        a = ctx.to_text(start)
        b = ctx.to_text(end - 1) + 1
        while b < len(text) and text[b] in _TRAILING_MARKS:
            b += 1
        out.append(DatePhrase(text[a:b], a, b, resolved, precision))
    return out
