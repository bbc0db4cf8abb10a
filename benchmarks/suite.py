"""The fixed question suite and its two baselines: hand-written SQL on DuckDB, and pandas.

Each question is written out twice more by hand, independently of the bot's parser and
compiler: its parameters (`Spec`), a plain SQL statement per kind, and a pandas computation
from the article-level rows. All three answers are reduced to the same canonical form
(`{key: value}` and `{country: rank}`) so they can be compared to 1e-9.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

NATURAL = ("biological_sciences", "chemistry", "earth_environmental_sciences", "physical_sciences")
ALL = NATURAL + ("health_sciences",)
TOLERANCE = 1e-9
RANK_CONTEXT = 10  # a rank answer lists the ten largest partners and the one asked about
MIN_BASE = {"cs": 1.0, "joint_articles": 5.0}


@dataclass(frozen=True)
class Spec:
    """What a question asks, written by hand (not read from the bot's parse)."""

    kind: str  # pair | top | rising | rank | international | domestic | group | share
    metric: str = "cs"  # cs | joint_articles (pair kinds)
    subject: str = "natural_sciences"
    focal: str = "CHN"
    partners: tuple[str, ...] = ()
    group: str | None = None
    years: tuple[int, ...] = ()
    limit: int = 10
    order: str = "pct"  # rising: pct | abs
    falling: bool = False  # rising kind ranked by the largest drop instead

    @property
    def subjects(self) -> tuple[str, ...]:
        if self.subject == "natural_sciences":
            return NATURAL
        if self.subject == "all":
            return ALL
        return (self.subject,)


@dataclass(frozen=True)
class Case:
    name: str  # the kind, as reported per kind
    text: str
    spec: Spec
    tags: tuple[str, ...] = field(default=())


SERIES = tuple(range(2015, 2024))
SUITE: tuple[Case, ...] = (
    Case(
        "pair",
        "CS China–Thailand 2015 vs 2023",
        Spec("pair", partners=("THA",), years=(2015, 2023)),
    ),
    Case(
        "pair_year",
        "China-Thailand collaboration score in 2023",
        Spec("pair", partners=("THA",), years=(2023,)),
    ),
    Case(
        "pair_series",
        "joint papers between China and Singapore 2015–2023",
        Spec("pair", metric="joint_articles", partners=("SGP",), years=SERIES),
    ),
    Case(
        "partners",
        "CS China–Singapore, South Korea, Italy 2015 vs 2023",
        Spec("pair", partners=("SGP", "KOR", "ITA"), years=(2015, 2023)),
    ),
    Case(
        "top_group",
        "top 15 BRI partners of China 2023",
        Spec("top", group="BRI", years=(2023,), limit=15),
    ),
    Case(
        "top_subject",
        "China's top partners in chemistry 2023",
        Spec("top", subject="chemistry", years=(2023,)),
    ),
    Case(
        "top_joint",
        "top 5 EU partners of China by joint articles 2022",
        Spec("top", metric="joint_articles", group="EU", years=(2022,), limit=5),
    ),
    Case(
        "rising_group",
        "fastest rising BRI partners of China 2015 vs 2023",
        Spec("rising", group="BRI", years=(2015, 2023), limit=15),
    ),
    Case(
        "rising_abs",
        "biggest CS increase with China since 2015",
        Spec("rising", years=(2015, 2023), limit=15, order="abs"),
    ),
    Case(
        "falling_abs",
        "which partners of China fell the most 2020 vs 2023",
        Spec("rising", years=(2020, 2023), limit=15, order="abs", falling=True),
    ),
    Case(
        "falling_pct",
        "fastest falling EU partners of China 2019 vs 2023",
        Spec("rising", group="EU", years=(2019, 2023), limit=15, falling=True),
    ),
    Case(
        "rank",
        "Singapore's rank among China's partners 2023 including health sciences",
        Spec("rank", subject="all", partners=("SGP",), years=(2023,)),
    ),
    Case(
        "aggregate_group",
        "China BRI collaboration 2015 vs 2023",
        Spec("group", group="BRI", years=(2015, 2023)),
    ),
    Case(
        "aggregate_intl",
        "China international collaboration 2015 vs 2023",
        Spec("international", years=(2015, 2023)),
    ),
    Case(
        "aggregate_domestic",
        "China domestic articles 2015 vs 2023",
        Spec("domestic", years=(2015, 2023)),
    ),
    Case(
        "share",
        "BRI share of China's international collaboration 2015 vs 2023",
        Spec("share", group="BRI", years=(2015, 2023)),
    ),
)
KINDS = tuple(c.name for c in SUITE)

Canon = tuple[dict[Any, float | None], dict[str, int]]


# ---------------------------------------------------------------------------------------------
# The bot's answer in canonical form


def canon_answer(kind: str, rows: list, changes: list) -> Canon:
    """rows: [country, year, value, rank]; changes: [country, start, end, abs, pct]."""
    if kind == "rising":
        values: dict[Any, float | None] = {}
        for c, start, end, absolute, pct in changes:
            values[(c, "start")], values[(c, "end")] = start, end
            values[(c, "abs")], values[(c, "pct")] = absolute, pct
        ranks = {r[0]: r[3] for r in rows if r[3] is not None}
        return values, ranks
    values = {(r[0], r[1]): r[2] for r in rows}
    ranks = {r[0]: r[3] for r in rows if r[3] is not None} if kind in ("top", "rank") else {}
    return values, ranks


def compare(a: Canon, b: Canon) -> list[str]:
    """Differences between two canonical answers (a missing figure counts as 0)."""
    problems = []
    (va, ra), (vb, rb) = a, b
    for key in sorted(set(va) | set(vb), key=str):
        x, y = va.get(key, 0.0), vb.get(key, 0.0)
        if (
            x is None
            or y is None
            or (isinstance(x, float) and math.isnan(x))
            or (isinstance(y, float) and math.isnan(y))
        ):
            same = _none(x) and _none(y)
        else:
            same = math.isclose(float(x), float(y), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        if not same:
            problems.append(f"{key}: {x!r} vs {y!r}")
    if ra != rb:
        problems.append(f"ranks {ra} vs {rb}")
    return problems


def _none(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# ---------------------------------------------------------------------------------------------
# The limit: the same figures, hand-written SQL straight on DuckDB


def _in(values: tuple) -> str:
    return ", ".join("?" for _ in values)


class SqlBaseline:
    """One plain statement per kind, parameters bound by DuckDB."""

    def __init__(self, con, dataset: str, window_ends: dict[int, dt.date]):
        self.con = con
        self.dataset = dataset
        self.window_ends = window_ends

    def statement(self, s: Spec) -> tuple[str, list]:
        ds, m = self.dataset, s.metric
        on = self.window_ends[max(s.years)]
        members = (
            "SELECT iso3 FROM memberships WHERE group_code = ? AND from_date <= ? "
            "AND (to_date IS NULL OR to_date > ?)"
        )
        mparams = [s.group, on, on]
        if s.kind == "pair":
            return (
                f"SELECT b, year, {m} FROM pair_figures WHERE dataset = ? AND subject = ? AND a = ? "
                f"AND b IN ({_in(s.partners)}) AND year IN ({_in(s.years)})",
                [ds, s.subject, s.focal, *s.partners, *s.years],
            )
        if s.kind == "top":
            scope = f"AND b IN ({members})" if s.group else ""
            return (
                f"SELECT b, year, {m}, ROW_NUMBER() OVER (ORDER BY {m} DESC, b) AS rank "
                f"FROM pair_figures WHERE dataset = ? AND subject = ? AND a = ? AND year = ? {scope} "
                f"ORDER BY rank LIMIT ?",
                [ds, s.subject, s.focal, s.years[-1], *(mparams if s.group else []), s.limit],
            )
        if s.kind == "rising":
            scope = f"AND b IN ({members})" if s.group else ""
            way = "ASC" if s.falling else "DESC"
            order = f"pct {way} NULLS LAST" if s.order == "pct" else f"abs {way}"
            return (
                f"""WITH e AS (SELECT b, {m} AS v FROM pair_figures
                          WHERE dataset = ? AND subject = ? AND a = ? AND year = ? {scope}
                          ORDER BY v DESC, b LIMIT ?),
                     g AS (SELECT e.b, COALESCE(st.{m}, 0) AS start, e.v AS finish,
                                  e.v - COALESCE(st.{m}, 0) AS abs,
                                  CASE WHEN st.{m} >= ? THEN (e.v - st.{m}) / st.{m} * 100 END AS pct
                           FROM e LEFT JOIN pair_figures st ON st.dataset = ? AND st.subject = ?
                             AND st.a = ? AND st.b = e.b AND st.year = ?)
                     SELECT b, start, finish, abs, pct, ROW_NUMBER() OVER (ORDER BY {order}, b) FROM g""",
                [
                    ds,
                    s.subject,
                    s.focal,
                    s.years[-1],
                    *(mparams if s.group else []),
                    s.limit,
                    MIN_BASE[m],
                    ds,
                    s.subject,
                    s.focal,
                    s.years[0],
                ],
            )
        if s.kind == "rank":
            return (
                f"SELECT b, year, v, rank FROM (SELECT b, year, {m} AS v, "
                f"ROW_NUMBER() OVER (ORDER BY {m} DESC, b) AS rank FROM pair_figures "
                "WHERE dataset = ? AND subject = ? AND a = ? AND year = ?) WHERE rank <= ? OR b = ?",
                [ds, s.subject, s.focal, s.years[-1], RANK_CONTEXT, s.partners[0]],
            )
        if s.kind in ("international", "domestic"):
            return (
                f"SELECT iso3, year, {s.kind} FROM country_figures WHERE dataset = ? AND subject = ? "
                f"AND iso3 = ? AND year IN ({_in(s.years)})",
                [ds, s.subject, s.focal, *s.years],
            )
        if s.kind in ("group", "share"):
            # Articles of the focal country with at least one other group country: the
            # precomputed table, at the period holding the membership date (the bot reads
            # the same; pandas below counts them from the article rows).
            looked_up = f"""SELECT gf.year, gf.articles FROM group_figures gf
                WHERE gf.dataset = ? AND gf.group_code = ? AND gf.subject = ? AND gf.iso3 = ?
                  AND gf.year IN ({_in(s.years)})
                  AND (gf.from_date IS NULL OR gf.from_date <= ?)
                  AND (gf.to_date IS NULL OR gf.to_date > ?)"""
            params = [ds, s.group, s.subject, s.focal, *s.years, on, on]
            if s.kind == "group":
                return f"SELECT ? AS iso3, year, articles FROM ({looked_up})", [s.focal, *params]
            return (
                f"""SELECT cf.iso3, cf.year, 100.0 * COALESCE(g.articles, 0) / cf.international
                FROM country_figures cf LEFT JOIN ({looked_up}) g ON g.year = cf.year
                WHERE cf.dataset = ? AND cf.subject = ? AND cf.iso3 = ? AND cf.year IN ({_in(s.years)})""",
                [*params, ds, s.subject, s.focal, *s.years],
            )
        raise ValueError(s.kind)

    def run(self, s: Spec) -> list[tuple]:
        sql, params = self.statement(s)
        return self.con.execute(sql, params).fetchall()

    @staticmethod
    def canon(s: Spec, rows: list[tuple]) -> Canon:
        if s.kind == "rising":
            values: dict[Any, float | None] = {}
            ranks = {}
            for c, start, finish, absolute, pct, rank in rows:
                values[(c, "start")], values[(c, "end")] = start, finish
                values[(c, "abs")], values[(c, "pct")] = absolute, pct
                if pct is not None or s.order == "abs":  # the bot ranks no growth from ~0
                    ranks[c] = rank
            return values, ranks
        if s.kind in ("top", "rank"):
            return {(r[0], r[1]): r[2] for r in rows}, {r[0]: r[3] for r in rows}
        return {(r[0], r[1]): r[2] for r in rows}, {}


# ---------------------------------------------------------------------------------------------
# The obvious alternative: pandas on the article-level rows, as in a notebook


class PandasBaseline:
    """Articles and authorships in memory (joined once, with the country count per article, as a
    notebook would keep them); each question is answered from those article-level rows."""

    def __init__(self, con, dataset: str, window_ends: dict[int, dt.date]):
        import pandas as pd

        articles = con.execute(
            "SELECT article_id, year, subject FROM articles WHERE dataset = ?", [dataset]
        ).df()
        authorships = con.execute(
            "SELECT article_id, iso3, share FROM authorships WHERE dataset = ?", [dataset]
        ).df()
        self.memberships = con.execute(
            "SELECT group_code, iso3, from_date, to_date FROM memberships"
        ).df()
        rows = authorships.merge(articles, on="article_id", how="inner")
        rows["n_countries"] = rows.groupby("article_id")["iso3"].transform("size")
        rows["iso3"] = rows["iso3"].astype("category")
        rows["subject"] = rows["subject"].astype("category")
        self.rows = rows
        self.window_ends = window_ends
        self.pd = pd

    def members(self, s: Spec) -> set[str] | None:
        if s.group is None:
            return None
        on = self.pd.Timestamp(self.window_ends[max(s.years)])
        m = self.memberships
        m = m[
            (m.group_code == s.group)
            & (self.pd.to_datetime(m.from_date) <= on)
            & (m.to_date.isna() | (self.pd.to_datetime(m.to_date) > on))
        ]
        return set(m.iso3)

    def _pairs(self, s: Spec, years: tuple[int, ...], partners=None):
        """Per (partner, year): CS (sum of both countries' shares) and joint articles."""
        r = self.rows
        r = r[r.year.isin(years) & r.subject.isin(s.subjects)]
        focal = r[(r.iso3 == s.focal) & (r.n_countries > 1)][["article_id", "year", "share"]]
        other = r[r.article_id.isin(focal.article_id) & (r.iso3 != s.focal)]
        if partners is not None:
            other = other[other.iso3.isin(partners)]
        other = other[["article_id", "iso3", "share"]]
        joined = focal.merge(other, on="article_id", suffixes=("_f", "_p"))
        joined["cs"] = joined.share_f + joined.share_p
        g = joined.groupby([joined.iso3.astype(str), "year"]).agg(
            cs=("cs", "sum"), joint_articles=("cs", "size")
        )
        return g[s.metric]

    def answer(self, s: Spec) -> Canon:
        if s.kind == "pair":
            values = self._pairs(s, s.years, s.partners)
            out = {(c, y): float(values.get((c, y), 0.0)) for c in s.partners for y in s.years}
            return out, {}
        if s.kind in ("top", "rank"):
            members = self.members(s)
            year = s.years[-1]
            values = self._pairs(s, (year,)).reset_index()
            values.columns = ["country", "year", "value"]
            if members is not None:
                values = values[values.country.isin(members)]
            ranked = values.sort_values(["value", "country"], ascending=[False, True]).reset_index(
                drop=True
            )
            ranked["rank"] = ranked.index + 1
            if s.kind == "top":
                ranked = ranked[ranked["rank"] <= s.limit]
            else:
                ranked = ranked[
                    (ranked["rank"] <= RANK_CONTEXT) | (ranked.country == s.partners[0])
                ]
            return (
                {(r.country, year): float(r.value) for r in ranked.itertuples()},
                {r.country: int(r.rank) for r in ranked.itertuples()},
            )
        if s.kind == "rising":
            members = self.members(s)
            start, end = s.years[0], s.years[-1]
            values = self._pairs(s, (start, end)).unstack("year", fill_value=0.0)
            values = values.reindex(columns=[start, end], fill_value=0.0)
            values.columns = ["start", "end"]
            values.index.name = "country"
            values = values.reset_index()
            if members is not None:
                values = values[values.country.isin(members)]
            values = values[values.end > 0]
            scope = (
                values.sort_values(["end", "country"], ascending=[False, True]).head(s.limit).copy()
            )
            scope["abs"] = scope.end - scope.start
            base = scope.start >= MIN_BASE[s.metric]
            scope["pct"] = ((scope.end - scope.start) / scope.start * 100).where(base)
            key = "pct" if s.order == "pct" else "abs"
            ordered = scope.sort_values(
                [key, "country"], ascending=[s.falling, True], na_position="last"
            )
            out: dict[Any, float | None] = {}
            for r in ordered.itertuples():
                out[(r.country, "start")], out[(r.country, "end")] = float(r.start), float(r.end)
                out[(r.country, "abs")] = float(r.abs)
                out[(r.country, "pct")] = None if math.isnan(r.pct) else float(r.pct)
            ranks = {
                c: i + 1
                for i, (c, pct) in enumerate(zip(ordered.country, ordered.pct, strict=True))
                if s.order == "abs" or not math.isnan(pct)
            }
            return out, ranks
        r = self.rows
        r = r[r.year.isin(s.years) & r.subject.isin(s.subjects)]
        focal = r[r.iso3 == s.focal]
        if s.kind in ("international", "domestic"):
            mask = focal.n_countries > 1 if s.kind == "international" else focal.n_countries == 1
            counts = focal[mask].groupby("year").size()
            return {(s.focal, y): float(counts.get(y, 0)) for y in s.years}, {}
        members = self.members(s) - {s.focal}
        intl = focal[focal.n_countries > 1]
        with_group = r[r.article_id.isin(intl.article_id) & r.iso3.isin(members)].drop_duplicates(
            "article_id"
        )
        counts = with_group.groupby("year").size()
        if s.kind == "group":
            return {(s.focal, y): float(counts.get(y, 0)) for y in s.years}, {}
        total = intl.groupby("year").size()
        return {
            (s.focal, y): 100.0 * float(counts.get(y, 0)) / float(total.get(y, 0)) for y in s.years
        }, {}
