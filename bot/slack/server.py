"""The two transports: Socket Mode (default) and HTTP through uvicorn (`bot.slack.asgi`).

HTTP mode runs uvicorn with several worker processes, a deep listen backlog, a cap on open
connections, deadlines for a request's head and body, and no access log (each refused request
logs one line of its own). Worker processes share the Slack store, so retries and rate limits
hold across them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
import threading
from collections.abc import Mapping
from typing import Any

import uvicorn
from slack_bolt import App
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.slack.asgi import EVENTS_PATH, HEALTH_PATH, SlackASGI
from bot.slack.settings import MissingSlackConfig, SlackSettings
from data.health import StoreUnusable, require
from data.store import resolve_db_path

log = logging.getLogger("bot.slack")

BACKLOG = 2048
MAX_CONNECTIONS = 1000  # per worker; past it uvicorn answers 503 at once
KEEP_ALIVE_S = 5
MAX_HEAD_BYTES = 32 * 1024  # request line and headers


class ServerConfig(uvicorn.Config):
    """uvicorn's Config plus the head deadline (it travels to worker processes with it)."""

    def __init__(self, *args: Any, header_timeout: float = 10.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's head, which uvicorn lacks:
    a connection that has not sent a whole request line and headers in time is closed."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._head_cycle = self.cycle
        timeout = getattr(self.config, "header_timeout", 10.0)
        self._head_timer = self.loop.call_later(timeout, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        if self._head_timer is not None and self.cycle is not self._head_cycle:
            self._disarm_head_timer()  # a whole request head arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._disarm_head_timer()
            self._arm_head_timer()  # the next request on this connection gets its own

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is self._head_cycle and not self.transport.is_closing():
            client = self.client[0] if self.client else "-"
            log.warning("closed a connection from %s: no request head within the deadline", client)
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)


def asgi_app(
    app: App, settings: SlackSettings, db: str | os.PathLike[str] | None = None
) -> SlackASGI:
    from bot.slack.app import services

    svc = services(app)

    def drain() -> None:
        svc.work.shutdown(wait=True)
        svc.notices.shutdown(wait=True)

    return SlackASGI(
        app,
        max_body=settings.max_body,
        body_timeout=settings.body_timeout,
        on_shutdown=drain,
        db=db,
    )


def from_env() -> SlackASGI:
    """uvicorn's app factory in each worker process: settings from the environment."""
    from bot import logs
    from bot.slack.app import create_app

    logs.setup(os.environ.get("COLLABBOT_LOG_LEVEL", "INFO").upper(), json_lines=_json_logs())
    settings = SlackSettings.from_env()
    return asgi_app(create_app(settings), settings)


def _json_logs(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("COLLABBOT_LOG_FORMAT", "json").lower() != "text"


def server_config(
    settings: SlackSettings, *, port: int, host: str, app: Any = None, workers: int | None = None
) -> ServerConfig:
    """uvicorn settings: the factory (or an ASGI app in-process), limits and timeouts."""
    target = app if app is not None else "bot.slack.server:from_env"
    return ServerConfig(
        target,
        factory=app is None,
        host=host,
        port=port,
        workers=workers if workers is not None else settings.http_workers,
        http=TimedH11Protocol,
        lifespan="on",
        backlog=BACKLOG,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=30,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        header_timeout=settings.header_timeout,
        access_log=False,
        log_config=None,  # our JSON lines (bot.logs), not uvicorn's own formatters
        server_header=False,
        proxy_headers=False,
    )


class InProcessServer:
    """The production ASGI stack under uvicorn on a thread (tests and the benchmark)."""

    def __init__(
        self,
        app: App,
        settings: SlackSettings,
        port: int = 0,
        host: str = "127.0.0.1",
        db: str | os.PathLike[str] | None = None,
    ):
        self.asgi = asgi_app(app, settings, db)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.port = self.sock.getsockname()[1]
        config = server_config(settings, port=self.port, host=host, app=self.asgi, workers=1)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def start_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self._thread.start()
        while not self.server.started and self._thread.is_alive():
            threading.Event().wait(0.01)
        return self._thread

    def shutdown(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(30)

    def server_close(self) -> None:
        self.sock.close()


def http_server(
    app: App,
    port: int = 3000,
    host: str = "0.0.0.0",
    settings: SlackSettings | None = None,
    db: str | os.PathLike[str] | None = None,
) -> InProcessServer:
    """`db`: the database /health checks (None: $COLLABBOT_DB or the default)."""
    return InProcessServer(app, settings or SlackSettings(), port=port, host=host, db=db)


def serve(
    settings: SlackSettings,
    http: bool = False,
    port: int = 3000,
    db: str | os.PathLike[str] | None = None,
    **app_kwargs: Any,
) -> None:
    """Run until interrupted. Raises MissingSlackConfig when the mode's variables are unset,
    StoreUnusable when the database is missing or damaged."""
    from bot.slack.app import create_app, open_store

    settings.check(http=http)
    require(resolve_db_path(db))  # a damaged database stops the start, saying what to do
    if http:
        # Tables are created once here, before the workers start, so they never race to it.
        open_store(settings).dispose()
        config = server_config(settings, port=port, host="0.0.0.0")
        log.info(
            "collabbot listening on :%d%s with %d workers (health: %s)",
            port,
            EVENTS_PATH,
            config.workers,
            HEALTH_PATH,
        )
        _run(config)
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("collabbot connecting to Slack in Socket Mode")
        SocketModeHandler(create_app(settings, **app_kwargs), settings.app_token).start()


def _run(config: ServerConfig) -> None:
    """What uvicorn.run does with a Config: one server, or a supervisor of worker processes."""
    from uvicorn.supervisors import Multiprocess

    if config.workers > 1:
        sock = config.bind_socket()
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run()


def main_serve(http: bool, port: int, environ: Mapping[str, str] | None = None) -> int:
    """`python -m bot serve [--http --port N]`: 0 on a clean stop, 2 when configuration is
    missing or the database is unusable."""
    env = os.environ if environ is None else environ
    from bot import logs

    # JSON lines with a request id (COLLABBOT_LOG_FORMAT=text for people reading a terminal).
    logs.setup(env.get("COLLABBOT_LOG_LEVEL", "INFO").upper(), json_lines=_json_logs(env))
    settings = SlackSettings.from_env(env)
    try:
        serve(settings, http=http, port=port, db=env.get("COLLABBOT_DB"))
    except MissingSlackConfig as e:
        print(str(e), file=sys.stderr)
        return 2
    except StoreUnusable as e:
        print(e.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
