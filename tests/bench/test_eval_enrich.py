"""The enrichment evaluation (`bench/eval_enrich.py`, `make eval`): scoring and the baseline."""

from __future__ import annotations

import json

import pytest

from bench import eval_enrich as ev

SENTENCES = [
    {
        "id": "t-1",
        "text": "شهدت مدينة جاسم في ريف درعا الشمالي استنفاراً لقوات النظام، وفقاً لمصادر محلية.",
        "published": "2022-08-11",
        "governorates": ["SY12"],
        "places": [{"name": "جاسم", "governorate": "SY12"}],
        "countries": [],
        "outside": [],
        "actors": ["syrian_gov_assad"],
        "sources": ["local_sources"],
        "quotes": 0,
    },
    {
        "id": "t-2",
        "text": "فاز حزب حماة الوطن بأغلبية مقاعد مجلس النواب المصري.",
        "published": "2020-11-01",
        "governorates": ["SY04"],  # a wrong gold: the scorer must count it as missed
        "places": [],
        "countries": [],
        "outside": [],
        "actors": [],
        "sources": [],
        "quotes": 0,
    },
]


def test_scores_count_hits_misses_and_extras() -> None:
    scores, quotes, n = ev.evaluate(SENTENCES)
    assert n == 2 and quotes == 1.0
    gov = scores["governorates"]
    assert (gov.tp, gov.fp, gov.fn) == (1, 0, 1)
    assert gov.precision == 1.0 and gov.recall == 0.5
    assert (scores["places"].tp, scores["places"].fn) == (1, 0)
    assert scores["actors"].tp == 1 and scores["sources"].tp == 1


def test_place_names_compare_without_their_kind() -> None:
    assert ev._core("مخيم الهول") == ev._core("الهول")
    assert ev._core("بحيرة الأسد") != ev._core("الأسد")


@pytest.mark.parametrize("name", ev.SETS)
def test_every_set_meets_its_stored_floor(name: str) -> None:
    baseline = json.loads(ev.BASELINE.read_text("utf-8"))
    scores, _, n = ev.evaluate(ev.load(name))
    assert n >= 100
    for field, floor in baseline[name].items():
        if field == "quotes":
            continue
        got = scores[field]
        assert got.precision >= floor["precision"] - 1e-9, (field, got.precision, floor)
        assert got.recall >= floor["recall"] - 1e-9, (field, got.recall, floor)
