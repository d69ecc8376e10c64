"""Asharq Al-Awsat (aawsat.com): URL rules and the article page parser.

Layouts known:
- `current` (Drupal 8+, theme aawsatv3, 2022 on): `#block-aawsatv3-content .printable-area
  article`, headline `.entry-title h1` (then the `TT` font buttons and an `h2` repeating it),
  lead image `.entry-media .img-field img`, body `.entry-content` paragraphs (or one `<p>`
  split by `<br>`, or bare `<div>`s, with `<h3>` subheads and list items as paragraphs) with
  inline `blockquote`/`div`/`figure` boxes that are not body text; the related block
  `مقالات ذات صلة` and the tags block `مواضيع` inside the article or after it. Also read:
  Drupal's default node template (`h1.node__title`, `footer.node__meta`, `.node__content`,
  `.field--name-body`), a page-title block (`h1` before the article, which then has no
  headline), bodies of Drupal Paragraphs entities, and AMP pages (`<html amp>`, `amp-img`).
  URLs `/{section}/{subsection}/{nid}-{slug}` or `/{section}/{nid}-{slug}`.
- `legacy` (Drupal 7, until about 2022): `div#article_content`, headline `h2`, lead image
  `.node_new_photo img`, body `.node_new_body` split at `<br>` (or `<p>`), byline
  `.node_new_resource`, date `div#update_date`. URLs `/home/article/{nid}/{slug}`.
Both answer at `/node/{nid}` (which may also be the canonical). Selectors are first choices;
each has a structural fallback (an `article` with an `h1`, the `article` with the most text
when the metadata says it is one, the lowest element holding most paragraph text, …).

Edge cases: byline and date markup are unconfirmed on the real site, so both are found by
their visible text in the article container (else the few lines just outside it, never the
header or a sidebar; never a picture, caption, gallery or link to another article): a date
line has a Gregorian or Levantine month name with a 4-digit year, or a Hijri year with `هـ`,
in Western or Arabic-Indic digits; a byline reads `NAME (CITY)`, `CITY: NAME` (`CITY - CITY:
NAME`), `CITY - NAME`, `«الشرق الأوسط»`, optionally after `بقلم:`/`كتب:`; a parenthesised
agency credit is not a city; a bare writer name is taken from the most specific author
element. Metadata cells glued on one line are split at date labels (`نُشر:`, `تحديث:` …),
at ` | `, and between a byline and the date after it. `date_text` is the published line
verbatim, plus the update line after a newline. The headline is the heading that reads as
the page's own title metadata when one does. Captions end with the agency credit in
parentheses, which goes to `image_credit` raw. `related_ids` come from every `ذات صلة` block
(an inline one among the paragraphs is skipped from the body). JSON-LD and OpenGraph (else
`<time datetime>`) fill `published_meta`/`updated_meta`; JSON-LD/OpenGraph/`<title>` are
fallbacks for headline, author, section and tags. Input: lone surrogates become U+FFFD;
no recursion over the tree, so any nesting depth parses. Errors: `not_article` (no article
id in the URL, or no article container and no article metadata), `layout_changed` (article
metadata but no container, or no body element), `no_body`, `no_headline`, `bad_html`.
Speed: only the article region of the string (breadcrumb and container up to the page
footer; from the first `<article>` on AMP pages) is parsed into a tree, with the head read by
regular expressions; the whole page is parsed when the region's markers are missing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

from sources.base import ARABIC_EDITION, EntryPoints, ParseError
from sources.html import (
    DocIndex,
    HeadMeta,
    attr,
    clean_text,
    cut_region,
    extract_head,
    ident,
    strip_noise,
    text_lines,
    text_of,
    usable_text,
)

SITE = "aawsat"
PARSER_VERSION = "aawsat-2026.11.2"
PUBLIC_ORIGIN = "https://aawsat.com"
HOSTS = frozenset({"aawsat.com", "www.aawsat.com", "m.aawsat.com"})
PATHS = ARABIC_EDITION  # every path on its hosts but another language edition's
ENTRY_POINTS = EntryPoints(
    sitemaps=["/sitemap.xml"],
    listings=["/العالم-العربي/المشرق-العربي"],
    feeds=["/feed/arab-world"],
)

# --------------------------------------------------------------------------- URLs

_DIGITS = re.compile(r"[0-9]+")
_NID_SLUG = re.compile(r"([0-9]+)-\S.*")
_FILE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|pdf|xml|json|rss|mp[34]|css|js|ico|txt|zip|docx?)$", re.I
)
_NOT_SECTIONS = frozenset(
    {
        "taxonomy", "node", "home", "search", "user", "users", "sites", "files", "feed", "rss",
        "author", "authors", "writer", "writers", "tags", "tag", "admin", "api", "media",
        "print", "amp", "core", "modules", "themes", "libraries",
    }
)  # fmt: skip
_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "amp", "mc_cid", "mc_eid", "igshid", "_ga"}
)


def _segments(path: str) -> list[str]:
    return [s for s in _decode(path).split("/") if s]


def _decode(text: str) -> str:
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return text


def _nid(segments: list[str]) -> str | None:
    n = len(segments)
    if n == 2 and segments[0] == "node" and _DIGITS.fullmatch(segments[1]):
        return segments[1]
    if n in (3, 4) and segments[:2] == ["home", "article"] and _DIGITS.fullmatch(segments[2]):
        return segments[2]
    if n in (2, 3) and segments[0].lower() not in _NOT_SECTIONS:
        if any(_DIGITS.fullmatch(s) for s in segments[:-1]):
            return None
        m = _NID_SLUG.fullmatch(segments[-1])
        if m and not _FILE_EXT.search(segments[-1]):
            return m.group(1)
    return None


def article_id(url: str) -> str | None:
    """`aawsat:{nid}` for an article URL on any aawsat host (or a site-relative path), else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host and host not in HOSTS:
        return None
    nid = _nid(_segments(parts.path))
    return f"{SITE}:{nid}" if nid else None


def _requote(text: str) -> str:
    """Percent-encode only what would change a decoded path's meaning or break the URL."""
    out = text.replace("%", "%25").replace(" ", "%20").replace("?", "%3F").replace("#", "%23")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"%{ord(m.group()):02X}", out)


def _readable_segment(segment: str) -> str:
    try:
        return _requote(unquote(segment, errors="strict"))
    except UnicodeDecodeError:
        return segment


def canonical_url(url: str) -> str:
    """https on aawsat.com, readable Arabic path, no tracking parameters and no fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    netloc = "aawsat.com" if not host or host in HOSTS else parts.netloc.lower()
    raw_path = re.sub(r"/{2,}", "/", parts.path or "/")
    segments = raw_path.split("/")
    path = "/".join(_readable_segment(s) for s in segments)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    if not path.startswith("/"):
        path = "/" + path
    kept = []
    for pair in parts.query.split("&"):
        if not pair:
            continue
        key = _decode(pair.split("=", 1)[0]).lower()
        if key.startswith("utm_") or key in _TRACKING:
            continue
        kept.append(pair)
    return urlunsplit(("https", netloc, path, "&".join(kept), ""))


# --------------------------------------------------------------------------- patterns

_GREG_MONTHS = (
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|آب|"
    "سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|"
    "حزيران|تموز|أيلول|تشرين الأول|تشرين الثاني"
)
_D = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic and Persian digits
_DATE_LINE = re.compile(
    rf"(?:(?:{_GREG_MONTHS})\s*(?:\([^()]{{2,20}}\)\s*)?[{_D}]{{4}})"
    rf"|(?:[{_D}]{{4}}\s*هـ)"
    rf"|(?:\b[{_D}]{{1,2}}[/.-][{_D}]{{1,2}}[/.-][{_D}]{{4}}\b)"
    rf"|(?:\b[{_D}]{{4}}-[{_D}]{{2}}-[{_D}]{{2}}\b)"
)
_UPDATED_LABEL = re.compile(
    r"آخر\s+تحديث|آخر\s+تعديل|(?<!\w)تحديث\s*:|تم\s+التحديث|تاريخ\s+التحديث|(?<!\w)محدّ?ث\s*:"
)
# A date label inside a line starts a new metadata line (`X نُشر: …` → `X`, `نُشر: …`).
_META_LABEL = re.compile(
    r"(?<!^)(?:\s+[|–-])?\s*(?<![\u0621-\u063a\u0641-\u064aA-Za-z])"
    r"(?=(?:نُشر في|نشر في|نُشر|نشر|تاريخ النشر|آخر\s+تحديث|آخر\s+تعديل|(?<!آخر )تحديث|"
    r"تم التحديث)\s*:)"
)
_META_SEPARATOR = re.compile(r"\s+[|•·]\s+")
_HIJRI_MONTHS = (
    "محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|جمادى الثانية|رجب|"
    "شعبان|رمضان|شوال|ذو القعدة|ذو الحجة|ذي القعدة|ذي الحجة"
)
_WEEKDAYS = "السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة"
# The words of a date phrase that may come before its month and year (`الخميس - 14 شوال`,
# `15:20-28`): what is left before them on a line is not part of the date.
_DATE_HEAD = re.compile(
    rf"(?:\s*(?:[{_D}]{{1,2}}(?::[{_D}]{{2}})?|[-–ـ,،]|{_WEEKDAYS}|{_HIJRI_MONTHS}|الساعة))*\s*$"
)
_LABEL_ONLY = re.compile(r"^[^\d]{2,20}:$")
_DESK = "«الشرق الأوسط»"
_BYLINE_PAREN = re.compile(rf"^(?P<author>[^()]{{2,60}}?)\s*\((?P<city>[^(){_D}]{{2,30}})\)$")
# `CITY: NAME` (the city part may itself be `CITY - CITY`), else `CITY - NAME`.
_BYLINE_CITY_COLON = re.compile(rf"^(?P<city>[^:«»(){_D}]{{2,40}}?)\s*:\s*(?P<author>.{{2,60}})$")
_BYLINE_CITY_DASH = re.compile(
    rf"^(?P<city>[^:«»(){_D}]{{2,30}}?)\s+[-–ـ]\s+(?P<author>.{{2,60}})$"
)
_BYLINE_FORMS = (_BYLINE_PAREN, _BYLINE_CITY_COLON, _BYLINE_CITY_DASH)
# `بقلم: NAME`, `كتب: CITY: NAME`: a label before the byline proper, never a city.
_BYLINE_LABEL = re.compile(r"^(?:بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تحرير|إشراف|متابعة)\s*:?\s+(?=\S)")
# What a photo caption ends with in parentheses (an agency or photo credit, or several joined
# by ` - ` or `/`): never a byline's city.
_CREDIT_PART = re.compile(
    r"^(?:(?:[\u0621-\u064a]\.){1,3}[\u0621-\u064a]\.?|رويترز|أسوشييتد برس|الأناضول|سانا|"
    r"واس|وام|قنا|كونا|بترا|غيتي|أرشيفية?|أرشيف|صورة أرشيفية|«?الشرق الأوسط»?|"
    r"[A-Za-z][A-Za-z .]{0,19})$"
)
_UI_TEXT = re.compile(
    r"^(?:TT|شارك|مشاركة|شارك المقال|شارك هذا المقال|اشترك|اشترك في النشرة|طباعة|حجم الخط|"
    r"تابعونا|تابعوا|النشرة الإخبارية|نسخ الرابط|فيسبوك|تويتر|واتساب|تلغرام|لينكدإن|إكس|X)"
    r"(?:\s.{0,40})?$"
)
_READ_ALSO = re.compile(r"^(?:اقرأ|إقرأ)\s+(?:أيضاً|أيضا|ايضاً|ايضا)")
_RELATED_HEADINGS = ("مقالات ذات صلة", "مواضيع ذات صلة", "أخبار ذات صلة")
_TAG_HEADINGS = ("مواضيع", "الوسوم", "وسوم", "كلمات مفتاحية", "الكلمات المفتاحية")
_TAGS_CLASS = re.compile(r"(?:^|[\s_-])(?:tags?|keywords)(?:$|[\s_-])", re.I)
_TITLE_SUFFIX = re.compile(r"\s*[|\-–]\s*(?:جريدة\s+)?الشرق\s+الأوسط\s*$")
_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{1,40})\)$")
_NOT_CREDIT = frozenset({"أرشيفية", "أرشيف", "صورة أرشيفية", "أرشيفة", "ارشيفية"})
_HOME_CRUMBS = frozenset({"الرئيسية", "الصفحة الرئيسية", "home", "Home", "الرئيسة"})
_ARTICLE_TYPES_LD = frozenset(
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "OpinionNewsArticle",
        "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "Report", "LiveBlogPosting",
    }
)  # fmt: skip
_BOX_TAGS = frozenset(
    {
        "blockquote", "aside", "figure", "figcaption", "table", "form", "button", "iframe",
        "video", "audio", "picture", "object", "embed", "select", "input", "textarea", "nav",
        "header", "footer", "img", "script", "style", "noscript", "svg", "amp-img", "amp-ad",
        "amp-iframe", "amp-carousel", "amp-video", "amp-youtube", "amp-twitter",
        "amp-instagram", "amp-social-share", "amp-embed",
    }
)  # fmt: skip
_BLOCKS_IN_BOX = ["p", "ul", "ol", "h2", "h3", "h4", "h5", "img", "figure", "table", "div"]
_BOX_CLASS = re.compile(
    r"share|social|newsletter|subscri|related|advert|(?:^|[\s_-])ads?(?:$|[\s_-])|dfp|banner|"
    r"promo|(?:^|[\s_-])tags?(?:$|[\s_-])|caption|embed|tweet|twitter|instagram|facebook|"
    r"youtube|gallery|read-?also|read-?more|inread|outbrain|taboola|sponsor|comment|font-?size|"
    r"(?:^|[\s_-])tools?(?:$|[\s_-])|inline-box|article-box|box-",
    re.I,
)

# Region markers: the page is cut from the container to the page footer before parsing.
_START_MARKERS = (
    re.compile(r"""id\s*=\s*["']?block-aawsatv3-content\b"""),
    re.compile(r"""class\s*=\s*["'][^"']*\bprintable-area\b"""),
    re.compile(r"""id\s*=\s*["']?article_content\b"""),
)
# An AMP document (`<html amp>` or `<html ⚡>`) has no Drupal blocks: its region starts at the
# first `<article>` (else `<main>`); the real container is in or after it.
_AMP_HTML = re.compile(r"<html\b[^>]*?\s(?:amp|⚡)(?=[\s=>/])", re.I)
_AMP_START_MARKERS = (re.compile(r"<article\b", re.I), re.compile(r"<main\b", re.I))
_FOOTER_MARKERS = ("<footer", "<FOOTER", 'role="contentinfo"', "role='contentinfo'")
_CONTAINER_SELECTORS = (
    "#block-aawsatv3-content .printable-area article",
    ".printable-area article",
    "#block-aawsatv3-content article",
)
_FULL_ARTICLE = "h1, .entry-title, .entry-content, [itemprop=articleBody]"
_MIN_ARTICLE_TEXT = 200  # paragraph characters of an `article` accepted on metadata alone
_CRUMB_CLASS = re.compile(r"breadcrumb", re.I)
_CRUMB_SEPARATORS = frozenset({"/", ">", "»", "«", "›", "‹", "|", "<"})
_CURRENT_BODY = (
    ".entry-content", "[itemprop=articleBody]", ".field--name-body", ".article-body",
    ".entry-body", ".article-content", ".node__content",
)  # fmt: skip
_LEGACY_BODY = (".node_new_body", "[itemprop=articleBody]", ".entry-content")
_MEDIA = (".entry-media", ".node_new_photo", ".img-field", "figure", ".field--name-field-image")
_SUBHEADLINE = (
    ".entry-subtitle", ".entry-title h2", ".sub-title", ".subtitle", ".sub-headline",
    ".field--name-field-subtitle", ".article-subtitle", ".node_new_subtitle", ".entry-summary",
    ".article-summary", ".standfirst", ".field--name-field-summary", ".article-excerpt",
)  # fmt: skip
_AUTHORISH = (
    "[rel~=author], .byline, .entry-author, .author, [class*=author], [class*=writer], "
    "a[href*='/taxonomy/term/']"
)
_NEAR_LINES = 4  # lines next to the container searched for a date or byline
_IMG_TAGS = ["img", "amp-img"]
_LINK_ATTRS = ("href", "data-vr-contentbox-url")  # a card's link (opinion cards: the latter)
_MAX_CAPTION = 300  # characters of text beside an image that still read as its caption
_MAX_CLIMB = 64  # levels above a paragraph searched for the element holding the body
_KICKER = ".kicker, .entry-kicker, .article-kicker, .section-label"
_INTERVIEW_LABEL = re.compile(r"^(?:حوار|مقابلة)(?:\s.{0,24})?$")
_ANALYSIS_LABEL = re.compile(r"^تحليل(?:\s.{0,24})?$")
_LABEL_LINES = 6  # lines just before the headline searched for a type label
# Parts of the container that are pictures and their captions, never metadata.
_PICTURE_CLASS = re.compile(r"caption|gallery|slider|swiper|carousel|slide(?:$|[\s_-])", re.I)


# --------------------------------------------------------------------------- parsing


@dataclass
class _Page:
    """One page being parsed: the head read cheaply, the tree, and the article container."""

    url: str
    head: HeadMeta
    soup: BeautifulSoup
    idx: DocIndex
    container: Tag
    layout: str
    ld: dict[str, Any]
    article_id: str
    canonical_src: str | None

    def first(
        self,
        selectors: tuple[str, ...],
        within: Tag | None = None,
        skip: tuple[Tag | None, ...] = (),
    ) -> Tag | None:
        """First element with text or an image, by selector priority, outside `skip` subtrees."""
        for el in self.idx.select_ranked(selectors, within=within or self.container):
            if any(self.idx.inside(el, s) for s in skip):
                continue
            if el.name in _IMG_TAGS or el.find(_IMG_TAGS) is not None or text_of(el):
                return el
        return None


@dataclass
class _Related:
    """Related-article blocks (one per `مقالات ذات صلة` heading) and their cards' ids."""

    blocks: tuple[Tag, ...]
    ids: list[str]


@dataclass
class _Media:
    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    elements: list[Tag] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(strip_noise(html), "lxml")


def _region(html: str) -> str | None:
    """The article region: container (or the breadcrumb just before it) up to the page footer."""
    region = cut_region(html, _START_MARKERS, lead_in="breadcrumb", end_markers=_FOOTER_MARKERS)
    if region is None and _AMP_HTML.search(html, 0, 4096):
        region = cut_region(html, _AMP_START_MARKERS, end_markers=_FOOTER_MARKERS)
    return region


def _find_container(idx: DocIndex, article_meta: bool = False) -> tuple[Tag, str] | None:
    """The main article element and the layout it belongs to.

    With `article_meta` (the page's metadata says it is an article), an `article` element
    without a headline of its own (a page-title block above it) is enough: the one holding
    the most paragraph text, if that is at least `_MIN_ARTICLE_TEXT` characters."""
    for selector in _CONTAINER_SELECTORS:
        for el in idx.select(selector):
            if idx.select_one(_FULL_ARTICLE, within=el) is not None:
                return el, "current"
    legacy = idx.select_one("#article_content")
    if legacy is not None:
        return legacy, "legacy"
    node_body = idx.select_one(".node_new_body")
    if node_body is not None and isinstance(node_body.parent, Tag):
        return node_body.parent, "legacy"
    for el in idx.select("article"):
        if idx.select_one("h1", within=el) is not None:
            return el, "current"
    printable = idx.select_one(".printable-area")
    if printable is not None and idx.select_one(_FULL_ARTICLE, within=printable) is not None:
        return printable, "current"
    body = idx.select_one(".entry-content, [itemprop=articleBody]")
    node = body
    while node is not None and isinstance(node.parent, Tag) and node.parent.name != "body":
        node = node.parent
        if idx.select_one("h1", within=node) is not None:
            return node, "current"
    if article_meta:
        best: Tag | None = None
        best_len = 0
        for el in idx.select("article, [role=article]"):
            length = idx.text_in("p", el)
            if length > best_len:
                best, best_len = el, length
        if best is not None and best_len >= _MIN_ARTICLE_TEXT:
            return best, "current"
    return None


def _load(html: str, url: str) -> _Page:
    """Read the head, parse the article region and find the container (or raise)."""
    if not isinstance(html, str) or not html.strip():
        raise ParseError("bad_html", "empty document")
    html = usable_text(html)
    head = extract_head(html)
    ld = head.ld(*_ARTICLE_TYPES_LD) or {}
    article_meta = bool(ld) or (head.get("og:type") or "").lower() == "article"
    region = _region(html)
    soup = _soup(region if region is not None else html)
    idx = DocIndex(soup)
    found = _find_container(idx, article_meta)
    if found is None and region is not None:
        soup = _soup(html)
        idx = DocIndex(soup)
        found = _find_container(idx, article_meta)
    canonical_src = head.canonical or head.get("og:url")
    aid = article_id(url) or (article_id(canonical_src) if canonical_src else None)
    if aid is None and head.shortlink:
        aid = article_id(head.shortlink)
    if aid is None:
        raise ParseError("not_article", f"no article id in {url}")
    if found is None:
        if article_meta:
            raise ParseError("layout_changed", "no article container", missing=["container"])
        raise ParseError("not_article", "no article container and no article metadata")
    container, layout = found
    return _Page(url, head, soup, idx, container, layout, ld, aid, canonical_src)


def _strip_title(title: str | None) -> str:
    return _TITLE_SUFFIX.sub("", clean_text(title)).strip()


def _headline(page: _Page) -> tuple[str, Tag | None]:
    """The page headline: the first heading by priority (`.entry-title h1`, `h1`, a page-title
    `h1` just before the container, `.entry-title`, legacy `h2`), unless another of them reads
    exactly as the page's own title metadata; else og:title / JSON-LD / `<title>`."""
    inner: tuple[str, ...] = (".entry-title h1", "h1")
    fallback: tuple[str, ...] = (".entry-title", "[itemprop=headline]")
    if page.layout == "legacy":
        fallback = ("h2",)
    candidates = [*page.idx.select_ranked(inner, within=page.container)]
    candidates += _title_before(page)
    candidates += [*page.idx.select_ranked(fallback, within=page.container)]
    meta_titles = [
        _strip_title(t)
        for t in (
            page.head.get("og:title"),
            page.head.get("twitter:title"),
            _ld_text(page.ld.get("headline")),
            page.head.title,
        )
        if t
    ]
    texts = [(text_of(el), el) for el in candidates]
    texts = [(t, el) for t, el in texts if t]
    for text, el in texts:
        if text in meta_titles:
            return text, el
    if texts:
        return texts[0]
    for candidate in meta_titles:
        if candidate:
            return candidate, None
    raise ParseError("no_headline", page.url)


def _title_before(page: _Page) -> list[Tag]:
    """The last `h1` before the container, outside page furniture (a page-title block)."""
    start = page.idx.position(page.container)
    furniture = page.idx.select("header, nav, aside, footer, form")
    for h1 in reversed(page.idx.select("h1")):
        if page.idx.position(h1) < start and not any(page.idx.inside(h1, f) for f in furniture):
            return [h1]
    return []


def _subheadline(page: _Page, headline: str, body: Tag) -> tuple[str | None, Tag | None]:
    selectors = _SUBHEADLINE + (("h3",) if page.layout == "legacy" else ())
    el = page.first(selectors, skip=(body,))
    text = text_of(el)
    if not text or text == headline:
        return None, None
    return text, el


def _related(page: _Page) -> _Related | None:
    """The related-articles blocks (in or after the container) and their cards' article ids."""
    # A block is the heading's lowest ancestor (below `<body>`) holding a link after it.
    container_pos = page.idx.position(page.container)
    links = [
        (pos, values)
        for pos, el in enumerate(page.idx.elements)
        if (values := [v for v in (attr(el, n) for n in _LINK_ATTRS) if v])
    ]
    link_pos = [pos for pos, _ in links]
    blocks: list[Tag] = []
    ids: list[str] = []
    for text, parent in page.idx.texts:
        if (
            "ذات صلة" not in text
            or page.idx.position(parent) < container_pos
            or clean_text(parent.get_text()) not in _RELATED_HEADINGS
            or any(page.idx.inside(parent, b) for b in blocks)
        ):
            continue
        heading_pos = page.idx.position(parent)
        first = bisect.bisect_right(link_pos, heading_pos)
        block = parent
        while isinstance(block.parent, Tag) and block.parent.name not in ("body", "html"):
            if first < len(links) and page.idx.span(block)[1] > link_pos[first]:
                break
            block = block.parent
        end = bisect.bisect_left(link_pos, page.idx.span(block)[1])
        blocks = [b for b in blocks if not page.idx.inside(b, block)] + [block]
        for _, values in links[first:end]:
            for href in values:
                rid = article_id(_absolute(href) or "")
                if rid and rid != page.article_id:
                    ids.append(rid)
    if not blocks:
        return None
    return _Related(tuple(blocks), _dedupe(ids))


def _canonical(declared: str | None, url: str) -> str | None:
    """The canonical URL: the page's own declaration, else the URL fetched (None if malformed)."""
    for candidate in (declared, url):
        if candidate:
            try:
                return canonical_url(candidate)
            except ValueError:
                continue
    return None


def _absolute(href: str) -> str | None:
    """`href` resolved against the public origin (None for a malformed URL)."""
    try:
        return urljoin(PUBLIC_ORIGIN + "/", href)
    except ValueError:
        return None


def _body_element(page: _Page, related: _Related | None) -> Tag:
    """The element holding the body text (by selector, else the densest paragraph holder)."""
    blocks = related.blocks if related else ()
    for selector in _LEGACY_BODY if page.layout == "legacy" else _CURRENT_BODY:
        for el in page.idx.select(selector, within=page.container):
            if not any(page.idx.inside(el, b) and not page.idx.inside(b, el) for b in blocks):
                return el
    densest = _densest(page, blocks)
    if densest is None:
        raise ParseError("layout_changed", "no article body element", missing=["body"])
    return densest


def _densest(page: _Page, skip: tuple[Tag, ...]) -> Tag | None:
    """The body fallback: the element holding the most paragraph text as direct children,
    unless that is under 60% of it all; then the deepest element holding 60% (a body of
    Drupal Paragraphs wraps each `<p>` in a `div` of its own)."""
    direct: dict[int, list[Any]] = {}  # id(parent) -> [parent, text of its <p> children]
    for p in page.idx.select("p", within=page.container):
        parent = p.parent
        if not isinstance(parent, Tag) or any(page.idx.inside(parent, s) for s in skip):
            continue
        direct.setdefault(id(parent), [parent, 0])[1] += page.idx.text_size(p)
    if not direct:
        return None
    total = sum(size for _, size in direct.values())
    best, best_len = max(direct.values(), key=lambda entry: entry[1])
    if best_len >= 0.6 * total:
        return best
    held: dict[int, list[Any]] = {}  # paragraph text under each ancestor, a few levels up
    for parent, size in direct.values():
        node: Tag | None = parent
        for _ in range(_MAX_CLIMB):
            if node is None:
                break
            held.setdefault(id(node), [node, 0])[1] += size
            if node is page.container:
                break
            node = node.parent if isinstance(node.parent, Tag) else None
    holders = [node for node, size in held.values() if size >= 0.6 * total]
    return max(holders, key=page.idx.position, default=best)


def _box_ids(body: Tag, idx: DocIndex) -> set[int]:
    """Inline boxes inside the body: embeds, quotes, asides and divs set among paragraphs."""
    out: set[int] = set()
    total = idx.text_in("p", body) or 1

    stack = [body]  # no recursion: pages may nest thousands of levels deep
    while stack:
        node = stack.pop()
        kids = [c for c in node.children if isinstance(c, Tag)]
        among_paragraphs = any(k.name == "p" and k.get_text(strip=True) for k in kids)
        for kid in kids:
            block = kid.name in ("div", "section", "article")
            if (
                kid.name in _BOX_TAGS
                or _BOX_CLASS.search(ident(kid))
                or (block and _captioned_picture(kid, idx))
            ):
                out.add(id(kid))
            elif block:
                # Set among paragraphs, a div with a class or blocks inside is a box; a bare
                # div of text is a paragraph (migrated articles mix both), and a div holding
                # most of the text is a wrapper.
                boxed = among_paragraphs and (
                    kid.get("class") or kid.get("id") or idx.has(_BLOCKS_IN_BOX, kid)
                )
                if boxed and idx.text_in("p", kid) / total < 0.6:
                    out.add(id(kid))
                else:
                    stack.append(kid)
            elif kid.name != "br":
                stack.append(kid)
    return out


def _captioned_picture(el: Tag, idx: DocIndex) -> bool:
    """A block holding an image and at most a caption's worth of text, no paragraph."""
    if not idx.has(_IMG_TAGS, el) or idx.has(["p"], el):
        return False
    return idx.text_size(el) <= _MAX_CAPTION


def _media(page: _Page, body: Tag, related: _Related | None, headline: str) -> _Media:
    """Lead image URL, caption and credit (the caption's trailing parenthesised agency)."""
    blocks = related.blocks if related else ()
    out = _Media()
    el = page.first(_MEDIA, skip=(body, *blocks))
    if el is not None:
        img = (
            el
            if el.name in _IMG_TAGS
            else page.idx.select_one(".img-field img, img, amp-img", within=el)
        )
        if img is not None:
            out.url = _image_url(img)
    lines: list[str] = []
    if el is not None:
        out.elements.append(el)
        lines = [ln for ln in text_lines(el) if ln != headline]
    if not lines:
        for cap in page.idx.select("figcaption, [class*=caption]", within=page.container):
            if page.idx.inside(cap, body) or any(page.idx.inside(cap, b) for b in blocks):
                continue
            lines = [ln for ln in text_lines(cap) if ln != headline]
            if lines:
                out.elements.append(cap)
                break
    lines = _dedupe(lines)
    if lines:
        out.caption, out.credit = _split_credit(lines[0])
        last = lines[-1]
        if out.credit is None and len(lines) > 1 and last.startswith("(") and last.endswith(")"):
            out.credit = clean_text(last[1:-1]) or None
    out.texts = {t for t in (out.caption, *lines) if t}
    return out


def _tags(page: _Page, related: _Related | None) -> tuple[list[str], Tag | None]:
    """Tags from the visible tags block (in or after the container), else keywords metadata."""
    blocks = related.blocks if related else ()
    container_pos = page.idx.position(page.container)
    candidates: list[Tag] = []
    for name in page.idx.classes_matching(_TAGS_CLASS):
        if "related" not in name:
            candidates.extend(page.idx.with_class(name))
    for text, parent in page.idx.texts:
        if len(text) > 60 or clean_text(text).rstrip(":") not in _TAG_HEADINGS:
            continue
        if isinstance(parent.parent, Tag):
            candidates.append(parent if parent.find("a") is not None else parent.parent)
    candidates = [
        el
        for el in candidates
        if page.idx.position(el) >= container_pos
        and el.name not in ("a", "li", "ul", "ol")
        and not any(page.idx.inside(el, b) for b in blocks)
        and el.find("a") is not None
    ]
    candidates.sort(key=page.idx.position)
    el = candidates[0] if candidates else None
    tags = _dedupe([t for t in (text_of(a) for a in el.find_all("a")) if t]) if el else []
    if not tags:
        tags = _dedupe(
            _keywords(page.ld.get("keywords"))
            or _keywords(page.head.get("news_keywords"))
            or _keywords(page.head.get("keywords"))
        )
    return tags, el


def _date_text(page: _Page, near: _Near) -> tuple[str | None, set[str]]:
    """The visible date line(s): published, then a separate `آخر تحديث` line after a newline."""
    # Legacy `#update_date`, else the container, else the few lines just before or after it;
    # never further away, where the header's today's date and sidebars live.
    update_el = page.idx.select_one("#update_date")
    sources: list[Callable[[], list[str]]] = [
        lambda: near.inside,
        lambda: near.before,
        lambda: near.after,
    ]
    if update_el is not None:
        sources.insert(0, lambda: text_lines(update_el, glue_inline=True))
    published: str | None = None
    updated: str | None = None
    for lines in sources:
        published, updated = _date_lines(lines())
        if published or updated:
            break
    found = [x for x in (published, updated) if x]
    return "\n".join(found) or None, set(found)


class _Near:
    """Visible metadata lines: inside the container, and just before and after it (lazily)."""

    def __init__(self, page: _Page, skip: frozenset[int], noise: set[str]) -> None:
        self._page, self._noise = page, noise
        self.inside = _meta_lines(text_lines(page.container, skip=skip, glue_inline=True), noise)
        # Outside the container, page furniture never carries the article's metadata.
        furniture = page.idx.select("header, nav, footer, aside, form")
        self._skip = skip | {id(el) for el in furniture if not page.idx.inside(page.container, el)}

    @cached_property
    def before(self) -> list[str]:
        lines = text_lines(
            self._page.soup, skip=self._skip, glue_inline=True, stop=self._page.container
        )
        return _meta_lines(lines[-_NEAR_LINES:], self._noise)

    @cached_property
    def after(self) -> list[str]:
        lines = text_lines(
            self._page.soup, skip=self._skip, glue_inline=True, start=self._page.container
        )
        return _meta_lines(lines[:_NEAR_LINES], self._noise)


def _meta_lines(lines: list[str], noise: set[str]) -> list[str]:
    """Visible lines with a date label starting a new line (`X نُشر: …` → `X`, `نُشر: …`)."""
    out: list[str] = []
    for line in lines:
        if line in noise:
            continue
        for part in _META_LABEL.split(line):
            for cell in _META_SEPARATOR.split(part):
                out.extend(_byline_before_date(cell.strip()))
    return [x for x in out if x]


def _byline_before_date(line: str) -> list[str]:
    """A date line that starts with a byline (inline cells glued: `CITY: NAME 4 مايو 2023`)
    as two lines; any other line as is."""
    m = _DATE_LINE.search(line)
    if not m or m.start() == 0:
        return [line]
    head = _DATE_HEAD.sub("", line[: m.start()]).strip(" -|–")
    if head and _is_byline(head):
        return [head, line[len(head) :].strip(" -|–")]
    return [line]


def _time_attrs(page: _Page, skip: tuple[Tag | None, ...]) -> tuple[str | None, str | None]:
    """`datetime` attributes of the article's `<time>` elements: (published, updated)."""
    published: str | None = None
    updated: str | None = None
    for el in page.idx.select("time[datetime]", within=page.container):
        if any(page.idx.inside(el, s) for s in skip):
            continue
        value = attr(el, "datetime")
        parent = el.parent if isinstance(el.parent, Tag) else el
        is_update = bool(_UPDATED_LABEL.search(text_of(el))) or bool(
            re.search(r"updated|modified", ident(el) + " " + ident(parent))
        )
        if is_update:
            updated = updated or value
        else:
            published = published or value
    return published or None, updated or None


def _byline(
    page: _Page,
    near: _Near,
    skip: tuple[Tag | None, ...],
    labels: set[str],
    meta_skip: frozenset[int],
) -> str | None:
    """The visible byline: legacy `.node_new_resource`, a byline-shaped line, an author link."""
    # `labels` (section names, the kicker) are often links too: never a writer's name.
    resource = page.idx.select_one(".node_new_resource", within=page.container)
    if resource is not None:
        text = " ".join(text_lines(resource, glue_inline=True))
        if text:
            return text
    for lines in (near.inside, near.before):
        line = next((ln for ln in lines if _is_byline(ln)), None)
        if line is not None:
            return line
    # An author element may be a whole writer box (name, bio, the writer's other articles):
    # the name is the element with a single short line, a link or a `name` class first.
    found: list[tuple[int, int, str]] = []
    for el in page.idx.select(_AUTHORISH, within=page.container):
        if any(page.idx.inside(el, s) for s in skip) or _in_tags(el):
            continue
        candidates = [
            ln
            for ln in text_lines(el, skip=meta_skip, glue_inline=True)
            if not _DATE_LINE.search(ln)
            and len(ln) <= 80
            and not _UI_TEXT.match(ln)
            and ln not in labels
        ]
        if not candidates:
            continue
        if len(candidates) == 1 and len(candidates[0].split()) <= 8:
            named = el.name == "a" or "name" in ident(el) or "author" in attr(el, "rel")
            found.append((0 if named else 1, page.idx.position(el), candidates[0]))
        elif not found:
            found.append((2, page.idx.position(el), " ".join(candidates)))
    return min(found)[2] if found else None


def _in_tags(el: Tag) -> bool:
    return any(_TAGS_CLASS.search(ident(parent)) for parent in [el, *el.parents])


def _paragraphs(body: Tag, exclude: set[str], skip: frozenset[int], idx: DocIndex) -> list[str]:
    """Body lines without boxes, UI text and repeats; nothing after the related heading."""
    out: list[str] = []
    for line in text_lines(body, skip=skip | _box_ids(body, idx)):
        if line in _RELATED_HEADINGS:
            break
        if line in exclude or _UI_TEXT.match(line) or _READ_ALSO.match(line):
            continue
        out.append(line)
    return out


def _sections(page: _Page, headline: str) -> tuple[str | None, str | None]:
    """Section and subsection from the breadcrumb, else the URL path, else JSON-LD."""
    items = (
        _breadcrumb(page, headline)
        or _path_sections(page.canonical_src)
        or _path_sections(page.url)
        or _ld_breadcrumb(page.head)
    )
    section = items[0] if items else _ld_text(page.ld.get("articleSection"))
    subsection = items[1] if len(items) > 1 else None
    return section or None, subsection or None


def _breadcrumb_element(page: _Page) -> Tag | None:
    """The breadcrumb trail: a `breadcrumb` class (outermost first), else an aria-label."""
    found = [
        el for name in page.idx.classes_matching(_CRUMB_CLASS) for el in page.idx.with_class(name)
    ]
    if found:
        return min(found, key=page.idx.position)
    return page.idx.select_one("[aria-label=breadcrumb], [aria-label=Breadcrumb]")


def _breadcrumb(page: _Page, headline: str) -> list[str]:
    crumb = _breadcrumb_element(page)
    if crumb is None:
        return []
    items = [text_of(li) for li in crumb.find_all("li")] or [
        text_of(a) for a in crumb.find_all("a")
    ]
    return [
        item
        for item in items
        if item and item not in _HOME_CRUMBS and item != headline and item not in _CRUMB_SEPARATORS
    ]


def _ld_breadcrumb(head: HeadMeta) -> list[str]:
    crumbs = head.ld("BreadcrumbList")
    if not crumbs or not isinstance(crumbs.get("itemListElement"), list):
        return []
    items = []
    for entry in crumbs["itemListElement"]:
        if isinstance(entry, dict):
            name = _ld_text(entry.get("name")) or _ld_text(entry.get("item"))
            if name and name not in _HOME_CRUMBS:
                items.append(name)
    return items


def _path_sections(url: str | None) -> list[str]:
    if not url:
        return []
    try:
        segments = _segments(urlsplit(url).path)
    except ValueError:
        return []
    if len(segments) in (2, 3) and _nid(segments) and segments[0] not in ("node", "home"):
        return [s.replace("-", " ") for s in segments[:-1]]
    return []


def _article_type(page: _Page, sections: list[str], kicker: str, type_labels: list[str]) -> str:
    """opinion, interview, analysis or news: node type class, JSON-LD type, section labels,
    a type label shown just before the headline."""
    marks = " ".join(ident(el) for el in [page.container, *page.container.parents])
    ld_type = page.ld.get("@type")
    ld_types = set(ld_type) if isinstance(ld_type, list) else {ld_type}
    labels = " ".join([*sections, kicker, _ld_text(page.ld.get("articleSection")) or ""])
    if "node--type-opinion" in marks or "OpinionNewsArticle" in ld_types or "الرأي" in labels:
        return "opinion"
    if (
        "node--type-interview" in marks
        or "حوار" in labels
        or any(_INTERVIEW_LABEL.match(x) for x in type_labels)
    ):
        return "interview"
    if (
        "node--type-analysis" in marks
        or "AnalysisNewsArticle" in ld_types
        or "تحليل" in labels
        or any(_ANALYSIS_LABEL.match(x) for x in type_labels)
    ):
        return "analysis"
    return "news"


def _type_labels(page: _Page, headline: str, headline_el: Tag | None) -> list[str]:
    """Short lines shown just before the headline (or its `LABEL:` prefix) naming a genre."""
    found: list[str] = []
    prefix = headline.split(":", 1)[0].strip() if ":" in headline else ""
    if prefix and len(prefix.split()) <= 3:
        found.append(prefix)
    if headline_el is not None and page.idx.inside(headline_el, page.container):
        lines = text_lines(page.container, stop=headline_el)[-_LABEL_LINES:]
        found.extend(ln for ln in lines if len(ln.split()) <= 4)
    return [x for x in found if _INTERVIEW_LABEL.match(x) or _ANALYSIS_LABEL.match(x)]


def _meta_skip(page: _Page, crumb: Tag | None) -> set[int]:
    """Container parts that never hold the date or byline: pictures and their captions,
    links to other articles (a writer's list, teasers), and the breadcrumb's own items."""
    out: set[int] = set()
    for el in page.idx.select("figure, figcaption, a[href]", within=page.container):
        if el.name == "a":
            target = article_id(_absolute(attr(el, "href")) or "")
            if target is None or target == page.article_id:
                continue
        out.add(id(el))
    for name in page.idx.classes_matching(_PICTURE_CLASS):
        out.update(id(el) for el in page.idx.with_class(name, within=page.container))
    if crumb is not None:
        out.update(id(el) for el in crumb.find_all(["li", "a"]))
    return out


def _image_url(img: Tag) -> str | None:
    for name in ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset"):
        value = attr(img, name)
        if name.endswith("srcset") and value:
            value = value.split(",")[0].strip().split(" ")[0]
        if value and not value.startswith("data:") and "placeholder" not in value.lower():
            return _absolute(value)
    return None


def _split_credit(caption: str) -> tuple[str | None, str | None]:
    m = _CREDIT.match(caption)
    if m:
        credit = clean_text(m.group("credit"))
        if credit not in _NOT_CREDIT and any(ch.isalpha() for ch in credit):
            return clean_text(m.group("caption")) or None, credit
    return caption or None, None


def _split_byline(byline: str) -> tuple[str | None, str | None]:
    """(author, dateline) from `NAME (CITY)`, `CITY: NAME`, `CITY - «الشرق الأوسط»`."""
    byline = _BYLINE_LABEL.sub("", byline)
    for pattern in _BYLINE_FORMS:
        m = pattern.match(byline)
        if m:
            return clean_text(m.group("author")), clean_text(m.group("city"))
    return byline, None


def _is_byline(line: str) -> bool:
    if len(line) > 80 or len(line.split()) > 12 or _DATE_LINE.search(line):
        return False
    if _UI_TEXT.match(line):
        return False
    if _DESK in line or line.strip("«» ") == "الشرق الأوسط":
        return True
    unlabelled = _BYLINE_LABEL.sub("", line)
    if unlabelled != line:
        return len(unlabelled.split()) <= 8
    paren = _BYLINE_PAREN.match(line)
    if paren:
        return not _is_credit(paren.group("city"))
    return bool(_BYLINE_CITY_COLON.match(line) or _BYLINE_CITY_DASH.match(line))


def _is_credit(text: str) -> bool:
    """Whether a parenthesised text is a photo credit (`أ.ف.ب`, `أرشيفية - رويترز`, `AFP`)."""
    parts = [p.strip() for p in re.split(r"\s[-–]\s|/", text) if p.strip()]
    return bool(parts) and all(_CREDIT_PART.match(p) for p in parts)


def _date_lines(lines: list[str]) -> tuple[str | None, str | None]:
    """(published line, updated line) among visible lines, joining a lone label to its date."""
    published: str | None = None
    updated: str | None = None
    for i, line in enumerate(lines):
        if len(line) > 200 or not _DATE_LINE.search(line):
            continue
        if i > 0 and _LABEL_ONLY.match(lines[i - 1]):
            line = f"{lines[i - 1]} {line}"
        label = _UPDATED_LABEL.search(line)
        if label and label.start() > 0:
            head = re.sub(r"(?:\s+[-|–ـ])+\s*$", "", line[: label.start()]).strip()
            tail = line[label.start() :]
            if _DATE_LINE.search(head):
                published = published or head
                updated = updated or tail
                continue
        if label:
            updated = updated or line
        elif published is None:
            published = line
        if published and updated:
            break
    return published, updated


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_text(v) for v in value) if n]
        return "، ".join(names) or None
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for k in (clean_text(str(v)) for v in value) if k]
    if isinstance(value, str):
        return [k for k in (clean_text(v) for v in re.split(r"[,،]", value)) if k]
    return []


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse one aawsat.com article page into a `ParsedArticleModel` record."""
    page = _load(html, url)
    headline, headline_el = _headline(page)
    related = _related(page)
    body = _body_element(page, related)
    subheadline, subheadline_el = _subheadline(page, headline, body)
    media = _media(page, body, related, headline)
    tags, tags_el = _tags(page, related)

    # Metadata lines: the container's visible lines outside body, media, related, tags and
    # pictures, and the lines between the breadcrumb's items and the container.
    related_blocks = related.blocks if related else ()
    breadcrumb = _breadcrumb_element(page)
    skipped = (body, headline_el, subheadline_el, tags_el, *related_blocks)
    meta_skip = frozenset(_meta_skip(page, breadcrumb))
    skip = meta_skip | {id(el) for el in (*skipped, *media.elements) if el is not None}
    noise = {headline, "TT", *media.texts}
    near = _Near(page, skip, noise)
    date_text, date_lines = _date_text(page, near)
    section, subsection = _sections(page, headline)
    kicker = text_of(page.idx.select_one(_KICKER, within=page.container))
    type_labels = _type_labels(page, headline, headline_el)
    labels = {x for x in (section, subsection, kicker, *type_labels) if x}
    labels |= set(_breadcrumb(page, headline))
    byline = _byline(page, near, (*skipped, breadcrumb), labels, meta_skip)
    author, dateline = _split_byline(byline) if byline else (None, None)
    author = author or _ld_text(page.ld.get("author"))

    exclude = {*noise, *date_lines, *(x for x in (byline,) if x)}
    # Inside the body: tags, pictures, and related boxes set among the paragraphs (a related
    # heading directly in the body ends it instead, see `_paragraphs`).
    boxed = [b for b in related_blocks if b is not body and page.idx.inside(b, body)]
    inner = frozenset(id(el) for el in (tags_el, *media.elements, *boxed) if el is not None)
    paragraphs = _paragraphs(body, exclude, inner, page.idx)
    if not paragraphs:
        raise ParseError("no_body", url)

    time_published, time_updated = _time_attrs(page, (body, *related_blocks))
    return {
        "url": url,
        "article_id": page.article_id,
        "site": SITE,
        "canonical_url": _canonical(page.canonical_src, url),
        "layout": page.layout,
        "article_type": _article_type(
            page, [x for x in (section, subsection) if x], kicker, type_labels
        ),
        "section": section,
        "subsection": subsection,
        "headline": headline,
        "subheadline": subheadline,
        "byline": byline,
        "author": author or None,
        "dateline": dateline or None,
        "date_text": date_text,
        "published_meta": _ld_text(page.ld.get("datePublished"))
        or page.head.get("article:published_time", "datepublished", "og:published_time")
        or time_published,
        "updated_meta": _ld_text(page.ld.get("dateModified"))
        or page.head.get("article:modified_time", "og:updated_time", "datemodified")
        or time_updated,
        "paragraphs": paragraphs,
        "lead_image_url": media.url,
        "image_caption": media.caption,
        "image_credit": media.credit,
        "tags": tags,
        "related_ids": related.ids if related else [],
        "parser_version": PARSER_VERSION,
    }
