"""SANA, the Syrian Arab News Agency (sana.sy, Arabic edition): URL rules and the article parser.

Layout known (WordPress, TieLabs "Sahifa" theme): breadcrumb `#crumbs`, lead image
`.single-post-thumb img` (caption, when any, in `.single-post-caption`), headline
`.post-inner h1`, meta line `p.post-meta` with `span.tie-date` (ISO `YYYY-mm-dd`, or a day,
Levantine month and year, possibly in Arabic-Indic digits) and `span.post-meta-author`, body
`div.entry > p`, tags `p.post-tag a[rel=tag]`, related posts `section#related_posts`. Pages
may carry no OpenGraph or JSON-LD at all: then `date_text` is the only date. The first
paragraph opens with the agency dateline `CITY-سانا`, which gives `dateline`; the Telegram
promotion at the end of `div.entry` is not body text. Listing: `article.item-list` cards
(`h2.post-box-title a`, `span.tie-date`, `a.more-link`) at `/?cat=29582&paged={n}`; feed
`/?feed=rss2`. Body, date, listing and feed are from public scrapers; the rest falls back to
`sources.generic`.

URLs: `/?p={id}` and `/{slug}/{id}/`; `article_id` is `sana:{id}`. Other language editions
(`/en/`, `/fr/`, …, separate WordPress sites with their own ids) and archive, tag, author,
search and feed URLs are not articles.
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

SITE = "sana"
PARSER_VERSION = "sana-2026.11.1"
PUBLIC_ORIGIN = "https://sana.sy"
HOSTS = frozenset({"sana.sy", "www.sana.sy"})
PATHS = ARABIC_EDITION  # every path on its hosts but another language edition's
DEFAULT_TZ = "Asia/Damascus"
ENTRY_POINTS = EntryPoints(listings=["/?cat=29582"], feeds=["/?feed=rss2"])
LISTING_PAGE = "/?cat=29582&paged={n}"
LISTING_LINKS = "article.item-list h2.post-box-title a[href], article.item-list a.more-link[href]"

_SLUG_ID = re.compile(r"^/([^/]+)/(\d{3,})/?$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_DATELINE = re.compile(r"^(?P<city>[^\s\-–][^\-–.،]{0,30}?)\s*[-–]\s*سانا(?=\s|$)")


def _post(url: str) -> tuple[str, str | None] | None:
    """(id, slug) of an article URL; slug None for the `?p=` form."""
    found = outlet_path(url, HOSTS)
    if found is None:
        return None
    path, query = found
    if path == "/" and query.get("p", "").isdigit():
        return query["p"], None
    m = _SLUG_ID.match(path)
    if m and not _LANGUAGE.match(m.group(1)):
        return m.group(2), m.group(1)
    return None


def article_id(url: str) -> str | None:
    """`sana:{id}` for `/?p={id}` or `/{slug}/{id}/` on a SANA host, else None."""
    post = _post(url)
    return f"{SITE}:{post[0]}" if post else None


def canonical_url(url: str) -> str:
    """`https://sana.sy/?p={id}` or `https://sana.sy/{slug}/{id}/`; other URLs normalised."""
    post = _post(url)
    if post:
        post_id, slug = post
        return f"{PUBLIC_ORIGIN}/{slug}/{post_id}/" if slug else f"{PUBLIC_ORIGIN}/?p={post_id}"
    return normalize_on_origin(url, HOSTS, PUBLIC_ORIGIN)


PROFILE = Profile(
    site=SITE,
    parser_version=PARSER_VERSION,
    article_id=article_id,
    canonical_url=canonical_url,
    origin=PUBLIC_ORIGIN,
    headline=("//article//h1",),
    body=(f"//article//div[{cls('entry')}]/p",),
    date=(f"//*[{cls('post-inner')}]//p[{cls('post-meta')}]//span[{cls('tie-date')}]",),
    byline=(f"//*[{cls('post-inner')}]//*[{cls('post-meta-author')}]",),
    section=("//div[@id='crumbs']//a",),
    tags=(f"//p[{cls('post-tag')}]//a[contains(@rel, 'tag')]",),
    image=(f"//*[{cls('single-post-thumb')}]//img",),
    caption=(f"//*[{cls('single-post-caption')}]",),
    related=("//section[@id='related_posts']//a[@href]",),
)


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one SANA article page into a `ParsedArticleModel` record."""
    record = parse_with(html, url, PROFILE)
    if record["dateline"] is None and record["paragraphs"]:
        m = _DATELINE.match(record["paragraphs"][0])
        if m:
            record["dateline"] = m.group("city").strip()
    return record
