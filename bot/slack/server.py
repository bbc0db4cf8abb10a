"""The two transports: Socket Mode (default) and HTTP on /slack/events with GET /health.

Bolt's own development server (`app.start`) is a single-threaded HTTPServer with no health
path, so HTTP mode uses a ThreadingHTTPServer that hands every POST to bolt exactly as that
server does (BoltRequest -> app.dispatch -> BoltResponse): signature and timestamp checks,
acks and listener dispatch all stay bolt's.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest

from bot.slack.settings import MissingSlackConfig, SlackSettings
from data.health import StoreUnusable, http_status, require
from data.store import resolve_db_path

log = logging.getLogger("bot.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
MAX_BODY = 1 << 20  # Slack payloads are small; refuse anything absurd


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        app: App,
        path: str = EVENTS_PATH,
        db: str | os.PathLike[str] | None = None,
    ):
        self.app = app
        self.events_path = path
        self.db = db  # the database /health checks (None: $COLLABBOT_DB or the default)
        super().__init__(address, _Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start_in_thread(self) -> threading.Thread:
        t = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        t.start()
        return t


class _Handler(BaseHTTPRequestHandler):
    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("http %s", format % args)

    def do_GET(self) -> None:
        if self.path.partition("?")[0] == HEALTH_PATH:
            status, text = http_status(resolve_db_path(self.server.db))
            self._send(status, {"Content-Type": ["text/plain; charset=utf-8"]}, text)
        else:
            self._send(404, {}, "not found")

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        if path != self.server.events_path:
            self._send(404, {}, "not found")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, {}, "too large")
            return
        body = self.rfile.read(length).decode("utf-8")
        req = BoltRequest(body=body, query=query, headers=dict(self.headers.items()))
        resp = self.server.app.dispatch(req)
        self._send(resp.status, resp.headers, resp.body)

    def _send(self, status: int, headers: Mapping[str, Any], body: str | dict | None) -> None:
        text = body if isinstance(body, str) else json.dumps(body or "")
        data = text.encode("utf-8")
        self.send_response(status)
        for name, values in headers.items():
            if name.lower() == "content-length":
                continue
            for v in values if isinstance(values, list | tuple) else [values]:
                self.send_header(name, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def http_server(
    app: App,
    port: int = 3000,
    host: str = "0.0.0.0",
    db: str | os.PathLike[str] | None = None,
) -> SlackHTTPServer:
    return SlackHTTPServer((host, port), app, db=db)


def serve(
    settings: SlackSettings,
    http: bool = False,
    port: int = 3000,
    db: str | os.PathLike[str] | None = None,
    **app_kwargs: Any,
) -> None:
    """Run until interrupted. Raises MissingSlackConfig when the transport's variables are
    unset, StoreUnusable when the database is missing or damaged."""
    from bot.slack.app import create_app

    settings.check(http=http)
    require(resolve_db_path(db))  # a damaged database stops the start, saying what to do
    app = create_app(settings, **app_kwargs)
    if http:
        server = http_server(app, port, db=db)
        log.info("collabbot listening on :%d%s (health: %s)", server.port, EVENTS_PATH, HEALTH_PATH)
        # Platforms stop web processes with SIGTERM; leave serve_forever cleanly.
        signal.signal(
            signal.SIGTERM,
            lambda *_: threading.Thread(target=server.shutdown, daemon=True).start(),
        )
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("collabbot connecting to Slack in Socket Mode")
        SocketModeHandler(app, settings.app_token).start()


def main_serve(http: bool, port: int, environ: Mapping[str, str] | None = None) -> int:
    """`python -m bot serve [--http --port N]`: 0 on a clean stop, 2 when configuration is
    missing or the database is unusable."""
    env = os.environ if environ is None else environ
    from bot import logs

    # JSON lines with a request id (COLLABBOT_LOG_FORMAT=text for people reading a terminal).
    logs.setup(
        env.get("COLLABBOT_LOG_LEVEL", "INFO").upper(),
        json_lines=env.get("COLLABBOT_LOG_FORMAT", "json").lower() != "text",
    )
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
