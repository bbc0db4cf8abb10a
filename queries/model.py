"""The frozen value types that flow through the bot: Question in, Answer out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from data.errors import ErrorInfo

__all__ = ["Answer", "ChartSpec", "Change", "DatasetInfo", "ErrorInfo", "Question", "Row"]

# Stable vocabularies (these strings appear in JSON output and golden files).
KINDS = (
    "pair",
    "partners",
    "top",
    "rising",
    "falling",
    "aggregate",
    "share",
    "rank",
    "define",
    "help",
)
METRICS = ("cs", "joint_articles", "count", "share")
SUBJECTS = (
    "natural_sciences",
    "all",
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
    "health_sciences",
)
# The five subjects an article can carry; the other two SUBJECTS are unions of these.
ARTICLE_SUBJECTS = (
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
    "health_sciences",
)
# For kind == "aggregate": what is counted about the focal country.
AGGREGATES = ("group", "international", "domestic")
# BRI (and other group) membership rule: "latest" = membership at the end of the latest
# window asked about, applied to every year (DATA.md default); "as_of" = membership at the
# end of `membership_year`; "current" = members at the end of the dataset's latest window.
MEMBERSHIP_RULES = ("latest", "as_of", "current")
PRESENTATIONS = ("chart", "table")
ORDERS = ("pct", "abs")
# A yes/no question about a trend: did it rise, fall, or hold steady?
CHECKS = ("rise", "fall", "steady")


@dataclass(frozen=True)
class Question:
    """A parsed question. Countries are ISO 3166-1 alpha-3 codes; years are window years."""

    kind: str
    metric: str = "cs"
    subject: str = "natural_sciences"
    focal: str | None = None  # the focal country (China in most questions)
    partners: tuple[str, ...] = ()  # partner countries, in the order asked
    group: str | None = None  # "BRI", "EU", "G7", "G20", "OECD", "ASEAN", "BRICS", "WORLD"
    years: tuple[int, ...] = ()  # ascending
    series: bool = False  # True: every year in years[0]..years[-1] (a range / "since")
    limit: int | None = None  # top N (kind top / rising / rank scope)
    aggregate: str | None = None  # kind "aggregate": one of AGGREGATES
    membership: str = "latest"
    membership_year: int | None = None  # with membership == "as_of"
    order: str = "pct"  # kinds rising / falling: by percentage or absolute change
    check: str | None = None  # a yes/no question about a trend: one of CHECKS
    term: str | None = None  # kind "define": the term or list asked about
    datasets: tuple[str, ...] = ()  # empty: the configured default dataset
    presentation: str = "chart"
    assumptions: tuple[str, ...] = ()  # stated assumptions ("Assuming Korea = South Korea")

    @property
    def countries(self) -> tuple[str, ...]:
        """Focal country first, then partners (the JSON `countries` field)."""
        return ((self.focal,) if self.focal else ()) + self.partners

    def with_(self, **changes: Any) -> Question:
        return replace(self, **changes)


@dataclass(frozen=True)
class Row:
    """One figure: a value of the metric for one country (partner, or the focal country for
    aggregates) in one window year."""

    year: int
    country: str  # ISO3
    value: float | None
    rank: int | None = None
    dataset: str | None = None  # set when one answer compares several datasets

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "country": self.country, "value": self.value}
        if self.rank is not None:
            out["rank"] = self.rank
        if self.dataset is not None:
            out["dataset"] = self.dataset
        return out


@dataclass(frozen=True)
class Change:
    """How one country's figure moved between the first and last year compared."""

    country: str  # ISO3
    start: float | None
    end: float | None
    abs_change: float | None
    pct_change: float | None  # percent, e.g. 132.0 for +132 %
    cagr_pct: float | None = None  # series only
    small_base: bool = False
    dataset: str | None = None  # set when one answer compares several datasets


@dataclass(frozen=True)
class ChartSpec:
    """What to draw, independent of how. `series` values align with `categories`."""

    kind: str  # "bars" | "dumbbell" | "line" | "bubble" | "hbar"
    title: str
    value_label: str  # axis label with its unit
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    note: str = ""  # footer: dataset, version, real (source, as of) or synthetic, window notes
    alt_text: str = ""
    # The whole reading, so that a forwarded chart keeps its context: the receipt's words
    # (metric, countries or group, subject, years compared).
    subtitle: str = ""
    # Year labels (categories or series names) the dataset marks as possibly incomplete.
    incomplete: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()  # categories whose change starts from a very small base
    highlight: str | None = None  # the category a rank question asked about
    decimals: int | None = None  # None: the answer's precision
    style: str = ""  # "" plain figures, "percent" (a share), "change_pct", "change_abs"
    # Datasets compared: one complete spec each, drawn side by side (the others fields then
    # describe the whole picture).
    panels: tuple[ChartSpec, ...] = ()


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of the dataset an answer came from."""

    name: str
    version: str
    source: str
    synthetic: bool
    year_labels: tuple[tuple[int, str], ...] = ()  # (2023, "2023*")
    window_notes: tuple[str, ...] = ()  # "2023* = August 2022 – July 2023"
    measure: str = ""  # what its figures count in this answer ("bilateral CS", "joint works")
    precision: int | None = None  # decimals for its figures in this answer
    as_of: str = ""  # "27 Aug 2024": the date the data was taken (real data)

    def label(self, year: int) -> str:
        return dict(self.year_labels).get(year, str(year))


@dataclass(frozen=True)
class Answer:
    """Everything a reply needs: figures, words, provenance, a chart spec, the SQL."""

    text: str  # what the person typed
    ok: bool
    question: Question | None = None
    receipt: str = (
        ""  # canonical question text ("CS · China–Thailand · natural sciences · 2015 vs 2023*")
    )
    headline: str = ""  # the figure in words
    rows: tuple[Row, ...] = ()
    changes: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()
    chart: ChartSpec | None = None
    # The SQL shown to a person: a text, or a function that makes it when first asked for
    # (`sql`): printing it took longer than most lookups it describes, and most replies never
    # show it. `query` identifies what ran (statement and values), for caches and equality.
    sql_text: str | Callable[[], str] = field(default="", compare=False)
    query: tuple[Any, ...] = ()
    datasets: tuple[DatasetInfo, ...] = ()
    precision: int = 2  # decimals to show for values
    error: ErrorInfo | None = None
    help_text: str = ""  # kind == "help"
    # A follow-up that asks to see the previous answer another way: "sql", "csv",
    # "by_subject", "table"; or "undo" (this is the answer to the question before the edit).
    action: str | None = None
    verdict: str = ""  # a yes/no question's direct answer ("Yes — down 15%.")
    names: tuple[tuple[str, str], ...] = field(default=())  # ISO3 -> display name

    @property
    def sql(self) -> str:
        text = self.sql_text
        if callable(text):
            text = text()
            # Kept once made; the dataclass is frozen for its fields' sake, not this cache's.
            object.__setattr__(self, "sql_text", text)
        return text

    @property
    def change_pct(self) -> float | None:
        """The percent change of the first compared country, where two years are compared."""
        return self.changes[0].pct_change if len(self.changes) == 1 else None

    def name(self, iso3: str) -> str:
        return dict(self.names).get(iso3, iso3)
