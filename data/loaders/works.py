"""The openalex-works kind: OpenAlex works as JSON lines (.jsonl or .jsonl.gz), streamed into
article-level rows with Nature-Index-style fractional Shares, in chunks of constant size."""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data import catalogue
from data.loaders.report import Problems, Progress, listing
from data.loaders.windows import calendar  # noqa: F401 - the loader uses works.calendar

# Works held in memory before they go to the writer as one pair of frames.
CHUNK = 50_000
PROGRESS_EVERY = 20_000  # lines between progress callbacks

# OpenAlex topic fields (Scopus ASJC fields, `primary_topic.field.display_name`) → the five
# Nature Index subjects. See docs/DATA-FORMATS.md for the table and the reasons.
FIELD_SUBJECTS: dict[str, str] = {
    "Chemistry": "chemistry",
    "Chemical Engineering": "chemistry",
    "Physics and Astronomy": "physical_sciences",
    "Materials Science": "physical_sciences",
    "Engineering": "physical_sciences",
    "Energy": "physical_sciences",
    "Mathematics": "physical_sciences",
    "Computer Science": "physical_sciences",
    "Earth and Planetary Sciences": "earth_environmental_sciences",
    "Environmental Science": "earth_environmental_sciences",
    "Agricultural and Biological Sciences": "biological_sciences",
    "Biochemistry, Genetics and Molecular Biology": "biological_sciences",
    "Immunology and Microbiology": "biological_sciences",
    "Neuroscience": "biological_sciences",
    "Medicine": "health_sciences",
    "Nursing": "health_sciences",
    "Dentistry": "health_sciences",
    "Health Professions": "health_sciences",
    "Veterinary": "health_sciences",
    "Pharmacology, Toxicology and Pharmaceutics": "health_sciences",
}
# The Social Sciences domain's fields: not a Nature Index subject, so those works are left out.
SOCIAL_FIELDS = frozenset(
    {
        "Arts and Humanities",
        "Business, Management and Accounting",
        "Decision Sciences",
        "Economics, Econometrics and Finance",
        "Psychology",
        "Social Sciences",
    }
)
SOCIAL_DOMAIN = "Social Sciences"
# Used only when the field is absent or not one of the above.
DOMAIN_SUBJECTS: dict[str, str] = {
    "Physical Sciences": "physical_sciences",
    "Life Sciences": "biological_sciences",
    "Health Sciences": "health_sciences",
}

_WORK_ID = re.compile(r"^(?:https?://openalex\.org/)?W(\d+)$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO2_TO_ISO3: dict[str, str] = {c.iso2.upper(): c.iso3 for c in catalogue.countries() if c.iso2}


@dataclass
class _Bad:
    """Lines with one kind of problem: the first few and how many."""

    lines: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, place: str) -> None:
        self.total += 1
        if len(self.lines) < 5:
            self.lines.append(place)


@dataclass
class WorkStats:
    read: int = 0
    loaded: int = 0
    authorship_rows: int = 0
    truncated: int = 0
    social: int = 0
    no_subject: int = 0
    no_country: int = 0
    authors_without_country: int = 0  # authors (in loaded works) with no known country
    works_with_such_authors: int = 0
    unknown_codes: Counter[str] = field(default_factory=Counter)
    years: set[int] = field(default_factory=set)
    subjects: Counter[str] = field(default_factory=Counter)

    def rows(self) -> dict[str, int]:
        return {
            "works read": self.read,
            "works loaded": self.loaded,
            "work-country rows": self.authorship_rows,
            "left out, truncated author lists": self.truncated,
            "left out, social sciences": self.social,
            "left out, no subject": self.no_subject,
            "left out, no country": self.no_country,
        }

    def warnings(self) -> list[str]:
        out = []
        if self.truncated:
            out.append(
                f"{self.truncated:,} work(s) have a truncated author list (is_authors_truncated), "
                "so their Shares can't be computed; they were left out of every figure"
            )
        if self.social:
            out.append(
                f"{self.social:,} work(s) in the Social Sciences domain (not a Nature Index "
                "subject) were left out"
            )
        if self.no_subject:
            out.append(
                f"{self.no_subject:,} work(s) have no primary_topic field or domain that maps to a "
                "subject and were left out"
            )
        if self.no_country:
            out.append(
                f"{self.no_country:,} work(s) have no author with a known country and were left out"
            )
        if self.authors_without_country:
            out.append(
                f"{self.authors_without_country:,} author(s) in {self.works_with_such_authors:,} "
                "loaded work(s) have no country; their parts of those works count for no country"
            )
        if self.unknown_codes:
            items = [f"{code} ({n:,})" for code, n in self.unknown_codes.most_common()]
            out.append(
                "country codes the catalogue doesn't know were treated as no country: "
                + listing(items, len(items))
            )
        return out


class WorksReader:
    """Reads the files once, checking every line; yields (articles, authorships) chunks.

    Problems are collected over every file; once there is one no more chunks are yielded, and
    after the last line `raise_if_any` (called by the loader) stops the load.
    """

    def __init__(self, files: list[Path], problems: Problems, progress: Progress) -> None:
        self.files = files
        self.problems = problems
        self.progress = progress
        self.stats = WorkStats()
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

    @property
    def failed(self) -> bool:
        return bool(self.bad) or bool(self.problems)

    # -- reading ---------------------------------------------------------------------------

    def chunks(self) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
        buffer = _Buffer()
        for path in self.files:
            for record in self._records(path):
                if self.failed:
                    continue  # keep checking, stop building
                self._add(record, buffer)
                if buffer.works >= CHUNK:
                    yield buffer.frames()
                    buffer = _Buffer()
            self._done_bytes += path.stat().st_size if path.is_file() else 0
        if not self.failed and buffer.works:
            yield buffer.frames()

    def _records(self, path: Path) -> Iterator[tuple[str, int, dict]]:
        name = path.name
        if not path.is_file():
            self.problems.add(f"{path}: no such file")
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
                for number, line in enumerate(stream, start=1):
                    if number % PROGRESS_EVERY == 0:
                        done = (self._done_bytes + raw.tell()) / self._total_bytes
                        self.progress(f"reading {name}", 0.8 * done)
                    if not line.strip():
                        continue
                    seen_any = True
                    try:
                        record = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                        last_bad = (number, line.endswith(b"\n"))
                        self._bad(name, "not valid JSON", number, f" ({_short(exc)})")
                        continue
                    last_bad = None
                    if not isinstance(record, dict):
                        self._bad(name, "a line is not a JSON object (one work a line)", number)
                        continue
                    yield name, number, record
            except EOFError:
                self.problems.add(
                    f"{name}: the gzip stream ends early after line {number} — the file is "
                    "truncated (an interrupted download?)"
                )
                return
            except (gzip.BadGzipFile, zlib.error, OSError) as exc:
                self.problems.add(
                    f"{name}: the gzip data is corrupt after line {number} ({_short(exc)})"
                )
                return
        if last_bad is not None and not last_bad[1]:
            self.problems.add(
                f"{name}: the last line ({last_bad[0]}) is cut off mid-record — the file is "
                "truncated"
            )
        if not seen_any:
            self.problems.add(f"{name}: no works in the file (only blank lines)")

    def _add(self, item: tuple[str, int, dict], buffer: _Buffer) -> None:
        name, number, work = item
        stats = self.stats
        stats.read += 1
        wid = _work_id(work.get("id"))
        if wid is None:
            self._bad(name, "the work id is missing or not an OpenAlex W-id", number)
            return
        year = work.get("publication_year")
        date = work.get("publication_date")
        if date is not None and not (isinstance(date, str) and _DATE.match(date)):
            self._bad(name, "publication_date is not YYYY-MM-DD", number, f" (“{str(date)[:20]}”)")
            return
        if year is None and date:
            year = int(date[:4])
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            self._bad(name, "publication_year is missing or not a year in 1900–2100", number)
            return
        authorships = work.get("authorships")
        if not isinstance(authorships, list):
            self._bad(name, "authorships is missing or not a list", number)
            return
        if work.get("is_authors_truncated"):
            stats.truncated += 1
            return
        subject = _subject(work.get("primary_topic"))
        if subject is None:
            stats.no_subject += 1
            return
        if subject == "":
            stats.social += 1
            return
        n = len(authorships)
        shares: dict[str, float] = {}
        lost = 0
        for authorship in authorships:
            if not isinstance(authorship, dict):
                self._bad(name, "an authorship is not a JSON object", number)
                return
            codes = _author_countries(authorship)
            if codes is None:
                self._bad(name, "authorships[].countries is not a list of country codes", number)
                return
            known = []
            for code in codes:
                iso3 = ISO2_TO_ISO3.get(code)
                if iso3 is None:
                    stats.unknown_codes[code] += 1
                else:
                    known.append(iso3)
            if not known:
                lost += 1
                continue
            part = 1.0 / (n * len(codes))
            for iso3 in known:
                shares[iso3] = shares.get(iso3, 0.0) + part
        if not shares:
            stats.no_country += 1
            return
        if lost:
            stats.authors_without_country += lost
            stats.works_with_such_authors += 1
        stats.loaded += 1
        stats.years.add(year)
        stats.subjects[subject] += 1
        stats.authorship_rows += len(shares)
        buffer.add(wid, year, date, subject, _journal(work), shares)


class _Buffer:
    def __init__(self) -> None:
        self.ids: list[int] = []
        self.years: list[int] = []
        self.dates: list[str | None] = []
        self.subjects: list[str] = []
        self.journals: list[str | None] = []
        self.au_ids: list[int] = []
        self.au_iso3: list[str] = []
        self.au_share: list[float] = []

    @property
    def works(self) -> int:
        return len(self.ids)

    def add(
        self,
        wid: int,
        year: int,
        date: str | None,
        subject: str,
        journal: str | None,
        shares: dict[str, float],
    ) -> None:
        self.ids.append(wid)
        self.years.append(year)
        self.dates.append(date)
        self.subjects.append(subject)
        self.journals.append(journal)
        for iso3, share in shares.items():
            self.au_ids.append(wid)
            self.au_iso3.append(iso3)
            self.au_share.append(share)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        articles = pd.DataFrame(
            {
                "article_id": pd.Series(self.ids, dtype="int64"),
                "year": pd.Series(self.years, dtype="int32"),
                "date": pd.to_datetime(pd.Series(self.dates, dtype=object), format="%Y-%m-%d"),
                "subject": pd.Series(self.subjects, dtype=object),
                "journal": pd.Series(self.journals, dtype=object),
            }
        )
        authorships = pd.DataFrame(
            {
                "article_id": pd.Series(self.au_ids, dtype="int64"),
                "iso3": pd.Series(self.au_iso3, dtype=object),
                "share": pd.Series(self.au_share, dtype="float64"),
            }
        )
        return articles, authorships


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 60 else text[:57] + "…"


def _work_id(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    if isinstance(value, str):
        match = _WORK_ID.match(value.strip())
        if match:
            return int(match.group(1))
    return None


def _display(node: object) -> str | None:
    if isinstance(node, dict):
        name = node.get("display_name")
        return name if isinstance(name, str) else None
    return None


def _subject(topic: object) -> str | None:
    """A subject, "" for the social sciences (left out), None when nothing maps."""
    if not isinstance(topic, dict):
        return None
    field_name = _display(topic.get("field"))
    domain = _display(topic.get("domain"))
    if field_name in FIELD_SUBJECTS:
        return FIELD_SUBJECTS[field_name]
    if field_name in SOCIAL_FIELDS or domain == SOCIAL_DOMAIN:
        return ""
    return DOMAIN_SUBJECTS.get(domain or "")


def _author_countries(authorship: dict) -> list[str] | None:
    """The author's distinct countries (ISO2, upper case): `countries`, else the institutions'
    `country_code`s. None when the field has the wrong shape."""
    countries = authorship.get("countries")
    if countries is None:
        institutions = authorship.get("institutions") or []
        if not isinstance(institutions, list):
            return None
        countries = [i.get("country_code") for i in institutions if isinstance(i, dict)]
        countries = [c for c in countries if c]
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        return None
    return sorted({c.strip().upper() for c in countries if c.strip()})


def _journal(work: dict) -> str | None:
    location = work.get("primary_location")
    if isinstance(location, dict):
        return _display(location.get("source"))
    return None


def duplicate_check(dataset: str, problems: Problems, what: str):
    """A check for the writer: the same work id twice (across every file) stops the load."""

    def check(con) -> None:  # noqa: ANN001 - a DuckDB connection
        found = con.execute(
            "SELECT article_id, COUNT(*) AS n, COUNT(*) OVER () AS total FROM articles "
            "WHERE dataset = ? GROUP BY article_id HAVING COUNT(*) > 1 ORDER BY article_id LIMIT 5",
            [dataset],
        ).fetchall()
        if found:
            items = [f"W{aid} ({n} times)" for aid, n, _ in found]
            problems.add(f"the same work appears more than once: {listing(items, found[0][2])}")
            problems.raise_if_any(what)

    return check
