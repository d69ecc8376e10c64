"""Extract article records from saved pages: the outlet module owning the URL, else generic.

Contract: `extract_page(page, url)` takes HTML as text or bytes (bytes are decoded by
`sources.http.decode_body`: BOM, then `<meta charset>`, else UTF-8; windows-1256 works) and
returns one JSON-able dict; `extract_many(items)` does the same for `(path, url or None)` pairs,
in input order, one record per item, adding `path`. A page that cannot be parsed gives a record
with `error` set to the `ParseError` reason (`not_article`, `no_body`, `no_headline`,
`layout_changed`, `bad_html`; `parser_crash` for an unexpected exception, `unreadable` for a
file that cannot be read) and the parsed fields empty: one bad page never stops the others.

Record keys: `url`, `source` (the site id), `error`, `error_detail`, `headline`, `author`,
`published_at` (the page's machine date `published_meta` as given, ISO 8601, else None;
turning `date_text` into UTC is `transforms.dates`' job, in the CLI layer), `body_text`
(paragraphs joined by a blank line), then every other `ParsedArticleModel` column.

Without a URL the page's own `<link rel=canonical>`/`og:url` chooses the outlet; a page with
neither is read by the generic extractor as site `local`. A URL goes to the outlet module that
owns its host and path (`sources.registry.outlet_for_url`; that module may say `not_article` for
a URL of its own it does not know); any other URL, including another part of an outlet's host,
goes to the generic extractor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from types import ModuleType
from typing import Any

from sources import generic
from sources.base import ParseError
from sources.html import extract_head
from sources.http import decode_body
from sources.registry import outlet_for_url

PARSED_COLUMNS = (
    "url", "article_id", "site", "canonical_url", "layout", "article_type", "section",
    "subsection", "headline", "subheadline", "byline", "author", "dateline", "date_text",
    "published_meta", "updated_meta", "paragraphs", "lead_image_url", "image_caption",
    "image_credit", "tags", "related_ids", "parser_version",
)  # fmt: skip
LIST_COLUMNS = frozenset({"paragraphs", "tags", "related_ids"})
RECORD_KEYS = (
    "url", "source", "error", "error_detail", "headline", "author", "published_at", "body_text",
    *(c for c in PARSED_COLUMNS if c not in ("url", "headline", "author")),
)  # fmt: skip
PARAGRAPH_SEPARATOR = "\n\n"


def _page_url(html: str) -> str | None:
    """The page's own canonical URL (`<link rel=canonical>`, else `og:url`), if absolute."""
    head = extract_head(html)
    found = head.canonical or head.get("og:url")
    if found and found.strip().lower().startswith(("http://", "https://")):
        return found.strip()
    return None


def _decode(page: str | bytes, content_type: str | None) -> str:
    if isinstance(page, bytes | bytearray):
        return decode_body(bytes(page), content_type)
    return page


def _empty_record(url: str | None, source: str | None, reason: str, detail: str) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    record.update(url=url, source=source, error=reason, error_detail=detail or None)
    for column in LIST_COLUMNS:
        record[column] = []
    return record


def _source_of(module: ModuleType | None, url: str | None) -> str | None:
    if module is not None:
        return str(module.SITE)
    return generic.site_id(generic.host_of(url)) if url else None


def to_record(parsed: dict[str, Any]) -> dict[str, Any]:
    """A parsed article (`ParsedArticleModel` columns) as an extract record."""
    paragraphs = parsed.get("paragraphs") or []
    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    record.update({k: v for k, v in parsed.items() if k in record})
    record.update(
        source=parsed.get("site"),
        error=None,
        error_detail=None,
        published_at=parsed.get("published_meta"),
        body_text=PARAGRAPH_SEPARATOR.join(paragraphs) or None,
    )
    for column in LIST_COLUMNS:
        record[column] = list(record[column] or [])
    return record


def extract_page(
    page: str | bytes, url: str | None = None, *, content_type: str | None = None
) -> dict[str, Any]:
    """One record for one page (see the module docstring); never raises for a bad page."""
    module: ModuleType | None = None
    try:
        html = _decode(page, content_type)
        url = url or _page_url(html)
        module = outlet_for_url(url)
        if module is not None and url:
            parsed = module.parse_article(html, url)
        else:
            parsed = generic.parse_article(html, url or "")
    except ParseError as exc:
        return _empty_record(url, _source_of(module, url), exc.reason, exc.detail)
    except Exception as exc:  # one broken page must not stop a batch
        return _empty_record(
            url, _source_of(module, url), "parser_crash", f"{type(exc).__name__}: {exc}"
        )
    return to_record(parsed)


def extract_many(
    items: Iterable[tuple[str | PathLike[str], str | None]],
) -> Iterator[dict[str, Any]]:
    """Records for `(path, url or None)` pairs, in input order, each with its `path`."""
    for path, url in items:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            record = _empty_record(
                url, _source_of(outlet_for_url(url), url), "unreadable", str(exc)
            )
        else:
            record = extract_page(raw, url)
        yield {"path": str(path), **record}
