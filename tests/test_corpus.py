"""The question corpus (tests/corpus/): every line read right, asked back or refused — never misread.

The figures printed here (read right / asked back / refused / misread by persona) are the
ones reported on the wording issue; `pytest tests/test_corpus.py -s` shows them.
"""

from __future__ import annotations

import pytest
from corpus_grade import HELDOUT, PERSONAS, run_conversations, run_questions


@pytest.fixture(scope="module")
def question_tally(demo_answerer):
    return run_questions(demo_answerer, PERSONAS + HELDOUT)


@pytest.fixture(scope="module")
def conversation_tally(demo_answerer):
    return run_conversations(demo_answerer, PERSONAS + HELDOUT)


def _misreads(tally) -> list[str]:
    return [f"{p}: {q!r} → {d}" for p, q, o, d in tally.lines if o == "misread"]


def test_corpus_is_large_and_varied():
    from corpus_grade import conversations, questions

    n = sum(len(questions(p)) for p in PERSONAS)
    assert n >= 1000
    assert all(len(conversations(p)) >= 8 for p in PERSONAS + HELDOUT)


def test_no_question_is_misread(question_tally):
    print("\nquestions\n" + question_tally.table())
    misread = _misreads(question_tally)
    assert not misread, f"{len(misread)} misread:\n" + "\n".join(misread[:60])


def test_no_follow_up_is_misread(conversation_tally):
    print("\nconversations (turns)\n" + conversation_tally.table())
    misread = _misreads(conversation_tally)
    assert not misread, f"{len(misread)} misread:\n" + "\n".join(misread[:60])


def test_most_questions_are_read(question_tally):
    """A floor, not a figure: the grammar must read the large majority of what people type."""
    total = question_tally.total()
    assert total["right"] / sum(total.values()) >= 0.9, question_tally.table()
