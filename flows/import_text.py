"""The import-text flow: text dumps of article pages (what a browser's "select all, copy" gives,
like `../shared/seed/aawsat_syria_pages.txt`) → parse (`sources.textdump`) → set aside what the
warehouse holds already → clean & enrich → validate → load → check & report, under the writer
lock and recorded in `runs` like every writing flow. Articles get layout `text-dump`.

Every part of every dump ends the run in one state (the `runs` columns):

* `loaded`: a new article;
* `quarantined`: a page that failed validation (every failed check in `quarantine`, stage
  `validate`, or `parse` for the record shape), a headline without body (`no_body`) or a part
  that is no article (`not_article`, with the evidence: a bare list of links, a listing);
* `unchanged`: `already_loaded` (the warehouse holds an article of the same outlet with the same
  id, the same headline after `transforms.arabic.normalize_for_match`, or the same body after
  it: loaded from HTML or from an earlier dump; it is not touched) or `already_quarantined`
  (this very text was quarantined before for the same reason: nothing is written again);
* `skipped`: the same article a second time in this run's own input.

So importing the same dumps twice writes nothing the second time but the run's own record
(`runs`, `dq_results`).
Text dumps are not archived as raw pages: `reparse` cannot rebuild their articles (import the
dump again after a parser change; a page whose outcome changed is written then).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import flow, get_run_logger

from flows import alerts
from flows.ingest import RunContext, _run_id, finish, load_task, report_task
from flows.pipeline import parsed_frame, quarantine_row, validate_enrichment
from flows.retry import retry_infrastructure
from flows.settings import Settings
from schemas import ArticleModel, QuarantineModel
from schemas.parsed import ParsedArticleModel
from schemas.validate import polars_schema, split_valid
from sources import textdump
from sources.registry import get_outlet
from sources.textdump import DumpPart, TextDump, read_text_dump
from transforms.arabic import clean_list_expr, normalize_for_match, normalize_for_match_expr
from transforms.articles import PARAGRAPH_SEPARATOR, build_batch, versions_frame
from transforms.dates import DEFAULT_TZ
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables
from warehouse.load import Batch
from warehouse.search import refresh_after_load

SOURCE = "text-dump"  # `runs.source` of this flow
BODY_SLACK = 0.1  # stored bodies compared with one: word counts within 10 % (at least 5 words)


@dataclass
class StoredKeys:
    """What identifies the articles of one outlet: ids, headline keys and body keys, those in
    the warehouse when the run started and those this run has met since."""

    ids: set[str] = field(default_factory=set)
    headlines: dict[str, str] = field(default_factory=dict)  # headline key → article_id
    bodies: dict[str, str] = field(default_factory=dict)  # body key → article_id


@dataclass
class TextOutcome:
    """What one batch of dump parts became: the batch to load, counts, and the parts that
    were not loaded with why (for the run's summary)."""

    batch: Batch
    counts: Counter[str]
    parse_errors: Counter[str]
    not_loaded: list[dict[str, Any]]


def headline_key(headline: str | None) -> str:
    """The key two headlines are the same article by (`normalize_for_match`)."""
    return normalize_for_match(headline or "")


def body_key(paragraphs: Sequence[str]) -> str:
    """The key two bodies are the same text by: the SHA-1 of the normalised body."""
    text = normalize_for_match(PARAGRAPH_SEPARATOR.join(paragraphs))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def stored_headlines(con: duckdb.DuckDBPyConnection, site: str) -> StoredKeys:
    """The ids and headline keys of an outlet's stored articles."""
    frame = con.execute("SELECT article_id, headline FROM articles WHERE site = ?", [site]).pl()
    keyed = frame.with_columns(normalize_for_match_expr(pl.col("headline")).alias("key"))
    keys = StoredKeys(ids=set(frame.get_column("article_id").to_list()))
    for article_id, key in keyed.select("article_id", "key").iter_rows():
        keys.headlines.setdefault(key, article_id)
    return keys


def stored_bodies(
    con: duckdb.DuckDBPyConnection, site: str, word_counts: Sequence[int]
) -> dict[str, str]:
    """Body key → article_id of the outlet's stored articles whose word count is near one of
    these (the same text cleaned twice may count a few words apart)."""
    if not word_counts:
        return {}
    ranges = pl.DataFrame(
        {
            "lo": [max(0, n - max(5, int(n * BODY_SLACK))) for n in word_counts],
            "hi": [n + max(5, int(n * BODY_SLACK)) for n in word_counts],
        }
    )
    con.register("word_ranges", ranges)
    try:
        rows = con.execute(
            "SELECT DISTINCT a.article_id, a.paragraphs FROM articles a "
            "JOIN word_ranges r ON a.word_count BETWEEN r.lo AND r.hi WHERE a.site = ?",
            [site],
        ).fetchall()
    finally:
        con.unregister("word_ranges")
    return {body_key(paragraphs or []): article_id for article_id, paragraphs in rows}


def quarantined_before(
    con: duckdb.DuckDBPyConnection, urls: Sequence[str]
) -> set[tuple[str, str, str]]:
    """(url, stage, reason) of the quarantine rows these URLs already have."""
    if not urls:
        return set()
    con.register("wanted_urls", pl.DataFrame({"url": list(urls)}, schema={"url": pl.Utf8}))
    try:
        rows = con.execute(
            "SELECT DISTINCT url, stage, reason FROM quarantine SEMI JOIN wanted_urls USING (url)"
        ).fetchall()
    finally:
        con.unregister("wanted_urls")
    return {(u, s, r) for u, s, r in rows}


def resolve_related(part: DumpPart, keys: StoredKeys) -> list[str]:
    """The related cards' ids: a stored article's with that headline, else the id the card's
    title has as a text-dump article."""
    ids = [
        keys.headlines.get(headline_key(card.title)) or textdump.title_id(card.title)
        for card in part.related
    ]
    return list(dict.fromkeys(ids))


def process_parts(
    parts: Sequence[tuple[str, datetime, DumpPart]],
    keys: StoredKeys,
    *,
    stored_body_keys: dict[str, str],
    quarantined: set[tuple[str, str, str]],
    run_id: str,
    now: datetime,
    default_tz: str = DEFAULT_TZ,
    kept: dict[int, DumpPart] | None = None,
) -> TextOutcome:
    """Dump parts (file, time the text was captured, part) → the batch to load.

    Pure given the keys: `keys` and `stored_body_keys` say what the warehouse holds (`keys`
    grows with the articles of this batch), `quarantined` which quarantine rows exist, `kept`
    which copy of an article met twice in the run's input is loaded (`kept_copies`; by default
    among these parts).
    """
    counts: Counter[str] = Counter(discovered=len(parts))
    parse_errors: Counter[str] = Counter()
    not_loaded: list[dict[str, Any]] = []
    quarantine: list[tuple[dict[str, Any], tuple[str, str, DumpPart, Sequence[str]]]] = []
    records: list[dict[str, Any]] = []
    origin: dict[str, tuple[str, DumpPart]] = {}  # url → (file, part)

    def report(
        file: str, part: DumpPart, outcome: str, reason: str | None, columns: Sequence[str] = ()
    ) -> None:
        not_loaded.append(
            {
                "file": file,
                "lines": part.lines,
                "outcome": outcome,
                "reason": reason,
                "columns": list(columns),
                "article_id": part.article_id,
                "headline": part.headline,
            }
        )

    kept = kept if kept is not None else kept_copies(parts)
    for file, captured, part in parts:
        if part.record is None:
            assert part.reason is not None
            parse_errors[part.reason] += 1
            details = {"file": file, "lines": part.lines, "detail": part.detail}
            row = quarantine_row(
                run_id, "parse", part.url, part.article_id, part.reason, now,
                failure_cases=json.dumps(details, ensure_ascii=False),
            )  # fmt: skip
            quarantine.append((row, (file, part.reason, part, ())))
            continue
        record = part.record
        by_headline, by_body = headline_key(record["headline"]), body_key(record["paragraphs"])
        stored = (
            (record["article_id"] if record["article_id"] in keys.ids else None)
            or keys.headlines.get(by_headline)
            or stored_body_keys.get(by_body)
            or keys.bodies.get(by_body)
        )
        if stored is not None:
            counts["unchanged"] += 1
            counts["already_loaded"] += 1
            report(file, part, "already_loaded", f"in the warehouse as {stored}")
            continue
        if kept[id(part)] is not part:
            other = kept[id(part)]
            counts["skipped"] += 1
            report(file, part, "skipped", f"duplicate_of: lines {other.lines} of this input")
            continue
        row = {k: record[k] for k in ParsedArticleModel.to_schema().columns}
        row["related_ids"] = resolve_related(part, keys)
        row["fetched_at"] = captured
        records.append(row)
        origin[record["url"]] = (file, part)

    frame = parsed_frame(records, run_id).with_columns(pl.lit(default_tz).alias("default_tz"))
    parsed, rejected_parsed = split_valid(ParsedArticleModel, frame)
    built = build_batch(parsed)
    articles = built.articles
    valid, rejected = split_valid(ArticleModel, articles)
    for bad_rows, source, stage in (
        (rejected_parsed, frame, "parse"),
        (rejected, articles, "validate"),
    ):
        for bad in bad_rows.iter_rows(named=True):
            url = source.row(bad["row"], named=True)["url"]
            file, part = origin[url]
            reason = "failed checks: " + "; ".join(bad["checks"])
            row = quarantine_row(
                run_id, stage, url, part.article_id, reason, now, checks=bad["checks"],
                columns=bad["columns"], failure_cases=bad["failure_cases"],
            )  # fmt: skip
            quarantine.append((row, (file, reason, part, bad["columns"])))

    written: list[dict[str, Any]] = []
    for row, (file, reason, part, columns) in quarantine:
        if (row["url"], row["stage"], row["reason"]) in quarantined:
            counts["unchanged"] += 1
            counts["already_quarantined"] += 1
            report(file, part, "already_quarantined", reason, columns)
        else:
            counts["quarantined"] += 1
            report(file, part, "quarantined", reason, columns)
            written.append(row)

    counts["loaded"] += valid.height
    for article_id, headline, paragraphs in valid.select(
        "article_id", "headline", "paragraphs"
    ).iter_rows():
        keys.ids.add(article_id)
        keys.headlines.setdefault(headline_key(headline), article_id)
        keys.bodies.setdefault(body_key(paragraphs), article_id)

    url_by_id = dict(valid.select("article_id", "url").iter_rows())
    enrichment, enrichment_rejects = validate_enrichment(built.enrichment, url_by_id)
    for table, bad in enrichment_rejects:
        written.append(
            quarantine_row(
                run_id, "enrich", bad["url"], bad["article_id"],
                f"{table}: failed checks: " + "; ".join(bad["checks"]), now,
                checks=bad["checks"], columns=bad["columns"], failure_cases=bad["failure_cases"],
            )
        )  # fmt: skip
    batch = Batch(
        articles=valid,
        article_versions=versions_frame(valid) if valid.height else None,
        quarantine=pl.DataFrame(written, schema=polars_schema(QuarantineModel)),
        enrichment=enrichment,
        enriched_ids=list(url_by_id),
    )
    return TextOutcome(batch, counts, parse_errors, not_loaded)


def kept_copies(parts: Sequence[tuple[str, datetime, DumpPart]]) -> dict[int, DumpPart]:
    """For every article part, the copy of its article this run loads: of the parts that are
    one article (the same id, headline key or body key), the first with a date line, else the
    first. Keyed by `id(part)`."""
    groups: list[list[DumpPart]] = []
    group_of: dict[str, int] = {}
    for _, _, part in parts:
        if part.record is None:
            continue
        record = part.record
        marks = [
            record["article_id"],
            "h:" + headline_key(record["headline"]),
            "b:" + body_key(record["paragraphs"]),
        ]
        found = next((group_of[m] for m in marks if m in group_of), None)
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(part)
        for mark in marks:
            group_of.setdefault(mark, found)
    kept: dict[int, DumpPart] = {}
    for group in groups:
        dated = [p for p in group if p.record is not None and p.record["date_text"]]
        choice = dated[0] if dated else group[0]
        kept.update((id(p), choice) for p in group)
    return kept


def body_word_counts(parts: Sequence[tuple[str, datetime, DumpPart]]) -> list[int]:
    """The word counts the articles among these parts will have (as `build_batch` counts)."""
    bodies = [p.record["paragraphs"] for _, _, p in parts if p.record is not None]
    if not bodies:
        return []
    frame = pl.DataFrame({"paragraphs": bodies}, schema={"paragraphs": pl.List(pl.Utf8)})
    counted = frame.select(
        clean_list_expr(pl.col("paragraphs"))
        .list.join(PARAGRAPH_SEPARATOR)
        .str.count_matches(r"\w+")
    )
    return [int(n) for n in counted.to_series().to_list()]


def read_dumps(files: Sequence[str]) -> list[TextDump]:
    """Every file read and split (before the warehouse is touched: an unreadable file fails
    the run with nothing written)."""
    return [read_text_dump(Path(f)) for f in files]


def captured_at(path: str) -> datetime:
    """When a dump's text was captured: its file's modification time (UTC)."""
    return datetime.fromtimestamp(Path(path).stat().st_mtime, UTC)


def _chunks(
    items: list[tuple[str, datetime, DumpPart]], size: int
) -> Iterator[list[tuple[str, datetime, DumpPart]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@flow(name="import-text", log_prints=True, **alerts.HOOKS)
@retry_infrastructure
def import_text_flow(files: list[str], data_dir: str | None = None) -> dict[str, Any]:
    """Import text dumps of aawsat.com pages through the same clean, validate and load path."""
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    run = RunContext(run_id=_run_id(), started_at=datetime.now(UTC))
    logger = get_run_logger()
    dumps = read_dumps(files)
    site = textdump.SITE
    default_tz = getattr(get_outlet(site), "DEFAULT_TZ", DEFAULT_TZ)
    parts = [(d.source, captured_at(d.source), p) for d in dumps for p in d.parts]
    for d in dumps:
        logger.info(
            "%s (%s): %d articles, %d other parts",
            d.source, d.encoding, len(d.articles), len(d.parts) - len(d.articles),
        )  # fmt: skip
    counts: Counter[str] = Counter()
    parse_errors: Counter[str] = Counter()
    not_loaded: list[dict[str, Any]] = []
    with writing(settings.data_dir, f"import-text run {run.run_id}", settings.lock_wait) as con:
        ensure_tables(con)
        keys = stored_headlines(con, site)
        kept = kept_copies(parts)
        for chunk in _chunks(parts, settings.batch_size):
            outcome = process_parts(
                chunk,
                keys,
                stored_body_keys=stored_bodies(con, site, body_word_counts(chunk)),
                quarantined=quarantined_before(con, [p.url for _, _, p in chunk]),
                run_id=run.run_id,
                now=run.started_at,
                default_tz=default_tz,
                kept=kept,
            )
            load_task(con, outcome.batch)
            counts.update(outcome.counts)
            parse_errors.update(outcome.parse_errors)
            not_loaded += outcome.not_loaded
        for item in not_loaded:
            if item["outcome"] == "quarantined":
                logger.warning("%s lines %s: %s", item["file"], item["lines"], item["reason"])
        logger.info("import-text: %s", dict(counts))
        status = "completed"
        message = None
        if counts["loaded"] == 0 and counts["quarantined"] == 0:
            message = "nothing new: every page of the dumps is in the warehouse already"
        dq, status, message = report_task(
            con, run, counts, settings, SOURCE, status, message, "import-text", parse_errors
        )
    logger.info("search index: %s", refresh_after_load(settings.data_dir))
    summary = finish(run, status, message, counts, dq)
    summary["not_loaded"] = not_loaded
    return summary


__all__ = [
    "StoredKeys",
    "TextOutcome",
    "body_key",
    "headline_key",
    "import_text_flow",
    "kept_copies",
    "process_parts",
    "read_dumps",
]
