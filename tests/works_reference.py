"""The openalex-works rules again, in plain Python over the JSON, written apart from the loader: the figures a load must match.

Nothing here imports the loader. Country codes come from pycountry plus the two OpenAlex codes
ISO 3166-1 lacks; subjects, types and reasons are written out again from docs/DATA-FORMATS.md.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pycountry

ISO3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries} | {"XK": "XKX", "AN": "ANT"}
FIELD = {
    "Chemistry": "chemistry", "Chemical Engineering": "chemistry",
    "Physics and Astronomy": "physical_sciences", "Materials Science": "physical_sciences",
    "Engineering": "physical_sciences", "Energy": "physical_sciences",
    "Mathematics": "physical_sciences", "Computer Science": "physical_sciences",
    "Earth and Planetary Sciences": "earth_environmental_sciences",
    "Environmental Science": "earth_environmental_sciences",
    "Agricultural and Biological Sciences": "biological_sciences",
    "Biochemistry, Genetics and Molecular Biology": "biological_sciences",
    "Immunology and Microbiology": "biological_sciences", "Neuroscience": "biological_sciences",
    "Medicine": "health_sciences", "Nursing": "health_sciences", "Dentistry": "health_sciences",
    "Health Professions": "health_sciences", "Veterinary": "health_sciences",
    "Pharmacology, Toxicology and Pharmaceutics": "health_sciences",
    "Arts and Humanities": None, "Business, Management and Accounting": None,
    "Decision Sciences": None, "Economics, Econometrics and Finance": None,
    "Psychology": None, "Social Sciences": None,
}  # fmt: skip
DOMAIN = {"Physical Sciences": "physical_sciences", "Life Sciences": "biological_sciences",
          "Health Sciences": "health_sciences", "Social Sciences": None}  # fmt: skip
CONCEPT = {
    "Chemistry": "chemistry", "Physics": "physical_sciences",
    "Materials science": "physical_sciences", "Engineering": "physical_sciences",
    "Mathematics": "physical_sciences", "Computer science": "physical_sciences",
    "Geology": "earth_environmental_sciences", "Environmental science": "earth_environmental_sciences",
    "Geography": "earth_environmental_sciences", "Biology": "biological_sciences",
    "Medicine": "health_sciences", "Art": None, "Business": None, "Economics": None,
    "History": None, "Philosophy": None, "Political science": None, "Psychology": None,
    "Sociology": None,
}  # fmt: skip
NATURAL = ("biological_sciences", "chemistry", "earth_environmental_sciences", "physical_sciences")
ARTICLES = {"article", "journal-article"}


def read(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return [json.loads(line) for line in f if line.strip()]


def _name(node: object) -> str | None:
    return node.get("display_name") if isinstance(node, dict) else None


def subject(work: dict) -> str | None | bool:
    """A subject; None for the social sciences; False when nothing maps."""
    topic = work.get("primary_topic") or {}
    field, domain = _name(topic.get("field")), _name(topic.get("domain"))
    if field in FIELD:
        return FIELD[field]
    if domain in DOMAIN:
        return DOMAIN[domain]
    level0 = [c for c in work.get("concepts") or [] if c.get("level") == 0]
    if level0:
        best = max(level0, key=lambda c: c["score"])  # max keeps the first of equal scores
        if best["display_name"] in CONCEPT:
            return CONCEPT[best["display_name"]]
    return False


def shares(work: dict, rule: str = "affiliations") -> dict[str, float]:
    """Each country's Share. rule="affiliations": the Nature Index rule (1/N per author, split
    among the author's institutions, else the distinct `countries`); rule="countries": the
    loader's earlier rule, split among the author's distinct countries."""
    authors = work["authorships"]
    out: dict[str, float] = defaultdict(float)
    for a in authors:
        institutions = a.get("institutions") or []
        if rule == "affiliations":
            if institutions:
                pieces = [(i.get("country_code") or "").strip().upper() for i in institutions]
            else:
                pieces = sorted({c.strip().upper() for c in a.get("countries") or [] if c.strip()})
        else:
            codes = a.get("countries")
            if codes is None:
                codes = [i.get("country_code") for i in institutions if i.get("country_code")]
            pieces = sorted({c.strip().upper() for c in codes if c.strip()})
        for code in pieces:
            if code in ISO3:
                out[ISO3[code]] += 1 / len(authors) / len(pieces)
    return dict(out)


def reason(
    work: dict, types: set[str] | None = ARTICLES, issns: set[str] | None = None
) -> str | None:
    year = work.get("publication_year")
    if year is None and work.get("publication_date"):
        year = int(work["publication_date"][:4])
    if year is None or not 1900 <= year <= 2100:
        return "year"
    if types is not None and work.get("type") not in types:
        return "type"
    if issns is not None:
        venue = (work.get("primary_location") or {}).get("source") or work.get("host_venue") or {}
        mine = {venue.get("issn_l")} | set(venue.get("issn") or [])
        if not {str(i).upper() for i in mine if i} & issns:
            return "journal"
    if not work["authorships"]:
        return "no_authors"
    if work.get("is_authors_truncated") is True:
        return "truncated"
    s = subject(work)
    if s is False:
        return "no_subject"
    if s is None:
        return "social_sciences"
    if not shares(work):
        return "no_country"
    return None


def figures(
    works: list[dict],
    rule: str = "affiliations",
    types: set[str] | None = ARTICLES,
    issns: set[str] | None = None,
) -> dict:
    """Country (count, share, international, domestic) and pair (CS, joint articles) figures
    per year and subject (the subject, natural_sciences where it is one, all), and the
    left-out counts by reason."""
    country: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0, 0])
    pair: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0])
    left: Counter[str] = Counter()
    kept = 0
    for w in works:
        why = reason(w, types, issns)
        if why:
            left[why] += 1
            continue
        kept += 1
        s = subject(w)
        year = w.get("publication_year") or int(w["publication_date"][:4])
        share = shares(w, rule)
        for subj in (s, "all") + (("natural_sciences",) if s in NATURAL else ()):
            for c, v in share.items():
                row = country[(year, subj, c)]
                row[0] += 1
                row[1] += v
                row[2 if len(share) > 1 else 3] += 1
            for a, b in combinations(sorted(share), 2):
                for x, y in ((a, b), (b, a)):
                    pair[(year, subj, x, y)][0] += share[x] + share[y]
                    pair[(year, subj, x, y)][1] += 1
    return {"country": dict(country), "pair": dict(pair), "left_out": dict(left), "kept": kept}
