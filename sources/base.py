"""Contracts shared by outlet modules: the typed parse error and the outlet protocol."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class ParseError(Exception):
    """A page that cannot become an article record; `reason` is a short machine-readable code.

    Reasons in use: `not_article` (a listing, tag or error page), `no_body` (an article page
    with no body paragraphs), `layout_changed` (elements the parser needs are missing; their
    names are in `missing`), `no_headline`, `bad_html`.
    """

    def __init__(self, reason: str, detail: str = "", missing: Sequence[str] = ()) -> None:
        self.reason = reason
        self.detail = detail
        self.missing = list(missing)
        text = reason if not detail else f"{reason}: {detail}"
        if self.missing:
            text += f" (missing: {', '.join(self.missing)})"
        super().__init__(text)


@dataclass(frozen=True)
class DiscoveredUrl:
    """A URL found by discovery, with how it was found and the sitemap's lastmod if any."""

    url: str
    discovered_via: str
    lastmod: str | None = None


@dataclass
class EntryPoints:
    """Where an outlet's discovery starts, relative to its base URL."""

    sitemaps: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)


# Path prefixes of the other language editions an Arabic outlet may serve on its own host
# (`sana.sy/en/…`, `alarabiya.net/fa/…`): ISO 639-1 codes, optionally with a region (`pt-br`).
OTHER_EDITIONS = (
    "en", "fr", "es", "de", "ru", "tr", "fa", "he", "zh", "cn", "ur", "it", "pt", "ku", "id",
    "ms", "hi", "bn", "sw", "ha", "so", "ps", "uz", "az", "ky",
)  # fmt: skip
ARABIC_EDITION = re.compile(
    rf"^/(?!(?:{'|'.join(OTHER_EDITIONS)})(?:[-_][a-z]{{2}})?(?:/|$))", re.IGNORECASE
)


class Outlet(Protocol):
    """What the ingest flow needs from an outlet module."""

    SITE: str
    PARSER_VERSION: str
    PUBLIC_ORIGIN: str
    HOSTS: frozenset[str]
    # The URL paths (percent-decoded, from the leading `/`) the outlet owns on its hosts, matched
    # from the start; any other page on those hosts is read by the generic extractor.
    PATHS: re.Pattern[str]
    ENTRY_POINTS: EntryPoints
    DEFAULT_TZ: str  # the zone of times printed without one (IANA name)
    LISTING_LINKS: str | None  # CSS selector of article links on listing pages, if special

    def canonical_url(self, url: str) -> str: ...

    def article_id(self, url: str) -> str | None: ...

    def parse_article(self, html: str, url: str) -> dict[str, Any]: ...
