"""Button clicks: the answer buttons, did-you-mean suggestions and the readings of an ambiguous
question — acked on the request thread, carried out from the queue."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import buttons, wording
from bot.slack.answering import ask
from bot.slack.reply import Services, Where, post, tell_privately, within_limits

log = logging.getLogger("bot.slack")

ANSWER_BUTTONS: dict[str, Callable[..., None]] = {
    "show_sql": buttons.show_sql,
    "csv": buttons.csv,
    "by_subject": buttons.by_subject,
    "over_time": buttons.over_time,
}
SUGGESTION = re.compile(r"^suggestion_\d+$")
CHOICE = re.compile(r"^choice_\d+$")


def register(app: App, svc: Services) -> None:
    for action_id, handler in ANSWER_BUTTONS.items():
        app.action(action_id)(_listener(svc, _answer_button(handler)))
    app.action(SUGGESTION)(_listener(svc, _suggestion))
    app.action(CHOICE)(_listener(svc, _choice))


def where_of_action(body: dict, respond: Any) -> Where:
    """Where a click's reply goes: the thread of the message the button is on."""
    message = _dict(body.get("message"))
    channel = _id(body.get("channel")) or str(_dict(body.get("container")).get("channel_id") or "")
    return Where(
        channel=channel,
        thread_ts=message.get("thread_ts") or message.get("ts"),
        user=_id(body.get("user")),
        ts=message.get("ts"),
        respond=respond,
        team=_id(body.get("team")) or "-",
    )


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _id(value: Any) -> str:
    return str(_dict(value).get("id") or "")


def value_of(action: Any) -> str:
    """A button's value as text ('' when it is missing or not a string)."""
    value = _dict(action).get("value")
    return value if isinstance(value, str) else ""


Job = Callable[[WebClient, Services, Where, str], None]


def _listener(svc: Services, job: Job) -> Callable[..., None]:
    def on_click(ack: Callable, body: dict, action: dict, client: WebClient, respond: Any):
        ack()  # first, on the request thread: Slack wants it within 3 s whatever else runs
        where = where_of_action(body, respond)
        if not svc.work.submit(_guarded, job, client, svc, where, value_of(action)):
            log.warning("answer queue full; click refused %s", where.ids())
            svc.notices.submit(tell_privately, client, where, wording.BUSY)

    on_click.__name__ = f"on_{getattr(job, '__name__', 'click')}"
    return on_click


def _guarded(job: Job, client: WebClient, svc: Services, where: Where, value: str) -> None:
    """Run a click's job; a failure is logged with the ids and apologised for in the thread."""
    try:
        job(client, svc, where, value)
    except Exception:
        log.exception("button failed %s", where.ids())
        try:
            post(client, where, text=wording.APOLOGY)
        except Exception:  # noqa: BLE001 - the apology itself failed: say it privately
            tell_privately(client, where, wording.APOLOGY)


def _answer_button(handler: Callable[..., None]) -> Job:
    def run(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
        if not within_limits(client, svc, where):
            return
        handler(client, svc, where, receipt)

    run.__name__ = handler.__name__
    return run


def _suggestion(client: WebClient, svc: Services, where: Where, text: str) -> None:
    """A did-you-mean button: the question as corrected, following the thread's history."""
    if not text.strip():
        post(client, where, text=wording.RECEIPT_LOST)
        return
    history = svc.store.history(where.team, where.channel, where.thread_ts or "")
    ask(client, svc, where, text, history=history)


def _choice(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
    """One reading of an ambiguous question: asked afresh (its receipt reads back to it)."""
    if not receipt.strip():
        post(client, where, text=wording.RECEIPT_LOST)
        return
    history = svc.store.history(where.team, where.channel, where.thread_ts or "")
    ask(client, svc, where, receipt, history=history, fresh=True)
