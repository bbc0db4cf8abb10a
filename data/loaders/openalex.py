"""The openalex-networks kind: yearly Pajek co-authorship networks (files, a folder or a zip) to figure tables."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data.loaders import pajek
from data.loaders.provenance import dates_in
from data.loaders.report import Problems, Progress, listing
from data.loaders.validate import MAX_YEAR, MIN_YEAR, country_code
from data.loaders.windows import calendar
from data.writer import WindowRow

_YEARLY = re.compile(
    r"^(?P<stem>.*?)(?P<year>\d{4})(?P<tag>[A-Za-z]*)\.(?P<ext>net|vec|clu)$", re.IGNORECASE
)
# More unknown vertex labels than this share means the labels are not country codes at all.
MAX_UNKNOWN_SHARE = 0.5


@dataclass
class Member:
    """One Pajek file, on disk or inside a zip; read on demand so a zip is never unpacked."""

    display: str
    basename: str
    read: Callable[[], bytes]


@dataclass
class YearFiles:
    net: Member | None = None
    vec: Member | None = None
    clu: Member | None = None


@dataclass
class NetworkData:
    pairs: pd.DataFrame
    countries: pd.DataFrame
    windows: list[WindowRow]
    files: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    header_dates: list[dt.date] = field(default_factory=list)  # dates in the files' % comments


def _members(paths: list[Path], problems: Problems) -> Iterator[Member]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file():
                    yield Member(str(child), child.name, child.read_bytes)
        elif not path.is_file():
            problems.add(f"{path}: no such file")
        elif zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
            yield from _zip_members(path, problems)
        else:
            yield Member(path.name, path.name, path.read_bytes)


def _zip_members(path: Path, problems: Problems) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        problems.add(
            f"{path.name}: not a readable zip archive — it is corrupt or truncated ({exc})"
        )
        return
    for info in archive.infolist():
        if info.is_dir():
            continue
        display = f"{path.name}:{info.filename}"

        def read(info: zipfile.ZipInfo = info, display: str = display) -> bytes:
            try:
                return archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                problems.add(
                    f"{display}: cannot be read from the zip — the archive is corrupt ({exc})"
                )
                return b""

        yield Member(display, Path(info.filename).name, read)


def collect(paths: list[Path], problems: Problems) -> dict[int, YearFiles]:
    """Group the files by year; files without a year are ignored with a warning."""
    years: dict[int, YearFiles] = defaultdict(YearFiles)
    ignored: list[str] = []
    for member in _members(paths, problems):
        match = _YEARLY.match(member.basename)
        if not match:
            ignored.append(member.basename)
            continue
        year, ext = int(match["year"]), match["ext"].lower()
        if not MIN_YEAR <= year <= MAX_YEAR:
            problems.add(
                f"{member.display}: year {year} in the file name is outside {MIN_YEAR}–{MAX_YEAR}"
            )
            continue
        slot = years[year]
        if getattr(slot, ext) is not None:
            problems.add(
                f"two .{ext} files for {year}: {getattr(slot, ext).display} and {member.display}"
            )
            continue
        setattr(slot, ext, member)
    if ignored:
        problems.warn(
            f"ignored {len(ignored)} file(s) that are not yearly networks (NAMEyyyy.net, NAMEyyyyT.vec, "
            f"NAMEyyyyG.clu): {listing(ignored, len(ignored))}"
        )
    for year, slot in sorted(years.items()):
        if slot.net is None:
            others = ", ".join(m.display for m in (slot.vec, slot.clu) if m is not None)
            problems.add(f"{others}: no .net network for {year} to go with it")
    if not years and not problems:
        problems.add(
            "no yearly Pajek networks found (expected files named like WrldCo2015.net, or a zip of them)"
        )
    return dict(years)


@dataclass
class _Unknown:
    """Vertices whose label the catalogue doesn't know, summed over the years."""

    years: Counter[str] = field(default_factory=Counter)
    works: Counter[str] = field(default_factory=Counter)

    def warnings(self) -> list[str]:
        if not self.years:
            return []
        items = [
            f"{code} ({self.years[code]} year{'s' if self.years[code] != 1 else ''}, "
            f"{int(self.works[code]):,} international works)"
            for code in sorted(self.years)
        ]
        return [
            "skipped vertices the country catalogue doesn't know (not ISO 3166-1 countries), "
            f"with their pairs: {', '.join(items)}"
        ]


def build(paths: list[Path], problems: Problems, progress: Progress) -> NetworkData | None:
    years = collect(paths, problems)
    if problems:
        return None
    pairs: list[pd.DataFrame] = []
    countries: list[pd.DataFrame] = []
    files: list[str] = []
    unknown = _Unknown()
    header_dates: list[dt.date] = []
    for step, (year, slot) in enumerate(sorted(years.items())):
        progress(f"reading {year}", 0.8 * step / len(years))
        assert slot.net is not None
        files.extend(m.display for m in (slot.net, slot.vec, slot.clu) if m is not None)
        result = _one_year(year, slot, problems, unknown, header_dates)
        if result is not None:
            pairs.append(result[0])
            countries.append(result[1])
    for message in unknown.warnings():
        problems.warn(message)
    if problems:
        return None
    pair_frame = pd.concat(pairs, ignore_index=True)
    country_frame = pd.concat(countries, ignore_index=True)
    return NetworkData(
        pair_frame,
        country_frame,
        calendar(years),
        files,
        {"arcs (unordered pairs)": len(pair_frame), "vertices (countries)": len(country_frame)},
        header_dates,
    )


def _one_year(
    year: int, slot: YearFiles, problems: Problems, unknown: _Unknown, header_dates: list[dt.date]
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    assert slot.net is not None
    before = len(problems.items)
    raw = slot.net.read()
    header_dates.extend(dates_in(pajek.header_comments(raw)))
    net = pajek.parse_net(slot.net.display, raw, problems)
    vec = pajek.parse_vector(slot.vec.display, slot.vec.read(), problems) if slot.vec else None
    # The .clu (partner counts) holds nothing the tables need, so it is not read.
    if net is None or len(problems.items) > before:
        return None
    n = len(net.labels)
    if vec is not None and slot.vec is not None and len(vec) != n:
        problems.add(
            f"{slot.vec.display}: has {len(vec)} values but {slot.net.display} has {n} vertices"
        )
        return None
    if vec is not None and slot.vec is not None:
        differ = np.flatnonzero(vec != net.diagonal)
        if len(differ):
            where = [f"{net.labels[k]}: {vec[k]:g} vs {net.diagonal[k]:g}" for k in differ[:5]]
            problems.add(
                f"{slot.vec.display}: international works disagree with the diagonal of "
                f"{slot.net.display} for {listing(where, len(differ))}"
            )
            return None
    international = vec if vec is not None else net.diagonal
    iso3 = _vertex_countries(slot.net.display, net.labels, international, problems, unknown)
    if iso3 is None:
        return None
    known_a, known_b = iso3[net.a] != "", iso3[net.b] != ""
    keep = known_a & known_b & (net.weight > 0)
    pairs = pd.DataFrame(
        {
            "year": year,
            "subject": "all",
            "a": iso3[net.a[keep]],
            "b": iso3[net.b[keep]],
            "cs": np.nan,
            "joint_articles": net.weight[keep],
        }
    )
    known = iso3 != ""
    countries = pd.DataFrame(
        {
            "year": year,
            "subject": "all",
            "iso3": iso3[known],
            "count": np.nan,
            "share": np.nan,
            "international": international[known],
            "domestic": np.nan,
        }
    )
    return pairs, countries


def _vertex_countries(
    name: str, labels: list[str], international: np.ndarray, problems: Problems, unknown: _Unknown
) -> np.ndarray | None:
    """ISO3 code of every vertex, "" where the catalogue doesn't know the label."""
    codes = [country_code(label) or "" for label in labels]
    missing = [k for k, code in enumerate(codes) if not code]
    if len(missing) > MAX_UNKNOWN_SHARE * len(labels):
        shown = [f"“{labels[k]}”" for k in missing[:5]]
        problems.add(
            f"{name}: {len(missing)} of {len(labels)} vertex labels are not country codes "
            f'({listing(shown, len(missing))}); expected ISO 3166-1 codes such as "CN"'
        )
        return None
    seen: dict[str, int] = {}
    for k, code in enumerate(codes):
        if code and code in seen:
            problems.add(f"{name}: vertices {seen[code] + 1} and {k + 1} are both {code}")
            return None
        if code:
            seen[code] = k
    for k in missing:
        unknown.years[labels[k]] += 1
        unknown.works[labels[k]] += international[k]
    return np.asarray(codes, dtype=object)
