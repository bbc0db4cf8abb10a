"""Reads one CSV or Parquet file into a Table that remembers each row's line number."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.loaders.report import Problems, Progress, listing

PARQUET_SUFFIXES = (".parquet", ".pq")
PROGRESS_EVERY = 50_000  # rows between progress callbacks


@dataclass
class Table:
    """One input file's rows, every value as read (text for CSV, typed for Parquet)."""

    name: str  # the file name, as messages show it
    frame: pd.DataFrame  # columns named by normalize_header
    lines: np.ndarray  # the line (CSV, header = line 1) or row (Parquet) of each row
    unit: str  # "line" or "row"

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def places(
        self, positions: np.ndarray | list[int], values: pd.Series | None = None
    ) -> list[str]:
        """Human places for row positions: "line 7 (“XX”)"; only the first few are formatted."""
        out = []
        for pos in list(positions)[:5]:
            place = f"{self.unit} {int(self.lines[pos])}"
            if values is not None:
                place += f" (“{_show(values.iloc[pos])}”)"
            out.append(place)
        return out

    def where(self, positions: np.ndarray | list[int], values: pd.Series | None = None) -> str:
        return listing(self.places(positions, values), len(positions))


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def normalize_header(name: str) -> str:
    """ " Country A " and "country-a" both name the column country_a."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def read_table(
    path: Path, problems: Problems, progress: Progress, span: tuple[float, float]
) -> Table | None:
    """The file as a Table, or None after adding to `problems` why it can't be read."""
    name = path.name
    if not path.is_file():
        problems.add(f"{path}: no such file")
        return None
    if path.stat().st_size == 0:
        problems.add(f"{name}: the file is empty (0 bytes)")
        return None
    with open(path, "rb") as f:
        magic = f.read(4)
    if path.suffix.lower() in PARQUET_SUFFIXES or magic == b"PAR1":
        return _read_parquet(path, problems)
    return _read_csv(path, problems, progress, span)


def _read_parquet(path: Path, problems: Problems) -> Table | None:
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow raises several types for a damaged file
        problems.add(
            f"{path.name}: cannot be read as Parquet, so it is corrupt or truncated ({exc})"
        )
        return None
    if len(frame) == 0:
        problems.add(f"{path.name}: the file has columns but no rows")
        return None
    frame.columns = [normalize_header(c) for c in frame.columns]
    if not _unique_header(path.name, list(frame.columns), problems):
        return None
    return Table(path.name, frame.reset_index(drop=True), np.arange(1, len(frame) + 1), "row")


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unique_header(name: str, header: list[str], problems: Problems) -> bool:
    seen = {h for h in header if header.count(h) > 1}
    if seen:
        problems.add(
            f"{name}: column(s) {', '.join(sorted(seen))} appear more than once in the header"
        )
    if any(h == "" for h in header):
        problems.add(f"{name}: the header has a column without a name")
    return not seen and "" not in header


def _read_csv(
    path: Path, problems: Problems, progress: Progress, span: tuple[float, float]
) -> Table | None:
    name = path.name
    size = path.stat().st_size
    with open(path, "rb") as raw:
        head = raw.read(4)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            problems.add(f"{name}: the file is UTF-16, not UTF-8; save it as UTF-8 CSV")
            return None
        raw.seek(0)
        ends_with_newline = _ends_with_newline(raw, size)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            delimiter = _sniff_delimiter(first)
            text.seek(0)
            reader = csv.reader(text, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if header is None or not any(h.strip() for h in header):
                problems.add(
                    f"{name}: line 1 should be the header naming the columns, but it is blank"
                )
                return None
            header = [normalize_header(h) for h in header]
            if not _unique_header(name, header, problems):
                return None
            width = len(header)
            rows: list[list[str]] = []
            lines: list[int] = []
            ragged: list[tuple[int, int]] = []
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank lines carry nothing
                if len(row) != width:
                    ragged.append((reader.line_num, len(row)))
                    continue
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) % PROGRESS_EVERY == 0:
                    done = raw.tell() / size
                    progress(f"reading {name}", span[0] + (span[1] - span[0]) * done)
        except UnicodeDecodeError:
            line, byte = _first_undecodable_line(path)
            problems.add(
                f"{name}: line {line} is not valid UTF-8 (byte 0x{byte:02X}); "
                "the file must be saved as UTF-8 (e.g. “CSV UTF-8” in Excel)"
            )
            return None
        except csv.Error as exc:
            hint = " — the file looks truncated" if "end of data" in str(exc) else ""
            problems.add(f"{name}: line {reader.line_num}: malformed CSV ({exc}){hint}")
            return None
    if ragged:
        places = [f"line {ln} has {n} field{'s' if n != 1 else ''}" for ln, n in ragged[:5]]
        last_line, last_n = ragged[-1]
        cut = (
            " — the last line ends without a line break, so the file looks truncated"
            if not ends_with_newline and last_n < width and last_line == reader.line_num
            else ""
        )
        problems.add(
            f"{name}: rows with the wrong number of fields (expected {width}: "
            f"{', '.join(header)}): {listing(places, len(ragged))}{cut}"
        )
        return None
    if not rows:
        problems.add(f"{name}: the file has a header but no rows")
        return None
    columns = list(zip(*rows, strict=True))
    frame = pd.DataFrame(
        {h: pd.Series(col, dtype=object) for h, col in zip(header, columns, strict=True)}
    )
    # An empty field is a missing value; everything else stays text until validated.
    for column in frame.columns:
        stripped = frame[column].str.strip()
        frame[column] = stripped.where(stripped != "", None).astype(object)
    return Table(name, frame, np.asarray(lines), "line")


def _ends_with_newline(raw: io.BufferedReader, size: int) -> bool:
    raw.seek(max(size - 1, 0))
    last = raw.read(1)
    raw.seek(0)
    return last in (b"\n", b"\r")


def _first_undecodable_line(path: Path) -> tuple[int, int]:
    """Line number and offending byte of the first line that is not UTF-8 (only on failure)."""
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, line[exc.start]
    return 0, 0
