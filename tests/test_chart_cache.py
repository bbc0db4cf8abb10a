"""The chart cache: repeats come from it, keyed right, bounded, emptied when a dataset loads."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import answers_fixture as fx
import pytest

import bot.charts as charts
from bot.charts.cache import ChartCache, FrontEndCharts
from bot.pipeline import Answerer
from data.loaders import load

PAIRS = "year,country_a,country_b,cs\n2015,CN,TH,3.5\n2023,CN,TH,40.25\n"


class Counting:
    """The real renderer, counted."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, spec):
        self.calls += 1
        return charts.png_of_spec(spec)


def test_a_repeated_chart_is_not_drawn_again() -> None:
    cache, render = ChartCache(), Counting()
    answer = fx.pair_two_years()
    spec = charts.plan.complete(answer)
    first = cache.png(answer, spec, render)
    again = cache.png(fx.pair_two_years(), charts.plan.complete(fx.pair_two_years()), render)
    assert again == first == charts.render_png(answer)
    assert render.calls == 1 and (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize(
    "change",
    [
        lambda a: replace(a, sql_text="SELECT 2 -- another question"),
        lambda a: replace(a, datasets=(replace(a.datasets[0], version="2024.2"),)),
        lambda a: replace(a, chart=replace(a.chart, kind="line")),  # same SQL, drawn otherwise
    ],
    ids=["sql", "dataset version", "chart"],
)
def test_the_key_is_the_sql_the_dataset_version_and_the_chart(change) -> None:
    cache, render = ChartCache(), Counting()
    answer = fx.pair_two_years()
    cache.png(answer, charts.plan.complete(answer), render)
    other = change(answer)
    cache.png(other, charts.plan.complete(other), render)
    assert render.calls == 2


def test_bounded_by_entries_and_bytes() -> None:
    cache = ChartCache(max_entries=2)
    answers = [replace(fx.pair_two_years(), sql_text=f"SELECT {i}") for i in range(3)]
    for a in answers:
        cache.png(a, charts.plan.complete(a), lambda spec: b"x" * 10)
    assert len(cache) == 2 and cache.size_bytes == 20
    render = Counting()
    cache.png(answers[0], charts.plan.complete(answers[0]), render)  # the oldest went first
    assert render.calls == 1
    small = ChartCache(max_bytes=25)
    for a in answers:
        small.png(a, charts.plan.complete(a), lambda spec: b"x" * 10)
    assert len(small) == 2 and small.size_bytes == 20


def test_threads_share_one_cache() -> None:
    cache = ChartCache()
    answer = fx.rank()
    spec = charts.plan.complete(answer)
    out: list[bytes] = []
    workers = [
        threading.Thread(target=lambda: out.append(cache.png(answer, spec, charts.png_of_spec)))
        for _ in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(set(out)) == 1 and len(cache) == 1


def test_loading_a_dataset_empties_the_cache(tmp_path: Path) -> None:
    """A real load into the database the front end answers from (a new file swapped in)."""
    db = tmp_path / "store.duckdb"
    first = tmp_path / "first.csv"
    first.write_text(PAIRS)
    load("pairs", [str(first)], dataset="pairs", db=db)
    cache = ChartCache()
    front = FrontEndCharts(db, cache)
    answer = Answerer(db).answer("CS China–Thailand 2015 vs 2023")
    png = front.render_png(answer)
    assert png is not None and len(cache) == 1
    assert front.render_png(answer) == png and cache.hits == 1
    second = tmp_path / "second.csv"
    second.write_text(PAIRS.replace("40.25", "41.5"))
    load("pairs", [str(second)], dataset="pairs", db=db)
    fresh = Answerer(db).answer("CS China–Thailand 2015 vs 2023")
    assert front.render_png(fresh) != png  # drawn again from the new figures
    assert len(cache) == 1 and cache.misses == 2


def test_the_front_ends_use_the_cache(demo_db: Path, tmp_path: Path, monkeypatch) -> None:
    """Slack's services and the chat loop draw a repeated question's chart once."""
    from slack_fakes import FakeSlack, test_settings

    from bot.chat import run_chat
    from bot.slack.app import create_app, services

    monkeypatch.setenv("COLLABBOT_DB", str(demo_db))
    with FakeSlack() as fake:  # bolt checks the token when the App is built
        svc = services(create_app(test_settings(fake.url)))
    assert isinstance(svc.charts, FrontEndCharts)
    svc.work.shutdown(wait=True)
    svc.notices.shutdown(wait=True)
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    charts.CACHE.clear()
    before = charts.CACHE.misses, charts.CACHE.hits
    import io

    question = "CS China–Thailand 2015 vs 2023\n"
    run_chat(
        db=str(db),
        charts_dir=str(tmp_path / "png"),
        stdin=io.StringIO(question * 3),
        stdout=io.StringIO(),
    )
    assert (charts.CACHE.misses - before[0], charts.CACHE.hits - before[1]) == (1, 2)
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert len(pngs) == 3 and len({p.read_bytes() for p in pngs}) == 1
