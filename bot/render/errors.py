"""The reply to a question that could not be answered: what was understood, what was not, what to try."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.render import limits, parts, wording
from queries.model import Answer, ErrorInfo

# Slack allows 25 elements in an actions block; a few suggestions are kinder anyway.
_MAX_SUGGESTIONS = 5


def suggested_question(text: str, error: ErrorInfo, word: str) -> str:
    """The typed question with the misunderstood span replaced by a suggestion."""
    if error.span is not None and text:
        start, end = error.span
        if 0 <= start <= end <= len(text):
            return text[:start] + word + text[end:]
    return word


def _suggestion_buttons(answer: Answer) -> dict[str, Any] | None:
    """Did-you-mean words, or the readings of an ambiguous question: each button asks it."""
    error = answer.error
    if error is None or not (error.suggestions or error.choices):
        return None
    if error.choices:  # the readings, each a receipt that reads back as that question
        pairs = [(choice, choice) for choice in error.choices[:_MAX_SUGGESTIONS]]
    else:
        pairs = [
            (word, suggested_question(answer.text, error, word))
            for word in error.suggestions[:_MAX_SUGGESTIONS]
        ]
    elements = [
        ButtonElement(
            text=limits.clip(label, limits.MAX_BUTTON_TEXT),
            action_id=f"suggestion_{i}",
            value=question[: limits.MAX_BUTTON_VALUE],
        )
        for i, (label, question) in enumerate(pairs)
    ]
    return ActionsBlock(elements=elements).to_dict()


def _problem_label(code: str) -> str:
    """“Not understood” is for words the grammar could not place; other errors are about what
    the data can answer, so they are labelled as such."""
    if code in _NOT_UNDERSTOOD_CODES:
        return wording.ERROR_NOT_UNDERSTOOD
    if code in ("internal_error", "timeout", "ambiguous"):
        return "{message}"
    return wording.ERROR_CANNOT_ANSWER


_NOT_UNDERSTOOD_CODES = ("unknown_word", "unknown_country", "not_a_followup", "")


def error_lines(answer: Answer) -> dict[str, list[str]]:
    """The error reply as plain lines by part, shared with the terminal."""
    error = answer.error
    message = error.message if error else wording.ERROR_EMPTY
    understood = []
    if answer.text:
        understood.append(wording.ERROR_ASKED.format(text=answer.text))
    if answer.receipt:
        understood.append(wording.ERROR_UNDERSTOOD.format(receipt=answer.receipt))
    return {
        "understood": understood,
        "problem": [_problem_label(error.code if error else "").format(message=message)],
        "suggestions": list(error.suggestions) if error else [],
        "choices": list(error.choices) if error else [],
        # An ask-back offers its readings; other examples would only distract.
        "examples": list(error.examples) if error and not error.choices else [],
    }


def error_message(answer: Answer) -> dict[str, Any]:
    """Slack message for a failed answer, with did-you-mean buttons and example questions."""
    lines = error_lines(answer)
    blocks: list[dict[str, Any]] = []
    if lines["understood"]:
        blocks.append(parts.context(*lines["understood"]))
    blocks.append(parts.plain_section(limits.clip(lines["problem"][0], limits.MAX_SECTION_TEXT)))
    actions = _suggestion_buttons(answer)
    if actions is not None:
        title = wording.ERROR_CHOICES if lines["choices"] else wording.ERROR_DID_YOU_MEAN
        blocks.append(parts.plain_section(title))
        blocks.append(actions)
    if lines["examples"]:
        examples = "\n".join(f"• `{parts.escape(e)}`" for e in lines["examples"])
        blocks.append(
            parts.mrkdwn_section(
                limits.clip(f"{wording.ERROR_EXAMPLES}\n{examples}", limits.MAX_SECTION_TEXT)
            )
        )
    footer = parts.footer(answer)
    if footer is not None:
        blocks.append(footer)
    text = lines["problem"][0]
    return {"text": text, "blocks": blocks, "attachments": []}
