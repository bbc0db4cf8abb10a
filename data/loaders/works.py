"""The openalex-works reader: JSON lines (.jsonl, .jsonl.gz) checked line by line and flattened into staged rows, in chunks."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from data.loaders.report import Problems, Progress, listing, shown

# Works held in memory before they go to the stage tables as one batch. Smaller batches cost
# little time and bound memory: on 200k works peak RSS was 465 MB with 50k, 368 MB with 10k.
CHUNK = 20_000
PROGRESS_EVERY = 20_000  # lines between progress callbacks
# A work is a few kB, a work with thousands of authors a few MB; a line longer than this is not
# one work, and reading it whole would hold it all in memory.
MAX_LINE = 64 * 1024 * 1024
MAX_ID = 2**63 - 1  # the store's BIGINT
_INT32 = 2**31 - 1

_WORK_ID = re.compile(r"^(?:https?://openalex\.org/)?W(\d{1,19})$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class _Bad:
    """Lines with one kind of problem: the first few and how many."""

    lines: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, place: str) -> None:
        self.total += 1
        if len(self.lines) < 5:
            self.lines.append(place)


class Malformed(Exception):
    """A line that is JSON but not a work in OpenAlex's schema: the file is refused."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail


# The staged tables' columns and their types, in workrules.STAGE_DDL's order.
STAGED: dict[str, dict[str, pa.DataType]] = {
    "stage_works": {
        "article_id": pa.int64(),
        "file": pa.string(),
        "line": pa.int64(),
        "year": pa.int32(),
        "date": pa.date32(),
        "updated": pa.date32(),
        "type": pa.string(),
        "truncated": pa.bool_(),
        "n_authors": pa.int32(),
        "topic_field": pa.string(),
        "topic_domain": pa.string(),
        "journal": pa.string(),
    },
    "stage_affiliations": {
        "article_id": pa.int64(),
        "author": pa.int32(),
        "kind": pa.string(),
        "iso2": pa.string(),
    },
    "stage_concepts": {
        "article_id": pa.int64(),
        "position": pa.int32(),
        "name": pa.string(),
        "score": pa.float64(),
    },
    "stage_issns": {"article_id": pa.int64(), "issn": pa.string()},
}


class Staged:
    """One chunk of staged rows, column by column (lists, made into Arrow tables at the end)."""

    def __init__(self, with_issns: bool) -> None:
        self.with_issns = with_issns
        self.rows: dict[str, dict[str, list]] = {
            table: {c: [] for c in columns} for table, columns in STAGED.items()
        }
        self.works = self.rows["stage_works"]
        self.affiliations = self.rows["stage_affiliations"]
        self.concepts = self.rows["stage_concepts"]
        self.issns = self.rows["stage_issns"]

    def __len__(self) -> int:
        return len(self.works["article_id"])

    def tables(self) -> dict[str, pa.Table]:
        return {
            table: pa.table({c: pa.array(self.rows[table][c], t) for c, t in columns.items()})
            for table, columns in STAGED.items()
        }


class WorksReader:
    """Reads the files once, checking every line; yields Staged chunks.

    A line that is not a work in the documented schema is a problem; problems are collected
    over every file, and once there is one no more chunks are yielded (the loader refuses the
    files whole). Works the dataset cannot use are staged like any other: the rules decide.
    """

    def __init__(
        self, files: list[Path], problems: Problems, progress: Progress, *, with_issns: bool
    ) -> None:
        self.files = files
        self.problems = problems
        self.progress = progress
        self.with_issns = with_issns
        self.bad: dict[str, _Bad] = {}
        self._total_bytes = sum(p.stat().st_size for p in files if p.is_file()) or 1
        self._done_bytes = 0

    # -- problems --------------------------------------------------------------------------

    def _bad(self, name: str, what: str, line: int, detail: str = "") -> None:
        key = f"{name}: {what}"
        self.bad.setdefault(key, _Bad()).add(f"line {line}{detail}")

    def finish_problems(self) -> None:
        for key, bad in self.bad.items():
            self.problems.add(f"{key} at {listing(bad.lines, bad.total)}")
        self.bad.clear()

    @property
    def failed(self) -> bool:
        return bool(self.bad) or bool(self.problems)

    # -- reading ---------------------------------------------------------------------------

    def chunks(self) -> Iterator[Staged]:
        chunk = Staged(self.with_issns)
        for path in self.files:
            for name, number, record in self._records(path):
                if self.failed:
                    continue  # keep checking, stop building
                try:
                    _stage(record, name, number, chunk)
                except Malformed as bad:
                    self._bad(name, bad.what, number, bad.detail)
                    continue
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = Staged(self.with_issns)
            self._done_bytes += path.stat().st_size if path.is_file() else 0
        if not self.failed and len(chunk):
            yield chunk

    def _records(self, path: Path) -> Iterator[tuple[str, int, dict]]:
        name = shown(path.name, 120)
        if not path.is_file():
            self.problems.add(f"{shown(path, 200)}: no such file")
            return
        if path.stat().st_size == 0:
            self.problems.add(f"{name}: the file is empty (0 bytes)")
            return
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw) if gzipped else raw  # type: ignore[assignment]
            number = 0
            last_bad: tuple[int, bool] | None = None  # (line, ended with a line break)
            seen_any = False
            try:
                while True:
                    line = stream.readline(MAX_LINE + 1)
                    if not line:
                        break
                    number += 1
                    if len(line) > MAX_LINE:
                        self.problems.add(
                            f"{name}: line {number} is longer than {_size(MAX_LINE)} — not "
                            "one work a line (is this a JSON array or another kind of file?)"
                        )
                        return
                    if number % PROGRESS_EVERY == 0:
                        done = (self._done_bytes + raw.tell()) / self._total_bytes
                        self.progress(f"reading {name}", 0.8 * done)
                    if not line.strip():
                        continue
                    seen_any = True
                    record = self._decode(name, number, line)
                    if record is None:
                        last_bad = (number, line.endswith(b"\n"))
                        continue
                    last_bad = None
                    yield name, number, record
            except EOFError:
                self.problems.add(
                    f"{name}: the gzip stream ends early after line {number} — the file is "
                    "truncated (an interrupted download?)"
                )
                return
            except (gzip.BadGzipFile, zlib.error, OSError) as exc:
                self.problems.add(
                    f"{name}: the gzip data is corrupt after line {number} ({shown(exc)})"
                )
                return
        if last_bad is not None and not last_bad[1]:
            self.problems.add(
                f"{name}: the last line ({last_bad[0]}) is cut off mid-record — the file is "
                "truncated"
            )
        if not seen_any:
            self.problems.add(f"{name}: no works in the file (only blank lines)")

    def _decode(self, name: str, number: int, line: bytes) -> dict | None:
        try:
            record = json.loads(line)
        except RecursionError:
            self._bad(name, "JSON nested too deeply to be a work", number)
            return None
        except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, a 5,000-digit number
            self._bad(name, "not valid JSON", number, f" ({shown(exc)})")
            return None
        if not isinstance(record, dict):
            self._bad(name, "a line is not a JSON object (one work a line)", number)
            return None
        return record


def _size(n: int) -> str:
    return f"{n // 2**20:,} MB" if n >= 2**20 else f"{n:,} bytes"


# -- one work -> staged rows --------------------------------------------------------------------


def _stage(work: dict, name: str, number: int, chunk: Staged) -> None:
    """Check one work's fields and append its rows to the chunk. On Malformed the chunk may
    hold part of the work, which is harmless: the file is refused and no chunk is written."""
    wid = _work_id(work.get("id"))
    date = _date(work.get("publication_date"))
    year = _year(work.get("publication_year"), date)
    kind = work.get("type")
    if kind is not None and not isinstance(kind, str):
        raise Malformed("type is not text")
    authorships = work.get("authorships")
    if not isinstance(authorships, list):
        raise Malformed("authorships is missing or not a list")
    topic = work.get("primary_topic")
    venue = _venue(work)
    w = chunk.works
    w["article_id"].append(wid)
    w["file"].append(name)
    w["line"].append(number)
    w["year"].append(year)
    w["date"].append(date)
    w["updated"].append(_updated(work.get("updated_date")))
    w["type"].append(kind)
    w["truncated"].append(work.get("is_authors_truncated") is True)
    w["n_authors"].append(len(authorships))
    w["topic_field"].append(_display(topic.get("field")) if isinstance(topic, dict) else None)
    w["topic_domain"].append(_display(topic.get("domain")) if isinstance(topic, dict) else None)
    w["journal"].append(_display(venue))
    _stage_affiliations(wid, authorships, chunk.affiliations)
    co = chunk.concepts
    for position, (concept, score) in enumerate(_level0_concepts(work.get("concepts"))):
        co["article_id"].append(wid)
        co["position"].append(position)
        co["name"].append(concept)
        co["score"].append(score)
    if chunk.with_issns:
        for issn in _issns(venue):
            chunk.issns["article_id"].append(wid)
            chunk.issns["issn"].append(issn)


def _stage_affiliations(wid: int, authorships: list, rows: dict[str, list]) -> None:
    """One row per institution (its country_code as written) and per `countries` entry.

    `countries` rows are staged only for authors without an institution: the rules ignore
    them for the others (workrules.PIECES), so staging them would only cost time; their shape
    is checked all the same."""
    add_id, add_author = rows["article_id"].append, rows["author"].append
    add_kind, add_code = rows["kind"].append, rows["iso2"].append
    for author, authorship in enumerate(authorships):
        if not isinstance(authorship, dict):
            raise Malformed("an authorship is not a JSON object")
        institutions = authorship.get("institutions")
        countries = authorship.get("countries")
        if countries is not None and not (
            isinstance(countries, list) and all(isinstance(c, str) for c in countries)
        ):
            raise Malformed("authorships[].countries is not a list of country codes")
        if institutions:
            if not isinstance(institutions, list):
                raise Malformed("authorships[].institutions is not a list")
            for institution in institutions:
                if not isinstance(institution, dict):
                    raise Malformed("authorships[].institutions[] is not a JSON object")
                code = institution.get("country_code")
                if code is not None and not isinstance(code, str):
                    raise Malformed("authorships[].institutions[].country_code is not text")
                add_id(wid)
                add_author(author)
                add_kind("institution")
                add_code(code)
        elif institutions is not None and not isinstance(institutions, list):
            raise Malformed("authorships[].institutions is not a list")
        elif countries:
            for code in countries:
                add_id(wid)
                add_author(author)
                add_kind("country")
                add_code(code)


def _work_id(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 < value <= MAX_ID:
            return value
    elif isinstance(value, str):
        match = _WORK_ID.match(value.strip())
        if match and 0 < int(match[1]) <= MAX_ID:
            return int(match[1])
    raise Malformed("the work id is missing or not an OpenAlex W-id (W and at most 19 digits)")


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise Malformed(
                "publication_date is not a real date", f" (“{shown(value, 20)}”)"
            ) from None
    raise Malformed("publication_date is not YYYY-MM-DD", f" (“{shown(value, 20)}”)")


def _year(value: object, date: dt.date | None) -> int | None:
    """publication_year, else the year of the date; None when there is none or it is beyond
    any year (the rules leave those works out)."""
    if value is None:
        return date.year if date else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Malformed("publication_year is not a whole number")
    return value if -_INT32 <= value <= _INT32 else None


def _updated(value: object) -> dt.date | None:
    """The date part of updated_date (the as-of date comes from the newest); anything else is
    ignored, since no figure depends on it."""
    if isinstance(value, str) and _DATE.match(value[:10]):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _display(node: object) -> str | None:
    if isinstance(node, dict):
        name = node.get("display_name")
        return name if isinstance(name, str) else None
    return None


def _level0_concepts(concepts: object) -> list[tuple[str, float]]:
    """(name, score) of the level-0 concepts, in the record's order (older schema subjects)."""
    if not isinstance(concepts, list):
        return []
    out = []
    for c in concepts:
        if isinstance(c, dict) and c.get("level") == 0:
            name, score = c.get("display_name"), c.get("score")
            if isinstance(name, str) and isinstance(score, int | float) and score == score:
                out.append((name, float(score)))
    return out


def _venue(work: dict) -> dict | None:
    """The journal: primary_location.source, or host_venue in the older schema."""
    location = work.get("primary_location")
    if isinstance(location, dict) and isinstance(location.get("source"), dict):
        return location["source"]
    venue = work.get("host_venue")
    return venue if isinstance(venue, dict) else None


def _issns(venue: dict | None) -> list[str]:
    if venue is None:
        return []
    out = []
    issn_l = venue.get("issn_l")
    if isinstance(issn_l, str):
        out.append(issn_l)
    issns = venue.get("issn")
    if isinstance(issns, list):
        out.extend(i for i in issns if isinstance(i, str) and i not in out)
    return out
