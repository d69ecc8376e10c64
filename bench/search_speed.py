"""Search speed at 100,000 articles: building the index and answering 20 queries.

Articles: the local site's generated corpus (`localsite.corpus.make_article`, distinct
articles, mean about 2.5 KB of text; built from two real seed articles moved to towns of every
governorate, so the vocabulary is narrow and common words sit in most articles, a hard case
for BM25). Generation is not timed. The rows go through the same functions as
`warehouse.search.refresh_index` (`search_rows`, `insert_rows`, `build_fts`), without the
warehouse read; `search()` then answers from the file as the CLI does (opening the file
read-only and loading the extension each time, both timed).

Figures: keys (normalise + stem, batches of 5,000), table insert, BM25 index build (with the
sorted postings), the compacted copy; file size before and after compaction;
an incremental refresh (1% of the articles revised: carry the other rows over from the previous file
into a new one, re-key and insert the revised, rebuild the BM25 index, which the extension
cannot update in place); 20 queries (words, inflected forms, two
words, with date and site filters), each run three times, median and p95 over the 20 medians.
Target (issue 9): a search answers in at most 200 ms (exit 1 when the median is above it).

Run: `.venv/bin/python bench/search_speed.py [--size 100000] [--keep DIR [--reuse]]`
(`--reuse`: only the queries, on the index an earlier run kept in DIR). The machine's load
average is printed: on a shared machine the figures move with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from localsite.corpus import make_article  # noqa: E402
from warehouse.search import (  # noqa: E402
    BATCH,
    build_fts,
    carry_rows,
    compact,
    index_path,
    insert_rows,
    open_index,
    search,
    search_rows,
)

TARGET_MS = 200.0
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("اشتباكات", {}),
    ("الاشتباكات", {}),
    ("درعا", {}),
    ("بحلب", {}),
    ("إدلب", {}),
    ("الرستن", {}),
    ("قصف", {}),
    ("والقصف المدفعي", {}),
    ("انقطاع الكهرباء", {}),
    ("المياه", {}),
    ("مفاوضات", {}),
    ("الضباط", {}),
    ("النظام السوري", {}),
    ("المرصد", {}),
    ("وجهاء", {}),
    ("تسوية", {}),
    ("درعا", {"since": dt.date(2024, 1, 1)}),
    ("حمص", {"since": dt.date(2023, 1, 1), "until": dt.date(2023, 12, 31)}),
    ("اللاذقية", {"site": "aawsat"}),
    ("غارات جوية", {"site": "enabbaladi"}),
]


def articles(size: int, first: int = 0, revision: int = 0) -> pl.DataFrame:
    """`size` generated articles as `refresh_index` reads them from the warehouse."""
    rows = []
    for i in range(first, first + size):
        a = make_article(0, 6_000_000 + i % 100_000, revision)
        rows.append(
            {
                "article_id": f"aawsat:{7_000_000 + i}",
                "site": "aawsat",
                "published_date": dt.date.fromisoformat(a["published"][:10]),
                "headline": a["headline"],
                "url": f"https://aawsat.com/العالم-العربي/المشرق-العربي/{7_000_000 + i}-خبر",
                "body_text": "\n\n".join(a["paragraphs"]),
                "content_sha1": f"{i}:{revision}",
            }
        )
    return pl.DataFrame(rows)


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the index in this folder and keep it")
    parser.add_argument(
        "--reuse", action="store_true", help="time only the queries on the index kept in --keep"
    )
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    path = index_path(data_dir)
    if args.reuse and path.exists():
        return report_queries(data_dir)
    path.unlink(missing_ok=True)
    timings: dict[str, float] = {"keys": 0.0, "insert": 0.0}
    scratch = path.with_name("search-build.duckdb")
    scratch.unlink(missing_ok=True)
    con = open_index(scratch)
    try:
        for start in range(0, args.size, BATCH):
            frame = articles(min(BATCH, args.size - start), start)
            t = time.perf_counter()
            rows = search_rows(frame)
            timings["keys"] += time.perf_counter() - t
            t = time.perf_counter()
            insert_rows(con, rows)
            timings["insert"] += time.perf_counter() - t
        t = time.perf_counter()
        build_fts(con)
        timings["index"] = time.perf_counter() - t
        t = time.perf_counter()
        compact(con, path)
        timings["compact"] = time.perf_counter() - t
    finally:
        con.close()
    scratch_mb = scratch.stat().st_size / 1e6
    scratch.unlink()
    size_mb = path.stat().st_size / 1e6
    # An incremental refresh: 1% of the articles revised, as refresh_index does it.
    revised = articles(args.size // 100, 0, revision=1)
    t = time.perf_counter()
    new = path.with_name("search-new.duckdb")
    new.unlink(missing_ok=True)
    keep = pl.DataFrame({"article_id": [f"aawsat:{7_000_000 + i}" for i in range(args.size)]})
    keep = keep.join(revised.select("article_id"), on="article_id", how="anti")
    con = open_index(scratch)
    try:
        carry_rows(con, path, keep)
        insert_rows(con, search_rows(revised))
        build_fts(con)
        compact(con, new)
    finally:
        con.close()
    scratch.unlink()
    new.replace(path)
    timings["incremental"] = time.perf_counter() - t

    print(f"search index of {args.size:,} generated articles ({path}, {size_mb:.0f} MB)\n")
    print("| step | seconds |")
    print("|---|---|")
    print(f"| keys (normalise + light stem) | {timings['keys']:.1f} |")
    print(f"| insert into the index table | {timings['insert']:.1f} |")
    print(f"| BM25 index (`create_fts_index`) | {timings['index']:.1f} |")
    print(f"| compacted copy of the file | {timings['compact']:.1f} |")
    build = sum(timings[k] for k in ("keys", "insert", "index", "compact"))
    print(f"| whole build | {build:.1f} |")
    print(f"| incremental refresh, {args.size // 100:,} revised | {timings['incremental']:.1f} |")
    print(
        f"\nfile {size_mb:.0f} MB, {scratch_mb:.0f} MB before compaction "
        f"({size_mb * 1000 / args.size:.2f} MB per 1,000 articles); "
        f"peak RSS {rss_mb():.0f} MB; load average "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        + "\n"
    )
    status = report_queries(data_dir)
    if args.keep is None:
        shutil.rmtree(data_dir, ignore_errors=True)
    return status


def report_queries(data_dir: Path) -> int:
    """Time and print the 20 queries on the index in `data_dir`; 1 when above the target."""
    per_query: list[tuple[str, float, int]] = []
    for query, filters in QUERIES:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            hits = search(data_dir, query, **filters)  # type: ignore[arg-type]
            runs.append((time.perf_counter() - t) * 1000)
        per_query.append(
            (
                " ".join([query, *(f"--{k} {v}" for k, v in filters.items())]),
                statistics.median(runs),
                len(hits),
            )
        )
    medians = sorted(ms for _, ms, _ in per_query)
    median = statistics.median(medians)
    p95 = medians[min(len(medians) - 1, round(0.95 * (len(medians) - 1)))]

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print("| query | ms (median of 3) | hits |")
    print("|---|---|---|")
    for query, ms, n in per_query:
        print(f"| {query} | {ms:.0f} | {n} |")
    print(
        f"\n20 queries: median {median:.0f} ms, p95 {p95:.0f} ms (target ≤ {TARGET_MS:.0f} ms); "
        f"load average {load}"
    )
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
