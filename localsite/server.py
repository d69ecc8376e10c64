"""A small threaded HTTP server over the static site tree in `tests/site/`, optionally slowed
down, grown by a generated corpus, and made to misbehave on chosen URLs.

API (the CLI `syria-etl site serve` and the tests use these):
- `make_server(port=0, root=SITE_ROOT, *, latency=0.0, corpus=0, faults=False, seed=0)`
  returns a `SiteServer` bound to 127.0.0.1 (port 0 picks a free one); call `serve_forever()`.
- `serving_site(...)` (same keywords) serves in a background thread and yields the
  `SiteServer` (`.url`, `.request_log`, `.corpus`); `running_site(...)` yields only its URL.

Static rules (the default, unchanged; `tests/site/build.py` writes files by them):
- a path without an extension is a directory holding `index.html` or `index.xml`;
- `?page=N` (N >= 1) selects `index.page-N.html` / `.xml` (or `name.page-N.ext` for a file);
- a path with an extension is that file;
- `tests/site/redirects.json` maps paths to 301 redirect targets.
Every 200 carries `ETag` and `Last-Modified`; `If-None-Match` (or, without it,
`If-Modified-Since`) is answered with 304. Connections are HTTP/1.1 keep-alive.

Options:
- `latency`: seconds slept before answering each request.
- `corpus=N` (<= 100,000): the articles of `localsite.corpus.Corpus(N, seed)`, generated per
  request; `/node/{nid}` and a wrong slug answer 301 to the canonical path.
- `faults=True`: the URLs of `localsite.faults.FAULTS` misbehave as that table says.
- With a corpus or faults, `/sitemap.xml` is generated: the fixture's own sub-sitemaps
  (`?page=1`, `?page=2`), then one per 1,000 corpus articles, then one listing the faults.
- `request_log`: every request as it arrives (monotonic time, raw path, whether it carried
  `If-None-Match` / `If-Modified-Since`) and the status answered (None when none was).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import mimetypes
import re
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from localsite import faults as fault_kit
from localsite.corpus import (
    ARTICLE_PREFIX,
    Corpus,
    article_head,
    etag_for,
    lastmod,
    make_article,
    render,
    sitemap_urlset,
)
from localsite.faults import FAULTS, Fault
from localsite.fixture import SITE_ROOT, templates, templates_digest

__all__ = [
    "SITE_ROOT",
    "LocalSite",
    "LoggedRequest",
    "RequestLog",
    "SiteServer",
    "make_server",
    "running_site",
    "serving_site",
]

# A fixed modification time keeps validators stable across checkouts.
_LAST_MODIFIED_TS = 1_700_000_000
_LAST_MODIFIED = formatdate(_LAST_MODIFIED_TS, usegmt=True)
_ORIGIN = "https://aawsat.com"
_ARTICLE = re.compile(re.escape(ARTICLE_PREFIX) + r"([0-9]+)-")
_NODE = re.compile(r"/node/([0-9]+)/?")
_STREAM_CHUNK = 64 * 1024


class LocalSite:
    """The site's files and redirects, resolved from request paths."""

    def __init__(self, root: Path = SITE_ROOT) -> None:
        self.root = root
        self.www = root / "www"
        if not self.www.is_dir():
            raise FileNotFoundError(f"no site at {self.www}; run tests/site/build.py")
        redirects = root / "redirects.json"
        self.redirects: dict[str, str] = (
            json.loads(redirects.read_text(encoding="utf-8")) if redirects.exists() else {}
        )
        self._files: dict[Path, tuple[bytes, str]] = {}
        self._lock = threading.Lock()

    def resolve(self, raw_path: str) -> Path | None:
        """The file serving a request path (with query), or None."""
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        page = parse_qs(parts.query).get("page", ["0"])[0]
        page_n = int(page) if page.isdigit() else 0
        target = (self.www / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.www.resolve()):
            return None
        if target.is_dir():
            for ext in (".html", ".xml"):
                name = "index" + (f".page-{page_n}" if page_n else "") + ext
                if (target / name).is_file():
                    return target / name
            return None
        if page_n:
            paged = target.with_name(f"{target.stem}.page-{page_n}{target.suffix}")
            return paged if paged.is_file() else None
        return target if target.is_file() else None

    def read(self, file: Path) -> tuple[bytes, str]:
        """A file's bytes and ETag (cached: the site is a few dozen files)."""
        with self._lock:
            known = self._files.get(file)
        if known is None:
            data = file.read_bytes()
            known = (data, '"' + hashlib.sha1(data).hexdigest()[:16] + '"')
            with self._lock:
                self._files[file] = known
        return known

    def sitemap_pages(self) -> int:
        """How many sub-sitemaps the static `/sitemap.xml` index lists."""
        return (self.www / "sitemap.xml").read_text(encoding="utf-8").count("<sitemap>")


@dataclass
class LoggedRequest:
    """One request as the server saw it."""

    t: float  # time.monotonic() when the request line and headers were read
    method: str
    path: str  # the raw request target: percent-encoded path and query
    if_none_match: bool
    if_modified_since: bool
    status: int | None = None  # None: the connection was dropped without an answer

    @property
    def conditional(self) -> bool:
        """True when the request carried a validator."""
        return self.if_none_match or self.if_modified_since

    @property
    def decoded_path(self) -> str:
        """The path without query, percent-decoded."""
        return unquote(urlsplit(self.path).path)


class RequestLog:
    """A thread-safe, append-only log of requests."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def add(self, entry: LoggedRequest) -> LoggedRequest:
        """Append one request."""
        with self._lock:
            self._entries.append(entry)
        return entry

    def entries(self) -> list[LoggedRequest]:
        """A snapshot of every request so far."""
        with self._lock:
            return list(self._entries)

    def mark(self) -> int:
        """A position to pass to `since` later."""
        with self._lock:
            return len(self._entries)

    def since(self, mark: int) -> list[LoggedRequest]:
        """The requests logged after `mark`."""
        with self._lock:
            return self._entries[mark:]

    def clear(self) -> None:
        """Forget every request."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class SiteServer(ThreadingHTTPServer):
    """The local site on 127.0.0.1 with its options, request log and per-path counters."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        port: int = 0,
        root: Path = SITE_ROOT,
        *,
        latency: float = 0.0,
        corpus: int = 0,
        faults: bool = False,
        seed: int = 0,
    ) -> None:
        if latency < 0:
            raise ValueError("latency must be >= 0")
        self.site = LocalSite(root)
        self.latency = latency
        self.seed = seed
        self.corpus = Corpus(corpus, seed, root) if corpus else None
        self.faults = faults
        self.request_log = RequestLog()
        self.stopping = threading.Event()
        self._hits: Counter[str] = Counter()
        self._hits_lock = threading.Lock()
        self._static_sitemaps = self.site.sitemap_pages()
        self._version = ""
        if self.dynamic_sitemaps:  # generated pages: load the templates before the first request
            self._version = templates_digest(root)
            templates(root)
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:8765`."""
        return f"http://127.0.0.1:{self.port}"

    def hit(self, path: str) -> int:
        """Count one more request to a decoded path; the count including this one."""
        with self._hits_lock:
            self._hits[path] += 1
            return self._hits[path]

    def hits(self, path: str) -> int:
        """How many requests a decoded path has had."""
        with self._hits_lock:
            return self._hits[path]

    def reset(self) -> None:
        """Forget the request log and the per-path counters (faults start over)."""
        self.request_log.clear()
        with self._hits_lock:
            self._hits.clear()

    @property
    def dynamic_sitemaps(self) -> bool:
        """Whether `/sitemap.xml` is generated (a corpus or faults are on)."""
        return self.corpus is not None or self.faults

    def sitemap_index(self) -> bytes:
        """The fixture's sitemap index plus the corpus and fault sub-sitemaps."""
        static = (self.site.www / "sitemap.xml").read_text(encoding="utf-8")
        entries = []
        page = self._static_sitemaps
        if self.corpus is not None:
            for k in range(self.corpus.sitemap_pages):
                page += 1
                entries.append((page, self.corpus.sitemap_lastmod(k)))
        if self.faults:
            entries.append((page + 1, datetime.now(UTC).isoformat(timespec="seconds")))
        extra = "".join(
            f"  <sitemap>\n    <loc>{_ORIGIN}/sitemap.xml?page={k}</loc>\n"
            f"    <lastmod>{mod}</lastmod>\n  </sitemap>\n"
            for k, mod in entries
        )
        return static.replace("</sitemapindex>", extra + "</sitemapindex>").encode("utf-8")

    def sitemap_page(self, page: int) -> bytes | None:
        """A generated sub-sitemap (1-based page number of the index), or None."""
        k = page - self._static_sitemaps - 1
        corpus_pages = self.corpus.sitemap_pages if self.corpus is not None else 0
        if 0 <= k < corpus_pages and self.corpus is not None:
            return self.corpus.sitemap(k)
        if self.faults and k == corpus_pages:
            return self.faults_sitemap()
        return None

    def faults_sitemap(self) -> bytes:
        """The `<urlset>` of every fault URL."""
        heads = [article_head(self.seed, f.nid, headline=f.headline) for f in FAULTS.values()]
        body = sitemap_urlset(heads, self.site.root).decode("utf-8")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        changed = fault_kit.FAULT_BY_KIND["changed_content"]
        head = next(h for h in heads if h["nid"] == changed.nid)
        loc = str(templates(self.site.root).absolute(changed.path))
        old = f"<loc>{_xml(loc)}</loc>\n    <lastmod>{lastmod(head, self.site.root)}</lastmod>"
        new = f"<loc>{_xml(loc)}</loc>\n    <lastmod>{now}</lastmod>"
        return body.replace(old, new).encode("utf-8")

    def fault_page(self, fault: Fault, revision: int = 0) -> tuple[bytes, str]:
        """The article page a fault URL serves when it answers 200, and its ETag."""
        article = make_article(
            self.seed, fault.nid, revision, headline=fault.headline, root=self.site.root
        )
        return render(article, self.site.root), etag_for(
            self._version, self.seed, fault.nid, revision
        )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "localsite/2.0"
    protocol_version = "HTTP/1.1"
    timeout = 60  # idle keep-alive connections are closed after this
    _entry: LoggedRequest | None = None

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs add 40 ms to every small answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._entry = self.server.request_log.add(
            LoggedRequest(
                t=time.monotonic(),
                method="GET",
                path=self.path,
                if_none_match=self.headers.get("If-None-Match") is not None,
                if_modified_since=self.headers.get("If-Modified-Since") is not None,
            )
        )
        if self.server.latency:
            time.sleep(self.server.latency)
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client went away mid-answer

    def send_response(self, code: int, message: str | None = None) -> None:
        if self._entry is not None:
            self._entry.status = int(code)
        super().send_response(code, message)

    def log_message(self, format: str, *args: object) -> None:
        pass

    # ------------------------------------------------------------------ routing

    def _route(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        server = self.server
        if server.faults and path in FAULTS:
            self._fault(FAULTS[path], path)
            return
        if path == "/sitemap.xml" and server.dynamic_sitemaps:
            page = parse_qs(parts.query).get("page", [""])[0]
            if not page:
                self._page(server.sitemap_index(), "application/xml; charset=utf-8")
                return
            if page.isdigit() and (body := server.sitemap_page(int(page))) is not None:
                self._page(body, "application/xml; charset=utf-8")
                return
        if server.corpus is not None and self._corpus(path):
            return
        site = server.site
        if path in site.redirects:
            self._redirect(site.redirects[path])
            return
        file = site.resolve(self.path)
        if file is None:
            self._status(HTTPStatus.NOT_FOUND, "<html><body><h1>404</h1></body></html>")
            return
        data, etag = site.read(file)
        self._page(data, _content_type(file), etag=etag, modified=_LAST_MODIFIED_TS)

    def _corpus(self, path: str) -> bool:
        """Serve a corpus article (or its redirect); False when the path is not one."""
        corpus = self.server.corpus
        assert corpus is not None
        match = _ARTICLE.match(path) or _NODE.fullmatch(path)
        i = corpus.index(int(match.group(1))) if match else None
        if i is None:
            return False
        canonical = corpus.path(i)
        if path != canonical:
            self._redirect(canonical)
            return True
        etag = corpus.etag(i)
        modified = corpus.modified_at(i)
        if self._not_modified(etag, modified):
            self._304(etag)
            return True
        self._page(corpus.page(i), "text/html; charset=utf-8", etag=etag, modified=modified)
        return True

    # ------------------------------------------------------------------ faults

    def _fault(self, fault: Fault, path: str) -> None:
        server = self.server
        hit = server.hit(path)
        kind = fault.kind
        html = "text/html; charset=utf-8"
        if kind == "retry_after_429" and hit <= fault_kit.BURST_429:
            self._status(
                HTTPStatus.TOO_MANY_REQUESTS,
                "<html><body><h1>429 Too Many Requests</h1></body></html>",
                {"Retry-After": str(fault_kit.RETRY_AFTER_SECONDS)},
            )
        elif kind == "unavailable_twice_503" and hit <= fault_kit.FLAKY_503:
            self._status(HTTPStatus.SERVICE_UNAVAILABLE, "<html><body>503</body></html>")
        elif kind in ("retry_after_429", "unavailable_twice_503"):
            body, etag = server.fault_page(fault)
            self._page(body, html, etag=etag)
        elif kind == "unavailable_503":
            self._status(HTTPStatus.SERVICE_UNAVAILABLE, "<html><body>503</body></html>")
        elif kind == "connection_reset":
            self._reset()
        elif kind == "truncated_body":
            body, _ = server.fault_page(fault)
            self.close_connection = True
            self._head(HTTPStatus.OK, html, len(body))
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        elif kind == "slow_body":
            body, _ = server.fault_page(fault)
            self._trickle(body, html)
        elif kind == "windows_1256":
            body, etag = server.fault_page(fault)
            page = fault_kit.windows_1256_page(body.decode("utf-8"))
            self._page(page, f"text/html; charset={fault_kit.WIN1256_CHARSET}", etag=etag)
        elif kind == "changed_content":
            body, etag = server.fault_page(fault, fault_kit.changed_revision(hit))
            self._page(body, html, etag=etag)
        elif kind == "pdf":
            self._page(fault_kit.pdf_document(fault.headline), "application/pdf")
        elif kind == "oversized":
            body, _ = server.fault_page(fault)
            self._oversized(body, html)
        elif kind == "redirect_other_host":
            self._redirect("https://evil.example" + _encoded(path))
        elif kind == "redirect_private_ip":
            self._redirect(f"http://127.0.0.2:{server.port}" + _encoded(path))
        elif kind == "gzip_bomb":
            bomb = fault_kit.gzip_bomb()
            self._head(HTTPStatus.OK, html, len(bomb), {"Content-Encoding": "gzip"})
            self.wfile.write(bomb)
        elif kind == "not_found_404":
            self._status(HTTPStatus.NOT_FOUND, "<html><body><h1>404</h1></body></html>")
        elif kind == "gone_410":
            self._status(HTTPStatus.GONE, "<html><body><h1>410 Gone</h1></body></html>")
        else:  # pragma: no cover - the table and this switch are kept in step by the tests
            raise ValueError(f"unknown fault kind {kind}")

    def _reset(self) -> None:
        """Drop the connection with a TCP RST, without a byte of answer."""
        self.close_connection = True
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def _trickle(self, body: bytes, content_type: str) -> None:
        """Send the headers, then the body in small chunks over `SLOW_BODY_SECONDS`."""
        self.close_connection = True
        steps = max(1, int(fault_kit.SLOW_BODY_SECONDS / fault_kit.SLOW_CHUNK_INTERVAL))
        size = -(-len(body) // steps)
        self._head(HTTPStatus.OK, content_type, len(body))
        for start in range(0, len(body), size):
            self.wfile.write(body[start : start + size])
            self.wfile.flush()
            if self.server.stopping.wait(fault_kit.SLOW_CHUNK_INTERVAL):
                return

    def _oversized(self, page: bytes, content_type: str) -> None:
        """An honest `OVERSIZED_BYTES` page: the article, padded before `</body>`."""
        cut = page.rindex(b"</body>")
        head, tail = page[:cut], page[cut:]
        filler = fault_kit.OVERSIZED_BYTES - len(head) - len(tail)
        self._head(HTTPStatus.OK, content_type, fault_kit.OVERSIZED_BYTES)
        self.wfile.write(head)
        line = b"<!-- padding padding padding padding padding padding padding -->\n"
        block = line * (_STREAM_CHUNK // len(line))
        while filler > 0:
            piece = block[:filler]
            self.wfile.write(piece)
            filler -= len(piece)
        self.wfile.write(tail)

    # ------------------------------------------------------------------ answers

    def _head(
        self, status: int, content_type: str, length: int, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _status(self, status: int, html: str, headers: dict[str, str] | None = None) -> None:
        body = html.encode("utf-8")
        self._head(status, "text/html; charset=utf-8", len(body), headers)
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        if not location.startswith(("http://", "https://")):
            location = _encoded(location)
        self._head(HTTPStatus.MOVED_PERMANENTLY, "text/html; charset=utf-8", 0,
                   {"Location": location})  # fmt: skip

    def _page(
        self,
        body: bytes,
        content_type: str,
        *,
        etag: str | None = None,
        modified: float | None = None,
    ) -> None:
        etag = etag or '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self._not_modified(etag, modified):
            self._304(etag)
            return
        headers = {"ETag": etag}
        if modified is not None:
            headers["Last-Modified"] = formatdate(modified, usegmt=True)
        self._head(HTTPStatus.OK, content_type, len(body), headers)
        self.wfile.write(body)

    def _304(self, etag: str) -> None:
        self.send_response(HTTPStatus.NOT_MODIFIED)
        self.send_header("ETag", etag)
        self.end_headers()

    def _not_modified(self, etag: str, modified: float | None) -> bool:
        """RFC 9110: If-None-Match decides when present, else If-Modified-Since."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is None or modified is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return int(modified) <= since.timestamp()


def _encoded(path: str) -> str:
    """A decoded path percent-encoded the way the site prints links (as `build.enc`)."""
    return quote(path, safe="/?=&")


def _content_type(file: Path) -> str:
    if file.suffix == ".xml":
        return "application/xml; charset=utf-8"
    if file.suffix in (".html", ".htm"):
        return "text/html; charset=utf-8"
    if file.suffix == ".txt":
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(file.name)[0] or "application/octet-stream"


def make_server(
    port: int = 0,
    root: Path = SITE_ROOT,
    *,
    latency: float = 0.0,
    corpus: int = 0,
    faults: bool = False,
    seed: int = 0,
) -> SiteServer:
    """A server bound to 127.0.0.1:port (0 picks a free port); call serve_forever()."""
    return SiteServer(port, root, latency=latency, corpus=corpus, faults=faults, seed=seed)


@contextmanager
def serving_site(
    port: int = 0,
    root: Path = SITE_ROOT,
    *,
    latency: float = 0.0,
    corpus: int = 0,
    faults: bool = False,
    seed: int = 0,
) -> Iterator[SiteServer]:
    """Serve the site in a background thread; yields the server (`.url`, `.request_log`)."""
    server = make_server(port, root, latency=latency, corpus=corpus, faults=faults, seed=seed)
    thread = threading.Thread(target=server.serve_forever, name="localsite", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


@contextmanager
def running_site(
    port: int = 0,
    root: Path = SITE_ROOT,
    *,
    latency: float = 0.0,
    corpus: int = 0,
    faults: bool = False,
    seed: int = 0,
) -> Iterator[str]:
    """Serve the site in a background thread; yields its base URL."""
    with serving_site(
        port, root, latency=latency, corpus=corpus, faults=faults, seed=seed
    ) as server:
        yield server.url
