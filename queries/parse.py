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
| ambiguous            | two metrics/subjects/groups, or cues that contradict each other   |
| not_a_followup       | (apply_followup) a thread reply that edits nothing                |
| internal_error       | a bug while reading: logged, never dressed up as a user error     |

Defaults that change meaning go into Question.assumptions: the latest year when none is
given, the starting year of a growth question, the top 10 when no N is given, and every
ambiguous country name. The metric (CS; Count for aggregates), the subject (natural
sciences) and the membership rule (latest window) are shown in the receipt and the notes.
"""

from __future__ import annotations

from queries.context import ParseContext
from queries.examples import EXAMPLES, close_examples
from queries.facts import Facts, facts
from queries.kinds import reading_spec
from queries.model import Question
from queries.receipt import receipt

__all__ = [
    "EXAMPLES",
    "ParseContext",
    "apply_followup",
    "close_examples",
    "parse",
    "receipt",
]


def build(f: Facts, ctx: ParseContext) -> Question:
    """The Question the facts ask, read by the first kind that claims them."""
    return reading_spec(f).build(f, ctx)


def parse(text: str, ctx: ParseContext | None = None) -> Question:
    """Parse one question; raises UserError for text it cannot place. Anything else is a bug
    and propagates (the pipeline logs it and answers internal_error)."""
    ctx = ctx or ParseContext()
    return build(facts(text, ctx), ctx)


from queries.followup import apply_followup  # noqa: E402  (followup builds on parse)
