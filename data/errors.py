"""The user-error type shared by every layer (no project imports, so data/ never needs queries/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorInfo:
    """A user error, as it travels in an Answer (never a traceback)."""

    code: str  # stable: unknown_country, unknown_word, year_not_available, ambiguous, ...
    message: str
    suggestions: tuple[str, ...] = ()  # did-you-mean words
    examples: tuple[str, ...] = ()  # example questions close to what was typed
    span: tuple[int, int] | None = None  # where in the text the problem is
    choices: tuple[str, ...] = ()  # code "ambiguous": the receipts of the possible readings

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "examples": list(self.examples),
            "choices": list(self.choices),
        }


class UserError(Exception):
    """Something the person can fix: carries a stable code, a message and suggestions."""

    def __init__(
        self,
        code: str,
        message: str,
        suggestions: tuple[str, ...] | list[str] = (),
        examples: tuple[str, ...] | list[str] = (),
        span: tuple[int, int] | None = None,
        choices: tuple[str, ...] | list[str] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.suggestions = tuple(suggestions)
        self.examples = tuple(examples)
        self.span = span
        self.choices = tuple(choices)

    def info(self) -> ErrorInfo:
        return ErrorInfo(
            self.code, self.message, self.suggestions, self.examples, self.span, self.choices
        )
