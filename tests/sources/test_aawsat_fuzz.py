"""Fuzzing `sources.aawsat.parse_article` with mutated copies of the local site's pages.

The mutations are those of `bench/fuzz_parser.py` (delete, duplicate or swap elements,
truncate, inject Arabic/Unicode/control characters, break tags, strip attributes, change
the encoding, nest deeply, empty or repeat elements), drawn here by Hypothesis,
derandomised: the same few hundred examples on every run. The contract: only
`sources.base.ParseError` escapes, and every record has the `ParsedArticleModel` columns, no
`""` and validates against the model. The 10,000-page run is `bench/fuzz_parser.py`.
Rewrites that keep a page's meaning (entities, line endings, indentation, letter case, quote
style, extra attributes, comments) must keep its record identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import fuzz_parser as fz
from sources import aawsat
from sources.base import ParseError

PAGES = fz.fixture_pages()
SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

fraction = st.floats(min_value=0.0, max_value=1.0, exclude_max=True, allow_nan=False)
payload = st.lists(st.sampled_from(fz.ALPHABET), max_size=24).map("".join)
mutation = st.builds(
    fz.Mutation, kind=st.sampled_from(sorted(fz.MUTATIONS)), a=fraction, b=fraction, text=payload
)


def parse_checked(html: str, url: str, records: list[dict[str, Any]]) -> None:
    """Parse; a ParseError is a fine answer, any other exception fails the example."""
    try:
        record = aawsat.parse_article(html, url)
    except ParseError:
        return
    assert fz.record_problems(record) == []
    records.append(record)


def test_mutated_fixture_pages_raise_only_parse_errors_and_keep_the_record_contract() -> None:
    records: list[dict[str, Any]] = []

    @settings(SETTINGS, max_examples=300)
    @given(
        page=st.integers(min_value=0, max_value=len(PAGES) - 1),
        mutations=st.lists(mutation, min_size=1, max_size=4),
    )
    def run(page: int, mutations: list[Any]) -> None:
        _, url, html = PAGES[page]
        parse_checked(fz.mutate(html, mutations), url, records)

    run()
    assert records, "no mutated page parsed at all: the mutations are too destructive"
    assert fz.validate_records(records) == []


def test_arbitrary_text_raises_only_parse_errors() -> None:
    records: list[dict[str, Any]] = []

    @settings(SETTINGS, max_examples=100)
    @given(text=st.text(), url=st.sampled_from([url for _, url, _ in PAGES[:3]]))
    def run(text: str, url: str) -> None:
        parse_checked(text, url, records)

    run()
    assert fz.validate_records(records) == []


# Regressions the fuzzer found (both escaped `parse_article` before the fix).


def test_markup_nested_deeper_than_the_recursion_limit() -> None:
    _, url, html = PAGES[0]
    body_start = html.index('<div class="entry-content')
    deep = html[:body_start] + "<div>" * 5000 + html[body_start:]
    record = aawsat.parse_article(deep, url)
    assert fz.record_problems(record) == []


def test_lone_surrogates_in_the_text() -> None:
    _, url, html = PAGES[0]
    at = html.index("<h1>") + 4
    record = aawsat.parse_article(html[:at] + "\ud800" + html[at:], url)
    assert record["headline"].startswith("\ufffd")
    assert fz.record_problems(record) == []


def test_malformed_urls_in_links_and_canonical() -> None:
    _, url, html = PAGES[1]  # has a related block
    html = html.replace('<link rel="canonical" href="', '<link rel="canonical" href="https://[x', 1)
    html = html.replace('<a href="', '<a href="//[bad', 3)
    record = aawsat.parse_article(html, url)
    assert fz.record_problems(record) == []


# Rewrites that leave the page as a browser shows it: the record must not change.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_INLINE = r"(?!/?(?:a|span|strong|b|em|i|time)\b)"
REWRITES: dict[str, Callable[[str], str]] = {
    "numeric entities": lambda h: re.sub("[\u0600-\u06ff]", lambda m: f"&#{ord(m.group())};", h),
    "crlf line endings": lambda h: h.replace("\n", "\r\n"),
    "re-indented blocks": lambda h: re.sub(rf">\s*<{_INLINE}", ">\n      <", h),
    "upper-case tags": lambda h: _TAG.sub(lambda m: f"<{m[1]}{m[2].upper()}{m[3]}>", h),
    "single-quoted attributes": lambda h: re.sub(r'(\s[a-z-]+)="([^"\']*)"', r"\1='\2'", h),
    "extra attributes": lambda h: _TAG.sub(
        lambda m: m[0] if m[1] or m[0].endswith("/>") else f'<{m[2]} data-v="1"{m[3]}>', h
    ),
    "comments between elements": lambda h: re.sub(r"(</(?:p|div|h1|span)>)", r"\1<!-- x -->", h),
}


def _outcome(html: str, url: str) -> object:
    try:
        return aawsat.parse_article(html, url)
    except ParseError as exc:
        return exc.reason


@pytest.mark.parametrize("rewrite", sorted(REWRITES))
def test_rewrites_that_keep_the_page_keep_the_record(rewrite: str) -> None:
    for name, url, html in PAGES:
        assert _outcome(REWRITES[rewrite](html), url) == _outcome(html, url), name
