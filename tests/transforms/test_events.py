"""Mapping conflict events to the gazetteer and the actor dictionary: name variants, districts
within their governorate, actors resolved by the event date, and rows rejected with reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from schemas.events import ConflictEventModel
from schemas.validate import split_valid
from sources.events import read_event_file
from transforms.dictionaries import stale_manifest
from transforms.events import (
    actor_patterns,
    fold_name,
    map_events,
    parse_event_date,
    place_index,
    resolve_actor,
    resolve_district,
    resolve_governorate,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def mapped(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], list[int]]:
    """(events by id, checks by event id or row, rejected rows) of a sample file."""
    file = read_event_file(path)
    result = map_events(
        file.rows.iter_rows(named=True),
        file.format,
        source_file=str(path),
        imported_at=NOW,
        dictionary_version="test",
    )
    events = {e["event_id"]: e for e in result.events.iter_rows(named=True)}
    checks = {r.event_id or f"row {r.row}": r.checks for r in result.rejects}
    return events, checks, [r.row for r in result.rejects]


@pytest.mark.parametrize(
    ("names", "pcode"),
    [
        (["Dar'a", "Daraa", "Deraa", "Dar’a governorate", "DARAA"], "SY12"),
        (["Idleb", "Idlib", "Idlib governorate", "idlib province"], "SY07"),
        (
            [
                "Deir-ez-Zor",
                "Dayr az Zawr",
                "Deir ez-Zor",
                "Deir el-Zor",
                "Dayr az Zawr governorate",
            ],
            "SY09",
        ),
        (
            ["Rif Dimashq", "Rural Damascus", "Damascus Countryside", "Rif Dimashq governorate"],
            "SY03",
        ),
        (["Al-Hasakeh", "Hasakah", "Al Hasakah", "al-Hasakah governorate"], "SY08"),
        (["Ar-Raqqa", "Raqqa", "Ar Raqqah"], "SY11"),
        (["Lattakia", "Latakia", "Al Ladhiqiyah governorate"], "SY06"),
        (["Tartous", "Tartus"], "SY10"),
        (["As-Sweida", "As Suwayda", "Sweida", "As Suwayda' governorate"], "SY13"),
        (["Quneitra", "Al Qunaytirah"], "SY14"),
        (["Hama", "Hamah governorate"], "SY05"),
        (["Homs", "Hims"], "SY04"),
        (["Aleppo", "Halab", "Aleppo governorate"], "SY02"),
        (["Damascus", "Dimashq"], "SY01"),
    ],
)
def test_governorate_variants(names: list[str], pcode: str) -> None:
    assert {name: resolve_governorate(name) for name in names} == dict.fromkeys(names, pcode)


def test_folding_drops_case_accents_punctuation_articles_and_admin_words() -> None:
    assert fold_name("Deir-ez-Zor governorate") == fold_name("deir EZ zor") == "deirzor"
    assert fold_name("Jisr-Ash-Shugur district") == fold_name("Jisr Ash Shugur") == "jisrshugur"
    assert fold_name("Ḥamā") == "hama"
    assert fold_name("A'zaz") == fold_name("A‘zaz") == "azaz"
    assert resolve_governorate("Rif Damascus") == "SY03"
    assert resolve_governorate("Damascus") == "SY01"  # not its countryside


def test_unknown_or_missing_admin_names_resolve_to_nothing() -> None:
    assert resolve_governorate("Mount Hermon Region") is None
    assert resolve_governorate("Al Anbar governorate") is None
    assert resolve_governorate("") is None and resolve_governorate(None) is None
    assert resolve_governorate("Al") is None  # folds to nothing


def test_districts_are_found_within_their_governorate_only() -> None:
    assert resolve_district("SY07", "Jisr-Ash-Shugur district") == "SY0704"
    assert resolve_district("SY07", "Jisr al-Shughur") == "SY0704"
    assert resolve_district("SY02", "Jebel Saman") == "SY0200"
    assert resolve_district("SY02", "Jabal Sam'an district") == "SY0200"
    assert resolve_district("SY04", "Homs") == "SY0401"  # the city's district, not SY04
    assert resolve_district("SY03", "Markaz Rif Dimashq") == "SY0301"
    assert resolve_district("SY06", "Jablah district") == "SY0602"
    assert resolve_district("SY07", "Jablah") is None  # Jablah is in Lattakia
    assert resolve_district("SY02", "Nowhere") is None
    assert resolve_district("SY02", None) is None


def test_every_name_of_the_place_file_resolves_where_it_says() -> None:
    index = place_index()
    assert set(index.governorates.values()) == {f"SY{n:02d}" for n in range(1, 15)}
    districts = {pcode for (_, _), pcode in index.districts.items()}
    assert len(districts) >= 60  # every district of the gazetteer has its OCHA name at least
    for (governorate, _), district in index.districts.items():
        assert district.startswith(governorate)


@pytest.mark.parametrize(
    ("publisher", "name", "day", "actor_id"),
    [
        ("acled", "Military Forces of Syria (2000-2024)", "2024-11-30", "syrian_gov_assad"),
        ("acled", "Military Forces of Syria (2024-)", "2025-03-07", "syrian_gov_transitional"),
        ("acled", "Police Forces of Syria (2024-)", "2025-03-07", "syrian_gov_transitional"),
        ("acled", "HTS: Hayat Tahrir al-Sham", "2024-11-27", "hts"),
        ("acled", "SDF: Syrian Democratic Forces", "2025-01-20", "sdf"),
        ("acled", "Islamic State (Syria)", "2025-01-20", "isis"),
        ("acled", "Military Forces of Russia (2000-)", "2024-11-30", "russia"),
        ("acled", "Military Forces of Turkey (2023-)", "2024-12-15", "turkey"),
        ("acled", "Military Forces of Israel (2022-)", "2025-07-16", "israel"),
        ("acled", "Hezbollah", "2024-09-23", "hezbollah"),
        ("acled", "SNA: Syrian National Army", "2024-12-15", "sna"),
        ("acled", "military forces of  SYRIA (2000-2024)", "2024-01-01", "syrian_gov_assad"),
        ("ucdp-ged", "Government of Syria", "2024-12-08", "syrian_gov_assad"),
        ("ucdp-ged", "Government of Syria", "2024-12-09", "syrian_gov_transitional"),
        ("ucdp-ged", "Syrian insurgents", "2023-10-05", "syrian_opposition"),
        ("ucdp-ged", "HTS", "2024-11-28", "hts"),
        ("ucdp-ged", "IS", "2024-03-14", "isis"),
        ("ucdp-ged", "SDF", "2024-03-14", "sdf"),
        ("ucdp-ged", "Government of Turkey", "2024-12-25", "turkey"),
    ],
)
def test_actor_names(publisher: str, name: str, day: str, actor_id: str) -> None:
    assert resolve_actor(publisher, name, dt.date.fromisoformat(day)) == actor_id


def test_unknown_actors_and_other_publishers_names_give_nothing() -> None:
    day = dt.date(2025, 1, 1)
    assert resolve_actor("acled", "Civilians (Syria)", day) is None
    assert resolve_actor("acled", "Unidentified Armed Group (Syria)", day) is None
    assert resolve_actor("ucdp-ged", "Military Forces of Syria (2000-2024)", day) is None
    assert resolve_actor("acled", "IS", day) is None  # UCDP's short name, not ACLED's
    assert resolve_actor("ucdp-ged", "ISIS fighters", day) is None  # whole names only


def test_actor_patterns_name_known_ids_for_both_publishers() -> None:
    patterns = actor_patterns()
    assert {p.publisher for p in patterns} == {"acled", "ucdp-ged"}
    assert len(patterns) >= 40


@pytest.mark.parametrize(
    ("value", "publisher", "expected"),
    [
        ("2024-12-08", "acled", dt.date(2024, 12, 8)),
        ("08 December 2024", "acled", dt.date(2024, 12, 8)),
        ("8 December 2024", "acled", dt.date(2024, 12, 8)),
        ("8-Dec-2024", "acled", dt.date(2024, 12, 8)),
        ("2024-12-08 00:00:00.000", "ucdp-ged", dt.date(2024, 12, 8)),
        ("2024-12-08", "ucdp-ged", dt.date(2024, 12, 8)),
        ("08 December 2024", "ucdp-ged", None),  # UCDP writes ISO dates
        ("31 February 2025", "acled", None),
        ("2024-13-02", "ucdp-ged", None),
        ("08 Decembre 2024", "acled", None),
        ("12/08/2024", "acled", None),
        ("", "acled", None),
        (None, "acled", None),
    ],
)
def test_event_dates(value: str | None, publisher: str, expected: dt.date | None) -> None:
    assert parse_event_date(value, publisher) == expected


def test_acled_sample_maps_and_rejects_with_reasons() -> None:
    events, checks, rows = mapped(DATA / "acled_syria_2024_2025.csv")
    assert sorted(events) == [
        *(f"SYR12000{n}" for n in range(1, 7)),
        *(f"SYR13000{n}" for n in range(1, 7)),
        "SYR130011",  # passes the mapping; the model rejects its coordinates and fatalities
    ]
    aleppo = events["SYR120002"]
    assert (aleppo["governorate_pcode"], aleppo["district_pcode"]) == ("SY02", "SY0200")
    assert (aleppo["governorate_name"], aleppo["district_name"]) == ("Aleppo", "Jebel Saman")
    assert aleppo["actor_ids"] == ["hts", "syrian_gov_assad", "russia"]
    assert aleppo["actors_published"] == [
        "HTS: Hayat Tahrir al-Sham",
        "Military Forces of Syria (2000-2024)",
        "Military Forces of Russia (2000-)",
    ]
    assert aleppo["event_date"] == dt.date(2024, 11, 29)
    assert (aleppo["fatalities_low"], aleppo["fatalities_best"], aleppo["fatalities_high"]) == (
        15,
        15,
        15,
    )
    jableh = events["SYR130001"]
    assert jableh["actor_ids"] == ["syrian_gov_transitional"]  # civilians have no id
    assert jableh["sub_event_type"] == "Attack" and jableh["event_date_end"] is None
    assert events["SYR120005"]["district_pcode"] == "SY0301"  # Markaz Rif Dimashq
    assert events["SYR120004"]["actor_ids"] == ["hts"]
    assert checks == {
        "SYR130007": ["bad_date"],
        "SYR130008": ["unknown_governorate"],
        "SYR130010": ["malformed_row"],
        "SYR130009": ["non_numeric_fatalities"],
        "row 19": ["missing_event_id"],
    }
    assert rows == [15, 16, 17, 18, 19]  # data rows of the file, from 1


def test_ucdp_sample_maps_and_rejects_with_every_reason() -> None:
    events, checks, _ = mapped(DATA / "ucdp_ged_syria.csv")
    assert sorted(events) == [
        "512301", "512302", "512303", "512304", "512305", "512306", "512307", "512308", "512312",
    ]  # fmt: skip
    idlib = events["512301"]
    assert (idlib["governorate_pcode"], idlib["district_pcode"]) == ("SY07", "SY0700")
    assert idlib["event_type"] == "state-based conflict"
    assert idlib["actor_ids"] == ["syrian_gov_assad", "syrian_opposition"]
    assert (idlib["geo_precision"], idlib["date_precision"]) == (1, 1)
    assert idlib["location"] == "Idlib town"
    aleppo = events["512304"]
    assert (aleppo["fatalities_low"], aleppo["fatalities_best"], aleppo["fatalities_high"]) == (
        35,
        40,
        61,
    )
    assert aleppo["event_date_end"] == dt.date(2024, 11, 30)
    assert events["512305"]["actor_ids"] == ["syrian_gov_transitional", "isis"]  # after the fall
    assert events["512305"]["district_pcode"] == "SY0405"  # Tadmur → Tadmor
    assert events["512306"]["governorate_pcode"] == "SY06"
    assert events["512307"]["actor_ids"] == []  # Druze militias, Bedouin tribes: no id
    assert events["512307"]["event_type"] == "non-state conflict"
    assert events["512302"]["event_type"] == "one-sided"
    assert checks == {
        "512309": ["unknown_governorate"],
        "512310": ["bad_date", "bad_date"],
        "row 13": ["missing_event_id"],
        "512311": ["non_numeric_fatalities"],
        "512301": ["duplicate_event_id"],
        "512313": ["missing_governorate"],
    }


def test_a_row_with_several_faults_is_rejected_with_all_of_them() -> None:
    row = {
        "row": 1,
        "problem": None,
        "event_id_cnty": None,
        "event_date": "30 Febtober 2024",
        "admin1": "Atlantis",
        "latitude": "north",
        "longitude": "36.2",
        "fatalities": "",
        "event_type": "Battles",
        "country": "Syria",
    }
    result = map_events([row], "acled", source_file="x", imported_at=NOW, dictionary_version="t")
    assert result.events.height == 0
    (reject,) = result.rejects
    assert reject.checks == [
        "missing_event_id",
        "bad_date",
        "unknown_governorate",
        "missing_fatalities",
        "bad_coordinates",
    ]
    assert reject.columns == ["event_id_cnty", "event_date", "admin1", "fatalities", "latitude"]
    assert "unknown_governorate: 'Atlantis'" in reject.reason


def test_mapped_events_pass_the_model_except_the_ones_it_must_reject() -> None:
    file = read_event_file(DATA / "acled_syria_2024_2025.csv")
    result = map_events(
        file.rows.iter_rows(named=True),
        "acled",
        source_file="f",
        imported_at=NOW,
        dictionary_version="t",
    )
    valid, rejected = split_valid(ConflictEventModel, result.events.drop("row"))
    assert valid.height == 12
    (bad,) = rejected.iter_rows(named=True)
    assert result.events["event_id"][bad["row"]] == "SYR130011"
    assert set(bad["columns"]) == {
        "latitude",
        "fatalities_best",
        "fatalities_low",
        "fatalities_high",
    }


def base_event(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": "acled",
        "event_id": "SYR1",
        "event_date": dt.date(2025, 3, 7),
        "event_date_end": None,
        "governorate_pcode": "SY06",
        "governorate_name": "Lattakia",
        "district_pcode": "SY0602",
        "district_name": "Jablah",
        "admin1": "Lattakia",
        "admin2": "Jablah",
        "location": "Jableh",
        "latitude": 35.3614,
        "longitude": 35.9256,
        "geo_precision": 1,
        "date_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor_ids": ["syrian_gov_transitional"],
        "actors_published": ["Military Forces of Syria (2024-)"],
        "fatalities_best": 3,
        "fatalities_low": 3,
        "fatalities_high": 3,
        "notes": None,
        "imported_at": NOW,
        "source_file": "f.csv",
        "dictionary_version": "t",
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        ({"district_pcode": "SY0704"}, "district_in_governorate"),
        ({"governorate_pcode": "SY15"}, "isin"),
        ({"actor_ids": ["syrian_gov_transitional", "martians"]}, "actors_known"),
        ({"fatalities_low": 4}, "fatalities_ordered"),
        ({"fatalities_high": 2}, "fatalities_ordered"),
        ({"fatalities_best": -1, "fatalities_low": -1}, "greater_than_or_equal_to(0)"),
        ({"longitude": 44.4}, "less_than_or_equal_to(42.6)"),
        ({"event_date": dt.date(2026, 2, 1)}, "not_in_future"),
        ({"event_date_end": dt.date(2025, 3, 6)}, "end_after_start"),
        ({"event_date": dt.date(1988, 12, 31)}, "greater_than_or_equal_to(1989-01-01)"),
    ],
)
def test_the_model_rejects_impossible_events(overrides: dict[str, Any], check: str) -> None:
    frame = pl.DataFrame([base_event(), base_event(event_id="SYR2", **overrides)])
    valid, rejected = split_valid(ConflictEventModel, frame)
    assert valid["event_id"].to_list() == ["SYR1"]
    assert rejected["row"].to_list() == [1]
    assert any(check in c for c in rejected["checks"][0]), rejected["checks"][0]


def test_the_new_dictionaries_are_stamped_in_the_manifest() -> None:
    assert not {"event_places.csv", "event_actors.csv"} & set(stale_manifest())
