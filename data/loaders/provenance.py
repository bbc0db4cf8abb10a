"""The as-of date of a load (the date the data was taken) and the lag after which a year counts as complete."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from data.errors import UserError
from data.schema import DEFAULT_LAG_MONTHS

MAX_LAG_MONTHS = 120
# Dates written in file headers: ISO (2024-08-27) or C's ctime, as Pajek's mat2Pajek writes
# it (Tue Aug 27 19:57:54 2024).
_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_CTIME = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+\d{1,2}:\d{2}:\d{2}\s+((?:19|20)\d{2})\b"
)
_MONTH_TEXT = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
_MONTHS = _MONTH_TEXT.split()


@dataclass(frozen=True)
class AsOf:
    """The as-of date and where it came from (shown beside it in `data info`)."""

    date: dt.date | None
    basis: str


def parse_as_of(text: str) -> dt.date:
    """--as-of YYYY-MM-DD; a clear error otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            "bad_option",
            f"--as-of “{text[:40]}” is not a date: give the day the data was taken as YYYY-MM-DD.",
        ) from None


def check_lag(months: int) -> int:
    if not 0 <= months <= MAX_LAG_MONTHS:
        raise UserError(
            "bad_option",
            f"--lag-months {months}: give a whole number of months from 0 to {MAX_LAG_MONTHS} "
            f"(default {DEFAULT_LAG_MONTHS}).",
        )
    return months


def dates_in(text: str) -> list[dt.date]:
    """Every ISO or ctime date in a piece of text (a file's comment lines)."""
    out = []
    for y, m, d in _ISO.findall(text):
        out.extend(_date(int(y), int(m), int(d)))
    for month, day, year in _CTIME.findall(text):
        out.extend(_date(int(year), _MONTHS.index(month) + 1, int(day)))
    return out


def _date(year: int, month: int, day: int) -> list[dt.date]:
    try:
        return [dt.date(year, month, day)]
    except ValueError:
        return []


def given(as_of: dt.date | None) -> AsOf | None:
    return AsOf(as_of, "given with --as-of") if as_of is not None else None


def from_headers(dates: Iterable[dt.date], where: str) -> AsOf | None:
    found = max(dates, default=None)
    return AsOf(found, f"the newest date in {where}") if found else None


def end_of_newest_year(window_ends: Iterable[dt.date]) -> AsOf:
    """The earliest the data can have been taken: the end of its newest year. Conservative, so
    the newest year is marked as possibly incomplete unless --as-of says otherwise."""
    end = max(window_ends, default=None)
    return AsOf(end, "the end of the newest year in the data (no date in the files; give --as-of)")
