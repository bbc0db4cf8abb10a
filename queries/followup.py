"""Thread follow-ups that edit the last question: `and Italy?`, `+ Vietnam`, `2019 instead`.

Rules (a reply that is a whole question on its own is parsed fresh instead):
- countries: for a pair, `and Italy?` / `Italy instead` replaces the partner (China–Italy);
  `+ Vietnam` / `add Vietnam` / `plus Vietnam` adds a partner (pair -> partners); for a
  partners question any named country is added; `without Italy` removes one. For rank the
  country replaces (or with `+` joins) the ranked ones; for top, rising, aggregate and share
  it replaces the focal country.
- years replace the years (`2019 instead` -> 2019 alone); a growth question keeps two years:
  one year after the start year replaces the end year, else the start year.
- subject, metric, group, membership rule, dataset, `as a table`, `top N` replace theirs;
  `top N` after a pair or partners question asks for the focal country's top N partners.
- assumptions of the last question are kept while what they were about is unchanged.
"""

from __future__ import annotations

from data.catalogue import country_name
from queries.context import ParseContext
from queries.errors import UserError
from queries.facts import Facts, facts
from queries.kinds import NotFollowUp, spec
from queries.kinds.base import DEFAULT_TOP, country_metric, pair_metric
from queries.model import Question
from queries.parse import parse
from queries.receipt import receipt

# A fresh parse failing with one of these may just be a partial question: try it as an edit.
_PARTIAL = ("missing_countries", "missing_partner")


def _not_followup(text: str) -> UserError:
    return UserError(
        "not_a_followup",
        f"I couldn't apply “{text.strip()[:80]}” to the last question. Try “and Italy?”, "
        "“+ Vietnam”, “2019 instead”, “in chemistry” or “as a table”, or ask a full question.",
        examples=("and Italy?", "+ Vietnam", "2019 instead", "in chemistry", "as a table"),
    )


def _edit_countries(q: Question, f: Facts, text: str) -> Question:
    codes = list(dict.fromkeys(str(it.value) for it in f.countries))
    adding = bool(f.cats & {"add", "plus"})
    if f.cats & {"without"}:
        if q.kind not in ("pair", "partners", "rank") or q.focal in codes:
            raise _not_followup(text)
        left = tuple(p for p in q.partners if p not in codes)
        if not left:
            raise UserError("missing_partner", "That would leave no partner.")
        kind = q.kind if q.kind == "rank" else ("pair" if len(left) == 1 else "partners")
        return q.with_(kind=kind, partners=left)
    if q.focal in codes and q.kind in ("pair", "partners", "rank"):
        raise UserError(
            "same_country",
            f"{country_name(q.focal or '')} is already the focal country.",
            span=f.countries[0].span,
        )
    try:
        return spec(q.kind).edit_countries(q, codes, adding, f)
    except NotFollowUp:
        raise _not_followup(text) from None


def _edit_years(q: Question, f: Facts) -> Question:
    if q.kind != "rising":
        return q.with_(years=f.years, series=f.series)
    if len(f.years) >= 2:
        return q.with_(years=(f.years[0], f.years[-1]), series=False)
    y, (start, end) = f.years[0], q.years
    return q.with_(years=(start, y) if y > start else (y, end), series=False)


def _edit(q: Question, f: Facts, text: str, ctx: ParseContext) -> Question:
    edited = q
    if f.countries:
        edited = _edit_countries(edited, f, text)
    if f.year_given:
        edited = _edit_years(edited, f)
    if f.subject:
        edited = edited.with_(subject=f.subject)
    if f.limit is not None or "top" in f.cats:
        limit = f.limit or DEFAULT_TOP
        if edited.kind in ("pair", "partners"):
            edited = edited.with_(kind="top", partners=(), limit=limit)
        elif edited.kind in ("top", "rising"):
            edited = edited.with_(limit=limit)
        else:
            raise _not_followup(text)
    if f.metric:
        read_metric = country_metric if spec(edited.kind).country_metric else pair_metric
        edited = edited.with_(metric=read_metric(f.metric, text))
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
        if a.startswith(("Assuming the latest year", "Assuming growth")):
            if f.year_given:
                continue
        elif a.startswith("Assuming the top"):
            if new.limit != old.limit or new.kind != old.kind:
                continue
        elif not any(f"= {country_name(c)}" in a for c in new.countries):
            continue
        kept.append(a)
    fresh = [it.assumption for it in f.countries if it.assumption]
    if new.kind == "top" and old.kind != "top" and f.limit is None:
        fresh.append(f"Assuming the top {DEFAULT_TOP}")
    return tuple(dict.fromkeys(kept + fresh))


def apply_followup(
    previous: Question | None, text: str, ctx: ParseContext | None = None
) -> Question:
    """The question a thread reply means: a fresh question, or an edit of `previous`."""
    ctx = ctx or ParseContext()
    f = facts(text, ctx)
    # "add Vietnam and Laos" reads as a pair on its own; a leading edit word says it is not.
    lead = next((it.cat for it in f.items if it.cat != "filler"), None)
    if previous is None or previous.kind == "help" or lead not in ("add", "plus", "without"):
        try:
            return parse(text, ctx)
        except UserError as e:
            if previous is None or previous.kind == "help" or e.code not in _PARTIAL:
                raise
    edited = _edit(previous, f, text, ctx)
    if edited == previous:
        raise _not_followup(text)
    # Re-reading the receipt checks the edited question is one the grammar can express.
    checked = parse(receipt(edited, ctx), ctx)
    return checked.with_(assumptions=_kept_assumptions(previous, checked, f))
