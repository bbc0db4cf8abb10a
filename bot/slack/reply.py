"""Posting answers into Slack threads: the message, the chart upload, follow-up lookup."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import wording
from queries.model import Answer, Question

log = logging.getLogger("bot.slack")

METADATA_EVENT_TYPE = "collabbot_answer"
# Errors meaning "the bot cannot write here" — answered with how to invite it.
NOT_A_MEMBER = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass
class Services:
    """What the Slack layer calls; injected so tests can count and stand in."""

    answer: Callable[..., Answer]
    question_from_receipt: Callable[[str], Question | None]
    datasets_summary: Callable[[], list[dict]]
    render: Any  # module-like: message(answer), messages(answer), to_csv(answer)
    charts: Any  # module-like: render_png(answer), alt_text(answer)

    @classmethod
    def default(cls, **overrides: Any) -> Services:
        """The real pipeline, renderer and charts, imported only when the app is built."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "render" not in given:
            import bot.render as render

            given["render"] = render
        if "charts" not in given:
            import bot.charts as charts

            given["charts"] = charts
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
    """chat.postMessage in the reply's thread; on "not in channel" tell the person how to invite."""
    try:
        resp = client.chat_postMessage(
            channel=where.channel, thread_ts=where.thread_ts, unfurl_links=False, **message
        )
    except SlackApiError as e:
        error = e.response.get("error") if e.response is not None else None
        if error in NOT_A_MEMBER:
            log.info("bot cannot post (%s) %s", error, where.ids())
            tell_privately(client, where, wording.INVITE)
            return None
        raise
    return resp.data if isinstance(resp.data, dict) else None


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
) -> Answer | None:
    """Answer `text` (a follow-up of `previous` when given) and post it; internal errors apologise."""
    try:
        answer = svc.answer(text, previous=previous)
    except Exception:
        log.exception("answering failed %s", where.ids())
        post(client, where, text=wording.APOLOGY)
        return None
    post_answer(client, svc, where, answer, heading=heading)
    return answer
