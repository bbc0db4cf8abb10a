"""The question grammar: text -> Question, by vocabulary items, a few decisive cues and the kind registry.

Error codes (UserError.code; stable, they appear in JSON output):

| code                 | when                                                              |
| -------------------- | ----------------------------------------------------------------- |
| unknown_word         | a word nothing in the vocabulary can place (span points at it)    |
| unknown_country      | that word (or two, three) is closest to a country name            |
| year_not_available   | a year outside the dataset's years                                |
| missing_countries    | no country named (`CS 2015 vs 2023`)                              |
| missing_partner      | a pair/rank question with only one country                        |
| missing_group        | `share of` or a membership rule without a group                   |
| metric_not_available | Share for a pair kind, CS for a country aggregate                 |
| too_long             | text over 500 characters                                          |
| too_many_countries   | over 20 partners                                                  |
| unknown_dataset      | a dataset this deployment does not hold                           |
| same_country         | a country paired with itself                                      |
| bad_limit            | `top N` with N outside 1-100                                      |
| ambiguous            | several readings: `choices` holds their receipts (asked back)     |
| chatter              | not a question (thanks, ok, an emoji, a reply to someone else)    |
| out_of_scope         | a topic with no data here (universities, citations, funding, …)   |
| unsupported_negation | except / without / not where nothing can be left out              |
| not_a_followup       | (apply_followup) a thread reply that edits nothing                |
| internal_error       | a bug while reading: logged, never dressed up as a user error     |

Defaults that change meaning go into Question.assumptions: the latest year when none is
given, the starting year of a growth question, the top 10 when no N is given, and every
ambiguous country name. The metric (CS; Count for aggregates), the subject (natural
sciences) and the membership rule (latest window) are shown in the receipt and the notes.
"""

from __future__ import annotations

from dataclasses import replace

from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import EXAMPLES, close_examples
from queries.facts import Facts, check_words, err, facts, not_a_question
from queries.kinds import Ambiguous, reading_spec
from queries.kinds.define import DEFINE
from queries.model import Question
from queries.reader import describe
from queries.receipt import receipt

__all__ = [
    "EXAMPLES",
    "ParseContext",
    "close_examples",
    "parse",
    "receipt",
]

# Kinds that compare two years by themselves: a lone year there is the end of the change.
_TWO_YEAR_KINDS = ("rising", "falling")


def build(f: Facts, ctx: ParseContext) -> Question:
    """The Question the facts ask, read by the first kind that claims them; a question that
    reads several ways is asked back with the readings as choices."""
    try:
        alternatives = next((it for it in f.countries if it.alternatives), None)
        if alternatives is not None:
            raise _country_choices(f, ctx, alternatives)
        q = reading_spec(f).build(f, ctx)
        _check_lone_year(q, f, ctx)
        return q
    except Ambiguous as amb:
        choices = tuple(dict.fromkeys(receipt(r, ctx) for r in amb.readings))
        raise err("ambiguous", amb.message, f.text, choices=choices) from None


def _country_choices(f: Facts, ctx: ParseContext, item) -> Ambiguous:
    """“Congo”, “Nigera”: one question per country the name could be."""
    readings = []
    for code in item.alternatives:
        chosen = replace(item, value=code, alternatives=())
        countries = [chosen if it is item else it for it in f.countries]
        items = [chosen if it is item else it for it in f.items]
        readings.append(reading_spec(f).build(replace(f, countries=countries, items=items), ctx))
    typed = f.text[item.span[0] : item.span[1]]
    names = " or ".join(describe(replace(item, value=c)) for c in item.alternatives)
    return Ambiguous(f"Which country do you mean by “{typed}”: {names}?", readings)


def _check_lone_year(q: Question, f: Facts, ctx: ParseContext) -> None:
    """“Did X grow in 2021?”: grow since when? Asked back with the two likely readings."""
    if (
        q.kind in _TWO_YEAR_KINDS
        or not f.lone_year
        or not f.has("rise", "fall", "steady", "change")
    ):
        return
    year = q.years[0]
    ys = sorted(ctx.years)
    starts = [y for y in (ys[ys.index(year) - 1] if ys.index(year) else None, ys[0]) if y]
    readings = [q.with_(years=(s, year), series=False) for s in dict.fromkeys(starts) if s < year]
    if not readings:
        raise err(
            "ambiguous",
            f"A change needs two years; {ctx.label(year)} is the first this dataset has. "
            f"Try “{ctx.label(year)} vs {ctx.label(ctx.latest)}”.",
            f.text,
        )
    raise Ambiguous(f"A change in {ctx.label(year)} compared with which year?", readings)


def parse(text: str, ctx: ParseContext | None = None) -> Question:
    """Parse one question; raises UserError for text it cannot place. Anything else is a bug
    and propagates (the pipeline logs it and answers internal_error)."""
    ctx = ctx or ParseContext()
    f = facts(text, ctx)
    problem = not_a_question(f)
    if problem is not None:
        raise problem
    if f.actions and not f.content - {"table"}:
        raise UserError(
            "not_a_followup",
            "That shows the last answer another way; ask a question first, e.g. "
            "“CS China–Thailand 2015 vs 2023”.",
            examples=close_examples(text),
        )
    spec = reading_spec(f)
    if not (spec.name == "define" and DEFINE.explicit(f) and not f.negations):
        check_words(f)  # "what does CS mean? need a one-line definition": the term is clear
    return build(f, ctx)
