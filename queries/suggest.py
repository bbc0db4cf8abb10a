"""Questions to try after a failed one, built from what the person typed and what the data holds.

The countries, group, years and subject the person named are kept; every suggestion is parsed
and fitted to the dataset before it is offered (so none asks for a subject or metric the
dataset lacks), and the question that just failed is never offered back.
"""

from __future__ import annotations

from data.catalogue import country_name
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.errors import UserError
from queries.examples import close_examples
from queries.figures import resolve
from queries.lexicon import SUBJECT_LABELS
from queries.parse import parse
from queries.reader import read
from queries.receipt import receipt

MAX = 3


def _typed(text: str, ctx: ParseContext) -> tuple[list[str], str | None, list[int], str | None]:
    """Countries, group, years and subject named in the text (whatever else failed)."""
    try:
        items = read(text, ctx)
    except UserError:
        return [], None, [], None
    countries = list(dict.fromkeys(str(i.value) for i in items if i.cat == "country"))
    groups = [str(i.value) for i in items if i.cat == "group" and i.value != "WORLD"]
    years = sorted({int(i.value) for i in items if i.cat == "year" and i.value in ctx.years})
    subjects = [str(i.value) for i in items if i.cat == "subject"]
    return (
        countries[:3],
        (groups[0] if groups else None),
        years,
        (subjects[0] if subjects else None),
    )


def _candidates(
    countries: list[str],
    group: str | None,
    years: list[int],
    subject: str | None,
    data: DatasetContext,
) -> list[str]:
    first, last = data.years[0], data.years[-1]
    label = data.label
    one = label(years[-1]) if years else label(last)
    two = (
        f"{label(years[0])} vs {label(years[-1])}"
        if len(years) > 1
        else f"{label(first)} vs {label(last)}"
    )
    metric = "CS" if "cs" in data.metrics else "joint articles"
    topic = f" in {SUBJECT_LABELS[subject]}" if subject and subject in data.subjects else ""
    names = [country_name(c) for c in countries]
    out: list[str] = []
    if len(names) >= 2:
        out += [
            f"{metric} {names[0]}–{', '.join(names[1:])} {two}{topic}",
            f"{metric} {names[0]}–{names[1]} {one}{topic}",
            f"joint articles {names[0]}–{names[1]} {label(first)}–{label(last)}{topic}",
        ]
    if names:
        a = names[0]
        scope = f"{group} " if group else ""
        out += [
            f"top 10 {scope}partners of {a} {one}{topic}",
            f"fastest rising {scope}partners of {a} {two}{topic}",
        ]
        if data.level == "articles" and group:
            out.append(f"{a} {group} collaboration {two}{topic}")
        out.append(f"{a} international collaboration {two}{topic}")
    elif group:
        out += [
            f"top 10 {group} partners of China {one}{topic}",
            f"China {group} collaboration {two}",
        ]
    return out


def suggestions(
    text: str, ctx: ParseContext, data: DatasetContext | None, failed_receipt: str = ""
) -> tuple[str, ...]:
    """Up to three questions that this dataset can answer, close to what was typed."""
    picked: list[str] = []
    seen = {failed_receipt}
    failed = " ".join(text.split()).casefold()
    if data is not None and data.years:
        for candidate in _candidates(*_typed(text, ctx), data):
            try:
                q = parse(candidate, ctx)
                resolve(q, data)  # the dataset holds its years, subject and metric
            except UserError:
                continue
            shown = receipt(q, ctx)
            if candidate.casefold() != failed and shown not in seen:
                seen.add(shown)
                picked.append(candidate)
            if len(picked) == MAX:
                return tuple(picked)
    for example in close_examples(text, MAX + 2):
        if len(picked) == MAX:
            break
        if example.casefold() != failed and example not in picked:
            picked.append(example)
    return tuple(picked)
