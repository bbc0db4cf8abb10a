"""The answer as a grid of strings (header first), shared by Slack tables, CSV and the terminal."""

from __future__ import annotations

import csv
import io

from bot.render import numbers, wording
from queries.model import Answer, Change, Row

# Above this many years a single pair reads better as one line per year.
_SERIES_MIN_YEARS = 3


def _countries(answer: Answer) -> list[tuple[str, str | None]]:
    """(country, dataset) keys in answer order, ranked answers by rank."""
    keys: list[tuple[str, str | None]] = []
    for row in answer.rows:
        key = (row.country, row.dataset)
        if key not in keys:
            keys.append(key)
    ranks = {(r.country, r.dataset): r.rank for r in answer.rows if r.rank is not None}
    if ranks:
        # Unranked rows (e.g. an asked partner outside the top N) go last, in answer order.
        keys.sort(key=lambda k: ranks.get(k, 10**9))
    return keys


def _years(answer: Answer) -> list[int]:
    return sorted({row.year for row in answer.rows})


def _label(answer: Answer, country: str) -> str:
    q = answer.question
    if q is not None and q.kind == "pair" and q.focal and country != q.focal:
        return f"{answer.name(q.focal)}–{answer.name(country)}"
    return answer.name(country)


def _label_header(answer: Answer) -> str:
    q = answer.question
    if q is None or q.kind in ("aggregate", "share") or not q.focal:
        return wording.HEADER_COUNTRY
    return wording.HEADER_PAIR if q.kind == "pair" else wording.HEADER_PARTNER


def _is_series(answer: Answer, years: list[int], countries: list) -> bool:
    q = answer.question
    ranked = any(r.rank is not None for r in answer.rows)
    long = len(years) > _SERIES_MIN_YEARS and len(countries) < len(years)
    return not ranked and (long or (q is not None and q.series and len(years) > 2))


def _change_cells(answer: Answer, change: Change | None, raw: bool) -> list[str]:
    q = answer.question
    if change is None:
        return [wording.MISSING]
    if q is not None and q.kind == "share":
        return [numbers.points(change.abs_change)]
    if raw:
        p = change.pct_change
        cells = ["" if p is None else f"{p:.1f}"]
    else:
        cells = [numbers.pct(change.pct_change)]
    if q is not None and q.kind in ("rising", "falling") and q.order == "abs":
        cells.append(numbers.signed(answer, change.abs_change))
    return cells


def _change_headers(answer: Answer, raw: bool) -> list[str]:
    q = answer.question
    if q is not None and q.kind == "share":
        return [wording.HEADER_CHANGE_PP]
    headers = [wording.HEADER_CHANGE_CSV if raw else wording.HEADER_CHANGE]
    if q is not None and q.kind in ("rising", "falling") and q.order == "abs":
        headers.append(wording.HEADER_CHANGE_ABS)
    return headers


def _fmt(answer: Answer, v: float | None, raw: bool, dataset: str | None = None) -> str:
    if raw and v is None:
        return ""
    return numbers.value(answer, v, grouping=not raw, dataset=dataset)


def table_rows(answer: Answer, *, raw: bool = False) -> list[list[str]]:
    """Header + one row per country (or per year for a series); `raw` drops separators for CSV."""
    if not answer.ok or not answer.rows:
        return []
    years = _years(answer)
    countries = _countries(answer)
    value_of: dict[tuple[int, str, str | None], Row] = {
        (r.year, r.country, r.dataset): r for r in answer.rows
    }
    with_dataset = any(ds is not None for _, ds in countries)

    if _is_series(answer, years, countries):
        header = [wording.HEADER_YEAR]
        for country, ds in countries:
            info = numbers.dataset_of(answer, ds) if ds else None
            suffix = (
                f" ({ds}: {info.measure})" if info and info.measure else (f" ({ds})" if ds else "")
            )
            header.append(_label(answer, country) + suffix)
        grid = [header]
        for y in years:
            cells = [numbers.year_header(answer, y)]
            for country, ds in countries:
                row = value_of.get((y, country, ds))
                cells.append(_fmt(answer, row.value if row else None, raw, ds))
            grid.append(cells)
        return grid

    ranked = any(r.rank is not None for r in answer.rows)
    changes = {(c.country, c.dataset): c for c in answer.changes}
    header = [wording.HEADER_RANK] if ranked else []
    header.append(_label_header(answer))
    if with_dataset:
        header += [wording.HEADER_DATASET, wording.HEADER_MEASURE]
    header += [numbers.year_header(answer, y) for y in years]
    if changes:
        header += _change_headers(answer, raw)
    grid = [header]
    for country, ds in countries:
        rows = [value_of.get((y, country, ds)) for y in years]
        line: list[str] = []
        if ranked:
            rank = next((r.rank for r in rows if r is not None and r.rank is not None), None)
            line.append(str(rank) if rank is not None else ("" if raw else wording.MISSING))
        line.append(_label(answer, country))
        if with_dataset:
            info = numbers.dataset_of(answer, ds)
            line += [ds or ("" if raw else wording.MISSING), info.measure if info else ""]
        line += [_fmt(answer, r.value if r else None, raw, ds) for r in rows]
        if changes:
            line += _change_cells(answer, changes.get((country, ds)), raw)
        grid.append(line)
    return grid


def to_csv(answer: Answer) -> str:
    """The table as CSV with plain numbers (no thousands separators), for the CSV button."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(table_rows(answer, raw=True))
    return out.getvalue()


def align(grid: list[list[str]]) -> list[str]:
    """Fixed-width lines: text columns left-aligned, figure columns right-aligned."""
    if not grid:
        return []
    widths = [max(len(line[i]) for line in grid) for i in range(len(grid[0]))]
    numeric = [all(_looks_numeric(line[i]) for line in grid[1:]) for i in range(len(grid[0]))]
    out = []
    for line in grid:
        cells = [
            cell.rjust(w) if num else cell.ljust(w)
            for cell, w, num in zip(line, widths, numeric, strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


def _looks_numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace(".", "").replace("%", "").replace(" pp", "")
    return cell == wording.MISSING or stripped.lstrip("+-").isdigit()
