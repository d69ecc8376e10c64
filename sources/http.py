"""The polite HTTP client: every request of a run goes through one `HttpClient`.

- A per-host rate limit shared by all concurrent requests (asyncio) and by every batch of a
  run, default 1 request/s; a host's robots.txt `Crawl-delay` can only slow it further.
- A circuit breaker: a host with `breaker_threshold` consecutive failed fetches is paused for
  the rest of the run (its remaining URLs fail fast with `circuit_open`, and are retried by a
  later run), with a warning in the log.
- Retries with exponential backoff and jitter on timeouts, connection errors, 429 and 5xx;
  `Retry-After` is honoured (capped).
- Conditional requests (`If-None-Match`, `If-Modified-Since`) when the caller knows them.
- Redirects are followed by hand so that each hop is checked: only allowed hosts, http(s).
- A body size cap; larger bodies are cut off and reported as `too_large`.
- Mirrors: `origins` maps a public origin (`https://aawsat.com`) to the origin actually
  contacted (`http://127.0.0.1:8765`), so tests and the demo fetch the local site while every
  URL the pipeline records stays the public one.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import logging
import random
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
JITTER_HEADROOM = 1.02
# A whole response (headers and body) must arrive within this many `timeout`s.
RESPONSE_DEADLINE_FACTOR = 3


@dataclass(frozen=True)
class FetchRequest:
    """A URL to fetch, with the validators from its previous fetch, if any."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchResult:
    """The outcome of fetching one public URL (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    error: str | None = None
    attempts: int = 1
    request_headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False  # a 304 answered from a cache (discovery pages)

    @property
    def content_type(self) -> str | None:
        """The media type without parameters, lower-cased."""
        value = self.headers.get("content-type")
        return value.split(";")[0].strip().lower() if value else None

    @property
    def ok(self) -> bool:
        """True for a 200 with a body we kept."""
        return self.error is None and self.status == 200


class RateLimiter:
    """Spaces requests to each host at least `1 / rate` seconds apart, across coroutines and
    across calls: the booking survives from one batch to the next, so the limit holds for a run.
    """

    def __init__(self, rate_per_second: float) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        # 2% headroom: event-loop jitter must never put rate+1 requests in one second.
        self.default_interval = JITTER_HEADROOM / rate_per_second
        self._interval: dict[str, float] = {}
        self._next: dict[str, float] = {}

    def set_rate(self, host: str, rate_per_second: float) -> None:
        """Slow one host down (never speeds it up past the default), e.g. for Crawl-delay."""
        self._interval[host] = max(self.default_interval, JITTER_HEADROOM / rate_per_second)

    def book(self, host: str) -> float:
        """Book this host's next slot; seconds to wait for it. Call under one lock per loop."""
        now = time.monotonic()
        slot = max(now, self._next.get(host, now))
        self._next[host] = slot + self._interval.get(host, self.default_interval)
        return slot - now

    def push_back(self, host: str, seconds: float) -> None:
        """Delay every later request to this host (after a 429/503 with Retry-After)."""
        self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)


class CircuitBreaker:
    """Pauses a host for the rest of the run after `threshold` consecutive failed fetches."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._failures: dict[str, int] = {}
        self.open_hosts: set[str] = set()

    def record(self, host: str, failed: bool) -> bool:
        """Count one fetch's outcome; True when this failure opened the circuit."""
        if not failed:
            self._failures[host] = 0
            return False
        self._failures[host] = self._failures.get(host, 0) + 1
        if self._failures[host] >= self.threshold and host not in self.open_hosts:
            self.open_hosts.add(host)
            return True
        return False


class HttpClient:
    """Async polite client; use `fetch_all` from synchronous code."""

    def __init__(
        self,
        *,
        user_agent: str,
        allowed_hosts: Iterable[str],
        origins: Mapping[str, str] | None = None,
        rate_per_host: float = 1.0,
        concurrency: int = 4,
        timeout: float = 20.0,
        max_retries: int = 3,
        backoff_base: float = 1.0,
        max_retry_after: float = 60.0,
        max_bytes: int = 5_000_000,
        breaker_threshold: int = 10,
    ) -> None:
        self.user_agent = user_agent
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.origins = {k.rstrip("/"): v.rstrip("/") for k, v in (origins or {}).items()}
        self.rate_per_host = rate_per_host
        self.concurrency = concurrency
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_retry_after = max_retry_after
        self.max_bytes = max_bytes
        self.limiter = RateLimiter(rate_per_host)
        self.breaker = CircuitBreaker(breaker_threshold)

    def fetch_all(self, requests: Sequence[FetchRequest]) -> list[FetchResult]:
        """Fetch every request (concurrently, politely); results in input order."""
        return asyncio.run(self._fetch_all(requests))

    async def _fetch_all(self, requests: Sequence[FetchRequest]) -> list[FetchResult]:
        lock = asyncio.Lock()  # asyncio primitives belong to one event loop: one per call
        gate = asyncio.Semaphore(self.concurrency)
        async with httpx.AsyncClient(
            timeout=self.timeout,
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept-Language": "ar,en;q=0.5"},
        ) as client:

            async def one(req: FetchRequest) -> FetchResult:
                async with gate:
                    return await self._fetch(client, lock, req)

            return list(await asyncio.gather(*(one(r) for r in requests)))

    def to_wire(self, url: str) -> str:
        """The URL actually contacted for a public URL (mirror mapping)."""
        return _swap_origin(url, self.origins)

    def to_public(self, url: str) -> str:
        """The public URL for a URL on a mirror (inverse of `to_wire`)."""
        return _swap_origin(url, {local: public for public, local in self.origins.items()})

    def refusal(self, url: str) -> str | None:
        """Why this public URL may not be fetched, or None when it may."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme_not_allowed: {parts.scheme or 'none'}"
        host = (parts.hostname or "").lower()
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if address is not None and not address.is_global:
            return f"private_address: {host}"
        if host not in self.allowed_hosts:
            return f"host_not_allowed: {host}"
        return None

    async def _wait_turn(self, lock: asyncio.Lock, host: str) -> None:
        async with lock:
            delay = self.limiter.book(host)
        if delay > 0:
            await asyncio.sleep(delay)

    async def _fetch(
        self, client: httpx.AsyncClient, lock: asyncio.Lock, req: FetchRequest
    ) -> FetchResult:
        url = req.url
        headers: dict[str, str] = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        attempts = 0
        for _hop in range(MAX_REDIRECTS + 1):
            refused = self.refusal(url)
            if refused:
                return _failure(req.url, url, refused, attempts, headers)
            host = (urlsplit(url).hostname or "").lower()
            if host in self.breaker.open_hosts:
                return _failure(req.url, url, f"circuit_open: {host}", attempts, headers)
            result, attempts = await self._get_with_retries(
                client, lock, req.url, url, headers, attempts
            )
            failed = result.error is not None and result.error != "too_large"
            if self.breaker.record(host, failed):
                log.warning(
                    "host %s paused for the rest of the run after %d consecutive failed "
                    "fetches (last: %s)",
                    host,
                    self.breaker.threshold,
                    result.error,
                )
            if result.status in (301, 302, 303, 307, 308) and result.error is None:
                location = result.headers.get("location")
                if not location:
                    return _failure(req.url, url, "redirect_without_location", attempts, headers)
                url = self.to_public(urljoin(self.to_wire(url), location))
                continue
            return result
        return _failure(req.url, url, "too_many_redirects", attempts, headers)

    async def _get_with_retries(
        self,
        client: httpx.AsyncClient,
        lock: asyncio.Lock,
        requested: str,
        url: str,
        headers: dict[str, str],
        attempts: int,
    ) -> tuple[FetchResult, int]:
        host = (urlsplit(url).hostname or "").lower()
        wire = self.to_wire(url)
        last_error = "unknown"
        for retry in range(self.max_retries + 1):
            await self._wait_turn(lock, host)
            attempts += 1
            fetched_at = datetime.now(UTC)
            try:
                # httpx's timeout bounds each read; a body trickling in byte by byte needs a
                # deadline for the whole response too.
                async with asyncio.timeout(self.timeout * RESPONSE_DEADLINE_FACTOR):
                    async with client.stream("GET", wire, headers=headers) as response:
                        body, too_large = await _read_capped(response, self.max_bytes)
                        resp_headers = {k.lower(): v for k, v in response.headers.items()}
                        status = response.status_code
            except (httpx.TimeoutException, TimeoutError):
                last_error = "timeout"
            except httpx.TransportError as exc:
                last_error = f"transport_error: {type(exc).__name__}"
            else:
                if too_large:
                    result = FetchResult(
                        requested,
                        url,
                        status,
                        resp_headers,
                        body,
                        fetched_at,
                        error="too_large",
                        attempts=attempts,
                        request_headers=headers,
                    )
                    return result, attempts
                if status not in RETRY_STATUSES or retry == self.max_retries:
                    error = f"http_{status}" if status in RETRY_STATUSES else None
                    result = FetchResult(
                        requested,
                        url,
                        status,
                        resp_headers,
                        body,
                        fetched_at,
                        error=error,
                        attempts=attempts,
                        request_headers=headers,
                    )
                    return result, attempts
                last_error = f"http_{status}"
                wait = _retry_after(resp_headers.get("retry-after"))
                if wait is not None:
                    wait = min(wait, self.max_retry_after)
                    self.limiter.push_back(host, wait)
                    continue
            if retry < self.max_retries:
                await asyncio.sleep(self.backoff_base * (2**retry) * (0.5 + random.random()))
        return _failure(requested, url, last_error, attempts, headers), attempts


def _swap_origin(url: str, mapping: Mapping[str, str]) -> str:
    """`url` with its scheme://host[:port] replaced when it is a key of `mapping`."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin in mapping:
        return mapping[origin] + url[len(origin) :]
    return url


async def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """Read at most `max_bytes` of the (decoded) body; True when it was cut off."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        return b"", True
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks), True
        chunks.append(chunk)
    return b"".join(chunks), False


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _failure(
    requested: str, url: str, error: str, attempts: int, headers: dict[str, str]
) -> FetchResult:
    return FetchResult(
        requested,
        url,
        None,
        {},
        b"",
        datetime.now(UTC),
        error=error,
        attempts=attempts,
        request_headers=headers,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_body(body: bytes, content_type_header: str | None) -> str:
    """Text of an HTML/XML body: charset from the BOM, then the header, then `<meta>`, else UTF-8.

    Arabic pages in `windows-1256` (older Syrian sites) decode correctly when any of the three
    declares it; undecodable bytes become U+FFFD rather than failing the page. A body whose
    non-ASCII bytes are all valid UTF-8 is UTF-8 whatever a single-byte charset declares (a page
    saved or served re-encoded keeps a stale `<meta charset=iso-8859-1>`; text in a single-byte
    Arabic or Latin charset is practically never valid UTF-8).
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    candidates: list[str] = []
    if content_type_header:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", content_type_header, re.I)
        if match:
            candidates.append(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    if not body.isascii() and not any(_codec(n).startswith("utf-16") for n in candidates):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for name in candidates:
        try:
            return body.decode(_codec(name), errors="replace")
        except LookupError:
            continue
    return body.decode("utf-8", errors="replace")


def _codec(name: str) -> str:
    name = name.lower()
    # Browsers treat these labels as windows-1256 too (WHATWG encoding standard).
    return "cp1256" if name in {"windows-1256", "cp1256", "x-cp1256"} else name
