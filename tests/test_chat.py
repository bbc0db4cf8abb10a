"""`python -m bot chat`: a scripted conversation in which each follow-up edits the last question."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bot.chat import GREETING, run_chat

SCRIPT = [
    "CS China–Thailand 2015 vs 2023",
    "and Italy?",
    "2019 instead of 2015",
    "+ Vietnam",
    "in chemistry",
    "as a table",
    "quit",
    "CS China–Japan 2023",  # after quit: never read
]
# The receipt each turn must print (the first line of each answer).
RECEIPTS = [
    "CS · China–Thailand · natural sciences · 2015 vs 2023*",
    "CS · China–Italy · natural sciences · 2015 vs 2023*",
    "CS · China–Italy · natural sciences · 2019 vs 2023*",
    "CS · China–Italy, Vietnam · natural sciences · 2019 vs 2023*",
    "CS · China–Italy, Vietnam · chemistry · 2019 vs 2023*",
    "CS · China–Italy, Vietnam · chemistry · 2019 vs 2023* · as a table",
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def converse(db: Path, charts: Path, lines: list[str]) -> str:
    out = io.StringIO()
    status = run_chat(
        db=str(db), charts_dir=str(charts), stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out
    )
    assert status == 0
    return out.getvalue()


def turns(output: str) -> list[str]:
    """The answers after the greeting, in order; each starts with its receipt (or the error)."""
    assert output.startswith(GREETING + "\n")
    lines = output[len(GREETING) + 1 :].splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.startswith(("CS ·", "I couldn't")) and (i == 0 or not lines[i - 1].strip())
    ]
    ends = [*starts[1:], len(lines)]
    return ["\n".join(lines[a:b]).strip() for a, b in zip(starts, ends, strict=True)]


def test_follow_ups_edit_the_last_question(demo_db, tmp_path):
    charts = tmp_path / "charts"
    output = converse(demo_db, charts, SCRIPT)
    answers = turns(output)
    assert [a.splitlines()[0] for a in answers] == RECEIPTS
    assert "China–Japan" not in output  # nothing after quit

    # The figures follow the edits.
    assert "+1,185%" in answers[0]
    assert "China–Italy" in answers[1] and "Thailand" not in answers[1]
    assert "(2019)" in answers[2] and "(2015)" not in answers[2]
    assert "Vietnam" in answers[3] and "Italy" in answers[3]
    assert "chemistry" in answers[4].splitlines()[0]

    # A chart for every answer except the table, each a PNG that exists.
    for answer in answers[:5]:
        found = re.findall(r"^chart: (.+)$", answer, flags=re.MULTILINE)
        assert len(found) == 1, answer
        path = Path(found[0])
        assert path.parent == charts
        assert path.read_bytes()[:8] == PNG_MAGIC
    assert "chart:" not in answers[5]
    assert len(list(charts.glob("*.png"))) == 5


def test_a_single_figure_gets_no_chart(demo_db, tmp_path):
    """One pair in one year: one bar would say nothing the headline does not."""
    output = converse(demo_db, tmp_path / "charts", ["CS China–Italy 2019"])
    [answer] = turns(output)
    assert "In 2019" in answer and "chart:" not in answer


def test_a_bad_turn_keeps_the_last_question(demo_db, tmp_path):
    output = converse(
        demo_db,
        tmp_path,
        [
            "CS China–Thailand 2015 vs 2023",
            "and Atlantis?",
            "2019 instead of 2023",
        ],
    )
    answers = turns(output)
    assert len(answers) == 3
    assert answers[1].startswith("I couldn't")
    assert answers[2].splitlines()[0] == "CS · China–Thailand · natural sciences · 2015 vs 2019"
    assert "Traceback" not in output


def test_end_of_input_ends_the_chat(demo_db, tmp_path):
    output = converse(demo_db, tmp_path, [""])
    assert "Follow-ups edit the last question" in output
    assert "chart:" not in output
