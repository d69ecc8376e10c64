"""Benchmark: what Prefect costs an ingest.

Ingest of a generated corpus (default 2,000 aawsat articles of the local site, plus the fixture
site's pages) into a fresh warehouse, two ways, alternately, best of `--repeat`:
- `flow`: `flows.ingest.ingest_flow` on a Prefect API (a throw-away test harness whose start is
  not timed): tasks, task and flow states, logs sent to the API, artifacts, the default runner;
- `plain`: the same stage functions in the same order in one process without Prefect
  (`sources.crawl.discover`, `flows.pipeline.plan_fetch`, `HttpClient.fetch_all`,
  `flows.pipeline.process_batch`, `warehouse.load.load_batch`, `warehouse.dq.run_checks`,
  `flows.ingest.record_run`, `warehouse.search.refresh_after_load`).
The site runs in a child process. Both must load the same number of articles. Target: the
flow takes at most 15 % more wall time than the plain functions.

Run: .venv/bin/python bench/orchestration_overhead.py [--articles 2000] [--repeat 3]
     [--rate 100000] [--concurrency 8]
Exit status 0 when the target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawl_common import md_table, prefect_api, scratch_dir, site_process

MAX_OVERHEAD = 0.15


def plain_ingest(base_url: str, data_dir: Path, rate: float) -> dict[str, Any]:
    """`ingest_flow`'s stages as plain calls, no Prefect: its counts and status."""
    from flows.ingest import RunContext, _verdict, make_client, record_run
    from flows.pipeline import archive, plan_fetch, process_batch, url_state_frame
    from flows.settings import Settings
    from sources.crawl import discover
    from sources.registry import get_outlet
    from transforms.dictionaries import dictionary_version
    from warehouse.catalog import writing
    from warehouse.ddl import ensure_tables
    from warehouse.dq import run_checks
    from warehouse.load import Batch, load_batch, url_states
    from warehouse.search import refresh_after_load

    settings = Settings.from_env(data_dir=data_dir, rate_per_host=rate)
    outlet = get_outlet("aawsat")
    run = RunContext(run_id=str(uuid.uuid4()), started_at=datetime.now(UTC))
    client = make_client(outlet, settings, base_url)
    with writing(settings.data_dir, f"plain ingest {run.run_id}", settings.lock_wait) as con:
        ensure_tables(con)
        known = [r[0] for r in con.execute("SELECT url FROM url_state").fetchall()]
        discovery = discover(
            outlet, client, max_listing_pages=settings.max_listing_pages, known=known,
            robots_cache=settings.data_dir / "robots",
            discovery_cache=settings.data_dir / "discovery",
        )  # fmt: skip
        fresh = [r for r in discovery.responses if not r.not_modified]
        raw_pages, _ = archive(settings.warc_root, f"{run.run_id}-discovery", fresh, run.run_id)
        plan = plan_fetch(
            outlet, discovery.urls, url_states(con, [u.url for u in discovery.urls]),
            now=run.started_at, robots=discovery.robots, user_agent=settings.user_agent,
            run_id=run.run_id,
        )  # fmt: skip
        load_batch(con, Batch(raw_pages=raw_pages, url_state=url_state_frame(plan.settled)))
        counts: Counter[str] = Counter(plan.counts)
        counts["discovered"] = len(discovery.urls)
        parse_errors: Counter[str] = Counter()
        for batch_no, start in enumerate(range(0, len(plan.to_fetch), settings.batch_size)):
            chunk = plan.to_fetch[start : start + settings.batch_size]
            results = client.fetch_all([request for _, request, _ in chunk])
            fetched = [(i, r, prev) for (i, _, prev), r in zip(chunk, results, strict=True)]
            counts["fetched"] += len(chunk)
            outcome = process_batch(
                outlet, fetched, warc_root=settings.warc_root,
                warc_name=f"{run.run_id}-{batch_no:05d}", run_id=run.run_id, now=run.started_at,
            )  # fmt: skip
            load_batch(con, outcome.batch)
            counts.update(outcome.counts)
            parse_errors.update(outcome.parse_errors)
        status, message = _verdict(counts, parse_errors, settings)
        finished = datetime.now(UTC)
        run_checks(
            con, run_id=run.run_id, counts=counts, data_dir=settings.data_dir, now=finished,
            flow="ingest", source="aawsat", parse_errors=parse_errors,
            current_dictionary=dictionary_version(),
        )  # fmt: skip
        record_run(con, run, "ingest", "aawsat", status, message, counts, finished)
    refresh_after_load(settings.data_dir)
    return {"status": status, "counts": dict(counts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rate", type=float, default=100_000.0, help="requests/s to the site")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    os.environ["SYRIA_ETL_CONCURRENCY"] = str(args.concurrency)

    from flows.ingest import ingest_flow

    print(f"load average before: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    walls: dict[str, list[float]] = {"flow": [], "plain": []}
    loaded: dict[str, set[int]] = {"flow": set(), "plain": set()}
    with site_process(corpus=args.articles) as site, prefect_api():
        for rep in range(args.repeat):
            for name in walls:
                with scratch_dir(f"syria-etl-bench-overhead-{name}-") as data_dir:
                    start = time.perf_counter()
                    if name == "flow":
                        out = ingest_flow(
                            base_url=site.url, data_dir=str(data_dir), rate_per_host=args.rate
                        )
                    else:
                        out = plain_ingest(site.url, data_dir, args.rate)
                    wall = time.perf_counter() - start
                walls[name].append(wall)
                loaded[name].add(out["counts"].get("loaded", 0))
                print(f"{name} #{rep + 1}: {wall:.2f} s, {out['status']}, {out['counts']}",
                      flush=True)  # fmt: skip
    print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")

    best = {name: min(w) for name, w in walls.items()}
    ratio = best["flow"] / best["plain"]
    same = loaded["flow"] == loaded["plain"] and len(loaded["flow"]) == 1
    print()
    print(f"# orchestration_overhead: {args.articles} generated articles, best of {args.repeat}")
    print()
    print(md_table(
        ["how", "wall s (each run)", "best s", "articles loaded"],
        [[name, " / ".join(f"{w:.2f}" for w in ws), f"{best[name]:.2f}",
          ", ".join(str(n) for n in sorted(loaded[name]))] for name, ws in walls.items()],
    ))  # fmt: skip
    print()
    print(f"flow / plain: {ratio:.3f} ({ratio - 1:+.1%}; target <= +{MAX_OVERHEAD:.0%})")
    print(f"same articles loaded: {same}")
    ok = ratio <= 1 + MAX_OVERHEAD and same
    print(f"target: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
