"""The deterministic demo generator: article-level rows calibrated to the published figures.

How it works, in four passes per window and subject:
1. bulk    — China's international articles drawn at random (long-tailed author lists, 1–5
             partner countries, a few dual affiliations) until each partner's CS reaches 85 % of
             its planned value;
2. top-up  — China–partner articles (each adds exactly 1 to the pair's CS) up to the plan;
             for anchored partners, one more article whose third-country authors carry the
             fractional remainder, so the CS lands on the published second decimal;
3. counts  — China's international, BRI and domestic article counts brought to the published
             ratios with articles that touch no anchored pair;
4. world   — articles without China, so the rest of the table looks like a journal index.
Same seed, same rows: every random draw comes from one numpy Generator in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.demo import plan

SEED = 20240315
N_PARTNERS_P = (0.70, 0.19, 0.07, 0.03, 0.01)  # 1..5 partner countries on an international article
WORLD_COUNTRIES_P = (0.45, 0.30, 0.13, 0.07, 0.05)  # 1..5 countries on an article without China
DUAL_AFFILIATION_P = 0.04  # an author affiliated in China and in the partner country
BULK_FRACTION = 0.85


@dataclass(frozen=True)
class Window:
    year: int
    label: str
    start: dt.date
    end: dt.date  # inclusive


def demo_windows() -> tuple[Window, ...]:
    """Calendar years, except 2023* = August 2022 – July 2023 as in the article."""
    out = [Window(y, str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in plan.YEARS[:-1]]
    out.append(Window(plan.LAST, f"{plan.LAST}*", dt.date(2022, 8, 1), dt.date(2023, 7, 31)))
    return tuple(out)


@dataclass
class Tally:
    """Running China figures, kept as the articles are made so calibration needs no SQL."""

    bri: frozenset[str]
    cs: dict[tuple[int, str, str], float] = field(default_factory=lambda: defaultdict(float))
    international: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    with_bri: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    domestic: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))

    def record(self, year: int, subject: str, shares: dict[str, float]) -> None:
        if plan.FOCAL not in shares:
            return
        china = shares[plan.FOCAL]
        partners = [c for c in shares if c != plan.FOCAL]
        if not partners:
            self.domestic[(year, subject)] += 1
            return
        self.international[(year, subject)] += 1
        if any(p in self.bri for p in partners):
            self.with_bri[(year, subject)] += 1
        for p in partners:
            self.cs[(year, subject, p)] += china + shares[p]

    def natural(self, table: dict, year: int, *rest: str) -> float:
        return sum(table[(year, s, *rest)] for s in plan.NATURAL)


class Sink:
    """Collects articles and authorships as column lists."""

    def __init__(self, rng: np.random.Generator, windows: Iterable[Window], tally: Tally):
        self.rng = rng
        self.windows = {w.year: w for w in windows}
        self.tally = tally
        self.next_id = 1
        self.art: dict[str, list] = {
            k: [] for k in ("article_id", "year", "date", "subject", "journal")
        }
        self.au: dict[str, list] = {k: [] for k in ("article_id", "iso3", "share")}

    def add(self, year: int, subject: str, shares: dict[str, float]) -> None:
        w = self.windows[year]
        days = (w.end - w.start).days + 1
        article_id = self.next_id
        self.next_id += 1
        journals = plan.JOURNALS[subject]
        self.art["article_id"].append(article_id)
        self.art["year"].append(year)
        self.art["date"].append(w.start + dt.timedelta(days=int(self.rng.integers(days))))
        self.art["subject"].append(subject)
        self.art["journal"].append(journals[int(self.rng.integers(len(journals)))])
        for iso3, share in shares.items():
            self.au["article_id"].append(article_id)
            self.au["iso3"].append(iso3)
            self.au["share"].append(share)
        self.tally.record(year, subject, shares)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return pd.DataFrame(self.art), pd.DataFrame(self.au)


def author_count(rng: np.random.Generator, n_countries: int) -> int:
    """Long-tailed: median about 6 authors, a few hundred at most."""
    n = 1 + int(rng.lognormal(1.6, 0.75))
    return max(n_countries, min(n, 300))


def split_authors(
    rng: np.random.Generator, countries: list[str], n_authors: int
) -> dict[str, float]:
    """Each country gets at least one author; the first (lead) country gets more of the rest."""
    k = len(countries)
    weights = np.array([2.0] + [1.0] * (k - 1))
    extra = (
        rng.multinomial(n_authors - k, weights / weights.sum()) if n_authors > k else np.zeros(k)
    )
    parts = {c: (1 + int(e)) / n_authors for c, e in zip(countries, extra, strict=True)}
    if k > 1 and rng.random() < DUAL_AFFILIATION_P and parts[countries[0]] * n_authors >= 2:
        # One lead-country author also lists an affiliation abroad: their 1/N splits in two.
        other = countries[1 + int(rng.integers(k - 1))]
        parts[countries[0]] -= 0.5 / n_authors
        parts[other] += 0.5 / n_authors
    return parts


def bilateral(rng: np.random.Generator, partner: str) -> dict[str, float]:
    """A China–partner article: its CS contribution is exactly 1 whatever the author split."""
    n = author_count(rng, 2)
    return split_authors(rng, [plan.FOCAL, partner], n)


def fraction_article(remainder: float, partner: str, carrier: str) -> dict[str, float]:
    """An article whose China + partner Shares sum to `remainder` (to within 1e-4)."""
    best: tuple[float, int, int] | None = None
    for n in range(4, 401):
        k = min(max(round(remainder * n), 2), n - 1)
        err = abs(k / n - remainder)
        if best is None or err < best[0] - 1e-15:
            best = (err, n, k)
    assert best is not None
    _, n, k = best
    china = (k + 1) // 2
    return {plan.FOCAL: china / n, partner: (k - china) / n, carrier: (n - k) / n}


class DemoGenerator:
    def __init__(
        self,
        bri_members: frozenset[str],
        seed: int = SEED,
        progress: Callable[[str, float], None] | None = None,
        scale: float = 1.0,
    ):
        # scale > 1 multiplies every planned figure and article count (the benchmark's 3× and
        # 10× data); the published figures hold only at scale 1.
        self.scale = scale
        self.rng = np.random.default_rng(seed)
        self.windows = demo_windows()
        self.tally = Tally(bri=bri_members)
        self.sink = Sink(self.rng, self.windows, self.tally)
        self.partners = {p.iso3: p for p in plan.PARTNERS}
        self.progress = progress or (lambda stage, fraction: None)
        self._carrier = 0

    def planned(self, partner: plan.Partner, year: int, subject: str) -> float:
        return self.scale * partner.subject_cs(year, subject)

    # -- pass 1 -------------------------------------------------------------------------------
    def bulk(self, year: int, subject: str) -> None:
        codes = list(self.partners)
        budget = np.array(
            [
                max(0.0, BULK_FRACTION * self.planned(self.partners[c], year, subject) - 1.0)
                for c in codes
            ]
        )
        reached = np.zeros(len(codes))
        while True:
            remaining = budget - reached
            open_ = np.flatnonzero(remaining >= 0.5)
            if open_.size == 0:
                return
            k = min(1 + int(self.rng.choice(len(N_PARTNERS_P), p=N_PARTNERS_P)), open_.size)
            p = remaining[open_] / remaining[open_].sum()
            chosen = self.rng.choice(open_, size=k, replace=False, p=p)
            shares = split_authors(
                self.rng, [plan.FOCAL] + [codes[i] for i in chosen], author_count(self.rng, k + 1)
            )
            for i in chosen:
                reached[i] += shares[plan.FOCAL] + shares[codes[i]]
            self.sink.add(year, subject, shares)

    # -- pass 2 -------------------------------------------------------------------------------
    def top_up(self, year: int) -> None:
        for partner in plan.PARTNERS:
            cs = self.tally.cs
            for subject in plan.SUBJECTS:
                gap = self.planned(partner, year, subject) - cs[(year, subject, partner.iso3)]
                exact = partner.anchor and (
                    subject != plan.HEALTH or year in dict(partner.health_overrides)
                )
                whole = math.floor(gap) if exact else round(gap)
                for _ in range(max(0, whole)):
                    self.sink.add(year, subject, bilateral(self.rng, partner.iso3))
                if exact and subject == plan.HEALTH:
                    self.land_exactly(
                        year, (plan.HEALTH,), self.scale * partner.health_cs(year), partner.iso3
                    )
            if partner.anchor:
                self.land_exactly(
                    year, plan.NATURAL, self.scale * partner.natural_cs(year), partner.iso3
                )

    def land_exactly(
        self, year: int, subjects: tuple[str, ...], target: float, partner: str
    ) -> None:
        """Bring the pair's CS over `subjects` to `target` with whole and fractional articles."""
        subject = "chemistry" if "chemistry" in subjects else subjects[0]
        gap = target - sum(self.tally.cs[(year, s, partner)] for s in subjects)
        if gap < 0:
            raise RuntimeError(f"calibration overshot {partner} {year}: {gap:.4f}")
        whole, rest = divmod(gap, 1.0)
        parts = [rest]
        if rest < 0.02 and whole >= 1:  # too small for one article: two carry (1 + rest)
            whole -= 1
            parts = [(1 + rest) / 2, (1 + rest) / 2]
        plan_of = self.partners[partner]
        for _ in range(int(whole)):
            # Each whole article goes where the pair is furthest below its subject plan, so a
            # small partner's CS is spread over subjects rather than heaped on one.
            behind = max(
                subjects,
                key=lambda s: self.planned(plan_of, year, s) - self.tally.cs[(year, s, partner)],
            )
            self.sink.add(year, behind, bilateral(self.rng, partner))
        for part in parts:
            if part > 1e-9:
                carrier = plan.REMAINDER_CARRIERS[self._carrier % len(plan.REMAINDER_CARRIERS)]
                self._carrier += 1
                self.sink.add(year, subject, fraction_article(part, partner, carrier))

    # -- pass 3 -------------------------------------------------------------------------------
    def count_targets(self) -> dict[int, tuple[int, int]]:
        """International and with-BRI article targets for the first and last window (P1–P3).

        The scale X (= international articles in 2015) is the smallest that the articles
        made so far fit under, since calibration can add articles but never remove them.
        """
        t = self.tally
        i1, b1 = t.natural(t.international, plan.FIRST), t.natural(t.with_bri, plan.FIRST)
        i2, b2 = t.natural(t.international, plan.LAST), t.natural(t.with_bri, plan.LAST)
        s1 = plan.BRI_SHARE_FIRST
        g_i, g_b = plan.INTERNATIONAL_GROWTH, plan.BRI_GROWTH
        x = (
            math.ceil(
                max(
                    i1,
                    b1 / s1,
                    (i1 - b1) / (1 - s1),
                    i2 / g_i,
                    b2 / (g_b * s1),
                    (i2 - b2) / (g_i - g_b * s1),
                )
            )
            + 1
        )
        bri_first = round(s1 * x)
        return {plan.FIRST: (x, bri_first), plan.LAST: (round(g_i * x), round(g_b * bri_first))}

    def fill_counts(self) -> None:
        bri_tail = self.bri_tail()
        non_bri = (
            "ESP",
            "NLD",
            "SWE",
            "CHE",
            "DNK",
            "BEL",
            "FIN",
            "NOR",
            "IND",
            "ISR",
            "BRA",
            "IRL",
            "MEX",
            "TWN",
            "FRA",
        )
        for year, (international, with_bri) in self.count_targets().items():
            t = self.tally
            add_bri = with_bri - t.natural(t.with_bri, year)
            add_other = international - t.natural(t.international, year) - add_bri
            assert add_bri >= 0 and add_other >= 0, (year, add_bri, add_other)
            self.spread(year, bri_tail, int(add_bri), ceiling=self.scale * plan.TAIL_BRI_CEILING)
            self.spread(year, non_bri, int(add_other), ceiling=None)
        for year in plan.YEARS:
            for subject in plan.SUBJECTS:
                for _ in range(round(self.scale * plan.domestic_target(year, subject))):
                    n = author_count(self.rng, 1)
                    self.sink.add(year, subject, {plan.FOCAL: n / n})

    def bri_tail(self) -> tuple[str, ...]:
        """BRI members that the plan keeps small (never near the top 15)."""
        planned = {p.iso3: p.cs_last for p in plan.PARTNERS}
        return tuple(sorted(c for c in self.tally.bri if planned.get(c, 0.0) <= 20.0))

    def spread(self, year: int, countries: tuple[str, ...], n: int, ceiling: float | None) -> None:
        i = 0
        misses = 0
        while n > 0:
            country = countries[i % len(countries)]
            subject = plan.NATURAL[i % len(plan.NATURAL)]
            i += 1
            if (
                ceiling is not None
                and self.tally.natural(self.tally.cs, year, country) + 1 > ceiling
            ):
                misses += 1
                if misses > len(countries):
                    raise RuntimeError("no room left under the ceiling for calibration articles")
                continue
            misses = 0
            self.sink.add(year, subject, bilateral(self.rng, country))
            n -= 1

    # -- pass 4 -------------------------------------------------------------------------------
    def world(self, year: int) -> None:
        rng = self.rng
        codes = list(plan.WORLD_WEIGHTS)
        log_w = np.log(np.array([plan.WORLD_WEIGHTS[c] for c in codes]))
        subjects = list(plan.WORLD_SUBJECT_WEIGHTS)
        subject_p = np.array(list(plan.WORLD_SUBJECT_WEIGHTS.values()))
        m = round(
            self.scale
            * (plan.WORLD_ARTICLES_FIRST + plan.WORLD_ARTICLES_STEP * (year - plan.FIRST))
        )
        ks = 1 + rng.choice(len(WORLD_COUNTRIES_P), size=m, p=WORLD_COUNTRIES_P)
        subj = rng.choice(len(subjects), size=m, p=subject_p / subject_p.sum())
        n_auth = np.maximum(ks, np.minimum(1 + rng.lognormal(1.6, 0.75, size=m).astype(int), 300))
        # Gumbel top-k: k countries drawn by weight without replacement, for all rows at once.
        keys = log_w[None, :] + rng.gumbel(size=(m, len(codes)))
        order = np.argsort(-keys, axis=1)
        for i in range(m):
            k, n = int(ks[i]), int(n_auth[i])
            chosen = [codes[j] for j in order[i, :k]]
            extra = rng.multinomial(n - k, np.full(k, 1 / k)) if n > k else np.zeros(k, int)
            shares = {c: (1 + int(e)) / n for c, e in zip(chosen, extra, strict=True)}
            self.sink.add(year, subjects[int(subj[i])], shares)

    # -- all ----------------------------------------------------------------------------------
    def run(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        steps = len(plan.YEARS) * 3 + 1
        done = 0
        for year in plan.YEARS:
            for subject in plan.SUBJECTS:
                self.bulk(year, subject)
            done += 1
            self.progress(f"China's partners {year}", done / steps)
            self.top_up(year)
            done += 1
            self.progress(f"calibration {year}", done / steps)
        self.fill_counts()
        done += 1
        self.progress("article counts", done / steps)
        for year in plan.YEARS:
            self.world(year)
            done += 1
            self.progress(f"rest of the world {year}", done / steps)
        return self.sink.frames()
