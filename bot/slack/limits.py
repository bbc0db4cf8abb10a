"""Per-person and per-channel token buckets, kept in the shared store so every worker agrees."""

from __future__ import annotations

import threading

from bot.slack.store import SlackStore


class RateLimits:
    """`per_user` and `per_channel` questions per `per` seconds (bursts up to the rate; 0 = no
    limit). Both buckets are spent only when both allow, so a refused person does not use up
    the channel's allowance."""

    def __init__(
        self, store: SlackStore, per_user: int = 10, per_channel: int = 30, per: float = 60.0
    ) -> None:
        self.store = store
        self.user_rate = per_user
        self.channel_rate = per_channel
        self.per = per
        self._lock = threading.Lock()
        self.refused = 0  # this process's refusals (the log has them all)

    def allow(self, team: str | None, user: str | None, channel: str | None) -> str | None:
        """None when the question may go ahead, else "user" or "channel" (the limit hit)."""
        named = [
            ("user", f"u:{team or '-'}:{user}", self.user_rate, user),
            ("channel", f"c:{team or '-'}:{channel}", self.channel_rate, channel),
        ]
        wanted = [(name, key, rate) for name, key, rate, who in named if rate and who]
        if not wanted:
            return None
        empty = self.store.take([(key, rate) for _, key, rate in wanted], self.per)
        if empty is None:
            return None
        with self._lock:
            self.refused += 1
        return wanted[empty][0]
