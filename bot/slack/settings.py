"""Slack configuration from the environment or a `.env` file (tokens are never logged)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.slack import wording

SLACK_API_URL_DEFAULT = "https://slack.com/api/"
SLACK_AUTHORIZE_URL_DEFAULT = "https://slack.com/oauth/v2/authorize"
SLACK_STORE_FILE = "collabbot-slack.sqlite"


class MissingSlackConfig(Exception):
    """A variable that the chosen transport needs is not set; the CLI exits with status 2."""

    def __init__(self, missing: list[str], http: bool, distributed: bool = False):
        self.missing = missing
        self.http = http
        super().__init__(wording.missing_config(missing, http=http, distributed=distributed))


def read_dotenv(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """Simple KEY=VALUE lines; `#` comments, `export ` prefixes and matching quotes allowed."""
    if path is None:
        return {}
    p = Path(path)
    if not p.is_file():
        return {}
    values: dict[str, str] = {}
    for raw in p.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # an inline comment after an unquoted value
            value = value.split(" #", 1)[0].rstrip()
        if key:
            values[key] = value
    return values


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    api_url: str = SLACK_API_URL_DEFAULT
    # Distributed mode (OAuth install into many workspaces) when both are set.
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    # Where Slack's install page is (an emulator's in tests) and our public redirect URL.
    authorize_url: str = SLACK_AUTHORIZE_URL_DEFAULT
    redirect_uri: str | None = None
    # The shared store (threads, seen ids, rate buckets, installations): a SQLAlchemy URL.
    # None: SQLite in a file beside the DuckDB store.
    store_url: str | None = None
    retention_days: float = 30.0
    # Threads that compute answers, and how many more may wait before people are told to
    # try again (per worker process).
    workers: int = 8
    queue_depth: int = 200
    # HTTP mode: uvicorn worker processes, and the limits on each request.
    http_workers: int = 2
    max_body: int = 1 << 20
    body_timeout: float = 10.0
    header_timeout: float = 10.0
    # Questions a minute per person and per channel (0: no limit); past them a polite note.
    # from_env defaults to 10 and 30 (COLLABBOT_RATE_USER, COLLABBOT_RATE_CHANNEL).
    user_rate: int = 0
    channel_rate: int = 0
    # Seconds before a Web API call is given up (a timed-out post is checked, not re-sent).
    http_timeout: float = 30.0

    @property
    def distributed(self) -> bool:
        """OAuth install into many workspaces (tokens come from the installation store)."""
        return bool(self.client_id and self.client_secret)

    def store_location(self) -> str:
        if self.store_url:
            return self.store_url
        from data.store import default_db_path

        return f"sqlite:///{default_db_path().parent / SLACK_STORE_FILE}"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        dotenv_path: str | os.PathLike[str] | None = ".env",
    ) -> SlackSettings:
        env = dict(read_dotenv(dotenv_path))
        env.update(os.environ if environ is None else environ)  # the real environment wins

        def get(name: str) -> str | None:
            value = (env.get(name) or "").strip()
            return value or None

        api_url = get("SLACK_API_URL") or SLACK_API_URL_DEFAULT
        if not api_url.endswith("/"):
            api_url += "/"

        def number(name: str, default: int) -> int:
            value = get(name)
            return int(value) if value and value.isdigit() else default

        def seconds(name: str, default: float) -> float:
            try:
                value = float(get(name) or default)
            except ValueError:
                return default
            return value if value > 0 else default

        return cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            app_token=get("SLACK_APP_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            api_url=api_url,
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            authorize_url=get("SLACK_AUTHORIZE_URL") or SLACK_AUTHORIZE_URL_DEFAULT,
            redirect_uri=get("SLACK_REDIRECT_URI"),
            store_url=get("COLLABBOT_SLACK_DB_URL"),
            retention_days=seconds("COLLABBOT_SLACK_RETENTION_DAYS", 30.0),
            workers=number("COLLABBOT_SLACK_WORKERS", 8) or 8,
            queue_depth=number("COLLABBOT_SLACK_QUEUE", 200),
            http_workers=number("WEB_CONCURRENCY", 2) or 2,
            max_body=number("COLLABBOT_HTTP_MAX_BODY", 1 << 20) or 1 << 20,
            body_timeout=seconds("COLLABBOT_HTTP_BODY_TIMEOUT", 10.0),
            header_timeout=seconds("COLLABBOT_HTTP_HEADER_TIMEOUT", 10.0),
            user_rate=number("COLLABBOT_RATE_USER", 10),
            channel_rate=number("COLLABBOT_RATE_CHANNEL", 30),
            http_timeout=seconds("COLLABBOT_SLACK_TIMEOUT", 30.0),
        )

    def check(self, *, http: bool) -> None:
        """Raise MissingSlackConfig naming every variable the mode needs and lacks."""
        if self.client_id or self.client_secret:
            needed = {
                "SLACK_CLIENT_ID": self.client_id,
                "SLACK_CLIENT_SECRET": self.client_secret,
                "SLACK_SIGNING_SECRET": self.signing_secret,
            }
            missing = [name for name, value in needed.items() if not value]
            if missing or not http:
                raise MissingSlackConfig(missing, http=http, distributed=True)
            return
        needed = {"SLACK_BOT_TOKEN": self.bot_token}
        if http:
            needed["SLACK_SIGNING_SECRET"] = self.signing_secret
        else:
            needed["SLACK_APP_TOKEN"] = self.app_token
        missing = [name for name, value in needed.items() if not value]
        if missing:
            raise MissingSlackConfig(missing, http=http)
