"""Our Arabic normalisation against `pyarabic`, the maintained library it could have used."""

from __future__ import annotations

import pyarabic.araby as araby
import pytest

from transforms.arabic import clean_text, match_tokens, normalize_for_match

SENTENCE = "وَقَالَ الـمـرصد «السّوريّ» إنّ قوات النظام قَصَفت إدلب في آذار ١٠ مايو؛ ﻻ سيما الرقّة"


def test_every_pyarabic_diacritic_is_removed_from_match_keys() -> None:
    for mark in (*araby.TASHKEEL, araby.TATWEEL):
        assert normalize_for_match(f"د{mark}رعا") == "درعا", hex(ord(mark))


def test_pyarabic_hamza_folding_would_split_one_place_into_two_keys() -> None:
    # The reason the project keeps its own folding: both spellings must give one key.
    assert araby.normalize_hamza("إدلب") != araby.normalize_hamza("ادلب")
    assert normalize_for_match("إدلب") == normalize_for_match("ادلب") == "ادلب"


def test_marks_pyarabic_leaves_are_removed_here() -> None:
    superscript_alef = "\u0670"
    assert superscript_alef in araby.strip_tashkeel(f"هٰ{superscript_alef}ذا")
    assert normalize_for_match("هٰذا") == "هذا"
    assert normalize_for_match("ﻻ") == "لا"  # presentation form, by NFKC


def test_stored_text_keeps_letters_and_marks() -> None:
    cleaned = clean_text(SENTENCE)
    assert cleaned is not None
    assert "وَقَالَ" in cleaned and "«السّوريّ»" in cleaned and "١٠" in cleaned
    assert "الـمـرصد" not in cleaned and "المرصد" in cleaned  # only tatweel goes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال «داعش» في بريف درعا", [("قال", "قال"), ("داعش", "داعش"), ("في", "في"),
                                     ("بريف", "بريف"), ("درعا", "درعا")]),
        ("وفقاً لـ«رويترز»، ١٠ مايو", [("وفقا\ue000", "وفقاً"), ("لرويترز", "لـ«رويترز"),
                                     ("10", "١٠"), ("مايو", "مايو")]),
        ("حلبَ، الرقّة.", [("حلب", "حلبَ"), ("الرقه", "الرقّة")]),
    ],
)  # fmt: skip
def test_match_tokens_keep_offsets_into_the_original(
    text: str, expected: list[tuple[str, str]]
) -> None:
    got = [(key, text[start:end]) for key, start, end in match_tokens(text)]
    assert got == expected
