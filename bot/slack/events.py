"""Events API listeners: mentions, DMs and thread replies (answered off the request thread),
and in distributed mode the uninstall events that remove a workspace's tokens and threads."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import wording
from bot.slack.answering import ask
from bot.slack.reply import Services, Where, mentions, question_text, tell_privately
from bot.slack.threads import BotIds, thread_history

log = logging.getLogger("bot.slack")

# Message subtypes that carry something a person wrote: "also send to channel" replies and
# messages with a file attached. Edits, deletions, joins and bot posts are not questions.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def register(app: App, svc: Services) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, body: dict, client: WebClient, context: Any) -> None:
        take(client, svc, event, body, context)

    @app.event("message")
    def on_message(event: dict, body: dict, client: WebClient, context: Any) -> None:
        take(client, svc, event, body, context)


def register_uninstall(app: App, svc: Services, installations: Any) -> None:
    """Distributed mode: an uninstalled workspace loses its tokens and its thread history."""

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict, context: Any) -> None:
        team, enterprise = _team(body, context), context.enterprise_id
        installations.delete_all(enterprise_id=enterprise, team_id=team)
        gone = svc.store.forget_team(team)
        log.info("app uninstalled: installation and %d threads removed team=%s", gone, team)

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict, body: dict, context: Any) -> None:
        team, enterprise = _team(body, context), context.enterprise_id
        tokens: dict = event["tokens"] if isinstance(event.get("tokens"), dict) else {}
        if tokens.get("bot"):
            # The app installs a bot only: without its token the installation is gone (bolt's
            # own listener deletes the bot row alone, and the installation row still names it).
            installations.delete_all(enterprise_id=enterprise, team_id=team)
        for user in tokens.get("oauth") or []:
            installations.delete_installation(enterprise_id=enterprise, team_id=team, user_id=user)
        log.info("tokens revoked team=%s bot=%s", team, bool(tokens.get("bot")))


def _team(body: dict, context: Any) -> str:
    return str(context.team_id or body.get("team_id") or "-")


def text_of(event: dict) -> str:
    """The message's text ('' when it has none, or something that is not text)."""
    text = event.get("text")
    return text if isinstance(text, str) else ""


def why_not(event: dict, bot: BotIds) -> str | None:
    """Why this event is not a question for the bot (None: it may be one)."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message":
        # Another bot (or this one): answering bots is how two bots end up talking forever.
        return "sent by a bot"
    if event.get("subtype") not in PERSON_SUBTYPES:
        return f"subtype {event.get('subtype')}"
    if bot.user_id and event.get("user") == bot.user_id:
        return "our own message"
    if not event.get("user"):
        return "no sender"
    if event.get("type") == "app_mention":
        return None
    in_dm = event.get("channel_type") == "im"
    if not in_dm and mentions(text_of(event), bot.user_id):
        return "a mention (app_mention answers it)"
    thread_ts = event.get("thread_ts")
    if not in_dm and (not thread_ts or thread_ts == event.get("ts")):
        return "a channel message that is not a thread reply"
    return None


def take(client: WebClient, svc: Services, event: dict, body: dict, context: Any) -> None:
    """On the request thread: decide, queue, return (the ack goes out when this returns)."""
    bot = BotIds(context.bot_user_id, context.bot_id)
    reason = why_not(event, bot)
    if reason:
        log.debug("event not answered (%s) event_id=%s", reason, body.get("event_id", "-"))
        return
    where = Where(
        channel=str(event.get("channel") or ""),
        thread_ts=event.get("thread_ts") or event.get("ts"),
        user=event.get("user"),
        event_id=body.get("event_id"),
        ts=event.get("ts"),
        team=_team(body, context),
    )
    if not svc.work.submit(answer_message, client, svc, event, where, bot):
        log.warning("answer queue full; told the person to ask again %s", where.ids())
        if not svc.notices.submit(tell_privately, client, where, wording.BUSY):
            log.warning("notice queue full too; nothing said %s", where.ids())


def answer_message(
    client: WebClient, svc: Services, event: dict, where: Where, bot: BotIds
) -> None:
    """A mention, DM or thread reply: answered once, in its thread, following what it follows."""
    raw = text_of(event)
    text = question_text(raw, bot.user_id)
    mentioned = event.get("type") == "app_mention" or mentions(raw, bot.user_id)
    reply = bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")
    if reply:
        history = thread_history(client, svc, where, bot, mentioned=mentioned)
        if not history and not mentioned:
            log.debug("reply in a thread the bot did not answer %s", where.ids())
            return
        level = "mention" if mentioned else "reply"
    elif event.get("channel_type") == "im":
        # A top-level DM follows the last answer in that DM ("and Italy?" right after one).
        history = svc.store.latest(where.team, where.channel)
        level = "mention" if mentioned else "direct"
    else:
        history, level = (), "mention"
    if not text and level != "mention":
        log.info("nothing to read in the message (a file alone?) %s", where.ids())
        return
    # One answer per message, whichever worker sees which delivery: a retry (same event id),
    # an edited mention (a new event id), or app_mention and message for the same text.
    if not svc.store.first_time(f"msg:{where.team}:{where.channel}:{where.ts}"):
        log.info("message already answered (a retry, an edit or a second event) %s", where.ids())
        return
    ask(client, svc, where, text, history=history, level=level)
