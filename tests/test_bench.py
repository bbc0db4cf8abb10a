"""The benchmark runs end to end on the 1× demo and reports every required figure.

Few repetitions (COLLABBOT_BENCH_REPS=1) and no wall-clock assertions: only the shape of the
JSON, that every number is a number, and that the bot, hand-written SQL and pandas agree.
"""

from __future__ import annotations

import json
import math
from numbers import Real

import pytest

from benchmarks.bench import STAGES, main_bench
from benchmarks.suite import SUITE, PandasBaseline, SqlBaseline, canon_answer, compare


def _number(v: object) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(float(v))


@pytest.fixture(scope="module")
def report(demo_db, tmp_path_factory) -> dict:
    mp = pytest.MonkeyPatch()
    mp.setenv("COLLABBOT_BENCH_REPS", "1")
    mp.setenv("COLLABBOT_BENCH_WARMUP", "0")
    mp.setenv("COLLABBOT_BENCH_COLD", "1")
    mp.setenv("COLLABBOT_BENCH_CACHE", str(tmp_path_factory.mktemp("bench-cache")))
    import contextlib
    import io

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = main_bench(quick=True, as_json=True, db=str(demo_db))
    finally:
        mp.undo()
    data = json.loads(out.getvalue())
    data["_exit"] = code
    return data


def test_json_has_every_required_figure(report: dict) -> None:
    assert report["scale"] == 1
    assert set(STAGES) <= set(report["stages"])
    for stage in STAGES:
        assert _number(report["stages"][stage]["median_ms"]), stage
        assert _number(report["stages"][stage]["p95_ms"]), stage
    for key in ("text", "with_chart"):
        assert _number(report["end_to_end"][key]["median_ms"])
        assert _number(report["end_to_end"][key]["p95_ms"])
    for key in ("sql", "pandas"):
        assert _number(report["baselines"][key]["median_ms"])
    assert _number(report["ratios"]["bot_vs_sql"])
    assert _number(report["ratios"]["pandas_vs_bot"])
    assert _number(report["cold_start_s"])
    assert _number(report["peak_rss_mb"]) and report["peak_rss_mb"] > 0
    assert [s["scale"] for s in report["scales"]] == [1]  # --quick: the 1× demo only
    assert set(report["kinds"]) == {c.name for c in SUITE}


def test_baselines_agree_with_the_bot(report: dict) -> None:
    assert report["mismatches"] == []
    assert report["_exit"] == 0


def test_suite_covers_every_question_kind(demo_answerer) -> None:
    from queries.model import KINDS

    kinds = {demo_answerer.question(c.text).kind for c in SUITE}
    assert kinds == set(KINDS) - {"help", "define"}  # those two run no query
    aggregates = {demo_answerer.question(c.text).aggregate for c in SUITE} - {None}
    assert aggregates == {"group", "international", "domestic"}


def test_compare_catches_a_difference(demo_answerer) -> None:
    """The equality check is not vacuous: a changed figure is reported."""
    con = demo_answerer.store.connection().cursor()  # one DuckDB instance per file per process
    try:
        ends = dict(
            con.execute("SELECT year, end_date FROM windows WHERE dataset = 'demo'").fetchall()
        )
        case = SUITE[0]
        sql = SqlBaseline(con, "demo", ends)
        got = sql.canon(case.spec, sql.run(case.spec))
        ans = demo_answerer.answer(case.text)
        bot = canon_answer(
            case.spec.kind, [[r.country, r.year, r.value, r.rank] for r in ans.rows], []
        )
        assert compare(bot, got) == []
        values, ranks = got
        key = next(iter(values))
        assert compare(bot, ({**values, key: values[key] + 1e-6}, ranks))
        assert PandasBaseline is not None
    finally:
        con.close()
