"""The /collab slash command: acked on the request thread, answered from the queue."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import wording
from bot.slack.answering import ask
from bot.slack.reply import Services, Where, question_text

log = logging.getLogger("bot.slack")

COMMAND = "/collab"
HELP_WORDS = frozenset({"", "help", "examples", "?"})


def register(app: App, svc: Services) -> None:
    @app.command(COMMAND)
    def on_command(ack: Callable, command: dict, respond: Callable, client: WebClient) -> None:
        text = question_text(str(command.get("text") or ""), None)
        where = Where(
            channel=str(command.get("channel_id") or ""),
            thread_ts=None,
            user=command.get("user_id"),
            respond=respond,
            team=str(command.get("team_id") or "-"),
        )
        if svc.work.submit(answer_command, client, svc, where, text, command):
            ack()
        else:
            # The ack itself carries the note: no extra call when we are busiest.
            log.warning("answer queue full; /collab refused %s", where.ids())
            ack(text=wording.BUSY)


def answer_command(
    client: WebClient, svc: Services, where: Where, text: str, command: dict
) -> None:
    if text.lower() in HELP_WORDS:
        answer = svc.answer(text or "help")
        msg = (svc.render.messages(answer) or [svc.render.message(answer)])[0]
        if where.respond is None:  # Slack always sends a response_url with a command
            return
        where.respond(
            text=wording.escape(msg.get("text") or answer.help_text),
            blocks=msg.get("blocks"),
            response_type="ephemeral",
        )
        return
    name = str(command.get("command") or COMMAND).lstrip("/")
    heading: list[dict[str, Any]] = [
        {"type": "mrkdwn", "text": wording.SLASH_ASKED_BY.format(user=_user_id(where.user))},
        {
            "type": "plain_text",
            "text": wording.SLASH_ASKED_TEXT.format(command=name, text=text)[:2000],
            "emoji": False,
        },
    ]
    ask(client, svc, where, text, heading=heading)


def _user_id(user: str | None) -> str:
    """Only a user id goes inside <@…> (it is Slack's value, but checked all the same)."""
    user = user or ""
    return user if user.isalnum() else wording.escape(user)
