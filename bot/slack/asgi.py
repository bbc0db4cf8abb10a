"""HTTP mode's front door: bolt's ASGI adapter behind request limits, with GET /health.

Everything a request can do wrong is answered here with a 4xx and one log line before bolt
sees it: a body over the cap (by Content-Length or while streaming), a body that does not
finish in time, bytes that are not UTF-8, JSON or a form payload that does not parse, a
timestamp header that is not a number. bolt then checks the signature and the timestamp's
age, and dispatches on a thread of a bounded pool, so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from concurrent.futures import Executor
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest, BoltResponse

from bot import logs
from data.health import http_status
from data.store import resolve_db_path

log = logging.getLogger("bot.slack.http")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
DISPATCH_THREADS = 16

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Refused(Exception):
    """A request answered with a 4xx before it reached bolt."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackASGI:
    """The ASGI application: /health, the OAuth pages, and POST /slack/events into bolt."""

    def __init__(
        self,
        app: App,
        *,
        max_body: int = 1 << 20,
        body_timeout: float = 10.0,
        dispatch: Executor | None = None,
        on_shutdown: Callable[[], None] | None = None,
        db: str | os.PathLike[str] | None = None,
    ) -> None:
        self.bolt = app
        self.db = db  # the database /health checks (None: $COLLABBOT_DB or the default)
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.pool = dispatch or logs.ContextExecutor(
            max_workers=DISPATCH_THREADS, thread_name_prefix="collabbot-http"
        )
        self.on_shutdown = on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # websockets: not served (uvicorn closes the connection)
        try:
            status, headers, body = await self._respond(scope, receive)
        except Refused as refused:
            client = scope.get("client") or ("-", 0)
            log.warning(
                "refused %d %s %s from %s: %s",
                refused.status,
                scope.get("method"),
                scope.get("path"),
                client[0],
                refused.reason,
            )
            status, headers, body = refused.status, {}, json.dumps({"error": refused.reason})
        await _send(send, status, headers, body)

    async def _respond(self, scope: Scope, receive: Receive) -> tuple[int, dict, str]:
        method, path = scope["method"], scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            # 503 with the reason when the database is missing, damaged or held by a writer.
            loop = asyncio.get_running_loop()
            status, text = await loop.run_in_executor(
                self.pool, http_status, resolve_db_path(self.db)
            )
            return status, {"content-type": "text/plain; charset=utf-8"}, text
        oauth = self.bolt.oauth_flow
        if oauth is not None and method == "GET":
            handler = {
                oauth.install_path: oauth.handle_installation,
                oauth.redirect_uri_path: oauth.handle_callback,
            }.get(path)
            if handler is not None:
                request = BoltRequest(body="", query=query, headers=_headers(scope))
                return _bolt(await self._in_thread(handler, request))
        if path != EVENTS_PATH:
            raise Refused(404, "not found")
        if method != "POST":
            raise Refused(405, "method not allowed")
        headers = _headers(scope)
        _check_headers(headers, self.max_body)
        raw = await self._read_body(receive)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "body is not UTF-8") from None
        _check_body(body, _one(headers, "content-type") or "")
        request = BoltRequest(body=body, query=query, headers=headers)
        return _bolt(await self._in_thread(self.bolt.dispatch, request))

    async def _read_body(self, receive: Receive) -> bytes:
        """The body, refused past `max_body` bytes or when it has not all come within
        `body_timeout` seconds (a client that stops sending holds no thread, only a socket,
        and not for long)."""
        deadline = time.monotonic() + self.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Refused(408, f"body not received within {self.body_timeout:g} s")
            try:
                message = await asyncio.wait_for(receive(), remaining)
            except TimeoutError:
                raise Refused(408, f"body not received within {self.body_timeout:g} s") from None
            if message["type"] == "http.disconnect":
                raise Refused(400, "client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise Refused(413, f"body over {self.max_body:,} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _in_thread(self, fn: Callable[[BoltRequest], BoltResponse], request: BoltRequest):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, fn, request)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # Answers already acked still run to the end before the worker exits.
                if self.on_shutdown is not None:
                    await asyncio.get_running_loop().run_in_executor(None, self.on_shutdown)
                await send({"type": "lifespan.shutdown.complete"})
                return


def _headers(scope: Scope) -> dict[str, str | Sequence[str]]:
    # latin-1 decodes any byte: a header that is not ASCII cannot raise here.
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _check_headers(headers: Mapping[str, str | Sequence[str]], max_body: int) -> None:
    length = _one(headers, "content-length")
    if length is not None:
        if not length.isdigit():
            raise Refused(400, "Content-Length is not a number")
        if int(length) > max_body:
            raise Refused(413, f"body over {max_body:,} bytes")
    timestamp = _one(headers, "x-slack-request-timestamp")
    if timestamp is None or not timestamp.isdigit() or len(timestamp) > 12:
        # bolt would turn a non-number into a 500; a missing one cannot be signed.
        raise Refused(401, "X-Slack-Request-Timestamp missing or not a number")
    if not _one(headers, "x-slack-signature"):
        raise Refused(401, "X-Slack-Signature missing")


def _one(headers: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    value = headers.get(name)
    return value if isinstance(value, str) or value is None else next(iter(value), None)


def _check_body(body: str, content_type: str) -> None:
    """JSON bodies and form payloads must parse as objects (bolt assumes they do)."""
    if "json" in content_type:
        _json_object(body, "body")
        return
    for payload in parse_qs(body, keep_blank_values=True).get("payload", [])[:1]:
        _json_object(payload, "payload")


def _json_object(text: str, what: str) -> None:
    try:
        parsed = json.loads(text)
    except ValueError:
        raise Refused(400, f"{what} is not JSON") from None
    if not isinstance(parsed, dict):
        raise Refused(400, f"{what} is not a JSON object")


def _bolt(resp: BoltResponse) -> tuple[int, dict, str]:
    body = resp.body if isinstance(resp.body, str) else json.dumps(resp.body or "")
    return resp.status, resp.headers, body


async def _send(send: Send, status: int, headers: dict, body: str) -> None:
    data = body.encode("utf-8")
    raw: list[tuple[bytes, bytes]] = []
    for name, values in headers.items():
        if name.lower() == "content-length":
            continue
        for value in values if isinstance(values, list | tuple) else [values]:
            raw.append((name.encode("latin-1"), str(value).encode("latin-1")))
    if not any(name.lower() == b"content-type" for name, _ in raw):
        raw.append((b"content-type", b"application/json"))
    raw.append((b"content-length", str(len(data)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})
