"""Discovery parsing: sitemaps, feeds and listings, inline documents and the local site's files."""

from __future__ import annotations

import gzip
import importlib.util
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from sources import aawsat
from sources.base import DiscoveredUrl
from sources.discovery import parse_feed, parse_listing, parse_sitemap

BASE = "https://aawsat.com/"
SITE = Path(__file__).resolve().parents[1] / "site" / "www"

SITEMAP_INDEX = """\ufeff
  <?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc> https://aawsat.com/sitemap.xml?page=1 </loc><lastmod>2024-11-28</lastmod></sitemap>
  <sitemap><loc>/sitemap.xml?page=2</loc></sitemap>
</sitemapindex>
"""

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/5087364-x</loc>
    <lastmod>2024-11-28T17:02:00+03:00</lastmod>
  </url>
  <url>
    <loc>https://aawsat.com/node/3467011</loc>
    <news:news>
      <news:publication><news:name>الشرق الأوسط</news:name><news:language>ar</news:language>
      </news:publication>
      <news:publication_date>2022-02-11T00:00:00+03:00</news:publication_date>
      <news:title>درعا على موعد مع تسويات جديدة</news:title>
    </news:news>
  </url>
  <url><loc>https://aawsat.com/node/1?a=1&amp;b=2</loc></url>
  <url><loc>https://aawsat.com/node/3467011</loc></url>
</urlset>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>العالم العربي</title><link>https://aawsat.com/</link>
<item><title>أ</title><link>https://aawsat.com/node/5087582</link>
<pubDate>Thu, 28 Nov 2024 16:45:00 +0000</pubDate></item>
<item><title>ب</title><guid isPermaLink="true">/node/5087364</guid></item>
<item><title>د</title><guid isPermaLink="false">5087000 at https://aawsat.com</guid></item>
<item><title>ه</title><guid>5087001 at https://aawsat.com</guid></item>
<item><title>ج</title><link>
  https://aawsat.com/node/4312077
</link><dc:date>2023-05-06</dc:date></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="alternate" href="/node/5087582"/>
<link rel="enclosure" href="/x.jpg"/><updated>2024-11-28T16:45:00Z</updated></entry>
<entry><title>b</title><link href="https://aawsat.com/node/5087364"/>
<published>2024-11-28T12:20:00Z</published></entry>
</feed>"""

LISTING = """<html><head><link rel="next" href="/ignored-when-pager-exists"></head><body>
<div class="article-item"><div class="article-item-info">
  <div class="article-item-title"><h2>
    <a href="/العالم-العربي/المشرق-العربي/5087582-x">t</a></h2></div>
  <div class="author"><a href="/taxonomy/term/1">كاتب</a></div></div></div>
<div class="article-item"><div class="article-item-info">
  <div class="article-item-title"><h2><a href="%D8%A7/5087364-y">t</a></h2></div></div></div>
<div class="node node--type-opinion" data-vr-contentbox-url="/الرأي/4316411-z"><h3>رأي</h3></div>
<ul class="pagination"><li class="prev"><a href="?page=0">«</a></li>
<li class="next"><a href="?page=2">»</a></li></ul>
</body></html>"""

LEGACY_LISTING = """<html><body><div id="ac_small">
<div class="views-row"><a href="/home/article/3467011/x"><img></a>
  <span class="field-content"><a href="/home/article/3467011/x">t</a></span></div>
<div class="views-row"><a href="/node/3383751">t</a><a href="/taxonomy/term/9">قسم</a></div>
</div><ul class="pagination"><li class="next last"><a href="/section?page=3">التالي</a></li></ul>
</body></html>"""


def test_sitemap_index_tolerates_bom_whitespace_and_relative_locs() -> None:
    urls, children = parse_sitemap(SITEMAP_INDEX, BASE)
    assert urls == []
    assert children == [
        "https://aawsat.com/sitemap.xml?page=1",
        "https://aawsat.com/sitemap.xml?page=2",
    ]


@pytest.mark.parametrize("as_bytes", [False, True])
def test_urlset_with_lastmod_and_news_dates(as_bytes: bool) -> None:
    doc: str | bytes = URLSET.encode() if as_bytes else URLSET
    urls, children = parse_sitemap(doc, BASE)
    assert children == []
    assert urls == [
        DiscoveredUrl(
            "https://aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/5087364-x",
            "sitemap",
            "2024-11-28T17:02:00+03:00",
        ),
        DiscoveredUrl("https://aawsat.com/node/3467011", "sitemap", "2022-02-11T00:00:00+03:00"),
        DiscoveredUrl("https://aawsat.com/node/1?a=1&b=2", "sitemap", None),
    ]


def test_sitemap_without_namespace_gzip_and_garbage() -> None:
    plain = "<urlset><url><loc>/node/7</loc><lastmod>2024-01-01</lastmod></url></urlset>"
    assert parse_sitemap(gzip.compress(plain.encode()), BASE)[0] == [
        DiscoveredUrl("https://aawsat.com/node/7", "sitemap", "2024-01-01")
    ]
    assert parse_sitemap("", BASE) == ([], [])
    assert parse_sitemap("<html><body>502 Bad Gateway</body></html>", BASE) == ([], [])
    truncated = plain[:-20]
    assert [u.url for u in parse_sitemap(truncated, BASE)[0]] == ["https://aawsat.com/node/7"]


def test_rss_feed() -> None:
    assert parse_feed(RSS, BASE) == [
        DiscoveredUrl("https://aawsat.com/node/5087582", "feed", "Thu, 28 Nov 2024 16:45:00 +0000"),
        DiscoveredUrl("https://aawsat.com/node/5087364", "feed", None),
        DiscoveredUrl("https://aawsat.com/node/4312077", "feed", "2023-05-06"),
    ]


def test_atom_feed() -> None:
    assert parse_feed(ATOM.encode(), BASE) == [
        DiscoveredUrl("https://aawsat.com/node/5087582", "feed", "2024-11-28T16:45:00Z"),
        DiscoveredUrl("https://aawsat.com/node/5087364", "feed", "2024-11-28T12:20:00Z"),
    ]


def test_listing_current_cards_opinion_cards_and_pager() -> None:
    base = "https://aawsat.com/العالم-العربي/المشرق-العربي"
    urls, next_url = parse_listing(LISTING, base)
    assert [u.url for u in urls] == [
        "https://aawsat.com/العالم-العربي/المشرق-العربي/5087582-x",
        "https://aawsat.com/العالم-العربي/%D8%A7/5087364-y",
        "https://aawsat.com/الرأي/4316411-z",
    ]
    assert {u.discovered_via for u in urls} == {"listing"}
    assert next_url == base + "?page=2"


def test_listing_legacy_rows_filtered_to_articles() -> None:
    urls, next_url = parse_listing(
        LEGACY_LISTING, BASE, is_article=lambda u: bool(aawsat.article_id(u))
    )
    assert [u.url for u in urls] == [
        "https://aawsat.com/home/article/3467011/x",
        "https://aawsat.com/node/3383751",
    ]
    assert next_url == "https://aawsat.com/section?page=3"


def test_listing_rel_next_and_last_page() -> None:
    html = '<html><head><link rel="next" href="?page=1"></head><body></body></html>'
    assert parse_listing(html, BASE) == ([], "https://aawsat.com/?page=1")
    assert parse_listing("<html><body><p>nothing</p></body></html>", BASE) == ([], None)


# --------------------------------------------------------------------------- the local site


def site_data() -> ModuleType:
    """The local site's source data (`tests/site/aawsat_pages.py`): what its pages list."""
    path = SITE.parent / "aawsat_pages.py"
    if not path.exists():
        pytest.skip("local site data not built")
    spec = importlib.util.spec_from_file_location("aawsat_pages", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site_file(name: str) -> bytes:
    path = SITE / name
    if not path.exists():
        pytest.skip(f"{path} not built")
    return path.read_bytes()


def ids(urls: list[DiscoveredUrl]) -> list[str | None]:
    return [aawsat.article_id(u.url) for u in urls]


def test_site_sitemap_index() -> None:
    urls, children = parse_sitemap(site_file("sitemap.xml"), "https://aawsat.com/sitemap.xml")
    assert urls == []
    assert children == [
        "https://aawsat.com/sitemap.xml?page=1",
        "https://aawsat.com/sitemap.xml?page=2",
    ]


def test_site_sitemap_pages() -> None:
    data = site_data()
    current = {f"aawsat:{a['nid']}" for a in data.ARTICLES if a["layout"] == "current"}
    legacy = {f"aawsat:{a['nid']}" for a in data.ARTICLES if a["layout"] == "legacy"}
    page1, _ = parse_sitemap(site_file("sitemap.page-1.xml"), BASE)
    page2, _ = parse_sitemap(site_file("sitemap.page-2.xml").decode(), BASE)
    assert set(ids(page1)) == current
    assert set(ids(page2)) - {None} == legacy
    # The one non-article URL is the section page, which discovery keeps for the flow to skip.
    others = [aawsat.canonical_url(u.url) for u in page2 if aawsat.article_id(u.url) is None]
    assert others == ["https://aawsat.com/العالم-العربي"]
    for url in page1 + page2:
        assert url.discovered_via == "sitemap"
        assert url.lastmod is not None and datetime.fromisoformat(url.lastmod).tzinfo is not None


def test_site_feed() -> None:
    data = site_data()
    urls = parse_feed(site_file("feed/arab-world/index.xml"), "https://aawsat.com/feed/arab-world")
    assert ids(urls) == [f"aawsat:{nid}" for nid in data.FEED_ARAB_WORLD]
    assert all(u.discovered_via == "feed" and u.lastmod for u in urls)


def test_site_listing_pages_and_pager() -> None:
    data = site_data()
    base = "https://aawsat.com/العالم-العربي/المشرق-العربي"
    first, next_url = parse_listing(
        site_file("العالم-العربي/المشرق-العربي/index.html").decode(), base
    )
    assert ids(first) == [f"aawsat:{nid}" for nid in data.LEVANT_LISTING_PAGES[0]]
    assert next_url is not None and aawsat.canonical_url(next_url) == base + "?page=1"
    second, last = parse_listing(
        site_file("العالم-العربي/المشرق-العربي/index.page-1.html").decode(), base + "?page=1"
    )
    assert ids(second) == [f"aawsat:{nid}" for nid in data.LEVANT_LISTING_PAGES[1]]
    assert last is None
    node_links = [u.url for u in second if "/node/" in u.url]
    assert node_links == [
        f"https://aawsat.com/node/{nid}" for nid in data.LEVANT_LISTING_NODE_LINKS
    ]
    assert all(u.discovered_via == "listing" for u in first + second)
