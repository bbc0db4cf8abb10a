"""`openalex fetch`: yearly country co-authorship networks from the OpenAlex API, written as the
Pajek files the openalex-networks loader reads (the same layout as bavla/OpenAlex)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from data import catalogue
from data.errors import UserError
from data.loaders.validate import MAX_YEAR, MIN_YEAR, country_code
from data.openalex.client import OpenAlexClient

STEM = "WrldCo"
PER_PAGE = "200"  # the most groups OpenAlex returns in one page

if TYPE_CHECKING:
    from data.loaders.report import LoadReport


@dataclass
class Networks:
    years: list[int]
    fetched: list[str]  # ISO2 codes whose rows were asked for
    rows: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)  # year → XX → YY → w


def parse_years(text: str) -> list[int]:
    years: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not match:
            raise UserError("bad_years", f"“{part}” is not a year or a range like 2015-2023.")
        first, last = int(match[1]), int(match[2] or match[1])
        if first > last or first < MIN_YEAR or last > MAX_YEAR:
            raise UserError(
                "bad_years", f"“{part}” is not a range of years in {MIN_YEAR}–{MAX_YEAR}."
            )
        years.update(range(first, last + 1))
    if not years:
        raise UserError("bad_years", "No years given; e.g. --years 2015-2023.")
    return sorted(years)


def parse_countries(items: Sequence[str] | None) -> list[str]:
    """ISO2 codes for codes or names ("CN", "CHN", "Thailand"); every catalogue country by default."""
    if not items:
        return sorted(c.iso2.upper() for c in catalogue.countries() if c.iso2)
    out = []
    for item in (x.strip() for text in items for x in text.split(",")):
        if not item:
            continue
        iso3 = country_code(item)
        iso2 = catalogue.country(iso3).iso2 if iso3 else None
        if not iso2:
            raise UserError("unknown_country", f"“{item}” is not a country the catalogue knows.")
        out.append(iso2.upper())
    return sorted(set(out))


def _code(key: object) -> str:
    """Group keys are ids (https://openalex.org/countries/CN) or raw codes (CN)."""
    return str(key).rstrip("/").rsplit("/", 1)[-1].upper()


def fetch(
    client: OpenAlexClient,
    years: Sequence[int],
    countries: Sequence[str],
    progress: Callable[[str, float], None] | None = None,
) -> Networks:
    """For every year and country XX, the international works of XX grouped by the countries
    on them: the group XX itself is XX's internationally co-authored works (the diagonal)."""
    say = progress or (lambda stage, fraction: None)
    nets = Networks(list(years), list(countries))
    total = len(years) * len(countries) or 1
    step = 0
    for year in years:
        rows: dict[str, dict[str, int]] = {}
        for xx in countries:
            say(f"{year} {xx}", 0.9 * step / total)
            step += 1
            params = {
                "filter": f"publication_year:{year},authorships.countries:{xx},"
                "countries_distinct_count:>1",
                "group_by": "authorships.countries",
                "per_page": PER_PAGE,
            }
            row: dict[str, int] = {}
            for page in client.pages("works", params, key="group_by"):
                for group in page:
                    try:
                        code, count = _code(group["key"]), int(group["count"])
                    except (KeyError, TypeError, ValueError) as exc:
                        raise UserError(
                            "openalex_error",
                            f"OpenAlex answered a group without key and count: {group!r:.120}",
                        ) from exc
                    if count > 0 and code:
                        row[code] = row.get(code, 0) + count
            rows[xx] = row
        nets.rows[year] = rows
    return nets


def write_pajek(nets: Networks, folder: Path) -> list[Path]:
    """NAMEyyyy.net (symmetric *arcs, diagonal = international works) and NAMEyyyyT.vec."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = sorted(
        set(nets.fetched) | {c for rows in nets.rows.values() for row in rows.values() for c in row}
    )
    index = {c: k + 1 for k, c in enumerate(codes)}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    written = []
    for year in nets.years:
        rows = nets.rows.get(year, {})
        weights: dict[tuple[str, str], int] = {}
        for xx, row in rows.items():
            for yy, count in row.items():
                weights[(xx, yy)] = count
                if yy != xx and yy not in rows:  # the partner's own row was not fetched
                    weights[(yy, xx)] = count
        header = (
            f"% collabbot openalex fetch {stamp}: OpenAlex works {year}, countries {len(codes)}\n"
        )
        lines = [header, f"*vertices {len(codes)}\n"]
        lines += [f'{index[c]} "{c}"\n' for c in codes]
        lines.append("*arcs\n")
        for (a, b), w in sorted(
            weights.items(), key=lambda item: (index[item[0][0]], index[item[0][1]])
        ):
            lines.append(f"{index[a]} {index[b]} {w}\n")
        net = folder / f"{STEM}{year}.net"
        net.write_text("".join(lines), encoding="utf-8")
        diagonal = [weights.get((c, c), 0) for c in codes]
        vec = folder / f"{STEM}{year}T.vec"
        vec.write_text(
            header + f"*vertices {len(codes)}\n" + "".join(f"{d}\n" for d in diagonal),
            encoding="utf-8",
        )
        written += [net, vec]
    return written


def run_fetch(
    *,
    years: str,
    countries: Sequence[str] | None,
    email: str,
    out: str | None,
    load_it: bool,
    dataset: str | None,
    db: str | None,
    base_url: str | None,
    cache_dir: str | None,
    use_cache: bool,
    progress: Callable[[str, float], None] | None = None,
) -> tuple[list[Path], LoadReport | None, OpenAlexClient]:
    """The whole command: fetch, write the Pajek files, and (unless told not to) load them."""
    wanted_years = parse_years(years)
    wanted = parse_countries(countries)
    client = OpenAlexClient(
        email,
        base_url=base_url,
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
        use_cache=use_cache,
    )
    nets = fetch(client, wanted_years, wanted, progress)
    folder = Path(out or "openalex-networks").expanduser()
    files = write_pajek(nets, folder)
    report = None
    if load_it:
        from data.loaders import load

        source = (
            f"OpenAlex API ({client.base_url}), fetched {dt.date.today():%d %b %Y} by collabbot: "
            f"works by authorships.countries, {len(wanted)} countries",
            f"api-{dt.date.today():%Y%m%d}",
        )
        report = load(
            "openalex-networks",
            [str(p) for p in files],
            dataset=dataset,
            db=db,
            progress=progress,
            source=source,
        )
    return files, report, client
