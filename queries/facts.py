"""What a question's words say (countries, years, metric, subject, cues), before its kind is chosen.

Shared by the parser (a whole question) and the follow-up reader (an edit of the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import close_examples
from queries.lexicon import SUBJECT_LABELS
from queries.reader import Item, read


def err(
    code: str,
    message: str,
    text: str,
    span: tuple[int, int] | None = None,
    suggestions: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
) -> UserError:
    """A UserError with example questions close to what was typed."""
    return UserError(code, message, suggestions, close_examples(text), span, choices)


@dataclass
class Facts:
    """What the items say, before deciding the kind of question."""

    items: list[Item]
    text: str = ""
    countries: list[Item] = field(default_factory=list)
    years: tuple[int, ...] = ()
    series: bool = False
    since: bool = False
    year_given: bool = False
    limit: int | None = None
    metric: str | None = None
    subject: str | None = None
    group: str | None = None
    membership: str = "latest"
    membership_year: int | None = None
    datasets: tuple[str, ...] = ()
    presentation: str = "chart"
    cats: set[str] = field(default_factory=set)
    over_time: bool = False
    year_notes: list[str] = field(default_factory=list)  # how a spoken period was read

    def has(self, *cats: str) -> bool:
        return bool(self.cats.intersection(cats))

    def distinct_countries(self) -> list[Item]:
        seen: dict[str, Item] = {}
        for it in self.countries:
            seen.setdefault(str(it.value), it)
        return list(seen.values())


def _one(values: list[str], what: str, text: str) -> str | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise err(
            "ambiguous", f"One {what} at a time, please: I read {' and '.join(distinct)}.", text
        )
    return distinct[0] if distinct else None


def _years(items: list[Item], used: set[int], ctx: ParseContext, text: str, f: Facts) -> None:
    """Years asked about: single, compared (vs/to/and/commas), a range (dash) or `since`."""
    marks = [
        (i, it)
        for i, it in enumerate(items)
        if (it.cat == "year" or it.cat == "latest") and i not in used
    ]
    if not marks:
        return
    for _, it in marks:
        if it.cat == "year" and it.value not in ctx.years:
            raise err(
                "year_not_available",
                f"{it.value} is not in this dataset; available years: {ctx.years_text()}.",
                text,
                it.span,
            )
    values = [ctx.latest if it.cat == "latest" else int(it.value) for _, it in marks]
    ranged = False
    for (a, _), (b, _) in zip(marks, marks[1:], strict=False):
        between = {x.cat for x in items[a + 1 : b]}
        if between and between <= {"dash", "through"}:
            ranged = True
    since = any(i > 0 and items[i - 1].cat == "since" for i, _ in marks)
    f.year_given = True
    if since or ranged:
        if since and len(marks) != 1 or ranged and len(marks) != 2:
            raise err(
                "ambiguous",
                "Give one range of years (2015–2023) or a list (2015, 2019 and 2023), not both.",
                text,
            )
        lo, hi = (values[0], ctx.latest) if since else (min(values), max(values))
        f.years = tuple(y for y in sorted(ctx.years) if lo <= y <= hi)
        f.series, f.since = len(f.years) > 1, since
    else:
        f.years = tuple(sorted(set(values)))


def _facts(items: list[Item], ctx: ParseContext, text: str) -> Facts:
    f = Facts(items, text)
    used: set[int] = set()  # item indexes consumed by another reading (membership year, limit)
    metrics: list[str] = []
    subjects: list[str] = []
    groups: list[str] = []
    rules: list[str] = []
    for i, it in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        f.cats.add(it.cat)
        if it.cat == "country":
            f.countries.append(it)
        elif it.cat == "metric":
            metrics.append(str(it.value))
        elif it.cat == "subject":
            subjects.append(str(it.value))
        elif it.cat == "group":
            groups.append(str(it.value))
        elif it.cat == "as_of":
            if nxt is None or nxt.cat != "year":
                raise err(
                    "ambiguous",
                    "“as of” needs a year, e.g. “BRI members as of 2015”.",
                    text,
                    it.span,
                )
            rules.append("as_of")
            f.membership_year = int(nxt.value)
            used.add(i + 1)
        elif it.cat == "current":
            rules.append("current")
        elif it.cat == "top" and nxt is not None and nxt.cat == "number":
            f.limit = int(nxt.value)
            used.add(i + 1)
            if not 1 <= f.limit <= 100:
                raise err("bad_limit", "Top N takes N from 1 to 100.", text, nxt.span)
        elif it.cat == "number" and i not in used:
            raise err(
                "unknown_word",
                f"“{text[it.span[0] : it.span[1]]}” is not a year (years have four digits: "
                f"{ctx.years_text()}) nor a top-N limit.",
                text,
                it.span,
            )
        elif it.cat == "dataset":
            f.datasets += (str(it.value),) if it.value not in f.datasets else ()
        elif it.cat == "dataset_unknown":
            raise err(
                "unknown_dataset",
                f"There is no “{it.value}” dataset here; available: {', '.join(ctx.datasets)}.",
                text,
                it.span,
                ctx.datasets,
            )
        elif it.cat == "table":
            f.presentation = str(it.value)
        elif it.cat == "over_time":
            f.over_time = True
    _years(items, used, ctx, text, f)
    f.metric = _one(metrics, "metric", text)
    subj = set(subjects)
    if subj == {"natural_sciences", "all"}:  # "natural sciences including health sciences"
        subjects = ["all"]
    f.subject = _one([SUBJECT_LABELS[s] for s in subjects], "subject", text)
    f.subject = next((k for k, v in SUBJECT_LABELS.items() if v == f.subject), None)
    f.group = _one(groups, "group", text)
    rule = _one(rules, "membership rule", text)
    f.membership = rule or "latest"
    if f.over_time and not f.year_given:
        f.years, f.series, f.year_given = tuple(sorted(ctx.years)), len(ctx.years) > 1, True
    return f


def facts(text: str, ctx: ParseContext) -> Facts:
    """Read `text` into Facts (shared with follow-ups)."""
    return _facts(read(text, ctx), ctx, text)
