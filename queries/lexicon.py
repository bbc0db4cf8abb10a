"""The closed vocabulary of the question language: phrase -> (category, value)."""

from __future__ import annotations

from functools import cache

from data.catalogue import group_aliases
from queries.tokens import phrase_keys

# Words that change nothing about a question ("what was", "please", "the"). Words that do
# change it (direction, period, kind cues) are entries below, never filler.
_FILLER_TEXT = """
what what's whats wats was is are were how did does do has have had show me give tell list
please pls plz kindly the a an of for in on at about which who whom whose that this these
those compare compared comparing comparison between look like it its their there been be i
want to_know see get find display plot chart_of show_us give_us tell_us can_you could_you
would_you what_about how_about instead also number numbers figure figures data value values
stats statistics research researchers science scientists scientific scholars authors go went
gone where when does let me let_me know quick q quick_q just exactly actually really still
now_then so then any overall total totals our we us_please i'd i'm id like_to need needed
for_me give_me got get_me pull pull_up bring_up produce produced producing publish published
publishing write wrote written writing co-write co-wrote co-written author authored
authoring make made making have_had been_doing doing do_with level levels amount volume
rate pace size extent degree story picture look_at looking_at check checking confirm
verify is_it_true is_it is_that true that's thats it's to_what by_what year's years'
countries' country's nation's between_them them they its_own own respectively et_cetera
etc same also_for across during for_the_period in_the_period period whole entire full
via based at_all ever both either each_other one_another mutual bilateral_ties jointly
how_many how_much how_high high higher bigger larger stronger lower smaller group
grouping bloc but all_types types of_all_types dumb silly stupid naive basic rule rules membership_rule apply applies applied hit hits reached reach
included includes what's_included fractional_or_whole or saw see_a experienced experience recorded record posted registered
showed shown continued continue continues continuing keep kept keeps strong strength
how_strong intense intensity would should could i_would i'd_like as as_a as_partners_of
involve involves involved involving at_least_one at_least with_at_least_one base base_year
reference_year replies reply answers answer here here's your yours u r ur use used uses
span spans loaded defined weighted weighting thing same_thing order author_order
know knows have_you has_it cover covers covered support supports supported offer hold holds
available listed tracked you your do_you can_i i_can ask there_is there_are in_the_data
my of_the terms term word words abbreviation acronym
"""
FILLER = [w.replace("_", " ") for w in _FILLER_TEXT.split()]


def _forms(*stems: str) -> str:
    """Phrases joined with | (the entries below list every form a person types)."""
    return "|".join(stems)


# (category, value, phrases). Multi-word phrases are matched longest-first, so
# "belt and road" beats "and", and "domestic articles" beats "articles".
_ENTRIES: list[tuple[str, str, str]] = [
    (
        "metric",
        "cs",
        "cs|c.s.|c.s|collaboration score|collaboration scores|collab score|collab scores|"
        "bilateral cs|bilateral collaboration score|bilateral collaboration scores|"
        "bilateral collaboration|bilateral score|score|scores|collaboration index",
    ),
    # An explicit joint measure between countries.
    (
        "metric",
        "joint",
        "joint articles|joint papers|joint publications|joint works|joint pubs|joint output|"
        "co-authored|coauthored|co-authored papers|coauthored papers|co-authored articles|"
        "coauthored articles|co-authored publications|co-authorship|coauthorship|"
        "co-authorships|co-publications|copublications|co-publication|copublication|"
        "co-pubs|joint article|joint paper|joint_articles|co-authored works|"
        "articles together|papers together|publications together|together|jointly authored|"
        "co-authoring|coauthoring|co-author|coauthor|co-authors|coauthors",
    ),
    # Articles, plainly: joint articles between countries, a Count for one country.
    (
        "papers",
        "",
        "papers|articles|publications|pubs|works|paper|article|publication|output|"
        "research output|scientific output|research articles|research papers|outputs",
    ),
    (
        "metric",
        "count",
        "count|counts|article count|whole count|whole counts|whole counting|counting",
    ),
    (
        "metric",
        "share",
        "share|fractional count|fractional share|fractional counts|fractional counting|"
        "nature index share|fractional|fractional counting|fractional or whole counting",
    ),
    ("subject", "chemistry", "chemistry|chem|chemical sciences|chemists|chemical|chem sciences"),
    (
        "subject",
        "physical_sciences",
        "physical sciences|physical science|physics|phys|phys sciences|phys sci|physical",
    ),
    (
        "subject",
        "biological_sciences",
        "biological sciences|biological science|biology|life sciences|life science|"
        "biosciences|bio|biological|bio sciences|biol|life sci",
    ),
    (
        "subject",
        "earth_environmental_sciences",
        "earth & environmental sciences|earth and environmental sciences|earth sciences|"
        "earth science|environmental sciences|environmental science|earth & environmental|"
        "earth and environmental|earth & environment|earth and environment|geosciences|"
        "env|enviro|environment|environmental|earth sci|earth & env|earth and env|"
        "env sciences|env science|env sci|environmental sci|enviro sciences|geoscience|"
        "earth/environmental|earth/env",
    ),
    (
        "subject",
        "health_sciences",
        "health sciences|health science|health|medicine|medical sciences|medical science|"
        "clinical sciences|med|medical|clinical|med sciences|medical research|health sci",
    ),
    ("subject", "natural_sciences", "natural sciences|natural science|natural-sciences"),
    (
        "subject",
        "all",
        "all subjects|all fields|all sciences|all disciplines|all areas|"
        "including health sciences|including health science|including health|"
        "incl. health sciences|incl health sciences|incl. health|incl health|inc. health sciences|"
        "with health sciences|plus health sciences|every subject|all subject areas|"
        "including medicine|incl. medicine|including med|incl. med|incl med|with health",
    ),
    # "excluding health sciences" is the natural sciences; other exclusions are refused.
    (
        "subject",
        "natural_sciences",
        "excluding health sciences|excluding health|without health sciences|without health|"
        "except health sciences|except health|excl. health|excl health|minus health|"
        "not including health sciences|not including health",
    ),
    (
        "top",
        "",
        "top|strongest|biggest partners|largest partners|leading|main|most important|"
        "closest|key|major|biggest collaborators|largest collaborators|strongest partners|"
        "top-ranked|best",
    ),
    (
        "fastest",
        "",
        "fastest|quickest|most rapidly|steepest|sharpest|percentage|percent|"
        "in percentage terms|in relative terms|relative|proportionally|most sharply|"
        "most quickly|rapidly|quickly|sharply|fast",
    ),
    # Compounds that say both how a change is ranked and which way it goes.
    (
        "fastest_rise",
        "",
        "fastest-growing|fastest-rising|quickest-growing|quickest-rising|fastest growing|"
        "fastest rising|quickest growing|quickest rising|percentage increase|relative increase|"
        "percent increase|percentage growth|relative growth|percentage rise|top risers|"
        "risers|climbers|growers|rising stars|fastest growth|steepest rise|steepest increase|"
        "sharpest rise|sharpest increase|steepest growth",
    ),
    (
        "fastest_fall",
        "",
        "fastest-shrinking|fastest-falling|fastest-declining|fastest shrinking|fastest falling|"
        "fastest declining|quickest-shrinking|percentage drop|percentage decline|"
        "percentage fall|percent drop|percent decline|relative decline|relative drop|fallers|"
        "decliners|steepest decline|steepest drop|steepest fall|sharpest decline|"
        "sharpest drop|sharpest fall|losers",
    ),
    (
        "absolute_rise",
        "",
        "absolute increase|absolute gain|absolute rise|absolute growth|biggest increase|"
        "largest increase|biggest gain|largest gain|biggest growth|biggest rise|largest rise|"
        "grew the most|grown the most|increased the most|rose the most|gained the most|"
        "grew most|rose most|increased most|gained most|biggest gains|biggest winners",
    ),
    (
        "absolute_fall",
        "",
        "absolute drop|absolute decline|absolute fall|absolute decrease|biggest drop|"
        "largest drop|biggest decline|largest decline|biggest fall|largest fall|"
        "biggest decrease|largest decrease|fell the most|dropped the most|declined the most|"
        "shrank the most|fell most|dropped most|declined most|shrank most|lost the most|"
        "biggest losses|biggest losers|biggest drops",
    ),
    ("big", "", "biggest|largest|greatest|most|highest|heaviest|strongest growth|big"),
    (
        "ordinal",
        "",
        "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|"
        "5th|6th|7th|8th|9th|10th|second-biggest|third-biggest|fourth-biggest|fifth-biggest|"
        "second-largest|third-largest|fourth-largest|fifth-largest|number one|no. 1|no 1",
    ),
    ("absolute", "", "absolute|absolute terms|in absolute terms|absolute change"),
    (
        "rise",
        "",
        "rising|growing|rise|rises|rose|risen|increase|increases|increased|increasing|gain|"
        "gains|gained|gaining|growth|grow|grows|grew|grown|go up|goes up|going up|went up|"
        "gone up|up|climb|climbs|climbed|climbing|jump|jumps|jumped|surge|surged|soar|soared|"
        "expand|expanded|expanding|expansion|strengthen|strengthened|strengthening|improve|"
        "improved|improving|boom|boomed|winners|upward|upwards|take off|took off|more|"
        "increasingly",
    ),
    (
        "fall",
        "",
        "falling|fall|falls|fell|fallen|decline|declines|declined|declining|drop|drops|dropped|"
        "dropping|shrink|shrinks|shrank|shrunk|shrinking|decrease|decreases|decreased|"
        "decreasing|go down|goes down|going down|went down|gone down|down|slide|slid|sliding|"
        "slump|slumped|collapse|collapsed|collapsing|contract|contracted|contracting|weaken|"
        "weakened|weakening|lose|loses|lost|losing|loss|losses|plunge|plunged|sink|sank|dip|"
        "dipped|erode|eroded|downward|downwards|reduction|reduced|less|fewer",
    ),
    (
        "steady",
        "",
        "stagnate|stagnated|stagnating|stagnant|stagnation|flat|flatlined|plateau|"
        "plateaued|plateauing|held steady|hold steady|holding steady|stable|stayed flat|"
        "stay flat|unchanged|level off|levelled off|leveled off",
    ),
    (
        "change",
        "",
        "change|changes|changed|changing|evolve|evolved|evolving|evolution|develop|"
        "developed|developing|development|trend|trends|trajectory|shift|shifted|shifting|"
        "move|moved|moving|movement|differ|different|difference|developments|progress|"
        "progressed|by how much|how far",
    ),
    (
        "rank",
        "",
        "rank|ranks|ranked|ranking|position|place|standing|stand|stands|ranking of|sit|sits|"
        "placed|come in|comes in",
    ),
    ("among", "", "among|amongst|out of all|relative to the other"),
    (
        "partners",
        "",
        "partners|partner|collaborators|collaborator|partner countries|countries|members|"
        "member countries|member states|nations|collaborating countries|partnerships|"
        "partner nations|foreign partners|international partners|co-authoring countries",
    ),
    ("list", "", "which countries|which nations|which partners|who|who's|whos|which"),
    ("with", "", "with|w/|w"),
    ("and", "", "and|x|×|plus also"),
    (
        "vs",
        "",
        "vs|vs.|versus|v|v.|compared to|compared with|against|relative to|compared|than|than in",
    ),
    ("to", "", "to|until the|up to"),
    ("from", "", "from|starting in|starting from|beginning in"),
    ("since", "", "since|after|post|starting|from 2015 onwards"),
    ("through", "", "through|thru|until|till|up to and including|to and including"),
    ("onwards", "", "onwards|onward|and beyond|and later"),
    ("instead_of", "", "instead of|rather than|in place of|replacing"),
    (
        "latest",
        "",
        "latest|latest year|most recent year|most recent|this year|now|today|currently|"
        "last year|at present|presently|the latest year|latest data|latest figures|nowadays",
    ),
    (
        "recent",
        "",
        "recent years|recently|lately|in recent years|these days|of late|recent",
    ),
    (
        "period_lead",
        "",
        "last|past|previous|over the last|over the past|in the last|"
        "in the past|during the last|during the past|the last|the past|over last|over past",
    ),
    ("years_unit", "", "years|year|yrs|yr|windows"),
    ("decade", "", "decade|ten years|10 years"),
    ("few", "", "few|couple of|couple|several"),
    (
        "over_time",
        "",
        "every year|each year|year by year|year-by-year|annually|yearly|"
        "per year|year on year|year-on-year|annual|by year|each year's|all years|"
        "over time|over the years|series|time series|timeline|over the period|throughout",
    ),
    ("by", "", "by|in terms of|measured by|using|ranked by|sorted by|ordered by"),
    ("table", "table", "as a table|as table|in a table|table|tabular|as text"),
    ("table", "chart", "as a chart|as chart|as a graph|chart|graph|plot it|visualise|visualize"),
    (
        "international",
        "",
        "international collaboration|international collaborations|"
        "international articles|international papers|international output|"
        "international co-authorship|internationally collaborative articles|"
        "internationally collaborative papers|international|internationally|intl|"
        "internationally collaborative|international collab|foreign collaboration|"
        "cross-border|international co-publications|collaboration abroad|"
        "international collaborative output|international research collaboration",
    ),
    (
        "domestic",
        "",
        "domestic articles|domestic papers|domestic output|domestic-only articles|"
        "domestic only articles|domestic collaboration|domestic-only|domestic only|domestic|"
        "domestically|purely domestic|home-grown|national only|without foreign co-authors",
    ),
    (
        "collab",
        "",
        "collaboration|collaborations|ties|links|cooperation|co-operation|collab|collabs|"
        "collaborate|collaborates|collaborated|collaborating|partnership|relationship|"
        "relations|connections|work with|works with|worked with|working with|work together|"
        "worked together|working together|partner with|partnered with|partnering with|"
        "team up with|teamed up with|collaborative|research ties|research links|"
        "scientific collaboration|scientific ties|research collaboration|bilateral ties|"
        "bilateral links|co-operate|cooperate|cooperated",
    ),
    (
        "share_of",
        "",
        "share of|proportion of|percentage of|fraction of|portion of|what fraction|"
        "what proportion|what percentage|what share|how much of|how big a share|"
        "percent of|per cent of|% of|what % of|how big a slice of|slice of|what slice of|"
        "share of all",
    ),
    ("as_of", "", "as of|as at|members as of|membership as of"),
    ("current", "", "current|current members|today's|current membership"),
    ("membership", "", "membership|member"),
    (
        "help",
        "",
        "help|examples|example|usage|how do i|what can you do|hello|hi|hey|how does this work|"
        "what do you do|what can i ask|how to use|instructions|commands|guide|start|"
        "what can u do|questions|question|kind of questions|kinds of questions|"
        "example questions|what kind of questions|what kinds of questions|ask you|can i ask",
    ),
    (
        "define",
        "",
        "define|definition|definitions|meaning|mean|means|meant|stand for|stands for|"
        "explain|explanation|what does|denote|denotes|how is|how are|computed|calculated|"
        "calculate|compute|measured|counted|methodology|method|how do you count|"
        "how do you compute|how do you calculate|what counts as|difference between|why|"
        "defined|what's meant by|what is meant by",
    ),
    ("term_growth", "", "growth rate|growth figure|percentage change|percent change"),
    ("term_small_base", "", "small base|very small base|from a very small base|small-base"),
    (
        "term_window",
        "",
        "2023*|asterisk|star|the star|the asterisk|window|windows|starred year",
    ),
    ("term_method", "", "how figures are computed|figures computed|methodology|the method"),
    ("list_subjects", "", "subjects|fields|disciplines|subject areas|areas|kinds of science"),
    ("list_groups", "", "groups|groupings|country groups|blocs"),
    (
        "list_datasets",
        "",
        "datasets|data sets|sources|databases|what data|which data|data come from|"
        "data comes from|where does your data come from|data source|source of the data|"
        "where is the data from",
    ),
    (
        "about_bot",
        "",
        "you|do you|do u|have data|have data for|covered|are covered|available|loaded|"
        "do you know|do you have|do you cover|you cover|you have|you know|you support",
    ),
    ("list_metrics", "", "metrics|measures|indicators|measurements"),
    ("list_years", "", "which years|what years|years covered|years available"),
    (
        "list_countries",
        "",
        "which countries do you know|what countries do you know|"
        "countries covered|country list|list of countries",
    ),
    (
        "without",
        "",
        "without|except|excluding|minus|remove|delete|take out|not|no|other than|apart from|"
        "leave out|leaving out|exclude|excl.|excl|but not|omit|omitting|never|don't|doesn't",
    ),
    ("add", "", "add|also add|include|plus|as well as"),
    ("dataset_word", "", "dataset|data set|database|source"),
    (
        "action_sql",
        "",
        "show sql|show the sql|sql|the sql|show me the sql|sql please|query|the query|"
        "show query|show the query",
    ),
    ("action_csv", "", "csv|as csv|export|download|the csv|as a csv|csv please|excel"),
    (
        "action_by_subject",
        "",
        "by subject|per subject|split by subject|for each subject|subject breakdown|"
        "broken down by subject|by field|per field|each subject|across subjects|"
        "by discipline",
    ),
    ("action_undo", "", "undo|go back|back|previous one|the previous question|revert"),
    (
        "chatter",
        "",
        "thanks|thank you|thank|thx|ty|tks|cheers|ok|okay|k|kk|cool|great|nice|awesome|"
        "perfect|brilliant|excellent|lol|haha|hahaha|got it|sounds good|will do|sure|yes|"
        "yep|yeah|nope|noted|interesting|helpful|useful|makes sense|good|fine|wow|"
        "nice one|good one|great stuff|ta|much appreciated|appreciated|amazing|see above|"
        "fyi|lgtm|+1|done|agreed|right|indeed|oh|ah|hmm|gotcha|will check|on it|np|"
        "no problem|sorry|oops|morning|good morning|afternoon|bye|later|tomorrow|tmrw|"
        "send|forward|cc|ping|meeting|call|email|slides|deck",
    ),
    (
        "out_of_scope",
        "",
        "weather|university|universities|institution|institutions|institute|institutes|"
        "college|colleges|uni|unis|lab|labs|laboratory|hospital|hospitals|company|companies|"
        "journal|journals|citation|citations|cited|cite|impact factor|h-index|hindex|"
        "altmetric|altmetrics|funding|funded|funder|funders|grant|grants|budget|budgets|"
        "spending|r&d spending|students|student|exchange programme|exchange program|"
        "erasmus|mou|mous|memorandum|patent|patents|salary|salaries|forecast|forecasts|"
        "predict|prediction|predictions|projection|overtake|overtakes|will|future|"
        "next year|by 2030|gdp|population|visa|visas|migration|stock|price|prices|"
        "scientist's|professor|professors|nobel|ranking of universities|qs ranking|"
        "times higher education|the ranking|rankings|horizon europe|horizon 2020|"
        "field-weighted|field normalised|field-normalised|normalised citation|fwci|"
        "individual researchers|individual authors|author-level|specific journals|"
        "top researchers|leading researchers|best researchers|top scientists|top authors|"
        "most cited|most-cited|leading scientists|which researchers|which scientists|"
        "which authors",
    ),
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
        if cat not in ("and", "with", "to", "from", "vs", "by", "chatter", "out_of_scope"):
            words.update(p for p in phrases.split("|") if len(p) > 2)
    words.update(a for a in group_aliases if len(a) > 1)
    return tuple(sorted(words))
