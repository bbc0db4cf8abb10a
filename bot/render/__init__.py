"""Block Kit messages, CSV and terminal text for an Answer (pure functions, no Slack connection)."""

from bot.render.errors import error_message
from bot.render.help import help_message
from bot.render.message import message, messages
from bot.render.table import table_rows, to_csv
from bot.render.terminal import terminal_text

__all__ = [
    "error_message",
    "help_message",
    "message",
    "messages",
    "table_rows",
    "terminal_text",
    "to_csv",
]
