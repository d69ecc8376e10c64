"""Discovery parsing: sitemaps, RSS/Atom feeds and section listing pages to article URLs.

Pure functions over a document already fetched; no network. Sitemaps may be a `<urlset>`
(with `lastmod`, or Google News `news:publication_date`) or a `<sitemapindex>`; namespaces,
a byte-order mark, leading whitespace and gzip are tolerated, and broken XML is read as far
as it goes. Feeds are RSS 2.0, RSS 1.0 (RDF) or Atom; an item's date becomes `lastmod`.
Listings know aawsat's current cards (`.article-item-info .article-item-title h2 a`, opinion
cards with `data-vr-contentbox-url`) and legacy `.views-row a`, and find the next page by
`ul.pagination li.next a`, a Drupal 8 pager, or `rel=next`. URLs are resolved against `base`.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from lxml import etree

from sources.base import DiscoveredUrl
from sources.html import attr

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_SKIP_HREF = re.compile(r"^(?:#|javascript:|mailto:|tel:|data:)", re.I)

LISTING_CARD_SELECTORS = (
    ".article-item-info .article-item-title h2 a[href]",
    ".article-item-title a[href]",
)
LISTING_OPINION_SELECTOR = "div.node--type-opinion[data-vr-contentbox-url]"
LISTING_LEGACY_SELECTOR = ".views-row a[href]"
LISTING_FALLBACK_SELECTOR = "article h2 a[href], article h3 a[href]"
NEXT_PAGE_SELECTORS = (
    "ul.pagination li.next a[href]",
    "li.pager__item--next a[href]",
    "li.pager-next a[href]",
    "a[rel~=next][href]",
    "link[rel~=next][href]",
)


def _xml_root(xml: str | bytes) -> etree._Element | None:
    """Parse tolerant XML: BOM, leading whitespace, gzip, a declaration on a str, broken tails."""
    if isinstance(xml, bytes):
        data = gzip.decompress(xml) if xml[:2] == b"\x1f\x8b" else xml
        data = data.lstrip(b"\xef\xbb\xbf").lstrip()
    else:
        data = _XML_DECL.sub("", xml.lstrip("\ufeff").lstrip(), count=1).lstrip().encode()
    if not data:
        return None
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def _child_text(el: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in el:
            if _local(child) == name and child.text and child.text.strip():
                return child.text.strip()
    return None


def _descendant_text(el: etree._Element, name: str) -> str | None:
    for child in el.iter():
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _dedupe(items: Iterable[DiscoveredUrl]) -> list[DiscoveredUrl]:
    seen: set[str] = set()
    out: list[DiscoveredUrl] = []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            out.append(item)
    return out


def parse_sitemap(xml: str | bytes, base: str) -> tuple[list[DiscoveredUrl], list[str]]:
    """Article URLs (with lastmod) of a `<urlset>` and sub-sitemap URLs of a `<sitemapindex>`."""
    root = _xml_root(xml)
    if root is None:
        return [], []
    urls: list[DiscoveredUrl] = []
    children: list[str] = []
    for el in root.iter():
        kind = _local(el)
        if kind not in ("url", "sitemap"):
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        absolute = urljoin(base, loc)
        if kind == "sitemap":
            if absolute not in children:
                children.append(absolute)
            continue
        lastmod = _child_text(el, "lastmod") or _descendant_text(el, "publication_date")
        urls.append(DiscoveredUrl(url=absolute, discovered_via="sitemap", lastmod=lastmod))
    return _dedupe(urls), children


def parse_feed(xml: str | bytes, base: str) -> list[DiscoveredUrl]:
    """Item links (and their dates as lastmod) of an RSS 2.0, RSS 1.0 or Atom feed."""
    root = _xml_root(xml)
    if root is None:
        return []
    out: list[DiscoveredUrl] = []
    for el in root.iter():
        kind = _local(el)
        if kind == "item":
            link = _child_text(el, "link") or _permalink_guid(el)
            date = _child_text(el, "pubdate", "date", "updated", "published")
        elif kind == "entry":
            link = next(
                (
                    child.get("href", "").strip()
                    for child in el
                    if _local(child) == "link"
                    and child.get("href")
                    and child.get("rel", "alternate") == "alternate"
                ),
                None,
            )
            date = _child_text(el, "updated", "published")
        else:
            continue
        if link:
            out.append(DiscoveredUrl(url=urljoin(base, link), discovered_via="feed", lastmod=date))
    return _dedupe(out)


def _permalink_guid(item: etree._Element) -> str | None:
    """An RSS item's `<guid>` when it is a permalink (Drupal's `123 at https://…` is not)."""
    for child in item:
        if _local(child) == "guid" and child.get("isPermaLink", "true") == "true":
            text = (child.text or "").strip()
            if text.startswith(("http://", "https://", "/")) and " " not in text:
                return text
    return None


def parse_listing(
    html: str,
    base: str,
    *,
    is_article: Callable[[str], bool] | None = None,
    selectors: str | None = None,
) -> tuple[list[DiscoveredUrl], str | None]:
    """Article links of a listing page (resolved against `base`) and the next page's URL.

    `selectors` (an outlet's own card links, CSS) are tried before the aawsat card selectors.
    """
    soup = BeautifulSoup(html, "lxml")
    hrefs: list[str] = []
    if selectors:
        hrefs.extend(attr(a, "href") for a in soup.select(selectors))
    for selector in LISTING_CARD_SELECTORS:
        hrefs.extend(attr(a, "href") for a in soup.select(selector))
    hrefs.extend(attr(el, "data-vr-contentbox-url") for el in soup.select(LISTING_OPINION_SELECTOR))
    hrefs.extend(attr(a, "href") for a in soup.select(LISTING_LEGACY_SELECTOR))
    if not hrefs:
        hrefs.extend(attr(a, "href") for a in soup.select(LISTING_FALLBACK_SELECTOR))
    out: list[DiscoveredUrl] = []
    for href in hrefs:
        if not href or _SKIP_HREF.match(href):
            continue
        url = urljoin(base, href)
        if is_article is not None and not is_article(url):
            continue
        out.append(DiscoveredUrl(url=url, discovered_via="listing"))
    next_url = None
    for selector in NEXT_PAGE_SELECTORS:
        el = soup.select_one(selector)
        if el is not None and attr(el, "href"):
            next_url = urljoin(base, attr(el, "href"))
            break
    return _dedupe(out), next_url
