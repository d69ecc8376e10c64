"""aawsat parser robustness: page variants written inline, beyond the local site's markup.

The real site's byline and date markup is unconfirmed, so these pages move them into other
elements, drop JSON-LD, rename classes, and swap `<br>` for `<p>`; the parser must find the
same values by their visible text and structure, not by one class name.
"""

from __future__ import annotations

import pytest

from sources import aawsat
from sources.base import ParseError

URL = "https://aawsat.com/العالم-العربي/المشرق-العربي/5087364-طائرات-سورية"
LEGACY_URL = "https://aawsat.com/home/article/3467011/درعا-على-موعد-مع-تسويات-جديدة"
HEADLINE = "طائرات سورية وروسية تقصف شمال غربي سوريا"
P1 = "قال الجيش السوري إن قوات جوية روسية وسورية قصفت مناطق خاضعة لسيطرة المعارضة."
P2 = "ووفقاً لـ«رويترز»، شن تحالف من فصائل مسلحة هجوماً، أمس (الأربعاء)، في محافظة حلب."
P3 = "وكان الهجوم هو الأكبر منذ مارس (آذار) 2020، حين وافقت روسيا وتركيا على وقف إطلاق نار."
PUBLISHED = "نُشر: 15:20-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ"
UPDATED = "آخر تحديث: 17:02-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ"
PRINT_DATE = "الخميس - 26 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ رقم العدد [16804]"
CAPTION = "قوات جوية روسية وسورية تقصف مناطق خاضعة لسيطرة المعارضة"
LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
{"@type": "NewsArticle", "headline": "x", "datePublished": "2024-11-28T15:20:00+03:00",
 "author": {"@type": "Organization", "name": "الشرق الأوسط"},
 "keywords": ["سوريا", "حلب"], "articleSection": "المشرق العربي"}]}</script>"""

DEFAULT_META = f"""<div class="entry-meta"><div class="byline">لندن - «الشرق الأوسط»</div>
<div class="date">{PUBLISHED}</div></div>"""
DEFAULT_MEDIA = f"""<div class="entry-media"><div class="img-field"><figure>
<img src="https://static.srpcdigital.com/styles/1037xauto/public/2024-11/902183.jpeg.webp"
 alt="{CAPTION} (أ.ب)"><figcaption>{CAPTION} (أ.ب)</figcaption></figure></div></div>"""
DEFAULT_BODY = f"""<div class="entry-content"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"""
DEFAULT_AFTER = """<div class="related-articles"><h2>مقالات ذات صلة</h2>
<div class="card"><a href="/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/3807486-x">أ</a></div>
<div class="card"><a href="/node/4307641">ب</a><div>«الشرق الأوسط» (القاهرة)</div></div></div>
<div class="tags-block"><span>مواضيع</span><a href="/taxonomy/term/1">سوريا</a>
<a href="/taxonomy/term/2">حلب</a></div>"""


def current_page(
    *,
    head: str = LD,
    article_class: str = "node node--type-article",
    before_title: str = DEFAULT_META,
    title: str = f'<div class="entry-title"><h1>{HEADLINE}</h1></div>',
    after_title: str = "",
    media: str = DEFAULT_MEDIA,
    body: str = DEFAULT_BODY,
    after_body: str = "",
    after_article: str = DEFAULT_AFTER,
    wrapper_open: str = '<div id="block-aawsatv3-content"><div class="printable-area">',
    wrapper_close: str = "</div></div>",
) -> str:
    """A current-layout page with each part replaceable."""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{HEADLINE} | الشرق الأوسط</title>{head}</head><body>
<header><nav><a href="/">الرئيسية</a><a href="/x">العالم العربي</a></nav>
<div class="trending-tags"><a href="/taxonomy/term/9">غزة</a></div></header>
<nav class="breadcrumb"><ol><li><a href="/">الرئيسية</a></li><li><a href="/a">العالم العربي</a>
</li><li><a href="/b">المشرق العربي</a></li></ol></nav>
<main>{wrapper_open}<article class="{article_class}">
<div class="entry-header">{before_title}{title}
<div class="tools"><button>T</button><button>T</button></div>
<h2 class="print-title">{HEADLINE}</h2>{after_title}</div>
{media}{body}{after_body}</article>{wrapper_close}{after_article}
<aside class="sidebar"><h2>الأكثر قراءة</h2><ol><li><a href="/node/1111">خبر</a></li></ol>
<div class="byline">«الشرق الأوسط» (الرياض)</div></aside></main>
<footer class="site-footer"><a href="/">الشرق الأوسط</a> 28 نوفمبر 2024</footer></body></html>"""


def legacy_page(body: str, *, resource: str = "درعا: رياض الزين", date: str = PRINT_DATE) -> str:
    """An old Drupal 7 page around `body` (the inside of `.node_new_body`)."""
    return f"""<html><head><title>درعا على موعد مع تسويات جديدة | الشرق الأوسط</title></head>
<body><ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/a">العالم العربي</a>
</li></ol><section><div id="article_content" class="node node-article">
<div class="node_new_info"><div id="update_date">{date}</div></div>
<h2>درعا على موعد مع تسويات جديدة</h2><div class="node_new_resource">{resource}</div>
<div class="node_new_photo"><img src="/sites/default/files/styles/700x412/public/a.jpg"
 title="عناصر عند حاجز (أرشيفية - أ.ف.ب)"><div class="node_new_photo_caption">
عناصر عند حاجز (أرشيفية - أ.ف.ب)</div></div>
<div class="node_new_body">{body}</div></div></section>
<footer class="footer"></footer></body></html>"""


def parse(html: str, url: str = URL) -> dict[str, object]:
    return aawsat.parse_article(html, url)


# --------------------------------------------------------------------------- the default


def test_default_variant_parses_fully() -> None:
    record = parse(current_page())
    assert record["layout"] == "current"
    assert record["article_id"] == "aawsat:5087364"
    assert record["headline"] == HEADLINE
    assert record["paragraphs"] == [P1, P2, P3]
    assert record["byline"] == "لندن - «الشرق الأوسط»"
    assert (record["author"], record["dateline"]) == ("«الشرق الأوسط»", "لندن")
    assert record["date_text"] == PUBLISHED
    assert record["published_meta"] == "2024-11-28T15:20:00+03:00"
    assert record["image_caption"] == CAPTION
    assert record["image_credit"] == "أ.ب"
    assert record["tags"] == ["سوريا", "حلب"]
    assert record["related_ids"] == ["aawsat:3807486", "aawsat:4307641"]
    assert (record["section"], record["subsection"]) == ("العالم العربي", "المشرق العربي")
    assert record["article_type"] == "news"


# --------------------------------------------------------------------------- metadata by text


def test_without_json_ld_nothing_comes_from_metadata() -> None:
    record = parse(current_page(head=""))
    assert record["published_meta"] is None and record["updated_meta"] is None
    assert record["byline"] == "لندن - «الشرق الأوسط»"
    assert record["date_text"] == PUBLISHED
    assert record["tags"] == ["سوريا", "حلب"]


@pytest.mark.parametrize(
    "meta",
    [
        f"<p class='x1'><span>نُشر:</span> <span>{PUBLISHED.split(': ', 1)[1]}</span></p>",
        f"<ul class='info'><li>نُشر:</li><li>{PUBLISHED.split(': ', 1)[1]}</li></ul>",
        f"<time datetime='2024-11-28T12:20:00Z'>{PUBLISHED}</time>",
        f"<div><div><span class='a'>{PUBLISHED}</span></div></div>",
    ],
)
def test_date_found_in_other_elements(meta: str) -> None:
    record = parse(current_page(head="", before_title=meta))
    assert record["date_text"] == PUBLISHED
    assert record["byline"] is None


def test_date_and_byline_after_the_body() -> None:
    meta = (
        f"<section class='foot'><b>دمشق: «الشرق الأوسط»</b><i>{PUBLISHED}</i>"
        f"<i>{UPDATED}</i></section>"
    )
    record = parse(current_page(head="", before_title="", after_body=meta))
    assert record["date_text"] == f"{PUBLISHED}\n{UPDATED}"
    assert (record["byline"], record["author"], record["dateline"]) == (
        "دمشق: «الشرق الأوسط»",
        "«الشرق الأوسط»",
        "دمشق",
    )
    assert record["paragraphs"] == [P1, P2, P3]


def test_update_on_the_same_line_is_split() -> None:
    record = parse(current_page(before_title=f"<div>{PUBLISHED} | {UPDATED}</div>"))
    assert record["date_text"] == f"{PUBLISHED}\n{UPDATED}"


def test_print_edition_date_line() -> None:
    record = parse(current_page(before_title=f"<div class='newspaper-date'>{PRINT_DATE}</div>"))
    assert record["date_text"] == PRINT_DATE


def test_date_outside_the_article_container() -> None:
    page = current_page(before_title="").replace(
        '<main><div id="block-aawsatv3-content">',
        f'<main><div class="article-header-block">{PUBLISHED}</div>'
        '<div id="block-aawsatv3-content">',
    )
    assert parse(page)["date_text"] == PUBLISHED


def test_date_just_after_the_container() -> None:
    page = current_page(before_title="").replace(
        "<aside", f"<div class='article-dates'>{PUBLISHED}</div><aside"
    )
    assert parse(page)["date_text"] == PUBLISHED


def test_header_and_sidebar_dates_are_not_the_article_date() -> None:
    page = current_page(
        before_title="",
        wrapper_open="<div class='content'>",
        wrapper_close="</div>",
    )
    page = page.replace("<header>", f"<header><div class='top-bar'>{PRINT_DATE}</div>")
    page = page.replace("</aside>", f"<p>{PUBLISHED}</p></aside>")
    assert aawsat._region(page) is None
    record = parse(page)
    assert record["date_text"] is None
    assert record["paragraphs"] == [P1, P2, P3]


@pytest.mark.parametrize(
    ("byline", "author", "dateline"),
    [
        ("سعيد عبد الرازق (أنقرة)", "سعيد عبد الرازق", "أنقرة"),
        ("درعا: رياض الزين", "رياض الزين", "درعا"),
        ("«الشرق الأوسط»", "«الشرق الأوسط»", None),
        ("القاهرة - «الشرق الأوسط»", "«الشرق الأوسط»", "القاهرة"),
        ("«الشرق الأوسط» (القاهرة)", "«الشرق الأوسط»", "القاهرة"),
        ("لندن: كميل الطويل وإبراهيم حميدي", "كميل الطويل وإبراهيم حميدي", "لندن"),
    ],
)
def test_byline_forms(byline: str, author: str, dateline: str | None) -> None:
    meta = f"<p class='meta'>{byline}</p><p>{PUBLISHED}</p>"
    record = parse(current_page(head="", before_title=meta))
    assert (record["byline"], record["author"], record["dateline"]) == (byline, author, dateline)


def test_byline_split_across_inline_elements_reads_as_words() -> None:
    meta = (
        "<div class='w'><a href='/taxonomy/term/18774'>سعيد عبد الرازق</a>"
        "<span>(أنقرة)</span></div>"
        f"<div>{PUBLISHED}</div>"
    )
    record = parse(current_page(head="", before_title=meta))
    assert record["byline"] == "سعيد عبد الرازق (أنقرة)"
    assert record["dateline"] == "أنقرة"


def test_bare_writer_name_from_author_link() -> None:
    meta = (
        "<div class='writer'><a href='/taxonomy/term/31542'>مازن الحلبي</a></div>"
        f"<div>{PRINT_DATE}</div>"
    )
    record = parse(current_page(head="", before_title=meta))
    assert (record["byline"], record["author"], record["dateline"]) == (
        "مازن الحلبي",
        "مازن الحلبي",
        None,
    )


def test_section_link_is_not_a_writer() -> None:
    meta = (
        "<div class='kicker'><a href='/taxonomy/term/1092'>المشرق العربي</a></div>"
        f"<div>{PUBLISHED}</div>"
    )
    record = parse(current_page(head="", before_title=meta))
    assert record["byline"] is None and record["author"] is None


def test_author_falls_back_to_json_ld_when_no_byline_is_shown() -> None:
    record = parse(current_page(before_title=f"<div>{PUBLISHED}</div>"))
    assert record["byline"] is None
    assert record["author"] == "الشرق الأوسط"


def test_related_card_bylines_are_not_the_article_byline() -> None:
    record = parse(current_page(head="", before_title=f"<div>{PUBLISHED}</div>"))
    assert record["byline"] is None and record["author"] is None


# --------------------------------------------------------------------------- body


def test_inline_boxes_are_not_body() -> None:
    body = f"""<div class="entry-content"><p>{P1}</p>
<div class="read-also-box"><span>اقرأ أيضاً</span>
<ul><li><a href="/node/5087582">فيديو</a></li></ul></div>
<blockquote class="twitter-tweet"><p lang="ar">تغريدة عن حلب</p>&mdash; حساب</blockquote>
<div class="x9"><p>مربع معلومات جانبي</p></div>
<p>{P2}</p><p><strong>اقرأ أيضاً:</strong> <a href="/node/1">خبر آخر</a></p>
<figure><img src="/a.jpg"><figcaption>صورة داخل النص (رويترز)</figcaption></figure>
<p>اشترك في النشرة الإخبارية</p><p>&nbsp;</p><p>{P3}</p></div>"""
    assert parse(current_page(body=body))["paragraphs"] == [P1, P2, P3]


def test_tags_inside_the_body_are_not_body() -> None:
    tags = "<div><b>مواضيع</b> <a href='/t/1'>سوريا</a> <a href='/t/2'>حلب</a></div>"
    body = f'<div class="entry-content"><div>{P1}<br>{P2}</div>{tags}</div>'
    record = parse(current_page(body=body, after_article=""))
    assert record["paragraphs"] == [P1, P2]
    assert record["tags"] == ["سوريا", "حلب"]


def test_bare_text_divs_among_paragraphs_are_body() -> None:
    body = f'<div class="entry-content"><p>{P1}</p><div>{P2}</div><div dir="rtl">{P3}</div></div>'
    assert parse(current_page(body=body))["paragraphs"] == [P1, P2, P3]


def test_related_block_inside_the_body_ends_it() -> None:
    body = f"""<div class="entry-content"><p>{P1}</p><p>{P2}</p><h3>مقالات ذات صلة</h3>
<div><a href="/node/4310286">مشاورات مصرية</a><p>تشاور وزير الخارجية المصري مع نظرائه</p></div>
<div><a href="/الرأي/4316411-x">رأي</a></div></div>"""
    record = parse(current_page(body=body, after_article=""))
    assert record["paragraphs"] == [P1, P2]
    assert record["related_ids"] == ["aawsat:4310286", "aawsat:4316411"]


def test_repeated_headline_tt_and_caption_copies_are_dropped() -> None:
    body = f"""<div class="entry-content"><p>{HEADLINE}</p><p>TT</p><p>{CAPTION} (أ.ب)</p>
<p>{P1}</p></div>"""
    assert parse(current_page(body=body))["paragraphs"] == [P1]


def test_body_split_by_br_inside_one_paragraph() -> None:
    body = f'<div class="entry-content"><p>{P1}<br>{P2}<br><br>{P3}</p></div>'
    assert parse(current_page(body=body))["paragraphs"] == [P1, P2, P3]


def test_renamed_classes_fall_back_to_structure() -> None:
    page = current_page(
        wrapper_open="<div class='main-col'>",
        wrapper_close="</div>",
        article_class="story",
        title=f"<h1 class='headline'>{HEADLINE}</h1>",
        media="",
        body=f"<div class='story-text'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>",
    )
    record = parse(page)
    assert record["layout"] == "current"
    assert record["headline"] == HEADLINE
    assert record["paragraphs"] == [P1, P2, P3]
    assert record["date_text"] == PUBLISHED


def test_inner_article_footer_does_not_cut_the_region() -> None:
    after_body = "<footer class='entry-footer'><span>شارك</span></footer>"
    record = parse(current_page(after_body=after_body))
    assert record["tags"] == ["سوريا", "حلب"]
    assert record["related_ids"] == ["aawsat:3807486", "aawsat:4307641"]


# --------------------------------------------------------------------------- media


@pytest.mark.parametrize(
    ("caption_html", "caption", "credit"),
    [
        (f"<figcaption>{CAPTION} (رويترز)</figcaption>", CAPTION, "رويترز"),
        (f"<figcaption>{CAPTION} (إ.ب.أ)</figcaption><p>{CAPTION} (إ.ب.أ)</p>", CAPTION, "إ.ب.أ"),
        (f"<figcaption>{CAPTION} (أرشيفية - أ.ف.ب)</figcaption>", CAPTION, "أرشيفية - أ.ف.ب"),
        (f"<figcaption>{CAPTION} (أرشيفية)</figcaption>", f"{CAPTION} (أرشيفية)", None),
        (f"<figcaption>{CAPTION} (2016 – 2018)</figcaption>", f"{CAPTION} (2016 – 2018)", None),
        (f"<figcaption>{CAPTION}</figcaption><span>(أ.ف.ب)</span>", CAPTION, "أ.ف.ب"),
        ("", None, None),
    ],
)
def test_caption_and_credit(caption_html: str, caption: str | None, credit: str | None) -> None:
    img = "<img data-src='/sites/default/files/a.jpg' src='data:image/gif;base64,R0'>"
    media = f"<div class='entry-media'>{img}{caption_html}</div>"
    record = parse(current_page(media=media))
    assert (record["image_caption"], record["image_credit"]) == (caption, credit)
    assert record["lead_image_url"] == "https://aawsat.com/sites/default/files/a.jpg"


def test_no_image_means_no_lead_image() -> None:
    record = parse(current_page(media=""))
    assert record["lead_image_url"] is None and record["image_caption"] is None


# --------------------------------------------------------------------------- legacy


def test_legacy_body_in_paragraphs_instead_of_br() -> None:
    record = parse(legacy_page(f"<p>{P1}</p><p>{P2}</p>\n<p>{P3}</p>"), LEGACY_URL)
    assert record["layout"] == "legacy"
    assert record["paragraphs"] == [P1, P2, P3]
    assert record["headline"] == "درعا على موعد مع تسويات جديدة"
    assert (record["author"], record["dateline"]) == ("رياض الزين", "درعا")
    assert record["date_text"] == PRINT_DATE
    assert record["image_credit"] == "أرشيفية - أ.ف.ب"
    assert (
        record["lead_image_url"]
        == "https://aawsat.com/sites/default/files/styles/700x412/public/a.jpg"
    )
    assert (record["section"], record["subsection"]) == ("العالم العربي", None)


def test_legacy_body_split_by_br_in_nested_divs() -> None:
    body = (
        f"<div class='field'><div class='field-item'>{P1}\n<br />\n{P2}<br><br />{P3}</div></div>"
    )
    assert parse(legacy_page(body), LEGACY_URL)["paragraphs"] == [P1, P2, P3]


# --------------------------------------------------------------------------- article type


@pytest.mark.parametrize(
    ("kwargs", "url", "expected"),
    [
        ({"article_class": "node node--type-opinion"}, URL, "opinion"),
        ({}, "https://aawsat.com/الرأي/4316411-عودة-دمشق", "opinion"),
        ({"after_title": "<div class='kicker'>حوار</div>"}, URL, "interview"),
        ({"after_title": "<span class='section-label'>تحليل إخباري</span>"}, URL, "analysis"),
        (
            {"body": f"<div class='entry-content'><p>في حوار تلفزيوني قال {P1}</p></div>"},
            URL,
            "news",
        ),
    ],
)
def test_article_type(kwargs: dict[str, str], url: str, expected: str) -> None:
    page = current_page(**kwargs)
    if "الرأي" in url:
        page = page.replace(
            '<li><a href="/a">العالم العربي</a>\n</li><li><a href="/b">المشرق العربي</a></li>',
            "<li><a href='/r'>الرأي</a></li>",
        )
    assert parse(page, url)["article_type"] == expected


# --------------------------------------------------------------------------- fallbacks and errors


def test_section_from_url_path_without_breadcrumb() -> None:
    page = current_page().replace("breadcrumb", "crumbs-gone")
    record = parse(page)
    assert (record["section"], record["subsection"]) == ("العالم العربي", "المشرق العربي")


def test_headline_falls_back_to_og_title_then_title() -> None:
    og = f'<meta property="og:title" content="{HEADLINE} | الشرق الأوسط">'
    record = parse(current_page(head=og, title=""))
    assert record["headline"] == HEADLINE
    record = parse(current_page(head="", title=""))
    assert record["headline"] == HEADLINE


def test_no_headline_anywhere() -> None:
    page = current_page(head="", title="").replace(f"{HEADLINE} | الشرق الأوسط", "")
    page = page.replace(f'<h2 class="print-title">{HEADLINE}</h2>', "")
    with pytest.raises(ParseError) as err:
        parse(page)
    assert err.value.reason == "no_headline"


def test_empty_body_is_no_body() -> None:
    body = "<div class='entry-content'><iframe src='https://youtube.com/x'></iframe><p>&nbsp;</p></div>"
    with pytest.raises(ParseError) as err:
        parse(current_page(body=body))
    assert err.value.reason == "no_body"


def test_article_without_any_body_element_is_a_layout_change() -> None:
    with pytest.raises(ParseError) as err:
        parse(current_page(body="<div class='video'><iframe src='x'></iframe></div>"))
    assert err.value.reason == "layout_changed"
    assert err.value.missing == ["body"]


def test_article_metadata_without_container_is_a_layout_change() -> None:
    shell = f"<div class='new-shell'><div>{HEADLINE}</div><div>{P1}</div></div>"
    html = f"<html><head>{LD}</head><body>{shell}</body></html>"
    with pytest.raises(ParseError) as err:
        parse(html)
    assert err.value.reason == "layout_changed"
    assert err.value.missing == ["container"]


def test_page_without_markers_is_parsed_whole() -> None:
    page = current_page(
        wrapper_open="<div class='content'>",
        wrapper_close="</div>",
    )
    assert aawsat._region(page) is None
    assert parse(page)["paragraphs"] == [P1, P2, P3]


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (
            "<html><head><title>الصفحة غير موجودة</title></head><body><h2>404</h2></body></html>",
            URL,
        ),
        (current_page(), "https://aawsat.com/العالم-العربي/المشرق-العربي"),
        (current_page(), "https://aawsat.com/taxonomy/term/2965"),
    ],
)
def test_not_articles(html: str, url: str) -> None:
    with pytest.raises(ParseError) as err:
        parse(html, url)
    assert err.value.reason == "not_article"


def test_empty_document_is_bad_html() -> None:
    with pytest.raises(ParseError) as err:
        parse("   ")
    assert err.value.reason == "bad_html"


def test_percent_encoded_url_and_canonical() -> None:
    url = "https://www.aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/5087364-x?utm_source=tw"
    head = (
        LD
        + '<link rel="canonical" href="https://aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/5087364-x">'
    )
    record = parse(current_page(head=head), url)
    assert record["url"] == url
    assert record["canonical_url"] == "https://aawsat.com/العالم/5087364-x"
    assert record["article_id"] == "aawsat:5087364"


def test_node_url_takes_section_from_canonical() -> None:
    head = (
        '<link rel="canonical" href="https://aawsat.com/%D8%A7%D9%84%D8%B1%D8%A3%D9%8A/4316411-x">'
    )
    page = current_page(head=head).replace("breadcrumb", "gone")
    record = parse(page, "https://aawsat.com/node/4316411")
    assert record["article_id"] == "aawsat:4316411"
    assert record["section"] == "الرأي"
    assert record["article_type"] == "opinion"
