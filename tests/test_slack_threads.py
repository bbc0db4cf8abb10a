"""How the bot lives in a busy workspace (issue 15 items 1 and 4, issue 12 item 7), against the
recording fake Web API with answers scripted to the grammar's contract: quiet for chatter, one
answer per message, follow-ups from its own store, ask-back choices as buttons, follow-up
actions, and every odd payload ending in an answer, a polite refusal or a logged silence."""

from __future__ import annotations

import json
import logging
import time

import pytest
from slack_fakes import (
    BOT_ID,
    BOT_USER_ID,
    BotServer,
    FakeSlack,
    ScriptedPipeline,
    action_body,
    command_body,
    event_body,
    mention_event,
    post_signed,
    test_settings,
    unescaped,
    wait_until,
)

from bot.slack import wording
from bot.slack.reply import METADATA_EVENT_TYPE

pytestmark = pytest.mark.timeout(120)

CHANNEL = "C0CHAN001"
DM = "D0DM00001"
PERSON = "U0HUMAN01"
TEAM = "T0TEAM001"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
R1 = "CS · China–Thailand · natural sciences · 2015 vs 2023*"
R2 = "CS · China–Italy · natural sciences · 2015 vs 2023*"
R3 = "CS · China–Vietnam · natural sciences · 2015 vs 2023*"


@pytest.fixture(scope="module")
def fake():
    with FakeSlack() as f:
        yield f


@pytest.fixture(scope="module")
def pipeline():
    return ScriptedPipeline()


@pytest.fixture(scope="module")
def bot(fake, pipeline):
    with BotServer(
        test_settings(fake.url, user_rate=0, channel_rate=0), **pipeline.services()
    ) as b:
        yield b


@pytest.fixture
def slack(fake, pipeline, bot):
    # The last test's answers (a chart upload, say) finish before this one starts counting.
    wait_until(lambda: bot.svc.work.in_flight == 0, timeout=30)
    fake.reset()
    pipeline.calls.clear()
    pipeline.by_text.clear()
    pipeline.by_receipt.clear()
    pipeline.ok("CS China–Thailand 2015 vs 2023", R1, "THA")
    pipeline.ok("and Italy?", R2, "ITA")
    pipeline.ok("and Vietnam?", R3, "VNM")
    return fake, pipeline, bot


_ts = iter(range(1, 10**6))


def user_ts() -> str:
    return f"1695000000.{next(_ts):06d}"


def send(bot: BotServer, event: dict, event_id: str | None = None) -> int:
    return post_signed(bot.url, event_body(event, event_id), JSON)[0]


def reply_event(text: str, thread_ts: str, channel: str = CHANNEL, **extra) -> dict:
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im" if channel.startswith("D") else "channel",
        "user": PERSON,
        "text": text,
        "ts": user_ts(),
        "thread_ts": thread_ts,
    }
    event.update(extra)
    return event


def dm_event(text: str, **extra) -> dict:
    event = {
        "type": "message",
        "channel": DM,
        "channel_type": "im",
        "user": PERSON,
        "text": text,
        "ts": user_ts(),
    }
    event.update(extra)
    return event


def posts(fake: FakeSlack) -> list[dict]:
    return [c.params for c in fake.of("chat.postMessage")]


def settle(seconds: float = 0.6) -> None:
    time.sleep(seconds)  # room for a wrong post to show up


def ask_in_channel(fake: FakeSlack, bot: BotServer, text: str = "CS China–Thailand 2015 vs 2023"):
    """A mention answered; returns the thread's ts and the answer message."""
    ts = user_ts()
    assert send(bot, mention_event(text, CHANNEL, ts)) == 200
    wait_until(lambda: [p for p in posts(fake) if p.get("thread_ts") == ts and p.get("metadata")])
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    message = next(m for m in fake.messages[CHANNEL] if m.get("thread_ts") == ts)
    return ts, message


def errors_logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


# --------------------------------------------------------------------------- chatter


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("thanks, that's useful", "chatter"),
        ("ok", "chatter"),
        (":+1:", "chatter"),
        ("Ana, did you see this?", "chatter"),
        ("ranks", "unknown_word"),  # a follow-up that does not read: people talking
        ("and Koria?", "unknown_country"),
        ("interesting", "not_a_followup"),
    ],
)
def test_chatter_in_an_answered_thread_gets_no_post(slack, caplog, text, code):
    fake, pipeline, bot = slack
    pipeline.error(text, code, "Did you mean 'rank'?")
    ts, _ = ask_in_channel(fake, bot)
    fake.calls.clear()
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        assert send(bot, reply_event(text, ts)) == 200
        wait_until(lambda: pipeline.asked(text))
        settle()
    assert not fake.calls, [c.method for c in fake.calls]  # nothing posted, nothing asked
    [(_, previous, _)] = pipeline.asked(text)
    assert previous == pipeline.by_receipt[R1].question  # it was read as a possible follow-up
    assert any(f"not answered: {code} in a reply" in r.getMessage() for r in caplog.records)


def test_a_mention_that_does_not_read_gets_the_error_answer(slack):
    fake, pipeline, bot = slack
    pipeline.error("ranks", "unknown_word", "Not understood: ranks.", suggestions=("rank",))
    ts, _ = ask_in_channel(fake, bot)
    fake.calls.clear()
    send(bot, mention_event("ranks", CHANNEL, user_ts(), thread_ts=ts))
    [msg] = wait_until(lambda: posts(fake))
    assert msg["thread_ts"] == ts and "Not understood" in msg["text"]
    assert "metadata" not in msg  # an error does not become the thread's question


def test_a_real_follow_up_without_a_mention_is_answered(slack):
    fake, pipeline, bot = slack
    ts, _ = ask_in_channel(fake, bot)
    fake.calls.clear()
    send(bot, reply_event("and Italy?", ts))
    [msg] = wait_until(lambda: posts(fake))
    assert msg["metadata"]["event_payload"] == {"question": R2, "history": [R1]}
    assert not fake.of("conversations.replies")  # the store knew the thread


def test_chatter_in_a_dm_is_quiet_but_a_misread_question_is_answered(slack):
    fake, pipeline, bot = slack
    pipeline.error("thanks!", "chatter")
    pipeline.error("CS China-Thailnd 2023", "unknown_country", "Not understood: Thailnd.")
    send(bot, dm_event("thanks!"))
    wait_until(lambda: pipeline.asked("thanks!"))
    settle()
    assert not posts(fake)
    send(bot, dm_event("CS China-Thailnd 2023"))
    [msg] = wait_until(lambda: posts(fake))
    assert msg["channel"] == DM and "Thailnd" in msg["text"]


# --------------------------------------------------------------------------- edge events


def test_an_edited_mention_is_answered_once(slack):
    fake, pipeline, bot = slack
    ts = user_ts()
    first = mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, ts)
    send(bot, first, "EvEDIT0001")
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    # Slack re-sends app_mention for the edited message: same ts, a new event id.
    edited = {**first, "text": first["text"] + " ", "edited": {"user": PERSON, "ts": user_ts()}}
    assert send(bot, edited, "EvEDIT0002") == 200
    settle()
    assert len(posts(fake)) == 1
    assert len(pipeline.calls) == 1


def test_other_bots_mentions_are_not_answered(slack):
    fake, pipeline, bot = slack
    for extra in ({"bot_id": "B0OTHER01"}, {"subtype": "bot_message", "bot_id": "B0OTHER02"}):
        event = {**mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, user_ts()), **extra}
        assert send(bot, event) == 200
    settle()
    assert not pipeline.calls and not fake.calls


def test_a_thread_broadcast_reply_is_a_follow_up(slack):
    fake, pipeline, bot = slack
    ts, _ = ask_in_channel(fake, bot)
    fake.calls.clear()
    send(bot, reply_event("and Italy?", ts, subtype="thread_broadcast"))
    [msg] = wait_until(lambda: posts(fake))
    assert msg["thread_ts"] == ts and msg["metadata"]["event_payload"]["question"] == R2


def test_a_file_shared_in_a_dm_with_a_question_is_answered(slack):
    fake, pipeline, bot = slack
    event = dm_event("CS China–Thailand 2015 vs 2023", subtype="file_share", files=[{"id": "F1"}])
    send(bot, event)
    [msg] = wait_until(lambda: posts(fake))
    assert msg["channel"] == DM and msg["thread_ts"] == event["ts"]
    # A file with no words in a DM is not a question: quiet, logged.
    send(bot, dm_event("", subtype="file_share", files=[{"id": "F2"}]))
    settle()
    assert len(posts(fake)) == 1


def test_a_top_level_follow_up_in_a_dm_follows_the_last_answer_there(slack):
    fake, pipeline, bot = slack
    send(bot, dm_event("CS China–Thailand 2015 vs 2023"))
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    follow = dm_event("and Italy?")
    send(bot, follow)
    wait_until(lambda: len(posts(fake)) == 2)
    [(_, previous, history)] = pipeline.asked("and Italy?")
    assert previous == pipeline.by_receipt[R1].question and history == (previous,)
    msg = posts(fake)[1]
    assert msg["thread_ts"] == follow["ts"]
    assert msg["metadata"]["event_payload"] == {"question": R2, "history": [R1]}
    # Another DM (another person) does not follow this one.
    other = {**dm_event("and Vietnam?"), "channel": "D0DM00002"}
    send(bot, other)
    wait_until(lambda: pipeline.asked("and Vietnam?"))
    [(_, previous, _)] = pipeline.asked("and Vietnam?")
    assert previous is None


def test_a_mention_where_slack_will_not_show_the_thread_is_answered_fresh(slack):
    fake, pipeline, bot = slack
    group_dm = "G0MPIM001"
    parent = user_ts()
    fake.replies_errors[group_dm] = "missing_scope"
    send(bot, mention_event("CS China–Thailand 2015 vs 2023", group_dm, user_ts(), parent))
    [msg] = wait_until(lambda: posts(fake))
    assert [c.method for c in fake.calls if c.method == "conversations.replies"]
    assert msg["channel"] == group_dm and msg["metadata"]["event_payload"]["question"] == R1
    [(_, previous, _)] = pipeline.calls
    assert previous is None


@pytest.mark.parametrize(
    "poster",
    [
        {"user": "U0OTHER01"},  # a person posting our metadata shape
        {"user": "U0OTHER02", "bot_id": "B0OTHER01"},  # another bot
    ],
)
def test_metadata_posted_by_anyone_else_is_ignored(slack, poster):
    fake, pipeline, bot = slack
    parent = user_ts()
    forged = {
        "type": "message",
        "ts": parent,
        "text": "look",
        "metadata": {"event_type": METADATA_EVENT_TYPE, "event_payload": {"question": R3}},
        **poster,
    }
    fake.add_message(CHANNEL, forged)
    pipeline.by_receipt[R3] = pipeline.ok("x", R3, "VNM")
    # A plain reply there: not a thread the bot answered (its store says so), no call at all.
    send(bot, reply_event("and Italy?", parent))
    settle()
    assert not fake.calls and not pipeline.calls
    # A mention there reads the thread back, and trusts only the bot's own messages.
    send(bot, mention_event("and Italy?", CHANNEL, user_ts(), parent))
    wait_until(lambda: posts(fake))
    [(_, previous, _)] = pipeline.asked("and Italy?")
    assert previous is None


def test_the_bots_own_metadata_is_read_back_when_the_store_lost_the_thread(slack):
    fake, pipeline, bot = slack
    parent = user_ts()
    ours = {
        "type": "message",
        "ts": parent,
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "text": "answer",
        "metadata": {
            "event_type": METADATA_EVENT_TYPE,
            "event_payload": {"question": R2, "history": [R1]},
        },
    }
    fake.add_message(CHANNEL, ours)
    send(bot, mention_event("and Vietnam?", CHANNEL, user_ts(), parent))
    [msg] = wait_until(lambda: posts(fake))
    [(_, previous, history)] = pipeline.asked("and Vietnam?")
    assert previous == pipeline.by_receipt[R2].question
    assert history == (pipeline.by_receipt[R1].question, previous)
    assert msg["metadata"]["event_payload"] == {"question": R3, "history": [R1, R2]}


@pytest.mark.parametrize(
    "payload",
    [
        "CS China–Italy 2015 vs 2023",  # a string
        ["CS China–Italy 2015 vs 2023"],  # a list
        7,
        None,
        {"question": ["a", "list"]},
        {"question": R2, "history": "not a list"},
        {"question": "   "},
    ],
)
def test_odd_metadata_shapes_end_in_an_answer(slack, caplog, payload):
    fake, pipeline, bot = slack
    parent = user_ts()
    fake.add_message(
        CHANNEL,
        {
            "type": "message",
            "ts": parent,
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": "answer",
            "metadata": {"event_type": METADATA_EVENT_TYPE, "event_payload": payload},
        },
    )
    with caplog.at_level(logging.INFO):
        send(bot, mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, user_ts(), parent))
        [msg] = wait_until(lambda: posts(fake))
    assert msg["metadata"]["event_payload"]["question"] == R1
    assert not errors_logged(caplog)
    [(_, previous, _)] = pipeline.calls
    if isinstance(payload, dict) and payload.get("question") == R2:
        assert previous == pipeline.by_receipt[R2].question  # a bad history alone is dropped
    else:
        assert previous is None


# --------------------------------------------------------------------------- ask-back choices


def test_an_ambiguous_question_offers_its_readings_and_a_click_asks_one(slack):
    fake, pipeline, bot = slack
    pipeline.error(
        "CS Korea 2023",
        "ambiguous",
        "Korea could be South Korea or North Korea.",
        choices=(R3, R2),
    )
    ts = user_ts()
    send(bot, mention_event("CS Korea 2023", CHANNEL, ts))
    [msg] = wait_until(lambda: posts(fake))
    buttons = [e for b in msg["blocks"] if b.get("type") == "actions" for e in b["elements"]]
    choices = [b for b in buttons if b["action_id"].startswith("choice_")]
    assert [b["value"] for b in choices] == [R3, R2]
    assert [b["text"]["text"] for b in choices] == [R3, R2]
    message = next(m for m in fake.messages[CHANNEL] if m.get("thread_ts") == ts)
    fake.calls.clear()
    body = action_body(choices[1]["action_id"], R2, CHANNEL, message, fake.response_url("c"))
    assert post_signed(bot.url, body, FORM)[0] == 200
    [answer] = wait_until(lambda: posts(fake))
    assert answer["thread_ts"] == ts
    assert answer["metadata"]["event_payload"] == {"question": R2}
    [(_, previous, _)] = pipeline.asked(R2)
    assert previous is None  # a fresh question: the receipt reads back by itself
    # The thread now follows that reading (remembered just after the post: wait for the job).
    wait_until(lambda: bot.svc.work.in_flight == 0)
    fake.calls.clear()
    send(bot, reply_event("and Vietnam?", ts))
    wait_until(lambda: posts(fake))
    [(_, previous, _)] = pipeline.asked("and Vietnam?")
    assert previous == pipeline.by_receipt[R2].question


# --------------------------------------------------------------------------- follow-up actions


def _thread_with_two_answers(fake, pipeline, bot) -> str:
    ts, _ = ask_in_channel(fake, bot)
    send(bot, reply_event("and Italy?", ts))
    wait_until(lambda: len(fake.of("files.completeUploadExternal")) == 2)
    fake.calls.clear()
    fake.uploads.clear()
    return ts


def test_show_me_the_sql_posts_the_previous_answers_sql(slack):
    fake, pipeline, bot = slack
    pipeline.action("show me the sql", "sql")
    ts = _thread_with_two_answers(fake, pipeline, bot)
    send(bot, reply_event("show me the sql", ts))
    [msg] = wait_until(lambda: posts(fake))
    code = "".join(b["text"]["text"] for b in msg["blocks"] if b["type"] == "section")
    assert R2 in code and msg["thread_ts"] == ts
    assert not fake.of("files.completeUploadExternal")


def test_as_csv_uploads_the_previous_answers_csv(slack):
    fake, pipeline, bot = slack
    pipeline.action("as csv", "csv")
    ts = _thread_with_two_answers(fake, pipeline, bot)
    send(bot, reply_event("as csv", ts))
    [done] = wait_until(lambda: fake.of("files.completeUploadExternal"))
    assert done.params["thread_ts"] == ts
    [content] = fake.uploads.values()
    assert "ITA" in content.decode() or "Italy" in content.decode()
    assert "39.83" in content.decode()


def test_by_subject_as_a_follow_up_posts_the_subject_table(slack):
    fake, pipeline, bot = slack
    pipeline.action("by subject", "by_subject")
    ts = _thread_with_two_answers(fake, pipeline, bot)
    send(bot, reply_event("by subject", ts))
    [msg] = wait_until(lambda: posts(fake))
    assert msg["thread_ts"] == ts and "By subject" in msg["text"] and R2 in msg["text"]
    asked = [c for c in pipeline.calls if c[0].startswith("in ")]
    assert len(asked) == 5 and all(c[1] == pipeline.by_receipt[R2].question for c in asked)


def test_as_a_table_posts_the_answer_without_a_chart(slack):
    fake, pipeline, bot = slack
    table = pipeline.ok("as a table", R2 + " · table", "ITA", question={"presentation": "table"})
    pipeline.action("as a table", "table", answer=table)
    ts = _thread_with_two_answers(fake, pipeline, bot)
    send(bot, reply_event("as a table", ts))
    [msg] = wait_until(lambda: posts(fake))
    settle()
    assert msg["thread_ts"] == ts and not fake.of("files.getUploadURLExternal")
    assert msg["metadata"]["event_payload"]["question"] == R2 + " · table"


def test_undo_answers_the_question_before_the_last_edit(slack):
    fake, pipeline, bot = slack
    pipeline.action("undo", "undo")
    ts = _thread_with_two_answers(fake, pipeline, bot)
    send(bot, reply_event("undo", ts))
    [msg] = wait_until(lambda: posts(fake))
    [(_, previous, history)] = pipeline.asked("undo")
    q1, q2 = pipeline.by_receipt[R1].question, pipeline.by_receipt[R2].question
    assert previous == q2 and history == (q1, q2)  # oldest first, the last is `previous`
    assert msg["metadata"]["event_payload"]["question"] == R1
    # The thread is back at the first question: a follow-up now edits it.
    wait_until(lambda: bot.svc.work.in_flight == 0)  # remembered once the job ends
    fake.calls.clear()
    send(bot, reply_event("and Vietnam?", ts))
    wait_until(lambda: posts(fake))
    [(_, previous, history)] = pipeline.asked("and Vietnam?")
    assert previous == q1 and history == (q1,)
    # Nothing left to undo past the first question.
    fake.calls.clear()
    other, _ = ask_in_channel(fake, bot)
    fake.calls.clear()
    send(bot, reply_event("undo", other))
    [note] = wait_until(lambda: posts(fake))
    assert note["text"] == wording.NOTHING_TO_UNDO


def test_a_thread_keeps_at_most_ten_questions(slack):
    fake, pipeline, bot = slack
    ts, _ = ask_in_channel(fake, bot)
    for i in range(12):
        pipeline.ok(f"and P{i}?", f"R-P{i}", f"P{i:02d}")
        send(bot, reply_event(f"and P{i}?", ts))
        wait_until(lambda i=i: pipeline.asked(f"and P{i}?") and len(posts(fake)) >= i + 2)
        wait_until(lambda: bot.svc.work.in_flight == 0)  # remembered before the next one
    history = bot.svc.store.history(TEAM, CHANNEL, ts)
    assert history == tuple(f"R-P{i}" for i in range(2, 12))
    last = posts(fake)[-1]["metadata"]["event_payload"]
    assert last == {"question": "R-P11", "history": [f"R-P{i}" for i in range(2, 11)]}


# --------------------------------------------------------------------------- odd payloads


@pytest.mark.parametrize("action_id", ["show_sql", "csv", "by_subject", "over_time"])
@pytest.mark.parametrize("value", ["", "   ", "help", "not a receipt"])
def test_an_answer_button_without_a_receipt_is_refused_politely(slack, caplog, action_id, value):
    fake, pipeline, bot = slack
    pipeline.ok("help", "help", question={"kind": "help"})
    ts, message = ask_in_channel(fake, bot)
    fake.calls.clear()
    with caplog.at_level(logging.INFO):
        body = action_body(action_id, value, CHANNEL, message, fake.response_url("b"))
        assert post_signed(bot.url, body, FORM)[0] == 200
        [msg] = wait_until(lambda: posts(fake))
        settle(0.3)
    assert msg["text"] == wording.RECEIPT_LOST and msg["thread_ts"] == ts
    assert len(posts(fake)) == 1 and not fake.of("files.completeUploadExternal")
    assert not errors_logged(caplog)


@pytest.mark.parametrize("action_id", ["suggestion_0", "choice_0"])
def test_a_suggestion_or_choice_without_a_value_is_refused_politely(slack, action_id):
    fake, pipeline, bot = slack
    ts, message = ask_in_channel(fake, bot)
    fake.calls.clear()
    pipeline.calls.clear()
    body = action_body(action_id, "", CHANNEL, message, fake.response_url("b"))
    post_signed(bot.url, body, FORM)
    [msg] = wait_until(lambda: posts(fake))
    assert msg["text"] == wording.RECEIPT_LOST and not pipeline.calls


def _payload(action_id: str, **changes) -> str:
    from urllib.parse import parse_qs, urlencode

    body = action_body(action_id, R1, CHANNEL, {"ts": "1.1"}, "http://127.0.0.1:1/r")
    payload = json.loads(parse_qs(body)["payload"][0])
    for key, value in changes.items():
        if value is None:
            payload.pop(key, None)
        else:
            payload[key] = value
    return urlencode({"payload": json.dumps(payload)})


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            lambda: _payload("show_sql", actions=[{"action_id": "show_sql"}]), id="no-value"
        ),
        pytest.param(
            lambda: _payload("show_sql", actions=[{"action_id": "show_sql", "value": ["a"]}]),
            id="list-value",
        ),
        pytest.param(lambda: _payload("show_sql", message=None, container=None), id="no-message"),
        pytest.param(lambda: _payload("home_example_0", user=None), id="home-no-user"),
        pytest.param(
            lambda: _payload("home_example_0", actions=[{"action_id": "home_example_0"}]),
            id="home-no-value",
        ),
    ],
)
def test_odd_click_payloads_end_without_an_exception(slack, caplog, body):
    fake, pipeline, bot = slack
    with caplog.at_level(logging.INFO):
        status, _ = post_signed(bot.url, body(), FORM)
        settle()
    assert status == 200
    assert not errors_logged(caplog), errors_logged(caplog)
    said = posts(fake) + [c.params for c in fake.of("chat.postEphemeral")]
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.slack"]
    # A polite refusal, or a line in the log saying why nothing was said.
    assert said or logged


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_mention", "channel": CHANNEL, "ts": "1.2"},  # no user, no text
        {"type": "app_mention", "channel": CHANNEL, "ts": "1.3", "user": PERSON, "text": None},
        {"type": "message", "channel": DM, "channel_type": "im", "ts": "1.4", "user": PERSON},
        {
            "type": "message",
            "channel": CHANNEL,
            "ts": "1.5",
            "user": PERSON,
            "thread_ts": "1.1",
            "text": ["a", "list"],
        },
        {"type": "app_home_opened", "tab": "home"},  # no user
    ],
)
def test_odd_events_end_without_an_exception(slack, caplog, event):
    fake, pipeline, bot = slack
    with caplog.at_level(logging.DEBUG, logger="bot"):
        assert send(bot, event) == 200
        settle()
    assert not errors_logged(caplog), errors_logged(caplog)


def test_slash_command_with_no_text_answers_help_privately(slack):
    fake, pipeline, bot = slack
    pipeline.ok("help", "help", question={"kind": "help"})
    post_signed(bot.url, command_body("", fake.response_url("h")), FORM)
    [(_, payload)] = wait_until(lambda: fake.responses)
    assert payload["response_type"] == "ephemeral"
    assert not posts(fake)
    assert [c[0] for c in pipeline.calls] == ["help"]


def test_home_example_answers_in_the_dm_and_remembers_the_thread(slack):
    fake, pipeline, bot = slack
    from urllib.parse import parse_qs, urlencode

    body = action_body(
        "home_example_0", "CS China–Thailand 2015 vs 2023", CHANNEL, {"ts": "1"}, "http://x/"
    )
    payload = json.loads(parse_qs(body)["payload"][0])
    for key in ("channel", "message", "container"):
        payload.pop(key)
    payload["view"] = {"type": "home", "id": "V1"}
    post_signed(bot.url, urlencode({"payload": json.dumps(payload)}), FORM)
    [msg] = wait_until(lambda: posts(fake))
    wait_until(lambda: bot.svc.work.in_flight == 0)  # remembered once the job ends
    assert msg["channel"] == PERSON
    answer_ts = fake.messages["D" + PERSON[1:]][0]["ts"]
    assert bot.svc.store.history(TEAM, "D" + PERSON[1:], answer_ts) == (R1,)


# --------------------------------------------------------------------------- a full queue


def test_a_full_queue_tells_each_person_to_ask_again(fake):
    """One answer thread and one waiting place: a third question is not queued and its asker
    is told so, privately (events), in the ack (commands) or via response_url (clicks)."""
    import threading

    pipeline = ScriptedPipeline()
    pipeline.ok("CS China–Thailand 2015 vs 2023", R1, "THA")
    release = threading.Event()
    scripted = pipeline.answer

    def held(text, **kw):
        release.wait(30)
        return scripted(text, **kw)

    services = {**pipeline.services(), "answerer": held}
    settings = test_settings(fake.url, workers=1, queue_depth=1, user_rate=0, channel_rate=0)
    fake.reset()
    with BotServer(settings, **services) as small:
        try:
            threads = [user_ts(), user_ts()]
            for ts in threads:  # one answering, one waiting
                assert (
                    send(small, mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, ts)) == 200
                )
            wait_until(lambda: small.svc.work.in_flight == 2)
            turned = mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, user_ts())
            turned["user"] = "U0LATE001"
            assert send(small, turned) == 200
            [note] = wait_until(lambda: fake.of("chat.postEphemeral"))
            assert note.params["user"] == "U0LATE001" and note.params["text"] == wording.BUSY
            status, body = post_signed(
                small.url,
                command_body("CS China–Thailand 2015 vs 2023", fake.response_url("q")),
                FORM,
            )
            # Slack shows a plain-text command response to the person alone.
            assert (status, body) == (200, wording.BUSY)
            message = {"ts": threads[0], "type": "message"}
            click = action_body("show_sql", R1, CHANNEL, message, fake.response_url("full"))
            assert post_signed(small.url, click, FORM)[0] == 200
            [(_, told)] = wait_until(lambda: fake.responses)
            assert told["text"] == wording.BUSY and told["response_type"] == "ephemeral"
            assert small.svc.work.refused == 3
        finally:
            release.set()
        wait_until(lambda: small.svc.work.in_flight == 0)
        settle(0.3)
    answered = {p["thread_ts"] for p in posts(fake)}
    assert answered == set(threads)


# --------------------------------------------------------------------------- escaping


def test_the_markup_check_sees_what_slack_would_act_on():
    # The old slash heading: the person's text in a code span, closed by their own backtick.
    old_heading = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "<@U1> asked `/collab x` <!channel> `y`"}],
    }
    assert unescaped({"blocks": [old_heading]}) == ["<!"]
    assert unescaped({"text": "see <https://evil.example|here>"}) == ["<https:"]
    assert (
        unescaped(
            {"blocks": [{"type": "section", "text": {"type": "plain_text", "text": "<!here>"}}]}
        )
        == []
    )
    assert unescaped({"text": "&lt;!channel&gt; <@U0HUMAN01>"}) == []


def test_the_home_tab_escapes_what_whoever_loaded_the_data_wrote():
    from bot.slack.home import home_view

    view = home_view(
        [
            {
                "name": "<!channel>",
                "version": "`1` <@U0BOSS001>",
                "years": "2015–2023",
                "source": "``` <https://evil.example|official> &",
            }
        ]
    )
    assert unescaped(view) == []
    shown = json.dumps(view, ensure_ascii=False)
    assert "&lt;!channel&gt;" in shown and "&amp;" in shown


def test_sql_and_csv_replies_escape_the_receipt(slack):
    fake, pipeline, bot = slack
    weird = "CS · China–<!channel> `x` · 2023"
    pipeline.ok(weird, weird, "THA")
    ts, message = ask_in_channel(fake, bot)
    fake.calls.clear()
    for action_id in ("show_sql", "csv", "by_subject"):
        body = action_body(action_id, weird, CHANNEL, message, fake.response_url("e"))
        post_signed(bot.url, body, FORM)
    wait_until(lambda: len(posts(fake)) == 2 and fake.of("files.completeUploadExternal"))
    for call in fake.of("chat.postMessage") + fake.of("files.completeUploadExternal"):
        assert unescaped(call.params) == [], call.params


def test_chatter_spends_no_rate_limit_turn(fake):
    pipeline = ScriptedPipeline()
    pipeline.ok("CS China–Thailand 2015 vs 2023", R1, "THA")
    pipeline.ok("and Italy?", R2, "ITA")
    pipeline.error("thanks!", "chatter")
    fake.reset()
    settings = test_settings(fake.url, user_rate=1, channel_rate=0)
    with BotServer(settings, **pipeline.services()) as small:
        ts = user_ts()
        send(small, mention_event("CS China–Thailand 2015 vs 2023", CHANNEL, ts))
        wait_until(lambda: posts(fake) and small.svc.work.in_flight == 0)
        for _ in range(3):  # someone else says thanks, three times: one turn a minute
            send(small, reply_event("thanks!", ts, user="U0OTHER01"))
        wait_until(lambda: len(pipeline.asked("thanks!")) == 3 and small.svc.work.in_flight == 0)
        send(small, reply_event("and Italy?", ts, user="U0OTHER01"))
        wait_until(lambda: len(posts(fake)) == 2)
    assert not fake.of("chat.postEphemeral")  # their one turn was still there
    assert posts(fake)[1]["metadata"]["event_payload"]["question"] == R2
