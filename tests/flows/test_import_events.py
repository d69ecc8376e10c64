"""The import-events flow end to end: ACLED and UCDP GED exports into `conflict_events`, with
quarantine rows (stage `events`) and a `runs` row; a re-import adds nothing, a newer export
updates, a file in the wrong encoding stops the import before anything is written."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.events import import_events_flow
from sources.events import EventFileError
from warehouse.catalog import connect

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
ACLED = DATA / "acled_syria_2024_2025.csv"
ACLED_UPDATE = DATA / "acled_syria_update_bom.csv"
UCDP = DATA / "ucdp_ged_syria.csv"
CP1256 = DATA / "acled_arabic_cp1256.csv"


def rows(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    con = connect(data_dir, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def scalar(data_dir: Path, sql: str) -> Any:
    return rows(data_dir, sql)[0][0]


def test_import_reimport_update_and_a_second_publisher(
    prefect_harness: None, tmp_path: Path
) -> None:
    data = tmp_path / "wh"
    first = import_events_flow(files=[str(ACLED)], data_dir=str(data))
    assert first["status"] == "completed"
    assert first["counts"] == {
        "read": 20,
        "other_countries": 2,
        "new": 12,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 6,
    }
    assert scalar(data, "SELECT count(*) FROM conflict_events") == 12
    quarantined = rows(
        data,
        "SELECT stage, article_id, checks, url FROM quarantine WHERE stage = 'events' ORDER BY url",
    )
    assert len(quarantined) == 6
    assert {r[0] for r in quarantined} == {"events"}
    by_id = {r[1]: r[2] for r in quarantined}
    assert by_id["acled:SYR130007"] == ["bad_date"]
    assert by_id["acled:SYR130008"] == ["unknown_governorate"]
    assert by_id[None] == ["missing_event_id"]
    # Every failed check of the model, not only the first.
    assert set(by_id["acled:SYR130011"]) == {
        "greater_than_or_equal_to(32.1)",  # latitude 30.5: south of Syria
        "greater_than_or_equal_to(0)",  # fatalities -2
    }
    assert all(r[3].startswith(ACLED.resolve().as_uri() + "#row=") for r in quarantined)
    run = rows(
        data,
        "SELECT flow, source, status, discovered, loaded, unchanged, quarantined, skipped "
        f"FROM runs WHERE run_id = '{first['run_id']}'",
    )
    assert run == [("import-events", "acled", "completed", 20, 12, 0, 6, 2)]

    again = import_events_flow(files=[str(ACLED)], data_dir=str(data))
    assert again["counts"]["new"] == again["counts"]["updated"] == 0
    assert again["counts"]["unchanged"] == 12 and again["counts"]["quarantined"] == 6
    assert again["message"] == "nothing new: every event is already in the warehouse"
    assert scalar(data, "SELECT count(*) FROM conflict_events") == 12
    assert scalar(data, "SELECT count(*) FROM quarantine WHERE stage = 'events'") == 6

    newer = import_events_flow(files=[str(ACLED_UPDATE)], format="acled", data_dir=str(data))
    assert newer["counts"] == {
        "read": 5,
        "other_countries": 1,
        "new": 1,
        "updated": 1,
        "unchanged": 2,
        "quarantined": 0,
    }
    revised = rows(
        data,
        "SELECT fatalities_best, source_file, event_date FROM conflict_events "
        "WHERE event_id = 'SYR120001'",
    )
    assert revised == [(25, str(ACLED_UPDATE.resolve()), dt.date(2024, 11, 27))]
    kept = scalar(data, "SELECT source_file FROM conflict_events WHERE event_id = 'SYR120002'")
    assert kept == str(ACLED.resolve())  # unchanged: not rewritten
    assert scalar(data, "SELECT count(*) FROM conflict_events") == 13

    ucdp = import_events_flow(files=[str(UCDP)], data_dir=str(data))
    assert ucdp["counts"] == {
        "read": 17,
        "other_countries": 2,
        "new": 8,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 7,
    }
    ordered = scalar(data, "SELECT checks FROM quarantine WHERE article_id = 'ucdp-ged:512312'")
    assert ordered == ["fatalities_ordered"]
    assert rows(
        data,
        "SELECT source, count(*) FROM conflict_events GROUP BY ALL ORDER BY 1",
    ) == [("acled", 13), ("ucdp-ged", 8)]
    # The runs of this flow reconcile like every other flow's.
    assert (
        scalar(
            data,
            "SELECT count(*) FROM runs WHERE flow = 'import-events' AND discovered <> "
            "loaded + unchanged + quarantined + failed + gone + skipped + deferred",
        )
        == 0
    )
    checks = rows(
        data,
        "SELECT check_name, status FROM dq_results "
        f"WHERE run_id = '{ucdp['run_id']}' ORDER BY check_name",
    )
    assert ("duplicate_event_keys", "pass") in checks
    assert ("quarantine_rate", "warn") in checks  # 7 of 15 Syria rows


def test_a_file_in_the_wrong_encoding_stops_the_import_with_nothing_written(
    prefect_harness: None, tmp_path: Path
) -> None:
    data = tmp_path / "wh"
    with pytest.raises(EventFileError, match=r"acled_arabic_cp1256\.csv: not UTF-8"):
        import_events_flow(files=[str(ACLED), str(CP1256)], data_dir=str(data))
    assert not (data / "catalog.sqlite").exists()  # not even opened


def test_older_and_newer_export_in_one_command_end_with_the_newer_figures(
    prefect_harness: None, tmp_path: Path
) -> None:
    data = tmp_path / "wh"
    summary = import_events_flow(files=[str(ACLED), str(ACLED_UPDATE)], data_dir=str(data))
    assert summary["counts"]["new"] == 13 and summary["counts"]["updated"] == 1
    assert (
        scalar(data, "SELECT fatalities_best FROM conflict_events WHERE event_id = 'SYR120001'")
        == 25
    )


def test_cli_prints_the_counts_and_refuses_a_bad_file(
    prefect_harness: None, tmp_path: Path
) -> None:
    data = tmp_path / "wh"
    copy = tmp_path / "ucdp export.csv"  # a space in the name, as downloads have
    shutil.copy(UCDP, copy)
    runner = CliRunner()
    result = runner.invoke(
        app, ["import-events", str(copy), "--format", "ucdp-ged", "--data-dir", str(data)]
    )
    assert result.exit_code == 0, result.output
    assert '"new": 8' in result.output and '"quarantined": 7' in result.output
    bad = runner.invoke(app, ["import-events", str(CP1256), "--data-dir", str(data)])
    assert bad.exit_code == 2
    assert "acled_arabic_cp1256.csv" in bad.output and "windows-1256" in bad.output
    missing = runner.invoke(app, ["import-events", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    wrong = runner.invoke(app, ["import-events", str(ACLED), "--format", "gdelt"])
    assert wrong.exit_code != 0
