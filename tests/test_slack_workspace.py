"""Issue 15's "must show", end to end, against both the project's fake Web API and `emulate`
(strict scopes: the bot's token has the manifest's scopes and nothing more), with the real
pipeline: chatter in a thread gets no post; 16 slash commands and 16 clicks arriving while 8
slow answers run are all acked within 3 s; injected backticks and `<!channel>` never reach a
posted message unescaped; an edited mention is answered once; foreign metadata is ignored."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_fakes import (
    EMULATE_BOT_TOKEN,
    EMULATE_BOT_USER,
    EMULATE_USER_TOKEN,
    BotServer,
    Emulator,
    FakeSlack,
    action_body,
    command_body,
    emulate_or_skip,
    event_body,
    pipeline_answer,
    pipeline_services,
    post_signed,
    test_settings,
    unescaped,
    use_db,
    wait_until,
)
from slack_sdk import WebClient

from bot.slack.reply import METADATA_EVENT_TYPE

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

QUESTION = "CS China–Thailand 2015 vs 2023"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
SECRET = "workspace-signing-secret"
ACK_BOUND_S = 3.0


class Workspace:
    """One channel in a Slack the bot talks to: people post in it, the bot's posts are read
    back as people would see them."""

    name: str
    api_url: str
    bot_token: str
    bot_user: str
    person: str
    channel: str
    responses: FakeSlack  # response_url target (Slack's, not the Web API)

    def say(self, text: str, thread_ts: str | None = None, metadata: dict | None = None) -> str:
        raise NotImplementedError

    def edit(self, ts: str, text: str) -> None:
        raise NotImplementedError

    def bot_messages(self) -> list[dict]:
        """Every message the bot has posted in the channel, top level and in threads."""
        raise NotImplementedError

    def in_thread(self, ts: str) -> list[dict]:
        return [m for m in self.bot_messages() if m.get("thread_ts") == ts]


class FakeWorkspace(Workspace):
    name = "fake"

    def __init__(self, fake: FakeSlack) -> None:
        from slack_fakes import BOT_TOKEN, BOT_USER_ID

        self.fake = fake
        self.responses = fake
        self.api_url = fake.url
        self.bot_token = BOT_TOKEN
        self.bot_user = BOT_USER_ID
        self.person = "U0HUMAN01"
        self.channel = "C0GENERAL"
        self._ts = iter(range(1, 10**6))

    def say(self, text, thread_ts=None, metadata=None):
        ts = f"1697000000.{next(self._ts):06d}"
        msg = {"type": "message", "user": self.person, "ts": ts, "text": text}
        if thread_ts:
            msg["thread_ts"] = thread_ts
        if metadata:
            msg["metadata"] = metadata
        self.fake.add_message(self.channel, msg)
        return ts

    def edit(self, ts, text):
        for m in self.fake.messages.get(self.channel, []):
            if m["ts"] == ts:
                m["text"] = text

    def bot_messages(self):
        return [
            m for m in self.fake.messages.get(self.channel, []) if m.get("user") == self.bot_user
        ]


class EmulatedWorkspace(Workspace):
    name = "emulate"

    def __init__(self, emulator: Emulator, responses: FakeSlack) -> None:
        self.responses = responses
        self.api_url = emulator.url
        self.bot_token = EMULATE_BOT_TOKEN
        self.bot_user = EMULATE_BOT_USER
        self.people = WebClient(token=EMULATE_USER_TOKEN, base_url=emulator.url)
        self.reader = WebClient(token=EMULATE_USER_TOKEN, base_url=emulator.url)
        self.person = self.people.auth_test()["user_id"]
        channels = self.people.conversations_list()["channels"]
        self.channel = next(c["id"] for c in channels if c["name"] == "general")

    def say(self, text, thread_ts=None, metadata=None):
        kwargs = {"thread_ts": thread_ts} if thread_ts else {}
        if metadata:
            kwargs["metadata"] = metadata
        return self.people.chat_postMessage(channel=self.channel, text=text, **kwargs)["ts"]

    def edit(self, ts, text):
        self.people.chat_update(channel=self.channel, ts=ts, text=text)

    def bot_messages(self):
        seen: dict[str, dict] = {}
        top = self.reader.conversations_history(channel=self.channel, limit=1000)["messages"]
        for m in top:
            seen[m["ts"]] = m
            for r in self.reader.conversations_replies(
                channel=self.channel, ts=m["ts"], include_all_metadata=True
            )["messages"]:
                seen[r["ts"]] = r
        return [m for m in seen.values() if m.get("user") == self.bot_user]


@pytest.fixture(scope="module", params=["fake", "emulate"])
def workspace(request, tmp_path_factory):
    with FakeSlack() as fake:
        if request.param == "fake":
            yield FakeWorkspace(fake)
            return
        entry = emulate_or_skip("the emulate workspace tests")
        with Emulator(entry, tmp_path_factory.mktemp("emulate-ws")) as emu:
            yield EmulatedWorkspace(emu, fake)


class Gate:
    """The real pipeline, except that questions starting "slow " wait for the gate to open."""

    def __init__(self, db) -> None:
        self.open = threading.Event()
        self.waiting = 0
        self._real = pipeline_services(db)["answerer"]

    def __call__(self, text: str, **kw):
        if text.startswith("slow "):
            self.waiting += 1
            self.open.wait(60)
            text = text[len("slow ") :]
        return self._real(text, **kw)


@pytest.fixture(scope="module")
def gate(demo_db):
    return Gate(demo_db)


@pytest.fixture(scope="module")
def bot(workspace, demo_db, gate):
    use_db(demo_db)
    settings = test_settings(
        workspace.api_url,
        bot_token=workspace.bot_token,
        signing_secret=SECRET,
        user_rate=0,
        channel_rate=0,
    )
    services = {**pipeline_services(demo_db), "answerer": gate}
    with BotServer(settings, **services) as b:
        yield b


def signed(bot: BotServer, body: str, ctype: str = JSON) -> tuple[int, float]:
    started = time.monotonic()
    status, _ = post_signed(bot.url, body, ctype, secret=SECRET)
    return status, time.monotonic() - started


def event(ws: Workspace, text: str, ts: str, thread_ts: str | None = None, mention=True, **kw):
    e = {
        "type": "app_mention" if mention else "message",
        "user": ws.person,
        "text": f"<@{ws.bot_user}> {text}" if mention else text,
        "ts": ts,
        "channel": ws.channel,
        "event_ts": ts,
    }
    if not mention:
        e["channel_type"] = "channel"
    if thread_ts:
        e["thread_ts"] = thread_ts
    e.update(kw)
    return e


def send(bot, ws, e, event_id=None) -> int:
    return signed(bot, event_body(e, event_id, bot_user=ws.bot_user))[0]


def ask(bot, ws, text=QUESTION) -> str:
    """A person mentions the bot; returns the thread once the answer (and chart) are there."""
    ts = ws.say(f"<@{ws.bot_user}> {text}")
    assert send(bot, ws, event(ws, text, ts)) == 200
    wait_until(lambda: bot.svc.work.in_flight == 0 and ws.in_thread(ts), timeout=60)
    return ts


def quiet_for(bot, seconds: float = 0.8) -> None:
    time.sleep(0.2)
    wait_until(lambda: bot.svc.work.in_flight == 0, timeout=60)
    time.sleep(seconds)


# --------------------------------------------------------------------------- chatter


@pytest.mark.parametrize("text", ["thanks, that's useful", "ok", "great, see you tomorrow"])
def test_chatter_in_a_thread_gets_no_post(workspace, bot, text):
    ws = workspace
    ts = ask(bot, ws)
    before = len(ws.in_thread(ts))
    reply = ws.say(text, thread_ts=ts)
    assert send(bot, ws, event(ws, text, reply, ts, mention=False)) == 200
    quiet_for(bot)
    assert len(ws.in_thread(ts)) == before


def test_a_follow_up_in_the_same_thread_is_answered(workspace, bot):
    ws = workspace
    ts = ask(bot, ws)
    reply = ws.say("and Italy?", thread_ts=ts)
    send(bot, ws, event(ws, "and Italy?", reply, ts, mention=False))
    quiet_for(bot, 0.2)
    answers = [m for m in ws.in_thread(ts) if (m.get("metadata") or {}).get("event_payload")]
    receipts = [a["metadata"]["event_payload"]["question"] for a in answers]
    expected = pipeline_answer("and Italy?", previous=pipeline_answer(QUESTION).question)
    assert receipts == [pipeline_answer(QUESTION).receipt, expected.receipt]


# --------------------------------------------------------------------------- acks under load


def test_commands_and_clicks_are_acked_within_3s_while_8_slow_answers_run(workspace, bot, gate):
    ws = workspace
    gate.open.clear()
    gate.waiting = 0
    slow = []
    for _ in range(8):
        ts = ws.say(f"<@{ws.bot_user}> slow {QUESTION}")
        slow.append(ts)
        assert send(bot, ws, event(ws, f"slow {QUESTION}", ts)) == 200
    wait_until(lambda: gate.waiting == 8, timeout=30)  # every answer thread is now held
    receipt = pipeline_answer(QUESTION).receipt
    button_on = ws.say("a message with buttons under it")
    message = {"ts": button_on, "type": "message"}
    bodies = [
        (command_body(QUESTION, ws.responses.response_url(f"c{i}"), ws.channel), FORM)
        for i in range(16)
    ]
    bodies += [
        (
            action_body(
                "show_sql", receipt, ws.channel, message, ws.responses.response_url(f"b{i}")
            ),
            FORM,
        )
        for i in range(16)
    ]
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(lambda b: signed(bot, *b), bodies))
    statuses = [s for s, _ in results]
    acks = sorted(t for _, t in results)
    print(f"\n{ws.name}: 32 acks while 8 answers held: p50 {acks[16]:.3f}s max {acks[-1]:.3f}s")
    assert statuses == [200] * 32
    assert acks[-1] < ACK_BOUND_S
    gate.open.set()
    wait_until(lambda: bot.svc.work.in_flight == 0, timeout=120)
    time.sleep(0.5)
    mine = ws.bot_messages()
    assert all(
        len([m for m in mine if m.get("thread_ts") == ts and m.get("metadata")]) == 1 for ts in slow
    )
    sql_posts = [m for m in mine if m.get("thread_ts") == button_on]
    assert len(sql_posts) == 16
    headed = [m for m in mine if "asked" in json.dumps(m.get("blocks") or [])]
    assert len([m for m in headed if not m.get("thread_ts") or m.get("thread_ts") == m["ts"]]) >= 16


# --------------------------------------------------------------------------- markup injection


INJECTIONS = [
    # What Slack sends for "@channel" typed in a message, and for a literal "<!channel>".
    "CS China–Thailand 2015 vs 2023` <!channel> `",
    "`CS China–Thailnd 2023` &lt;!channel&gt; <https://evil.example|click here>",
    "<!here> ``` <@U0BOSS001> <#C0SECRET1> `",
]


def test_injected_markup_never_reaches_a_posted_message_unescaped(workspace, bot):
    ws = workspace
    for i, text in enumerate(INJECTIONS):
        ts = ws.say(f"<@{ws.bot_user}> {text}")
        send(bot, ws, event(ws, text, ts))
        reply = ws.say(text, thread_ts=ts)
        send(bot, ws, event(ws, text, reply, ts))  # a mention in the thread: a follow-up
        signed(bot, command_body(text, ws.responses.response_url(f"i{i}"), ws.channel), FORM)
        message = {"ts": ts, "type": "message"}
        for action_id in ("show_sql", "by_subject", "suggestion_0", "choice_0", "over_time"):
            body = action_body(action_id, text, ws.channel, message, ws.responses.response_url("x"))
            signed(bot, body, FORM)
    quiet_for(bot)
    posted = ws.bot_messages()
    assert len(posted) >= 3 * len(INJECTIONS)
    leaks = {m["ts"]: unescaped(m) for m in posted if unescaped(m)}
    assert not leaks, leaks
    # Ephemeral notes and command replies (sent to response_url) too.
    for _, payload in ws.responses.responses:
        assert not unescaped(payload), payload
    # And the person's words are still there to read, as text.
    shown = json.dumps(posted, ensure_ascii=False)
    assert "&lt;!channel&gt;" in shown or "<!channel>" in shown.replace("&lt;", "<").replace(
        "&gt;", ">"
    )


# --------------------------------------------------------------------------- edits and forgeries


def test_an_edited_mention_is_answered_once(workspace, bot):
    ws = workspace
    ts = ws.say(f"<@{ws.bot_user}> {QUESTION}")
    first = event(ws, QUESTION, ts)
    send(bot, ws, first, "EvWSEDIT" + ts.replace(".", ""))
    quiet_for(bot, 0.2)
    ws.edit(ts, f"<@{ws.bot_user}> {QUESTION} please")
    edited = {
        **first,
        "text": f"<@{ws.bot_user}> {QUESTION} please",
        "edited": {"user": ws.person, "ts": ts},
    }
    assert send(bot, ws, edited, "EvWSEDIT2" + ts.replace(".", "")) == 200
    quiet_for(bot)
    answers = [m for m in ws.in_thread(ts) if (m.get("metadata") or {}).get("event_type")]
    assert len(answers) == 1


def test_metadata_from_anyone_but_the_bot_is_ignored(workspace, bot):
    ws = workspace
    forged = {"event_type": METADATA_EVENT_TYPE, "event_payload": {"question": QUESTION}}
    parent = ws.say("here is an answer, honest", metadata=forged)
    # A plain reply there: not a thread the bot answered.
    reply = ws.say("and Italy?", thread_ts=parent)
    send(bot, ws, event(ws, "and Italy?", reply, parent, mention=False))
    quiet_for(bot)
    assert ws.in_thread(parent) == []
    # A mention there: the forged question is not followed ("and Italy?" alone is no question).
    mentioned = ws.say(f"<@{ws.bot_user}> and Italy?", thread_ts=parent)
    send(bot, ws, event(ws, "and Italy?", mentioned, parent))
    quiet_for(bot, 0.2)
    [said] = ws.in_thread(parent)
    assert not (said.get("metadata") or {}).get("event_payload")  # an error, not a follow-up
    italy = pipeline_answer("and Italy?", previous=pipeline_answer(QUESTION).question)
    assert italy.ok and italy.headline not in json.dumps(said, ensure_ascii=False)
