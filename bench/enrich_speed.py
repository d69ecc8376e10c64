"""Enrichment speed on one core, articles per second, at 1,000, 10,000 and 100,000 articles.

Two figures per size:
- `whole`: `transforms.enrich.enrich_frame` as the flow calls it: matching keys of headline and
  body for the batch, one Aho-Corasick pass per text over every place, actor and source
  spelling, the `article_places`, `article_actors` and `article_sources` rows, the Syria
  relevance, quotes (`transforms.quotes`), date phrases (`transforms.text_dates`) and the five
  typed frames. This is the stage's figure (issue 7).
- `entities`: the dictionary matching alone (keys, mentions, the place, actor and source rows,
  relevance), article by article, for comparison with earlier runs.

Run: `.venv/bin/python bench/enrich_speed.py [--sizes 1000 10000 100000] [--batch 2000]
[--repeat 3]`. Target: at least 2,000 articles/s for `whole` at every size (exit 1 below it);
with `--repeat`, the best of the runs counts (the machine is shared: the load average before
and after is printed).

Articles: the local site's generated corpus (`localsite.corpus.make_article`: aawsat-style
bodies built from the two real seed articles, moved to towns of every governorate, with
bylines, datelines, image credits, relevant quotes and date phrases), 3.1 KB of body on average;
sizes above 5,000 repeat the 5,000 distinct articles with new ids. Generation is not timed. The
process is pinned to one core; batches of `--batch` articles are annotated as the flow does (a
frame in, six frames out). The dictionaries are built before timing (about 1 s per process).
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
from transforms.arabic import fast_keys_many  # noqa: E402
from transforms.enrich import _actors, _places, _sources, annotate, enrich_frame  # noqa: E402
from transforms.entities import find_mentions  # noqa: E402
from transforms.relevance import relevance_score  # noqa: E402

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


def entities(frame: pl.DataFrame) -> int:
    """The dictionary-matching part of `enrich_frame` for a batch; returns rows made."""
    heads, bodies = frame.get_column("headline").to_list(), frame.get_column("body_text").to_list()
    days = frame.get_column("published_date").to_list()
    credits, bylines = frame.get_column("image_credit").to_list(), frame.get_column("byline")
    rows = 0
    for h, b, d, kh, kb, c, by in zip(
        heads, bodies, days, fast_keys_many(heads), fast_keys_many(bodies), credits,
        bylines.to_list(), strict=True,
    ):  # fmt: skip
        head, body = find_mentions(h, d, kh), find_mentions(b, d, kb)
        rows += len(_places(head, body)) + len(_actors(head, body))
        rows += len(_sources(head, body, c, [by] if by else []))
        relevance_score(head, body)
    return rows


def rate(size: int, frame: pl.DataFrame, batch: int, whole: bool) -> tuple[float, float]:
    """(seconds, rows per article) for one pass over the frame in batches."""
    rows = 0
    started = time.perf_counter()
    for start in range(0, size, batch):
        chunk = frame.slice(start, batch)
        if whole:
            rows += sum(t.height for t in enrich_frame(chunk).tables.values())
        else:
            rows += entities(chunk)
    return time.perf_counter() - started, rows / size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the best counts")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"load average before: {_load()}", flush=True)
    annotate("تمهيد", "درعا", dt.date(2024, 1, 1))  # build the automata outside the timing
    ok = True
    for size in args.sizes:
        frame = corpus(size)
        kb = frame.get_column("body_text").str.len_bytes().sum() / max(size, 1) / 1024
        for label, whole in (("entities", False), ("whole", True)):
            runs = [rate(size, frame, args.batch, whole) for _ in range(args.repeat)]
            elapsed, per_article = min(runs)
            speed = size / elapsed
            below = whole and speed < TARGET
            ok &= not below
            print(
                f"{size:>7} articles ({kb:.1f} KB of body on average), {label:<8}: "
                f"{elapsed:7.2f} s, {speed:7.0f} articles/s, {per_article:.1f} rows per article"
                f"{'  BELOW TARGET' if below else ''}",
                flush=True,
            )
    print(f"load average after: {_load()}", flush=True)
    return 0 if ok else 1


def _load() -> str:
    """The 1, 5 and 15 minute load averages (the machine's other work), or `n/a`."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
