"""Posting into Slack threads: the answer's messages, the chart upload, private notes."""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import wording
from bot.slack.limits import RateLimits
from bot.slack.store import HISTORY_MAX, SlackStore
from bot.slack.work import BoundedWork
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
    store: SlackStore
    work: BoundedWork  # answers: computed off the request thread, in a bounded queue
    notices: BoundedWork  # short notes ("busy") sent off the request thread
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
            from data.store import resolve_db_path

            # The Answerer itself, not the module's shortcut: it takes the thread's history.
            answerer = pipeline.answerer_for(str(resolve_db_path(None)))
            for name in pipeline_names:
                given.setdefault(name, getattr(answerer, name))
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
    team: str = "-"

    def ids(self) -> str:
        return (
            f"team={self.team} event_id={self.event_id or '-'} channel={self.channel} "
            f"ts={self.ts or '-'} thread_ts={self.thread_ts or '-'}"
        )

    def moved(self, **changes: Any) -> Where:
        return replace(self, **changes)


@dataclass(frozen=True)
class Posted:
    """Where an answer landed: its workspace, conversation and the thread for follow-ups."""

    team: str
    channel: str
    thread_ts: str


def question_text(text: str, bot_user_id: str | None) -> str:
    """The question as typed: the bot's mention removed and Slack's escaping undone."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = _MENTION.sub(" ", text, count=1)
    return html.unescape(" ".join(text.split()))


def mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and any(m == user_id for m in _MENTION.findall(text or ""))


def answer_metadata(answer: Answer, history: tuple[str, ...] = ()) -> dict | None:
    """The canonical question and the thread's earlier ones, kept on the answer message so a
    follow-up can be read back from Slack when the store has lost the thread."""
    if not answer.ok or not answer.receipt or answer.question is None:
        return None
    if answer.question.kind == "help":
        return None
    older = [r for r in history if r != answer.receipt][-(HISTORY_MAX - 1) :]
    payload: dict[str, Any] = {"question": answer.receipt}
    if older:
        payload["history"] = older
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": payload}


def receipts_from_metadata(metadata: Any) -> tuple[str, ...]:
    """The receipts on one of our answer messages, oldest first; () for anything else.

    Message metadata is whatever the poster sent, so every shape is checked: a payload that is
    a string, a list or a number, a question that is not text, a history that is not a list."""
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return ()
    payload = metadata.get("event_payload")
    if not isinstance(payload, dict):
        log.info("answer metadata with a %s payload ignored", type(payload).__name__)
        return ()
    question = payload.get("question")
    if not isinstance(question, str) or not question.strip():
        return ()
    older = payload.get("history")
    kept = [r for r in older if isinstance(r, str) and r.strip()] if isinstance(older, list) else []
    return (*kept[-(HISTORY_MAX - 1) :], question)


def tell_privately(client: WebClient, where: Where, text: str) -> None:
    """An ephemeral note to the person: via response_url when Slack gave one, else the API."""
    text = wording.escape(text)
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
    on a refused shape post the text alone, on a timeout look before posting again.

    `text` is the notification and fallback text, which Slack reads as mrkdwn: it is escaped
    here, once, for every message the bot posts (blocks are escaped where they are built)."""
    if isinstance(message.get("text"), str):
        message["text"] = wording.escape(message["text"])
    return _post(client, where, message)


def _post(client: WebClient, where: Where, message: dict[str, Any]) -> dict | None:
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
            return _post(client, where, plain)
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
    hit = svc.limits.allow(where.team, where.user, where.channel)
    if hit is None:
        return True
    log.info("rate limited (%s) user=%s %s", hit, where.user or "-", where.ids())
    if hit == "user":
        note = wording.RATE_LIMITED_USER.format(rate=svc.limits.user_rate)
    else:
        note = wording.RATE_LIMITED_CHANNEL.format(rate=svc.limits.channel_rate)
    tell_privately(client, where, note)
    return False


def post_answer(
    client: WebClient,
    svc: Services,
    where: Where,
    answer: Answer,
    *,
    heading: list[dict[str, Any]] | None = None,
    history: tuple[str, ...] = (),
    chart: bool = True,
    then: Callable[[Posted], None] | None = None,
) -> Posted | None:
    """Post the answer (and its chart) in the thread; returns where it landed.

    `heading`: context elements shown above the first message (who asked, what). `then` runs
    once the text is posted and before the chart goes up (so a quick follow-up finds the
    thread already remembered)."""
    render = svc.render
    parts = render.messages(answer) if hasattr(render, "messages") else [render.message(answer)]
    metadata = answer_metadata(answer, history)
    thread = where.thread_ts
    for i, part in enumerate(parts):
        blocks = list(part.get("blocks") or [])
        if i == 0:
            if heading:
                blocks.insert(0, {"type": "context", "elements": heading})
            blocks += choice_buttons(answer)
        message: dict[str, Any] = {"text": part.get("text") or answer.receipt or answer.text}
        if blocks:
            message["blocks"] = blocks
        if part.get("attachments"):
            message["attachments"] = part["attachments"]
        if metadata:
            message["metadata"] = metadata
        posted = post(client, where.moved(thread_ts=thread), **message)
        if posted is None:
            return None
        if thread is None:  # a top-level answer: later parts and the chart go in its thread
            thread = posted.get("ts")
        where = where.moved(channel=posted.get("channel") or where.channel)
    if thread is None:
        return None
    landed = Posted(where.team, where.channel, thread)
    if then is not None:
        then(landed)
    if chart and answer.ok and not _table_only(answer):
        upload_chart(client, svc, where.moved(thread_ts=thread), answer)
    return landed


def _table_only(answer: Answer) -> bool:
    return answer.action == "table" or (
        answer.question is not None and answer.question.presentation == "table"
    )


CHOICE_ACTION = "choice_{i}"
MAX_CHOICES = 5


def choice_buttons(answer: Answer) -> list[dict[str, Any]]:
    """For a question with several readings: one button per reading (its receipt)."""
    error = answer.error
    if answer.ok or error is None or error.code != "ambiguous" or not error.choices:
        return []
    choices = [c for c in error.choices if isinstance(c, str) and c.strip()][:MAX_CHOICES]
    if not choices:
        return []
    return [
        {"type": "section", "text": {"type": "plain_text", "text": wording.CHOOSE}},
        actions_block(
            "choices", [(CHOICE_ACTION.format(i=i), r, r) for i, r in enumerate(choices)]
        ),
    ]


def actions_block(block_id: str, buttons: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Buttons (action id, label, value) in one actions block, within Slack's limits."""
    return {
        "type": "actions",
        "block_id": block_id,
        "elements": [
            {
                "type": "button",
                "action_id": action_id,
                "text": {"type": "plain_text", "text": _clip(label, 75)},
                "value": value[:2000],
            }
            for action_id, label, value in buttons[:25]
        ],
    }


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
