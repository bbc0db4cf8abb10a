"""One question in, one reply out: the thread's history in, quiet for chatter, follow-up actions
carried out, the answer posted and the thread remembered."""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_sdk import WebClient

from bot.slack import buttons, wording
from bot.slack.reply import Posted, Services, Where, post, post_answer, within_limits
from queries.model import Answer, Question

log = logging.getLogger("bot.slack")

# How directly a message was put to the bot, which decides what a failure to read it gets:
# "mention" (a mention, /collab, a button): always a reply, an error one if need be;
# "direct" (a top-level DM): chatter is let pass, other failures get a reply;
# "reply" (a thread reply without a mention): only a message that reads as a question.
LEVELS = ("mention", "direct", "reply")
# A follow-up that fails to read with one of these, unmentioned, is people talking.
FOLLOWUP_FAILURES = frozenset({"chatter", "unknown_word", "unknown_country", "not_a_followup"})


def quiet(answer: Answer, level: str) -> bool:
    """True when the bot should say nothing (the text is not a question put to it)."""
    if answer.ok or answer.error is None or level == "mention":
        return False
    code = answer.error.code
    if code == "chatter":
        return True
    return level == "reply" and code in FOLLOWUP_FAILURES


def questions(svc: Services, receipts: tuple[str, ...]) -> tuple[Question, ...]:
    """The thread's receipts read back into questions, oldest first (unreadable ones skipped)."""
    read = (svc.question_from_receipt(r) for r in receipts)
    return tuple(q for q in read if q is not None)


def ask(
    client: WebClient,
    svc: Services,
    where: Where,
    text: str,
    *,
    history: tuple[str, ...] = (),
    level: str = "mention",
    heading: list[dict[str, Any]] | None = None,
    fresh: bool = False,
    limited: bool = True,
) -> Answer | None:
    """Answer `text` (a follow-up of the thread's last question unless `fresh`) and post it.

    `history`: the thread's receipts, oldest first; the new receipt is remembered after them.
    Internal errors apologise; chatter and unread follow-ups are quiet when `level` says so.
    `limited=False` when the caller has already counted this question against the limits."""
    started = time.perf_counter()
    # A question put to the bot is counted before it is computed (in the order it came); a
    # plain thread reply only once it reads as a question, so chatter never spends a turn.
    limited_first = limited and level != "reply"
    if limited_first and not within_limits(client, svc, where):
        return None
    asked = () if fresh else questions(svc, history)
    try:
        answer = svc.answer(text, previous=asked[-1] if asked else None, history=asked)
    except Exception:
        log.exception("answering failed %s", where.ids())
        post(client, where, text=wording.APOLOGY)
        return None
    outcome = "ok" if answer.ok else (answer.error.code if answer.error else "error")
    if quiet(answer, level):
        log.info("not answered: %s in a %s %s", outcome, level, where.ids())
        return answer
    if limited and not limited_first and not within_limits(client, svc, where):
        return None
    if answer.action:
        carry_out(client, svc, where, answer, history)
    else:
        post_and_remember(client, svc, where, answer, history, heading=heading)
    ms = round((time.perf_counter() - started) * 1000)
    log.info(
        "answered %s outcome=%s ms=%d",
        where.ids(),
        outcome,
        ms,
        extra={"event_id": where.event_id, "channel": where.channel, "outcome": outcome, "ms": ms},
    )
    return answer


def post_and_remember(
    client: WebClient,
    svc: Services,
    where: Where,
    answer: Answer,
    history: tuple[str, ...],
    **how: Any,
) -> None:
    """Post the answer, and remember the thread once its text is up (before the chart)."""
    post_answer(
        client,
        svc,
        where,
        answer,
        history=history,
        then=lambda posted: remember(svc, posted, answer, history),
        **how,
    )


def remember(svc: Services, posted: Posted, answer: Answer, history: tuple[str, ...]) -> None:
    """Keep the thread's receipts after a good answer (errors and help leave it as it was)."""
    if not answer.ok or not answer.receipt:
        return
    if answer.question is None or answer.question.kind == "help":
        return
    receipts = history if history[-1:] == (answer.receipt,) else (*history, answer.receipt)
    svc.store.remember(posted.team, posted.channel, posted.thread_ts, receipts)


def carry_out(
    client: WebClient, svc: Services, where: Where, answer: Answer, history: tuple[str, ...]
) -> None:
    """A follow-up that asks to see the thread's last answer another way."""
    action = answer.action
    if action == "undo":
        undo(client, svc, where, answer, history)
        return
    if not history:
        post(client, where, text=wording.NOTHING_TO_SHOW)
        return
    last = history[-1]
    if action == "sql":
        buttons.show_sql(client, svc, where, last)
    elif action == "csv":
        buttons.csv(client, svc, where, last)
    elif action == "by_subject":
        buttons.by_subject(client, svc, where, last)
    elif action == "table":
        shown = answer if answer.ok else svc.answer(last)
        post_and_remember(client, svc, where, shown, history, chart=False)
    else:
        log.warning("follow-up action %r is not one the bot knows %s", action, where.ids())
        post(client, where, text=wording.NOTHING_TO_SHOW)


def undo(
    client: WebClient, svc: Services, where: Where, answer: Answer, history: tuple[str, ...]
) -> None:
    """The answer to the question before the last edit; the thread's history loses that edit."""
    if len(history) < 2:
        post(client, where, text=wording.NOTHING_TO_UNDO)
        return
    target, kept = history[-2], history[:-1]
    # The grammar may already have answered the earlier question; else it is asked again.
    shown = answer if answer.ok and answer.receipt == target else svc.answer(target)
    # Remembered as the thread was before the edit: `kept` ends with the question shown.
    post_and_remember(client, svc, where, shown, kept[:-1])
