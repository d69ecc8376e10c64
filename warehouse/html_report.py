"""The shareable report: one self-contained HTML page read from the analyst views.

Contract:
- `render_report(data_dir, since, until)` returns one UTF-8 HTML page, `<html lang="ar"
  dir="rtl">`, with no script, no network reference (a Content-Security-Policy forbids any) and
  charts as inline SVG drawn by `transforms.charts`; `write_report` writes it to a file.
- It reads the views of `warehouse/sql/` (`daily_attention`, `attention_spikes`, `top_places`,
  `top_actors`, `sources_cited`, `bylines`, `data_quality`, `coverage_vs_events`,
  `under_covered`, `over_covered`) and the `runs` and `conflict_events` tables; it only sums
  what the views give over the period, never recounts articles or events.
- `since` and `until` are calendar days (the outlet's printed day), both included; either may be
  None (the warehouse's first or last day). The attention chart is exact to the day; the views
  behind places, sources and bylines are monthly and `top_actors` weekly, so those sections count
  the whole months (weeks) that overlap the period, and the page says so.
- The attention chart has one bar per day when the period spans at most 120 days, else one per
  week (Monday) up to 104 weeks, else one per month; a bucket holding a day of
  `attention_spikes` is marked.
- Governorates: all 14 (names from `transforms/data/gazetteer.csv`), ranked by the Syria
  articles naming or implying them. Actors: the 15 most named in Syria articles. Sources: share
  of the Syria articles of the covered months citing each. Bylines: the 25 most prolific authors.
- Coverage against conflict events (after the governorates): over the whole ISO weeks (Monday to
  Sunday) that overlap the period shown (the requested bounds, else the articles' first and last
  day), two panels on one time axis: Syria articles per week (`daily_attention`) above,
  fatalities per week (the sum over governorates of `coverage_vs_events`, so two publishers are
  not added) below; per month (a week in its Monday's month) past 104 weeks. Then the 10
  governorate-weeks of the period from `under_covered` (most fatalities first) and from
  `over_covered` (most articles first), names in Arabic from the gazetteer; their percentile
  thresholds are those of the whole warehouse, as the views compute them. Without events in
  those weeks the section is one line: none in the warehouse (or none in the period, with the
  warehouse's event count and dates) and the `syria-etl import-events` command.
- Data quality (`data_quality`) and the last five runs describe the whole warehouse, whatever the
  period. An empty warehouse or a period without Syria articles still gives a page: every
  section without data says «لا توجد بيانات».
- Every text that comes from the data is escaped with `html.escape`; English ids (sites, source
  ids, p-codes, measures, run ids) and numbers sit in `dir="ltr"` spans.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from transforms.charts import (
    FATALITY_COLOUR,
    NO_DATA,
    Bar,
    Series,
    aligned_time_bars,
    fmt_number,
    ranked_bars,
    time_bars,
)
from transforms.dictionaries import load_places
from warehouse.catalog import connect

MAX_DAILY_BARS = 120
MAX_WEEKLY_BARS = 104
TOP_ACTORS = 15
TOP_BYLINES = 25
LAST_RUNS = 5
MAX_SPIKE_ROWS = 20
TOP_COVERAGE_ROWS = 10
IMPORT_HINT = "syria-etl import-events FILE…"

_PERIOD = "(CAST($since AS DATE) IS NULL OR {col} >= {lo}) AND (CAST($until AS DATE) IS NULL OR {col} <= CAST($until AS DATE))"  # noqa: E501


def _period(col: str, unit: str | None = None) -> str:
    lo = f"date_trunc('{unit}', CAST($since AS DATE))" if unit else "CAST($since AS DATE)"
    return _PERIOD.format(col=f"CAST({col} AS DATE)", lo=lo)


SQL = {
    "attention": f"""
        SELECT day, sum(articles) AS articles, sum(syria_articles) AS syria_articles
        FROM daily_attention WHERE {_period("day")}
        GROUP BY day ORDER BY day
    """,
    "spikes": f"""
        SELECT day, site, syria_articles, mean_28d, threshold, z_score
        FROM attention_spikes WHERE {_period("day")}
        ORDER BY day, site
    """,
    "governorates": f"""
        SELECT pcode, any_value(name_ar) AS name_ar, sum(syria_articles) AS syria_articles
        FROM top_places WHERE admin_level = 1 AND {_period("month", "month")}
        GROUP BY pcode
    """,
    "actors": f"""
        SELECT actor_id, any_value(name_ar) AS name_ar, any_value(name_en) AS name_en,
               any_value(actor_type) AS actor_type, sum(syria_articles) AS syria_articles,
               sum(mentions) AS mentions
        FROM top_actors WHERE {_period("week", "week")}
        GROUP BY actor_id HAVING sum(syria_articles) > 0
        ORDER BY syria_articles DESC, mentions DESC, actor_id LIMIT {TOP_ACTORS}
    """,
    "sources": f"""
        SELECT source_id, sum(articles) AS articles, sum(in_text) AS in_text,
               sum(image_credits) AS image_credits
        FROM sources_cited WHERE {_period("month", "month")}
        GROUP BY source_id ORDER BY articles DESC, source_id
    """,
    "source_base": """
        SELECT coalesce(sum(syria_articles), 0) AS syria_articles
        FROM daily_attention
        WHERE (CAST($since AS DATE) IS NULL OR day >= date_trunc('month', CAST($since AS DATE)))
          AND (CAST($until AS DATE) IS NULL
               OR day < date_trunc('month', CAST($until AS DATE)) + INTERVAL 1 MONTH)
    """,
    "bylines": f"""
        SELECT author, list_sort(list_distinct(list(site))) AS sites,
               sum(articles) AS articles, sum(syria_articles) AS syria_articles,
               sum(syria_words) AS syria_words,
               list_sort(list_distinct(flatten(list(datelines)))) AS datelines
        FROM bylines WHERE {_period("month", "month")}
        GROUP BY author
        ORDER BY syria_articles DESC, articles DESC, author LIMIT {TOP_BYLINES}
    """,
    "events_held": """
        SELECT count(*) AS events, min(event_date) AS first_day, max(event_date) AS last_day
        FROM conflict_events
    """,
    "event_weeks": f"""
        SELECT week, sum(events) AS events, sum(fatalities) AS fatalities
        FROM coverage_vs_events WHERE events > 0 AND {_period("week", "week")}
        GROUP BY week ORDER BY week
    """,
    "article_weeks": f"""
        SELECT week, sum(syria_articles) AS syria_articles
        FROM (SELECT CAST(date_trunc('week', day) AS DATE) AS week, syria_articles
              FROM daily_attention)
        WHERE {_period("week", "week")}
        GROUP BY week ORDER BY week
    """,
    "under_covered": f"""
        SELECT governorate_pcode, governorate_name, week, iso_week, events, fatalities,
               articles, fatalities_p90, articles_p25
        FROM under_covered WHERE {_period("week", "week")}
        ORDER BY fatalities DESC, articles, week, governorate_pcode LIMIT {TOP_COVERAGE_ROWS}
    """,
    "over_covered": f"""
        SELECT governorate_pcode, governorate_name, week, iso_week, events, fatalities,
               articles, articles_p90, fatalities_p25
        FROM over_covered WHERE {_period("week", "week")}
        ORDER BY articles DESC, fatalities, week, governorate_pcode LIMIT {TOP_COVERAGE_ROWS}
    """,
    "quality": """
        SELECT site, measure, value, share_of_articles, detail
        FROM data_quality ORDER BY site, measure
    """,
    "runs": f"""
        SELECT run_id, flow, source, status, started_at, finished_at, discovered, loaded,
               unchanged, quarantined, failed, message
        FROM runs ORDER BY finished_at DESC LIMIT {LAST_RUNS}
    """,
}


@dataclass
class ReportData:
    """What the page shows, as read from the views for one period."""

    since: date | None
    until: date | None
    generated_at: datetime
    attention: list[dict[str, Any]] = field(default_factory=list)
    spikes: list[dict[str, Any]] = field(default_factory=list)
    governorates: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    source_base: int = 0
    bylines: list[dict[str, Any]] = field(default_factory=list)
    quality: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    events_held: dict[str, Any] = field(default_factory=dict)
    event_weeks: list[dict[str, Any]] = field(default_factory=list)
    article_weeks: list[dict[str, Any]] = field(default_factory=list)
    under_covered: list[dict[str, Any]] = field(default_factory=list)
    over_covered: list[dict[str, Any]] = field(default_factory=list)


def governorate_names() -> dict[str, str]:
    """The 14 Syrian governorates, p-code → Arabic name, from the gazetteer."""
    return {
        p.pcode: p.name_ar for p in load_places() if p.country_code == "SY" and p.admin_level == 1
    }


def _records(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    wanted = {k: v for k, v in params.items() if f"${k}" in sql}
    cursor = con.execute(sql, wanted)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_report_data(
    data_dir: Path, since: date | None = None, until: date | None = None
) -> ReportData:
    """Read every section of the report from the warehouse's views (read-only)."""
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    data = ReportData(since=since, until=until, generated_at=datetime.now(UTC))
    params = {"since": since, "until": until}
    con = connect(data_dir, read_only=True)
    try:
        data.attention = _records(con, SQL["attention"], params)
        data.spikes = _records(con, SQL["spikes"], params)
        data.governorates = _records(con, SQL["governorates"], params)
        data.actors = _records(con, SQL["actors"], params)
        data.sources = _records(con, SQL["sources"], params)
        data.source_base = int(_records(con, SQL["source_base"], params)[0]["syria_articles"])
        data.bylines = _records(con, SQL["bylines"], params)
        data.quality = _records(con, SQL["quality"], params)
        data.runs = _records(con, SQL["runs"], params)
        data.sites = [
            r["site"]
            for r in _records(con, "SELECT DISTINCT site FROM daily_attention ORDER BY 1", {})
        ]
        try:
            data.events_held = _records(con, SQL["events_held"], {})[0]
        except duckdb.CatalogException:  # a warehouse made before conflict_events existed
            data.events_held = {"events": 0}
        span = _span(data)
        if span is not None and data.events_held["events"]:
            # The weeks of the period actually shown (the articles' days when no bound is given).
            weeks = {"since": span[0], "until": span[1]}
            data.event_weeks = _records(con, SQL["event_weeks"], weeks)
            data.article_weeks = _records(con, SQL["article_weeks"], weeks)
            data.under_covered = _records(con, SQL["under_covered"], weeks)
            data.over_covered = _records(con, SQL["over_covered"], weeks)
    finally:
        con.close()
    return data


def render_report(data_dir: Path, since: date | None = None, until: date | None = None) -> str:
    """The report page for the warehouse under `data_dir` and the period (days included)."""
    return render_html(load_report_data(data_dir, since, until))


def write_report(
    data_dir: Path, path: Path, since: date | None = None, until: date | None = None
) -> Path:
    """Write the report page to `path` (UTF-8) and return the path."""
    page = render_report(data_dir, since, until)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


# --- rendering (pure: ReportData in, HTML out) -------------------------------------------------


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _ltr(value: object, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<span dir="ltr"{cls}>{_e(value)}</span>'


def _num(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return _ltr(fmt_number(value))
    return _ltr(value)


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%".replace(".0%", "%")


def _no_data() -> str:
    return f'<p class="no-data">{NO_DATA}</p>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """An HTML table; cells are already escaped HTML."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<div class="table-box"><table class="{css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def buckets(first: date, last: date) -> tuple[str, list[date]]:
    """The unit of the attention chart for a period and the start of each bucket in it."""
    days = (last - first).days + 1
    if days <= MAX_DAILY_BARS:
        return "day", [first + timedelta(days=i) for i in range(days)]
    monday = first - timedelta(days=first.weekday())
    weeks = ((last - monday).days // 7) + 1
    if weeks <= MAX_WEEKLY_BARS:
        return "week", [monday + timedelta(weeks=i) for i in range(weeks)]
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return "month", months


def _bucket_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _key(start: date, unit: str) -> str:
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def _span(data: ReportData) -> tuple[date, date] | None:
    """The period actually shown: the requested bounds, else the data's first and last day."""
    days = [r["day"] for r in data.attention]
    first = data.since or (min(days) if days else None)
    last = data.until or (max(days) if days else None)
    if first is None or last is None or first > last:
        return None
    return first, last


def _syria_total(data: ReportData) -> int:
    return int(sum(r["syria_articles"] or 0 for r in data.attention))


UNIT_AR = {"day": "اليوم", "week": "الأسبوع (يبدأ الاثنين)", "month": "الشهر"}


def attention_section(data: ReportData) -> str:
    """Syria articles per day (week, month) with the spikes marked, and the spikes' table."""
    span = _span(data)
    if span is None or _syria_total(data) == 0:
        return _no_data()
    unit, starts = buckets(*span)
    counts = dict.fromkeys(starts, 0)
    for row in data.attention:
        bucket = _bucket_of(row["day"], unit)
        if bucket in counts:
            counts[bucket] += int(row["syria_articles"] or 0)
    marked = {_key(_bucket_of(s["day"], unit), unit) for s in data.spikes}
    points = [(_key(s, unit), float(counts[s])) for s in starts]
    chart = time_bars(points, marked, label=f"مقالات سوريا في {UNIT_AR[unit]}")
    parts = [
        f'<p class="note">مقالات سوريا في {UNIT_AR[unit]}، على يوم النشر كما طبعه الموقع '
        f'(<code dir="ltr">daily_attention</code>)؛ الزمن من اليسار إلى اليمين، '
        f"وعدد الأعمدة {_num(len(points))}.</p>",
        f'<div class="chart-box" data-unit="{unit}" data-bars="{len(points)}">{chart}</div>',
        '<p class="legend"><span class="swatch bar-swatch"></span> مقالات سوريا '
        '<span class="swatch spike-swatch"></span> ذروة: يوم يتجاوز متوسط الأيام الثمانية '
        'والعشرين السابقة بانحرافين معياريين (<code dir="ltr">attention_spikes</code>)</p>',
    ]
    if data.spikes:
        shown = data.spikes
        if len(shown) > MAX_SPIKE_ROWS:
            # No z-score means no variation before: the steepest rise of all.
            def height(s: dict[str, Any]) -> float:
                return float("inf") if s["z_score"] is None else float(s["z_score"])

            biggest = sorted(shown, key=lambda s: (-height(s), s["day"], s["site"]))
            shown = sorted(biggest[:MAX_SPIKE_ROWS], key=lambda s: (s["day"], s["site"]))
            parts.append(
                f'<p class="note">أكبر {_num(MAX_SPIKE_ROWS)} ذروة '
                f"من أصل {_num(len(data.spikes))}.</p>"
            )
        rows = [
            [
                _ltr(s["day"]),
                _ltr(s["site"], "id"),
                _num(s["syria_articles"]),
                _num(s["mean_28d"]),
                _num(s["threshold"]),
            ]
            for s in shown
        ]
        headers = ["اليوم", "الموقع", "مقالات سوريا", "متوسط 28 يوماً", "العتبة"]
        parts.append(_table(headers, rows, "spikes"))
    else:
        parts.append('<p class="note">لا ذروات في هذه الفترة.</p>')
    return "".join(parts)


def _months_note(data: ReportData, unit: str) -> str:
    """Which whole months (weeks) a monthly (weekly) view contributes for the period."""
    if data.since is None and data.until is None:
        return ""
    what = "الأشهر الكاملة" if unit == "month" else "الأسابيع الكاملة"
    first = _bucket_of(data.since, unit) if data.since else None
    bounds = []
    if first:
        bounds.append(f"من {_ltr(_key(first, unit))}")
    if data.until:
        last = _bucket_of(data.until, unit)
        if unit == "week":
            last += timedelta(days=6)  # the Sunday that ends the last week
        bounds.append(f"حتى {_ltr(_key(last, 'day' if unit == 'week' else unit))}")
    return f'<p class="note">يشمل هذا القسم {what} التي تتقاطع مع الفترة: {" ".join(bounds)}.</p>'


def governorates_section(data: ReportData) -> str:
    """The 14 governorates ranked by the Syria articles naming or implying them."""
    counts = {r["pcode"]: int(r["syria_articles"] or 0) for r in data.governorates}
    if not any(counts.values()):
        return _no_data()
    names = governorate_names()
    for r in data.governorates:
        names.setdefault(r["pcode"], r["name_ar"] or r["pcode"])
    ranked = sorted(names, key=lambda p: (-counts.get(p, 0), p))
    bars = [
        Bar(names[p], counts.get(p, 0), tooltip=f"{names[p]} ({p}): {counts.get(p, 0)}")
        for p in ranked
    ]
    return (
        '<p class="note">مقالات سوريا التي تذكر المحافظة أو مكاناً فيها '
        '(<code dir="ltr">top_places</code>).</p>'
        + _months_note(data, "month")
        + f'<div class="chart-box">{ranked_bars(bars, label="المحافظات")}</div>'
    )


def event_buckets(first: date, last: date) -> tuple[str, list[date]]:
    """The unit of the events chart (week, or month past 104 weeks) and its bucket starts."""
    monday = _bucket_of(first, "week")
    weeks = ((last - monday).days // 7) + 1
    if weeks <= MAX_WEEKLY_BARS:
        return "week", [monday + timedelta(weeks=i) for i in range(weeks)]
    months = []
    current = monday.replace(day=1)  # a week counts in the month of its Monday
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return "month", months


def _import_hint(held: dict[str, Any]) -> str:
    """One line: no event in the period (or none at all) and the command that imports them."""
    command = f'<code dir="ltr">{_e(IMPORT_HINT)}</code>'
    if held.get("events"):
        what = (
            "لا أحداث ميدانية في هذه الفترة (أحداث المستودع "
            f"من {_ltr(held['first_day'])} إلى {_ltr(held['last_day'])})؛ لاستيراد غيرها"
        )
    else:
        what = "لا توجد بيانات أحداث ميدانية في المستودع؛ لاستيراد ملفات UCDP أو ACLED"
    return f'<p class="no-data events-hint">{what}: {command}</p>'


def _at_least(threshold: float) -> int:
    """The smallest count that reaches a percentile (counts are whole: 27.5 → 28)."""
    return math.ceil(round(float(threshold), 6))


def _at_most(threshold: float) -> int:
    """The largest count that stays under a percentile (counts are whole: 0.75 → 0)."""
    return math.floor(round(float(threshold), 6))


def _coverage_table(rows: list[dict[str, Any]], css: str) -> str:
    """Governorate-weeks of `under_covered` / `over_covered`: Arabic name, week and counts."""
    names = governorate_names()
    cells = [
        [
            _e(names.get(r["governorate_pcode"], r["governorate_name"])),
            f'<span dir="ltr" title="{_e(r["iso_week"])}">{_e(r["week"])}</span>',
            _num(int(r["events"])),
            _num(int(r["fatalities"])),
            _num(int(r["articles"])),
        ]
        for r in rows
    ]
    headers = ["المحافظة", "الأسبوع (يبدأ الاثنين)", "الأحداث", "القتلى", "مقالات سوريا"]
    return _table(headers, cells, f"coverage {css}")


def events_section(data: ReportData) -> str:
    """Syria articles against fatalities over time, and the most under- and over-covered weeks."""
    span = _span(data)
    if not data.event_weeks or span is None:
        return _import_hint(data.events_held)
    unit, starts = event_buckets(*span)
    articles = dict.fromkeys(starts, 0)
    fatalities = dict.fromkeys(starts, 0)
    events = dict.fromkeys(starts, 0)
    for row in data.article_weeks:
        if (bucket := _bucket_of(row["week"], unit)) in articles:
            articles[bucket] += int(row["syria_articles"] or 0)
    for row in data.event_weeks:
        if (bucket := _bucket_of(row["week"], unit)) in fatalities:
            fatalities[bucket] += int(row["fatalities"] or 0)
            events[bucket] += int(row["events"] or 0)
    keys = [_key(s, unit) for s in starts]
    articles_tips = [f"{_key(s, unit)} — مقالات سوريا: {articles[s]}" for s in starts]
    fatality_tips = [
        f"{_key(s, unit)} — القتلى: {fatalities[s]}، الأحداث: {events[s]}" for s in starts
    ]
    chart = aligned_time_bars(
        keys,
        [
            Series("مقالات سوريا", [articles[s] for s in starts], css="articles",
                   tooltips=articles_tips),
            Series("القتلى في الأحداث الميدانية", [fatalities[s] for s in starts],
                   colour=FATALITY_COLOUR, css="fatalities", tooltips=fatality_tips),
        ],
        label="مقالات سوريا والقتلى عبر الزمن",
    )  # fmt: skip
    in_unit = UNIT_AR[unit]
    parts = [
        f'<p class="note">مقالات سوريا (<code dir="ltr">daily_attention</code>) والقتلى '
        f'(<code dir="ltr">coverage_vs_events</code>، التقدير الأوسط) في {in_unit}؛ لكل رسم '
        "مقياسه، والزمن من اليسار إلى اليمين. إذا سجّل UCDP وACLED المحافظة نفسها في الأسبوع "
        "نفسه أُخذ الرقم الأكبر لا مجموعهما.</p>",
        _months_note(data, "week"),
    ]
    if unit == "month":
        parts.append('<p class="note">يُحسب كل أسبوع في الشهر الذي يقع فيه يوم الاثنين.</p>')
    parts.append(f'<div class="chart-box" data-unit="{unit}" data-bars="{len(keys)}">{chart}</div>')
    parts.append("<h3>أسابيع قلّت تغطيتها قياساً بالعنف</h3>")
    if data.under_covered:
        first = data.under_covered[0]
        parts.append(
            '<p class="note">محافظة في أسبوع بلغ عدد قتلاه '
            f"{_num(_at_least(first['fatalities_p90']))} أو أكثر (العُشر الأعلى) ولم تتجاوز "
            f"مقالاته {_num(_at_most(first['articles_p25']))} (الربع الأدنى)، "
            "بين كل أسابيع المستودع التي شهدت أحداثاً "
            '(<code dir="ltr">under_covered</code>)؛ الأكثر قتلى أولاً.</p>'
            + _coverage_table(data.under_covered, "under")
        )
    else:
        parts.append('<p class="note">لا أسبوع في هذه الفترة (<code dir="ltr">under_covered'
                     "</code>).</p>")  # fmt: skip
    parts.append("<h3>أسابيع فاقت تغطيتها حجم العنف</h3>")
    if data.over_covered:
        first = data.over_covered[0]
        parts.append(
            '<p class="note">محافظة في أسبوع بلغت مقالاته '
            f"{_num(_at_least(first['articles_p90']))} أو أكثر (العُشر الأعلى) ولم يتجاوز عدد "
            f"قتلاه {_num(_at_most(first['fatalities_p25']))} (الربع الأدنى)، "
            "بين كل أسابيع المستودع التي ذكرتها المقالات "
            '(<code dir="ltr">over_covered</code>)؛ الأكثر مقالات أولاً.</p>'
            + _coverage_table(data.over_covered, "over")
        )
    else:
        parts.append('<p class="note">لا أسبوع في هذه الفترة (<code dir="ltr">over_covered'
                     "</code>).</p>")  # fmt: skip
    return "".join(parts)


def actors_section(data: ReportData) -> str:
    """The actors most named in Syria articles."""
    if not data.actors:
        return _no_data()
    bars = []
    for r in data.actors:
        arabic = bool(r["name_ar"])
        label = r["name_ar"] or r["name_en"] or r["actor_id"]
        tooltip = f"{label} — {r['name_en']} ({r['actor_id']}): {r['syria_articles']}"
        direction = "rtl" if arabic else "ltr"
        bars.append(Bar(label, int(r["syria_articles"]), tooltip=tooltip, label_dir=direction))
    return (
        f'<p class="note">الفاعلون الأكثر ذكراً في مقالات سوريا (حتى {_num(TOP_ACTORS)}) '
        '(<code dir="ltr">top_actors</code>).</p>'
        + _months_note(data, "week")
        + f'<div class="chart-box">{ranked_bars(bars, label="الفاعلون")}</div>'
    )


def sources_section(data: ReportData) -> str:
    """The share of Syria articles citing each source."""
    if not data.sources or data.source_base <= 0:
        return _no_data()
    bars = []
    for r in data.sources:
        share = int(r["articles"]) / data.source_base
        text = f"{_pct(share)} ({int(r['articles'])})"
        bars.append(
            Bar(r["source_id"], int(r["articles"]), value_text=text, label_dir="ltr",
                tooltip=f"{r['source_id']}: {text}")
        )  # fmt: skip
    return (
        '<p class="note">حصة مقالات سوريا التي تستشهد بكل مصدر، في النص أو في تعليق الصورة، '
        f"من مجموع مقالات سوريا وعددها {_num(data.source_base)} "
        '(<code dir="ltr">sources_cited</code>).</p>'
        + _months_note(data, "month")
        + f'<div class="chart-box">{ranked_bars(bars, label="المصادر المذكورة")}</div>'
    )


def bylines_section(data: ReportData) -> str:
    """The most prolific bylines with their Syria articles, words and datelines."""
    if not data.bylines or not any(r["articles"] for r in data.bylines):
        return _no_data()
    rows = [
        [
            f'<span dir="auto">{_e(r["author"])}</span>',
            " ".join(_ltr(s, "id") for s in r["sites"] or []),
            _num(int(r["syria_articles"] or 0)),
            _num(int(r["articles"] or 0)),
            _num(int(r["syria_words"] or 0)),
            _e("، ".join(r["datelines"] or [])),
        ]
        for r in data.bylines
    ]
    headers = ["الكاتب", "الموقع", "مقالات سوريا", "كل المقالات", "كلمات سوريا", "أماكن الإرسال"]
    return (
        f'<p class="note">الكتّاب الأكثر إنتاجاً عن سوريا (حتى {_num(TOP_BYLINES)}) '
        '(<code dir="ltr">bylines</code>).</p>'
        + _months_note(data, "month")
        + _table(headers, rows, "bylines")
    )


def quality_section(data: ReportData) -> str:
    """The data-quality measures and the last runs (the whole warehouse)."""
    parts = [
        '<p class="note">للمستودع كله، أياً كانت الفترة (<code dir="ltr">data_quality</code>).</p>'
    ]
    if data.quality:
        rows = [
            [
                _ltr(r["site"], "id"),
                _ltr(r["measure"], "id"),
                _num(r["value"]),
                _ltr(_pct(r["share_of_articles"])),
                f'<span dir="ltr" lang="en">{_e(r["detail"])}</span>',
            ]
            for r in data.quality
        ]
        headers = ["الموقع", "المقياس", "القيمة", "من المقالات", "الشرح"]
        parts.append(_table(headers, rows, "quality"))
    else:
        parts.append(_no_data())
    parts.append("<h3>آخر عمليات التشغيل</h3>")
    if data.runs:
        rows = [
            [
                _ltr(r["run_id"], "id"),
                _ltr(r["flow"], "id"),
                _ltr(r["status"], "id"),
                _ltr(f"{r['finished_at']:%Y-%m-%d %H:%M} UTC" if r["finished_at"] else ""),
                _num(r["discovered"]),
                _num(r["loaded"]),
                _num(r["unchanged"]),
                _num(r["quarantined"]),
                _num(r["failed"]),
                f'<span dir="auto">{_e(r["message"])}</span>',
            ]
            for r in data.runs
        ]
        headers = ["التشغيل", "التدفق", "الحالة", "الانتهاء", "مكتشفة", "محمّلة", "دون تغيير",
                   "محجورة", "فاشلة", "رسالة"]  # fmt: skip
        parts.append(_table(headers, rows, "runs"))
    else:
        parts.append(_no_data())
    return "".join(parts)


SECTIONS = [
    ("attention", "الاهتمام بسوريا عبر الزمن", attention_section),
    ("governorates", "المحافظات", governorates_section),
    ("events", "التغطية والأحداث الميدانية", events_section),
    ("actors", "الفاعلون", actors_section),
    ("sources", "المصادر المذكورة", sources_section),
    ("bylines", "الكتّاب", bylines_section),
    ("quality", "جودة البيانات", quality_section),
]

FONTS = (
    '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", "Geeza Pro", "Arabic Typesetting", '
    'Tahoma, "DejaVu Sans", Arial, sans-serif'
)

STYLE = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {FONTS}; color: #1f2933; background: #fff; margin: 0 auto;
  max-width: 960px; padding: 24px 20px 48px; line-height: 1.6; }}
h1 {{ font-size: 1.7rem; margin: 0 0 .3rem; }}
h2 {{ font-size: 1.3rem; border-bottom: 2px solid #2f6690; padding-bottom: .2rem;
  margin-top: 2.2rem; }}
h3 {{ font-size: 1.05rem; margin-top: 1.4rem; }}
.note, .legend, .generated {{ color: #52606d; font-size: .92rem; margin: .3rem 0; }}
.no-data {{ color: #52606d; font-style: italic; padding: .6rem 0; }}
.chart-box {{ overflow-x: auto; }}
svg.chart {{ max-width: 100%; height: auto; display: block; }}
.swatch {{ display: inline-block; width: .9em; height: .9em; vertical-align: middle;
  margin-inline-start: .6em; }}
.bar-swatch {{ background: #2f6690; }}
.spike-swatch {{ background: #c0392b; }}
table {{ border-collapse: collapse; margin: .6rem 0; font-size: .92rem; width: 100%; }}
th, td {{ border-bottom: 1px solid #d9dee3; padding: .3rem .5rem; text-align: start;
  vertical-align: top; }}
th {{ background: #f0f4f8; }}
table.spikes, table.coverage {{ width: auto; min-width: 60%; }}
span[dir="ltr"]:not([lang]) {{ white-space: nowrap; }}
.table-box {{ overflow-x: auto; }}
.id, code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .88em; }}
.totals {{ display: flex; flex-wrap: wrap; gap: .5rem 1.6rem; margin: .6rem 0; padding: 0; }}
.totals div {{ background: #f0f4f8; padding: .4rem .8rem; border-radius: 4px; }}
.totals dt {{ font-size: .85rem; color: #52606d; }}
.totals dd {{ margin: 0; font-size: 1.25rem; font-weight: bold; }}
"""


def _header(data: ReportData) -> str:
    span = _span(data)
    period = f"من {_ltr(span[0])} إلى {_ltr(span[1])}" if span else NO_DATA
    syria = _syria_total(data)
    total = int(sum(r["articles"] or 0 for r in data.attention))
    share = _pct(syria / total) if total else ""
    sites = " ".join(_ltr(s, "id") for s in data.sites) or NO_DATA
    totals = [
        ("مقالات سوريا", _num(syria)),
        ("كل المقالات", _num(total)),
        ("حصة سوريا", _ltr(share) if share else "—"),
        ("الذروات", _num(len(data.spikes))),
    ]
    cells = "".join(f"<div><dt>{_e(k)}</dt><dd>{v}</dd></div>" for k, v in totals)
    return (
        "<header><h1>تغطية سوريا في الصحافة العربية</h1>"
        f'<p class="period">الفترة: {period}</p>'
        f'<p class="sites">المواقع: {sites}</p>'
        f'<dl class="totals">{cells}</dl>'
        f'<p class="generated">أُعدّ في {_ltr(f"{data.generated_at:%Y-%m-%d %H:%M} UTC")} '
        'من مستودع <span dir="ltr">syria-etl</span>.</p></header>'
    )


def render_html(data: ReportData) -> str:
    """The whole page for already-read data (no I/O)."""
    sections = "".join(
        f'<section id="{sid}"><h2>{_e(title)}</h2>{build(data)}</section>'
        for sid, title, build in SECTIONS
    )
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>تقرير تغطية سوريا</title>"
        f"<style>{STYLE}</style></head><body>{_header(data)}<main>{sections}</main>"
        "</body></html>\n"
    )
