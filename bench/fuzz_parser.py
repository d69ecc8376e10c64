"""Fuzz `sources.aawsat.parse_article` with mutated copies of the local site's article pages.

Run: `.venv/bin/python bench/fuzz_parser.py [--pages 10000] [--seed 0] [--save DIR]`.

Each fuzzed page is one of the golden pages (`tests/golden/aawsat/`) with 1-4 mutations
applied in order (`MUTATIONS`): delete, duplicate or swap random elements, truncate at a
random offset, inject random Arabic/Unicode/control characters (lone surrogates included),
break a tag (drop `>`, escape `<`, stray `<`, `</`, `<!--`, `<![CDATA[`, `<script>`), strip
attributes, change the encoding (mojibake through cp1256/latin-1/UTF-16, numeric entities,
a BOM), nest an element thousands of levels deep, empty an element's text, or repeat an
element. Positions are drawn as fractions, four times in five among the elements of the
article region. The contract checked: nothing but `sources.base.ParseError` escapes
`parse_article`; every record has exactly the `ParsedArticleModel` columns, no `""` value
and no empty or non-string list item (`record_problems`), and all records together validate
against `schemas.parsed.ParsedArticleModel` (one Pandera call per batch of 500).

A page that takes longer than `--limit` seconds (5) to parse is a breach too (`too_slow`).
Prints the count, wall time, pages per second, per-page time percentiles, outcomes by
reason, and any contract breach with the page and mutations that caused it (with `--save`,
the mutated HTML too). Exits 1 on any breach. `tests/sources/test_aawsat_fuzz.py` runs the
same mutations from Hypothesis (derandomised, a few hundred examples) in the test suite.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import html as htmllib
import json
import random
import re
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from schemas.parsed import ParsedArticleModel  # noqa: E402
from schemas.validate import polars_schema  # noqa: E402
from sources import aawsat  # noqa: E402
from sources.base import ParseError  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "aawsat"
WWW = ROOT / "tests" / "site" / "www"
COLUMNS = list(ParsedArticleModel.to_schema().columns)
LIST_COLUMNS = frozenset(
    name
    for name, column in ParsedArticleModel.to_schema().columns.items()
    if isinstance(column.dtype.type, pl.List)
)
REQUIRED = frozenset(
    name for name, column in ParsedArticleModel.to_schema().columns.items() if not column.nullable
)

# Characters injected into pages: Arabic letters, diacritics, tatweel and digits; bidi and
# zero-width marks; controls, NUL, BOM and non-characters; markup characters; lone
# surrogates; astral symbols and combining marks.
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
    "٠١٢٣٤٥٦٧٨٩0123456789«»:؛،؟-–—()[]/ "
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\u200b\u200c\u200d\u2060"
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\uffff\ufffd"
    "<>&\"'=;#\n\t\r"
    "\ud800\udc00\udfff"
    "😀𝔸\U0010fffd\u0301\u20dd中"
)
BREAKERS = (
    "<",
    "</",
    "<!--",
    "<![CDATA[",
    "<script>",
    "<style>",
    "<!",
    "<?",
    "<a href='",
    '"',
    "&",
)
NEST_TAGS = ("div", "span", "b", "p", "section", "li", "a")
ENCODINGS = (
    "utf8_as_cp1256",
    "utf8_as_latin1",
    "cp1256_as_utf8",
    "utf16_as_utf8",
    "entities",
    "bom",
)

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^<>]*?(/?)>")
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "amp-img",
    }
)  # fmt: skip
_FOCUS_START = re.compile(r"block-aawsatv3-content|article_content|<article\b|breadcrumb")


@dataclass(frozen=True)
class Mutation:
    """One edit: its kind, two fractions in [0, 1) that pick positions, and a payload text."""

    kind: str
    a: float
    b: float
    text: str = ""


# --------------------------------------------------------------------------- elements


def element_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) of elements, pairing start and end tags with a stack (void tags alone)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            for depth in range(len(stack) - 1, max(-1, len(stack) - 8), -1):
                if stack[depth][0] == name:
                    spans.append((stack[depth][1], m.end()))
                    del stack[depth:]
                    break
        elif name in _VOID or selfclosing:
            spans.append((m.start(), m.end()))
        else:
            stack.append((name, m.start()))
    spans.sort()
    return spans


def focus_range(html: str) -> tuple[int, int]:
    """Where the article region lies: from its first marker to the last `<footer`."""
    m = _FOCUS_START.search(html)
    start = m.start() if m else 0
    end = html.rfind("<footer")
    return start, end if end > start else len(html)


def _pick_span(html: str, spans: list[tuple[int, int]], a: float, b: float) -> tuple[int, int]:
    if not spans:
        return 0, 0
    if b < 0.8:
        lo, hi = focus_range(html)
        i, j = bisect.bisect_left(spans, (lo, 0)), bisect.bisect_left(spans, (hi, 0))
        if j > i:
            return spans[i + int(a * (j - i))]
    return spans[int(a * len(spans))]


# --------------------------------------------------------------------------- mutations


def _delete(html: str, m: Mutation) -> str:
    start, end = _pick_span(html, element_spans(html), m.a, m.b)
    return html[:start] + html[end:]


def _duplicate(html: str, m: Mutation) -> str:
    start, end = _pick_span(html, element_spans(html), m.a, m.b)
    return html[:end] + html[start:end] + html[end:]


def _swap(html: str, m: Mutation) -> str:
    spans = element_spans(html)
    first = _pick_span(html, spans, m.a, m.b)
    others = [s for s in spans if s[1] <= first[0] or s[0] >= first[1]]
    if not others:
        return html
    second = others[int(m.b * len(others))]
    (s1, e1), (s2, e2) = sorted([first, second])
    return html[:s1] + html[s2:e2] + html[e1:s2] + html[s1:e1] + html[e2:]


def _truncate(html: str, m: Mutation) -> str:
    lo, hi = focus_range(html) if m.b < 0.8 else (0, len(html))
    return html[: lo + int(m.a * (hi - lo))]


def _offset(html: str, m: Mutation) -> int:
    lo, hi = focus_range(html) if m.b < 0.8 else (0, len(html))
    return lo + int(m.a * (hi - lo))


def _inject(html: str, m: Mutation) -> str:
    at = _offset(html, m)
    return html[:at] + m.text + html[at:]


def _break_tag(html: str, m: Mutation) -> str:
    tags = list(_TAG.finditer(html))
    if not tags:
        return html
    lo, hi = focus_range(html)
    focus = [t for t in tags if lo <= t.start() < hi] or tags
    tag = focus[int(m.a * len(focus))]
    how = int(m.b * 4)
    if how == 0:  # lose the closing '>'
        return html[: tag.end() - 1] + html[tag.end() :]
    if how == 1:  # the '<' escaped: the tag becomes text
        return html[: tag.start()] + "&lt;" + html[tag.start() + 1 :]
    if how == 2:  # a stray construct before the tag
        breaker = BREAKERS[int(m.b * 1000) % len(BREAKERS)]
        return html[: tag.start()] + breaker + m.text + html[tag.start() :]
    # an unterminated attribute value inside the tag
    return html[: tag.end() - 1] + ' data-x="' + m.text + html[tag.end() - 1 :]


def _strip_attrs(html: str, m: Mutation) -> str:
    if m.b < 0.5:  # every attribute of one tag
        tags = list(_TAG.finditer(html))
        if not tags:
            return html
        tag = tags[int(m.a * len(tags))]
        bare = f"<{tag.group(1)}{tag.group(2)}>"
        return html[: tag.start()] + bare + html[tag.end() :]
    # one attribute name everywhere in the article region
    name = ("class", "id", "href", "src", "datetime", "rel", "itemprop", "alt")[int(m.a * 8)]
    lo, hi = focus_range(html)
    pattern = re.compile(rf"""\s{name}\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""")
    return html[:lo] + pattern.sub("", html[lo:hi]) + html[hi:]


def _encoding(html: str, m: Mutation) -> str:
    kind = ENCODINGS[int(m.a * len(ENCODINGS))]
    if kind == "utf8_as_cp1256":
        return html.encode("utf-8", "surrogatepass").decode("cp1256", errors="replace")
    if kind == "utf8_as_latin1":
        return html.encode("utf-8", "surrogatepass").decode("latin-1")
    if kind == "cp1256_as_utf8":
        return html.encode("cp1256", errors="replace").decode("utf-8", errors="replace")
    if kind == "utf16_as_utf8":
        return html.encode("utf-16", "surrogatepass").decode("utf-8", errors="replace")
    if kind == "entities":  # Arabic letters as numeric character references (valid HTML)
        share = max(1, int(m.b * 10))
        return re.sub(
            "[\u0600-\u06ff]",
            lambda c: f"&#{ord(c.group())};" if ord(c.group()) % share == 0 else c.group(),
            html,
        )
    return "\ufeff" + html


def _nest(html: str, m: Mutation) -> str:
    start, end = _pick_span(html, element_spans(html), m.a, m.b)
    depth = 1 + int(m.b * 3000)
    tag = NEST_TAGS[int(m.a * 1000) % len(NEST_TAGS)]
    return html[:start] + f"<{tag}>" * depth + html[start:end] + f"</{tag}>" * depth + html[end:]


def _empty_text(html: str, m: Mutation) -> str:
    start, end = _pick_span(html, element_spans(html), m.a, m.b)
    inner = html[start:end]
    open_end = inner.find(">") + 1
    close = inner.rfind("</")
    if open_end <= 0 or close < open_end:
        return html
    return html[: start + open_end] + htmllib.escape(m.text) + html[start + close :]


def _repeat(html: str, m: Mutation) -> str:
    start, end = _pick_span(html, element_spans(html), m.a, m.b)
    return html[:end] + html[start:end] * (1 + int(m.b * 60)) + html[end:]


MUTATIONS: dict[str, Callable[[str, Mutation], str]] = {
    "delete": _delete,
    "duplicate": _duplicate,
    "swap": _swap,
    "truncate": _truncate,
    "inject": _inject,
    "break_tag": _break_tag,
    "strip_attrs": _strip_attrs,
    "encoding": _encoding,
    "nest": _nest,
    "empty_text": _empty_text,
    "repeat": _repeat,
}


def mutate(html: str, mutations: Sequence[Mutation]) -> str:
    """The page with each mutation applied in turn."""
    for m in mutations:
        html = MUTATIONS[m.kind](html, m)
    return html


def random_mutations(rng: random.Random) -> list[Mutation]:
    """1-4 random mutations (what Hypothesis draws in the test, drawn from `rng`)."""
    kinds = sorted(MUTATIONS)
    out = []
    for _ in range(rng.randint(1, 4)):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        out.append(Mutation(rng.choice(kinds), rng.random(), rng.random(), text))
    return out


# --------------------------------------------------------------------------- contract


@functools.cache
def fixture_pages() -> tuple[tuple[str, str, str], ...]:
    """(name, url, html) of every golden page of the local site."""
    pages = []
    for path in sorted(GOLDEN.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        html = (WWW / gold["path"].lstrip("/") / "index.html").read_text(encoding="utf-8")
        pages.append((path.stem, gold["url"], html))
    return tuple(pages)


def record_problems(record: Any) -> list[str]:
    """Breaches of the record contract that need no Pandera call (an empty list: none)."""
    if not isinstance(record, dict):
        return [f"not a dict: {type(record).__name__}"]
    problems = []
    if list(record) != COLUMNS:
        problems.append(f"columns {list(record)}")
    for name, value in record.items():
        if value is None:
            if name in REQUIRED:
                problems.append(f"{name} is None")
        elif name in LIST_COLUMNS:
            if not isinstance(value, list):
                problems.append(f"{name} is {type(value).__name__}")
            elif not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(f"{name} has an empty or non-string item")
        elif not isinstance(value, str):
            problems.append(f"{name} is {type(value).__name__}")
        elif not value.strip():
            problems.append(f"{name} is blank")
    return problems


def validate_records(records: Sequence[dict[str, Any]]) -> list[str]:
    """Pandera's verdict on a batch of records: failure descriptions (empty: all valid)."""
    if not records:
        return []
    frame = pl.DataFrame(list(records), schema=polars_schema(ParsedArticleModel))
    try:
        ParsedArticleModel.validate(frame, lazy=True)
    except Exception as exc:  # pandera's SchemaErrors: report, do not stop
        return [str(exc)[:2000]]
    return []


class _TooSlow(Exception):
    """Raised by the alarm when one page takes longer than the time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TooSlow


def parse_once(
    url: str, html: str, limit: float = 0.0
) -> tuple[str, dict[str, Any] | None, str | None]:
    """(outcome, record, breach): outcome `parsed` or the ParseError reason; with `limit`
    (seconds, where SIGALRM exists) a page parsing longer is a breach (`too_slow`)."""
    timed = limit > 0 and hasattr(signal, "setitimer")
    if timed:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        record = aawsat.parse_article(html, url)
    except ParseError as exc:
        return exc.reason, None, None
    except _TooSlow:
        return "too_slow", None, f"parse_article took over {limit:g} s"
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "escaped", None, f"{type(exc).__name__}: {exc}"[:500]
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
    problems = record_problems(record)
    return "parsed", record, "; ".join(problems) if problems else None


# --------------------------------------------------------------------------- run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=10_000, help="mutated pages (10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write each breaching page here")
    parser.add_argument(
        "--limit", type=float, default=5.0, help="seconds one page may take (5; 0: none)"
    )
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    pages = fixture_pages()
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    breaches: list[str] = []
    batch: list[dict[str, Any]] = []
    times: list[float] = []
    slowest: tuple[float, str] = (0.0, "")
    started = time.perf_counter()
    for i in range(args.pages):
        name, url, html = pages[rng.randrange(len(pages))]
        mutations = random_mutations(rng)
        kinds.update(m.kind for m in mutations)
        page = mutate(html, mutations)
        t0 = time.perf_counter()
        outcome, record, breach = parse_once(url, page, args.limit)
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        slowest = max(slowest, (elapsed, f"#{i} {name} {[m.kind for m in mutations]}"))
        outcomes[outcome] += 1
        if breach:
            breaches.append(f"#{i} {name} {mutations}: {breach}")
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"breach-{i}.html").write_text(page, "utf-8", errors="surrogatepass")
        if record is not None:
            batch.append(record)
        if (i + 1) % 1000 == 0:
            print(f"  ... {i + 1} pages, {time.perf_counter() - started:.0f} s", flush=True)
        if len(batch) >= 500 or (i == args.pages - 1 and batch):
            breaches += [f"pandera (batch ending #{i}): {e}" for e in validate_records(batch)]
            batch.clear()
    wall = time.perf_counter() - started

    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    print(f"{args.pages} mutated pages from {len(pages)} fixture pages, seed {args.seed}")
    print(f"  wall {wall:.1f} s ({args.pages / wall:.0f} pages/s, mutation and checks included)")
    print(
        f"  parse_article per page: median {statistics.median(times) * 1000:.2f} ms, "
        f"p99 {q[98] * 1000:.2f} ms, max {slowest[0] * 1000:.1f} ms ({slowest[1]})"
    )
    print("  mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("  outcomes:  " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    if breaches:
        print(f"  CONTRACT BREACHES: {len(breaches)}")
        for line in breaches[:20]:
            print("   ", line[:600])
        return 1
    print("  contract held: only ParseError escaped, every record valid, no empty fields")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
