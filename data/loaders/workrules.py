"""The openalex-works rules as SQL over staged rows: which works are kept, why others are left out, and their Shares."""

from __future__ import annotations

from collections.abc import Mapping

# The works reader (data/loaders/works.py) only checks and flattens each JSON line into the
# staged tables below; every decision is made here, in SQL that DuckDB runs and that a
# distributed job can run unchanged after sqlglot transpiles it (duckdb -> spark): plain joins,
# CASE, window functions, VALUES tables, one `$dataset` parameter, no list types.
#
# How a load uses it (data/loaders/workstage.py): create STAGE_DDL's tables; fill
# stage_settings (one row), stage_types (with types_kept) and stage_journals (normalised
# ISSNs) and the staged rows; make each of STEPS a temporary table under its name, in order;
# then ARTICLES and AUTHORSHIPS give the store's rows and LEFT_OUT the counts by reason. The
# store's `countries` table (iso2 -> iso3, catalogue.countries()) must be there.

# Why a work is left out, in the order the reasons are tried (a work counts under the first
# that applies). The codes are stored in the `left_out` table; the words go in the report.
REASONS: dict[str, str] = {
    "year": "no publication year, or one outside 1900–2100",
    "type": "a type the load does not keep (--types)",
    "journal": "not in the journal list (--journals)",
    "no_authors": "no authors",
    "truncated": "a truncated author list (is_authors_truncated)",
    "no_subject": "no topic or level-0 concept that maps to a subject",
    "social_sciences": "social sciences or humanities (not a Nature Index subject)",
    "no_country": "no author with a known country",
}

# OpenAlex topic fields (Scopus ASJC fields, `primary_topic.field.display_name`) -> the five
# Nature Index subjects; "social" = left out. See docs/DATA-FORMATS.md for the reasons.
FIELD_SUBJECTS: dict[str, str] = {
    "Chemistry": "chemistry",
    "Chemical Engineering": "chemistry",
    "Physics and Astronomy": "physical_sciences",
    "Materials Science": "physical_sciences",
    "Engineering": "physical_sciences",
    "Energy": "physical_sciences",
    "Mathematics": "physical_sciences",
    "Computer Science": "physical_sciences",
    "Earth and Planetary Sciences": "earth_environmental_sciences",
    "Environmental Science": "earth_environmental_sciences",
    "Agricultural and Biological Sciences": "biological_sciences",
    "Biochemistry, Genetics and Molecular Biology": "biological_sciences",
    "Immunology and Microbiology": "biological_sciences",
    "Neuroscience": "biological_sciences",
    "Medicine": "health_sciences",
    "Nursing": "health_sciences",
    "Dentistry": "health_sciences",
    "Health Professions": "health_sciences",
    "Veterinary": "health_sciences",
    "Pharmacology, Toxicology and Pharmaceutics": "health_sciences",
    # The Social Sciences domain's fields.
    "Arts and Humanities": "social",
    "Business, Management and Accounting": "social",
    "Decision Sciences": "social",
    "Economics, Econometrics and Finance": "social",
    "Psychology": "social",
    "Social Sciences": "social",
}
# Used when the field is absent or not one of the above.
DOMAIN_SUBJECTS: dict[str, str] = {
    "Physical Sciences": "physical_sciences",
    "Life Sciences": "biological_sciences",
    "Health Sciences": "health_sciences",
    "Social Sciences": "social",
}
# The older snapshot schema has no topics: its 19 level-0 concepts (the highest-scoring one
# decides) -> subjects. Geography goes to earth & environmental sciences by our choice (its
# children are mostly physical geography, remote sensing, cartography, meteorology).
CONCEPT_SUBJECTS: dict[str, str] = {
    "Chemistry": "chemistry",
    "Physics": "physical_sciences",
    "Materials science": "physical_sciences",
    "Engineering": "physical_sciences",
    "Mathematics": "physical_sciences",
    "Computer science": "physical_sciences",
    "Geology": "earth_environmental_sciences",
    "Environmental science": "earth_environmental_sciences",
    "Geography": "earth_environmental_sciences",
    "Biology": "biological_sciences",
    "Medicine": "health_sciences",
    "Art": "social",
    "Business": "social",
    "Economics": "social",
    "History": "social",
    "Philosophy": "social",
    "Political science": "social",
    "Psychology": "social",
    "Sociology": "social",
}

# Research articles, as the Nature Index counts them: OpenAlex `article`, which the older
# (Crossref-typed) schema calls `journal-article`.
DEFAULT_TYPES = ("article",)
TYPE_EQUIVALENTS = {"article": ("article", "journal-article")}
# OpenAlex's work types and the Crossref types of the older schema, for checking --types.
_TYPES_TEXT = (
    "article book book-chapter dataset dissertation editorial erratum grant letter libguides "
    "other paratext peer-review preprint reference-entry report retraction review standard "
    "supplementary-materials journal-article proceedings-article posted-content book-part "
    "book-section book-set book-series book-track component database edited-book journal "
    "journal-issue journal-volume monograph proceedings proceedings-series reference-book "
    "report-component report-series standard-series"
)
KNOWN_TYPES = frozenset(_TYPES_TEXT.split())

# One row per work read (left out or not), one per author affiliation, one per level-0
# concept, one per ISSN of the work's venue (only when a journal list is given).
STAGE_DDL: tuple[str, ...] = (
    """CREATE TEMP TABLE stage_works (
        article_id BIGINT, file VARCHAR, line BIGINT,
        year INTEGER,           -- publication_year, else the year of publication_date
        date DATE, updated DATE, type VARCHAR, truncated BOOLEAN, n_authors INTEGER,
        topic_field VARCHAR, topic_domain VARCHAR, journal VARCHAR)""",
    # kind 'institution' (iso2 = its country_code, NULL when it has none) or 'country' (an
    # entry of the author's `countries`); author = the authorship's position in the list.
    "CREATE TEMP TABLE stage_affiliations (article_id BIGINT, author INTEGER, kind VARCHAR, iso2 VARCHAR)",
    "CREATE TEMP TABLE stage_concepts (article_id BIGINT, position INTEGER, name VARCHAR, score DOUBLE)",
    "CREATE TEMP TABLE stage_issns (article_id BIGINT, issn VARCHAR)",
    "CREATE TEMP TABLE stage_types (type VARCHAR)",
    "CREATE TEMP TABLE stage_journals (issn VARCHAR)",
    "CREATE TEMP TABLE stage_settings (filter_types BOOLEAN, filter_journals BOOLEAN)",
)
STAGED_TABLES = ("stage_works", "stage_affiliations", "stage_concepts", "stage_issns")


def _values(name: str, mapping: Mapping[str, str]) -> str:
    rows = ", ".join(f"('{k}', '{v}')" for k, v in mapping.items())
    return f"{name}(name, subject) AS (VALUES {rows})"


for _mapping in (FIELD_SUBJECTS, DOMAIN_SUBJECTS, CONCEPT_SUBJECTS):  # literals, no quoting
    assert not any("'" in k + v for k, v in _mapping.items())

# The Nature Index Share: each of a work's N authors holds 1/N, split equally among the
# author's affiliations (institutions); an institution's country is its country_code, one
# without a code keeps its piece for no country; an author with no institution splits among
# the distinct entries of `countries`; an author with neither keeps the part for no country.
PIECES = """
WITH affiliations AS (
    SELECT article_id, author, kind, NULLIF(UPPER(TRIM(iso2)), '') AS iso2
    FROM stage_affiliations WHERE kind = 'institution'
    UNION ALL
    SELECT DISTINCT article_id, author, kind, UPPER(TRIM(iso2)) AS iso2
    FROM stage_affiliations WHERE kind = 'country' AND NULLIF(TRIM(iso2), '') IS NOT NULL
),
authors AS (
    SELECT article_id, author,
           SUM(CASE WHEN kind = 'institution' THEN 1 ELSE 0 END) AS institutions,
           COUNT(*) AS entries
    FROM affiliations GROUP BY article_id, author
)
SELECT a.article_id, a.author, a.iso2,
       CASE WHEN u.institutions > 0 THEN u.institutions ELSE u.entries END AS n_pieces
FROM affiliations a JOIN authors u ON u.article_id = a.article_id AND u.author = a.author
WHERE a.kind = 'institution' OR u.institutions = 0
"""

# Each work read: its subject and the reason it is left out (NULL = kept).
STATUS = f"""
WITH {_values("field_subjects", FIELD_SUBJECTS)},
{_values("domain_subjects", DOMAIN_SUBJECTS)},
{_values("concept_subjects", CONCEPT_SUBJECTS)},
top_concepts AS (
    SELECT article_id, name FROM (
        SELECT article_id, name,
               ROW_NUMBER() OVER (PARTITION BY article_id ORDER BY score DESC, position) AS k
        FROM stage_concepts) ranked
    WHERE k = 1
),
with_country AS (
    SELECT DISTINCT p.article_id FROM work_pieces p JOIN countries c ON c.iso2 = p.iso2
),
in_journals AS (
    SELECT DISTINCT i.article_id
    FROM stage_issns i JOIN stage_journals j ON j.issn = UPPER(TRIM(i.issn))
),
subjects AS (
    SELECT w.article_id, COALESCE(f.subject, d.subject, c.subject) AS subject
    FROM stage_works w
    LEFT JOIN field_subjects f ON f.name = w.topic_field
    LEFT JOIN domain_subjects d ON d.name = w.topic_domain
    LEFT JOIN top_concepts t ON t.article_id = w.article_id
    LEFT JOIN concept_subjects c ON c.name = t.name
)
SELECT w.article_id, w.year, w.date, s.subject, w.journal, w.n_authors,
    CASE
        WHEN w.year IS NULL OR w.year < 1900 OR w.year > 2100 THEN 'year'
        WHEN cfg.filter_types AND ty.type IS NULL THEN 'type'
        WHEN cfg.filter_journals AND j.article_id IS NULL THEN 'journal'
        WHEN w.n_authors = 0 THEN 'no_authors'
        WHEN w.truncated THEN 'truncated'
        WHEN s.subject IS NULL THEN 'no_subject'
        WHEN s.subject = 'social' THEN 'social_sciences'
        WHEN k.article_id IS NULL THEN 'no_country'
    END AS reason
FROM stage_works w
CROSS JOIN stage_settings cfg
JOIN subjects s ON s.article_id = w.article_id
LEFT JOIN stage_types ty ON ty.type = w.type
LEFT JOIN in_journals j ON j.article_id = w.article_id
LEFT JOIN with_country k ON k.article_id = w.article_id
"""

# Intermediate results, in order: DuckDB makes each a temporary table (a Spark job, a
# temporary view) under its name, for the statements after it to read.
STEPS: tuple[tuple[str, str], ...] = (("work_pieces", PIECES), ("work_status", STATUS))

# Rows for the store's `articles` and `authorships` tables (after the `$dataset` column).
ARTICLES = """
SELECT $dataset, article_id, year, date, subject, journal FROM work_status WHERE reason IS NULL
"""
AUTHORSHIPS = """
SELECT $dataset, p.article_id, c.iso3, SUM(CAST(1 AS DOUBLE) / (s.n_authors * p.n_pieces))
FROM work_pieces p
JOIN work_status s ON s.article_id = p.article_id AND s.reason IS NULL
JOIN countries c ON c.iso2 = p.iso2
GROUP BY p.article_id, c.iso3
"""

# For the load report and the provenance.
LEFT_OUT = "SELECT reason, COUNT(*) FROM work_status WHERE reason IS NOT NULL GROUP BY reason"
READ_AND_DATES = "SELECT COUNT(*), MAX(updated), MAX(date) FROM stage_works"
UNKNOWN_CODES = """
SELECT p.iso2, COUNT(*) AS n
FROM work_pieces p
JOIN work_status s ON s.article_id = p.article_id AND s.reason IS NULL
LEFT JOIN countries c ON c.iso2 = p.iso2
WHERE p.iso2 IS NOT NULL AND c.iso3 IS NULL
GROUP BY p.iso2 ORDER BY n DESC, p.iso2
"""
PART_FOR_NO_COUNTRY = """
SELECT COUNT(*) FROM (
    SELECT s.article_id, COALESCE(SUM(a.share), 0) AS total
    FROM work_status s
    LEFT JOIN authorships a ON a.dataset = $dataset AND a.article_id = s.article_id
    WHERE s.reason IS NULL
    GROUP BY s.article_id
) t WHERE total < 1 - 1e-9
"""
DUPLICATES = """
WITH repeated AS (
    SELECT article_id, COUNT(*) AS n, COUNT(*) OVER () AS total
    FROM stage_works GROUP BY article_id HAVING COUNT(*) > 1 ORDER BY article_id LIMIT 5
)
SELECT r.article_id, r.n,
       STRING_AGG(w.file || ' line ' || CAST(w.line AS VARCHAR), ', ' ORDER BY w.file, w.line),
       r.total
FROM repeated r JOIN stage_works w ON w.article_id = r.article_id
GROUP BY r.article_id, r.n, r.total ORDER BY r.article_id
"""


def types_kept(requested: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The type values a `--types` choice keeps (None = every type)."""
    if requested is None:
        return None
    out: list[str] = []
    for name in requested:
        for value in TYPE_EQUIVALENTS.get(name, (name,)):
            if value not in out:
                out.append(value)
    return tuple(out)
