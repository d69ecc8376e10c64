"""The ingest pipeline as plain functions: plan the fetches, turn fetch results into URL
states, archive, parse, clean and enrich, validate, and shape the frames to load.

`flows/ingest.py` wraps these in Prefect tasks; tests call them directly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
from protego import Protego

from schemas import ArticleModel, QuarantineModel, RawPageModel, UrlStateModel
from schemas.articles import ArticleVersionModel
from schemas.parsed import ParsedArticleModel
from schemas.validate import empty_frame, polars_schema, split_valid
from sources.base import DiscoveredUrl, ParseError
from sources.crawl import parse_lastmod
from sources.http import FetchRequest, FetchResult, decode_body
from sources.warc import WarcPointer, write_batch
from transforms.articles import annotate_articles, build_batch, versions_frame
from transforms.dates import DEFAULT_TZ, printed_date
from transforms.enrich import TABLE_MODELS, Enrichment
from warehouse.load import Batch

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Fetches the client refused to make (redirects off the allowed hosts): skipped, not failed.
REFUSALS = ("host_not_allowed", "scheme_not_allowed", "private_address")
# Failed fetches are retried by later runs after 1 h, 2 h, 4 h … at most a week.
RETRY_BASE = timedelta(hours=1)
RETRY_MAX = timedelta(days=7)
# Revisits for revisions: the younger the article, the sooner (age limit, then wait).
REVISIT_SCHEDULE = (
    (timedelta(hours=6), timedelta(hours=1)),
    (timedelta(days=1), timedelta(hours=6)),
    (timedelta(days=3), timedelta(days=1)),
    (timedelta(days=7), timedelta(days=3)),
)


def revisit_after(published_at: datetime | None, fetched_at: datetime) -> datetime | None:
    """When to look at an article again for revisions; None once it is a week old."""
    if published_at is None:
        return None
    age = fetched_at - published_at
    for limit, wait in REVISIT_SCHEDULE:
        if age < limit:
            return fetched_at + wait
    return None


@dataclass
class Plan:
    """Which discovered URLs to fetch now, and the state of the others."""

    to_fetch: list[tuple[DiscoveredUrl, FetchRequest, dict[str, Any] | None]] = field(
        default_factory=list
    )
    settled: list[dict[str, Any]] = field(default_factory=list)  # url_state rows written as is
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class BatchOutcome:
    """What one fetched batch became, ready to load, with its per-state counts."""

    batch: Batch
    counts: Counter[str]
    parse_errors: Counter[str]


def plan_fetch(
    outlet: ModuleType,
    discovered: Sequence[DiscoveredUrl],
    known: pl.DataFrame,
    *,
    now: datetime,
    robots: Protego | None,
    user_agent: str,
    run_id: str,
    refetch: bool = False,
    max_pages: int | None = None,
) -> Plan:
    """Decide, for every discovered URL, whether to fetch it in this run."""
    plan = Plan()
    state_by_url = {row["url"]: row for row in known.iter_rows(named=True)}
    seen_ids: dict[str, str] = {}
    for item in discovered:
        prev = state_by_url.get(item.url)
        article_id = outlet.article_id(item.url)
        reason = None
        if article_id is None:
            reason = "not_article_url"
        elif robots is not None and not robots.can_fetch(item.url, user_agent):
            reason = "robots_txt"
        elif article_id in seen_ids:
            reason = f"duplicate_of: {seen_ids[article_id]}"
        if reason is not None:
            plan.counts["skipped"] += 1
            if prev is None or prev["state"] != "skipped" or prev["reason"] != reason:
                plan.settled.append(
                    _state_row(
                        item,
                        article_id,
                        outlet.SITE,
                        run_id,
                        state="skipped",
                        reason=reason,
                        prev=prev,
                    )
                )
            continue
        assert article_id is not None
        seen_ids[article_id] = item.url
        if not (refetch or _due(prev, item, now)):
            plan.counts["unchanged"] += 1
            continue
        if max_pages is not None and len(plan.to_fetch) >= max_pages:
            plan.counts["deferred"] += 1
            if prev is None:
                plan.settled.append(
                    _state_row(
                        item,
                        article_id,
                        outlet.SITE,
                        run_id,
                        state="pending",
                        reason="deferred: max_pages",
                        prev=None,
                    )
                )
            continue
        request = FetchRequest(
            item.url,
            etag=prev["etag"] if prev else None,
            last_modified=prev["last_modified"] if prev else None,
        )
        plan.to_fetch.append((item, request, prev))
    return plan


def _due(prev: dict[str, Any] | None, item: DiscoveredUrl, now: datetime) -> bool:
    """A URL is due when new, retry time has come, or the sitemap says it changed."""
    if prev is None or prev["state"] == "pending":
        return True
    if prev["next_fetch_after"] is not None and prev["next_fetch_after"] <= now:
        return True
    lastmod = parse_lastmod(item.lastmod)
    fetched = prev["last_fetched_at"]
    return lastmod is not None and fetched is not None and lastmod > fetched


def _state_row(
    item: DiscoveredUrl,
    article_id: str | None,
    site: str,
    run_id: str,
    *,
    state: str,
    reason: str | None,
    prev: dict[str, Any] | None,
    result: FetchResult | None = None,
    content_sha1: str | None = None,
    published_at: datetime | None = None,
    next_fetch_after: datetime | None = None,
) -> dict[str, Any]:
    attempts = (prev["attempts"] if prev else 0) + (result.attempts if result else 0)
    headers = result.headers if result else {}
    return {
        "url": item.url,
        "article_id": article_id,
        "site": site,
        "discovered_via": prev["discovered_via"] if prev else item.discovered_via,
        "state": state,
        "reason": reason,
        "attempts": attempts,
        "last_status": result.status if result else (prev["last_status"] if prev else None),
        "lastmod": parse_lastmod(item.lastmod),
        "last_fetched_at": result.fetched_at
        if result
        else (prev["last_fetched_at"] if prev else None),
        "next_fetch_after": next_fetch_after,
        "content_sha1": content_sha1 or (prev["content_sha1"] if prev else None),
        "published_at": published_at or (prev.get("published_at") if prev else None),
        "etag": headers.get("etag") or (prev["etag"] if prev else None),
        "last_modified": headers.get("last-modified") or (prev["last_modified"] if prev else None),
        "run_id": run_id,
    }


def quarantine_row(
    run_id: str,
    stage: str,
    url: str,
    article_id: str | None,
    reason: str,
    now: datetime,
    *,
    checks: Sequence[str] | None = None,
    columns: Sequence[str] = (),
    failure_cases: str | None = None,
    pointer: WarcPointer | None = None,
) -> dict[str, Any]:
    """One `quarantine` row: what was rejected, at which stage, why, and where its bytes are."""
    return {
        "run_id": run_id,
        "stage": stage,
        "url": url,
        "article_id": article_id,
        "reason": reason,
        "checks": list(checks) if checks is not None else [reason],
        "columns": list(columns),
        "failure_cases": failure_cases,
        "warc_file": pointer.warc_file if pointer else None,
        "warc_offset": pointer.warc_offset if pointer else None,
        "quarantined_at": now,
    }


def fetch_outcome(result: FetchResult) -> tuple[str | None, str | None]:
    """(state, reason) for a fetch that ends here, or (None, None) when the page is to parse."""
    if result.error == "too_large":
        return "failed", "too_large"
    if result.error and result.error.startswith(REFUSALS):
        return "skipped", f"refused: {result.error}"
    if result.error:
        return "failed", result.error
    if result.status == 304:
        return "unchanged", None
    if result.status in (404, 410):
        return "gone", f"http_{result.status}"
    if result.status != 200:
        return "failed", f"http_{result.status}"
    if result.content_type not in HTML_TYPES:
        return "skipped", f"content_type: {result.content_type}"
    return None, None


def raw_page_rows(
    results: Sequence[FetchResult], pointers: Sequence[WarcPointer | None], run_id: str
) -> pl.DataFrame:
    """The `raw_pages` index rows for archived responses."""
    import hashlib

    rows = [
        {
            "url": r.final_url,
            "requested_url": r.url,
            "fetched_at": r.fetched_at,
            "status": r.status,
            "content_type": r.content_type,
            "etag": r.headers.get("etag"),
            "last_modified": r.headers.get("last-modified"),
            "sha1": hashlib.sha1(r.body).hexdigest(),
            "content_length": len(r.body),
            "warc_file": p.warc_file,
            "warc_offset": p.warc_offset,
            "warc_length": p.warc_length,
            "run_id": run_id,
        }
        for r, p in zip(results, pointers, strict=True)
        if p is not None
    ]
    return pl.DataFrame(rows, schema=polars_schema(RawPageModel))


def archive(
    root: Path, name: str, results: Sequence[FetchResult], run_id: str
) -> tuple[pl.DataFrame, list[WarcPointer | None]]:
    """Write the responses to one WARC file; their `raw_pages` rows and pointers."""
    pointers = write_batch(root, name, results)
    return raw_page_rows(results, pointers, run_id), pointers


def parse_pages(
    outlet: ModuleType, pages: Sequence[tuple[FetchResult, str]]
) -> tuple[list[dict[str, Any]], list[tuple[FetchResult, ParseError]]]:
    """Parse each page; (records, failures with their typed errors)."""
    records: list[dict[str, Any]] = []
    failures: list[tuple[FetchResult, ParseError]] = []
    for result, html in pages:
        try:
            record = outlet.parse_article(html, result.final_url)
        except ParseError as exc:
            failures.append((result, exc))
            continue
        except Exception as exc:  # a parser bug must not lose the page or stop the batch
            failures.append((result, ParseError("parser_crash", f"{type(exc).__name__}: {exc}")))
            continue
        record["url"] = result.final_url  # the URL fetched; the page's own is canonical_url
        record["fetched_at"] = result.fetched_at
        records.append(record)
    return records, failures


def parsed_frame(records: Sequence[dict[str, Any]], run_id: str) -> pl.DataFrame:
    """Parsed records as a frame validated by `ParsedArticleModel` (+ fetched_at, run_id)."""
    schema = polars_schema(ParsedArticleModel)
    schema["fetched_at"] = pl.Datetime("us", "UTC")
    frame = pl.DataFrame(list(records), schema=schema)
    return frame.with_columns(pl.lit(run_id).alias("run_id"))


def process_batch(
    outlet: ModuleType,
    fetched: Sequence[tuple[DiscoveredUrl, FetchResult, dict[str, Any] | None]],
    *,
    warc_root: Path,
    warc_name: str,
    run_id: str,
    now: datetime,
) -> BatchOutcome:
    """archive → parse → clean & enrich → validate, for one fetched batch; nothing is dropped."""
    results = [r for _, r, _ in fetched]
    raw_pages, pointers = archive(warc_root, warc_name, results, run_id)
    outcome = process_fetched(outlet, fetched, pointers, run_id=run_id, now=now)
    outcome.batch.raw_pages = raw_pages
    return outcome


def process_fetched(
    outlet: ModuleType,
    fetched: Sequence[tuple[DiscoveredUrl, FetchResult, dict[str, Any] | None]],
    pointers: Sequence[WarcPointer | None],
    *,
    run_id: str,
    now: datetime,
) -> BatchOutcome:
    """parse → clean & enrich → validate already archived responses (fetch, reparse, import)."""
    results = [r for _, r, _ in fetched]
    pointer_by_url = {r.url: p for r, p in zip(results, pointers, strict=True)}
    counts: Counter[str] = Counter()
    states: dict[str, dict[str, Any]] = {}
    quarantine: list[dict[str, Any]] = []
    to_parse: list[tuple[FetchResult, str]] = []
    item_by_url = {r.url: (item, prev) for item, r, prev in fetched}

    def settle(result: FetchResult, state: str, reason: str | None, **extra: Any) -> None:
        item, prev = item_by_url[result.url]
        counts[state] += 1  # the run's outcome for this URL
        if state == "failed":
            attempts = (prev["attempts"] if prev else 0) + 1
            extra["next_fetch_after"] = now + min(RETRY_BASE * 2 ** (attempts - 1), RETRY_MAX)
        elif state == "unchanged" and prev is not None:
            # A 304: the article stays as recorded; only the visit is new.
            state, reason = prev["state"], "not_modified"
            published = prev.get("published_at")
            extra["published_at"] = published
            extra["next_fetch_after"] = revisit_after(published, result.fetched_at)
        states[result.url] = _state_row(
            item,
            outlet.article_id(result.final_url) or outlet.article_id(result.url),
            outlet.SITE,
            run_id,
            state=state,
            reason=reason,
            prev=prev,
            result=result,
            **extra,
        )

    def reject(result: FetchResult, stage: str, reason: str, **details: Any) -> None:
        quarantine.append(
            quarantine_row(
                run_id, stage, result.final_url, outlet.article_id(result.final_url), reason,
                now, pointer=pointer_by_url.get(result.url), **details,
            )
        )  # fmt: skip
        settle(result, "quarantined", reason)

    for result in results:
        state, reason = fetch_outcome(result)
        if state is not None:
            settle(result, state, reason)
        else:
            to_parse.append((result, decode_body(result.body, result.headers.get("content-type"))))

    records, failures = parse_pages(outlet, to_parse)
    parse_errors: Counter[str] = Counter()
    for result, error in failures:
        parse_errors[error.reason] += 1
        details = json.dumps({"error": str(error), "missing": error.missing}, ensure_ascii=False)
        reject(
            result,
            "parse",
            error.reason,
            checks=[error.reason],
            columns=error.missing,
            failure_cases=details,
        )

    result_by_final = {r.final_url: r for r in results}
    records_frame = parsed_frame(records, run_id).with_columns(
        pl.lit(getattr(outlet, "DEFAULT_TZ", DEFAULT_TZ)).alias("default_tz")
    )
    parsed, rejected_parsed = split_valid(ParsedArticleModel, records_frame)
    built = build_batch(parsed)
    articles = built.articles
    valid, rejected = split_valid(ArticleModel, articles)
    for bad_rows, frame, stage in (
        (rejected_parsed, records_frame, "parse"),
        (rejected, articles, "validate"),
    ):
        for row in bad_rows.iter_rows(named=True):
            bad = frame.row(row["row"], named=True)
            reject(
                result_by_final[bad["url"]],
                stage,
                "failed checks: " + "; ".join(row["checks"]),
                checks=row["checks"],
                columns=row["columns"],
                failure_cases=row["failure_cases"],
            )
    for article in valid.select("url", "content_sha1", "published_at", "fetched_at").iter_rows(
        named=True
    ):
        settle(
            result_by_final[article["url"]],
            "loaded",
            None,
            content_sha1=article["content_sha1"],
            published_at=article["published_at"],
            next_fetch_after=revisit_after(article["published_at"], article["fetched_at"]),
        )

    url_by_id = dict(valid.select("article_id", "url").iter_rows())
    enrichment, enrichment_rejects = validate_enrichment(built.enrichment, url_by_id)
    quarantine += [_enrich_reject(row, run_id, now, t) for t, row in enrichment_rejects]

    versions = versions_frame(valid)
    batch = Batch(
        url_state=url_state_frame(list(states.values())),
        articles=valid,
        article_versions=versions if valid.height else empty_frame(ArticleVersionModel),
        quarantine=pl.DataFrame(quarantine, schema=polars_schema(QuarantineModel)),
        enrichment=enrichment,
        enriched_ids=list(url_by_id),
    )
    return BatchOutcome(batch=batch, counts=counts, parse_errors=parse_errors)


def _enrich_reject(
    row: dict[str, Any], run_id: str, now: datetime, table: str | None = None
) -> dict[str, Any]:
    """The quarantine row (stage `enrich`) of an article, or a row of `table`, that failed."""
    return quarantine_row(
        run_id, "enrich", row["url"], row["article_id"],
        (f"{table}: " if table else "") + "failed checks: " + "; ".join(row["checks"]), now,
        checks=row["checks"], columns=row["columns"], failure_cases=row["failure_cases"],
    )  # fmt: skip


def validate_enrichment(
    enrichment: Enrichment, url_by_id: dict[str, str]
) -> tuple[dict[str, pl.DataFrame], list[tuple[str, dict[str, Any]]]]:
    """The enrichment rows of these articles, validated; (valid frames, (table, reject) pairs).

    A rejected row is quarantined on its own (stage `enrich`): the article and its other rows
    still load, since the enrichment is derived and rebuilt by `syria-etl enrich --rebuild`.
    """
    wanted = pl.Series(list(url_by_id), dtype=pl.Utf8).implode()
    valid: dict[str, pl.DataFrame] = {}
    rejects: list[tuple[str, dict[str, Any]]] = []
    for table, model in TABLE_MODELS.items():
        frame = enrichment.tables[table].filter(pl.col("article_id").is_in(wanted))
        good, bad = split_valid(model, frame)
        valid[table] = good
        for row in bad.iter_rows(named=True):
            rejected = frame.row(row["row"], named=True)
            article_id = rejected["article_id"]
            rejects.append((table, {**row, "article_id": article_id, "url": url_by_id[article_id]}))
    return valid, rejects


def url_state_frame(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """`url_state` rows as a frame in the model's dtypes."""
    return pl.DataFrame(list(rows), schema=polars_schema(UrlStateModel))


def reenrich_articles(
    stored: pl.DataFrame, *, run_id: str, now: datetime, default_tz: dict[str, str]
) -> BatchOutcome:
    """Stored `articles` rows → the same articles with fresh enrichment rows and relevance.

    No page is read: the enrichment is derived from the stored text, so a dictionary change is
    applied to the whole warehouse without the network. `published_date` is filled where an
    older load left it empty (the date of `published_at` in the outlet's zone, `default_tz`).
    """
    counts: Counter[str] = Counter()
    if stored.is_empty():
        return BatchOutcome(Batch(), counts, Counter())
    zones = stored.get_column("site").replace_strict(
        default_tz, default=DEFAULT_TZ, return_dtype=pl.Utf8
    )
    filled = [
        day if day is not None else printed_date(ts, zone)
        for day, ts, zone in zip(
            stored.get_column("published_date").to_list(),
            stored.get_column("published_at").to_list(),
            zones.to_list(),
            strict=True,
        )
    ]
    built = annotate_articles(
        stored.with_columns(
            pl.Series("published_date", filled, dtype=pl.Date), pl.lit(run_id).alias("run_id")
        )
    )
    articles = built.articles
    valid, rejected = split_valid(ArticleModel, articles)
    keys = articles.select("url", "article_id")
    quarantine = [
        _enrich_reject({**row, **keys.row(row["row"], named=True)}, run_id, now)
        for row in rejected.iter_rows(named=True)
    ]
    url_by_id = dict(valid.select("article_id", "url").iter_rows())
    tables, rejects = validate_enrichment(built.enrichment, url_by_id)
    quarantine += [_enrich_reject(row, run_id, now, t) for t, row in rejects]
    counts["loaded"] = valid.height
    if rejected.height:
        counts["quarantined"] = rejected.height
    batch = Batch(
        articles=valid,
        quarantine=pl.DataFrame(quarantine, schema=polars_schema(QuarantineModel)),
        enrichment=tables,
        enriched_ids=list(url_by_id),
    )
    return BatchOutcome(batch=batch, counts=counts, parse_errors=Counter())
