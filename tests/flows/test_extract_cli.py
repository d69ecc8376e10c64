"""`syria-etl extract`: pages of any outlet → JSON lines in input order, dates in UTC."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app

TESTS = Path(__file__).resolve().parents[1]


def golden_pages() -> list[tuple[dict[str, object], Path]]:
    """(golden record, its page file) for every article golden of every outlet."""
    pairs = []
    for golden_file in sorted((TESTS / "golden").glob("*/*.json")):
        golden = json.loads(golden_file.read_text(encoding="utf-8"))
        if golden.get("expected_state") != "loaded":
            continue
        site_root = TESTS / "site" / ("www" if golden["site"] == "aawsat" else "outlets")
        candidates = [site_root / golden["path"].lstrip("/") / "index.html"]
        if golden["site"] != "aawsat":
            host = golden["url"].split("/")[2]
            candidates.append(site_root / host / golden["path"].lstrip("/") / "index.html")
        page = next((c for c in candidates if c.is_file()), None)
        if page is not None:
            pairs.append((golden, page))
    return pairs


def test_manifest_gives_one_record_per_page_in_order(tmp_path: Path) -> None:
    pairs = golden_pages()
    sites = {str(g["site"]) for g, _ in pairs}
    assert {"aawsat", "enabbaladi", "sana", "aljazeera", "alarabiya", "bbcarabic"} <= sites
    manifest = tmp_path / "pages.jsonl"
    lines = [{"path": str(page), "url": g["url"]} for g, page in pairs]
    lines.insert(1, {"path": str(tmp_path / "missing.html"), "url": None})
    manifest.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")

    result = CliRunner().invoke(app, ["extract", "--input", str(manifest)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["path"] for r in records] == [x["path"] for x in lines]
    assert records[1]["error"] == "unreadable"
    good = [r for i, r in enumerate(records) if i != 1]
    for (golden, _), record in zip(pairs, good, strict=True):
        assert record["error"] is None, record
        assert record["source"] == golden["site"]
        assert record["headline"] == golden["headline"]
        assert record["author"] == golden["author"]
        assert record["published_at"] == golden["published_at"], golden["path"]
        assert record["body_text"] == "\n\n".join(golden["paragraphs"])  # type: ignore[arg-type]


def test_single_page_without_url_uses_the_generic_path(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<html lang="ar"><head><title>قصف على ريف إدلب</title>
        <script type="application/ld+json">{"@type": "NewsArticle",
        "headline": "قصف على ريف إدلب", "datePublished": "2024-11-28T15:20:00+03:00",
        "author": {"@type": "Person", "name": "مراسل محلي"}}</script></head>
        <body><article><h1>قصف على ريف إدلب</h1>
        <p>قالت مصادر محلية إن قصفاً مدفعياً استهدف قرى في ريف إدلب الجنوبي صباح اليوم.</p>
        <p>وأضافت المصادر أن القصف أدى إلى أضرار مادية في منازل المدنيين والأراضي الزراعية.</p>
        </article></body></html>""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.output.splitlines()]
    assert record["headline"] == "قصف على ريف إدلب"
    assert record["published_at"] == "2024-11-28T12:20:00Z"
    # The day, offset and precision the page gave (its machine date, +03:00 with seconds).
    assert (record["published_date"], record["published_offset"]) == ("2024-11-28", 180)
    assert record["published_precision"] == "second"
    assert record["updated_at"] is record["updated_date"] is None
    assert record["error"] is None


def test_needs_a_path_or_a_manifest() -> None:
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 2
