"""The committed local aawsat.com copy is what build.py writes, and the golden records match it.

Checks: rerunning the generator is byte-identical to the committed files; every page parses;
article pages weigh 60-200 KB; every golden field that a page displays (headline, paragraphs,
byline, date lines, caption, tags, related links, canonical URL) is in that page; date lines,
Hijri dates and UTC values agree (re-derived here independently of build.py, Arabic-Indic
digits and Levantine month names included); redirects, sitemaps, the listing and the feed
point at pages that exist. Pages of the standard current layout are also checked element by
element; markup-variant pages (`variant` in aawsat_pages.py) by their visible text.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from hijridate import Gregorian

SITE = Path(__file__).resolve().parent
TESTS = SITE.parent
WWW = SITE / "www"
GOLDEN_DIR = TESTS / "golden" / "aawsat"
ORIGIN = "https://aawsat.com"

GOLDENS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN_DIR.glob("*.json"))}
_spec = importlib.util.spec_from_file_location("aawsat_pages_for_tests", SITE / "aawsat_pages.py")
assert _spec and _spec.loader
PAGES = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(PAGES)
VARIANT = {a["key"]: a.get("variant") for a in PAGES.ARTICLES}

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
HIJRI_MONTHS = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
KEYS = ["path", "url", "article_id", "site", "canonical_url", "layout", "article_type", "section",
        "subsection", "headline", "subheadline", "byline", "author", "dateline", "date_text",
        "paragraphs", "lead_image_url", "image_caption", "image_credit", "tags", "related_ids",
        "published_at", "updated_at", "published_hijri", "is_syria", "expected_state",
        "expected_reason"]


def C(name: str) -> str:
    """XPath test for one class name (no cssselect dependency)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def page_file(url_path: str, page: int = 0) -> Path:
    name = "index.html" if page == 0 else f"index.page-{page}.html"
    return WWW / url_path.strip("/") / name


def tree(url_path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page_file(url_path).read_bytes())


def flat(text: str) -> str:
    return " ".join(text.split())


def visible_text(doc: lxml.html.HtmlElement) -> str:
    doc = lxml.html.fromstring(lxml.html.tostring(doc))
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return flat(doc.text_content())


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rerunning_the_generator_is_byte_identical(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SITE / "build.py"), "--root", str(tmp_path)], check=True)
    assert files_under(tmp_path / "site" / "www") == files_under(WWW)
    assert files_under(tmp_path / "golden" / "aawsat") == files_under(GOLDEN_DIR)
    for name in ("redirects.json", "MANIFEST.md"):
        assert (tmp_path / "site" / name).read_bytes() == (SITE / name).read_bytes(), name


def test_every_html_page_parses_and_is_arabic_rtl() -> None:
    pages = sorted(WWW.rglob("*.html"))
    assert len(pages) >= 14
    for p in pages:
        raw = p.read_bytes()
        assert b"127.0.0.1" not in raw and b"localhost" not in raw, p
        doc = lxml.html.fromstring(raw)
        assert doc.get("lang") == "ar" and doc.get("dir") == "rtl", p


def test_one_golden_per_article_with_all_keys() -> None:
    assert len(GOLDENS) == len(PAGES.ARTICLES) >= 20
    assert sum(1 for v in VARIANT.values() if v) >= 10
    for name, g in GOLDENS.items():
        assert list(g) == KEYS, name
        nid = re.search(r"/(\d+)[-/]", g["path"]).group(1)
        assert g["article_id"] == "aawsat:" + nid
        assert g["url"] == ORIGIN + g["path"]
        assert g["canonical_url"] in (g["url"], f"{ORIGIN}/node/{nid}"), name


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_article_page_shows_its_golden_record(name: str) -> None:
    g = GOLDENS[name]
    raw = page_file(g["path"]).read_bytes()
    assert 60 * 1024 <= len(raw) <= 200 * 1024, len(raw)
    doc = lxml.html.fromstring(raw)
    text = visible_text(doc)

    canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
    assert unquote(canonical) == g["canonical_url"]
    assert unquote(doc.xpath("//meta[@property='og:url']/@content")[0]) == g["canonical_url"]

    standard = g["layout"] == "current" and VARIANT[name] is None
    if standard:
        article = doc.xpath(f"//*[@id='block-aawsatv3-content']//*[{C('printable-area')}]//article")
        assert len(article) == 1
        assert [flat(h.text_content()) for h in doc.xpath(f"//*[{C('entry-title')}]//h1")] == [g["headline"]]
        content = doc.xpath(f"//*[{C('entry-content')}]")
        assert len(content) == 1
        images = doc.xpath(f"//*[{C('entry-media')}]//*[{C('img-field')}]//img")
        assert [i.get("src") for i in images] == ([g["lead_image_url"]] if g["lead_image_url"] else [])
        crumbs = [flat(li.text_content()) for li in doc.xpath(f"//nav[{C('breadcrumb')}]//li[{C('breadcrumb-item')}]")]
        assert crumbs == ["الرئيسية", g["section"]] + ([g["subsection"]] if g["subsection"] else [])
        body_text = flat(content[0].text_content())
        assert ("TT " + g["headline"]) in text
        assert (g["article_type"] == "opinion") == bool(doc.xpath(f"//article[{C('node--type-opinion')}]"))
    elif g["layout"] == "current":
        # Variant markup: the same facts, found by visible text rather than by class.
        assert [flat(h.text_content()) for h in doc.xpath("//h1")] == [g["headline"]]
        assert doc.xpath("//article"), "an article element"
        sources = doc.xpath("//img/@src | //amp-img/@src")
        assert (g["lead_image_url"] in sources) if g["lead_image_url"] else True
        crumb = flat(" ".join(e.text_content() for e in doc.xpath(f"//*[{C('breadcrumb')} or {C('amp-breadcrumb')}]")))
        assert g["section"] in crumb and (g["subsection"] or "") in crumb
        body_text = text
        if g["article_type"] == "opinion":
            assert g["section"] == "الرأي"
    else:
        assert flat(doc.xpath("//div[@id='article_content']//h2")[0].text_content()) == g["headline"]
        assert flat(doc.xpath("//div[@id='update_date']")[0].text_content()) == g["date_text"]
        assert flat(doc.xpath(f"//*[{C('node_new_resource')}]")[0].text_content()) == g["byline"]
        src = doc.xpath(f"//*[{C('node_new_photo')}]//img")[0].get("src")
        assert ORIGIN + src == g["lead_image_url"]
        body_text = flat(doc.xpath(f"//*[{C('node_new_body')}]")[0].text_content())

    for par in g["paragraphs"]:
        assert flat(par) in body_text, par[:40]
    if not g["paragraphs"]:
        assert body_text == "" and g["expected_state"] == "quarantined" and g["expected_reason"] == "no_body"
    else:
        assert g["expected_state"] == "loaded" and g["expected_reason"] is None
    for line in g["date_text"].split("\n"):
        assert line in text, line
    if g["byline"]:
        assert g["byline"] in text
        assert g["author"] in g["byline"]
        assert g["dateline"] is None or g["dateline"] in g["byline"]
    if g["subheadline"]:
        assert g["subheadline"] in text
    if g["image_caption"]:
        shown = text.count(f"{g['image_caption']} ({g['image_credit']})")
        if standard:
            assert shown == 2  # overlay + figcaption
        else:
            assert shown >= 1
    for tag in g["tags"]:
        assert tag in text

    linked = {unquote(urlsplit(h).path) for h in doc.xpath("//a/@href")}
    by_id = {x["article_id"]: x["path"] for x in GOLDENS.values()}
    for rid in g["related_ids"]:
        assert by_id[rid] in linked, rid
    if g["related_ids"]:
        assert "مقالات ذات صلة" in text

    for ld in doc.xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(ld)
        assert data["headline"] == g["headline"]
        assert _utc(data["datePublished"]) == g["published_at"]
        assert _utc(data["dateModified"]) == g["updated_at"] if "dateModified" in data else True


def _utc(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


PUBLISHED = re.compile(r"نُشر: (\d\d):(\d\d)-(\d+) (.+?) (\d{4}) م ـ (\d+) (.+?) (\d{4}) هـ$")
UPDATED = re.compile(r"(?:آخر )?تحديث: (\d\d):(\d\d)-(\d+) (.+?) (\d{4}) م ـ (\d+) (.+?) (\d{4}) هـ$")
PLAIN = re.compile(r"(\S+) (\d+) (.+?) (\d{4}) - (\d\d):(\d\d) (ص|م)$")
PRINTED = re.compile(r"(\S+) - (\d+) (.+?) (\d{4}) هـ - (\d+) (.+?) (\d{4}) مـ رقم العدد \[ ?(\d+)\]$")


def _month(name: str) -> int:
    return (MONTHS.index(name) if name in MONTHS else LEVANTINE.index(name)) + 1


def _check_hijri(local: dt.datetime, hd: str, hmon: str, hy: str) -> None:
    h = Gregorian(local.year, local.month, local.day).to_hijri()
    assert (int(hd), hmon, int(hy)) == (h.day, HIJRI_MONTHS[h.month - 1], h.year)


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_dates_agree_with_the_calendar(name: str) -> None:
    g = GOLDENS[name]
    saudi = dt.timezone(dt.timedelta(hours=3))
    published, *rest = g["date_text"].translate(WESTERN).split("\n")
    if m := PUBLISHED.match(published):
        hh, mi, d, mon, y, hd, hmon, hy = m.groups()
        local = dt.datetime(int(y), _month(mon), int(d), int(hh), int(mi), tzinfo=saudi)
    elif m := PLAIN.match(published):  # no Hijri date shown
        wd, d, mon, y, hh, mi, half = m.groups()
        hour = int(hh) % 12 + (12 if half == "م" else 0)
        local = dt.datetime(int(y), _month(mon), int(d), hour, int(mi), tzinfo=saudi)
        assert WEEKDAYS[local.weekday()] == wd
        hd = hmon = hy = None
    else:
        m = PRINTED.match(published)
        assert m, published
        wd, hd, hmon, hy, d, mon, y, _issue = m.groups()
        local = dt.datetime(int(y), _month(mon), int(d), tzinfo=saudi)
        assert WEEKDAYS[local.weekday()] == wd
    if hd is None:
        assert g["published_hijri"] is None
    else:
        _check_hijri(local, hd, hmon, hy)
        assert g["published_hijri"] == f"{hd} {hmon} {hy}"
    assert g["published_at"] == _utc(local.isoformat())
    text = visible_text(tree(g["path"]))
    if g["updated_at"]:
        assert len(rest) == 1
        m = UPDATED.match(rest[0])
        hh, mi, d, mon, y, hd, hmon, hy = m.groups()
        upd = dt.datetime(int(y), _month(mon), int(d), int(hh), int(mi), tzinfo=saudi)
        _check_hijri(upd, hd, hmon, hy)
        assert g["updated_at"] == _utc(upd.isoformat())
    else:
        assert rest == []
        assert not re.search(r"(?:آخر )?تحديث:", text)


def test_redirects_point_at_article_pages() -> None:
    redirects = json.loads((SITE / "redirects.json").read_text(encoding="utf-8"))
    paths = {g["path"] for g in GOLDENS.values()}
    assert set(redirects.values()) == paths
    for short, target in redirects.items():
        assert short == "/node/" + re.search(r"/(\d+)[-/]", target).group(1)
        assert page_file(target).is_file()


def _loc_to_file(loc: str) -> Path:
    parts = urlsplit(loc)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN
    path = unquote(parts.path)
    page = int(parts.query.split("=")[1]) if parts.query else 0
    if "." in path.rsplit("/", 1)[-1]:
        stem, ext = path.strip("/").rsplit(".", 1)
        return WWW / (f"{stem}.page-{page}.{ext}" if page else f"{stem}.{ext}")
    return page_file(path, page)


def test_sitemaps_list_every_article_and_one_section_page() -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(WWW / "sitemap.xml").getroot()
    assert index.tag.endswith("sitemapindex")
    locs: list[str] = []
    for sub in index.findall("s:sitemap/s:loc", ns):
        urlset = ET.parse(_loc_to_file(sub.text)).getroot()
        for url in urlset.findall("s:url", ns):
            locs.append(url.find("s:loc", ns).text)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00", url.find("s:lastmod", ns).text)
    decoded = {unquote(loc) for loc in locs}
    articles = {g["url"] for g in GOLDENS.values()}
    assert articles < decoded and decoded - articles == {ORIGIN + "/العالم-العربي"}
    for loc in locs:
        assert _loc_to_file(loc).is_file(), loc


def test_levant_listing_paginates_and_links_exist() -> None:
    redirects = json.loads((SITE / "redirects.json").read_text(encoding="utf-8"))
    base = "/العالم-العربي/المشرق-العربي"
    seen = []
    for page, has_next in ((0, True), (1, False)):
        doc = lxml.html.fromstring(page_file(base, page).read_bytes())
        nxt = doc.xpath(f"//ul[{C('pagination')}]/li[{C('next')}]/a")
        assert bool(nxt) == has_next
        if has_next:
            assert nxt[0].get("href") == f"?page={page + 1}"
        for a in doc.xpath(f"//*[{C('article-item-info')}]//*[{C('article-item-title')}]//h2//a"):
            path = unquote(a.get("href"))
            seen.append(redirects.get(path, path))
    levant = {g["path"] for g in GOLDENS.values() if g["subsection"] == "المشرق العربي"}
    assert set(seen) == levant and len(seen) == len(levant)


def test_feed_and_robots() -> None:
    channel = ET.parse(WWW / "feed" / "arab-world" / "index.xml").getroot().find("channel")
    items = channel.findall("item")
    assert items
    by_url = {g["url"]: g for g in GOLDENS.values()}
    for item in items:
        g = by_url[unquote(item.findtext("link"))]
        pub = dt.datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
        assert _utc(pub.isoformat()) == g["published_at"]
    robots = (WWW / "robots.txt").read_text(encoding="utf-8")
    for line in ("User-agent: *", "Disallow: /search", "Disallow: /user/", "Disallow: /admin/",
                 "Sitemap: https://aawsat.com/sitemap.xml"):
        assert line in robots.splitlines()
    assert "crawl-delay" not in robots.lower()
