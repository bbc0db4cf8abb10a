"""The Block Kit pieces of a reply: receipt, headline, table, notes, footer, buttons."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    PlainTextObject,
    SectionBlock,
    TableBlock,
)
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.render import limits, numbers, wording
from queries.model import Answer
from queries.wording import SYNTHETIC_NOTE


def escape(text: str) -> str:
    """Slack mrkdwn needs &, < and > escaped; nothing else is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def context(*lines: str) -> dict[str, Any]:
    """A small grey line (plain text, so a starred year never turns into bold)."""
    elements = [PlainTextObject(text=limits.clip(t, 2000), emoji=False) for t in lines if t]
    return ContextBlock(elements=elements[: limits.MAX_CONTEXT_ELEMENTS]).to_dict()


def plain_section(text: str) -> dict[str, Any]:
    return SectionBlock(text=PlainTextObject(text=text, emoji=False)).to_dict()


def mrkdwn_section(text: str) -> dict[str, Any]:
    return SectionBlock(text=MarkdownTextObject(text=text)).to_dict()


def receipt(answer: Answer) -> dict[str, Any] | None:
    lines = [answer.receipt]
    if answer.question is not None:
        lines += [wording.ASSUMING.format(assumption=a) for a in answer.question.assumptions]
    return context(*lines) if any(lines) else None


def headline_text(answer: Answer) -> str:
    """The figure in words; a yes/no question's direct answer comes first."""
    text = answer.headline or answer.receipt or answer.text
    return f"{answer.verdict} {text}" if answer.verdict else text


def caveats(answer: Answer) -> list[str]:
    """The answer's notes, plus a small-base caveat the notes do not already carry.

    The synthetic-data note is left to the footer, which says it on every reply."""
    lines = [n for n in answer.notes if n != SYNTHETIC_NOTE]
    said = any(wording.SMALL_BASE_WORDS in n.lower() for n in lines)
    years = sorted({r.year for r in answer.rows})
    for change in answer.changes:
        if change.small_base and not said and years:
            lines.append(
                wording.SMALL_BASE.format(
                    name=answer.name(change.country),
                    value=numbers.value(answer, change.start),
                    year=numbers.year(answer, years[0]),
                )
            )
    return lines


def notes_blocks(answer: Answer) -> list[dict[str, Any]]:
    """Notes as bulleted plain-text sections, each within the section text limit."""
    blocks: list[dict[str, Any]] = []
    chunk = ""
    for note in caveats(answer):
        line = "• " + limits.clip(note, limits.MAX_SECTION_TEXT - 2)
        if chunk and len(chunk) + 1 + len(line) > limits.MAX_SECTION_TEXT:
            blocks.append(plain_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(plain_section(chunk))
    return blocks


def footer_lines(answer: Answer) -> list[str]:
    lines = []
    for info in answer.datasets:
        lines.append(wording.DATASET.format(name=info.name, version=info.version).strip())
        lines += list(info.window_notes)
        if info.synthetic:
            lines.append(wording.SYNTHETIC)
        elif info.source:
            lines.append(wording.SOURCE.format(source=info.source))
    # Several datasets can repeat a window note; keep the first of each.
    return list(dict.fromkeys(lines))


def footer(answer: Answer) -> dict[str, Any] | None:
    lines = footer_lines(answer)
    return context(" · ".join(lines)) if lines else None


def buttons(answer: Answer) -> dict[str, Any] | None:
    question = answer.receipt or answer.text
    if not question:
        return None
    value = question[: limits.MAX_BUTTON_VALUE]
    elements = [
        ButtonElement(text=label, action_id=action_id, value=value)
        for action_id, label in wording.BUTTONS
        if action_id != "show_sql" or answer.query or answer.sql_text
    ]
    return ActionsBlock(elements=elements).to_dict()


def table_block(grid: list[list[str]], highlight: set[int] | None = None) -> dict[str, Any]:
    """A Block Kit table; rows whose index is in `highlight` are bold (rich text)."""
    highlight = highlight or set()
    rows = []
    for i, line in enumerate(grid):
        rows.append(
            [_cell(text or wording.MISSING, bold=i in highlight or i == 0) for text in line]
        )
    first = grid[1] if len(grid) > 1 else grid[0]
    settings = [{"align": "right"} if _is_figure(cell) else {"align": "left"} for cell in first]
    return TableBlock(rows=rows, column_settings=settings).to_dict()


def _cell(text: str, bold: bool) -> dict[str, Any]:
    if not bold:
        return {"type": "raw_text", "text": text}
    return {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [{"type": "text", "text": text, "style": {"bold": True}}],
            }
        ],
    }


def _is_figure(cell: str) -> bool:
    core = cell.replace(",", "").replace(".", "").replace("%", "").replace(" pp", "")
    return core.lstrip("+-").isdigit() or cell == wording.MISSING


def preformatted(lines: list[str]) -> list[dict[str, Any]]:
    """Fixed-width text in ``` sections, split so each stays within the section limit."""
    budget = limits.MAX_SECTION_TEXT - 8
    blocks: list[dict[str, Any]] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = escape(line)
        if chunk and size + len(line) + 1 > budget:
            blocks.append(mrkdwn_section("```\n" + "\n".join(chunk) + "\n```"))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        blocks.append(mrkdwn_section("```\n" + "\n".join(chunk) + "\n```"))
    return blocks
