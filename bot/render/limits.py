"""Slack's message limits, and a measure of how much text a message carries."""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_TEXT = 75
MAX_HEADER_TEXT = 150
# Slack truncates or rejects messages far beyond this; we keep each message under it.
MAX_MESSAGE_TEXT = 12000
# A table block holds at most 100 rows and 20 columns, the header row included.
MAX_TABLE_ROWS = 100
MAX_TABLE_COLUMNS = 20


def text_size(obj: Any) -> int:
    """Characters in every "text" field of a message (blocks, table cells, fallback)."""
    if isinstance(obj, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else text_size(v) for k, v in obj.items()
        )
    if isinstance(obj, list):
        return sum(text_size(v) for v in obj)
    return 0


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (only for labels, never for figures)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
