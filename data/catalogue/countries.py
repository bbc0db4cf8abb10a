"""Countries: ISO 3166-1 from pycountry, codes ISO lacks that data sources use, short names, aliases, lookup."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from rapidfuzz import fuzz, process

from data.catalogue.text import fold, phrase_keys, tokenize
from data.errors import UserError

HERE = Path(__file__).resolve().parent

# Codes that are also ordinary English (or grammar) words: they match as a code only when
# typed in capitals, so "in 2023", "to", "by", "and", "can" never become countries.
_WORD_CODES_TEXT = (
    "in it to at be is no as am me by or an on of so my we he do go hi id if up la ma pa pe "
    "co mo ne sa se st tv us ad al "
    "and are can per nor com lie pan sur ton gin fin gum dom cub tun mar arm ben hun mac nam "
    "bel bra col gab mus top all ant"
)
WORD_CODES = frozenset(_WORD_CODES_TEXT.split())
_DASHES = frozenset("-‐‑‒–—―−")


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str  # short common English name ("South Korea", "Türkiye")


@dataclass(frozen=True)
class Resolution:
    iso3: str
    assumption: str | None = None  # set when an ambiguous name was resolved to a default
    # A name several countries share ("Congo"): every candidate, iso3 first; asked back.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    iso3: str
    assumption: str | None
    code: bool  # an ISO code: subject to the capitals rule for English-word codes
    alternatives: tuple[str, ...] = ()


def _read(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country, named by the project's short names where ISO's are long, and
    the codes ISO 3166-1 lacks that OpenAlex uses (extra_codes.csv: Kosovo XK, the former
    Netherlands Antilles AN), so data carrying them is counted, not dropped."""
    overrides = {r["iso3"]: r["name"] for r in _read("names.csv")}
    out = []
    for c in pycountry.countries:
        name = overrides.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        out.append(Country(c.alpha_3, c.alpha_2, name))
    out.extend(Country(r["iso3"], r["iso2"], r["name"]) for r in _extra())
    return tuple(sorted(out, key=lambda c: c.iso3))


@cache
def _extra() -> tuple[dict[str, str], ...]:
    return tuple(_read("extra_codes.csv"))


@cache
def _by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


@cache
def _by_iso2() -> dict[str, str]:
    return {c.iso2: c.iso3 for c in countries()}


def country(iso3: str) -> Country:
    """The country with this ISO3 code (KeyError for an unknown code: a programming error)."""
    return _by_iso3()[iso3.upper()]


def country_name(iso3: str) -> str:
    """Short English name, or the code itself when it is not an ISO 3166-1 country."""
    c = _by_iso3().get(iso3.upper())
    return c.name if c else iso3


def iso3_from_iso2(code: str) -> str | None:
    return _by_iso2().get(code.upper())


def _variants(keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name as typed, and without its hyphens ("Guinea-Bissau", "Guinea Bissau")."""
    out = [keys]
    bare = tuple(k for k in keys if k != "-")
    if bare != keys and bare:
        out.append(bare)
    return out


@cache
def _index() -> dict[tuple[str, ...], _Entry]:
    """Folded token sequence -> entry. Aliases win over ISO names; names over codes."""
    idx: dict[tuple[str, ...], _Entry] = {}
    for c in pycountry.countries:
        for code in (c.alpha_2, c.alpha_3):
            idx[(fold(code),)] = _Entry(c.alpha_3, None, True)
    for r in _extra():
        for code in (r["iso2"], r["iso3"]):
            idx[(fold(code),)] = _Entry(r["iso3"], None, True)
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                for keys in _variants(phrase_keys(n)):
                    idx[keys] = _Entry(c.alpha_3, None, False)
    for short in countries():
        for keys in _variants(phrase_keys(short.name)):
            idx[keys] = _Entry(short.iso3, None, False)
    for r in _read("aliases.csv") + _read("demonyms.csv"):
        codes = tuple(r["iso3"].split("|"))  # "COG|COD": one name, several countries
        name = r.get("alias") or r["demonym"]
        alternatives = codes if len(codes) > 1 else ()
        for keys in _variants(phrase_keys(name)):
            idx[keys] = _Entry(codes[0], r["assumption"] or None, False, alternatives)
    return idx


@cache
def _max_len() -> int:
    return max(len(k) for k in _index())


def match_country_prefix(
    words: Sequence[str], start: int, *, all_caps: bool = False
) -> tuple[Resolution, int] | None:
    """Longest country name beginning at words[start]: (resolution, words consumed) or None.

    `words` are tokens as typed ("S.", "Korea", "-", "Bissau"); `all_caps` says the whole
    text was typed in capitals, where "IN" is the word, not India.
    """
    keys = ["-" if w in _DASHES else fold(w) for w in words[start : start + _max_len()]]
    idx = _index()
    for n in range(len(keys), 0, -1):
        entry = idx.get(tuple(keys[:n]))
        if entry is None:
            continue
        if entry.code and keys[0] in WORD_CODES and (all_caps or not words[start].isupper()):
            continue
        return Resolution(entry.iso3, entry.assumption, entry.alternatives), n
    return None


@cache
def _choices() -> dict[str, str]:
    """Folded name or alias -> display name, for did-you-mean (codes are left out)."""
    out: dict[str, str] = {}
    for keys, entry in _index().items():
        if not entry.code and "-" not in keys and not entry.alternatives:
            out[" ".join(keys)] = country_name(entry.iso3)
    return out


@cache
def _choice_keys() -> list[str]:
    return list(_choices())


def suggest_countries(text: str, limit: int = 3) -> list[tuple[str, float]]:
    """Display names of the countries closest to `text`, with their similarity (0-100)."""
    choices = _choices()
    hits = process.extract(fold(text), _choice_keys(), scorer=fuzz.ratio, limit=limit * 4)
    out: dict[str, float] = {}
    for key, score, _ in hits:
        out.setdefault(choices[key], score)
    return sorted(out.items(), key=lambda kv: -kv[1])[:limit]


def resolve_country(text: str) -> Resolution:
    """A name, alias or code (any case, with or without diacritics) to a country."""
    words = [t.text for t in tokenize(text)]
    hit = match_country_prefix(words, 0) if words else None
    if hit is not None and hit[1] == len(words):
        return hit[0]
    near = [name for name, score in suggest_countries(text) if score >= 60]
    hint = f" Did you mean {near[0]}?" if near else ""
    raise UserError("unknown_country", f"I don't know a country called “{text}”.{hint}", near)


@cache
def _name_words() -> dict[str, frozenset[str]]:
    """Folded country names written as one word or two (no codes) -> their countries."""
    out: dict[str, set[str]] = {}
    for keys, entry in _index().items():
        if entry.code or "-" in keys or len(keys) > 2:
            continue
        for iso3 in entry.alternatives or (entry.iso3,):
            out.setdefault(" ".join(keys), set()).add(iso3)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _name_list() -> tuple[list[str], list[frozenset[str]]]:
    names = list(_name_words())
    return names, [_name_words()[n] for n in names]


def misspelt_country(text: str) -> tuple[str, ...]:
    """Countries whose name is one slip away from `text` (a letter added, dropped, changed or
    two swapped; two slips for words of seven letters or more), closest first. Common English
    words are never read as misspelt countries (see english.py)."""
    from rapidfuzz.distance import OSA

    from data.catalogue.english import is_english_word

    key = fold(text)
    letters = key.replace(" ", "")
    if len(letters) < 4 or is_english_word(key) or key in _name_words():
        return ()
    budget = 1 if len(letters) < 7 else 2
    names, codes = _name_list()
    hits = process.extract(key, names, scorer=OSA.distance, score_cutoff=budget, limit=None)
    found: dict[str, int] = {}
    for name, d, i in hits:
        if name[0] != key[0] and len(key) < 6:
            continue  # a short word must at least start right ("chna", not "ghana")
        for iso3 in codes[i]:
            found[iso3] = min(d, found.get(iso3, d))
    if not found:
        return ()
    best = min(found.values())
    return tuple(sorted((c for c, d in found.items() if d == best), key=country_name))
