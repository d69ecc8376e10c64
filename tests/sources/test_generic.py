"""The generic extractor on pages of outlets that have no module, written inline.

Two variants carry their metadata differently: one has JSON-LD only (in an `@graph`, no
OpenGraph, no visible date), the other no JSON-LD but OpenGraph/`article:*` meta tags and a
visible date line with a Levantine month name. Around them: URL and id rules, the date-line
pattern, and the typed errors.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

import polars as pl
import pytest

from schemas.parsed import ParsedArticleModel
from sources import generic
from sources.base import ParseError

COLUMNS = list(ParsedArticleModel.to_schema().columns)

P1 = (
    "أعلنت مديرية التربية في محافظة حلب استئناف الدوام في اثنتي عشرة مدرسة بريف المحافظة "
    "الشرقي، بعد انتهاء أعمال ترميم شملت الأسقف والنوافذ ودورات المياه."
)
P2 = (
    "وقال مدير التربية إن المدارس المرممة تستوعب نحو ستة آلاف طالب وطالبة، كانوا يتلقون "
    "دروسهم في خيام وغرف مسبقة الصنع منذ عودة عائلاتهم إلى قراهم خلال العام الماضي."
)
P3 = (
    "وأضاف أن المديرية تواجه نقصاً في عدد المعلمين، ولا سيما في مواد الرياضيات والعلوم، "
    "وأنها أطلقت مسابقة لتعيين معلمين جدد من أبناء المنطقة بعقود سنوية."
)
P4 = (
    "ويشكو أهالٍ في بلدتي دير حافر ومسكنة من بعد المدارس عن بعض القرى، ويطالبون بتأمين "
    "وسائل نقل للطلاب قبل حلول فصل الشتاء وانقطاع الطرق الترابية بسبب الأمطار."
)
PARAGRAPHS = [P1, P2, P3, P4]
HEADLINE = "استئناف الدوام في 12 مدرسة مرممة بريف حلب الشرقي"

CHROME_TOP = """<header class="site-header"><div class="today">الأحد 24 تشرين الثاني 2024</div>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/category/syria">سوريا</a></li>
<li><a href="/category/economy">اقتصاد</a></li></ul></nav></header>"""
CHROME_BOTTOM = """<aside class="sidebar"><h3>الأكثر قراءة</h3><ul>
<li><a href="/ar/204400/">انقطاع الطريق بين حمص وطرطوس بسبب السيول</a>
<span class="date">20 تشرين الثاني 2024</span></li>
<li><a href="/ar/204401/">تجار دمشق يترقبون قرارات جديدة بشأن الاستيراد</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة 2024</p><a href="/about">من نحن</a></footer>"""


def body_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


# --------------------------------------------------------------------------- JSON-LD only

LD_URL = "https://www.syria.tv/استئناف-الدوام-في-مدارس-ريف-حلب"
LD_PAGE = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{HEADLINE} | تلفزيون سوريا</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
 {{"@type": "WebSite", "@id": "https://www.syria.tv/#website", "name": "تلفزيون سوريا"}},
 {{"@type": "NewsArticle", "@id": "{LD_URL}#article", "headline": "{HEADLINE}",
  "datePublished": "2024-11-24T09:15:00+03:00", "dateModified": "2024-11-24T11:02:00+03:00",
  "author": [{{"@type": "Person", "name": "نور الهدى الحسن"}}],
  "image": {{"@id": "{LD_URL}#primaryimage"}},
  "articleSection": ["سوريا", "تعليم"], "keywords": "حلب، التعليم، المدارس"}},
 {{"@type": "ImageObject", "@id": "{LD_URL}#primaryimage",
  "url": "https://www.syria.tv/sites/default/files/2024-11/schools-aleppo.jpg",
  "caption": "طلاب في إحدى المدارس المرممة بريف حلب الشرقي"}}
]}}</script></head><body>
{CHROME_TOP}
<main><article><h1>{HEADLINE}</h1>
<div class="article-content">{body_html(PARAGRAPHS)}</div>
</article>
<section class="related-posts"><h2>مواضيع ذات صلة</h2>
<a href="/ar/204300/">عودة الدراسة إلى مدارس في ريف إدلب</a></section></main>
{CHROME_BOTTOM}</body></html>"""


def test_json_ld_only_page() -> None:
    record = generic.parse_article(LD_PAGE, LD_URL)
    assert list(record) == COLUMNS
    canonical = "https://www.syria.tv/استئناف-الدوام-في-مدارس-ريف-حلب"
    digest = hashlib.sha1(canonical.encode()).hexdigest()[:16]
    assert record["article_id"] == f"syria:{digest}"
    assert record["site"] == "syria"
    assert record["canonical_url"] == canonical
    assert record["layout"] == "generic"
    assert record["headline"] == HEADLINE
    assert record["paragraphs"] == PARAGRAPHS
    assert record["author"] == "نور الهدى الحسن"
    assert record["byline"] is None
    assert (record["section"], record["subsection"]) == ("سوريا", "تعليم")
    assert record["tags"] == ["حلب", "التعليم", "المدارس"]
    assert record["published_meta"] == "2024-11-24T09:15:00+03:00"
    assert record["updated_meta"] == "2024-11-24T11:02:00+03:00"
    assert (
        record["lead_image_url"]
        == "https://www.syria.tv/sites/default/files/2024-11/schools-aleppo.jpg"
    )
    assert record["image_caption"] == "طلاب في إحدى المدارس المرممة بريف حلب الشرقي"
    # The header's "today" date and the sidebar's dates are never the article's.
    assert record["date_text"] is None
    assert record["parser_version"] == generic.PARSER_VERSION


# -------------------------------------------------------------------------- OpenGraph + date line

OG_URL = "https://npasyria.com/ar/204517/"
VISIBLE_DATE = "الخميس 28 تشرين الثاني 2024 - 14:30"
OG_PAGE = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{HEADLINE} - نورث برس</title>
<link rel="canonical" href="https://npasyria.com/ar/204517/?utm_source=rss">
<meta property="og:type" content="article">
<meta property="og:site_name" content="نورث برس">
<meta property="og:title" content="{HEADLINE} - نورث برس">
<meta property="og:image" content="https://npasyria.com/wp-content/uploads/2024/11/aleppo-schools.jpg">
<meta property="article:section" content="تقارير">
<meta property="article:tag" content="حلب">
<meta property="article:tag" content="التعليم">
<meta name="author" content="https://npasyria.com/ar/author/7/">
</head><body>
{CHROME_TOP}
<main><article>
<div class="post-header"><span class="category">تقارير</span><h1 class="entry-title">{HEADLINE}</h1>
<div class="post-meta"><span class="author-name">حلب – سامي العبد الله</span>
<span class="post-date">{VISIBLE_DATE}</span></div></div>
<figure class="wp-block-image"><img src="/wp-content/uploads/2024/11/aleppo-schools.jpg" alt="">
<figcaption>مدرسة مرممة في ريف حلب الشرقي - 20 تشرين الثاني 2024 (نورث برس)</figcaption></figure>
<div class="entry-content">{body_html(PARAGRAPHS[:2])}
<p>اقرأ أيضاً: <a href="/ar/204300/">عودة الدراسة إلى مدارس في ريف إدلب</a></p>
{body_html(PARAGRAPHS[2:])}
<div class="share"><span>شارك</span><a href="#">فيسبوك</a></div></div>
</article>
<div class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/ar/204300/">عودة الدراسة</a></li>
<li><a href="https://npasyria.com/ar/204288/">نقص المعلمين في الرقة</a></li>
<li><a href="https://other.example/ar/999999/">موقع آخر</a></li></ul></div></main>
{CHROME_BOTTOM}</body></html>"""


def test_opengraph_and_levantine_visible_date_without_json_ld() -> None:
    record = generic.parse_article(OG_PAGE, OG_URL)
    assert list(record) == COLUMNS
    assert record["article_id"] == "npasyria:204517"
    assert record["site"] == "npasyria"
    assert record["canonical_url"] == "https://npasyria.com/ar/204517"
    assert record["headline"] == HEADLINE  # og:title without the site name
    assert record["paragraphs"] == PARAGRAPHS  # no "read also", share box or sidebar
    assert record["date_text"] == VISIBLE_DATE
    assert record["published_meta"] is None and record["updated_meta"] is None
    assert record["byline"] == "حلب – سامي العبد الله"
    assert (record["author"], record["dateline"]) == ("سامي العبد الله", "حلب")
    assert record["section"] == "تقارير"
    assert record["tags"] == ["حلب", "التعليم"]
    assert record["lead_image_url"] == (
        "https://npasyria.com/wp-content/uploads/2024/11/aleppo-schools.jpg"
    )
    assert record["image_caption"] == "مدرسة مرممة في ريف حلب الشرقي - 20 تشرين الثاني 2024"
    assert record["image_credit"] == "نورث برس"
    assert record["related_ids"] == ["npasyria:204300", "npasyria:204288"]


def test_variants_validate_against_the_schema_and_have_no_empty_strings() -> None:
    records = [generic.parse_article(LD_PAGE, LD_URL), generic.parse_article(OG_PAGE, OG_URL)]
    frame = pl.DataFrame(records)
    assert ParsedArticleModel.validate(frame, lazy=True).height == 2
    for record in records:
        for column, value in record.items():
            assert value != "", column
            if isinstance(value, list):
                assert all(isinstance(v, str) and v for v in value), column


def test_visible_date_with_arabic_indic_digits_and_update_line() -> None:
    page = OG_PAGE.replace(
        f'<span class="post-date">{VISIBLE_DATE}</span>',
        '<span class="post-date">نُشر: ٢٨ تشرين الثاني ٢٠٢٤</span>'
        '<span class="post-updated">آخر تحديث: ٢٩ تشرين الثاني ٢٠٢٤</span>',
    )
    record = generic.parse_article(page, OG_URL)
    assert record["date_text"] == "نُشر: ٢٨ تشرين الثاني ٢٠٢٤\nآخر تحديث: ٢٩ تشرين الثاني ٢٠٢٤"


def test_time_datetime_is_the_machine_date_fallback() -> None:
    page = OG_PAGE.replace(
        f'<span class="post-date">{VISIBLE_DATE}</span>',
        f'<time class="post-date" datetime="2024-11-28T14:30:00+03:00">{VISIBLE_DATE}</time>',
    )
    record = generic.parse_article(page, OG_URL)
    assert record["published_meta"] == "2024-11-28T14:30:00+03:00"
    assert record["date_text"] == VISIBLE_DATE


def test_reportage_news_article_type_and_organisation_author() -> None:
    page = LD_PAGE.replace('"@type": "NewsArticle"', '"@type": "ReportageNewsArticle"').replace(
        '[{"@type": "Person", "name": "نور الهدى الحسن"}]',
        '{"@type": "NewsMediaOrganization", "name": "BBC News عربي"}',
    )
    record = generic.parse_article(page, LD_URL)
    assert record["headline"] == HEADLINE and record["author"] == "BBC News عربي"


# --------------------------------------------------------------------------- errors

CARDS = "".join(
    f'<article class="card"><h3><a href="/ar/{204000 + i}/">خبر رقم {i}</a></h3>'
    f"<p>{P1[:90]}</p></article>"
    for i in range(8)
)
LISTING = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>سوريا</title>
<meta property="og:type" content="website"></head><body>{CHROME_TOP}<main><h1>سوريا</h1>
{CARDS}</main>{CHROME_BOTTOM}</body></html>"""


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "bad_html"),
        ("   \n", "bad_html"),
        ("\x00\x01binary\x02", "bad_html"),
        ("plain text, not a document at all", "bad_html"),
        (LISTING, "not_article"),
        (
            LISTING.replace('content="website"', 'content="article"').replace(
                '<article class="card">', '<div class="card">'
            ),
            "not_article",
        ),
        (
            OG_PAGE.replace(body_html(PARAGRAPHS[:2]), "").replace(body_html(PARAGRAPHS[2:]), ""),
            "no_body",
        ),
    ],
)
def test_typed_errors(html: str, reason: str) -> None:
    with pytest.raises(ParseError) as err:
        generic.parse_article(html, OG_URL)
    assert err.value.reason == reason


def test_no_headline_anywhere() -> None:
    page = f"""<html><head><meta property="og:type" content="article"></head><body>
<main><div>{body_html(PARAGRAPHS)}</div></main></body></html>"""
    with pytest.raises(ParseError) as err:
        generic.parse_article(page, OG_URL)
    assert err.value.reason == "no_headline"


def test_only_parse_error_escapes_on_odd_input() -> None:
    odd = [
        "<html><body><h1>عنوان</h1></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<html><head><script type='application/ld+json'>{broken</script></head>"
        "<body></body></html>",
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": 5}'
        "</script></head><body><p>" + P1 + "</p></body></html>",
        "<" * 1000,
    ]
    for html in odd:
        with contextlib.suppress(ParseError):
            generic.parse_article(html, "https://example.org/a/1")


def test_without_any_url_the_site_is_local() -> None:
    page = LD_PAGE.replace(LD_URL, "")
    record: dict[str, Any] = generic.parse_article(page, "")
    assert record["site"] == "local" and record["article_id"].startswith("local:")
    assert record["url"] is None and record["headline"] == HEADLINE


# --------------------------------------------------------------------------- URLs, ids, dates


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("www.enabbaladi.net", "enabbaladi"),
        ("sana.sy", "sana"),
        ("www.sana.gov.sy", "sana"),
        ("m.aljazeera.net", "aljazeera"),
        ("www.bbc.co.uk", "bbc"),
        ("npasyria.com", "npasyria"),
        ("syria-tv.example", "syria_tv"),
        ("localhost", "localhost"),
        (None, "local"),
    ],
)
def test_site_id(host: str | None, site: str) -> None:
    assert generic.site_id(host) == site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.enabbaladi.net/archives/736512", "736512"),
        ("https://sana.sy/?p=2150321", "2150321"),
        ("https://sana.sy/economy/2163877/", "2163877"),
        ("https://aawsat.com/العالم-العربي/5087364-طائرات-سورية", "5087364"),
        ("https://www.bbc.com/arabic/middleeast-66421873", "66421873"),
        ("https://example.org/news/story-1234567.html", "1234567"),
        ("https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين", None),
        ("https://www.alarabiya.net/arab-and-world/syria/2025/01/22/slug", None),
        ("https://example.org/about", None),
    ],
)
def test_numeric_id(url: str, expected: str | None) -> None:
    assert generic.numeric_id(url) == expected


def test_hash_id_is_the_same_for_encoded_and_readable_urls() -> None:
    readable = "https://www.aljazeera.net/news/2024/12/10/عائلات-المعتقلين"
    encoded = "https://www.aljazeera.net/news/2024/12/10/%D8%B9%D8%A7%D8%A6%D9%84%D8%A7%D8%AA-%D8%A7%D9%84%D9%85%D8%B9%D8%AA%D9%82%D9%84%D9%8A%D9%86/?utm_source=x#top"
    assert generic.article_id(readable) == generic.article_id(encoded)
    assert generic.article_id(readable) == (
        "aljazeera:" + hashlib.sha1(readable.encode()).hexdigest()[:16]
    )


@pytest.mark.parametrize(
    "line",
    [
        "28 نوفمبر 2024",
        "نوفمبر 3, 2024",
        "14 آب 2024",
        "٩ ديسمبر ٢٠٢٤",
        "١٥ نيسان ٢٠٢٥",
        "15 مارس (آذار) 2022",
        "14 فبراير/شباط 2025",
        "3 يناير/ كانون الثاني 2025",
        "نشر في 10/12/2024",
        "2025-03-10",
        "26 جمادى الأولى 1446 هـ",
        "1446 هـ",
        "5 تشرين أول 2023",
        "12 جويلية 2024",
    ],
)
def test_date_pattern_finds_visible_dates(line: str) -> None:
    assert generic.find_date(line) is not None


@pytest.mark.parametrize(
    "line",
    ["كتاب جديد عن تاريخ دمشق", "في 12 مدرسة مرممة", "آب والأبناء في 2024", "رقم 123456"],
)
def test_date_pattern_ignores_other_numbers_and_words(line: str) -> None:
    assert generic.find_date(line) is None


def test_date_lines_split_published_and_updated() -> None:
    lines = ["حلب: سامي", "نُشر:", "28 نوفمبر 2024", "آخر تحديث: 29 نوفمبر 2024"]
    assert generic.date_lines(lines) == ("نُشر: 28 نوفمبر 2024", "آخر تحديث: 29 نوفمبر 2024")
    assert generic.date_lines(["دمشق: رنا نُشر: 28 نوفمبر 2024"]) == ("نُشر: 28 نوفمبر 2024", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-28T14:30:00+03:00", "2024-11-28T14:30:00+03:00"),
        ("٢٠٢٤-١١-٢٨", "2024-11-28"),
        ("2024/11/28 14:30", "2024-11-28T14:30"),
        ("Thu, 28 Nov 2024 14:30:00 +0300", "2024-11-28T14:30:00+03:00"),
        ("منذ ساعتين", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert generic.iso_date(value) == expected


@pytest.mark.parametrize(
    ("byline", "author", "dateline"),
    [
        ("إدلب – حسام المحمد", "حسام المحمد", "إدلب"),
        ("دمشق - العربية.نت", "العربية.نت", "دمشق"),
        ("سعيد عبد الرازق (أنقرة)", "سعيد عبد الرازق", "أنقرة"),
        ("المصدر : الجزيرة + وكالات", "الجزيرة + وكالات", None),
        ("بقلم: ليلى حداد", "ليلى حداد", None),
        ("عنب بلدي", "عنب بلدي", None),
    ],
)
def test_split_byline(byline: str, author: str, dateline: str | None) -> None:
    assert generic.split_byline(byline) == (author, dateline)
