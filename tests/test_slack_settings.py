"""Slack configuration, the duplicate-event set, the manifest and the serve entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.slack import MissingSlackConfig, SlackSettings, main_serve
from bot.slack.dedup import SeenEvents
from bot.slack.reply import question_text
from bot.slack.settings import SLACK_API_URL_DEFAULT, read_dotenv

MANIFEST = Path(__file__).resolve().parent.parent / "bot" / "slack" / "manifest.yml"


def test_env_wins_over_dotenv_and_api_url_defaults_to_slack(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nSLACK_BOT_TOKEN=xoxb-from-file\nexport SLACK_APP_TOKEN='xapp-file'\n"
        'SLACK_SIGNING_SECRET="s3cret" \nbroken line\n'
    )
    s = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-env"}, dotenv_path=dotenv)
    assert (s.bot_token, s.app_token, s.signing_secret) == ("xoxb-env", "xapp-file", "s3cret")
    assert s.api_url == SLACK_API_URL_DEFAULT == "https://slack.com/api/"
    s = SlackSettings.from_env({"SLACK_API_URL": "http://localhost:4003/api"}, dotenv_path=None)
    assert s.api_url == "http://localhost:4003/api/"
    assert read_dotenv(tmp_path / "missing.env") == {}


def test_tokens_never_appear_in_repr():
    s = SlackSettings(bot_token="xoxb-secret", app_token="xapp-secret", signing_secret="sss")
    assert "secret" not in repr(s) and "sss" not in repr(s)


@pytest.mark.parametrize(
    ("env", "http", "missing"),
    [
        ({}, False, ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]),
        ({"SLACK_BOT_TOKEN": "xoxb"}, False, ["SLACK_APP_TOKEN"]),
        ({"SLACK_BOT_TOKEN": "xoxb"}, True, ["SLACK_SIGNING_SECRET"]),
        ({"SLACK_SIGNING_SECRET": "s"}, True, ["SLACK_BOT_TOKEN"]),
    ],
)
def test_missing_variables_are_named(env, http, missing):
    with pytest.raises(MissingSlackConfig) as info:
        SlackSettings.from_env(env, dotenv_path=None).check(http=http)
    assert info.value.missing == missing
    for name in missing:
        assert name in str(info.value)


def test_main_serve_exits_2_with_a_clear_message(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main_serve(http=True, port=0, environ={}) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_SIGNING_SECRET" in err
    assert main_serve(http=False, port=0, environ={"SLACK_BOT_TOKEN": "x"}) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err


def test_seen_events_is_bounded_and_forgets_after_ttl():
    now = [0.0]
    seen = SeenEvents(ttl=10, maxsize=3, clock=lambda: now[0])
    assert seen.first_time("a") and not seen.first_time("a")
    for e in "bcd":
        assert seen.first_time(e)
    assert len(seen) == 3 and seen.first_time("a")  # "a" was dropped to stay bounded
    now[0] = 11
    assert seen.first_time("d")  # expired


@pytest.mark.parametrize(
    ("text", "bot", "expected"),
    [
        ("<@U0BOT> CS China–Thailand 2015 vs 2023", "U0BOT", "CS China–Thailand 2015 vs 2023"),
        ("<@U0BOT|collabbot>   top 5 EU partners", "U0BOT", "top 5 EU partners"),
        ("<@U0BOT> earth &amp; environmental sciences", "U0BOT", "earth & environmental sciences"),
        ("<@U0BOT>", "U0BOT", ""),
        ("<@UOTHER> hi", None, "hi"),
    ],
)
def test_question_text_strips_the_mention_and_unescapes(text, bot, expected):
    assert question_text(text, bot) == expected


def test_manifest_declares_what_the_listeners_need():
    text = MANIFEST.read_text()
    for needed in (
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "im:history",
        "channels:history",
        "- app_mention",
        "- app_home_opened",
        "- message.im",
        "- message.channels",
        "command: /collab",
        "socket_mode_enabled: true",
        "home_tab_enabled: true",
    ):
        assert needed in text, needed
    assert "is_enabled: true" in text.split("interactivity:")[1]
