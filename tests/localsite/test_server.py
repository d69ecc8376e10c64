"""The local site server: static routing and validators, latency, the request log, the
generated corpus (determinism, sitemaps, parseability) and the HTTP behaviour of each fault."""

from __future__ import annotations

import gzip
import itertools
import re
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from urllib.parse import unquote

import httpx
import pytest
from hijridate import Gregorian
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.pipeline import parsed_frame
from localsite import faults as fault_kit
from localsite.corpus import (
    MAX_SIZE,
    NID_BASE,
    PER_SITEMAP,
    Corpus,
    localise,
    seed_sentences,
)
from localsite.faults import FAULT_BY_KIND, FAULTS
from localsite.fixture import templates
from localsite.server import SITE_ROOT, SiteServer, serving_site
from schemas.ops import URL_OUTCOMES
from schemas.parsed import ParsedArticleModel
from schemas.validate import split_valid
from sources import aawsat
from sources.http import decode_body

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HIJRI_MONTHS = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]  # fmt: skip
CORPUS = 2_500
SEED = 11


def enc(path: str) -> str:
    return str(templates().enc(path))


@pytest.fixture(scope="module")
def static_site() -> Iterator[SiteServer]:
    with serving_site() as server:
        yield server


@pytest.fixture(scope="module")
def big_site() -> Iterator[SiteServer]:
    with serving_site(corpus=CORPUS, faults=True, seed=SEED) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, trust_env=False) as c:
        yield c


def locs(xml: bytes, tag: str) -> list[tuple[str, str | None]]:
    root = ET.fromstring(xml)
    out = []
    for el in root.findall(f"sm:{tag}", NS):
        loc = el.find("sm:loc", NS)
        mod = el.find("sm:lastmod", NS)
        assert loc is not None and loc.text
        out.append((loc.text, mod.text if mod is not None else None))
    return out


# --------------------------------------------------------------------------- static site


def test_static_pages_carry_validators_and_answer_conditional_requests(
    static_site: SiteServer, client: httpx.Client
) -> None:
    first = client.get(static_site.url + "/")
    assert first.status_code == 200
    assert first.content == (SITE_ROOT / "www" / "index.html").read_bytes()
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(static_site.url + "/", headers={"If-None-Match": etag}).status_code == 304
    by_date = client.get(static_site.url + "/", headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    older = formatdate(1_600_000_000, usegmt=True)
    stale = client.get(static_site.url + "/", headers={"If-Modified-Since": older})
    assert stale.status_code == 200
    # If-None-Match decides when both are sent (RFC 9110).
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert client.get(static_site.url + "/", headers=both).status_code == 200


def test_static_routes_are_unchanged_by_default(
    static_site: SiteServer, client: httpx.Client
) -> None:
    www = SITE_ROOT / "www"
    index = client.get(static_site.url + "/sitemap.xml")
    assert index.content == (www / "sitemap.xml").read_bytes()
    page2 = client.get(static_site.url + "/sitemap.xml?page=2")
    assert page2.content == (www / "sitemap.page-2.xml").read_bytes()
    assert page2.headers["content-type"].startswith("application/xml")
    levant = enc("/العالم-العربي/المشرق-العربي") + "?page=1"
    listing = client.get(static_site.url + levant)
    assert listing.content == (www / "العالم-العربي/المشرق-العربي/index.page-1.html").read_bytes()
    robots = client.get(static_site.url + "/robots.txt")
    assert robots.headers["content-type"].startswith("text/plain")
    assert client.get(static_site.url + "/no/such/page").status_code == 404
    assert client.get(static_site.url + "/../../etc/passwd").status_code == 404
    # Generated URLs do not exist without a corpus or faults.
    assert client.get(static_site.url + "/node/6000000").status_code == 404
    assert client.get(static_site.url + enc(next(iter(FAULTS)))).status_code == 404


def test_node_links_redirect_to_the_percent_encoded_canonical_path(
    static_site: SiteServer, client: httpx.Client
) -> None:
    response = client.get(static_site.url + "/node/3467011")
    assert response.status_code == 301
    location = response.headers["location"]
    assert location.isascii()
    assert unquote(location) == "/home/article/3467011/درعا-على-موعد-مع-تسويات-جديدة"
    assert client.get(static_site.url + location).status_code == 200


def test_request_log_records_every_request_with_its_validators(client: httpx.Client) -> None:
    with serving_site() as server:
        mark = server.request_log.mark()
        client.get(server.url + "/robots.txt")
        client.get(server.url + "/robots.txt", headers={"If-None-Match": '"x"'})
        client.get(server.url + "/robots.txt", headers={"If-Modified-Since": "garbage"})
        client.get(server.url + "/missing")
        got = server.request_log.since(mark)
    assert [e.path for e in got] == ["/robots.txt"] * 3 + ["/missing"]
    assert [(e.if_none_match, e.if_modified_since) for e in got] == [
        (False, False),
        (True, False),
        (False, True),
        (False, False),
    ]
    assert [e.status for e in got] == [200, 200, 200, 404]
    assert [e.conditional for e in got] == [False, True, True, False]
    assert all(a.t <= b.t for a, b in itertools.pairwise(got))


def test_request_log_is_complete_under_concurrent_clients() -> None:
    with serving_site() as server:

        def worker() -> None:
            with httpx.Client(trust_env=False) as c:
                for _ in range(20):
                    c.get(server.url + "/robots.txt")

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(server.request_log) == 160
        assert server.hits("/robots.txt") == 0  # only fault paths are counted
        server.reset()
        assert len(server.request_log) == 0


def test_latency_delays_every_answer(client: httpx.Client) -> None:
    with serving_site(latency=0.2) as server:
        client.get(server.url + "/robots.txt")  # connection set up
        start = time.monotonic()
        for _ in range(3):
            assert client.get(server.url + "/robots.txt").status_code == 200
        assert time.monotonic() - start >= 0.6


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        Corpus(MAX_SIZE + 1)
    with pytest.raises(ValueError):
        SiteServer(latency=-1.0)


# --------------------------------------------------------------------------- corpus


def test_corpus_is_a_pure_function_of_seed_index_and_revision() -> None:
    a, b, other = Corpus(MAX_SIZE, seed=3), Corpus(MAX_SIZE, seed=3), Corpus(MAX_SIZE, seed=4)
    for i in (0, 1, 4_999, MAX_SIZE - 1):
        assert a.page(i) == b.page(i)
        assert a.etag(i) == b.etag(i)
        assert a.path(i) == b.path(i)
        assert a.nid(i) == NID_BASE + i
        assert a.page(i) != other.page(i)
        assert a.page(i, revision=1) == b.page(i, revision=1)
    rev0, rev1, rev2 = (a.article(7, revision=r) for r in (0, 1, 2))
    assert rev0["headline"] == rev1["headline"] == rev2["headline"]
    assert rev0["paragraphs"][:-1] == rev1["paragraphs"][:-1] == rev2["paragraphs"][:-1]
    assert len({rev0["paragraphs"][-1], rev1["paragraphs"][-1], rev2["paragraphs"][-1]}) == 3
    assert len({a.etag(7, r) for r in (0, 1, 2)}) == 3


def test_corpus_varies_places_dates_authors_and_layout_variants() -> None:
    corpus = Corpus(MAX_SIZE, seed=0)
    heads = [corpus.head(i) for i in range(0, MAX_SIZE, 97)]
    years = {h["published"][:4] for h in heads}
    assert years == {str(y) for y in range(2019, 2026)}
    assert len({h["governorate"] for h in heads}) >= 13
    assert len({h["town"] for h in heads}) >= 50
    assert len({h["author"] for h in heads}) >= 8
    assert len({h["dateline"] for h in heads}) >= 12
    assert {h["meta"] for h in heads} == {"top", "split", "bottom"}
    assert {h["date_form"] for h in heads} == {"published", "print"}
    assert any(h["updated"] for h in heads) and any(h["image"] for h in heads)
    assert any(h["subheadline"] for h in heads) and any(h["json_ld"] for h in heads)
    for i in (1, 2, 3):
        head, body = corpus.head(i), corpus.article(i)["paragraphs"][1:]
        moved = {localise(s, head["town"], head["governorate"]) for s in seed_sentences()}
        text = " ".join(body)
        assert sum(s in text for s in moved) >= 4  # the body is made of seed sentences


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(i=st.integers(0, MAX_SIZE - 1), seed=st.integers(0, 1_000), revision=st.integers(0, 3))
def test_generated_pages_parse_into_valid_records(i: int, seed: int, revision: int) -> None:
    corpus = Corpus(MAX_SIZE, seed=seed)
    article = corpus.article(i, revision)
    url = "https://aawsat.com" + corpus.path(i)
    record = aawsat.parse_article(corpus.page(i, revision).decode("utf-8"), url)
    build = templates()
    assert record["article_id"] == f"aawsat:{NID_BASE + i}"
    assert record["layout"] == "current"
    assert record["headline"] == article["headline"]
    assert record["subheadline"] == article["subheadline"]
    assert record["paragraphs"] == [build.plain(p) for p in article["paragraphs"]]
    assert (record["byline"], record["author"], record["dateline"]) == (
        article["byline"],
        article["author"],
        article["dateline"],
    )
    assert record["date_text"].startswith(build.date_text(article))
    day = build.local_dt(article["published"]).date()
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    assert f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} هـ" in record["date_text"]
    assert record["image_credit"] == (article["image"]["credit"] if article["image"] else None)
    assert record["related_ids"] == [f"aawsat:{n}" for n in article["related"]]
    valid, rejected = split_valid(ParsedArticleModel, parsed_frame([record], "test"))
    assert rejected.height == 0 and valid.height == 1


def test_server_serves_corpus_pages_with_validators_and_redirects(
    big_site: SiteServer, client: httpx.Client
) -> None:
    corpus = big_site.corpus
    assert corpus is not None
    i = 1_234
    response = client.get(big_site.url + enc(corpus.path(i)))
    assert response.status_code == 200
    assert response.content == corpus.page(i)
    assert response.headers["etag"] == corpus.etag(i)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    url = big_site.url + enc(corpus.path(i))
    assert client.get(url, headers={"If-None-Match": corpus.etag(i)}).status_code == 304
    ims = {"If-Modified-Since": response.headers["last-modified"]}
    assert client.get(url, headers=ims).status_code == 304
    node = client.get(f"{big_site.url}/node/{corpus.nid(i)}")
    assert node.status_code == 301 and unquote(node.headers["location"]) == corpus.path(i)
    wrong_slug = client.get(big_site.url + enc(f"/العالم-العربي/المشرق-العربي/{corpus.nid(i)}-x"))
    assert wrong_slug.status_code == 301
    beyond = client.get(big_site.url + enc(f"/العالم-العربي/المشرق-العربي/{corpus.nid(CORPUS)}-x"))
    assert beyond.status_code == 404
    # the fixture's own pages are still there
    assert client.get(big_site.url + "/feed/arab-world").status_code == 200


def test_sitemap_index_lists_fixture_corpus_and_fault_sitemaps(
    big_site: SiteServer, client: httpx.Client
) -> None:
    corpus = big_site.corpus
    assert corpus is not None
    index = client.get(big_site.url + "/sitemap.xml")
    assert index.status_code == 200
    children = locs(index.content, "sitemap")
    pages = -(-CORPUS // PER_SITEMAP)
    assert [loc for loc, _ in children] == [
        f"https://aawsat.com/sitemap.xml?page={k}" for k in range(1, 3 + pages + 1)
    ]
    assert all(mod for _, mod in children)
    fixture_urls = locs(client.get(big_site.url + "/sitemap.xml?page=1").content, "url")
    assert len(fixture_urls) >= 7  # the fixture's own pages, as before
    seen: list[str] = []
    for k in range(3, 3 + pages):
        urls = locs(client.get(f"{big_site.url}/sitemap.xml?page={k}").content, "url")
        assert 0 < len(urls) <= PER_SITEMAP
        assert all(mod and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00", mod)
                   for _, mod in urls)  # fmt: skip
        seen += [loc for loc, _ in urls]
    assert seen == [corpus.url(i) for i in range(CORPUS)]
    assert all(aawsat.article_id(u) == f"aawsat:{NID_BASE + n}" for n, u in enumerate(seen))
    fault_urls = locs(client.get(f"{big_site.url}/sitemap.xml?page={3 + pages}").content, "url")
    assert [unquote(loc) for loc, _ in fault_urls] == [f.public_url for f in FAULTS.values()]
    assert client.get(f"{big_site.url}/sitemap.xml?page={4 + pages}").status_code == 404


# --------------------------------------------------------------------------- faults


def test_fault_table_is_consistent() -> None:
    kinds = [f.kind for f in FAULTS.values()]
    assert len(set(kinds)) == len(kinds) == 15
    assert len({f.nid for f in FAULTS.values()}) == len(FAULTS)
    for path, fault in FAULTS.items():
        assert path == fault.path
        assert aawsat.article_id(fault.public_url) == f"aawsat:{fault.nid}"
        assert aawsat.canonical_url(fault.public_url) == fault.public_url
        assert fault.expected_state in URL_OUTCOMES
        assert fault.reason_match in ("exact", "prefix", "any")
        assert fault.description
    assert FAULT_BY_KIND["windows_1256"].headline.encode("cp1256").decode("cp1256") == (
        FAULT_BY_KIND["windows_1256"].headline
    )
    transport = FAULT_BY_KIND["connection_reset"]
    assert transport.matches("failed", "transport_error: ReadError")
    assert not transport.matches("failed", "timeout")
    assert not transport.matches("loaded", None)
    assert FAULT_BY_KIND["unavailable_503"].expected == "failed (http_503)"


@pytest.fixture
def fault_site() -> Iterator[SiteServer]:
    """A fresh server per test: fault counters start at zero."""
    with serving_site(faults=True, seed=SEED) as server:
        yield server


def fault_url(server: SiteServer, kind: str) -> str:
    return server.url + enc(FAULT_BY_KIND[kind].path)


def test_429_burst_then_the_page(fault_site: SiteServer, client: httpx.Client) -> None:
    url = fault_url(fault_site, "retry_after_429")
    for _ in range(fault_kit.BURST_429):
        response = client.get(url)
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1"
    page = client.get(url)
    assert page.status_code == 200
    record = aawsat.parse_article(page.text, FAULT_BY_KIND["retry_after_429"].public_url)
    assert record["headline"] == FAULT_BY_KIND["retry_after_429"].headline


def test_503_twice_then_the_page_and_503_always(
    fault_site: SiteServer, client: httpx.Client
) -> None:
    flaky = fault_url(fault_site, "unavailable_twice_503")
    assert [client.get(flaky).status_code for _ in range(4)] == [503, 503, 200, 200]
    down = fault_url(fault_site, "unavailable_503")
    assert [client.get(down).status_code for _ in range(5)] == [503] * 5
    assert "retry-after" not in client.get(down).headers


def test_connection_reset_sends_no_answer(fault_site: SiteServer, client: httpx.Client) -> None:
    mark = fault_site.request_log.mark()
    with pytest.raises(httpx.TransportError):
        client.get(fault_url(fault_site, "connection_reset"))
    assert [e.status for e in fault_site.request_log.since(mark)] == [None]
    assert client.get(fault_site.url + "/robots.txt").status_code == 200  # server still fine


def test_truncated_body_promises_more_than_it_sends(fault_site: SiteServer) -> None:
    received = 0
    declared = 0
    with (
        httpx.Client(trust_env=False, timeout=5.0) as c,
        pytest.raises(httpx.RemoteProtocolError),
        c.stream("GET", fault_url(fault_site, "truncated_body")) as response,
    ):
        declared = int(response.headers["content-length"])
        for chunk in response.iter_raw():
            received += len(chunk)
    assert 0 < received < declared


def test_slow_body_trickles_past_any_read_timeout(fault_site: SiteServer) -> None:
    """Each chunk comes within 1 s (a read timeout never fires), but the body takes far longer."""
    gaps: list[float] = []
    with (
        httpx.Client(trust_env=False, timeout=httpx.Timeout(5.0, read=1.0)) as c,
        c.stream("GET", fault_url(fault_site, "slow_body")) as response,
    ):
        assert response.status_code == 200
        total = int(response.headers["content-length"])
        got, last, start = 0, time.monotonic(), time.monotonic()
        for chunk in response.iter_raw():
            now = time.monotonic()
            gaps.append(now - last)
            last = now
            got += len(chunk)
            if now - start > 2.0:
                break
    assert max(gaps) < 1.0
    assert got < total / 4  # 2 s into a body that takes SLOW_BODY_SECONDS


def test_windows_1256_page_is_declared_only_in_the_header(
    fault_site: SiteServer, client: httpx.Client
) -> None:
    fault = FAULT_BY_KIND["windows_1256"]
    response = client.get(fault_url(fault_site, "windows_1256"))
    assert response.headers["content-type"] == "text/html; charset=windows-1256"
    assert b"charset" not in response.content[:4096].lower()
    assert fault.headline.encode("cp1256") in response.content
    assert fault.headline.encode("utf-8") not in response.content
    html = decode_body(response.content, response.headers["content-type"])
    assert aawsat.parse_article(html, fault.public_url)["headline"] == fault.headline


def test_changed_content_bumps_the_revision_after_the_first_request(
    fault_site: SiteServer, client: httpx.Client
) -> None:
    fault = FAULT_BY_KIND["changed_content"]
    url = fault_url(fault_site, "changed_content")
    first = client.get(url)
    second = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    third = client.get(url, headers={"If-None-Match": second.headers["etag"]})
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    assert len({r.headers["etag"] for r in (first, second, third)}) == 3
    records = [aawsat.parse_article(r.text, fault.public_url) for r in (first, second, third)]
    assert {r["headline"] for r in records} == {fault.headline}
    assert records[0]["paragraphs"][:-1] == records[1]["paragraphs"][:-1]
    assert records[0]["paragraphs"][-1] != records[1]["paragraphs"][-1]
    assert "التحديث رقم 1" in records[1]["paragraphs"][-1]


def test_changed_content_lastmod_is_now_in_the_fault_sitemap(
    fault_site: SiteServer, client: httpx.Client
) -> None:
    index = locs(client.get(fault_site.url + "/sitemap.xml").content, "sitemap")
    last = index[-1][0].replace("https://aawsat.com", fault_site.url)
    urls = dict(locs(client.get(last).content, "url"))
    changed = urls[templates().absolute(FAULT_BY_KIND["changed_content"].path)]
    assert changed is not None
    age = datetime.now(UTC) - datetime.fromisoformat(changed)
    assert age.total_seconds() < 60
    changed_url = FAULT_BY_KIND["changed_content"].public_url
    others = [m for u, m in urls.items() if unquote(u) != changed_url]
    assert all(m and m < "2026" for m in others)


def test_pdf_404_410_and_redirects(fault_site: SiteServer, client: httpx.Client) -> None:
    pdf = client.get(fault_url(fault_site, "pdf"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    assert client.get(fault_url(fault_site, "not_found_404")).status_code == 404
    assert client.get(fault_url(fault_site, "gone_410")).status_code == 410
    evil = client.get(fault_url(fault_site, "redirect_other_host"))
    assert evil.status_code == 301
    assert evil.headers["location"].startswith("https://evil.example/")
    private = client.get(fault_url(fault_site, "redirect_private_ip"))
    assert private.status_code == 301
    assert private.headers["location"].startswith(f"http://127.0.0.2:{fault_site.port}/")
    path = unquote(private.headers["location"].split(str(fault_site.port), 1)[1])
    assert path == FAULT_BY_KIND["redirect_private_ip"].path


def test_oversized_page_is_six_megabytes_of_html(
    fault_site: SiteServer, client: httpx.Client
) -> None:
    response = client.get(fault_url(fault_site, "oversized"))
    assert int(response.headers["content-length"]) == fault_kit.OVERSIZED_BYTES
    assert len(response.content) == fault_kit.OVERSIZED_BYTES
    assert response.content.rstrip().endswith(b"</html>")
    headline = FAULT_BY_KIND["oversized"].headline
    assert f"<h1>{headline}</h1>".encode() in response.content


def test_gzip_bomb_is_small_on_the_wire_and_huge_decoded(fault_site: SiteServer) -> None:
    with (
        httpx.Client(trust_env=False) as c,
        c.stream("GET", fault_url(fault_site, "gzip_bomb")) as response,
    ):
        raw = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == "gzip"
    assert len(raw) < 100_000
    assert len(gzip.decompress(raw)) == fault_kit.BOMB_EXPANDED_BYTES > 5_000_000
    assert zlib.decompressobj(wbits=31).decompress(raw, 4096).startswith(b"<!DOCTYPE html>")
