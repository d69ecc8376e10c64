"""Annotation helper for the real-page set `tests/data/realpages/` (pure lxml, no extractor).

The expected body of a page is written down as a rule, not produced by any extractor:
`body_rule = {"xpath": X, "drop": [D, ...]}`. `materialise(html, rule)` applies it:

1. `X` is evaluated on the whole document (lxml.html); every element it selects, in document
   order, contributes paragraphs (an element inside another selected element is not read twice).
2. Each `D` starting with `xpath:` is evaluated relative to each selected element and the
   matched elements are removed (with their text, keeping the tail text) before reading.
3. The text is read with `paragraphs(element)`: block-level elements (`p`, `div`, `h1`-`h6`,
   `li`, `blockquote`, `br`, `tr`, `section`, ...) end a paragraph, inline elements do not;
   `script`, `style`, `noscript`, `template`, comments and processing instructions are never
   text. Whitespace inside a paragraph is folded to single spaces; empty paragraphs vanish.
4. Each other `D` drops paragraphs: `re:PATTERN` every paragraph `re.search` matches, else the
   paragraph equal to `D` (after whitespace folding).

`visible_text(html)` is the page's body text read the same way over the whole `<body>` (one
paragraph per line): what the set's test checks headlines and paragraphs against.

Command line (`python tools/realpages.py CMD ...`):
- `blocks FILE [--min N]`: candidate containers (tag, id, class, XPath, paragraph count, text
  length) to choose the rule's XPath from;
- `show ID|FILE [--xpath X] [--drop D ...]`: the paragraphs a rule gives, numbered (an ID reads
  its `expected.json` rule);
- `dates ID|FILE`: the page's date evidence (meta, JSON-LD, `<time>`, date-like lines);
- `fill ID`: writes `body` of `tests/data/realpages/ID/expected.json` from its `body_rule`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "tests" / "data" / "realpages"

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "iframe", "video", "audio", "object", "embed",
    }
)  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DATE_HINT = re.compile(
    r"\b(19|20)\d\d\b.{0,40}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\d{1,2}\s*(/|-|\.)\s*\d{1,2}\s*(/|-|\.)\s*\d{2,4}|(يناير|فبراير|مارس|أبريل|ابريل|مايو|"
    r"يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|"
    r"أيلول|تشرين)|年.{0,6}月|\d+月\d+日",
    re.I,
)


_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u200e\u200f")


def fold(text: str | None) -> str:
    """Whitespace folded to single spaces, stripped, BOM/zero-width/direction marks removed."""
    return " ".join((text or "").translate(_INVISIBLE).split())


def decode(raw: bytes) -> str:
    """The page's text: BOM, else the `<meta charset>` in the first 4 KB, else UTF-8."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    found = _META_CHARSET.search(raw[:4096])
    if found:
        try:
            return raw.decode(found.group(1).decode("ascii").lower(), errors="replace")
        except LookupError:
            pass
    return raw.decode("utf-8", errors="replace")


def parse(html: str | bytes) -> Any:
    """An lxml.html document for the page (bytes are decoded with `decode`)."""
    text = decode(html) if isinstance(html, bytes | bytearray) else html
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding decl.
    return lxml_html.document_fromstring(text)


def _walk(element: Any, out: list[list[str]]) -> None:
    """Append text pieces of `element` to the current paragraph (`out[-1]`), splitting at blocks."""
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None:  # comment or processing instruction: only its tail is text
        if element.tail:
            out[-1].append(element.tail)
        return
    tag = tag.lower()
    if tag in SKIP_TAGS:
        if element.tail:
            out[-1].append(element.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        out.append([])
    if element.text:
        out[-1].append(element.text)
    for child in element:
        _walk(child, out)
    if block:
        out.append([])
    if element.tail:
        out[-1].append(element.tail)


def paragraphs(element: Any) -> list[str]:
    """The element's text as paragraphs (see the module docstring), whitespace folded."""
    out: list[list[str]] = [[]]
    tail, element.tail = element.tail, None
    try:
        _walk(element, out)
    finally:
        element.tail = tail
    return [p for p in (fold("".join(parts)) for parts in out) if p]


def _outermost(elements: Iterable[Any]) -> list[Any]:
    chosen: list[Any] = []
    ids = set()
    for el in elements:
        if any(id(a) in ids for a in el.iterancestors()):
            continue
        chosen.append(el)
        ids.add(id(el))
    return chosen


def materialise(html: str | bytes, rule: dict[str, Any]) -> list[str]:
    """The paragraphs a `body_rule` selects from the page (see the module docstring)."""
    doc = parse(html)
    found = doc.xpath(rule["xpath"])
    if not isinstance(found, list) or not found:
        raise ValueError(f"xpath {rule['xpath']!r} selects nothing")
    elements = _outermost(e for e in found if isinstance(e, etree._Element))
    drops = list(rule.get("drop") or [])
    for element in elements:
        for d in drops:
            if d.startswith("xpath:"):
                for victim in element.xpath(d[len("xpath:") :]):
                    _remove(victim)
    result: list[str] = []
    for element in elements:
        result.extend(paragraphs(element))
    lines = [d for d in drops if not d.startswith("xpath:")]
    patterns = [re.compile(d[3:]) for d in lines if d.startswith("re:")]
    exact = {fold(d) for d in lines if not d.startswith("re:")}
    return [p for p in result if p not in exact and not any(r.search(p) for r in patterns)]


def _remove(element: Any) -> None:
    """Remove an element and its text, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def visible_text(html: str | bytes) -> str:
    """The `<body>` text, one paragraph per line, read as `paragraphs` reads it."""
    doc = parse(html)
    body = doc.find("body")
    return "\n".join(paragraphs(body if body is not None else doc))


# --------------------------------------------------------------------------- set access


def page_bytes(page_id: str, root: Path = SET_DIR) -> bytes:
    """The stored page of one set entry, exactly as found."""
    return gzip.decompress((root / page_id / "page.html.gz").read_bytes())


def expected(page_id: str, root: Path = SET_DIR) -> dict[str, Any]:
    """The `expected.json` of one set entry."""
    data: dict[str, Any] = json.loads((root / page_id / "expected.json").read_text("utf-8"))
    return data


def _read(target: str) -> bytes:
    path = Path(target)
    if path.is_file():
        raw = path.read_bytes()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return page_bytes(target)


# --------------------------------------------------------------------------- commands


def _xpath_of(element: Any) -> str:
    ident = element.get("id")
    if ident:
        return f'//{element.tag}[@id="{ident}"]'
    classes = element.get("class")
    if classes:
        return f'//{element.tag}[@class="{classes}"]'
    result: str = element.getroottree().getpath(element)
    return result


def blocks(raw: bytes, minimum: int = 200) -> Iterator[str]:
    """Candidate containers: elements holding at least `minimum` characters of `p` text."""
    doc = parse(raw)
    for element in doc.iter():
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
            continue
        ps = [fold(p.text_content()) for p in element.xpath("./p|./*/p")]
        size = sum(len(p) for p in ps)
        if size >= minimum:
            yield f"{len(ps):3} p {size:6} ch  {_xpath_of(element)[:150]}"


def dates(raw: bytes) -> Iterator[str]:
    """Date evidence of a page: meta tags, JSON-LD dates, `<time>`, short date-like lines."""
    doc = parse(raw)
    for meta in doc.xpath("//meta[@content]"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if re.search(r"date|time|publish|modif|created|updated", key, re.I):
            yield f"meta {key} = {meta.get('content')}"
    for script in doc.xpath('//script[contains(@type, "ld+json")]/text()'):
        for m in re.finditer(r'"(date\w*|upload\w*)"\s*:\s*"([^"]+)"', script):
            yield f"json-ld {m.group(1)} = {m.group(2)}"
    for t in doc.xpath("//time|//*[@itemprop='datePublished']|//abbr[@class='published']"):
        value = t.get("datetime") or t.get("content") or t.get("title") or ""
        yield f"<{t.tag}> {value} | {fold(t.text_content())[:80]}"
    body = doc.find("body")
    for line in paragraphs(body if body is not None else doc):
        if len(line) <= 120 and _DATE_HINT.search(line):
            yield f"line: {line}"


def _rule_from(args: argparse.Namespace) -> dict[str, Any]:
    if args.xpath:
        return {"xpath": args.xpath, "drop": args.drop or []}
    rule: dict[str, Any] = expected(args.target)["body_rule"]
    return rule


def fill(page_id: str, root: Path = SET_DIR) -> list[str]:
    """Write the `body` of one entry's expected.json from its `body_rule`; return it."""
    data = expected(page_id, root)
    data["body"] = materialise(page_bytes(page_id, root), data["body_rule"])
    path = root / page_id / "expected.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    body: list[str] = data["body"]
    return body


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="annotate tests/data/realpages")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("blocks")
    b.add_argument("target")
    b.add_argument("--min", type=int, default=200)
    s = sub.add_parser("show")
    s.add_argument("target")
    s.add_argument("--xpath")
    s.add_argument("--drop", action="append")
    d = sub.add_parser("dates")
    d.add_argument("target")
    f = sub.add_parser("fill")
    f.add_argument("ids", nargs="+")
    args = parser.parse_args(argv)
    if args.cmd == "blocks":
        for line in blocks(_read(args.target), args.min):
            print(line)
    elif args.cmd == "show":
        for number, para in enumerate(materialise(_read(args.target), _rule_from(args)), 1):
            print(f"[{number}] {para}")
    elif args.cmd == "dates":
        for line in dates(_read(args.target)):
            print(line)
    else:
        for page_id in args.ids:
            body = fill(page_id)
            print(f"{page_id}: {len(body)} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
