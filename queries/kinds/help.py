"""help: a greeting, `help`, `examples`, or a question with nothing in it to read."""

from __future__ import annotations

from queries.context import ParseContext
from queries.facts import Facts
from queries.kinds.base import KindSpec
from queries.model import Question


class HelpSpec(KindSpec):
    name = "help"

    def claims(self, f: Facts) -> bool:
        return f.content <= {"help"}

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        return Question("help")

    def subject_line(self, q: Question) -> str:
        return "help"


HELP = HelpSpec()
