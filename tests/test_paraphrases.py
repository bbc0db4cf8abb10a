"""Paraphrases of one question (word order, dashes, synonyms, case, filler) get the same rows."""

from __future__ import annotations

import pytest

# The first question of each group is the reference; the other three must give its rows.
GROUPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "CS China–Thailand 2015 vs 2023",
        "what was the collaboration score between China and Thailand in 2015 vs 2023?",
        "please cs china-thailand 2015 versus 2023",
        "2015 vs 2023 CS China—Thailand",
    ),
    (
        "China-Thailand collaboration score in 2023",
        "CS China/Thailand 2023",
        "what is the bilateral CS of China and Thailand in 2023?",
        "china & thailand cs 2023 please",
    ),
    (
        "joint papers between China and Singapore 2015–2023",
        "joint articles China‐Singapore 2015 - 2023",
        "2015—2023 co-authored papers China—Singapore",
        "JOINT PUBLICATIONS CHINA SINGAPORE 2015–2023",
    ),
    (
        "CS China/US since 2020",
        "CS China–USA since 2020",
        "collaboration score China and United States since 2020?",
        "cs chn-usa since 2020",
    ),
    (
        "CS China–Singapore, South Korea, Italy 2015 vs 2023",
        "collaboration score of China with Singapore, S. Korea and Italy in 2015 vs 2023",
        "CS China–Singapore/ROK/Italy 2015 vs 2023",
        "CS CHN–SGP, KOR, ITA 2015 vs 2023",
    ),
    (
        "top 15 BRI partners of China 2023",
        "China's top 15 BRI partners 2023",
        "what were the top 15 belt and road partners of China in 2023?",
        "in 2023, TOP 15 BRI PARTNERS OF CHINA",
    ),
    (
        "China's top partners in chemistry 2023",
        "top partners of China in chemistry 2023",
        "please show China's strongest partners in chem in 2023",
        "top 10 partners of china chemistry 2023",
    ),
    (
        "top 5 EU partners of China by joint articles 2022",
        "China's top 5 EU partners by joint papers 2022",
        "top 5 EU partners of China by co-authored articles in 2022?",
        "top 5 eu partners of china, joint articles, 2022",
    ),
    (
        "fastest rising BRI partners of China 2015 vs 2023",
        "fastest rising BRI partners of China 2015–2023",
        "China's fastest rising BRI partners from 2015 to 2023?",
        "Fastest-rising Belt and Road partners of China 2015 vs 2023",
    ),
    (
        "biggest CS increase with China since 2015",
        "biggest collaboration score increase with China since 2015?",
        "biggest CS increase with china 2015 vs 2023",
        "what was the biggest CS increase with China since 2015",
    ),
    (
        "China BRI collaboration 2015 vs 2023",
        "China's BRI collaboration 2015 vs 2023?",
        "china belt and road collaboration 2015 versus 2023",
        "BRI collaboration of China in 2015 vs 2023",
    ),
    (
        "China international collaboration 2015 vs 2023",
        "China's international collaboration, 2015 vs 2023",
        "china international collaboration 2023 vs 2015 please",
        "what was China's international collaboration in 2015 and 2023?",
    ),
    (
        "China domestic articles 2015 vs 2023",
        "China's domestic articles 2015 vs 2023",
        "domestic articles of China 2015 vs 2023?",
        "CHINA DOMESTIC ARTICLES 2015 VS 2023",
    ),
    (
        "BRI share of China's international collaboration 2023",
        "what was the BRI share of China's international collaboration in 2023?",
        "share of China's international collaboration with BRI, latest",
        "bri share of china's international collaboration 2023 please",
    ),
    (
        "Singapore's rank among China's partners 2023 including health sciences",
        "rank of Singapore among China's partners in 2023 including health sciences",
        "in 2023 all subjects, Singapore's rank among China's partners",
        "what is Singapore's rank among China's partners in 2023, incl. health?",
    ),
    (
        "CS China–Singapore 2022 vs 2023 including health sciences",
        "CS China-Singapore 2022 vs 2023 all subjects",
        "collaboration score China and Singapore 2022 vs 2023, including health sciences",
        "cs china/singapore 2023 vs 2022 incl. health sciences",
    ),
    (
        "China's top 3 partners in biological sciences 2023",
        "top 3 partners of China in biology 2023",
        "China's top 3 partners in life sciences latest",
        "TOP 3 PARTNERS OF CHINA IN BIOLOGICAL SCIENCES 2023*",
    ),
    (
        "CS China–Viet Nam 2015 vs 2023",
        "CS China–Vietnam 2015 vs 2023",
        "collaboration score between China and Viet Nam, 2015 vs 2023",
        "cs china − vietnam 2015 vs. 2023",
    ),
    (
        "CS China–Türkiye 2023",
        "CS China–Turkey 2023",
        "CS China-Turkiye in 2023?",
        "cs china/turkey 2023",
    ),
    (
        "CS China–UK 2015 vs 2023",
        "CS China–United Kingdom 2015 vs 2023",
        "CS China and Britain 2015 and 2023",
        "collaboration score China & GBR, 2015, 2023",
    ),
)


def test_groups_are_distinct_and_complete():
    assert len(GROUPS) == 20
    texts = [t for group in GROUPS for t in group]
    assert len(texts) == len(set(texts)) == 80


@pytest.mark.parametrize("group", GROUPS, ids=[g[0] for g in GROUPS])
def test_paraphrases_give_identical_rows(group, demo_answerer):
    reference = demo_answerer.answer(group[0])
    assert reference.ok, reference.error
    assert reference.rows
    for text in group[1:]:
        answer = demo_answerer.answer(text)
        assert answer.ok, (text, answer.error)
        assert answer.rows == reference.rows, text
        assert answer.receipt == reference.receipt, text
