"""Global middleware: a request id on every log line of a request and of the work it queues.

(A retried delivery is caught in the answer queue, by the message it carries: see
`bot.slack.events.answer_message`. Nothing is written to the store on the request thread.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot import logs


def register(app: App) -> None:
    @app.middleware
    def with_request_id(body: dict, context: Any, next: Callable[[], None]) -> None:
        # Not reset afterwards: each request (a thread of its own) sets a fresh id here first,
        # and the answer queue's threads copy the context they were submitted from.
        body = body if isinstance(body, dict) else {}
        rid = body.get("event_id") or body.get("trigger_id") or logs.new_request_id()
        context["request_id"] = rid
        logs.REQUEST_ID.set(str(rid))
        next()
