"""BBC News Arabic (bbc.com/arabic): URL rules and the article page parser.

Layout known (the World Service "Simorgh" pages): JSON-LD `ReportageNewsArticle` (dates,
headline; its author is the organisation `BBC News عربي`), `main h1`, byline `.bbc-byline`
(name, then role), `<time datetime>` with the visible date `3 يناير/ كانون الثاني 2025`
(Gregorian and Levantine month names joined by a slash), figures whose caption and credit
carry visually hidden labels (`التعليق على الصورة،`, `صدر الصورة،`: never part of the values),
body blocks `div.bbc-text-block > p` with `h2` subheadings (kept as paragraphs, as aawsat's
are), topics (`tags`) and related stories as labelled sections. Class names on the real site
are generated (`bbc-1x2y3z`), so every selector here falls back to `sources.generic`
(JSON-LD, `main`, trafilatura). Feed: `/arabic/index.xml` (RSS).

URLs: `/arabic/articles/{id}` (`c` + letters and digits + `o`) and the older
`/arabic/{section}-{digits}` (e.g. `/arabic/middleeast-66421873`); `article_id` is
`bbcarabic:{id}` or `bbcarabic:{digits}`. Topic, live, institutional and other services'
pages are not articles.
"""

from __future__ import annotations

import re
from typing import Any

from sources.base import EntryPoints
from sources.generic import (
    Profile,
    cls,
    normalize_on_origin,
    outlet_path,
    parse_with,
)

SITE = "bbcarabic"
PARSER_VERSION = "bbcarabic-2026.11.1"
PUBLIC_ORIGIN = "https://www.bbc.com"
HOSTS = frozenset({"bbc.com", "www.bbc.com", "bbc.co.uk", "www.bbc.co.uk"})
# The Arabic service only: bbc.com/news, /persian, /sport … are other outlets (generic).
PATHS = re.compile(r"^/arabic(?:/|$)")
DEFAULT_TZ = "Europe/London"
ENTRY_POINTS = EntryPoints(feeds=["/arabic/index.xml"])
LISTING_LINKS = "main h3 a[href]"

_ARTICLES = re.compile(r"^/arabic/articles/(c[0-9a-z]{8,14}o)(?:\.amp)?/?$")
_ASSET = re.compile(r"^/arabic/([a-z][a-z0-9-]*?)-(\d{6,})(?:\.amp)?/?$")
_NOT_SECTIONS = frozenset({"institutional", "topics", "live", "podcasts"})


def _article(url: str) -> tuple[str, str] | None:
    """(id, canonical path) of a BBC Arabic article URL."""
    found = outlet_path(url, HOSTS)
    if found is None:
        return None
    path = found[0]
    m = _ARTICLES.match(path)
    if m:
        return m.group(1), f"/arabic/articles/{m.group(1)}"
    m = _ASSET.match(path)
    if m and m.group(1) not in _NOT_SECTIONS:
        return m.group(2), f"/arabic/{m.group(1)}-{m.group(2)}"
    return None


def article_id(url: str) -> str | None:
    """`bbcarabic:{id}` for `/arabic/articles/{id}` or `/arabic/{section}-{digits}`, else None."""
    found = _article(url)
    return f"{SITE}:{found[0]}" if found else None


def canonical_url(url: str) -> str:
    """`https://www.bbc.com/arabic/...` for an article (no `.amp`); other URLs normalised."""
    found = _article(url)
    if found:
        return PUBLIC_ORIGIN + found[1]
    return normalize_on_origin(url, HOSTS, PUBLIC_ORIGIN)


_FIRST_FIGURE = "(//main//figure)[1]"
PROFILE = Profile(
    site=SITE,
    parser_version=PARSER_VERSION,
    article_id=article_id,
    canonical_url=canonical_url,
    origin=PUBLIC_ORIGIN,
    headline=("//main//h1",),
    body=(f"//main//div[{cls('bbc-text-block')}]/p | //main//h2[{cls('bbc-subheading')}]",),
    date=(f"//main//*[{cls('bbc-timestamp')}]//time", "//main//time"),
    byline=(f"//main//*[{cls('bbc-byline-name')}]",),
    tags=("//main//section[@aria-labelledby='related-topics']//a",),
    image=(f"{_FIRST_FIGURE}//img",),
    caption=(f"{_FIRST_FIGURE}//figcaption",),
    credit=(f"{_FIRST_FIGURE}//*[{cls('bbc-image-copyright')}]",),
    related=("//main//section[@aria-labelledby='related-content-heading']//a[@href]",),
)


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one BBC News Arabic article page into a `ParsedArticleModel` record."""
    return parse_with(html, url, PROFILE)
