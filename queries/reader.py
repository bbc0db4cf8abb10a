"""Turn tokens into vocabulary items (countries, years, metrics, ...) by longest match.

A word nothing can place becomes an `unknown` item rather than an error at once: whether it
is an error depends on the rest (a question about collaboration with one unknown word is
pointed at it; a line with no question in it at all is chatter). A single clear slip of a
country name or a vocabulary word is read, with the assumption stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from data.catalogue import country_name, match_country_prefix, suggest_countries
from data.catalogue.countries import misspelt_country
from data.catalogue.english import is_english_word
from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import close_examples
from queries.lexicon import lexicon, vocabulary
from queries.tokens import Token, fold, phrase_keys, tokenize

MAX_CHARS = 500
_PUNCT = {"dash", "slash", "amp", "comma", "plus", "qmark", "pct", "star"}
# Words after a group name that belong to it: "EU countries", "BRICS members".
_GROUP_TAILS = {
    ("countries",),
    ("nations",),
    ("members",),
    ("member", "states"),
    ("member", "countries"),
    ("states",),
    ("economies",),
    ("member", "nations"),
    ("partner", "countries"),
}


@dataclass(frozen=True, slots=True)
class Item:
    cat: str  # country | year | number | group | metric | subject | dataset | a keyword | punct
    value: str | int = ""
    span: tuple[int, int] = (0, 0)
    possessive: bool = False
    assumption: str | None = None  # countries resolved from an ambiguous or misspelt name
    alternatives: tuple[str, ...] = ()  # a name several countries share: asked back


@cache
def _max_phrase(datasets: tuple[str, ...]) -> int:
    """The longest vocabulary phrase, in tokens (how far a match may look ahead)."""
    return max(len(k) for k in lexicon(datasets))


def _number(tok: Token) -> Item:
    digits = tok.text.rstrip("*")
    # Only four-digit numbers in 1900-2100 are years; everything else is a plain number
    # (two-digit years are decided from their neighbours in facts.py).
    value = int(digits) if len(digits) <= 6 else 10**6
    if len(digits) == 4 and 1900 <= value <= 2100:
        return Item("year", value, tok.span)
    return Item("number", value, tok.span)


def _country_item(res, first: Token, last: Token, possessive: bool) -> Item:
    return Item(
        "country",
        res.iso3,
        (first.span[0], last.span[1]),
        possessive,
        res.assumption,
        res.alternatives,
    )


def _possessive_stem(words: list[str], i: int, all_caps: bool):
    """“chinas”, “south africas”: a country name with a possessive s and no apostrophe."""
    for n in (1, 2, 3):
        j = i + n - 1
        if j >= len(words) or len(words[j]) < 4 or not words[j].lower().endswith("s"):
            continue
        trial = words[i:j] + [words[j][:-1]]
        hit = match_country_prefix(trial, 0, all_caps=all_caps)
        if hit and hit[1] == n:
            return hit[0], n
    return None


@cache
def _single_words() -> tuple[list[str], list[str]]:
    """Vocabulary words of one word: (as shown, folded), for slips."""
    shown = [w for w in vocabulary() if " " not in w]
    return shown, [fold(w) for w in shown]


def _misspelt_vocabulary(key: str) -> str | None:
    """The one vocabulary word `key` is a slip of, if exactly one (never an English word)."""
    if len(key) < 5 or is_english_word(key):
        return None
    budget = 1 if len(key) < 8 else 2
    shown, folded = _single_words()
    hits = process.extract(key, folded, scorer=OSA.distance, score_cutoff=budget, limit=None)
    if not hits:
        return None
    best = min(d for _, d, _ in hits)
    closest = [shown[i] for _, d, i in hits if d == best]
    return closest[0] if len(closest) == 1 else None


def read(text: str, ctx: ParseContext) -> list[Item]:
    """Items of `text` in order; unplaceable words are `unknown` items."""
    if not isinstance(text, str):
        raise UserError("unknown_word", "A question must be text.")
    if len(text) > MAX_CHARS:
        raise UserError(
            "too_long",
            f"That is {len(text):,} characters; questions are at most {MAX_CHARS}.",
            examples=close_examples(text[:MAX_CHARS]),
        )
    toks = tokenize(text)
    lex = lexicon(ctx.datasets)
    longest = _max_phrase(ctx.datasets)
    keys = [t.key for t in toks]
    words = [t.text for t in toks]
    # Whole text in capitals: "IN" there is the word, not India.
    all_caps = any(c.isupper() for c in text) and not any(c.islower() for c in text)
    items: list[Item] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "number":
            items.append(_number(tok))
            i += 1
            continue
        if tok.kind in ("mention", "figure"):
            # A person mentioned, or a figure quoted ("rose 132%"): the bot states the real one.
            items.append(Item(tok.kind, "", tok.span))
            i += 1
            continue
        lex_n, lex_hit = 0, None
        for n in range(min(longest, len(toks) - i), 0, -1):
            hit = lex.get(tuple(keys[i : i + n]))
            if hit is not None:
                lex_n, lex_hit = n, hit
                break
        country = match_country_prefix(words, i, all_caps=all_caps) if tok.kind == "word" else None
        c_n = country[1] if country else 0
        # A tie goes to the vocabulary, unless a code was typed in capitals ("IN", "BY").
        if country and (c_n > lex_n or (c_n == lex_n and tok.upper and not all_caps)):
            last = toks[i + c_n - 1]
            items.append(_country_item(country[0], tok, last, last.possessive))
            i += c_n
        elif lex_hit is not None:
            last = toks[i + lex_n - 1]
            cat, value = lex_hit
            items.append(Item(cat, value, (tok.span[0], last.span[1]), last.possessive))
            i += lex_n
            if cat == "group":
                i = _absorb_group_tail(keys, i)
        elif tok.kind in _PUNCT:
            items.append(Item(tok.kind, tok.key, tok.span))
            i += 1
        elif tok.kind == "word" and (stem := _possessive_stem(words, i, all_caps)):
            res, n = stem
            items.append(_country_item(res, tok, toks[i + n - 1], True))
            i += n
        else:
            items.append(_slip_or_unknown(tok, lex))
            i += 1
    return items


def _absorb_group_tail(keys: list[str], i: int) -> int:
    for tail in sorted(_GROUP_TAILS, key=len, reverse=True):
        if tuple(keys[i : i + len(tail)]) == tail:
            return i + len(tail)
    return i


def _slip_or_unknown(tok: Token, lex: dict[tuple[str, ...], tuple[str, str]]) -> Item:
    """A clear slip of a country or vocabulary word is read (stated); else the word is unknown."""
    if tok.kind == "word":
        codes = misspelt_country(tok.text)
        if len(codes) == 1:
            note = f"Assuming “{tok.text}” = {country_name(codes[0])}"
            return Item("country", codes[0], tok.span, tok.possessive, note)
        if len(codes) > 1:
            return Item("country", codes[0], tok.span, tok.possessive, None, codes)
        word = _misspelt_vocabulary(tok.key)
        hit = lex.get(phrase_keys(word)) if word is not None else None
        if hit is not None:
            note = f"Assuming “{tok.text}” = “{word}”"
            return Item(hit[0], hit[1], tok.span, tok.possessive, note)
    return Item("unknown", tok.text, tok.span)


def country_like(word: str) -> bool:
    """A word close to a country's name (and no common English word): likely a country."""
    hits = suggest_countries(word, 1)
    return bool(hits) and hits[0][1] >= COUNTRY_LIKE and not is_english_word(fold(word))


COUNTRY_LIKE = 75  # rapidfuzz ratio from which an unknown word is taken for a country name


def unknown_word(text: str, item: Item) -> UserError:
    """The error for an unknown item: a country-like word gets unknown_country, else
    unknown_word, each with did-you-mean suggestions."""
    toks = tokenize(text)
    i = next((k for k, t in enumerate(toks) if t.span[0] >= item.span[0]), 0)
    tok = toks[i]
    examples = close_examples(text)
    # A misspelt country may span words ("Nu Zealand"): try one to three words from here.
    best: tuple[float, int, list[str]] = (0.0, 1, [])
    for n in (1, 2, 3):
        window = [t for t in toks[i : i + n] if t.kind == "word"]
        if len(window) < n:
            break
        hits = suggest_countries(" ".join(t.text for t in window))
        if hits and hits[0][1] > best[0]:
            best = (hits[0][1], n, [name for name, s in hits if s >= 70])
    score, n, names = best
    word_hits = [
        h[0]
        for h in process.extract(
            fold(tok.text), vocabulary(), scorer=fuzz.ratio, limit=3, score_cutoff=70
        )
    ]
    top_word = process.extractOne(fold(tok.text), vocabulary(), scorer=fuzz.ratio)
    word_score = top_word[1] if top_word else 0.0
    english = is_english_word(fold(tok.text))
    if score >= COUNTRY_LIKE and score >= word_score and not english:
        span = (tok.span[0], toks[i + n - 1].span[1])
        typed = text[span[0] : span[1]]
        return UserError(
            "unknown_country",
            f"I don't know a country called “{typed}”. Did you mean {names[0]}?",
            names,
            examples,
            span,
        )
    hint = f" Did you mean “{word_hits[0]}”?" if word_hits and not english else ""
    suggestions = (
        [] if english else word_hits + [n for n, s in suggest_countries(tok.text) if s >= 70][:2]
    )
    return UserError(
        "unknown_word", f"I don't understand “{tok.text}”.{hint}", suggestions, examples, tok.span
    )


def describe(item: Item) -> str:
    """Readable form of an item for error messages."""
    if item.cat == "country":
        return country_name(str(item.value))
    return str(item.value) or item.cat
