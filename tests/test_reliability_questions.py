"""The adversarial corpus against the real pipeline: every input yields an answer or a user
error within a time bound, never an internal error, and any SQL reads only allow-listed tables.

Figures of the last run are kept in pytest's cache under `reliability/…` (RELIABILITY.md).
"""

from __future__ import annotations

import time

import pytest
import sqlglot
from adversarial_questions import CONTROLS, CORPUS, QUESTION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from data import schema
from data.catalogue import GROUPS, countries

TIME_BOUND_S = 2.0  # generous: a question normally takes well under 0.2 s
BAD_CODES = {"internal_error", "timeout"}
LEAKS = ("Traceback", 'File "', "duckdb", "sqlglot", "Exception", "Error:")

SUBJECTS = {
    *schema.NATURAL_SUBJECTS,
    "health_sciences",
    "natural_sciences",
    "all",
}
KNOWN_LITERALS = (
    {c.iso3 for c in countries()} | set(GROUPS) | SUBJECTS | {"demo", "openalex", "tiny"}
)


def _is_date(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def check_sql(sql: str) -> int:
    """Every statement a SELECT over allow-listed tables, every string literal vocabulary."""
    statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    assert statements, sql
    tables = 0
    for tree in statements:
        assert isinstance(tree, exp.Select | exp.Union), type(tree)
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            assert isinstance(table.this, exp.Identifier), f"table function: {table.sql()}"
            if table.name in ctes:
                continue
            assert table.name in schema.QUERYABLE_TABLES, table.sql()
            assert not table.args.get("db") and not table.args.get("catalog"), table.sql()
            tables += 1
        for node in tree.find_all(exp.Command, exp.Anonymous):
            raise AssertionError(f"unexpected SQL node {node.sql()}")
        for lit in tree.find_all(exp.Literal):
            if lit.is_string:
                assert lit.this in KNOWN_LITERALS or _is_date(lit.this), repr(lit.this)
    return tables


def record(request: pytest.FixtureRequest, name: str, figures: dict) -> None:
    """Keep a test's figures for RELIABILITY.md (pytest's cache) and print them with -s."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        cache.set(f"reliability/{name}", figures)
    print(f"\nreliability {name} {figures}")


def check_answer(answer, text: str) -> str:
    """'ok' or the error code; fails on anything that is not an answer or a user error."""
    assert answer.text == text
    if answer.ok:
        if answer.question is not None and answer.question.kind not in ("help", "define"):
            assert check_sql(answer.sql) > 0
        return "ok"
    assert answer.error is not None
    assert answer.error.code not in BAD_CODES, (text[:80], answer.error)
    message = answer.error.message
    assert message and not any(leak in message for leak in LEAKS), message
    return answer.error.code


def test_corpus_is_big_enough_and_varied():
    categories = {c for c, _ in CORPUS}
    assert len(CORPUS) >= 300
    assert categories >= {
        "injection",
        "long",
        "control",
        "null",
        "rtl",
        "emoji",
        "punctuation",
        "country_list",
    }
    assert max(len(t) for _, t in CORPUS) >= 10_000


def test_controls_are_answered(demo_answerer):
    for text in CONTROLS:
        answer = demo_answerer.answer(text)
        assert answer.ok, answer.error
        check_answer(answer, text)


def test_every_adversarial_input_is_an_answer_or_a_user_error(demo_answerer, request):
    base = demo_answerer.answer(QUESTION).question
    outcomes: dict[str, int] = {}
    slowest = (0.0, "")
    for category, text in CORPUS:
        for previous in (None, base):  # as a question, and as a thread reply to one
            started = time.perf_counter()
            answer = demo_answerer.answer(text, previous=previous)
            took = time.perf_counter() - started
            if took > slowest[0]:
                slowest = (took, f"{category}: {text[:40]!r}")
            code = check_answer(answer, text)
            outcomes[code] = outcomes.get(code, 0) + 1
    figures = {
        "inputs": len(CORPUS),
        "answers_checked": 2 * len(CORPUS),
        "ok": outcomes.get("ok", 0),
        "user_errors": sum(v for k, v in outcomes.items() if k != "ok"),
        "internal_errors": outcomes.get("internal_error", 0),
        "slowest_s": round(slowest[0], 3),
        "slowest_input": slowest[1],
        "codes": dict(sorted(outcomes.items())),
    }
    record(request, "questions_corpus", figures)
    assert slowest[0] < TIME_BOUND_S, slowest
    assert outcomes.get("ok", 0) > 20  # the templates with harmless slots still answer


# Text mixing the grammar's vocabulary with injection fragments: more of it reaches the SQL
# compiler than arbitrary unicode does (tests/test_ask_properties.py covers that).
FRAGMENTS = [
    "CS",
    "China",
    "Thailand",
    "Singapore",
    "top",
    "15",
    "BRI",
    "EU",
    "partners",
    "of",
    "2015",
    "vs",
    "2023",
    "in",
    "chemistry",
    "demo",
    "–",
    ",",
    "and",
    "share",
    "fastest rising",
    "'",
    '"',
    ";",
    "--",
    "/*",
    "*/",
    "DROP TABLE",
    "UNION SELECT",
    "read_csv",
    "ATTACH",
    "$1",
    "?",
    "\\",
    "\x00",
    "\u202e",
    "🇨🇳",
]


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(words=st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_injection_fragments_never_reach_the_sql(words, demo_answerer):
    text = " ".join(words)
    check_answer(demo_answerer.answer(text), text)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM evil.pair_figures",
        "SELECT * FROM duckdb_settings()",
        "SELECT a FROM pair_figures WHERE a = 'China'' OR 1=1 --'",
        "ATTACH 'x.duckdb' AS x",
    ],
)
def test_the_sql_check_itself_catches_escapes(sql):
    with pytest.raises(AssertionError):
        check_sql(sql)
