"""The HTML report (`warehouse/html_report.py`, `syria-etl report -o`) on a real warehouse of
enriched Arabic articles, opened in Debian's chromium through Playwright: what a reader sees.

The warehouse: 1–21 January 2025, one Syria article every other day (Dar'a, Idlib, Aleppo,
Damascus in turn), an Egyptian story, and five Syria articles on 21 January (a spike). The
events warehouse adds conflict events (ACLED and UCDP GED rows) in those weeks and one in June
2024."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from localsite.rows import article_row, load_articles
from schemas.events import ConflictEventModel
from schemas.validate import polars_schema
from transforms.charts import NO_DATA
from warehouse.catalog import connect
from warehouse.ddl import ensure_tables
from warehouse.events import load_events
from warehouse.html_report import buckets, event_buckets, render_report, write_report

CHROMIUM = os.environ.get("SYRIA_ETL_CHROMIUM", "/usr/bin/chromium")

DARAA = (
    "شهدت مدينة جاسم في ريف درعا الشمالي اشتباكات بين مسلحين محليين وقوات الحكومة السورية، "
    "وفق ما أفاد المرصد السوري لحقوق الإنسان. وقال محافظ درعا إن «الوضع تحت السيطرة الكاملة "
    "ولن نسمح بعودة الفوضى إلى المحافظة»."
)
IDLIB = (
    "قصفت طائرات مسيّرة مواقع لهيئة تحرير الشام في ريف إدلب الجنوبي، فيما دفعت تركيا بتعزيزات "
    "عسكرية جديدة إلى نقاط المراقبة في جبل الزاوية، بحسب ما ذكرت مصادر محلية."
)
ALEPPO = (
    "أعلنت وزارة الدفاع السورية أن وحداتها انتشرت في مدينة حلب وريفها الشرقي، بينما قالت قوات "
    "سوريا الديمقراطية إنها انسحبت من حي الشيخ مقصود، بحسب ما نقلت وكالة «رويترز»."
)
DAMASCUS = (
    "استقبل الرئيس السوري أحمد الشرع في دمشق وفداً من الأمم المتحدة، وبحث معه عودة اللاجئين من "
    "لبنان والأردن إلى محافظتي حمص وحماة، وفق ما ذكرت الوكالة العربية السورية للأنباء (سانا)."
)
EGYPT = (
    "ارتفع معدل التضخم السنوي في مصر خلال الشهر الماضي مع زيادة أسعار الغذاء والطاقة، "
    "بحسب بيانات الجهاز المركزي للتعبئة العامة والإحصاء في القاهرة."
)
START, SPIKE = date(2025, 1, 1), date(2025, 1, 21)
DAYS = [START + timedelta(days=i) for i in range(21)]
HEADINGS = [
    "الاهتمام بسوريا عبر الزمن",
    "المحافظات",
    "التغطية والأحداث الميدانية",
    "الفاعلون",
    "المصادر المذكورة",
    "الكتّاب",
    "جودة البيانات",
]
GOVERNORATES = {
    "دمشق", "حلب", "ريف دمشق", "حمص", "حماة", "اللاذقية", "إدلب",
    "الحسكة", "دير الزور", "طرطوس", "الرقة", "درعا", "السويداء", "القنيطرة",
}  # fmt: skip
MARKUP_AUTHOR = '<img src="https://example.com/x.png"> سامر & «الشرق»'


def article(n: int, day: date, headline: str, text: str, **kw: Any) -> dict[str, Any]:
    """A one-paragraph article by the Dar'a correspondent (overridable)."""
    return article_row(
        f"aawsat:{5000 + n}", day, headline, [text],
        **{"byline": "رياض الزين (درعا)", "author": "رياض الزين", "dateline": "درعا", **kw},
    )  # fmt: skip


def corpus() -> list[dict[str, Any]]:
    texts = [
        ("اشتباكات في جاسم بريف درعا", DARAA),
        ("تصعيد في ريف إدلب", IDLIB),
        ("انتشار في حلب", ALEPPO),
        ("الشرع يستقبل وفداً أممياً", DAMASCUS),
    ]
    rows = []
    for i in range(0, 20, 2):  # a quiet fortnight: one Syria article every other day
        headline, text = texts[(i // 2) % 4]
        rows.append(article(i, DAYS[i], f"{headline} ({i})", text))
    rows.append(article(50, date(2025, 1, 3), "التضخم في مصر يرتفع", EGYPT, author="منى حسن"))
    rows.append(
        article(51, date(2025, 1, 4), "حلب بعد الانسحاب", ALEPPO, author=MARKUP_AUTHOR,
                dateline="حلب")
    )  # fmt: skip
    for j in range(5):  # the spike: five Syria articles on 21 January
        headline, text = texts[j % 4]
        rows.append(article(100 + j, SPIKE, f"{headline} — عاجل {j}", text, author="ليلى العطار"))
    return rows


def build_warehouse(data_dir: Path, rows: list[dict[str, Any]]) -> None:
    """Enrich the rows as the flow does, load them, and record one run and one quarantine."""
    con = connect(data_dir)
    try:
        ensure_tables(con)
        if rows:
            load_articles(con, *rows)
            con.execute(
                "INSERT INTO runs BY NAME SELECT 'run-1' AS run_id, 'ingest' AS flow, "
                "'aawsat' AS source, TIMESTAMPTZ '2025-01-21 12:00:00+00' AS started_at, "
                "TIMESTAMPTZ '2025-01-21 12:03:00+00' AS finished_at, 'completed' AS status, "
                f"{len(rows) + 1} AS discovered, {len(rows) + 1} AS fetched, "
                f"{len(rows)} AS loaded, "
                "0 AS unchanged, 1 AS quarantined, 0 AS failed, 0 AS gone, 0 AS skipped, "
                "0 AS deferred, NULL AS message"
            )
            con.execute(
                "INSERT INTO quarantine BY NAME SELECT 'run-1' AS run_id, 'parse' AS stage, "
                "'https://aawsat.com/x/9-y' AS url, NULL AS article_id, 'no_body' AS reason, "
                "['no_body'] AS checks, [] AS columns, NULL AS failure_cases, NULL AS warc_file, "
                "NULL AS warc_offset, now() AS quarantined_at"
            )
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The January warehouse, shared by the tests that only read it."""
    data_dir = tmp_path_factory.mktemp("report") / "wh"
    build_warehouse(data_dir, corpus())
    return data_dir


# (source, event id, date, governorate p-code, fatalities, actor ids)
EVENTS: list[tuple[str, str, date, str, int, list[str]]] = [
    ("acled", "SYR90001", date(2025, 1, 2), "SY09", 45, ["isis"]),  # Deir ez-Zor, no article
    ("acled", "SYR90002", date(2025, 1, 8), "SY12", 3, []),
    ("acled", "SYR90003", date(2025, 1, 10), "SY07", 12, ["hts"]),
    ("acled", "SYR90004", date(2025, 1, 14), "SY02", 0, ["sdf"]),
    ("acled", "SYR90005", date(2025, 1, 16), "SY09", 8, []),
    ("ucdp-ged", "800001", date(2025, 1, 15), "SY11", 20, ["isis"]),
    ("acled", "SYR90006", date(2025, 1, 20), "SY12", 2, []),
    ("acled", "SYR80001", date(2024, 6, 12), "SY13", 5, []),  # outside the articles' span
]
EVENT_NAMES_EN = {"SY02": "Aleppo", "SY07": "Idleb", "SY09": "Deir-ez-Zor", "SY11": "Ar-Raqqa",
                  "SY12": "Dar'a", "SY13": "As-Sweida"}  # fmt: skip
WEEKS = [date(2024, 12, 30), date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 20)]


def add_events(data_dir: Path) -> None:
    """Load the EVENTS as `conflict_events` rows shaped by `ConflictEventModel`."""
    schema = polars_schema(ConflictEventModel)
    rows = [
        {
            "source": source, "event_id": event_id, "event_date": day,
            "governorate_pcode": pcode, "governorate_name": EVENT_NAMES_EN[pcode],
            "admin1": EVENT_NAMES_EN[pcode], "location": EVENT_NAMES_EN[pcode],
            "latitude": 35.0, "longitude": 38.0, "event_type": "Battles", "actor_ids": actors,
            "actors_published": [], "fatalities_best": dead, "fatalities_low": dead,
            "fatalities_high": dead, "imported_at": datetime(2025, 2, 1, tzinfo=UTC),
            "source_file": f"{source}-sample.csv", "dictionary_version": "test",
        }
        for source, event_id, day, pcode, dead, actors in EVENTS
    ]  # fmt: skip
    frame = pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
    con = connect(data_dir)
    try:
        assert load_events(con, frame).new == len(EVENTS)
    finally:
        con.close()


@pytest.fixture(scope="module")
def events_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The January warehouse with conflict events in its weeks (and one in June 2024)."""
    data_dir = tmp_path_factory.mktemp("events") / "wh"
    build_warehouse(data_dir, corpus())
    add_events(data_dir)
    return data_dir


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with its tables and views and no rows."""
    data_dir = tmp_path_factory.mktemp("empty") / "wh"
    build_warehouse(data_dir, [])
    return data_dir


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (no downloaded browser); fails if missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(Debian) or set SYRIA_ETL_CHROMIUM to a Chromium binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: `.venv/bin/pip install playwright`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


def section(page: str, section_id: str) -> str:
    """The HTML of one <section> of the page."""
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', page, re.S)
    assert match, f"no section {section_id}"
    return match.group(1)


BOXES_JS = """(svg) => [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
})"""
CHAR_ORDER_JS = """(t) => {
    const n = t.getNumberOfChars();
    return [t.getStartPositionOfChar(0).x, t.getStartPositionOfChar(n - 1).x];
}"""


def overlaps(a: list[Any], b: list[Any]) -> bool:
    return a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5


def test_the_report_in_chromium(warehouse: Path, browser: Any, tmp_path: Path) -> None:
    path = write_report(warehouse, tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")

    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("h1").inner_text() == "تغطية سوريا في الصحافة العربية"
    assert page.locator("h2").all_inner_texts() == HEADINGS
    assert page.locator("header .period").inner_text() == "الفترة: من 2025-01-01 إلى 2025-01-21"

    # Attention: one bar per day, the spike marked on 21 January with its five articles.
    bars = page.locator("#attention svg rect.bar")
    assert bars.count() == len(DAYS) == 21
    assert [bars.nth(i).get_attribute("data-key") for i in range(21)] == [
        d.isoformat() for d in DAYS
    ]
    spike = page.locator("#attention svg rect.bar.spike")
    assert spike.count() == 1
    assert spike.get_attribute("data-key") == "2025-01-21"
    assert spike.get_attribute("data-value") == "5"
    assert page.locator("#attention svg .spike-marker").count() == 1
    assert page.locator("#attention table.spikes tbody tr").count() == 1
    # Dates read left to right in the right-to-left page: the first digit is leftmost.
    ticks = page.locator("#attention svg text.x-tick")
    assert ticks.count() >= 3
    for i in range(ticks.count()):
        first, last = ticks.nth(i).evaluate(CHAR_ORDER_JS)
        assert first < last, ticks.nth(i).text_content()

    # Governorates: the 14 Arabic names as text, ranked (ties by p-code), counted by hand:
    # Dar'a 3 quiet + 2 spike, Aleppo 2 + 1 (the byline test) + 1, Idlib 3 + 1, Damascus (with
    # Homs and Hama) 2 + 1.
    labels = page.locator("#governorates svg text.label").all_text_contents()
    assert set(labels) == GOVERNORATES
    values = page.locator("#governorates svg rect.bar").evaluate_all(
        "rs => rs.map(r => Number(r.dataset.value))"
    )
    assert list(zip(labels, values, strict=True))[:7] == [
        ("درعا", 5), ("حلب", 4), ("إدلب", 4), ("دمشق", 3), ("حمص", 3), ("حماة", 3),
        ("ريف دمشق", 0),
    ]  # fmt: skip
    first, last = page.locator("#governorates svg text.label").first.evaluate(CHAR_ORDER_JS)
    assert first > last  # Arabic reads right to left: its first letter is rightmost

    actors = page.locator("#actors svg text.label").all_text_contents()
    assert {"هيئة تحرير الشام", "قوات سوريا الديمقراطية", "أحمد الشرع"} <= set(actors)
    assert actors[0] == "الحكومة السورية الانتقالية"

    sources = page.locator("#sources svg text.label").all_text_contents()
    assert {"sohr", "reuters", "sana", "local_sources"} <= set(sources)
    rows = page.locator("#bylines table tbody tr")
    assert [rows.nth(i).locator("td").all_inner_texts()[:4] for i in range(3)] == [
        ["رياض الزين", "aawsat", "10", "10"],
        ["ليلى العطار", "aawsat", "5", "5"],
        [MARKUP_AUTHOR, "aawsat", "1", "1"],
    ]
    assert MARKUP_AUTHOR in page.locator("#bylines table").inner_text()  # shown, not parsed
    assert page.locator("#bylines img").count() == 0
    assert page.locator("#quality table.runs tbody tr").count() == 1

    # No conflict events: the section is one line saying so and how to import them.
    hint = page.locator("#events p.events-hint")
    assert page.locator("#events > *").count() == 2  # the heading and the hint
    assert "لا توجد بيانات أحداث ميدانية في المستودع" in hint.inner_text()
    assert "syria-etl import-events FILE…" in hint.inner_text()
    line = hint.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)")
    box = hint.evaluate("p => p.getBoundingClientRect().height")
    padding = hint.evaluate("p => parseFloat(getComputedStyle(p).paddingTop) * 2")
    assert box - padding < 1.5 * line, (box, line)
    assert "quarantined:parse:no_body" in page.locator("#quality table.quality").inner_text()

    # What a reader would find wrong: no text on another text, no value on its own bar.
    for svg in page.locator("svg.chart").all():
        boxes = svg.evaluate(BOXES_JS)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not overlaps(a, b), (a, b)
    for svg in page.locator("svg.ranked-bars").all():
        rects = svg.evaluate("s => [...s.querySelectorAll('rect.bar')].map(r => r.getBBox().x)")
        values = svg.evaluate(
            "s => [...s.querySelectorAll('text.value')].map(t => {const b = t.getBBox();"
            " return b.x + b.width})"
        )
        labels_left = svg.evaluate(
            "s => Math.min(...[...s.querySelectorAll('text.label')].map(t => t.getBBox().x))"
        )
        right_edge = svg.evaluate(
            "s => Math.max(...[...s.querySelectorAll('rect.bar')]"
            ".map(r => r.getBBox().x + r.getBBox().width))"
        )
        assert all(v <= x + 0.5 for v, x in zip(values, rects, strict=True))
        assert labels_left > right_edge

    # Self-contained: nothing but the file itself was requested, nothing was blocked.
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), requests
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    assert errors == []
    assert shot.stat().st_size > 20_000
    page.close()


def test_the_page_has_no_script_and_no_outside_reference(warehouse: Path) -> None:
    page = render_report(warehouse)
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page.lower()
    escaped_author = "&lt;img src=&quot;https://example.com/x.png&quot;&gt; سامر &amp; «الشرق»"
    assert escaped_author in page
    rest = page.replace(escaped_author, "")
    assert not re.search(r"<[^>]*\b(src|href)\s*=", rest)
    assert "https://" not in rest
    assert "url(" not in rest
    assert set(re.findall(r"http://[^\"' ]+", rest)) == {"http://www.w3.org/2000/svg"}


def test_a_period_counts_only_its_days(warehouse: Path) -> None:
    page = render_report(warehouse, since=date(2025, 1, 10), until=date(2025, 1, 20))
    attention = section(page, "attention")
    keys = re.findall(r'<rect class="bar[^"]*" data-key="([^"]+)"', attention)
    assert keys == [(date(2025, 1, 10) + timedelta(days=i)).isoformat() for i in range(11)]
    assert "spike-marker" not in attention  # 21 January is outside
    assert "لا ذروات في هذه الفترة" in attention
    assert 'الفترة: من <span dir="ltr">2025-01-10</span> إلى' in page
    # Places are a monthly view: the whole of January counts, and the page says so.
    assert "يشمل هذا القسم الأشهر الكاملة" in section(page, "governorates")


def test_an_empty_period_and_an_empty_warehouse_say_no_data(
    warehouse: Path, empty_warehouse: Path
) -> None:
    period = render_report(warehouse, since=date(2024, 6, 1), until=date(2024, 6, 30))
    for sid in ("attention", "governorates", "actors", "sources", "bylines"):
        assert NO_DATA in section(period, sid), sid
    assert "quarantined:parse:no_body" in section(period, "quality")  # the whole warehouse

    empty = render_report(empty_warehouse)
    for sid in ("attention", "governorates", "actors", "sources", "bylines", "quality"):
        assert NO_DATA in section(empty, sid), sid
    assert "<svg" not in empty
    assert "الفترة: لا توجد بيانات" in empty
    for page in (period, empty):
        events = section(page, "events")
        assert "لا توجد بيانات أحداث ميدانية في المستودع" in events
        assert "syria-etl import-events" in events and "<table" not in events


def test_long_periods_are_drawn_per_week_then_per_month() -> None:
    unit, starts = buckets(date(2025, 1, 1), date(2025, 4, 30))  # 120 days
    assert (unit, len(starts)) == ("day", 120)
    unit, starts = buckets(date(2025, 1, 1), date(2025, 5, 1))  # 121 days
    assert unit == "week"
    assert starts[0] == date(2024, 12, 30) and starts[-1] == date(2025, 4, 28)
    assert len(starts) == 18
    unit, starts = buckets(date(2020, 3, 6), date(2025, 7, 20))
    assert unit == "month"
    assert starts[0] == date(2020, 3, 1) and starts[-1] == date(2025, 7, 1)
    assert len(starts) == 65


def test_weekly_chart_marks_the_week_of_the_spike(warehouse: Path) -> None:
    page = render_report(warehouse, since=date(2024, 10, 1), until=date(2025, 1, 31))
    attention = section(page, "attention")
    assert 'data-unit="week"' in attention
    keys = re.findall(r'<rect class="bar[^"]*" data-key="([^"]+)"', attention)
    assert keys[0] == "2024-09-30" and keys[-1] == "2025-01-27" and len(keys) == 18
    assert re.search(r'class="bar spike" data-key="2025-01-20" data-value="5"', attention)


def test_cli_writes_the_html_report_and_keeps_the_terminal_summary(
    warehouse: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(
        app,
        ["report", "--data-dir", str(warehouse), "-o", str(out), "--since", "2025-01-05",
         "--until", "2025-01-21"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.count('data-key="2025-01-') >= 17
    assert 'data-bars="17"' in page

    summary = runner.invoke(app, ["report", "--data-dir", str(warehouse)])
    assert summary.exit_code == 0, summary.output
    assert "Articles in the warehouse" in summary.output
    assert not list(tmp_path.glob("*.html"))
    no_file = runner.invoke(app, ["report", "--data-dir", str(warehouse), "--since", "2025-01-05"])
    assert no_file.exit_code == 2
    assert "add -o FILE" in no_file.output

    bad = runner.invoke(app, ["report", "--data-dir", str(warehouse), "-o", str(out),
                              "--since", "5 January"])  # fmt: skip
    assert bad.exit_code == 2
    assert "not an ISO date" in bad.output
    reversed_period = runner.invoke(
        app, ["report", "--data-dir", str(warehouse), "-o", str(out),
              "--since", "2025-01-21", "--until", "2025-01-05"],
    )  # fmt: skip
    assert reversed_period.exit_code == 2
    missing = runner.invoke(
        app, ["report", "--data-dir", str(tmp_path / "nowhere"), "-o", str(out)]
    )
    assert missing.exit_code == 1
    assert "no warehouse" in missing.output


def test_the_events_section_in_chromium(
    events_warehouse: Path, browser: Any, tmp_path: Path
) -> None:
    path = write_report(events_warehouse, tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    shot = tmp_path / "events.png"
    page.locator("#events").screenshot(path=str(shot))
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    print(f"screenshot: {shot}")

    headings = page.locator("h2").all_inner_texts()
    assert headings == HEADINGS
    assert headings.index("التغطية والأحداث الميدانية") == headings.index("المحافظات") + 1
    box = page.locator("#events .chart-box")
    assert (box.get_attribute("data-unit"), box.get_attribute("data-bars")) == ("week", "4")

    # The two series, one bar per week of the period (1–21 January: four ISO weeks), counted by
    # hand: Syria articles 4 (1, 3, 4, 5 Jan) + 3 + 4 + 5 (the spike and nothing on the 20th);
    # fatalities 45 (Deir ez-Zor) + 15 (3 Dar'a, 12 Idlib) + 28 (0 Aleppo, 8 Deir ez-Zor,
    # 20 Raqqa from UCDP) + 2. The June 2024 event is outside.
    keys = [d.isoformat() for d in WEEKS]
    read = "rs => rs.map(r => [r.dataset.key, r.dataset.value, r.getBBox().x, r.getBBox().y])"
    articles = page.locator("#events svg rect.bar.articles").evaluate_all(read)
    fatalities = page.locator("#events svg rect.bar.fatalities").evaluate_all(read)
    assert [k for k, _, _, _ in articles] == [k for k, _, _, _ in fatalities] == keys
    assert [v for _, v, _, _ in articles] == ["4", "3", "4", "5"]
    assert [v for _, v, _, _ in fatalities] == ["45", "15", "28", "2"]
    assert sum(int(v) for _, v, _, _ in articles) == 16  # the header's Syria articles
    # One time axis: each week at the same x in both panels, articles above fatalities.
    assert [x for _, _, x, _ in articles] == [x for _, _, x, _ in fatalities]
    bottoms = page.locator("#events svg rect.bar.articles").evaluate_all(
        "rs => rs.map(r => r.getBBox().y + r.getBBox().height)"
    )
    assert max(bottoms) < min(y for _, _, _, y in fatalities)
    legend = page.locator("#events svg text.series-name")
    assert legend.all_text_contents() == ["مقالات سوريا", "القتلى في الأحداث الميدانية"]
    first, last = legend.first.evaluate(CHAR_ORDER_JS)
    assert first > last  # Arabic reads right to left
    ticks = page.locator("#events svg text.x-tick")
    assert ticks.all_text_contents() == keys
    for i in range(ticks.count()):
        first, last = ticks.nth(i).evaluate(CHAR_ORDER_JS)
        assert first < last, ticks.nth(i).text_content()
    boxes = page.locator("#events svg").evaluate(BOXES_JS)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlaps(a, b), (a, b)

    # The tables, from the views: fatalities 0, 2, 3, 5, 8, 12, 20, 45 → 90th percentile 27.5
    # (28 or more), articles 25th percentile 0; articles 90th percentile 1.1 (2 or more).
    def rows(css: str) -> list[list[str]]:
        body = page.locator(f"#events table.{css} tbody tr")
        return [body.nth(i).locator("td").all_inner_texts() for i in range(body.count())]

    assert rows("under") == [["دير الزور", "2024-12-30", "1", "45", "0"]]
    assert rows("over") == [["حلب", "2024-12-30", "0", "0", "2"]]
    headers = page.locator("#events table.under th").all_inner_texts()
    assert headers == ["المحافظة", "الأسبوع (يبدأ الاثنين)", "الأحداث", "القتلى", "مقالات سوريا"]
    notes = page.locator("#events p.note").all_inner_texts()
    assert any("28 أو أكثر" in n and "under_covered" in n for n in notes), notes
    assert any("2 أو أكثر" in n and "over_covered" in n for n in notes), notes
    assert page.locator("#events .events-hint").count() == 0

    assert requests and all(u.startswith(("file://", "data:")) for u in requests), requests
    assert errors == []
    assert shot.stat().st_size > 10_000
    page.close()


def test_the_events_section_counts_whole_weeks_of_the_period(events_warehouse: Path) -> None:
    page = render_report(events_warehouse, since=date(2025, 1, 8), until=date(2025, 1, 16))
    events = section(page, "events")
    found = re.findall(r'class="bar (\w+)" data-series="\w+" data-key="([^"]+)" '
                       r'data-value="([^"]*)"', events)  # fmt: skip
    assert found == [
        ("articles", "2025-01-06", "3"), ("articles", "2025-01-13", "4"),
        ("fatalities", "2025-01-06", "15"), ("fatalities", "2025-01-13", "28"),
    ]  # fmt: skip
    assert "يشمل هذا القسم الأسابيع الكاملة" in events
    # Deir ez-Zor's week and Aleppo's are outside: both tables give way to a line.
    assert "<table" not in events
    assert events.count("لا أسبوع في هذه الفترة") == 2


def test_events_outside_the_period_give_the_hint_with_what_the_warehouse_holds(
    events_warehouse: Path,
) -> None:
    events = section(
        render_report(events_warehouse, since=date(2025, 2, 1), until=date(2025, 2, 28)),
        "events",
    )
    assert "<svg" not in events and "<table" not in events
    assert "لا أحداث ميدانية في هذه الفترة" in events
    assert re.search(r'أحداث المستودع من <span dir="ltr">2024-06-12</span> '
                     r'إلى <span dir="ltr">2025-01-20</span>', events)  # fmt: skip
    assert "syria-etl import-events" in events


def test_long_periods_put_events_per_week_then_per_month() -> None:
    unit, starts = event_buckets(date(2025, 1, 1), date(2025, 1, 21))
    assert (unit, starts) == ("week", WEEKS)
    unit, starts = event_buckets(date(2023, 1, 2), date(2024, 12, 29))  # 104 weeks
    assert (unit, len(starts)) == ("week", 104)
    unit, starts = event_buckets(date(2023, 1, 1), date(2024, 12, 29))  # a Sunday: 105 weeks
    assert unit == "month"
    # The first week starts on Monday 26 December 2022: its month comes first.
    assert starts[0] == date(2022, 12, 1) and starts[-1] == date(2024, 12, 1)
    assert len(starts) == 25


def test_a_warehouse_made_before_conflict_events_gives_the_hint(tmp_path: Path) -> None:
    data_dir = tmp_path / "wh"
    build_warehouse(data_dir, [])
    con = connect(data_dir)
    try:
        for name in ("under_covered", "over_covered", "actor_attention_vs_activity",
                     "coverage_vs_events"):  # fmt: skip
            con.execute(f"DROP VIEW {name}")
        con.execute("DROP TABLE conflict_events")
    finally:
        con.close()
    events = section(render_report(data_dir), "events")
    assert "لا توجد بيانات أحداث ميدانية في المستودع" in events
    assert "syria-etl import-events" in events
