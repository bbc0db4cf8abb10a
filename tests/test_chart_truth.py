"""Charts read back from the drawn figure: no clipped or overlapping text, zero axes, figures."""

# Charts a reader can trust, read from the drawn figures themselves: no text clipped or
# overlapping (matplotlib's own text extents), value axes from zero, and exactly the answer's
# figures drawn — no more, no fewer — for every kind and shape (1 to 100 rows, 1 to 34 years,
# one or two datasets), on the edge-case store, the demo and the real OpenAlex networks.

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import chart_reading as rd
import chart_store
import pytest
from chart_cases import ALL, Case
from conftest import SHARED

import bot.charts as charts
from bot.pipeline import Answerer
from data.loaders import load
from queries.model import Answer

NETWORKS = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"


@dataclass
class Findings:
    answer: Answer
    size: tuple[float, float] = (0.0, 0.0)
    clipped: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    axes: list[str] = field(default_factory=list)  # value-axis problems
    panels: list[rd.Panel] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # bold texts naming the panels


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> dict[str, Path | None]:
    folder = tmp_path_factory.mktemp("chart-stores")
    edge = chart_store.build(folder / "edge.duckdb")
    real: Path | None = None
    if NETWORKS.exists():
        real = folder / "real.duckdb"
        shutil.copy(demo_db, real)
        load("openalex-networks", [str(NETWORKS)], dataset="openalex", db=real)
    return {"edge": edge, "demo": demo_db, "real": real}


_seen: dict[str, Findings] = {}


@pytest.fixture
def findings(stores: dict[str, Path | None], request: pytest.FixtureRequest):
    """The drawn chart of a case, inspected once for all the tests below."""

    def get(case: Case) -> Findings:
        if case.name in _seen:
            return _seen[case.name]
        db = stores[case.store]
        if db is None:
            pytest.skip(f"{NETWORKS} is not here (the real OpenAlex networks)")
        answer = Answerer(db).answer(case.question, dataset=case.dataset)
        assert answer.ok, f"{case.question}: {answer.headline}"
        found = Findings(answer)
        with charts.style():
            fig = charts.draw(answer)
            if fig is not None:
                fig.canvas.draw()
                found.size = (fig.bbox.width, fig.bbox.height)
                found.clipped = rd.clipped(fig)
                found.collisions = rd.collisions(fig)
                found.panels = rd.read(fig)
                found.axes = [problem for p in found.panels for problem in _axis_problems(p)]
                found.titles = [t.get_text() for t in fig.texts if t.get_fontweight() == "bold"]
        _seen[case.name] = found
        return found

    return get


def _axis_problems(p: rd.Panel) -> list[str]:
    """A value axis must start at zero (a small drift must not look dramatic); dumbbells may
    start a dot's width before zero, so a dot at zero clears the names."""
    values = [v for _, v in p.figures]
    if p.kind == "heatmap":
        image = next(a for a in p.ax.get_images() if a.get_gid() == "data")
        lo = image.norm.vmin
        return [] if lo == min(0.0, *values) else [f"colour scale starts at {lo}, not at zero"]
    if p.kind == "bubble":
        return []  # areas are checked against the figures in the read-back test
    axis = "y" if p.kind in ("bars", "line") else "x"
    lo, hi = p.ax.get_ylim() if axis == "y" else p.ax.get_xlim()
    problems = []
    slack = 0.03 * (hi - lo) if p.kind == "dumbbell" else 0.0
    if min(values) >= 0 and not (-slack <= lo <= 0):
        problems.append(f"{axis} axis starts at {lo:g}, not at zero")
    if min(values) < 0 and lo > min(values):
        problems.append(f"{axis} axis starts above the smallest figure {min(values):g}")
    ticks = rd.tick_labels(p.ax, axis)
    zero = [
        t
        for t in ticks
        if t.get_visible() and rd.label_numbers(t.get_text()) and rd.parse_number(t.get_text()) == 0
    ]
    if not zero:
        problems.append(f"no 0 on the {axis} axis")
    return problems


CASES = [pytest.param(c, id=c.name) for c in ALL]


@pytest.mark.parametrize("case", CASES)
def test_no_text_is_clipped_or_overlaps(case: Case, findings) -> None:
    found = findings(case)
    if not case.chart:
        pytest.skip("a single figure: no chart")
    assert found.size[0] == 1200 and found.size[1] >= charts.theme.MIN_HEIGHT_PX
    assert found.clipped == []
    assert found.collisions == []


@pytest.mark.parametrize("case", CASES)
def test_value_axes_start_at_zero(case: Case, findings) -> None:
    found = findings(case)
    if not case.chart:
        pytest.skip("a single figure: no chart")
    assert found.panels
    assert found.axes == []


@pytest.mark.parametrize("case", CASES)
def test_drawn_figures_are_the_answers_figures(case: Case, findings) -> None:
    found = findings(case)
    answer = found.answer
    if not case.chart:
        assert answer.chart is None and found.panels == []
        return
    names = [d.name for d in answer.datasets]
    assert len(found.panels) == len(names), "one panel per dataset compared"
    for p, name in zip(_in_order(found), names, strict=True):
        dataset = name if len(names) > 1 else None
        # Circle areas are read back through the label of the largest one (2 decimals).
        rel = 1e-5 if p.kind == "bubble" else 1e-9
        assert rd.same_figures(p.figures, rd.stated(answer, dataset), rel) == [], name
        stated = rd.stated_numbers(answer)
        for label in p.value_labels:
            for token in rd.label_numbers(label):
                assert rd.written_as_stated(token, stated), f"{label!r} states {token}"


def _in_order(found: Findings) -> list[rd.Panel]:
    """Panels left to right (the datasets in the order the answer lists them)."""
    return sorted(found.panels, key=lambda p: p.ax.get_position().x0)


@pytest.mark.parametrize("case", [c for c in CASES if "two datasets" in c.id or "and demo" in c.id])
def test_each_panel_names_its_dataset(case: Case, findings) -> None:
    found = findings(case)
    if found.answer.chart is None:
        pytest.skip("no chart")
    for info in found.answer.datasets:
        kind = "synthetic demo data" if info.synthetic else "real data"
        assert any(t.startswith(f"{info.name} ({kind})") for t in found.titles)


def test_a_year_the_dataset_marks_incomplete_is_marked_in_the_chart(stores, monkeypatch) -> None:
    """The chart takes the mark from DatasetContext.possibly_incomplete (here made to flag
    2023; the store says the data were taken on 1 Jan 2026), in the footer, the labels and the
    drawing."""
    from queries.datasets import DatasetContext

    monkeypatch.setattr(
        DatasetContext, "possibly_incomplete", lambda self, year: year == 2023, raising=False
    )
    answer = Answerer(stores["edge"]).answer("CS China–Aruba 2015–2023", dataset="wide")
    assert answer.chart is not None and answer.chart.incomplete == ("2023*†",)
    assert "† 2023*: may still grow — data as of 1 Jan 2026" in answer.chart.note
    with charts.style():
        fig = charts.draw(answer)
        fig.canvas.draw()
        assert rd.clipped(fig) == [] and rd.collisions(fig) == []
    ax = rd.read(fig)[0].ax
    assert rd.tick_labels(ax, "x")[-1].get_text() == "2023*†"
    assert [a.get_xdata()[0] for a in ax.get_lines() if a.get_gid() == "incomplete-mark"] == [8]
    assert "2023*†" in charts.alt_text(answer) and "may still grow" in charts.alt_text(answer)
    top = Answerer(stores["edge"]).answer("top 5 partners of China 2015 vs 2023", dataset="wide")
    assert top.chart.incomplete == ("2023*†",)
    with charts.style():
        fig = charts.draw(top)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["2015", "2023*†"]


def test_a_dataset_without_the_marks_draws_none(stores) -> None:
    answer = Answerer(stores["edge"]).answer("CS China–Aruba 2015–2023", dataset="wide")
    assert answer.chart.incomplete == ()
    assert "may still grow" not in answer.chart.note and "†" not in charts.alt_text(answer)
