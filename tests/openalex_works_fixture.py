"""A deterministic generator of OpenAlex works in the API/snapshot schema (JSON lines).

Used by tests/test_openalex_works.py (1,200 works) and, scaled to a million works, by the load
measurement (`python tests/openalex_works_fixture.py OUT.jsonl.gz 1000000`). The records carry
the fields the loader reads plus the usual neighbours (title, doi, type, author, institutions
with ror and lineage, raw affiliation strings) so the parser meets realistic lines, and every
quirk of real records the loader handles, each in a few per cent of works: other types, the
older snapshot schema (host_venue, concepts, journal-article, no primary_topic), years before
1900, no authors, institutions without a country, authors with `countries` but no
institution, Kosovo, Nature Index journals by ISSN.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

COUNTRIES = ["CN", "US", "TH", "GB", "DE", "SG", "KR", "IT", "JP", "FR", "XK"]
WEIGHTS = [30, 25, 4, 8, 8, 4, 5, 4, 6, 5, 1]
# (domain, field) as OpenAlex names them; None = left out of primary_topic.
TOPICS = [
    ("Physical Sciences", "Chemistry"),
    ("Physical Sciences", "Physics and Astronomy"),
    ("Physical Sciences", "Materials Science"),
    ("Physical Sciences", "Environmental Science"),
    ("Physical Sciences", "Earth and Planetary Sciences"),
    ("Life Sciences", "Biochemistry, Genetics and Molecular Biology"),
    ("Life Sciences", "Neuroscience"),
    ("Life Sciences", "Pharmacology, Toxicology and Pharmaceutics"),
    ("Health Sciences", "Medicine"),
    ("Health Sciences", "Nursing"),
    ("Social Sciences", "Psychology"),
    ("Social Sciences", "Economics, Econometrics and Finance"),
    ("Life Sciences", None),  # field missing: the domain decides
    ("Health Sciences", None),
]


def _institution(rng: random.Random, code: str, k: int) -> dict:
    iid = f"https://openalex.org/I{rng.randrange(10**6, 10**8)}"
    return {
        "id": iid,
        "display_name": f"Institute {code}-{k}",
        "ror": f"https://ror.org/0{rng.randrange(10**7, 10**8)}",
        "country_code": code,
        "type": rng.choice(["education", "facility", "government", "company"]),
        "lineage": [iid],
    }


# (level-0 concept, what it maps to) for the older schema and for works without a topic.
CONCEPTS = ["Chemistry", "Physics", "Biology", "Medicine", "Geology", "Computer science",
            "Geography", "History", "Economics", "Psychology"]  # fmt: skip
OTHER_TYPES = ["review", "book-chapter", "preprint", "editorial", "letter"]
# Real ISSNs: Nature, Science, Cell (in the Nature Index list) and two that are not.
VENUES = [
    ("Nature", "0028-0836", ["0028-0836", "1476-4687"]),
    ("Science", "0036-8075", ["0036-8075", "1095-9203"]),
    ("Cell", "0092-8674", ["0092-8674", "1097-4172"]),
    ("PLoS ONE", "1932-6203", ["1932-6203"]),
    ("Scientific Reports", "2045-2322", ["2045-2322"]),
]


def _concepts(rng: random.Random) -> list[dict]:
    names = rng.sample(CONCEPTS, k=rng.randrange(0, 4))
    return [
        {"id": f"https://openalex.org/C{k}", "display_name": n, "level": 0,
         "score": round(rng.random(), 3)}
        for k, n in enumerate(names)
    ] + [{"id": "https://openalex.org/C9", "display_name": "A level-1 concept", "level": 1,
          "score": 0.99}]  # fmt: skip


def _quirks(rng: random.Random, record: dict) -> dict:
    """Real-data quirks, each in a few per cent of works."""
    roll = rng.random()
    if roll < 0.05:  # the older snapshot schema
        name, issn_l, issns = rng.choice(VENUES)
        record["type"] = "journal-article"
        record["host_venue"] = {"display_name": name, "issn_l": issn_l, "issn": issns}
        del record["primary_location"], record["primary_topic"]
        for a in record["authorships"]:
            a.pop("countries", None)
    elif roll < 0.10:
        record["type"] = rng.choice(OTHER_TYPES)
    elif roll < 0.11:
        record["publication_year"] = rng.choice([1846, 1899])
        record["publication_date"] = f"{record['publication_year']}-05-01"
    elif roll < 0.12:
        record["authorships"] = []
    elif roll < 0.15:
        record["primary_topic"] = None  # the concepts decide
    if "primary_location" in record and rng.random() < 0.3:
        name, issn_l, issns = rng.choice(VENUES)
        record["primary_location"]["source"].update(
            {"display_name": name, "issn_l": issn_l, "issn": issns}
        )
    for a in record["authorships"]:
        r = rng.random()
        if r < 0.03 and a["institutions"]:
            a["institutions"][0]["country_code"] = None
        elif r < 0.06 and a["institutions"] and "countries" in a:
            a["institutions"] = []  # no institution, `countries` still there
    return record


def work(rng: random.Random, number: int) -> dict:
    year = rng.randrange(2015, 2024)
    n_authors = rng.choices([1, 2, 3, 4, 5, 8, 12], [10, 20, 20, 15, 15, 12, 8])[0]
    authorships = []
    for position in range(n_authors):
        n_countries = rng.choices([0, 1, 2, 3], [6, 74, 15, 5])[0]
        codes = rng.sample(COUNTRIES, k=n_countries, counts=None) if n_countries else []
        if n_countries == 1:
            codes = rng.choices(COUNTRIES, WEIGHTS)
        institutions = [_institution(rng, c, i) for i, c in enumerate(codes)]
        if codes and rng.random() < 0.2:  # a second institution in the same country
            institutions.append(_institution(rng, codes[0], 9))
        authorship = {
            "author_position": "first" if position == 0 else "middle",
            "author": {
                "id": f"https://openalex.org/A{rng.randrange(10**9, 10**10)}",
                "display_name": f"Author {number}-{position}",
                "orcid": None,
            },
            "institutions": institutions,
            "countries": list(dict.fromkeys(codes)),
            "is_corresponding": position == 0,
            "raw_author_name": f"Author {number}-{position}",
            "raw_affiliation_strings": [i["display_name"] for i in institutions],
        }
        if codes and rng.random() < 0.1:  # older records: no `countries`, institutions only
            del authorship["countries"]
        authorships.append(authorship)
    topic = rng.choice(TOPICS + [None]) if rng.random() < 0.97 else None
    primary_topic = None
    if topic is not None:
        domain, field = topic
        primary_topic = {
            "id": f"https://openalex.org/T{rng.randrange(10000, 14000)}",
            "display_name": "A topic",
            "score": round(rng.random(), 4),
            "subfield": {"id": "https://openalex.org/subfields/1", "display_name": "A subfield"},
            "domain": {"id": "https://openalex.org/domains/1", "display_name": domain},
        }
        if field is not None:
            primary_topic["field"] = {"id": "https://openalex.org/fields/1", "display_name": field}
    return {
        "id": f"https://openalex.org/W{10**9 + number}",
        "doi": f"https://doi.org/10.1234/x{number}",
        "title": f"Work {number}",
        "display_name": f"Work {number}",
        "publication_year": year,
        "publication_date": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "type": "article",
        "primary_location": {
            "is_oa": False,
            "source": {"id": "https://openalex.org/S1", "display_name": f"Journal {number % 7}"},
        },
        "authorships": authorships,
        "is_authors_truncated": rng.random() < 0.03,
        "countries_distinct_count": len({c for a in authorships for c in a.get("countries", [])}),
        "primary_topic": primary_topic,
        "concepts": _concepts(rng),
        "cited_by_count": rng.randrange(0, 200),
        "updated_date": f"2024-08-{rng.randrange(1, 28):02d}T03:00:00.000000",
    }


def works(n: int, seed: int = 20240827) -> Iterator[dict]:
    rng = random.Random(seed)
    for number in range(n):
        yield _quirks(rng, work(rng, number))


def write(path: Path, n: int, seed: int = 20240827) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as f:  # type: ignore[operator]
        for record in works(n, seed):
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]))
