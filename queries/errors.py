"""The one error hierarchy: UserError for what a person typed or loaded, everything else is internal."""

from __future__ import annotations

from queries.model import ErrorInfo


class UserError(Exception):
    """Something the person can fix: carries a stable code, a message and suggestions."""

    def __init__(
        self,
        code: str,
        message: str,
        suggestions: tuple[str, ...] | list[str] = (),
        examples: tuple[str, ...] | list[str] = (),
        span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.suggestions = tuple(suggestions)
        self.examples = tuple(examples)
        self.span = span

    def info(self) -> ErrorInfo:
        return ErrorInfo(self.code, self.message, self.suggestions, self.examples, self.span)
