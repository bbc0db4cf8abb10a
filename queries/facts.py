"""What a question's words say (countries, years, metric, subject, cues), before its kind is chosen.

Shared by the parser (a whole question) and the follow-up reader (an edit of the last one).
Nothing here decides the kind; it records what was said, resolves the years (spoken periods
included) and refuses only what can never be a question (chatter, topics out of scope).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import close_examples
from queries.lexicon import SUBJECT_LABELS
from queries.reader import Item, country_like, read, unknown_word

# Categories that carry a question's content; a line with none of them is not a question.
CONTENT = frozenset(
    {
        "country",
        "group",
        "metric",
        "papers",
        "subject",
        "year",
        "top",
        "fastest",
        "big",
        "absolute",
        "rise",
        "fall",
        "steady",
        "change",
        "rank",
        "among",
        "partners",
        "share_of",
        "international",
        "domestic",
        "collab",
        "define",
        "help",
        "latest",
        "recent",
        "period_lead",
        "decade",
        "over_time",
        "table",
        "dataset",
        "as_of",
        "current",
        "list",
        "add",
        "plus",
    }
)
TERM_CATS = frozenset({"term_growth", "term_small_base", "term_window", "term_method"})
LIST_CATS = frozenset(
    {
        "list_subjects",
        "list_groups",
        "list_datasets",
        "list_metrics",
        "list_years",
        "list_countries",
    }
)
_COMPOUNDS = {
    "fastest_rise": ("fastest", "rise"),
    "fastest_fall": ("fastest", "fall"),
    "absolute_rise": ("absolute", "rise"),
    "absolute_fall": ("absolute", "fall"),
}
ACTION_CATS = {
    "action_sql": "sql",
    "action_csv": "csv",
    "action_by_subject": "by_subject",
    "action_undo": "undo",
}
# A question that starts like this asks yes or no.
_YES_NO = re.compile(
    r"(?:^|[·,;:(])\W*(?:(?:quick\s+q|so|and|but|ok|okay|hey|hi|q)\W+)*"
    r"(?:did|does|do|has|have|had|is|are|was|were|isn'?t|hasn'?t|didn'?t|haven'?t|aren'?t)\b",
    re.IGNORECASE,
)
_WH = re.compile(r"^\W*(?:how|what|which|who|whose|where|when|why|show|give|list|tell)\b", re.I)
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]")
# Where a two-digit number is a year: after one of these, or before a range word.
_YEAR_LEAD = {"since", "from", "to", "through", "vs", "dash", "and", "comma", "slash"}
_YEAR_FILLER_LEAD = {"in", "for", "of", "during", "'"}
# Words that do not make a question on their own when said among thanks and mentions.
_WEAK = frozenset({"table", "help", "collab", "papers", "change", "add", "plus", "list"})
# Recent years when someone says "recently" or "in recent years".
RECENT_YEARS = 5
FEW_YEARS = 3


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
    lone_year: bool = False  # one year, typed alone (not a range, `since`, or a period)
    limit: int | None = None
    metrics: list[str] = field(default_factory=list)  # cs | joint | count | share, as typed
    papers: bool = False  # "papers", "articles", "output": joint between countries, else Count
    subjects: list[str] = field(default_factory=list)  # as typed
    group: str | None = None
    membership: str = "latest"
    membership_year: int | None = None
    datasets: tuple[str, ...] = ()
    presentation: str = "chart"
    cats: set[str] = field(default_factory=set)
    over_time: bool = False
    year_notes: list[str] = field(default_factory=list)  # how a spoken period was read
    assumptions: list[str] = field(default_factory=list)  # slips and defaults read
    unknown: list[Item] = field(default_factory=list)
    negations: list[Item] = field(default_factory=list)
    yes_no: bool = False
    actions: list[str] = field(default_factory=list)
    starred_year: bool = False  # "2023*" typed (a define question may be about it)
    stray: Item | None = None  # a number that is neither a year nor a top-N limit
    years_text: str = ""  # the years the dataset has, for messages

    def has(self, *cats: str) -> bool:
        return bool(self.cats.intersection(cats))

    def distinct_countries(self) -> list[Item]:
        seen: dict[str, Item] = {}
        for it in self.countries:
            seen.setdefault(str(it.value), it)
        return list(seen.values())

    @property
    def metric(self) -> str | None:
        """The one metric named (two metrics in one question are asked about once each)."""
        return _one(self.metrics, "metric", self.text)

    @property
    def subject(self) -> str | None:
        """The one subject named ("natural sciences including health" is all subjects)."""
        subjects = self.subjects
        if set(subjects) == {"natural_sciences", "all"}:
            subjects = ["all"]
        label = _one([SUBJECT_LABELS[x] for x in subjects], "subject", self.text)
        return next((k for k, v in SUBJECT_LABELS.items() if v == label), None)

    @property
    def direction(self) -> str | None:
        """rise, fall or steady when the words say which way; None when they do not (or both)."""
        ways = [c for c in ("rise", "fall", "steady") if c in self.cats]
        return ways[0] if len(ways) == 1 else None

    @property
    def trend(self) -> bool:
        """The question is about a movement over time."""
        return self.has("rise", "fall", "steady", "change") or self.over_time

    @property
    def content(self) -> set[str]:
        return self.cats & CONTENT | (self.cats & (TERM_CATS | LIST_CATS))


def _one(values: list[str], what: str, text: str) -> str | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise err(
            "ambiguous", f"One {what} at a time, please: I read {' and '.join(distinct)}.", text
        )
    return distinct[0] if distinct else None


def _word(text: str, it: Item) -> str:
    return text[it.span[0] : it.span[1]].casefold()


def _two_digit_years(items: list[Item], ctx: ParseContext, text: str) -> list[Item]:
    """`15 vs 23`, `since '19`, `2016-22`: two-digit numbers where years stand become years."""
    out = list(items)
    for i, it in enumerate(items):
        if it.cat != "number" or len(text[it.span[0] : it.span[1]].rstrip("*")) != 2:
            continue
        prev = items[i - 1] if i > 0 else None
        nxt = items[i + 1] if i + 1 < len(items) else None
        joined = nxt is not None and nxt.cat in ("vs", "dash", "to", "through")
        after = items[i + 2] if i + 2 < len(items) else None
        pair_of_years = joined and after is not None and after.cat in ("number", "year")
        if (
            not pair_of_years
            and prev is not None
            and prev.cat in ("top", "big", "fastest", "period_lead")
        ):
            continue
        if nxt is not None and nxt.cat in ("years_unit", "top", "big", "partners", "fastest"):
            continue
        apostrophe = it.span[0] > 0 and text[it.span[0] - 1] in "'’"
        year_near = any(
            x is not None and (x.cat == "year" or x.cat == "number" and x is not it)
            for x in (items[i - 2] if i > 1 else None, items[i + 2] if i + 2 < len(items) else None)
        )
        led = prev is not None and (
            prev.cat in _YEAR_LEAD
            or prev.cat == "filler"
            and _word(text, prev) in _YEAR_FILLER_LEAD
        )
        if (
            apostrophe
            or (led or joined)
            and (year_near or prev is not None and prev.cat == "since")
        ):
            out[i] = Item("year", 2000 + int(it.value), it.span)
        elif (
            led and prev is not None and prev.cat == "filler" and 2000 + int(it.value) in ctx.years
        ):
            out[i] = Item("year", 2000 + int(it.value), it.span)  # "in 22"
    return out


def _period(items: list[Item], used: set[int], ctx: ParseContext, f: Facts) -> bool:
    """`last five years`, `past decade`, `recent years`: the latest N years as a series."""
    ys = sorted(ctx.years)
    for i, it in enumerate(items):
        n: int | None = None
        span = [i]
        if it.cat == "recent":
            n = RECENT_YEARS
        elif it.cat == "decade":
            n = 10
        elif it.cat == "period_lead":
            nxt = items[i + 1] if i + 1 < len(items) else None
            after = items[i + 2] if i + 2 < len(items) else None
            if nxt is not None and nxt.cat == "decade":
                n, span = 10, [i, i + 1]
            elif (
                nxt is not None
                and nxt.cat in ("number", "few")
                and after is not None
                and after.cat == "years_unit"
            ):
                n = int(nxt.value) if nxt.cat == "number" else FEW_YEARS
                span = [i, i + 1, i + 2]
        if n is None:
            continue
        if n < 1:
            raise err("year_not_available", "A period needs at least one year.", f.text, it.span)
        used.update(span)
        taken = ys[-n:] if n <= len(ys) else ys
        f.years, f.series, f.year_given = tuple(taken), len(taken) > 1, True
        first, last = ctx.label(taken[0]), ctx.label(taken[-1])
        words = f.text[items[span[0]].span[0] : items[span[-1]].span[1]]
        note = f"Reading “{words}” as {first}–{last}"
        if n > len(ys):
            note += f", the years the {ctx.default_dataset} dataset has"
        f.year_notes.append(note)
        return True
    return False


def _years(items: list[Item], used: set[int], ctx: ParseContext, text: str, f: Facts) -> None:
    """Years asked about: single, compared (vs/to/and/commas), a range (dash) or `since`."""
    if _period(items, used, ctx, f):
        return
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
                f"{it.value} is not in the {ctx.default_dataset} dataset; "
                f"it has {ctx.years_text()}.",
                text,
                it.span,
            )
    values = [ctx.latest if it.cat == "latest" else int(it.value) for _, it in marks]
    for _, it in marks:
        if it.cat == "latest":
            words = text[it.span[0] : it.span[1]]
            f.year_notes.append(f"Reading “{words}” as {ctx.label(ctx.latest)}, the latest year")
    ranged = False
    for (a, _), (b, _) in zip(marks, marks[1:], strict=False):
        between = {x.cat for x in items[a + 1 : b]}
        if between and between <= {"dash", "through"} | ({"to"} if f.over_time else set()):
            ranged = True
    since = any(i > 0 and items[i - 1].cat == "since" for i, _ in marks) or any(
        i + 1 < len(items) and items[i + 1].cat == "onwards" for i, _ in marks
    )
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
        if f.over_time and len(f.years) == 2:  # "every year from 2016 to 2021"
            lo, hi = f.years
            f.years = tuple(y for y in sorted(ctx.years) if lo <= y <= hi)
            f.series = len(f.years) > 1
        f.lone_year = len(marks) == 1 and marks[0][1].cat == "year"


def _limit(items: list[Item], used: set[int], text: str, f: Facts) -> None:
    """`top 5`, `5 biggest partners`, `top five`: the N of a top-N list."""
    for i, it in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        prev = items[i - 1] if i > 0 else None
        if it.cat != "number" or i in used:
            continue
        before_cue = nxt is not None and nxt.cat in ("top", "big", "fastest", "partners")
        after_top = prev is not None and prev.cat in ("top", "fastest")
        if before_cue or after_top:
            if not 1 <= int(it.value) <= 100:
                raise err("bad_limit", "Top N takes N from 1 to 100.", text, it.span)
            f.limit = int(it.value)
            used.add(i)
            return


def _facts(items: list[Item], ctx: ParseContext, text: str) -> Facts:
    f = Facts(items, text)
    items = _two_digit_years(items, ctx, text)
    f.items = items
    used: set[int] = set()  # item indexes consumed by another reading (membership year, limit)
    groups: list[str] = []
    rules: list[str] = []
    for i, it in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        f.cats.add(it.cat)
        if it.assumption and it.cat != "country":
            f.assumptions.append(it.assumption)
        if it.cat in _COMPOUNDS:  # "fastest-growing" = fastest + rise
            f.cats.update(_COMPOUNDS[it.cat])
        if it.cat == "country":
            f.countries.append(it)
        elif it.cat == "metric":
            f.metrics.append(str(it.value))
        elif it.cat == "papers":
            f.papers = True
        elif it.cat == "subject":
            f.subjects.append(str(it.value))
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
        elif it.cat == "unknown":
            f.unknown.append(it)
        elif it.cat == "without":
            f.negations.append(it)
        elif it.cat in ACTION_CATS:
            f.actions.append(ACTION_CATS[it.cat])
        elif it.cat == "year" and text[it.span[0] : it.span[1]].endswith("*"):
            f.starred_year = True
    # "did X fall?", "…, has it grown?", or a bare "US share falling?"
    f.yes_no = bool(_YES_NO.search(text)) or (
        text.rstrip().endswith(("?", "？")) and not _WH.match(text) and f.direction is not None
    )
    _limit(items, used, text, f)
    _years(items, used, ctx, text, f)
    f.stray = next((it for i, it in enumerate(items) if it.cat == "number" and i not in used), None)
    f.years_text = ctx.years_text()
    f.group = _one(groups, "group", text)
    rule = _one(rules, "membership rule", text)
    f.membership = rule or "latest"
    if f.over_time and not f.year_given:
        f.years, f.series, f.year_given = tuple(sorted(ctx.years)), len(ctx.years) > 1, True
    return f


def not_a_question(f: Facts) -> UserError | None:
    """Chatter (thanks, ok, an emoji) or a topic the bot does not cover: said before anything
    else, so that no part of such a line is read as a question."""
    topic = next((it for it in f.items if it.cat == "out_of_scope"), None)
    if topic is not None:
        word = f.text[topic.span[0] : topic.span[1]]
        return err(
            "out_of_scope",
            f"I answer questions about research collaboration between countries (CS, joint "
            f"articles, Count, Share, by subject and year); I have no data on “{word}”.",
            f.text,
            topic.span,
        )
    social = f.has("chatter", "mention", "without") or bool(_EMOJI.search(f.text))
    # "Wakanda instead", "and Atlantis?": a country-like word, or a word in a follow-up's
    # shape, is pointed at rather than taken for chatter.
    asks = f.has("qmark", "and", "add", "plus", "instead_of")
    for it in f.unknown[:3] if not social else ():
        if asks or country_like(f.text[it.span[0] : it.span[1]]):
            return unknown_word(f.text, it)
    # "ok thanks, @tom this is the chart for the piece": talk between people, not a question.
    if f.content - _WEAK or not social and f.content:
        return None
    if social or f.unknown:
        return UserError(
            "chatter",
            "That doesn't read as a question about research collaboration. Try “CS "
            "China–Thailand 2015 vs 2023” or “help”.",
            examples=close_examples(f.text),
        )
    return None


def check_words(f: Facts) -> None:
    """An unknown word in a question is pointed at; a negation the grammar cannot apply is
    refused rather than dropped."""
    if f.unknown:
        raise unknown_word(f.text, f.unknown[0])
    if f.stray is not None:
        raise err(
            "unknown_word",
            f"“{f.text[f.stray.span[0] : f.stray.span[1]]}” is not a year (years have four "
            f"digits: {f.years_text}) nor a top-N limit.",
            f.text,
            f.stray.span,
        )
    if f.negations:
        it = f.negations[0]
        word = f.text[it.span[0] : it.span[1]]
        raise err(
            "unsupported_negation",
            f"I can't leave things out with “{word}” in a question. Ask for what you want "
            "included (e.g. name the partners), or say “natural sciences” to leave out health "
            "sciences.",
            f.text,
            it.span,
        )


def facts(text: str, ctx: ParseContext) -> Facts:
    """Read `text` into Facts (shared with follow-ups)."""
    return _facts(read(text, ctx), ctx, text)
