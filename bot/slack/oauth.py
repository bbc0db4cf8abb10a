"""Distributed mode: Slack's OAuth install into many workspaces, tokens from the shared store."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot.slack.settings import SlackSettings
from bot.slack.store import SlackStore

log = logging.getLogger("bot.slack.oauth")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# The bot scopes the manifest asks for (tests check that both manifests list exactly these).
BOT_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "commands",
    "files:write",
    "im:history",
    "channels:history",
    "groups:history",
)
STATE_EXPIRY_S = 600


def oauth_settings(settings: SlackSettings, store: SlackStore, installations: Any) -> OAuthSettings:
    """bolt's OAuth flow on the shared store: one-time `state` values (also bound to a cookie
    in the installer's browser), installations saved per workspace, rotation when enabled."""
    return OAuthSettings(
        client_id=settings.client_id or "",
        client_secret=settings.client_secret or "",
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=settings.authorize_url,
        installation_store=installations,
        state_store=store.oauth_states(STATE_EXPIRY_S),
        state_expiration_seconds=STATE_EXPIRY_S,
        logger=log,
    )


def authorize(settings: SlackSettings, installations: Any, client: WebClient) -> Any:
    """Tokens from the installation store, rotated when they near expiry. The auth.test that
    names the bot is cached per token, so it is one call per token and worker, not per event."""
    return InstallationStoreAuthorize(
        installation_store=installations,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        logger=log,
        cache_enabled=True,
        client=client,
    )
