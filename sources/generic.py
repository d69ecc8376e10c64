"""Generic article extractor for any Arabic news page, and the machinery outlet modules share.

Contract: `parse_article(html, url)` returns one record with exactly the columns of
`schemas.parsed.ParsedArticleModel` (layout `generic`, `site` a short id from the host such as
`enabbaladi`, `article_id` `site:<id>`: the page's numeric id from the URL if it has one, else
the first 16 hex digits of the sha1 of the canonical URL), or raises `sources.base.ParseError`
with reason `not_article`, `no_body`, `no_headline` or `bad_html`, and nothing else. A missing
field is None (an empty list for list columns), never "".

Order of evidence for each field: JSON-LD `NewsArticle`/`Article`/`ReportageNewsArticle` (and
the other article types, also inside `@graph`), then OpenGraph/`article:*` and other meta tags,
then the page itself: the body chosen by evidence among its readings (`choose_body`: the outlet
profile's selectors, trafilatura (fast, balanced mode) with paragraphs kept as a list,
the block whose paragraph children, `<p>` or leaf `div`s, and text runs hold the most text
outside links, and JSON-LD `articleBody`), `<time datetime>` for machine dates,
and the visible date line found by Arabic month names (Egyptian/Gulf, Maghrebi and Levantine
`كانون الثاني … تشرين الأول`), numeric forms, Arabic-Indic digits and the `هـ` marker. `date_text`
is the published line verbatim, plus a separate update line (`آخر تحديث …`) after a newline;
turning it into UTC is `transforms.dates`' job. Machine dates are ISO 8601 strings as the page
gives them (Arabic-Indic digits made Western; RFC 2822 converted).

Outlet modules describe their selectors in a `Profile` and call `parse_with`: each selector is
tried first and the generic rule above is the fallback for every field it does not find.

Known edge cases: a listing, tag or home page is `not_article` only on positive evidence, which
its message gives (`listing_evidence`: listing JSON-LD, or `og:type website`, teaser cards or no
`h1` with no block of article text); `no_body` means no reading found any text, and says so;
lists of teaser cards are page furniture whatever their class names (`card_lists`); visually
hidden text (`visually-hidden`, `sr-only`, `screen-reader-text`, `hidden`) is not visible, so a
BBC-style `التعليق على الصورة،` label never reaches a caption; caption dates
(`… - 2 تشرين الثاني 2024`) are never taken for the publication date, nor are dates in comment
sections (class/id `comment`/`reply`/`respond`, schema.org `Comment`, a `Comments` heading:
`_comment_blocks`; a page with only readers' dates has none); a visible date line is read inside
the article's container (the smallest element holding the headline and the body) first, and a
line outside it (a masthead's "today") only when the page declares no machine date; an update
line is the one marked (`itemprop="dateModified"`) or labelled (`Updated`, `Mis à jour`,
`آخر تحديث`) so, whichever comes first; a headline that is no `h1` (the `h1` is the
logo, or empty) is the visible element, whatever its tag, whose text the metadata's titles give
with the site's name or section cut off (`A_Section_Site`); generic `related_ids` only
come from same-site links with a numeric id inside a related block; with no URL at all the site
is `local`.

Speed: one lxml tree (a few ms on a 100 KB page); trafilatura runs last, on that tree pruned of
furniture and related blocks (about 5-15 ms), unless an outlet's selectors found the body and no
block of the page holds more text. On real pages of many outlets the whole parse runs about as
fast as `trafilatura.extract` alone (BENCHMARKS.md).
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import lxml.html
import trafilatura
from lxml import etree

from sources.base import ParseError
from sources.html import BLOCK_TAGS, HeadMeta, clean_text, extract_head

PARSER_VERSION = "generic-2026.12.1"
LAYOUT = "generic"

ARTICLE_LD_TYPES = frozenset(
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "OpinionNewsArticle",
        "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "Report", "LiveBlogPosting", "SatiricalArticle",
    }
)  # fmt: skip
_LISTING_LD_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"})
_NOISE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed")
_INVISIBLE = frozenset({"head", "title", "meta", "link", *_NOISE_TAGS})
_BLOCK = frozenset(BLOCK_TAGS)

# --------------------------------------------------------------------------- dates

_AR = "\u0621-\u064a\u066e-\u06d3"  # Arabic letters, for "not inside a word" look-arounds
_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"  # Western, Arabic-Indic and Persian digits
_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
GREGORIAN_MONTHS = (
    # Egyptian/Gulf
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "ابريل", "مايو", "يونيو", "يونيه", "يوليو",
    "يوليه", "أغسطس", "اغسطس", "سبتمبر", "أكتوبر", "اكتوبر", "نوفمبر", "ديسمبر",
    # Maghrebi
    "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت",
    # Levantine (with or without ال in the second word)
    "كانون الثاني", "كانون ثاني", "شباط", "آذار", "اذار", "نيسان", "أيار", "ايار", "حزيران",
    "تموز", "آب", "أيلول", "ايلول", "تشرين الأول", "تشرين أول", "تشرين الاول", "تشرين اول",
    "تشرين الثاني", "تشرين ثاني", "كانون الأول", "كانون أول", "كانون الاول", "كانون اول",
)  # fmt: skip
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الاول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى",
    "جمادى الاولى", "جمادى الآخرة", "جمادى الثانية", "رجب", "شعبان", "رمضان", "شوال",
    "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة",
)  # fmt: skip


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len)[::-1])


# Pages in other languages: English and French names and abbreviations (any case).
LATIN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
    "sep", "oct", "nov", "dec", "janvier", "février", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
)  # fmt: skip
_MONTH = rf"(?<![{_AR}])(?:{_alternation(GREGORIAN_MONTHS)})(?![{_AR}])"
_LATIN = rf"(?i:(?<![a-zé])(?:{_alternation(LATIN_MONTHS)})\.?(?![a-zéû]))"
_ORD = r"(?i:st|nd|rd|th|er)?"
_HIJRI = rf"(?<![{_AR}])(?:{_alternation(HIJRI_MONTHS)})(?![{_AR}])"
DATE_PATTERN = re.compile(
    # 28 نوفمبر 2024, 15 مارس (آذار) 2022, 14 فبراير/شباط 2025, 3 يناير/ كانون الثاني 2025
    rf"(?<!{_D}){_D}{{1,2}}\s*(?:من\s+)?{_MONTH}(?:\s*[/(،-]\s*{_MONTH}\s*\)?)?\s*[,،]?\s*{_D}{{4}}"
    # نوفمبر 3, 2024 (WordPress `F j, Y`)
    rf"|{_MONTH}\s*{_D}{{1,2}}\s*[,،]\s*{_D}{{4}}"
    # 28/11/2024, 28-11-2024, 2024-11-28, 2024/11/28
    rf"|(?<!{_D}){_D}{{1,2}}[/.-]{_D}{{1,2}}[/.-]{_D}{{4}}(?!{_D})"
    rf"|(?<!{_D}){_D}{{4}}[/.-]{_D}{{1,2}}[/.-]{_D}{{1,2}}(?!{_D})"
    # 26 جمادى الأولى 1446, 1446 هـ
    rf"|(?<!{_D}){_D}{{1,2}}\s*{_HIJRI}\s*{_D}{{4}}|{_D}{{4}}\s*هـ"
    # 5 March 2019, 5th of March, 2019, 1er mars 2024; March 5, 2019, Dec. 3 2024
    rf"|(?<!\d)\d{{1,2}}{_ORD}\.?\s+(?:of\s+)?{_LATIN}\s*,?\s*\d{{4}}(?!\d)"
    rf"|{_LATIN}\s*\d{{1,2}}{_ORD}(?!\d)\s*,?\s*\d{{4}}(?!\d)"
)
_UPDATED_LABEL = re.compile(
    r"آخر\s+تحديث|تم\s+التحديث|تاريخ\s+التحديث|^تحديث|updated|mis\s+à\s+jour|actualizad|aktualisiert",
    re.I,
)
_LABEL_ONLY = re.compile(r"^[^\d\u0660-\u0669]{2,20}:$")
_META_LABEL = re.compile(
    r"(?<!^)(?:\s+[|–-])?\s*(?=(?:نُشر|نشر|تاريخ النشر|آخر\s+تحديث)(?:\s+في)?\s*:)"
)
_MAX_DATE_LINE = 120


def find_date(text: str) -> re.Match[str] | None:
    """The first date-shaped span in `text` (see `DATE_PATTERN`), if any."""
    return DATE_PATTERN.search(text)


def date_lines(lines: Iterable[str]) -> tuple[str | None, str | None]:
    """(published line, updated line) among visible lines; a lone `label:` line joins the next."""
    published: str | None = None
    updated: str | None = None
    previous = ""
    split = [part.strip() for line in lines for part in _META_LABEL.split(line) if part.strip()]
    for raw in split:
        line, label_before = raw, previous
        previous = raw
        if len(line) > _MAX_DATE_LINE or not DATE_PATTERN.search(line):
            continue
        if _LABEL_ONLY.match(label_before):
            line = f"{label_before} {line}"
        label = _UPDATED_LABEL.search(line)
        if label and label.start() > 0:
            head, tail = line[: label.start()].strip(" -|ـ،"), line[label.start() :]
            if DATE_PATTERN.search(head):
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


def join_date_text(published: str | None, updated: str | None) -> str | None:
    """`date_text`: the published line, then the update line after a newline."""
    return "\n".join(x for x in (published, updated) if x) or None


_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SLASH_YMD = re.compile(r"^(\d{4})/(\d{2})/(\d{2})")
_SHORT_YMD = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")


def iso_date(value: Any) -> str | None:
    """An ISO 8601 string from a machine date (Arabic-Indic digits, RFC 2822, Y/M/D and a month or
    day of one digit accepted)."""
    if not isinstance(value, str):
        return None
    text = clean_text(value).translate(_WESTERN)
    if not text:
        return None
    if _ISO_START.match(text):
        return text
    m = _SLASH_YMD.match(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" + text[m.end() :].replace(" ", "T", 1)
    m = _SHORT_YMD.match(text)  # 2019-9-7 21:30:50
    if m:
        day = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        return day + text[m.end() :].replace(" ", "T", 1)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.isoformat()


# --------------------------------------------------------------------------- URLs and ids

_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "amp"}
)
_SECOND_LEVEL = frozenset({"com", "co", "net", "org", "gov", "edu", "ac", "info", "news"})
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.", "ar.", "arabic.")
_ID_PARAMS = ("p", "id", "nid", "article_id", "articleid", "story_id", "newsid", "news_id")
_NUMERIC_SEGMENT = re.compile(
    r"(?:\d{3,}|(\d{4,})-.+|.+[-_](\d{5,})(?:\.[a-z]{2,5})?|(\d{5,})\.[a-z]{2,5})"
)
_DATE_RUN = re.compile(r"/(?:19|20)\d\d/\d{1,2}(?:/\d{1,2})?(?=/|$)")


def site_id(host: str | None) -> str:
    """A short id for a host: `www.enabbaladi.net` → `enabbaladi`, `sana.sy` → `sana`."""
    host = (host or "").lower().strip(".")
    if not host:
        return "local"
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        name = labels[-3]
    elif len(labels) >= 2:
        name = labels[-2]
    else:
        name = labels[0]
    return re.sub(r"[^a-z0-9_]", "_", name) or "local"


def _decode(text: str) -> str:
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return text


def _requote(text: str) -> str:
    """Percent-encode only what would change a decoded path's meaning or break the URL."""
    out = text.replace("%", "%25").replace(" ", "%20").replace("?", "%3F").replace("#", "%23")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"%{ord(m.group()):02X}", out)


def _readable_path(path: str) -> str:
    """The path decoded to readable text (Arabic slugs), with doubled slashes collapsed."""
    path = re.sub(r"/{2,}", "/", path or "/")
    segments = []
    for segment in path.split("/"):
        try:
            segments.append(_requote(unquote(segment, errors="strict")))
        except UnicodeDecodeError:
            segments.append(segment)
    out = "/".join(segments)
    return out if out.startswith("/") else "/" + out


def normalize_url(
    url: str,
    *,
    host: str | None = None,
    scheme: str | None = None,
    keep_query: Iterable[str] | None = None,
    trailing_slash: bool | None = False,
) -> str:
    """A stable form of `url`: readable path, no fragment or tracking parameters.

    `host`/`scheme` replace the URL's own; `keep_query` keeps only those parameters (None keeps
    all but tracking ones); `trailing_slash` adds (True) or strips (False) a final slash, or
    leaves it (None).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    netloc = host or (parts.hostname or "").lower()
    if port and not host:
        netloc += f":{port}"
    path = _readable_path(parts.path)
    if len(path) > 1 and trailing_slash is not None:
        path = path.rstrip("/") + ("/" if trailing_slash else "")
    kept = []
    wanted = set(keep_query) if keep_query is not None else None
    for pair in parts.query.split("&"):
        if not pair:
            continue
        key = _decode(pair.split("=", 1)[0]).lower()
        if wanted is not None and key not in wanted:
            continue
        if key.startswith("utm_") or key in _TRACKING:
            continue
        kept.append(pair)
    return urlunsplit((scheme or parts.scheme.lower() or "https", netloc, path, "&".join(kept), ""))


def normalize_on_origin(url: str, hosts: Iterable[str], origin: str) -> str:
    """A URL an outlet has no article rule for, normalised; on one of its `hosts` it moves to
    `origin`'s https host (so www/mobile/bare-host variants compare equal)."""
    if outlet_path(url, hosts) is None:
        return normalize_url(url)
    return normalize_url(url, host=urlsplit(origin).hostname, scheme="https")


def outlet_path(url: str, hosts: Iterable[str]) -> tuple[str, dict[str, str]] | None:
    """(decoded path, query parameters) of an http(s) URL on one of `hosts` (or site-relative)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host and host not in hosts:
        return None
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    return re.sub(r"/{2,}", "/", _decode(parts.path) or "/"), query


def canonical_url(url: str) -> str:
    """The generic canonical form: host lowercased, readable path without a final slash."""
    return normalize_url(url)


def numeric_id(url: str) -> str | None:
    """The page's numeric id in a URL (`?p=123`, `/archives/123`, `/123-slug`, `/slug-12345678`)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query):
        if key.lower() in _ID_PARAMS and value.isdigit():
            return value
    path = _DATE_RUN.sub("", _decode(parts.path))
    for segment in reversed([s for s in path.split("/") if s]):
        m = _NUMERIC_SEGMENT.fullmatch(segment)
        if m:
            return next((g for g in m.groups() if g), segment)
    return None


def url_hash(url: str) -> str:
    """The first 16 hex digits of the sha1 of a (canonical) URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def host_of(url: str | None) -> str | None:
    """The URL's host, lowercased (None for no URL or a malformed one such as `http://[x`)."""
    if not url:
        return None
    try:
        return (urlsplit(url.strip()).hostname or "").lower() or None
    except ValueError:
        return None


def join_url(base: str, href: str) -> str | None:
    """`href` resolved against `base` (None when either is malformed)."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def article_id(url: str, site: str | None = None) -> str:
    """`site:<numeric id>` when the URL carries one, else `site:<sha1 of the canonical URL>`."""
    prefix = site or site_id(host_of(url))
    return f"{prefix}:{numeric_id(url) or url_hash(canonical_url(url))}"


# --------------------------------------------------------------------------- visible text

_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:visually-hidden|sr-only|screen-reader-text|screen-reader-only|hidden|d-none)"
    r"(?:\s|$)",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def cls(name: str) -> str:
    """XPath test for one class name: `//div[{cls('entry')}]`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def is_hidden(el: Any) -> bool:
    """Whether an element is never shown (hidden attribute, inline style, visually-hidden class)."""
    if el.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    return bool(_HIDDEN_CLASS.search(el.get("class") or ""))


def _glue(left: str, right: str) -> bool:
    a, b = left[-1:], right[:1]
    if not a or not b or a.isspace() or b.isspace() or a == "ـ":
        return False
    return (a.isalnum() or a in ":،,)»") and (b.isalnum() or b in "(«")


def text_lines(root: Any, *, skip: frozenset[int] = frozenset(), glue: bool = False) -> list[str]:
    """Visible lines of an element as a browser breaks them (block elements and `<br>`)."""
    # `skip` holds id()s of subtrees to leave out. `glue` puts a space between adjacent inline
    # elements whose words would run together (metadata lines, where CSS supplies the gap).
    lines: list[str] = []
    buf: list[str] = []
    boundary = False

    def flush() -> None:
        nonlocal boundary
        line = clean_text("".join(buf))
        if line:
            lines.append(line)
        buf.clear()
        boundary = False

    def add(text: str) -> None:
        nonlocal boundary
        if glue and boundary and buf and _glue(buf[-1], text):
            buf.append(" ")
        buf.append(text)
        boundary = False

    def walk(el: Any) -> None:
        nonlocal boundary
        tag = el.tag
        if not isinstance(tag, str):
            return
        name = tag.lower()
        if name in _INVISIBLE or id(el) in skip or is_hidden(el):
            return
        if name == "br":
            flush()
            return
        block = name in _BLOCK
        if block:
            flush()
        else:
            boundary = True
        if el.text:
            add(el.text)
        for child in el:
            walk(child)
            if child.tail:
                add(child.tail)
        if block:
            flush()
        else:
            boundary = True

    walk(root)
    flush()
    return lines


def text_of(el: Any | None, *, glue: bool = True) -> str:
    """An element's visible text on one line."""
    return " ".join(text_lines(el, glue=glue)) if el is not None else ""


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class Profile:
    """An outlet's selectors (XPath, tried in order) and URL rules for `parse_with`.

    Empty selectors mean "use the generic rule". `body` selects paragraph elements (each split
    at `<br>`); `date`, `byline`, `caption`, `credit` select elements whose visible lines are
    read; `section` selects breadcrumb items or section labels (home and headline dropped);
    `tags` and `related` select links. `drop` matches lines that are never body text
    (promotions, "read also" lines) on top of the generic ones.
    """

    site: str | None = None
    parser_version: str = PARSER_VERSION
    article_id: Callable[[str], str | None] | None = None
    canonical_url: Callable[[str], str] | None = None
    origin: str | None = None
    headline: tuple[str, ...] = ()
    subheadline: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    drop: re.Pattern[str] | None = None


GENERIC = Profile()


@dataclass
class Page:
    """One page being parsed: its tree, head metadata and identity."""

    url: str
    html: str
    tree: Any
    head: HeadMeta
    metas: dict[str, list[str]]
    ld: dict[str, Any]
    ld_types: set[str]
    profile: Profile
    site: str
    article_id: str
    canonical_src: str | None
    region: Any
    furniture: list[Any] = field(default_factory=list)
    card_lists: list[Any] = field(default_factory=list)
    densest: tuple[Any, int] | None = None
    _furniture_ids: set[int] = field(default_factory=set)
    _related: list[Any] | None = None
    _comments: list[Any] | None = None
    _link_texts: list[str] | None = None

    def meta(self, *names: str) -> str | None:
        """First non-empty meta value among `names`."""
        for name in names:
            for value in self.metas.get(name.lower(), ()):
                if value.strip():
                    return value.strip()
        return None

    def meta_all(self, name: str) -> list[str]:
        return [v.strip() for v in self.metas.get(name.lower(), ()) if v.strip()]

    def select(self, xpaths: Iterable[str], within: Any | None = None) -> Iterator[Any]:
        """Elements matching each XPath in turn (document order within one XPath), visible only."""
        root = self.tree if within is None else within
        seen: set[int] = set()
        for xpath in xpaths:
            try:
                found = root.xpath(xpath)
            except etree.XPathError:
                continue
            for el in found:
                if isinstance(el, etree._Element) and id(el) not in seen and not is_hidden(el):
                    seen.add(id(el))
                    yield el

    def in_furniture(self, el: Any) -> bool:
        """Whether `el` sits in page furniture (header, nav, footer, aside, related blocks)."""
        # The furniture elements are alive in `self.furniture`, so lxml hands out the same proxy
        # objects for them and their id()s are theirs alone.
        if len(self._furniture_ids) != len(self.furniture):
            self._furniture_ids = {id(f) for f in self.furniture}
        node = el
        while node is not None:
            if id(node) in self._furniture_ids:
                return True
            node = node.getparent()
        return False

    def linked_share(self, lines: Iterable[str]) -> float:
        """The share of the lines' text that is the text of some link on the page."""
        if self._link_texts is None:
            texts = (clean_text(a.text_content()) for a in self.tree.iter("a"))
            self._link_texts = sorted({t for t in texts if len(t) >= 3}, key=len, reverse=True)
        total = linked = 0
        for line in lines:
            total += len(line)
            found = 0
            for text in self._link_texts:
                if text in line:
                    found += len(text) * line.count(text)
                    if found >= len(line):
                        break
            linked += min(found, len(line))
        return linked / total if total else 0.0

    def related_blocks(self) -> list[Any]:
        """Blocks of related links (`_related_blocks`), found once."""
        if self._related is None:
            self._related = _related_blocks(self)
        return self._related

    def comments(self) -> list[Any]:
        """Comment sections (`_comment_blocks`), found once."""
        if self._comments is None:
            self._comments = _comment_blocks(self)
        return self._comments

    def in_comments(self, el: Any) -> bool:
        """Whether `el` sits in a comment section."""
        return any(_inside(el, block) for block in self.comments())


def _inside(el: Any, ancestor: Any) -> bool:
    node = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_MARKUP = re.compile(r"<\s*[a-zA-Z!]")
_FURNITURE_XPATH = (
    "//header | //nav | //footer | //aside | //form"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']"
)
_RELATED_CLASS = re.compile(
    r"related|more-on|read-?more|read-?also|most-?read|popular|trending", re.I
)
_RELATED_HEADINGS = re.compile(
    r"^(?:مقالات|مواضيع|أخبار|اخبار|قصص|موضوعات)\s+(?:ذات\s+صلة|متعلقة|مرتبطة|مقترحة)$"
    r"|^(?:اقرأ|إقرأ)\s+(?:[أا]يض(?:اً|ًا|ا)|المزيد)$|^(?:الأكثر|الاكثر)\s+(?:قراءة|مشاهدة)$"
)


def _parse_tree(html: str) -> Any:
    try:
        tree = lxml.html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("bad_html", str(exc)) from None
    etree.strip_elements(tree, *_NOISE_TAGS, etree.Comment, with_tail=False)
    return tree


def _all_metas(tree: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = el.get("content")
        if key and content is not None:
            out.setdefault(key.strip().lower(), []).append(content)
    return out


def _ld_article(head: HeadMeta) -> tuple[dict[str, Any], set[str]]:
    """The first article-typed JSON-LD object, and every `@type` the page declares."""
    types: set[str] = set()
    found: dict[str, Any] = {}
    for obj in head.jsonld:
        kind = obj.get("@type")
        kinds = {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
        types |= kinds
        if not found and kinds & ARTICLE_LD_TYPES:
            found = obj
    return found, types


def _region(tree: Any) -> Any:
    """The article's part of the page: the `article`/`main` around the first `h1`, else `main`."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is not None:
        node = h1.getparent()
        while node is not None:
            if node.tag in ("article", "main") or node.get("role") == "main":
                return node
            node = node.getparent()
    for xpath in ("//main", "//*[@role='main']", "//article", "//body"):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return tree


def _furniture(tree: Any, region: Any) -> list[Any]:
    """Page furniture: header, navigation, footer, sidebars, forms, related blocks and teaser-card
    lists; never an element holding half the page's text.

    Inside the article region only navigation, sidebars, forms and related blocks count: an
    article's own `<header>` holds its headline and byline, its `<footer>` its tags.
    """
    out: list[Any] = []
    # A wrapper holding most of the page (an ASP.NET `<form>` around everything) is not furniture.
    wrapper = len(tree.text_content()) / 2
    for el in tree.xpath(_FURNITURE_XPATH):
        if _inside(region, el) or len(el.text_content()) > wrapper:
            continue
        if _inside(el, region) and el.tag in ("header", "footer"):
            continue
        out.append(el)
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "main", "article"):
            continue
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _RELATED_CLASS.search(ident) and not _inside(region, el):
            out.append(el)
    return out


_CARD_TEXT = 400  # characters: a teaser card, not an article
_LINKED_HEADINGS = ".//*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]"
_CARDS = 4  # teaser cards side by side: a list of other stories


def card_lists(tree: Any) -> list[Any]:
    """Lists of teaser cards: elements with `_CARDS` or more children that each hold a linked
    heading (`h2`–`h4` with a link inside, or inside a link) in under `_CARD_TEXT` characters,
    that hold most of the element's text between them, and no `h1` around: whatever their class
    names, these are other stories. An article's linked subheadings are not cards: a card
    contains its heading, and the paragraphs between the subheadings hold the text."""
    # Elements are kept, not only their id()s: lxml reuses the id of a proxy it has dropped.
    cards_by_parent: dict[int, tuple[Any, dict[int, Any]]] = {}
    for heading in tree.iter("h2", "h3", "h4"):
        if heading.find(".//a") is None and not any(a.tag == "a" for a in heading.iterancestors()):
            continue
        node = heading.getparent()
        for _ in range(5):
            parent = node.getparent() if node is not None else None
            if parent is None:
                break
            cards_by_parent.setdefault(id(parent), (parent, {}))[1][id(node)] = node
            node = parent
    out = []
    for parent, children in cards_by_parent.values():
        if len(children) < _CARDS or parent.tag in ("html", "body"):
            continue
        cards = [len(c.text_content()) for c in children.values()]
        if max(cards) >= _CARD_TEXT or sum(cards) < 0.6 * len(parent.text_content()):
            continue
        if next(parent.iter("h1"), None) is None:
            out.append(parent)
    return [c for c in out if not any(c is not o and _inside(c, o) for o in out)]


def load_page(html: str, url: str, profile: Profile = GENERIC) -> Page:
    """Parse the tree, read the head and decide the page's identity (or raise ParseError)."""
    if not isinstance(html, str) or not html.strip():
        raise ParseError("bad_html", "empty document")
    if "\x00" in html[:4096] or not _MARKUP.search(html[:65536]):
        raise ParseError("bad_html", "not an HTML document")
    tree = _parse_tree(html)
    head = extract_head(html)
    metas = _all_metas(tree)
    ld, ld_types = _ld_article(head)
    og_url = metas.get("og:url")
    canonical_src = head.canonical or (og_url[0] if og_url else None)
    base = url or canonical_src or ""
    if canonical_src:
        canonical_src = join_url(base, canonical_src)
    url = url or canonical_src or ""
    host = host_of(url)
    site = profile.site or site_id(host)
    if profile.article_id is not None:
        aid = profile.article_id(url) if url else None
        if aid is None and canonical_src:
            aid = profile.article_id(canonical_src)
        if aid is None:
            raise ParseError("not_article", f"no article id in {url}")
    elif url:
        aid = article_id(url if numeric_id(url) else canonical_src or url, site)
    else:
        aid = f"{site}:{url_hash(html)}"
    region = _region(tree)
    page = Page(
        url, html, tree, head, metas, ld, ld_types, profile, site, aid, canonical_src, region
    )
    page.card_lists = card_lists(tree)
    page.furniture = _furniture(tree, region) + page.card_lists
    return page


def listing_evidence(page: Page) -> str | None:
    """Why a page reads as a listing rather than one article, in words; None for an article.

    Article metadata (article-typed JSON-LD, `article:published_time`) is decisive for an
    article, listing JSON-LD (`CollectionPage`, `ItemList` …) for a listing. Otherwise a listing's
    structure is needed, four or more teaser cards with headings, and no element holding an
    article's worth of paragraph text (`_ARTICLE_TEXT` characters outside links; on a page with
    `og:type article` and an `h1`, more text than the longest teaser); `og:type website` and a
    missing `h1` are named beside it, never enough alone.
    """
    if page.ld:
        return None
    listing_types = sorted(page.ld_types & _LISTING_LD_TYPES)
    if listing_types:
        return f"JSON-LD {', '.join(listing_types)} and no article JSON-LD"
    if page.meta("article:published_time") or _densest(page)[1] >= _ARTICLE_TEXT:
        return None
    # `og:type article` alone is not decisive: some CMSs print it on archive pages too.
    og_type = (page.meta("og:type") or "").lower()
    cards = page.tree.xpath(f"//article | //*[{cls('one-post')}] | //*[{cls('card')}]")
    headed = [c for c in cards if c.xpath(".//h2 | .//h3")]
    listed = [c for block in page.card_lists for c in block if c.xpath(_LINKED_HEADINGS)]
    if max(len(headed), len(listed)) < _CARDS:
        return None
    has_h1 = bool(page.tree.xpath("//h1"))
    signals = [
        f"{max(len(headed), len(listed))} teaser cards with headings",
        *(["og:type website"] if og_type == "website" else []),
        *([] if has_h1 else ["no h1"]),
    ]
    # An article page (og:type article and a headline) may be short: its text only has to be
    # longer than a teaser's.
    longest = _densest(page)[1]
    teaser = max(len(c.text_content()) for c in (*headed, *listed))
    if longest < (min(teaser, _ARTICLE_TEXT) if og_type == "article" and has_h1 else _ARTICLE_TEXT):
        return f"{', '.join(signals)}; the longest text block holds {longest} characters"
    return None


# --------------------------------------------------------------------------- fields

_UI_TEXT = re.compile(
    r"^(?:شارك|مشاركة|شارك المقال|شارك هذا المقال|اشترك|اشترك في النشرة|طباعة|حجم الخط|"
    r"تابعونا|تابعوا|النشرة الإخبارية|نسخ الرابط|فيسبوك|تويتر|واتساب|تلغرام|لينكدإن|إكس|"
    r"الرئيسية|إعلان|اعلان|Advertisement)(?:\s.{0,80})?$"
)
_READ_ALSO = re.compile(r"^(?:اقرأ|إقرأ|اقرا)\s+(?:[أا]يض(?:اً|ًا|ا)|المزيد)")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—]\s+")
_HOME_CRUMBS = frozenset({"الرئيسية", "الصفحة الرئيسية", "الرئيسة", "Home", "home"})
_CRUMB_SEPARATORS = frozenset({"/", ">", "»", "«", "›", "‹", "|", "<"})
_BYLINE_PAREN = re.compile(r"^(?P<author>[^()]{2,60}?)\s*\((?P<city>[^()0-9]{2,30})\)$")
_BYLINE_CITY_FIRST = re.compile(
    r"^(?P<city>[^:«»()0-9]{2,30}?)\s*(?::|\s[-–ـ]\s)\s*(?P<author>.{2,60})$"
)
_BYLINE_LABEL = re.compile(
    r"^(?:المصدر|بقلم|إعداد|اعداد|تحرير|كتب|كتبه|كتبت|تقرير|الكاتب|الكاتبة|مراسل|مراسلة)\s*[:،]?\s*"
)
_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{1,60})\)$")
_CREDIT_LABEL = re.compile(
    r"^(?:صدر الصورة|مصدر الصورة|المصدر|تصوير|الصورة|Image source|Credit)\s*[،,:]\s*"
)
_NOT_CREDIT = frozenset({"أرشيفية", "أرشيف", "صورة أرشيفية", "ارشيفية", "تعبيرية", "صورة تعبيرية"})
_AUTHORISH = (
    ".//*[@rel='author' or @itemprop='author' or contains(@class,'author') or "
    "contains(@class,'byline') or contains(@class,'writer')]"
)
_SUBHEADLINE = (
    ".//*[contains(@class,'subhead') or contains(@class,'sub-title') or contains(@class,'subtitle')"
    " or contains(@class,'standfirst') or contains(@class,'sub-headline')]"
)


def _ld_text(value: Any) -> str | None:
    """Text of a JSON-LD value: a string, an object's `name`, or a list joined with `، `."""
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_text(v) for v in value) if n]
        return "، ".join(dict.fromkeys(names)) or None
    return None


def _ld_resolve(head: HeadMeta, value: Any) -> Any:
    """A JSON-LD node reference (`{"@id": …}` alone, as Yoast's `@graph` writes) resolved."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        return next((obj for obj in head.jsonld if obj.get("@id") == value["@id"]), None)
    return value


def _ld_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _ld_url(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return next((u for u in (_ld_url(v) for v in value) if u), None)
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for v in value for k in _keywords(v)]
    if isinstance(value, str):
        return [k for k in (clean_text(v) for v in re.split(r"[,،]", value)) if k]
    return []


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def strip_site_suffix(title: str | None, site_name: str | None) -> str:
    """A `<title>`/`og:title` without the site's name after a separator (or before it)."""
    text = clean_text(title)
    parts = _TITLE_SEPARATORS.split(text)
    if len(parts) < 2:
        return text
    if site_name and clean_text(site_name) == parts[0]:
        return clean_text(text[len(parts[0]) :].lstrip(" |-–—"))
    tail = parts[-1]
    if (site_name and clean_text(site_name) in tail) or len(tail.split()) <= 3:
        return clean_text(text[: text.rfind(tail)].rstrip(" |-–—"))
    return text


def _first_text(page: Page, xpaths: Iterable[str], within: Any | None = None) -> tuple[str, Any]:
    for el in page.select(xpaths, within):
        text = text_of(el)
        if text:
            return text, el
    return "", None


_MIN_HEADLINE = 10  # characters: shorter text in a heading is a label or a logo
# Where a metadata title is cut into the headline and the site's name or section: ` - `, ` | `,
# `|`, `｜`, `_` (`A_Section_Site` on Chinese portals), and a dash with no space only where it
# does not join two Latin letters or digits (`交通-新华网`, not `draft-dejong-04` or `COVID-19`).
_TITLE_PIECES = re.compile(
    r"\s+[|｜_–—-]\s+|\s*[|｜_]\s*|(?<![A-Za-z0-9\s])[–—-]|[–—-](?![A-Za-z0-9\s])"
)
_TITLE_CLASS = re.compile(r"title|headline|heading", re.I)


def title_pieces(title: str) -> set[str]:
    """The headlines a metadata title can stand for: itself, and every run of its pieces that
    starts or ends it and holds its longest piece (the headline: a site's or section's name is
    shorter): `Headline_Section_Site` gives `Headline`, `Headline_Section` and the whole."""
    text = clean_text(title)
    cuts = [m for m in _TITLE_PIECES.finditer(text) if m.start() > 0 and m.end() < len(text)]
    bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(text)]
    pieces = [text[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    longest = max(pieces, key=len)
    out = {text}
    for m in cuts:
        out.add(text[: m.start()])
        out.add(text[m.end() :])
    return {piece for piece in out if longest in piece}


def _reads_like(text: str, named: Iterable[str]) -> bool:
    """Whether a heading says nearly what a metadata title's headline part says (most of its
    words in the title's longest piece): an `h1` written a little differently from the title
    (`Prince Woman Warns …` against `Prince -- Woman Warns …`) is still the headline."""
    words = _SHINGLE_WORD.findall(text.lower())
    if len(text) < _MIN_HEADLINE or not words:
        return False
    for title in named:
        part = min(title_pieces(title), key=len)  # every piece holds the headline part
        known = set(_SHINGLE_WORD.findall(part.lower()))
        if sum(w in known for w in words) >= _READS_LIKE * len(words):
            return True
    return False


_READS_LIKE = 0.8  # share of a heading's words found in a title's headline part


def _named_heading(page: Page, named: Iterable[str], site_name: str | None) -> Any:
    """The visible element, whatever its tag, whose whole text is a metadata title or a piece of
    one (`title_pieces`, the site's name excluded): the longest such text, then a heading
    (`h1`-`h6`) before an element whose class says title/headline, then the first in the page.
    Links whose text is the title (navigation, teasers, share widgets) do not count."""
    site = clean_text(site_name) if site_name else None
    targets = {
        piece
        for title in named
        for piece in title_pieces(title)
        if len(piece) >= _MIN_HEADLINE and piece != site
    }
    if not targets:
        return None
    body = next(iter(page.tree.iter("body")), page.tree)
    found: dict[int, tuple[Any, str]] = {}
    for el in body.iter():
        own = clean_text(el.text) if isinstance(el.tag, str) else ""
        if not own or not any(t.startswith(own) for t in targets):
            continue
        # Climb to the outermost element with this same text: `<h2><a>A</a></h2>` is the h2.
        top, text = None, clean_text(el.text_content())
        node = el
        while node is not None and node.tag != "body":
            node_text = clean_text(node.text_content())
            if node_text != text:
                break
            top, node = node, node.getparent()
        if top is None or text not in targets or id(top) in found:
            continue
        found[id(top)] = (top, text)
    ranked = []
    for order, (el, text) in enumerate(found.values()):
        if page.in_furniture(el) or any(is_hidden(a) for a in el.iterancestors()):
            continue
        if text_of(el, glue=False) != text:
            continue  # hidden itself or in part (`text_of` reads visible text only)
        if el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()):
            continue
        if el.tag not in _HEADINGS and any(
            clean_text(a.text_content()) == text for a in el.iter("a")
        ):
            continue
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        rank = 0 if el.tag in _HEADINGS else 1 if _TITLE_CLASS.search(ident) else 2
        ranked.append((-len(text), rank, order, el))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _headline(page: Page) -> tuple[str, Any]:
    """The headline as printed: the profile's element; else an `h1` that the page's metadata
    (JSON-LD `headline`, `og:title`, `twitter:title`, `<title>`) names too, a site logo in an
    `h1` never does; else the visible element, whatever its tag, whose text is one of those
    titles or a piece of one with the site's name cut off (`_named_heading`: pages whose `h1` is
    the logo or empty); else the metadata in that order (site name cut off), then the first
    `h1`."""
    text, el = _first_text(page, page.profile.headline)
    if text:
        return text, el
    site_name = page.meta("og:site_name")
    site = clean_text(site_name) if site_name else None
    # A logo `h1` (the site's name) is never the headline.
    h1s = [
        h
        for h in page.tree.iter("h1")
        if text_of(h) and text_of(h) != site and not page.in_furniture(h)
    ]
    named = [
        clean_text(x)
        for x in (
            _ld_text(page.ld.get("headline")),
            page.meta("og:title"),
            page.meta("twitter:title"),
            page.head.title,
        )
        if x
    ]
    for h in h1s:
        if len(text_of(h)) >= _MIN_HEADLINE and any(text_of(h) in x for x in named):
            return text_of(h), h
    heading = None
    if not any(_reads_like(text_of(h), named) for h in h1s):
        heading = _named_heading(page, named, site_name)
    if heading is not None:
        return text_of(heading, glue=False), heading
    h1 = h1s[0] if h1s else None
    for candidate in (
        _ld_text(page.ld.get("headline")),
        strip_site_suffix(page.meta("og:title", "twitter:title"), site_name),
        text_of(h1),
        strip_site_suffix(page.head.title, site_name),
    ):
        if candidate:
            return candidate, h1 if h1 is not None and text_of(h1) == candidate else None
    raise ParseError("no_headline", page.url)


def _subheadline(page: Page, headline: str, body: list[Any]) -> tuple[str | None, Any]:
    """The standfirst: the profile's element, JSON-LD `alternativeHeadline`, or a subtitle-like
    element between the headline and the first body paragraph."""
    text, el = _first_text(page, page.profile.subheadline)
    if not text and not page.profile.subheadline:
        text = _ld_text(page.ld.get("alternativeHeadline")) or ""
        if not text:
            first_body = next(
                (
                    q
                    for q in page.region.iter("p")
                    if len(text_of(q, glue=False)) >= _LONG_PARAGRAPH and not page.in_furniture(q)
                ),
                None,
            )
            order = {id(x): i for i, x in enumerate(page.tree.iter())}
            limit = order.get(id(first_body), len(order)) if first_body is not None else len(order)
            for candidate in page.region.xpath(_SUBHEADLINE):
                if page.in_furniture(candidate) or any(_inside(candidate, b) for b in body):
                    continue
                if order.get(id(candidate), len(order)) >= limit:
                    continue
                text, el = text_of(candidate), candidate
                if text and len(text) <= 300:
                    break
                text, el = "", None
    if not text or text == headline:
        return None, None
    return text, el


def _is_ui(line: str) -> bool:
    return bool(_UI_TEXT.match(line) or _READ_ALSO.match(line))


def _profile_paragraphs(page: Page) -> tuple[list[str], list[Any]]:
    for xpath in page.profile.body:
        elements = [el for el in page.select((xpath,)) if not page.in_furniture(el)]
        lines = [line for el in elements for line in text_lines(el)]
        if lines:
            return lines, elements
    return [], []


def _prune(page: Page) -> Any:
    """The page's tree without furniture and related blocks (trafilatura keeps teasers), pruned
    in place: the last step of a parse, once every other field has been read."""
    doomed = [*page.furniture, *page.related_blocks()]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return page.tree


def _trafilatura_paragraphs(page: Page, *, fast: bool = True) -> list[str]:
    """trafilatura's reading of the pruned tree; `fast` skips its own fallback extractors
    (readability, jusText), which run only when its fast reading and the densest block disagree
    (`_disjoint`)."""
    try:
        doc = trafilatura.bare_extraction(
            _prune(page),
            url=page.url or None,
            favor_precision=False,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=False,
            deduplicate=False,
            fast=fast,
        )
    except Exception:  # a fallback must never take the page down
        return []
    body = getattr(doc, "body", None)
    if body is None:
        return []
    out: list[str] = []
    # Paragraphs, headings and lists at any depth (its fallback extractors wrap them in `div`s),
    # the outermost only.
    units = ("p", "head", "list")
    for el in body.iter(*units):
        if any(a.tag in units for a in el.iterancestors()):
            continue
        if el.tag == "p":
            out.extend(_lb_lines(el))
        elif el.tag == "head":
            out.append(clean_text("".join(el.itertext())))
        elif el.tag == "list":
            out.extend(clean_text("".join(item.itertext())) for item in el.iter("item"))
    return [line for line in out if line]


def _lb_lines(el: Any) -> list[str]:
    """A trafilatura `<p>` split at its `<lb/>` line breaks."""
    lines: list[str] = []
    buf: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            lines.append(clean_text("".join(buf)))
            buf = []
        else:
            buf.append("".join(child.itertext()))
        buf.append(child.tail or "")
    lines.append(clean_text("".join(buf)))
    return [line for line in lines if line]


_ARTICLE_TEXT = 500  # characters of paragraph text under one element: an article's body
_LONG_PARAGRAPH = 80  # characters: a body paragraph rather than a label or a standfirst
_LINKY = 0.5  # a block whose text is more than half link text is navigation or teasers
_PARAGRAPH_TAGS = frozenset({"p", "div", "section", "blockquote", "h2", "h3", "h4", "pre"})


def _densest(page: Page) -> tuple[Any, int]:
    """The element whose paragraph children (`_paragraph_children`) and own text runs hold the
    most text, and that many characters (link text of the children not counted)."""
    if page.densest is None:
        page.densest = _find_densest(page)
    return page.densest


def _own_text(el: Any) -> int:
    """Characters of an element's visible text outside links."""
    total = len(el.text_content())
    links = sum(len(a.text_content()) for a in el.iter("a"))
    return total - links


def _is_leaf_block(el: Any) -> bool:
    """A block with no block element inside: one paragraph, whatever its tag (`p`, `div` …)."""
    return not any(isinstance(d.tag, str) and d.tag in _BLOCK for d in el.iterdescendants())


def _paragraph_children(el: Any) -> list[Any]:
    """The children of `el` that read as paragraphs: `<p>`, or a leaf `div`/`section`/… whose
    text is mostly not links (pages that write paragraphs as `div`s)."""
    out = []
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag not in _PARAGRAPH_TAGS or is_hidden(child):
            continue
        if tag != "p" and not _is_leaf_block(child):
            continue
        text = len(child.text_content())
        if text and _own_text(child) > text * (1 - _LINKY):
            out.append(child)
    return out


def _direct_text(el: Any) -> int:
    """Characters of text directly inside `el` (its text and its children's tails): a body written
    as text runs between `<br>`s."""
    return len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)


def _block_length(el: Any) -> int:
    return sum(_own_text(q) for q in _paragraph_children(el)) + _direct_text(el)


def _find_densest(page: Page) -> tuple[Any, int]:
    best: Any = None
    best_len = 0
    seen: dict[int, Any] = {}  # the elements themselves: lxml reuses a dropped proxy's id()
    for leaf in page.tree.iter(*_PARAGRAPH_TAGS, "br"):
        parent = leaf.getparent()
        if parent is None or id(parent) in seen:
            continue
        seen[id(parent)] = parent
        if page.in_furniture(parent) or is_hidden(parent):
            continue
        length = _block_length(parent)
        if length > best_len:
            best, best_len = parent, length
    return best, best_len


def _densest_paragraphs(page: Page) -> list[str]:
    """The densest block's paragraphs; where its own text runs between `<br>`s, its lines without
    the blocks inside it that are not paragraphs (figures, ads, embeds)."""
    best, _ = _densest(page)
    if best is None:
        return []
    paragraphs = _paragraph_children(best)
    if not _direct_text(best):
        return [line for q in paragraphs for line in text_lines(q)]
    kept = {id(q) for q in paragraphs}
    others = [c for c in best if isinstance(c.tag, str) and c.tag in _BLOCK and id(c) not in kept]
    return text_lines(best, skip=frozenset(id(c) for c in others))


def _ld_body(page: Page) -> list[str]:
    """JSON-LD `articleBody` split at its line breaks (one blob when it has none)."""
    value = page.ld.get("articleBody")
    if not isinstance(value, str):
        return []
    return [line for line in (clean_text(x) for x in re.split(r"\n\s*", value)) if line]


# ---- choosing the body among candidate readings

_SHINGLE_WORD = re.compile(r"\w+")
_COVERED = 0.8  # share of a reading's 4-word shingles found in another: the other holds it
_FULLER = 1.25  # a reading this many times longer that holds the chosen one replaces it


@dataclass(frozen=True)
class Reading:
    """One reading of the article's body: where it came from and its paragraphs (kept lines)."""

    source: str  # profile, trafilatura, block, json-ld
    lines: tuple[str, ...]

    @property
    def chars(self) -> int:
        return sum(len(line) for line in self.lines)

    def shingles(self) -> set[tuple[str, ...]]:
        words = _SHINGLE_WORD.findall(" ".join(self.lines).lower())
        if len(words) < 4:
            return {tuple(words)} if words else set()
        return set(zip(words, words[1:], words[2:], words[3:], strict=False))

    def covered_by(self, other: Reading) -> float:
        """The share of this reading's shingles that `other` also holds."""
        mine = self.shingles()
        return len(mine & other.shingles()) / len(mine) if mine else 0.0

    def describe(self) -> str:
        return f"{self.source} {self.chars} chars in {len(self.lines)} paragraphs"


def _prose_share(lines: Iterable[str]) -> float:
    """The share of the text in lines long enough to be prose (`_LONG_PARAGRAPH` characters):
    body text is mostly prose, menus, teasers and share buttons are short lines."""
    lengths = [len(line) for line in lines]
    total = sum(lengths)
    return sum(n for n in lengths if n >= _LONG_PARAGRAPH) / total if total else 0.0


_PROSE = 0.5  # the text a fuller reading adds must be mostly prose to be body
_LINKED = 0.4  # text that is this much link text is menus and teasers, not body


def choose_body(
    readings: Iterable[Reading], linked_share: Callable[[list[str]], float] | None = None
) -> tuple[Reading | None, str]:
    """The body among readings of one page, and the evidence for the choice, in words.

    Readings come in order of exactness (an outlet's selectors, trafilatura, the densest block
    of paragraphs, JSON-LD `articleBody`). The first non-empty one is taken; then each later
    reading that holds the taken one (`_COVERED` of its shingles), is `_FULLER` times longer
    and adds mostly prose (`_PROSE`) replaces it: the taken one was cut short (a selector
    matching part of the article, a reading missing `div` paragraphs). JSON-LD `articleBody` is
    a reading like the others, so it is taken only when the page's own text is shorter and
    inside it (a page rendered by script): a summary in `articleBody` never stands for a page
    that holds the full text.
    """

    def linky(lines: list[str]) -> bool:
        return linked_share is not None and linked_share(lines) >= _LINKED

    found = [r for r in readings if r.lines]
    if not found:
        return None, "no reading has any text"
    chosen = found[0]
    why = f"{chosen.describe()}"
    for other in found[1:]:
        if other.chars >= _FULLER * chosen.chars and chosen.covered_by(other) >= _COVERED:
            added = [line for line in other.lines if line not in set(chosen.lines)]
            if _prose_share(added) >= _PROSE and not linky(added):
                why = f"{other.describe()}, holding the shorter {chosen.describe()}"
                chosen = other
        elif other.chars < chosen.chars and other.covered_by(chosen) >= _COVERED:
            added = [line for line in chosen.lines if line not in set(other.lines)]
            if linky(added):
                why = f"{other.describe()}, inside {chosen.describe()} with link text around"
                chosen = other
    return chosen, why


def _disjoint(first: Reading, second: Reading) -> bool:
    """Whether two readings of one page are mostly different text (each holds under half of the
    other): one read another story, or the body is split across containers."""
    return first.covered_by(second) < 0.5 and second.covered_by(first) < 0.5


_GLUE = " -|–—:،,"


def _unglue(line: str, parts: Iterable[str]) -> str:
    """The line without the headline, byline or date lines glued to its start or end (how a
    header reads when its elements are inline): `Headline 28 November 2024 The text…`."""
    parts = sorted((x for x in parts if x), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for part in parts:
            if line.startswith(part) and len(line) > len(part):
                line, changed = line[len(part) :].lstrip(_GLUE), True
            if line.endswith(part) and len(line) > len(part):
                line, changed = line[: -len(part)].rstrip(_GLUE), True
    return line


def _keep_paragraph(
    line: str, headline: str, exclude: set[str], drop: re.Pattern[str] | None
) -> bool:
    if line in exclude or _is_ui(line):
        return False
    if headline in line and len(line) <= len(headline) + 30:
        return False  # a kicker glued to the headline, as trafilatura reads a header
    found = [x for x in exclude if x and x in line]
    if found:
        rest = line
        for x in found:
            rest = rest.replace(x, " ")
        if len(_SHINGLE_WORD.findall(rest)) < 3 or len(rest) < len(line) / 2:
            return False  # the headline, byline, date or caption glued into one line
    if drop is not None and drop.search(line):
        return False
    return not (len(line) <= _MAX_DATE_LINE and DATE_PATTERN.fullmatch(line))


_DATEISH = (
    ".//time | .//*[contains(@class,'date') or contains(@class,'time') or "
    "contains(@class,'publish') or contains(@class,'posted') or contains(@class,'meta') or "
    "contains(@id,'date')]"
)
# Figures and captions (a photo's date), quoted and embedded posts (a tweet's date) hold no date
# line of the article.
_NOT_DATE_LINE = "ancestor-or-self::figure | ancestor::figcaption | ancestor-or-self::blockquote"
# An `itemprop` naming the modification time (`dateModified`).
_UPDATED_MARK = re.compile(r"modified|updated", re.I)
_DATE_LABEL_MAX = 30  # characters: a label such as `Mis à jour` before a date in one line
_REGION_LINES = 40  # lines of the article read for an unmarked date line, from its top


def _article_scope(page: Page, headline_el: Any) -> Any:
    """The article's own container: the smallest element holding both the headline and the body
    (the densest block), or the `article`/`main` around it; else the region. A date line outside
    it (a masthead's "today", a sidebar) is not the article's."""
    body, _ = _densest(page)
    if headline_el is None or body is None:
        return page.region
    around = {id(a): a for a in (headline_el, *headline_el.iterancestors())}
    node = body
    while node is not None and id(node) not in around:
        node = node.getparent()
    if node is None:
        return page.region
    # An `article`/`main` around both is the page's own word for the article's container.
    region = page.region
    declared = region.tag in ("article", "main") or region.get("role") == "main"
    return region if declared and _inside(node, region) else node


def _dated_elements(
    page: Page, root: Any, exclude: frozenset[int], outside: Any = None
) -> list[Any]:
    """The innermost date-ish elements under `root` (not under `outside`) with a date in their
    visible text: `span.date`, not the whole `p.post-meta` line around it. Never a figure or its
    caption (they often carry the photo's date), furniture, comments or an excluded element."""
    excluded = [el for el in root.iter() if id(el) in exclude]
    dated = [
        el
        for el in root.xpath(_DATEISH)
        if not page.in_furniture(el)
        and not page.in_comments(el)
        and (outside is None or not _inside(el, outside))
        and not el.xpath(_NOT_DATE_LINE)
        and not any(_inside(el, x) for x in excluded)
        and DATE_PATTERN.search(" ".join(text_lines(el, glue=True, skip=exclude)))
    ]
    return [el for el in dated if not any(o is not el and _inside(o, el) for o in dated)]


def _labelled_lines(el: Any, exclude: frozenset[int]) -> list[str]:
    """The element's visible lines, a one-line date given the update label printed just before
    it in its block (`<li>Mis à jour <time>le 06/04/2013</time></li>`)."""
    lines = text_lines(el, glue=True, skip=exclude)
    if len(lines) != 1 or el.tag in _BLOCK:
        return lines
    block = el.getparent()
    while block is not None and block.tag not in _BLOCK:
        block = block.getparent()
    if block is None:
        return lines
    for line in text_lines(block, glue=True, skip=exclude):
        at = line.find(lines[0])
        label = line[:at].strip(" :-|") if at > 0 else ""
        if label and len(label) <= _DATE_LABEL_MAX and _UPDATED_LABEL.search(label):
            return [f"{label} {lines[0]}"]
    return lines


def _is_update(el: Any, exclude: frozenset[int]) -> bool:
    """Whether a date element is the modification time: marked so in schema.org terms on itself
    or the inline elements and block around it (`itemprop="dateModified"`), or labelled so in
    its line (`Updated`, `Mis à jour`, `آخر تحديث`). A class name alone (`byline modified`) is
    not enough: some pages print their only date line in such an element."""
    node = el
    while node is not None:
        if _UPDATED_MARK.search(node.get("itemprop") or ""):
            return True
        if node.tag in _BLOCK:
            break
        node = node.getparent()
    return any(_UPDATED_LABEL.search(line) for line in _labelled_lines(el, exclude))


def _lines_of_dated(elements: list[Any], exclude: frozenset[int]) -> str | None:
    """`date_text` from date-ish elements: one marked as the modification time is the update."""
    published: list[str] = []
    updated: list[str] = []
    for el in elements:
        (updated if _is_update(el, exclude) else published).extend(_labelled_lines(el, exclude))
    pub, upd = date_lines(published)
    if updated:
        marked_pub, marked_upd = date_lines(updated)
        upd = upd or marked_upd or marked_pub
    return join_date_text(pub, upd)


def _date_text(
    page: Page, exclude: frozenset[int], headline_el: Any = None, machine_date: bool = False
) -> str | None:
    """The visible date line(s): the profile's elements; else, inside the article's container
    (`_article_scope`), its date-ish elements, then its first lines. Elsewhere on the page (a
    masthead's date, a line far from the headline and body) only when the page declares no
    machine date of publication. Comment sections are never read (`_comment_blocks`)."""
    if page.profile.date:
        lines = [ln for el in page.select(page.profile.date) for ln in text_lines(el, glue=True)]
        found = join_date_text(*date_lines(lines))
        if found:
            return found
    scope = _article_scope(page, headline_el)
    found = _lines_of_dated(_dated_elements(page, scope, exclude), exclude)
    if found:
        return found
    # The elements stay referenced while their id()s are in use: lxml reuses a dropped proxy's id.
    figures = page.tree.xpath("//figure | //figcaption | //blockquote")
    skip = exclude | frozenset(id(f) for f in (*figures, *page.furniture, *page.comments()))
    found = join_date_text(*date_lines(text_lines(scope, glue=True, skip=skip)[:_REGION_LINES]))
    if found or machine_date:
        return found
    if scope is not page.region and _inside(scope, page.region):
        found = _lines_of_dated(_dated_elements(page, page.region, exclude, scope), exclude)
        found = found or join_date_text(
            *date_lines(text_lines(page.region, glue=True, skip=skip)[:_REGION_LINES])
        )
        if found:
            return found
    candidates = []
    for el in page.tree.xpath(_DATEISH):
        if page.in_furniture(el) or page.in_comments(el) or _inside(el, page.region):
            continue
        if _inside(page.region, el) or el.xpath("ancestor-or-self::figure | ancestor::figcaption"):
            continue
        candidates.extend(text_lines(el, glue=True))
    return join_date_text(*date_lines(candidates))


def _time_attrs(page: Page) -> tuple[str | None, str | None]:
    """(published, updated) from the region's `<time datetime>`s, comments' never."""
    published: str | None = None
    updated: str | None = None
    for el in page.region.iter("time"):
        value = iso_date(el.get("datetime"))
        if not value or page.in_furniture(el) or page.in_comments(el):
            continue
        marks = f"{el.get('class') or ''} {el.get('itemprop') or ''} {text_of(el)}"
        if re.search(r"updated|modified", marks, re.I) or _UPDATED_LABEL.search(text_of(el)):
            updated = updated or value
        else:
            published = published or value
    return published, updated


def _machine_dates(page: Page) -> tuple[str | None, str | None]:
    published = iso_date(_ld_text(page.ld.get("datePublished")) or page.ld.get("dateCreated"))
    updated = iso_date(_ld_text(page.ld.get("dateModified")))
    published = published or iso_date(
        page.meta(
            "article:published_time", "og:published_time", "datepublished", "date",
            "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "pubdate",
            "publishdate", "publish-date", "publish_date", "sailthru.date", "parsely-pub-date",
            "og:time", "apub:time", "pubtime", "publishtime", "publish_time", "article:published",
        )
    )  # fmt: skip
    updated = updated or iso_date(
        page.meta(
            "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
            "dcterms.modified", "last-modified", "lastmod",
        )
    )  # fmt: skip
    if published is None or updated is None:
        time_published, time_updated = _time_attrs(page)
        published = published or time_published
        updated = updated or time_updated
    return published, updated


def split_byline(byline: str) -> tuple[str | None, str | None]:
    """(author, dateline) from `NAME (CITY)`, `CITY: NAME`, `CITY - NAME`, `بقلم: NAME`."""
    label = _BYLINE_LABEL.match(byline)
    if label and label.end() < len(byline):
        return clean_text(byline[label.end() :]) or None, None
    for pattern in (_BYLINE_PAREN, _BYLINE_CITY_FIRST):
        m = pattern.match(byline)
        if m:
            return clean_text(m.group("author")), clean_text(m.group("city"))
    return byline or None, None


def _byline(page: Page, body_elements: list[Any]) -> tuple[str | None, Any]:
    if page.profile.byline:
        for el in page.select(page.profile.byline):
            text = text_of(el)
            if text:
                return text, el
    for el in page.region.xpath(_AUTHORISH):
        if el.tag == "meta" or page.in_furniture(el) or el.xpath("ancestor::figure"):
            continue
        if any(_inside(el, b) or _inside(b, el) for b in body_elements):
            continue
        text = text_of(el)
        if text and len(text) <= 80 and not DATE_PATTERN.search(text) and not _is_ui(text):
            return text, el
    return None, None


def _author(page: Page, byline_author: str | None) -> str | None:
    if page.profile.byline and byline_author:
        return byline_author
    author = page.ld.get("author")
    if isinstance(author, list):
        author = [_ld_resolve(page.head, a) for a in author]
    from_meta = _ld_text(_ld_resolve(page.head, author)) or page.meta(
        "author", "article:author", "byl"
    )
    if from_meta and re.match(r"^https?://", from_meta):
        from_meta = None
    return from_meta or byline_author


def _crumbs(page: Page, xpaths: Iterable[str], headline: str) -> list[str]:
    items = [text_of(el) for el in page.select(xpaths)]
    return [
        item
        for item in _dedupe(items)
        if item and item not in _HOME_CRUMBS and item != headline and item not in _CRUMB_SEPARATORS
    ]


def _ld_breadcrumb(page: Page) -> list[str]:
    for obj in page.head.jsonld:
        kinds = obj.get("@type")
        if "BreadcrumbList" not in (kinds if isinstance(kinds, list) else [kinds]):
            continue
        items = obj.get("itemListElement")
        if not isinstance(items, list):
            continue
        names = [
            _ld_text(e.get("name")) or _ld_text(e.get("item")) for e in items if isinstance(e, dict)
        ]
        return [n for n in names if n and n not in _HOME_CRUMBS]
    return []


def _sections(page: Page, headline: str) -> tuple[str | None, str | None]:
    if page.profile.section:
        items = _crumbs(page, page.profile.section, headline)
        if items:
            return items[0], items[1] if len(items) > 1 else None
    ld_section = page.ld.get("articleSection")
    if isinstance(ld_section, list):
        names = [n for n in (_ld_text(v) for v in ld_section) if n]
        if names:
            return names[0], names[1] if len(names) > 1 else None
    section = _ld_text(ld_section) or page.meta("article:section")
    crumbs = _crumbs(page, ("//*[contains(@class,'breadcrumb')]//li",), headline) or [
        c for c in _ld_breadcrumb(page) if c != headline
    ]
    if section:
        after = crumbs[crumbs.index(section) + 1 :] if section in crumbs else []
        return clean_text(section), after[0] if after else None
    if crumbs:
        return crumbs[0], crumbs[1] if len(crumbs) > 1 else None
    return None, None


def _tags(page: Page) -> list[str]:
    if page.profile.tags:
        tags = _dedupe(t for t in (text_of(el) for el in page.select(page.profile.tags)) if t)
        if tags:
            return tags
    tags = _keywords(page.ld.get("keywords")) or page.meta_all("article:tag")
    if not tags:
        tags = _keywords(page.meta("news_keywords", "keywords"))
    if not tags:
        tags = [text_of(a) for a in page.region.xpath(".//a[contains(@rel,'tag')]")]
    if not tags:
        links = page.tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
        tags = [text_of(a) for a in links if not page.in_furniture(a)]
    return _dedupe(t for t in (clean_text(t) for t in tags) if t)


def _article_type(page: Page, labels: Iterable[str]) -> str:
    text = " ".join(labels)
    if "OpinionNewsArticle" in page.ld_types or re.search(r"رأي|آراء|الرأي|مقالات الرأي", text):
        return "opinion"
    if page.ld_types & {"AnalysisNewsArticle", "BackgroundNewsArticle"} or "تحليل" in text:
        return "analysis"
    if re.search(r"حوار|مقابلة", text):
        return "interview"
    return "news"


def _image_src(img: Any, base: str) -> str | None:
    for name in ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset"):
        value = (img.get(name) or "").strip()
        if name.endswith("srcset") and value:
            value = value.split(",")[0].strip().split(" ")[0]
        if value and not value.startswith("data:") and "placeholder" not in value.lower():
            return join_url(base, value)
    return None


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """(caption, credit) from a caption ending with a parenthesised credit: `… (رويترز)`."""
    m = _CREDIT.match(caption)
    if m:
        credit = clean_text(m.group("credit"))
        if credit not in _NOT_CREDIT and any(ch.isalpha() for ch in credit):
            return clean_text(m.group("caption")) or None, credit
    return caption or None, None


@dataclass
class _Media:
    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    lines: set[str] = field(default_factory=set)
    elements: list[Any] = field(default_factory=list)


def _media(page: Page, headline: str) -> _Media:
    """Lead image, caption and credit: the profile's elements, else JSON-LD/OpenGraph and the
    first figure of the article (its `figcaption`, credit elements, a trailing `(credit)`)."""
    out = _Media()
    base = page.url or page.profile.origin or ""
    profile = page.profile
    img = next((el for el in page.select(profile.image) if _image_src(el, base)), None)
    figure: Any = None
    if img is not None:
        out.url = _image_src(img, base)
        figure = next(iter(img.xpath("ancestor::figure[1]")), None)
    else:
        figure = next((f for f in page.region.xpath(".//figure") if not page.in_furniture(f)), None)
        ld_image = _ld_resolve(page.head, page.ld.get("image"))
        out.url = _ld_url(ld_image) or page.meta("og:image", "twitter:image")
        if out.url:
            out.url = join_url(base, out.url)
        else:
            first = _first_image(page, figure)
            out.url = _image_src(first, base) if first is not None else None
    caption_lines = _lines_of_first(page, profile.caption, out)
    credit_lines = _lines_of_first(page, profile.credit, out)
    if figure is not None and not caption_lines:
        credit_els = figure.xpath(".//*[contains(@class,'credit') or contains(@class,'copyright')]")
        skip = frozenset(id(c) for c in credit_els)
        for cap in figure.iter("figcaption"):
            caption_lines = text_lines(cap, skip=skip)
            if caption_lines:
                out.elements.append(cap)
                break
        if not credit_lines:
            credit_lines = [ln for c in credit_els for ln in text_lines(c)]
            out.elements.extend(credit_els)
    caption_lines = [ln for ln in _dedupe(caption_lines) if ln != headline]
    if caption_lines:
        out.caption, out.credit = split_credit(" ".join(caption_lines))
    if credit_lines:
        credit = _CREDIT_LABEL.sub("", " ".join(_dedupe(credit_lines))).strip("() ")
        out.credit = out.credit or (clean_text(credit) or None)
    if out.caption is None:
        ld_image = _ld_resolve(page.head, page.ld.get("image"))
        if isinstance(ld_image, dict):
            out.caption = _ld_text(ld_image.get("caption"))
    out.lines = {x for x in (*caption_lines, *credit_lines, out.caption) if x}
    return out


def _first_image(page: Page, figure: Any) -> Any:
    """The figure's image, else the region's first image before the first body paragraph."""
    if figure is not None:
        return next(iter(figure.iter("img")), None)
    for el in page.region.iter("img", "p"):
        if page.in_furniture(el):
            continue
        if el.tag == "p" and len(text_of(el, glue=False)) >= _LONG_PARAGRAPH:
            return None
        if el.tag == "img" and _image_src(el, page.url or ""):
            return el
    return None


def _lines_of_first(page: Page, xpaths: tuple[str, ...], media: _Media) -> list[str]:
    for el in page.select(xpaths):
        lines = text_lines(el)
        if lines:
            media.elements.append(el)
            return lines
    return []


def _related_ids(page: Page) -> list[str]:
    base = page.url or page.profile.origin or ""
    hrefs: list[str] = []
    if page.profile.related:
        hrefs = [el.get("href") or "" for el in page.select(page.profile.related)]
    else:
        for block in page.related_blocks():
            hrefs.extend(a.get("href") or "" for a in block.iter("a"))
    host = host_of(base)
    ids: list[str] = []
    for href in hrefs:
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = join_url(base, href)
        if target is None:
            continue
        if page.profile.article_id is not None:
            rid = page.profile.article_id(target)
        elif host_of(target) == host and numeric_id(target):
            rid = article_id(target, page.site)
        else:
            rid = None
        if rid and rid != page.article_id:
            ids.append(rid)
    return _dedupe(ids)


def _related_blocks(page: Page) -> list[Any]:
    """Blocks of related links: a `related` class, or the parent of a `ذات صلة` heading."""
    # A block never holds the page's h1 or its densest paragraphs (a heading's parent may be
    # the article itself).
    h1 = next(iter(page.tree.iter("h1")), None)
    keep_out = [el for el in (h1, _densest(page)[0]) if el is not None]
    out: list[Any] = []
    for el in page.tree.iter():
        if not isinstance(el.tag, str):
            continue
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        block = None
        if re.search(r"related|read-?also|more-on", ident, re.I) and not re.search(
            r"most-?read|popular|trending", ident, re.I
        ):
            block = el
        elif el.tag in ("h2", "h3", "h4", "span", "div") and len(el) == 0:
            text = clean_text(el.text)
            if text and _RELATED_HEADINGS.match(text) and not re.search(r"الأكثر|الاكثر", text):
                block = el.getparent()
        if block is not None and not any(_inside(k, block) for k in keep_out):
            out.append(block)
    return [b for b in out if not any(b is not o and _inside(b, o) for o in out)]


_COMMENT_MARK = re.compile(
    r"comment(?!ary)|(?<![a-z])(?:repl(?:y|ies)|respond|disqus)(?![a-z])", re.I
)
_COMMENT_ITEM = re.compile(r"schema\.org/(?:Comment|UserComments)\b|^comments?$", re.I)
_COMMENT_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:comments?|commentaires?|réactions?|comentarios?|kommentare?|"
    r"(?:ال)?تعليقات|تعليق)(?:\s*\(\d+\))?$",
    re.I,
)


def _comment_blocks(page: Page) -> list[Any]:
    """Comment sections: elements whose class or id say comment/reply/respond (`disqus` too),
    schema.org `Comment` items, and the parent of a `Comments`/`التعليقات`/`12 réactions`
    heading. Never one holding the `h1`, nor one holding the densest block unless that block
    sits in a smaller comment element inside it (a long comment): a wrapper such as
    `<div class="has-comments">` around the article is not a comment. Their dates are readers',
    not the article's."""
    h1 = next(iter(page.tree.iter("h1")), None)
    densest = _densest(page)[0]
    marked: list[Any] = []
    for el in page.tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        item = f"{el.get('itemtype') or ''} {el.get('itemprop') or ''}".strip()
        if _COMMENT_MARK.search(ident) or (item and _COMMENT_ITEM.search(item)):
            marked.append(el)
        elif el.tag in ("h2", "h3", "h4") and _COMMENT_HEADING.match(text_of(el, glue=False)):
            marked.append(el.getparent())

    def wraps_article(block: Any) -> bool:
        if h1 is not None and _inside(h1, block):
            return True
        if densest is None or not _inside(densest, block):
            return False
        return not any(o is not block and _inside(o, block) and _inside(densest, o) for o in marked)

    out = [b for b in marked if b is not None and not wraps_article(b)]
    return [b for b in out if not any(b is not o and _inside(b, o) for o in out)]


# --------------------------------------------------------------------------- entry points


def parse_with(html: str, url: str, profile: Profile = GENERIC) -> dict[str, Any]:
    """Parse one page with an outlet's selectors first and the generic rules as fallback."""
    page = load_page(html, url, profile)
    profile_lines, body_elements = _profile_paragraphs(page)
    listing = None if profile_lines else listing_evidence(page)
    if listing:
        raise ParseError("not_article", f"listing page: {listing}")
    headline, headline_el = _headline(page)
    subheadline, subheadline_el = _subheadline(page, headline, body_elements)
    media = _media(page, headline)
    byline, byline_el = _byline(page, body_elements)
    byline_author, dateline = split_byline(byline) if byline else (None, None)
    author = _author(page, byline_author)

    skip = frozenset(
        id(el)
        for el in (headline_el, subheadline_el, byline_el, *media.elements, *body_elements)
        if el is not None
    )
    published_meta, updated_meta = _machine_dates(page)
    date_text = _date_text(page, skip, headline_el, published_meta is not None)
    exclude = {headline, *(x for x in (subheadline, byline) if x), *media.lines}
    exclude |= set((date_text or "").split("\n"))

    def kept(source: str, lines: list[str]) -> Reading:
        lines = [_unglue(ln, (headline, *exclude)) for ln in lines]
        keep = [ln for ln in lines if _keep_paragraph(ln, headline, exclude, profile.drop)]
        return Reading(source, tuple(keep))

    section, subsection = _sections(page, headline)
    tags, related_ids = _tags(page), _related_ids(page)

    # The body last: trafilatura reads the tree pruned in place. It (the costly reading) is
    # skipped when the outlet's selectors found a body and the densest block holds no more.
    block = kept("block", _densest_paragraphs(page))
    readings = [kept("profile", profile_lines)] if profile_lines else []
    if not readings or block.chars >= _FULLER * readings[0].chars:
        fast = kept("trafilatura", _trafilatura_paragraphs(page))
        if _disjoint(fast, block):
            fast = kept("trafilatura", _trafilatura_paragraphs(page, fast=False))
        readings.append(fast)
    readings += [block, kept("json-ld", _ld_body(page))]
    body, why = choose_body(readings, page.linked_share)
    if body is None:
        raise ParseError("no_body", f"no text block in {page.url or 'the page'}: {why}")
    paragraphs = list(body.lines)

    canonical = page.canonical_src or page.url
    to_canonical = profile.canonical_url or canonical_url
    return {
        "url": page.url or None,
        "article_id": page.article_id,
        "site": page.site,
        "canonical_url": to_canonical(canonical) if canonical else None,
        "layout": LAYOUT,
        "article_type": _article_type(page, [x for x in (section, subsection) if x]),
        "section": section,
        "subsection": subsection,
        "headline": headline,
        "subheadline": subheadline,
        "byline": byline,
        "author": author,
        "dateline": dateline,
        "date_text": date_text,
        "published_meta": published_meta,
        "updated_meta": updated_meta,
        "paragraphs": paragraphs,
        "lead_image_url": media.url,
        "image_caption": media.caption,
        "image_credit": media.credit,
        "tags": tags,
        "related_ids": related_ids,
        "parser_version": profile.parser_version,
    }


def parse_article(html: str, url: str) -> dict[str, Any]:
    """Parse any news page into a `ParsedArticleModel` record (see the module docstring)."""
    return parse_with(html, url, GENERIC)
