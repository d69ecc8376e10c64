"""A small threaded HTTP server over the static site tree in `tests/site/`.

URL → file rules (the generator `tests/site/build.py` writes files by them):
- a path without an extension is a directory holding `index.html` or `index.xml`;
- `?page=N` (N ≥ 1) selects `index.page-N.html` / `.xml` (or `name.page-N.ext` for a file);
- a path with an extension is that file;
- `tests/site/redirects.json` maps paths to 301 redirect targets.
Responses carry `ETag` and `Last-Modified` and answer conditional requests with 304.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SITE_ROOT = Path(__file__).resolve().parent.parent / "tests" / "site"
# A fixed modification time keeps validators stable across checkouts.
_LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


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


def _make_handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "localsite/1.0"

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path in site.redirects:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", site.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = site.resolve(self.path)
            if file is None:
                body = b"<html><body><h1>404</h1></body></html>"
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            data = file.read_bytes()
            etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", _content_type(file))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", _LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _content_type(file: Path) -> str:
    if file.suffix == ".xml":
        return "application/xml; charset=utf-8"
    if file.suffix in (".html", ".htm"):
        return "text/html; charset=utf-8"
    if file.suffix == ".txt":
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(file.name)[0] or "application/octet-stream"


def make_server(port: int = 0, root: Path = SITE_ROOT) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1:port (0 picks a free port); call serve_forever()."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _make_handler(LocalSite(root)))
    server.daemon_threads = True
    return server


@contextmanager
def running_site(port: int = 0, root: Path = SITE_ROOT) -> Iterator[str]:
    """Serve the site in a background thread; yields its base URL."""
    server = make_server(port, root)
    thread = threading.Thread(target=server.serve_forever, name="localsite", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
