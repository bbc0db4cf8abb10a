"""Slack faults, abuse and load against the HTTP app and a fake Web API (tests/slack_fakes.py):
429s, 5xx, timeouts, a failing upload URL, refusals; rate limits; secrets kept out of logs and
replies; a request id on every log line; 500 signed events in 30 s, each answered once.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from reliability_figures import record, tally_when_done
from slack_fakes import (
    SIGNING_SECRET,
    BotServer,
    FakeSlack,
    event_body,
    mention_event,
    pipeline_answer,
    pipeline_services,
    post_signed,
    temp_store_url,
    test_settings,
    use_db,
    wait_until,
)

from bot import logs
from bot.slack import SlackSettings, wording
from bot.slack.limits import RateLimits
from bot.slack.reply import METADATA_EVENT_TYPE
from bot.slack.store import SlackStore

pytestmark = pytest.mark.timeout(180)

QUESTION = "CS China–Thailand 2015 vs 2023"
CHANNEL = "C0CHAN001"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
BOT_TOKEN = "xoxb-reliability-0000-secret-token"
SECRET = "reliability-signing-secret-value"
CLIENT_TIMEOUT_S = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FaultySlack(FakeSlack):
    """The recording fake plus slow replies, lost requests, a dead upload URL and real-time
    message timestamps (as Slack's are), so a timed-out post can be looked for."""

    def __init__(self) -> None:
        super().__init__()
        self.slow: dict[str, list[tuple[float, bool]]] = {}  # method -> (seconds, processed?)
        self.dead_upload_url = False
        self._clock_lock = threading.Lock()
        self._last_ts = 0.0

    def _next_ts(self) -> str:
        with self._clock_lock:
            self._last_ts = max(time.time(), self._last_ts + 1e-6)
            return f"{self._last_ts:.6f}"

    def delay(self, method: str, seconds: float, processed: bool) -> None:
        self.slow.setdefault(method, []).append((seconds, processed))

    def _api(self, method: str, params: dict, token: str | None = None) -> dict:
        with self._lock:
            queued = self.slow.get(method)
            slow = queued.pop(0) if queued else None
        if slow and not slow[1]:
            time.sleep(slow[0])  # the request is lost: nothing happens, the reply is late
            return {"ok": False, "error": "lost"}
        result = super()._api(method, params, token)
        if method == "files.getUploadURLExternal" and self.dead_upload_url:
            result["upload_url"] = f"http://127.0.0.1:{free_port()}/upload/{result['file_id']}"
        if slow:
            time.sleep(slow[0])  # processed, but the reply comes after the client gave up
        return result

    def reset(self) -> None:
        super().reset()
        self.slow.clear()
        self.dead_upload_url = False


class Bot(BotServer):
    """The HTTP app on a free port, pointed at a fake, with a short Web API timeout."""

    def __init__(self, fake: FakeSlack, db, **app_kwargs) -> None:
        settings = test_settings(
            fake.url, bot_token=BOT_TOKEN, http_timeout=CLIENT_TIMEOUT_S, workers=8
        )
        super().__init__(settings, **{**pipeline_services(db), **app_kwargs})


@pytest.fixture(scope="module")
def fake():
    with FaultySlack() as f:
        yield f


@pytest.fixture(scope="module")
def bot(fake, demo_db):
    use_db(demo_db)
    with Bot(fake, demo_db) as b:
        yield b


@pytest.fixture
def slack(fake, bot):
    fake.reset()
    return fake, bot.url


_ts = iter(range(1, 10**6))


def user_ts() -> str:
    return f"1690000000.{next(_ts):06d}"


def mention(url: str, text: str = QUESTION, ts: str | None = None, **kw) -> tuple[int, str, str]:
    ts = ts or user_ts()
    event = mention_event(text, kw.pop("channel", CHANNEL), ts)
    if "user" in kw:
        event["user"] = kw.pop("user")
    status, _ = post_signed(url, event_body(event, kw.pop("event_id", None)), JSON, **kw)
    return status, ts, event["user"]


def answers(fake: FakeSlack) -> list[dict]:
    """Answer messages as Slack stores them (what people see), across channels."""
    return [
        m
        for msgs in fake.messages.values()
        for m in msgs
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT_TYPE
    ]


def settle(seconds: float = 0.5) -> None:
    time.sleep(seconds)  # give a wrongly repeated post the chance to show up


EXPECTED_HEADLINE_FIGURES = ("39.83", "+1,185%")


def shows_answer(msg: dict) -> bool:
    shown = json.dumps({k: msg.get(k) for k in ("text", "blocks")}, ensure_ascii=False)
    return all(f in shown for f in EXPECTED_HEADLINE_FIGURES)


# --------------------------------------------------------------------------- Web API faults

OBSERVED: list[dict] = []  # one entry per fault injected: what reached the person


# The fault figures for RELIABILITY.md, from what each fault test observed.
fault_tally = tally_when_done(
    "slack_faults",
    lambda: (
        {
            "faults_injected": len(OBSERVED),
            "faults": [o["fault"] for o in OBSERVED],
            "answers_lost": sum(o["lost"] for o in OBSERVED),
            "answers_posted_twice": sum(o["twice"] for o in OBSERVED),
        }
        if OBSERVED
        else None
    ),
)


def observe(name: str, delivered: int) -> None:
    """What one fault left the person with: `delivered` answers where exactly one is due.
    Called before the test's own assertions, so a failing test is counted too."""
    OBSERVED.append({"fault": name, "lost": max(0, 1 - delivered), "twice": max(0, delivered - 1)})


def test_429_on_the_upload_is_retried_after_retry_after(slack):
    fake, url = slack
    fake.fail(
        "files.getUploadURLExternal",
        429,
        {"ok": False, "error": "ratelimited"},
        {"Retry-After": "1"},
    )
    mention(url)
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=15)
    settle()
    observe("429 Retry-After on files.getUploadURLExternal", len(answers(fake)))
    calls = fake.of("files.getUploadURLExternal")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 0.9
    assert len(answers(fake)) == 1 and len(fake.of("files.completeUploadExternal")) == 1


def test_three_server_errors_in_a_row_are_retried(slack):
    fake, url = slack
    for status in (500, 502, 503):
        fake.fail("chat.postMessage", status, {"ok": False, "error": "internal_error"})
    mention(url)
    wait_until(lambda: answers(fake), timeout=20)
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=10)
    settle()
    observe("500, 502, 503 on chat.postMessage", len(answers(fake)))
    assert len(fake.of("chat.postMessage")) == 4
    [msg] = answers(fake)
    assert shows_answer(msg)


def test_a_post_that_timed_out_but_landed_is_not_posted_again(slack):
    fake, url = slack
    fake.delay("chat.postMessage", CLIENT_TIMEOUT_S + 1.0, processed=True)
    _, ts, _ = mention(url)
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=20)
    settle(CLIENT_TIMEOUT_S + 1.5)
    observe("timeout on chat.postMessage (processed)", len(answers(fake)))
    assert len(fake.of("chat.postMessage")) == 1
    assert [c.params["ts"] for c in fake.of("conversations.replies")] == [ts]
    [msg] = answers(fake)
    assert msg["thread_ts"] == ts and shows_answer(msg)


def test_a_post_that_timed_out_and_was_lost_is_posted_once_more(slack):
    fake, url = slack
    fake.delay("chat.postMessage", CLIENT_TIMEOUT_S + 0.5, processed=False)
    _, ts, _ = mention(url)
    wait_until(lambda: answers(fake), timeout=20)
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=10)
    settle(CLIENT_TIMEOUT_S)
    observe("timeout on chat.postMessage (lost)", len(answers(fake)))
    assert len(fake.of("chat.postMessage")) == 2
    [msg] = answers(fake)
    assert msg["thread_ts"] == ts and shows_answer(msg)


def test_a_failing_upload_url_keeps_the_answer_and_says_so(slack):
    fake, url = slack
    fake.dead_upload_url = True
    _, ts, _ = mention(url)
    wait_until(lambda: len(fake.of("chat.postMessage")) >= 2, timeout=20)
    settle()
    observe("upload URL refusing connections", len(answers(fake)))
    answer, note = fake.of("chat.postMessage")
    assert answer.params["metadata"]["event_type"] == METADATA_EVENT_TYPE
    assert note.params["text"] == wording.CHART_NOT_ATTACHED and note.params["thread_ts"] == ts
    assert not fake.of("files.completeUploadExternal")
    assert len(answers(fake)) == 1


def test_not_in_channel_tells_the_person_how_to_invite(slack):
    fake, url = slack
    fake.fail("chat.postMessage", body={"ok": False, "error": "not_in_channel"})
    mention(url)
    wait_until(lambda: fake.of("chat.postEphemeral"), timeout=15)
    settle()
    # The answer cannot be posted here; what must reach the person is the one invite note.
    observe("not_in_channel on chat.postMessage", len(fake.of("chat.postEphemeral")))
    [eph] = fake.of("chat.postEphemeral")
    assert eph.params["text"] == wording.INVITE
    assert len(fake.of("chat.postMessage")) == 1 and not fake.of("files.getUploadURLExternal")


@pytest.mark.parametrize("error", ["invalid_blocks", "msg_too_long"])
def test_a_refused_shape_is_posted_again_as_plain_text(slack, error):
    fake, url = slack
    fake.fail("chat.postMessage", body={"ok": False, "error": error})
    _, ts, _ = mention(url)
    wait_until(lambda: len(fake.of("chat.postMessage")) >= 2, timeout=15)
    wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=10)
    settle()
    shown = [m for m in fake.thread(CHANNEL, ts) if shows_answer(m)]
    observe(f"{error} on chat.postMessage", len(shown))
    first, second = fake.of("chat.postMessage")
    assert first.params.get("blocks") and not second.params.get("blocks")
    assert len(second.params["text"]) <= 3000
    [msg] = fake.thread(CHANNEL, ts)[:1]
    assert shows_answer(msg) and msg["thread_ts"] == ts
    assert len([m for m in fake.messages[CHANNEL] if not m.get("subtype")]) == 1


def test_retried_deliveries_while_answering_are_answered_once(fake, demo_db):
    release = threading.Event()

    def slow(text, **kw):
        release.wait(10)
        return pipeline_answer(text, previous=kw.get("previous"))

    fake.reset()
    with Bot(fake, demo_db, answerer=slow) as b:
        body = event_body(mention_event(QUESTION, CHANNEL, user_ts()), "EvRETRY0001")
        statuses = [post_signed(b.url, body, JSON)[0]]
        for n in (1, 2, 3):
            retry = {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"}
            statuses.append(post_signed(b.url, body, JSON, extra_headers=retry)[0])
        release.set()
        wait_until(lambda: answers(fake), timeout=15)
        settle(0.8)
    observe("event delivered 4 times (3 retries) while answering", len(answers(fake)))
    assert statuses == [200] * 4
    assert len(answers(fake)) == 1


# --------------------------------------------------------------------------- rate limits


def test_token_buckets_refill_and_spare_the_channel():
    now = [1_000.0]
    store = SlackStore(temp_store_url(), clock=lambda: now[0]).create()
    limits = RateLimits(store, per_user=2, per_channel=3, per=60)
    assert [limits.allow("T1", "U1", "C1") for _ in range(3)] == [None, None, "user"]
    assert limits.allow("T1", "U2", "C1") is None
    assert limits.allow("T1", "U3", "C1") == "channel"
    now[0] += 30  # half a minute: one more for U1 (2/min), 1.5 for the channel
    assert limits.allow("T1", "U1", "C1") is None
    assert limits.allow("T1", "U1", "C2") == "user"
    assert limits.allow("T1", "U4", "C2") is None  # another channel is not affected
    assert limits.allow("T2", "U1", "C1") is None  # nor the same ids in another workspace
    assert limits.refused == 3


def test_rate_limits_answer_with_a_friendly_private_note(fake, demo_db, request):
    fake.reset()
    store = SlackStore(temp_store_url()).create()
    limits = RateLimits(store, per_user=2, per_channel=3)
    with Bot(fake, demo_db, store=store, limits=limits) as b:
        for _ in range(3):
            mention(b.url, user="U0FAST001")
        wait_until(lambda: len(fake.of("chat.postEphemeral")) >= 1, timeout=15)
        mention(b.url, user="U0OTHER01")  # the channel's third
        wait_until(lambda: len(answers(fake)) >= 3, timeout=20)
        mention(b.url, user="U0OTHER02")  # the channel's fourth: over
        wait_until(lambda: len(fake.of("chat.postEphemeral")) >= 2, timeout=15)
        wait_until(lambda: len(answers(fake)) >= 3, timeout=20)
        settle()
    notes = [c.params for c in fake.of("chat.postEphemeral")]
    assert {n["user"] for n in notes} == {"U0FAST001", "U0OTHER02"}
    by_user = {n["user"]: n["text"] for n in notes}
    assert by_user["U0FAST001"] == wording.RATE_LIMITED_USER.format(rate=2)
    assert by_user["U0OTHER02"] == wording.RATE_LIMITED_CHANNEL.format(rate=3)
    assert "Traceback" not in json.dumps(notes)
    assert len(answers(fake)) == 3


def test_settings_read_rate_limits_from_the_environment():
    s = SlackSettings.from_env({}, dotenv_path=None)
    assert (s.user_rate, s.channel_rate, s.http_timeout) == (10, 30, 30.0)
    s = SlackSettings.from_env(
        {"COLLABBOT_RATE_USER": "3", "COLLABBOT_RATE_CHANNEL": "0", "COLLABBOT_SLACK_TIMEOUT": "5"},
        dotenv_path=None,
    )
    assert (s.user_rate, s.channel_rate, s.http_timeout) == (3, 0, 5.0)


# --------------------------------------------------------------------------- secrets and ids


def test_secrets_never_reach_logs_or_replies(fake, demo_db, caplog):
    calls = {"n": 0}

    def leaky(text, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError(f"boom token={BOT_TOKEN} secret={SIGNING_SECRET} xapp-1-A0-77-abc")
        return pipeline_answer(text, previous=kw.get("previous"))

    fake.reset()
    use_db(demo_db)  # pipeline_answer reads the demo, never the default store
    with caplog.at_level(logging.DEBUG), Bot(fake, demo_db, answerer=leaky) as b:
        mention(b.url)  # internal error with secrets in the exception
        wait_until(lambda: fake.of("chat.postMessage"), timeout=15)
        fake.fail(
            "chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        )
        fake.fail("files.completeUploadExternal", body={"ok": False, "error": "internal_error"})
        mention(b.url)
        wait_until(lambda: len(fake.of("chat.postMessage")) >= 4, timeout=20)
        post_signed(
            b.url,
            event_body(mention_event(QUESTION, CHANNEL, user_ts())),
            JSON,
            secret="wrong-secret",
        )
        settle()
    replies = json.dumps([c.params for c in fake.calls], ensure_ascii=False)
    assert wording.APOLOGY in replies
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "boom token=[redacted] secret=[redacted] [redacted]" in logged
    for secret in (BOT_TOKEN, SIGNING_SECRET, "xapp-1-A0-77-abc"):
        assert secret not in logged
        assert secret not in replies
    assert len(caplog.records) > 10  # the logs were really captured, at DEBUG


def test_every_log_line_of_a_request_carries_its_id(slack, caplog):
    fake, url = slack
    with caplog.at_level(logging.INFO, logger="bot"):
        mention(url, event_id="EvREQUESTID1")
        wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=15)
        wait_until(
            lambda: any(r.getMessage().startswith("answered") for r in caplog.records), timeout=5
        )
    answered = [r for r in caplog.records if r.getMessage().startswith("answered")]
    assert [r.request_id for r in answered] == ["EvREQUESTID1"]
    assert answered[0].outcome == "ok" and answered[0].ms >= 0
    line = json.loads(logs.JsonFormatter().format(answered[0]))
    assert line["request_id"] == "EvREQUESTID1" and line["outcome"] == "ok"
    assert line["msg"].startswith("answered team=T0TEAM001 event_id=EvREQUESTID1")


def test_json_log_lines_mask_secrets_and_carry_the_request_id():
    logs.register_secrets("a-signing-secret-123")
    record = logging.LogRecord(
        "bot.slack",
        logging.ERROR,
        __file__,
        1,
        "failed with %s and %s",
        ("xoxb-1-2-3-abcd", "a-signing-secret-123"),
        None,
    )
    with logs.request("req-42"):
        logs.GuardFilter().filter(record)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line == {
        **line,
        "request_id": "req-42",
        "level": "ERROR",
        "msg": "failed with [redacted] and [redacted]",
    }


# --------------------------------------------------------------------------- load

REQUESTS = 500  # 400 mentions, 50 slash commands, 50 button clicks
BURST = 200  # arriving at once
SPREAD_S = 30.0  # the rest, evenly
ACK_BOUND_S = 3.0
LOAD_QUESTIONS = (
    "CS China–Thailand 2015 vs 2023",
    "top 15 BRI partners of China 2023",
    "CS China–Singapore, South Korea, Italy 2015 vs 2023",
    "China BRI collaboration 2015 vs 2023",
    "CS China–Thailnd 2023",  # a user error: answered too, without a chart
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_requests(fake: FakeSlack) -> list[tuple[str, str, str, str]]:
    """(kind, key, body, content type): the key is the thread (or user) its answer goes to."""
    from slack_fakes import action_body, command_body

    receipt = pipeline_answer(LOAD_QUESTIONS[0]).receipt
    out = []
    for i in range(REQUESTS):
        channel, user = f"C0LOAD{i % 50:03d}", f"U0LOAD{i:03d}"
        if i % 10 == 3:  # a slash command: the answer's heading names who asked
            body = command_body(LOAD_QUESTIONS[i % 4], fake.response_url(f"c{i}"), channel)
            out.append(("command", user, body.replace("U0HUMAN01", user), FORM))
        elif i % 10 == 7:  # Show SQL under a message: the SQL goes in its thread
            ts = f"1690002000.{i:06d}"
            message = {"type": "message", "ts": ts}
            body = action_body("show_sql", receipt, channel, message, fake.response_url(f"b{i}"))
            out.append(("button", ts, body.replace("U0HUMAN01", user), FORM))
        else:
            ts = f"1690001000.{i:06d}"
            event = mention_event(LOAD_QUESTIONS[i % len(LOAD_QUESTIONS)], channel, ts)
            event["user"] = user
            out.append(("event", ts, event_body(event), JSON))
    return out


def answered_keys(fake: FakeSlack) -> Counter:
    """How many answers each key got: posts in its thread, or headed by its asker."""
    got: Counter = Counter()
    for call in fake.of("chat.postMessage"):
        thread = call.params.get("thread_ts")
        if thread:
            got[str(thread)] += 1
            continue
        heading = json.dumps((call.params.get("blocks") or [{}])[0])
        asker = heading.split("<@", 1)[1].split(">", 1)[0] if "<@" in heading else "?"
        got[asker] += 1
    return got


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_500_requests_through_the_production_server_with_real_charts(demo_db, request, tmp_path):
    """`python -m bot serve --http` (uvicorn, 2 workers), real charts: 200 requests at once,
    300 more over 30 s; every one acked within 3 s and answered once."""
    from slack_fakes import ProductionServer, rss_mb

    use_db(demo_db)
    # A queue deep enough for the whole run (2 workers × (8 + 300) places): this measures
    # answering everything; a full queue's note to the person is tested on its own.
    env = {"COLLABBOT_SLACK_QUEUE": "300"}
    with FaultySlack() as fake, ProductionServer(tmp_path, fake.url, demo_db, **env) as srv:
        requests = load_requests(fake)
        acks: dict[str, list[float]] = {"event": [], "command": [], "button": []}
        statuses: Counter = Counter()
        peak_rss: dict[int, float] = {}
        done = threading.Event()

        def sample_memory() -> None:
            while not done.is_set():
                for pid in srv.workers():
                    peak_rss[pid] = max(peak_rss.get(pid, 0.0), rss_mb(pid))
                time.sleep(0.5)

        def send(i: int) -> None:
            kind, _, body, ctype = requests[i]
            gate.wait()
            if i >= BURST:  # after the burst, evenly over SPREAD_S
                due = started + (i - BURST) * SPREAD_S / (REQUESTS - BURST)
                time.sleep(max(0.0, due - time.monotonic()))
            t0 = time.monotonic()
            status, _ = post_signed(srv.url, body, ctype)
            acks[kind].append(time.monotonic() - t0)
            statuses[status] += 1

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        gate = threading.Event()
        with ThreadPoolExecutor(max_workers=BURST + 16) as pool:
            futures = [pool.submit(send, i) for i in range(REQUESTS)]
            time.sleep(0.5)  # the burst's threads are all waiting at the gate
            started = time.monotonic()
            gate.set()
            for f in futures:
                f.result()
        sent_s = time.monotonic() - started
        keys = {key for _, key, _, _ in requests}
        wait_until(lambda: keys <= set(answered_keys(fake)), timeout=600, interval=0.5)
        last_answer = max(c.at for c in fake.of("chat.postMessage"))
        settle(2.0)
        done.set()
        sampler.join(5)
        got = answered_keys(fake)
        charts = [png for png in fake.uploads.values() if png.startswith(b"\x89PNG")]
        ephemeral = len(fake.of("chat.postEphemeral"))
    first_post = min(c.at for c in fake.of("chat.postMessage"))
    answers = sum(got[k] for k in keys)
    figures = {
        "requests": REQUESTS,
        "burst": BURST,
        "sent_over_s": round(sent_s, 1),
        "acked_200": statuses[200],
        **{
            f"ack_{kind}_p50_ms": round(percentile(values, 50) * 1000)
            for kind, values in acks.items()
        },
        **{
            f"ack_{kind}_p99_ms": round(percentile(values, 99) * 1000)
            for kind, values in acks.items()
        },
        "answers": answers,
        "answers_lost": sum(1 for k in keys if got[k] == 0),
        "answered_twice": sum(1 for k in keys if got[k] > 1),
        "charts_uploaded": len(charts),
        "distinct_chart_sizes": len({len(png) for png in charts}),
        "answers_per_s": round(answers / max(1e-9, last_answer - first_post), 1),
        "rate_limit_notes": ephemeral,
        "worker_peak_rss_mb": sorted(round(v) for v in peak_rss.values()),
    }
    record(request, "slack_load", figures)
    assert statuses == Counter({200: REQUESTS})
    assert max(max(v) for v in acks.values()) < ACK_BOUND_S, figures
    assert figures["answers_lost"] == 0 and figures["answered_twice"] == 0, figures
    assert ephemeral == 0
    # Real charts: one per answer with figures, and they differ (not one fixed PNG).
    assert len(charts) >= 300 and figures["distinct_chart_sizes"] > 3
