"""What the answer buttons do: Show SQL, CSV, By subject, Over time (value = the receipt)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk import WebClient

from bot.render import subjects
from bot.slack import wording
from bot.slack.reply import Services, Where, post
from queries.model import Answer, Question

log = logging.getLogger("bot.slack")


def _reanswer(client: WebClient, svc: Services, where: Where, receipt: str) -> Answer | None:
    """The answer behind a button, recomputed from its canonical text (the bot keeps no state).

    A value that is blank, or that does not read as a question with figures (help, an error),
    gets a polite refusal: it is not the receipt of an answer."""
    answer = svc.answer(receipt) if receipt.strip() else None
    if answer is None or not answer.ok or _is_help(answer.question):
        log.info("button value is not an answer's receipt %s", where.ids())
        post(client, where, text=wording.RECEIPT_LOST)
        return None
    return answer


def _question(client: WebClient, svc: Services, where: Where, receipt: str) -> Question | None:
    """The question behind a button, or None (after a polite refusal) when there is none."""
    q = svc.question_from_receipt(receipt) if receipt.strip() else None
    if q is None and receipt.strip():
        q = svc.answer(receipt).question
    if q is None or _is_help(q):
        log.info("button value is not an answer's receipt %s", where.ids())
        post(client, where, text=wording.RECEIPT_LOST)
        return None
    return q


def _is_help(q: Question | None) -> bool:
    return q is None or q.kind == "help"


def show_sql(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
    answer = _reanswer(client, svc, where, receipt)
    if answer is None:
        return
    text, blocks = wording.sql_block(answer.receipt or receipt, answer.sql)
    post(client, where, text=text, blocks=blocks)


def csv(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
    answer = _reanswer(client, svc, where, receipt)
    if answer is None:
        return
    if not answer.rows:
        post(client, where, text=wording.NOTHING_TO_EXPORT)
        return
    shown = answer.receipt or receipt
    client.files_upload_v2(
        channel=where.channel,
        thread_ts=where.thread_ts,
        content=svc.render.to_csv(answer).encode("utf-8"),
        filename="collabbot.csv",
        title=shown,
        # The comment is mrkdwn: the receipt is escaped like everything else echoed there.
        initial_comment=wording.CSV_COMMENT.format(receipt=wording.echo(shown)),
    )


def by_subject(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
    """The same question asked for each of the five subjects, replied as one compact table."""
    q = _question(client, svc, where, receipt)
    if q is None:
        return
    answers = subjects.by_subject(lambda text, prev: svc.answer(text, previous=prev), q)
    title = wording.BY_SUBJECT_TITLE.format(receipt=wording.echo(receipt))
    body = subjects.subject_table(answers)
    post(
        client,
        where,
        text=f"{wording.BY_SUBJECT_TITLE.format(receipt=receipt)}\n{body}",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": title[:3000]}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"```{wording.escape(body)[:2900]}```"},
            },
        ],
    )


def over_time(client: WebClient, svc: Services, where: Where, receipt: str) -> None:
    """The same pair/partners over the dataset's full year range, as a series."""
    from bot.slack.answering import ask  # answering carries out follow-ups with these buttons

    q = _question(client, svc, where, receipt)
    if q is None:
        return
    first, last = year_range(svc, q)
    history = svc.store.history(where.team, where.channel, where.thread_ts or "")
    if history[-1:] != (receipt,):
        history = (*history, receipt)
    ask(client, svc, where, f"{first}–{last}", history=history, limited=False)  # button counted


def year_range(svc: Services, q: Question) -> tuple[int, int]:
    """The full range of the question's dataset (from datasets_summary), else the asked years."""
    wanted = q.datasets[0] if q.datasets else None
    summary: list[dict[str, Any]] = []
    try:
        summary = svc.datasets_summary()
    except Exception:  # noqa: BLE001
        log.warning("datasets_summary failed", exc_info=True)
    for info in summary:
        if wanted and info.get("name") != wanted:
            continue
        found = [int(y) for y in re.findall(r"\d{4}", str(info.get("years") or ""))]
        if found:  # "2015–2023*" or [2015, ..., 2023]
            return min(found), max(found)
        break
    years = q.years or (2023,)
    return min(years), max(years)
