"""aawsat article parser against the local site's pages and their hand-written golden records."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from schemas.parsed import ParsedArticleModel
from sources import aawsat
from sources.base import ParseError

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "golden" / "aawsat"
WWW = TESTS / "site" / "www"
GOLDEN_NAMES = sorted(p.stem for p in GOLDEN.glob("*.json"))
COLUMNS = list(ParsedArticleModel.to_schema().columns)

pytestmark = pytest.mark.skipif(not GOLDEN_NAMES, reason="no golden records in tests/golden/aawsat")


def load(name: str) -> tuple[dict[str, Any], str]:
    """The golden record and the HTML of its page in the local site."""
    gold = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    page = WWW / gold["path"].lstrip("/") / "index.html"
    return gold, page.read_text(encoding="utf-8")


def parsed_records() -> list[dict[str, Any]]:
    """Every golden page that is expected to parse, parsed."""
    records = []
    for name in GOLDEN_NAMES:
        gold, html = load(name)
        if not gold.get("expected_reason"):
            records.append(aawsat.parse_article(html, gold["url"]))
    return records


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_page_matches_golden(name: str) -> None:
    gold, html = load(name)
    if gold.get("expected_reason"):
        with pytest.raises(ParseError) as err:
            aawsat.parse_article(html, gold["url"])
        assert err.value.reason == gold["expected_reason"]
        return
    record = aawsat.parse_article(html, gold["url"])
    assert list(record) == COLUMNS
    for column in COLUMNS:
        if column in gold:
            assert record[column] == gold[column], column
    assert record["parser_version"] == aawsat.PARSER_VERSION


def test_golden_date_text_shows_the_update_line_iff_there_is_an_update() -> None:
    """`date_text` is the published line, plus `\n` and the update line when one is shown."""
    for name in GOLDEN_NAMES:
        gold, _ = load(name)
        if gold["date_text"] is None:
            continue
        _, *rest = gold["date_text"].split("\n")
        if gold["updated_at"]:
            assert len(rest) == 1 and re.match(r"(?:آخر )?تحديث:", rest[0]), name
        else:
            assert rest == [], name


def test_records_validate_against_the_schema() -> None:
    frame = pl.DataFrame(parsed_records())
    validated = ParsedArticleModel.validate(frame, lazy=True)
    assert validated.height == len(frame)


def test_machine_dates_agree_with_golden_utc_times() -> None:
    """JSON-LD, OpenGraph or `<time datetime>` values, when present, name the golden instants."""
    for name in GOLDEN_NAMES:
        gold, html = load(name)
        if gold.get("expected_reason"):
            continue
        record = aawsat.parse_article(html, gold["url"])
        for meta, utc in (("published_meta", "published_at"), ("updated_meta", "updated_at")):
            if record[meta] is None:
                continue
            assert gold[utc] is not None, (name, meta)
            seen = datetime.fromisoformat(record[meta].replace("Z", "+00:00"))
            assert seen == datetime.fromisoformat(gold[utc].replace("Z", "+00:00")), (name, meta)


def test_no_empty_strings_anywhere() -> None:
    for record in parsed_records():
        for column, value in record.items():
            assert value != "", column
            if isinstance(value, list):
                assert all(isinstance(v, str) and v for v in value), column


def test_every_fixture_page_is_parsed_from_its_region_only() -> None:
    """The region cut finds its markers on every page and leaves out header and page footer."""
    for name in GOLDEN_NAMES:
        _, html = load(name)
        region = aawsat._region(html)
        assert region is not None, name
        assert len(region) < len(html) / 2, name
        # The page footer is the last `<footer>`; an article's own `footer.node__meta` stays.
        page_footer = html[html.lower().rfind("<footer") :][:300]
        assert page_footer not in region, name


@pytest.mark.parametrize(
    "path",
    ["/العالم-العربي/المشرق-العربي", "/العالم-العربي", "/"],
)
def test_listing_and_section_pages_are_not_articles(path: str) -> None:
    page = WWW / path.lstrip("/") / "index.html"
    if not page.exists():
        pytest.skip(f"{page} not in the local site")
    with pytest.raises(ParseError) as err:
        aawsat.parse_article(page.read_text(encoding="utf-8"), "https://aawsat.com" + path)
    assert err.value.reason == "not_article"


def test_listing_page_served_at_an_article_url_is_not_an_article() -> None:
    page = WWW / "العالم-العربي" / "المشرق-العربي" / "index.html"
    if not page.exists():
        pytest.skip("listing page not in the local site")
    with pytest.raises(ParseError) as err:
        aawsat.parse_article(page.read_text(encoding="utf-8"), "https://aawsat.com/node/5087364")
    assert err.value.reason == "not_article"
