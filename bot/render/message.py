"""An answer as Slack messages: one when it fits, several when a long table must be split."""

from __future__ import annotations

import math
from typing import Any

from bot.render import limits, parts, table, wording
from bot.render.errors import error_message
from bot.render.help import help_message
from queries.model import Answer

# Table styles: a Block Kit table in an attachment, or fixed-width text in the message.
TABLE_STYLES = ("block", "text")


def _highlight_rows(answer: Answer, grid: list[list[str]]) -> set[int]:
    """Grid rows of the partner the person asked about (rank questions)."""
    q = answer.question
    if q is None or q.kind != "rank" or not q.partners:
        return set()
    name = answer.name(q.partners[0])
    return {i for i, line in enumerate(grid) if i > 0 and name in line}


def _head(answer: Answer) -> list[dict[str, Any]]:
    blocks = [parts.receipt(answer), parts.plain_section(parts.headline_text(answer))]
    return [b for b in blocks if b is not None]


def _tail(answer: Answer) -> list[dict[str, Any]]:
    blocks = parts.notes_blocks(answer)
    blocks += [b for b in (parts.footer(answer), parts.buttons(answer)) if b is not None]
    return blocks


def _message(text: str, blocks: list, attachments: list | None = None) -> dict[str, Any]:
    return {"text": text, "blocks": blocks, "attachments": attachments or []}


def _chunks(total: int, per: int) -> list[tuple[int, int]]:
    """Split `total` rows into even consecutive runs of at most `per` rows: (start, stop)."""
    count = max(1, math.ceil(total / per))
    size = math.ceil(total / count)
    return [(i, min(i + size, total)) for i in range(0, total, size)] or [(0, 0)]


def _block_table_messages(
    answer: Answer, grid: list[list[str]], max_messages: int | None
) -> list[dict[str, Any]]:
    head, tail = _head(answer), _tail(answer)
    fixed = limits.text_size(head + tail) + len(parts.headline_text(answer))
    per_row = max(1, max(limits.text_size([{"text": c} for c in line]) for line in grid))
    per = max(1, min(limits.MAX_TABLE_ROWS - 1, (limits.MAX_MESSAGE_TEXT - fixed) // per_row))
    # The estimate ignores notes and headers; shrink until every message really fits.
    while True:
        out = _split_table(answer, grid, per, max_messages, head, tail)
        if per == 1 or all(limits.text_size(m) <= limits.MAX_MESSAGE_TEXT for m in out):
            return out
        per = max(1, per * 9 // 10)


def _split_table(
    answer: Answer,
    grid: list[list[str]],
    per: int,
    max_messages: int | None,
    head: list[dict[str, Any]],
    tail: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    header, body = grid[0], grid[1:]
    runs = _chunks(len(body), per)
    if max_messages == 1:
        # A single message carries as many rows as fit, not an even share of a split.
        runs = [(0, min(len(body), per))]
    highlight = _highlight_rows(answer, grid)
    text = parts.headline_text(answer)
    out = []
    for n, (start, stop) in enumerate(runs):
        local = {i - start for i in highlight if start < i <= stop}
        block = parts.table_block([header, *body[start:stop]], local)
        note = []
        if len(runs) > 1 or stop - start < len(body):
            words = wording.ROWS_SHOWN if max_messages == 1 else wording.ROWS_PART
            note = [parts.context(words.format(first=start + 1, last=stop, total=len(body)))]
        if n == 0:
            out.append(_message(text, head + note + tail, [{"blocks": [block]}]))
        else:
            lead = parts.context(wording.CONTINUED.format(receipt=answer.receipt or text))
            out.append(_message(text, [lead, *note], [{"blocks": [block]}]))
    return out


def _text_table_messages(
    answer: Answer, grid: list[list[str]], max_messages: int | None
) -> list[dict[str, Any]]:
    head, tail = _head(answer), _tail(answer)
    sections = parts.preformatted(table.align(grid))
    text = parts.headline_text(answer)
    out: list[dict[str, Any]] = []
    current = list(head)
    for section in sections:
        over_blocks = len(current) + 1 + (len(tail) if not out else 0) > limits.MAX_BLOCKS
        candidate = _message(text, current + [section] + (tail if not out else []))
        # Keep room for the "showing rows" note a single message may add.
        over_text = limits.text_size(candidate) > limits.MAX_MESSAGE_TEXT - 200
        if (over_blocks or over_text) and len(current) > (len(head) if not out else 1):
            out.append(_message(text, current + (tail if not out else [])))
            current = [parts.context(wording.CONTINUED.format(receipt=answer.receipt or text))]
        current.append(section)
    out.append(_message(text, current + (tail if not out else [])))
    if max_messages == 1 and len(out) > 1:
        # Say how much of the table this single message carries, as the block style does.
        shown = sum(b["text"]["text"].count("\n") - 1 for b in out[0]["blocks"] if _is_pre(b))
        total = len(grid) - 1
        note = wording.ROWS_SHOWN.format(first=1, last=shown - 1, total=total)
        out[0]["blocks"].insert(len(head), parts.context(note))
    return out[:max_messages] if max_messages is not None else out


def _is_pre(block: dict[str, Any]) -> bool:
    return block.get("type") == "section" and block["text"]["text"].startswith("```")


def messages(answer: Answer, table_style: str = "block") -> list[dict[str, Any]]:
    """The reply as one or more messages, each within Slack's block, text and table limits."""
    return _render(answer, table_style, max_messages=None)


def message(answer: Answer, table_style: str = "block") -> dict[str, Any]:
    """The reply as one message; a table too long for it is cut with a note pointing at CSV."""
    return _render(answer, table_style, max_messages=1)[0]


def _render(answer: Answer, table_style: str, max_messages: int | None) -> list[dict[str, Any]]:
    if table_style not in TABLE_STYLES:
        raise ValueError(f"table_style must be one of {TABLE_STYLES}")
    if not answer.ok:
        return [error_message(answer)]
    if answer.question is not None and answer.question.kind == "help":
        return [help_message(answer)]
    grid = table.table_rows(answer)
    text = parts.headline_text(answer)
    if len(answer.rows) <= 1 or len(grid) < 2:
        return [_message(text, _head(answer) + _tail(answer))]
    if table_style == "text" or len(grid[0]) > limits.MAX_TABLE_COLUMNS:
        return _text_table_messages(answer, grid, max_messages)
    return _block_table_messages(answer, grid, max_messages)
