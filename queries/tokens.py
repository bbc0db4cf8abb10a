"""Question text into tokens: the catalogue's splitting and folding, so names match as typed."""

from __future__ import annotations

from data.catalogue.text import Token, fold, phrase_keys, tokenize

__all__ = ["Token", "fold", "phrase_keys", "tokenize"]
