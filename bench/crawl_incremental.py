"""Benchmark: an incremental re-crawl costs next to nothing.

The ingest flow crawls the local site with a generated corpus (default 5,000 articles) into a
fresh warehouse at a high rate limit, then runs again with nothing changed. Targets: the
second run sends only conditional requests (`If-None-Match` / `If-Modified-Since`) or none,
as the site's request log shows, and takes at most 5% of the first run's wall time.
The site runs in a child process; Prefect's API is a throw-away test harness (its startup
is not timed).

Run: .venv/bin/python bench/crawl_incremental.py [--articles 5000] [--rate 500]
     [--profile out.prof]   (cProfile of the second run)
Exit status 0 when both targets are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
from collections import Counter
from pathlib import Path

from crawl_common import md_table, prefect_api, scratch_dir, site_process, timed

MAX_RATIO = 0.05


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--rate", type=float, default=500.0, help="requests/s to the site")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the second run here")
    args = parser.parse_args(argv)
    os.environ["SYRIA_ETL_CONCURRENCY"] = str(args.concurrency)

    from flows.ingest import ingest_flow

    with (
        scratch_dir("syria-etl-bench-incremental-") as data_dir,
        site_process(corpus=args.articles, seed=args.seed) as site,
        prefect_api(),
    ):
        mark1 = site.mark()
        first, wall1 = timed(
            ingest_flow, base_url=site.url, data_dir=str(data_dir), rate_per_host=args.rate
        )
        mark2 = site.mark()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        second, wall2 = timed(
            ingest_flow, base_url=site.url, data_dir=str(data_dir), rate_per_host=args.rate
        )
        if profiler and args.profile:
            profiler.disable()
            profiler.dump_stats(args.profile)
        run1 = site.since(mark1)[: mark2 - mark1]
        run2 = site.since(mark2)

    unconditional = [e for e in run2 if not e.conditional]
    statuses = Counter(e.status for e in run2)
    ratio = wall2 / wall1
    print(f"# crawl_incremental: {args.articles} generated articles + the fixture site")
    print()
    print(
        md_table(
            ["run", "wall s", "requests", "conditional", "unconditional", "loaded", "fetched"],
            [
                [
                    1,
                    f"{wall1:.1f}",
                    len(run1),
                    sum(e.conditional for e in run1),
                    sum(not e.conditional for e in run1),
                    first["counts"].get("loaded", 0),
                    first["counts"].get("fetched", 0),
                ],
                [
                    2,
                    f"{wall2:.1f}",
                    len(run2),
                    sum(e.conditional for e in run2),
                    len(unconditional),
                    second["counts"].get("loaded", 0),
                    second["counts"].get("fetched", 0),
                ],
            ],
        )
    )
    print()
    print(f"second/first wall time: {ratio:.1%} (target <= {MAX_RATIO:.0%})")
    print(f"second run statuses: {dict(sorted(statuses.items(), key=str))}")
    print(f"second run message: {second.get('message')}")
    if unconditional:
        print("unconditional requests in the second run:")
        for e in unconditional:
            query = "?" + e.path.split("?", 1)[1] if "?" in e.path else ""
            print(f"  {e.status} {e.decoded_path}{query}")
    ok_requests = not unconditional
    ok_time = ratio <= MAX_RATIO
    print(f"only conditional requests or none: {'PASS' if ok_requests else 'FAIL'}")
    print(f"second run <= {MAX_RATIO:.0%} of the first: {'PASS' if ok_time else 'FAIL'}")
    return 0 if ok_requests and ok_time else 1


if __name__ == "__main__":
    sys.exit(main())
