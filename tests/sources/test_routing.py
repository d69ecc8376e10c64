"""Which extractor reads a page: the outlet owning the URL's host AND path, else the generic one;
and how the generic extractor chooses a body among its readings, on pages in any script."""

from __future__ import annotations

import json

import pytest

from sources import generic
from sources.base import ParseError
from sources.extract import extract_page
from sources.generic import Reading, choose_body
from sources.registry import outlet_for_url


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.com/arabic/articles/c4g0x9ez7v2o", "bbcarabic"),
        ("https://www.bbc.com/arabic", "bbcarabic"),
        ("https://www.bbc.com/news/world-middle-east-67654321", None),
        ("https://www.bbc.com/persian/articles/c4g0x9ez7v2o", None),
        ("https://www.bbc.co.uk/sport/football/67654321", None),
        ("https://sana.sy/?p=2150321", "sana"),
        ("https://sana.sy/en/?p=345678", None),
        ("https://www.sana.sy/fr/?p=12345", None),
        ("https://www.alarabiya.net/arab-and-world/syria/2024/12/08/x", "alarabiya"),
        ("https://www.alarabiya.net/fa/iran/2024/12/08/x", None),
        ("https://aawsat.com/العالم-العربي/المشرق-العربي/5088123-x", "aawsat"),
        ("https://aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/5088123-x", "aawsat"),
        ("https://english.aawsat.com/arab-world/5088123-x", None),
        ("https://www.enabbaladi.net/archives/735123", "enabbaladi"),
        ("https://www.aljazeera.net/news/2025/2/14/x", "aljazeera"),
        ("https://www.aljazeera.com/news/2025/2/14/x", None),
        ("ftp://aawsat.com/file", None),
        ("http://[broken", None),
        ("", None),
    ],
)
def test_an_outlet_owns_its_hosts_and_paths_only(url: str, site: str | None) -> None:
    module = outlet_for_url(url)
    assert (module.SITE if module else None) == site


ENGLISH = [
    "The Syrian transitional government announced on Tuesday that schools in the northern "
    "countryside of Aleppo would reopen after months of repairs to roofs and windows.",
    "Officials said the twelve restored schools can take about six thousand pupils, who had "
    "been taught in tents and prefabricated rooms since their families returned last year.",
    "Teachers remain scarce, especially for mathematics and science, and the directorate has "
    "opened a competition to hire new staff from the area on one-year contracts.",
]


def bbc_news_page(paragraph_tag: str = "p", ld_body: str | None = None) -> str:
    """A BBC News (English) article as the generic extractor sees it: paragraphs in `div`s
    when asked, JSON-LD with an optional `articleBody`."""
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Aleppo schools reopen after repairs",
        "datePublished": "2024-11-28T09:15:00Z",
    }
    if ld_body is not None:
        ld["articleBody"] = ld_body
    body = "".join(f'<{paragraph_tag} class="text-block">{p}</{paragraph_tag}>' for p in ENGLISH)
    cards = "".join(
        f'<article class="card"><h3><a href="/news/world-{67000000 + i}">Story {i}</a></h3>'
        f"<p>Teaser text for another story number {i}.</p></article>"
        for i in range(8)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Aleppo schools reopen after repairs - BBC News</title>
<meta property="og:type" content="website">
<script type="application/ld+json">{json.dumps(ld)}</script></head><body>
<header><nav><a href="/news">News</a><a href="/sport">Sport</a></nav></header>
<main><article><h1>Aleppo schools reopen after repairs</h1>
<time datetime="2024-11-28T09:15:00Z">28 November 2024</time>
<div class="story-body">{body}</div></article>
<section class="more-stories">{cards}</section></main>
<footer><p>Copyright 2024 BBC.</p></footer></body></html>"""


@pytest.mark.parametrize("tag", ["p", "div"])
def test_a_page_outside_the_outlet_path_goes_to_the_generic_extractor(tag: str) -> None:
    url = "https://www.bbc.com/news/world-middle-east-67654321"
    record = extract_page(bbc_news_page(tag), url)
    assert record["error"] is None, record["error_detail"]
    assert record["source"] == "bbc" and record["layout"] == "generic"
    assert record["headline"] == "Aleppo schools reopen after repairs"
    assert record["paragraphs"] == ENGLISH
    assert record["published_at"] == "2024-11-28T09:15:00Z"


def test_a_summary_in_article_body_never_stands_for_the_full_text() -> None:
    record = extract_page(bbc_news_page(ld_body=ENGLISH[0][:60]), "https://www.bbc.com/news/x-1")
    assert record["paragraphs"] == ENGLISH


def test_article_body_is_taken_when_the_page_shows_less_of_it() -> None:
    # A page rendered by script: the HTML holds the first paragraph only.
    page = bbc_news_page(ld_body="\n".join(ENGLISH))
    for paragraph in ENGLISH[1:]:
        page = page.replace(f'<p class="text-block">{paragraph}</p>', "")
    record = extract_page(page, "https://www.bbc.com/news/x-2")
    assert record["paragraphs"] == ENGLISH


def test_no_body_and_not_article_say_their_evidence() -> None:
    page = bbc_news_page()
    for paragraph in ENGLISH:
        page = page.replace(f'<p class="text-block">{paragraph}</p>', "")
    with pytest.raises(ParseError) as err:
        generic.parse_article(page.replace('"NewsArticle"', '"WebPage"'), "https://x.org/a")
    assert err.value.reason == "not_article"
    assert "8 teaser cards with headings" in err.value.detail
    assert "og:type website" in err.value.detail
    with pytest.raises(ParseError) as err:
        generic.parse_article(page, "https://x.org/a")  # article JSON-LD: not a listing
    assert err.value.reason == "no_body"
    assert "no reading has any text" in err.value.detail


def test_a_reading_cut_short_gives_way_to_one_that_holds_it() -> None:
    full = Reading("trafilatura", tuple(ENGLISH))
    cut = Reading("profile", tuple(ENGLISH[:1]))
    chosen, why = choose_body([cut, full])
    assert chosen is full and "holding the shorter profile" in why
    # a longer reading that does not hold the first one (comments, teasers) does not replace it
    other = Reading("block", tuple(p[::-1] for p in ENGLISH) * 2)
    chosen, _ = choose_body([full, other])
    assert chosen is full
    assert choose_body([Reading("profile", ())]) == (None, "no reading has any text")


ARABIC = [
    "أعلنت مديرية التربية في محافظة حلب استئناف الدوام في اثنتي عشرة مدرسة بريف المحافظة "
    "الشرقي، بعد انتهاء أعمال ترميم شملت الأسقف والنوافذ ودورات المياه.",
    "وقال مدير التربية إن المدارس المرممة تستوعب نحو ستة آلاف طالب وطالبة، كانوا يتلقون "
    "دروسهم في خيام وغرف مسبقة الصنع منذ عودة عائلاتهم إلى قراهم خلال العام الماضي.",
]


def test_arabic_paragraphs_in_divs_without_metadata() -> None:
    body = "".join(f"<div>{p}</div>" for p in ARABIC)
    page = f"""<html lang="ar" dir="rtl"><head><title>مدارس حلب - موقع</title></head><body>
<div class="menu"><a href="/">الرئيسية</a> <a href="/s">سياسة</a></div>
<div id="content"><h1>إعادة افتتاح مدارس في ريف حلب</h1><div class="txt">{body}</div></div>
</body></html>"""
    record = extract_page(page, "https://news.example.sy/2024/11/28/schools")
    assert record["error"] is None, record["error_detail"]
    assert record["paragraphs"] == ARABIC


def test_a_visible_english_date_line_gives_the_printed_day() -> None:
    from flows.extract import with_dates

    page = bbc_news_page().replace('"datePublished": "2024-11-28T09:15:00Z"', '"x": 1')
    page = page.replace(
        '<time datetime="2024-11-28T09:15:00Z">28 November 2024</time>',
        '<div class="meta">By Lina Sinjab | Published November 28, 2024</div>',
    )
    record = with_dates(extract_page(page, "https://www.bbc.com/news/x-3"))
    assert record["date_text"] == "By Lina Sinjab | Published November 28, 2024"
    assert record["published_date"] == "2024-11-28" and record["published_precision"] == "day"


def test_text_runs_between_line_breaks_inside_a_page_wide_form() -> None:
    # An ASP.NET page: everything inside one <form>; the body is text between <br>s with a
    # photo block in the middle.
    runs = "<br><br>".join(ARABIC)
    page = f"""<html lang="ar"><head><title>مدارس حلب</title></head><body><form id="aspnetForm">
<div class="menu"><a href="/">الرئيسية</a></div><div id="content"><h1>إعادة افتتاح مدارس</h1>
<div class="article_txt"><strong>حلب</strong><br><br><div class="photo"><img src="a.jpg">
<div class="ad"></div></div>{runs}</div></div></form></body></html>"""
    record = extract_page(page, "https://news.example.sy/article/123456")
    assert record["error"] is None, record["error_detail"]
    assert record["paragraphs"] == ["حلب", *ARABIC]


def test_teaser_lists_are_furniture_whatever_their_class_names() -> None:
    teasers = "".join(
        f'<li class="x{i}"><div><h3><a href="/news/{i}">عنوان خبر آخر {i}</a></h3>'
        f"<p>ملخص قصير لخبر آخر رقم {i}.</p></div></li>"
        for i in range(6)
    )
    page = f"""<html lang="ar"><head><meta property="og:type" content="article">
<title>t</title></head><body><div class="c1"><h1>إعادة افتتاح مدارس في ريف حلب</h1>
<div class="c2">{"".join(f"<p>{p}</p>" for p in ARABIC[:1])}</div></div>
<div class="c3"><ul class="c4">{teasers}</ul></div></body></html>"""
    record = extract_page(page, "https://news.example.sy/2024/11/28/schools")
    # a short article beside a list of teasers: an article, and the teasers are not its body
    assert record["error"] is None, record["error_detail"]
    assert record["paragraphs"] == ARABIC[:1]
    listing = page.replace('content="article"', 'content="website"')
    assert extract_page(listing, "https://news.example.sy/syria")["error"] == "not_article"


def test_the_printed_headline_is_the_h1_the_metadata_names() -> None:
    page = bbc_news_page().replace('"headline": "Aleppo schools reopen after repairs",', "")
    page = page.replace(
        "<title>Aleppo schools reopen after repairs - BBC News</title>",
        '<title>x</title><meta property="og:site_name" content="BBC News">'
        '<meta property="og:title" content="BBC News | Aleppo schools reopen after repairs">',
    )
    page = page.replace("<header>", "<div id='logo'><h1>BBC</h1></div><header>")
    record = extract_page(page, "https://www.bbc.com/news/x-4")
    assert record["headline"] == "Aleppo schools reopen after repairs"
    no_h1 = page.replace("<h1>Aleppo schools reopen after repairs</h1>", "")
    record = extract_page(no_h1, "https://www.bbc.com/news/x-4")
    assert record["headline"] == "Aleppo schools reopen after repairs"  # og:title, site cut off


def test_menus_read_along_with_the_body_give_way_to_the_block_inside_them() -> None:
    menu = "الرئيسية | سياسة | اقتصاد | رياضة | منوعات | فيديو | اتصل بنا | من نحن"
    glued = Reading("trafilatura", (menu, *ARABIC))
    block = Reading("block", tuple(ARABIC))
    links = {"الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات", "فيديو", "اتصل بنا", "من نحن"}

    def linked_share(lines: list[str]) -> float:
        text = " ".join(lines)
        return sum(len(x) for x in links if x in text) / len(text)

    chosen, why = choose_body([glued, block], linked_share)
    assert chosen is block and "link text around" in why
    # without evidence about links, the first reading stands
    assert choose_body([glued, block])[0] is glued


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("2019-9-7 21:30:50", "2019-09-07T21:30:50"), ("2019/11/25 16:04:30", "2019-11-25T16:04:30")],
)
def test_machine_dates_with_short_or_slashed_days(raw: str, iso: str) -> None:
    assert generic.iso_date(raw) == iso
