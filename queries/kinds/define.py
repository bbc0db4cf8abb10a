"""define: what a term means (CS, Share, BRI, 2023*) or what the bot knows (subjects, datasets)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from data.catalogue import GROUPS
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import LIST_CATS, TERM_CATS, Facts
from queries.glossary import GROUP_NOTES, TERMS
from queries.kinds.base import Ambiguous, KindSpec
from queries.model import Question

_LISTS = {
    "list_subjects": "subjects",
    "list_groups": "groups",
    "list_datasets": "datasets",
    "list_metrics": "metrics",
    "list_years": "years",
    "list_countries": "countries",
}
_TERM_CATS = {
    "term_growth": "growth",
    "term_small_base": "small_base",
    "term_window": "window",
    "term_method": "method",
    "international": "international",
    "domestic": "domestic",
}
_METRICS = {"cs": "cs", "joint": "joint_articles", "count": "count", "share": "share"}
# A "what is X?" with only these in it asks what X means.
_TERMABLE = {"metric", "papers", "group", "international", "domestic", "subject"}
# Words that ask how the figures are made (the methodology answer), as opposed to a bare "mean?".
_HOW = re.compile(
    r"\b(?:how|comput\w*|calculat\w*|measur\w*|count(?:ed|s)?|method\w*|work\w*|made)\b", re.I
)
_WHAT = re.compile(r"^\W*(?:what|whats|what's|wats|which|define|explain|meaning)\b", re.I)


class DefineSpec(KindSpec):
    name = "define"

    def claims(self, f: Facts) -> bool:
        if f.countries:
            return False
        asks = f.yes_no or f.text.rstrip().endswith(("?", "？")) or _WHAT.match(f.text)
        if f.has("term_window") or f.has("star") and (asks or f.has("define")):
            return True  # "what does the asterisk on 2023 denote?", "why the * on 2023"
        if f.years and not f.starred_year:
            return False
        if f.has("define", "about_bot", *LIST_CATS, *TERM_CATS):
            return True
        others = f.content - _TERMABLE - {"list", "year", "add"}
        return bool(asks) and not others and bool(f.has(*_TERMABLE) or f.starred_year)

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        term = self.term(f)
        if term == "method" and not _HOW.search(f.text):
            # "you mean?" names no term and asks nothing about how figures are made: a guess at
            # the methodology would be a wrong reading, so ask which term.
            raise Ambiguous(
                "Which term should I explain? Did you mean one of these?",
                [Question("define", term=t) for t in ("cs", "share", "method")],
            )
        return Question("define", term=term, assumptions=tuple(f.assumptions))

    @staticmethod
    def explicit(f: Facts) -> bool:
        """The term is named outright (so a stray word around it does not matter)."""
        return f.has("metric", "group", *LIST_CATS, *TERM_CATS, "star") or f.starred_year

    @staticmethod
    def term(f: Facts) -> str:
        for it in f.items:
            if it.cat in _LISTS:
                return _LISTS[it.cat]
        named = [_METRICS[str(it.value)] for it in f.items if it.cat == "metric"]
        metrics = set(named)
        if len(metrics) > 1:
            # "does CS use fractional counting?" is about CS; "the difference between CS and
            # Share" about the metrics.
            return named[0] if f.yes_no else "metrics"
        for it in f.items:
            if it.cat in _TERM_CATS:
                return _TERM_CATS[it.cat]
        if metrics:
            return metrics.pop()
        if f.has("star") or f.starred_year:
            return "window"  # "why the * on 2023?"
        if f.has("rise", "fall", "change", "fastest"):
            return "growth"  # "how is growth calculated?"
        if f.group and f.group != "WORLD":
            return f.group
        listed = " ".join(f.text[i.span[0] : i.span[1]] for i in f.items if i.cat == "list")
        if f.has("about_bot") and (f.has("partners") or "countr" in listed.lower()):
            return "countries"  # "which countries do you have data for?"
        if f.has("about_bot") and not f.content - {"about_bot", "list"}:
            return "datasets"  # "what do you have?"
        if f.papers:
            return "joint_articles"
        if set(f.subjects) & {"natural_sciences", "all"}:
            return "natural_sciences"
        return "method"  # "how is this computed?"

    def subject_line(self, q: Question) -> str:
        return "define"

    def answer_text(
        self, q: Question, contexts: Mapping[str, DatasetContext]
    ) -> tuple[str, tuple[str, ...]]:
        """The definition, and notes with what the loaded data says about it."""
        term = q.term or "method"
        if term in GROUPS:
            text = f"{term} ({GROUPS[term]}): {GROUP_NOTES.get(term, '')}"
            return text, ()
        if term == "datasets":
            lines = [_dataset_line(c) for c in contexts.values()]
            return f"{len(lines)} dataset(s) loaded.", tuple(lines)
        if term == "years":
            lines = [f"{c.name}: {_years(c)}" for c in contexts.values()]
            notes = tuple(n for c in contexts.values() for n in c.window_notes())
            return "Years per dataset: " + "; ".join(lines) + ".", notes
        return TERMS[term][1], ()


def term_label(term: str) -> str:
    """The receipt's word for a term (reads back as the same term)."""
    if term in GROUPS:
        return term
    return TERMS[term][0]


def _years(c: DatasetContext) -> str:
    if not c.years:
        return "no years"
    return f"{c.label(c.years[0])}–{c.label(c.years[-1])}"


def _dataset_line(c: DatasetContext) -> str:
    kind = "synthetic" if c.synthetic else "real data"
    return f"{c.name} ({kind}, v{c.version}): {c.description or c.source}; years {_years(c)}."


DEFINE = DefineSpec()
