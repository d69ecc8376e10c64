"""Enrichment accuracy on hand-annotated Arabic sentences: places, actors and sources cited.

Run: `make eval`, or `.venv/bin/python bench/eval_enrich.py [--set NAME|all]
[--update-baseline] [--verbose]`.

Data, in `tests/data/enrichment/`: `dev.jsonl` (the set the dictionaries were tuned on),
`holdout.jsonl` (written apart, but read while tuning on 2026-12-04, so no longer unseen),
`holdout2.jsonl` (120 sentences written blind; its errors were read on 2026-12-04 for the third
round of dictionary work, so it is spent too) and `holdout3.jsonl` (200 sentences written blind
by someone who never ran the annotator nor read its rules, only `GUIDELINES.md`, see
`HOLDOUT3.md`; its errors were read on 2026-12-04 in the fourth session, no change was kept,
but it is spent as well: the next blind set is a holdout4, written before any tuning).
One JSON object per line: `text`, `published`, and the gold
`governorates` (p-codes, named or implied by a finer place), `places` (finer Syrian places by
name), `countries` (`SY` when Syria is named), `outside` (neighbouring countries), `actors`,
`sources`, `quotes` (how many direct quotations).

Each sentence goes through `transforms.enrich.annotate(None, text, published)`, exactly what the
flow stores. Per field, over all sentences of a set (micro-averaged):

    precision = TP / (TP + FP),   recall = TP / (TP + FN)   (1 when the denominator is 0)

where a sentence's predicted set is compared with its gold set: governorates are the
`governorate_pcode` of every Syrian place row (named or implied); `places` match by the
normalised Arabic name of any spelling of a predicted finer place (admin level 2 to 4), both
without a leading kind of place (`مخيم الهول` and `الهول` are one name);
`outside` is the country code of every non-Syrian place; quotes are scored as the share of
sentences whose count of quotes is right.

Floors (`bench/enrich_baseline.json`): per set and field, a minimum precision and recall. The
issue's floors are P ≥ 0.95 and R ≥ 0.90 for governorates, actors and sources. The run exits 1
below any floor; `--update-baseline` raises the floors to the current figures and refuses
(exit 2) when any figure is below its floor: the baseline only rises.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.arabic import normalize_for_match  # noqa: E402
from transforms.dictionaries import places_by_pcode  # noqa: E402
from transforms.enrich import annotate  # noqa: E402

DATA = ROOT / "tests" / "data" / "enrichment"
BASELINE = ROOT / "bench" / "enrich_baseline.json"
SETS = tuple(
    name for name in ("dev", "holdout", "holdout2", "holdout3") if (DATA / f"{name}.jsonl").exists()
)
FIELDS = ("governorates", "places", "countries", "outside", "actors", "sources")
ISSUE_FLOORS = {"governorates": (0.95, 0.90), "actors": (0.95, 0.90), "sources": (0.95, 0.90)}


@dataclass
class Score:
    """Counts of one field over a set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, sid: str, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        if predicted != gold:
            extra, missed = sorted(predicted - gold), sorted(gold - predicted)
            self.errors.append(f"{sid}: extra {extra} missed {missed}")


def load(name: str) -> list[dict[str, Any]]:
    """The sentences of one set."""
    path = DATA / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


# Gold names are written as readers name a place (`الهول`, `نصيب`); gazetteer names may carry
# the kind of place (`مخيم الهول`, `معبر نصيب`): both sides are compared without that word.
GENERIC_HEADS = {
    normalize_for_match(w)
    for w in ("مخيم", "معبر", "مدينة", "بلدة", "قرية", "حي", "ناحية", "منطقة")
}


def _core(name: str) -> str:
    words = normalize_for_match(name).split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in GENERIC_HEADS else " ".join(words)


def predict(sentence: dict[str, Any]) -> tuple[dict[str, set[str]], list[set[str]]]:
    """The predicted set of every field, and the spellings of each finer place found."""
    published = dt.date.fromisoformat(sentence["published"]) if sentence.get("published") else None
    found = annotate(None, sentence["text"], published)
    gazetteer = places_by_pcode()
    finer = [
        {_core(n) for n in gazetteer[p["pcode"]].names_ar}
        for p in found.places
        if p["country_code"] == "SY" and 2 <= p["admin_level"] <= 4 and not p["implied"]
    ]
    return {
        "governorates": {p["governorate_pcode"] for p in found.places if p["governorate_pcode"]},
        "countries": {"SY"} if any(p["pcode"] == "SY" for p in found.places) else set(),
        "outside": {p["country_code"] for p in found.places if p["country_code"] != "SY"},
        "actors": {a["actor_id"] for a in found.actors},
        "sources": {s["source_id"] for s in found.sources},
        "quotes": {str(len(found.quotes))},
    }, finer


def gold(sentence: dict[str, Any]) -> dict[str, set[str]]:
    """The gold set of every field for one sentence."""
    return {
        "governorates": set(sentence.get("governorates", [])),
        "places": {_core(p["name"]) for p in sentence.get("places", [])},
        "countries": set(sentence.get("countries", [])),
        "outside": set(sentence.get("outside", [])),
        "actors": set(sentence.get("actors", [])),
        "sources": set(sentence.get("sources", [])),
        "quotes": {str(sentence.get("quotes", 0))},
    }


def evaluate(sentences: Iterable[dict[str, Any]]) -> tuple[dict[str, Score], float, int]:
    """Scores per field, the share of right quote counts, and the number of sentences."""
    scores = {f: Score() for f in FIELDS}
    right_quotes = n = 0
    for s in sentences:
        n += 1
        (pred, finer), want = predict(s), gold(s)
        for f in FIELDS:
            if f != "places":
                scores[f].add(s["id"], pred[f], want[f])
        # A finer place is right when any of its spellings is a gold name.
        hit = {g for g in want["places"] if any(g in names for names in finer)}
        extra = [sorted(names)[0] for names in finer if not names & want["places"]]
        place = scores["places"]
        place.tp += len(hit)
        place.fn += len(want["places"] - hit)
        place.fp += len(extra)
        if extra or want["places"] - hit:
            place.errors.append(f"{s['id']}: extra {extra} missed {sorted(want['places'] - hit)}")
        right_quotes += pred["quotes"] == want["quotes"]
    return scores, (right_quotes / n if n else 1.0), n


def _floor4(x: float) -> float:
    """Rounded down to 4 decimals: a stored floor is never above the figure it came from."""
    return math.floor(x * 10_000 + 1e-9) / 10_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    names = SETS if args.set == "all" else (args.set,)
    baseline = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    current: dict[str, dict[str, dict[str, float]]] = {}
    failures: list[str] = []
    for name in names:
        scores, quotes, n = evaluate(load(name))
        print(f"\n{name}: {n} sentences")
        print(f"  {'field':<13} {'P':>6} {'R':>6}   TP   FP   FN")
        current[name] = {}
        for f, sc in scores.items():
            print(
                f"  {f:<13} {sc.precision:6.3f} {sc.recall:6.3f} {sc.tp:4d} {sc.fp:4d} {sc.fn:4d}"
            )
            current[name][f] = {"precision": _floor4(sc.precision), "recall": _floor4(sc.recall)}
            floor = baseline.get(name, {}).get(f)
            if floor and (
                sc.precision < floor["precision"] - 1e-9 or sc.recall < floor["recall"] - 1e-9
            ):
                failures.append(f"{name}.{f}: P {sc.precision:.4f} R {sc.recall:.4f} < {floor}")
            if args.verbose:
                for line in sc.errors:
                    print(f"      {line}")
        print(f"  quotes: right count in {quotes:.3f} of sentences")
        current[name]["quotes"] = {"precision": _floor4(quotes), "recall": _floor4(quotes)}
    for f, (p_floor, r_floor) in ISSUE_FLOORS.items():
        for name in names:
            got = current[name][f]
            if got["precision"] < p_floor or got["recall"] < r_floor:
                print(
                    f"  below the issue's floor: {name}.{f} P {got['precision']} R {got['recall']}"
                )
    if args.update_baseline:
        if failures:
            print("refusing to lower the baseline:\n  " + "\n  ".join(failures))
            return 2
        for name, fields in current.items():
            baseline.setdefault(name, {}).update(fields)
        BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"baseline written: {BASELINE.relative_to(ROOT)}")
        return 0
    if failures:
        print("below the baseline:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
