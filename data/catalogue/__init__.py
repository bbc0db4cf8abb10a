"""The country catalogue: ISO 3166-1 countries, aliases, and dated group memberships.

Hong Kong (HKG), Macao (MAC) and Taiwan (TWN) are their own entries here, as in ISO 3166-1
and OpenAlex. The demo dataset follows Nature Index practice of counting Hong Kong and Macao
within China (CHN), so it has no HKG or MAC rows; OpenAlex data keeps them apart.

Data files (the project's own, each naming its sources):
- names.csv — short English display names where ISO's are long ("Russia", "South Korea").
- extra_codes.csv — iso3, iso2, name, note: codes ISO 3166-1 lacks that OpenAlex uses
  (Kosovo XK/XKX; the former Netherlands Antilles AN/ANT), so their works are counted.
- nature_index_journals.csv — journal, issn, eissn, issn_checked_against: the 145 journals the
  Nature Index tracks (`--journals nature-index`). Names from `data/Journal_in_nature_index.csv`
  of the public GitHub repository UTARSL1/chst-chatbot-v1 (commit f54a4260ecad), which matches
  the index's current list; ISSN and eISSN matched by title against the 2025 JCR title table
  in the same repository (the last column says how; one journal is unverified).
- aliases.csv — alias, iso3, note, assumption: common, short and former names; an alias
  with an assumption is ambiguous and resolves to a stated default ("Korea" -> South Korea,
  "Congo" -> Republic of the Congo, "Virgin Islands" -> US Virgin Islands).
- groups.csv — group codes and display names.
- memberships.csv — group, iso3, from_date, to_date (exclusive), source. BRI dates are the
  year of the first cooperation document (YYYY-01-01); Italy left in December 2023
  (to 2023-12-01). EU, OECD, ASEAN, BRICS use accession dates; the UK left the EU on
  2020-01-31. G20 and G7 list member countries only: the EU and the African Union take part
  as blocs, not countries. BRICS includes the 2024 expansion (Egypt, Ethiopia, Iran, UAE)
  and Indonesia (2025); Saudi Arabia was invited but has not confirmed, so it is not listed.
  WORLD means every country and has no rows.
"""

from data.catalogue.countries import (
    WORD_CODES,
    Country,
    Resolution,
    countries,
    country,
    country_name,
    iso3_from_iso2,
    match_country_prefix,
    resolve_country,
    suggest_countries,
)
from data.catalogue.groups import GROUPS, Membership, group_aliases, members, memberships

__all__ = [
    "GROUPS",
    "WORD_CODES",
    "Country",
    "Membership",
    "Resolution",
    "countries",
    "country",
    "country_name",
    "group_aliases",
    "iso3_from_iso2",
    "match_country_prefix",
    "members",
    "memberships",
    "resolve_country",
    "suggest_countries",
]
