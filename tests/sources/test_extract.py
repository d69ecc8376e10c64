"""`sources.extract`: outlet by host, generic otherwise, decoding, error records, batch order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sources import extract
from sources.extract import RECORD_KEYS, extract_many, extract_page, outlet_for_url

TESTS = Path(__file__).resolve().parents[1]
OUTLETS_DIR = TESTS / "site" / "outlets"
ENAB_PAGE = OUTLETS_DIR / "www.enabbaladi.net" / "archives" / "736512" / "index.html"
ENAB_URL = "https://www.enabbaladi.net/archives/736512"
SANA_PAGE = OUTLETS_DIR / "sana.sy" / "index.p-2150321.html"
SANA_URL = "https://sana.sy/?p=2150321"
ENAB_LISTING = (
    OUTLETS_DIR / "www.enabbaladi.net" / "archives" / "category" / "online" / "index.html"
)
AAWSAT_PAGE = next((TESTS / "site" / "www" / "home" / "article" / "3467011").rglob("index.html"))
AAWSAT_URL = "https://aawsat.com/home/article/3467011/درعا-على-موعد-مع-تسويات-جديدة"


def golden(site: str, name: str) -> dict[str, Any]:
    return json.loads((TESTS / "golden" / site / f"{name}.json").read_text(encoding="utf-8"))


ARABIC_PAGE = """<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>انقطاع المياه عن أحياء في حمص - موقع محلي</title>
<meta property="og:type" content="article">
<meta property="og:title" content="انقطاع المياه عن أحياء في حمص">
<meta property="article:published_time" content="2025-02-02T08:00:00+03:00">
<link rel="canonical" href="https://homs-news.example/ar/news/51234"></head><body>
<header><nav><a href="/">الرئيسية</a></nav></header>
<main><article><h1>انقطاع المياه عن أحياء في حمص</h1>
<div class="date">2 شباط 2025</div>
<div class="content">
<p>أعلنت مؤسسة المياه في حمص انقطاع الضخ عن أحياء الوعر والإنشاءات وكرم الشامي مدة يومين،
بسبب أعمال صيانة في محطة الضخ الرئيسية على نهر العاصي غربي المدينة.</p>
<p>وقالت المؤسسة إن ورشاتها تعمل على استبدال مضخات قديمة وإصلاح تسرب في الخط الرئيسي، وإنها
ستوزع المياه بالصهاريج على المدارس والمراكز الصحية خلال فترة الانقطاع.</p>
<p>ودعا سكان في الأحياء المتضررة إلى تخزين كميات كافية من المياه، مشيرين إلى أن الانقطاعات
المتكررة خلال الشتاء أرهقت العائلات التي لا تملك خزانات كبيرة.</p>
</div></article></main><footer>جميع الحقوق محفوظة</footer></body></html>"""


def site_for(url: str | None) -> str | None:
    outlet = outlet_for_url(url)
    return None if outlet is None else str(outlet.SITE)


def test_outlet_is_chosen_by_host() -> None:
    assert site_for(ENAB_URL) == "enabbaladi"
    assert site_for("https://sana.sy/?p=1") == "sana"
    assert site_for("https://www.bbc.co.uk/arabic/x-1234567") == "bbcarabic"
    assert site_for("https://aawsat.com/node/1") == "aawsat"
    assert site_for("https://homs-news.example/ar/news/1") is None
    assert site_for(None) is None
    assert site_for("http://[broken") is None


def test_record_of_an_outlet_page() -> None:
    gold = golden("enabbaladi", "idlib-bread-prices-2024")
    record = extract_page(ENAB_PAGE.read_bytes(), ENAB_URL)
    assert tuple(record) == RECORD_KEYS
    assert record["error"] is None and record["error_detail"] is None
    assert record["source"] == "enabbaladi" and record["site"] == "enabbaladi"
    assert record["url"] == ENAB_URL
    assert record["headline"] == gold["headline"]
    assert record["author"] == gold["author"]
    assert record["published_at"] == gold["published_meta"] == "2024-11-03T14:25:00+03:00"
    assert record["body_text"] == "\n\n".join(gold["paragraphs"])
    for column in ("article_id", "date_text", "tags", "related_ids", "image_credit", "dateline"):
        assert record[column] == gold[column], column
    json.dumps(record, ensure_ascii=False)


def test_page_without_machine_date_has_no_published_at() -> None:
    record = extract_page(SANA_PAGE.read_text(encoding="utf-8"), SANA_URL)
    assert record["error"] is None and record["source"] == "sana"
    assert record["published_at"] is None and record["date_text"] == "2025-03-10"


def test_aawsat_pages_go_to_the_aawsat_parser() -> None:
    record = extract_page(AAWSAT_PAGE.read_bytes(), AAWSAT_URL)
    assert record["error"] is None
    assert record["source"] == "aawsat" and record["layout"] == "legacy"


def test_without_url_the_page_canonical_chooses_the_outlet() -> None:
    record = extract_page(ENAB_PAGE.read_bytes(), None)
    assert record["url"] == ENAB_URL and record["source"] == "enabbaladi"
    assert record["article_id"] == "enabbaladi:736512"


def test_unknown_host_uses_the_generic_extractor() -> None:
    record = extract_page(ARABIC_PAGE.format(charset="utf-8"), None)
    assert record["error"] is None
    assert record["source"] == "homs_news" and record["article_id"] == "homs_news:51234"
    assert record["layout"] == "generic"
    assert record["headline"] == "انقطاع المياه عن أحياء في حمص"
    assert record["date_text"] == "2 شباط 2025"
    assert record["published_at"] == "2025-02-02T08:00:00+03:00"
    assert record["body_text"] is not None and record["body_text"].count("\n\n") == 2


@pytest.mark.parametrize("charset", ["windows-1256", "utf-8"])
def test_bytes_are_decoded_by_their_declared_charset(charset: str) -> None:
    page = ARABIC_PAGE.format(charset=charset)
    record = extract_page(page.encode("cp1256" if charset == "windows-1256" else "utf-8"), None)
    assert record["error"] is None
    assert record["headline"] == "انقطاع المياه عن أحياء في حمص"
    assert "نهر العاصي" in record["body_text"]


def test_utf8_bom_and_content_type() -> None:
    page = ARABIC_PAGE.format(charset="windows-1256").encode("cp1256")
    record = extract_page(page, None, content_type="text/html; charset=windows-1256")
    assert record["headline"] == "انقطاع المياه عن أحياء في حمص"
    bom = b"\xef\xbb\xbf" + ARABIC_PAGE.format(charset="utf-8").encode("utf-8")
    assert extract_page(bom, None)["headline"] == "انقطاع المياه عن أحياء في حمص"


def test_error_records_keep_url_and_source_and_empty_fields() -> None:
    url = "https://www.enabbaladi.net/archives/category/online"
    record = extract_page(ENAB_LISTING.read_bytes(), url)
    assert tuple(record) == RECORD_KEYS
    assert (record["error"], record["source"], record["url"]) == ("not_article", "enabbaladi", url)
    assert record["headline"] is None and record["body_text"] is None
    assert record["paragraphs"] == [] and record["tags"] == [] and record["related_ids"] == []
    bad = extract_page(b"", "https://homs-news.example/ar/news/1")
    assert (bad["error"], bad["source"]) == ("bad_html", "homs_news")


def test_an_unexpected_exception_becomes_a_parser_crash_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(html: str, url: str) -> dict[str, Any]:
        raise RuntimeError("selector exploded")

    monkeypatch.setattr(extract.generic, "parse_article", boom)
    record = extract_page(ARABIC_PAGE.format(charset="utf-8"), "https://homs-news.example/a/1")
    assert record["error"] == "parser_crash"
    assert record["error_detail"] == "RuntimeError: selector exploded"


def test_extract_many_keeps_order_and_survives_bad_items(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(b"\x00\x01\x02 not html")
    missing = tmp_path / "missing.html"
    local = tmp_path / "local.html"
    local.write_text(ARABIC_PAGE.format(charset="utf-8"), encoding="utf-8")
    items: list[tuple[str | Path, str | None]] = [
        (ENAB_PAGE, ENAB_URL),
        (missing, "https://sana.sy/?p=1"),
        (str(ENAB_LISTING), "https://www.enabbaladi.net/archives/category/online"),
        (garbage, None),
        (SANA_PAGE, SANA_URL),
        (local, None),
    ]
    records = list(extract_many(iter(items)))
    assert [r["path"] for r in records] == [str(p) for p, _ in items]
    assert [r["error"] for r in records] == [
        None, "unreadable", "not_article", "bad_html", None, None,
    ]  # fmt: skip
    assert [r["source"] for r in records] == [
        "enabbaladi", "sana", "enabbaladi", None, "sana", "homs_news",
    ]  # fmt: skip
    assert records[1]["url"] == "https://sana.sy/?p=1"
    assert records[0]["headline"] and records[4]["headline"] and records[5]["headline"]
    assert list(records[0]) == ["path", *RECORD_KEYS]
    json.dumps(records, ensure_ascii=False)
