"""Shared HTML helpers: head extraction, region cutting, visible lines and the selector index."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sources.html import DocIndex, cut_region, extract_head, strip_noise, text_lines

HEAD = """<html><head><title>عنوان &amp; آخر | الشرق الأوسط</title>
<meta property="og:title" content="عنوان">
<META NAME='keywords' CONTENT="سوريا، حلب">
<link rel="canonical" href="https://aawsat.com/node/1"><link rel="shortlink" href="/node/1">
<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
 {"@type": ["NewsArticle"], "headline": "ع", "datePublished": "2024-01-01",}]}</script>
</head><body><p>x</p>
<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": []}</script>
</body></html>"""


def test_extract_head() -> None:
    head = extract_head(HEAD)
    assert head.title == "عنوان & آخر | الشرق الأوسط"
    assert head.get("og:title") == "عنوان"
    assert head.get("missing", "keywords") == "سوريا، حلب"
    assert (head.canonical, head.shortlink) == ("https://aawsat.com/node/1", "/node/1")
    article = head.ld("NewsArticle")
    assert article is not None and article["datePublished"] == "2024-01-01"
    assert head.ld("BreadcrumbList") is not None
    assert head.ld("VideoObject") is None


START = (re.compile(r"""id=["']?main\b"""),)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # From the marker's tag to before the last footer, skipping an inner footer.
        (
            "<body><nav>n</nav><div id='main'><footer>in</footer>a</div><footer>f</footer>",
            "<div id='main'><footer>in</footer>a</div>",
        ),
        # The lead-in word moves the start back to the tag that carries it.
        (
            "<body><ol class='breadcrumb'><li>s</li></ol><p>breadcrumb</p><div id='main'>a</div>",
            "<ol class='breadcrumb'><li>s</li></ol><p>breadcrumb</p><div id='main'>a</div>",
        ),
        # An end marker inside a tag cuts before that tag.
        (
            "<body><div id='main'>a</div><div role=\"contentinfo\">f</div>",
            "<div id='main'>a</div>",
        ),
        ("<body><div id='other'>a</div><footer></footer>", None),
        # Markers in the head (e.g. CSS) do not count.
        ("<head><style>id='main'</style></head><body><p>a</p>", None),
    ],
)
def test_cut_region(html: str, expected: str | None) -> None:
    assert (
        cut_region(
            html,
            START,
            lead_in="breadcrumb",
            end_markers=("<footer", 'role="contentinfo"'),
        )
        == expected
    )


def test_strip_noise_keeps_inline_spacing() -> None:
    html = (
        "<div>\n  <p>a</p>\n  <p><b>x</b>\n<i>y</i></p>"
        "<script>var a = '<p>';</script><!-- c --></div>"
    )
    assert strip_noise(html) == "<div><p>a</p><p><b>x</b>\n<i>y</i></p></div>"


def test_text_lines_break_at_blocks_and_br_and_glue_inline_metadata() -> None:
    soup = BeautifulSoup(
        "<div><p>قال <a>الجيش</a> لـ<a>«رويترز»</a></p>a<br>b<div>c</div>"
        "<span>سعيد</span><span>(أنقرة)</span><br><span>نُشر:</span><span>15:20</span>"
        "<script>x</script></div>",
        "lxml",
    )
    div = soup.div
    assert div is not None
    assert text_lines(div) == ["قال الجيش لـ«رويترز»", "a", "b", "c", "سعيد(أنقرة)", "نُشر:15:20"]
    assert text_lines(div, glue_inline=True)[-2:] == ["سعيد (أنقرة)", "نُشر: 15:20"]
    assert text_lines(div, glue_inline=True)[0] == "قال الجيش لـ«رويترز»"


def test_text_lines_start_stop_and_skip() -> None:
    soup = BeautifulSoup("<div><p>a</p><p id='m'>b</p><p>c</p><p id='s'>d</p></div>", "lxml")
    middle, skipped = soup.find(id="m"), soup.find(id="s")
    assert middle is not None and skipped is not None
    assert text_lines(soup, stop=middle) == ["a"]
    assert text_lines(soup, start=middle, skip=frozenset({id(skipped)})) == ["c"]


def test_doc_index_selection() -> None:
    soup = BeautifulSoup(
        "<div id='a' class='x y'><span class='entry-title'><h1>h</h1></span>"
        "<a href='/taxonomy/term/3' rel='author me'>q</a><p class='y'>1</p></div>"
        "<p>2</p><h1>h2</h1>",
        "lxml",
    )
    idx = DocIndex(soup)
    box = soup.find(id="a")
    assert box is not None
    assert [t.get_text() for t in idx.select(".entry-title h1")] == ["h"]
    assert [t.get_text() for t in idx.select("p")] == ["1", "2"]
    assert [t.get_text() for t in idx.select("#a p, .x.y")] == ["hq1", "1"]
    assert [t.name for t in idx.select("[rel~=author], a[href*='/taxonomy/term/']")] == ["a"]
    assert [t.get_text() for t in idx.select("h1", within=box)] == ["h"]
    assert [t.get_text() for t in idx.select("p, h1", after=box)] == ["2", "h2"]
    assert [t.get_text() for t in idx.select_ranked(["p", "h1"])] == ["1", "2", "h", "h2"]
    assert idx.inside(soup.h1, box) and not idx.inside(soup.find_all("p")[1], box)
    assert idx.select_one("article") is None
    assert ("1", soup.find("p")) in idx.texts
