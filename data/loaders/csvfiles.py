"""Reads CSV and Parquet files as a stream of Tables that remember each row's line number."""

from __future__ import annotations

import csv
import io
import operator
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.loaders.report import MAX_FLAGGED, MAX_LISTED, Problems, Progress, listing, shown

PARQUET_SUFFIXES = (".parquet", ".pq")
CHUNK_ROWS = 50_000  # rows a Table holds at once: memory stays flat however long the file
# No line of a figures file comes near this; a longer one is garbage (a 2 GB file of zeros
# once went to 6.4 GB of memory while being read as one line).
MAX_LINE_CHARS = 1 << 22
SNIFF_BYTES = 1 << 16


@dataclass
class Table:
    """Rows of one input file (all of it, or one chunk), every value as read (text for CSV,
    typed for Parquet)."""

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
    return shown(value)


def normalize_header(name: str) -> str:
    """ " Country A " and "country-a" both name the column country_a."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


class Source:
    """One input file, its header read and checked; `chunks` streams its rows as Tables."""

    def __init__(self, path: Path, columns: list[str], unit: str) -> None:
        self.path = path
        self.name = shown(path.name, 200)
        self.columns = columns
        self.unit = unit

    def chunks(
        self,
        problems: Problems,
        progress: Progress,
        span: tuple[float, float],
        keep: Collection[str] | None = None,
    ) -> Iterator[Table]:
        """The rows, CHUNK_ROWS at a time, with only the columns in `keep` (all when None):
        a file's other columns are ignored anyway, and a hostile file can have a million.
        Past MAX_FLAGGED rows with problems the file is read no further."""
        wanted = [k for k, c in enumerate(self.columns) if keep is None or c in keep]
        for table in self._chunks(problems, progress, span, wanted):
            yield table
            if problems.too_many():
                last = int(table.lines[-1]) if len(table.lines) else 0
                problems.add(
                    f"{self.name}: stopped reading after {self.unit} {last:,}: more than "
                    f"{MAX_FLAGGED:,} rows already have problems, so the rest of the file was "
                    "not checked"
                )
                return

    def _chunks(
        self, problems: Problems, progress: Progress, span: tuple[float, float], wanted: list[int]
    ) -> Iterator[Table]:
        raise NotImplementedError

    @staticmethod
    def of(item: Source | Table) -> Source:
        """A source as it is, or a Table held whole as a source of one chunk."""
        return item if isinstance(item, Source) else TableSource(item)


class TableSource(Source):
    """A Table already in memory (e.g. reshaped by a loader) read as a source."""

    def __init__(self, table: Table) -> None:
        super().__init__(Path(table.name), table.columns, table.unit)
        self.name = table.name
        self.table = table

    def _chunks(
        self, problems: Problems, progress: Progress, span: tuple[float, float], wanted: list[int]
    ) -> Iterator[Table]:
        yield self.table


def open_source(path: Path, problems: Problems) -> Source | None:
    """The file with its header checked, or None after adding to `problems` why it can't be read."""
    name = shown(path.name, 200)
    if not path.is_file():
        problems.add(f"{shown(path, 200)}: no such file")
        return None
    if path.stat().st_size == 0:
        problems.add(f"{name}: the file is empty (0 bytes)")
        return None
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if path.suffix.lower() in PARQUET_SUFFIXES or head[:4] == b"PAR1":
        return ParquetSource.open(path, problems)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        problems.add(f"{name}: the file is UTF-16, not UTF-8; save it as UTF-8 CSV")
        return None
    if b"\0" in head:
        problems.add(f"{name}: the file holds NUL bytes, so it is binary, not a CSV file")
        return None
    return CsvSource.open(path, problems)


def read_table(
    path: Path, problems: Problems, progress: Progress, span: tuple[float, float]
) -> Table | None:
    """The whole file as one Table (for small files, e.g. windows), or None after adding to
    `problems` why it can't be read."""
    source = open_source(path, problems)
    if source is None:
        return None
    before = len(problems.items)
    parts = list(source.chunks(problems, progress, span))
    if len(problems.items) > before or not parts:
        return None
    return Table(
        source.name,
        pd.concat([p.frame for p in parts], ignore_index=True),
        np.concatenate([p.lines for p in parts]),
        source.unit,
    )


def unique_header(name: str, header: list[str], problems: Problems) -> bool:
    """No column named twice, none without a name (a linear check: a hostile header with a
    million columns once took minutes)."""
    counts = Counter(header)
    twice = sorted(h for h, n in counts.items() if n > 1 and h)
    if twice:
        named = listing([shown(h) for h in twice[:MAX_LISTED]], len(twice))
        problems.add(f"{name}: column(s) {named} appear more than once in the header")
    if counts.get(""):
        problems.add(f"{name}: the header has a column without a name")
    return not twice and not counts.get("")


class _LineTooLong(Exception):
    """A line past MAX_LINE_CHARS: the file is not a CSV of figures."""


# After \n, or after a \r that is not the first half of \r\n: the line ends csv knows.
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
BLOCK_CHARS = 1 << 20


def _capped_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines (ends kept, as csv wants them), read a block at a time so that a
    file without line breaks is never held whole: a line past MAX_LINE_CHARS is _LineTooLong."""
    carry = ""
    while block := text.read(BLOCK_CHARS):
        if block.endswith("\r"):
            block += text.read(1)  # keep \r\n together
        lines, carry = _split_lines(carry + block)  # carry: no line end yet
        if len(carry) > MAX_LINE_CHARS or max(map(len, lines), default=0) > MAX_LINE_CHARS:
            raise _LineTooLong
        yield from lines
    if carry:
        yield carry


def _split_lines(text: str) -> tuple[list[str], str]:
    """The complete lines of `text` and what follows the last line end. Splitting at \n is
    ten times faster than the regular expression, which only a lone \r (old Mac files) needs."""
    if "\r" not in text or text.count("\r") == text.count("\r\n"):
        parts = text.split("\n")
        rest = parts.pop()
        return [part + "\n" for part in parts], rest
    lines = _LINE_END.split(text)
    rest = lines.pop()
    return lines, rest


class CsvSource(Source):
    def __init__(self, path: Path, columns: list[str], delimiter: str) -> None:
        super().__init__(path, columns, "line")
        self.delimiter = delimiter

    @classmethod
    def open(cls, path: Path, problems: Problems) -> CsvSource | None:
        name = shown(path.name, 200)
        with _Reading(path, problems) as reading:
            first = next(_capped_lines(reading.text), "")
            delimiter = _sniff_delimiter(first)
            header = next(csv.reader([first], delimiter=delimiter, strict=True), None)
            if header is None or not any(h.strip() for h in header):
                problems.add(
                    f"{name}: line 1 should be the header naming the columns, but it is blank"
                )
                return None
            columns = [normalize_header(h) for h in header]
            if not unique_header(name, columns, problems):
                return None
            return cls(path, columns, delimiter)
        return None

    def _chunks(
        self, problems: Problems, progress: Progress, span: tuple[float, float], wanted: list[int]
    ) -> Iterator[Table]:
        width = len(self.columns)
        # Only the wanted columns are kept, picked in C (itemgetter) rather than per value.
        pick = operator.itemgetter(*wanted) if len(wanted) < width else None
        size = self.path.stat().st_size
        rows: list = []
        lines: list[int] = []
        ragged: list[tuple[int, int]] = []
        n_ragged = 0
        last_ragged = (0, 0)
        any_rows = False
        with _Reading(self.path, problems, self.name) as reading:
            reader = csv.reader(_capped_lines(reading.text), delimiter=self.delimiter, strict=True)
            reading.reader = reader
            next(reader, None)  # the header, checked by open()
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank lines carry nothing
                if len(row) != width:
                    n_ragged += 1
                    if len(ragged) < 5:
                        ragged.append((reader.line_num, len(row)))
                    last_ragged = (reader.line_num, len(row))
                    continue
                rows.append(row if pick is None else pick(row))
                lines.append(reader.line_num)
                if len(rows) == CHUNK_ROWS:
                    any_rows = True
                    yield self._table(rows, lines, wanted)
                    rows, lines = [], []
                    done = reading.raw.tell() / size
                    progress(f"reading {self.name}", span[0] + (span[1] - span[0]) * done)
            ends_with_newline = _ends_with_newline(self.path, size)
        if reading.failed:
            return
        if rows:
            any_rows = True
            yield self._table(rows, lines, wanted)
        if n_ragged:
            places = [f"line {ln} has {n} field{'s' if n != 1 else ''}" for ln, n in ragged]
            at_end = last_ragged[0] == reader.line_num and last_ragged[1] < width
            cut = (
                " — the last line ends without a line break, so the file looks truncated"
                if at_end and not ends_with_newline
                else ""
            )
            problems.add(
                f"{self.name}: rows with the wrong number of fields (expected {width}: "
                f"{listing([shown(c) for c in self.columns[:MAX_LISTED]], width)}): "
                f"{listing(places, n_ragged)}{cut}"
            )
        elif not any_rows:
            problems.add(f"{self.name}: the file has a header but no rows")

    def _table(self, rows: list, lines: list[int], wanted: list[int]) -> Table:
        names = [self.columns[k] for k in wanted]
        if len(names) == 1 and len(wanted) < len(self.columns):
            rows = [(value,) for value in rows]  # itemgetter of one index gives the value
        columns = zip(*rows, strict=True) if names else ()
        # An empty field is a missing value; everything else stays text until validated.
        frame = pd.DataFrame(
            {
                name: pd.Series([v.strip() or None for v in col], dtype=object)
                for name, col in zip(names, columns, strict=True)
            },
            index=pd.RangeIndex(len(rows)),
        )
        return Table(self.name, frame, np.asarray(lines, dtype=np.int64), "line")


class _Reading:
    """An open CSV file whose read failures (bad UTF-8, malformed CSV, a line too long) become
    one problem each instead of an exception; `failed` says whether one happened."""

    def __init__(self, path: Path, problems: Problems, name: str | None = None) -> None:
        self.path, self.problems = path, problems
        self.name = name or shown(path.name, 200)
        self.reader: object = None  # the csv reader, once there is one (for its line number)
        self.failed = False

    def __enter__(self) -> _Reading:
        self.raw = open(self.path, "rb")  # noqa: SIM115 - closed in __exit__
        self.text = io.TextIOWrapper(self.raw, encoding="utf-8-sig", newline="")
        return self

    def _line(self) -> int:
        return int(getattr(self.reader, "line_num", 0)) or 1

    def __exit__(self, kind, exc, tb) -> bool:
        self.raw.close()
        if exc is None:
            return False
        name = self.name
        if isinstance(exc, UnicodeDecodeError):
            line, byte = _first_undecodable_line(self.path)
            self.problems.add(
                f"{name}: line {line} is not valid UTF-8 (byte 0x{byte:02X}); "
                "the file must be saved as UTF-8 (e.g. “CSV UTF-8” in Excel)"
            )
        elif isinstance(exc, csv.Error):
            hint = " — the file looks truncated" if "end of data" in str(exc) else ""
            self.problems.add(
                f"{name}: line {self._line()}: malformed CSV ({shown(exc, 120)}){hint}"
            )
        elif isinstance(exc, _LineTooLong):
            line = self._line() + (1 if self.reader is not None else 0)
            self.problems.add(
                f"{name}: line {line} is longer than {MAX_LINE_CHARS:,} characters, "
                "so this is not a CSV file of figures"
            )
        else:
            return False
        self.failed = True
        return True


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _ends_with_newline(path: Path, size: int) -> bool:
    with open(path, "rb") as raw:
        raw.seek(max(size - 1, 0))
        return raw.read(1) in (b"\n", b"\r")


def _first_undecodable_line(path: Path) -> tuple[int, int]:
    """Line number and offending byte of the first line that is not UTF-8 (only on failure);
    read in blocks, so a file without line breaks is not read whole."""
    line = 1
    with open(path, "rb") as f:
        carry = b""
        while block := f.read(1 << 20):
            data = carry + block
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason != "unexpected end of data":
                    return line + data[: exc.start].count(b"\n"), data[exc.start]
                carry = data[exc.start :]
                line += data[: exc.start].count(b"\n")
                continue
            line += data.count(b"\n")
            carry = b""
    return line, carry[0] if carry else 0


class ParquetSource(Source):
    @classmethod
    def open(cls, path: Path, problems: Problems) -> ParquetSource | None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = shown(path.name, 200)
        try:
            meta = pq.ParquetFile(path)
            columns = [normalize_header(c) for c in meta.schema_arrow.names]
            rows = meta.metadata.num_rows
        except (pa.ArrowException, OSError, ValueError) as exc:
            problems.add(
                f"{name}: cannot be read as Parquet, so it is corrupt or truncated "
                f"({shown(exc, 200)})"
            )
            return None
        if rows == 0:
            problems.add(f"{name}: the file has columns but no rows")
            return None
        if not unique_header(name, columns, problems):
            return None
        return cls(path, columns, "row")

    def _chunks(
        self, problems: Problems, progress: Progress, span: tuple[float, float], wanted: list[int]
    ) -> Iterator[Table]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        first = 1
        try:
            parquet = pq.ParquetFile(self.path)
            total = max(parquet.metadata.num_rows, 1)
            names = parquet.schema_arrow.names
            for batch in parquet.iter_batches(
                batch_size=CHUNK_ROWS, columns=[names[k] for k in wanted]
            ):
                frame = batch.to_pandas()
                frame.columns = [self.columns[k] for k in wanted]
                rows = np.arange(first, first + len(frame), dtype=np.int64)
                first += len(frame)
                yield Table(self.name, frame.reset_index(drop=True), rows, "row")
                progress(f"reading {self.name}", span[0] + (span[1] - span[0]) * first / total)
        except (pa.ArrowException, OSError, ValueError) as exc:
            problems.add(
                f"{self.name}: cannot be read as Parquet past row {first - 1:,}, so it is "
                f"corrupt or truncated ({shown(exc, 200)})"
            )
