"""What a thread has asked so far: the shared store first; for a mention in a thread the store
does not know, the metadata on this bot's own messages (read back once)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.reply import Services, Where, receipts_from_metadata

log = logging.getLogger("bot.slack")

MAX_PAGES = 10  # threads are short; a bound keeps a huge one from stalling a worker


@dataclass(frozen=True)
class BotIds:
    """Who this bot is in the workspace the request came from."""

    user_id: str | None
    bot_id: str | None

    def posted(self, message: dict) -> bool:
        """True only for messages this bot posted (metadata from anyone else is not trusted)."""
        if self.bot_id and message.get("bot_id") == self.bot_id:
            return True
        return bool(self.user_id) and message.get("user") == self.user_id


def thread_history(
    client: WebClient, svc: Services, where: Where, bot: BotIds, *, mentioned: bool
) -> tuple[str, ...]:
    """The thread's receipts, oldest first; () when the bot has not answered in it.

    Only a mention reads the thread back from Slack: plain replies come for every thread in
    every channel the bot is in, and conversations.replies allows distributed apps one call a
    minute."""
    thread = where.thread_ts or ""
    history = svc.store.history(where.team, where.channel, thread)
    if history or not mentioned:
        return history
    return read_back(client, where, bot)


def read_back(client: WebClient, where: Where, bot: BotIds) -> tuple[str, ...]:
    """The receipts on this bot's last answer in the thread; () when there is none, or when
    Slack will not show the thread (a missing scope in a group DM: the mention is answered as
    a fresh question)."""
    found: tuple[str, ...] = ()
    cursor = None
    try:
        for _ in range(MAX_PAGES):
            resp = client.conversations_replies(
                channel=where.channel,
                ts=where.thread_ts or "",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            for msg in resp.get("messages") or []:
                if not isinstance(msg, dict) or not bot.posted(msg):
                    continue
                found = receipts_from_metadata(msg.get("metadata")) or found
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not resp.get("has_more") or not cursor:
                break
    except (SlackApiError, URLError, TimeoutError, ConnectionError) as e:
        response = getattr(e, "response", None)
        error = response.get("error") if response is not None else repr(e)
        log.info("could not read the thread back (%s); a fresh question %s", error, where.ids())
        return ()
    return found
