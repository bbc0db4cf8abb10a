"""Distributed mode end to end: Slack's OAuth install through /slack/install and
/slack/oauth_redirect into the shared store, two workspaces answered apart, an uninstall that
removes a workspace's token and refuses its events, token rotation, and a tampered `state`.

Against the recording fake (two workspaces, rotation, uninstall: `emulate` 0.12.2 has one team,
no refresh grant in oauth.v2.access and no uninstall) and against `emulate` itself (its consent
page, its oauth.v2.access, then a question answered with the token it issued, under
strict_scopes with the manifest's scopes)."""

from __future__ import annotations

import html
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from slack_fakes import (
    BotServer,
    Emulator,
    FakeSlack,
    ScriptedPipeline,
    command_body,
    emulate_or_skip,
    event_body,
    free_port,
    mention_event,
    pipeline_services,
    post_signed,
    test_settings,
    wait_until,
)

from bot.slack.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
QUESTION = "CS China–Thailand 2015 vs 2023"
RECEIPT = "CS · China–Thailand · natural sciences · 2015 vs 2023*"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_open = urllib.request.build_opener(_NoRedirect).open


def browse(url: str, cookie: str | None = None, data: bytes | None = None):
    """One request as a browser makes it (redirects are returned, not followed)."""
    headers = {"Cookie": cookie} if cookie else {}
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with _open(req, timeout=20) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def start_install(bot: BotServer, team: str | None = None) -> tuple[str, str]:
    """The install page: the authorize URL it links to, and the state cookie it set."""
    query = f"?team={team}" if team else ""
    status, headers, page = browse(f"{bot.base}{INSTALL_PATH}{query}")
    assert status == 200, page
    [link] = re.findall(r'href="([^"]+oauth/v2/authorize[^"]+)"', page)
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    return html.unescape(link), cookie


def finish(bot: BotServer, location: str, cookie: str | None) -> tuple[int, str]:
    """The browser arriving back at /slack/oauth_redirect from Slack's consent page."""
    assert location.startswith(f"{bot.base}{REDIRECT_PATH}")
    status, _, page = browse(location, cookie)
    return status, page


def install_with_fake(bot: BotServer, fake: FakeSlack, team: str) -> tuple[int, str]:
    authorize, cookie = start_install(bot, team)
    status, headers, _ = browse(authorize)  # the fake approves at once
    assert status == 302
    return finish(bot, headers["Location"], cookie)


# --------------------------------------------------------------------------- against the fake


@pytest.fixture
def distributed(tmp_path):
    """A bot in distributed mode on the fake, with its own store and a scripted pipeline."""
    with FakeSlack() as fake:
        port = free_port()
        settings = test_settings(
            fake.url,
            bot_token=None,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            authorize_url=fake.authorize_url(),
            redirect_uri=f"http://127.0.0.1:{port}{REDIRECT_PATH}",
            store_url=f"sqlite:///{tmp_path / 'slack.sqlite'}",
        )
        pipeline = ScriptedPipeline()
        pipeline.ok(QUESTION, RECEIPT)
        pipeline.ok("and Italy?", "R-ITA", "ITA")
        with BotServer(settings, port=port, **pipeline.services()) as bot:
            yield fake, bot, pipeline


def mention_in(fake: FakeSlack, bot: BotServer, team: str, text: str, ts: str, thread=None):
    t = fake.team(team)
    event = mention_event(text, "C0SHARED1", ts, thread)
    event["text"] = f"<@{t.bot_user_id}> {text}"
    return post_signed(bot.url, event_body(event, team=team, bot_user=t.bot_user_id), JSON)


def posts_by_team(fake: FakeSlack) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for call in fake.of("chat.postMessage"):
        team = fake.tokens[call.token].team_id if call.token in fake.tokens else "?"
        out.setdefault(team, []).append(call.params)
    return out


def test_two_workspaces_install_and_are_answered_apart(distributed):
    fake, bot, pipeline = distributed
    for team in ("T1", "T2"):
        status, page = install_with_fake(bot, fake, team)
        assert status == 200, page
    store = bot.svc.store.installations(fake.client_id)
    t1 = store.find_installation(enterprise_id=None, team_id="T1")
    t2 = store.find_installation(enterprise_id=None, team_id="T2")
    assert t1.bot_token.startswith("xoxb-T1-") and t2.bot_token.startswith("xoxb-T2-")
    assert (t1.bot_user_id, t2.bot_user_id) == ("UT1B", "UT2B")
    # The same channel and thread ids in both workspaces, as Slack Connect can produce.
    assert mention_in(fake, bot, "T1", QUESTION, "1.000001")[0] == 200
    assert mention_in(fake, bot, "T2", QUESTION, "1.000001")[0] == 200
    wait_until(lambda: len(fake.of("files.completeUploadExternal")) == 2)
    by_team = posts_by_team(fake)
    assert [len(by_team["T1"]), len(by_team["T2"])] == [1, 1]
    for call in fake.of("chat.postMessage") + fake.of("files.completeUploadExternal"):
        assert call.token in (t1.bot_token, t2.bot_token)
    # A follow-up in T1's thread follows T1's question; in T2 it is T2's own thread.
    fake.calls.clear()
    reply = {
        "type": "message",
        "channel": "C0SHARED1",
        "channel_type": "channel",
        "user": "U0HUMAN01",
        "text": "and Italy?",
        "ts": "1.000002",
        "thread_ts": "1.000001",
    }
    post_signed(bot.url, event_body(reply, team="T1", bot_user="UT1B"), JSON)
    wait_until(lambda: fake.of("chat.postMessage"))
    wait_until(lambda: bot.svc.work.in_flight == 0)  # remembered once the job ends
    assert bot.svc.store.history("T1", "C0SHARED1", "1.000001") == (RECEIPT, "R-ITA")
    assert bot.svc.store.history("T2", "C0SHARED1", "1.000001") == (RECEIPT,)
    [call] = fake.of("chat.postMessage")
    assert call.token == t1.bot_token


def test_an_uninstalled_workspace_loses_its_token_and_its_events_are_refused(distributed, caplog):
    fake, bot, pipeline = distributed
    for team in ("T1", "T2"):
        install_with_fake(bot, fake, team)
    mention_in(fake, bot, "T1", QUESTION, "2.000001")
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    assert bot.svc.store.history("T1", "C0SHARED1", "2.000001") == (RECEIPT,)
    uninstalled = {"type": "app_uninstalled", "event_ts": "2.000002"}
    assert post_signed(bot.url, event_body(uninstalled, team="T1", bot_user="UT1B"), JSON)[0] == 200
    installations = bot.svc.store.installations(fake.client_id)
    wait_until(lambda: installations.find_installation(enterprise_id=None, team_id="T1") is None)
    assert installations.find_bot(enterprise_id=None, team_id="T1") is None
    assert bot.svc.store.history("T1", "C0SHARED1", "2.000001") == ()  # its threads too
    fake.calls.clear()
    pipeline.calls.clear()
    with caplog.at_level("INFO"):
        status, _ = mention_in(fake, bot, "T1", QUESTION, "2.000003")
        time.sleep(0.6)
    assert status == 200 and not pipeline.calls and not fake.of("chat.postMessage")
    assert any("AuthorizeResult" in r.getMessage() for r in caplog.records)
    # A command from the uninstalled workspace: told to reinstall, never answered.
    status, body = post_signed(
        bot.url, command_body(QUESTION, fake.response_url("u"), team="T1"), FORM
    )
    time.sleep(0.3)
    assert not pipeline.calls and not fake.of("chat.postMessage")
    # The other workspace is untouched.
    mention_in(fake, bot, "T2", QUESTION, "2.000004")
    [post] = wait_until(lambda: fake.of("chat.postMessage"))
    assert post.token.startswith("xoxb-T2-")


def test_tokens_revoked_removes_the_bot_token(distributed):
    fake, bot, pipeline = distributed
    install_with_fake(bot, fake, "T1")
    installations = bot.svc.store.installations(fake.client_id)
    token = installations.find_installation(enterprise_id=None, team_id="T1").bot_token
    mention_in(fake, bot, "T1", QUESTION, "3.000000")  # answered, and its auth.test cached
    wait_until(lambda: fake.of("files.completeUploadExternal"))
    fake.calls.clear()
    fake.revoked.add(token)  # what Slack does, then tells the app
    revoked = {"type": "tokens_revoked", "tokens": {"bot": ["UT1B"]}}
    post_signed(bot.url, event_body(revoked, team="T1", bot_user="UT1B"), JSON)
    wait_until(lambda: installations.find_installation(enterprise_id=None, team_id="T1") is None)
    assert installations.find_bot(enterprise_id=None, team_id="T1") is None
    mention_in(fake, bot, "T1", QUESTION, "3.000001")
    time.sleep(0.5)
    assert not fake.of("chat.postMessage")


def test_expiring_tokens_are_rotated_before_use(distributed):
    fake, bot, pipeline = distributed
    fake.token_expires_in = 60  # well inside bolt's two-hour refresh window
    install_with_fake(bot, fake, "T1")
    installations = bot.svc.store.installations(fake.client_id)
    first = installations.find_installation(enterprise_id=None, team_id="T1")
    assert first.bot_refresh_token and first.bot_token_expires_at
    mention_in(fake, bot, "T1", QUESTION, "4.000001")
    [post] = wait_until(lambda: fake.of("chat.postMessage"))
    [refresh] = [c for c in fake.of("oauth.v2.access") if c.params.get("grant_type")]
    assert refresh.params["refresh_token"] == first.bot_refresh_token
    rotated = installations.find_installation(enterprise_id=None, team_id="T1")
    assert rotated.bot_token != first.bot_token and post.token == rotated.bot_token
    assert first.bot_token in fake.revoked


@pytest.mark.parametrize("tamper", ["state", "cookie", "no-cookie", "replay", "code"])
def test_a_tampered_or_replayed_oauth_callback_installs_nothing(distributed, tamper):
    fake, bot, pipeline = distributed
    authorize, cookie = start_install(bot, "T9")
    status, headers, _ = browse(authorize)
    location = headers["Location"]
    parts = urllib.parse.urlsplit(location)
    query = dict(urllib.parse.parse_qsl(parts.query))
    if tamper == "replay":
        assert finish(bot, location, cookie)[0] == 200  # the real one, once
        fake.codes[query["code"]] = fake.team("T9")  # even with a code Slack would accept
    elif tamper == "state":
        query["state"] = query["state"][:-4] + "beef"
    elif tamper == "code":
        query["code"] = "code-forged"
    location = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    if tamper == "cookie":
        cookie = cookie.split("=", 1)[0] + "=forged-state"
    elif tamper == "no-cookie":
        cookie = None
    installations = bot.svc.store.installations(fake.client_id)
    before = installations.find_installation(enterprise_id=None, team_id="T9")
    status, page = finish(bot, location, cookie)
    assert status >= 400, page
    after = installations.find_installation(enterprise_id=None, team_id="T9")
    if tamper == "replay":
        assert after.bot_token == before.bot_token  # the replay installed nothing new
    else:
        assert after is None


# --------------------------------------------------------------------------- against emulate


EMULATE_OAUTH_SEED = """\
slack:
  signing_secret: "emulate-signing-secret"
  strict_scopes: true
  team: {{name: Test, domain: test}}
  users:
    - name: analyst
      real_name: Ana Lyst
  channels:
    - name: general
  oauth_apps:
    - client_id: "1111.2222"
      client_secret: "emulate-client-secret"
      name: collabbot
      bot_id: B000COLLAB
      bot_user_id: U000COLLAB
      bot_name: collabbot
      redirect_uris: ["{redirect}"]
  tokens:
    - token: xoxp-analyst
      user: analyst
"""


@pytest.fixture
def emulated(tmp_path):
    entry = emulate_or_skip("the emulate OAuth test")
    port = free_port()
    redirect = f"http://127.0.0.1:{port}{REDIRECT_PATH}"
    with Emulator(entry, tmp_path, EMULATE_OAUTH_SEED.format(redirect=redirect)) as emu:
        settings = test_settings(
            emu.url,
            bot_token=None,
            signing_secret="emulate-signing-secret",
            client_id="1111.2222",
            client_secret="emulate-client-secret",
            authorize_url=f"{emu.base}/oauth/v2/authorize",
            redirect_uri=redirect,
            store_url=f"sqlite:///{tmp_path / 'slack.sqlite'}",
        )
        yield emu, settings, port


def consent_on_emulate(authorize: str) -> str:
    """The analyst picks themselves on emulate's consent page; returns where Slack redirects."""
    status, _, page = browse(authorize.replace("localhost", "127.0.0.1"))
    assert status == 200, page
    form = page.split('<form class="user-form"', 1)[1].split("</form>", 1)[0]
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form)
    }
    assert set(fields["scope"].split(",")) == set(BOT_SCOPES)
    base = authorize.split("/oauth/v2/authorize", 1)[0]
    status, headers, _ = browse(
        f"{base}/oauth/v2/authorize/callback", data=urllib.parse.urlencode(fields).encode()
    )
    assert status == 302
    return headers["Location"]


def test_install_through_emulate_and_answer_with_its_token(emulated, demo_db):
    emu, settings, port = emulated
    with BotServer(settings, port=port, **pipeline_services(demo_db)) as bot:
        authorize, cookie = start_install(bot)
        assert authorize.startswith(f"{emu.base}/oauth/v2/authorize?")
        # A tampered state comes back refused, and installs nothing.
        location = consent_on_emulate(authorize)
        forged = location.replace("state=", "state=x")
        assert finish(bot, forged, cookie)[0] >= 400
        # The real one installs.
        status, page = finish(bot, location, cookie)
        assert status == 200, page
        installations = bot.svc.store.installations("1111.2222")
        installed = installations.find_installation(enterprise_id=None, team_id="T000000001")
        assert installed is not None
        team = installed.team_id
        assert installed.bot_token.startswith("xoxb-") and installed.bot_user_id == "U000COLLAB"
        assert installed.bot_scopes == list(BOT_SCOPES)
        # A question in that workspace, answered with the issued token (strict scopes).
        from slack_sdk import WebClient

        person = WebClient(token="xoxp-analyst", base_url=emu.url)
        general = next(
            c["id"] for c in person.conversations_list()["channels"] if c["name"] == "general"
        )
        asked = person.chat_postMessage(channel=general, text=f"<@U000COLLAB> {QUESTION}")
        event = {
            "type": "app_mention",
            "user": asked["message"]["user"],
            "text": f"<@U000COLLAB> {QUESTION}",
            "ts": asked["ts"],
            "channel": general,
            "event_ts": asked["ts"],
        }
        body = event_body(event, team=team, bot_user="U000COLLAB")
        assert post_signed(bot.url, body, JSON, secret="emulate-signing-secret")[0] == 200

        def thread():
            msgs = person.conversations_replies(
                channel=general, ts=asked["ts"], include_all_metadata=True
            )["messages"]
            return msgs if any(m.get("files") for m in msgs) else None

        messages = wait_until(thread, timeout=60, interval=0.2)
        answers = [m for m in messages if (m.get("metadata") or {}).get("event_type")]
        assert len(answers) == 1 and "39.83" in json.dumps(answers[0], ensure_ascii=False)
