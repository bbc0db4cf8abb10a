"""Column checks shared by every tabular loader: each turns text into typed values or names the bad lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from data import catalogue
from data.errors import UserError
from data.loaders.csvfiles import Source, Table
from data.loaders.report import MAX_LISTED, Problems, listing, shown
from data.schema import NATURAL_SUBJECTS

ARTICLE_SUBJECTS = (*NATURAL_SUBJECTS, "health_sciences")
FIGURE_SUBJECTS = (*ARTICLE_SUBJECTS, "natural_sciences", "all")
MIN_YEAR, MAX_YEAR = 1900, 2100
SHARE_TOLERANCE = 1e-9
# No figure of one year can pass this: the whole world publishes about ten million works a
# year (OpenAlex, every type), so a count, a joint-articles figure, a CS or a Share above
# it is a broken file (CS 1.7e308 once reached the headlines as a 300-digit number).
MAX_ARTICLES = 50_000_000
# Whole numbers are read exactly up to this many digits (int64 holds every 18-digit number).
MAX_DIGITS = 18
_INTEGER_TEXT = re.compile(r"[+-]?\d+")


def has_columns(
    table: Table | Source,
    required: Sequence[str],
    optional: Sequence[str],
    problems: Problems,
    what: str,
) -> bool:
    """Say which columns are missing (and what is expected); ignored extra columns are a warning."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if missing:
        expected = ", ".join(required)
        extra = f" (optional: {', '.join(optional)})" if optional else ""
        found = listing([shown(c) for c in table.columns[:MAX_LISTED]], len(table.columns))
        problems.add(
            f"{table.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"for {what}; expected {expected}{extra}; found {found}"
        )
        return False
    unused = [c for c in table.columns if c not in required and c not in optional]
    if unused:
        shown_unused = [shown(c) for c in unused[:MAX_LISTED]]
        problems.warn(f"{table.name}: ignored column(s) {listing(shown_unused, len(unused))}")
    return True


def report(
    table: Table, problems: Problems, mask: np.ndarray, values: pd.Series | None, message: str
) -> None:
    """One problem line for the rows in `mask`, gathered over every chunk of the file."""
    positions = np.flatnonzero(mask)
    if len(positions):
        problems.at(table.name, message, table.places(positions, values), len(positions))


def _missing(values: pd.Series) -> np.ndarray:
    return values.isna().to_numpy()


def integers(table: Table, column: str, problems: Problems, what: str) -> pd.Series:
    """Whole numbers, read exactly: digits are parsed as integers (a float would round ids
    past 2^53), anything else must be a number with no fraction. More than MAX_DIGITS digits
    is a problem, not an OverflowError."""
    raw = table.frame[column]
    missing = _missing(raw)
    out = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    if pd.api.types.is_integer_dtype(raw.dtype):
        out[:] = raw.astype("Int64")
        _report_missing(table, problems, missing, raw, what)
        return out
    text = raw.astype("string").str.strip()
    digits = text.str.fullmatch(_INTEGER_TEXT).fillna(False).to_numpy(dtype=bool)
    length = text.str.lstrip("+-").str.len().fillna(0).to_numpy()
    exact = digits & (length <= MAX_DIGITS)
    out[exact] = text[exact].astype("int64")
    too_long = digits & (length > MAX_DIGITS)
    number = pd.to_numeric(text.where(~digits), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(number) & (number == np.floor(number)) & (np.abs(number) < 2.0**53)
    out[whole] = number[whole].astype("int64")
    large = ~digits & np.isfinite(number) & (number == np.floor(number)) & ~whole
    report(
        table,
        problems,
        too_long | large | (np.isinf(number) & ~missing),
        raw,
        f"{what} is too large (a whole number here has at most {MAX_DIGITS} digits)",
    )
    not_whole = ~missing & ~digits & ~whole & ~large & ~np.isinf(number)
    report(table, problems, not_whole, raw, f"{what} is not a whole number")
    _report_missing(table, problems, missing, raw, what)
    return out


def _report_missing(
    table: Table, problems: Problems, missing: np.ndarray, raw: pd.Series, what: str
) -> None:
    report(table, problems, missing, raw, f"{what} is missing")


def years(table: Table, column: str, problems: Problems) -> pd.Series:
    raw = table.frame[column]
    year = integers(table, column, problems, "the year")
    out = (year < MIN_YEAR) | (year > MAX_YEAR)
    report(
        table,
        problems,
        out.fillna(False).to_numpy(dtype=bool),
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
    whole: bool = False,
) -> pd.Series:
    """Non-negative numbers up to MAX_ARTICLES (counts, scores, Shares); `whole` for counts
    of articles, `at_most_one` for an article's Shares."""
    raw = table.frame[column]
    number = pd.to_numeric(raw, errors="coerce").astype("Float64")
    missing = _missing(raw)
    not_number = number.isna().to_numpy() & ~missing
    report(table, problems, not_number, raw, f"{what} is not a number")
    if required:
        report(table, problems, missing, raw, f"{what} is missing")
    value = number.fillna(0).to_numpy(dtype=float)
    report(table, problems, value < 0, raw, f"{what} is negative")
    limit, why = (
        (1, "a Share lies in [0, 1]")
        if at_most_one
        else (MAX_ARTICLES, "more than the world publishes in a year")
    )
    over = ~np.isfinite(value) | (value > limit)
    report(table, problems, over, raw, f"{what} is above {limit:,} ({why})")
    fraction = np.zeros(len(value), dtype=bool)
    if whole:
        with np.errstate(invalid="ignore"):
            fraction = np.isfinite(value) & (value != np.floor(value))
        report(table, problems, fraction, raw, f"{what} is not a whole number of articles")
    # Only valid values go on, so checks between columns never compare a broken one.
    return number.where(~over & (value >= 0) & ~fraction)


def at_most(
    table: Table,
    problems: Problems,
    value: pd.Series,
    bound: pd.Series,
    what: str,
    why: str,
) -> None:
    """Name the rows where `value` exceeds `bound` (both present), with both values."""
    v = value.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    b = bound.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        over = ~np.isnan(v) & ~np.isnan(b) & (v > b * (1 + SHARE_TOLERANCE) + SHARE_TOLERANCE)
    positions = np.flatnonzero(over)
    if len(positions):
        pairs = pd.Series([f"{v[p]:g} > {b[p]:g}" for p in positions[:5]], dtype=object)
        shown_at = pd.Series(index=range(len(v)), dtype=object)
        shown_at.iloc[positions[:5]] = pairs.to_numpy()
        report(table, problems, over, shown_at, f"{what} ({why})")


def _each_distinct(raw: pd.Series, convert) -> dict:
    """`convert` of each distinct value (a column repeats a few subjects or countries over
    every row), as a mapping for Series.map; missing values stay missing."""
    return {value: convert(value) for value in raw.dropna().unique()}


def normal_subject(text: object) -> str:
    """ "Earth & environmental sciences" -> earth_environmental_sciences."""
    return re.sub(r"[^a-z]+", "_", str(text).lower().replace("&", " ")).strip("_")


def subjects(
    table: Table, column: str | None, problems: Problems, valid: Sequence[str]
) -> pd.Series:
    if column is None or column not in table.columns:
        return pd.Series(["all"] * len(table.frame), dtype=object)
    raw = table.frame[column]
    subject = raw.map(_each_distinct(raw, normal_subject))
    bad = ~subject.isin(valid).to_numpy()
    report(
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
    if len(text) > 100:
        return None  # no country name is this long; don't fuzzy-match a page of text
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
    iso3 = raw.map(_each_distinct(raw, lambda v: country_code(str(v))))
    missing = _missing(raw)
    report(table, problems, missing, raw, f"the country ({column}) is missing")
    report(
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
    report(table, problems, parsed.isna().to_numpy() & ~missing, raw, "not a date (use YYYY-MM-DD)")
    outside = (parsed.dt.year < MIN_YEAR) | (parsed.dt.year > MAX_YEAR)
    report(
        table,
        problems,
        outside.fillna(False).to_numpy(dtype=bool),
        raw,
        f"the {column} is outside {MIN_YEAR}–{MAX_YEAR}",
    )
    if required:
        report(table, problems, missing, raw, f"the {column} is missing")
    # Python dates stop at year 1 (pandas parses "-4" as year -4): keep only the valid range.
    parsed = parsed.where(~outside.fillna(False))
    return parsed.dt.date.astype(object).where(parsed.notna(), None)


def duplicates(table: Table, keys: pd.DataFrame, problems: Problems, what: str) -> None:
    """Name the lines that repeat an earlier line's key, and the line they repeat (a small
    table held whole, e.g. windows; streamed files are checked in their stage)."""
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
