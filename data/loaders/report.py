"""What a finished load did (LoadReport) and the problems that stop one (Problems)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from data.errors import UserError

Progress = Callable[[str, float], None]

# A message lists this many offending lines and then says how many more there are: enough
# to find the pattern, short enough to read in a terminal or a Slack reply.
MAX_LISTED = 5
# Past this many distinct problems the rest are counted, not listed.
MAX_PROBLEMS = 30
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


def printable(text: object, limit: int = 60) -> str:
    """Text from a file, safe to echo in a message: control characters escaped (an ESC in a
    terminal, a NUL in Slack), at most `limit` characters."""
    out = "".join(
        ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in str(text)[: limit + 1]
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


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
    """Collects every reason a load must fail, so one run reports them all at once."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0
        self.warnings: list[str] = []

    def add(self, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(message)
        else:
            self.dropped += 1

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, what: str) -> None:
        if not self.items:
            return
        n = len(self.items) + self.dropped
        head = f"Nothing was loaded: {n} problem{'s' if n != 1 else ''} in {what}:"
        body = "\n".join(f"- {m}" for m in self.items)
        if self.dropped:
            body += f"\n- … and {self.dropped} more problems"
        raise UserError(
            "bad_file",
            f"{head}\n{body}",
            suggestions=(f"The file formats are described in {FORMATS_DOC}.",),
        )
