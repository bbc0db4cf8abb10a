"""The deterministic demo generator: article-level rows calibrated to the published figures.

Per window, in four passes (articles are made in vectorised batches):
1. bulk     — China's international articles drawn at random until each partner reaches
              BULK_FRACTION of its planned CS: authors, partners per article and two-country
              authors as in makeup.py, with the year's chance of several partners;
2. anchors  — partners whose published CS needs the second decimal (plan `anchor`) land on it:
              articles with or without a third country, then whole China–partner articles and
              one whose third-country authors carry the fraction;
3. counts   — once every year's bulk is known, the count scale X is fixed and every other
              partner is brought to its plan with exactly the number of articles that the
              year's targets leave (P1–P3 at the ends, the real course between): articles with
              several partners while there is more CS to place than articles, then China–
              partner articles; health sciences the same way;
4. domestic and world — China-only articles, then articles without China.
Same seed, same rows: every random draw comes from one numpy Generator in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.demo import makeup, plan
from data.demo.articles import apportion, draw_shares, fraction_shares, pick
from data.demo.rows import Sink, Tally

SEED = 20240315
# The bulk's share of each partner's planned CS; the rest is placed by the count pass, which
# needs that room to meet the article targets in every window.
BULK_FRACTION = 0.4
BATCH_MAX = 512  # articles drawn at once while a budget is still far away
WORLD_PIECE = 100_000  # articles without China drawn at once (one piece a year at 1×)
# A several-partner China article carries 1.5 CS of its pairs on average (measured on the
# demo), so a group's remaining CS needs at least CS / 1.5 articles.
MAX_CS_PER_ARTICLE = 1.5
# CS of non-BRI partners a mixed article takes for each CS it falls short of one on the BRI
# side (measured on the demo: 2.2); used only to foresee which count scales can work.
MIXED_ABSORB = 2.2
# Where the count scale X lies between the smallest and the largest that every window allows
# (smaller = more several-partner articles); 0.7 puts China's third-country rate at 0.28–0.43,
# inside the works sample's range (makeup.THIRD_COUNTRY_RANGE), in every window.
COUNT_POSITION = 0.7
# Share of the bulk's batches whose partners may come from both sides of the BRI line: P2
# allows few such articles (an article with any BRI partner counts as a BRI article).
MIXED_P = 0.05
SUBJECT_INDEX = {s: i for i, s in enumerate(plan.SUBJECTS)}
NATURAL_INDEX = tuple(SUBJECT_INDEX[s] for s in plan.NATURAL)
HEALTH_INDEX = SUBJECT_INDEX[plan.HEALTH]


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


class DemoGenerator:
    """One build of the demo: `run()` gives the articles and authorships frames."""

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
        self.progress = progress or (lambda stage, fraction: None)
        partners = [p.iso3 for p in plan.PARTNERS]
        others = sorted(
            (set(plan.WORLD_WEIGHTS) | set(plan.REMAINDER_CARRIERS)) - set(partners) - {plan.FOCAL}
        )
        self.codes = np.array([plan.FOCAL] + partners + others, dtype=object)
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.china = 0  # China is the first code
        self.partner_idx = np.arange(1, len(partners) + 1)
        bri = np.array([c in bri_members for c in self.codes])
        self.tally = Tally(len(self.codes), bri)
        self.sink = Sink()
        # planned[yi, subject, partner position] (partner position = index - 1)
        self.planned = scale * np.array(
            [
                [[p.subject_cs(y, s) for p in plan.PARTNERS] for s in plan.SUBJECTS]
                for y in plan.YEARS
            ]
        )
        self.anchored = np.array([p.anchor for p in plan.PARTNERS])
        self.partner_bri = bri[self.partner_idx]
        self.multi_p = plan.multi_partner_p()
        self.bri_share = plan.bri_share_path(bri_members)
        self._carrier = 0

    # -- helpers ------------------------------------------------------------------------------
    def add_china(self, yi: int, subject: np.ndarray, partners: np.ndarray) -> None:
        """China articles: row i has China first, then the partner indices in `partners[i]`."""
        country = np.concatenate([np.full((len(subject), 1), self.china), partners], axis=1)
        share = draw_shares(self.rng, country)
        self.sink.add(yi, subject, country, share)
        self.tally.record(yi, subject, country, share)

    def partner_counts(self, yi: int, m: int, multi_p: float | None = None) -> np.ndarray:
        """Partners per article: one, or 2..5 with the year's chance in the sample's mix."""
        p = self.multi_p[yi] if multi_p is None else multi_p
        several = np.array(makeup.PARTNERS_P[1:])
        k = 2 + self.rng.choice(len(several), size=m, p=several / several.sum())
        return np.where(self.rng.random(m) < p, k, 1)

    def cs_of(self, yi: int) -> np.ndarray:
        """Tallied CS [subject, partner position]."""
        return self.tally.cs[yi][:, self.partner_idx]

    def draw(
        self,
        yi: int,
        si: int,
        room: np.ndarray,
        candidates: np.ndarray,
        k: np.ndarray,
        lead: int | np.ndarray | None = None,
    ) -> int:
        """Up to len(k) China articles in subject `si`: row i has `lead` (a partner position,
        or one per row) first if given, then k[i] partners drawn among `candidates` (positions)
        by their room (the CS each may still take, [position]; 1 at least to be drawn). The
        batch stops before a drawn partner (or a per-row lead) would appear more often than its
        whole room, so none passes it. Returns the articles made."""
        w = np.where(room[candidates] >= 1.0, room[candidates], 0.0)
        k = np.minimum(k, int((w > 0).sum()))
        m = len(k)
        chosen = pick(self.rng, np.broadcast_to(w, (m, len(w))), k)
        rows, cols = np.nonzero(chosen >= 0)
        hits = np.zeros((m, len(room)))
        hits[rows, candidates[chosen[rows, cols]]] = 1
        if isinstance(lead, np.ndarray):
            hits[np.arange(m), lead] += 1
        # A partner with half a CS of room may still take one article (a mixed article's lead
        # takes well under one CS).
        allowed = np.where(room >= 0.5, np.maximum(np.floor(room), 1.0), 0.0)
        over = (np.cumsum(hits, axis=0) > allowed).any(axis=1)
        keep = int(np.argmax(over)) if over.any() else m
        chosen = chosen[:keep]
        partners = np.where(chosen >= 0, self.partner_idx[candidates[np.maximum(chosen, 0)]], -1)
        if lead is not None:
            first = np.broadcast_to(np.asarray(lead), (m,))[:keep]
            partners = np.concatenate([self.partner_idx[first][:, None], partners], axis=1)
        self.add_china(yi, np.full(keep, si), partners)
        return keep

    # -- pass 1 -------------------------------------------------------------------------------
    def pool(self, room: np.ndarray, among: np.ndarray, side: bool | None = None) -> np.ndarray:
        """Partners a batch draws from: one side of the BRI line (`side`, else drawn by the
        room on each side) or, MIXED_P of the time, both, so that few articles mix the sides
        (P2 allows only so many)."""
        bri = self.partner_bri[among]
        if self.rng.random() < MIXED_P:
            return among
        if side is None:
            weight = np.where(room[among] >= 1.0, room[among], 0.0)
            total = weight.sum()
            side = bool(total > 0 and self.rng.random() * total < weight[bri].sum())
        return among[bri == side]

    def bulk(self, yi: int, si: int) -> None:
        budget = BULK_FRACTION * self.planned[yi, si]
        everyone = np.arange(len(plan.PARTNERS))
        while True:
            room = budget - self.cs_of(yi)[si]
            open_ = room >= 1.0
            if not open_.any():
                return
            m = int(min(BATCH_MAX, max(1, room[open_].sum() // 4)))
            self.draw(yi, si, room, self.pool(room, everyone), self.partner_counts(yi, m))

    # -- pass 2 -------------------------------------------------------------------------------
    def anchors(self, yi: int) -> None:
        year = plan.YEARS[yi]
        anchored = [int(i) for i in np.flatnonzero(self.anchored)]
        order = sorted(anchored, key=lambda i: plan.PARTNERS[i].cs_last)
        for pos in order:
            partner = plan.PARTNERS[pos]
            self.land(yi, NATURAL_INDEX, pos, self.scale * partner.natural_cs(year), exact=True)
            pinned = year in dict(partner.health_overrides)
            target = self.scale * partner.health_cs(year)
            self.land(yi, (HEALTH_INDEX,), pos, target, exact=pinned)

    def land(
        self, yi: int, subjects: tuple[int, ...], pos: int, target: float, exact: bool
    ) -> None:
        """Bring one partner's CS over `subjects` to `target`: first articles with or without
        third countries (co-partners that are not anchored), then whole China–partner articles,
        then (exact) the fraction on an article whose third-country authors carry the rest."""
        sub = np.array(subjects)
        free = np.flatnonzero(~self.anchored)
        while True:
            gap = target - self.cs_of(yi)[sub, pos].sum()
            behind = self.planned[yi, sub, pos] - self.cs_of(yi)[sub, pos]
            j = int(np.argmax(behind))
            m = int(min(BATCH_MAX, gap - 3, max(1.0, behind[j])))
            if m < 1:
                break
            room = self.planned[yi, sub[j]] - self.cs_of(yi)[sub[j]]
            co = self.pool(room, free, side=bool(self.partner_bri[pos]))
            self.draw(yi, int(sub[j]), room, co, self.partner_counts(yi, m) - 1, lead=pos)
        gap = target - self.cs_of(yi)[sub, pos].sum()
        if gap < 0:
            if exact:
                raise RuntimeError(f"calibration overshot {plan.PARTNERS[pos].iso3}: {gap:.4f}")
            return
        whole, rest = divmod(gap, 1.0)
        parts = [rest] if exact else []
        if not exact and rest >= 0.5:
            whole += 1
        if exact and rest < 0.02 and whole >= 1:  # too small for one article: two carry 1 + rest
            whole -= 1
            parts = [(1 + rest) / 2, (1 + rest) / 2]
        for _ in range(int(whole)):
            # Each whole article goes where the pair is furthest below its subject plan.
            behind = self.planned[yi, sub, pos] - self.cs_of(yi)[sub, pos]
            si = sub[int(np.argmax(behind))]
            self.add_china(yi, np.array([si]), np.array([[self.partner_idx[pos]]]))
        home = sub[int(np.argmax([s == SUBJECT_INDEX["chemistry"] for s in sub]))]
        for part in parts:
            if part > 1e-9:
                carrier = plan.REMAINDER_CARRIERS[self._carrier % len(plan.REMAINDER_CARRIERS)]
                self._carrier += 1
                country = np.array([[self.china, self.partner_idx[pos], self.index[carrier]]])
                share = np.array([fraction_shares(part)])
                self.sink.add(yi, np.array([home]), country, share)
                self.tally.record(yi, np.array([home]), country, share)

    # -- pass 3 -------------------------------------------------------------------------------
    def count_targets(self) -> list[tuple[int, int]]:
        """(international, with-BRI) natural-sciences articles per year: X × the international
        course and the BRI share's course, with the published ends (P1–P3). X is the middle
        (COUNT_POSITION) of the scales at which every year's remaining CS can be placed."""
        index = plan.international_index()
        years = range(len(plan.YEARS))
        t = self.tally
        made_bri = [t.natural(t.with_bri, yi) for yi in years]
        made = [t.natural(t.international, yi) for yi in years]
        units_bri = [self.units(yi, self.group(True)) for yi in years]
        units_other = [self.units(yi, self.group(False)) for yi in years]

        def fits(x: int) -> bool:
            for yi, (n, b) in enumerate(self.targets(x, index)):
                bri, other = b - made_bri[yi], n - b - (made[yi] - made_bri[yi])
                # BRI articles beyond the BRI side's whole CS are mixed ones, which take CS
                # from the other side.
                left = units_other[yi] - MIXED_ABSORB * max(0, bri - units_bri[yi])
                if (
                    bri < units_bri[yi] / MAX_CS_PER_ARTICLE
                    or not left / MAX_CS_PER_ARTICLE <= other <= left
                ):
                    return False
            return True

        low = max((made[yi] + (units_bri[yi] + units_other[yi]) / 2) / index[yi] for yi in years)
        high = min((made[yi] + units_bri[yi] + units_other[yi]) / index[yi] for yi in years)
        scales = [x for x in range(math.floor(low), math.ceil(high) + 1) if fits(x)]
        if not scales:
            raise RuntimeError(f"no count scale between {low:.0f} and {high:.0f} fits every window")
        return self.targets(scales[round(COUNT_POSITION * (len(scales) - 1))], index)

    def targets(self, x: int, index: tuple[float, ...]) -> list[tuple[int, int]]:
        bri_first = round(plan.BRI_SHARE_FIRST * x)
        out = []
        for yi in range(len(plan.YEARS)):
            if yi == 0:
                out.append((x, bri_first))
            elif yi == len(plan.YEARS) - 1:
                last = round(plan.INTERNATIONAL_GROWTH * x)
                out.append((last, round(plan.BRI_GROWTH * bri_first)))
            else:
                n = round(x * index[yi])
                out.append((n, round(self.bri_share[yi] * n)))
        return out

    def group(self, bri: bool) -> np.ndarray:
        """Partner positions that the count pass places: not anchored, in or out of the BRI."""
        return np.flatnonzero(~self.anchored & (self.partner_bri == bri))

    def gaps(self, yi: int, subjects: tuple[int, ...], members: np.ndarray) -> np.ndarray:
        sub = list(subjects)
        return np.maximum(self.planned[yi][sub][:, members] - self.cs_of(yi)[sub][:, members], 0.0)

    def units(self, yi: int, members: np.ndarray, subjects: tuple[int, ...] = NATURAL_INDEX) -> int:
        """China–partner articles it would take to close the gaps one CS at a time (rounded per
        partner over the subjects, so a small partner's CS is not lost to rounding)."""
        return int(np.rint(self.gaps(yi, subjects, members).sum(axis=0)).sum())

    def place(
        self,
        yi: int,
        subjects: tuple[int, ...],
        members: np.ndarray,
        articles: int,
        mix: np.ndarray | None = None,
    ) -> None:
        """Close the members' gaps with exactly `articles` articles: while the gaps hold more
        whole CS than there are articles left, articles with several members; while they hold
        fewer, articles of a member with partners from `mix` (which carry less than one CS of
        the members each); then China–member articles."""
        sub = np.array(subjects)
        left = articles
        while left > 0:
            gaps = self.gaps(yi, subjects, members)
            excess = int(np.rint(gaps.sum(axis=0)).sum()) - left
            several = excess > 0
            if not several and (excess == 0 or mix is None):
                break
            # Several-member articles need two members with a whole CS to place; a mixed
            # article's member takes about half a CS.
            enough, least = (2, 1.0) if several else (1, 0.5)
            rows = np.where((gaps >= least).sum(axis=1) >= enough, gaps.sum(axis=1), 0.0)
            if not rows.any():
                break
            j = int(self.rng.choice(len(sub), p=rows / rows.sum()))
            room = self.planned[yi, sub[j]] - self.cs_of(yi)[sub[j]]
            if several:
                # A several-member article places about 0.7 CS more than a China–member one.
                m = int(min(BATCH_MAX, left, max(1, excess // 3)))
                k = self.partner_counts(yi, m, multi_p=1.0)
                left -= self.draw(yi, int(sub[j]), room, members, k)
            else:
                assert mix is not None
                m = int(min(BATCH_MAX, left, -excess))
                weights = np.where(gaps[j] >= 0.5, gaps[j], 0.0)
                leads = members[
                    pick(
                        self.rng, np.broadcast_to(weights, (m, len(weights))), np.ones(m, np.int64)
                    )[:, 0]
                ]
                k = self.partner_counts(yi, m, multi_p=1.0) - 1
                left -= self.draw(yi, int(sub[j]), room, mix, k, lead=leads)
        gaps = self.gaps(yi, subjects, members)
        total = gaps.sum(axis=0)
        whole = np.rint(total).astype(np.int64)
        short = left - int(whole.sum())
        if short < 0:
            raise RuntimeError(
                f"{plan.YEARS[yi]}: {articles} articles cannot hold the {int(whole.sum()) + articles - left} "
                "CS left to place; the count scale is outside what the plan allows"
            )
        if short:
            # More articles than whole gaps: the next ones go where the remainder is largest.
            order = np.argsort(-(total - whole), kind="stable")
            np.add.at(whole, order[np.arange(short) % order.size], 1)
        units = np.stack([apportion(gaps[:, p], whole[p]) for p in range(len(members))], axis=1)
        s_idx, p_idx = np.nonzero(units)
        times = units[s_idx, p_idx]
        si = np.repeat(sub[s_idx], times)
        partners = np.repeat(self.partner_idx[members[p_idx]], times)[:, None]
        if len(si):
            self.add_china(yi, si, partners)

    def counts(self) -> None:
        targets = self.count_targets()
        everyone = np.flatnonzero(~self.anchored)
        t = self.tally
        for yi, (international, with_bri) in enumerate(targets):
            made_bri = t.natural(t.with_bri, yi)
            made = t.natural(t.international, yi)
            units = self.units(yi, everyone)
            self.place(yi, NATURAL_INDEX, self.group(True), with_bri - made_bri, self.group(False))
            made_other = t.natural(t.international, yi) - t.natural(t.with_bri, yi)
            self.place(yi, NATURAL_INDEX, self.group(False), international - with_bri - made_other)
            reached = (t.natural(t.international, yi), t.natural(t.with_bri, yi))
            if reached != (international, with_bri):
                raise RuntimeError(
                    f"{plan.YEARS[yi]}: article counts {reached} missed their targets"
                )
            # Health sciences carry no published count: as many articles per CS as the rest.
            per_unit = min(1.0, (international - made) / max(units, 1))
            health = self.units(yi, everyone, (HEALTH_INDEX,))
            self.place(yi, (HEALTH_INDEX,), everyone, round(health * per_unit))

    # -- pass 4 -------------------------------------------------------------------------------
    def domestic(self) -> None:
        for yi, year in enumerate(plan.YEARS):
            for si, subject in enumerate(plan.SUBJECTS):
                m = round(self.scale * plan.domestic_target(year, subject))
                country = np.full((m, 1), self.china)
                share = np.ones((m, 1))
                self.sink.add(yi, np.full(m, si), country, share)
                self.tally.record(yi, np.full(m, si), country, share)

    def world(self, yi: int) -> None:
        rng = self.rng
        year = plan.YEARS[yi]
        codes = list(plan.WORLD_WEIGHTS)
        weights = np.array([plan.WORLD_WEIGHTS[c] for c in codes])
        subject_p = np.array([plan.WORLD_SUBJECT_WEIGHTS[s] for s in plan.SUBJECTS])
        m = round(
            self.scale
            * (plan.WORLD_ARTICLES_FIRST + plan.WORLD_ARTICLES_STEP * (year - plan.FIRST))
        )
        lookup = np.array([self.index[c] for c in codes])
        # In pieces, so that the scaled copies' draws never hold a whole year's matrices.
        pieces = [WORLD_PIECE] * (m // WORLD_PIECE) + [m % WORLD_PIECE]
        for size in filter(None, pieces):
            ks = 1 + rng.choice(
                len(makeup.WORLD_COUNTRIES_P), size=size, p=makeup.WORLD_COUNTRIES_P
            )
            subject = rng.choice(len(plan.SUBJECTS), size=size, p=subject_p / subject_p.sum())
            chosen = pick(rng, np.broadcast_to(weights, (size, len(codes))), ks)
            country = np.where(chosen >= 0, lookup[np.maximum(chosen, 0)], -1)
            self.sink.add(yi, subject, country, draw_shares(rng, country))

    # -- all ----------------------------------------------------------------------------------
    def run(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        years = range(len(plan.YEARS))
        steps = len(plan.YEARS) * 2 + 3
        done = 0
        for yi in years:
            for si in range(len(plan.SUBJECTS)):
                self.bulk(yi, si)
            self.anchors(yi)
            done += 1
            self.progress(f"China's partners {plan.YEARS[yi]}", done / steps)
        self.counts()
        self.domestic()
        done += 2
        self.progress("article counts", done / steps)
        for yi in years:
            self.world(yi)
            done += 1
            self.progress(f"rest of the world {plan.YEARS[yi]}", done / steps)
        out = self.sink.frames(self.rng, self.windows, self.codes)
        self.progress("articles", 1.0)
        return out
