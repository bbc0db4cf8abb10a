"""When a dataset's year may still grow: it ended less than the dataset's lag before the data was taken."""

from __future__ import annotations

import datetime as dt


def possibly_incomplete(window_end: dt.date, as_of: dt.date | None, lag_months: int) -> bool:
    """A year is possibly incomplete when it ended less than `lag_months` before the data was
    taken (or after it): indexing catches up on the latest year for months."""
    if as_of is None:
        return False
    return window_end > months_before(as_of, lag_months)


def months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
