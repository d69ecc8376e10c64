"""`import-text`: text dumps through the same clean, validate and load path as HTML, into a real
DuckLake warehouse on disk; no duplicate of an article loaded from HTML, nothing written twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.import_text import import_text_flow
from flows.ingest import ingest_flow
from sources.textdump import title_id
from warehouse.catalog import connect
from warehouse.lock import WarehouseBusyError

DATA = Path(__file__).resolve().parents[1] / "data" / "textdump"
SEED = DATA / "aawsat_syria_pages.txt"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aawsat"
TABLES = (
    "articles", "article_versions", "article_places", "article_actors", "article_sources",
    "article_quotes", "article_dates", "quarantine", "url_state", "raw_pages",
)  # fmt: skip
JASEM = "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا"
AIRSTRIKES = "طائرات سورية وروسية تقصف شمال غربي سوريا الخاضع لسيطرة المعارضة"
ANKARA = "أنقرة تستبق «رباعي موسكو» بمطالبة دمشق بموقف واضح تجاه قضايا التطبيع"
JASEM_DATE = "الخميس - 13 محرم 1444 هـ - 11 أغسطس 2022 مـ رقم العدد [15962]"
ANKARA_DATE = "السبت - 16 شوال 1444 هـ - 6 مايو 2023 مـ رقم العدد [16232]"


def rows(data_dir: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(data_dir, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def table_counts(data_dir: Path) -> dict[str, int]:
    return {t: rows(data_dir, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def seed_pages() -> tuple[str, str]:
    text = SEED.read_text(encoding="utf-8")
    cut = text.index(f"{AIRSTRIKES}\n\nTT")
    return text[:cut], text[cut:]


@pytest.fixture(scope="module")
def html_warehouse(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The bundled site (built from the same seed) ingested from its HTML."""
    data_dir = tmp_path_factory.mktemp("html-warehouse")
    ingest_flow(base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0)
    return data_dir


def test_the_seed_is_not_loaded_again_over_its_html_articles(html_warehouse: Path) -> None:
    before = table_counts(html_warehouse)
    summary = import_text_flow(files=[str(SEED)], data_dir=str(html_warehouse))
    counts = summary["counts"]
    assert counts["discovered"] == 2
    assert counts["already_loaded"] == counts["unchanged"] == 2
    assert counts.get("loaded", 0) == counts.get("quarantined", 0) == 0
    assert summary["message"].startswith("nothing new")
    assert [x["reason"] for x in summary["not_loaded"]] == [
        "in the warehouse as aawsat:3807486",
        "in the warehouse as aawsat:5087364",
    ]
    assert table_counts(html_warehouse) == before
    run = rows(
        html_warehouse,
        "SELECT flow, source, status, discovered, unchanged, loaded FROM runs WHERE run_id = ?",
        [summary["run_id"]],
    )
    assert run == [("import-text", "text-dump", "completed", 2, 2, 0)]


def test_a_copy_with_another_headline_but_the_same_body_is_already_loaded(
    html_warehouse: Path, tmp_path: Path
) -> None:
    text = (DATA / "aawsat_full_copy_3807486.txt").read_text(encoding="utf-8")
    retitled = text.replace(JASEM, "النظام يطالب بإخراج عناصر «داعش» من جاسم في ريف درعا")
    dump = tmp_path / "retitled.txt"
    dump.write_text(retitled, encoding="utf-8")
    before = table_counts(html_warehouse)
    summary = import_text_flow(files=[str(dump)], data_dir=str(html_warehouse))
    assert summary["counts"]["already_loaded"] == 1
    assert summary["not_loaded"][0]["reason"] == "in the warehouse as aawsat:3807486"
    assert table_counts(html_warehouse) == before


def test_a_new_page_loads_with_its_related_cards_pointing_at_stored_articles(
    html_warehouse: Path, tmp_path: Path
) -> None:
    # The seed's first page under another headline and with another body (the teasers of two
    # cards), printed on another day: a new article whose related cards are all stored.
    first, _ = seed_pages()
    related = first[first.index("مقالات ذات صلة") :]
    teasers = [line for line in related.split("\n") if len(line.split()) > 40]
    headline = "لجان التسوية تعود إلى ريف درعا وسط تعزيزات عسكرية"
    page = (
        f"{ANKARA_DATE}\n{headline}\nTT\n{headline}\n\n" + "\n".join(teasers[2:4]) + "\n\n"
        + related
    )  # fmt: skip
    dump = tmp_path / "new-page.txt"
    dump.write_text(page, encoding="utf-8")
    summary = import_text_flow(files=[str(dump)], data_dir=str(html_warehouse))
    assert summary["counts"]["loaded"] == 1
    (loaded,) = rows(
        html_warehouse,
        "SELECT article_id, layout, related_ids, published_date::VARCHAR FROM articles "
        "WHERE article_id = ?",
        [title_id(headline)],
    )
    assert loaded[1] == "text-dump" and loaded[3] == "2023-05-06"
    golden_file = GOLDEN / "current-jasem-daraa-2022.json"
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    assert loaded[2] == golden["related_ids"]


@pytest.fixture()
def mixed_dump(tmp_path: Path) -> Path:
    """A real dump as a user might paste one: a full copy (dated), the seed's first page with
    its print date line, the seed's second page again without a date, a list of links, and a
    page with no date at all."""
    first, second = seed_pages()
    ankara = (DATA / "aawsat_full_copy_4312077.txt").read_text(encoding="utf-8")
    undated = ankara.replace(ANKARA_DATE + "\n", "")
    assert undated != ankara
    links = "سوريا\nغزة\nلبنان\nالسودان\nأسعار النفط\n"
    text = "\n".join(
        [
            (DATA / "aawsat_full_copy_5087364.txt").read_text(encoding="utf-8"),
            JASEM_DATE + "\n" + first,
            second,
            links,
            undated,
        ]
    )
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_a_dump_into_an_empty_warehouse_and_again_writes_nothing_the_second_time(
    prefect_harness: None, mixed_dump: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "warehouse"
    summary = import_text_flow(files=[str(mixed_dump)], data_dir=str(data_dir))
    counts = summary["counts"]
    assert counts["discovered"] == 5
    assert (counts["loaded"], counts["quarantined"], counts["skipped"]) == (2, 2, 1)
    outcomes = {(x["outcome"], x["headline"]) for x in summary["not_loaded"]}
    assert ("skipped", AIRSTRIKES) in outcomes  # the undated copy; the dated one loaded
    assert ("quarantined", ANKARA) in outcomes and ("quarantined", None) in outcomes

    loaded = rows(
        data_dir,
        "SELECT headline, layout, url, published_date::VARCHAR, byline, published_hijri "
        "FROM articles ORDER BY published_date",
    )
    assert [r[0] for r in loaded] == [JASEM, AIRSTRIKES]
    assert {r[1] for r in loaded} == {"text-dump"}
    assert all(r[2].startswith("text-dump:aawsat/") for r in loaded)
    assert [r[3] for r in loaded] == ["2022-08-11", "2024-11-28"]
    assert loaded[1][4] == "لندن - «الشرق الأوسط»" and loaded[0][5] == "13 محرم 1444"
    # Enriched like any article: Jasim in Daraa, the sources it cites.
    places = rows(
        data_dir,
        "SELECT DISTINCT governorate_pcode FROM article_places WHERE article_id = ?",
        [title_id(JASEM)],
    )
    assert ("SY12",) in places
    assert rows(data_dir, "SELECT count(*) FROM article_versions")[0][0] == 2

    quarantined = rows(
        data_dir, "SELECT stage, reason, article_id, columns, failure_cases FROM quarantine"
    )
    by_stage = {q[0]: q for q in quarantined}
    assert set(by_stage) == {"parse", "validate"}
    assert by_stage["parse"][1] == "not_article" and by_stage["parse"][2] is None
    assert json.loads(by_stage["parse"][4])["file"] == str(mixed_dump)
    assert by_stage["validate"][2] == title_id(ANKARA)
    assert "published_at" in by_stage["validate"][3]

    before = table_counts(data_dir)
    again = import_text_flow(files=[str(mixed_dump)], data_dir=str(data_dir))
    assert again["counts"]["discovered"] == 5
    # Both copies of the second seed page are in the warehouse now, the dated one loaded.
    assert again["counts"]["unchanged"] == 5 and again["counts"].get("skipped", 0) == 0
    assert again["counts"]["already_loaded"] == 3
    assert again["counts"]["already_quarantined"] == 2
    assert again["counts"].get("loaded", 0) == again["counts"].get("quarantined", 0) == 0
    assert table_counts(data_dir) == before
    runs = rows(
        data_dir,
        "SELECT loaded, quarantined, unchanged, skipped, discovered FROM runs "
        "WHERE flow = 'import-text' ORDER BY started_at",
    )
    assert runs == [(2, 2, 0, 1, 5), (0, 0, 5, 0, 5)]


_HOLDER = (
    "import sys, time; from pathlib import Path; from warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), 'ingest aawsat run test-holder'):\n"
    "    print('held', flush=True); time.sleep(60)\n"
)


def test_import_text_waits_for_the_writer_lock_and_fails_naming_the_holder(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_ETL_LOCK_WAIT", "0.5")
    monkeypatch.setenv("SYRIA_ETL_RETRY_DELAY", "0")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError, match=rf"pid {holder.pid}: ingest aawsat run"):
            import_text_flow(files=[str(SEED)], data_dir=str(tmp_path))
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "catalog.sqlite").exists()


def test_the_cli_refuses_missing_and_binary_files(prefect_harness: None, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        app, ["import-text", str(tmp_path / "nope.txt"), "--data-dir", str(tmp_path)]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    refused = runner.invoke(app, ["import-text", str(binary), "--data-dir", str(tmp_path)])
    assert refused.exit_code == 2 and "photo.jpg" in refused.output
    assert not (tmp_path / "catalog.sqlite").exists()
