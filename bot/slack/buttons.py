"""What the answer buttons do: Show SQL, CSV, By subject, Over time (value = the receipt)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk import WebClient

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
    answers = [
        (words, svc.answer(f"in {words}", previous=q)) for words in wording.SUBJECT_WORDS.values()
    ]
    title = wording.BY_SUBJECT_TITLE.format(receipt=wording.echo(receipt))
    body = subject_table(answers)
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


def subject_table(answers: list[tuple[str, Answer]]) -> str:
    """Subject × year (and change) when each answer is one country's figures; else headlines."""
    from bot.render import numbers

    ok = [a for _, a in answers if a.ok]
    single = ok and all(len({r.country for r in a.rows}) == 1 for a in ok)
    years = sorted({r.year for a in ok for r in a.rows}) if single else []
    if not single or not years or len(years) > 6:
        return "\n".join(
            f"{words}: {a.headline if a.ok else (a.error.message if a.error else '')}"
            for words, a in answers
        )
    label = ok[0].datasets[0].label if ok[0].datasets else str
    header = ["subject", *[label(y) for y in years]]
    with_change = len(years) >= 2
    if with_change:
        header.append("change")
    table = [header]
    for words, a in answers:
        if not a.ok:
            table.append([words, *["–"] * (len(header) - 1)])
            continue
        by_year = {r.year: r.value for r in a.rows}
        row = [words, *[numbers.value(a, by_year.get(y)) for y in years]]
        if with_change:
            row.append(numbers.pct(a.change_pct))
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in table
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
