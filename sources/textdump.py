"""Text dumps of aawsat.com article pages (what a browser's "select all, copy" gives) → records.

Contract: `read_text_dump(path)` reads one file (the only I/O here) and `parse_text_dump(text)`
splits the text into `DumpPart`s in file order. A part is either an article record shaped like
`schemas.parsed.ParsedArticleModel` (layout `text-dump`, no `fetched_at`: the caller knows when
the text was captured), or a rejected part with its reason and the evidence: `not_article` (no
page starts in it: a bare list of links, a listing page) or `no_body` (a headline and no
paragraph). Page chrome recognised as such (the navigation before a page, with its skip link or
home crumb; the most-read, newsletter and footer blocks after it) is dropped, as the HTML parser
drops it; every other line is in an article (its text, metadata, related cards, tags) or in a
rejected part.

The format, as rendered (`../shared/research/aawsat-site.md`, the seed
`aawsat_syria_pages.txt`); blank lines carry no meaning and line ends may be `\\r\\n`:

* a page starts at its headline: the headline, the font-size control `TT` (or `T` and `T` on
  two lines, or nothing), the headline again; a subheadline may sit between the first headline
  and `TT`. A page without the repeat (the legacy layout) starts at a title line next to its
  date line (`الأربعاء - 25 جمادى الأولى 1443 هـ - 29 ديسمبر 2021 مـ …`, `نُشر: …`);
* before the headline, from a full-page copy: the breadcrumb (`الرئيسية`, `›`, section,
  subsection), a genre label (`تحليل إخباري`, `حوار`), the byline (`درعا: رياض الزين`, `NAME
  (CITY)`, `بقلم: NAME`) and the date lines; after the headline: the byline, the lead picture's
  caption (twice, or once, ending with the agency credit in parentheses: `(أ.ب)`), a standfirst
  before the caption (the subheadline);
* the body, one paragraph a line, with inline boxes that are not body text: `اقرأ أيضاً` and
  the title after it, embedded tweets (a `t.co` link, `— NAME (@handle) DATE`), captions of
  pictures set in the body; then possibly the byline and date lines;
* `مقالات ذات صلة` and the related cards: per card an optional kicker (a section label on its
  own line, or glued before the title as in the seed: `شؤون إقليمية سوريا وإيران: …`), the title
  one to three times, the teaser, the byline `AUTHOR (DATELINE)`; old pages list titles only;
* `مواضيع` and one tag a line; then page chrome (`الأكثر قراءة`, `النشرة الإخبارية`, the footer)
  until the next page.

Records: `article_id` is `aawsat:text-` + the first 16 hex digits of the SHA-1 of the headline's
match key (`title_key`: NFKC, no diacritics, tatweel, quotation marks or bidi controls, alef
forms → ا, ى → ي, ة → ه, Eastern digits → 0-9, other punctuation → space, Latin lower-cased;
the rules of `transforms.arabic.normalize_for_match`, frozen here so that ids never move), so
the same article copied twice, or with other spacing or diacritics, has one id. A dump has no
URL: `url` is `text-dump:aawsat/` + the first 16 hex digits of the SHA-1 of the part's text
(non-blank lines, trimmed, joined by `\\n`), the address of exactly that text, the same for the
same page in a file with a BOM or Windows line ends. `date_text` is the published date line
(and the update line after a newline) as printed; `related_ids` are the ids the related cards'
titles would have as text-dump articles (`title_id`; the import flow replaces them by the id of
an article already in the warehouse with that headline), and `related` keeps each card's
title, kicker, byline, author, dateline and teaser (no column holds those yet).

Known edge cases: a page without `TT`, without the repeated headline and without a date line
next to its title cannot be told from a list of links and is reported `not_article` (with the
evidence). A body that ends in three or more short lines without sentence punctuation, with
no byline, date or related block after it, ends before them: those lines are reported as a part
of their own. Legacy tags printed on one line (`مواضيع A B C`) cannot be split into tags and
are skipped. Two identical consecutive lines in a body are a picture caption and are dropped.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sources.aawsat import (
    _ANALYSIS_LABEL,
    _DATE_LINE,
    _DESK,
    _INTERVIEW_LABEL,
    _READ_ALSO,
    _RELATED_HEADINGS,
    _TAG_HEADINGS,
    _UI_TEXT,
    _UPDATED_LABEL,
    _date_lines,
    _is_byline,
    _is_credit,
    _meta_lines,
    _split_byline,
    _split_credit,
)

SITE = "aawsat"
LAYOUT = "text-dump"
PARSER_VERSION = "aawsat-text-2026.11.1"
URL_PREFIX = "text-dump:"  # `schemas.parsed.TEXT_DUMP_URL_PREFIX`

_INVISIBLE = re.compile(r"[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_QUOTES = re.compile(r"[\"'`\u00ab\u00bb\u00b4\u2018-\u201f\u2039\u203a\u2032\u2033]")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_LETTER_FOLDS = str.maketrans(
    {
        "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
        "\u0649": "\u064a", "\u0629": "\u0647", "\u06cc": "\u064a", "\u06a9": "\u0643",
        "\u0640": None,
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)  # fmt: skip

_TT = re.compile(r"^T\s?T$")
_HOME_CRUMBS = frozenset({"الرئيسية", "الصفحة الرئيسية", "الرئيسة", "Home", "home"})
_CRUMB_SEPARATORS = frozenset({"›", "»", ">", "/", "|", "‹", "«"})
_SKIP_LINK = re.compile(r"^(?:تجاوز|انتقل) إلى المحتوى")
_CHROME_HEADINGS = (
    "الأكثر قراءة", "الأكثر تداولاً", "الأكثر تداولا", "الأكثر مشاهدة", "النشرة الإخبارية",
    "اشترك في النشرة", "تابعونا", "جميع الحقوق محفوظة",
)  # fmt: skip
_WRITER_HEADINGS = ("مقالات الكاتب", "مقالات أخرى للكاتب", "المزيد من مقالات الكاتب")
_COPYRIGHT = re.compile(r"جميع الحقوق محفوظة|©")
_TWEET = re.compile(r"https?://t\.co/|pic\.twitter\.com|^[—–-]\s.*\(@\w+\)")
_URL = re.compile(r"https?://|www\.")
_SENTENCE_END = re.compile(r"[.!?؟…»\"”:،؛]$")
_WEEKDAY = re.compile(r"^(?:السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة)\b")
_DATE_LABEL = re.compile(r"^(?:نُشر|نشر|تاريخ النشر|آخر تحديث|آخر تعديل|تحديث|تم التحديث)")
_CARD_BYLINE = re.compile(r"^(?P<author>[^()]{2,60}?)\s*\((?P<city>[^()0-9]{2,40})\)$")
_CARD_WINDOW = 6  # lines of a related card before its byline: kicker, title ×3, teaser
_LONG_WORDS = 15  # a line of at least this many words is prose, not a title or a label
_LINK_WORDS = 12  # a line of a link list has at most this many words
_LINK_RUN = 3  # this many link-like lines at a body's open end are not body
_BACK_META = 8  # lines before a headline searched for its metadata and breadcrumb


def title_key(text: str) -> str:
    """The match key of a headline (`transforms.arabic.normalize_for_match`'s rules)."""
    s = unicodedata.normalize("NFKC", text)
    s = _INVISIBLE.sub("", s.replace("\u200c", ""))
    s = _DIACRITICS.sub("", s).translate(_LETTER_FOLDS)
    s = _NOT_WORD.sub(" ", _QUOTES.sub("", s))
    return " ".join(s.split()).lower()


def title_id(headline: str, site: str = SITE) -> str:
    """The article id of a text-dump article with this headline: `site:text-<16 hex>`."""
    digest = hashlib.sha1(title_key(headline).encode("utf-8")).hexdigest()
    return f"{site}:text-{digest[:16]}"


def text_url(text: str, site: str = SITE) -> str:
    """The pseudo-URL of a part's text: `text-dump:site/<16 hex of its SHA-1>`."""
    return f"{URL_PREFIX}{site}/{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


@dataclass(frozen=True)
class RelatedCard:
    """One card of a page's related block as printed."""

    title: str
    kicker: str | None = None
    byline: str | None = None
    author: str | None = None
    dateline: str | None = None
    teaser: str | None = None


@dataclass
class DumpPart:
    """A run of lines of a dump: an article record, or a part rejected with a reason."""

    first_line: int  # 1-based, in the file
    last_line: int
    url: str
    record: dict[str, Any] | None = None
    reason: str | None = None  # `not_article`, `no_body`; None for an article
    detail: str | None = None  # the evidence for the reason
    article_id: str | None = None
    headline: str | None = None
    related: list[RelatedCard] = field(default_factory=list)

    @property
    def lines(self) -> str:
        """`first-last` (1-based line numbers in the file)."""
        return f"{self.first_line}-{self.last_line}"


@dataclass
class TextDump:
    """One file read: its parts in order and the encoding it was read with."""

    source: str
    encoding: str
    parts: list[DumpPart]

    @property
    def articles(self) -> list[DumpPart]:
        return [p for p in self.parts if p.record is not None]


class DumpReadError(ValueError):
    """A file that cannot be read as text."""


def read_text_dump(path: Path, site: str = SITE) -> TextDump:
    """Read and split one dump file (UTF-8 with or without BOM, UTF-16 with BOM, else
    Windows-1256); raises `DumpReadError` for a file that is no text (NUL bytes, no BOM)."""
    try:
        text, encoding = decode_dump(path.read_bytes())
    except DumpReadError as exc:
        raise DumpReadError(f"{path}: {exc}") from None
    return TextDump(str(path), encoding, parse_text_dump(text, site))


def decode_dump(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a dump's bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise DumpReadError("binary data (NUL bytes) and no UTF-16 byte order mark")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace"), "cp1256"


def parse_text_dump(text: str, site: str = SITE) -> list[DumpPart]:
    """Split a dump's text into article records and rejected parts, in file order."""
    return _Dump(_lines(text), site).parts()


# --------------------------------------------------------------------------- lines


def _lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, cleaned text) of every non-blank line."""
    out = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = " ".join(_INVISIBLE.sub("", raw).split())
        if line:
            out.append((number, line))
    return out


def _words(line: str) -> int:
    return len(line.split())


def _is_date_line(line: str) -> bool:
    """A line that is a date (with its label, weekday, Hijri date, issue number), not prose."""
    if len(line) > 200 or not _DATE_LINE.search(line):
        return False
    if _DATE_LABEL.match(line) or _WEEKDAY.match(line) or "رقم العدد" in line:
        return True
    return _words(line) <= 10 and not _SENTENCE_END.search(line.rstrip(")"))


def _is_meta(line: str) -> bool:
    """A byline or date line (or both glued in one line)."""
    cells = _meta_lines([line], set())
    return bool(cells) and all(_is_date_line(c) or _is_byline(c) for c in cells)


def _is_caption(line: str) -> bool:
    """A picture caption: a short line ending with a credit in parentheses (`(أ.ف.ب)`)."""
    m = re.search(r"\(([^()]{1,40})\)$", line)
    return m is not None and _words(line) <= 40 and _is_credit(m.group(1))


def _is_card_byline(line: str) -> bool:
    """A related card's byline: `AUTHOR (DATELINE)` or the desk `«الشرق الأوسط»`."""
    if _words(line) > 10:
        return False
    if line.strip("«» ") == "الشرق الأوسط":
        return True
    m = _CARD_BYLINE.match(line)
    return m is not None and not _is_credit(m.group("city"))


def _is_heading(line: str) -> bool:
    return (
        line in _RELATED_HEADINGS
        or _is_tags_heading(line)
        or _is_chrome_heading(line)
        or _is_writer_heading(line)
        or _is_tags_line(line)
    )


def _is_tags_line(line: str) -> bool:
    """Legacy tags on one line after the heading word (`مواضيع سوريا درعا`)."""
    head = line.split(" ", 1)[0]
    return head in _TAG_HEADINGS and 1 < _words(line) <= 12 and not _SENTENCE_END.search(line)


def _is_tags_heading(line: str) -> bool:
    return line.rstrip(":") in _TAG_HEADINGS


def _is_chrome_heading(line: str) -> bool:
    return line.startswith(_CHROME_HEADINGS) and _words(line) <= 8


def _is_title(line: str) -> bool:
    """A line that may be a headline: a few words, no sentence end, not furniture."""
    words = _words(line)
    return (
        2 <= words <= 40
        and len(line) <= 250
        and not (line.endswith((".", ":", "،")) and not line.endswith("..."))
        and not _TT.match(line)
        and not _is_heading(line)
        and not _is_date_line(line)
        and not _is_card_byline(line)
        and not _is_caption(line)
        and not _URL.search(line)
        and not (words <= 6 and _UI_TEXT.match(line))
        and line not in _HOME_CRUMBS
    )


def _is_link_like(line: str) -> bool:
    return _words(line) <= _LINK_WORDS and not _SENTENCE_END.search(line)


# --------------------------------------------------------------------------- the parser


@dataclass
class _Header:
    """Where a page's headline is and where its header ends."""

    headline: int  # index of the headline line
    end: int  # index after the header (after the repeated headline)
    subheadline: str | None = None
    meta: list[str] = field(default_factory=list)


@dataclass
class _Page:
    header: _Header
    start: int  # first index of the page (breadcrumb / metadata before the headline)
    first: int  # first index of its lines in the dump (with the navigation before it)
    end: int = 0
    meta: list[str] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    related: list[RelatedCard] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subheadline: str | None = None
    writer: str | None = None  # a bare writer's name (opinion pages), when no byline form
    limit: int | None = None  # where the page's lines end when a rejected run follows its body


class _Dump:
    """One pass over the lines of a dump: pages and what lies between them."""

    def __init__(self, lines: list[tuple[int, str]], site: str) -> None:
        self.numbers = [n for n, _ in lines]
        self.text = [t for _, t in lines]
        self.n = len(lines)
        self.site = site
        self.out: list[DumpPart] = []

    # ---- scanning

    def tt(self, i: int) -> int:
        """Lines taken by the font-size control at i (`TT`, or `T` then `T`), else 0."""
        if i >= self.n:
            return 0
        if _TT.match(self.text[i]):
            return 1
        if self.text[i] == "T" and i + 1 < self.n and self.text[i + 1] == "T":
            return 2
        return 0

    def header_at(self, i: int, floor: int) -> _Header | None:
        """The page header whose headline is line i, if a page starts there."""
        t = self.text
        if i >= self.n or not _is_title(t[i]):
            return None
        headline = t[i]
        between: list[int] = []
        k = i + 1
        while k < self.n and len(between) < 2 and not self.tt(k) and t[k] != headline:
            between.append(k)
            k += 1
        if self.tt(k):
            after = k + self.tt(k)
            repeated = after < self.n and t[after] == headline
            if not repeated and after < self.n and any(t[j] == t[after] for j in between):
                return None  # the headline is a later line (this one is a crumb or label)
            meta = [t[j] for j in between if _is_meta(t[j])]
            rest = [t[j] for j in between if not _is_meta(t[j])]
            # A subheadline between the headline and `TT` only when the headline repeats.
            if rest and (not repeated or len(rest) > 1 or _words(rest[0]) > 40):
                return None
            return _Header(i, after + repeated, rest[0] if rest else None, meta)
        if k < self.n and t[k] == headline and len(between) <= 1:
            sub = t[between[0]] if between else None
            if sub is not None and (_words(sub) > 40 or not _is_title(sub)):
                return None
            return _Header(i, k + 1, sub)
        return self.legacy_header(i, floor)

    def legacy_header(self, i: int, floor: int) -> _Header | None:
        """A title line after its date line, or before its byline and date line, with prose
        after them (a byline and a caption or two between): a page, not a card or a byline."""
        t = self.text
        before = i - 1 >= floor and _is_date_line(t[i - 1])
        k = i + 1
        meta: list[str] = []
        while k < self.n and len(meta) < 2 and _is_meta(t[k]):
            meta.append(t[k])
            k += 1
        after = any(_is_date_line(c) for c in _meta_lines(meta, set()))
        if not (before or (after and not _is_byline(t[i]))):
            return None
        j = k  # past a caption shown once or twice
        while j < self.n and j - k < 2:
            if j + 1 < self.n and t[j] == t[j + 1]:
                j += 2
            elif _is_caption(t[j]):
                j += 1
            else:
                break
        if j >= self.n or _words(t[j]) < _LONG_WORDS or _is_caption(t[j]):
            return None
        return _Header(i, k, None, meta)

    def find_header(self, start: int) -> _Header | None:
        """The first page header with its headline at or after `start`."""
        for i in range(start, self.n):
            found = self.header_at(i, start)
            if found is not None:
                return found
        return None

    def lead_in(self, headline: int, floor: int) -> int:
        """The first index of what belongs to the page before its headline: date lines,
        bylines, genre labels, and the breadcrumb ending at them (not before `floor`)."""
        t = self.text
        k = headline
        while k - 1 >= floor and headline - k < _BACK_META:
            line = t[k - 1]
            if _is_meta(line) or _is_label(line):
                k -= 1
            else:
                break
        # A breadcrumb: the home crumb, then short items and separators.
        j = k
        while j - 1 >= floor and k - j < _BACK_META:
            line = t[j - 1]
            if line in _HOME_CRUMBS:
                return j - 1
            if line in _CRUMB_SEPARATORS or (_words(line) <= 4 and not _SENTENCE_END.search(line)):
                j -= 1
                continue
            break
        # Separators without the home crumb (it was cut off by the copy): still a breadcrumb.
        if any(t[x] in _CRUMB_SEPARATORS for x in range(j, k)):
            return j
        return k

    # ---- the pass

    def parts(self) -> list[DumpPart]:
        pos = 0
        while pos < self.n:
            header = self.find_header(pos)
            if header is None:
                self.leftover(pos, self.n)
                break
            start = self.lead_in(header.headline, pos)
            chrome = self.leftover(pos, start)
            pos = self.page(header, start, first=pos if chrome else start)
        return sorted(self.out, key=lambda part: part.first_line)

    def leftover(self, start: int, end: int) -> bool:
        """Lines between pages: page chrome of a full-page copy (True), else a rejected part."""
        if start >= end:
            return False
        lines = self.text[start:end]
        if _is_chrome(lines):
            return True
        long_lines = sum(_words(x) >= _LONG_WORDS for x in lines)
        detail = (
            f"no page starts in these {len(lines)} lines (no headline repeated around `TT` or "
            f"next to a date line); {sum(_is_link_like(x) for x in lines)} are short lines "
            f"like links or titles, {long_lines} are prose; first line: {lines[0][:80]!r}"
        )
        self.reject(start, end, "not_article", detail)
        return False

    def reject(
        self,
        start: int,
        end: int,
        reason: str,
        detail: str,
        headline: str | None = None,
        first: int | None = None,
    ) -> None:
        """A rejected part: lines [start, end) (its range from `first` when chrome precedes)."""
        self.out.append(
            DumpPart(
                first_line=self.numbers[start if first is None else first],
                last_line=self.numbers[end - 1],
                url=text_url("\n".join(self.text[start:end]), self.site),
                reason=reason,
                detail=detail,
                article_id=title_id(headline, self.site) if headline else None,
                headline=headline,
            )
        )

    def page(self, header: _Header, start: int, first: int) -> int:
        """Read the page whose header is given (its lines from `start`, the chrome before it
        from `first`); returns the index after it."""
        t = self.text
        page = _Page(header, start, first=first, subheadline=header.subheadline)
        lead = t[start : header.headline]
        separated = any(x in _CRUMB_SEPARATORS for x in lead)
        after_separator = False
        for line in lead:
            if line in _HOME_CRUMBS or line in _CRUMB_SEPARATORS:
                after_separator = line in _CRUMB_SEPARATORS
                continue
            if _is_meta(line):
                page.meta.append(line)
            elif _is_label(line):
                page.labels.append(line)
            elif after_separator or not separated:
                page.crumbs.append(line)
            elif _words(line) <= 4 and page.writer is None:
                page.writer = line  # a writer's bare name before the date (opinion)
            else:
                page.labels.append(line)
            after_separator = False
        page.meta += header.meta
        k = self.after_header(page, header.end)
        k = self.body(page, k)
        k = self.blocks(page, k)
        page.end = k
        self.emit(page)
        return k

    def after_header(self, page: _Page, k: int) -> int:
        """Byline and date lines, the lead caption and a standfirst right after the header."""
        t = self.text
        for _ in range(6):
            if k >= self.n:
                break
            if self.tt(k):
                k += self.tt(k)
            elif _is_meta(t[k]):
                page.meta.append(t[k])
                k += 1
            elif k + 1 < self.n and t[k] == t[k + 1] and _words(t[k]) <= 40:
                page.captions.append(t[k])
                k += 2
            elif _is_caption(t[k]):
                page.captions.append(t[k])
                k += 1
            elif (
                page.subheadline is None
                and not page.captions
                and k + 2 < self.n
                and _words(t[k]) < 40
                and _is_title(t[k])
                and (t[k + 1] == t[k + 2] or _is_caption(t[k + 1]))
            ):
                page.subheadline = t[k]
                k += 1
            else:
                break
        return k

    def body(self, page: _Page, k: int) -> int:
        """Body paragraphs up to the related block, tags, chrome or the next page; returns
        where the rest of the page (or the next page) starts."""
        t = self.text
        start = k
        kept: list[int] = []
        nxt: _Header | None = None
        while k < self.n:
            if t[k] in _RELATED_HEADINGS:
                box = self.inline_box(k)
                if box is None:
                    break
                page.related += [RelatedCard(title=x) for x in t[k + 1 : box]]
                k = box
                continue
            if _is_heading(t[k]):
                break
            nxt = self.header_at(k, start)
            if nxt is not None:
                break
            kept.append(k)
            k += 1
        after = k
        # The related block, tags or the writer's box end the body; chrome headings do not
        # (a site menu has `الأكثر تداولاً` too): a list of links may come before them.
        closed = k < self.n and nxt is None and not _is_chrome_heading(t[k])
        if nxt is not None:
            # The next page's own metadata sits just before its headline.
            lead = self.lead_in(nxt.headline, start)
            kept = [j for j in kept if j < lead]
            after = self.bottom_meta_split(page, lead, nxt.headline)
        elif k < self.n and _is_writer_heading(t[k]):
            # An opinion's writer box after the body: name, a line of bio, their articles.
            writer = [j for j in kept[-2:] if _words(t[j]) <= _LINK_WORDS]
            if writer and _words(t[writer[0]]) <= 4:
                page.writer = t[writer[0]]
                kept = kept[: len(kept) - len(writer)]
        # Byline and date lines after the body (the current layout's `bottom` metadata).
        trailing: list[str] = []
        while kept and (_is_date_line(t[kept[-1]]) or self.bottom_byline(kept[-1], start)):
            trailing.append(t[kept.pop()])
        if trailing:
            page.meta += reversed(trailing)
            closed = True
        lines = [t[j] for j in kept]
        cut = None if closed else _link_run_start(lines)
        if cut is not None:
            self.emit_body(page, lines[:cut])
            self.leftover_forced(kept[cut], kept[-1] + 1)
            page.limit = kept[cut]
        else:
            self.emit_body(page, lines)
        return after

    def inline_box(self, k: int) -> int | None:
        """The end of a related box set among the body paragraphs (its heading at k, a few
        distinct titles, then the body goes on), else None: the related block after the body."""
        t = self.text
        j = k + 1
        while j < self.n and j - k <= 4 and _is_title(t[j]) and not self.tt(j):
            j += 1
        titles = t[k + 1 : j]
        if not titles or len(set(titles)) < len(titles) or j >= self.n:
            return None
        prose = _words(t[j]) >= _LONG_WORDS and not _is_caption(t[j])
        followed = j + 1 < self.n and (_is_card_byline(t[j + 1]) or _is_heading(t[j + 1]))
        return j if prose and not followed and self.header_at(j, k) is None else None

    def bottom_meta_split(self, page: _Page, end: int, headline: int) -> int:
        """Where the next page starts among the metadata lines before its headline: after
        this page's published date (its update line and the byline before it) when the next
        page has another published date of its own; these lines go to this page."""
        t = self.text
        published = [
            j
            for j in range(end, headline)
            if _is_date_line(t[j]) and not _UPDATED_LABEL.search(t[j])
        ]
        if len(published) < 2:
            return end
        cut = published[0] + 1
        while cut < headline and _UPDATED_LABEL.search(t[cut]):
            cut += 1
        page.meta += t[end:cut]
        return cut

    def bottom_byline(self, j: int, floor: int) -> bool:
        """A byline after the body: the card form or the desk, or any byline form next to a
        date line."""
        t = self.text
        line = t[j]
        if _is_card_byline(line) or (_DESK in line and _words(line) <= 8):
            return True
        if not _is_byline(line) or _SENTENCE_END.search(line):
            return False
        return (
            (j + 1 < self.n and (_is_date_line(t[j + 1]) or _is_heading(t[j + 1])))
            or (j - 1 >= floor and _is_date_line(t[j - 1]))
            or j + 1 == self.n
        )

    def emit_body(self, page: _Page, lines: list[str]) -> None:
        """Body paragraphs without boxes: read-also, tweets, captions, controls."""
        out: list[str] = []
        skip_next = False
        for i, line in enumerate(lines):
            if skip_next:
                skip_next = False
                continue
            if _READ_ALSO.match(line) and _words(line) <= 3:
                skip_next = i + 1 < len(lines) and _words(lines[i + 1]) < _LONG_WORDS
                continue
            if _TWEET.search(line) or self.tt_line(line):
                continue
            if _is_caption(line) or line in page.captions:
                continue
            if i + 1 < len(lines) and lines[i + 1] == line:  # a caption shown twice
                continue
            if out and out[-1] == line:
                continue
            if _words(line) <= 6 and _UI_TEXT.match(line):
                continue
            out.append(line)
        page.body = out

    @staticmethod
    def tt_line(line: str) -> bool:
        return bool(_TT.match(line)) or line == "T"

    def leftover_forced(self, start: int, end: int) -> None:
        lines = self.text[start:end]
        detail = (
            f"{len(lines)} short lines without sentence punctuation after the body, with no "
            f"byline, date or related block closing the article: a list of links, not body "
            f"text; first line: {lines[0][:80]!r}"
        )
        self.reject(start, end, "not_article", detail)

    def blocks(self, page: _Page, k: int) -> int:
        """The related block, tags and page chrome after the body."""
        t = self.text
        while k < self.n:
            line = t[k]
            if line in _RELATED_HEADINGS:
                k = self.related(page, k + 1)
            elif _is_tags_heading(line):
                k += 1
                while k < self.n and _is_tag(t[k]) and not self.tt(k + 1):
                    if self.header_at(k, k) is not None:
                        break
                    page.tags.append(t[k])
                    k += 1
            elif _is_tags_line(line):
                k += 1  # legacy: `مواضيع A B C` on one line, not splittable
            elif _is_writer_heading(line):
                k += 1  # the writer's other articles (opinion pages)
                while k < self.n and _is_title(t[k]) and self.header_at(k, k) is None:
                    k += 1
            elif _is_chrome_heading(line):
                nxt = self.find_header(k + 1)
                return self.lead_in(nxt.headline, k + 1) if nxt else self.n
            else:
                break
        return k

    def related(self, page: _Page, k: int) -> int:
        """Related cards from k; returns the index after the last one."""
        t = self.text
        while k < self.n and not _is_heading(t[k]):
            card = self.card(k)
            if card is None:
                break
            page.related.append(card[0])
            k = card[1]
        # Cards without a byline (old pages list titles only; a video card), up to a heading.
        j = k
        while j < self.n and j - k < 10 and not _is_heading(t[j]) and _is_title(t[j]):
            if self.header_at(j, k) is not None:
                break
            j += 1
        if j > k and (j == self.n or _is_heading(t[j])):
            lines = t[k:j]
            if len(set(lines)) == 1 or (len(lines) == 2 and _words(lines[0]) <= 4):
                page.related.append(_read_card(lines, None))
            else:
                page.related += [RelatedCard(title=x) for x in lines]
            k = j
        return k

    def card(self, k: int) -> tuple[RelatedCard, int] | None:
        """The card starting at k, ending with its byline, and the index after it."""
        t = self.text
        for b in range(k + 1, min(k + _CARD_WINDOW + 1, self.n)):
            if self.tt(b) or _is_heading(t[b]):
                return None
            if _is_card_byline(t[b]):
                lines = t[k:b]
                if sum(_words(x) >= _LONG_WORDS for x in lines) > 1:
                    return None
                return _read_card(lines, t[b]), b + 1
        return None

    # ---- records

    def emit(self, page: _Page) -> None:
        t = self.text
        headline = t[page.header.headline]
        start = page.start
        end = page.limit if page.limit is not None else max(page.end, page.header.end)
        text = "\n".join(t[start:end])
        url = text_url(text, self.site)
        if not page.body:
            detail = f"the page {headline[:80]!r} has a headline and no body paragraph"
            self.reject(start, end, "no_body", detail, headline, first=page.first)
            return
        cells = _meta_lines(page.meta, set())
        published, updated = _date_lines(cells)
        date_text = "\n".join(x for x in (published, updated) if x) or None
        byline = next((c for c in cells if _is_byline(c) and not _is_date_line(c)), None)
        byline = byline or page.writer
        author, dateline = _split_byline(byline) if byline else (None, None)
        crumbs = [c for c in page.crumbs if c and c not in _CRUMB_SEPARATORS]
        caption, credit = _split_credit(page.captions[0]) if page.captions else (None, None)
        record: dict[str, Any] = {
            "url": url,
            "article_id": title_id(headline, self.site),
            "site": self.site,
            "canonical_url": None,
            "layout": LAYOUT,
            "article_type": _article_type(crumbs, page.labels, headline),
            "section": crumbs[0] if crumbs else None,
            "subsection": crumbs[1] if len(crumbs) > 1 else None,
            "headline": headline,
            "subheadline": page.subheadline,
            "byline": byline,
            "author": author or None,
            "dateline": dateline or None,
            "date_text": date_text,
            "published_meta": None,
            "updated_meta": None,
            "paragraphs": page.body,
            "lead_image_url": None,
            "image_caption": caption,
            "image_credit": credit,
            "tags": _dedupe(page.tags),
            "related_ids": _dedupe([title_id(c.title, self.site) for c in page.related]),
            "parser_version": PARSER_VERSION,
        }
        self.out.append(
            DumpPart(
                first_line=self.numbers[page.first],
                last_line=self.numbers[end - 1],
                url=url,
                record=record,
                article_id=record["article_id"],
                headline=headline,
                related=page.related,
            )
        )


def _is_label(line: str) -> bool:
    return bool(_INTERVIEW_LABEL.match(line) or _ANALYSIS_LABEL.match(line))


def _is_writer_heading(line: str) -> bool:
    return line.startswith(_WRITER_HEADINGS) and _words(line) <= 5


def _is_tag(line: str) -> bool:
    return _words(line) <= 5 and len(line) <= 40 and not _is_heading(line) and not _URL.search(line)


def _is_chrome(lines: list[str]) -> bool:
    """Page chrome of a full-page copy: navigation (a skip link or the home crumb, short
    lines), or the blocks after an article (most read, newsletter, footer)."""
    if _is_chrome_heading(lines[0]):
        return True
    marked = any(x in _HOME_CRUMBS or _SKIP_LINK.match(x) or _COPYRIGHT.search(x) for x in lines)
    return marked and all(_words(x) <= _LINK_WORDS for x in lines)


def _link_run_start(lines: list[str]) -> int | None:
    """Where a trailing run of at least `_LINK_RUN` link-like lines starts, if any."""
    j = len(lines)
    while j > 0 and _is_link_like(lines[j - 1]):
        j -= 1
    if len(lines) - j >= _LINK_RUN and j > 0:
        return j
    return None


def _read_card(lines: list[str], byline: str | None) -> RelatedCard:
    """A card's kicker, title and teaser from its lines before the byline."""
    counts = Counter(lines)
    repeated = [x for x in lines if counts[x] > 1]
    teaser = lines[-1] if len(lines) > 1 and _words(lines[-1]) >= _LONG_WORDS else None
    rest = [x for x in (lines[:-1] if teaser else lines) if x]
    if repeated:
        title = repeated[0]
    elif len(rest) >= 2:
        title = rest[-1]
    else:
        title = rest[0] if rest else (teaser or "")
    kicker = None
    for line in rest:
        if line == title:
            break
        if line.endswith(title) and len(line) > len(title):
            kicker = line[: -len(title)].strip() or None  # `KICKER TITLE` glued (the seed)
            break
        if _words(line) <= 4:
            kicker = line
    author, dateline = _split_byline(byline) if byline else (None, None)
    return RelatedCard(title, kicker, byline, author or None, dateline, teaser)


def _article_type(crumbs: list[str], labels: list[str], headline: str) -> str:
    """opinion, interview, analysis or news: the breadcrumb and the genre labels."""
    prefix = headline.split(":", 1)[0].strip() if ":" in headline else ""
    marks = [*crumbs, *labels, *([prefix] if prefix and _words(prefix) <= 3 else [])]
    if "الرأي" in crumbs:
        return "opinion"
    if any(_INTERVIEW_LABEL.match(x) for x in marks) or "حوار" in crumbs:
        return "interview"
    if any(_ANALYSIS_LABEL.match(x) for x in marks):
        return "analysis"
    return "news"


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


__all__ = [
    "LAYOUT",
    "PARSER_VERSION",
    "DumpPart",
    "DumpReadError",
    "RelatedCard",
    "TextDump",
    "decode_dump",
    "parse_text_dump",
    "read_text_dump",
    "text_url",
    "title_id",
    "title_key",
]
