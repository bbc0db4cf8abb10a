"""Example questions covering every kind, and the ones closest to what someone typed."""

from __future__ import annotations

from rapidfuzz import fuzz, process

EXAMPLES: tuple[str, ...] = (
    "CS China–Thailand 2015 vs 2023",
    "China-Thailand collaboration score in 2023",
    "joint papers between China and Singapore 2015–2023",
    "CS China/US since 2020",
    "CS China–Singapore, South Korea, Italy 2015 vs 2023",
    "top 15 BRI partners of China 2023",
    "China's top partners in chemistry 2023",
    "top 5 EU partners of China by joint articles 2022",
    "fastest rising BRI partners of China 2015 vs 2023",
    "fastest rising of China's top 5 BRI partners 2015 vs 2023",
    "biggest CS increase with China since 2015",
    "China BRI collaboration 2015 vs 2023",
    "China international collaboration 2015 vs 2023",
    "China domestic articles 2015 vs 2023",
    "BRI share of China's international collaboration 2015 vs 2023",
    "Singapore's rank among China's partners 2023 including health sciences",
    "CS China–Singapore 2022 vs 2023 including health sciences",
    "China's top 3 partners in biological sciences 2023",
    "help",
)


def close_examples(text: str, n: int = 3) -> tuple[str, ...]:
    """The n example questions most like `text` (token-set similarity)."""
    hits = process.extract(str(text)[:500], EXAMPLES[:-1], scorer=fuzz.token_set_ratio, limit=n)
    return tuple(h[0] for h in hits)
