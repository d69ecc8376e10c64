"""Shared HTML helpers for outlet parsers: cheap `<head>` extraction, region cutting, visible text.

Everything here is pure and works on strings or BeautifulSoup trees. The head is read with
regular expressions (meta tags, `<title>`, canonical/shortlink links, JSON-LD scripts) so a
parser can build a tree over the article region only; BeautifulSoup over a whole 100 KB page
costs tens of milliseconds, over the region about two.
"""

from __future__ import annotations

import bisect
import html as htmllib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bs4.element import NavigableString, Tag

# Elements whose content is never visible text.
INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "title", "meta", "link"}
)
# Elements that start a new visual line.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

_WS = re.compile(r"\s+")
_TAG_ATTRS = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_META = re.compile(r"<meta\b([^>]*)>", re.I)
_LINK = re.compile(r"<link\b([^>]*)>", re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_JSONLD = re.compile(
    r"""<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script\s*>""",
    re.I | re.S,
)
_BODY_OPEN = re.compile(r"<body\b", re.I)
_BLOCK_INDENT = re.compile(
    r"(</?(?:div|p|li|ul|ol|h[1-6]|section|article|aside|nav|header|footer|main|figure|"
    r"figcaption|form|table|tbody|thead|tr|td|th|br|hr|dl|dt|dd|blockquote)\b[^>]*>)"
    r"[ \t\r]*\n\s*(?=<)",
    re.I,
)
_NOISE = re.compile(
    r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def usable_text(text: str) -> str:
    """The string with lone surrogates (which no parser can encode) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def clean_text(text: str | None) -> str:
    """Collapse runs of whitespace (including newlines and no-break spaces) and trim."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


def parse_attrs(tag_inner: str) -> dict[str, str]:
    """Attributes of one start tag's inside (`name="v" …`), names lowercased, entities decoded."""
    attrs: dict[str, str] = {}
    for m in _TAG_ATTRS.finditer(tag_inner):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            value = m.group(4) or ""
        attrs.setdefault(m.group(1).lower(), htmllib.unescape(value))
    return attrs


@dataclass
class HeadMeta:
    """What a page declares about itself in `<head>`: meta tags, title, links and JSON-LD."""

    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    canonical: str | None = None
    shortlink: str | None = None
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    def get(self, *names: str) -> str | None:
        """First non-empty meta value among `names` (property or name, case-insensitive)."""
        for name in names:
            value = self.meta.get(name.lower())
            if value:
                return value
        return None

    def ld(self, *types: str) -> dict[str, Any] | None:
        """First JSON-LD object whose `@type` is one of `types`."""
        wanted = set(types)
        for obj in self.jsonld:
            kind = obj.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            if kinds & wanted:
                return obj
        return None


def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    """Typed objects of a JSON-LD document, in order (lists and `@graph` opened, no recursion)."""
    # Same order as a recursive walk: list items in order, a `@graph` before its holder.
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        item, done = stack.pop()
        if done:
            yield item
        elif isinstance(item, list):
            stack.extend((x, False) for x in reversed(item))
        elif isinstance(item, dict):
            if "@type" in item:
                stack.append((item, True))
            if "@graph" in item:
                stack.append((item["@graph"], False))


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    try:
        return json.loads(raw, strict=False)
    except RecursionError:  # nested deeper than the interpreter allows: not metadata
        return None
    except ValueError:
        # Trailing commas are the usual hand-edited template mistake.
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
        except (ValueError, RecursionError):
            return None


def extract_head(html: str) -> HeadMeta:
    """Read meta tags, title, canonical/shortlink and JSON-LD without building a tree."""
    body = _BODY_OPEN.search(html)
    head = html[: body.start()] if body else html[:200_000]
    out = HeadMeta()
    for m in _META.finditer(head):
        attrs = parse_attrs(m.group(1))
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content is not None:
            out.meta.setdefault(key.lower(), content.strip())
    for m in _LINK.finditer(head):
        attrs = parse_attrs(m.group(1))
        rels = attrs.get("rel", "").lower().split()
        href = attrs.get("href", "").strip()
        if not href:
            continue
        if "canonical" in rels and out.canonical is None:
            out.canonical = href
        if "shortlink" in rels and out.shortlink is None:
            out.shortlink = href
    title = _TITLE.search(head)
    if title:
        out.title = clean_text(htmllib.unescape(title.group(1))) or None
    # JSON-LD may sit in the body too (Drupal's schema_metatag puts it in the head).
    for m in _JSONLD.finditer(html):
        out.jsonld.extend(_flatten_ld(_load_json(m.group(1))))
    return out


def strip_noise(html: str) -> str:
    """Remove scripts, styles, SVG, templates, comments and unrendered indentation."""
    # Whitespace with a newline right after a block-level tag is never rendered; dropping it
    # saves BeautifulSoup a text node per line of indentation (about a fifth of its time).
    return _BLOCK_INDENT.sub(r"\1", _NOISE.sub("", html))


def tag_start_before(html: str, pos: int) -> int:
    """Index of the `<` that opens the tag containing position `pos` (or `pos` itself)."""
    start = html.rfind("<", 0, pos + 1)
    return start if start >= 0 else pos


def _in_tag_at(html: str, pos: int) -> int:
    """Start of the tag whose markup contains `pos`, or -1 when `pos` is in text content."""
    lt = html.rfind("<", 0, pos)
    if lt < 0 or html.find(">", lt, pos) >= 0:
        return -1
    return lt


def cut_region(
    html: str,
    start_patterns: Iterable[re.Pattern[str]],
    *,
    lead_in: str | None = None,
    lead_in_window: int = 20_000,
    end_markers: Iterable[str] = (),
) -> str | None:
    """Slice from the first start marker's tag to before the last end marker, or None."""
    # Only string searches, no tree. Start markers count after `<body>`; `lead_in` (a word such
    # as `breadcrumb`) moves the start back to the first tag carrying it within
    # `lead_in_window` characters. The end is the LAST end marker, so an article's own
    # `<footer>` does not cut it short; without one the slice runs to the end of the page.
    body = _BODY_OPEN.search(html)
    floor = body.start() if body else 0
    start = -1
    for pattern in start_patterns:
        m = pattern.search(html, floor)
        if m:
            start = tag_start_before(html, m.start())
            break
    if start < 0:
        return None
    if lead_in:
        pos = html.find(lead_in, max(floor, start - lead_in_window), start)
        while pos >= 0:
            tag_start = _in_tag_at(html, pos)
            if tag_start >= 0:
                start = tag_start
                break
            pos = html.find(lead_in, pos + len(lead_in), start)
    end = max((html.rfind(marker, start + 1) for marker in end_markers), default=-1)
    if end > start:
        inner = _in_tag_at(html, end)
        return html[start : inner if inner > start else end]
    return html[start:]


def classes(el: Tag) -> list[str]:
    """The element's classes as a list of strings."""
    value = el.get("class")
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value]


def attr(el: Tag, name: str) -> str:
    """One attribute as a stripped string ('' when absent)."""
    value = el.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return " ".join(str(v) for v in value).strip()


def ident(el: Tag) -> str:
    """The element's id and classes joined, lowercased (for keyword tests)."""
    return (attr(el, "id") + " " + " ".join(classes(el))).lower()


def _glue(left: str, right: str) -> bool:
    """Whether two inline elements' texts need a space between them to read as words."""
    a, b = left[-1:], right[:1]
    if not a or not b or a.isspace() or b.isspace() or a == "ـ":
        return False
    return (a.isalnum() or a in ":،,)»") and (b.isalnum() or b in "(«")


def text_lines(
    el: Tag,
    *,
    skip: frozenset[int] = frozenset(),
    glue_inline: bool = False,
    start: Tag | None = None,
    stop: Tag | None = None,
) -> list[str]:
    """Visible lines of `el` as a browser breaks them (block elements, `<br>`), trimmed."""
    # Subtrees whose id() is in `skip` are left out. `glue_inline` puts a space between
    # adjacent inline elements whose words would run together (metadata lines, where CSS
    # supplies the gap); body text is concatenated as written. The walk ends at `stop`
    # (the lines before it); with `start`, only lines after that subtree are kept.
    # Walked with an explicit stack (no recursion: pages may nest thousands of levels deep).
    lines: list[str] = []
    buf: list[str] = []
    boundary = False  # an inline element started or ended since the last text
    collecting = start is None

    def flush() -> None:
        nonlocal boundary
        line = clean_text("".join(buf))
        if line:
            lines.append(line)
        buf.clear()
        boundary = False

    # Each entry: the children still to visit, and whether the element is a block (its end
    # breaks the line) or inline (its end is a word boundary).
    stack: list[tuple[Iterator[Any], bool]] = [(iter(el.contents), True)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
            else:
                boundary = True
            continue
        if isinstance(child, Tag):
            if child is stop:
                break
            if child is start:
                flush()
                collecting = True
                continue
            if id(child) in skip or child.name in INVISIBLE_TAGS:
                continue
            if child.name == "br":
                flush()
            elif child.name in BLOCK_TAGS:
                flush()
                stack.append((iter(child.contents), True))
            else:
                boundary = True
                stack.append((iter(child.contents), False))
        elif type(child) is NavigableString and collecting:
            text = str(child)
            if glue_inline and boundary and buf and _glue(buf[-1], text):
                buf.append(" ")
            if text:
                buf.append(text)
                boundary = False
    flush()
    return lines


def text_of(el: Tag | None) -> str:
    """The element's visible text on one line, whitespace collapsed."""
    if el is None:
        return ""
    return " ".join(text_lines(el))


# --------------------------------------------------------------------------- selection

_COMPOUND = re.compile(r"([a-zA-Z][\w-]*|\*)?((?:[.#][\w-]+|\[[^\]]+\])*)")
_PART = re.compile(
    r"([.#])([\w-]+)|\[\s*([\w:-]+)\s*(?:([*~^$|]?=)\s*[\"']?([^\"'\]]*)[\"']?)?\s*\]"
)


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    classes: frozenset[str]
    ident: str | None
    attrs: tuple[tuple[str, str, str], ...]

    def matches(self, el: Tag) -> bool:
        if self.tag is not None and el.name != self.tag:
            return False
        if self.ident is not None and el.get("id") != self.ident:
            return False
        if self.classes:
            have = el.get("class")
            if not have or not self.classes.issubset(have if isinstance(have, list) else [have]):
                return False
        for name, op, value in self.attrs:
            raw = el.get(name)
            if raw is None:
                return False
            have = raw if isinstance(raw, str) else " ".join(str(v) for v in raw)
            if op == "=" and have != value:
                return False
            if op == "*=" and value not in have:
                return False
            if op == "~=" and value not in have.split():
                return False
            if op == "^=" and not have.startswith(value):
                return False
            if op == "$=" and not have.endswith(value):
                return False
        return True


def _compile_compound(text: str) -> _Compound:
    m = _COMPOUND.fullmatch(text)
    if m is None:
        raise ValueError(f"unsupported selector part: {text!r}")
    tag = m.group(1) if m.group(1) not in (None, "*") else None
    found_classes: set[str] = set()
    found_id: str | None = None
    attrs: list[tuple[str, str, str]] = []
    for part in _PART.finditer(m.group(2) or ""):
        if part.group(1) == ".":
            found_classes.add(part.group(2))
        elif part.group(1) == "#":
            found_id = part.group(2)
        else:
            attrs.append((part.group(3).lower(), part.group(4) or "", part.group(5) or ""))
    return _Compound(tag, frozenset(found_classes), found_id, tuple(attrs))


_SELECTOR_CACHE: dict[str, list[list[_Compound]]] = {}


def _compile(selector: str) -> list[list[_Compound]]:
    """A selector list of descendant chains: `a.b [x*=y] c, d` (no other combinators)."""
    compiled = _SELECTOR_CACHE.get(selector)
    if compiled is None:
        compiled = [
            [_compile_compound(part) for part in alternative.split()]
            for alternative in selector.split(",")
            if alternative.strip()
        ]
        _SELECTOR_CACHE[selector] = compiled
    return compiled


class DocIndex:
    """A tree's elements in document order, with fast scoped selection and containment tests."""

    # soupsieve costs more than building the tree of a page-sized region; the few dozen simple
    # selectors a parser runs are answered here from posting lists by class, tag and id.
    # Selectors: tag, `.class`, `#id`, `[attr]`, `[attr=v]`, `[attr*=v]`, `[attr~=v]`,
    # `[attr^=v]`, `[attr$=v]`, descendant chains, comma lists. `texts` holds every visible
    # text node with its parent element.

    def __init__(self, root: Tag) -> None:
        self.elements: list[Tag] = []
        self.texts: list[tuple[str, Tag]] = []
        self._pos: dict[int, int] = {}
        self._end: list[int] = []
        self._by_class: dict[str, list[int]] = {}
        self._by_tag: dict[str, list[int]] = {}
        self._by_id: dict[str, list[int]] = {}
        self._chars_open: list[int] = []  # visible characters before each element's subtree
        self._chars_close: list[int] = []  # ... and up to its end
        self._chars = 0
        self._number(root)
        self._text_in: dict[str, list[int]] = {}  # per tag: prefix sums of subtree text

    def _number(self, root: Tag) -> None:
        stack: list[tuple[Tag, bool]] = [(root, False)]
        while stack:
            el, done = stack.pop()
            if done:
                pos = self._pos[id(el)]
                self._end[pos] = len(self.elements)
                self._chars_close[pos] = self._chars
                continue
            pos = len(self.elements)
            self._pos[id(el)] = pos
            self.elements.append(el)
            self._end.append(pos + 1)
            self._chars_open.append(self._chars)
            self._chars_close.append(self._chars)
            self._by_tag.setdefault(el.name, []).append(pos)
            for name in classes(el):
                self._by_class.setdefault(name, []).append(pos)
            el_id = el.get("id")
            if isinstance(el_id, str):
                self._by_id.setdefault(el_id, []).append(pos)
            stack.append((el, True))
            kids: list[Tag] = []
            for child in el.contents:
                if isinstance(child, Tag):
                    if child.name not in INVISIBLE_TAGS:
                        kids.append(child)
                elif type(child) is NavigableString:
                    text = str(child)
                    self.texts.append((text, el))
                    self._chars += len(text)
            stack.extend((kid, False) for kid in reversed(kids))

    # Subtree questions in O(log n), so that parsers stay linear on deeply nested pages.

    def has(self, names: Iterable[str], within: Tag) -> bool:
        """Whether any element named in `names` lies inside `within` (excluding it)."""
        lo, hi = self._range(within, None)
        for name in names:
            found = self._by_tag.get(name, [])
            i = bisect.bisect_left(found, lo)
            if i < len(found) and found[i] < hi:
                return True
        return False

    def text_size(self, el: Tag) -> int:
        """Characters of visible text inside `el` (whitespace included)."""
        pos = self._pos.get(id(el))
        return 0 if pos is None else self._chars_close[pos] - self._chars_open[pos]

    def text_in(self, name: str, within: Tag) -> int:
        """Characters of text inside the `name` elements inside `within` (not nested)."""
        found = self._by_tag.get(name, [])
        sums = self._text_in.get(name)
        if sums is None:
            sums = [0]
            for pos in found:
                sums.append(sums[-1] + self._chars_close[pos] - self._chars_open[pos])
            self._text_in[name] = sums
        lo, hi = self._range(within, None)
        return sums[bisect.bisect_left(found, hi)] - sums[bisect.bisect_left(found, lo)]

    def span(self, el: Tag) -> tuple[int, int]:
        """Document positions of `el` and just past its subtree ((-1, -1) if not here)."""
        pos = self._pos.get(id(el))
        return (-1, -1) if pos is None else (pos, self._end[pos])

    def inside(self, el: Tag | None, ancestor: Tag | None) -> bool:
        """Whether `el` is `ancestor` or one of its descendants."""
        if el is None or ancestor is None:
            return False
        pos = self._pos.get(id(el))
        start = self._pos.get(id(ancestor))
        if pos is None or start is None:
            return False
        return start <= pos < self._end[start]

    def position(self, el: Tag) -> int:
        """Document-order index of `el` (-1 when not in this tree)."""
        return self._pos.get(id(el), -1)

    def _range(self, within: Tag | None, after: Tag | None) -> tuple[int, int]:
        if after is not None:
            start = self._pos.get(id(after))
            return (self._end[start], len(self.elements)) if start is not None else (0, 0)
        if within is None:
            return 0, len(self.elements)
        start = self._pos.get(id(within))
        return (start + 1, self._end[start]) if start is not None else (0, 0)

    def scope(self, within: Tag | None = None, after: Tag | None = None) -> list[Tag]:
        """Elements inside `within` (excluding it), or following `after`'s subtree."""
        lo, hi = self._range(within, after)
        return self.elements[lo:hi]

    def classes_matching(self, pattern: re.Pattern[str]) -> list[str]:
        """Class names present in the tree that match `pattern`."""
        return [name for name in self._by_class if pattern.search(name)]

    def with_class(
        self, name: str, within: Tag | None = None, after: Tag | None = None
    ) -> list[Tag]:
        """Elements carrying class `name`, in document order."""
        lo, hi = self._range(within, after)
        return [self.elements[p] for p in self._by_class.get(name, ()) if lo <= p < hi]

    def _candidates(self, compound: _Compound) -> list[int] | None:
        if compound.ident is not None:
            return self._by_id.get(compound.ident, [])
        if compound.classes:
            lists = [self._by_class.get(name, []) for name in compound.classes]
            return min(lists, key=len)
        if compound.tag is not None:
            return self._by_tag.get(compound.tag, [])
        return None

    def _matches(self, el: Tag, chain: list[_Compound]) -> bool:
        if not chain[-1].matches(el):
            return False
        i = len(chain) - 2
        node = el.parent
        while i >= 0 and node is not None:
            if isinstance(node, Tag) and chain[i].matches(node):
                i -= 1
            node = node.parent
        return i < 0

    def _positions(self, selector: str, lo: int, hi: int) -> list[int]:
        found: set[int] = set()
        for chain in _compile(selector):
            candidates = self._candidates(chain[-1])
            pool = range(lo, hi) if candidates is None else candidates
            for pos in pool:
                if lo <= pos < hi and pos not in found and self._matches(self.elements[pos], chain):
                    found.add(pos)
        return sorted(found)

    def select(
        self, selector: str, within: Tag | None = None, after: Tag | None = None
    ) -> list[Tag]:
        """Matches of `selector` in document order (chains may reach above `within`)."""
        lo, hi = self._range(within, after)
        return [self.elements[p] for p in self._positions(selector, lo, hi)]

    def select_one(
        self, selector: str, within: Tag | None = None, after: Tag | None = None
    ) -> Tag | None:
        """First match of `selector` in document order, or None."""
        lo, hi = self._range(within, after)
        found = self._positions(selector, lo, hi)
        return self.elements[found[0]] if found else None

    def select_ranked(self, selectors: Iterable[str], within: Tag | None = None) -> Iterator[Tag]:
        """Matches ordered by selector priority, then document order."""
        lo, hi = self._range(within, None)
        seen: set[int] = set()
        for selector in selectors:
            for pos in self._positions(selector, lo, hi):
                if pos not in seen:
                    seen.add(pos)
                    yield self.elements[pos]
