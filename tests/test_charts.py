"""PNG charts: golden images per kind, byte-identical renders, real PNGs, alt text with figures."""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from pathlib import Path

import answers_fixture as fx
import matplotlib
import numpy as np
import pytest
from matplotlib import image

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

# Golden file per fixture: the first of each chart kind is named after the kind.
CHARTS = {
    "pair_two_years": "bars",
    "aggregate": "bars-aggregate",
    "share": "bars-share",
    "partners_two_years": "dumbbell",
    "pair_series": "line",
    "top_bri": "bubble",
    "rank": "hbar",
    "rising": "hbar-rising",
    "top100": "hbar-top100",
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
    png = render_png(fx.ALL[name]())
    assert png is not None
    assert _size(png) == (WIDTH, HEIGHT)
    path = GOLDEN / f"{CHARTS[name]}.png"
    if update_golden or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        if not update_golden:
            pytest.fail(f"golden image {path.name} was missing and has been written; rerun")
    golden = path.read_bytes()
    assert _size(golden) == (WIDTH, HEIGHT)
    got, want = _pixels(png), _pixels(golden)
    assert got.shape == want.shape
    diff = float(np.abs(got - want).mean())
    assert diff <= TOLERANCE, f"{name}: mean pixel difference {diff:.5f} > {TOLERANCE}"
    strong = float((np.abs(got - want).max(axis=-1) > STRONG).mean())
    assert strong <= MAX_STRONG_SHARE, f"{name}: {strong:.5%} of pixels changed strongly"


def test_every_chart_kind_has_a_golden() -> None:
    kinds = {fx.ALL[name]().chart.kind for name in CHARTS}
    assert kinds == {"bars", "dumbbell", "line", "bubble", "hbar"}
    assert {k for k in kinds if (GOLDEN / f"{k}.png").exists()} == kinds


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_render_is_byte_identical(name: str) -> None:
    answer = fx.ALL[name]()
    assert render_png(answer) == render_png(fx.ALL[name]())


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
    answer = fx.ALL[name]()
    text = alt_text(answer)
    fmt = formatter(answer)
    assert answer.chart.title in text
    for _, values in answer.chart.series:
        for value in values[:25]:
            assert fmt(value) in text
    assert "synthetic" in text.lower()
    assert len(text) <= 2000


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        ("pair_two_years", ["3.10", "39.83", "+1,185%"]),
        ("rising", ["+1,185%", "+206%"]),
        ("share", ["22%", "28%", "+6 pp"]),
        ("rank", ["905.12", "Singapore is highlighted"]),
    ],
)
def test_alt_text_examples(name: str, figures: list[str]) -> None:
    text = alt_text(fx.ALL[name]())
    for figure in figures:
        assert figure in text


@pytest.mark.parametrize("name", ["help", "error"])
def test_no_chart_no_png(name: str) -> None:
    assert render_png(fx.ALL[name]()) is None
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
    assert _size(render_png(replace(base, chart=gappy))) == (WIDTH, HEIGHT)
    odd = replace(fx.aggregate().chart, kind="pie")
    assert _size(render_png(replace(fx.aggregate(), chart=odd))) == (WIDTH, HEIGHT)


def test_bubble_area_is_proportional_to_value() -> None:
    from matplotlib.patches import Circle

    from bot.charts import bubble, canvas

    fig = canvas.new_figure()
    spec = fx.top_bri().chart
    bubble.draw(fig, spec, formatter(fx.top_bri()))
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    areas = np.array([c.radius**2 for c in circles])
    values = np.array(spec.series[0][1])
    assert np.allclose(areas / areas[0], values / values[0])
