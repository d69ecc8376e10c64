"""Benchmark: the parse stage on Dask (2 worker processes) against one process.

The pages of a generated corpus (default 2,000 aawsat articles of the local site, about 90 KB
each) are fetched once (the site then stops), and the ingest flow's process stage
(`flows.ingest.process_task`: archive, parse, clean & enrich, validate) runs over them through
`flows.stages.BatchQueue` inside a flow, as `ingest_flow` runs it, without the loading (the
consumer keeps the outcomes):
- `default`: the flow's own runner, one task of `--batch-size` pages at a time, inline in the
  flow process, the parse path warmed first (a long-running flow process has it loaded);
- `dask`: `Workers("dask")`, the LocalCluster of `flows.stages.LOCAL_CLUSTER` (2 processes x 1
  thread, each warming the parse path when it starts), each fetched batch sent whole while
  there are batches enough for every worker and the last ones split among them
  (`Workers.parts`), each as one pickled blob (`Sealed`).
Figures: the process stage's seconds as the flow's `StageClock` measures them (from the first
submission to the last result), best of `--repeat`; the CPU seconds of this process and all
its children over the same span (Dask's workers and nannies, the Prefect test API) whatever
else the machine runs; the wait for the cluster (started with the run, in a background thread,
while a real ingest discovers and fetches) and the whole flow, apart. Beside them, the same
batches in 1 and in 2 plain processes (no Prefect, no Dask, dealt out in turn): what the
machine's cores give at that moment. Target: dask at least 1.6 times faster than default. The
outcomes of the two runners must be equal (the same rows in every frame, WARC pointers aside).

`--ingest` also times whole ingest runs (fetch and load included) of the same corpus on each
runner, each into a fresh warehouse; `--unsealed` submits each fetched batch whole as a plain
list (what the flow did before `Sealed` and `Workers.parts`).

Run: .venv/bin/python bench/dask_parse.py [--pages 2000] [--batch-size 200] [--window 4]
     [--repeat 3] [--ingest] [--unsealed]
Exit status 0 when the target is met and the outcomes are equal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawl_common import md_table, prefect_api, scratch_dir, site_process

TARGET = 1.6
STARTED = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # one clock for both runners: equal rows


def fetch_corpus(pages: int, batch_size: int, path: Path) -> int:
    """Fetch the corpus from the local site (a child process, stopped afterwards) and pickle
    the batches of (DiscoveredUrl, FetchResult, None) to `path`; the bytes fetched."""
    from localsite.corpus import Corpus
    from sources import aawsat
    from sources.base import DiscoveredUrl
    from sources.http import FetchRequest, HttpClient

    corpus = Corpus(pages)
    with site_process(corpus=pages) as site:
        client = HttpClient(
            user_agent="syria-etl-bench/0.1 (+https://github.com/syria-coverage/syria-etl)",
            allowed_hosts=aawsat.HOSTS,
            origins={aawsat.PUBLIC_ORIGIN: site.url},
            rate_per_host=100_000.0,
            concurrency=8,
            timeout=30.0,
            max_retries=1,
        )
        items = [DiscoveredUrl(corpus.url(i), "sitemap") for i in range(pages)]
        results = client.fetch_all([FetchRequest(item.url) for item in items])
    bad = [r for r in results if r.status != 200]
    if bad:
        raise SystemExit(f"{len(bad)} pages were not fetched (first: {bad[0].url} {bad[0].error})")
    fetched = [(item, result, None) for item, result in zip(items, results, strict=True)]
    batches = [fetched[i : i + batch_size] for i in range(0, pages, batch_size)]
    path.write_bytes(pickle.dumps(batches, protocol=pickle.HIGHEST_PROTOCOL))
    return sum(len(r.body) for r in results)


def tree_cpu() -> float:
    """CPU seconds used so far by this process and all its descendants (Dask's nannies and
    workers, the Prefect test API): what the stage costs whatever the other load."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def parse_stage_flow() -> Any:
    """The bench flow: the ingest flow's process stage over the pickled batches."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    from flows.ingest import RunContext, process_task
    from flows.pipeline import BatchOutcome, process_batch
    from flows.settings import Settings
    from flows.stages import INGEST_STAGES, BatchQueue, Sealed, StageClock, Workers
    from sources import aawsat

    @task(name="archive-parse-clean-validate", cache_policy=NO_CACHE)
    def unsealed_task(
        outlet: Any, fetched: list[Any], settings: Settings, run: RunContext, batch_no: int
    ) -> BatchOutcome:
        """`process_task` as it was: the pages as a plain list."""
        return process_batch(
            outlet, fetched, warc_root=settings.warc_root,
            warc_name=f"{run.run_id}-{batch_no:05d}", run_id=run.run_id, now=run.started_at,
        )  # fmt: skip

    @flow(name="parse-stage", log_prints=True)
    def parse_stage(
        pages_file: str, data_dir: str, task_runner: str, window: int, sealed: bool
    ) -> dict[str, Any]:
        begun = time.perf_counter()
        batches = pickle.loads(Path(pages_file).read_bytes())  # stands for the fetch stage
        settings = Settings.from_env(data_dir=Path(data_dir))
        run = RunContext(run_id="bench", started_at=STARTED)
        clock = StageClock("ingest", INGEST_STAGES)
        outcomes: list[BatchOutcome] = []
        with Workers(task_runner) as workers:
            ready_at = time.perf_counter()
            workers.ready()
            waited = time.perf_counter() - ready_at
            cpu_before = tree_cpu()
            task = process_task if sealed else unsealed_task
            with BatchQueue(task, outcomes.append, clock, workers=workers, window=window) as q:
                parts = iter(range(10**6))
                for n, fetched in enumerate(batches):
                    remaining = len(batches) - n
                    for part in workers.parts(fetched, remaining) if sealed else [fetched]:
                        q.put(aawsat, Sealed(part) if sealed else part, settings, run, next(parts))
            process = clock.stages["process"].total_seconds()
            cpu = tree_cpu() - cpu_before
        return {
            "process": process,
            "cpu": cpu,
            "cluster_wait": waited,
            "flow": time.perf_counter() - begun,
            "outcomes": pickle.dumps(outcomes),
        }

    return parse_stage


def comparable(frame: Any) -> Any:
    """A frame without its WARC pointers: each gzip member carries its own record id and date,
    so offsets and lengths differ by a few bytes from one archiving to the next, and on Dask a
    fetched batch is archived in one file per part."""
    return frame.drop("warc_file", "warc_offset", "warc_length", strict=False)


def same_outcomes(a: bytes, b: bytes) -> bool:
    """The same rows in the same order in every frame (batches put end to end, WARC pointers
    aside) and the same counts."""
    from collections import Counter
    from dataclasses import fields

    import polars as pl

    def joined(outcomes: list[Any]) -> tuple[Counter[str], Counter[str], dict[str, Any]]:
        counts: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        frames: dict[str, list[Any]] = {}
        for outcome in outcomes:
            counts.update(outcome.counts)
            errors.update(outcome.parse_errors)
            for f in fields(outcome.batch):
                value = getattr(outcome.batch, f.name)
                if isinstance(value, pl.DataFrame):
                    frames.setdefault(f.name, []).append(comparable(value))
                elif isinstance(value, dict):
                    for table, frame in value.items():
                        frames.setdefault(table, []).append(frame)
                elif isinstance(value, list):
                    frames.setdefault(f.name, []).append(pl.DataFrame({f.name: value}))
        return counts, errors, {k: pl.concat(v, how="vertical") for k, v in frames.items()}

    left, right = joined(pickle.loads(a)), joined(pickle.loads(b))
    if left[:2] != right[:2] or left[2].keys() != right[2].keys():
        return False
    return all(left[2][k].equals(right[2][k]) for k in left[2])


def _ceiling_worker(pages_file: str, batch_nos: list[int], root: str, start: Any, out: Any) -> None:
    """Child process: warm the parse path, wait for the others, process its batches."""
    from flows.pipeline import process_batch
    from sources import aawsat

    batches = pickle.loads(Path(pages_file).read_bytes())
    process_batch(aawsat, batches[0][:5], warc_root=Path(root), warc_name="warm",
                  run_id="warm", now=STARTED)  # fmt: skip
    start.wait()
    began = time.time()
    for n in batch_nos:
        process_batch(aawsat, batches[n], warc_root=Path(root), warc_name=f"bench-{n:05d}",
                      run_id="bench", now=STARTED)  # fmt: skip
    out.put((began, time.time()))


def ceiling(pages_file: Path, batches: int, processes: int, work: Path) -> float:
    """Seconds for plain processes (no Prefect, no Dask) to process every batch, the batches
    dealt out in turn: what this machine's cores allow."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(processes), ctx.Queue()
    children = [
        ctx.Process(target=_ceiling_worker, args=(str(pages_file), list(range(k, batches,
                    processes)), str(work / f"ceiling-{processes}-{k}"), start, out))
        for k in range(processes)
    ]  # fmt: skip
    for child in children:
        child.start()
    spans = [out.get() for _ in children]
    for child in children:
        child.join()
    return max(end for _, end in spans) - min(began for began, _ in spans)


def ingest_runs(pages: int, runners: list[str], repeat: int) -> dict[str, list[dict[str, Any]]]:
    """Whole ingest runs of the corpus per runner (fresh warehouse each); site in a child."""
    from flows.ingest import ingest_flow

    out: dict[str, list[dict[str, Any]]] = {name: [] for name in runners}
    with site_process(corpus=pages) as site:
        for _ in range(repeat):
            for name in runners:
                with scratch_dir("syria-etl-bench-dask-ingest-") as data_dir:
                    start = time.perf_counter()
                    summary = ingest_flow(
                        base_url=site.url, data_dir=str(data_dir), rate_per_host=100_000.0,
                        task_runner=name,
                    )  # fmt: skip
                    wall = time.perf_counter() - start
                out[name].append({"wall": wall, "loaded": summary["counts"].get("loaded", 0)})
                print(f"ingest {name}: {wall:.1f} s, {summary['counts']}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--window", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ingest", action="store_true", help="also time whole ingest runs")
    parser.add_argument("--unsealed", action="store_true", help="pages as a plain list")
    args = parser.parse_args(argv)
    os.environ["SYRIA_ETL_BATCH_SIZE"] = str(args.batch_size)

    print(f"load average before: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    with scratch_dir("syria-etl-bench-dask-") as work:
        pages_file = work / "pages.pickle"
        fetched_bytes = fetch_corpus(args.pages, args.batch_size, pages_file)
        print(f"fetched {args.pages} pages, {fetched_bytes / 1e6:.0f} MB", flush=True)
        with prefect_api():
            from flows.pipeline import process_batch
            from sources import aawsat

            warm = pickle.loads(pages_file.read_bytes())[0][:5]
            process_batch(aawsat, warm, warc_root=work / "warm", warc_name="warm",
                          run_id="warm", now=STARTED)  # fmt: skip
            parse_stage = parse_stage_flow()
            runs: dict[str, list[dict[str, Any]]] = {"default": [], "dask": []}
            plain: dict[int, list[float]] = {1: [], 2: []}
            n_batches = -(-args.pages // args.batch_size)
            for rep in range(args.repeat):
                for processes in plain:
                    seconds = ceiling(pages_file, n_batches, processes, work / f"c{rep}")
                    plain[processes].append(seconds)
                    print(f"plain, {processes} process(es) #{rep + 1}: {seconds:.2f} s", flush=True)
                for name in runs:
                    out = parse_stage(
                        str(pages_file), str(work / f"{name}-{rep}"), name, args.window,
                        not args.unsealed,
                    )  # fmt: skip
                    runs[name].append(out)
                    print(
                        f"{name} #{rep + 1}: process stage {out['process']:.2f} s "
                        f"({out['cpu']:.1f} CPU s), waited "
                        f"{out['cluster_wait']:.2f} s for the cluster, flow {out['flow']:.2f} s",
                        flush=True,
                    )
            equal = all(
                same_outcomes(runs["default"][0]["outcomes"], out["outcomes"])
                for out in runs["dask"]
            )
            ingests = ingest_runs(args.pages, list(runs), args.repeat) if args.ingest else None
    print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")

    best = {name: min(r["process"] for r in rs) for name, rs in runs.items()}
    speedup = best["default"] / best["dask"]
    print()
    print(f"# dask_parse: {args.pages} pages, batches of {args.batch_size}, window "
          f"{args.window}, {'unsealed' if args.unsealed else 'sealed'} pages, best of "
          f"{args.repeat}")  # fmt: skip
    print()
    rows = [
        [
            name,
            " / ".join(f"{r['process']:.2f}" for r in rs),
            f"{best[name]:.2f}",
            f"{args.pages / best[name]:.0f}",
            " / ".join(f"{r['cpu']:.1f}" for r in rs),
            " / ".join(f"{r['cluster_wait']:.2f}" for r in rs),
            " / ".join(f"{r['flow']:.2f}" for r in rs),
        ]
        for name, rs in runs.items()
    ]
    print(md_table(["runner", "process stage s (each run)", "best s", "pages/s", "CPU s",
                    "cluster wait s", "flow s"], rows))  # fmt: skip
    print()
    print(f"speed-up of the process stage on Dask: {speedup:.2f}x (target >= {TARGET})")
    top = min(plain[1]) / min(plain[2])
    print(
        "the machine's ceiling, plain processes without Prefect or Dask: 1 process "
        + " / ".join(f"{x:.2f}" for x in plain[1])
        + " s, 2 processes "
        + " / ".join(f"{x:.2f}" for x in plain[2])
        + f" s: best {top:.2f}x"
    )
    print(f"outcomes equal on both runners: {equal}")
    if ingests:
        print()
        print(md_table(
            ["runner", "whole ingest s (each run)", "best s", "loaded"],
            [[name, " / ".join(f"{r['wall']:.1f}" for r in rs), f"{min(r['wall'] for r in rs):.1f}",
              rs[0]["loaded"]] for name, rs in ingests.items()],
        ))  # fmt: skip
    ok = speedup >= TARGET and equal
    print(f"target: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
