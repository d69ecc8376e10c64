"""Benchmark: the polite client keeps to its per-host rate limit, and uses it.

`sources.http.HttpClient(rate_per_host=10, concurrency=…)` fetches ~300 generated articles from
the local site answering every request after 100 ms. From the site's request log (arrival
times, monotonic clock): the achieved rate (requests - 1) / (last - first) must be at least
95% of the limit, and no one-second window (sliding, half-open, starting anywhere) may hold
more requests than the limit.

Run: .venv/bin/python bench/crawl_rate.py [--rate 10] [--requests 300] [--latency 0.1]
     [--client-rate R]   (configure the client below the limit, to measure the headroom needed)
Exit status 0 when both targets are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import sys
import time

from crawl_common import md_table, site_process

from sources import aawsat
from sources.http import FetchRequest, HttpClient

USER_AGENT = "syria-etl-bench/0.1 (+https://github.com/syria-coverage/syria-etl)"


def window_counts(times: list[float], width: float = 1.0) -> list[int]:
    """Arrivals in the half-open window [t, t + width) starting at each arrival t (the busiest
    window of any start lies among these)."""
    ordered = sorted(times)
    return [bisect.bisect_left(ordered, t + width, lo=i) - i for i, t in enumerate(ordered)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=10.0, help="the per-host limit (req/s)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.1, help="site answer delay (s)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--client-rate", type=float, help="rate_per_host given to the client")
    args = parser.parse_args(argv)
    client_rate = args.client_rate or args.rate

    with site_process(corpus=args.requests, latency=args.latency) as site:
        from localsite.corpus import Corpus

        corpus = Corpus(args.requests)
        client = HttpClient(
            user_agent=USER_AGENT,
            allowed_hosts=aawsat.HOSTS,
            origins={aawsat.PUBLIC_ORIGIN: site.url},
            rate_per_host=client_rate,
            concurrency=args.concurrency,
            timeout=10.0,
            max_retries=0,
        )
        mark = site.mark()
        start = time.perf_counter()
        results = client.fetch_all([FetchRequest(corpus.url(i)) for i in range(args.requests)])
        wall = time.perf_counter() - start
        log = site.since(mark)

    times = sorted(e.t for e in log)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    achieved = (len(times) - 1) / span if len(times) > 1 else 0.0
    windows = window_counts(times)
    peak = max(windows, default=0)
    over = sum(n > args.rate for n in windows)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    failures = [r for r in results if not r.ok]
    print(f"# crawl_rate: limit {args.rate:g} req/s (client set to {client_rate:g}), site latency "
          f"{args.latency * 1000:.0f} ms, concurrency {args.concurrency}")  # fmt: skip
    print()
    print(
        md_table(
            [
                "requests",
                "wall s",
                "achieved req/s",
                "of limit",
                "max in any 1 s",
                "1 s windows over",
                "min gap ms",
                "mean gap ms",
                "failed",
            ],
            [
                [
                    len(times),
                    f"{wall:.2f}",
                    f"{achieved:.3f}",
                    f"{achieved / args.rate:.1%}",
                    peak,
                    over,
                    f"{min(gaps) * 1000:.1f}",
                    f"{span / len(gaps) * 1000:.1f}",
                    len(failures),
                ]
            ],
        )
    )
    ok_rate = achieved >= 0.95 * args.rate
    ok_peak = peak <= args.rate
    ok_all = not failures and len(times) == args.requests
    print()
    print(f"achieved >= 95% of the limit: {'PASS' if ok_rate else 'FAIL'}")
    print(f"never above the limit in a 1 s window: {'PASS' if ok_peak else 'FAIL'}")
    print(f"every page fetched once: {'PASS' if ok_all else 'FAIL'}")
    return 0 if ok_rate and ok_peak and ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
