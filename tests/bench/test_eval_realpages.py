"""The real-page set (`tests/data/realpages/`) is complete and consistent, and the scoring of
`bench.eval_realpages` does what it says on small hand-made cases. Our extractor's score is not
asserted here: `make eval` checks it."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from bench.eval_realpages import (
    SET_DIR,
    Output,
    Page,
    PageScore,
    aggregate,
    date_match,
    failures,
    headline_match,
    load_pages,
    score_page,
)
from tools.realpages import fold, materialise, page_bytes, visible_text

# Floors the set never falls below (what it holds on 2026-12-04). The issue asks for 60 pages,
# 20 of them Arabic from three countries: not reached offline, reported by bench/eval_realpages.py.
MIN_PAGES = 30
MIN_ARABIC = 1
MIN_ARABIC_COUNTRIES = 1
KEYS = {
    "id", "url", "lang", "country", "outlet", "provenance", "headline", "published_date", "body",
    "body_rule", "notes",
}  # fmt: skip
IDS = sorted(p.name for p in SET_DIR.iterdir() if p.is_dir())


def _expected(page_id: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((SET_DIR / page_id / "expected.json").read_text("utf-8"))
    return data


# --------------------------------------------------------------------------- the set


def test_set_size_and_arabic_coverage() -> None:
    entries = [_expected(i) for i in IDS]
    arabic = [e for e in entries if e["lang"] == "ar"]
    assert len(entries) >= MIN_PAGES, f"{len(entries)} pages, want >= {MIN_PAGES}"
    assert len(arabic) >= MIN_ARABIC, f"{len(arabic)} Arabic pages, want >= {MIN_ARABIC}"
    countries = {e["country"] for e in arabic}
    assert len(countries) >= MIN_ARABIC_COUNTRIES, f"Arabic outlets' countries: {countries}"


@pytest.mark.parametrize("page_id", IDS)
def test_entry_is_complete(page_id: str) -> None:
    folder = SET_DIR / page_id
    assert (folder / "page.html.gz").is_file()
    data = _expected(page_id)
    assert set(data) == KEYS
    assert data["id"] == page_id
    assert isinstance(data["lang"], str) and re.fullmatch(r"[a-z]{2}", data["lang"])
    assert isinstance(data["country"], str) and re.fullmatch(r"[A-Z]{2}", data["country"])
    assert data["outlet"] and data["notes"] and data["headline"]
    assert data["url"] is None or str(data["url"]).startswith(("http://", "https://"))
    date = data["published_date"]
    assert date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date))
    provenance = data["provenance"]
    assert isinstance(provenance, dict) and {"repo", "path", "commit"} <= set(provenance)
    assert provenance["sha256"] == hashlib.sha256(page_bytes(page_id)).hexdigest()
    body = data["body"]
    assert isinstance(body, list) and body and all(isinstance(p, str) and p for p in body)
    rule = data["body_rule"]
    assert isinstance(rule, dict) and rule["xpath"]


@pytest.mark.parametrize("page_id", IDS)
def test_headline_and_body_are_in_the_visible_text(page_id: str) -> None:
    data = _expected(page_id)
    html = page_bytes(page_id)
    text = fold(visible_text(html))
    assert fold(str(data["headline"])) in text
    body = data["body"]
    assert isinstance(body, list)
    missing = [p for p in body if fold(p) not in text]
    assert not missing, f"not in the page's visible text: {missing[:2]}"


@pytest.mark.parametrize("page_id", IDS)
def test_body_is_what_its_rule_gives(page_id: str) -> None:
    data = _expected(page_id)
    rule = data["body_rule"]
    assert isinstance(rule, dict)
    assert materialise(page_bytes(page_id), rule) == data["body"]


def test_no_two_pages_the_same() -> None:
    digests = [hashlib.sha256(page_bytes(i)).hexdigest() for i in IDS]
    urls = [_expected(i)["url"] for i in IDS if _expected(i)["url"]]
    assert len(set(digests)) == len(digests)
    assert len(set(urls)) == len(urls)


def test_load_pages_reads_every_entry() -> None:
    pages = load_pages()
    assert [p.id for p in pages] == IDS
    assert all(p.html.lstrip()[:1] == b"<" for p in pages)


# --------------------------------------------------------------------------- scoring


def _page(body: tuple[str, ...], headline: str = "عنوان الخبر", date: str | None = None) -> Page:
    return Page("t", "https://example.org/a", "ar", b"<html></html>", headline, date, body)


GOLD = ("قصفت الطائرات بلدة في ريف إدلب صباح اليوم", "وقال الدفاع المدني إن ثلاثة مدنيين قتلوا")


def test_score_page_exact_body_headline_and_date() -> None:
    page = _page(GOLD, date="2024-12-10")
    score = score_page(Output(GOLD, " عنوان   الخبر ", "2024-12-10"), page)
    assert score == PageScore(precision=1.0, recall=1.0, headline=True, date=True)


def test_score_page_half_the_body_and_extra_text() -> None:
    page = _page(GOLD)
    found = (GOLD[0], "اقرأ أيضا: أخبار ذات صلة من سوريا اليوم")
    score = score_page(Output(found, "عنوان", None), page)
    # GOLD[0] is 8 tokens (5 windows of 4): 5 of the 12 gold windows, 5 of the 13 found.
    assert score.recall == pytest.approx(5 / 12)
    assert score.precision == pytest.approx(5 / 13)
    assert score.headline is False
    assert score.date is True  # expected null, nothing found


def test_score_page_nothing_found() -> None:
    score = score_page(Output((), None, None, "no_body"), _page(GOLD, date="2024-12-10"))
    assert (score.precision, score.recall, score.headline, score.date) == (1.0, 0.0, False, False)


def test_headline_match_folds_whitespace_only() -> None:
    assert headline_match("Fed  lifts\nrates", "Fed lifts rates")
    assert not headline_match("Fed lifts rates - Reuters", "Fed lifts rates")
    assert not headline_match("fed lifts rates", "Fed lifts rates")
    assert not headline_match(None, "Fed lifts rates")


def test_date_match() -> None:
    assert date_match("2024-12-10", "2024-12-10")
    assert date_match("2024-12-10T21:00:00Z", "2024-12-10")
    assert not date_match("2024-12-09", "2024-12-10")
    assert not date_match(None, "2024-12-10")
    assert date_match(None, None) and date_match("", None)
    assert not date_match("2024-12-10", None)


def test_aggregate_means_precision_and_recall_before_f1() -> None:
    scores = [PageScore(1.0, 1.0, True, True), PageScore(0.5, 0.0, False, True)]
    group = aggregate(scores)
    assert (group.pages, group.precision, group.recall) == (2, 0.75, 0.5)
    assert group.body_f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert (group.headline, group.date) == (0.5, 1.0)
    assert aggregate([]).pages == 0


def test_failures_names_each_missed_target() -> None:
    good = aggregate([PageScore(1.0, 1.0, True, True)])
    weak = aggregate([PageScore(0.9, 0.9, False, True)])
    assert failures({"ours": {"all": good}, "trafilatura": {"all": weak}}) == []
    problems = failures({"ours": {"all": weak}, "trafilatura": {"all": good}})
    assert len(problems) == 3  # below trafilatura, below 0.96, headline below 0.95
    assert any("trafilatura" in p for p in problems)


# --------------------------------------------------------------------------- the rule tool


def test_materialise_blocks_inline_and_drops(tmp_path: Path) -> None:
    html = (
        "<html><body><div id='a'><p>الفقرة <b>الأولى</b> هنا</p><figure><figcaption>صورة"
        "</figcaption></figure><div>سطر<br>ثان</div><p>اقرأ أيضا: خبر</p>"
        "<script>var x = 1;</script></div><p>خارج</p></body></html>"
    )
    rule = {"xpath": "//div[@id='a']", "drop": ["xpath:.//figure", "re:^اقرأ أيضا"]}
    assert materialise(html, rule) == ["الفقرة الأولى هنا", "سطر", "ثان"]
    assert "خارج" in visible_text(html) and "var x" not in visible_text(html)
