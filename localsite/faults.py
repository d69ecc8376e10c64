"""Faults the local site can inject (`make_server(faults=True)`), and what a crawler must make
of each: one table, `FAULTS`, shared by the server, the tests and the benchmarks.

Contract:
- Every fault URL has an aawsat article path (`/العالم-العربي/المشرق-العربي/{nid}-{slug}`,
  nids 6,990,001 …), so the crawler treats it as an article, and is listed, with `<lastmod>`,
  in the last sub-sitemap of `/sitemap.xml` (`Fault.path` is the decoded path; the sitemap
  prints it percent-encoded like every other URL).
- `expected_state` / `expected_reason` are the end state in `url_state` after ONE ingest run
  with a client timeout of at most `MAX_CLIENT_TIMEOUT` seconds (so that a whole-response
  deadline of a few timeouts ends before the slow body does) and at least two retries;
  `reason_match` says how the reason is compared (`exact`, `prefix`, or `any`).
- Counters are per server and per path: "the first 2 requests" counts every request to that
  path since the server started (or since `SiteServer.reset()`).
- `changed_content`: request n (1-based) is served at revision max(0, n - CHANGED_AFTER), so
  every request after the first gets a new body paragraph and a new ETag; its sitemap
  `<lastmod>` is the time of the sitemap request, so a later run finds it due again. After
  a second run the article has `versions_after_refetch` rows in `article_versions`.
- Pages that answer 200 with an article are generated like the corpus (`localsite.corpus`),
  with the fixed headline below; the windows-1256 page has no `<meta charset>`: only the
  `Content-Type` header declares its encoding.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Mapping
from dataclasses import dataclass

from localsite.corpus import ARTICLE_PREFIX
from localsite.fixture import templates

RETRY_AFTER_SECONDS = 1
BURST_429 = 2  # requests answered 429 before the page is served
FLAKY_503 = 2  # requests answered 503 before the page is served
CHANGED_AFTER = 1  # requests served at revision 0 before each request bumps the revision
OVERSIZED_BYTES = 6_000_000
BOMB_EXPANDED_BYTES = 10_000_000
SLOW_BODY_SECONDS = 20.0  # the slow page takes this long to arrive in full
SLOW_CHUNK_INTERVAL = 0.25  # seconds between two trickled chunks: under any sane read timeout
# The table holds for client timeouts up to this: the crawler's whole-response deadline
# (3 timeouts) stays under SLOW_BODY_SECONDS.
MAX_CLIENT_TIMEOUT = 5.0
WIN1256_CHARSET = "windows-1256"


@dataclass(frozen=True)
class Fault:
    """One misbehaving URL: what the server does and the state a crawler must record."""

    kind: str
    nid: int
    headline: str
    expected_state: str
    expected_reason: str | None = None
    reason_match: str = "any"  # "exact", "prefix" or "any"
    description: str = ""
    versions_after_refetch: int | None = None

    @property
    def path(self) -> str:
        """The decoded URL path."""
        return f"{ARTICLE_PREFIX}{self.nid}-{templates().slugify(self.headline)}"

    @property
    def public_url(self) -> str:
        """The URL the pipeline records (`https://aawsat.com` + decoded path)."""
        return "https://aawsat.com" + self.path

    @property
    def expected(self) -> str:
        """The expected end state as text, e.g. `failed (transport_error…)`."""
        if self.expected_reason is None or self.reason_match == "any":
            return self.expected_state
        suffix = "…" if self.reason_match == "prefix" else ""
        return f"{self.expected_state} ({self.expected_reason}{suffix})"

    def reason_ok(self, reason: str | None) -> bool:
        """Whether a recorded reason is the expected one."""
        if self.reason_match == "any" or self.expected_reason is None:
            return True
        if reason is None:
            return False
        if self.reason_match == "prefix":
            return reason.startswith(self.expected_reason)
        return reason == self.expected_reason

    def matches(self, state: str | None, reason: str | None) -> bool:
        """Whether a recorded (state, reason) is the expected end state."""
        return state == self.expected_state and self.reason_ok(reason)


# Sitemap order: faults that end `failed` are interleaved with pages that load.
_TABLE = (
    Fault(
        "retry_after_429", 6990001,
        "الأمم المتحدة تدعو إلى إدخال مساعدات عاجلة إلى شمال غربي سوريا",
        "loaded",
        description=f"429 with Retry-After: {RETRY_AFTER_SECONDS} for the first {BURST_429} "
        "requests, then 200",
    ),
    Fault(
        "connection_reset", 6990002,
        "انفجار عبوة ناسفة على الطريق الدولي بين درعا ودمشق",
        "failed", "transport_error", "prefix",
        description="reads the request, then resets the connection (RST) without answering",
    ),
    Fault(
        "windows_1256", 6990003,
        "مجلس مدينة حمص يُقرّ خطة لإعادة تأهيل «الأسواق القديمة» بعد سنوات من الدمار",
        "loaded",
        description="page encoded in windows-1256, declared only in the Content-Type header",
    ),
    Fault(
        "unavailable_503", 6990004,
        "ارتفاع حصيلة ضحايا الزلزال في ريف حلب الشمالي",
        "failed", "http_503", "exact",
        description="503 on every request",
    ),
    Fault(
        "changed_content", 6990005,
        "تطورات متسارعة في السويداء بعد احتجاجات الأهالي",
        "loaded",
        description=f"after the first {CHANGED_AFTER} request(s) every request returns a new "
        "revision (new body paragraph, new ETag); sitemap lastmod = now",
        versions_after_refetch=2,
    ),
    Fault(
        "truncated_body", 6990006,
        "وفد عسكري روسي يتفقد مواقع في ريف القنيطرة",
        "failed", "transport_error", "prefix",
        description="Content-Length larger than the bytes sent, then the connection closes",
    ),
    Fault(
        "unavailable_twice_503", 6990007,
        "إعادة افتتاح معبر نصيب الحدودي أمام حركة الشاحنات",
        "loaded",
        description=f"503 for the first {FLAKY_503} requests (no Retry-After), then 200",
    ),
    Fault(
        "slow_body", 6990008,
        "الجفاف يهدد محصول القمح في محافظة الحسكة",
        "failed", "timeout", "exact",
        description=f"headers at once, then the body trickles for {SLOW_BODY_SECONDS:.0f} s "
        f"(a chunk every {SLOW_CHUNK_INTERVAL} s: no single read waits long)",
    ),
    Fault(
        "pdf", 6990009,
        "تقرير أممي عن أوضاع اللاجئين السوريين في دول الجوار",
        "skipped", "content_type: application/pdf", "exact",
        description="200 with Content-Type application/pdf on an article path",
    ),
    Fault(
        "oversized", 6990010,
        "عودة الحركة إلى أسواق مدينة حلب القديمة",
        "failed", "too_large", "exact",
        description=f"{OVERSIZED_BYTES / 1e6:.0f} MB of HTML (honest Content-Length)",
    ),
    Fault(
        "redirect_other_host", 6990011,
        "غارات على مواقع في ريف دير الزور الشرقي",
        "skipped", "refused: host_not_allowed", "prefix",
        description="301 to https://evil.example/…",
    ),
    Fault(
        "gzip_bomb", 6990012,
        "حرائق تلتهم مساحات زراعية في ريف اللاذقية",
        "failed", "too_large", "exact",
        description=f"Content-Encoding: gzip, a small body expanding to "
        f"{BOMB_EXPANDED_BYTES / 1e6:.0f} MB",
    ),
    Fault(
        "not_found_404", 6990013,
        "اجتماع لوزراء خارجية دول الجوار لبحث الملف السوري",
        "gone",
        description="404 on an article path listed in the sitemap",
    ),
    Fault(
        "redirect_private_ip", 6990014,
        "قوافل إغاثة تصل إلى مخيم الركبان",
        "skipped", "refused:", "prefix",
        description="301 to http://127.0.0.2:{port}/… (another loopback address)",
    ),
    Fault(
        "gone_410", 6990015,
        "افتتاح مدرسة جديدة في مدينة إدلب بتمويل محلي",
        "gone",
        description="410 Gone",
    ),
)  # fmt: skip

FAULTS: Mapping[str, Fault] = {fault.path: fault for fault in _TABLE}
FAULT_BY_KIND: Mapping[str, Fault] = {fault.kind: fault for fault in _TABLE}


def changed_revision(hit: int) -> int:
    """The revision served to the hit-th request (1-based) of the changed-content page."""
    return max(0, hit - CHANGED_AFTER)


@functools.cache
def gzip_bomb() -> bytes:
    """A gzip body of a few KB that expands to `BOMB_EXPANDED_BYTES` of HTML."""
    head = b'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><title>x</title></head><body>'
    tail = b"</body></html>\n"
    filler = b" " * (BOMB_EXPANDED_BYTES - len(head) - len(tail))
    return gzip.compress(head + filler + tail, compresslevel=9, mtime=0)


def pdf_document(title: str) -> bytes:
    """A small, well-formed one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode() + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def windows_1256_page(html: str) -> bytes:
    """A UTF-8 page re-encoded in windows-1256, its `<meta charset>` removed."""
    html = html.replace('<meta charset="utf-8" />', "", 1)
    return html.encode("cp1256", errors="xmlcharrefreplace")
