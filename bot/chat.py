"""`python -m bot chat`: a terminal conversation in which follow-ups edit the last question."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.pipeline import Answerer
from queries.model import Question

PROMPT = "collab> "
GREETING = (
    "Ask about research collaboration, e.g. “CS China–Thailand 2015 vs 2023”.\n"
    "Follow-ups edit the last question: “and Italy?”, “2019 instead”, “+ Vietnam”, "
    "“in chemistry”, “as a table”. Type “quit” to leave."
)
QUIT_WORDS = {"quit", "exit", "bye", ":q"}


def run_chat(
    db: str | None = None,
    dataset: str | None = None,
    charts_dir: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    from bot.charts import front_end
    from bot.render import terminal_text

    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty()
    folder = Path(charts_dir or tempfile.mkdtemp(prefix="collabbot-charts-"))
    folder.mkdir(parents=True, exist_ok=True)
    answerer = Answerer(db, default_dataset=dataset)
    charts = front_end(answerer.store.path)  # a question asked again gets its chart at once
    previous: Question | None = None
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
        ans = answerer.answer(text, previous=previous)
        out.write(terminal_text(ans) + "\n")
        if ans.ok and ans.question is not None and ans.question.kind != "help":
            previous = ans.question
            if ans.chart is not None and ans.question.presentation != "table":
                png = charts.render_png(ans)
                if png:
                    path = folder / f"chart-{turn:03d}.png"
                    path.write_bytes(png)
                    out.write(f"chart: {path}\n")
        out.write("\n")
        out.flush()
    return 0
