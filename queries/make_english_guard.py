"""Maintainer tool: rewrite english_near_names.txt (needs `pip install wordfreq`, not a dependency).

Run from the project root after the vocabulary or the country names change:
    python -m queries.make_english_guard
"""

from __future__ import annotations

from pathlib import Path

from rapidfuzz.distance import OSA

HEADER = """\
# Common English words (wordfreq, Zipf frequency >= 2.5) within one slip (two for words of
# seven letters or more) of a country name or a word of the question vocabulary. These are
# never read as misspellings. Made by queries/make_english_guard.py; word frequencies from
# wordfreq 3.1.1 (Robyn Speer; data CC BY-SA 4.0).
"""
MIN_ZIPF = 2.5


def targets() -> set[str]:
    from data.catalogue.countries import _name_words
    from queries.lexicon import lexicon

    out = set(_name_words())
    out |= {keys[0] for keys, (cat, _) in lexicon(()).items() if len(keys) == 1 and cat != "filler"}
    return out


def near_words(words: list[str], names: set[str]) -> list[str]:
    near = set()
    for w in words:
        if w in names:
            continue
        budget = 1 if len(w) < 7 else 2
        if any(
            abs(len(t) - len(w)) <= budget and OSA.distance(w, t, score_cutoff=budget) <= budget
            for t in names
        ):
            near.add(w)
    return sorted(near)


def main() -> None:
    import wordfreq  # type: ignore[import-not-found]

    words = [
        w
        for w in wordfreq.top_n_list("en", 200_000)
        if w.isalpha() and len(w) >= 4 and wordfreq.zipf_frequency(w, "en") >= MIN_ZIPF
    ]
    out = Path(__file__).resolve().parent.parent / "data" / "catalogue" / "english_near_names.txt"
    out.write_text(HEADER + "\n".join(near_words(words, targets())) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
