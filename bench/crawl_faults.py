"""Benchmark report: the fault matrix of `localsite.faults.FAULTS` against the real crawler.

The ingest flow crawls the local site with every fault switched on (plus a small generated
corpus) into a fresh warehouse, with the client knobs of `tests/flows/test_faults.py`; then a
second, plain run refetches the changed-content page (its sitemap lastmod is "now"). Prints
one row per fault URL: the fault, the expected end state, the state `url_state` holds after
the first run, and the wall time of each run.

Run: .venv/bin/python bench/crawl_faults.py [--timeout 1.5] [--retries 2]
Exit status 0 when every fault URL ends as expected (and the changed page has 2 versions).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawl_common import md_table, prefect_api, scratch_dir, timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.5, help="client timeout (s)")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--backoff", type=float, default=0.05)
    parser.add_argument("--articles", type=int, default=40, help="generated articles beside")
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args(argv)
    os.environ.update(
        {
            "SYRIA_ETL_TIMEOUT": str(args.timeout),
            "SYRIA_ETL_MAX_RETRIES": str(args.retries),
            "SYRIA_ETL_BACKOFF_BASE": str(args.backoff),
            "SYRIA_ETL_CONCURRENCY": "8",
        }
    )

    from flows.ingest import ingest_flow
    from localsite.faults import FAULT_BY_KIND, FAULTS, MAX_CLIENT_TIMEOUT
    from localsite.server import serving_site
    from warehouse.catalog import connect

    if args.timeout > MAX_CLIENT_TIMEOUT:
        print(f"the fault table holds for client timeouts up to {MAX_CLIENT_TIMEOUT} s")
        return 2

    def run(url: str, data_dir: Path) -> tuple[dict[str, object] | str, float]:
        try:
            return timed(ingest_flow, base_url=url, data_dir=str(data_dir), rate_per_host=args.rate)
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}", 0.0

    changed = FAULT_BY_KIND["changed_content"]
    with (
        scratch_dir("syria-etl-bench-faults-") as data_dir,
        serving_site(corpus=args.articles, faults=True, seed=5) as site,
        prefect_api(),
    ):
        first, wall1 = run(site.url, data_dir)
        con = connect(data_dir, read_only=True)
        try:
            states = {
                url: (state, reason, attempts)
                for url, state, reason, attempts in con.execute(
                    "SELECT url, state, reason, attempts FROM url_state"
                ).fetchall()
            }
        finally:
            con.close()
        hits = {path: site.hits(path) for path in FAULTS}
        second, wall2 = run(site.url, data_dir)
        con = connect(data_dir, read_only=True)
        try:
            versions = con.execute(
                "SELECT count(*) FROM article_versions WHERE article_id = ?",
                [f"aawsat:{changed.nid}"],
            ).fetchone()
            headline = con.execute(
                "SELECT headline FROM articles WHERE article_id = ?",
                [f"aawsat:{FAULT_BY_KIND['windows_1256'].nid}"],
            ).fetchall()
        finally:
            con.close()

    rows = []
    misses = 0
    for path, fault in FAULTS.items():
        state, reason, attempts = states.get(fault.public_url, (None, None, None))
        ok = fault.matches(state, reason)
        misses += not ok
        actual = f"{state} ({reason})" if reason else str(state)
        rows.append([f"`…/{path.rsplit('/', 1)[1][:40]}`", fault.kind, fault.expected, actual,
                     hits[path], attempts, "ok" if ok else "**MISMATCH**"])  # fmt: skip
    n_versions = versions[0] if versions else 0
    versions_ok = n_versions == changed.versions_after_refetch
    headline_ok = headline == [(FAULT_BY_KIND["windows_1256"].headline,)]
    print(f"# crawl_faults: client timeout {args.timeout} s, {args.retries} retries, "
          f"backoff base {args.backoff} s")  # fmt: skip
    print()
    print(md_table(["URL", "fault", "expected", "actual", "requests", "attempts", ""], rows))
    print()
    for name, result, wall in (("first", first, wall1), ("second", second, wall2)):
        if isinstance(result, str):
            print(f"{name} run FAILED: {result}")
        else:
            counts = result["counts"]
            assert isinstance(counts, dict)
            ordered = dict(sorted(counts.items()))
            print(f"{name} run: {result['status']}, {wall:.1f} s, counts {ordered}")
    print(f"changed_content versions after the second run: {n_versions} "
          f"(expected {changed.versions_after_refetch})")  # fmt: skip
    print(f"windows-1256 headline exact: {headline_ok}")
    runs_ok = not isinstance(first, str) and not isinstance(second, str)
    print(f"fault URLs as expected: {len(FAULTS) - misses}/{len(FAULTS)}")
    return 0 if misses == 0 and versions_ok and headline_ok and runs_ok else 1


if __name__ == "__main__":
    sys.exit(main())
