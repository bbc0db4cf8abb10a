"""Block Kit, CSV and terminal rendering of every kind of Answer, within Slack's limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import answers_fixture as fx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.render import (
    error_message,
    help_message,
    limits,
    message,
    messages,
    numbers,
    table_rows,
    terminal_text,
    to_csv,
    wording,
)
from queries.model import Answer, DatasetInfo, Question, Row

KINDS = sorted(fx.ALL)


def _texts(obj: Any) -> list[str]:
    """Every "text" string in a message, the table cells included."""
    if isinstance(obj, dict):
        out = []
        for key, value in obj.items():
            if key == "text" and isinstance(value, str):
                out.append(value)
            else:
                out += _texts(value)
        return out
    if isinstance(obj, list):
        return [t for v in obj for t in _texts(v)]
    return []


def _all_text(msgs: list[dict[str, Any]]) -> str:
    return "\n".join(t for m in msgs for t in _texts(m))


def _tables(msg: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for a in msg["attachments"] for b in a["blocks"] if b["type"] == "table"]


def _cell_text(cell: dict[str, Any]) -> str:
    return "".join(_texts(cell))


def _check_limits(msg: dict[str, Any]) -> None:
    assert set(msg) == {"text", "blocks", "attachments"}
    assert msg["text"]
    assert 1 <= len(msg["blocks"]) <= limits.MAX_BLOCKS
    assert limits.text_size(msg) <= limits.MAX_MESSAGE_TEXT
    for block in msg["blocks"] + [b for a in msg["attachments"] for b in a["blocks"]]:
        # Re-parsing through slack_sdk runs its validators (length and count limits).
        assert Block.parse(block).to_dict()["type"] == block["type"]
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= limits.MAX_SECTION_TEXT
        if block["type"] == "actions":
            for el in block["elements"]:
                assert len(el["value"]) <= limits.MAX_BUTTON_VALUE
    tables = _tables(msg)
    assert len(tables) <= 1
    for table in tables:
        assert len(table["rows"]) <= limits.MAX_TABLE_ROWS
        for row in table["rows"]:
            assert len(row) == len(table["rows"][0]) <= limits.MAX_TABLE_COLUMNS
            assert all(_cell_text(c).strip() for c in row)


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_builds_within_limits(name: str) -> None:
    answer = fx.ALL[name]()
    msgs = messages(answer)
    for msg in msgs:
        _check_limits(msg)
    _check_limits(message(answer))
    for msg in messages(answer, table_style="text"):
        _check_limits(msg)


@pytest.mark.parametrize("name", [k for k in KINDS if k not in ("help", "error")])
def test_message_holds_every_figure(name: str) -> None:
    answer = fx.ALL[name]()
    text = _all_text(messages(answer))
    for row in answer.rows:
        assert numbers.value(answer, row.value) in text
    for change in answer.changes:
        if answer.question.kind == "share":
            assert numbers.points(change.abs_change) in text
        else:
            assert numbers.pct(change.pct_change) in text
    assert answer.headline in text
    assert answer.receipt in text


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        ("pair_two_years", ["3.10", "39.83", "+1,185%", "2023*"]),
        ("partners_two_years", ["636.40", "+155%", "+206%", "+187%"]),
        ("aggregate", ["4,512", "10,468", "+132%"]),
        ("share", ["22%", "28%", "+6 pp"]),
        ("rank", ["905.12", "4,512.66"]),
        ("pair_series", ["3,502.11", "4,615.90", "3,871.05"]),
    ],
)
def test_published_style_figures(name: str, figures: list[str]) -> None:
    text = _all_text([message(fx.ALL[name]())])
    for figure in figures:
        assert figure in text


def test_pair_two_years_layout() -> None:
    msg = message(fx.pair_two_years())
    assert msg["text"] == fx.pair_two_years().headline
    types = [b["type"] for b in msg["blocks"]]
    assert types == ["context", "section", "section", "context", "actions"]
    assert "from a very small base" in _all_text([msg])
    [table] = _tables(msg)
    assert [_cell_text(c) for c in table["rows"][1]] == [
        "China–Thailand",
        "3.10",
        "39.83",
        "+1,185%",
    ]


def test_footer_says_dataset_window_and_synthetic() -> None:
    footer = message(fx.pair_two_years())["blocks"][-2]["elements"][0]["text"]
    assert "demo 2024.1" in footer
    assert "2023* = August 2022 – July 2023" in footer
    assert wording.SYNTHETIC in footer


def test_real_data_is_labelled_with_source() -> None:
    real = DatasetInfo("openalex", "2024-01", "OpenAlex co-authorship networks", synthetic=False)
    answer = replace(fx.pair_two_years(), datasets=(real,))
    text = _all_text([message(answer)])
    assert "Source: OpenAlex co-authorship networks" in text
    assert wording.SYNTHETIC not in text


def test_buttons_carry_the_canonical_question() -> None:
    answer = fx.rank()
    [actions] = [b for b in message(answer)["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == [
        "show_sql",
        "csv",
        "by_subject",
        "over_time",
    ]
    assert {e["value"] for e in actions["elements"]} == {answer.receipt}


def test_rank_highlights_the_asked_partner() -> None:
    [table] = _tables(message(fx.rank()))
    singapore = next(r for r in table["rows"] if _cell_text(r[1]) == "Singapore")
    assert all(c["type"] == "rich_text" for c in singapore)
    japan = next(r for r in table["rows"] if _cell_text(r[1]) == "Japan")
    assert all(c["type"] == "raw_text" for c in japan)


def test_top100_splits_into_tables_within_limits() -> None:
    answer = fx.top100()
    msgs = messages(answer)
    assert len(msgs) == 2
    ranks: list[str] = []
    for msg in msgs:
        _check_limits(msg)
        [table] = _tables(msg)
        assert [_cell_text(c) for c in table["rows"][0]] == ["Rank", "Partner", "2023*"]
        ranks += [_cell_text(r[0]) for r in table["rows"][1:]]
    assert ranks == [str(i) for i in range(1, 101)]
    assert "Rows 1–50 of 100" in _all_text(msgs[:1])
    assert "Rows 51–100 of 100" in _all_text(msgs[1:])
    # Buttons and footer once, on the first message.
    assert sum(b["type"] == "actions" for m in msgs for b in m["blocks"]) == 1


def test_top100_single_message_says_it_is_cut() -> None:
    msg = message(fx.top100())
    [table] = _tables(msg)
    assert len(table["rows"]) == limits.MAX_TABLE_ROWS
    assert "Showing rows 1–99 of 100" in _all_text([msg])


def test_text_table_style_is_preformatted() -> None:
    msg = message(fx.top_bri(), table_style="text")
    assert msg["attachments"] == []
    pre = [b for b in msg["blocks"] if b["type"] == "section" and "```" in b["text"]["text"]]
    assert len(pre) == 1
    assert "Singapore" in pre[0]["text"]["text"]
    assert "636.40" in pre[0]["text"]["text"]


def test_error_message_has_suggestion_buttons_and_examples() -> None:
    answer = fx.error_answer()
    msg = error_message(answer)
    _check_limits(msg)
    assert message(answer) == msg
    [actions] = [b for b in msg["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("suggestion_0", "Thailand", "CS China–Thailand 2015 vs 2023"),
        ("suggestion_1", "Taiwan", "CS China–Taiwan 2015 vs 2023"),
    ]
    text = _all_text([msg])
    assert answer.text in text
    assert "I don't know the country “Thailnd”." in text
    for example in answer.error.examples:
        assert example in text


def test_help_message_has_no_table_or_buttons() -> None:
    answer = fx.help_answer()
    msg = help_message(answer)
    _check_limits(msg)
    assert message(answer) == msg
    assert msg["attachments"] == []
    assert "top 15 BRI partners of China 2023" in _all_text([msg])
    assert not any(b["type"] == "actions" for b in msg["blocks"])


def test_table_rows_and_csv() -> None:
    assert table_rows(fx.partners_two_years()) == [
        ["Partner", "2015", "2023*", "Change"],
        ["Singapore", "249.57", "636.40", "+155%"],
        ["South Korea", "178.50", "546.21", "+206%"],
        ["Italy", "95.20", "273.22", "+187%"],
    ]
    assert to_csv(fx.aggregate()).splitlines() == [
        "Country,2015,2023*,Change (%)",
        "China,4512,10468,132.0",
    ]
    series = table_rows(fx.pair_series())
    assert series[0] == ["Year", "China–United States"]
    assert series[-1] == ["2023*", "3,871.05"]
    assert table_rows(fx.error_answer()) == []


def test_missing_figure_is_a_dash() -> None:
    answer = replace(fx.partners_two_years(), rows=fx.partners_two_years().rows[:-1])
    assert table_rows(answer)[-1][:3] == ["Italy", "95.20", wording.MISSING]
    _check_limits(message(answer))


@pytest.mark.parametrize(
    ("pct", "text"),
    [(1185.48, "+1,185%"), (8.4, "+8.4%"), (-15.0, "-15%"), (132.0, "+132%"), (0.01, "0%")],
)
def test_percent_format(pct: float, text: str) -> None:
    assert numbers.pct(pct) == text


def test_terminal_text() -> None:
    out = terminal_text(fx.partners_two_years())
    assert out.splitlines()[0] == fx.partners_two_years().receipt
    assert "Singapore    249.57  636.40   +155%" in out
    assert wording.SYNTHETIC in out
    error = terminal_text(fx.error_answer())
    assert "Thailand, Taiwan" in error and "top 15 BRI partners of China 2023" in error
    assert "top 15 BRI partners of China 2023" in terminal_text(fx.help_answer())


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=400),
    name_len=st.integers(min_value=1, max_value=60),
)
def test_any_length_top_splits_within_limits(n: int, name_len: int) -> None:
    codes = [f"X{i:04d}" for i in range(n)]
    answer = Answer(
        text="top partners",
        ok=True,
        question=Question(kind="top", focal="CHN", years=(2023,), limit=n),
        receipt="CS · top partners · 2023*",
        headline="Top partners.",
        rows=tuple(Row(2023, c, 1000.0 / (i + 1), rank=i + 1) for i, c in enumerate(codes)),
        datasets=(fx.DEMO,),
        names=tuple((c, ("N" * name_len) + c) for c in codes),
    )
    for style in ("block", "text"):
        msgs = messages(answer, table_style=style)
        for msg in msgs:
            _check_limits(msg)
        text = _all_text(msgs)
        assert all(c in text for c in codes)
