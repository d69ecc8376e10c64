"""Arabic full-text search over the warehouse's articles: a BM25 index in `search.duckdb`.

A full-text index cannot live in DuckLake (`create_fts_index` on a DuckLake table fails at
commit), so `refresh_index(data_dir)` derives a plain DuckDB file, `data_dir/search.duckdb`,
from the warehouse's `articles`: one row per article (article_id, site, published_date,
headline, url, body_text, content_sha1) and `keys`, the headline and body normalised and
light-stemmed (`transforms.stemming`), indexed by the `fts` extension with `stemmer='none'`
(the keys are already stemmed), no stop words, no accent stripping, and words split on spaces
only (the default tokenizer drops every non-Latin letter).

Refresh contract:
* Incremental: only articles whose `content_sha1` is new or changed are re-keyed; the rows of
  the others are carried over from the previous file; articles gone from the warehouse are
  dropped. The BM25 index itself is rebuilt whole (the extension has no incremental update).
  Nothing changed → nothing written. An unreadable previous file → a full rebuild.
* Atomic for readers: the new file is built beside the old one (`.search-*.build.duckdb`),
  copied compacted to `.search-*.duckdb` (a build leaves ~45% free blocks that DuckDB never
  returns) and moved in place with `os.replace`; a reader holding the old file keeps reading
  it, a reader opening after the move sees the new one.
* A missing warehouse raises `FileNotFoundError` (from `warehouse.catalog.connect`).

Query speed: `match_bm25` scans the extension's `terms` table (one row per word occurrence, in
document order) for every query: 1-4 s at 100,000 articles. `build_fts` therefore also derives
`fts_main_docs.postings` (term, document, count, length), sorted by term, and `meta`
(document → article, day, site), and `search` scores them with `match_bm25`'s own formula
(`BM25_SQL`; equal scores, tested), reading only the query terms' row groups. `match_bm25`
still works on the file for analysts.

`search(data_dir, query, since, until, site, limit)` stems the query the same way and ranks by
BM25 (any query word may match; more occurrences and rarer words rank higher), then
filters on the outlet's calendar day (`since` and `until` both included) and the site. Each
hit gets a snippet of about 30 words of the original body around the first occurrence of the
rarest query word the body has; in it, that word's forms and the query words found in at most
half the articles are marked `[[…]]` as written (so `في` of `الاشتباكات في درعا` is matched,
not marked). Brackets, not «…», because the texts quote with «…»; brackets are mirrored
correctly in right-to-left text. `…` marks a cut. A body without any query word (the match was
in the headline) gives its first 30 words. A missing index raises
`SearchIndexMissingError`, which says to run ingest or `syria-etl search --refresh`.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from transforms.arabic import NO_MATCH_KEY, match_tokens
from transforms.stemming import search_key, search_keys_many, stem
from warehouse.catalog import connect, load_extension

SEARCH_FILE = "search.duckdb"
TABLE = "docs"
FTS_SCHEMA = f"fts_main_{TABLE}"
SNIPPET_WORDS = 30
MARK_OPEN, MARK_CLOSE = "[[", "]]"
BATCH = 5000  # articles re-keyed per batch (bounds memory at a million articles)

DOCS_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    article_id VARCHAR PRIMARY KEY,
    site VARCHAR,
    published_date DATE,
    headline VARCHAR,
    url VARCHAR,
    body_text VARCHAR,
    content_sha1 VARCHAR,
    keys VARCHAR
)
"""
CREATE_INDEX = (
    f"PRAGMA create_fts_index('{TABLE}', 'article_id', 'keys', stemmer='none', "
    "stopwords='none', ignore='\\s+', strip_accents=0, lower=0, overwrite=1)"
)
RESULT_SCHEMA = {
    "published_date": pl.Date,
    "site": pl.String,
    "headline": pl.String,
    "url": pl.String,
    "score": pl.Float64,
    "snippet": pl.String,
}


class SearchIndexMissingError(FileNotFoundError):
    """The search index has not been built for this data directory."""


def index_path(data_dir: Path) -> Path:
    """Where the search index of the warehouse under `data_dir` lives."""
    return Path(data_dir) / SEARCH_FILE


def search_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The index rows of articles: their columns plus `keys` (stemmed headline and body)."""
    texts = [
        f"{h or ''} {b or ''}"
        for h, b in zip(frame.get_column("headline"), frame.get_column("body_text"), strict=True)
    ]
    return frame.select(
        "article_id", "site", "published_date", "headline", "url", "body_text", "content_sha1"
    ).with_columns(pl.Series("keys", search_keys_many(texts), dtype=pl.String))


def refresh_index(data_dir: Path, *, full: bool = False) -> dict[str, Any]:
    """Bring `data_dir/search.duckdb` up to date with the warehouse's articles.

    Returns what it did: `mode` (full, incremental, unchanged), `articles` in the index,
    `rekeyed` and `removed` articles, `seconds`.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    target = index_path(data_dir)
    lake = connect(data_dir, read_only=True)
    try:
        current = lake.execute("SELECT article_id, content_sha1 FROM articles").pl()
        incremental = target.exists() and not full
        indexed = _indexed_hashes(target) if incremental else None
        if indexed is None:
            incremental = False
            indexed = pl.DataFrame(schema={"article_id": pl.String, "content_sha1": pl.String})
        stale = current.join(indexed, on=["article_id", "content_sha1"], how="anti")
        removed = indexed.join(current, on="article_id", how="anti").get_column("article_id")
        if incremental and stale.is_empty() and removed.is_empty():
            return _stats("unchanged", len(current), 0, 0, started)
        fd, tmp_name = tempfile.mkstemp(prefix=".search-", suffix=".duckdb", dir=data_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        scratch = tmp.with_suffix(".build.duckdb")
        tmp.unlink()  # DuckDB creates the files itself
        try:
            keep = current.join(stale, on="article_id", how="anti").select("article_id")
            previous = (target, keep) if incremental else None
            _build(lake, scratch, previous, stale.get_column("article_id"), compact_to=tmp)
            os.replace(tmp, target)
        finally:
            for leftover in (tmp, scratch):
                leftover.unlink(missing_ok=True)
                Path(f"{leftover}.wal").unlink(missing_ok=True)
    finally:
        lake.close()
    mode = "incremental" if incremental else "full"
    return _stats(mode, len(current), len(stale), len(removed), started)


def refresh_after_load(data_dir: Path) -> dict[str, Any]:
    """`refresh_index` for the end of a flow: never raises (the index is derived data).

    On failure the summary has `mode` "failed" and the `error`; the next refresh retries.
    """
    try:
        return refresh_index(data_dir)
    except Exception as error:  # a load must not fail because its search index did
        return {"mode": "failed", "error": f"{type(error).__name__}: {error}"}


def _stats(mode: str, articles: int, rekeyed: int, removed: int, started: float) -> dict[str, Any]:
    """The summary `refresh_index` returns."""
    seconds = round(time.perf_counter() - started, 3)
    return {
        "mode": mode,
        "articles": articles,
        "rekeyed": rekeyed,
        "removed": removed,
        "seconds": seconds,
    }


def _indexed_hashes(target: Path) -> pl.DataFrame | None:
    """(article_id, content_sha1) of the index, or None when it is unreadable or old."""
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute(f"SELECT article_id, content_sha1 FROM {TABLE}").pl()
    except duckdb.Error:
        return None
    finally:
        con.close()


def _build(
    lake: duckdb.DuckDBPyConnection,
    path: Path,
    previous: tuple[Path, pl.DataFrame] | None,
    stale: pl.Series,
    *,
    compact_to: Path,
) -> None:
    """Build an index in `path` (the rows to keep from the previous file, `stale` re-keyed),
    then write it compacted to `compact_to`."""
    con = open_index(path)
    try:
        if previous is not None:
            carry_rows(con, *previous)
        ids = stale.to_list()
        for start in range(0, len(ids), BATCH):
            chunk = pl.DataFrame(
                {"article_id": ids[start : start + BATCH]}, schema={"article_id": pl.String}
            )
            lake.register("stale_ids", chunk.to_arrow())
            try:
                articles = lake.execute(
                    "SELECT article_id, site, published_date, headline, url, body_text, "
                    "content_sha1 FROM articles SEMI JOIN stale_ids USING (article_id)"
                ).pl()
            finally:
                lake.unregister("stale_ids")
            insert_rows(con, search_rows(articles))
        build_fts(con)
        compact(con, compact_to)
    finally:
        con.close()


def compact(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Copy the open index into a new file without the free blocks its build left behind.

    DuckDB never shrinks a file: building the BM25 index leaves it about 45% free space
    (1.6 GB for 0.9 GB of data at 100,000 articles).
    """
    row = con.execute("SELECT current_database()").fetchone()
    name = str(row[0]) if row else "memory"
    con.execute(f"ATTACH '{path.as_posix()}' AS compacted")
    try:
        con.execute(f'COPY FROM DATABASE "{name}" TO compacted')
    finally:
        con.execute("DETACH compacted")


def carry_rows(con: duckdb.DuckDBPyConnection, previous: Path, keep: pl.DataFrame) -> None:
    """Copy the rows of the articles in `keep` from a previous index file (keys and all)."""
    con.execute(f"ATTACH '{previous.as_posix()}' AS previous (READ_ONLY)")
    con.register("keep_ids", keep.select("article_id").to_arrow())
    try:
        con.execute(
            f"INSERT INTO {TABLE} SELECT * FROM previous.{TABLE} "
            "SEMI JOIN keep_ids USING (article_id)"
        )
    finally:
        con.unregister("keep_ids")
        con.execute("DETACH previous")


def open_index(path: Path) -> duckdb.DuckDBPyConnection:
    """A writable connection to an index file (created if new) with the fts extension."""
    con = duckdb.connect(str(path))
    load_extension(con, "fts")
    con.execute(DOCS_DDL)
    return con


def insert_rows(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> None:
    """Append rows made by `search_rows` to the index table."""
    con.register("new_rows", rows.to_arrow())
    try:
        con.execute(f"INSERT INTO {TABLE} BY NAME SELECT * FROM new_rows")
    finally:
        con.unregister("new_rows")


def build_fts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the BM25 index over `keys`, derive its query tables, write it to the file.

    `create_fts_index` stores one row per word occurrence in `terms`, in document order, and
    `match_bm25` scans all of it for every query (seen: 1-4 s at 100,000 articles). Two tables
    are derived for `search`: `postings` (term, document, count, document length), sorted by
    term so that a query reads only its terms' row groups, and `meta` (document → article_id,
    day, site) for the filters; `BM25_SQL` scores them with `match_bm25`'s formula.
    """
    con.execute(CREATE_INDEX)
    con.execute(
        f"CREATE OR REPLACE TABLE {FTS_SCHEMA}.postings AS "
        "SELECT p.termid, p.docid, p.tf, d.len::INTEGER AS len FROM ("
        f"    SELECT termid, docid, count(*)::INTEGER AS tf FROM {FTS_SCHEMA}.terms "
        "    GROUP BY termid, docid"
        f") AS p JOIN {FTS_SCHEMA}.docs AS d USING (docid) ORDER BY p.termid, p.docid"
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {FTS_SCHEMA}.meta AS "
        "SELECT d.docid, t.article_id, t.published_date, t.site "
        f"FROM {FTS_SCHEMA}.docs AS d JOIN {TABLE} AS t ON t.article_id = d.name ORDER BY d.docid"
    )
    con.execute("CHECKPOINT")


# BM25 exactly as the fts extension's `match_bm25` (k=1.2, b=0.75, log10 IDF with +1), over
# `postings`; the query's keys are the one parameter, split on spaces; filters go on `m`.
BM25_SQL = f"""
WITH q AS (
    SELECT termid, df FROM {FTS_SCHEMA}.dict
    WHERE term IN (SELECT unnest(string_split(?, ' ')))
),
st AS (SELECT num_docs, avgdl FROM {FTS_SCHEMA}.stats),
scored AS (
    SELECT p.docid,
           sum(log((st.num_docs - q.df + 0.5) / (q.df + 0.5) + 1)
               * (p.tf * (1.2 + 1))
               / (p.tf + 1.2 * (1 - 0.75 + 0.75 * (p.len / st.avgdl)))) AS score
    FROM {FTS_SCHEMA}.postings AS p
    JOIN q USING (termid)
    CROSS JOIN st
    GROUP BY p.docid
)
SELECT m.article_id, s.score
FROM scored AS s
JOIN {FTS_SCHEMA}.meta AS m USING (docid)
"""


def search(
    data_dir: Path,
    query: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    site: str | None = None,
    limit: int = 20,
) -> pl.DataFrame:
    """Articles matching `query` by BM25, best first: date, site, headline, URL, score, snippet."""
    target = index_path(Path(data_dir))
    if not target.exists():
        raise SearchIndexMissingError(
            f"no search index at {target}: run `syria-etl ingest` (it builds the index after "
            "loading) or `syria-etl search --refresh`"
        )
    keys = search_key(query)
    if not keys:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    where, params = ["TRUE"], [keys]
    if since is not None:
        where.append("m.published_date >= ?")
        params.append(since)  # type: ignore[arg-type]
    if until is not None:
        where.append("m.published_date <= ?")
        params.append(until)  # type: ignore[arg-type]
    if site is not None:
        where.append("m.site = ?")
        params.append(site)
    ranked = (
        f"{BM25_SQL} WHERE {' AND '.join(where)} "
        f"ORDER BY s.score DESC, m.published_date DESC, m.article_id LIMIT {int(limit)}"
    )
    con = duckdb.connect(str(target), read_only=True)
    try:
        top = con.execute(ranked, params).pl()
        con.register("top_ids", top.to_arrow())
        hits = con.execute(
            f"SELECT t.published_date, t.site, t.headline, t.url, top_ids.score, t.body_text "
            f"FROM top_ids JOIN {TABLE} AS t USING (article_id) "
            "ORDER BY top_ids.score DESC, t.published_date DESC, t.article_id"
        ).pl()
        wanted, informative = _by_rarity(con, keys)
    finally:
        con.close()
    snippets = [
        snippet(body or "", wanted, also=informative)
        for body in hits.get_column("body_text").to_list()
    ]
    return (
        hits.drop("body_text")
        .with_columns(pl.Series("snippet", snippets, dtype=pl.String))
        .cast(RESULT_SCHEMA)  # type: ignore[arg-type]
    )


def _by_rarity(con: duckdb.DuckDBPyConnection, keys: str) -> tuple[list[str], frozenset[str]]:
    """The query's keys, rarest in the index first, and those in at most half the articles.

    The snippet is centred on the rarest word the body has, and marks the informative ones:
    `في` of `الاشتباكات في درعا` is a match for BM25 (with a tiny weight), not for the eye.
    """
    rows = con.execute(
        f"SELECT term, df, (SELECT num_docs FROM {FTS_SCHEMA}.stats) "
        f"FROM {FTS_SCHEMA}.dict WHERE term IN (SELECT unnest(string_split(?, ' ')))",
        [keys],
    ).fetchall()
    df = {term: n for term, n, _ in rows}
    ordered = sorted(dict.fromkeys(keys.split()), key=lambda k: df.get(k, 0))
    informative = frozenset(term for term, n, docs in rows if n <= docs / 2)
    return ordered, informative


def snippet(
    text: str, wanted: Sequence[str], words: int = SNIPPET_WORDS, also: Collection[str] = ()
) -> str:
    """About `words` words of `text` around the first word whose key is `wanted[0]` (else
    `wanted[1]`, …), with every word of that key or of a key in `also` marked."""
    tokens = match_tokens(text)
    if not tokens:
        return ""
    keys = [stem(key.replace(NO_MATCH_KEY, "")) for key, _, _ in tokens]
    hit = next((keys.index(w) for w in wanted if w in keys), None)
    if hit is None:
        if len(tokens) <= words:
            return " ".join(text.split())
        return " ".join(text[: tokens[words - 1][2]].split()) + " …"
    first = max(0, hit - words // 2)
    last = min(len(tokens), first + words) - 1
    first = max(0, min(first, last - words + 1))
    marked_keys = {keys[hit], *also}
    pieces, position = [], tokens[first][1] if first > 0 else 0
    for i in range(first, last + 1):
        if keys[i] in marked_keys:
            _, word_start, word_end = tokens[i]
            pieces += [text[position:word_start], MARK_OPEN, text[word_start:word_end], MARK_CLOSE]
            position = word_end
    pieces.append(text[position : tokens[last][2] if last < len(tokens) - 1 else len(text)])
    marked = " ".join("".join(pieces).split())
    return ("… " if first > 0 else "") + marked + (" …" if last < len(tokens) - 1 else "")


__all__ = [
    "BM25_SQL",
    "CREATE_INDEX",
    "DOCS_DDL",
    "SEARCH_FILE",
    "SearchIndexMissingError",
    "build_fts",
    "carry_rows",
    "compact",
    "index_path",
    "insert_rows",
    "open_index",
    "refresh_after_load",
    "refresh_index",
    "search",
    "search_rows",
    "snippet",
]
