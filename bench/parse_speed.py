"""Parsing speed: `sources.aawsat.parse_article` against `trafilatura.extract`, one core.

Run: `.venv/bin/python bench/parse_speed.py [--reps 15] [--target 1.5]`.

Both extractors read the same pages (every aawsat golden page of the local site) in one
process pinned to one CPU. Each repetition times one pass of each over all pages, the two
passes interleaved and their order alternating between repetitions, so drift in clock speed
or cache state hits both alike. Rates are pages per second of each pass; the reported rate is
the median over repetitions, and the ratio is median(ours) / median(trafilatura). Exits 1
when the ratio is below the target (1.5x by default). A speed target is a benchmark, not a
test: timings depend on the machine and its load, so this never runs under pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sources import aawsat  # noqa: E402
from sources.base import ParseError  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "aawsat"
WWW = ROOT / "tests" / "site" / "www"


def load_pages() -> list[tuple[str, str]]:
    """(url, html) of every aawsat golden page."""
    pages = []
    for path in sorted(GOLDEN.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        html = (WWW / gold["path"].lstrip("/") / "index.html").read_text(encoding="utf-8")
        pages.append((gold["url"], html))
    return pages


def pin_to_one_core() -> str:
    """Pin this process to one CPU where the OS allows it; say which."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def ours(pages: Sequence[tuple[str, str]]) -> None:
    for url, html in pages:
        with contextlib.suppress(ParseError):
            aawsat.parse_article(html, url)


def trafilatura_pass(pages: Sequence[tuple[str, str]]) -> None:
    import trafilatura

    for url, html in pages:
        trafilatura.extract(html, url=url)


def rate(
    work: Callable[[Sequence[tuple[str, str]]], None], pages: Sequence[tuple[str, str]]
) -> float:
    """Pages per second of one pass (garbage collection kept out of the timed region)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        work(pages)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return len(pages) / elapsed


def measure(pages: Sequence[tuple[str, str]], reps: int) -> tuple[list[float], list[float]]:
    """Interleaved repetitions: per-pass rates of ours and of trafilatura."""
    ours(pages)  # warm-up: imports, regex compilation, caches
    trafilatura_pass(pages)
    mine: list[float] = []
    theirs: list[float] = []
    for i in range(reps):
        if i % 2 == 0:
            mine.append(rate(ours, pages))
            theirs.append(rate(trafilatura_pass, pages))
        else:
            theirs.append(rate(trafilatura_pass, pages))
            mine.append(rate(ours, pages))
    return mine, theirs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reps", type=int, default=15, help="repetitions (default 15)")
    parser.add_argument("--target", type=float, default=1.5, help="minimum speed ratio")
    args = parser.parse_args(argv)

    pinned = pin_to_one_core()
    pages = load_pages()
    size = sum(len(html.encode()) for _, html in pages) / len(pages) / 1024
    mine, theirs = measure(pages, args.reps)
    ours_rate, theirs_rate = statistics.median(mine), statistics.median(theirs)
    ratio = ours_rate / theirs_rate
    print(f"{len(pages)} aawsat pages (mean {size:.0f} KB), {args.reps} interleaved reps, {pinned}")
    print(
        f"  sources.aawsat.parse_article  {ours_rate:8.1f} pages/s  "
        f"({1000 / ours_rate:.2f} ms/page; min {min(mine):.1f}, max {max(mine):.1f})"
    )
    print(
        f"  trafilatura.extract           {theirs_rate:8.1f} pages/s  "
        f"({1000 / theirs_rate:.2f} ms/page; min {min(theirs):.1f}, max {max(theirs):.1f})"
    )
    verdict = "ok" if ratio >= args.target else "BELOW TARGET"
    print(f"  ratio {ratio:.2f}x (target >= {args.target:.2f}x): {verdict}")
    return 0 if ratio >= args.target else 1


if __name__ == "__main__":
    raise SystemExit(main())
