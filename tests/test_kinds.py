"""The kind registry and the kinds added with it: falling, define, yes/no checks."""

from __future__ import annotations

import pytest

from queries.kinds import READING_ORDER, SPECS, spec
from queries.model import KINDS
from queries.parse import ParseContext, parse, receipt

CTX = ParseContext()


def test_every_kind_has_one_spec():
    assert set(SPECS) == set(KINDS)
    assert {s.name for s in READING_ORDER} == set(KINDS) - {"partners"}  # read as a pair
    for kind in KINDS:
        assert spec(kind).name == kind


@pytest.mark.parametrize(
    ("text", "kind", "order", "years"),
    [
        ("which partners of Germany fell the most 2018 vs 2022", "falling", "abs", (2018, 2022)),
        ("fastest declining EU partners of China 2020 vs 2023", "falling", "pct", (2020, 2023)),
        ("biggest CS decline with Iran since 2019", "falling", "abs", (2019, 2023)),
        ("shrinking partners of the UK", "falling", "pct", (2015, 2023)),
        ("rising partners of Norway", "rising", "pct", (2015, 2023)),
        ("who grew the most with Japan 2016 vs 2022", "rising", "abs", (2016, 2022)),
    ],
)
def test_movers_read_and_round_trip(text, kind, order, years):
    q = parse(text, CTX)
    assert (q.kind, q.order, q.years, q.series) == (kind, order, years, False)
    assert parse(receipt(q, CTX), CTX) == q.with_(assumptions=())


def test_falling_ranks_by_the_largest_drop(demo_answerer):
    answer = demo_answerer.answer("fastest falling partners of China 2020 vs 2023")
    assert answer.ok, answer.error
    ranked = sorted(
        (r.rank, r.country) for r in answer.rows if r.rank is not None and r.year == 2023
    )
    by_country = {c.country: c.pct_change for c in answer.changes}
    drops = [by_country[c] for _, c in ranked]
    assert drops == sorted(drops)  # the steepest fall first
    assert "fell fastest" in answer.headline
    rising = demo_answerer.answer("fastest rising partners of China 2020 vs 2023")
    assert {c.country for c in rising.changes} == set(by_country)  # the same scope of partners


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("has Japan–US collaboration declined since 2019?", "fall"),
        ("is China's share rising?", "rise"),
        ("did Australia–China CS go down between 2019 and 2022?", "fall"),
        ("US share falling?", "fall"),
        ("has China–US CS stagnated since 2022?", "steady"),
    ],
)
def test_yes_no_questions_check_a_direction(text, check, demo_answerer):
    q = parse(text, CTX)
    assert q.check == check
    assert parse(receipt(q, CTX), CTX) == q.with_(assumptions=())
    answer = demo_answerer.answer(text)
    assert answer.ok, answer.error
    pct = answer.changes[0].pct_change
    held = abs(pct) < 2
    expected_yes = held if check == "steady" else not held and (pct > 0) == (check == "rise")
    assert answer.verdict.startswith("Yes" if expected_yes else "No"), answer.verdict
    if not held:
        from queries.wording import percent

        way = "up" if pct > 0 else "down"
        assert f"{way} {percent(abs(pct), signed=False)}" in answer.verdict


def test_a_trend_question_without_years_takes_every_year():
    q = parse("is China's share rising?", CTX)
    assert q.years == tuple(range(2015, 2024)) and q.series
    assert any("every year" in a for a in q.assumptions)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("what does CS mean?", "cs"),
        ("what does Share mean?", "share"),
        ("define Count", "count"),
        ("what is BRI?", "BRI"),
        ("what is 2023*", "window"),
        ("why the * on 2023", "window"),
        ("which subjects do you know", "subjects"),
        ("what data do you have?", "datasets"),
        ("which countries do you have data for?", "countries"),
        ("how is this computed", "method"),
        ("how is growth calculated", "growth"),
        ("what's the difference between CS and Share", "metrics"),
    ],
)
def test_define_questions(text, term, demo_answerer):
    q = parse(text, CTX)
    assert (q.kind, q.term) == ("define", term)
    assert parse(receipt(q, CTX), CTX) == q
    answer = demo_answerer.answer(text)
    assert answer.ok and answer.headline and answer.sql == ""


@pytest.mark.parametrize("text", ["YOU:MEAN", "what does it mean?", "explain", "why"])
def test_a_define_cue_without_a_term_asks_which_term(text, demo_answerer):
    """Not a guess at the methodology: the reply offers CS, Share and the methodology."""
    answer = demo_answerer.answer(text)
    assert not answer.ok and answer.error is not None
    assert answer.error.code == "ambiguous"
    assert [c.split(" · ")[-1] for c in answer.error.choices] == ["CS", "Share", "methodology"]


def test_define_datasets_lists_what_is_loaded(demo_answerer):
    answer = demo_answerer.answer("what datasets do you have")
    assert "1 dataset" in answer.headline
    assert any(n.startswith("demo (synthetic") for n in answer.notes)


def test_function_words_are_never_countries():
    from queries.errors import UserError

    for text in ("ok", "thanks", "what does Share mean?", "mean", "chin up"):
        try:
            q = parse(text, CTX)
        except UserError as err:
            assert err.code != "unknown_country", (text, err.message)
        else:
            assert not q.countries, (text, q)
