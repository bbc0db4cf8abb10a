"""Every Slack-specific sentence the bot says (answers themselves come from bot.render)."""

from __future__ import annotations

from typing import Any

BOT_NAME = "collabbot"

INVITE = (
    f"I'm not in this channel yet, so I can't answer here. "
    f"Invite me with `/invite @{BOT_NAME}` and ask again, or send me a direct message."
)
CHART_NOT_ATTACHED = "The chart could not be attached; the figures above stand."
APOLOGY = "Sorry, something went wrong on my side while answering that. Please try again shortly."
RECEIPT_LOST = "I could not find the question behind that button any more. Please ask it again."
NOTHING_TO_EXPORT = "There are no rows to export for that question."
CSV_COMMENT = "CSV of the figures for: {receipt}"
SQL_INTRO = "SQL for: {receipt}"
BY_SUBJECT_TITLE = "*By subject* — {receipt}"
OVER_TIME_FAILED = "I could not turn that question into a series over time."
RATE_LIMITED_USER = (
    "You're asking faster than I can keep up with ({rate} questions a minute). "
    "Please wait a few seconds and ask again."
)
RATE_LIMITED_CHANNEL = (
    "This channel is asking faster than I can keep up with ({rate} questions a minute). "
    "Please wait a few seconds and ask again, or send me a direct message."
)
BUSY = (
    "I'm answering a lot of questions right now and yours could not join the queue. "
    "Please ask again in a minute."
)
NOTHING_TO_SHOW = (
    "There is no earlier answer in this thread to show that way. Ask a question first, "
    "for example `CS China–Thailand 2015 vs 2023`."
)
NOTHING_TO_UNDO = "There is no earlier question in this thread to go back to."
CHOOSE = "Which did you mean?"
# The slash-command heading: who asked (mrkdwn, for the mention), then what they typed
# (plain text, so nothing they typed can become markup).
SLASH_ASKED_BY = "<@{user}> asked"
SLASH_ASKED_TEXT = "/{command} {text}"
HOME_ASKED = "You asked from my Home tab: {text}"

HOME_TITLE = "collabbot — research collaboration between countries"
HOME_WHAT = (
    "Ask me about research collaboration between countries and I reply with the exact figure, "
    "a small chart, the definition and the source — the same answer every time.\n"
    "• Mention me in a channel: `@collabbot CS China–Thailand 2015 vs 2023`\n"
    "• Send me a direct message, or use `/collab QUESTION` anywhere I've been invited\n"
    "• Reply in the thread of one of my answers to edit it: `and Italy?`, `2019 instead`, "
    "`in chemistry`\n"
    "• Buttons under an answer: Show SQL · CSV · By subject · Over time"
)
HOME_EXAMPLES = "*Try an example* (the answer arrives in our direct messages):"
HOME_DATASETS = "*Datasets loaded*"
HOME_NO_DATASETS = "No dataset is loaded yet."
HOME_SYNTHETIC = "synthetic demo data"

EXAMPLES = (
    "CS China–Thailand 2015 vs 2023",
    "top 15 BRI partners of China 2023",
    "CS China–Singapore, South Korea, Italy 2015 vs 2023",
    "fastest rising BRI partners of China 2015 vs 2023",
    "China BRI collaboration 2015 vs 2023",
)


def missing_config(missing: list[str], *, http: bool, distributed: bool = False) -> str:
    if distributed and not missing:
        return (
            "collabbot installs into many workspaces (SLACK_CLIENT_ID is set) only over HTTP: "
            "run `python -m bot serve --http` (see the Slack section of README.md)."
        )
    mode = "HTTP mode (--http)" if http else "Socket Mode"
    if distributed:
        mode = "distributed mode (OAuth, --http)"
    names = ", ".join(missing)
    verb, pronoun = ("is", "it") if len(missing) == 1 else ("are", "them")
    return (
        f"collabbot cannot start Slack {mode}: {names} {verb} not set. "
        f"Set {pronoun} in the environment or in a .env file (see the Slack section of README.md)."
    )


def escape(text: str) -> str:
    """Text for a mrkdwn field: Slack's three entities, so `<!channel>` or `<http://…|…>` stay
    characters; `&` first, so an entity someone typed is shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def echo(text: str) -> str:
    """What a person typed, shown inside mrkdwn: escaped, and with backticks swapped for a
    look-alike so their text can neither close our code span nor open one of its own."""
    return escape(text).replace("`", "\u02cb")


def sql_block(receipt: str, sql: str) -> tuple[str, list[dict[str, Any]]]:
    """The SQL in code blocks, split at line ends so no section passes Slack's 3,000 chars."""
    text = SQL_INTRO.format(receipt=receipt)
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [{"type": "plain_text", "text": text[:2000]}]}
    ]
    chunk: list[str] = []
    for line in escape(sql.strip()).replace("```", "` ` `").splitlines():
        if chunk and sum(len(c) + 1 for c in chunk) + len(line) > 2800:
            blocks.append(_code("\n".join(chunk)))
            chunk = []
        chunk.append(line[:2800])
    blocks.append(_code("\n".join(chunk)))
    return text, blocks[:50]


def _code(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"```{text}```"}}
