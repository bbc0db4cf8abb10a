"""Global middleware: a request id on every log line, and each delivery of an event once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot import logs
from bot.slack.reply import Services

log = logging.getLogger("bot.slack")


def register(app: App, svc: Services) -> None:
    @app.middleware
    def with_request_id(body: dict, context: Any, next: Callable[[], None]) -> None:
        # Not reset afterwards: each request (a thread of its own) sets a fresh id here first,
        # and the answer queue's threads copy the context they were submitted from.
        body = body if isinstance(body, dict) else {}
        rid = body.get("event_id") or body.get("trigger_id") or logs.new_request_id()
        context["request_id"] = rid
        logs.REQUEST_ID.set(str(rid))
        next()

    @app.middleware
    def answer_each_event_once(body: dict, next: Callable[[], None]) -> BoltResponse | None:
        # Slack redelivers an event (same event_id) when it saw no 2xx within 3 s; the id is
        # kept in the shared store, so a retry reaching another worker is a repeat there too.
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if isinstance(event_id, str) and event_id and not svc.store.first_time(f"ev:{event_id}"):
            log.info("duplicate delivery ignored event_id=%s", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None
