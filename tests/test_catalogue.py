"""The country catalogue: names, aliases, codes, typos, ambiguity and dated group memberships."""

from __future__ import annotations

import datetime as dt

import pytest

from data.catalogue import (
    GROUPS,
    countries,
    country,
    country_name,
    group_aliases,
    iso3_from_iso2,
    match_country_prefix,
    members,
    memberships,
    resolve_country,
)
from queries.errors import UserError

ALIASES = {
    "S. Korea": "KOR",
    "South Korea": "KOR",
    "Korea, Rep.": "KOR",
    "Republic of Korea": "KOR",
    "ROK": "KOR",
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "England": "GBR",
    "USA": "USA",
    "US": "USA",
    "U.S.": "USA",
    "America": "USA",
    "United States of America": "USA",
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "Viet Nam": "VNM",
    "Vietnam": "VNM",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Ivory Coast": "CIV",
    "Russia": "RUS",
    "Iran": "IRN",
    "Laos": "LAO",
    "Syria": "SYR",
    "DPRK": "PRK",
    "North Korea": "PRK",
    "Bolivia": "BOL",
    "Tanzania": "TZA",
    "Venezuela": "VEN",
    "Moldova": "MDA",
    "Palestine": "PSE",
    "Brunei": "BRN",
    "Macedonia": "MKD",
    "Swaziland": "SWZ",
    "Burma": "MMR",
    "Holland": "NLD",
    "UAE": "ARE",
    "KSA": "SAU",
    "PRC": "CHN",
    "Mainland China": "CHN",
    "Guinea": "GIN",
    "Guinea-Bissau": "GNB",
    "Hong Kong": "HKG",
    "Macao": "MAC",
    "Taiwan": "TWN",
    "DR Congo": "COD",
}


@pytest.mark.parametrize(("alias", "iso3"), sorted(ALIASES.items()))
def test_alias(alias: str, iso3: str) -> None:
    assert resolve_country(alias).iso3 == iso3


@pytest.mark.parametrize(
    "text",
    [
        "turkiye",
        "TÜRKIYE",
        "Côte d'Ivoire",
        "cote d'ivoire",
        "COTE D’IVOIRE",
        "china",
        "cHiNa",
        "chn",
        "CN",
        "SGP",
        "sg",
    ],
)
def test_case_and_diacritics(text: str) -> None:
    assert resolve_country(text).iso3 in {"TUR", "CIV", "CHN", "SGP"}


def test_codes_that_are_words_need_capitals() -> None:
    assert resolve_country("IN").iso3 == "IND"
    assert resolve_country("IT").iso3 == "ITA"
    for word in ("in", "it", "to", "by", "and", "no", "is"):
        with pytest.raises(UserError):
            resolve_country(word)
    assert match_country_prefix(["in", "2023"], 0) is None
    assert match_country_prefix(["IN", "2023"], 0, all_caps=True) is None


def test_ambiguous_names_state_their_default() -> None:
    korea = resolve_country("Korea")
    assert korea.iso3 == "KOR"
    assert korea.assumption == "Assuming Korea = South Korea (for North Korea say DPRK)"
    congo = resolve_country("Congo")  # two countries: the grammar asks which
    assert congo.alternatives == ("COG", "COD")
    assert resolve_country("Guinea").assumption is None


@pytest.mark.parametrize(
    ("typo", "best"), [("Thiland", "Thailand"), ("Singapur", "Singapore"), ("Germny", "Germany")]
)
def test_typos_suggest(typo: str, best: str) -> None:
    with pytest.raises(UserError) as err:
        resolve_country(typo)
    assert err.value.code == "unknown_country"
    assert err.value.suggestions[0] == best


def test_every_display_name_resolves_to_itself_without_assumption() -> None:
    assert len(countries()) >= 249
    for c in countries():
        r = resolve_country(c.name)
        assert (r.iso3, r.assumption) == (c.iso3, None), c
        assert "," not in c.name


def test_short_names() -> None:
    names = {
        "USA": "United States",
        "GBR": "United Kingdom",
        "KOR": "South Korea",
        "RUS": "Russia",
        "IRN": "Iran",
        "VNM": "Vietnam",
        "TUR": "Türkiye",
        "CZE": "Czechia",
    }
    for iso3, name in names.items():
        assert country_name(iso3) == name
        assert country(iso3).name == name
    assert iso3_from_iso2("kr") == "KOR" and iso3_from_iso2("XX") is None


def test_prefix_match_is_longest() -> None:
    hit = match_country_prefix(["Guinea", "-", "Bissau", "2023"], 0)
    assert hit is not None and hit[0].iso3 == "GNB" and hit[1] == 3
    hit = match_country_prefix(["South", "Korea"], 0)
    assert hit is not None and hit[0].iso3 == "KOR" and hit[1] == 2


def test_bri() -> None:
    bri = [m for m in memberships() if m.group == "BRI"]
    assert len(bri) == 152 and "CHN" not in {m.iso3 for m in bri}
    assert "ITA" in members("BRI", dt.date(2023, 7, 31))
    assert "ITA" not in members("BRI", dt.date(2024, 1, 1))
    assert {"SGP", "KOR"} <= members("BRI", dt.date(2023, 7, 31))
    assert len(members("BRI", dt.date(2023, 7, 31))) == 152
    assert "KOR" in members("BRI", dt.date(2015, 12, 31))
    assert "SGP" not in members("BRI", dt.date(2015, 12, 31))


def test_other_groups() -> None:
    assert "GBR" in members("EU", dt.date(2020, 1, 31))
    assert "GBR" not in members("EU", dt.date(2020, 2, 1))
    assert len(members("EU", dt.date(2024, 1, 1))) == 27
    assert members("G7", dt.date(2023, 1, 1)) == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert len(members("G20", dt.date(2023, 1, 1))) == 19
    assert len(members("OECD", dt.date(2023, 1, 1))) == 38
    assert "COL" not in members("OECD", dt.date(2019, 1, 1))
    assert len(members("ASEAN", dt.date(2023, 1, 1))) == 10
    brics = members("BRICS", dt.date(2024, 6, 1))
    assert {"EGY", "ETH", "IRN", "ARE"} <= brics and "SAU" not in brics and "IDN" not in brics
    assert "IDN" in members("BRICS", dt.date(2025, 6, 1))
    assert len(members("WORLD", dt.date(2023, 1, 1))) == len(countries())
    for m in memberships():
        assert m.source and m.iso3 in {c.iso3 for c in countries()}


def test_group_names_and_aliases() -> None:
    assert GROUPS["BRI"] == "Belt and Road Initiative"
    assert set(GROUPS) == {"BRI", "EU", "G7", "G20", "OECD", "ASEAN", "BRICS", "WORLD"}
    assert group_aliases["belt and road"] == "BRI"
    assert group_aliases["b&r"] == "BRI"
    assert group_aliases["european union"] == "EU"
    with pytest.raises(UserError):
        members("NATO", dt.date(2020, 1, 1))


def test_codes_iso_lacks_that_openalex_uses_are_entries() -> None:
    """Kosovo (XK) and the former Netherlands Antilles (AN) carry real works in OpenAlex."""
    for text, iso3 in (
        ("Kosovo", "XKX"),
        ("XK", "XKX"),
        ("XKX", "XKX"),
        ("Netherlands Antilles", "ANT"),
    ):
        assert resolve_country(text).iso3 == iso3, text
    assert iso3_from_iso2("xk") == "XKX" and iso3_from_iso2("AN") == "ANT"
    assert {"XKX", "ANT"} <= {c.iso3 for c in countries()}
    with pytest.raises(UserError):  # "ant" the word is not the Netherlands Antilles
        resolve_country("ant")
