"""Column checks shared by every tabular loader: each turns text into typed values or names the bad lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from data import catalogue
from data.errors import UserError
from data.loaders.csvfiles import Table
from data.loaders.report import Problems, listing
from data.schema import NATURAL_SUBJECTS

ARTICLE_SUBJECTS = (*NATURAL_SUBJECTS, "health_sciences")
FIGURE_SUBJECTS = (*ARTICLE_SUBJECTS, "natural_sciences", "all")
MIN_YEAR, MAX_YEAR = 1900, 2100
SHARE_TOLERANCE = 1e-9


def has_columns(
    table: Table, required: Sequence[str], optional: Sequence[str], problems: Problems, what: str
) -> bool:
    """Say which columns are missing (and what is expected); ignored extra columns are a warning."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if missing:
        expected = ", ".join(required)
        extra = f" (optional: {', '.join(optional)})" if optional else ""
        problems.add(
            f"{table.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"for {what}; expected {expected}{extra}; found {', '.join(table.columns)}"
        )
        return False
    unused = [c for c in table.columns if c not in required and c not in optional]
    if unused:
        problems.warn(f"{table.name}: ignored column(s) {', '.join(unused)}")
    return True


def _report(
    table: Table, problems: Problems, mask: np.ndarray, values: pd.Series, message: str
) -> None:
    positions = np.flatnonzero(mask)
    if len(positions):
        problems.add(f"{table.name}: {message} at {table.where(positions, values)}")


def _missing(values: pd.Series) -> np.ndarray:
    return values.isna().to_numpy()


def integers(table: Table, column: str, problems: Problems, what: str) -> pd.Series:
    raw = table.frame[column]
    number = pd.to_numeric(raw, errors="coerce")
    bad = number.isna() | (number != np.floor(number))
    _report(table, problems, bad.to_numpy() & ~_missing(raw), raw, f"{what} is not a whole number")
    _report(table, problems, _missing(raw), raw, f"{what} is missing")
    return number.where(~bad).astype("Int64")


def years(table: Table, column: str, problems: Problems) -> pd.Series:
    raw = table.frame[column]
    year = integers(table, column, problems, "the year")
    out = (year < MIN_YEAR) | (year > MAX_YEAR)
    _report(
        table,
        problems,
        out.fillna(False).to_numpy(),
        raw,
        f"the year is outside {MIN_YEAR}–{MAX_YEAR}",
    )
    return year


def numbers(
    table: Table,
    column: str,
    problems: Problems,
    what: str,
    *,
    required: bool = True,
    at_most_one: bool = False,
) -> pd.Series:
    """Non-negative numbers (counts, scores, Shares); Shares must also be at most 1."""
    raw = table.frame[column]
    number = pd.to_numeric(raw, errors="coerce").astype("Float64")
    missing = _missing(raw)
    not_number = number.isna().to_numpy() & ~missing
    _report(table, problems, not_number, raw, f"{what} is not a number")
    if required:
        _report(table, problems, missing, raw, f"{what} is missing")
    finite = number.fillna(0).to_numpy(dtype=float)
    _report(table, problems, np.isinf(finite), raw, f"{what} is infinite")
    _report(table, problems, finite < 0, raw, f"{what} is negative")
    if at_most_one:
        _report(table, problems, finite > 1, raw, f"{what} is above 1 (a Share lies in [0, 1])")
    return number


def normal_subject(text: object) -> str:
    """ "Earth & environmental sciences" -> earth_environmental_sciences."""
    return re.sub(r"[^a-z]+", "_", str(text).lower().replace("&", " ")).strip("_")


def subjects(
    table: Table, column: str | None, problems: Problems, valid: Sequence[str]
) -> pd.Series:
    if column is None or column not in table.columns:
        return pd.Series(["all"] * len(table.frame), dtype=object)
    raw = table.frame[column]
    subject = raw.map(normal_subject, na_action="ignore")
    bad = ~subject.isin(valid).to_numpy()
    _report(
        table,
        problems,
        bad,
        raw,
        f"unknown subject (valid subjects: {', '.join(valid)})",
    )
    return subject.astype(object)


# The Nature Index writes some countries with an abbreviation: “United Kingdom (UK)”.
_ABBREVIATED = re.compile(r"^(?P<name>[^()]*\S)\s*\((?P<abbr>[^()]+)\)$")


@cache
def country_code(text: str) -> str | None:
    """An ISO3 code for an ISO2 or ISO3 code or a name the catalogue resolves; None if unknown."""
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return catalogue.iso3_from_iso2(text)
    if len(text) == 3 and text.isalpha():
        try:
            return catalogue.country(text).iso3
        except KeyError:
            return None
    try:
        return catalogue.resolve_country(text).iso3
    except UserError:
        pass
    abbreviated = _ABBREVIATED.match(text)
    if abbreviated:
        return _name_and_abbreviation(abbreviated["name"], abbreviated["abbr"])
    return None


def _name_and_abbreviation(name: str, abbr: str) -> str | None:
    """“United States of America (USA)”: the country both parts name. An abbreviation the
    catalogue doesn't know (DRC, UK) leaves the name to decide, unless the name is ambiguous
    (“Congo (Kinshasa)” is not taken for the Republic of the Congo)."""
    try:
        by_name = catalogue.resolve_country(name)
    except UserError:
        by_name = None
    by_abbr = country_code(abbr)
    if by_name is not None and by_abbr is not None:
        return by_name.iso3 if by_name.iso3 == by_abbr else None
    if by_name is not None:
        return None if by_name.assumption else by_name.iso3
    return by_abbr


def countries(table: Table, column: str, problems: Problems) -> pd.Series:
    raw = table.frame[column]
    iso3 = raw.map(lambda v: country_code(str(v)), na_action="ignore")
    missing = _missing(raw)
    _report(table, problems, missing, raw, f"the country ({column}) is missing")
    _report(
        table,
        problems,
        iso3.isna().to_numpy() & ~missing,
        raw,
        f"unknown country code or name in {column} (use ISO 3166 codes such as CN, CHN or a name)",
    )
    return iso3.astype(object)


def dates(table: Table, column: str, problems: Problems, *, required: bool) -> pd.Series:
    raw = table.frame[column]
    parsed = pd.to_datetime(raw.astype("string"), errors="coerce", format="ISO8601")
    missing = _missing(raw)
    _report(
        table, problems, parsed.isna().to_numpy() & ~missing, raw, "not a date (use YYYY-MM-DD)"
    )
    if required:
        _report(table, problems, missing, raw, f"the {column} is missing")
    return parsed.dt.date.astype(object).where(parsed.notna(), None)


def duplicates(table: Table, keys: pd.DataFrame, problems: Problems, what: str) -> None:
    """Name the lines that repeat an earlier line's key, and the line they repeat."""
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    later = np.flatnonzero(keys.duplicated(keep="first").to_numpy())
    first_of = (
        keys[repeated]
        .reset_index()
        .groupby(list(keys.columns), dropna=False)["index"]
        .transform("min")
    )
    first_pos = dict(zip(keys.index[repeated], first_of.to_numpy(), strict=True))
    unit = table.unit
    places = [
        f"{unit} {int(table.lines[p])} repeats {unit} {int(table.lines[first_pos[keys.index[p]]])}"
        for p in later[:5]
    ]
    problems.add(f"{table.name}: {what} appears twice: {listing(places, len(later))}")
