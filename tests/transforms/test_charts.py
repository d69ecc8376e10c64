"""The SVG chart functions of the report (`transforms/charts.py`): pure data in, SVG out."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from transforms.charts import (
    MAX_BAR_WIDTH,
    NO_DATA,
    Bar,
    Series,
    aligned_time_bars,
    fmt_number,
    nice_ticks,
    ranked_bars,
    time_bars,
)

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


WEEKS = ["2024-12-30", "2025-01-06", "2025-01-13", "2025-01-20"]


def two_series() -> list[Series]:
    return [
        Series("مقالات سوريا", [4, 3, 4, 5], css="articles"),
        Series("القتلى في الأحداث الميدانية", [45, 15, 0, 2], colour="#9b2c2c", css="fatalities"),
    ]


def series_bars(root: ET.Element, css: str) -> list[ET.Element]:
    return [b for b in bars(root) if b.get("data-series") == css]


def test_aligned_time_bars_draw_each_series_on_one_time_axis() -> None:
    root = parse(aligned_time_bars(WEEKS, two_series(), label="مقالات سوريا والقتلى"))
    articles, fatalities = series_bars(root, "articles"), series_bars(root, "fatalities")
    assert [b.get("data-key") for b in articles] == [b.get("data-key") for b in fatalities] == WEEKS
    assert [b.get("data-value") for b in articles] == ["4", "3", "4", "5"]
    assert [b.get("data-value") for b in fatalities] == ["45", "15", "0", "2"]
    assert len(bars(root)) == 8
    # The same week at the same x in both panels; time runs left to right.
    xs = [float(b.get("x", "")) for b in articles]
    assert xs == [float(b.get("x", "")) for b in fatalities]
    assert xs == sorted(xs)
    # The articles' panel is above the fatalities' panel, each with its own scale from zero.
    articles_bottom = max(float(b.get("y", "")) + float(b.get("height", "")) for b in articles)
    assert articles_bottom < min(float(b.get("y", "")) for b in fatalities)
    a_heights = [float(b.get("height", "")) for b in articles]
    f_heights = [float(b.get("height", "")) for b in fatalities]
    assert a_heights[3] == pytest.approx(5 / 4 * a_heights[0])
    assert f_heights[0] == pytest.approx(3 * f_heights[1]) and f_heights[2] == 0
    assert max(f_heights) == pytest.approx(max(a_heights) * 45 / 50)  # 45 of 50, 5 of 5
    ticks = {css: [t.text for t in texts(root, "y-tick") if t.get("data-series") == css]
             for css in ("articles", "fatalities")}  # fmt: skip
    assert ticks == {"articles": ["0", "1", "2", "3", "4", "5"],
                     "fatalities": ["0", "10", "20", "30", "40", "50"]}  # fmt: skip
    # The legend names both series, in order, Arabic right to left; dates once, left to right.
    names = texts(root, "series-name")
    assert [t.text for t in names] == ["مقالات سوريا", "القتلى في الأحداث الميدانية"]
    assert all((t.get("direction"), t.get("text-anchor")) == ("rtl", "start") for t in names)
    swatches = [
        r.get("fill") for r in root.iter(f"{{{NS['svg']}}}rect") if r.get("class") == "swatch"
    ]
    assert swatches == ["#2f6690", "#9b2c2c"]
    assert [b.get("fill") for b in fatalities] == ["#9b2c2c"] * 4
    x_ticks = texts(root, "x-tick")
    assert [t.text for t in x_ticks] == WEEKS
    assert all((t.get("direction"), t.get("unicode-bidi")) == ("ltr", "embed") for t in x_ticks)
    assert root.get("aria-label") == "مقالات سوريا والقتلى"


def test_aligned_time_bars_cap_the_bar_width_and_space_the_dates() -> None:
    root = parse(aligned_time_bars(["2025-01-06"], [Series("مقالات سوريا", [2])], width=900))
    assert float(bars(root)[0].get("width", "")) == MAX_BAR_WIDTH
    keys = [f"week-{i:03d}" for i in range(104)]
    series = [Series("أ", [i % 5 for i in range(104)], css="a"), Series("ب", [1] * 104, css="b")]
    root = parse(aligned_time_bars(keys, series, width=900))
    assert len(series_bars(root, "a")) == len(series_bars(root, "b")) == 104
    xs = [float(t.get("x", "")) for t in texts(root, "x-tick")]
    assert 2 <= len(xs) <= 900 // 84
    assert all(b - a >= 84 for a, b in itertools.pairwise(xs))


def test_aligned_time_bars_leave_missing_values_empty_and_escape_text() -> None:
    svg = aligned_time_bars(
        ["<w1>", "w2"],
        [Series("<b>القتلى</b>", [None, -4], css="fatalities", tooltips=["a & b", "c"])],
    )
    root = parse(svg)
    drawn = bars(root)
    assert [b.get("data-value") for b in drawn] == ["", "-4"]
    assert [float(b.get("height", "")) for b in drawn] == [0, 0]
    assert "<b>" not in svg and "&lt;b&gt;القتلى&lt;/b&gt;" in svg
    assert [t.text for t in root.iter(f"{{{NS['svg']}}}title")] == ["a & b", "c"]
    assert [t.text for t in texts(root, "x-tick")] == ["<w1>", "w2"]


def test_aligned_time_bars_refuse_series_of_another_length() -> None:
    with pytest.raises(ValueError, match="3 values for 2 keys"):
        aligned_time_bars(["a", "b"], [Series("مقالات سوريا", [1, 2, 3])])


def test_no_data_gives_an_svg_that_says_so() -> None:
    for svg in (time_bars([]), ranked_bars([]), aligned_time_bars([], two_series())):
        root = parse(svg)
        assert bars(root) == []
        assert [t.text for t in texts(root, "no-data")] == [NO_DATA]
