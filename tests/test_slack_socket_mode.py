"""Socket Mode: the built-in slack_sdk client against a local server speaking Slack's envelopes."""

from __future__ import annotations

import time

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_fakes import (
    APP_TOKEN,
    FakeSlack,
    FakeSocketMode,
    event_body,
    mention_event,
    pipeline_answer,
    pipeline_services,
    temp_store_url,
    use_db,
    wait_until,
)

from bot.slack import SlackSettings, create_app

QUESTION = "CS China–Thailand 2015 vs 2023"


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_socket_mode_acks_each_envelope_and_answers(demo_db):
    import json

    use_db(demo_db)
    with FakeSlack() as fake, FakeSocketMode() as ws:
        fake.ws_url = ws.url
        # Socket Mode needs no signing secret: only the bot and app tokens.
        settings = SlackSettings(
            bot_token="xoxb-fake", app_token=APP_TOKEN, api_url=fake.url, store_url=temp_store_url()
        )
        app = create_app(settings, **pipeline_services(demo_db))
        handler = SocketModeHandler(app, settings.app_token)
        handler.connect()
        try:
            assert ws.connected.wait(10)
            [opened] = fake.of("apps.connections.open")
            ts = "1690000001.000001"
            event = json.loads(event_body(mention_event(QUESTION, "C0CHAN001", ts), "EvSOCKET01"))
            ws.send(
                {
                    "envelope_id": "env-events-1",
                    "type": "events_api",
                    "accepts_response_payload": False,
                    "retry_attempt": 0,
                    "retry_reason": "",
                    "payload": event,
                }
            )
            ws.send(
                {
                    "envelope_id": "env-command-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "team_id": "T0TEAM001",
                        "channel_id": "C0CHAN001",
                        "user_id": "U0HUMAN01",
                        "command": "/collab",
                        "text": "help",
                        "response_url": fake.response_url("sm"),
                        "trigger_id": "1.2.3",
                    },
                }
            )
            # Slack redelivers an unacked envelope with the same event: answered once.
            ws.send(
                {
                    "envelope_id": "env-events-2",
                    "type": "events_api",
                    "accepts_response_payload": False,
                    "retry_attempt": 1,
                    "retry_reason": "timeout",
                    "payload": event,
                }
            )
            acked = wait_until(
                lambda: (
                    {a.get("envelope_id") for a in ws.acks}
                    >= {"env-events-1", "env-command-1", "env-events-2"}
                )
            )
            assert acked
            [msg] = wait_until(lambda: fake.of("chat.postMessage"))
            assert msg.params["thread_ts"] == ts
            shown = json.dumps(msg.params, ensure_ascii=False)
            assert pipeline_answer(QUESTION).headline in shown
            assert "39.83" in shown
            wait_until(lambda: fake.of("files.completeUploadExternal"))
            wait_until(lambda: fake.responses)
            assert fake.responses[0][1]["response_type"] == "ephemeral"
            time.sleep(0.3)
            assert len(fake.of("chat.postMessage")) == 1
        finally:
            handler.close()
