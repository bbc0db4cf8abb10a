"""What the store holds, per dataset: years, window labels, subjects, metrics — read once per file version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data.asof import possibly_incomplete
from data.info import dataset_rows
from data.schema import DEFAULT_LAG_MONTHS
from data.store import Store
from queries.model import DatasetInfo

INCOMPLETE_MARK = "†"


@dataclass(frozen=True)
class DatasetContext:
    name: str
    source: str
    description: str
    synthetic: bool
    version: str
    loaded_at: dt.datetime | None
    metrics: tuple[str, ...]
    level: str  # "articles" | "tables"
    small_base_cs: float
    small_base_count: float
    years: tuple[int, ...]
    labels: tuple[tuple[int, str], ...]
    window_ends: tuple[tuple[int, dt.date], ...]
    window_starts: tuple[tuple[int, dt.date], ...]
    subjects: tuple[str, ...]  # subject values present in pair/country figures
    as_of: dt.date | None = None  # the date the data was taken (None: synthetic or not known)
    incomplete_lag_months: int = DEFAULT_LAG_MONTHS
    filters: str = ""  # how a works load was filtered ("types: article, journal-article")

    def possibly_incomplete(self, year: int) -> bool:
        """True when the year's window ended less than the dataset's lag before its as-of
        date: the latest year of a source keeps growing for months after it ends."""
        return possibly_incomplete(self.window_end(year), self.as_of, self.incomplete_lag_months)

    def label(self, year: int) -> str:
        """The year as replies show it: the window's label ("2023*"), marked † when the
        year may still grow (it ended less than the lag before the data were taken)."""
        base = dict(self.labels).get(year, str(year))
        return base + INCOMPLETE_MARK if self.possibly_incomplete(year) else base

    @property
    def counts_all_types(self) -> bool:
        """Its joint figures count works of every type (the OpenAlex networks, or works loaded
        with --types all), not research articles only."""
        return "types: all" in self.filters or "co-authorship networks" in self.source.lower()

    def as_of_text(self) -> str:
        return f"{self.as_of:%-d %b %Y}" if self.as_of else ""

    def incomplete_note(self, years: tuple[int, ...]) -> str:
        """The caveat for the years asked that may still grow, or ''."""
        late = [y for y in years if self.possibly_incomplete(y)]
        if not late:
            return ""
        listed = ", ".join(str(y) for y in late)
        return (
            f"{INCOMPLETE_MARK} {listed}: may still grow — {self.name} data as of "
            f"{self.as_of_text()}; a year keeps being counted for about "
            f"{self.incomplete_lag_months} months after it ends, so a fall there may not be real."
        )

    def window_end(self, year: int) -> dt.date:
        return dict(self.window_ends).get(year, dt.date(year, 12, 31))

    def window_notes(self) -> tuple[str, ...]:
        starts = dict(self.window_starts)
        notes = []
        for year, label in self.labels:
            if label != str(year):
                start, end = starts[year], self.window_end(year)
                notes.append(f"{label} = {start:%B %Y} – {end:%B %Y}")
        return tuple(notes)

    def info(self, measure: str = "", precision: int | None = None) -> DatasetInfo:
        return DatasetInfo(
            name=self.name,
            version=self.version,
            source=self.source,
            synthetic=self.synthetic,
            year_labels=tuple((y, self.label(y)) for y in self.years),
            window_notes=self.window_notes(),
            measure=measure,
            precision=precision,
            as_of=self.as_of_text(),
        )


def load_contexts(store: Store) -> dict[str, DatasetContext]:
    datasets = dataset_rows(store)
    windows = store.run(
        "SELECT dataset, year, label, start_date, end_date FROM windows ORDER BY dataset, year"
    ).dicts()
    subjects = store.run(
        "SELECT dataset, subject FROM (SELECT DISTINCT dataset, subject FROM pair_figures "
        "UNION SELECT DISTINCT dataset, subject FROM country_figures) ORDER BY dataset, subject"
    ).dicts()
    out: dict[str, DatasetContext] = {}
    for d in datasets:
        name = d["name"]
        ws = [w for w in windows if w["dataset"] == name]
        out[name] = DatasetContext(
            name=name,
            source=d["source"],
            description=d["description"],
            synthetic=bool(d["synthetic"]),
            version=d["version"],
            loaded_at=d["loaded_at"],
            metrics=tuple(m for m in (d["metrics"] or "").split(",") if m),
            level=d["level"],
            small_base_cs=float(d["small_base_cs"]),
            small_base_count=float(d["small_base_count"]),
            years=tuple(w["year"] for w in ws),
            labels=tuple((w["year"], w["label"]) for w in ws),
            window_ends=tuple((w["year"], w["end_date"]) for w in ws),
            window_starts=tuple((w["year"], w["start_date"]) for w in ws),
            subjects=tuple(s["subject"] for s in subjects if s["dataset"] == name),
            as_of=d["as_of"],
            incomplete_lag_months=int(d["incomplete_lag_months"]),
            filters=d.get("filters") or "",
        )
    return out
