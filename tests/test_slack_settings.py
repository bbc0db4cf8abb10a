"""Slack configuration, the manifests and the serve entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.slack import MissingSlackConfig, SlackSettings, main_serve
from bot.slack.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH
from bot.slack.reply import question_text
from bot.slack.settings import SLACK_API_URL_DEFAULT, SLACK_STORE_FILE, read_dotenv

SLACK_DIR = Path(__file__).resolve().parent.parent / "bot" / "slack"
MANIFEST = SLACK_DIR / "manifest.yml"
DISTRIBUTED = SLACK_DIR / "manifest-distributed.yml"


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


@pytest.fixture
def without_our_log_handler():
    """main_serve installs a stderr handler on the root logger; pytest closes that stream
    after the test, so the handler goes with it."""
    import logging

    yield
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_collabbot", False)]


@pytest.mark.usefixtures("without_our_log_handler")
def test_main_serve_exits_2_with_a_clear_message(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main_serve(http=True, port=0, environ={}) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_SIGNING_SECRET" in err
    assert main_serve(http=False, port=0, environ={"SLACK_BOT_TOKEN": "x"}) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err


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


@pytest.mark.parametrize("path", [MANIFEST, DISTRIBUTED], ids=["single", "distributed"])
def test_manifests_declare_what_the_listeners_need(path):
    manifest = yaml.safe_load(path.read_text())
    # The scopes bolt asks for in the OAuth flow are the manifest's, exactly.
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    for event in ("app_mention", "app_home_opened", "message.im", "message.channels"):
        assert event in events
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/collab"
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_single_workspace_manifest_uses_socket_mode():
    settings = yaml.safe_load(MANIFEST.read_text())["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["token_rotation_enabled"] is False


def test_distributed_manifest_is_http_oauth_with_rotation_and_uninstall_events():
    manifest = yaml.safe_load(DISTRIBUTED.read_text())
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["token_rotation_enabled"] is True
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
    host = "https://YOUR-HOST"
    assert manifest["oauth_config"]["redirect_urls"] == [host + REDIRECT_PATH]
    assert settings["event_subscriptions"]["request_url"] == host + "/slack/events"
    assert settings["interactivity"]["request_url"] == host + "/slack/events"
    assert manifest["features"]["slash_commands"][0]["url"] == host + "/slack/events"
    assert INSTALL_PATH == "/slack/install"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, ["SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"]),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"}, ["SLACK_SIGNING_SECRET"]),
    ],
)
def test_distributed_mode_names_what_it_lacks(env, missing):
    with pytest.raises(MissingSlackConfig) as info:
        SlackSettings.from_env(env, dotenv_path=None).check(http=True)
    assert info.value.missing == missing
    assert "distributed mode" in str(info.value)


def test_distributed_mode_needs_http_and_no_bot_token():
    env = {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "client-secret-value",
        "SLACK_SIGNING_SECRET": "s",
    }
    settings = SlackSettings.from_env(env, dotenv_path=None)
    assert settings.distributed and settings.bot_token is None
    settings.check(http=True)  # complete: no bot token needed, each workspace has its own
    with pytest.raises(MissingSlackConfig) as info:
        settings.check(http=False)
    assert "--http" in str(info.value)
    assert "client-secret-value" not in repr(settings)


def test_store_defaults_to_sqlite_beside_the_duckdb_store(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABBOT_DB", str(tmp_path / "data" / "collab.duckdb"))
    s = SlackSettings.from_env({}, dotenv_path=None)
    assert s.store_location() == f"sqlite:///{tmp_path / 'data' / SLACK_STORE_FILE}"
    url = "postgresql+psycopg://bot@db/collabbot"
    s = SlackSettings.from_env({"COLLABBOT_SLACK_DB_URL": url}, dotenv_path=None)
    assert s.store_location() == url


def test_http_limits_and_queue_come_from_the_environment():
    s = SlackSettings.from_env(
        {
            "WEB_CONCURRENCY": "4",
            "COLLABBOT_SLACK_QUEUE": "50",
            "COLLABBOT_HTTP_MAX_BODY": "65536",
            "COLLABBOT_HTTP_BODY_TIMEOUT": "2.5",
            "COLLABBOT_HTTP_HEADER_TIMEOUT": "x",
        },
        dotenv_path=None,
    )
    assert (s.http_workers, s.queue_depth, s.max_body) == (4, 50, 65536)
    assert (s.body_timeout, s.header_timeout) == (2.5, 10.0)
