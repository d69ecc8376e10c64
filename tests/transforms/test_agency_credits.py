"""Agency credits and attributions mapped to source ids."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from transforms.agencies import find_agencies, normalize_agency


@pytest.mark.parametrize(
    ("raw", "source_id"),
    [
        ("(أ.ب)", "ap"),
        ("أ.ب", "ap"),
        ("ا ب", "ap"),
        ("أ. ب.", "ap"),
        ("أسوشييتد برس", "ap"),
        ("وكالة «أسوشيتد برس»", "ap"),
        ("AP Photo", "ap"),
        ("(أ.ف.ب)", "afp"),
        ("أ ف ب", "afp"),
        ("ا.ف.ب.", "afp"),
        ("فرانس برس", "afp"),
        ("وكالة الصحافة الفرنسية", "afp"),
        ("AFP", "afp"),
        ("رويترز", "reuters"),
        ("(رويترز)", "reuters"),
        ("ووفقاً لـ«رويترز»", "reuters"),
        ("(إ.ب.أ)", "epa"),
        ("إ ب أ", "epa"),
        ("إيبا", "epa"),
        ("سانا", "sana"),
        ("وكالة الأنباء السورية الرسمية «سانا»", "sana"),
        ("المرصد السوري لحقوق الإنسان", "sohr"),
        ("وأفاد «المرصد السوري»", "sohr"),
        ("د.ب.أ", "dpa"),
        ("(د ب أ)", "dpa"),
        ("الأناضول", "anadolu"),
        ("وكالة الأناضول", "anadolu"),
        ("غيتي", "getty"),
        ("Getty Images", "getty"),
        ("وفقاً لـ«أ.ف.ب»", "afp"),
    ],
)
def test_normalize_agency(raw: str, source_id: str) -> None:
    assert normalize_agency(raw) == source_id


@pytest.mark.parametrize(
    "raw",
    [None, "", "  ", "«الشرق الأوسط» (القاهرة)", "صورة أرشيفية", "كان له أب وأبناء", "الباب"],
)
def test_unknown_is_none(raw: str | None) -> None:
    assert normalize_agency(raw) is None


def test_epa_is_not_ap_plus_a_letter() -> None:
    assert find_agencies("إ.ب.أ") == ["epa"]
    assert find_agencies("د.ب.أ") == ["dpa"]


def test_find_agencies_in_order() -> None:
    assert find_agencies("(أ.ف.ب) - غيتي") == ["afp", "getty"]
    assert find_agencies("AFP / Getty Images") == ["afp", "getty"]
    assert find_agencies("رويترز وأ.ب ورويترز") == ["reuters", "ap"]


def test_agency_table_shape() -> None:
    text = resources.files("transforms.data").joinpath("agencies.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and list(rows[0]) == ["source_id", "name_en", "pattern_ar"]
    ids = {r["source_id"] for r in rows}
    assert {"ap", "afp", "reuters", "epa", "sana", "sohr", "dpa", "anadolu", "getty"} <= ids
    assert all(i.isascii() and i.islower() for i in ids)
    assert all(r["pattern_ar"].strip() and r["name_en"].strip() for r in rows)


def test_gulf_and_iranian_agencies() -> None:
    assert normalize_agency("واس") == "spa"
    assert normalize_agency("وكالة الأنباء السعودية") == "spa"
    assert normalize_agency("إرنا") == "irna"
