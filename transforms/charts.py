"""Charts for the HTML report as inline SVG strings: data in, SVG text out, no I/O, no script.

Contract:
- `time_bars(points, marked)` draws one vertical bar per point, in the order given (time runs
  left to right, as in Arabic newspapers' charts and as the digits of the dates read); keys in
  `marked` get a red bar and a triangle above it (`class="spike-marker"`).
- `aligned_time_bars(keys, series)` draws one panel of vertical bars per `Series`, one above the
  other, on the same time axis (bucket `i` of every panel at the same `x`; dates under the last
  panel only); each panel has its own scale from zero, its own y ticks, and its series' name
  above it with a colour swatch (the legend). A value of None is drawn as an empty bucket (no
  bar, `data-value=""`). Bars are at most `MAX_BAR_WIDTH` wide on short periods.
- `ranked_bars(bars)` draws one horizontal bar per item, in the order given, growing from the
  right edge to the left (the reading direction of the page) with the label on the right.
- Every text is escaped (`html.escape`). The `<svg>` is `direction: ltr` so that `x` and
  `text-anchor` are physical; numbers and dates are `direction="ltr" unicode-bidi="embed"` (they
  never flip inside the right-to-left page) and Arabic labels are `direction="rtl"
  unicode-bidi="embed"`, right-aligned on their `x`.
- Each bar is a `<rect class="bar">` with `data-key` and `data-value` and a `<title>` tooltip,
  so a test (or a reader's browser) can count and read them.
- Empty data gives a small SVG that says «لا توجد بيانات» (no bars); zero values give bars of
  zero length. Negative values are drawn as zero. Labels longer than `max_label_chars` are cut
  with «…» (the full label stays in the tooltip).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from html import escape

NO_DATA = "لا توجد بيانات"

BAR_COLOUR = "#2f6690"
SPIKE_COLOUR = "#c0392b"
GRID_COLOUR = "#d9dee3"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#52606d"
FATALITY_COLOUR = "#9b2c2c"
MAX_BAR_WIDTH = 44.0

_LTR = 'direction="ltr" unicode-bidi="embed"'
_RTL = 'direction="rtl" unicode-bidi="embed"'


@dataclass(frozen=True)
class Bar:
    """One item of a ranked chart: its label, its value and how the value is printed."""

    label: str
    value: float
    value_text: str | None = None
    tooltip: str | None = None
    label_dir: str = "rtl"


@dataclass(frozen=True)
class Series:
    """One panel of an aligned chart: its name (the legend), its values per bucket, its colour."""

    name: str
    values: Sequence[float | None]
    colour: str = BAR_COLOUR
    css: str = "series"
    tooltips: Sequence[str] | None = None


def fmt_number(value: float) -> str:
    """A count as digits with thousands separators, a fraction with at most two decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum` (steps of 1, 2 or 5 times 10^n, min 1)."""
    if not maximum or maximum <= 0 or not math.isfinite(maximum):
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    top = math.ceil(maximum / step) * step
    return [round(i * step, 10) for i in range(round(top / step) + 1)]


def _svg_open(width: int, height: int, label: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" direction="ltr" style="direction:ltr" '
        f'font-size="13" fill="{TEXT_COLOUR}">'
    )


def _no_data(width: int, label: str, css_class: str) -> str:
    return (
        _svg_open(width, 48, label, css_class)
        + f'<text class="no-data" x="{width - 8}" y="30" {_RTL} text-anchor="start" '
        f'fill="{MUTED_COLOUR}">{NO_DATA}</text></svg>'
    )


def _cut(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def time_bars(
    points: Sequence[tuple[str, float]],
    marked: Collection[str] = (),
    *,
    label: str = "",
    width: int = 900,
    height: int = 280,
) -> str:
    """Vertical bars over time, one per (key, value) in order; marked keys are spikes."""
    if not points:
        return _no_data(width, label, "time-bars")
    left, right, top, bottom = 56, 12, 26, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max(max(v for _, v in points), 0))
    y_max = ticks[-1]
    band = plot_w / len(points)
    bar_w = max(band * 0.78, 1.0)
    base_y = top + plot_h

    parts = [_svg_open(width, height, label, "time-bars")]
    for tick in ticks:
        y = base_y - plot_h * tick / y_max
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text class="y-tick" x="{left - 6}" y="{y + 4:.1f}" {_LTR} text-anchor="end" '
            f'font-size="11" fill="{MUTED_COLOUR}">{fmt_number(tick)}</text>'
        )
    every = _x_tick_every(len(points), plot_w)
    marked_keys = set(marked)
    for i, (key, value) in enumerate(points):
        shown = max(float(value), 0.0)
        h = plot_h * shown / y_max
        x = left + i * band + (band - bar_w) / 2
        spike = key in marked_keys
        colour = SPIKE_COLOUR if spike else BAR_COLOUR
        css = "bar spike" if spike else "bar"
        parts.append(
            f'<rect class="{css}" data-key="{escape(key)}" data-value="{fmt_number(value)}" '
            f'x="{x:.2f}" y="{base_y - h:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
            f'fill="{colour}"><title>{escape(key)}: {fmt_number(value)}</title></rect>'
        )
        cx = x + bar_w / 2
        if spike:
            tip = base_y - h - 4
            half = min(max(bar_w / 2, 4.0), 7.0)
            parts.append(
                f'<path class="spike-marker" data-key="{escape(key)}" '
                f'd="M{cx - half:.2f},{tip - 9:.2f} L{cx + half:.2f},{tip - 9:.2f} '
                f'L{cx:.2f},{tip:.2f} Z" fill="{SPIKE_COLOUR}"/>'
            )
        if i % every == 0:
            parts.append(
                f'<text class="x-tick" x="{cx:.2f}" y="{base_y + 20}" {_LTR} '
                f'text-anchor="middle" font-size="11" fill="{MUTED_COLOUR}">{escape(key)}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{base_y}" y2="{base_y}" '
        f'stroke="{MUTED_COLOUR}" stroke-width="1"/></svg>'
    )
    return "".join(parts)


def _x_tick_every(count: int, plot_w: float) -> int:
    """Label every n-th bucket so that date labels (about 80 px at 11 px) never touch."""
    return max(1, math.ceil(count / max(1, int(plot_w // 84))))


def aligned_time_bars(
    keys: Sequence[str],
    series: Sequence[Series],
    *,
    label: str = "",
    width: int = 900,
    panel_height: int = 150,
) -> str:
    """Panels of vertical bars, one per series, one above the other on one time axis."""
    if not keys or not series:
        return _no_data(width, label, "aligned-bars")
    for s in series:
        if len(s.values) != len(keys):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(keys)} keys")
    left, right, title_h, gap, bottom = 64, 12, 30, 14, 30
    plot_w = width - left - right
    height = len(series) * (title_h + panel_height + gap) - gap + bottom
    band = plot_w / len(keys)
    bar_w = min(max(band * 0.78, 1.0), MAX_BAR_WIDTH)
    every = _x_tick_every(len(keys), plot_w)

    parts = [_svg_open(width, height, label, "aligned-bars")]
    base_y = 0.0
    for n, s in enumerate(series):
        top = n * (title_h + panel_height + gap) + title_h
        base_y = top + panel_height
        present = [max(float(v), 0.0) for v in s.values if v is not None]
        ticks = nice_ticks(max(present, default=0.0))
        y_max = ticks[-1]
        # The legend: the series' name, right-aligned above its panel, with a swatch on its right.
        parts.append(
            f'<g class="legend" data-series="{escape(s.css)}">'
            f'<rect class="swatch" x="{width - right - 12}" y="{top - 21}" width="12" '
            f'height="12" fill="{s.colour}"/>'
            f'<text class="series-name" x="{width - right - 18}" y="{top - 10}" {_RTL} '
            f'text-anchor="start" font-weight="bold">{escape(s.name)}</text></g>'
        )
        for tick in ticks:
            y = base_y - panel_height * tick / y_max
            parts.append(
                f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
                f'<text class="y-tick" data-series="{escape(s.css)}" x="{left - 6}" '
                f'y="{y + 4:.1f}" {_LTR} text-anchor="end" font-size="11" '
                f'fill="{MUTED_COLOUR}">{fmt_number(tick)}</text>'
            )
        for i, (key, value) in enumerate(zip(keys, s.values, strict=True)):
            shown = 0.0 if value is None else max(float(value), 0.0)
            h = panel_height * shown / y_max
            x = left + i * band + (band - bar_w) / 2
            text = "" if value is None else fmt_number(value)
            tip = s.tooltips[i] if s.tooltips else f"{key}: {text or '—'}"
            parts.append(
                f'<rect class="bar {escape(s.css)}" data-series="{escape(s.css)}" '
                f'data-key="{escape(key)}" data-value="{text}" x="{x:.2f}" '
                f'y="{base_y - h:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                f'fill="{s.colour}"><title>{escape(tip)}</title></rect>'
            )
        parts.append(
            f'<line class="axis" x1="{left}" x2="{width - right}" y1="{base_y}" '
            f'y2="{base_y}" stroke="{MUTED_COLOUR}" stroke-width="1"/>'
        )
    for i, key in enumerate(keys):
        if i % every == 0:
            cx = left + i * band + band / 2
            parts.append(
                f'<text class="x-tick" x="{cx:.2f}" y="{base_y + 20}" {_LTR} '
                f'text-anchor="middle" font-size="11" fill="{MUTED_COLOUR}">{escape(key)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def ranked_bars(
    bars: Sequence[Bar],
    *,
    label: str = "",
    width: int = 900,
    label_width: int = 230,
    row_height: int = 28,
    max_label_chars: int = 30,
) -> str:
    """Horizontal bars growing from the right, labels on the right, one row per item in order."""
    if not bars:
        return _no_data(width, label, "ranked-bars")
    value_width, top = 96, 6
    height = top * 2 + row_height * len(bars)
    right_edge = width - label_width - 10
    plot_w = right_edge - value_width
    biggest = max(max(b.value for b in bars), 0)
    scale = plot_w / biggest if biggest > 0 else 0.0
    bar_h = row_height * 0.64

    parts = [_svg_open(width, height, label, "ranked-bars")]
    parts.append(
        f'<line class="axis" x1="{right_edge}" x2="{right_edge}" y1="{top}" '
        f'y2="{height - top}" stroke="{MUTED_COLOUR}" stroke-width="1"/>'
    )
    for i, bar in enumerate(bars):
        y = top + i * row_height
        w = max(bar.value, 0) * scale
        middle = y + row_height / 2
        value_text = bar.value_text if bar.value_text is not None else fmt_number(bar.value)
        tooltip = bar.tooltip or f"{bar.label}: {value_text}"
        direction = _LTR if bar.label_dir == "ltr" else _RTL
        # text-anchor is relative to the text's own direction: "start" of an RTL text is its
        # right end, "end" of an LTR text too; both put the label's right edge on x.
        anchor = "end" if bar.label_dir == "ltr" else "start"
        parts.append(
            f'<g class="row"><title>{escape(tooltip)}</title>'
            f'<rect class="bar" data-key="{escape(bar.label)}" '
            f'data-value="{fmt_number(bar.value)}" x="{right_edge - w:.2f}" '
            f'y="{middle - bar_h / 2:.2f}" width="{w:.2f}" height="{bar_h:.2f}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text class="label" x="{width - 4}" y="{middle + 5:.2f}" {direction} '
            f'text-anchor="{anchor}">{escape(_cut(bar.label, max_label_chars))}</text>'
            f'<text class="value" x="{right_edge - w - 6:.2f}" y="{middle + 5:.2f}" {_LTR} '
            f'text-anchor="end" font-size="12" fill="{MUTED_COLOUR}">{escape(value_text)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
