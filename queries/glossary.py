"""What the bot's words mean: the metric definitions (after the Nature Index's own, DATA.md) in plain words."""

from __future__ import annotations

# term -> (label in the receipt, the definition). Labels read back as the same term.
TERMS: dict[str, tuple[str, str]] = {
    "cs": (
        "CS",
        "CS (bilateral collaboration score) of two countries is the sum of both countries' "
        "Shares on the articles they wrote together. It is symmetric: CS(A, B) = CS(B, A). "
        "An article with authors from a third country adds less than 1 to the CS of the "
        "other two, so CS is at most the number of joint articles.",
    ),
    "share": (
        "Share",
        "Share (fractional count) gives every article a total of 1, split equally among its "
        "authors; an author with several affiliations splits their part equally among them. "
        "A country's Share of an article is the sum of its authors' parts. Author order "
        "plays no part.",
    ),
    "count": (
        "Count",
        "Count gives a country 1 for every article with at least one author from it, however "
        "many authors the article has. One article counts for every country on it.",
    ),
    "joint_articles": (
        "joint articles",
        "Joint articles of two countries are the articles with at least one author from each "
        "(whole counting: each such article counts 1, whatever its other authors).",
    ),
    "international": (
        "international collaboration",
        "A country's internationally collaborative articles are those with authors from it "
        "and from at least one other country.",
    ),
    "domestic": (
        "domestic articles",
        "A country's domestic articles are those whose authors are all from that country.",
    ),
    "natural_sciences": (
        "natural sciences",
        "Natural sciences are all Nature Index subjects except health sciences: biological "
        "sciences, chemistry, earth & environmental sciences and physical sciences. It is the "
        "default subject, as in the Nature Index article; say “including health sciences” "
        "for all five.",
    ),
    "growth": (
        "growth rate",
        "Growth is (end − start) / start, as a percentage, between the first and the last "
        "year compared; a series also gives the compound annual rate.",
    ),
    "small_base": (
        "small base",
        "A change “from a very small base” starts below the dataset's threshold (10 CS or "
        "10 articles in the demo): the percentage is large because the start is small, as "
        "the Nature Index article says of Thailand.",
    ),
    "method": (
        "methodology",
        "Every figure is a lookup in the collaboration tables: the question is read by a "
        "fixed grammar (no AI), compiled to one SQL query with sqlglot and run on DuckDB; "
        "the same question gives the same SQL and the same figure every time. Ask “show "
        "sql” after an answer to see the query. Metrics follow the Nature Index: Count "
        "(whole), Share (fractional), CS (both countries' Shares on joint articles).",
    ),
    "window": (
        "2023*",
        "“2023*” is the Nature Index's latest window: the 12 months August 2022 – July "
        "2023, not the calendar year. Other years are calendar years.",
    ),
    "metrics": (
        "metrics",
        "Metrics: CS (bilateral collaboration score, between two countries), joint articles "
        "(between two countries, whole count), Count and Share (one country's articles, "
        "whole and fractional), international and domestic articles of a country, and "
        "growth between two years.",
    ),
    "subjects": (
        "subjects",
        "Subjects: biological sciences, chemistry, earth & environmental sciences, physical "
        "sciences and health sciences. “Natural sciences” (the default) is all but health "
        "sciences; “all subjects” or “including health sciences” is all five. Short forms: "
        "bio, chem, phys, env, med.",
    ),
    "groups": (
        "groups",
        "Groups: BRI (Belt and Road Initiative), EU, G7, G20, OECD, ASEAN and BRICS, with "
        "membership by date, and “world” for all partners.",
    ),
    "countries": (
        "countries covered",
        "Countries: every ISO 3166 country, by name, two- or three-letter code, common "
        "alias (S. Korea, UK, Türkiye, Viet Nam) or adjective (German, Swiss).",
    ),
    "datasets": ("datasets", ""),  # from the loaded datasets
    "years": ("years covered", ""),  # from the loaded datasets
}

GROUP_NOTES = {
    "BRI": "countries that signed a Belt and Road cooperation document with China (China "
    "itself is not a member); membership counts from the year of signing. Italy left in "
    "December 2023. By default membership is taken at the end of the latest window in the "
    "question and applied to every year compared; “BRI members as of 2015” or “current BRI "
    "members” choose another rule.",
    "EU": "the member states of the European Union by accession date (the UK until January "
    "2020); the EU itself is not a country.",
    "G7": "the seven member countries (the EU takes part but is not counted as a country).",
    "G20": "the member countries (the EU and the African Union take part as blocs and are "
    "not counted).",
    "OECD": "member countries by date of accession.",
    "ASEAN": "member states by date of admission.",
    "BRICS": "member countries, including the 2024 expansion (Egypt, Ethiopia, Iran, UAE) "
    "and Indonesia (2025).",
}
