"""`ask --json` over arbitrary text: never raises, always the contract's shape, stable codes.

Runs the code path of `python -m bot ask --json` in-process:
answer_json(demo_answerer.answer(text)).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from contract import CONTRACT_FIELDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data.catalogue import GROUPS, countries
from queries.serialize import answer_json

# Every code an answer's error may carry (queries/parse.py's table, plus what answer.py and the
# pipeline add). internal_error and timeout are deliberately absent: either one is a bug here.
KNOWN_CODES = {
    "unknown_word",
    "unknown_country",
    "unknown_group",
    "unknown_dataset",
    "year_not_available",
    "missing_countries",
    "missing_partner",
    "missing_group",
    "chatter",
    "out_of_scope",
    "unsupported_negation",
    "metric_not_available",
    "subject_not_available",
    "too_long",
    "too_many_countries",
    "same_country",
    "bad_limit",
    "ambiguous",
    "not_a_followup",
    "no_data",
}

ALIASES = Path(__file__).resolve().parent.parent / "data" / "catalogue" / "aliases.csv"
with ALIASES.open(encoding="utf-8") as fh:
    _ALIAS_NAMES = [row["alias"] for row in csv.DictReader(fh)]

COUNTRY_WORDS = (
    sorted({c.name for c in countries()})
    + _ALIAS_NAMES
    + [
        "China",
        "Thailand",
        "Singapore",
        "US",
        "UK",
        "Korea",
        "Türkiye",
        "Viet Nam",
        "CHN",
        "th",
    ]
)
VOCABULARY = [
    # metrics
    "CS",
    "collaboration score",
    "bilateral CS",
    "joint articles",
    "papers",
    "co-authored",
    "count",
    "share",
    "growth",
    "change",
    # kinds and cues
    "top",
    "top 15",
    "top 0",
    "top 500",
    "partners",
    "fastest rising",
    "biggest increase",
    "rank",
    "among",
    "'s",
    "share of",
    "international",
    "domestic",
    "collaboration",
    "with",
    "between",
    "help",
    "examples",
    "as a table",
    "instead",
    "+",
    "add",
    "without",
    # years
    "2015",
    "2019",
    "2023",
    "2023*",
    "1999",
    "2031",
    "vs",
    "to",
    "since",
    "in",
    "latest",
    "2015–2023",
    "2015-2023",
    # subjects
    "chemistry",
    "physical sciences",
    "biological sciences",
    "earth & environmental sciences",
    "health sciences",
    "natural sciences",
    "all subjects",
    "including health sciences",
    # groups and membership rules
    *GROUPS,
    "Belt and Road",
    "members as of",
    "current",
    "world",
    # joiners and punctuation
    "–",
    "—",
    "-",
    "/",
    "&",
    "and",
    ",",
    "?",
    "…",
    "'",
    '"',
    # datasets
    "in demo",
    "in openalex",
]
NASTY = [
    "",
    " ",
    "\x00",
    "CS China\x00–Thailand 2015 vs 2023",
    "\u202eCS China–Thailand 2023",
    "CS الصين–تايلاند 2023",
    "CS 中国–泰国 2023",
    "CS 🇨🇳–🇹🇭 2023 🚀",
    "👩‍🔬" * 50,
    "C\u0301S China–Thai\u0308land 2023",
    "\ufeffCS China–Thailand 2023",
    "\ud800",
    "x\udcff",
    "CS China–Thailand 2023" * 40,
    "'; DROP TABLE pair_figures; --",
    "%s %d {0} ${x}",
    "CS China–" + ", ".join(["Thailand"] * 30) + " 2023",
    "top 15 BRI partners of China 2023" + "\n" * 5 + "\t",
]

unicode_text = st.text(
    alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co"]),
    max_size=120,
)
vocab_text = st.lists(st.sampled_from(VOCABULARY + COUNTRY_WORDS), min_size=0, max_size=9).map(
    " ".join
)
mixed_text = st.lists(
    st.one_of(st.sampled_from(VOCABULARY + COUNTRY_WORDS), unicode_text), max_size=6
).map(" ".join)

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_contract(text: str, answerer) -> dict:
    obj = answer_json(answerer.answer(text))
    # JSON-serialisable (ASCII escapes keep lone surrogates printable) and unchanged by a trip.
    assert json.loads(json.dumps(obj)) == obj
    assert set(obj) >= CONTRACT_FIELDS
    assert obj["question"] == text
    assert isinstance(obj["ok"], bool)
    assert (obj["error"] is None) == obj["ok"], obj["error"]
    if obj["ok"]:
        assert obj["kind"] is not None
        assert isinstance(obj["rows"], list)
        for row in obj["rows"]:
            assert {"year", "country", "value"} <= set(row)
        assert obj["kind"] in ("help", "define") or obj["sql"]
    else:
        err = obj["error"]
        assert err["code"] in KNOWN_CODES, err
        assert isinstance(err["message"], str) and err["message"]
        assert isinstance(err["suggestions"], list)
        assert obj["rows"] == []
    return obj


@SETTINGS
@given(text=unicode_text)
def test_any_unicode_text(text, demo_answerer):
    check_contract(text, demo_answerer)


@SETTINGS
@given(text=vocab_text)
@example(text="CS China–Thailand 2015 vs 2023")
@example(text="top 15 BRI partners of China 2023")
def test_text_from_the_vocabulary(text, demo_answerer):
    check_contract(text, demo_answerer)


@settings(SETTINGS, max_examples=100)
@given(text=mixed_text)
def test_vocabulary_mixed_with_unicode(text, demo_answerer):
    check_contract(text, demo_answerer)


def test_nasty_strings(demo_answerer):
    for text in NASTY:
        check_contract(text, demo_answerer)


def test_some_vocabulary_questions_succeed(demo_answerer):
    """The strategies reach answered questions too, not only errors."""
    assert check_contract("CS China–Thailand 2015 vs 2023", demo_answerer)["ok"]
    assert check_contract("top 15 BRI partners of China 2023", demo_answerer)["ok"]
    assert check_contract("help", demo_answerer)["kind"] == "help"
