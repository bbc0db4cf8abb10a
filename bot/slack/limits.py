"""Per-user and per-channel token buckets, so one person or one busy channel cannot flood us."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class Buckets:
    """`rate` questions per `per` seconds for each key, with bursts up to `rate`. 0 = no limit."""

    def __init__(self, rate: int, per: float = 60.0, maxkeys: int = 50_000) -> None:
        self.rate = rate
        self.per = per
        self.maxkeys = maxkeys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def _bucket(self, key: str, now: float) -> _Bucket:
        b = self._buckets.get(key)
        if b is None:
            b = self._buckets[key] = _Bucket(float(self.rate), now)
            while len(self._buckets) > self.maxkeys:
                self._buckets.popitem(last=False)
        else:
            b.tokens = min(self.rate, b.tokens + (now - b.at) * self.rate / self.per)
            b.at = now
            self._buckets.move_to_end(key)
        return b

    def has(self, key: str | None, now: float) -> bool:
        return not self.rate or not key or self._bucket(key, now).tokens >= 1.0

    def take(self, key: str | None, now: float) -> None:
        if self.rate and key:
            self._bucket(key, now).tokens -= 1.0


class RateLimits:
    """Checks both buckets and spends from both only when both allow (a refused person does
    not use up the channel's allowance)."""

    def __init__(
        self,
        per_user: int = 10,
        per_channel: int = 30,
        per: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.users = Buckets(per_user, per)
        self.channels = Buckets(per_channel, per)
        self._clock = clock
        self._lock = threading.Lock()
        self.refused = 0

    def allow(self, user: str | None, channel: str | None) -> str | None:
        """None when the question may go ahead, else "user" or "channel" (the limit hit)."""
        now = self._clock()
        with self._lock:
            if not self.users.has(user, now):
                self.refused += 1
                return "user"
            if not self.channels.has(channel, now):
                self.refused += 1
                return "channel"
            self.users.take(user, now)
            self.channels.take(channel, now)
            return None
