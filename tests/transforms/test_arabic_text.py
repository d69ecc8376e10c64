"""Arabic cleaning (stored text) and normalisation (matching keys), in Python and Polars."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.arabic import (
    _fast_table,
    clean_list_expr,
    clean_text,
    clean_text_expr,
    clitic_forms,
    fast_keys,
    fast_keys_many,
    fold_arabic,
    fold_arabic_expr,
    normalize_for_match,
    normalize_for_match_expr,
    to_western_digits,
    to_western_digits_expr,
)

SAMPLES = [
    "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا",
    "ووفقاً لـ«رويترز»،\u00a0شن تحالف\u200b من فصائل\u200f مسلحة  بقيادة هيئة تحرير الشام",
    "  \u202bقُتل في حلب على يد قوات المعارضة\u202c\n",
    "وذكّرت المصادر بأن مدينة جاسم شهدت منتصف مارس (آذار) الماضي 2022",
    "الأربعاء - ٢٥ جمادى الأولى ١٤٤٣ هـ - ٢٩ ديسمبر ٢٠٢١ مـ",
    "می\u200cخواهم",
    "\u200cسوريا\u200c ",
    "ﻻ إله إلا ﷲ",
    "AFP / Getty Images",
    "\ufeff",
    "",
    "   \t ",
    None,
]


def test_clean_keeps_letters_hamza_diacritics_and_punctuation() -> None:
    text = "قُتِلَ مسؤولٌ إسرائيليّ في «آذار»، وشنَّت الطائرات غاراتٍ؟ (أ.ب)"
    assert clean_text(text) == text


def test_clean_removes_tatweel() -> None:
    assert clean_text("ووفقاً لـ«رويترز» في 26 جمادى الأولى 1446 هـ") == (
        "ووفقاً ل«رويترز» في 26 جمادى الأولى 1446 ه"
    )
    assert clean_text("سـوريـــا") == "سوريا"


def test_clean_removes_zero_width_and_bidi_controls() -> None:
    dirty = "\ufeff\u202bقال\u200b الجيش\u200d السوري\u200e\u200f\u2066 إن\u2069\u202c"
    assert clean_text(dirty) == "قال الجيش السوري إن"


def test_clean_turns_unicode_spaces_into_one_space_and_strips() -> None:
    assert clean_text("  درعا\u00a0\u00a0المحطة\u2009\n\tجاسم\u202f ") == "درعا المحطة جاسم"


def test_clean_empty_is_none() -> None:
    assert clean_text("") is None
    assert clean_text(" \u200b\u00a0\u0640 ") is None
    assert clean_text(None) is None


def test_clean_keeps_zwnj_only_between_arabic_letters() -> None:
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_text("\u200cسوريا\u200c و\u200c ") == "سوريا و"
    assert clean_text("Syria\u200cسوريا") == "Syriaسوريا"


def test_clean_composes_to_nfc() -> None:
    # alef + combining hamza above is the same letter as precomposed أ
    assert clean_text("\u0627\u0654حمد") == "أحمد"


@pytest.mark.parametrize("text", SAMPLES)
def test_polars_twins_match_python(text: str | None) -> None:
    df = pl.DataFrame({"s": [text]}, schema={"s": pl.String})
    out = df.select(
        clean=clean_text_expr(pl.col("s")),
        key=normalize_for_match_expr(pl.col("s")),
        fold=fold_arabic_expr(pl.col("s")),
        digits=to_western_digits_expr(pl.col("s")),
    ).row(0, named=True)
    assert out["clean"] == clean_text(text)
    assert out["key"] == (normalize_for_match(text) if text is not None else None)
    assert out["fold"] == (fold_arabic(text) if text is not None else None)
    assert out["digits"] == (to_western_digits(text) if text is not None else None)


def test_clean_list_expr_cleans_elements_and_drops_empty_ones() -> None:
    df = pl.DataFrame(
        {"p": [["  شهدت مدينة جاسم ", "\u200b", "", "سـوريا"], [], None]},
        schema={"p": pl.List(pl.String)},
    )
    out = df.select(clean_list_expr(pl.col("p"))).get_column("p").to_list()
    assert out == [["شهدت مدينة جاسم", "سوريا"], [], None]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("أحمد", "احمد"),
        ("إدلب", "ادلب"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("حماة", "حماه"),
        ("قُتِلَ", "قتل"),
        ("سـوريـا", "سوريا"),
        ("ووفقاً لـ«رويترز»", "ووفقا لرويترز"),
        ("حمص،حماة؛ (درعا)", "حمص حماه درعا"),
        ("«الشرق الأوسط» (القاهرة)", "الشرق الاوسط القاهره"),
        ("٢٨ نوفمبر ٢٠٢٤", "28 نوفمبر 2024"),
        ("Getty Images", "getty images"),
    ],
)
def test_normalize_for_match(raw: str, key: str) -> None:
    assert normalize_for_match(raw) == key


def test_fold_keeps_punctuation_needed_by_parsers() -> None:
    assert fold_arabic("نُشر: 15:20-28 نوفمبر [١٦٨٠٤]") == "نشر: 15:20-28 نوفمبر [16804]"


def test_to_western_digits_both_digit_sets() -> None:
    assert to_western_digits("٢٨ تشرين الثاني ٢٠٢٤") == "28 تشرين الثاني 2024"
    assert to_western_digits("۱۴۰۳/۰۹/۰۸") == "1403/09/08"


def test_clitic_forms() -> None:
    definite = clitic_forms("الرقه")
    assert {"الرقه", "والرقه", "بالرقه", "للرقه", "وللرقه", "فبالرقه", "كالرقه"} <= definite
    assert "لالرقه" not in definite
    bare = clitic_forms("حلب")
    assert {"حلب", "وحلب", "بحلب", "لحلب", "وبحلب"} <= bare
    assert "الحلب" not in bare


def test_exprs_keep_the_input_column_name() -> None:
    df = pl.DataFrame({"headline": [" سـوريا ", ""], "tags": [["  حلب", ""], None]})
    out = df.with_columns(clean_text_expr(pl.col("headline")), clean_list_expr(pl.col("tags")))
    assert out.columns == ["headline", "tags"]
    assert out.get_column("headline").to_list() == ["سوريا", None]
    assert out.get_column("tags").to_list() == [["حلب"], None]


# --- fast keys: one translation per text and the map back to its offsets ----------------------

_KEY_PARTS = [
    "درعا", "«داعش»", "لـ«رويترز»", "ريفِ", "دمشقَ", "أ.ف.ب", "١٠", "ـ", "\u064b", "\u200c", " ",
    "  ", "، ", ".\n\n", "(", ")", "AFP", "درعاً", "\u00a0",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KEY_PARTS), max_size=16).map("".join))
def test_fast_keys_map_each_key_character_to_the_one_it_comes_from(text: str) -> None:
    found = fast_keys(text)
    assert found is not None
    keys, key_map = found
    assert keys.startswith(" ") and keys.endswith(" ") and "  " not in keys
    table = _fast_table()[0]
    offsets = [key_map(i) for i, c in enumerate(keys) if c != " "]
    assert offsets == sorted(set(offsets))  # each key character from its own text character
    for i, c in enumerate(keys):
        if c != " ":
            assert table[ord(text[key_map(i)])] == c


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_KEY_PARTS), max_size=8).map("".join), max_size=6))
def test_fast_keys_of_a_batch_are_those_of_each_text(texts: list[str]) -> None:
    for text, got in zip(texts, fast_keys_many([*texts]), strict=True):
        one = fast_keys(text)
        assert got is not None and one is not None
        assert got[0] == one[0]
        assert [got[1](i) for i in range(len(got[0]))] == [one[1](i) for i in range(len(one[0]))]


def test_fast_keys_leave_texts_with_ligatures_to_the_word_by_word_path() -> None:
    assert fast_keys("ﻻ إله إلا ﷲ") is None
    assert fast_keys_many(["ﻻ إله", None, "درعا"])[0] is None
