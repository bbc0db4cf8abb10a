"""The reply to `help`, `examples` or an empty mention."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import HeaderBlock

from bot.render import limits, parts, wording
from queries.model import Answer


def _paragraphs(text: str) -> list[str]:
    """Split help text into sections on blank lines, each within the section limit."""
    out: list[str] = []
    for para in text.split("\n\n"):
        para = para.strip()
        while para:
            out.append(para[: limits.MAX_SECTION_TEXT])
            para = para[limits.MAX_SECTION_TEXT :]
    return out


def help_message(answer: Answer) -> dict[str, Any]:
    """The help text as mrkdwn sections under a header, with the dataset footer."""
    text = answer.help_text or wording.HELP_FALLBACK
    blocks = [HeaderBlock(text=wording.HELP_TITLE).to_dict()]
    blocks += [parts.mrkdwn_section(parts.escape(p)) for p in _paragraphs(text)]
    blocks = blocks[: limits.MAX_BLOCKS - 1]
    footer = parts.footer(answer)
    if footer is not None:
        blocks.append(footer)
    return {"text": wording.HELP_TITLE, "blocks": blocks, "attachments": []}
