"""Common English words that look like a slip of a country name or a vocabulary word.

"chin", "stain", "tiger" and "mean" are one letter away from China, Spain, Niger and Oman;
a person who types them means the word. english_near_names.txt lists such words; nothing in
it is ever read as a misspelling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def _words() -> frozenset[str]:
    lines = (HERE / "english_near_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def is_english_word(folded: str) -> bool:
    """True for a common English word (folded: lower case, no diacritics)."""
    return folded in _words()
