"""Discovery over the network: robots.txt, sitemaps (index → sub-sitemaps), listing pages
followed page by page, and feeds. Parsing of what comes back is in `sources.discovery`;
every response is returned so the caller can archive it like any other fetch."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from protego import Protego

from sources.base import DiscoveredUrl
from sources.discovery import parse_feed, parse_listing, parse_sitemap
from sources.http import FetchRequest, FetchResult, HttpClient, decode_body

VIA_PRIORITY = {"sitemap": 0, "listing": 1, "feed": 2}


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap/feed date (W3C datetime, ISO 8601) as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass
class Discovery:
    """What discovery found: URLs (deduplicated), the responses it read, and its errors."""

    urls: list[DiscoveredUrl] = field(default_factory=list)
    responses: list[FetchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    robots: Protego | None = None


ROBOTS_MAX_AGE = 24 * 3600.0


def fetch_robots(
    outlet: ModuleType, client: HttpClient, cache_dir: Path | None = None
) -> tuple[Protego | None, FetchResult | None]:
    """The outlet's robots.txt rules, from a cache younger than a day or fetched anew.

    Returns (rules or None when the site has none or it cannot be read, the response when one
    was fetched). A `Crawl-delay` for our User-Agent slows the client's rate for that host.
    """
    host = urlsplit(outlet.PUBLIC_ORIGIN).hostname or ""
    cached = cache_dir / f"{host}.txt" if cache_dir else None
    text: str | None = None
    result: FetchResult | None = None
    if cached and cached.exists() and time.time() - cached.stat().st_mtime < ROBOTS_MAX_AGE:
        text = cached.read_text(encoding="utf-8")
    else:
        result = client.fetch_all([FetchRequest(outlet.PUBLIC_ORIGIN + "/robots.txt")])[0]
        if result.ok:
            text = decode_body(result.body, result.headers.get("content-type"))
        elif result.status in (404, 410):
            text = ""  # no robots.txt: everything is allowed
        if text is not None and cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(text, encoding="utf-8")
    if text is None:
        return None, result
    rules = Protego.parse(text)
    delay = rules.crawl_delay(client.user_agent)
    if delay:
        client.limiter.set_rate(host, 1.0 / float(delay))
    return rules, result


class DiscoveryCache:
    """Validators and last bodies of discovery pages (sitemaps, feeds, listings), so that a
    later run asks with `If-None-Match`/`If-Modified-Since` and reuses the body on a 304."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.root is None:
            return None
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.root / f"{key}.json", self.root / f"{key}.body"

    def fetch(self, client: HttpClient, urls: Sequence[str]) -> list[FetchResult]:
        """Fetch conditionally; a 304 comes back as a 200 with the cached body."""
        requests = []
        for url in urls:
            paths = self._paths(url)
            meta = json.loads(paths[0].read_text()) if paths and paths[0].exists() else {}
            requests.append(FetchRequest(url, meta.get("etag"), meta.get("last_modified")))
        results = client.fetch_all(requests)
        for url, result in zip(urls, results, strict=True):
            paths = self._paths(url)
            if paths is None:
                continue
            if result.status == 304 and paths[1].exists():
                result.status, result.body = 200, paths[1].read_bytes()
                result.headers.setdefault("content-type", "application/xml")
                result.not_modified = True
            elif result.ok and (result.headers.get("etag") or result.headers.get("last-modified")):
                paths[0].parent.mkdir(parents=True, exist_ok=True)
                paths[1].write_bytes(result.body)
                validators = {
                    "etag": result.headers.get("etag"),
                    "last_modified": result.headers.get("last-modified"),
                }
                paths[0].write_text(json.dumps(validators))
        return results


def discover(
    outlet: ModuleType,
    client: HttpClient,
    *,
    max_listing_pages: int = 5,
    known: Iterable[str] = (),
    robots_cache: Path | None = None,
    discovery_cache: Path | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Discovery:
    """Walk the outlet's entry points.

    Incremental (no `since`): a listing walk stops at a page with nothing new. Backfill
    (`since`/`until`): sitemap URLs whose `lastmod` falls outside the range are dropped, and a
    listing walk goes on (up to `max_listing_pages`) until a page whose dated cards are all
    older than `since`.
    """
    out = Discovery()
    robots, robots_response = fetch_robots(outlet, client, robots_cache)
    cache = DiscoveryCache(discovery_cache)
    out.robots = robots
    if robots_response is not None:
        out.responses.append(robots_response)
    base = outlet.PUBLIC_ORIGIN
    known_set = set(known)
    found: dict[str, DiscoveredUrl] = {}

    def in_range(item: DiscoveredUrl) -> bool:
        when = parse_lastmod(item.lastmod)
        if when is None:
            return True
        return (since is None or when >= since) and (until is None or when < until)

    def add(items: Iterable[DiscoveredUrl]) -> int:
        new = 0
        for item in items:
            if not in_range(item):
                continue
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
        for result in cache.fetch(client, batch):
            out.responses.append(result)
            if not result.ok:
                out.errors.append(f"sitemap {result.url}: {result.error or result.status}")
                continue
            urls, children = parse_sitemap(result.body, base)
            add(urls)
            queue.extend(children)

    for path in outlet.ENTRY_POINTS.feeds:
        result = cache.fetch(client, [base + path])[0]
        out.responses.append(result)
        if result.ok:
            add(parse_feed(result.body, base))
        else:
            out.errors.append(f"feed {result.url}: {result.error or result.status}")

    for path in outlet.ENTRY_POINTS.listings:
        next_url: str | None = base + path
        pages = 0
        while next_url and pages < max_listing_pages:
            result = cache.fetch(client, [next_url])[0]
            out.responses.append(result)
            pages += 1
            if not result.ok:
                out.errors.append(f"listing {result.url}: {result.error or result.status}")
                break
            html = decode_body(result.body, result.headers.get("content-type"))
            urls, next_url = parse_listing(
                html,
                result.final_url,
                is_article=lambda url: outlet.article_id(url) is not None,
                selectors=getattr(outlet, "LISTING_LINKS", None),
            )
            fresh = add(urls)
            if since is None and fresh == 0:
                break
            dated = [d for d in (parse_lastmod(u.lastmod) for u in urls) if d is not None]
            if since is not None and dated and max(dated) < since:
                break

    out.urls = list(found.values())
    return out
