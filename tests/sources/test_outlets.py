"""Outlet modules (Enab Baladi, SANA, Al Jazeera, Al Arabiya, BBC Arabic) against their fixture
pages in `tests/site/outlets/` and the golden records the generator writes from its own data.

Also: the generator reproduces the committed files byte for byte, every golden value is shown
on its page, golden UTC times agree with `transforms.dates` in the outlet's time zone, the URL
rules, the module attributes the ingest flow needs, and the generic extractor on the same pages.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import polars as pl
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.parsed import ParsedArticleModel
from sources import generic
from sources.base import EntryPoints, ParseError
from sources.registry import get_outlet
from transforms.dates import resolve_dates
from transforms.relevance import SYRIA_THRESHOLD, syria_relevance

TESTS = Path(__file__).resolve().parents[1]
OUTLETS_DIR = TESTS / "site" / "outlets"
SITES = ("enabbaladi", "sana", "aljazeera", "alarabiya", "bbcarabic")
COLUMNS = list(ParsedArticleModel.to_schema().columns)
GOLDENS = {
    f"{site}/{path.stem}": json.loads(path.read_text(encoding="utf-8"))
    for site in SITES
    for path in sorted((TESTS / "golden" / site).glob("*.json"))
}
ARTICLES = sorted(k for k, g in GOLDENS.items() if not g["expected_reason"])
NOT_ARTICLES = sorted(k for k, g in GOLDENS.items() if g["expected_reason"])
LEVANTINE_OR_INDIC = re.compile(
    r"كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|[\u0660-\u0669]"
)


def module(site: str) -> ModuleType:
    return importlib.import_module(f"sources.{site}")


def page_file(url: str) -> Path:
    """The fixture file of a URL: `<host>/<decoded path>/index[.k-v].html`."""
    parts = urlsplit(url)
    folder = OUTLETS_DIR.joinpath(parts.hostname or "", *[s for s in parts.path.split("/") if s])
    if parts.query:
        return folder / ("index." + parts.query.replace("=", "-").replace("&", "_") + ".html")
    return folder / "index.html"


def load(key: str) -> tuple[dict[str, Any], str]:
    gold = GOLDENS[key]
    return gold, page_file(gold["url"]).read_text(encoding="utf-8")


def parsed(key: str) -> dict[str, Any]:
    gold, html = load(key)
    return module(gold["site"]).parse_article(html, gold["url"])


def visible_text(html: str) -> str:
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath(
        "//script | //style | //noscript | //*[contains(@class,'visually-hidden')]"
    ):
        bad.drop_tree()
    return " ".join(doc.text_content().split())


# --------------------------------------------------------------------------- the fixtures


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_rerunning_the_generator_is_byte_identical(tmp_path: Path) -> None:
    build = OUTLETS_DIR / "build.py"
    subprocess.run([sys.executable, str(build), "--root", str(tmp_path)], check=True)
    written = tmp_path / "site" / "outlets"
    hosts = sorted(p.name for p in written.iterdir() if p.is_dir())
    assert hosts == sorted(p.name for p in OUTLETS_DIR.iterdir() if p.is_dir() and "." in p.name)
    for host in hosts:
        assert _files(written / host) == _files(OUTLETS_DIR / host), host
    assert (written / "MANIFEST.md").read_bytes() == (OUTLETS_DIR / "MANIFEST.md").read_bytes()
    for site in SITES:
        assert _files(tmp_path / "golden" / site) == _files(TESTS / "golden" / site), site


def test_each_outlet_has_two_articles_a_listing_and_a_levantine_or_indic_date() -> None:
    for site in SITES:
        articles = [GOLDENS[k] for k in ARTICLES if k.startswith(site + "/")]
        listings = [GOLDENS[k] for k in NOT_ARTICLES if k.startswith(site + "/")]
        assert len(articles) >= 2 and len(listings) >= 1, site
        assert any(LEVANTINE_OR_INDIC.search(g["date_text"]) for g in articles), site
        for g in listings:
            assert (g["expected_state"], g["expected_reason"]) == ("skipped", "not_article")


@pytest.mark.parametrize("key", ARTICLES)
def test_article_page_weighs_60_to_200_kb_and_shows_its_golden_record(key: str) -> None:
    gold, html = load(key)
    assert 60 * 1024 <= len(html.encode("utf-8")) <= 200 * 1024
    doc = lxml.html.fromstring(html)
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    text = visible_text(html)
    assert gold["headline"] in text
    for paragraph in gold["paragraphs"]:
        assert paragraph in text, paragraph[:40]
    for line in gold["date_text"].split("\n"):
        assert line in text, line
    for value in (gold["byline"], gold["subheadline"], gold["image_caption"], gold["image_credit"]):
        assert value is None or value in text, value
    for tag in gold["tags"]:
        assert tag in text, tag
    assert gold["expected_state"] == "loaded" and gold["is_syria"] is True


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("key", sorted(GOLDENS))
def test_page_matches_golden(key: str) -> None:
    gold, html = load(key)
    outlet = module(gold["site"])
    if gold["expected_reason"]:
        with pytest.raises(ParseError) as err:
            outlet.parse_article(html, gold["url"])
        assert err.value.reason == gold["expected_reason"]
        return
    record = outlet.parse_article(html, gold["url"])
    assert list(record) == COLUMNS
    for column in COLUMNS:
        if column in gold:
            assert record[column] == gold[column], column
    assert record["parser_version"] == outlet.PARSER_VERSION


def test_records_validate_against_the_schema_without_empty_strings() -> None:
    records = [parsed(key) for key in ARTICLES]
    frame = pl.DataFrame(records)
    assert ParsedArticleModel.validate(frame, lazy=True).height == len(records)
    for record in records:
        for column, value in record.items():
            assert value != "", column
            if isinstance(value, list):
                assert all(isinstance(v, str) and v for v in value), column


@pytest.mark.parametrize("key", ARTICLES)
def test_golden_times_are_what_transforms_dates_reads_in_the_outlet_zone(key: str) -> None:
    gold = GOLDENS[key]
    tz = module(gold["site"]).DEFAULT_TZ
    resolved = resolve_dates(gold["date_text"], gold["published_meta"], gold["updated_meta"], tz)

    def z(value: datetime | None) -> str | None:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None

    assert z(resolved.published_at) == gold["published_at"]
    assert z(resolved.updated_at) == gold["updated_at"]
    assert resolved.published_hijri == gold["published_hijri"]


@pytest.mark.parametrize("key", ARTICLES)
def test_machine_dates_name_the_golden_instants(key: str) -> None:
    gold = GOLDENS[key]
    for meta, utc in (("published_meta", "published_at"), ("updated_meta", "updated_at")):
        if gold[meta] is not None:
            seen = datetime.fromisoformat(gold[meta].replace("Z", "+00:00"))
            assert seen == datetime.fromisoformat(gold[utc].replace("Z", "+00:00")), meta


@pytest.mark.parametrize("key", ARTICLES)
def test_is_syria_agrees_with_the_relevance_transform(key: str) -> None:
    gold = GOLDENS[key]
    score = syria_relevance(gold["headline"], "\n\n".join(gold["paragraphs"]))
    assert (score >= SYRIA_THRESHOLD) == gold["is_syria"]


@pytest.mark.parametrize("key", ARTICLES)
def test_generic_extractor_reads_the_same_pages(key: str) -> None:
    """The fallback alone (no outlet selectors) still finds the article on every page."""
    gold, html = load(key)
    record = generic.parse_article(html, gold["url"])
    assert record["headline"] == gold["headline"]
    found = [p for p in gold["paragraphs"] if p in record["paragraphs"]]
    assert len(found) >= 0.9 * len(gold["paragraphs"])
    assert len(record["paragraphs"]) <= len(gold["paragraphs"]) + 1
    assert record["date_text"] == gold["date_text"]
    assert record["published_meta"] == gold["published_meta"]


@pytest.mark.parametrize("key", NOT_ARTICLES)
def test_generic_extractor_also_rejects_the_listing_pages(key: str) -> None:
    gold, html = load(key)
    with pytest.raises(ParseError) as err:
        generic.parse_article(html, gold["url"])
    assert err.value.reason == "not_article"


@pytest.mark.parametrize("key", NOT_ARTICLES)
def test_listing_links_selector_finds_the_fixture_articles(key: str) -> None:
    gold, html = load(key)
    outlet = module(gold["site"])
    soup = BeautifulSoup(html, "lxml")
    urls = [urljoin(gold["url"], a["href"]) for a in soup.select(outlet.LISTING_LINKS)]
    ids = {outlet.article_id(u) for u in urls}
    assert None not in ids and len(ids) >= 10
    site_articles = {GOLDENS[k]["article_id"] for k in ARTICLES if k.startswith(gold["site"])}
    assert site_articles <= ids


@pytest.mark.parametrize("key", ARTICLES)
def test_article_page_at_an_unknown_url_is_not_an_article(key: str) -> None:
    gold, html = load(key)
    outlet = module(gold["site"])
    with pytest.raises(ParseError) as err:
        outlet.parse_article(
            html.replace("canonical", "x-canonical").replace("og:url", "x"), "https://example.org/"
        )
    assert err.value.reason == "not_article"


# --------------------------------------------------------------------------- module surface


@pytest.mark.parametrize("site", SITES)
def test_module_surface_for_the_ingest_flow(site: str) -> None:
    outlet = module(site)
    assert get_outlet(site) is outlet
    assert site == outlet.SITE and outlet.PARSER_VERSION.startswith(site + "-")
    assert outlet.PUBLIC_ORIGIN.startswith("https://")
    assert urlsplit(outlet.PUBLIC_ORIGIN).hostname in outlet.HOSTS
    assert isinstance(outlet.ENTRY_POINTS, EntryPoints)
    points = outlet.ENTRY_POINTS
    assert points.sitemaps or points.listings or points.feeds
    assert all(p.startswith("/") for p in (*points.sitemaps, *points.listings, *points.feeds))
    ZoneInfo(outlet.DEFAULT_TZ)


# --------------------------------------------------------------------------- URL rules

URL_CASES: dict[str, list[tuple[str, str | None, str | None]]] = {
    # (url, article_id, canonical_url); canonical None = not asserted
    "enabbaladi": [
        (
            "https://www.enabbaladi.net/archives/736512",
            "enabbaladi:736512",
            "https://www.enabbaladi.net/archives/736512",
        ),
        (
            "http://enabbaladi.net/archives/736512/?utm_source=fb#top",
            "enabbaladi:736512",
            "https://www.enabbaladi.net/archives/736512",
        ),
        (
            "https://www.enabbaladi.net/archives/736512/%D8%AE%D8%A8%D8%B2",
            "enabbaladi:736512",
            "https://www.enabbaladi.net/archives/736512",
        ),
        (
            "https://www.enabbaladi.net/?p=736512",
            "enabbaladi:736512",
            "https://www.enabbaladi.net/archives/736512",
        ),
        ("/archives/718344", "enabbaladi:718344", "https://www.enabbaladi.net/archives/718344"),
        (
            "https://www.enabbaladi.net/archives/category/online",
            None,
            "https://www.enabbaladi.net/archives/category/online",
        ),
        ("https://www.enabbaladi.net/archives/category/online/page/2", None, None),
        ("https://www.enabbaladi.net/archives/tag/%D8%A5%D8%AF%D9%84%D8%A8", None, None),
        ("https://www.enabbaladi.net/archives/author/hussam-almohammad", None, None),
        ("https://english.enabbaladi.net/archives/2024/11/bread/", None, None),
        ("https://example.org/archives/736512", None, None),
        ("ftp://www.enabbaladi.net/archives/736512", None, None),
    ],
    "sana": [
        ("https://sana.sy/?p=2150321", "sana:2150321", "https://sana.sy/?p=2150321"),
        (
            "https://www.sana.sy/?p=2150321&utm_medium=rss",
            "sana:2150321",
            "https://sana.sy/?p=2150321",
        ),
        ("https://sana.sy/economy/2163877/", "sana:2163877", "https://sana.sy/economy/2163877/"),
        ("https://sana.sy/economy/2163877", "sana:2163877", "https://sana.sy/economy/2163877/"),
        ("https://sana.sy/?cat=29582", None, "https://sana.sy/?cat=29582"),
        ("https://sana.sy/?cat=29582&paged=2", None, None),
        ("https://sana.sy/?feed=rss2", None, None),
        ("https://sana.sy/?s=%D8%AD%D9%85%D8%A7%D8%A9", None, None),
        ("https://sana.sy/en/?p=345678", None, None),
        ("https://sana.sy/en/345678/", None, None),
        ("https://sana.sy/?tag=%D8%AD%D9%85%D8%A7%D8%A9", None, None),
    ],
    "aljazeera": [
        (
            "https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين",
            "aljazeera:{h}",
            "https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين",
        ),
        (
            "https://aljazeera.net/news/2024/12/10/%D8%B9%D8%A7%D8%A6%D9%84%D8%A7%D8%AA-%D8%A7%D9%84%D9%85%D8%B9%D8%AA%D9%82%D9%84%D9%8A%D9%86/?update=1",
            "aljazeera:{h}",
            "https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين",
        ),
        (
            "https://www.aljazeera.net/amp/news/2024/12/10/عائلات-المعتقلين",
            "aljazeera:{h}",
            "https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين",
        ),
        ("https://www.aljazeera.net/news/", None, "https://www.aljazeera.net/news"),
        ("https://www.aljazeera.net/tag/syria/", None, None),
        (
            "https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
            None,
            None,
        ),
        ("https://www.aljazeera.com/news/2024/12/10/families-saydnaya", None, None),
    ],
    "alarabiya": [
        (
            "https://www.alarabiya.net/arab-and-world/syria/2025/01/22/فرق-الدفاع-المدني",
            "alarabiya:{h}",
            "https://www.alarabiya.net/arab-and-world/syria/2025/01/22/فرق-الدفاع-المدني",
        ),
        (
            "https://alarabiya.net/amp/arab-and-world/syria/2025/01/22/%D9%81%D8%B1%D9%82-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9-%D8%A7%D9%84%D9%85%D8%AF%D9%86%D9%8A",
            "alarabiya:{h}",
            "https://www.alarabiya.net/arab-and-world/syria/2025/01/22/فرق-الدفاع-المدني",
        ),
        (
            "https://www.alarabiya.net/aswaq/economy/2025/01/22/slug",
            "alarabiya:"
            + generic.url_hash("https://www.alarabiya.net/aswaq/economy/2025/01/22/slug"),
            None,
        ),
        (
            "https://www.alarabiya.net/arab-and-world/syria",
            None,
            "https://www.alarabiya.net/arab-and-world/syria",
        ),
        ("https://www.alarabiya.net/.mrss/ar.xml", None, None),
        ("https://english.alarabiya.net/News/middle-east/2025/01/22/slug", None, None),
    ],
    "bbcarabic": [
        (
            "https://www.bbc.com/arabic/articles/c9x2n4e7kplo",
            "bbcarabic:c9x2n4e7kplo",
            "https://www.bbc.com/arabic/articles/c9x2n4e7kplo",
        ),
        (
            "https://www.bbc.co.uk/arabic/articles/c9x2n4e7kplo.amp",
            "bbcarabic:c9x2n4e7kplo",
            "https://www.bbc.com/arabic/articles/c9x2n4e7kplo",
        ),
        (
            "https://www.bbc.com/arabic/middleeast-66421873",
            "bbcarabic:66421873",
            "https://www.bbc.com/arabic/middleeast-66421873",
        ),
        (
            "https://bbc.com/arabic/world-65210998?at_medium=RSS",
            "bbcarabic:65210998",
            "https://www.bbc.com/arabic/world-65210998",
        ),
        ("https://www.bbc.com/arabic", None, "https://www.bbc.com/arabic"),
        ("https://www.bbc.com/arabic/topics/c4y3wxdl3z0t", None, None),
        ("https://www.bbc.com/arabic/institutional-37735181", None, None),
        ("https://www.bbc.com/arabic/index.xml", None, None),
        ("https://www.bbc.com/news/world-middle-east-66421873", None, None),
        ("https://www.bbc.com/persian/articles/c9x2n4e7kplo", None, None),
    ],
}
_HASHED = {
    "aljazeera": generic.url_hash("https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين"),
    "alarabiya": generic.url_hash(
        "https://www.alarabiya.net/arab-and-world/syria/2025/01/22/فرق-الدفاع-المدني"
    ),
}


@pytest.mark.parametrize(
    ("site", "url", "expected_id", "expected_canonical"),
    [(site, *case) for site, cases in URL_CASES.items() for case in cases],
)
def test_url_rules(
    site: str, url: str, expected_id: str | None, expected_canonical: str | None
) -> None:
    outlet = module(site)
    if expected_id is not None:
        expected_id = expected_id.replace("{h}", _HASHED.get(site, ""))
    assert outlet.article_id(url) == expected_id
    if expected_canonical is not None:
        assert outlet.canonical_url(url) == expected_canonical
    if expected_id is not None:
        assert outlet.article_id(outlet.canonical_url(url)) == expected_id


# --------------------------------------------------------------------------- fuzzing

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TAGS = ("p", "div", "h1", "h2", "article", "main", "figure", "figcaption", "time", "span", "a")
ALPHABET = (
    "<",
    ">",
    "</",
    '"',
    "&",
    "\x00",
    "\u200f",
    "ـ",
    "٣",
    "آذار",
    "نشر في 3 آذار 2024 ",
    "p>",
)
fraction = st.floats(min_value=0.0, max_value=1.0, exclude_max=True, allow_nan=False)


def mutate(html: str, kind: str, a: float, b: float, text: str, tags: tuple[str, str]) -> str:
    """Truncate, delete, duplicate, inject text, or rename one tag everywhere."""
    i, j = sorted((int(a * len(html)), int(b * len(html))))
    if kind == "truncate":
        return html[:i]
    if kind == "delete":
        return html[:i] + html[j:]
    if kind == "duplicate":
        return html[:j] + html[i:j] + html[j:]
    if kind == "inject":
        return html[:i] + text + html[i:]
    old, new = tags
    return re.sub(rf"(</?){old}\b", rf"\g<1>{new}", html)


def check_record(record: dict[str, Any]) -> None:
    assert list(record) == COLUMNS
    for column, value in record.items():
        assert value != "", column
        if isinstance(value, list):
            assert all(isinstance(v, str) and v for v in value), column
    ParsedArticleModel.validate(pl.DataFrame([record]), lazy=True)


@FUZZ
@given(
    key=st.sampled_from(sorted(GOLDENS)),
    kind=st.sampled_from(["truncate", "delete", "duplicate", "inject", "retag"]),
    a=fraction,
    b=fraction,
    text=st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join),
    tags=st.tuples(st.sampled_from(TAGS), st.sampled_from(TAGS)),
)
def test_mutated_pages_raise_only_parse_error(
    key: str, kind: str, a: float, b: float, text: str, tags: tuple[str, str]
) -> None:
    gold, html = load(key)
    page = mutate(html, kind, a, b, text, tags)
    for parse in (module(gold["site"]).parse_article, generic.parse_article):
        try:
            record = parse(page, gold["url"])
        except ParseError:
            continue
        check_record(record)
