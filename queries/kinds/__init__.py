"""The registry of question kinds: each kind's spec, in the order the parser tries them.

Adding a kind means one module with a KindSpec subclass, and a line in READING_ORDER.
"""

from __future__ import annotations

from queries.compile import Compiled
from queries.datasets import DatasetContext
from queries.facts import Facts
from queries.kinds.aggregate import AGGREGATE, INTERNATIONAL
from queries.kinds.base import Ambiguous, KindSpec, NotFollowUp
from queries.kinds.define import DEFINE
from queries.kinds.help import HELP
from queries.kinds.movers import FALLING, RISING
from queries.kinds.pair import PAIR, PARTNERS
from queries.kinds.rank import RANK
from queries.kinds.share import SHARE
from queries.kinds.top import TOP
from queries.model import Question

# Tried in this order; the first spec that claims the facts reads the question. A cue word
# decides before the number of countries does ("share of" before "international", "rank"
# before "top", growth words before "biggest"); the aggregate kind is tried twice: at once
# when "international"/"domestic" is said, and after the list kinds for a country with a
# group or its own articles.
READING_ORDER: tuple[KindSpec, ...] = (
    HELP,
    DEFINE,
    SHARE,
    INTERNATIONAL,
    RANK,
    RISING,
    FALLING,
    TOP,
    AGGREGATE,
    PAIR,
)

SPECS: dict[str, KindSpec] = {
    s.name: s for s in (HELP, DEFINE, SHARE, RANK, RISING, FALLING, TOP, AGGREGATE, PAIR, PARTNERS)
}

__all__ = [
    "SPECS",
    "Ambiguous",
    "KindSpec",
    "NotFollowUp",
    "compile_question",
    "reading_spec",
    "spec",
]


def spec(kind: str) -> KindSpec:
    """The spec of a kind (KeyError for an unknown kind: a programming error)."""
    return SPECS[kind]


def reading_spec(f: Facts) -> KindSpec:
    """The kind the facts ask for."""
    return next(s for s in READING_ORDER if s.claims(f))


def compile_question(q: Question, ctx: DatasetContext) -> Compiled:
    """The SQL for one dataset. The question is assumed valid for `ctx` (figures.resolve checks)."""
    return spec(q.kind).compile(q, ctx)
