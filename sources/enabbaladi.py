"""Enab Baladi (enabbaladi.net, Arabic edition): URL rules and the article page parser.

Layout known (WordPress): headline `article h1`, section label `.post-cat a`, byline
`.post-meta .post-author` (`CITY – NAME` or the desk `عنب بلدي`), visible date
`.post-meta .post-date` (WordPress `F j, Y` such as `نوفمبر 3, 2024`, or day-first with a
Levantine month such as `14 آب 2024`), lead image `figure.post-thumbnail img` with a
`figcaption` ending in `(عنب بلدي/ PHOTOGRAPHER)`, body `div.content-article > p`, tags
`.post-tags a[rel=tag]`, related cards `.related-posts`; machine dates in
`meta[property=article:published_time]`/`article:modified_time` and the Yoast JSON-LD graph.
Listing cards are `div.one-post` (`.item-content a > h3`, a `samp` date), paginated as
`/archives/category/online/page/{n}`. Only the body, date meta and cards are confirmed by public
scrapers; every other selector falls back to `sources.generic`.

URLs: articles `/archives/{id}` (an optional slug after the id is tolerated) and the shortlink
`/?p={id}`; `article_id` is `enabbaladi:{id}`. Category, tag, author and date archives are not
articles. The English edition (english.enabbaladi.net) is another host and not handled here.
"""

from __future__ import annotations

import re
from typing import Any

from sources.base import ARABIC_EDITION, EntryPoints
from sources.generic import (
    Profile,
    cls,
    normalize_on_origin,
    outlet_path,
    parse_with,
)

SITE = "enabbaladi"
PARSER_VERSION = "enabbaladi-2026.11.1"
PUBLIC_ORIGIN = "https://www.enabbaladi.net"
HOSTS = frozenset({"enabbaladi.net", "www.enabbaladi.net"})
PATHS = ARABIC_EDITION  # every path on its hosts but another language edition's
DEFAULT_TZ = "Asia/Damascus"
ENTRY_POINTS = EntryPoints(listings=["/archives/category/online"])
LISTING_PAGE = "/archives/category/online/page/{n}"
LISTING_LINKS = "div.one-post .item-content a[href]"

_ARCHIVE = re.compile(r"^/archives/(\d+)(?:/[^/]*)?/?$")


def _post_id(url: str) -> str | None:
    found = outlet_path(url, HOSTS)
    if found is None:
        return None
    path, query = found
    m = _ARCHIVE.match(path)
    if m:
        return m.group(1)
    if path == "/" and query.get("p", "").isdigit():
        return query["p"]
    return None


def article_id(url: str) -> str | None:
    """`enabbaladi:{id}` for `/archives/{id}` or `/?p={id}` on an Enab Baladi host, else None."""
    post = _post_id(url)
    return f"{SITE}:{post}" if post else None


def canonical_url(url: str) -> str:
    """`https://www.enabbaladi.net/archives/{id}` for an article; other URLs normalised."""
    post = _post_id(url)
    if post:
        return f"{PUBLIC_ORIGIN}/archives/{post}"
    return normalize_on_origin(url, HOSTS, PUBLIC_ORIGIN)


PROFILE = Profile(
    site=SITE,
    parser_version=PARSER_VERSION,
    article_id=article_id,
    canonical_url=canonical_url,
    origin=PUBLIC_ORIGIN,
    headline=("//article//h1",),
    body=(f"//div[{cls('content-article')}]/p",),
    date=(f"//article//*[{cls('post-meta')}]//*[{cls('post-date')}]",),
    byline=(f"//article//*[{cls('post-meta')}]//*[{cls('post-author')}]",),
    section=(f"//article//*[{cls('post-cat')}]//a",),
    tags=(f"//*[{cls('post-tags')}]//a[contains(@rel, 'tag')]",),
    image=(f"//article//figure[{cls('post-thumbnail')}]//img",),
    caption=(f"//article//figure[{cls('post-thumbnail')}]//figcaption",),
    related=(f"//*[{cls('related-posts')}]//a[@href]",),
)


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one Enab Baladi article page into a `ParsedArticleModel` record."""
    return parse_with(html, url, PROFILE)
