"""Enrichment speed on one core: articles per second through `transforms.enrich.enrich_frame`
(places, actors and sources by one Aho-Corasick pass, quotes, date phrases, relevance), at
1,000, 10,000 and 100,000 articles.

Run: `.venv/bin/python bench/enrich_speed.py [--sizes 1000 10000 100000] [--batch 2000]`.
Target: at least 2,000 articles/s at every size; exits 1 below it.

Articles: the local site's generated corpus (`localsite.corpus.make_article`: aawsat-style
bodies built from the two real seed articles, moved to towns of every governorate, with
bylines, datelines, image credits, relevant quotes and date phrases), mean about 2.5 KB of text.
Generation is not timed. The process is pinned to one core; batches of `--batch` articles are
annotated as the flow does (a frame in, six frames out). The automaton is built before timing
(a process builds it once, about 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from localsite.corpus import make_article  # noqa: E402
from transforms.enrich import annotate, enrich_frame  # noqa: E402

TARGET = 2000.0
DISTINCT = 5000  # distinct generated articles; larger sizes repeat them with new ids


def corpus(size: int) -> pl.DataFrame:
    """`size` articles as the enrichment stage sees them."""
    base = []
    for i in range(min(size, DISTINCT)):
        a = make_article(0, 6_000_000 + i)
        base.append(
            {
                "headline": a["headline"],
                "body_text": "\n\n".join(a["paragraphs"]),
                "published_date": dt.date.fromisoformat(a["published"][:10]),
                "image_credit": (a["image"] or {}).get("credit"),
                "byline": a["byline"],
                "dateline": a["dateline"],
            }
        )
    rows = [{"article_id": f"aawsat:{7_000_000 + i}", **base[i % len(base)]} for i in range(size)]
    return pl.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    annotate("تمهيد", "درعا", dt.date(2024, 1, 1))  # build the automaton outside the timing
    ok = True
    for size in args.sizes:
        frame = corpus(size)
        kb = frame.get_column("body_text").str.len_bytes().mean() / 1024
        rows = 0
        started = time.perf_counter()
        for start in range(0, size, args.batch):
            out = enrich_frame(frame.slice(start, args.batch))
            rows += sum(t.height for t in out.tables.values())
        elapsed = time.perf_counter() - started
        rate = size / elapsed
        ok &= rate >= TARGET
        print(
            f"{size:>7} articles ({kb:.1f} KB body on average): {elapsed:7.2f} s, "
            f"{rate:7.0f} articles/s, {rows / size:.1f} enrichment rows per article"
            f"{'' if rate >= TARGET else '  BELOW TARGET'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
