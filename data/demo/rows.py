"""Where the generator's articles go: row blocks for the tables and China's running figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from data.demo import plan

KMAX = 6  # countries on an article: China (or a lead country) and up to five more
NATURAL_INDEX = tuple(plan.SUBJECTS.index(s) for s in plan.NATURAL)


class Dated(Protocol):
    """A window: its first and last day."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


class Tally:
    """Running China figures per year, kept as the articles are made so calibration needs no SQL."""

    def __init__(self, n_countries: int, bri: np.ndarray):
        shape = (len(plan.YEARS), len(plan.SUBJECTS))
        self.bri = bri  # bool per country index
        self.cs = np.zeros(shape + (n_countries,))
        self.international = np.zeros(shape, np.int64)
        self.with_bri = np.zeros(shape, np.int64)
        self.domestic = np.zeros(shape, np.int64)

    def record(self, yi: int, subject: np.ndarray, country: np.ndarray, share: np.ndarray) -> None:
        """China articles only: China in column 0."""
        partner = country[:, 1:]
        has = partner >= 0
        intl = has.any(axis=1)
        np.add.at(self.international[yi], subject[intl], 1)
        np.add.at(self.domestic[yi], subject[~intl], 1)
        bri = (self.bri[np.where(has, partner, 0)] & has).any(axis=1)
        np.add.at(self.with_bri[yi], subject[bri], 1)
        r, j = np.nonzero(has)
        value = share[r, 0] + share[r, j + 1]
        np.add.at(self.cs[yi], (subject[r], partner[r, j]), value)

    def natural(self, table: np.ndarray, yi: int) -> int:
        return int(table[yi, list(NATURAL_INDEX)].sum())


class Sink:
    """Collects articles as blocks of (year, subject, countries, Shares) matrices."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, yi: int, subject: np.ndarray, country: np.ndarray, share: np.ndarray) -> None:
        # Small integer types: the 10× benchmark copy holds some 60 million cells.
        self.blocks.append((yi, subject.astype(np.int8), country.astype(np.int16), share))

    def frames(
        self, rng: np.random.Generator, windows: Sequence[Dated], codes: np.ndarray
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        yi = np.concatenate([np.full(len(b[1]), b[0]) for b in self.blocks])
        subject = np.concatenate([b[1] for b in self.blocks])
        ids = np.arange(1, len(yi) + 1, dtype=np.int64)
        width = KMAX
        country = np.concatenate([_widen(b[2], width, -1) for b in self.blocks])
        share = np.concatenate([_widen(b[3], width, 0.0) for b in self.blocks])
        starts = np.array([np.datetime64(w.start, "D") for w in windows])
        days = np.array([(w.end - w.start).days + 1 for w in windows])
        date = starts[yi] + rng.integers(0, days[yi]).astype("timedelta64[D]")
        names = [plan.JOURNALS[s] for s in plan.SUBJECTS]
        sizes = np.array([len(j) for j in names])
        pickj = rng.integers(0, sizes[subject])
        journals = np.array([j for group in names for j in group], dtype=object)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        articles = pd.DataFrame(
            {
                "article_id": ids,
                "year": np.array(plan.YEARS)[yi],
                "date": pd.Series(date).dt.date,
                "subject": np.array(plan.SUBJECTS, dtype=object)[subject],
                "journal": journals[offsets[subject] + pickj],
            }
        )
        r, j = np.nonzero(country >= 0)
        authorships = pd.DataFrame(
            {"article_id": ids[r], "iso3": codes[country[r, j]], "share": share[r, j]}
        )
        return articles, authorships


def _widen(matrix: np.ndarray, width: int, fill: float) -> np.ndarray:
    if matrix.shape[1] == width:
        return matrix
    out = np.full((len(matrix), width), fill, dtype=matrix.dtype)
    out[:, : matrix.shape[1]] = matrix
    return out
