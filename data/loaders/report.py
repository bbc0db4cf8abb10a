"""What a finished load did (LoadReport) and the problems that stop one (Problems)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from data.errors import UserError

Progress = Callable[[str, float], None]

# A message lists this many offending lines and then says how many more there are: enough
# to find the pattern, short enough to read in a terminal or a Slack reply.
MAX_LISTED = 5
# Past this many distinct problems the rest are counted, not listed.
MAX_PROBLEMS = 30
# Past this many rows with problems a file is read no further: it is not the file it claims
# to be, and reading a gigabyte of garbage to count its faults helps nobody.
MAX_FLAGGED = 10_000
# One problem or warning line is cut here: a hostile header once made a 149,000-character line.
MAX_MESSAGE = 600
# A value quoted in a message (a cell, a label) is cut here.
MAX_SHOWN = 40
FORMATS_DOC = "docs/DATA-FORMATS.md"


def quiet(stage: str, fraction: float) -> None:
    """The progress callback used when the caller gives none."""


@dataclass(frozen=True)
class LoadReport:
    dataset: str
    kind: str
    files: tuple[str, ...]
    rows: Mapping[str, int]  # rows read per table (file kind), e.g. {"articles": 5}
    years: tuple[int, ...]
    seconds: float
    warnings: tuple[str, ...] = ()
    db: str = ""
    written: Mapping[str, int] = field(default_factory=dict)  # rows now in the store
    left_out: Mapping[str, int] = field(default_factory=dict)  # works left out, by reason code
    as_of: dt.date | None = None  # the date the data was taken
    as_of_basis: str = ""
    filters: str = ""

    def summary(self) -> str:
        """A few lines for the terminal."""
        files = ", ".join(self.files) if len(self.files) <= 3 else f"{len(self.files)} files"
        out = [
            f"Loaded dataset “{self.dataset}” ({self.kind}) from {files} in {self.seconds:.1f} s"
        ]
        if self.db:
            out.append(f"  database: {self.db}")
        out.append("  rows read: " + ", ".join(f"{k} {v:,}" for k, v in self.rows.items()))
        if self.written:
            out.append("  rows stored: " + ", ".join(f"{k} {v:,}" for k, v in self.written.items()))
        out.append(f"  years: {format_years(self.years)}")
        if self.filters:
            out.append(f"  kept: {self.filters}")
        when = f"{self.as_of:%d %b %Y}" if self.as_of else "unknown"
        out.append(
            f"  as of: {when} ({self.as_of_basis})" if self.as_of_basis else f"  as of: {when}"
        )
        out.extend(f"  warning: {w}" for w in self.warnings)
        return "\n".join(out)


def format_years(years: Sequence[int]) -> str:
    if not years:
        return "none"
    ys = sorted(years)
    if ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else str(ys[0])
    return ", ".join(map(str, ys))


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """A value as a message may quote it: control and bidirectional-format characters
    escaped (\\x1b, \\u202e), so a file cannot recolour a terminal or reorder a Slack line,
    and cut at `limit` characters."""
    text = str(value)[: limit * 2]
    if not text.isprintable():  # the common case needs no look at each character
        text = "".join(_escaped(c) for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escaped(c: str) -> str:
    if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp") or c == "\u200d":
        return c
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def capped(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message`, or its first `limit` characters and how many more there were."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… ({len(message) - limit:,} more characters)"


# What Python raises on hostile values: nesting deeper than its stack (json), an impossible
# date (2020-02-30) or a malformed number, a number too large for a machine type.
READ_ERRORS = (RecursionError, ValueError, OverflowError)


def unreadable(where: str, exc: BaseException) -> str:
    """One problem line for a value or record that raised one of READ_ERRORS while read, e.g.
    `except READ_ERRORS as exc: problems.add(unreadable(f"{name} line {n}", exc))`. Use it
    around the reading of one record, not around code that could hide a bug."""
    if isinstance(exc, RecursionError):
        return f"{where}: nested too deeply to read"
    if isinstance(exc, OverflowError):
        return f"{where}: a number is too large to read ({shown(exc, 120)})"
    return f"{where}: {shown(exc, 200)}"


def listing(items: Sequence[str], total: int | None = None) -> str:
    """ "line 3, line 7 and 12 more" — the first few of a long list."""
    total = len(items) if total is None else total
    shown = list(items[:MAX_LISTED])
    rest = total - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest:,} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


class Problems:
    """Collects every reason a load must fail, so one run reports them all at once.

    `at` gathers one kind of problem over a file read in chunks: the first few places and
    the total, shown as one line."""

    def __init__(self) -> None:
        self._lines: list[str | tuple[str, str]] = []  # a message, or the key of a gathered one
        self._places: dict[tuple[str, str], tuple[list[str], int]] = {}
        self.dropped = 0
        self.flagged = 0  # rows named by `at`, over every problem
        self.warnings: list[str] = []

    @property
    def items(self) -> list[str]:
        return [line if isinstance(line, str) else self._gathered(line) for line in self._lines]

    def add(self, message: str) -> None:
        if len(self._lines) < MAX_PROBLEMS:
            self._lines.append(capped(message))
        else:
            self.dropped += 1

    def at(self, where: str, what: str, places: Sequence[str], total: int) -> None:
        """ "WHERE: WHAT at PLACES" — merged with earlier calls for the same WHERE and WHAT."""
        if not total:
            return
        self.flagged += total
        key = (where, what)
        if key not in self._places:
            if len(self._lines) >= MAX_PROBLEMS:
                self.dropped += 1
                return
            self._lines.append(key)
            self._places[key] = ([], 0)
        listed, count = self._places[key]
        self._places[key] = ((listed + list(places))[:MAX_LISTED], count + total)

    def _gathered(self, key: tuple[str, str]) -> str:
        listed, count = self._places[key]
        return capped(f"{key[0]}: {key[1]} at {listing(listed, count)}")

    def too_many(self) -> bool:
        return self.flagged > MAX_FLAGGED

    def warn(self, message: str) -> None:
        self.warnings.append(capped(message))

    def __bool__(self) -> bool:
        return bool(self._lines)

    def raise_if_any(self, what: str) -> None:
        items = self.items
        if not items:
            return
        n = len(items) + self.dropped
        head = f"Nothing was loaded: {n} problem{'s' if n != 1 else ''} in {what}:"
        body = "\n".join(f"- {m}" for m in items)
        if self.dropped:
            body += f"\n- … and {self.dropped} more problems"
        raise UserError(
            "bad_file",
            f"{head}\n{body}",
            suggestions=(f"The file formats are described in {FORMATS_DOC}.",),
        )
