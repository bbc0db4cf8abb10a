"""The same question for each of the five subjects, as one compact text table."""

from __future__ import annotations

from collections.abc import Callable

from bot.render import numbers
from queries.model import ARTICLE_SUBJECTS, Answer, Question

SUBJECT_WORDS = {
    "biological_sciences": "biological sciences",
    "chemistry": "chemistry",
    "earth_environmental_sciences": "earth & environmental sciences",
    "physical_sciences": "physical sciences",
    "health_sciences": "health sciences",
}


def by_subject(ask: Callable[[str, Question], Answer], q: Question) -> list[tuple[str, Answer]]:
    """(subject words, answer) for each article subject, asked as a follow-up of `q`."""
    return [(SUBJECT_WORDS[s], ask(f"in {SUBJECT_WORDS[s]}", q)) for s in ARTICLE_SUBJECTS]


def subject_table(answers: list[tuple[str, Answer]]) -> str:
    """Subject × year (and change) when each answer is one country's figures; else headlines."""
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
