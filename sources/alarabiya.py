"""Al Arabiya (alarabiya.net, Arabic edition): URL rules and the article page parser.

Layout known: breadcrumb `.breadcrumb li` (section `العرب والعالم`, subsection `سوريا`),
headline `article h1`, byline `.source-info` (`CITY - العربية.نت` or the desk alone), dates
`.timeDate .timeDate_element` (`نشر في: 22 يناير ,2025: 11:40 ص GST` and an `آخر تحديث:` line,
Gulf Standard Time = Asia/Dubai; older pages show `٩ ديسمبر ٢٠٢٤` in Arabic-Indic digits), lead
image `.article-main-image img` with a `figcaption` ending in `(CREDIT)`, body `#body-text p`
without quotes, figures and the `اقرأ أيضاً` box (`.readMore`), tags `.tags a`, related links
in `.readMore` and `section.related-news`; JSON-LD `NewsArticle` gives the machine dates. Only
the body selector and the feed are from public scrapers; the rest falls back to
`sources.generic`.

URLs: `/{section}[/{subsection}…]/{YYYY}/{MM}/{DD}/{slug}` (Arabic slug; `/amp/` prefix
tolerated), e.g. `/arab-and-world/syria/2025/01/22/…`. No numeric id: `article_id` is
`alarabiya:` + the first 16 hex digits of the sha1 of the canonical URL
(`https://www.alarabiya.net` + the decoded path, no final slash, no query).
"""

from __future__ import annotations

import re
from typing import Any

from sources.base import ARABIC_EDITION, EntryPoints
from sources.generic import (
    Profile,
    cls,
    normalize_on_origin,
    normalize_url,
    outlet_path,
    parse_with,
    url_hash,
)

SITE = "alarabiya"
PARSER_VERSION = "alarabiya-2026.11.1"
PUBLIC_ORIGIN = "https://www.alarabiya.net"
HOSTS = frozenset({"alarabiya.net", "www.alarabiya.net"})
PATHS = ARABIC_EDITION  # every path on its hosts but another language edition's
DEFAULT_TZ = "Asia/Dubai"
ENTRY_POINTS = EntryPoints(feeds=["/.mrss/ar.xml"], listings=["/arab-and-world/syria"])
LISTING_LINKS = "article.latest_news a.latest_link[href]"

_ARTICLE = re.compile(r"^(?:/amp)?(/(?:[a-z0-9-]+/){1,3}\d{4}/\d{2}/\d{2}/[^/]+?)/?$")
_BODY_P = (
    "//*[@id='body-text']//p[not(ancestor::blockquote) and not(ancestor::figure) and "
    f"not(ancestor::*[{cls('readMore')}])]"
)


def _article_path(url: str) -> str | None:
    found = outlet_path(url, HOSTS)
    if found is None:
        return None
    m = _ARTICLE.match(found[0])
    return m.group(1) if m else None


def canonical_url(url: str) -> str:
    """`https://www.alarabiya.net` + readable path (no `/amp`, final slash or query)."""
    path = _article_path(url)
    if path:
        return normalize_url(PUBLIC_ORIGIN + path)
    return normalize_on_origin(url, HOSTS, PUBLIC_ORIGIN)


def article_id(url: str) -> str | None:
    """`alarabiya:{sha1 of the canonical URL, 16 hex}` for an article URL, else None."""
    if _article_path(url) is None:
        return None
    return f"{SITE}:{url_hash(canonical_url(url))}"


PROFILE = Profile(
    site=SITE,
    parser_version=PARSER_VERSION,
    article_id=article_id,
    canonical_url=canonical_url,
    origin=PUBLIC_ORIGIN,
    headline=("//article//h1",),
    body=(_BODY_P,),
    date=(f"//article//*[{cls('timeDate')}]//*[{cls('timeDate_element')}]",),
    byline=(f"//article//*[{cls('source-info')}]",),
    section=(f"//div[{cls('breadcrumb')}]//li",),
    tags=(f"//article//div[{cls('tags')}]//a",),
    image=(f"//article//*[{cls('article-main-image')}]//img",),
    caption=(f"//article//*[{cls('article-main-image')}]//figcaption",),
    related=(
        f"//*[@id='body-text']//*[{cls('readMore')}]//a[@href]"
        f" | //section[{cls('related-news')}]//a[@href]",
    ),
)


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one Al Arabiya article page into a `ParsedArticleModel` record."""
    return parse_with(html, url, PROFILE)
