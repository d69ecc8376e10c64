"""Read conflict-event exports as their publishers distribute them: UCDP GED CSV and ACLED CSV.

Contract: `read_event_file(path, format=None)` returns the file's Syria rows, every column the
mapping needs as a string (empty cells as null), with `row` (the data row's number, from 1) and
`problem` (null, or why the row could not be read: a row with more or fewer fields than the
header), and the counts of rows read and rows of other countries (counted, not kept). Nothing
here maps or judges the values: that is `transforms.events`.

* Format: `ucdp-ged` or `acled`, detected from the header when not given (UCDP: `id`,
  `relid`, `date_start`, `best`, `adm_1` …; ACLED: `event_id_cnty`, `event_date`,
  `fatalities`, `admin1` …). Header names are compared case-insensitively (older ACLED exports
  wrote them in capitals); extra columns are ignored (older ACLED exports also had
  `event_id_no_cnty`, `data_id`, `iso3`); a missing column the mapping needs is an error.
* Country: rows whose `country` is Syria are kept; the others are counted. A malformed row is
  kept whatever its country cell says (it cannot be trusted) so that it is quarantined.
* Encoding: UTF-8, with or without a byte-order mark. Anything else raises `EventFileError`
  naming the file, the first bad byte, and the encoding it seems to be in (windows-1256 when it
  decodes to Arabic text, else windows-1252 or latin-1, or UTF-16 by its mark): the file is
  never decoded by guess, since a wrong guess silently mangles names.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

FORMATS = ("ucdp-ged", "acled")
# The documented columns of each export (UCDP GED codebook; ACLED codebook, since March 2023).
UCDP_GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
    "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
# The columns the mapping reads (a file without one of them cannot be imported).
NEEDED = {
    "ucdp-ged": (
        "id", "type_of_violence", "side_a", "side_b", "where_prec", "where_coordinates",
        "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec", "date_start",
        "date_end", "best", "high", "low",
    ),
    "acled": (
        "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2",
        "location", "latitude", "longitude", "geo_precision", "notes", "fatalities",
    ),
}  # fmt: skip
# Columns that only one format has: enough to tell them apart.
SIGNATURES = {
    "ucdp-ged": {"id", "relid", "date_start", "best", "adm_1"},
    "acled": {"event_id_cnty", "event_date", "fatalities", "admin1"},
}
SYRIA = frozenset({"syria", "syrian arab republic"})
_ARABIC = re.compile(r"[\u0621-\u064a]")


class EventFileError(ValueError):
    """A file that cannot be imported as a whole (encoding, header, format)."""


@dataclass
class EventFile:
    """One export: its format, its Syria rows (and malformed rows), and what was left out."""

    path: Path
    format: str
    rows: pl.DataFrame
    read: int
    other_countries: int


def decode(path: Path, data: bytes) -> str:
    """The file's text if it is UTF-8 (a BOM is dropped); else a clear `EventFileError`."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EventFileError(
            f"{path}: the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
            "export it again as CSV UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise EventFileError(
            f"{path}: not UTF-8 (byte 0x{bad} at offset {exc.start}, line {line}); "
            f"{_guess(data)}. Nothing was imported: convert it first, e.g. "
            f"`iconv -f {_iconv_name(data)} -t UTF-8 {path.name} > utf8.csv`"
        ) from exc


def _guess(data: bytes) -> str:
    """What the bytes decode as, for the error message."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _ARABIC.search(text):
        return "it decodes cleanly as windows-1256 (Arabic) but was not decoded by guess"
    try:
        data.decode("cp1252")
        return "it decodes cleanly as windows-1252 but was not decoded by guess"
    except UnicodeDecodeError:
        return "it decodes as latin-1 (any bytes do) but was not decoded by guess"


def _iconv_name(data: bytes) -> str:
    guess = _guess(data)
    return "WINDOWS-1256" if "1256" in guess else "WINDOWS-1252" if "1252" in guess else "LATIN1"


def detect_format(header: list[str]) -> str | None:
    """`ucdp-ged`, `acled`, or None, from a header row (lower-cased names)."""
    names = set(header)
    found = [name for name, needed in SIGNATURES.items() if needed <= names]
    return found[0] if len(found) == 1 else None


def read_event_file(path: Path | str, format: str | None = None) -> EventFile:
    """Read one export: its Syria rows as strings, with the counts of what was left out.

    The file is read as a stream (the global GED file is hundreds of megabytes and only its
    Syria rows are kept); on a byte that is not UTF-8 the whole file is read once more to say
    where and what it seems to be.
    """
    path = Path(path)
    if format is not None and format not in FORMATS:
        raise EventFileError(f"{path}: unknown format {format!r}; expected one of {FORMATS}")
    with path.open("rb") as raw:
        start = raw.read(2)
    if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        decode(path, start)  # raises: UTF-16
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read_rows(path, csv.reader(handle), format)
    except UnicodeDecodeError:
        decode(path, path.read_bytes())  # raises with the offset, line and likely encoding
        raise


def _read_rows(path: Path, reader: Iterator[list[str]], format: str | None) -> EventFile:
    """The header checked against the format, then the Syria (and malformed) rows kept."""
    header = [h.strip().lower() for h in next(reader, [])]
    if not any(header):
        raise EventFileError(f"{path}: empty file or no header row")
    detected = detect_format(header)
    if format is None:
        if detected is None:
            raise EventFileError(
                f"{path}: neither a UCDP GED nor an ACLED export (header starts "
                f"{', '.join(header[:5])}); give --format if the columns were renamed"
            )
        format = detected
    missing = [c for c in NEEDED[format] if c not in header]
    if missing:
        raise EventFileError(
            f"{path}: not a complete {format} export: missing column(s) {', '.join(missing)}"
            + (f" (the header looks like {detected})" if detected and detected != format else "")
        )
    index = {name: header.index(name) for name in NEEDED[format]}
    country = index["country"]
    columns: dict[str, list[str | None]] = {name: [] for name in NEEDED[format]}
    numbers: list[int] = []
    problems: list[str | None] = []
    read = other = 0
    for fields in reader:
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue  # a blank line
        read += 1
        problem = None
        if len(fields) != len(header):
            problem = f"{len(fields)} fields, expected {len(header)} (the header's)"
        elif fields[country].strip().casefold() not in SYRIA:
            other += 1
            continue
        numbers.append(read)
        problems.append(problem)
        for name, position in index.items():
            value = fields[position].strip() if position < len(fields) else ""
            columns[name].append(value or None)
    rows = pl.DataFrame(
        {"row": numbers, **columns, "problem": problems},
        schema={"row": pl.Int64, **dict.fromkeys(columns, pl.Utf8), "problem": pl.Utf8},
    )
    return EventFile(path=path, format=format, rows=rows, read=read, other_countries=other)
