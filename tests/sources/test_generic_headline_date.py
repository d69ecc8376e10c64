"""The generic extractor's headline and date rules on pages that bend the usual layout.

Headline: a page whose `h1` is the site's logo (or empty) and whose headline is a `div` or `h2`
that the metadata names, with the site and section cut off the `<title>` (`A_Section_Site`); a
logo never, and an `h1` worded a little differently from the title still wins over an exact copy
of the title elsewhere. Date: comment sections (by class/id, by schema.org `Comment`, by a
`Commentaires` heading, even when one comment is the page's longest text) and embedded posts
never give the article's date, and a page with only readers' dates has none; a masthead's
"today" above the article's container gives way to the article's own date line or, when there is
none, to the metadata; an update printed before the publication (`Mis à jour … Publié …`),
labelled so or marked `itemprop="dateModified"`, is the update, a class name alone is not. Every
page here is written for the test.
"""

from __future__ import annotations

import pytest

from sources import generic
from transforms.dates import resolve_dates

# ----------------------------------------------------------------------------- Chinese portal

ZH_HEADLINE = "叙利亚北部多地恢复供电 居民称仍需排队取水"
ZH_PARAGRAPHS = [
    "据当地媒体报道，叙利亚北部阿勒颇省多个城镇本周恢复了中断近一个月的电力供应，"
    "电力部门表示，修复工作主要集中在受损的输电线路和两座变电站。",
    "当地居民对记者说，虽然电力供应有所改善，但自来水管网仍未完全修复，"
    "许多家庭每天仍需要到社区的取水点排队，老人和儿童往往要等候一个多小时。",
    "一名负责协调救援物资的志愿者介绍，冬季临近，燃料价格持续上涨，"
    "不少家庭担心供暖问题，希望有关部门尽快公布下一阶段的修复计划。",
]
ZH_PAGE = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{ZH_HEADLINE}_国际_环宇新闻网</title>
<meta name="keywords" content="叙利亚,阿勒颇,电力">
</head><body>
<div class="top-bar"><h1 class="logo"><a href="/">环宇新闻网</a></h1>
<div class="nav"><a href="/world/">国际</a> <a href="/china/">国内</a></div>
<div class="scroll-news"><span><a href="/world/20241203/8812.html">{ZH_HEADLINE}</a></span>
<span><a href="/world/20241203/8813.html">多国呼吁加强人道主义援助</a></span></div></div>
<div class="main clearfix"><div class="article">
<div class="crumbs">国际 &gt; 中东</div>
<div class="article-title">{ZH_HEADLINE}</div>
<div class="info"><span class="time">2024-12-03 09:15:20</span> 来源：环宇新闻网</div>
<div class="content">{"".join(f"<p>{p}</p>" for p in ZH_PARAGRAPHS)}</div>
<div class="share-title" style="display:none">{ZH_HEADLINE}</div>
</div></div>
<div class="foot">版权所有 环宇新闻网</div></body></html>"""
ZH_URL = "https://www.huanyu-news.example/world/20241203/8812.html"


def test_title_pieces_cut_the_site_and_section_off_either_end() -> None:
    assert generic.title_pieces("Flooded farmers wait for compensation_UK news_The Courier") == {
        "Flooded farmers wait for compensation_UK news_The Courier",
        "Flooded farmers wait for compensation_UK news",
        "Flooded farmers wait for compensation",
    }
    assert generic.title_pieces("The Courier | Flooded farmers wait for compensation") == {
        "The Courier | Flooded farmers wait for compensation",
        "Flooded farmers wait for compensation",
    }
    # A dash between Chinese characters cuts; one joining Latin words or digits does not.
    assert generic.title_pieces("叙利亚北部多地恢复供电-环宇新闻网") == {
        "叙利亚北部多地恢复供电-环宇新闻网",
        "叙利亚北部多地恢复供电",
    }
    assert generic.title_pieces("COVID-19 cases rise in Idlib camps") == {
        "COVID-19 cases rise in Idlib camps"
    }


def test_headline_in_a_div_that_the_title_names() -> None:
    record = generic.parse_article(ZH_PAGE, ZH_URL)
    # Not the logo h1, not the `<title>` with section and site, not the ticker's link, not the
    # hidden share widget: the visible title div.
    assert record["headline"] == ZH_HEADLINE
    assert record["date_text"] == "2024-12-03 09:15:20"
    assert record["paragraphs"] == ZH_PARAGRAPHS


def test_headline_prefers_a_heading_to_a_plain_element_with_the_same_text() -> None:
    page = ZH_PAGE.replace(
        '<div class="crumbs">', f'<h2 class="main-title">{ZH_HEADLINE}</h2><div class="crumbs">'
    ).replace(f'<div class="article-title">{ZH_HEADLINE}</div>', "")
    record = generic.parse_article(page, ZH_URL)
    assert record["headline"] == ZH_HEADLINE


def test_the_site_name_alone_is_never_the_headline() -> None:
    # The only visible text matching a piece of the title is the site's name: the metadata's
    # headline (the title with section and site cut off) is taken instead.
    page = (
        ZH_PAGE.replace(f'<div class="article-title">{ZH_HEADLINE}</div>', "")
        .replace("</head>", '<meta property="og:site_name" content="环宇新闻网今日头条">')
        .replace('<h1 class="logo"><a href="/">环宇新闻网</a></h1>', "<h1>环宇新闻网今日头条</h1>")
        .replace("_国际_环宇新闻网", " - 环宇新闻网今日头条")
    )
    record = generic.parse_article(page, ZH_URL)
    assert record["headline"] == ZH_HEADLINE


# ----------------------------------------------------------------------------- comments

FR_HEADLINE = "À Marseille, la rénovation des écoles prend du retard"
FR_PARAGRAPHS = [
    "Le chantier de rénovation des écoles marseillaises, lancé il y a trois ans, accuse un "
    "retard important : sur les cent quatre-vingts établissements concernés, moins d'un tiers "
    "ont été livrés à la rentrée.",
    "La municipalité met en avant la hausse du coût des matériaux et les difficultés à "
    "recruter des entreprises, tandis que des parents d'élèves dénoncent des classes où "
    "l'on travaille encore dans des bâtiments préfabriqués.",
    "Le maire a promis un nouveau calendrier avant la fin de l'année, assorti d'un suivi "
    "public des travaux, école par école, sur le site de la ville.",
]


def fr_page(article_meta: str = "", comments: str = "", head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in FR_PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{FR_HEADLINE} | Le Quotidien du Sud</title>{head}</head><body>
<div id="page"><div id="article_content"><h1>{FR_HEADLINE}</h1>{article_meta}
<div class="texte">{paragraphs}</div>
{comments}</div></div></body></html>"""


COMMENTS_BY_CLASS = """<div class="article_comments">
<div class="comment_box_title">3 réactions</div>
<div class="comment_item"><div class="comment_author">Soumis par <span>jeanmi13</span>,
le lundi 4 mars 2024 à 10h12</div><div class="comment_content">Enfin un article sur le sujet,
il était temps que quelqu'un en parle.</div></div>
<div class="comment_item"><div class="comment_author">Soumis par <span>Claire B.</span>,
le lundi 4 mars 2024 à 11h40</div><div class="comment_content">Dans l'école de mes enfants
rien n'a bougé depuis deux ans.</div></div></div>"""

COMMENTS_BY_HEADING = """<section><h2>Commentaires</h2><ol>
<li><b>Paul</b> — 5 mars 2024 à 08:02<p>Merci pour ce suivi.</p></li>
<li><b>Anne</b> — 5 mars 2024 à 09:47<p>Les travaux avancent enfin chez nous.</p></li>
</ol></section>"""

COMMENTS_BY_SCHEMA = """<div><div itemscope itemtype="https://schema.org/Comment">
<span itemprop="author">Paul</span> <span>5 mars 2024</span>
<p itemprop="text">Merci pour ce suivi.</p></div></div>"""

URL_FR = "https://www.quotidien-du-sud.example/marseille/renovation-ecoles-retard"


@pytest.mark.parametrize("comments", [COMMENTS_BY_CLASS, COMMENTS_BY_HEADING, COMMENTS_BY_SCHEMA])
def test_a_comment_date_is_never_the_article_date(comments: str) -> None:
    record = generic.parse_article(fr_page(comments=comments), URL_FR)
    assert record["date_text"] is None
    assert record["published_meta"] is None
    dates = resolve_dates(record["date_text"], None, None, "Europe/Paris", trust_visible=False)
    assert dates.published is None  # published unknown, not a reader's date


def test_the_article_date_line_wins_over_comments_before_it() -> None:
    # Comments placed before the date line in the page's order (a layout positioned by CSS).
    meta = '<p class="signature">Par Lucie Martin, le 3 mars 2024 à 18h30</p>'
    page = fr_page(article_meta=meta, comments=COMMENTS_BY_CLASS)
    page = page.replace("<h1>", f"{COMMENTS_BY_CLASS}<h1>", 1).replace(
        f"{COMMENTS_BY_CLASS}</div></div></body>", "</div></div></body>"
    )
    record = generic.parse_article(page, URL_FR)
    assert record["date_text"] == "Par Lucie Martin, le 3 mars 2024 à 18h30"
    assert record["paragraphs"] == FR_PARAGRAPHS


def test_an_update_printed_first_is_the_update() -> None:
    meta = """<ul class="metas"><li class="auteur">Par Lucie Martin</li>
<li class="date-maj">Mis à jour <time itemprop="dateModified"
datetime="2024-03-06T10:37:12+01:00">le 06/03/2024 à 10:37</time></li>
<li class="date-pub">Publié <time itemprop="datePublished"
datetime="2024-03-05T17:08:40+01:00">le 05/03/2024 à 17:08</time></li></ul>"""
    record = generic.parse_article(fr_page(article_meta=meta), URL_FR)
    assert record["date_text"] == "le 05/03/2024 à 17:08\nMis à jour le 06/03/2024 à 10:37"
    assert record["published_meta"] == "2024-03-05T17:08:40+01:00"
    assert record["updated_meta"] == "2024-03-06T10:37:12+01:00"
    dates = resolve_dates(
        record["date_text"],
        record["published_meta"],
        record["updated_meta"],
        "Europe/Paris",
        trust_visible=False,
    )
    assert dates.published is not None and dates.published.day.isoformat() == "2024-03-05"
    assert dates.updated is not None and dates.updated.day.isoformat() == "2024-03-06"


def test_an_update_label_outside_the_date_element_counts() -> None:
    meta = """<p class="post-meta"><span class="modif">Mis à jour
<span class="date">7 mars 2024</span></span> · Publié <span class="date">5 mars 2024</span></p>"""
    record = generic.parse_article(fr_page(article_meta=meta), URL_FR)
    assert record["date_text"] == "5 mars 2024\nMis à jour 7 mars 2024"


def test_a_time_marked_date_modified_is_the_update() -> None:
    meta = """<div class="byline">By Lucie Martin
<time itemprop="dateModified" datetime="2024-03-06">March 6, 2024</time>
<time itemprop="datePublished" datetime="2024-03-05">March 5, 2024</time></div>"""
    record = generic.parse_article(fr_page(article_meta=meta), URL_FR)
    assert record["date_text"] == "March 5, 2024\nMarch 6, 2024"


def test_a_lone_date_in_an_element_named_modified_is_the_date_line() -> None:
    # A class name is not a label: the page's only date line stays the published one.
    meta = '<div class="byline modified"><span>March 12, 2024</span>, <span>8:00 PM</span></div>'
    record = generic.parse_article(fr_page(article_meta=meta), URL_FR)
    assert record["date_text"] == "March 12, 2024, 8:00 PM"


# ----------------------------------------------------------------------------- masthead

EN_HEADLINE = "Flooded farmers wait for compensation as rivers stay high"
EN_PARAGRAPHS = [
    "Farmers along the lower Severn say they are still waiting for the compensation promised "
    "after last month's floods, with fields expected to stay under water well into spring.",
    "The agriculture department said payments would begin within weeks, but growers told us "
    "that the application forms asked for records many of them lost when the water came in.",
    "Local councils have opened two advice centres where farmers can get help with the forms, "
    "and an emergency fund for feed and fuel has been extended until the end of April.",
]


def en_page(date_line: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in EN_PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{EN_HEADLINE} - The Daily Courier</title>{head}</head><body>
<div id="topBar"><div id="lastUpdatedDateFeed"><p>Tuesday 12 March 2024</p></div>
<ul class="menu"><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></div>
<div id="crumbs"><a href="/news/uk">UK news</a></div>
<div id="body"><div class="twoThirds"><div class="storyHead"><h1>{EN_HEADLINE}</h1>
<h2>Growers say the forms ask for records lost in the water.</h2></div>
<div class="story"><div class="byline">{date_line}</div>
<div id="mainBodyArea">{paragraphs}</div></div></div>
<div class="third"><div class="promo">Subscribe today</div></div></div></body></html>"""


URL_EN = "https://www.dailycourier.example/news/uk/flooded-farmers-compensation"


def test_a_masthead_today_date_is_not_the_article_date_line() -> None:
    record = generic.parse_article(
        en_page('<p class="publishedDate">9:39AM GMT 11 Mar 2024</p>'), URL_EN
    )
    assert record["date_text"] == "9:39AM GMT 11 Mar 2024"
    dates = resolve_dates(record["date_text"], None, None, "Europe/London", trust_visible=False)
    assert dates.published is not None and dates.published.day.isoformat() == "2024-03-11"


def test_without_an_article_date_line_the_metadata_beats_the_masthead() -> None:
    head = '<meta name="DC.date.issued" content="2024-03-11">'
    record = generic.parse_article(en_page("", head=head), URL_EN)
    assert record["date_text"] is None
    assert record["published_meta"] == "2024-03-11"
    dates = resolve_dates(
        record["date_text"], record["published_meta"], None, "Europe/London", trust_visible=False
    )
    assert dates.published is not None and dates.published.day.isoformat() == "2024-03-11"


def test_without_any_other_date_a_line_outside_the_article_is_still_read() -> None:
    # No machine date and no date in the article's container: the page's only date line is
    # all there is (the analyst sees it in `date_text` and can judge).
    record = generic.parse_article(en_page(""), URL_EN)
    assert record["date_text"] == "Tuesday 12 March 2024"


def test_an_h1_worded_a_little_differently_from_the_title_stays_the_headline() -> None:
    # The breadcrumb repeats the `<title>` exactly, the h1 drops its dashes: the printed h1 wins.
    title = "Severn farmers -- Compensation still not paid a month after floods"
    page = en_page("").replace(
        f"<title>{EN_HEADLINE} - The Daily Courier</title>",
        f"<title>{title} | The Daily Courier</title>",
    )
    page = page.replace(
        f"<h1>{EN_HEADLINE}</h1>",
        "<h1>Severn farmers Compensation still not paid a month after floods</h1>",
    ).replace('<div id="crumbs">', f'<div id="crumbs"><div class="crumb-title">{title}</div>')
    record = generic.parse_article(page, URL_EN)
    assert record["headline"] == "Severn farmers Compensation still not paid a month after floods"


def test_a_long_comment_does_not_make_its_section_part_of_the_article() -> None:
    # One reader's comment holds more text than any block of the article: the comment section
    # is still a comment section, and its dates still not the article's.
    long_comment = " ".join(FR_PARAGRAPHS) + " " + " ".join(FR_PARAGRAPHS)
    comments = f"""<div class="article_footer_comments"><div class="comment_item">
<div class="comment_author">Soumis par <span>jeanmi13</span>, le lundi 4 mars 2024 à 10h12</div>
<div class="comment_content">{long_comment}</div></div></div>"""
    record = generic.parse_article(fr_page(comments=comments), URL_FR)
    assert record["date_text"] is None


def test_an_embedded_post_date_is_not_the_article_date() -> None:
    tweet = """<blockquote class="twitter-tweet"><p>Les travaux reprennent lundi.</p>
— Mairie de Marseille (@marseille) <a href="https://twitter.com/x/status/1">4 mars 2024</a>
</blockquote>"""
    page = fr_page().replace('<div class="texte"><p>', f'<div class="texte">{tweet}<p>', 1)
    record = generic.parse_article(page, URL_FR)
    assert record["date_text"] is None
