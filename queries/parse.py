"""The question grammar: text -> Question, by vocabulary items and a few decisive cues.

Error codes (UserError.code; stable, they appear in JSON output):

| code                 | when                                                              |
| -------------------- | ----------------------------------------------------------------- |
| unknown_word         | a word nothing in the vocabulary can place (span points at it)    |
| unknown_country      | that word (or two, three) is closest to a country name            |
| year_not_available   | a year outside the dataset's years                                |
| missing_countries    | no country named (`CS 2015 vs 2023`)                              |
| missing_partner      | a pair/rank question with only one country                        |
| missing_group        | `share of` or a membership rule without a group                   |
| metric_not_available | Share for a pair kind, CS for a country aggregate                 |
| too_long             | text over 500 characters                                          |
| too_many_countries   | over 20 partners                                                  |
| unknown_dataset      | a dataset this deployment does not hold                           |
| same_country         | a country paired with itself                                      |
| bad_limit            | `top N` with N outside 1-100                                      |
| ambiguous            | two metrics/subjects/groups, or cues that contradict each other   |
| not_a_followup       | (apply_followup) a thread reply that edits nothing                |

Defaults that change meaning go into Question.assumptions: the latest year when none is
given, the starting year of a growth question, the top 10 when no N is given, and every
ambiguous country name. The metric (CS; Count for aggregates), the subject (natural
sciences) and the membership rule (latest window) are shown in the receipt and the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import EXAMPLES, close_examples
from queries.lexicon import SUBJECT_LABELS
from queries.model import Question
from queries.reader import Item, describe, read
from queries.receipt import receipt

__all__ = [
    "EXAMPLES",
    "ParseContext",
    "apply_followup",
    "close_examples",
    "parse",
    "receipt",
]

MAX_PARTNERS = 20
DEFAULT_TOP = 10
_NOISE = {
    "filler",
    "qmark",
    "comma",
    "dash",
    "slash",
    "amp",
    "plus",
    "help",
    "and",
    "with",
    "vs",
    "to",
    "from",
    "by",
    "among",
}


def _err(
    code: str,
    message: str,
    text: str,
    span: tuple[int, int] | None = None,
    suggestions: tuple[str, ...] = (),
) -> UserError:
    return UserError(code, message, suggestions, close_examples(text), span)


@dataclass
class Facts:
    """What the items say, before deciding the kind of question."""

    items: list[Item]
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


def _one(values: list[str], what: str, text: str) -> str | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise _err(
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
            raise _err(
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
            raise _err(
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
    f = Facts(items)
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
                raise _err(
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
                raise _err("bad_limit", "Top N takes N from 1 to 100.", text, nxt.span)
        elif it.cat == "number" and i not in used:
            raise _err(
                "unknown_word",
                f"“{text[it.span[0] : it.span[1]]}” is not a year (years have four digits: "
                f"{ctx.years_text()}) nor a top-N limit.",
                text,
                it.span,
            )
        elif it.cat == "dataset":
            f.datasets += (str(it.value),) if it.value not in f.datasets else ()
        elif it.cat == "dataset_unknown":
            raise _err(
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


def _kind(f: Facts, text: str) -> str:
    c = f.cats
    content = c - _NOISE
    if not content:
        return "help"
    if "share_of" in c:
        return "share"
    if "international" in c or "domestic" in c:
        return "aggregate"
    if "rank" in c:
        return "rank"
    if "fastest" in c or "big_rise" in c or ("big" in c and "rise" in c):
        return "rising"
    if "top" in c or "big" in c:
        return "top"
    partners_word = "partners" in c
    n = len({it.value for it in f.countries})
    if n == 1 and not f.group and not partners_word and f.metric in ("count", "share"):
        return "aggregate"  # a country's own Count or Share ("China Share 2023")
    if f.group and n == 1:
        return "top" if partners_word else "aggregate"
    if partners_word and n == 1:
        return "top"
    if n == 0:
        return "pair"  # missing_countries is raised by the pair builder
    return "pair" if n <= 2 else "partners"


def _distinct(countries: list[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for it in countries:
        seen.setdefault(str(it.value), it)
    return list(seen.values())


def _single_focal(f: Facts, text: str, kind: str) -> str:
    cs = _distinct(f.countries)
    if not cs:
        raise _err(
            "missing_countries", "Which country? e.g. “top 15 BRI partners of China 2023”.", text
        )
    if len(cs) > 1:
        raise _err(
            "ambiguous",
            f"A {kind} question is about one country; I read {', '.join(describe(x) for x in cs)}.",
            text,
            cs[1].span,
        )
    return str(cs[0].value)


def _rank_roles(f: Facts, text: str) -> tuple[str, tuple[str, ...]]:
    """Rank: the focal country is the first after `among`, else the possessive one; the rest
    are ranked ("Singapore's rank among China's partners")."""
    items = f.items
    focal: Item | None = None
    at = next((i for i, it in enumerate(items) if it.cat == "among"), None)
    if at is not None:
        focal = next((x for x in items[at + 1 :] if x.cat == "country"), None)
    cs = _distinct(f.countries)
    if focal is None:
        possessive = [x for x in cs if x.possessive]
        focal = possessive[-1] if possessive else (cs[-1] if cs else None)
    if focal is None:
        raise _err(
            "missing_countries",
            "Whose rank, among whose partners? e.g. “Singapore's rank "
            "among China's partners 2023”.",
            text,
        )
    ranked = tuple(str(x.value) for x in cs if x.value != focal.value)
    if not ranked:
        raise _err(
            "missing_partner",
            f"Which partner's rank among {describe(focal)}'s partners?",
            text,
            focal.span,
        )
    return str(focal.value), ranked


def _metric(kind: str, word: str | None, text: str) -> str:
    if kind in ("aggregate", "share"):
        if word == "cs":
            raise _err(
                "metric_not_available",
                "CS is a score between two countries; a country's "
                "own articles are counted (Count) or shared (Share).",
                text,
                suggestions=("count", "share"),
            )
        return "share" if word == "share" else "count"
    if word == "share":
        raise _err(
            "metric_not_available",
            "Share is a single-country metric (a country's "
            "fractional count); between countries use CS or joint articles.",
            text,
            suggestions=("CS", "joint articles"),
        )
    return "joint_articles" if word in ("joint", "count") else "cs"


def _assumed_years(
    f: Facts, kind: str, ctx: ParseContext
) -> tuple[tuple[int, ...], bool, list[str]]:
    notes: list[str] = []
    years, series = f.years, f.series
    if kind == "rising":
        first = min(ctx.years)
        if not years:
            years = (first, ctx.latest)
            notes.append(f"Assuming growth from {ctx.label(first)} to {ctx.label(ctx.latest)}")
        elif len(years) == 1:
            if years[0] == first:
                years = (first, ctx.latest)
                notes.append(f"Assuming growth from {ctx.label(first)} to {ctx.label(ctx.latest)}")
            else:
                notes.append(f"Assuming growth from {ctx.label(first)} to {ctx.label(years[0])}")
                years = (first, years[0])
        return (years[0], years[-1]), False, notes
    if not years:
        years = (ctx.latest,)
        notes.append(f"Assuming the latest year, {ctx.label(ctx.latest)}")
    return years, series, notes


def _build(f: Facts, ctx: ParseContext, text: str) -> Question:
    kind = _kind(f, text)
    if kind == "help":
        return Question("help")
    group = f.group
    if group == "WORLD" and kind in ("top", "rising", "rank"):
        group = None  # "partners in the world" = all partners
    aggregate = None
    limit = None
    focal: str
    partners: tuple[str, ...] = ()
    if kind in ("pair", "partners"):
        cs = f.countries
        if not cs:
            raise _err(
                "missing_countries", "Which countries? e.g. “CS China–Thailand 2015 vs 2023”.", text
            )
        focal = str(cs[0].value)
        for it in cs[1:]:
            if it.value == focal:
                raise _err(
                    "same_country",
                    f"{describe(it)} is named twice; a pair needs two different countries.",
                    text,
                    it.span,
                )
        partners = tuple(dict.fromkeys(str(it.value) for it in cs[1:]))
        if not partners:
            raise _err(
                "missing_partner",
                f"{describe(cs[0])} and which partner? e.g. "
                f"“CS {describe(cs[0])}–Thailand 2015 vs 2023”.",
                text,
                cs[0].span,
            )
        if len(partners) > MAX_PARTNERS:
            raise _err(
                "too_many_countries",
                f"At most {MAX_PARTNERS} partners at a time; I read {len(partners)}.",
                text,
            )
        kind = "pair" if len(partners) == 1 else "partners"
        if group:
            raise _err(
                "ambiguous",
                f"Name countries or a group, not both; for the group try "
                f"“top {group} partners of {describe(cs[0])}”.",
                text,
            )
    elif kind == "rank":
        focal, partners = _rank_roles(f, text)
        if len(partners) > MAX_PARTNERS:
            raise _err("too_many_countries", f"At most {MAX_PARTNERS} countries at a time.", text)
    else:
        focal = _single_focal(f, text, kind)
    if kind == "aggregate":
        if "international" in f.cats and "domestic" in f.cats:
            raise _err("ambiguous", "International or domestic? One at a time.", text)
        if "international" in f.cats or "domestic" in f.cats:
            if group:
                raise _err(
                    "ambiguous",
                    f"For {group} within international collaboration try "
                    f"“{group} share of {describe(f.countries[0])}'s international "
                    "collaboration”.",
                    text,
                )
            aggregate = "international" if "international" in f.cats else "domestic"
        elif group == "WORLD":
            aggregate, group = "international", None  # with the world = international
        elif group:
            aggregate = "group"
        else:
            aggregate = None  # the country's own Count or Share
    if kind == "share" and not group:
        raise _err(
            "missing_group",
            "A share of what? e.g. “BRI share of China's international collaboration 2023”.",
            text,
        )
    if f.limit is not None and kind not in ("top", "rising"):
        raise _err("ambiguous", "“top N” fits top-partner and fastest-rising questions only.", text)
    assumptions = [it.assumption for it in f.countries if it.assumption]
    if kind == "top":
        limit = f.limit
        if limit is None:
            limit = DEFAULT_TOP
            assumptions.append(f"Assuming the top {DEFAULT_TOP}")
    elif kind == "rising":
        limit = f.limit
    if f.membership != "latest" and (not group or group == "WORLD"):
        raise _err(
            "missing_group",
            "Membership rules apply to a group, e.g. “top BRI partners of "
            "China 2023, BRI members as of 2015”.",
            text,
        )
    years, series, year_notes = _assumed_years(f, kind, ctx)
    rising_order = "pct"
    if kind == "rising" and "fastest" not in f.cats:
        rising_order = "abs"
    return Question(
        kind=kind,
        metric=_metric(kind, f.metric, text),
        subject=f.subject or "natural_sciences",
        focal=focal,
        partners=partners,
        group=group,
        years=years,
        series=series,
        limit=limit,
        aggregate=aggregate,
        membership=f.membership,
        membership_year=f.membership_year if f.membership == "as_of" else None,
        rising_order=rising_order,
        datasets=f.datasets,
        presentation=f.presentation,
        assumptions=tuple(dict.fromkeys(assumptions + year_notes)),
    )


def facts(text: str, ctx: ParseContext) -> Facts:
    """Read `text` into Facts (shared with follow-ups)."""
    return _facts(read(text, ctx), ctx, text)


def parse(text: str, ctx: ParseContext | None = None) -> Question:
    """Parse one question; raises UserError (never anything else) for text it cannot place."""
    ctx = ctx or ParseContext()
    try:
        return _build(facts(text, ctx), ctx, text)
    except UserError:
        raise
    except Exception as exc:  # a bug must still not reach a person as a traceback
        raise UserError(
            "unknown_word",
            "I couldn't read that question.",
            examples=close_examples(str(text)[:500]),
        ) from exc


from queries.followup import apply_followup  # noqa: E402  (followup builds on parse)
