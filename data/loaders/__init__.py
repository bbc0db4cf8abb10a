"""Loading user files into the store: `load(kind, paths, dataset=..., db=...)` -> LoadReport."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from data.errors import UserError
from data.loaders import (
    articles,
    figures,
    natureindex,
    openalex,
    spark_figures,
    works,
    workstage,
)
from data.loaders import provenance as prov
from data.loaders import workrules as rules
from data.loaders.csvfiles import Table, open_source, read_table
from data.loaders.journals import JournalList, read_journals
from data.loaders.report import LoadReport, Problems, quiet, shown
from data.loaders.stage import Stage
from data.loaders.workstage import WorkFilters
from data.lock import Waiting
from data.schema import DEFAULT_LAG_MONTHS
from data.store import NoSpace, resolve_db_path
from data.writer import (
    ARTICLE_METRICS,
    DatasetMeta,
    write_article_build,
    write_article_dataset,
    write_table_dataset,
)

__all__ = ["KINDS", "LoadReport", "WorkFilters", "load", "parse_types", "read_journal_list"]

KINDS = (
    "articles",
    "pairs",
    "countries",
    "openalex-networks",
    "openalex-works",
    "natureindex",
    "spark-figures",
)
OPENALEX_NAME = "openalex"
OPENALEX_SOURCE = (
    "OpenAlex country co-authorship networks (bavla/OpenAlex, Countries/27aug24, "
    "built 27 Aug 2024 from the OpenAlex API)"
)
OPENALEX_VERSION = "27aug24"
# The demo is built by `data build-demo`, never by a load: a load under its name would pass
# real-looking user data off as the labelled synthetic set, or the reverse.
RESERVED_NAMES = frozenset({"demo"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


def load(
    kind: str,
    paths: list[str],
    *,
    dataset: str | None,
    db: str | os.PathLike[str] | None,
    progress: Callable[[str, float], None] | None = None,
    source: tuple[str, str] | None = None,
    as_of: dt.date | None = None,
    lag_months: int = DEFAULT_LAG_MONTHS,
    filters: WorkFilters | None = None,
    waiting: Waiting | None = None,
) -> LoadReport:
    """Validate the files completely, then write them as one dataset in one atomic swap.

    Any problem raises UserError("bad_file", ...) naming every file and line at fault, and the
    database file is not touched. `source` = (source, version) for networks built elsewhere
    than bavla/OpenAlex 27aug24 (e.g. by `openalex fetch`). `as_of` = the date the data was
    taken (else it is read from the files, see provenance.py); a year that ended less than
    `lag_months` before it may still grow. `filters` (openalex-works only): the types and
    journals kept. `waiting`: how long to wait for another writer
    of the same database, and where to say so.
    """
    started = time.perf_counter()
    say = progress or quiet
    if kind not in KINDS:
        raise UserError(
            "bad_kind", f"Unknown kind of file “{kind}”; choose one of {', '.join(KINDS)}."
        )
    if not paths:
        raise UserError("bad_file", "No files given.")
    if filters is not None and kind != "openalex-works":
        raise UserError("bad_option", "--types and --journals apply to openalex-works only.")
    files = [Path(p).expanduser() for p in paths]
    name = _dataset_name(kind, files, dataset)
    target = resolve_db_path(db)
    problems = Problems()
    out = Output(target, waiting or Waiting())
    when = _When(as_of, prov.check_lag(lag_months))
    if kind == "openalex-networks":
        report = _load_networks(name, files, out, problems, say, when, source)
    elif kind == "openalex-works":
        report = _load_works(name, files, out, problems, say, when, filters or WorkFilters())
    elif kind == "natureindex":
        report = _load_natureindex(name, files, out, problems, say, when)
    elif kind == "spark-figures":
        if len(files) != 1:
            raise UserError("bad_file", "spark-figures takes one folder: the OUT of build-spark.")
        report = spark_figures.load(name, files[0], out.path, problems, say, when, out.waiting)
    else:
        report = _load_tables(kind, name, files, out, problems, say, when)
    say("done", 1.0)
    return LoadReport(
        dataset=name,
        kind=kind,
        files=report["files"],
        rows=report["rows"],
        years=report["years"],
        seconds=time.perf_counter() - started,
        warnings=tuple(problems.warnings),
        db=str(target),
        written=report["written"],
        left_out=report.get("left_out", {}),
        as_of=report["as_of"].date,
        as_of_basis=report["as_of"].basis,
        filters=report.get("filters", ""),
    )


class _When:
    """--as-of and --lag-months, and the as-of date a loader settles on from its files."""

    def __init__(self, as_of: dt.date | None, lag_months: int) -> None:
        self.given = prov.given(as_of)
        self.lag_months = lag_months

    def settle(self, *found: prov.AsOf | None) -> prov.AsOf:
        """--as-of if given, else the first date the files or data yield."""
        for candidate in (self.given, *found):
            if candidate is not None and candidate.date is not None:
                return candidate
        return prov.AsOf(None, "unknown")

    def meta(self, settled: prov.AsOf) -> dict:
        return {
            "as_of": settled.date,
            "as_of_basis": settled.basis,
            "incomplete_lag_months": self.lag_months,
        }


def parse_types(text: str) -> tuple[str, ...] | None:
    """--types: `all` (None: every type) or comma-separated OpenAlex/Crossref type names."""
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if names == ["all"]:
        return None
    unknown = [n for n in names if n not in rules.KNOWN_TYPES]
    if not names or unknown:
        named = ", ".join(f"“{shown(n, 30)}”" for n in unknown[:5]) or "nothing"
        raise UserError(
            "bad_option",
            f"--types: {named} is not a work type; use all or a comma-separated list of "
            f"OpenAlex types ({', '.join(sorted(rules.KNOWN_TYPES))}).",
        )
    return tuple(dict.fromkeys(names))


def read_journal_list(spec: str) -> JournalList:
    """--journals FILE or nature-index, or UserError naming what is wrong with the file."""
    problems = Problems()
    journals = read_journals(spec, problems)
    problems.raise_if_any(f"the journal list {spec}")
    assert journals is not None
    return journals


@dataclass(frozen=True)
class Output:
    """Where a load writes, and how long it waits for another writer there."""

    path: Path
    waiting: Waiting


def _dataset_name(kind: str, files: list[Path], dataset: str | None) -> str:
    if dataset is None:
        dataset = OPENALEX_NAME if kind == "openalex-networks" else _stem(files[0])
    name = dataset.strip().lower()
    if not _NAME.match(name):
        raise UserError(
            "bad_dataset_name",
            f"“{dataset}” can't be a dataset name: use letters, digits, “_”, “-” or “.” (at most 64).",
        )
    if name in RESERVED_NAMES:
        raise UserError(
            "bad_dataset_name",
            f"“{name}” is the built-in synthetic dataset; give your data another name with --dataset.",
        )
    return name


def _stem(path: Path) -> str:
    name = re.sub(r"(\.jsonl|\.json|\.ndjson)?(\.gz)?$", "", path.name, flags=re.IGNORECASE)
    path = Path(name) if name != path.name else path
    stem = re.sub(r"[^a-z0-9_.-]+", "_", path.stem.lower()).strip("_.-")
    return stem or "loaded"


def _fingerprint(files: list[Path]) -> str:
    """A version string that changes whenever the input bytes change."""
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:12]


def _read_all(
    files: list[Path], problems: Problems, say: Callable[[str, float], None]
) -> list[Table]:
    """Every file read, or UserError with every problem found in any of them."""
    tables = []
    for k, path in enumerate(files):
        span = (0.5 * k / len(files), 0.5 * (k + 1) / len(files))
        say(f"reading {shown(path.name, 200)}", span[0])
        table = read_table(path, problems, say, span)
        if table is not None:
            tables.append(table)
    problems.raise_if_any(_what(files))
    say("checking", 0.55)
    return tables


def _load_tables(
    kind: str,
    name: str,
    files: list[Path],
    out: Output,
    problems: Problems,
    say: Callable[[str, float], None],
    when: _When,
) -> dict:
    """Stream the files through their checks into a stage beside the database, then write
    the staged rows in one atomic swap; the store is not touched unless every check passed."""
    what = _what(files)
    sources = [s for s in (open_source(p, problems) for p in files) if s is not None]
    problems.raise_if_any(what)
    listed = ", ".join(_names(files))

    def meta(
        what_it_is: str, metrics: tuple[str, ...], level: str, as_of: prov.AsOf
    ) -> DatasetMeta:
        return DatasetMeta(
            name=name,
            source=f"files: {listed}",
            synthetic=False,
            version=_fingerprint(files),
            description=f"{what_it_is} loaded from {listed}",
            metrics=metrics,
            level=level,
            **when.meta(as_of),
        )

    with disk_full_is_a_problem(problems, what), Stage(out.path) as stage:
        if kind == "articles":
            data = articles.build(sources, problems, say, stage)
            problems.raise_if_any(what)
            assert data is not None
            newest = data.stage.one("SELECT max(date) FROM stage.articles")
            as_of = when.settle(
                prov.AsOf(newest, "the newest article date in the data (give --as-of)"),
                prov.end_of_newest_year(w.end_date for w in data.windows),
            )
            stages = iter((0.7, 0.75, 0.8, 0.85, 0.95))
            staged_articles, staged_authorships = data.output()
            write_article_dataset(
                out.path,
                meta("Article-level data", ARTICLE_METRICS, "articles", as_of),
                data.windows,
                staged_articles,
                staged_authorships,
                progress=lambda stage: say(f"writing {stage}", next(stages, 0.95)),
                waiting=out.waiting,
            )
            return {
                "files": tuple(_names(files)),
                "rows": data.counts,
                "years": tuple(w.year for w in data.windows),
                "written": {},
                "as_of": as_of,
            }
        figs = figures.build(kind, sources, problems, say, stage)
        problems.raise_if_any(what)
        assert figs is not None
        as_of = when.settle(prov.end_of_newest_year(w.end_date for w in figs.windows))
        say("writing", 0.8)
        rows = figs.output()
        write_table_dataset(
            out.path,
            meta(
                f"{'Pair' if kind == 'pairs' else 'Country'} figures", figs.metrics, "tables", as_of
            ),
            figs.windows,
            rows if kind == "pairs" else None,
            rows if kind == "countries" else None,
            waiting=out.waiting,
        )
    table = "pair_figures" if kind == "pairs" else "country_figures"
    return {
        "files": tuple(_names(files)),
        "rows": figs.rows,
        "years": tuple(x.year for x in figs.windows),
        "written": {table: figs.rows[kind] * (2 if kind == "pairs" else 1)},
        "as_of": as_of,
    }


@contextlib.contextmanager
def disk_full_is_a_problem(problems: Problems, what: str) -> Iterator[None]:
    """A full disk (while staging, copying or writing) is one line of the problem report;
    the store is unchanged (atomic_write)."""
    try:
        yield
    except NoSpace as exc:
        problems.add(exc.message)
        problems.raise_if_any(what)
        raise


def _load_networks(
    name: str,
    files: list[Path],
    out: Output,
    problems: Problems,
    say: Callable[[str, float], None],
    when: _When,
    source: tuple[str, str] | None = None,
) -> dict:
    data = openalex.build(files, problems, say)
    problems.raise_if_any(_what(files))
    assert data is not None
    as_of = when.settle(
        prov.from_headers(data.header_dates, "the Pajek files' header comments"),
        prov.end_of_newest_year(w.end_date for w in data.windows),
    )
    meta = DatasetMeta(
        name=name,
        source=source[0] if source else OPENALEX_SOURCE,
        synthetic=False,
        version=source[1] if source else OPENALEX_VERSION,
        description="Real OpenAlex country co-authorship networks: joint works of every "
        "pair of countries (whole counts, all work types, no subject split) and each country's "
        "internationally co-authored works, by calendar year.",
        metrics=("joint_articles", "international"),
        level="tables",
        **when.meta(as_of),
    )
    say("writing", 0.85)
    write_table_dataset(
        out.path, meta, data.windows, data.pairs, data.countries, waiting=out.waiting
    )
    return {
        "files": tuple(data.files),
        "rows": data.rows,
        "years": tuple(w.year for w in data.windows),
        "written": {"pair_figures": 2 * len(data.pairs), "country_figures": len(data.countries)},
        "as_of": as_of,
    }


def _load_works(
    name: str,
    files: list[Path],
    out: Output,
    problems: Problems,
    say: Callable[[str, float], None],
    when: _When,
    filters: WorkFilters,
) -> dict:
    """Stream the JSON lines into stage tables chunk by chunk and apply the rules there; any
    problem (found anywhere in the files) raises inside the atomic write, so the database file
    is not touched."""
    for path in files:  # fail fast on a missing or empty file, before copying the database
        if not path.is_file():
            problems.add(f"{path}: no such file")
        elif path.stat().st_size == 0:
            problems.add(f"{shown(path.name, 200)}: the file is empty (0 bytes)")
    what = _what(files)
    problems.raise_if_any(what)
    reader = works.WorksReader(files, problems, say, with_issns=filters.journals is not None)
    given = when.settle()
    meta = DatasetMeta(
        name=name,
        source="OpenAlex works (JSON lines): " + ", ".join(_names(files)),
        synthetic=False,
        version=_fingerprint(files),
        description="Article-level data from OpenAlex works: Nature Index Shares (each author "
        "1/N of a work, split equally among the author's institutions); subjects from "
        "primary_topic, else the level-0 concepts; works the dataset can't use left out and "
        "counted by reason.",
        metrics=ARTICLE_METRICS,
        level="articles",
        filters=filters.describe(),
        **when.meta(given),
    )
    outcome = workstage.WorkOutcome()
    write_article_build(
        out.path,
        meta,
        lambda con: workstage.build(con, name, reader, filters, problems, what, say, outcome),
        waiting=out.waiting,
    )
    for message in outcome.warnings():
        problems.warn(message)
    return {
        "files": tuple(_names(files)),
        "rows": outcome.rows(),
        "years": outcome.years,
        "written": {"articles": outcome.loaded, "authorships": outcome.authorship_rows},
        "left_out": outcome.left_out,
        "as_of": given if given.date else outcome.as_of,
        "filters": meta.filters,
    }


def _load_natureindex(
    name: str,
    files: list[Path],
    out: Output,
    problems: Problems,
    say: Callable[[str, float], None],
    when: _When,
) -> dict:
    tables = _read_all(files, problems, say)
    data = natureindex.build(tables, files, problems)
    problems.raise_if_any(_what(files))
    assert data is not None
    as_of = when.settle(prov.end_of_newest_year(w.end_date for w in data.windows))
    meta = DatasetMeta(
        name=name,
        source="Nature Index table export: " + ", ".join(_names(files)),
        synthetic=False,
        version=_fingerprint(files),
        description=f"Nature Index tables loaded from {', '.join(_names(files))}",
        metrics=data.metrics,
        level="tables",
        **when.meta(as_of),
    )
    say("writing", 0.8)
    write_table_dataset(
        out.path, meta, data.windows, data.pairs, data.countries, waiting=out.waiting
    )
    written = {}
    if data.pairs is not None:
        written["pair_figures"] = 2 * len(data.pairs)
    if data.countries is not None:
        written["country_figures"] = len(data.countries)
    return {
        "files": tuple(_names(files)),
        "rows": data.rows,
        "years": tuple(w.year for w in data.windows),
        "written": written,
        "as_of": as_of,
    }


def _names(files: list[Path]) -> list[str]:
    """The files' names as messages and the dataset's provenance show them (escaped)."""
    return [shown(p.name, 200) for p in files]


def _what(files: list[Path]) -> str:
    return shown(files[0].name, 200) if len(files) == 1 else f"the {len(files)} files"
