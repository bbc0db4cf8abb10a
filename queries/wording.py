"""Every sentence the answer layer says to a person: headlines, notes, error messages."""

from __future__ import annotations

METRIC_PHRASE = {
    "cs": "bilateral CS",
    "joint_articles": "joint articles",
    "count": "articles",
    "share": "Share",
}
# Joint figures of a source that counts every type of work (the OpenAlex networks).
ALL_TYPES_PHRASE = "joint works (all types)"
ALL_TYPES_AXIS = "Joint works, all types (whole count)"
METRIC_AXIS = {
    "cs": "Bilateral collaboration score (CS, fractional count)",
    "joint_articles": "Joint articles (whole count)",
    "count": "Articles (count)",
    "share": "Share (fractional count)",
    "percent": "Percent of international articles (%)",
    "pct_change": "Change (%)",
    "abs_change": "Change in bilateral CS",
}
SUBJECT_PHRASE = {
    "natural_sciences": "natural sciences",
    "all": "all subjects, including health sciences",
    "biological_sciences": "biological sciences",
    "chemistry": "chemistry",
    "earth_environmental_sciences": "earth & environmental sciences",
    "physical_sciences": "physical sciences",
    "health_sciences": "health sciences",
}
AGGREGATE_PHRASE = {
    "group": "articles involving {focal} and at least one {group} country",
    "international": "{focal_s} internationally collaborative articles",
    "domestic": "{focal_s} domestic-only articles (all authors in {focal})",
    "count": "{focal_s} articles (Count)",
    "share": "{focal_s} Share",
}

SYNTHETIC_NOTE = (
    "Synthetic demo data: not real figures (calibrated to the published Nature Index figures only)."
)
SMALL_BASE = "from a very small base"
NATURAL_NOTE = "Natural sciences = all Nature Index subjects except health sciences."
INTERNAL_ERROR = (
    "Sorry, something went wrong on our side while answering that. It has been logged; "
    "please try again or rephrase."
)
QUERY_TIMEOUT = (
    "That question took too long to answer and was stopped. Try fewer years or partners."
)


def possessive(name: str) -> str:
    """“China's”, but “United States'” and “Netherlands'”."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(value: float | None, decimals: int) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}"


def percent(value: float | None, signed: bool = True) -> str:
    """+1,185% / +8.4% / −15%: one decimal below 10 %, none above (as the article writes)."""
    if value is None:
        return "n/a"
    decimals = 1 if abs(value) < 10 else 0
    text = f"{abs(value):,.{decimals}f}%"
    if not signed:
        return text
    return ("+" if value >= 0 else "−") + text


def signed(value: float | None, decimals: int) -> str:
    """+12.50 / −3: an absolute change with its sign."""
    if value is None:
        return "n/a"
    return ("+" if value >= 0 else "−") + number(abs(value), decimals)


def direction(pct: float | None) -> str:
    if pct is None:
        return "went"
    if abs(pct) < 2:
        return "held steady"
    return "rose" if pct > 0 else "fell"


def year_list(labels: list[str]) -> str:
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def membership_note(group: str, rule: str, on_label: str, on_date: str) -> str:
    if rule == "current":
        return (
            f"Current {group} membership, taken at the end of the dataset's latest window "
            f"({on_date}) so that the answer does not change with the calendar, applied to "
            "every year compared."
        )
    if rule == "as_of":
        return f"{group} membership as at the end of {on_label} ({on_date}), applied to every year compared."
    return (
        f"{group} membership as at the end of the latest window asked about, {on_label} "
        f"({on_date}), applied to every year compared."
    )


def metric_fallback(dataset: str, wanted: str, used_phrase: str) -> str:
    return f"The {dataset} dataset has no {METRIC_PHRASE[wanted]}; showing {used_phrase} instead."


def subject_fallback(dataset: str, wanted: str) -> str:
    return (
        f"The {dataset} dataset has no subject split, so the figures cover all subjects "
        f"(you asked for {SUBJECT_PHRASE[wanted]})."
    )


def year_not_available(asked: list[int], available: str, dataset: str) -> str:
    years = ", ".join(str(y) for y in asked)
    return f"The {dataset} dataset has no figures for {years}. It has {available}."


def metric_not_available(dataset: str, what: str, why: str) -> str:
    return f"The {dataset} dataset cannot answer {what}: {why}."


def unknown_dataset(name: str, known: list[str]) -> str:
    return f"There is no dataset called “{name}”. Loaded datasets: {', '.join(known) or 'none'}."


def excluded_from_growth(names: list[str], min_base: str) -> str:
    return f"Not ranked by growth (start value below {min_base}): {', '.join(names)}."


# The demo follows Nature Index practice: Hong Kong and Macao are counted within China.
FOLDED_INTO_CHINA = ("HKG", "MAC")


def no_joint_articles(focal: str, partner: str, dataset: str, folded: bool) -> str:
    text = (
        f"The {dataset} dataset has no joint articles between {focal} and {partner} in these years"
    )
    if folded:
        text += " (it counts Hong Kong and Macao within China, as the Nature Index does)"
    return text + "."


def missing_figures(dataset: str, listed: str) -> str:
    return (
        f"The {dataset} dataset lists no figure for {listed}: shown as missing (–), not zero "
        "(a file of totals does not say whether there were none)."
    )


def left_group(group: str, names: str, on_date: str) -> str:
    return f"Not counted as {group} members on {on_date} (they had left): {names}."


def truncated(cap: int) -> str:
    return f"Only the first {cap:,} rows are shown."
