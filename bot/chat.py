"""`python -m bot chat`: a terminal conversation in which follow-ups edit the last question."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.pipeline import Answerer
from queries.model import Answer, Question

PROMPT = "collab> "
GREETING = (
    "Ask about research collaboration, e.g. “CS China–Thailand 2015 vs 2023”.\n"
    "Follow-ups edit the last question: “and Italy?”, “2019 instead of 2015”, “+ Vietnam”, "
    "“in chemistry”, “as a table”, “show sql”, “csv”, “by subject”, “undo”. "
    "Type “quit” to leave."
)
QUIT_WORDS = {"quit", "exit", "bye", ":q"}


def _shown(ans: Answer, answerer: Answerer) -> str:
    """The answer as text, or the last answer shown the way a follow-up asked."""
    from bot.render import parts, terminal_text
    from bot.render.subjects import by_subject, subject_table
    from bot.render.table import to_csv

    footer = "\n".join(parts.footer_lines(ans))  # the dataset, and "synthetic" where it is
    if ans.action == "sql":
        return f"{ans.receipt}\n\n{ans.sql}\n\n{footer}\n"
    if ans.action == "csv":
        return f"{to_csv(ans)}\n{footer}\n"
    if ans.action == "by_subject" and ans.question is not None:
        answers = by_subject(lambda t, q: answerer.answer(t, previous=q), ans.question)
        return f"{ans.receipt} · by subject\n\n{subject_table(answers)}\n\n{footer}\n"
    return terminal_text(ans)


def run_chat(
    db: str | None = None,
    dataset: str | None = None,
    charts_dir: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    from bot.charts import front_end

    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty()
    folder = Path(charts_dir or tempfile.mkdtemp(prefix="collabbot-charts-"))
    folder.mkdir(parents=True, exist_ok=True)
    answerer = Answerer(db, default_dataset=dataset)
    charts = front_end(answerer.store.path)  # a question asked again gets its chart at once
    history: list[Question] = []  # questions answered, oldest first (for follow-ups and undo)
    choices: tuple[str, ...] = ()  # the readings offered by the last ask-back
    out.write(GREETING + "\n")
    turn = 0
    while True:
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT_WORDS:
            break
        turn += 1
        if text.isdigit() and 1 <= int(text) <= len(choices):
            text = choices[int(text) - 1]  # a reading picked from the last ask-back
            ans = answerer.answer(text)
        else:
            previous = history[-1] if history else None
            ans = answerer.answer(text, previous=previous, history=tuple(history))
        choices = ans.error.choices if ans.error else ()
        out.write(_shown(ans, answerer) + "\n")
        if ans.ok and ans.question is not None and ans.question.kind not in ("help", "define"):
            if ans.action == "undo":
                history = history[:-1]
            elif ans.action in (None, "table"):
                history.append(ans.question)
            if ans.chart is not None and ans.question.presentation != "table" and not ans.action:
                png = charts.render_png(ans)
                if png:
                    path = folder / f"chart-{turn:03d}.png"
                    path.write_bytes(png)
                    out.write(f"chart: {path}\n")
        out.write("\n")
        out.flush()
    return 0
