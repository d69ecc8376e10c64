"""Data tests of the gazetteer (`gazetteer.csv`), its place cues and its not-a-place phrases.

They check the contract the matcher relies on: exact columns, OCHA p-codes, every Syrian row in
one governorate, no spelling that names two places unless allowed here with a reason, the
ambiguous names marked `cue`, blocker phrases that really contain a place name, and a builder
(`tools/build_gazetteer.py`) that reproduces the committed file byte for byte.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import subprocess
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from transforms.arabic import clitic_forms, normalize_for_match
from transforms.dictionaries import GAZETTEER_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = list(GAZETTEER_COLUMNS)
GOVERNORATES = {
    "SY01": "دمشق",
    "SY02": "حلب",
    "SY03": "ريف دمشق",
    "SY04": "حمص",
    "SY05": "حماة",
    "SY06": "اللاذقية",
    "SY07": "إدلب",
    "SY08": "الحسكة",
    "SY09": "دير الزور",
    "SY10": "طرطوس",
    "SY11": "الرقة",
    "SY12": "درعا",
    "SY13": "السويداء",
    "SY14": "القنيطرة",
}
NEIGHBOURS = {"LB", "JO", "IQ", "TR", "IL"}
# Spellings allowed to name more than one place, with the reason.
ALLOWED_DUPLICATES = {
    "صوران": ({"gn163913", "gn163915"}, "two towns: Suran in A'zaz (Aleppo) and Suran in Hama"),
    "دمشق وريفها": ({"SY01", "SY03"}, "Damascus and its countryside: both governorates"),
}


def _text(name: str) -> str:
    return resources.files("transforms.data").joinpath(name).read_text("utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


GAZETTEER = _rows("gazetteer.csv")
BY_PCODE = {r["pcode"]: r for r in GAZETTEER}


def names(row: dict[str, str]) -> list[str]:
    """A row's name and variants."""
    return [row["name_ar"], *[v for v in row["variants_ar"].split("|") if v]]


@functools.cache
def index() -> dict[str, frozenset[str]]:
    """Normalised spelling → p-codes of the places it names."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in GAZETTEER:
        for name in names(row):
            out[normalize_for_match(name)].add(row["pcode"])
    return {k: frozenset(v) for k, v in out.items()}


def places_named(spelling: str) -> list[dict[str, str]]:
    """The rows a spelling names (after normalisation)."""
    return [BY_PCODE[p] for p in sorted(index().get(normalize_for_match(spelling), ()))]


def test_columns_are_exact() -> None:
    header = next(csv.reader(io.StringIO(_text("gazetteer.csv"))))
    assert header == COLUMNS


def test_the_fourteen_governorates() -> None:
    rows = {r["pcode"]: r for r in GAZETTEER if r["admin_level"] == "1"}
    assert {p: r["name_ar"] for p, r in rows.items()} == GOVERNORATES
    for pcode, row in rows.items():
        assert row["kind"] == "governorate" and row["governorate_pcode"] == pcode
        assert row["country_code"] == "SY" and row["context"] == "always"
        assert float(row["weight"]) == 1.0
        assert row["latitude"] and row["longitude"]  # the capital's coordinates


def test_syria_itself() -> None:
    syria = BY_PCODE["SY"]
    assert (syria["name_ar"], syria["admin_level"], syria["kind"]) == ("سوريا", "0", "country")
    assert "سورية" in names(syria) and float(syria["weight"]) == 1.0
    adjectives = {normalize_for_match(w) for w in ("السوري", "السوريين", "السوريون", "سوري")}
    assert adjectives.isdisjoint(index())


def test_pcodes_are_unique_and_well_formed() -> None:
    pcodes = [r["pcode"] for r in GAZETTEER]
    assert len(pcodes) == len(set(pcodes))
    pattern = re.compile(r"SY(\d{2}(\d{2})?)?|LB|JO|IQ|TR|IL|gn\d+|x-[a-z0-9]+(-[a-z0-9]+)*")
    for row in GAZETTEER:
        assert pattern.fullmatch(row["pcode"]), row["pcode"]
        if row["pcode"].startswith("gn"):
            assert row["pcode"] == "gn" + row["geonames_id"]
            assert row["latitude"] and row["longitude"]


def test_every_syrian_row_sits_in_one_governorate() -> None:
    for row in GAZETTEER:
        gov, district, level = row["governorate_pcode"], row["district_pcode"], row["admin_level"]
        if row["country_code"] == "SY" and level != "0":
            assert gov in GOVERNORATES, row["pcode"]
            assert not district or (district.startswith(gov) and district in BY_PCODE), row
        else:
            assert gov == "" and district == "", row["pcode"]


def test_the_districts() -> None:
    districts = [r for r in GAZETTEER if r["admin_level"] == "2"]
    assert len(districts) == 62  # OCHA COD-AB admin 2
    for row in districts:
        assert row["kind"] == "district" and re.fullmatch(r"SY\d{4}", row["pcode"])
        assert row["district_pcode"] == row["pcode"]
        assert row["pcode"][:4] == row["governorate_pcode"]
    assert {r["governorate_pcode"] for r in districts} == set(GOVERNORATES)
    assert BY_PCODE["SY0205"]["name_en"] == "Menbij" and BY_PCODE["SY0100"]["name_en"] == "Damascus"


def test_neighbours_are_places_outside_syria() -> None:
    countries = {r["pcode"] for r in GAZETTEER if r["admin_level"] == "0"}
    assert countries == {"SY"} | NEIGHBOURS
    foreign = [r for r in GAZETTEER if r["country_code"] != "SY"]
    assert {r["country_code"] for r in foreign} == NEIGHBOURS
    assert all(float(r["weight"]) == 0.0 for r in foreign)
    assert places_named("بيروت")[0]["country_code"] == "LB"
    assert places_named("سنجار")[0]["country_code"] == "IQ"  # the Syrian Sinjar is dropped


def test_rural_damascus_is_never_damascus() -> None:
    assert index()[normalize_for_match("ريف دمشق")] == {"SY03"}
    assert index()[normalize_for_match("دمشق")] == {"SY01"}
    for row in GAZETTEER:
        if row["pcode"] != "SY03":
            assert normalize_for_match("ريف دمشق") not in map(normalize_for_match, names(row))


@pytest.mark.parametrize(
    ("spelling", "governorate"),
    [
        ("ريف درعا", "SY12"),
        ("ريف حلب", "SY02"),
        ("ريف إدلب", "SY07"),
        ("ريف حماه", "SY05"),
        ("ريف دير الزور", "SY09"),
        ("ديرالزور", "SY09"),
    ],
)
def test_countryside_names_its_governorate(spelling: str, governorate: str) -> None:
    assert [r["pcode"] for r in places_named(spelling)] == [governorate]


def test_no_spelling_names_two_places_unless_allowed() -> None:
    shared = {k: v for k, v in index().items() if len(v) > 1}
    allowed = {normalize_for_match(k): v for k, (v, _why) in ALLOWED_DUPLICATES.items()}
    assert shared == allowed


def test_variants_differ_from_the_name_after_normalisation() -> None:
    for row in GAZETTEER:
        keys = [normalize_for_match(n) for n in names(row)]
        assert len(keys) == len(set(keys)), row["pcode"]
        assert all(keys), row["pcode"]


@pytest.mark.parametrize(
    ("spelling", "governorate", "context"),
    [
        ("جاسم", "SY12", "cue"),
        ("منبج", "SY02", "always"),
        ("القامشلي", "SY08", "always"),
        ("قامشلو", "SY08", "always"),
        ("البوكمال", "SY09", "always"),
        ("تدمر", "SY04", "cue"),
        ("دوما", "SY03", "always"),
        ("سراقب", "SY07", "always"),
        ("جبلة", "SY06", "always"),
        ("بانياس", "SY10", "always"),
        ("الطبقة", "SY11", "cue"),
        ("شهبا", "SY13", "always"),
        ("خان أرنبة", "SY14", "always"),
        ("عفرين", "SY02", "always"),
        ("كوباني", "SY02", "always"),
        ("كوبانى", "SY02", "always"),
        ("عين العرب", "SY02", "always"),
        ("رأس العين", "SY08", "always"),
        ("سري كانيه", "SY08", "always"),
        ("الباب", "SY02", "cue"),
        ("درعا البلد", "SY12", "always"),
        ("مخيم الهول", "SY08", "always"),
        ("مخيم الركبان", "SY04", "always"),
        ("باب الهوى", "SY07", "always"),
        ("معبر نصيب", "SY12", "always"),
        ("مخيم اليرموك", "SY01", "always"),
        ("الغوطة الشرقية", "SY03", "always"),
        ("الجولان", "SY14", "always"),
        ("حماه", "SY05", "always"),
        ("ادلب", "SY07", "always"),
    ],
)
def test_spot_checks(spelling: str, governorate: str, context: str) -> None:
    rows = places_named(spelling)
    assert len(rows) == 1, spelling
    assert (rows[0]["governorate_pcode"], rows[0]["context"]) == (governorate, context)


def test_a_capital_city_is_apart_from_its_governorate() -> None:
    aleppo = places_named("مدينة حلب")[0]
    assert aleppo["geonames_id"] == "170063" and aleppo["governorate_pcode"] == "SY02"
    assert aleppo["district_pcode"] == "SY0200"
    assert places_named("حلب")[0]["pcode"] == "SY02"


@pytest.mark.parametrize(
    "spelling",
    [
        "الباب", "تدمر", "الميادين", "نوى", "الزهراء", "جاسم", "قارة", "التل", "الطبقة",
        "السلمية", "كسب", "الضمير", "الحاضر", "القصير", "أريحا", "نبل", "الراعي", "السفيرة",
    ],
)  # fmt: skip
def test_ambiguous_names_need_a_cue(spelling: str) -> None:
    rows = places_named(spelling)
    assert rows and all(r["context"] == "cue" for r in rows)


@pytest.mark.parametrize(
    "word",
    ["الكرامة", "الجيزة", "المنصورة", "الناصرة", "الحمراء", "الزيارة", "الشجرة", "الحراك",
     "قنوات", "سلوك", "الجلاء", "تالين", "الروضة", "الشام", "اليرموك", "السوري"],
)  # fmt: skip
def test_common_words_and_foreign_names_are_not_syrian_places(word: str) -> None:
    assert [r["pcode"] for r in places_named(word) if r["country_code"] == "SY"] == []


# Every place of the small list this gazetteer replaced (`syria_terms.csv` before it), as it
# was written there (some with their place cue): each must still be found.
OLD_PLACES = (
    "سوريا", "سورية", "دمشق", "حلب", "ريف دمشق", "حمص", "حماة", "اللاذقية", "إدلب", "الحسكة",
    "دير الزور", "ديرالزور", "طرطوس", "الرقة", "درعا", "السويداء", "القنيطرة", "جاسم", "طفس",
    "الصنمين", "نوى", "إنخل", "بصرى الشام", "بصرى", "داعل", "المزيريب", "اليادودة",
    "الشيخ مسكين", "منبج", "عفرين", "نبل", "الزهراء", "مدينة الباب", "أعزاز", "جرابلس",
    "عين العرب", "كوباني", "تل رفعت", "مارع", "دير حافر", "الأتارب", "دارة عزة", "النيرب",
    "معرة النعمان", "خان شيخون", "سراقب", "أريحا", "جسر الشغور", "سرمدا", "حارم", "كفرنبل",
    "سلقين", "الدانا", "تفتناز", "تدمر", "الرستن", "تلكلخ", "القصير", "تلبيسة", "الحولة",
    "القريتين", "مدينة السلمية", "مصياف", "محردة", "السقيلبية", "صوران", "مورك", "اللطامنة",
    "كفرزيتا", "قلعة المضيق", "جبلة", "القرداحة", "الحفة", "صلنفة", "بانياس", "صافيتا",
    "الدريكيش", "القامشلي", "رأس العين", "عامودا", "الدرباسية", "الشدادي", "تل تمر", "المالكية",
    "ديريك", "البوكمال", "الميادين", "العشارة", "الباغوز", "مدينة الطبقة", "تل أبيض", "عين عيسى",
    "شهبا", "صلخد", "خان أرنبة", "مجدل شمس", "دوما", "حرستا", "داريا", "المعضمية",
    "معضمية الشام", "الزبداني", "مضايا", "يبرود", "النبك", "جرمانا", "صيدنايا", "عدرا", "قطنا",
    "قدسيا", "السيدة زينب", "المزة", "جوبر", "باب توما", "القابون", "برزة", "مخيم اليرموك",
    "حوض اليرموك", "الغوطة", "الغوطة الشرقية", "الغوطة الغربية", "القلمون", "الجولان",
    "مرتفعات الجولان", "سد الطبقة", "مطار النيرب", "مطار دمشق", "مطار حلب", "حميميم",
    "قاعدة حميميم", "باب الهوى", "معبر نصيب", "التنف", "الركبان", "مخيم الهول", "حقل العمر",
    "حقل كونيكو", "سجن صيدنايا",
)  # fmt: skip


def test_every_place_of_the_old_term_list_is_carried_over() -> None:
    cues = {normalize_for_match(r["word_ar"]) for r in _rows("place_cues.csv")}
    found = index()
    for place in OLD_PLACES:
        key = normalize_for_match(place)
        first, _, rest = key.partition(" ")
        always = rest in found and all(BY_PCODE[p]["context"] == "always" for p in found[rest])
        assert key in found or (rest in found and (first in cues or always)), place


def test_place_cues() -> None:
    rows = _rows("place_cues.csv")
    assert list(rows[0]) == ["word_ar", "position", "note"]
    assert {r["position"] for r in rows} == {"before", "after"}
    keys = [(normalize_for_match(r["word_ar"]), r["position"]) for r in rows]
    assert len(keys) == len(set(keys))
    for word, position in keys:
        # One word per row, or a two-word border phrase before a country (`الحدود مع`).
        assert word and (" " not in word or (position == "before" and word.endswith(" مع")))
        assert word not in index()  # a cue is never itself a place name
    before = {w for w, p in keys if p == "before"}
    after = {w for w, p in keys if p == "after"}
    assert {"مدينه", "بلده", "في", "من", "الي", "ريف"} <= before
    assert {"شرق", "غربي", "بريف"} <= after


def _contains_place(phrase: str) -> bool:
    words = normalize_for_match(phrase).split()
    for key in index():
        name = key.split()
        for i in range(len(words) - len(name) + 1):
            first_ok = words[i] in clitic_forms(name[0])
            if first_ok and words[i + 1 : i + len(name)] == name[1:]:
                return True
    return False


def test_not_places() -> None:
    rows = _rows("not_places.csv")
    assert list(rows[0]) == ["phrase_ar", "note"] and len(rows) >= 30
    keys = [normalize_for_match(r["phrase_ar"]) for r in rows]
    assert len(keys) == len(set(keys))
    found = index()
    for row, key in zip(rows, keys, strict=True):
        assert row["note"], row["phrase_ar"]
        assert key not in found, row["phrase_ar"]  # a blocker is never a place name itself
        assert _contains_place(row["phrase_ar"]), row["phrase_ar"]  # it must block something


def test_weights_and_contexts() -> None:
    for row in GAZETTEER:
        assert 0.0 <= float(row["weight"]) <= 1.0
        assert row["context"] in ("always", "cue")
        if row["country_code"] == "SY" and row["admin_level"] in ("0", "1", "2"):
            assert row["context"] == "always" and float(row["weight"]) == 1.0
    assert float(places_named("أريحا")[0]["weight"]) < 0.5  # Jericho in most news


def test_builder_reproduces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "gazetteer.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_gazetteer.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    committed = resources.files("transforms.data").joinpath("gazetteer.csv").read_bytes()
    assert out.read_bytes() == committed
