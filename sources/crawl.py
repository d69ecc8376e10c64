"""Discovery over the network: robots.txt, sitemaps (index → sub-sitemaps), listing pages
followed page by page, and feeds. Parsing of what comes back is in `sources.discovery`;
every response is returned so the caller can archive it like any other fetch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType

from protego import Protego

from sources.base import DiscoveredUrl
from sources.discovery import parse_feed, parse_listing, parse_sitemap
from sources.http import FetchRequest, FetchResult, HttpClient, decode_body

VIA_PRIORITY = {"sitemap": 0, "listing": 1, "feed": 2}


@dataclass
class Discovery:
    """What discovery found: URLs (deduplicated), the responses it read, and its errors."""

    urls: list[DiscoveredUrl] = field(default_factory=list)
    responses: list[FetchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    robots: Protego | None = None


def fetch_robots(outlet: ModuleType, client: HttpClient) -> tuple[Protego | None, FetchResult]:
    """The outlet's robots.txt rules (None when there is none or it cannot be read)."""
    result = client.fetch_all([FetchRequest(outlet.PUBLIC_ORIGIN + "/robots.txt")])[0]
    if result.ok:
        return Protego.parse(result.body.decode("utf-8", errors="replace")), result
    return None, result


def discover(
    outlet: ModuleType,
    client: HttpClient,
    *,
    max_listing_pages: int = 5,
    known: Iterable[str] = (),
) -> Discovery:
    """Walk the outlet's entry points; listing walks stop at a page with nothing new."""
    out = Discovery()
    robots, robots_response = fetch_robots(outlet, client)
    out.robots = robots
    out.responses.append(robots_response)
    base = outlet.PUBLIC_ORIGIN
    known_set = set(known)
    found: dict[str, DiscoveredUrl] = {}

    def add(items: Iterable[DiscoveredUrl]) -> int:
        new = 0
        for item in items:
            url = outlet.canonical_url(item.url)
            item = DiscoveredUrl(url, item.discovered_via, item.lastmod)
            new += url not in known_set
            have = found.get(url)
            if have is None:
                found[url] = item
            elif VIA_PRIORITY[item.discovered_via] < VIA_PRIORITY[have.discovered_via]:
                found[url] = DiscoveredUrl(url, item.discovered_via, item.lastmod or have.lastmod)
        return new

    # Sitemaps: an index lists sub-sitemaps, read level by level.
    queue = [base + path for path in outlet.ENTRY_POINTS.sitemaps]
    seen: set[str] = set()
    while queue:
        batch = [u for u in dict.fromkeys(queue) if u not in seen]
        seen.update(batch)
        queue = []
        for result in client.fetch_all([FetchRequest(u) for u in batch]):
            out.responses.append(result)
            if not result.ok:
                out.errors.append(f"sitemap {result.url}: {result.error or result.status}")
                continue
            urls, children = parse_sitemap(result.body, base)
            add(urls)
            queue.extend(children)

    for path in outlet.ENTRY_POINTS.feeds:
        result = client.fetch_all([FetchRequest(base + path)])[0]
        out.responses.append(result)
        if result.ok:
            add(parse_feed(result.body, base))
        else:
            out.errors.append(f"feed {result.url}: {result.error or result.status}")

    for path in outlet.ENTRY_POINTS.listings:
        next_url: str | None = base + path
        pages = 0
        while next_url and pages < max_listing_pages:
            result = client.fetch_all([FetchRequest(next_url)])[0]
            out.responses.append(result)
            pages += 1
            if not result.ok:
                out.errors.append(f"listing {result.url}: {result.error or result.status}")
                break
            html = decode_body(result.body, result.headers.get("content-type"))
            urls, next_url = parse_listing(html, result.final_url)
            if add(urls) == 0:
                break

    out.urls = list(found.values())
    return out
