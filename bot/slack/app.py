"""The slack-bolt App: thin listeners that parse a payload, answer, render, post and upload.

Acknowledging and answering: the App keeps bolt's default `process_before_response=False`.
Bolt acks an event before its listener runs (commands and buttons call `ack()` first thing),
returns the 200 at once, and runs the listener on a bounded thread pool (`listener_executor`),
so a slow answer never makes Slack retry. Lazy listeners are only needed on FaaS hosts where
work after the response is frozen; this bot runs as a long-lived process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import logs
from bot.slack import buttons, wording
from bot.slack.dedup import SeenEvents
from bot.slack.home import home_view
from bot.slack.limits import RateLimits
from bot.slack.reply import (
    Services,
    Where,
    ask,
    mentions,
    post,
    previous_question,
    question_text,
    tell_privately,
    within_limits,
)
from bot.slack.settings import SlackSettings

log = logging.getLogger("bot.slack")

COMMAND = "/collab"
ANSWER_BUTTONS: dict[str, Callable[..., None]] = {
    "show_sql": buttons.show_sql,
    "csv": buttons.csv,
    "by_subject": buttons.by_subject,
    "over_time": buttons.over_time,
}


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """slack_sdk's handler retries 500 and 503 only; a proxy's 502 and 504 are as passing."""

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None):
        return response is not None and response.status_code in (500, 502, 503, 504)


def make_client(settings: SlackSettings) -> WebClient:
    """A WebClient on SLACK_API_URL that retries 429 (honouring Retry-After), 5xx and resets."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=max(1, round(settings.http_timeout)),
        logger=logging.getLogger("bot.slack.web"),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            GatewayErrorRetryHandler(max_retry_count=3),
        ],
    )


def create_app(
    settings: SlackSettings,
    *,
    answerer: Callable[..., Any] | None = None,
    question_from_receipt: Callable[..., Any] | None = None,
    datasets_summary: Callable[[], list[dict]] | None = None,
    render: Any = None,
    charts: Any = None,
    client: WebClient | None = None,
    seen_events: SeenEvents | None = None,
    limits: RateLimits | None = None,
) -> App:
    """Build the App. The pipeline, renderer and charts default to the real ones; the rate
    limits to the settings' (`limits` replaces them, e.g. in tests)."""
    logs.register_secrets(settings.bot_token, settings.app_token, settings.signing_secret)
    logs.guard(*logs.GUARDED)
    svc = Services.default(
        answer=answerer,
        question_from_receipt=question_from_receipt,
        datasets_summary=datasets_summary,
        render=render,
        charts=charts,
        limits=limits or RateLimits(settings.user_rate, settings.channel_rate),
    )
    seen = seen_events or SeenEvents()
    app = App(
        client=client or make_client(settings),
        signing_secret=settings.signing_secret or "",
        # Socket Mode needs no signing secret; over HTTP check() made sure there is one.
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=False,
        # Listener threads inherit the request's context, so its id is on every log line.
        listener_executor=logs.ContextExecutor(
            max_workers=settings.workers, thread_name_prefix="collabbot-slack"
        ),
        logger=logging.getLogger("bot.slack.bolt"),
    )

    @app.middleware
    def with_request_id(body: dict, context: Any, next: Callable[[], None]) -> None:
        # Not reset afterwards: bolt submits the listener after the middleware chain returns,
        # and each request (a thread of its own over HTTP) sets a fresh id here first.
        body = body if isinstance(body, dict) else {}
        rid = body.get("event_id") or body.get("trigger_id") or logs.new_request_id()
        context["request_id"] = rid
        logs.REQUEST_ID.set(str(rid))
        next()

    @app.middleware
    def answer_each_event_once(body: dict, next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not seen.first_time(event_id):
            log.info("duplicate delivery ignored event_id=%s", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    @app.event("app_mention")
    def on_mention(event: dict, body: dict, client: WebClient, context: Any) -> None:
        answer_message(client, svc, event, body, context.bot_user_id)

    @app.event("message")
    def on_message(event: dict, body: dict, client: WebClient, context: Any) -> None:
        # Edits, deletions, joins and bot posts are not questions.
        if event.get("subtype") or event.get("bot_id"):
            return
        bot_user_id = context.bot_user_id
        if event.get("user") == bot_user_id:
            return
        if event.get("channel_type") == "im":
            answer_message(client, svc, event, body, bot_user_id)
            return
        # In channels only replies in a thread the bot answered are follow-ups; a mention
        # there is handled by on_mention, so skip it here to answer once.
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts"):
            return
        if mentions(event.get("text", ""), bot_user_id):
            return
        answer_message(client, svc, event, body, bot_user_id, only_follow_ups=True)

    @app.command(COMMAND)
    def on_command(ack: Callable, command: dict, respond: Callable, client: WebClient) -> None:
        ack()
        text = question_text(command.get("text") or "", None)
        where = Where(
            channel=command.get("channel_id", ""),
            thread_ts=None,
            user=command.get("user_id"),
            respond=respond,
        )
        if not text or text.lower() in {"help", "examples", "?"}:
            answer = svc.answer(text or "help")
            msg = (svc.render.messages(answer) or [svc.render.message(answer)])[0]
            respond(
                text=msg.get("text") or answer.help_text,
                blocks=msg.get("blocks"),
                response_type="ephemeral",
            )
            return
        heading = wording.SLASH_ASKED.format(
            user=command.get("user_id"), command=command.get("command", COMMAND)[1:], text=text
        )
        ask(client, svc, where, text, heading=heading)

    for action_id, handler in ANSWER_BUTTONS.items():
        app.action(action_id)(_button(svc, handler))

    @app.action(re.compile(r"^suggestion_\d+$"))
    def on_suggestion(ack: Callable, body: dict, action: dict, client: WebClient, respond: Any):
        ack()
        ask(client, svc, _where_of_action(body, respond), action.get("value") or "")

    @app.action(re.compile(r"^home_example_\d+$"))
    def on_home_example(ack: Callable, body: dict, action: dict, client: WebClient):
        ack()
        user = (body.get("user") or {}).get("id", "")
        text = action.get("value") or ""
        # A user id as channel posts in the app's direct messages with that person.
        where = Where(channel=user, thread_ts=None, user=user)
        ask(client, svc, where, text, heading=wording.HOME_ASKED.format(text=text))

    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=home_view(svc.datasets_summary()))

    @app.error
    def on_error(error: Exception, body: dict) -> None:
        event = body.get("event") or {}
        log.error(
            "slack listener failed event_id=%s channel=%s ts=%s: %r",
            body.get("event_id", "-"),
            event.get("channel") or (body.get("channel") or {}).get("id", "-"),
            event.get("ts", "-"),
            error,
            exc_info=error,
        )

    return app


def answer_message(
    client: WebClient,
    svc: Services,
    event: dict,
    body: dict,
    bot_user_id: str | None,
    *,
    only_follow_ups: bool = False,
) -> None:
    """A mention, DM or thread reply: answer in the question's thread, as a follow-up if the
    thread holds one of our answers."""
    channel, ts = event.get("channel", ""), event.get("ts")
    thread_ts = event.get("thread_ts")
    where = Where(
        channel=channel,
        thread_ts=thread_ts or ts,
        user=event.get("user"),
        event_id=body.get("event_id"),
        ts=ts,
    )
    previous = None
    if thread_ts and thread_ts != ts:
        previous = previous_question(client, svc, channel, thread_ts)
        if previous is None and only_follow_ups:
            return  # someone else's thread: not for us
    ask(client, svc, where, question_text(event.get("text") or "", bot_user_id), previous=previous)


def _where_of_action(body: dict, respond: Any) -> Where:
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    return Where(
        channel=channel,
        thread_ts=message.get("thread_ts") or message.get("ts"),
        user=(body.get("user") or {}).get("id"),
        ts=message.get("ts"),
        respond=respond,
    )


def _button(svc: Services, handler: Callable[..., None]) -> Callable[..., None]:
    def on_button(ack: Callable, body: dict, action: dict, client: WebClient, respond: Any):
        ack()
        where = _where_of_action(body, respond)
        if not within_limits(client, svc, where):
            return
        try:
            handler(client, svc, where, action.get("value") or "")
        except Exception:
            log.exception("button %s failed %s", action.get("action_id"), where.ids())
            try:
                post(client, where, text=wording.APOLOGY)
            except Exception:  # noqa: BLE001
                tell_privately(client, where, wording.APOLOGY)

    on_button.__name__ = f"on_{handler.__name__}"
    return on_button
