"""The App Home tab: what the bot can do, example questions as buttons, the datasets loaded."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import wording
from bot.slack.answering import ask
from bot.slack.reply import Services, Where, actions_block, tell_privately

log = logging.getLogger("bot.slack")

EXAMPLE_ACTION = "home_example_{i}"
EXAMPLE = re.compile(r"^home_example_\d+$")


def register(app: App, svc: Services) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not isinstance(event.get("user"), str):
            return
        if not svc.work.submit(publish, client, svc, event["user"]):
            log.warning("answer queue full; Home tab not refreshed user=%s", event["user"])

    @app.action(EXAMPLE)
    def on_example(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        text = action.get("value") if isinstance(action.get("value"), str) else ""
        team = str((body.get("team") or {}).get("id") or "-")
        # A user id as channel posts in the app's direct messages with that person.
        where = Where(channel=user, thread_ts=None, user=user, team=team)
        if not user:
            log.info("Home example clicked without a user id; nothing to answer")
        elif not svc.work.submit(answer_example, client, svc, where, text):
            svc.notices.submit(tell_privately, client, where, wording.BUSY)


def publish(client: WebClient, svc: Services, user: str) -> None:
    client.views_publish(user_id=user, view=home_view(svc.datasets_summary()))


def answer_example(client: WebClient, svc: Services, where: Where, text: str) -> None:
    if not text.strip():
        log.info("Home example with an empty value %s", where.ids())
        return
    heading = [{"type": "plain_text", "text": wording.HOME_ASKED.format(text=text), "emoji": False}]
    ask(client, svc, where, text, heading=heading)


def home_view(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": wording.HOME_TITLE[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_WHAT}},
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_EXAMPLES}},
        actions_block(
            "home_examples",
            [(EXAMPLE_ACTION.format(i=i), q, q) for i, q in enumerate(wording.EXAMPLES)],
        ),
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_DATASETS}},
    ]
    lines = []
    for d in datasets:
        # Names, versions and sources come from whoever loaded the data: escaped like any
        # text the bot did not write.
        name, version = (
            wording.echo(str(d.get("name", "?"))),
            wording.echo(str(d.get("version", ""))),
        )
        line = f"• *{name}* {version}".rstrip()
        if d.get("years"):
            line += f" · {wording.echo(str(d['years']))}"
        if d.get("synthetic"):
            line += f" — _{wording.HOME_SYNTHETIC}_"
        if d.get("source"):
            line += f" — {wording.echo(str(d['source']))}"
        lines.append(line)
    text = "\n".join(lines) or wording.HOME_NO_DATASETS
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
    return {"type": "home", "blocks": blocks}
