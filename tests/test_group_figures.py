"""The precomputed group tables: every lookup equals a count made from the article rows, under every membership rule."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from data.aggregates import BUILDS
from data.catalogue import memberships
from data.schema import NATURAL_SUBJECTS, SCHEMA
from data.store import Store

DEMO = "demo"


def members_on(group: str, day: dt.date) -> list[str]:
    return sorted({m.iso3 for m in memberships() if m.group == group and m.active(day)})


def counted_by_self_join(con, members: list[str]) -> dict[tuple[str, int, str], float]:
    """Articles of each country with at least one other listed country, per year and article
    subject, by the plain self-join (not the build's per-set counting)."""
    rows = con.execute(
        f"""SELECT f.iso3, f.year, f.subject, COUNT(DISTINCT f.article_id)
            FROM article_countries f JOIN article_countries p
              ON p.article_id = f.article_id AND p.dataset = f.dataset AND p.iso3 <> f.iso3
            WHERE f.dataset = ? AND p.iso3 IN ({",".join("?" * len(members))})
            GROUP BY ALL""",
        [DEMO, *members],
    ).fetchall()
    return {(c, y, s): float(n) for c, y, s, n in rows}


def looked_up(con, group: str, day: dt.date) -> dict[tuple[str, int, str], float]:
    rows = con.execute(
        """SELECT iso3, year, subject, articles FROM group_figures
           WHERE dataset = ? AND group_code = ?
             AND (from_date IS NULL OR from_date <= ?) AND (to_date IS NULL OR to_date > ?)""",
        [DEMO, group, day, day],
    ).fetchall()
    return {(c, y, s): n for c, y, s, n in rows}


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def fetchall(self):
        return list(self.rows)

    def fetchone(self):
        return self.rows[0]


class _ReadPath:
    """The Store's own read-only connection (DuckDB refuses a second one with other
    settings on the same file in one process), with the cursor methods the helpers use."""

    def __init__(self, store):
        self.store = store

    def execute(self, sql, params):
        result = self.store.run(sql, params)
        assert not result.truncated
        return _Rows(result.rows)


@pytest.fixture(scope="module")
def con(demo_db):
    store = Store(demo_db, row_cap=10_000_000, timeout_s=600)  # whole-table checks, not lookups
    yield _ReadPath(store)
    store.close()


@pytest.fixture(scope="module")
def window_ends(con) -> list[dt.date]:
    return [
        r[0]
        for r in con.execute("SELECT end_date FROM windows WHERE dataset = ?", [DEMO]).fetchall()
    ]


def expected_with_unions(
    raw: dict[tuple[str, int, str], float],
) -> dict[tuple[str, int, str], float]:
    """The raw per-subject counts plus the natural_sciences and all unions, as stored."""
    out = dict(raw)
    for (c, y, s), n in raw.items():
        for union, inside in (("natural_sciences", s in NATURAL_SUBJECTS), ("all", True)):
            if inside:
                out[(c, y, union)] = out.get((c, y, union), 0.0) + n
    return out


def dates_to_check(window_ends: list[dt.date]) -> list[tuple[str, dt.date]]:
    """BRI on every window end (the "latest" and "as of" dates), the day Italy left and today
    ("current"); the other groups on the last window end and today."""
    last = max(window_ends)
    today = dt.date.today()
    out = [("BRI", d) for d in sorted(window_ends)] + [
        ("BRI", dt.date(2023, 12, 1)),
        ("BRI", today),
    ]
    for group in ("EU", "G7", "G20", "OECD", "ASEAN", "BRICS"):
        out += [(group, last), (group, today)]
    return out


def test_every_lookup_equals_the_self_join_on_every_membership_date(con, window_ends):
    checked = 0
    for group, day in dates_to_check(window_ends):
        expected = expected_with_unions(counted_by_self_join(con, members_on(group, day)))
        got = looked_up(con, group, day)
        assert got == expected, (group, day)
        checked += len(got)
    assert checked > 50_000  # every country, year and subject, not a handful


def test_world_counts_every_internationally_collaborative_article(con):
    got = looked_up(con, "WORLD", dt.date.today())
    intl = dict(
        ((c, y, s), n)
        for c, y, s, n in con.execute(
            "SELECT iso3, year, subject, international FROM country_figures "
            "WHERE dataset = ? AND international > 0",
            [DEMO],
        ).fetchall()
    )
    assert got == intl


def test_each_membership_date_falls_in_exactly_one_period(con, window_ends):
    for day in [*window_ends, dt.date.today(), dt.date(2023, 12, 1)]:
        rows = con.execute(
            """SELECT group_code, COUNT(DISTINCT (from_date, to_date)) FROM group_figures
               WHERE dataset = ? AND (from_date IS NULL OR from_date <= ?)
                 AND (to_date IS NULL OR to_date > ?) GROUP BY group_code""",
            [DEMO, day, day],
        ).fetchall()
        assert rows and all(n == 1 for _, n in rows), (day, rows)


def test_article_countries_holds_international_articles_only(con):
    smallest, domestic_in_figures = con.execute(
        "SELECT (SELECT MIN(n_countries) FROM article_countries WHERE dataset = ?), "
        "(SELECT SUM(domestic) FROM country_figures WHERE dataset = ? AND subject = 'all')",
        [DEMO, DEMO],
    ).fetchone()
    assert smallest == 2
    assert domestic_in_figures > 0  # domestic articles are still counted, from authorships


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("China BRI collaboration 2015 vs 2023", "latest"),
        ("China BRI collaboration 2015 vs 2023, BRI members as of 2015", 2015),
        ("China BRI collaboration 2015 vs 2023, current BRI members", "current"),
        (
            "BRI share of China's international collaboration 2015 vs 2023, current BRI members",
            "current",
        ),
        ("China EU collaboration 2016 vs 2021", "latest"),
    ],
)
def test_questions_pick_the_period_of_their_membership_rule(demo_answerer, con, question, rule):
    answer = demo_answerer.answer(question)
    assert answer.ok, answer.headline
    ends = dict(
        con.execute("SELECT year, end_date FROM windows WHERE dataset = ?", [DEMO]).fetchall()
    )
    years = [r.year for r in answer.rows]
    # "current" is the dataset's own present, the end of its latest window (queries/compile.py)
    day = {"latest": ends[max(years)], "current": max(ends.values())}.get(rule) or ends[rule]
    group = "EU" if " EU " in question else "BRI"
    counts = expected_with_unions(counted_by_self_join(con, members_on(group, day)))
    for row in answer.rows:
        articles = counts.get(("CHN", row.year, "natural_sciences"), 0.0)
        if "share" in question:
            intl = con.execute(
                "SELECT international FROM country_figures WHERE dataset = ? AND iso3 = 'CHN' "
                "AND subject = 'natural_sciences' AND year = ?",
                [DEMO, row.year],
            ).fetchone()[0]
            assert row.value == pytest.approx(articles / intl * 100, abs=1e-9)
        else:
            assert row.value == articles


def test_italy_counts_before_it_left_and_not_after(con):
    """Italy left the BRI in December 2023: dates either side fall in different periods."""
    before = looked_up(con, "BRI", dt.date(2023, 7, 31))
    after = looked_up(con, "BRI", dt.date(2024, 1, 1))
    key = ("CHN", 2023, "natural_sciences")
    assert before[key] > after[key]


def test_build_statements_select_the_store_columns_in_order(tiny_db):
    connection = duckdb.connect(str(tiny_db), read_only=True)
    try:
        for build in BUILDS:
            described = connection.execute(
                f"DESCRIBE {build.select}", {"dataset": "tiny"}
            ).fetchall()
            names_types = [(r[0], r[1]) for r in described]
            assert names_types == list(SCHEMA[build.table].items()), build.table
    finally:
        connection.close()
