"""The reply as plain text for the command line."""

from __future__ import annotations

import textwrap

from bot.render import parts, table, wording
from bot.render.errors import error_lines
from queries.model import Answer

_WIDTH = 88


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent))


def _error_text(answer: Answer) -> str:
    lines = error_lines(answer)
    out = [wording.ERROR_TITLE, ""]
    for line in lines["understood"] + lines["problem"]:
        out += _wrap(line)
    if lines["choices"]:
        out += ["", wording.ERROR_CHOICES]
        out += [f"  {i}. {choice}" for i, choice in enumerate(lines["choices"], 1)]
    elif lines["suggestions"]:
        out += ["", wording.ERROR_DID_YOU_MEAN + " " + ", ".join(lines["suggestions"])]
    if lines["examples"]:
        out += ["", wording.ERROR_EXAMPLES] + [f"  {e}" for e in lines["examples"]]
    return "\n".join(out) + "\n"


def terminal_text(answer: Answer) -> str:
    """Receipt, headline, an aligned table, notes and footer, ready to print."""
    if not answer.ok:
        return _error_text(answer)
    if answer.question is not None and answer.question.kind == "help":
        body = answer.help_text or wording.HELP_FALLBACK
        return f"{wording.HELP_TITLE}\n\n{body.strip()}\n"
    out: list[str] = []
    receipt = parts.receipt(answer)
    if receipt is not None:
        out += [el["text"] for el in receipt["elements"]]
        out.append("")
    out += _wrap(parts.headline_text(answer))
    grid = table.table_rows(answer)
    if len(answer.rows) > 1 and len(grid) > 1:
        lines = table.align(grid)
        rule = "-" * max(len(line) for line in lines)
        out += ["", lines[0], rule, *lines[1:]]
    notes = parts.caveats(answer)
    if notes:
        out.append("")
        for note in notes:
            out += _wrap(note, "• ")
    footer = parts.footer_lines(answer)
    if footer:
        out.append("")
        for line in footer:
            out += _wrap(line)
    return "\n".join(out) + "\n"
