"""The SVG chart functions of the report (`transforms/charts.py`): pure data in, SVG out."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from transforms.charts import NO_DATA, Bar, fmt_number, nice_ticks, ranked_bars, time_bars

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    """The SVG as XML: it must be well-formed on its own."""
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{{{NS['svg']}}}rect") if "bar" in r.get("class", "").split()]


def texts(root: ET.Element, css: str) -> list[ET.Element]:
    return [t for t in root.iter(f"{{{NS['svg']}}}text") if t.get("class") == css]


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (5, [0, 1, 2, 3, 4, 5]),
        (37, [0, 10, 20, 30, 40]),
        (12, [0, 5, 10, 15]),
        (1, [0, 1]),
        (0, [0, 1]),
        (0.3, [0, 1]),
        (1500, [0, 500, 1000, 1500]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_maximum(maximum: float, ticks: list[float]) -> None:
    assert nice_ticks(maximum) == ticks


def test_numbers_are_printed_with_separators_and_few_decimals() -> None:
    assert fmt_number(1234) == "1,234"
    assert fmt_number(2.0) == "2"
    assert fmt_number(0.55) == "0.55"
    assert fmt_number(1.5) == "1.5"
    assert fmt_number(16685.523) == "16,685.52"


def test_time_bars_draw_one_bar_per_point_and_mark_the_spikes() -> None:
    values = [1, 0, 2, 0, 5, 1, 0]
    points = [(f"2025-01-{d + 1:02d}", v) for d, v in enumerate(values)]
    root = parse(time_bars(points, {"2025-01-05"}, label="مقالات سوريا في اليوم"))
    drawn = bars(root)
    assert [b.get("data-key") for b in drawn] == [k for k, _ in points]
    assert [b.get("data-value") for b in drawn] == ["1", "0", "2", "0", "5", "1", "0"]
    spikes = [b for b in drawn if "spike" in b.get("class", "")]
    assert [b.get("data-key") for b in spikes] == ["2025-01-05"]
    markers = [p for p in root.iter(f"{{{NS['svg']}}}path") if p.get("class") == "spike-marker"]
    assert [m.get("data-key") for m in markers] == ["2025-01-05"]
    heights = [float(b.get("height", "")) for b in drawn]
    assert heights[1] == 0
    assert heights[4] == pytest.approx(5 * heights[0])  # the scale starts at zero
    assert root.get("aria-label") == "مقالات سوريا في اليوم"
    # Dates and numbers are left-to-right text inside the right-to-left page.
    for tick in texts(root, "x-tick") + texts(root, "y-tick"):
        assert (tick.get("direction"), tick.get("unicode-bidi")) == ("ltr", "embed")
    assert root.get("direction") == "ltr"


def test_time_bars_keep_date_labels_apart_on_a_long_period() -> None:
    points = [(f"day-{i:03d}", float(i % 7)) for i in range(365)]
    root = parse(time_bars(points, width=900))
    ticks = texts(root, "x-tick")
    assert len(bars(root)) == 365
    assert 2 <= len(ticks) <= (900 - 68) // 84
    xs = [float(t.get("x", "")) for t in ticks]
    assert all(b - a >= 84 for a, b in itertools.pairwise(xs))


def test_time_bars_escape_keys_and_draw_negatives_as_zero() -> None:
    svg = time_bars([("<b>&", -3.0), ("x", 2.0)])
    root = parse(svg)
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    assert float(bars(root)[0].get("height", "")) == 0


def test_ranked_bars_grow_from_the_right_in_the_given_order() -> None:
    items = [Bar("درعا", 10), Bar("حلب", 5), Bar("القنيطرة", 0)]
    root = parse(ranked_bars(items, width=900, label_width=230))
    drawn = bars(root)
    assert [b.get("data-key") for b in drawn] == ["درعا", "حلب", "القنيطرة"]
    widths = [float(b.get("width", "")) for b in drawn]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    right_ends = {round(float(b.get("x", "")) + float(b.get("width", "")), 2) for b in drawn}
    assert right_ends == {900 - 230 - 10}  # every bar starts at the same right edge
    labels = texts(root, "label")
    assert [t.text for t in labels] == ["درعا", "حلب", "القنيطرة"]
    assert all(
        (t.get("direction"), t.get("text-anchor"), t.get("x")) == ("rtl", "start", "896")
        for t in labels
    )
    assert [t.text for t in texts(root, "value")] == ["10", "5", "0"]


def test_ranked_bars_print_given_values_ltr_labels_and_cut_long_labels() -> None:
    long_name = "المفوضية السامية للأمم المتحدة لشؤون اللاجئين في سوريا"
    items = [
        Bar("reuters", 9, value_text="45% (9)", label_dir="ltr"),
        Bar(long_name, 4),
        Bar("<script>", 1),
    ]
    svg = ranked_bars(items, max_label_chars=30)
    root = parse(svg)
    labels = texts(root, "label")
    assert (labels[0].get("direction"), labels[0].get("text-anchor")) == ("ltr", "end")
    assert texts(root, "value")[0].text == "45% (9)"
    assert labels[1].text is not None and labels[1].text.endswith("…")
    assert len(labels[1].text) <= 30
    titles = [t.text for t in root.iter(f"{{{NS['svg']}}}title")]
    assert f"{long_name}: 4" in titles
    assert "<script>" not in svg and labels[2].text == "<script>"  # escaped, then parsed back


def test_all_zero_values_draw_zero_bars() -> None:
    root = parse(ranked_bars([Bar("دمشق", 0), Bar("حلب", 0)]))
    assert [float(b.get("width", "")) for b in bars(root)] == [0, 0]


def test_no_data_gives_an_svg_that_says_so() -> None:
    for svg in (time_bars([]), ranked_bars([])):
        root = parse(svg)
        assert bars(root) == []
        assert [t.text for t in texts(root, "no-data")] == [NO_DATA]
