"""The polite HTTP client against a real server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from sources.crawl import fetch_robots
from sources.http import FetchRequest, HttpClient, RateLimiter, decode_body

ARABIC = "قوات جوية روسية وسورية تقصف مناطق خاضعة لسيطرة المعارضة"


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, list[float]]] = {}

    def do_GET(self) -> None:
        Handler.hits.setdefault(self.path, []).append(time.monotonic())
        n = len(Handler.hits[self.path])
        if self.path == "/flaky" and n < 3:
            self._send(503, b"busy", {"Retry-After": "0"})
        elif self.path == "/robots.txt":
            body = b"User-agent: *\nCrawl-delay: 2\nDisallow: /private\n"
            self._send(200, body, {"Content-Type": "text/plain"})
        elif self.path == "/always-500" or self.path.startswith("/fail-"):
            self._send(500, b"boom")
        elif self.path == "/gone":
            self._send(410, b"gone")
        elif self.path == "/hop":
            self._send(301, b"", {"Location": "/article"})
        elif self.path == "/offsite":
            self._send(302, b"", {"Location": "http://evil.example/x"})
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):  # one byte every 50 ms: each read is quick, the whole is not
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path == "/big":
            self._send(200, b"x" * 5000)
        elif self.path == "/cp1256":
            self._send(
                200, ARABIC.encode("cp1256"), {"Content-Type": "text/html; charset=windows-1256"}
            )
        else:
            etag = '"v1"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
            else:
                body = f"<html><body><p>{ARABIC}</p></body></html>".encode()
                self._send(200, body, {"ETag": etag})

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[str]:
    Handler.hits = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def client(origin: str, **kw: object) -> HttpClient:
    options: dict[str, object] = dict(
        user_agent="syria-etl-test",
        allowed_hosts={"aawsat.com"},
        origins={"https://aawsat.com": origin},
        rate_per_host=50.0,
        backoff_base=0.01,
        max_retries=3,
    )
    options.update(kw)
    return HttpClient(**options)  # type: ignore[arg-type]


def test_public_urls_are_fetched_from_the_mirror_and_recorded_as_public(origin: str) -> None:
    [result] = client(origin).fetch_all([FetchRequest("https://aawsat.com/hop")])
    assert result.ok
    assert result.url == "https://aawsat.com/hop"
    assert result.final_url == "https://aawsat.com/article"
    assert ARABIC in decode_body(result.body, result.headers["content-type"])


def test_retries_a_503_then_succeeds(origin: str) -> None:
    [result] = client(origin).fetch_all([FetchRequest("https://aawsat.com/flaky")])
    assert result.ok and result.attempts == 3


def test_gives_up_after_max_retries_with_the_reason(origin: str) -> None:
    [result] = client(origin, max_retries=2).fetch_all(
        [FetchRequest("https://aawsat.com/always-500")]
    )
    assert (result.error, result.attempts) == ("http_500", 3)
    assert len(Handler.hits["/always-500"]) == 3


def test_gone_and_offsite_redirects(origin: str) -> None:
    gone, offsite = client(origin).fetch_all(
        [FetchRequest("https://aawsat.com/gone"), FetchRequest("https://aawsat.com/offsite")]
    )
    assert gone.status == 410 and gone.error is None
    assert offsite.error == "host_not_allowed: evil.example"


def test_body_over_the_cap_is_cut_and_reported(origin: str) -> None:
    [result] = client(origin, max_bytes=1000).fetch_all([FetchRequest("https://aawsat.com/big")])
    assert result.error == "too_large"


def test_conditional_request_gets_304(origin: str) -> None:
    [result] = client(origin).fetch_all([FetchRequest("https://aawsat.com/a", etag='"v1"')])
    assert result.status == 304


def test_rate_limit_spaces_requests_to_one_host(origin: str) -> None:
    urls = [FetchRequest(f"https://aawsat.com/page-{i}") for i in range(6)]
    started = time.monotonic()
    client(origin, rate_per_host=10.0, concurrency=6).fetch_all(urls)
    # Six requests at 10/s need at least five intervals, however loaded the machine is.
    assert time.monotonic() - started >= 0.5
    assert sum(len(v) for k, v in Handler.hits.items() if k.startswith("/page-")) == 6


def test_rate_limiter_books_slots_an_interval_apart() -> None:
    limiter = RateLimiter(4.0)
    waits = [limiter.book("aawsat.com") for _ in range(4)]
    assert waits[0] == pytest.approx(0.0, abs=0.01)
    assert [round(b - a, 3) for a, b in pairwise(waits)] == [0.255] * 3  # 2% headroom
    assert limiter.book("enabbaladi.net") == pytest.approx(0.0, abs=0.01)  # hosts apart
    limiter.set_rate("aawsat.com", 100.0)  # Crawl-delay can only slow a host down
    assert limiter.book("aawsat.com") == pytest.approx(1.02, abs=0.05)


def test_windows_1256_page_decodes(origin: str) -> None:
    [result] = client(origin).fetch_all([FetchRequest("https://aawsat.com/cp1256")])
    assert decode_body(result.body, result.headers["content-type"]) == ARABIC


def test_meta_charset_is_honoured_without_a_header() -> None:
    html = '<html><head><meta charset="windows-1256"></head><body>' + ARABIC + "</body></html>"
    assert ARABIC in decode_body(html.encode("cp1256"), "text/html")


def test_circuit_breaker_pauses_a_failing_host(origin: str) -> None:
    urls = [FetchRequest(f"https://aawsat.com/fail-{i}") for i in range(5)]
    results = client(origin, max_retries=0, breaker_threshold=2, concurrency=1).fetch_all(urls)
    assert [r.error for r in results] == [
        "http_500",
        "http_500",
        "circuit_open: aawsat.com",
        "circuit_open: aawsat.com",
        "circuit_open: aawsat.com",
    ]
    assert sum(len(v) for k, v in Handler.hits.items() if k.startswith("/fail-")) == 2


def test_a_success_resets_the_breaker(origin: str) -> None:
    urls = [FetchRequest(f"https://aawsat.com/{p}") for p in ("fail-1", "ok", "fail-2", "fail-3")]
    results = client(origin, max_retries=0, breaker_threshold=2, concurrency=1).fetch_all(urls)
    assert [r.error for r in results] == ["http_500", None, "http_500", "http_500"]


def test_robots_crawl_delay_slows_the_host_and_is_cached(origin: str, tmp_path: Path) -> None:
    outlet = SimpleNamespace(PUBLIC_ORIGIN="https://aawsat.com")
    http = client(origin, rate_per_host=50.0)
    rules, response = fetch_robots(outlet, http, tmp_path)  # type: ignore[arg-type]
    assert rules is not None and response is not None and response.ok
    assert not rules.can_fetch("https://aawsat.com/private/x", http.user_agent)
    http.limiter.book("aawsat.com")
    assert http.limiter.book("aawsat.com") == pytest.approx(2.04, abs=0.05)
    again, response = fetch_robots(outlet, client(origin), tmp_path)  # type: ignore[arg-type]
    assert response is None and again is not None  # read from the cache, no request
    assert len(Handler.hits["/robots.txt"]) == 1


def test_a_body_that_trickles_in_times_out(origin: str) -> None:
    [result] = client(origin, timeout=0.5, max_retries=0).fetch_all(
        [FetchRequest("https://aawsat.com/slow")]
    )
    assert result.error == "timeout"


def test_utf8_bytes_win_over_a_stale_single_byte_charset() -> None:
    text = "<html><head><meta charset='iso-8859-15'></head><body>la operación — دمشق</body></html>"
    assert decode_body(text.encode("utf-8"), None) == text
    assert decode_body(text.encode("utf-8"), "text/html; charset=ISO-8859-1") == text
    # a real single-byte page still decodes by its declaration
    arabic = "<html><head><meta charset='windows-1256'></head><body>دمشق وريفها</body></html>"
    assert decode_body(arabic.encode("cp1256"), None) == arabic
    latin = "<html><head><meta charset='iso-8859-15'></head><body>la operación</body></html>"
    assert decode_body(latin.encode("iso-8859-15"), None) == latin
