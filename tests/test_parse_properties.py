"""Parser properties: only UserError escapes, receipts round-trip, follow-ups edit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_parse_table import ALL_ROWS

from queries.errors import UserError
from queries.followup import apply_followup
from queries.parse import EXAMPLES, ParseContext, close_examples, parse, receipt

CTX = ParseContext(datasets=("demo", "openalex"))
WORDS = [
    "CS",
    "China",
    "Thailand",
    "Korea",
    "US",
    "IN",
    "in",
    "top",
    "5",
    "BRI",
    "EU",
    "partners",
    "of",
    "'s",
    "fastest",
    "rising",
    "biggest",
    "increase",
    "rank",
    "among",
    "share",
    "international",
    "domestic",
    "articles",
    "collaboration",
    "2015",
    "2023*",
    "2019",
    "vs",
    "to",
    "–",
    "-",
    "/",
    "&",
    "and",
    ",",
    "+",
    "since",
    "latest",
    "chemistry",
    "including health sciences",
    "as a table",
    "in openalex",
    "members as of",
    "current",
    "joint papers",
    "help",
    "?",
    "with",
    "Singapore",
    "Italy",
    "Guinea-Bissau",
    "world",
]


def _ok(text: str, ctx: ParseContext = CTX):
    try:
        return parse(text, ctx)
    except UserError as e:
        assert e.code and e.message
        return None


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_only_user_errors(text: str) -> None:
    _ok(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_word_salad_round_trips(words: list[str]) -> None:
    q = _ok(" ".join(words))
    if q is not None:
        assert parse(receipt(q, CTX), CTX) == q.with_(assumptions=())


@pytest.mark.parametrize("text", [r[0] for r in ALL_ROWS] + list(EXAMPLES))
def test_phrasings_round_trip(text: str) -> None:
    q = parse(text, CTX)
    assert parse(receipt(q, CTX), CTX) == q.with_(assumptions=())


def test_receipt_text() -> None:
    q = parse("CS China–Thailand 2015 vs 2023")
    assert receipt(q, ParseContext()) == "CS · China–Thailand · natural sciences · 2015 vs 2023*"


def test_nasty_inputs() -> None:
    for text in [
        "\x00" * 100,
        "🚀" * 400,
        "\u202e CS China–Thailand 2023",
        "x" * 10_000,
        "9" * 450,
        "2023" * 100,
        "top " * 100,
        "\n\t\r",
        "'s",
        "’",
        "..",
        "--2023--",
    ]:
        _ok(text)


PREV = parse("CS China–Thailand 2015 vs 2023")


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("and Italy?", {"partners": ("ITA",)}),
        ("Italy instead", {"partners": ("ITA",)}),
        ("+ Vietnam", {"kind": "partners", "partners": ("THA", "VNM")}),
        ("add Vietnam and Laos", {"kind": "partners", "partners": ("THA", "VNM", "LAO")}),
        ("2019 instead of 2015", {"years": (2019, 2023)}),
        ("vs 2019", None),
        ("since 2020", {"years": (2020, 2021, 2022, 2023), "series": True}),
        ("in chemistry", {"subject": "chemistry"}),
        ("including health sciences", {"subject": "all"}),
        ("as a table", {"presentation": "table"}),
        ("by joint articles", {"metric": "joint_articles"}),
        ("in openalex", {"datasets": ("openalex",)}),
        ("top 5", {"kind": "top", "partners": (), "limit": 5}),
    ],
)
def test_followups_on_a_pair(text: str, changes: dict | None) -> None:
    if changes is None:  # two readings: asked back
        with pytest.raises(UserError) as err:
            apply_followup(PREV, text, CTX)
        assert err.value.code == "ambiguous" and len(err.value.choices) == 2
        return
    got = apply_followup(PREV, text, CTX)
    assert got == PREV.with_(**changes), receipt(got, CTX)


def test_a_year_instead_keeps_the_comparison() -> None:
    """`2019 instead` after `2015 vs 2023` replaces one of the two years: asked back."""
    with pytest.raises(UserError) as err:
        apply_followup(PREV, "2019 instead", CTX)
    assert err.value.code == "ambiguous"
    assert err.value.choices == (
        "CS · China–Thailand · natural sciences · 2015 vs 2019",
        "CS · China–Thailand · natural sciences · 2019 vs 2023*",
    )
    single = parse("CS China–Thailand 2023")
    assert apply_followup(single, "2019 instead", CTX).years == (2019,)
    assert apply_followup(single, "vs 2015", CTX).years == (2015, 2023)


def test_followups_on_other_kinds() -> None:
    top = parse("top 15 BRI partners of China 2023")
    assert apply_followup(top, "top 5", CTX).limit == 5
    among = apply_followup(top, "and India?", CTX)  # India's place among the same partners
    assert (among.kind, among.focal, among.partners, among.group) == (
        "rank",
        "CHN",
        ("IND",),
        "BRI",
    )
    assert apply_followup(top, "and India's?", CTX).focal == "IND"
    assert apply_followup(top, "EU", CTX).group == "EU"
    assert apply_followup(top, "BRI members as of 2015", CTX).membership_year == 2015
    many = parse("CS China–Singapore, Thailand 2023")
    assert apply_followup(many, "and Italy?", CTX).partners == ("SGP", "THA", "ITA")
    assert apply_followup(many, "without Thailand", CTX).kind == "pair"
    rising = parse("fastest rising BRI partners of China 2015 vs 2023")
    assert apply_followup(rising, "2019 instead of 2023", CTX).years == (2015, 2019)
    rank = parse("Singapore's rank among China's partners 2023")
    assert apply_followup(rank, "and Thailand?", CTX).partners == ("THA",)
    korea = apply_followup(PREV, "and Korea?", CTX)
    assert korea.assumptions == ("Assuming Korea = South Korea (for North Korea say DPRK)",)
    # A complete question in a thread is a fresh question.
    assert apply_followup(PREV, "CS US–UK 2023", CTX).focal == "USA"
    assert apply_followup(PREV, "CS Japan–Singapore + Laos 2023", CTX).focal == "JPN"
    latest = parse("CS China–Korea")
    assert len(apply_followup(latest, "2019 instead", CTX).assumptions) == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("blah", "chatter"),
        ("thanks!", "chatter"),
        ("@maria see above for Germany", "chatter"),
        ("Wakanda instead", "unknown_country"),
        ("and China?", "same_country"),
        ("BRI", "not_a_followup"),
        ("2014 instead", "year_not_available"),
        ("share", "metric_not_available"),
    ],
)
def test_followup_errors(text: str, code: str) -> None:
    with pytest.raises(UserError) as err:
        apply_followup(PREV, text, CTX)
    assert err.value.code == code


def test_close_examples() -> None:
    got = close_examples("top partners of Chna in chemistry")
    assert len(got) == 3 and all(g in EXAMPLES for g in got)


def test_current_membership_does_not_depend_on_the_calendar(demo_answerer):
    """`current BRI members` is taken at the end of the dataset's latest window (not today),
    so the same question gives the same figure whatever the date."""
    from queries.compile import membership_date

    ctx = demo_answerer.contexts()["demo"]
    answer = demo_answerer.answer("top current BRI members partners of China 2019")
    assert answer.ok and answer.question.membership == "current"
    assert membership_date(answer.question, ctx) == ctx.window_end(max(ctx.years))
    assert "2023-07-31" in answer.sql  # the end of the demo's 2023* window, not 2019's
    assert any("latest window" in n for n in answer.notes)
