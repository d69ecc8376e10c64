"""Extraction fidelity on the golden pages: per-field exact match and body F1, against a floor.

Run: `make eval`, or `.venv/bin/python bench/eval.py [--site S] [--update-baseline] [--verbose]`.

Pages: every `tests/golden/<site>/<name>.json` (any outlet). The page is the golden's `file`
(relative to `tests/`, the repository, or the golden's folder) when given, else the local
sites' copy of its `url`: `tests/site/outlets/<host>/<decoded path>/index.html` (a query
`?k=v&l=w` names the file `index.k-v_l-w.html`), and `tests/site/www/<path>/index.html` for
aawsat (`tests/site/MANIFEST.md`, `tests/site/outlets/MANIFEST.md`). The parser is
`sources.registry.get_outlet(site)`, else `sources.generic` when that module exists.

Fields, scored by exact match (Python `==`) per page, then as the share of pages per site:
- `outcome`: `parsed`, or the `ParseError` reason, against the golden `expected_reason`
  (`parsed` when null); scored on every page;
- the `schemas.parsed.ParsedArticleModel` columns the golden holds (`headline`, `date_text`,
  `paragraphs` as a whole list, ...), and the derived `published_at`, `updated_at`,
  `published_hijri`, `is_syria` computed as the pipeline does (`flows.pipeline.parsed_frame`
  then `transforms.articles.build_articles`; timestamps written `YYYY-MM-DDTHH:MM:SSZ`).
  Scored on the pages the golden expects to parse; a page that fails to parse counts as a
  miss for each of them.

Body F1: the body is the paragraphs joined by newlines, split into `\\w+` tokens; a page's
shingles are the set S of its 4-token windows (fewer than 4 tokens: the set holding the one
tuple of all of them; no tokens, or no record: the empty set). For parsed set P and golden
set G of page i:
    precision_i = |P ∩ G| / |P|   and   recall_i = |P ∩ G| / |G|,   with 0/0 taken as 1,
    P̄ = mean_i precision_i,   R̄ = mean_i recall_i   (over all pages of the site),
    F1 = 2 · P̄ · R̄ / (P̄ + R̄)   (0 when P̄ + R̄ = 0).
The `overall` line (with more than one site) applies the same means to every page of every
site, and gives each field's exact-match share over all pages that score it.

Baseline: `bench/eval_baseline.json` holds per site a minimum per field (`fields`) and a
minimum `body_f1`. The run exits 1 when any figure of a site in the baseline is below its
minimum, or a site in the baseline has no pages. `--update-baseline` raises the minimums to
the current figures (adding new sites and fields) and refuses, exiting 2 without writing,
when any current figure is below the stored one: the baseline can be raised, never
silently lowered (lower it by editing the file, in a reviewed commit).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from flows.pipeline import parsed_frame  # noqa: E402
from schemas.parsed import ParsedArticleModel  # noqa: E402
from sources.base import ParseError  # noqa: E402
from sources.registry import get_outlet  # noqa: E402
from transforms.articles import build_articles  # noqa: E402

TESTS = ROOT / "tests"
GOLDEN_ROOT = TESTS / "golden"
BASELINE = ROOT / "bench" / "eval_baseline.json"
PARSED_COLUMNS = [c for c in ParsedArticleModel.to_schema().columns if c != "parser_version"]
DERIVED = ("published_at", "updated_at", "published_hijri", "is_syria")
SHINGLE = 4
_WORD = re.compile(r"\w+")
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class PageResult:
    """One golden page: the parse outcome, field matches and body shingle scores."""

    site: str
    name: str
    outcome: str
    matches: dict[str, bool]
    precision: float
    recall: float


@dataclass
class SiteScore:
    """Per-field exact-match rates and body F1 for one site."""

    site: str
    pages: int
    fields: dict[str, float]
    precision: float
    recall: float
    body_f1: float
    misses: dict[str, list[str]] = field(default_factory=dict)


# --------------------------------------------------------------------------- pages


def golden_files(root: Path = GOLDEN_ROOT, site: str | None = None) -> list[Path]:
    """Every golden record, by site folder then name."""
    return sorted(p for p in root.glob("*/*.json") if site is None or p.parent.name == site)


def page_path(golden: dict[str, Any], golden_file: Path, tests: Path = TESTS) -> Path | None:
    """The HTML file of a golden page in the local site(s), or None when there is none."""
    site = golden.get("site") or golden_file.parent.name
    candidates: list[Path] = []
    for key in ("file", "html_file", "page"):
        value = golden.get(key)
        if isinstance(value, str) and value:
            candidates += [tests / value, tests.parent / value, golden_file.parent / value]
    url = str(golden.get("url") or "")
    if url:
        parts = urlsplit(url)
        rel = unquote(parts.path).strip("/")
        query = parts.query.replace("=", "-").replace("&", "_")
        name = f"index.{query}.html" if query else "index.html"
        sites = tests / "site"
        candidates += [sites / "outlets" / (parts.hostname or site) / rel / name]
        if site == "aawsat":
            candidates.append(sites / "www" / rel / name)
    return next((c for c in candidates if c.is_file()), None)


def parser_for(site: str) -> ModuleType:
    """The outlet module for `site`, else the generic extractor when it exists."""
    try:
        return get_outlet(site)
    except ValueError:
        try:
            return importlib.import_module("sources.generic")
        except ModuleNotFoundError:
            raise ValueError(f"no parser for site {site!r} and no sources.generic") from None


# --------------------------------------------------------------------------- scoring


def shingles(paragraphs: Iterable[str] | None) -> set[tuple[str, ...]]:
    """The set of 4-token windows of the body (`\\w+` tokens of the paragraphs joined)."""
    tokens = _WORD.findall("\n".join(paragraphs or []))
    if not tokens:
        return set()
    if len(tokens) < SHINGLE:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def precision_recall(parsed: set[Any], gold: set[Any]) -> tuple[float, float]:
    """Shingle precision and recall of one page, 0/0 counting as 1."""
    common = len(parsed & gold)
    precision = common / len(parsed) if parsed else 1.0
    recall = common / len(gold) if gold else 1.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of the averaged precision and recall."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _utc_text(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def derive(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Derived columns (`published_at`, ...) of parsed records as the pipeline computes them."""
    if not records:
        return {}
    rows = [{**r, "fetched_at": FETCHED_AT} for r in records]
    articles = build_articles(parsed_frame(rows, run_id="eval"))
    wanted = ["article_id", *(c for c in DERIVED if c in articles.columns)]
    return {
        row["article_id"]: {k: _utc_text(v) for k, v in row.items() if k != "article_id"}
        for row in articles.select(wanted).to_dicts()
    }


def evaluate_site(site: str, files: Sequence[Path], tests: Path = TESTS) -> SiteScore:
    """Parse every golden page of one site and score it."""
    outlet = parser_for(site)
    goldens: list[tuple[Path, dict[str, Any]]] = []
    records: dict[str, dict[str, Any]] = {}
    outcomes: dict[str, str] = {}
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        goldens.append((path, gold))
        page = page_path(gold, path, tests)
        if page is None:
            outcomes[path.stem] = "no_page"
            continue
        html = page.read_text(encoding="utf-8", errors="replace")
        try:
            records[path.stem] = outlet.parse_article(html, gold["url"])
            outcomes[path.stem] = "parsed"
        except ParseError as exc:
            outcomes[path.stem] = exc.reason
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            outcomes[path.stem] = f"crash:{type(exc).__name__}"
    derived = derive(list(records.values()))

    results: list[PageResult] = []
    for path, gold in goldens:
        record = records.get(path.stem)
        expected = gold.get("expected_reason") or "parsed"
        matches = {"outcome": outcomes[path.stem] == expected}
        if expected == "parsed":
            extra = derived.get(record["article_id"], {}) if record else {}
            for column in PARSED_COLUMNS:
                if column in gold:
                    matches[column] = record is not None and record.get(column) == gold[column]
            for column in DERIVED:
                if column in gold:
                    matches[column] = record is not None and extra.get(column) == gold[column]
        precision, recall = precision_recall(
            shingles(record["paragraphs"] if record else None), shingles(gold.get("paragraphs"))
        )
        results.append(PageResult(site, path.stem, outcomes[path.stem], matches, precision, recall))
    return score(site, results)


def score(site: str, results: Sequence[PageResult]) -> SiteScore:
    """Aggregate page results: exact-match share per field, averaged precision/recall, F1."""
    names = list(dict.fromkeys(k for r in results for k in r.matches))
    fields: dict[str, float] = {}
    misses: dict[str, list[str]] = {}
    for name in names:
        scored = [r for r in results if name in r.matches]
        fields[name] = sum(r.matches[name] for r in scored) / len(scored)
        missed = [r.name for r in scored if not r.matches[name]]
        if missed:
            misses[name] = missed
    n = len(results)
    precision = sum(r.precision for r in results) / n if n else 0.0
    recall = sum(r.recall for r in results) / n if n else 0.0
    return SiteScore(site, n, fields, precision, recall, f1(precision, recall), misses)


def evaluate(
    golden_root: Path = GOLDEN_ROOT, site: str | None = None, tests: Path = TESTS
) -> dict[str, SiteScore]:
    """Scores per site for every golden page under `golden_root`."""
    by_site: dict[str, list[Path]] = {}
    for path in golden_files(golden_root, site):
        by_site.setdefault(path.parent.name, []).append(path)
    return {name: evaluate_site(name, files, tests) for name, files in sorted(by_site.items())}


def overall(scores: dict[str, SiteScore]) -> SiteScore:
    """Figures over all pages of all sites (page-weighted)."""
    pages = sum(s.pages for s in scores.values())
    names = list(dict.fromkeys(k for s in scores.values() for k in s.fields))
    fields = {}
    for name in names:
        # Weight each site's rate by its pages; close enough for a summary line.
        weighted = [(s.fields[name], s.pages) for s in scores.values() if name in s.fields]
        fields[name] = sum(v * w for v, w in weighted) / sum(w for _, w in weighted)
    precision = sum(s.precision * s.pages for s in scores.values()) / pages if pages else 0.0
    recall = sum(s.recall * s.pages for s in scores.values()) / pages if pages else 0.0
    return SiteScore("overall", pages, fields, precision, recall, f1(precision, recall))


# --------------------------------------------------------------------------- baseline


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def below_baseline(scores: dict[str, SiteScore], baseline: dict[str, Any]) -> list[str]:
    """Every figure under its stored minimum, as readable lines (empty: all at or above)."""
    problems: list[str] = []
    for site, floor in sorted(baseline.items()):
        current = scores.get(site)
        if current is None:
            problems.append(f"{site}: no golden pages evaluated")
            continue
        for name, minimum in sorted(floor.get("fields", {}).items()):
            value = current.fields.get(name)
            if value is None:
                problems.append(f"{site}.{name}: not scored (baseline {minimum:.4f})")
            elif value < minimum:
                problems.append(f"{site}.{name}: {value:.4f} < baseline {minimum:.4f}")
        minimum = floor.get("body_f1")
        if minimum is not None and current.body_f1 < minimum:
            problems.append(f"{site}.body_f1: {current.body_f1:.4f} < baseline {minimum:.4f}")
    return problems


def raised_baseline(scores: dict[str, SiteScore], baseline: dict[str, Any]) -> dict[str, Any]:
    """The baseline raised to current figures; raises ValueError if that would lower any."""
    problems = below_baseline(scores, baseline)
    if problems:
        raise ValueError("refusing to lower the baseline:\n  " + "\n  ".join(problems))
    out: dict[str, Any] = json.loads(json.dumps(baseline))
    for site, current in scores.items():
        floor = out.setdefault(site, {})
        fields = floor.setdefault("fields", {})
        for name, value in current.fields.items():
            fields[name] = max(fields.get(name, 0.0), _floor4(value))
        floor["fields"] = dict(sorted(fields.items()))
        floor["body_f1"] = max(floor.get("body_f1", 0.0), _floor4(current.body_f1))
    return dict(sorted(out.items()))


def _floor4(value: float) -> float:
    """Round down to 4 decimals, so a stored minimum never exceeds the figure it came from."""
    return int(value * 10_000 + 1e-9) / 10_000


# --------------------------------------------------------------------------- report


def report(scores: dict[str, SiteScore], verbose: bool = False) -> str:
    lines: list[str] = []
    for score_ in [*scores.values(), *([overall(scores)] if len(scores) > 1 else [])]:
        lines.append(f"== {score_.site}: {score_.pages} pages")
        for name, value in score_.fields.items():
            missed = score_.misses.get(name, [])
            note = f"   misses: {', '.join(missed)}" if missed and verbose else ""
            lines.append(f"  {name:<18} {value * 100:7.2f}%{note}")
        lines.append(
            f"  {'body':<18} P {score_.precision:.4f}  R {score_.recall:.4f}  "
            f"F1 {score_.body_f1:.4f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", help="only this site's golden pages")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument(
        "--update-baseline", action="store_true", help="raise the baseline to current figures"
    )
    parser.add_argument("--verbose", action="store_true", help="name the pages each field misses")
    args = parser.parse_args(argv)

    scores = evaluate(site=args.site)
    print(report(scores, verbose=args.verbose))
    baseline = load_baseline(args.baseline)
    if args.site:
        baseline = {k: v for k, v in baseline.items() if k == args.site}
    if args.update_baseline:
        try:
            raised = raised_baseline(scores, baseline)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        if args.site:
            raised = {**load_baseline(args.baseline), **raised}
        args.baseline.write_text(
            json.dumps(raised, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"baseline written: {args.baseline}")
        return 0
    problems = below_baseline(scores, baseline)
    if problems:
        print("BELOW BASELINE:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"at or above baseline ({args.baseline.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
