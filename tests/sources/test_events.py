"""Reading UCDP GED and ACLED exports: format from the header, Syria rows only, malformed rows
kept for quarantine, UTF-8 with or without BOM, and a clear error for any other encoding."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest

from sources.events import (
    ACLED_COLUMNS,
    NEEDED,
    UCDP_GED_COLUMNS,
    EventFileError,
    detect_format,
    read_event_file,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
ACLED = DATA / "acled_syria_2024_2025.csv"
ACLED_UPDATE = DATA / "acled_syria_update_bom.csv"
UCDP = DATA / "ucdp_ged_syria.csv"


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_the_documented_columns_are_complete() -> None:
    assert len(UCDP_GED_COLUMNS) == 49 and len(set(UCDP_GED_COLUMNS)) == 49
    assert len(ACLED_COLUMNS) == 31 and len(set(ACLED_COLUMNS)) == 31
    assert set(NEEDED["ucdp-ged"]) <= set(UCDP_GED_COLUMNS)
    assert set(NEEDED["acled"]) <= set(ACLED_COLUMNS)


def test_format_is_detected_from_the_header() -> None:
    assert detect_format(list(UCDP_GED_COLUMNS)) == "ucdp-ged"
    assert detect_format(list(ACLED_COLUMNS)) == "acled"
    assert detect_format(["date", "place", "deaths"]) is None
    assert read_event_file(ACLED).format == "acled"
    assert read_event_file(UCDP).format == "ucdp-ged"


def test_acled_export_keeps_syria_rows_and_counts_the_others() -> None:
    file = read_event_file(ACLED)
    assert (file.read, file.other_countries) == (20, 2)
    ids = file.rows["event_id_cnty"].to_list()
    assert "LBN40001" not in ids and "IRQ30001" not in ids
    assert file.rows.height == 18
    first = file.rows.row(0, named=True)
    assert first["row"] == 1 and first["event_date"] == "27 November 2024"
    assert first["assoc_actor_1"] == "Military Operations Command"
    assert first["admin2"] == "Jebel Saman" and first["problem"] is None
    # Empty cells are null, not empty strings.
    assert file.rows.filter(file.rows["event_id_cnty"] == "SYR120004")["actor2"].to_list() == [None]


def test_a_malformed_row_is_kept_with_its_problem() -> None:
    file = read_event_file(ACLED)
    bad = file.rows.filter(file.rows["problem"].is_not_null())
    assert bad["row"].to_list() == [17]
    assert bad["event_id_cnty"].to_list() == ["SYR130010"]
    assert bad["problem"][0] == "6 fields, expected 31 (the header's)"


def test_quoted_fields_with_commas_quotes_and_newlines_survive(tmp_path: Path) -> None:
    note = 'On 29 November 2024, fighters entered Aleppo; "regime forces withdrew",\nsays SOHR.'
    row = ["SYR1", "29 November 2024", *[""] * 25, note, "15", "", ""]
    row[ACLED_COLUMNS.index("country")] = "Syria"
    path = write_csv(tmp_path / "a.csv", list(ACLED_COLUMNS), [row, [], row])
    file = read_event_file(path)
    assert file.read == 2  # the blank line is not a row
    assert file.rows["notes"].to_list() == [note, note]
    assert file.rows["fatalities"].to_list() == ["15", "15"]


def test_ucdp_export_keeps_syria_rows() -> None:
    file = read_event_file(UCDP)
    assert (file.read, file.other_countries, file.rows.height) == (17, 2, 15)
    first = file.rows.row(0, named=True)
    assert first["adm_1"] == "Idlib governorate" and first["adm_2"] == "Idlib district"
    assert first["date_start"] == "2023-10-05 00:00:00.000"
    assert (first["best"], first["low"], first["high"]) == ("11", "11", "14")
    assert "498001" not in file.rows["id"].to_list()  # Iraq


def test_a_bom_file_reads_like_any_other() -> None:
    assert ACLED_UPDATE.read_bytes().startswith(codecs.BOM_UTF8)
    file = read_event_file(ACLED_UPDATE)
    assert file.format == "acled"
    assert file.rows["event_id_cnty"].to_list() == [
        "SYR120001",
        "SYR120002",
        "SYR130001",
        "SYR130012",
    ]
    assert file.rows["event_date"][0] == "2024-11-27"


def test_an_arabic_windows_1256_file_is_refused_by_name() -> None:
    path = DATA / "acled_arabic_cp1256.csv"
    with pytest.raises(EventFileError) as error:
        read_event_file(path)
    message = str(error.value)
    assert str(path) in message
    assert "not UTF-8" in message and "windows-1256" in message
    assert "line 2" in message and "iconv -f WINDOWS-1256" in message


def test_a_latin1_file_is_refused_and_the_message_says_it_decodes_as_cp1252() -> None:
    path = DATA / "ucdp_ged_latin1.csv"
    with pytest.raises(EventFileError, match=r"ucdp_ged_latin1\.csv: not UTF-8 \(byte 0xe9"):
        read_event_file(path)
    with pytest.raises(EventFileError, match="decodes cleanly as windows-1252"):
        read_event_file(path)


def test_the_arabic_notes_read_once_the_file_is_converted(tmp_path: Path) -> None:
    text = (DATA / "acled_arabic_cp1256.csv").read_bytes().decode("cp1256")
    converted = tmp_path / "utf8.csv"
    converted.write_text(text, encoding="utf-8")
    notes = read_event_file(converted).rows["notes"].to_list()
    assert notes[0] == "قصف جوي روسي على سوق في مدينة إدلب أدى إلى مقتل 8 مدنيين"


def test_a_utf16_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(ACLED.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(EventFileError, match="UTF-16"):
        read_event_file(path)


def test_a_format_that_does_not_fit_the_header_is_an_error() -> None:
    with pytest.raises(EventFileError, match=r"missing column\(s\) id, type_of_violence"):
        read_event_file(ACLED, "ucdp-ged")
    with pytest.raises(EventFileError, match="unknown format"):
        read_event_file(ACLED, "gdelt")


def test_an_unknown_header_or_an_empty_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="neither a UCDP GED nor an ACLED export"):
        read_event_file(write_csv(tmp_path / "x.csv", ["date", "place", "deaths"], []))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(EventFileError, match="empty file"):
        read_event_file(empty)


def test_capitalised_headers_and_retired_columns_of_older_acled_exports(tmp_path: Path) -> None:
    header = ["DATA_ID", "ISO3", "EVENT_ID_NO_CNTY", *(c.upper() for c in ACLED_COLUMNS)]
    row = ["1", "SYR", "7", *[""] * len(ACLED_COLUMNS)]
    row[3 + ACLED_COLUMNS.index("event_id_cnty")] = "SYR9"
    row[3 + ACLED_COLUMNS.index("country")] = " Syria "
    row[3 + ACLED_COLUMNS.index("admin1")] = "Idleb"
    file = read_event_file(write_csv(tmp_path / "old.csv", header, [row]))
    assert file.format == "acled"
    assert file.rows.select("event_id_cnty", "admin1").row(0) == ("SYR9", "Idleb")


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    file = read_event_file(write_csv(tmp_path / "h.csv", list(UCDP_GED_COLUMNS), []))
    assert (file.read, file.other_countries, file.rows.height) == (0, 0, 0)
    assert set(NEEDED["ucdp-ged"]) <= set(file.rows.columns)


def test_a_bad_byte_deep_in_a_large_file_is_found_with_its_line(tmp_path: Path) -> None:
    row = ["1", "2024-01-01", *[""] * (len(ACLED_COLUMNS) - 2)]
    row[ACLED_COLUMNS.index("country")] = "Iraq"
    good = write_csv(tmp_path / "big.csv", list(ACLED_COLUMNS), [row] * 2000)
    data = good.read_bytes() + "SYR1,01 May 2025,Dar\u00e9a\n".encode("cp1252")
    good.write_bytes(data)
    with pytest.raises(
        EventFileError, match=r"big\.csv: not UTF-8 \(byte 0xe9 at offset \d+, line 2002\)"
    ):
        read_event_file(good)
