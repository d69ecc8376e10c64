"""Al Jazeera Arabic (aljazeera.net): URL rules and the article page parser.

Layout known: breadcrumb `nav.breadcrumbs`, headline `main header h1`, subheadline
`p.article__subhead`, author `.article-author-name` (else the source line `.article-source`,
`المصدر : الجزيرة + وكالات`, which then is the byline), dates `.article-dates` (`نشر في D/M/YYYY`
or `نشر في 14 فبراير/شباط 2025`, and `آخر تحديث: … (بتوقيت مكة)`), lead image
`figure.article-featured-image` with a `figcaption` ending in `(CREDIT)`, body
`main .wysiwyg p` without the embedded tweets (`blockquote`), figures and the `اقرأ أيضا` box
(`.more-on`, whose links are `related_ids`), tags `.article-tags a`; JSON-LD `NewsArticle`
gives the machine dates. The first paragraph may open with a dateline `CITY- `. Only the body
selector and the RSS feed are from public scrapers; the rest falls back to `sources.generic`.

URLs: `/{section}/{YYYY}/{M}/{D}/{slug}` (Arabic slug; `/amp/` prefix tolerated). They carry
no numeric id, so `article_id` is `aljazeera:` + the first 16 hex digits of the sha1 of the
canonical URL (`https://www.aljazeera.net` + the decoded path, no final slash, no query).
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

SITE = "aljazeera"
PARSER_VERSION = "aljazeera-2026.11.1"
PUBLIC_ORIGIN = "https://www.aljazeera.net"
HOSTS = frozenset({"aljazeera.net", "www.aljazeera.net"})
PATHS = ARABIC_EDITION  # every path on its hosts but another language edition's
DEFAULT_TZ = "Asia/Qatar"
RSS_FEED = "/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9"
ENTRY_POINTS = EntryPoints(feeds=[RSS_FEED], listings=["/news/"])
LISTING_LINKS = "article.gc h3.gc__title a[href]"

_ARTICLE = re.compile(r"^(?:/amp)?(/[a-z][a-z0-9-]*/\d{4}/\d{1,2}/\d{1,2}/[^/]+?)/?$")
_DATELINE = re.compile(r"^(?P<city>[^\s\-–][^\-–.،«]{1,25}?)\s?[-–]\s")
_BODY_P = (
    "//main//div[{wysiwyg}]//p[not(ancestor::blockquote) and not(ancestor::figure) and "
    "not(ancestor::aside) and not(ancestor::*[{more}])]"
).format(wysiwyg=cls("wysiwyg"), more=cls("more-on"))


def _article_path(url: str) -> str | None:
    found = outlet_path(url, HOSTS)
    if found is None:
        return None
    m = _ARTICLE.match(found[0])
    return m.group(1) if m else None


def canonical_url(url: str) -> str:
    """`https://www.aljazeera.net` + readable path (no `/amp`, final slash or query)."""
    path = _article_path(url)
    if path:
        return normalize_url(PUBLIC_ORIGIN + path)
    return normalize_on_origin(url, HOSTS, PUBLIC_ORIGIN)


def article_id(url: str) -> str | None:
    """`aljazeera:{sha1 of the canonical URL, 16 hex}` for an article URL, else None."""
    if _article_path(url) is None:
        return None
    return f"{SITE}:{url_hash(canonical_url(url))}"


PROFILE = Profile(
    site=SITE,
    parser_version=PARSER_VERSION,
    article_id=article_id,
    canonical_url=canonical_url,
    origin=PUBLIC_ORIGIN,
    headline=("//main//header//h1", "//main//h1"),
    subheadline=(f"//main//p[{cls('article__subhead')}]",),
    body=(_BODY_P,),
    date=(f"//main//div[{cls('article-dates')}]/div",),
    byline=(f"//main//*[{cls('article-author-name')}]", f"//main//*[{cls('article-source')}]"),
    section=(f"//nav[{cls('breadcrumbs')}]//li",),
    tags=(f"//main//div[{cls('article-tags')}]//a",),
    image=(f"//main//figure[{cls('article-featured-image')}]//img",),
    caption=(f"//main//figure[{cls('article-featured-image')}]//figcaption",),
    related=(f"//main//div[{cls('wysiwyg')}]//*[{cls('more-on')}]//a[@href]",),
)


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one Al Jazeera Arabic article page into a `ParsedArticleModel` record."""
    record = parse_with(html, url, PROFILE)
    if record["dateline"] is None and record["paragraphs"]:
        m = _DATELINE.match(record["paragraphs"][0])
        if m:
            record["dateline"] = m.group("city").strip()
    return record
