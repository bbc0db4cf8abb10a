"""Structured logging: one JSON object a line, a request id on every record, secrets masked.

`request(id)` sets the id for the code (and threads started through `ContextExecutor`) that
handles one Slack request; `guard(logger)` makes a logger mask tokens and registered secrets in
messages and tracebacks before any handler (ours, pytest's caplog, a platform's) sees them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
MASK = "[redacted]"
# A log line carries at most this much of its message (a library may log a whole request
# body: a 1 MB form is one short line, with its length, not a megabyte of log).
MAX_MESSAGE = 2_000
MAX_TRACEBACK = 20_000
# Slack tokens (bot, user, app-level, refresh, config) whatever their value.
_TOKEN = re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{4,}")
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secrets(*values: str | None) -> None:
    """Values (a signing secret has no recognisable shape) to mask wherever they appear."""
    with _secrets_lock:
        _secrets.update(v for v in values if v and len(v) >= 6)


def redact(text: str) -> str:
    text = _TOKEN.sub(MASK, text)
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def cap(text: str, limit: int) -> str:
    """At most `limit` characters, saying how long the whole was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text):,} characters in all]"


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextlib.contextmanager
def request(request_id: str | None = None) -> Iterator[str]:
    """Every record logged inside (on this thread or a ContextExecutor task) carries the id."""
    rid = request_id or new_request_id()
    token = REQUEST_ID.set(rid)
    try:
        yield rid
    finally:
        REQUEST_ID.reset(token)


class GuardFilter(logging.Filter):
    """Stamps the request id and masks secrets in the message and the traceback, in place."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = cap(redact(message), MAX_MESSAGE), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = cap(redact(record.exc_text), MAX_TRACEBACK)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_GUARD = GuardFilter()


def guard(*loggers: logging.Logger | str) -> None:
    """Install the guard on these loggers (records they create are stamped and masked)."""
    for item in loggers:
        logger = logging.getLogger(item) if isinstance(item, str) else item
        if _GUARD not in logger.filters:
            logger.addFilter(_GUARD)


# The loggers whose records may carry request data; children need their own filter because
# a logger's filters do not apply to records propagated from its children.
GUARDED = (
    "bot",
    "bot.slack",
    "bot.slack.web",
    "bot.slack.bolt",
    "collabbot.pipeline",
    "slack_bolt",
    "slack_sdk",
    "slack_sdk.web.base_client",
    "slack_sdk.socket_mode",
    "bot.slack.http",
    "bot.slack.oauth",
    "uvicorn",
    "uvicorn.error",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (+ exc)."""

    def format(self, record: logging.LogRecord) -> str:
        _GUARD.filter(record)  # also for records from loggers nobody guarded
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "msg": record.getMessage(),
        }
        for key in ("event_id", "channel", "user", "ms", "outcome"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup(level: int | str = logging.INFO, *, json_lines: bool = True) -> None:
    """Configure the root logger once (JSON lines on stderr) and guard our loggers."""
    root = logging.getLogger()
    if not any(getattr(h, "_collabbot", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler._collabbot = True  # type: ignore[attr-defined]
        handler.addFilter(_GUARD)
        handler.setFormatter(
            JsonFormatter()
            if json_lines
            else logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
            )
        )
        root.addHandler(handler)
    root.setLevel(level)
    guard(*GUARDED)


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in the submitter's contextvars (so the request id follows)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        ctx = contextvars.copy_context()
        return super().submit(ctx.run, fn, *args, **kwargs)
