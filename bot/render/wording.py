"""Every user-facing word of the reply and the chart, in one place so it can move or be translated."""

from __future__ import annotations

# Placeholders in table cells and chart labels when a figure is missing.
MISSING = "–"

# Table headers.
HEADER_RANK = "Rank"
HEADER_PARTNER = "Partner"
HEADER_COUNTRY = "Country"
HEADER_PAIR = "Pair"
HEADER_YEAR = "Year"
HEADER_DATASET = "Dataset"
HEADER_CHANGE = "Change"
HEADER_CHANGE_PP = "Change (pp)"
HEADER_CHANGE_ABS = "Change (abs)"
HEADER_CHANGE_CSV = "Change (%)"

# Parse receipt, notes and footer.
RECEIPT_PREFIX = "Understood: "
ASSUMING = "{assumption}"
SMALL_BASE = "{name}: from a very small base ({value} in {year})."
SMALL_BASE_WORDS = "small base"
DATASET = "Dataset: {name} {version}"
SOURCE = "Source: {source}"
SYNTHETIC = "Synthetic demo data — not real figures"
ROWS_SHOWN = "Showing rows {first}–{last} of {total}; the CSV button gives them all."
ROWS_PART = "Rows {first}–{last} of {total}"
CONTINUED = "(continued) {receipt}"

# Buttons under an answer: (action_id, label).
BUTTONS = (
    ("show_sql", "Show SQL"),
    ("csv", "CSV"),
    ("by_subject", "By subject"),
    ("over_time", "Over time"),
)

# Error replies.
HEADER_MEASURE = "Measure"
ERROR_TITLE = "I couldn't answer that"
ERROR_ASKED = "You asked: {text}"
ERROR_UNDERSTOOD = "I understood: {receipt}"
ERROR_NOT_UNDERSTOOD = "Not understood: {message}"
ERROR_CANNOT_ANSWER = "Can't answer that: {message}"
ERROR_DID_YOU_MEAN = "Did you mean:"
ERROR_CHOICES = "Which do you mean? (reply with the number, or pick one)"
ERROR_EXAMPLES = "Questions you could ask:"
ERROR_EMPTY = "Something went wrong."

# Help replies.
HELP_TITLE = "Ask me about research collaboration"
HELP_FALLBACK = (
    "Ask a question such as `CS China–Thailand 2015 vs 2023` or "
    "`top 15 BRI partners of China 2023`."
)

# Chart words.
CHART_SHOWN_OF = "{shown} of {total} shown"
CHART_CHANGE = "{start} → {end}: {change}"
CHART_LEGEND_AREA = "Circle area ∝ value"
CHART_ALT = "{kind} chart: {title}."
CHART_ALT_KINDS = {
    "bars": "Bar",
    "dumbbell": "Dumbbell",
    "line": "Line",
    "bubble": "Bubble",
    "hbar": "Horizontal bar",
}
CHART_ALT_MORE = "and {count} more."
CHART_ALT_HIGHLIGHT = "{name} is highlighted."
