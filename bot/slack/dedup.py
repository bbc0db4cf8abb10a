"""A bounded, time-limited set of Slack event ids, so a redelivered event is answered once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class SeenEvents:
    """Remembers event ids for `ttl` seconds, at most `maxsize` of them (oldest dropped first).

    Slack redelivers an event (header X-Slack-Retry-Num, same event_id) when it did not get
    a 2xx within 3 seconds; we ack at once, so retries are rare, but they must not answer twice.
    """

    def __init__(
        self,
        ttl: float = 3600.0,
        maxsize: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.ttl = ttl
        self.maxsize = maxsize
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is offered (within the TTL), False for a repeat."""
        now = self._clock()
        with self._lock:
            while self._seen:
                oldest, at = next(iter(self._seen.items()))
                if now - at < self.ttl and len(self._seen) < self.maxsize:
                    break
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True

    def __len__(self) -> int:
        return len(self._seen)
