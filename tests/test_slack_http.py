"""The Slack app over HTTP: signed events, commands and buttons into the real server, with the
Web API pointed at a recording fake (tests/slack_fakes.py)."""

from __future__ import annotations

import html
import json
import re
import time
import urllib.parse
import urllib.request

import pytest
from slack_fakes import (
    BOT_USER_ID,
    BotServer,
    FakeSlack,
    action_body,
    command_body,
    event_body,
    mention_event,
    pipeline_answer,
    pipeline_services,
    post_signed,
    test_settings,
    use_db,
    wait_until,
)

from bot.slack.reply import METADATA_EVENT_TYPE

QUESTION = "CS China–Thailand 2015 vs 2023"
CHANNEL = "C0CHAN001"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fake():
    with FakeSlack() as f:
        yield f


@pytest.fixture(scope="module")
def server(fake, demo_db):
    use_db(demo_db)
    with BotServer(test_settings(fake.url), db=demo_db, **pipeline_services(demo_db)) as srv:
        yield srv


@pytest.fixture
def slack(fake, server):
    fake.reset()
    return fake, server.url


_ts = iter(range(1, 10**6))


def user_ts() -> str:
    return f"1690000000.{next(_ts):06d}"


def figures(headline: str) -> list[str]:
    """The numbers a headline states ("3.10", "39.83", "+1,185%")."""
    return re.findall(r"[+-]?\d[\d,]*(?:\.\d+)?%?", headline)


def posted_text(call) -> str:
    return json.dumps({k: call.params.get(k) for k in ("text", "blocks", "attachments")})


def mention(url: str, text: str, ts: str, thread_ts: str | None = None, **kw):
    body = event_body(mention_event(text, CHANNEL, ts, thread_ts), **kw)
    return post_signed(url, body, JSON)


def answered(fake: FakeSlack, count: int = 1, uploads: int = 1):
    wait_until(lambda: len(fake.of("chat.postMessage")) >= count)
    if uploads:
        wait_until(lambda: len(fake.of("files.completeUploadExternal")) >= uploads)
    return fake.of("chat.postMessage")


# --------------------------------------------------------------------------- the answer


@pytest.mark.slow
def test_mention_posts_the_pipeline_figures_and_chart_in_the_question_thread(slack):
    fake, url = slack
    expected = pipeline_answer(QUESTION)
    assert expected.ok, expected.error
    ts = user_ts()
    status, _ = mention(url, QUESTION, ts)
    assert status == 200
    [msg] = answered(fake)
    assert msg.params["channel"] == CHANNEL
    assert msg.params["thread_ts"] == ts
    shown = posted_text(msg)
    for figure in figures(expected.headline):
        assert figure in shown
    # The calibrated demo reproduces the published figures (DATA.md P9).
    assert "39.83" in shown and "+1,185%" in shown
    assert msg.params["metadata"] == {
        "event_type": METADATA_EVENT_TYPE,
        "event_payload": {"question": expected.receipt},
    }
    # The chart: one upload, a PNG, completed into the same thread.
    [done] = fake.of("files.completeUploadExternal")
    assert done.params["channel_id"] == CHANNEL
    assert done.params["thread_ts"] == ts
    [png] = fake.uploads.values()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    [get_url] = fake.of("files.getUploadURLExternal")
    assert get_url.params["filename"] == "chart.png"
    assert get_url.params.get("alt_txt")


def test_health_is_ok(server):
    with urllib.request.urlopen(f"{server.base}/health", timeout=5) as r:
        assert (r.status, r.read()) == (200, b"ok")


def test_bad_signature_is_401_and_nothing_is_answered(slack):
    fake, url = slack
    body = event_body(mention_event(QUESTION, CHANNEL, user_ts()))
    status, _ = post_signed(url, body, JSON, signature="v0=" + "0" * 64)
    assert status == 401
    status, _ = post_signed(url, body, JSON, secret="not-the-secret")
    assert status == 401
    time.sleep(0.3)
    assert not fake.of("chat.postMessage")


def test_stale_timestamp_is_rejected(slack):
    fake, url = slack
    body = event_body(mention_event(QUESTION, CHANNEL, user_ts()))
    status, _ = post_signed(url, body, JSON, timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    time.sleep(0.3)
    assert not fake.of("chat.postMessage")


def test_url_verification_challenge(slack):
    _, url = slack
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"})
    status, text = post_signed(url, body, JSON)
    assert status == 200 and "abc123" in text


def test_retried_delivery_is_answered_once(slack):
    fake, url = slack
    ts = user_ts()
    body = event_body(mention_event(QUESTION, CHANNEL, ts), event_id="EvDUPLICATE1")
    assert post_signed(url, body, JSON)[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_signed(url, body, JSON, extra_headers=retry)[0] == 200
    answered(fake)
    time.sleep(0.5)
    assert len(fake.of("chat.postMessage")) == 1


def test_event_is_acked_before_the_answer_is_computed(fake, server, demo_db):
    """A slow answer must not hold the HTTP response (Slack retries after 3 s)."""
    import threading

    release = threading.Event()

    def slow(text, **kw):
        release.wait(10)
        return pipeline_answer(text)

    srv = BotServer(test_settings(fake.url), **{**pipeline_services(demo_db), "answerer": slow})
    srv.__enter__()
    try:
        fake.reset()
        url = srv.url
        started = time.monotonic()
        status, _ = mention(url, QUESTION, user_ts())
        assert status == 200 and time.monotonic() - started < 2
        assert not fake.of("chat.postMessage")
        release.set()
        answered(fake)
    finally:
        release.set()
        srv.__exit__()


# --------------------------------------------------------------------------- follow-ups, DMs


@pytest.mark.slow
def test_reply_in_the_thread_edits_the_previous_question(slack):
    fake, url = slack
    ts = user_ts()
    mention(url, QUESTION, ts)
    [first] = answered(fake)
    # A plain thread reply (message.channels), no mention: a follow-up.
    reply_ts = user_ts()
    event = {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": "U0HUMAN01",
        "text": "and Italy?",
        "ts": reply_ts,
        "thread_ts": ts,
    }
    assert post_signed(url, event_body(event), JSON)[0] == 200
    calls = answered(fake, count=2, uploads=2)
    follow = calls[1]
    assert follow.params["thread_ts"] == ts
    # The thread's question came from the bot's own store: Slack was not asked for the thread.
    assert not fake.of("conversations.replies")
    previous = pipeline_answer(QUESTION).question
    expected = pipeline_answer("and Italy?", previous=previous)
    assert expected.ok, expected.error
    assert follow.params["metadata"]["event_payload"]["question"] == expected.receipt
    assert "Italy" in expected.receipt
    for figure in figures(expected.headline):
        assert figure in posted_text(follow)


def test_reply_in_a_thread_the_bot_did_not_answer_is_ignored(slack):
    fake, url = slack
    parent = user_ts()
    fake.add_message(CHANNEL, {"type": "message", "user": "U0OTHER01", "ts": parent, "text": "hi"})
    event = {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": "U0HUMAN01",
        "text": "and Italy?",
        "ts": user_ts(),
        "thread_ts": parent,
    }
    assert post_signed(url, event_body(event), JSON)[0] == 200
    time.sleep(0.5)
    # Not a thread the bot answered (its store says so): no post, and no call to Slack at all.
    assert not fake.calls


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"bot_id": "B0OTHER01"},
        {"channel_type": "channel"},  # a top-level channel message without a mention
    ],
)
def test_messages_that_are_not_questions_are_ignored(slack, extra):
    fake, url = slack
    event = {
        "type": "message",
        "channel": "D0DM00001",
        "channel_type": "im",
        "user": "U0HUMAN01",
        "text": QUESTION,
        "ts": user_ts(),
        **extra,
    }
    assert post_signed(url, event_body(event), JSON)[0] == 200
    time.sleep(0.4)
    assert not fake.of("chat.postMessage")


@pytest.mark.slow
def test_direct_message_is_answered_in_its_thread(slack):
    fake, url = slack
    ts = user_ts()
    event = {
        "type": "message",
        "channel": "D0DM00001",
        "channel_type": "im",
        "user": "U0HUMAN01",
        "text": QUESTION,
        "ts": ts,
    }
    assert post_signed(url, event_body(event), JSON)[0] == 200
    [msg] = answered(fake)
    assert (msg.params["channel"], msg.params["thread_ts"]) == ("D0DM00001", ts)
    expected = pipeline_answer(QUESTION)
    for figure in figures(expected.headline):
        assert figure in posted_text(msg)


# --------------------------------------------------------------------------- slash command


@pytest.mark.parametrize("text", ["", "help"])
def test_slash_help_is_ephemeral(slack, text):
    fake, url = slack
    status, _ = post_signed(url, command_body(text, fake.response_url("help")), FORM)
    assert status == 200
    wait_until(lambda: fake.responses)
    [(path, payload)] = fake.responses
    assert payload["response_type"] == "ephemeral"
    assert payload.get("text") or payload.get("blocks")
    assert not fake.of("chat.postMessage")


@pytest.mark.slow
def test_slash_question_is_posted_in_the_channel_with_its_chart(slack):
    fake, url = slack
    started = time.monotonic()
    status, body = post_signed(url, command_body(QUESTION, fake.response_url()), FORM)
    assert status == 200 and time.monotonic() - started < 2
    [msg] = answered(fake)
    assert msg.params["channel"] == CHANNEL
    assert msg.params.get("thread_ts") in (None, "")
    assert "U0HUMAN01" in json.dumps(msg.params["blocks"][0])  # who asked
    expected = pipeline_answer(QUESTION)
    for figure in figures(expected.headline):
        assert figure in posted_text(msg)
    answer_ts = fake.messages[CHANNEL][0]["ts"]
    [done] = fake.of("files.completeUploadExternal")
    assert done.params["thread_ts"] == answer_ts


def test_slash_command_where_the_bot_is_not_a_member_says_how_to_invite(slack):
    fake, url = slack
    fake.fail("chat.postMessage", body={"ok": False, "error": "not_in_channel"})
    post_signed(url, command_body(QUESTION, fake.response_url("inv")), FORM)
    wait_until(lambda: fake.responses)
    [(_, payload)] = fake.responses
    assert payload["response_type"] == "ephemeral"
    assert "/invite @collabbot" in payload["text"]
    assert not fake.of("files.getUploadURLExternal")


def test_mention_in_a_channel_the_bot_cannot_post_to_is_told_ephemerally(slack):
    fake, url = slack
    fake.fail("chat.postMessage", body={"ok": False, "error": "channel_not_found"})
    mention(url, QUESTION, user_ts())
    [eph] = wait_until(lambda: fake.of("chat.postEphemeral"))
    assert eph.params["user"] == "U0HUMAN01"
    assert "/invite @collabbot" in eph.params["text"]


# --------------------------------------------------------------------------- failures


@pytest.mark.slow
def test_chart_upload_failure_keeps_the_answer_and_says_so(slack):
    fake, url = slack
    fake.fail("files.completeUploadExternal", body={"ok": False, "error": "internal_error"})
    ts = user_ts()
    mention(url, QUESTION, ts)
    calls = wait_until(
        lambda: len(fake.of("chat.postMessage")) >= 2 and fake.of("chat.postMessage")
    )
    answer, note = calls
    assert answer.params["metadata"]["event_type"] == METADATA_EVENT_TYPE
    assert note.params["thread_ts"] == ts
    assert "chart could not be attached" in note.params["text"]


@pytest.mark.slow
def test_rate_limited_post_is_retried_after_retry_after(slack):
    fake, url = slack
    fake.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
    mention(url, QUESTION, user_ts())
    calls = answered(fake, count=2)
    assert len(calls) == 2  # the 429, then the retry
    assert calls[1].at - calls[0].at >= 0.9
    assert calls[1].params["metadata"]["event_type"] == METADATA_EVENT_TYPE


def test_server_error_is_retried(slack):
    fake, url = slack
    fake.fail("chat.postMessage", 503, {"ok": False, "error": "service_unavailable"})
    mention(url, QUESTION, user_ts())
    calls = answered(fake, count=2)
    assert [c.params["text"] for c in calls][0] == calls[1].params["text"]


def test_internal_error_apologises_and_logs_ids_without_token(fake, caplog, demo_db):
    def broken(text, **kw):
        raise RuntimeError("boom")

    settings = test_settings(fake.url, bot_token="xoxb-secret-token-value")
    srv = BotServer(settings, **{**pipeline_services(demo_db), "answerer": broken})
    srv.__enter__()
    try:
        fake.reset()
        url = srv.url
        ts = user_ts()
        with caplog.at_level("DEBUG"):
            post_signed(url, event_body(mention_event(QUESTION, CHANNEL, ts), "EvBROKEN01"), JSON)
            [msg] = wait_until(lambda: fake.of("chat.postMessage"))
        assert "Sorry" in msg.params["text"]
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert f"event_id=EvBROKEN01 channel={CHANNEL} ts={ts}" in logged
        assert "xoxb-secret-token-value" not in logged + caplog.text
    finally:
        srv.__exit__()


# --------------------------------------------------------------------------- buttons


def _answer_message(fake: FakeSlack, url: str) -> tuple[str, dict]:
    ts = user_ts()
    mention(url, QUESTION, ts)
    answered(fake)
    message = next(m for m in fake.messages[CHANNEL] if m.get("metadata"))
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    fake.calls.clear()
    fake.uploads.clear()
    return ts, message


def _press(fake, url, action_id, value, message):
    body = action_body(action_id, value, CHANNEL, message, fake.response_url("btn"))
    status, _ = post_signed(url, body, FORM)
    assert status == 200


@pytest.mark.slow
def test_show_sql_posts_the_sql_in_the_thread(slack):
    fake, url = slack
    ts, message = _answer_message(fake, url)
    receipt = message["metadata"]["event_payload"]["question"]
    _press(fake, url, "show_sql", receipt, message)
    [msg] = wait_until(lambda: fake.of("chat.postMessage"))
    assert msg.params["thread_ts"] == ts
    sql = pipeline_answer(receipt).sql
    code = "".join(b["text"]["text"] for b in msg.params["blocks"] if b["type"] == "section")
    assert code.startswith("```") and code.endswith("```")
    # mrkdwn code is escaped like any other mrkdwn (Slack shows `&lt;` as `<`).
    assert html.unescape(code).replace("```", "\n").split() == sql.split()


def test_long_sql_is_split_over_blocks_within_limits():
    from bot.slack.wording import sql_block

    sql = "\n".join(f"SELECT {i} AS column_{i:04d} FROM somewhere_long" for i in range(300))
    _, blocks = sql_block("r", sql)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 1 and all(len(t) <= 3000 for t in sections)
    assert html.unescape("".join(sections)).replace("```", "\n").split() == sql.split()


@pytest.mark.slow
def test_csv_uploads_a_csv_file_into_the_thread(slack):
    fake, url = slack
    ts, message = _answer_message(fake, url)
    receipt = message["metadata"]["event_payload"]["question"]
    _press(fake, url, "csv", receipt, message)
    [done] = wait_until(lambda: fake.of("files.completeUploadExternal"))
    assert done.params["thread_ts"] == ts
    [get_url] = fake.of("files.getUploadURLExternal")
    assert get_url.params["filename"].endswith(".csv")
    [content] = fake.uploads.values()
    from bot.render import to_csv

    assert content.decode() == to_csv(pipeline_answer(receipt))


@pytest.mark.slow
def test_by_subject_replies_with_a_table_of_the_five_subjects(slack):
    fake, url = slack
    ts, message = _answer_message(fake, url)
    receipt = message["metadata"]["event_payload"]["question"]
    _press(fake, url, "by_subject", receipt, message)
    [msg] = wait_until(lambda: fake.of("chat.postMessage"), timeout=30)
    assert msg.params["thread_ts"] == ts
    shown = msg.params["text"]
    previous = pipeline_answer(receipt).question
    for words in ("biological sciences", "chemistry", "physical sciences", "health sciences"):
        assert words in shown
    chem = pipeline_answer("in chemistry", previous=previous)
    assert chem.ok, chem.error
    from bot.render import numbers

    assert numbers.value(chem, chem.rows[-1].value) in shown


@pytest.mark.slow
def test_over_time_answers_the_series_in_the_thread(slack):
    fake, url = slack
    ts, message = _answer_message(fake, url)
    receipt = message["metadata"]["event_payload"]["question"]
    _press(fake, url, "over_time", receipt, message)
    [msg] = answered(fake)
    assert msg.params["thread_ts"] == ts
    series_receipt = msg.params["metadata"]["event_payload"]["question"]
    series = pipeline_answer(series_receipt)
    assert series.ok and series.question.series
    assert len({r.year for r in series.rows}) > 2


@pytest.mark.slow
def test_suggestion_button_asks_the_suggested_question(slack):
    fake, url = slack
    ts = user_ts()
    mention(url, "CS China–Wakanda 2015 vs 2023", ts)
    [err] = wait_until(lambda: fake.of("chat.postMessage"))
    assert "metadata" not in err.params  # errors do not become the thread's question
    buttons = [
        e
        for b in err.params.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("suggestion_")
    ]
    assert buttons, "an error reply offers suggestions"
    fake.calls.clear()
    message = next(m for m in fake.messages[CHANNEL] if m.get("thread_ts") == ts)
    _press(fake, url, buttons[0]["action_id"], buttons[0]["value"], message)
    [msg] = answered(fake)
    assert msg.params["thread_ts"] == ts
    assert (
        msg.params["metadata"]["event_payload"]["question"]
        == pipeline_answer(buttons[0]["value"]).receipt
    )


# --------------------------------------------------------------------------- App Home


def test_app_home_publishes_examples_and_datasets(slack, demo_db):
    fake, url = slack
    event = {"type": "app_home_opened", "user": "U0HUMAN01", "channel": "D0DM00001", "tab": "home"}
    post_signed(url, event_body(event), JSON)
    [call] = wait_until(lambda: fake.of("views.publish"))
    assert call.params["user_id"] == "U0HUMAN01"
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    text = json.dumps(view, ensure_ascii=False)
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert any("China–Thailand" in b["value"] for b in buttons)
    summary = pipeline_services(demo_db)["datasets_summary"]()
    assert summary
    for d in summary:
        assert d["name"] in text and str(d["version"]) in text


@pytest.mark.slow
def test_app_home_example_button_answers_in_the_dm(slack):
    fake, url = slack
    body = action_body("home_example_0", QUESTION, CHANNEL, {"ts": "1.1"}, fake.response_url())
    # An App Home button carries a view, not a channel or message.
    payload = json.loads(urllib.parse.parse_qs(body)["payload"][0])
    for key in ("channel", "message", "container"):
        payload.pop(key)
    payload["view"] = {"type": "home", "id": "V1"}
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    post_signed(url, body, FORM)
    [msg] = answered(fake)
    assert msg.params["channel"] == "U0HUMAN01"
    [done] = fake.of("files.completeUploadExternal")
    assert done.params["channel_id"].startswith("D")


def test_bot_user_id_is_known_from_auth_test(slack):
    fake, url = slack
    ts = user_ts()
    mention(url, QUESTION, ts)
    [msg] = answered(fake)
    assert BOT_USER_ID not in (msg.params.get("text") or "")
