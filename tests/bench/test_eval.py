"""The extraction-fidelity evaluation (`bench/eval.py`, `make eval`): figures, baseline, formula.

Runs the evaluation function itself (no timing): the aawsat golden pages meet the stored
baseline and the targets (every field >= 99% exact match, body F1 >= 0.99), and the
baseline can be raised but never lowered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import eval as ev

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def aawsat() -> Any:
    return ev.evaluate(site="aawsat")["aawsat"]


def test_aawsat_figures_meet_the_stored_baseline(aawsat: Any) -> None:
    baseline = ev.load_baseline()
    assert "aawsat" in baseline, "bench/eval_baseline.json has no aawsat floor"
    assert ev.below_baseline({"aawsat": aawsat}, {"aawsat": baseline["aawsat"]}) == []


def test_aawsat_targets(aawsat: Any) -> None:
    assert aawsat.pages >= 20
    low = {name: value for name, value in aawsat.fields.items() if value < 0.99}
    assert low == {}, aawsat.misses
    assert aawsat.body_f1 >= 0.99
    for derived in ("published_at", "published_hijri", "is_syria"):
        assert derived in aawsat.fields


def test_the_baseline_covers_every_scored_field(aawsat: Any) -> None:
    stored = ev.load_baseline()["aawsat"]
    assert set(stored["fields"]) == set(aawsat.fields)
    assert "body_f1" in stored


def test_lowering_the_baseline_is_refused(aawsat: Any, tmp_path: Path) -> None:
    scores = {"aawsat": aawsat}
    higher = {"aawsat": {"fields": {"headline": 1.5}, "body_f1": 0.5}}
    with pytest.raises(ValueError, match="refusing to lower"):
        ev.raised_baseline(scores, higher)

    path = tmp_path / "baseline.json"
    text = json.dumps(higher)
    path.write_text(text, encoding="utf-8")
    assert ev.main(["--site", "aawsat", "--baseline", str(path), "--update-baseline"]) == 2
    assert path.read_text(encoding="utf-8") == text  # nothing written
    assert ev.main(["--site", "aawsat", "--baseline", str(path)]) == 1


def test_raising_the_baseline_only_goes_up(aawsat: Any, tmp_path: Path) -> None:
    scores = {"aawsat": aawsat}
    lower = {"aawsat": {"fields": {"headline": 0.5}, "body_f1": 0.1}, "other": {"body_f1": 0.3}}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(lower), encoding="utf-8")
    # "other" has no golden pages in this run: the update touches only the evaluated site.
    assert ev.main(["--site", "aawsat", "--baseline", str(path), "--update-baseline"]) == 0
    raised = json.loads(path.read_text(encoding="utf-8"))
    assert raised["other"] == {"body_f1": 0.3}
    assert raised["aawsat"]["fields"]["headline"] == ev._floor4(aawsat.fields["headline"])
    assert set(raised["aawsat"]["fields"]) == set(aawsat.fields)
    assert raised["aawsat"]["body_f1"] == ev._floor4(aawsat.body_f1) >= 0.1
    mine = {"aawsat": raised["aawsat"]}
    assert ev.raised_baseline(scores, mine) == mine  # idempotent at current figures


def test_body_shingles_and_f1_formula() -> None:
    assert ev.shingles(["a b c d e"]) == {("a", "b", "c", "d"), ("b", "c", "d", "e")}
    assert ev.shingles(["a b"]) == {("a", "b")}
    assert ev.shingles([]) == set() == ev.shingles(None)
    # Paragraph breaks do not stop a window: the body is one token stream.
    assert ("c", "d", "e", "f") in ev.shingles(["a b c d", "e f"])
    gold = ev.shingles(["w1 w2 w3 w4 w5 w6"])  # 3 shingles
    parsed = ev.shingles(["w1 w2 w3 w4 w5 w6 x y"])  # 5 shingles, 3 shared
    assert ev.precision_recall(parsed, gold) == (3 / 5, 1.0)
    assert ev.precision_recall(set(), set()) == (1.0, 1.0)
    assert ev.precision_recall(set(), gold) == (1.0, 0.0)
    assert ev.f1(0.6, 1.0) == pytest.approx(0.75)
    assert ev.f1(0.0, 0.0) == 0.0


def test_a_page_that_does_not_parse_misses_every_field(tmp_path: Path) -> None:
    """A golden whose page is broken: outcome and every field count as misses, recall 0."""
    source = ev.GOLDEN_ROOT / "aawsat" / "current-raisi-damascus-2023.json"
    gold = json.loads(source.read_text(encoding="utf-8"))
    page = ev.page_path(gold, source)
    assert page is not None
    broken = tmp_path / "site" / "www" / gold["path"].strip("/") / "index.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("<html><body><p>nothing here</p></body></html>", encoding="utf-8")
    (tmp_path / "golden" / "aawsat").mkdir(parents=True)
    (tmp_path / "golden" / "aawsat" / source.name).write_text(json.dumps(gold), encoding="utf-8")
    scores = ev.evaluate(golden_root=tmp_path / "golden", tests=tmp_path)["aawsat"]
    assert scores.pages == 1
    assert scores.fields["outcome"] == 0.0
    assert all(value == 0.0 for value in scores.fields.values())
    assert (scores.precision, scores.recall, scores.body_f1) == (1.0, 0.0, 0.0)
