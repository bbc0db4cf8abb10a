"""Turn tokens into vocabulary items (countries, years, metrics, ...) by longest match."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from data.catalogue import country_name, match_country_prefix, suggest_countries
from queries.context import ParseContext
from queries.errors import UserError
from queries.examples import close_examples
from queries.lexicon import lexicon, vocabulary
from queries.tokens import Token, fold, tokenize

MAX_CHARS = 500
_PUNCT = {"dash", "slash", "amp", "comma", "plus", "qmark"}


@dataclass(frozen=True, slots=True)
class Item:
    cat: str  # country | year | number | group | metric | subject | dataset | a keyword | punct
    value: str | int = ""
    span: tuple[int, int] = (0, 0)
    possessive: bool = False
    assumption: str | None = None  # countries resolved from an ambiguous name


def _max_phrase(lex: dict[tuple[str, ...], tuple[str, str]]) -> int:
    return max(len(k) for k in lex)


def _number(tok: Token) -> Item:
    digits = tok.text.rstrip("*")
    # Only four-digit numbers in 1900-2100 are years; everything else is a plain number.
    value = int(digits) if len(digits) <= 6 else 10**6
    if len(digits) == 4 and 1900 <= value <= 2100:
        return Item("year", value, tok.span)
    return Item("number", value, tok.span)


def read(text: str, ctx: ParseContext) -> list[Item]:
    """Items of `text` in order; raises UserError at the first word nothing can place."""
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
    longest = _max_phrase(lex)
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
            res = country[0]
            items.append(
                Item(
                    "country",
                    res.iso3,
                    (tok.span[0], last.span[1]),
                    last.possessive,
                    res.assumption,
                )
            )
            i += c_n
        elif lex_hit is not None:
            last = toks[i + lex_n - 1]
            cat, value = lex_hit
            items.append(Item(cat, value, (tok.span[0], last.span[1]), last.possessive))
            i += lex_n
        elif tok.kind in _PUNCT:
            items.append(Item(tok.kind, tok.key, tok.span))
            i += 1
        else:
            raise unknown_word(text, toks, i)
    return items


def unknown_word(text: str, toks: list[Token], i: int) -> UserError:
    """The error for toks[i]: a country-like word gets unknown_country, else unknown_word."""
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
    if score >= 75 and score >= word_score:
        span = (tok.span[0], toks[i + n - 1].span[1])
        typed = text[span[0] : span[1]]
        return UserError(
            "unknown_country",
            f"I don't know a country called “{typed}”. Did you mean {names[0]}?",
            names,
            examples,
            span,
        )
    hint = f" Did you mean “{word_hits[0]}”?" if word_hits else ""
    return UserError(
        "unknown_word",
        f"I don't understand “{tok.text}”.{hint}",
        word_hits + [name for name, s in suggest_countries(tok.text) if s >= 70][:2],
        examples,
        tok.span,
    )


def describe(item: Item) -> str:
    """Readable form of an item for error messages."""
    if item.cat == "country":
        return country_name(str(item.value))
    return str(item.value) or item.cat
