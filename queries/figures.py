"""One dataset's figures for a question: fit the question to the dataset, run its SQL, and
turn the rows into values per year, changes and notes (each kind's own steps in queries/kinds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from data.catalogue import country_name, memberships
from data.store import Store
from queries import wording as say
from queries.compile import Compiled, membership_date
from queries.datasets import DatasetContext
from queries.errors import UserError
from queries.kinds import compile_question, spec
from queries.kinds.base import small_base_threshold
from queries.model import Change, Question, Row

COUNT_KINDS = ("aggregate", "share")
PAIR_KINDS = ("pair", "partners", "top", "rising", "rank")


def left_before(group: str, on: dt.date) -> list[str]:
    """Countries that had been members of the group but left before `on` (Italy left the BRI
    in December 2023): a list that leaves them out says so."""
    left = {
        m.iso3
        for m in memberships()
        if m.group == group and m.to_date is not None and m.to_date <= on
    }
    still = {m.iso3 for m in memberships() if m.group == group and m.active(on)}
    return sorted(country_name(c) for c in left - still)


def year_span_label(ctx: DatasetContext) -> str:
    if not ctx.years:
        return "no years"
    return f"{ctx.label(ctx.years[0])}–{ctx.label(ctx.years[-1])}"


@dataclass(frozen=True)
class Resolved:
    """The question as it will run on one dataset, and what had to change to fit it."""

    question: Question
    context: DatasetContext
    notes: tuple[str, ...]


def resolve(q: Question, ctx: DatasetContext) -> Resolved:
    """Fit the question to what the dataset holds, or raise a UserError that says why not."""
    notes: list[str] = []
    years = tuple(q.years)
    if q.series and years:
        years = tuple(y for y in ctx.years if years[0] <= y <= years[-1])
    missing = [y for y in q.years if y not in ctx.years]
    if missing or not years:
        raise UserError(
            "year_not_available",
            say.year_not_available(missing or list(q.years), year_span_label(ctx), ctx.name),
            suggestions=tuple(ctx.label(y) for y in ctx.years[-3:]),
        )
    metric = q.metric
    if q.kind in PAIR_KINDS and metric not in ctx.metrics:
        fallback = next((m for m in ("cs", "joint_articles") if m in ctx.metrics), None)
        if fallback is None:
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name, say.METRIC_PHRASE[metric], "it has no pair figures"
                ),
            )
        used = (
            say.ALL_TYPES_PHRASE if fallback == "joint_articles" and ctx.counts_all_types else None
        )
        notes.append(say.metric_fallback(ctx.name, metric, used or say.METRIC_PHRASE[fallback]))
        metric = fallback
    if q.kind in COUNT_KINDS:
        needs = None
        if q.kind == "aggregate" and q.aggregate != "group":
            needs = q.aggregate or q.metric  # international, domestic, or own Count / Share
        if (q.kind == "share" or q.aggregate == "group") and ctx.level != "articles":
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name,
                    "articles involving a country and a group",
                    "that needs article-level rows and this dataset holds pair totals only",
                ),
            )
        if q.kind == "share" and "international" not in ctx.metrics:
            needs = "international"
        if needs and needs not in ctx.metrics:
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name, needs.replace("_", " ") + " figures", "the dataset does not hold them"
                ),
            )
    subject = q.subject
    if subject not in ctx.subjects:
        if "all" in ctx.subjects:
            notes.append(say.subject_fallback(ctx.name, subject))
            subject = "all"
        else:
            raise UserError(
                "subject_not_available",
                f"The {ctx.name} dataset has no figures for {say.SUBJECT_PHRASE[subject]}.",
            )
    if q.kind == "rank" and not q.partners:
        raise UserError(
            "missing_partner",
            "Which partner's rank? e.g. “Singapore's rank among China's partners 2023”.",
        )
    return Resolved(q.with_(years=years, metric=metric, subject=subject), ctx, tuple(notes))


@dataclass(frozen=True)
class Figures:
    """Rows and changes for one dataset, plus what the headline needs."""

    resolved: Resolved
    compiled: Compiled
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    extra: dict[str, Any]

    @property
    def precision(self) -> int:
        """Decimals to show for the values."""
        q = self.resolved.question
        return spec(q.kind).precision(q)


def figures(resolved: Resolved, store: Store) -> Figures:
    q, ctx = resolved.question, resolved.context
    kind = spec(q.kind)
    compiled = compile_question(q, ctx)
    result = store.run(*compiled.runnable())
    notes = list(resolved.notes)
    if result.truncated:
        notes.append(say.truncated(store.row_cap))
    rows, extra = kind.rows(q, result, ctx)
    changes = extra.pop("changes", None)
    if changes is None:
        changes = kind.changes(q, ctx, rows)
    notes += kind.notes(q, ctx, rows)
    late = ctx.incomplete_note(q.years)  # "† 2023: may still grow — data as of 27 Aug 2024"
    if late:
        notes.append(late)
    if any(c.small_base for c in changes):
        small = [country_name(c.country) for c in changes if c.small_base]
        notes.append(
            f"{', '.join(small)}: {say.SMALL_BASE} (start below {small_base_threshold(q, ctx):g})."
        )
    if q.group and q.group != "WORLD" and q.kind != "pair":
        on = membership_date(q, ctx)
        on_year = max(q.years) if q.membership == "latest" else (q.membership_year or max(q.years))
        notes.append(say.membership_note(q.group, q.membership, ctx.label(on_year), on.isoformat()))
        left = left_before(q.group, on)
        if left:
            notes.append(say.left_group(q.group, ", ".join(left), on.isoformat()))
    return Figures(resolved, compiled, rows, tuple(changes), tuple(notes), extra)
