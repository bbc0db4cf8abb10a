"""Article make-up parameters of the demo (authors, countries, affiliations), each with its source.

"Sample" is the real OpenAlex works sample in ../shared/data/openalex-works-sample/ (777 works
collected from public repositories, CC0): its 350 articles and reviews with at least one known
author country, 114 of them international. It is small and mixed (publication years 1846–2025,
every field, few Nature Index journals), so its figures set orders of magnitude, not precise
values. `python -m data.demo.derive works PATH` recomputes every "sample" figure below.
"""

from __future__ import annotations

# log(authors per article) ~ Normal(mean, sd). Sample: international works 1.563 ± 0.712
# (median 5 authors), single-country works 0.923 ± 0.736 (median 3).
AUTHORS_LOG_INTERNATIONAL = (1.563, 0.712)
AUTHORS_LOG_SINGLE = (0.923, 0.736)
MAX_AUTHORS = 300  # invented: a cap for the long tail (the sample's largest has 37)

# Partner countries besides China on an international article (1..5; 6+ folded into 5).
# Sample: countries − 1 on its 114 international works: 74, 21, 10, 6, 3.
PARTNERS_P = (0.649, 0.184, 0.088, 0.053, 0.026)

# Share of international articles with a third country (three or more countries). Sample:
# 40 of 114 = 0.351; its 95 % Wilson interval, 0.269–0.442, is the range the shape test
# holds the demo's China articles to. The demo's rate moves with the real networks' partners
# per article (data/demo/plan.py, `multi_partner_p`).
THIRD_COUNTRY_RATE = 0.351
THIRD_COUNTRY_RANGE = (0.269, 0.442)

# Authors on an international article with institutions in two countries: their 1/N is split
# in two (the Nature Index rule). Sample: 10.1 % of the authors of its international works.
MULTI_COUNTRY_AUTHOR_P = 0.101

# Extra authors beyond one per country go to the lead (first) country this many times as often
# as to each other country. Invented; in the built demo China's mean Share on a China–partner
# article is 0.57 and the largest country's on an international article 0.52 (sample: 0.60).
LEAD_WEIGHT = 2.0

# Countries on an article without China (1..5). Invented for Nature Index journals, which are
# more international than the sample (its 1..5: 0.67, 0.21, 0.06, 0.03, 0.03).
WORLD_COUNTRIES_P = (0.45, 0.30, 0.13, 0.07, 0.05)
