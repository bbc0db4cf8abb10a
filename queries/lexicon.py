"""The closed vocabulary of the question language: phrase -> (category, value)."""

from __future__ import annotations

from functools import cache

from data.catalogue import group_aliases
from queries.tokens import phrase_keys

# Words that change nothing about a question ("what was", "please", "the").
_FILLER_TEXT = """
what what's whats was is are were how did does do has have had show me give tell list
please pls kindly the a an of for in on at about over which who whom whose that this these
those change changes changed changing trend trends compare compared comparison between
collaborate collaborated collaborating collaborations evolve evolved
evolution develop developed development look like it its their there been be i want
to_know see get find display plot chart_of show_us give_us tell_us can_you could_you
would_you what_about how_about instead also number figure figures data value values
stats statistics research science scientific output go went gone where when does
"""
FILLER = [w.replace("_", " ") for w in _FILLER_TEXT.split()]

# (category, value, phrases). Multi-word phrases are matched longest-first, so
# "belt and road" beats "and", and "domestic articles" beats "articles".
_ENTRIES: list[tuple[str, str, str]] = [
    (
        "metric",
        "cs",
        "cs|c.s.|collaboration score|collaboration scores|bilateral cs|"
        "bilateral collaboration score|bilateral collaboration|score|scores",
    ),
    (
        "metric",
        "joint",
        "joint articles|joint papers|joint publications|joint works|papers|"
        "articles|co-authored|coauthored|co-authored papers|coauthored papers|"
        "co-authored articles|coauthored articles|co-authorship|coauthorship|publications|works|"
        "co-publications|copublications|joint article|joint paper|paper|article",
    ),
    ("metric", "count", "count|counts|article count|whole count"),
    ("metric", "share", "share|fractional count|fractional share|fractional counts"),
    ("subject", "chemistry", "chemistry|chem"),
    ("subject", "physical_sciences", "physical sciences|physical science|physics"),
    (
        "subject",
        "biological_sciences",
        "biological sciences|biological science|biology|life sciences|life science|biosciences",
    ),
    (
        "subject",
        "earth_environmental_sciences",
        "earth & environmental sciences|"
        "earth and environmental sciences|earth sciences|earth science|environmental sciences|"
        "environmental science|earth & environmental|earth and environmental|"
        "earth & environment|earth and environment|geosciences",
    ),
    (
        "subject",
        "health_sciences",
        "health sciences|health science|health|medicine|"
        "medical sciences|medical science|clinical sciences",
    ),
    ("subject", "natural_sciences", "natural sciences|natural science|natural-sciences"),
    (
        "subject",
        "all",
        "all subjects|all fields|all sciences|all disciplines|all areas|"
        "including health sciences|including health science|including health|"
        "incl. health sciences|incl health sciences|incl. health|inc. health sciences|"
        "with health sciences|plus health sciences|every subject",
    ),
    (
        "top",
        "",
        "top|strongest|biggest partners|largest partners|leading|main|most important|closest",
    ),
    (
        "fastest",
        "",
        "fastest|quickest|most rapidly|risers|climbers|growers|top risers|"
        "percentage increase|relative increase|percent increase|percentage growth|relative growth",
    ),
    ("big", "", "biggest|largest|greatest|most|highest"),
    ("big_rise", "", "absolute increase|absolute gain|absolute rise|absolute growth"),
    (
        "rise",
        "",
        "rising|growing|rise|rises|rose|increase|increases|increased|gain|gains|"
        "growth|grow|grew|grown",
    ),
    ("rank", "", "rank|ranks|ranked|ranking|position|place|standing"),
    ("among", "", "among|amongst"),
    (
        "partners",
        "",
        "partners|partner|collaborators|partner countries|countries|members|"
        "member countries|member states|nations|collaborating countries",
    ),
    ("with", "", "with"),
    ("and", "", "and"),
    ("vs", "", "vs|vs.|versus|v|v.|compared to|compared with|against"),
    ("to", "", "to"),
    ("from", "", "from"),
    ("since", "", "since|after"),
    ("through", "", "through|thru|until|till"),
    ("latest", "", "latest|latest year|most recent year|this year|now|today"),
    ("by", "", "by|in terms of|measured by|using"),
    ("table", "table", "as a table|as table|in a table|table|tabular"),
    ("table", "chart", "as a chart|as chart|as a graph|chart|graph"),
    (
        "international",
        "",
        "international collaboration|international collaborations|"
        "international articles|international papers|international output|"
        "international co-authorship|internationally collaborative articles|"
        "internationally collaborative papers|international|internationally",
    ),
    (
        "domestic",
        "",
        "domestic articles|domestic papers|domestic output|domestic-only articles|"
        "domestic only articles|domestic collaboration|domestic-only|domestic only|domestic|"
        "domestically",
    ),
    ("collab", "", "collaboration|collaborations|ties|links|cooperation"),
    ("share_of", "", "share of|proportion of|percentage of|fraction of"),
    ("as_of", "", "as of|as at|members as of|membership as of"),
    ("current", "", "current|currently|current members|today's"),
    ("membership", "", "membership|members|member"),
    ("help", "", "help|examples|example|usage|how do i|what can you do|hello|hi|hey"),
    ("over_time", "", "over time|over the years|every year|each year|yearly|per year|series"),
    ("without", "", "without|except|excluding|minus|drop|remove|not"),
    ("add", "", "add|also add|include|plus"),
    ("dataset_word", "", "dataset|data set|database|source"),
]

_NUMBER_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {w: i for i, w in enumerate(_NUMBER_TEXT.split()) if i}

# Datasets the project knows of; a name here that the deployment does not hold gets
# unknown_dataset rather than unknown_word.
KNOWN_DATASETS = (
    "demo",
    "openalex",
    "nature index",
    "natureindex",
    "scopus",
    "web of science",
    "wos",
    "dimensions",
)

# Display labels used by the receipt (and understood by the parser).
METRIC_LABELS = {"cs": "CS", "joint_articles": "joint articles", "count": "count", "share": "share"}
SUBJECT_LABELS = {
    "natural_sciences": "natural sciences",
    "all": "all subjects",
    "biological_sciences": "biological sciences",
    "chemistry": "chemistry",
    "earth_environmental_sciences": "earth & environmental sciences",
    "physical_sciences": "physical sciences",
    "health_sciences": "health sciences",
}


@cache
def lexicon(datasets: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded token sequence -> (category, value), for a deployment's dataset names."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for word in FILLER:
        out[phrase_keys(word)] = ("filler", "")
    for cat, value, phrases in _ENTRIES:
        for p in phrases.split("|"):
            out[phrase_keys(p)] = (cat, value)
    for word, n in NUMBER_WORDS.items():
        out[(word,)] = ("number", str(n))
    for alias, code in group_aliases.items():
        out[phrase_keys(alias)] = ("group", code)
    for name in KNOWN_DATASETS:
        out[phrase_keys(name)] = ("dataset_unknown", name)
    for name in datasets:
        out[phrase_keys(name)] = ("dataset", name)
    out.pop((), None)
    return out


@cache
def vocabulary() -> tuple[str, ...]:
    """Every phrase a person might have meant, for did-you-mean (not filler)."""
    words: set[str] = set()
    for cat, _value, phrases in _ENTRIES:
        if cat not in ("and", "with", "to", "from", "vs", "by"):
            words.update(p for p in phrases.split("|") if len(p) > 2)
    words.update(a for a in group_aliases if len(a) > 1)
    return tuple(sorted(words))
