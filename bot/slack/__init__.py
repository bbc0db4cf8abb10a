"""Slack front end: bolt listeners, the HTTP and Socket Mode transports, configuration."""

from bot.slack.app import COMMAND, create_app
from bot.slack.server import http_server, main_serve, serve
from bot.slack.settings import MissingSlackConfig, SlackSettings

__all__ = [
    "COMMAND",
    "MissingSlackConfig",
    "SlackSettings",
    "create_app",
    "http_server",
    "main_serve",
    "serve",
]
