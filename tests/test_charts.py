"""PNG charts: golden images per kind, byte-identical renders, real PNGs, alt text with figures,
the marks every chart carries (reading, provenance, years that may still grow, small bases)."""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from pathlib import Path

import answers_fixture as fx
import chart_reading as rd
import matplotlib
import numpy as np
import pytest
from matplotlib import image
from matplotlib.patches import Circle, Rectangle

import bot.charts as charts
from bot.charts import alt_text, render_png, theme
from bot.charts.labels import formatter

GOLDEN = Path(__file__).parent / "golden" / "charts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH, HEIGHT = int(theme.FIGSIZE[0] * theme.DPI), int(theme.FIGSIZE[1] * theme.DPI)
# Mean absolute difference per channel (0–1 scale) absorbs anti-aliasing from another
# FreeType build; the share of strongly changed pixels catches a changed word or figure.
TOLERANCE = 0.0005
STRONG = 0.25
MAX_STRONG_SHARE = 0.00005  # about 40 pixels of 810,000

ANSWERS = {**fx.ALL, **fx.CHARTS_ONLY}
# Golden file per fixture: the first of each chart kind is named after the kind.
CHARTS = {
    "pair_two_years": "bars",
    "aggregate": "bars-aggregate",
    "share": "bars-share",
    "partners_two_years": "dumbbell",
    "partners_fall": "dumbbell-fall",
    "pair_series": "line",
    "real_series_incomplete": "line-real-incomplete",
    "top_bri": "bubble",
    "rank": "hbar",
    "rising": "hbar-rising",
    "top100": "hbar-top100",
    "top_series_heatmap": "heatmap",
    "compare_datasets": "panels",
}


def _size(png: bytes) -> tuple[int, int]:
    # The IHDR chunk follows the signature: length, type, then width and height.
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _pixels(png: bytes) -> np.ndarray:
    return image.imread(io.BytesIO(png), format="png")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_golden(name: str, update_golden: bool) -> None:
    png = render_png(ANSWERS[name]())
    assert png is not None
    width, height = _size(png)
    assert width == WIDTH and height >= theme.MIN_HEIGHT_PX
    path = GOLDEN / f"{CHARTS[name]}.png"
    if update_golden or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        if not update_golden:
            pytest.fail(f"golden image {path.name} was missing and has been written; rerun")
    golden = path.read_bytes()
    assert _size(golden) == (width, height)
    got, want = _pixels(png), _pixels(golden)
    diff = float(np.abs(got - want).mean())
    assert diff <= TOLERANCE, f"{name}: mean pixel difference {diff:.5f} > {TOLERANCE}"
    strong = float((np.abs(got - want).max(axis=-1) > STRONG).mean())
    assert strong <= MAX_STRONG_SHARE, f"{name}: {strong:.5%} of pixels changed strongly"


def test_every_chart_kind_has_a_golden() -> None:
    kinds = {ANSWERS[name]().chart.kind for name in CHARTS}
    assert kinds == {"bars", "dumbbell", "line", "bubble", "hbar", "heatmap", "panels"}
    assert {k for k in kinds if (GOLDEN / f"{k}.png").exists()} == kinds
    assert {p.name for p in GOLDEN.glob("*.png")} == {f"{g}.png" for g in CHARTS.values()}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_render_is_byte_identical(name: str) -> None:
    assert render_png(ANSWERS[name]()) == render_png(ANSWERS[name]())


def test_standard_charts_keep_the_slack_size_and_lists_grow_taller() -> None:
    assert _size(render_png(fx.pair_two_years())) == (WIDTH, HEIGHT)
    width, height = _size(render_png(fx.top100()))
    assert width == WIDTH and height > 100 * theme.ROW_PX  # every one of the 100 rows
    assert _size(render_png(fx.partners_two_years()))[1] < HEIGHT  # three rows need less


def test_render_leaves_global_style_alone() -> None:
    before = dict(matplotlib.rcParams)
    render_png(fx.top_bri())
    assert dict(matplotlib.rcParams) == before


def test_png_has_no_timestamp_or_software_tag() -> None:
    png = render_png(fx.pair_two_years())
    assert b"Software" not in png
    assert b"tIME" not in png


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_alt_text_states_the_figures(name: str) -> None:
    answer = ANSWERS[name]()
    text = alt_text(answer)
    assert answer.chart.title in text.replace("†", "")
    assert answer.receipt in text.replace("†", "")
    specs = answer.chart.panels or (answer.chart,)
    shown = 0
    for spec in specs:
        fmt = charts.labels.formatter_for(charts.plan._fill(spec, answer))
        for _, values in spec.series:
            shown += sum(fmt(v) in text for v in values)
    total = sum(len(v) for s in specs for _, v in s.series)
    # Every figure, unless there are more than fit (then the text says how many are left).
    assert shown == total or "more." in text
    assert shown >= min(total, 25)
    assert ("synthetic" in text.lower()) == any(d.synthetic for d in answer.datasets)
    assert "from zero" in text
    assert len(text) <= 1000


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        ("pair_two_years", ["3.10", "39.83", "+1,185% (small base)"]),
        ("rising", ["+1,185% (small base)", "+206%"]),
        ("share", ["22%", "28%", "+6 pp"]),
        ("rank", ["905.12", "Singapore is highlighted"]),
        ("real_series_incomplete", ["2023†: 72,794", "may still grow — data as of 27 Aug 2024"]),
        ("compare_datasets", ["demo (synthetic demo data)", "openalex (real data)", "2,381"]),
    ],
)
def test_alt_text_examples(name: str, figures: list[str]) -> None:
    text = alt_text(ANSWERS[name]())
    for figure in figures:
        assert figure in text


@pytest.mark.parametrize("name", ["help", "error"])
def test_no_chart_no_png(name: str) -> None:
    assert render_png(fx.ALL[name]()) is None
    assert charts.cached_png(fx.ALL[name]()) is None
    assert alt_text(fx.ALL[name]()) == ""


def test_golden_comparison_sees_a_changed_figure() -> None:
    answer = fx.pair_two_years()
    golden = _pixels((GOLDEN / "bars.png").read_bytes())
    moved = replace(answer.chart, series=(("China–Thailand", (3.10, 39.88)),))
    got = _pixels(render_png(replace(answer, chart=moved)))
    strong = float((np.abs(got - golden).max(axis=-1) > STRONG).mean())
    assert strong > MAX_STRONG_SHARE


def test_missing_value_and_unknown_kind_still_render() -> None:
    base = fx.partners_two_years()
    (first, a), (last, b) = base.chart.series
    gappy = replace(base.chart, series=((first, (a[0], None, a[2])), (last, b)))
    assert _size(render_png(replace(base, chart=gappy)))[0] == WIDTH
    odd = replace(fx.aggregate().chart, kind="pie")
    assert _size(render_png(replace(fx.aggregate(), chart=odd))) == (WIDTH, HEIGHT)


def _drawn(answer):
    with charts.style():
        fig = charts.draw(answer)
        fig.canvas.draw()
    return fig


def test_bubble_area_is_proportional_to_value() -> None:
    answer = fx.top_bri()
    circles = [p for p in _drawn(answer).axes[0].patches if isinstance(p, Circle)]
    areas = np.array([c.radius**2 for c in circles])
    values = np.array(answer.chart.series[0][1])
    assert np.allclose(areas / areas[0], values / values[0])


def test_the_reading_and_the_provenance_are_in_the_picture() -> None:
    fig = _drawn(fx.real_series_incomplete())
    words = " ".join(t.get_text() for t in rd.texts(fig))
    assert "joint articles · China–United States · all subjects · 2015–2023†" in words
    assert "real data: OpenAlex" in words and "as of 27 Aug 2024" in words
    demo = " ".join(t.get_text() for t in rd.texts(_drawn(fx.pair_two_years())))
    assert "natural sciences" in demo and "synthetic demo data" in demo


def test_a_year_that_may_still_grow_is_marked() -> None:
    fig = _drawn(fx.real_series_incomplete())
    ax = fig.axes[0]
    assert rd.clean(rd.tick_labels(ax, "x")[-1].get_text()) == "2023"
    assert rd.tick_labels(ax, "x")[-1].get_text().endswith("†")
    hollow = [a for a in ax.get_lines() if a.get_gid() == "incomplete-mark"]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [8]
    dashed = [
        a
        for a in ax.get_lines()
        if a.get_gid() == "connector" and a.get_linestyle() not in ("-", "solid")
    ]
    assert [list(a.get_xdata()) for a in dashed] == [[7, 8]]
    panel = _drawn(fx.compare_datasets()).axes[1]
    bars = [p for p in panel.patches if isinstance(p, Rectangle) and p.get_gid() == "data"]
    assert [bool(b.get_hatch()) for b in bars] == [False, True]


def test_small_bases_are_flagged_in_the_chart() -> None:
    labels = [t.get_text() for t in _drawn(fx.rising()).axes[0].texts]
    flagged = [t for t in labels if "(small base)" in t]
    assert flagged == ["+1,185% (small base)"]
    dumbbell = [t.get_text() for t in _drawn(fx.partners_fall()).axes[0].texts]
    assert "3.10 → 39.83 (small base)" in dumbbell
    assert "273.22 → 243.10" in dumbbell  # a fall reads as plainly as a rise


def test_formatter_writes_figures_as_the_message_does() -> None:
    assert formatter(fx.share())(22.0) == "22%"
    assert formatter(fx.rising())(1184.84) == "+1,185%"
    assert formatter(fx.pair_two_years())(3.1) == "3.10"
