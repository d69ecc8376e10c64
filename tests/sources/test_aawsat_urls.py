"""aawsat URL rules: which URLs are articles, their ids, and the canonical form."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from sources import aawsat

LEVANT = "/العالم-العربي/المشرق-العربي"
SLUG = "5086045-طائرات-سورية-وروسية-تقصف-شمال-غربي-سوريا"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://aawsat.com{LEVANT}/{SLUG}", "aawsat:5086045"),
        (f"https://aawsat.com{quote(LEVANT)}/{quote(SLUG)}", "aawsat:5086045"),
        (f"https://www.aawsat.com{LEVANT}/{SLUG}/", "aawsat:5086045"),
        (f"https://m.aawsat.com{LEVANT}/{SLUG}?utm_source=x#top", "aawsat:5086045"),
        (f"http://AAWSAT.com:443{quote(LEVANT)}/{quote(SLUG)}", "aawsat:5086045"),
        ("https://aawsat.com/الرأي/5087001-مقال-رأي", "aawsat:5087001"),
        (f"https://aawsat.com/{quote('الرأي')}/5087001-{quote('مقال')}", "aawsat:5087001"),
        ("https://aawsat.com/home/article/3654321/سوريا-درعا", "aawsat:3654321"),
        ("https://aawsat.com/home/article/3654321/", "aawsat:3654321"),
        (f"https://aawsat.com/home/article/3654321/{quote('سوريا-درعا')}?amp", "aawsat:3654321"),
        ("https://aawsat.com/node/5086045", "aawsat:5086045"),
        ("https://aawsat.com/node/5086045/", "aawsat:5086045"),
        ("https://www.aawsat.com/node/5086045?fbclid=abc", "aawsat:5086045"),
        ("/node/5086045", "aawsat:5086045"),
        (f"{LEVANT}/{SLUG}", "aawsat:5086045"),
    ],
)
def test_article_id_of_article_urls(url: str, expected: str) -> None:
    assert aawsat.article_id(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://aawsat.com/",
        "https://aawsat.com",
        f"https://aawsat.com{LEVANT}",
        f"https://aawsat.com{quote(LEVANT)}?page=2",
        "https://aawsat.com/العالم",
        "https://aawsat.com/taxonomy/term/12345",
        "https://aawsat.com/taxonomy/term/12345/feed",
        "https://aawsat.com/node/5086045/edit",
        "https://aawsat.com/node/abc",
        "https://aawsat.com/node/٥٠٨٦٠٤٥",
        "https://aawsat.com/search?q=سوريا",
        "https://aawsat.com/search/node/5086045-x",
        "https://aawsat.com/sites/default/files/2024-11/5086045-photo.jpg",
        "https://aawsat.com/files/5086045-report.pdf",
        "https://aawsat.com/feed/arab-world",
        "https://aawsat.com/sitemap.xml",
        "https://aawsat.com/home/article/abc/x",
        "https://aawsat.com/user/123-name",
        "https://english.aawsat.com/node/5086045",
        "https://example.com/node/5086045",
        f"https://example.com{LEVANT}/{SLUG}",
        "mailto:news@aawsat.com",
        "https://static.srpcdigital.com/styles/1037xauto/public/2024-11/5086045-x.jpeg.webp",
        "",
    ],
)
def test_article_id_is_none_for_other_urls(url: str) -> None:
    assert aawsat.article_id(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"http://www.aawsat.com{quote(LEVANT)}/{quote(SLUG)}?utm_source=tw&utm_medium=x#frag",
            f"https://aawsat.com{LEVANT}/{SLUG}",
        ),
        (f"https://m.aawsat.com{LEVANT}/{SLUG}/", f"https://aawsat.com{LEVANT}/{SLUG}"),
        ("https://aawsat.com/node/5086045?amp", "https://aawsat.com/node/5086045"),
        (
            "https://aawsat.com/node/5086045?amp=1&fbclid=x&gclid=y",
            "https://aawsat.com/node/5086045",
        ),
        (
            f"https://aawsat.com{quote(LEVANT)}?page=2&utm_campaign=c",
            f"https://aawsat.com{LEVANT}?page=2",
        ),
        ("/home/article/3654321/x", "https://aawsat.com/home/article/3654321/x"),
        ("https://aawsat.com", "https://aawsat.com/"),
        # A percent sign or a space that was encoded stays encoded after decoding.
        ("https://aawsat.com/a%2520b/1-x%20y", "https://aawsat.com/a%2520b/1-x%20y"),
        # Invalid UTF-8 escapes are left as they are.
        ("https://aawsat.com/%D8/1-x", "https://aawsat.com/%D8/1-x"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert aawsat.canonical_url(url) == expected


def test_canonical_url_keeps_article_id() -> None:
    url = f"https://www.aawsat.com{quote(LEVANT)}/{quote(SLUG)}?utm_source=x"
    assert aawsat.article_id(aawsat.canonical_url(url)) == aawsat.article_id(url)


def test_module_constants() -> None:
    assert aawsat.SITE == "aawsat"
    assert aawsat.PARSER_VERSION.startswith("aawsat-")
    assert aawsat.PUBLIC_ORIGIN == "https://aawsat.com"
    assert {"aawsat.com", "www.aawsat.com", "m.aawsat.com"} == set(aawsat.HOSTS)
    assert aawsat.ENTRY_POINTS.sitemaps == ["/sitemap.xml"]
    assert aawsat.ENTRY_POINTS.listings == ["/العالم-العربي/المشرق-العربي"]
    assert aawsat.ENTRY_POINTS.feeds == ["/feed/arab-world"]
