"""The drawing shortcuts (text work kept between charts, ticks made on demand) change no pixel."""

# The charts draw on a canvas whose renderer keeps text extents and rasterised text for the
# process, with texts that keep their layouts (bot/charts/glyphs.py), on axes that make
# matplotlib Tick objects only when one is drawn (bot/charts/plain_axes.py). Both are worth nothing if a chart looks different: every
# chart case is drawn with them and with matplotlib's own classes, and the bytes compared.

from __future__ import annotations

import io
from pathlib import Path

import chart_store
import numpy as np
import pytest
from chart_cases import DEMO, EDGE, Case
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import bot.charts as charts
from bot.charts import axes, canvas, glyphs, theme
from bot.charts.plain_axes import PlainAxes
from bot.pipeline import Answerer

CASES = [c for c in EDGE + DEMO if c.chart]


@pytest.fixture(scope="module")
def answerers(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> dict[str, Answerer]:
    edge = chart_store.build(tmp_path_factory.mktemp("drawing") / "edge.duckdb")
    return {"edge": Answerer(edge), "demo": Answerer(demo_db)}


def _stock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draw with matplotlib's own canvas and axes from here on."""
    monkeypatch.setattr(glyphs, "KeepingCanvas", FigureCanvasAgg)
    monkeypatch.setattr(canvas, "PlainAxes", Axes)
    monkeypatch.setattr(canvas, "TextAxes", Axes)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_chart_is_the_same_bytes_as_matplotlib_draws_it(
    case: Case, answerers: dict[str, Answerer], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = answerers[case.store].answer(case.question, dataset=case.dataset)
    assert answer.ok, answer.headline
    glyphs.clear()
    cold = charts.render_png(answer)  # nothing kept yet
    warm = charts.render_png(answer)  # every text from what the first drawing kept
    _stock(monkeypatch)
    stock = charts.render_png(answer)
    assert cold is not None and stock is not None
    assert cold == stock, f"{case.name}: first drawing differs from matplotlib's"
    assert warm == stock, f"{case.name}: drawing from kept text differs from matplotlib's"


def _texts_png(canvas_class: type, text_class: type = Text) -> np.ndarray:
    """A figure of texts that exercise the renderer and the layouts: sizes, weights, angles,
    lines, glyphs outside ASCII, and the same text twice at different angles."""
    fig = Figure(figsize=(4, 3), dpi=150)
    canvas_class(fig)
    samples = [
        ("China–Thailand 2015 → 2023*", 9, "normal", 0),
        ("China–Thailand 2015 → 2023*", 9, "normal", 90),
        ("−11 % Åland\nsecond line", 11, "bold", 0),
        ("1,234.56", 7.5, "normal", 33),
        ("1,234.56", 7.5, "bold", 33),
        ("", 9, "normal", 0),
    ]
    for k, (text, size, weight, angle) in enumerate(samples):
        at = (0.05 + 0.15 * k, 0.1 + 0.12 * k)
        fig.add_artist(text_class(*at, text, size=size, weight=weight, rotation=angle))
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_kept_text_draws_the_pixels_matplotlib_draws() -> None:
    glyphs.clear()
    stock = _texts_png(FigureCanvasAgg)
    kept = (glyphs.KeepingCanvas, glyphs.KeptText)
    assert np.array_equal(_texts_png(*kept), stock)  # rasterised and laid out now
    assert np.array_equal(_texts_png(*kept), stock)  # from what was kept
    assert glyphs._LAYOUTS and glyphs._IMAGES and glyphs._EXTENTS
    assert (stock[..., :3] < 128).any()  # the texts were drawn at all


def test_kept_text_is_bounded_and_stays_right_when_cleared(monkeypatch) -> None:
    """With room for almost nothing the caches clear themselves over and over; the pixels do
    not change and what is kept stays under the bound."""
    glyphs.clear()
    stock = _texts_png(FigureCanvasAgg)
    monkeypatch.setattr(glyphs, "MAX_IMAGE_BYTES", 600)
    monkeypatch.setattr(glyphs, "MAX_EXTENTS", 2)
    monkeypatch.setattr(glyphs, "MAX_LAYOUTS", 2)
    for _ in range(2):
        assert np.array_equal(_texts_png(glyphs.KeepingCanvas, glyphs.KeptText), stock)
        assert sum(image.nbytes for image, *_ in glyphs._IMAGES.values()) <= 600
        assert len(glyphs._EXTENTS) <= 2 and len(glyphs._LAYOUTS) <= 2


def test_a_change_of_hinting_is_not_served_from_kept_text() -> None:
    """The hinting setting changes glyph shapes: a text kept under one setting is not drawn
    under another."""
    import matplotlib

    glyphs.clear()
    drawn = {}
    for hinting in ("none", "auto", "none"):
        with matplotlib.rc_context({"text.hinting": hinting}):
            stock = _texts_png(FigureCanvasAgg)
            kept = _texts_png(glyphs.KeepingCanvas)
            assert np.array_equal(kept, stock), hinting
            drawn[hinting] = kept
    assert not np.array_equal(drawn["none"], drawn["auto"])  # the setting did change pixels


def test_plain_axes_make_no_tick_until_one_is_drawn() -> None:
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8), axes_class=PlainAxes)
    ax.grid(True)
    assert ax.xaxis.majorTicks == [] and ax.yaxis.minorTicks == []
    ax.set_xticks([])
    fig.canvas.draw()
    assert ax.xaxis.majorTicks == []
    assert len(ax.yaxis.majorTicks) > 2  # the default locator's ticks, made when drawn


def _axes_png(axes_class: type) -> bytes:
    """Axes with matplotlib's own ticks, grid lines, limits and spines."""
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.15, 0.15, 0.8, 0.8), axes_class=axes_class)
    ax.plot([0, 1, 2, 3], [3, 1, 4, 1])
    ax.grid(True, color="0.8")
    ax.tick_params(axis="y", length=6, labelsize=7)
    ax.spines["top"].set_visible(False)
    ax.set_xticks([0, 1.5, 3], ["a", "b", "c"])
    ax.set_xlim(-0.5, 3.5)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def test_plain_axes_draw_matplotlibs_ticks_like_matplotlib_when_asked_for() -> None:
    assert np.array_equal(
        np.asarray(Image.open(io.BytesIO(_axes_png(PlainAxes)))),
        np.asarray(Image.open(io.BytesIO(_axes_png(Axes)))),
    )


def _hbars_png(one_hatch_patch: bool) -> np.ndarray:
    fig = Figure(figsize=(4, 3), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    bars = [(0.0, 5.0), (1.0, -2.5), (2.0, 0.01), (3.0, 7.25)]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
    if one_hatch_patch:
        axes.hbars(ax, bars, colours, thickness=0.72, hatched=True)
    else:  # matplotlib's way: a hatch on every bar
        for rect in ax.barh([y for y, _ in bars], [v for _, v in bars], height=0.72, color=colours):
            rect.set_hatch(theme.INCOMPLETE_HATCH)
            rect.set_edgecolor("white")
            rect.set_linewidth(0)
    ax.set_xlim(-3, 8)
    ax.set_ylim(-0.5, 3.5)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_one_hatch_over_the_bars_draws_what_a_hatch_on_each_bar_draws() -> None:
    assert np.array_equal(_hbars_png(True), _hbars_png(False))


def _wrap_measuring_every_trial(m: canvas.Measure, text: str, width: float, size: float, weight):
    """The plain greedy wrap: every trial line measured whole."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and m.width(trial, size, weight) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def test_wrapping_breaks_where_measuring_every_trial_line_breaks() -> None:
    import random

    from data.catalogue import countries

    words = " ".join(c.name for c in countries()).split()
    words += ["2015", "→", "2023*", "−11", "%", "(j)", "fff", "WWW", "Å", "", "Source:", "f,"]
    rng = random.Random(14)
    with charts.style():
        m = canvas.Measure(canvas.new_figure())
        for _ in range(400):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
            if rng.random() < 0.2:
                text = text.replace(" ", "\n", 1)
            size, weight = rng.choice([7.5, 9, 12.5]), rng.choice(["normal", "bold"])
            width = rng.uniform(20, 1200)
            assert m.wrap(text, width, size, weight) == _wrap_measuring_every_trial(
                m, text, width, size, weight
            ), (text, width, size, weight)


@pytest.mark.parametrize(
    "change",
    [
        {"text": "a longer text\non two lines"},
        {"rotation": 90},
        {"horizontalalignment": "right", "verticalalignment": "top"},
        {"fontsize": 14, "fontweight": "bold"},
        {"linespacing": 2.0, "text": "one\ntwo"},
        {"multialignment": "right", "text": "wide first line\nnarrow"},
        {"rotation": 30, "rotation_mode": "anchor"},
    ],
    ids=lambda c: ",".join(c),
)
def test_a_kept_layout_follows_every_change_of_the_text(change: dict) -> None:
    """Drawn, changed, drawn again: the kept layout must be the changed text's."""

    def drawn(text_class: type) -> np.ndarray:
        fig = Figure(figsize=(3, 2), dpi=150)
        glyphs.KeepingCanvas(fig)
        t = text_class(0.5, 0.5, "−1,234.5 → 2023*", transform=fig.transFigure)
        fig.add_artist(t)
        fig.canvas.draw()
        t.update(change)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()

    glyphs.clear()
    assert np.array_equal(drawn(glyphs.KeptText), drawn(Text))
