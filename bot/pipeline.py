"""The one entry point every front end calls: text (and maybe the previous question) → Answer."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from functools import lru_cache

from data.store import QueryTimeout, Store, resolve_db_path
from queries import parse as grammar
from queries import wording as say
from queries.answer import Figures, build_answer, define_answer, figures, resolve
from queries.datasets import DatasetContext, load_contexts
from queries.errors import UserError
from queries.followup import FollowUp, read_followup
from queries.kinds.base import measure
from queries.model import Answer, ErrorInfo, Question
from queries.suggest import suggestions

log = logging.getLogger("collabbot.pipeline")

HELP_TEXT = (
    "Ask about research collaboration between countries, e.g. "
    "“CS China–Thailand 2015 vs 2023”. Metrics: CS (bilateral collaboration score), joint "
    "articles, Count, Share. Groups: BRI, EU, G7, G20, OECD, ASEAN, BRICS. Years: 2023, "
    "2015 vs 2023, 2015–2023 (a series), since 2020, latest. Subjects: chemistry, physical, "
    "biological, earth & environmental, health sciences; natural sciences is the default."
)


class Answerer:
    """Answers questions from one database file; re-reads dataset facts when the file changes."""

    def __init__(
        self, db: str | os.PathLike[str] | None = None, default_dataset: str | None = None
    ):
        self.store = Store(db)
        self._default = default_dataset
        self._lock = threading.Lock()
        self._contexts: dict[str, DatasetContext] | None = None
        self._identity: object = None

    def contexts(self) -> dict[str, DatasetContext]:
        with self._lock:
            con = self.store.connection()  # reopens after a load swapped the file
            if self._contexts is None or self._identity is not con:
                self._contexts = load_contexts(self.store)
                self._identity = con
            return self._contexts

    def default_dataset(self) -> str:
        contexts = self.contexts()
        wanted = self._default or os.environ.get("COLLABBOT_DATASET")
        if wanted and wanted in contexts:
            return wanted
        if wanted:
            raise UserError("unknown_dataset", say.unknown_dataset(wanted, sorted(contexts)))
        if "demo" in contexts:
            return "demo"
        if not contexts:
            raise UserError(
                "no_data",
                "No dataset is loaded yet. Run `python -m bot data build-demo` or "
                "`python -m bot data load …`.",
            )
        return sorted(contexts)[0]

    def parse_context(self, dataset: str | None = None) -> grammar.ParseContext:
        contexts = self.contexts()
        name = dataset or self.default_dataset()
        if name not in contexts:
            raise UserError("unknown_dataset", say.unknown_dataset(name, sorted(contexts)))
        ctx = contexts[name]
        return grammar.ParseContext(
            years=ctx.years,
            year_labels=ctx.labels,
            datasets=tuple(sorted(contexts)),
            default_dataset=name,
        )

    def question(
        self, text: str, previous: Question | None = None, dataset: str | None = None
    ) -> Question:
        return _read(text, previous, self.parse_context(dataset)).question

    def answer(
        self,
        text: str,
        previous: Question | None = None,
        dataset: str | None = None,
        history: tuple[Question, ...] = (),
    ) -> Answer:
        """Never raises for anything a person typed: errors come back as answers."""
        try:
            with self.store.pinned():  # one file version for the whole answer, even mid-load
                return self._answer(text, previous, dataset, history)
        except UserError as err:
            return error_answer(text, self._with_suggestions(text, err.info(), dataset))
        except QueryTimeout:
            log.warning("query timeout", extra={"question": text[:200]})
            return error_answer(text, ErrorInfo("timeout", say.QUERY_TIMEOUT))
        except Exception:
            log.exception("internal error answering %r", text[:200])
            return error_answer(text, ErrorInfo("internal_error", say.INTERNAL_ERROR))

    def _with_suggestions(self, text: str, error: ErrorInfo, dataset: str | None) -> ErrorInfo:
        """Examples built from what was typed and what the dataset can answer."""
        if error.code in ("chatter", "no_data", "unknown_dataset", "too_long"):
            return error
        try:
            pctx = self.parse_context(dataset)
            data = self.contexts().get(pctx.default_dataset)
            examples = suggestions(str(text), pctx, data)
        except UserError:
            return error
        return replace(error, examples=examples)

    def _answer(
        self,
        text: str,
        previous: Question | None,
        dataset: str | None,
        history: tuple[Question, ...] = (),
    ) -> Answer:
        pctx = self.parse_context(dataset)
        reading = _read(text, previous, pctx, history)
        q = reading.question
        receipt = grammar.receipt(q, pctx)
        if q.kind == "help":
            return Answer(
                text=text,
                ok=True,
                question=q,
                receipt=receipt,
                help_text=HELP_TEXT,
                headline=HELP_TEXT,
            )
        contexts = self.contexts()
        if q.kind == "define":
            return define_answer(text, q, receipt, contexts)
        names = q.datasets or (pctx.default_dataset,)
        results: list[Figures] = []
        for name in names:
            if name not in contexts:
                raise UserError("unknown_dataset", say.unknown_dataset(name, sorted(contexts)))
            results.append(figures(resolve(q, contexts[name]), self.store))
        if len(results) == 1:
            own = self.parse_context(names[0])  # that dataset's years and labels
            receipt = _answered_receipt(q, results[0], own) or receipt
        answer = build_answer(text, q, receipt, results)
        return replace(answer, action=reading.action) if reading.action else answer

    def question_from_receipt(self, receipt: str) -> Question | None:
        try:
            return grammar.parse(receipt, self.parse_context())
        except UserError:
            return None
        except Exception:
            log.exception("could not re-read a stored question")
            return None

    def datasets_summary(self) -> list[dict]:
        try:
            contexts = self.contexts()
        except UserError:
            return []
        return [
            {
                "name": c.name,
                "version": c.version,
                "synthetic": c.synthetic,
                "source": c.source,
                "years": f"{c.label(c.years[0])}–{c.label(c.years[-1])}" if c.years else "",
            }
            for c in contexts.values()
        ]


def _read(
    text: str,
    previous: Question | None,
    pctx: grammar.ParseContext,
    history: tuple[Question, ...] = (),
) -> FollowUp:
    """A new question, or a follow-up that edits `previous` or shows its answer another way."""
    if previous is not None:
        return read_followup(previous, text, pctx, history)
    return FollowUp(grammar.parse(text, pctx))


def _answered_receipt(q: Question, f: Figures, pctx: grammar.ParseContext) -> str:
    """The receipt of what was answered when the dataset changed the question (no CS there:
    joint works; no subject split: all subjects), in the dataset's own words."""
    done = f.resolved.question.with_(datasets=q.datasets, assumptions=q.assumptions)
    ctx = f.resolved.context
    label = measure(done, ctx) if ctx.counts_all_types else ""
    if done == q and not label:
        return ""
    return grammar.receipt(done, pctx, metric_label=label)


def error_answer(text: str, error: ErrorInfo) -> Answer:
    examples = error.examples
    if not examples and error.code not in ("internal_error", "timeout"):
        try:
            examples = tuple(grammar.close_examples(text, 3))
        except Exception:  # examples are a courtesy; never let them hide the real error
            examples = ()
    if examples != error.examples:
        error = ErrorInfo(error.code, error.message, error.suggestions, examples, error.span)
    return Answer(text=text, ok=False, error=error, headline=error.message)


@lru_cache(maxsize=8)
def answerer_for(db: str) -> Answerer:
    return Answerer(db)


def _default_answerer(db: str | os.PathLike[str] | None) -> Answerer:
    return answerer_for(str(resolve_db_path(db)))


def answer(
    text: str,
    *,
    previous: Question | None = None,
    dataset: str | None = None,
    db: str | os.PathLike[str] | None = None,
) -> Answer:
    return _default_answerer(db).answer(text, previous, dataset)


def question_from_receipt(
    receipt: str, db: str | os.PathLike[str] | None = None
) -> Question | None:
    return _default_answerer(db).question_from_receipt(receipt)


def datasets_summary(db: str | os.PathLike[str] | None = None) -> list[dict]:
    return _default_answerer(db).datasets_summary()
