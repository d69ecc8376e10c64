"""Extraction on real pages from many outlets: ours against `trafilatura.extract`, side by side.

Run: `.venv/bin/python bench/eval_realpages.py [--verbose] [--speed] [--json FILE]`.

Pages: every `tests/data/realpages/<id>/` (`page.html.gz`, the page exactly as found, and
`expected.json`, hand-checked: see that folder's README). Both extractors get the page's bytes
and its URL:
- ours: `sources.extract.extract_page(html_bytes, url)`, then the published date as the
  pipeline derives it (`flows.extract.with_dates`: `published_date`, the outlet's calendar day);
- trafilatura: `trafilatura.extract(html_bytes, url=url, output_format="json",
  with_metadata=True)`, its `text`, `title` and `date`.
A crash of either counts as an empty result for that page (and is named with `--verbose`).

Scores per page, then per group (`arabic`: `lang` "ar"; `other`; `all`):
- body: the 4-token-shingle precision and recall of `bench.eval` (`shingles`,
  `precision_recall`), averaged over the group's pages, then F1 of the two means (`bench.eval.f1`);
- headline: exact match after folding whitespace only (`fold`), as the share of pages;
- date: exact `YYYY-MM-DD` match, as the share of pages (an expected null matches only a
  missing date).

Every target of issue 8 missed is printed (body F1 against trafilatura and `MIN_BODY_F1`,
headline and date against `MIN_FIELD`, the set's size: 60 pages, 20 Arabic). Exit status 1 when
ours is lower than trafilatura on body F1 over all pages, or below `MIN_BODY_F1` (the gate of
`make eval`); else 0.
`--speed` adds pages per second on one core (the process pinned to one CPU where the system
allows) of ours (extraction and dates) and of `trafilatura.extract`, best of 3 passes over the
pages already in memory. `--json FILE` writes the figures (and the speed, if measured).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.eval import f1, precision_recall, shingles  # noqa: E402

SET_DIR = ROOT / "tests" / "data" / "realpages"
MIN_BODY_F1 = 0.96
MIN_FIELD = 0.95
GROUPS = ("arabic", "other", "all")
EXTRACTORS = ("ours", "trafilatura")


@dataclass(frozen=True)
class Page:
    """One page of the set: its bytes and its hand-checked expectation."""

    id: str
    url: str | None
    lang: str
    html: bytes
    headline: str
    published_date: str | None
    body: tuple[str, ...]


@dataclass(frozen=True)
class Output:
    """What one extractor gave for one page (None where it gave nothing)."""

    body: tuple[str, ...]
    headline: str | None
    date: str | None
    error: str | None = None


@dataclass(frozen=True)
class PageScore:
    """One extractor on one page."""

    precision: float
    recall: float
    headline: bool
    date: bool


@dataclass(frozen=True)
class GroupScore:
    """One extractor on a group of pages."""

    pages: int
    precision: float
    recall: float
    body_f1: float
    headline: float
    date: float


# --------------------------------------------------------------------------- set


def load_pages(root: Path = SET_DIR) -> list[Page]:
    """Every page of the set, by id."""
    pages: list[Page] = []
    for folder in sorted(p for p in root.iterdir() if (p / "expected.json").is_file()):
        gold = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        pages.append(
            Page(
                id=gold["id"],
                url=gold.get("url"),
                lang=gold["lang"],
                html=gzip.decompress((folder / "page.html.gz").read_bytes()),
                headline=gold["headline"],
                published_date=gold.get("published_date"),
                body=tuple(gold["body"]),
            )
        )
    return pages


def group_of(page: Page) -> str:
    """`arabic` for a page in Arabic, else `other`."""
    return "arabic" if page.lang == "ar" else "other"


# --------------------------------------------------------------------------- extractors


def run_ours(page: Page) -> Output:
    """Our extractor and the pipeline's published date on one page."""
    from flows.extract import with_dates
    from sources.extract import extract_page

    try:
        record = with_dates(extract_page(page.html, page.url))
    except Exception as exc:  # a crash is a result to report, not a reason to stop
        return Output((), None, None, f"crash:{type(exc).__name__}: {exc}")
    return Output(
        body=tuple(record.get("paragraphs") or ()),
        headline=record.get("headline"),
        date=record.get("published_date"),
        error=record.get("error"),
    )


def run_trafilatura(page: Page) -> Output:
    """`trafilatura.extract` (JSON with metadata, URL given) on one page."""
    import trafilatura

    try:
        found = trafilatura.extract(
            page.html, url=page.url, output_format="json", with_metadata=True
        )
    except Exception as exc:
        return Output((), None, None, f"crash:{type(exc).__name__}: {exc}")
    if not found:
        return Output((), None, None, "no_result")
    data = json.loads(found)
    text = data.get("text") or ""
    return Output(
        body=tuple(line for line in text.split("\n") if line.strip()),
        headline=data.get("title"),
        date=(data.get("date") or None),
    )


RUNNERS: dict[str, Callable[[Page], Output]] = {"ours": run_ours, "trafilatura": run_trafilatura}


# --------------------------------------------------------------------------- scoring


def fold(text: str | None) -> str:
    """Whitespace folded to single spaces and stripped (None gives "")."""
    return " ".join((text or "").split())


def headline_match(found: str | None, expected: str) -> bool:
    """Exact match after folding whitespace only (case, punctuation and script untouched)."""
    return found is not None and fold(found) == fold(expected)


def date_match(found: str | None, expected: str | None) -> bool:
    """Exact `YYYY-MM-DD` match; an expected null matches only a missing date."""
    if expected is None:
        return not found
    return found is not None and found.strip()[:10] == expected


def score_page(output: Output, page: Page) -> PageScore:
    """Body shingle precision/recall, headline and date matches of one output."""
    precision, recall = precision_recall(shingles(output.body), shingles(page.body))
    return PageScore(
        precision=precision,
        recall=recall,
        headline=headline_match(output.headline, page.headline),
        date=date_match(output.date, page.published_date),
    )


def aggregate(scores: Sequence[PageScore]) -> GroupScore:
    """Mean precision and recall, their F1, and the shares of headline and date matches."""
    n = len(scores)
    if not n:
        return GroupScore(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    return GroupScore(
        pages=n,
        precision=precision,
        recall=recall,
        body_f1=f1(precision, recall),
        headline=sum(s.headline for s in scores) / n,
        date=sum(s.date for s in scores) / n,
    )


@dataclass
class Evaluation:
    """Outputs and scores of both extractors on every page."""

    pages: list[Page]
    outputs: dict[str, dict[str, Output]]
    scores: dict[str, dict[str, PageScore]]

    def groups(self) -> dict[str, dict[str, GroupScore]]:
        """Per extractor, per group (`arabic`, `other`, `all`) figures."""
        out: dict[str, dict[str, GroupScore]] = {}
        for name in EXTRACTORS:
            per = self.scores[name]
            out[name] = {
                group: aggregate(
                    [per[p.id] for p in self.pages if group == "all" or group_of(p) == group]
                )
                for group in GROUPS
            }
        return out


def evaluate(pages: Sequence[Page]) -> Evaluation:
    """Run both extractors on every page and score them."""
    outputs: dict[str, dict[str, Output]] = {name: {} for name in EXTRACTORS}
    scores: dict[str, dict[str, PageScore]] = {name: {} for name in EXTRACTORS}
    for page in pages:
        for name in EXTRACTORS:
            output = RUNNERS[name](page)
            outputs[name][page.id] = output
            scores[name][page.id] = score_page(output, page)
    return Evaluation(list(pages), outputs, scores)


def failures(groups: dict[str, dict[str, GroupScore]]) -> list[str]:
    """Every target of issue 8 missed over all pages, as readable lines (empty: all met)."""
    ours, theirs = groups["ours"]["all"], groups["trafilatura"]["all"]
    problems: list[str] = []
    if ours.body_f1 < theirs.body_f1:
        problems.append(f"body F1 {ours.body_f1:.4f} < trafilatura {theirs.body_f1:.4f}")
    if ours.body_f1 < MIN_BODY_F1:
        problems.append(f"body F1 {ours.body_f1:.4f} < {MIN_BODY_F1}")
    if ours.headline < MIN_FIELD:
        problems.append(f"headline {ours.headline:.4f} < {MIN_FIELD}")
    if ours.date < MIN_FIELD:
        problems.append(f"date {ours.date:.4f} < {MIN_FIELD}")
    return problems


# --------------------------------------------------------------------------- speed


def pin_one_core() -> str:
    """Pin this process to one CPU where the system allows; say which."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def pages_per_second(
    run: Callable[[Page], Output], pages: Sequence[Page], passes: int = 3
) -> float:
    """Best of `passes` sequential passes over the pages, in pages per second."""
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        for page in pages:
            run(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best if best > 0 else float("inf")


# --------------------------------------------------------------------------- report


def report(evaluation: Evaluation, verbose: bool = False) -> str:
    lines: list[str] = []
    if verbose:
        lines.append(f"{'id':<24} {'lang':<4} {'ours F1':>8} {'traf F1':>8}  H(o/t) D(o/t)  note")
        for page in evaluation.pages:
            o, t = evaluation.scores["ours"][page.id], evaluation.scores["trafilatura"][page.id]
            error = evaluation.outputs["ours"][page.id].error
            lines.append(
                f"{page.id:<24} {page.lang:<4} {f1(o.precision, o.recall):8.4f} "
                f"{f1(t.precision, t.recall):8.4f}  {_yn(o.headline)}/{_yn(t.headline)}    "
                f"{_yn(o.date)}/{_yn(t.date)}    {error or ''}"
            )
    groups = evaluation.groups()
    for group in GROUPS:
        lines.append(f"== {group}: {groups['ours'][group].pages} pages")
        for name in EXTRACTORS:
            g = groups[name][group]
            lines.append(
                f"  {name:<12} body P {g.precision:.4f} R {g.recall:.4f} F1 {g.body_f1:.4f}"
                f"   headline {g.headline * 100:6.2f}%   date {g.date * 100:6.2f}%"
            )
    return "\n".join(lines)


def _yn(value: bool) -> str:
    return "y" if value else "n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--verbose", action="store_true", help="one line per page")
    parser.add_argument("--speed", action="store_true", help="pages per second on one core")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--set", type=Path, default=SET_DIR, help="the page set's folder")
    args = parser.parse_args(argv)

    pages = load_pages(args.set)
    evaluation = evaluate(pages)
    print(report(evaluation, verbose=args.verbose))
    groups = evaluation.groups()
    figures: dict[str, Any] = {
        name: {group: asdict(score) for group, score in per.items()} for name, per in groups.items()
    }
    if args.speed:
        pinned = pin_one_core()
        speed = {name: pages_per_second(RUNNERS[name], pages) for name in EXTRACTORS}
        figures["speed_pages_per_second"] = {**speed, "pages": len(pages), "note": pinned}
        print(
            f"speed ({pinned}, best of 3, {len(pages)} pages in memory): "
            f"ours {speed['ours']:.1f} pages/s, trafilatura {speed['trafilatura']:.1f} pages/s"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    problems = failures(groups)
    size = _set_size(pages)
    if size:
        problems.append(size)
    if problems:
        print("TARGETS MISSED:\n  " + "\n  ".join(problems), file=sys.stderr)
    # The gate (`make eval` fails): body F1 below trafilatura's or below 0.96. The other
    # targets are reported above and in BENCHMARKS.md, not gated.
    return 1 if any(p.startswith("body F1") for p in problems) else 0


def _set_size(pages: Sequence[Page]) -> str | None:
    """The issue's size targets for the set (60 pages, 20 Arabic), when missed."""
    arabic = sum(1 for page in pages if page.lang == "ar")
    if len(pages) >= 60 and arabic >= 20:
        return None
    return f"set size {len(pages)} pages ({arabic} Arabic) < 60 pages (20 Arabic)"


if __name__ == "__main__":
    raise SystemExit(main())
