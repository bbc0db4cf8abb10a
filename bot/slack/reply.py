"""Posting answers into Slack threads: the message, the chart upload, follow-up lookup."""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import wording
from bot.slack.limits import RateLimits
from queries.model import Answer, Question

log = logging.getLogger("bot.slack")

METADATA_EVENT_TYPE = "collabbot_answer"
# Errors meaning "the bot cannot write here" — answered with how to invite it.
NOT_A_MEMBER = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
# Errors about the message's shape: the same answer goes again as plain, shortened text.
BAD_SHAPE = {
    "invalid_blocks",
    "invalid_blocks_format",
    "msg_too_long",
    "invalid_attachments",
    "too_many_attachments",
    "invalid_metadata_format",
    "invalid_metadata_schema",
}
PLAIN_TEXT_MAX = 3_000
# Slack's clock and ours may differ a little when we look for a post that timed out.
CLOCK_SLACK_S = 5.0
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass
class Services:
    """What the Slack layer calls; injected so tests can count and stand in."""

    answer: Callable[..., Answer]
    question_from_receipt: Callable[[str], Question | None]
    datasets_summary: Callable[[], list[dict]]
    render: Any  # module-like: message(answer), messages(answer), to_csv(answer)
    charts: Any  # render_png(answer), alt_text(answer): bot.charts.front_end() by default
    limits: RateLimits | None = None  # None: no rate limits

    @classmethod
    def default(cls, **overrides: Any) -> Services:
        """The real pipeline, renderer and charts, imported only when the app is built."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "render" not in given:
            import bot.render as render

            given["render"] = render
        if "charts" not in given:
            from bot.charts import front_end

            given["charts"] = front_end()  # repeated questions get their chart from the cache
        pipeline_names = ("answer", "question_from_receipt", "datasets_summary")
        if any(name not in given for name in pipeline_names):
            import bot.pipeline as pipeline

            for name in pipeline_names:
                given.setdefault(name, getattr(pipeline, name))
        return cls(**given)


@dataclass
class Where:
    """Where a reply goes, and the request's ids for the log (never tokens)."""

    channel: str
    thread_ts: str | None  # None: a new top-level message (slash command, App Home)
    user: str | None = None
    event_id: str | None = None
    ts: str | None = None
    respond: Callable[..., Any] | None = field(default=None, repr=False)

    def ids(self) -> str:
        return (
            f"event_id={self.event_id or '-'} channel={self.channel} "
            f"ts={self.ts or '-'} thread_ts={self.thread_ts or '-'}"
        )


def question_text(text: str, bot_user_id: str | None) -> str:
    """The question as typed: the bot's mention removed and Slack's escaping undone."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = _MENTION.sub(" ", text, count=1)
    return html.unescape(" ".join(text.split()))


def mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and any(m == user_id for m in _MENTION.findall(text or ""))


def answer_metadata(answer: Answer) -> dict | None:
    """The canonical question, kept on the answer message so follow-ups need no bot state."""
    if not answer.ok or not answer.receipt or answer.question is None:
        return None
    if answer.question.kind == "help":
        return None
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": {"question": answer.receipt}}


def previous_question(
    client: WebClient, svc: Services, channel: str, thread_ts: str
) -> Question | None:
    """The last question the bot answered in this thread, read back from message metadata."""
    receipt = None
    cursor = None
    for _ in range(10):  # threads are short; a bound keeps a huge one from stalling us
        resp = client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
        )
        for msg in resp.get("messages") or []:
            meta = msg.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT_TYPE:
                receipt = (meta.get("event_payload") or {}).get("question") or receipt
        cursor = (resp.get("response_metadata") or {}).get("next_cursor")
        if not resp.get("has_more") or not cursor:
            break
    if not receipt:
        return None
    return svc.question_from_receipt(receipt)


def tell_privately(client: WebClient, where: Where, text: str) -> None:
    """An ephemeral note to the person: via response_url when Slack gave one, else the API."""
    try:
        if where.respond is not None:
            where.respond(text=text, response_type="ephemeral", replace_original=False)
        elif where.user:
            client.chat_postEphemeral(
                channel=where.channel, user=where.user, text=text, thread_ts=where.thread_ts
            )
    except Exception:  # noqa: BLE001 - the note is a courtesy; log and move on
        log.warning("could not send an ephemeral note %s", where.ids(), exc_info=True)


def post(client: WebClient, where: Where, **message: Any) -> dict | None:
    """chat.postMessage in the reply's thread; on "not in channel" tell the person how to invite,
    on a refused shape post the text alone, on a timeout look before posting again."""
    try:
        return _post_once(client, where, message)
    except SlackApiError as e:
        error = e.response.get("error") if e.response is not None else None
        if error in NOT_A_MEMBER:
            log.info("bot cannot post (%s) %s", error, where.ids())
            tell_privately(client, where, wording.INVITE)
            return None
        text = str(message.get("text") or "")
        reshaped = any(message.get(k) for k in ("blocks", "attachments", "metadata"))
        if error in BAD_SHAPE and (reshaped or len(text) > PLAIN_TEXT_MAX):
            log.warning("chat.postMessage refused (%s); posting plain text %s", error, where.ids())
            plain = {k: v for k, v in message.items() if k not in ("blocks", "attachments")}
            if error.startswith("invalid_metadata"):
                plain.pop("metadata", None)
            plain["text"] = _shorten(text)
            if plain.keys() == message.keys() and plain["text"] == text:
                plain.pop("metadata", None)  # the only shape left to blame
            return post(client, where, **plain)
        raise


def _shorten(text: str) -> str:
    if len(text) <= PLAIN_TEXT_MAX:
        return text
    return text[: PLAIN_TEXT_MAX - 1].rstrip() + "…"


def _post_once(client: WebClient, where: Where, message: dict[str, Any]) -> dict | None:
    since = time.time()
    try:
        resp = client.chat_postMessage(
            channel=where.channel, thread_ts=where.thread_ts, unfurl_links=False, **message
        )
    except (TimeoutError, URLError, ConnectionError) as exc:
        # No reply: the post may or may not have landed. Look before sending it again, so a
        # slow Slack neither loses the answer nor shows it twice.
        landed = _find_posted(client, where, str(message.get("text") or ""), since)
        if landed is not None:
            log.warning("chat.postMessage timed out but landed %s", where.ids())
            return landed
        log.warning("chat.postMessage failed (%r); posting again %s", exc, where.ids())
        resp = client.chat_postMessage(
            channel=where.channel, thread_ts=where.thread_ts, unfurl_links=False, **message
        )
    return resp.data if isinstance(resp.data, dict) else None


def _find_posted(client: WebClient, where: Where, text: str, since: float) -> dict | None:
    """Our message with this text, posted since `since`, in the thread (or the channel)."""
    try:
        if where.thread_ts:
            resp = client.conversations_replies(
                channel=where.channel, ts=where.thread_ts, limit=200
            )
        else:
            resp = client.conversations_history(
                channel=where.channel, oldest=f"{since - CLOCK_SLACK_S:.6f}", limit=50
            )
    except Exception:  # noqa: BLE001 - cannot tell: posting again beats losing the answer
        log.warning("could not look for a timed-out post %s", where.ids(), exc_info=True)
        return None
    for msg in resp.get("messages") or []:
        try:
            recent = float(msg.get("ts") or 0) >= since - CLOCK_SLACK_S
        except ValueError:
            recent = False
        if recent and msg.get("bot_id") and msg.get("text") == text:
            return {"ok": True, "channel": where.channel, "ts": msg.get("ts"), "message": msg}
    return None


def within_limits(client: WebClient, svc: Services, where: Where) -> bool:
    """False (after telling the person, privately) when they or the channel ask too fast."""
    if svc.limits is None:
        return True
    hit = svc.limits.allow(where.user, where.channel)
    if hit is None:
        return True
    log.info("rate limited (%s) user=%s %s", hit, where.user or "-", where.ids())
    if hit == "user":
        note = wording.RATE_LIMITED_USER.format(rate=svc.limits.users.rate)
    else:
        note = wording.RATE_LIMITED_CHANNEL.format(rate=svc.limits.channels.rate)
    tell_privately(client, where, note)
    return False


def post_answer(
    client: WebClient,
    svc: Services,
    where: Where,
    answer: Answer,
    heading: str | None = None,
) -> str | None:
    """Post the answer (and its chart) in the thread; returns the thread it went into."""
    render = svc.render
    parts = render.messages(answer) if hasattr(render, "messages") else [render.message(answer)]
    metadata = answer_metadata(answer)
    thread = where.thread_ts
    for i, part in enumerate(parts):
        blocks = list(part.get("blocks") or [])
        if heading and i == 0:
            blocks.insert(0, {"type": "context", "elements": [{"type": "mrkdwn", "text": heading}]})
        message: dict[str, Any] = {"text": part.get("text") or answer.receipt or answer.text}
        if blocks:
            message["blocks"] = blocks
        if part.get("attachments"):
            message["attachments"] = part["attachments"]
        if metadata:
            message["metadata"] = metadata
        posted = post(client, Where(**{**where.__dict__, "thread_ts": thread}), **message)
        if posted is None:
            return None
        if thread is None:  # a top-level answer: later parts and the chart go in its thread
            thread = posted.get("ts")
            where = Where(**{**where.__dict__, "channel": posted.get("channel") or where.channel})
    if answer.ok and thread:
        upload_chart(client, svc, Where(**{**where.__dict__, "thread_ts": thread}), answer)
    return thread


def upload_chart(client: WebClient, svc: Services, where: Where, answer: Answer) -> bool:
    """Upload the PNG into the thread; if that fails, the text answer stands and we say so."""
    try:
        png = svc.charts.render_png(answer)
        if not png:
            return False
        client.files_upload_v2(
            channel=where.channel,
            thread_ts=where.thread_ts,
            content=png,
            filename="chart.png",
            title=(answer.chart.title if answer.chart else "") or answer.receipt or "chart",
            alt_txt=svc.charts.alt_text(answer)[:1000],
        )
        return True
    except Exception:  # noqa: BLE001 - any failure here must not lose the answer
        log.warning("chart upload failed %s", where.ids(), exc_info=True)
        try:
            post(client, where, text=wording.CHART_NOT_ATTACHED)
        except Exception:  # noqa: BLE001
            log.warning("could not say the chart failed %s", where.ids(), exc_info=True)
        return False


def ask(
    client: WebClient,
    svc: Services,
    where: Where,
    text: str,
    *,
    previous: Question | None = None,
    heading: str | None = None,
    limited: bool = True,
) -> Answer | None:
    """Answer `text` (a follow-up of `previous` when given) and post it; internal errors apologise.

    `limited=False` when the caller has already counted this question against the rate limits."""
    if limited and not within_limits(client, svc, where):
        return None
    started = time.perf_counter()
    try:
        answer = svc.answer(text, previous=previous)
    except Exception:
        log.exception("answering failed %s", where.ids())
        post(client, where, text=wording.APOLOGY)
        return None
    post_answer(client, svc, where, answer, heading=heading)
    outcome = "ok" if answer.ok else (answer.error.code if answer.error else "error")
    ms = round((time.perf_counter() - started) * 1000)
    log.info(
        "answered %s outcome=%s ms=%d",
        where.ids(),
        outcome,
        ms,
        extra={"event_id": where.event_id, "channel": where.channel, "outcome": outcome, "ms": ms},
    )
    return answer
