"""The SQL each kind of question compiles to, as golden files; and what may enter the tree.

Golden files live in tests/golden/sql/: `<kind>.sql` (duckdb, the dialect that runs) and
`<kind>.<dialect>.sql` for a few transpiled ones. `pytest --update-golden` rewrites them;
review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.tokens import Tokenizer, TokenType

from data.catalogue import GROUPS, countries
from data.schema import SCHEMA
from queries.answer import resolve
from queries.compile import (
    _GROUP_FILTER,
    _GROUP_MEMBERS,
    SHAPES,
    Compiled,
    _checked,
    _shape_tree,
    bind,
)
from queries.kinds import compile_question
from queries.model import SUBJECTS, Question

GOLDEN = Path(__file__).resolve().parent / "golden" / "sql"

# One question of every kind (the file name says which).
QUESTIONS: dict[str, str] = {
    "pair": "CS China–Thailand 2015 vs 2023",
    "pair_series": "joint papers between China and Singapore 2015–2023",
    "partners": "CS China–Singapore, South Korea, Italy 2015 vs 2023",
    "top": "China's top partners in chemistry 2023",
    "top_group": "top 15 BRI partners of China 2023",
    "rising": "fastest rising BRI partners of China 2015 vs 2023",
    "falling": "which partners of China fell the most 2020 vs 2023",
    "rank": "Singapore's rank among China's partners 2023 including health sciences",
    "aggregate_group": "China BRI collaboration 2015 vs 2023",
    "aggregate_international": "China international collaboration 2015 vs 2023",
    "aggregate_domestic": "China domestic articles 2015 vs 2023",
    "share": "BRI share of China's international collaboration 2015 vs 2023",
}
EXPECTED_KIND = {
    "pair": ("pair", None, False),
    "pair_series": ("pair", None, True),
    "partners": ("partners", None, False),
    "top": ("top", None, False),
    "top_group": ("top", None, False),
    "rising": ("rising", None, False),
    "falling": ("falling", None, False),
    "rank": ("rank", None, False),
    "aggregate_group": ("aggregate", "group", False),
    "aggregate_international": ("aggregate", "international", False),
    "aggregate_domestic": ("aggregate", "domestic", False),
    "share": ("share", None, False),
}
OTHER_DIALECTS = [(name, d) for name in ("rising", "share") for d in ("postgres", "spark")]

# More questions for the literal allow-list: aliases, codes, odd case and dashes.
MORE_QUESTIONS = (
    "CS China–Viet Nam 2015 vs 2023",
    "cs chn-usa since 2020",
    "CS China–Türkiye 2023",
    "collaboration score China and Britain 2015 vs 2023",
    "CS China–S. Korea, ROK 2019",
    "top 5 EU partners of China by joint articles 2022",
    "biggest CS increase with China since 2015",
    "Singapore's rank among China's BRI partners 2023",
    "China's top 3 partners in biological sciences 2023",
    "China ASEAN collaboration 2018 vs 2023 in earth and environmental sciences",
    "G7 share of China's international collaboration 2023",
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def compiled_for(answerer, text: str) -> Compiled:
    ctx = answerer.contexts()["demo"]
    q = answerer.question(text, dataset="demo")
    return compile_question(resolve(q, ctx).question, ctx)


def check_golden(path: Path, text: str, update: bool) -> None:
    text = text.rstrip("\n") + "\n"
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"SQL differs from {path.name}; if the change is intended, run pytest --update-golden"
    )


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_golden_duckdb(name, demo_answerer, update_golden):
    text = QUESTIONS[name]
    q = demo_answerer.question(text)
    assert (q.kind, q.aggregate, q.series) == EXPECTED_KIND[name]
    if name.endswith("group") or name in ("rising", "share"):
        assert q.group == "BRI"
    compiled = compiled_for(demo_answerer, text)
    check_golden(GOLDEN / f"{name}.sql", compiled.sql("duckdb"), update_golden)
    # The SQL an answer runs and shows is the golden SQL.
    answer = demo_answerer.answer(text)
    assert answer.ok, answer.error
    assert answer.sql == compiled.sql("duckdb")


@pytest.mark.parametrize(("name", "dialect"), OTHER_DIALECTS)
def test_golden_other_dialects(name, dialect, demo_answerer, update_golden):
    sql = compiled_for(demo_answerer, QUESTIONS[name]).sql(dialect)
    check_golden(GOLDEN / f"{name}.{dialect}.sql", sql, update_golden)
    assert sqlglot.parse_one(sql, dialect=dialect) is not None


def allowed_names() -> set[str]:
    """Identifiers: the schema's tables and columns, and every name in the shape texts."""
    shapes = " ".join(SHAPES.values()) + _GROUP_MEMBERS + _GROUP_FILTER
    names = {
        t.text.lower()
        for t in Tokenizer().tokenize(re.sub(r"[{}]", " ", shapes))
        if t.token_type == TokenType.VAR
    }
    bound = {"cast"}  # bind() writes a date as CAST('…' AS DATE)
    return names | bound | set(SCHEMA) | {c for cols in SCHEMA.values() for c in cols}


def allowed_strings(answerer) -> set[str]:
    return {c.iso3 for c in countries()} | set(answerer.contexts()) | set(SUBJECTS) | set(GROUPS)


@pytest.mark.parametrize("text", list(QUESTIONS.values()) + list(MORE_QUESTIONS))
def test_only_allow_listed_literals_reach_the_sql(text, demo_answerer):
    answer = demo_answerer.answer(text)
    assert answer.ok, answer.error
    tree = compiled_for(demo_answerer, text).tree
    allowed = allowed_strings(demo_answerer)
    for lit in tree.find_all(exp.Literal):
        if lit.is_string:
            assert lit.this in allowed or ISO_DATE.match(lit.this), f"{lit.this!r} from {text!r}"
        else:
            float(lit.this)  # numbers are numbers
    # What runs, read back token by token: every string is allow-listed and every name is a
    # table, column or alias written in the compiler's own shapes.
    names = allowed_names()
    for token in Tokenizer().tokenize(answer.sql):
        if token.token_type == TokenType.STRING:
            assert token.text in allowed or ISO_DATE.match(token.text), token.text
        elif token.token_type == TokenType.VAR:
            assert token.text.lower() in names, f"{token.text!r} from {text!r}"


def test_hostile_value_stays_one_literal(demo_answerer):
    """Even a value no parse would produce is bound as one string literal, not SQL."""
    ctx = demo_answerer.contexts()["demo"]
    evil = "THA') OR 1=1; DROP TABLE pair_figures; --"
    q = Question("pair", focal="CHN", partners=(evil,), years=(2015, 2023))
    sql = compile_question(q, ctx).sql("duckdb")
    reparsed = sqlglot.parse(sql, dialect="duckdb")
    assert len(reparsed) == 1 and isinstance(reparsed[0], exp.Select)
    assert evil in {lit.this for lit in reparsed[0].find_all(exp.Literal) if lit.is_string}
    assert not list(reparsed[0].find_all(exp.Drop))
    assert demo_answerer.store.run(sql).rows == ()  # runs, and finds nothing


def test_qualify_rejects_an_unknown_column():
    tree = exp.select("pf.no_such_column").from_("pair_figures AS pf")
    with pytest.raises(OptimizeError, match="no_such_column"):
        _checked(tree)


def test_qualify_rejects_an_unknown_table():
    tree = sqlglot.parse_one("SELECT x.iso3 FROM secrets AS x", dialect="duckdb")
    with pytest.raises(OptimizeError, match="secrets"):
        _checked(tree)
    tree = sqlglot.parse_one("SELECT pf.a FROM other.pair_figures AS pf", dialect="duckdb")
    with pytest.raises(OptimizeError, match="other.pair_figures"):
        _checked(tree)


def test_qualify_rejects_a_shape_with_a_column_renamed():
    tree = _shape_tree("pair_values", "cs", False, "")
    broken = tree.transform(
        lambda n: (
            exp.column("nope", table="pf") if isinstance(n, exp.Column) and n.name == "cs" else n
        )
    )
    values = {
        "dataset": "demo",
        "subject": "natural_sciences",
        "focal": "CHN",
        "partners": ["THA"],
        "years": [2015, 2023],
        "group": None,
        "on_date": dt.date(2023, 7, 31),
    }
    _checked(bind(tree, values))  # the original passes
    with pytest.raises(OptimizeError, match="nope"):
        _checked(bind(broken, values))


def test_world_share_counts_every_international_article(demo_answerer):
    """WORLD has no membership rows; its share of international articles is 100 %, not 0."""
    answer = demo_answerer.answer("world share of China's international collaboration 2015 vs 2023")
    assert answer.ok, answer.error
    assert answer.question.group == "WORLD"
    assert [r.value for r in answer.rows] == [pytest.approx(100.0)] * 2


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_the_statement_that_runs_gives_the_rows_of_the_sql_shown(demo_answerer, name):
    """What runs is the shape's text with DuckDB parameters; what a person is shown binds the
    same values as literals. Both give the same rows, and no value of the question is in the
    text that runs."""
    compiled = compiled_for(demo_answerer, QUESTIONS[name])
    statement, params = compiled.runnable()
    store = demo_answerer.store
    assert store.run(statement, params).rows == store.run(compiled.sql()).rows
    assert params and all(f"${p}" in statement for p in params)
    for value in params.values():
        if isinstance(value, str):
            assert f"'{value}'" not in statement
    # Made once per shape: a second question of the kind reuses the very text.
    again = compiled_for(demo_answerer, QUESTIONS[name])
    assert again.statement is compiled.statement and again.key == compiled.key


def test_the_shown_sql_is_made_only_when_asked_for(demo_answerer):
    from bot.render import messages

    answer = demo_answerer.answer("CS China–Thailand 2015 vs 2023")
    blocks = str(messages(answer))
    assert "show_sql" in blocks  # the button is offered …
    assert callable(answer.sql_text)  # … without the SQL being printed for the reply
    shown = answer.sql
    assert "pf.a = 'CHN'" in shown and "pf.b IN ('THA')" in shown
    assert answer.sql_text == shown and answer.sql is shown  # made once, then kept
    other = demo_answerer.answer("CS China–Thailand 2015 vs 2023")
    assert other == answer and other.query == answer.query  # same question, same query


def test_a_value_of_a_type_the_sql_cannot_hold_is_refused():
    from queries.compile import params

    with pytest.raises(TypeError):
        params({"focal": object()})
    with pytest.raises(ValueError, match="non-empty IN"):
        params({"years": []})
