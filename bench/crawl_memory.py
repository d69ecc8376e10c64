"""Benchmark: a 20,000-article crawl stays under 1 GB of resident memory.

The ingest flow runs in this process against the local site with a generated corpus (served
by a child process, so the site's memory and CPU are not counted), into a fresh warehouse.
A thread samples this process's RSS every 50 ms; the kernel's high-water mark
(`getrusage` ru_maxrss) is reported too, and the larger of the two is judged.

Run: .venv/bin/python bench/crawl_memory.py [--articles 20000] [--rate 1000]
     [--profile out.prof]   (cProfile of the run, for finding where the time goes)
Exit status 0 when the peak is under the limit and every article loaded, 1 otherwise.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
from pathlib import Path

from crawl_common import (
    PeakRss,
    max_rss_bytes,
    md_table,
    prefect_api,
    scratch_dir,
    site_process,
    timed,
)

LIMIT_BYTES = 1_000_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=1000.0, help="requests/s to the site")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the run here")
    args = parser.parse_args(argv)
    os.environ["SYRIA_ETL_CONCURRENCY"] = str(args.concurrency)

    from flows.ingest import ingest_flow

    with (
        scratch_dir("syria-etl-bench-memory-") as data_dir,
        site_process(corpus=args.articles, seed=args.seed) as site,
        prefect_api(),
    ):
        before = max_rss_bytes()
        profiler = cProfile.Profile() if args.profile else None
        with PeakRss() as sampler:
            if profiler:
                profiler.enable()
            summary, wall = timed(
                ingest_flow, base_url=site.url, data_dir=str(data_dir), rate_per_host=args.rate
            )
            if profiler:
                profiler.disable()
        if profiler and args.profile:
            profiler.dump_stats(args.profile)
    peak = max(sampler.peak, max_rss_bytes())
    counts = summary["counts"]
    print(f"# crawl_memory: {args.articles} generated articles + the fixture site, in-process")
    print()
    print(
        md_table(
            [
                "articles loaded",
                "fetched",
                "wall s",
                "pages/s",
                "peak RSS MB (sampled)",
                "ru_maxrss MB",
                "RSS before run MB",
                "limit MB",
            ],
            [
                [
                    counts.get("loaded", 0),
                    counts.get("fetched", 0),
                    f"{wall:.1f}",
                    f"{counts.get('fetched', 0) / wall:.0f}",
                    f"{sampler.peak / 1e6:.0f}",
                    f"{max_rss_bytes() / 1e6:.0f}",
                    f"{before / 1e6:.0f}",
                    f"{LIMIT_BYTES / 1e6:.0f}",
                ]
            ],
        )
    )
    print()
    quarters = (0.1, 0.25, 0.5, 0.75, 1.0)
    print("RSS through the run (growth with the pages crawled means state kept per page):")
    print(md_table([f"{q:.0%}" for q in quarters],
                   [[f"{sampler.at_fraction(q) / 1e6:.0f} MB" for q in quarters]]))  # fmt: skip
    early = ", ".join(f"{rss / 1e6:.0f}" for t, rss in sampler.timeline if t < 15)
    print(f"sampled peak at {sampler.peak_at:.0f} s of {wall:.0f} s; first 15 s: {early} MB")
    ok_memory = peak < LIMIT_BYTES
    ok_loaded = counts.get("loaded", 0) >= args.articles
    print()
    print(f"peak RSS under {LIMIT_BYTES / 1e9:.0f} GB: {'PASS' if ok_memory else 'FAIL'}")
    print(f"every generated article loaded: {'PASS' if ok_loaded else 'FAIL'}")
    return 0 if ok_memory and ok_loaded else 1


if __name__ == "__main__":
    sys.exit(main())
