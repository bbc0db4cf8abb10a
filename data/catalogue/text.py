"""Folding and splitting of names and question text: one rule for the catalogue and the grammar."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words may carry internal apostrophes or dots ("d'Ivoire", "U.S.") and a trailing dot
# ("S. Korea", "incl."); \w lets "G7" and "G20" stay one word.
_TOKEN = re.compile(
    r"(?P<mention><[@#!][^>\s]*>|@[\w.-]+)"
    r"|(?P<figure>\d[\d,]*\.\d+\s?%?|\d[\d,]*\s?%)"
    r"|(?P<ordinal>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<number>\d+\*?)"
    r"|(?P<word>[^\W\d](?:\w|['’`.](?=\w))*\.?)"
    r"|(?P<dash>[-‐‑‒–—―−])"
    r"|(?P<slash>[/⁄∕])"
    r"|(?P<amp>[&＆])"
    r"|(?P<comma>[,，、;])"
    r"|(?P<plus>[+＋])"
    r"|(?P<qmark>[?？])"
    r"|(?P<pct>[%％])"
    r"|(?P<star>[*＊])"
)
# Everything the pattern does not match (spaces, emoji, brackets, control characters,
# direction marks) carries no meaning in this grammar and is skipped. A mention of a person
# or channel (Slack's <@U123>, or a typed @maria) is a token of its own, never a word.


@dataclass(frozen=True, slots=True)
class Token:
    # number | figure (15%, 636.40) | word | dash | slash | amp | comma | plus | qmark |
    # mention | pct | star
    kind: str
    text: str  # as typed (possessive "'s" removed)
    key: str  # folded: no case, no diacritics, no dots or apostrophes; dashes are "-"
    span: tuple[int, int]
    possessive: bool = False

    @property
    def upper(self) -> bool:
        """True when typed in capitals ("IN", "US"): only then may an English-word code match."""
        return self.text.isupper()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of a word (Türkiye -> turkiye, Côte -> cote)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("'", "").replace("’", "").replace("`", "").replace(".", "")


_PUNCT_KEYS = {
    "dash": "-",
    "slash": "/",
    "amp": "&",
    "comma": ",",
    "plus": "+",
    "qmark": "?",
    "mention": "@",
    "pct": "%",
    "star": "*",
}


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` in order; unknown symbols are dropped, never raised on."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        raw = m.group()
        span = (m.start(), m.end())
        if kind == "word":
            possessive = False
            lowered = raw.lower().replace("’", "'").replace("`", "'")
            if lowered.endswith("'s") and len(raw) > 2:
                raw, possessive = raw[:-2], True
            out.append(Token("word", raw, fold(raw), span, possessive))
        elif kind in ("number", "figure"):
            out.append(Token(kind, raw, raw, span))
        elif kind == "ordinal":
            out.append(Token("word", raw, raw.lower(), span))
        else:
            out.append(Token(kind, raw, _PUNCT_KEYS[kind], span))
    return out


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The key sequence a phrase tokenizes to (how vocabularies are indexed)."""
    return tuple(t.key for t in tokenize(phrase))
