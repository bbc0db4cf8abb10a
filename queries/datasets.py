"""What the store holds, per dataset: years, window labels, subjects, metrics — read once per file version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data.asof import possibly_incomplete
from data.info import dataset_rows
from data.schema import DEFAULT_LAG_MONTHS
from data.store import Store
from queries.model import DatasetInfo


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

    def possibly_incomplete(self, year: int) -> bool:
        """True when the year's window ended less than the dataset's lag before its as-of
        date: the latest year of a source keeps growing for months after it ends."""
        return possibly_incomplete(self.window_end(year), self.as_of, self.incomplete_lag_months)

    def label(self, year: int) -> str:
        return dict(self.labels).get(year, str(year))

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

    def info(self) -> DatasetInfo:
        return DatasetInfo(
            name=self.name,
            version=self.version,
            source=self.source,
            synthetic=self.synthetic,
            year_labels=self.labels,
            window_notes=self.window_notes(),
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
        )
    return out
