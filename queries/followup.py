"""Thread follow-ups: a reply that edits the last question, or asks to see its answer another way.

Rules (docs/READING-RULES.md; a reply that is a whole question on its own is read fresh):
- countries: for a pair, `and Italy?` / `Italy instead` / `what about Italy` replaces the
  partner; `+ Vietnam` / `add Vietnam` adds one (pair -> partners); `- Germany` / `without
  Germany` removes one. After a top, rising or falling list, `and Italy?` asks Italy's place
  among the same partners (a rank question), `and India's?` India's own list. For rank the
  country replaces (or with `+` joins) the ranked ones; for aggregate and share it replaces
  the focal country.
- years: one year replaces a single year; after a comparison `2019 instead` is asked back
  (which year does it replace?), `2019 instead of 2015` replaces 2015, `vs 2015` adds the
  other year of a comparison; `over time` takes every year as a series.
- subject, metric, group, membership rule, dataset, `as a table`, `top N` replace theirs;
  `top N` after a pair or partners question asks for the focal country's top N partners.
- `show sql`, `csv`, `by subject`, `as a table` show the last answer another way; `undo` goes
  back to the question before the last edit.
- chatter (thanks, ok, an emoji) is refused with code `chatter`: front ends stay silent.
- assumptions of the last question are kept while what they were about is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from data.catalogue import country_name
from queries.context import ParseContext
from queries.errors import UserError
from queries.facts import Facts, err, facts, not_a_question
from queries.kinds import Ambiguous, NotFollowUp, spec
from queries.kinds.base import DEFAULT_TOP, read_country_metric, read_pair_metric
from queries.model import Question
from queries.parse import parse
from queries.receipt import receipt

# A fresh parse failing with one of these may just be a partial question: try it as an edit.
_PARTIAL = ("missing_countries", "missing_partner", "ambiguous")
_LISTS = ("top", "rising", "falling")
_EDIT_LEADS = ("add", "plus", "without", "vs", "instead_of", "minus")


@dataclass(frozen=True)
class FollowUp:
    """What a reply asks: a question (new or edited), and how to show its answer."""

    question: Question
    action: str | None = None  # sql | csv | by_subject | table | undo


def _not_followup(text: str) -> UserError:
    return UserError(
        "not_a_followup",
        f"I couldn't apply “{text.strip()[:80]}” to the last question. Try “and Italy?”, "
        "“+ Vietnam”, “2019 instead”, “in chemistry” or “as a table”, or ask a full question.",
        examples=("and Italy?", "+ Vietnam", "2019 instead", "in chemistry", "as a table"),
    )


def _rank_among(q: Question, codes: list[str]) -> Question:
    """“and Italy?” after a list: Italy's place among the same partners."""
    return Question(
        kind="rank",
        metric=q.metric,
        subject=q.subject,
        focal=q.focal,
        partners=tuple(codes),
        group=q.group,
        years=q.years,
        series=False,
        membership=q.membership,
        membership_year=q.membership_year,
        datasets=q.datasets,
        presentation=q.presentation,
    )


def _edit_countries(q: Question, f: Facts, text: str) -> Question:
    codes = list(dict.fromkeys(str(it.value) for it in f.countries))
    adding = f.has("add", "plus")
    if f.negations or f.has("minus"):
        if q.kind not in ("pair", "partners", "rank") or q.focal in codes:
            raise _not_followup(text)
        if not set(codes) <= set(q.partners):
            names = ", ".join(country_name(c) for c in codes if c not in q.partners)
            raise UserError("not_a_followup", f"{names} is not among the partners asked about.")
        left = tuple(p for p in q.partners if p not in codes)
        if not left:
            raise UserError("missing_partner", "That would leave no partner.")
        kind = q.kind if q.kind == "rank" else ("pair" if len(left) == 1 else "partners")
        return q.with_(kind=kind, partners=left)
    if q.focal in codes and q.kind in ("pair", "partners", "rank", *_LISTS):
        raise UserError(
            "same_country",
            f"{country_name(q.focal or '')} is already the focal country.",
            span=f.countries[0].span,
        )
    if q.kind in _LISTS:
        if any(it.possessive for it in f.countries) and len(codes) == 1:
            return q.with_(focal=codes[0])  # "and India's?": India's own list
        return _rank_among(q, codes)
    try:
        return spec(q.kind).edit_countries(q, codes, adding, f)
    except NotFollowUp:
        raise _not_followup(text) from None


def _replaced_year(f: Facts) -> tuple[int, int] | None:
    """`2019 instead of 2015`: (new, old)."""
    at = next((i for i, it in enumerate(f.items) if it.cat == "instead_of"), None)
    if at is None:
        return None
    before = [it for it in f.items[:at] if it.cat == "year"]
    after = [it for it in f.items[at + 1 :] if it.cat == "year"]
    if len(before) == 1 and len(after) == 1:
        return int(before[0].value), int(after[0].value)
    return None


def _edit_years(q: Question, f: Facts, ctx: ParseContext) -> Question:
    swap = _replaced_year(f)
    if swap is not None:
        new, old = swap
        if old not in q.years:
            raise UserError(
                "not_a_followup", f"{ctx.label(old)} is not among the years of the last question."
            )
        years = tuple(sorted({new if y == old else y for y in q.years}))
        return q.with_(years=years, series=False)
    if f.over_time and len(f.years) == len(ctx.years):
        return q.with_(years=f.years, series=f.series)
    if len(f.years) >= 2 or f.series:
        return q.with_(years=f.years, series=f.series)
    (year,) = f.years
    if f.has("vs"):  # "vs 2015": the other year of a comparison
        if len(q.years) == 1 and year != q.years[0]:
            return q.with_(years=tuple(sorted((year, q.years[0]))), series=False)
        readings = [
            q.with_(years=tuple(sorted((year, y))), series=False) for y in q.years if y != year
        ]
        raise Ambiguous("Compared with which year?", readings[:1] + readings[-1:])
    if len(q.years) == 1:
        return q.with_(years=(year,), series=False)
    if q.series:
        raise Ambiguous(
            f"{ctx.label(year)} alone, or every year from {ctx.label(year)}?",
            [q.with_(years=(year,), series=False), _series_from(q, year, ctx)],
        )
    first, last = q.years[0], q.years[-1]
    readings = [
        q.with_(years=tuple(sorted((y, year))), series=False) for y in (first, last) if y != year
    ]
    if len(readings) == 1:
        return readings[0]
    raise Ambiguous(f"Which year does {ctx.label(year)} replace?", readings)


def _series_from(q: Question, year: int, ctx: ParseContext) -> Question:
    years = tuple(y for y in sorted(ctx.years) if year <= y <= ctx.latest)
    return q.with_(years=years, series=len(years) > 1)


def _edit(q: Question, f: Facts, text: str, ctx: ParseContext) -> Question:
    edited = q
    if f.countries:
        edited = _edit_countries(edited, f, text)
    if f.year_given:
        edited = _edit_years(edited, f, ctx)
        if edited.kind in ("rising", "falling") and (edited.series or len(edited.years) != 2):
            ys = edited.years  # a change is ranked between two years: the first and the last
            edited = edited.with_(years=(ys[0], ys[-1]) if len(ys) > 1 else ys, series=False)
    if f.subject:
        edited = edited.with_(subject=f.subject)
    if f.limit is not None or "top" in f.cats:
        limit = f.limit or DEFAULT_TOP
        if edited.kind in ("pair", "partners"):
            edited = edited.with_(kind="top", partners=(), limit=limit)
        elif edited.kind in ("top", "rising", "falling"):
            edited = edited.with_(limit=limit)
        else:
            raise _not_followup(text)
    if f.metrics:
        country = spec(edited.kind).country_metric
        edited = edited.with_(metric=(read_country_metric if country else read_pair_metric)(f))
    if f.group:
        if edited.kind in ("pair", "partners"):
            raise _not_followup(text)
        group = None if f.group == "WORLD" and edited.kind != "share" else f.group
        edited = edited.with_(group=group)
        if edited.kind == "aggregate":
            edited = edited.with_(aggregate="group" if group else "international")
    if f.membership != "latest":
        edited = edited.with_(membership=f.membership, membership_year=f.membership_year)
    if f.datasets:
        edited = edited.with_(datasets=f.datasets)
    if f.cats & {"table"}:
        edited = edited.with_(presentation=f.presentation)
    return edited


def _kept_assumptions(old: Question, new: Question, f: Facts) -> tuple[str, ...]:
    kept = []
    for a in old.assumptions:
        if a.startswith(
            ("Assuming the latest year", "Assuming the change", "Reading “")
        ) or a.startswith("Assuming every year"):
            if f.year_given:
                continue
        elif a.startswith("Assuming the top"):
            if new.limit != old.limit or new.kind != old.kind:
                continue
        elif not any(f"= {country_name(c)}" in a for c in new.countries):
            continue
        kept.append(a)
    fresh = [it.assumption for it in f.countries if it.assumption] + f.assumptions
    if new.kind == "top" and old.kind != "top" and f.limit is None:
        fresh.append(f"Assuming the top {DEFAULT_TOP}")
    return tuple(dict.fromkeys(kept + fresh))


def _country_edits(q: Question, f: Facts, text: str, ctx: ParseContext, item) -> Ambiguous:
    """“and Congo?”: one edit per country the name could be."""
    readings = []
    for code in item.alternatives:
        chosen = replace(item, value=code, alternatives=())
        countries = [chosen if it is item else it for it in f.countries]
        readings.append(_edit(q, replace(f, countries=countries), text, ctx))
    typed = text[item.span[0] : item.span[1]]
    names = " or ".join(country_name(c) for c in item.alternatives)
    return Ambiguous(f"Which country do you mean by “{typed}”: {names}?", readings)


def _action(previous: Question, f: Facts, history: tuple[Question, ...]) -> FollowUp | None:
    """`show sql`, `csv`, `by subject`, `undo`: the last answer shown another way."""
    if not f.actions or f.content - {"table"}:
        return None
    action = f.actions[0]
    if action == "undo":
        earlier = [q for q in history if q != previous]
        if not earlier:
            raise UserError(
                "not_a_followup", "There is no earlier question in this thread to go back to."
            )
        return FollowUp(earlier[-1], "undo")
    return FollowUp(previous, action)


def read_followup(
    previous: Question | None,
    text: str,
    ctx: ParseContext | None = None,
    history: tuple[Question, ...] = (),
) -> FollowUp:
    """What a thread reply means: a fresh question, an edit of `previous`, or an action."""
    ctx = ctx or ParseContext()
    f = facts(text, ctx)
    if previous is None or previous.kind in ("help", "define"):
        return FollowUp(parse(text, ctx))
    if f.has("mention"):  # "@maria see above": said to someone else, not to the bot
        raise UserError("chatter", "That reply is addressed to someone else.")
    problem = not_a_question(f)
    if problem is not None:
        raise problem
    first = f.items[0] if f.items else None
    dropping = first is not None and f.text[first.span[0] : first.span[1]].lower() == "drop"
    if first is not None and first.cat == "dash" or dropping and f.countries:
        f.cats.add("minus")  # "- Germany", "drop Germany"
        f.cats.discard("fall")
    action = _action(previous, f, history)
    if action is not None:
        return action
    if f.has("table") and not f.content - {"table"}:
        return FollowUp(previous.with_(presentation=f.presentation), "table")
    # "add Vietnam and Laos" reads as a pair on its own; a leading edit word says it is not.
    lead = next((it.cat for it in f.items if it.cat not in ("filler", "and")), None)
    if "minus" in f.cats:
        lead = "minus"
    if lead not in _EDIT_LEADS and not f.negations:
        try:
            return FollowUp(parse(text, ctx))
        except UserError as e:
            if e.code not in _PARTIAL or len(f.distinct_countries()) > 1:
                raise
            fresh_error = e
    else:
        fresh_error = None
    if f.unknown or f.stray is not None:
        if fresh_error is not None:
            raise fresh_error
        raise _not_followup(text)
    try:
        alternatives = next((it for it in f.countries if it.alternatives), None)
        if alternatives is not None:
            raise _country_edits(previous, f, text, ctx, alternatives)
        edited = _edit(previous, f, text, ctx)
    except Ambiguous as amb:
        choices = tuple(dict.fromkeys(receipt(r, ctx) for r in amb.readings))
        raise err("ambiguous", amb.message, text, choices=choices) from None
    except UserError:
        if fresh_error is not None and fresh_error.code == "ambiguous":
            raise fresh_error from None
        raise
    if edited == previous:
        raise fresh_error or _not_followup(text)
    # Re-reading the receipt checks the edited question is one the grammar can express.
    checked = parse(receipt(edited, ctx), ctx)
    return FollowUp(checked.with_(assumptions=_kept_assumptions(previous, checked, f)))


def apply_followup(
    previous: Question | None, text: str, ctx: ParseContext | None = None
) -> Question:
    """The question a thread reply means (an action keeps the last question)."""
    return read_followup(previous, text, ctx).question


__all__ = ["FollowUp", "apply_followup", "read_followup"]
