"""`syria-etl extract`: saved pages → one JSON record per page, in input order.

The outlet module is chosen by the URL's host, else the generic extractor
(`sources.extract`); dates are resolved here, with the outlet's time zone, from the visible
date line and the page's machine dates (`transforms.dates`), as in the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any

from sources.extract import extract_many
from sources.registry import outlet_for_url
from transforms.dates import DEFAULT_TZ, GENERIC_LAYOUT, resolve_dates


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


DATE_FIELDS = ("at", "date", "offset", "precision")


def with_dates(record: dict[str, Any]) -> dict[str, Any]:
    """The record with `published_*` and `updated_*`: `_at` in UTC ISO 8601, `_date` the day
    the outlet printed, `_offset` its clock's minutes east of UTC, `_precision` (day, minute,
    second); and `published_hijri`."""
    if record.get("error"):
        for kind in ("published", "updated"):
            for field in DATE_FIELDS:
                record.setdefault(f"{kind}_{field}", None)
        record.setdefault("published_hijri", None)
        return record
    outlet = outlet_for_url(record.get("url"))
    tz = getattr(outlet, "DEFAULT_TZ", DEFAULT_TZ)
    dates = resolve_dates(
        record.get("date_text"),
        record.get("published_meta"),
        record.get("updated_meta"),
        tz,
        trust_visible=record.get("layout") != GENERIC_LAYOUT,
    )
    for kind, dated in (("published", dates.published), ("updated", dates.updated)):
        record[f"{kind}_at"] = _iso(dated.at) if dated else None
        record[f"{kind}_date"] = dated.day.isoformat() if dated else None
        record[f"{kind}_offset"] = dated.offset if dated else None
        record[f"{kind}_precision"] = dated.precision if dated else None
    record["published_hijri"] = dates.published_hijri
    return record


def extract_records(
    items: Iterable[tuple[str | PathLike[str], str | None]],
) -> Iterator[dict[str, Any]]:
    """Records for `(path, url or None)` pairs, in input order; a bad page gives `error`."""
    for record in extract_many(items):
        yield with_dates(record)


def read_manifest(path: Path) -> list[tuple[str, str | None]]:
    """`{"path": …, "url": …}` lines; relative paths are taken from the manifest's folder."""
    items: list[tuple[str, str | None]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            page = Path(entry["path"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a {{'path', 'url'}} object: {exc}") from exc
        items.append((str(page if page.is_absolute() else path.parent / page), entry.get("url")))
    return items
