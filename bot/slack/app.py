"""Build the slack-bolt App: its Web API client, its services and its listener modules.

Acknowledging and answering: the App runs with `process_before_response=True`, so bolt runs a
listener on the request's own thread and sends the ack when it returns. Every listener only
decides, queues its work on a bounded pool (`bot.slack.work`) and returns: the ack never waits
for a busy pool (with bolt's default the ack itself ran inside the listener pool and missed
Slack's 3 s when the pool was full), and a full queue is told to the person instead of waited
on. The answer runs after the 200 is sent, so HTTP mode needs an always-on process.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import logs
from bot.slack import actions, commands, events, home, middleware
from bot.slack.limits import RateLimits
from bot.slack.reply import Services
from bot.slack.settings import SlackSettings
from bot.slack.store import Retention, SlackStore
from bot.slack.work import BoundedWork

log = logging.getLogger("bot.slack")

COMMAND = commands.COMMAND
NOTICE_QUEUE = 100
_SERVICES: weakref.WeakKeyDictionary[App, Services] = weakref.WeakKeyDictionary()


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """slack_sdk's handler retries 500 and 503 only; a proxy's 502 and 504 are as passing."""

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None):
        return response is not None and response.status_code in (500, 502, 503, 504)


def make_client(settings: SlackSettings) -> WebClient:
    """A WebClient on SLACK_API_URL that retries 429 (honouring Retry-After), 5xx and resets.
    In distributed mode it has no token: each request gets its workspace's from the store."""
    return WebClient(
        token=None if settings.distributed else settings.bot_token,
        base_url=settings.api_url,
        timeout=max(1, round(settings.http_timeout)),
        logger=logging.getLogger("bot.slack.web"),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            GatewayErrorRetryHandler(max_retry_count=3),
        ],
    )


def open_store(settings: SlackSettings) -> SlackStore:
    """The shared store with its tables (OAuth ones too in distributed mode)."""
    store = SlackStore(settings.store_location(), Retention(thread_days=settings.retention_days))
    store.create()
    if settings.distributed:
        store.create_oauth_tables(settings.client_id or "")
    return store


def create_app(
    settings: SlackSettings,
    *,
    answerer: Callable[..., Any] | None = None,
    question_from_receipt: Callable[..., Any] | None = None,
    datasets_summary: Callable[[], list[dict]] | None = None,
    render: Any = None,
    charts: Any = None,
    client: WebClient | None = None,
    store: SlackStore | None = None,
    limits: RateLimits | None = None,
) -> App:
    """Build the App. The pipeline, renderer and charts default to the real ones, the store to
    the settings' database, the rate limits to the settings' (`limits` replaces them)."""
    logs.register_secrets(
        settings.bot_token, settings.app_token, settings.signing_secret, settings.client_secret
    )
    logs.guard(*logs.GUARDED)
    store = store or open_store(settings)
    svc = Services.default(
        answer=answerer,
        question_from_receipt=question_from_receipt,
        datasets_summary=datasets_summary,
        render=render,
        charts=charts,
        store=store,
        work=BoundedWork(settings.workers, settings.queue_depth),
        notices=BoundedWork(1, NOTICE_QUEUE, name="collabbot-notice"),
        limits=limits or RateLimits(store, settings.user_rate, settings.channel_rate),
    )
    client = client or make_client(settings)
    oauth: dict[str, Any] = {}
    installations = None
    if settings.distributed:
        from bot.slack import oauth as distributed

        installations = store.installations(settings.client_id or "")
        oauth = {
            "installation_store": installations,
            "oauth_settings": distributed.oauth_settings(settings, store, installations),
            "authorize": distributed.authorize(settings, installations, client),
        }
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        # Socket Mode needs no signing secret; over HTTP check() made sure there is one.
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=True,
        logger=logging.getLogger("bot.slack.bolt"),
        **oauth,
    )
    middleware.register(app)
    events.register(app, svc)
    commands.register(app, svc)
    actions.register(app, svc)
    home.register(app, svc)
    if installations is not None:
        events.register_uninstall(app, svc, installations)
    app.error(_on_error)
    _SERVICES[app] = svc
    return app


def services(app: App) -> Services:
    """The services an App was built with (the server drains their queues on shutdown)."""
    return _SERVICES[app]


def _on_error(error: Exception, body: dict) -> None:
    body = body if isinstance(body, dict) else {}
    event: dict = body["event"] if isinstance(body.get("event"), dict) else {}
    channel: dict = body["channel"] if isinstance(body.get("channel"), dict) else {}
    log.error(
        "slack listener failed event_id=%s channel=%s ts=%s: %r",
        body.get("event_id", "-"),
        event.get("channel") or channel.get("id", "-"),
        event.get("ts", "-"),
        error,
        exc_info=error,
    )
