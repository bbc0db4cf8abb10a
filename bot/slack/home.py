"""The App Home tab: what the bot can do, example questions as buttons, the datasets loaded."""

from __future__ import annotations

from typing import Any

from bot.slack import wording

EXAMPLE_ACTION = "home_example_{i}"


def home_view(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": wording.HOME_TITLE[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_WHAT}},
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_EXAMPLES}},
        {
            "type": "actions",
            "block_id": "home_examples",
            "elements": [
                {
                    "type": "button",
                    "action_id": EXAMPLE_ACTION.format(i=i),
                    "text": {"type": "plain_text", "text": q[:75]},
                    "value": q,
                }
                for i, q in enumerate(wording.EXAMPLES)
            ],
        },
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": wording.HOME_DATASETS}},
    ]
    lines = []
    for d in datasets:
        line = f"• *{d.get('name', '?')}* {d.get('version', '')}".rstrip()
        if d.get("years"):
            line += f" · {d['years']}"
        if d.get("synthetic"):
            line += f" — _{wording.HOME_SYNTHETIC}_"
        if d.get("source"):
            line += f" — {d['source']}"
        lines.append(line)
    text = "\n".join(lines) or wording.HOME_NO_DATASETS
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
    return {"type": "home", "blocks": blocks}
