"""The production HTTP server (`python -m bot serve --http`: uvicorn, two worker processes) under
hostile requests: each gets a 4xx in time with one capped log line and bounded memory; and
retried deliveries and rate limits hold across the workers (they share the store)."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_fakes import (
    FakeSlack,
    ProductionServer,
    event_body,
    mention_event,
    post_signed,
    rss_mb,
    sign,
    thread_count,
    wait_until,
)

from bot.logs import MAX_MESSAGE

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

QUESTION = "CS China–Thailand 2015 vs 2023"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
HEAD_TIMEOUT_S = 2.0
BODY_TIMEOUT_S = 2.0
# A JSON log line: the capped message plus the line's other fields.
MAX_LINE = MAX_MESSAGE + 600


@pytest.fixture(scope="module")
def fake():
    with FakeSlack() as f:
        yield f


@pytest.fixture(scope="module")
def server(fake, demo_db, tmp_path_factory):
    env = {
        "COLLABBOT_HTTP_HEADER_TIMEOUT": str(HEAD_TIMEOUT_S),
        "COLLABBOT_HTTP_BODY_TIMEOUT": str(BODY_TIMEOUT_S),
        "COLLABBOT_RATE_USER": "3",
        "COLLABBOT_RATE_CHANNEL": "0",
    }
    with ProductionServer(tmp_path_factory.mktemp("prod"), fake.url, demo_db, **env) as srv:
        yield srv


def raw(port: int, data: bytes, *, read_timeout: float = 5.0) -> tuple[bytes, float]:
    """Send bytes on a fresh connection; the response's first bytes and how long they took."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        started = time.monotonic()
        # The server may answer and close while we are still sending.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(data)
        try:
            reply = s.recv(4096)
        except (ConnectionResetError, TimeoutError):
            reply = b""
        return reply, time.monotonic() - started


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


def head(body_len: int | str, headers: dict[str, str] | None = None) -> bytes:
    lines = [
        "POST /slack/events HTTP/1.1",
        "Host: bot",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {body_len}",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def new_lines(server: ProductionServer, before: int) -> list[str]:
    time.sleep(0.4)  # the log line is written as the request ends
    return server.log_lines()[before:]


def worker_memory(server: ProductionServer) -> list[float]:
    return [rss_mb(pid) for pid in server.workers()]


HOSTILE = {
    "content-length -1": lambda port: raw(port, head(-1) + b"x" * 65536),
    "20 MB unsigned form (Content-Length)": lambda port: raw(
        port, head(20 * 2**20) + b"payload=" + b"A" * (2 * 2**20)
    ),
    "timestamp abc": lambda port: raw(
        port,
        head(2, {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}) + b"{}",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_requests_get_a_4xx_within_a_second(server, name):
    before = len(server.log_lines())
    memory = worker_memory(server)
    reply, took = HOSTILE[name](server.port)
    lines = new_lines(server, before)
    print(f"\n{name}: {reply[:12]!r} in {took:.3f}s, log lines {len(lines)}")
    assert 400 <= status_of(reply) < 500, reply[:200]
    assert took < 1.0
    assert len(lines) == 1 and len(lines[0]) <= MAX_LINE, lines
    assert all(after - was < 20 for was, after in zip(memory, worker_memory(server), strict=True))


def test_a_chunked_body_is_cut_at_the_cap(server):
    """No Content-Length to refuse on: the body is counted as it streams and refused past 1 MB."""
    before = len(server.log_lines())
    memory = worker_memory(server)
    headers = (
        b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nTransfer-Encoding: chunked\r\n"
        + b"Content-Type: application/x-www-form-urlencoded\r\n"
        + b"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (65536, b"B" * 65536)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        started = time.monotonic()
        s.sendall(headers)
        reply = b""
        for _ in range(320):  # up to 20 MB, unless the server answers first
            try:
                s.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            s.settimeout(0.0)
            try:
                reply = s.recv(4096)
            except BlockingIOError:
                reply = b""
            s.settimeout(5)
            if reply:
                break
        if not reply:
            reply = s.recv(4096)
        took = time.monotonic() - started
    lines = new_lines(server, before)
    assert status_of(reply) == 413 and took < 1.0
    assert len(lines) == 1 and "over 1,048,576 bytes" in lines[0]
    assert all(after - was < 20 for was, after in zip(memory, worker_memory(server), strict=True))


@pytest.mark.parametrize(
    ("name", "body", "ctype", "status"),
    [
        ("malformed JSON", b'{"type": "event_callback", ', JSON, 400),
        ("a JSON list", b"[1, 2, 3]", JSON, 400),
        ("invalid UTF-8", b'{"text": "\xff\xfe\xfa"}', JSON, 400),
        ("a form payload that is not JSON", b"payload=%7Bnot+json", FORM, 400),
    ],
)
def test_signed_bodies_that_do_not_parse_get_a_400_and_no_traceback(
    server, name, body, ctype, status
):
    before = len(server.log_lines())
    signature = sign(body.decode("utf-8", "replace"))
    headers = {"Content-Type": ctype, **signature}
    reply, took = raw(
        server.port,
        head(len(body), headers).replace(
            b"Content-Type: application/x-www-form-urlencoded\r\n", b"", 1
        )
        + body,
    )
    lines = new_lines(server, before)
    assert status_of(reply) == status and took < 1.0
    assert len(lines) == 1 and "Traceback" not in lines[0]
    assert json.loads(lines[0])["level"] == "WARNING"


def test_an_unsigned_body_under_the_cap_is_refused_with_one_short_line(server):
    """bolt logs a request that fails the signature check with its whole body: the line is
    capped (it was the whole 20 MB before)."""
    before = len(server.log_lines())
    body = b"text=" + b"C" * 900_000
    reply, took = raw(
        server.port,
        head(
            len(body),
            {
                "X-Slack-Request-Timestamp": str(int(time.time())),
                "X-Slack-Signature": "v0=" + "0" * 64,
            },
        )
        + body,
    )
    lines = new_lines(server, before)
    assert status_of(reply) == 401 and took < 1.0
    assert len(lines) == 1 and len(lines[0]) <= MAX_LINE
    assert "characters in all" in lines[0]  # the line says how long the whole was


def test_500_connections_that_never_finish_hold_no_threads(server):
    workers = server.workers()
    # /health opens the database once per worker (DuckDB's first connection costs memory):
    # done before the baseline, so the figure below is what the stalled connections hold.
    for _ in range(20):
        with urllib_health(server):
            pass
    threads_before = sum(thread_count(p) for p in workers)
    memory = worker_memory(server)
    stalled = []
    for i in range(500):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        # Half the head (slowloris), or a whole head and part of a promised body.
        if i % 2:
            s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nX-Slack-Sig")
        else:
            s.sendall(
                head(100, {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=0"})
                + b"x" * 10
            )
        stalled.append(s)
    started = time.monotonic()
    # Meanwhile a real request is served at once.
    with urllib_health(server) as took:
        assert took < 1.0
    threads_during = sum(thread_count(p) for p in workers)
    # Every stalled connection is closed (or answered 408) soon after its deadline.
    closed = 0
    statuses = []
    for s in stalled:
        s.settimeout(max(0.5, HEAD_TIMEOUT_S + 3 - (time.monotonic() - started)))
        try:
            reply = s.recv(4096)
        except TimeoutError:
            reply = None
        except ConnectionResetError:
            reply = b""
        if reply is not None:
            closed += 1
            statuses.append(status_of(reply))
        s.close()
    print(
        f"\nstalled connections: 500 opened, {closed} closed within the deadline, "
        f"threads {threads_before} -> {threads_during}, statuses {sorted(set(statuses))}"
    )
    assert closed == 500
    assert set(statuses) <= {0, 408}  # closed, or told the body took too long
    assert statuses.count(408) == 250
    assert threads_during - threads_before <= 4
    assert all(after - was < 30 for was, after in zip(memory, worker_memory(server), strict=True))


class urllib_health:
    def __init__(self, server: ProductionServer) -> None:
        self.url = f"{server.base}/health"

    def __enter__(self) -> float:
        import urllib.request

        started = time.monotonic()
        with urllib.request.urlopen(self.url, timeout=5) as r:
            assert r.read() == b"ok"
        return time.monotonic() - started

    def __exit__(self, *exc) -> None:
        pass


# --------------------------------------------------------------------------- across workers


def test_a_delivery_retried_to_both_workers_is_answered_once(server, fake):
    fake.reset()
    ts = "1699000000.000001"
    body = event_body(mention_event(QUESTION, "C0PROD001", ts), "EvPRODRETRY1")
    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda _: post_signed(server.url, body, JSON)[0], range(20)))
    assert statuses == [200] * 20
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=60)
    time.sleep(1.0)
    answers = [c for c in fake.of("chat.postMessage") if c.params.get("thread_ts") == ts]
    assert len(answers) == 1


def test_a_rate_limit_holds_across_workers(server, fake):
    fake.reset()
    bodies = []
    for i in range(8):
        event = mention_event(QUESTION, f"C0RATE{i:03d}", f"1699000001.{i:06d}")
        event["user"] = "U0FASTONE"
        bodies.append(event_body(event))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda b: post_signed(server.url, b, JSON), bodies))
    wait_until(lambda: len(fake.of("chat.postEphemeral")) >= 5, timeout=60)
    wait_until(lambda: len(fake.of("files.completeUploadExternal")) >= 3, timeout=60)
    time.sleep(1.0)
    assert len(fake.of("chat.postMessage")) == 3  # the person's 3 a minute, whichever worker
    assert len(fake.of("chat.postEphemeral")) == 5
