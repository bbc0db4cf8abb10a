"""A bounded pool for the work behind an ack: a few threads, a queue of fixed depth, and a
refusal (never a wait) when it is full, so the request thread that acks is never held."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from bot import logs

log = logging.getLogger("bot.slack")


class BoundedWork:
    """`workers` threads run jobs; at most `depth` more wait. `submit` returns False at once
    when every place is taken (the caller tells the person), and a job's failure is logged."""

    def __init__(self, workers: int, depth: int, name: str = "collabbot-answer") -> None:
        self.workers = workers
        self.depth = depth
        self._pool = logs.ContextExecutor(max_workers=workers, thread_name_prefix=name)
        self._places = threading.BoundedSemaphore(workers + depth)
        self._lock = threading.Lock()
        self._held = 0
        self.refused = 0
        self.name = name

    def submit(self, job: Callable[..., Any], *args: Any) -> bool:
        if not self._places.acquire(blocking=False):
            with self._lock:
                self.refused += 1
            return False
        with self._lock:
            self._held += 1
        try:
            self._pool.submit(self._run, job, *args)
        except RuntimeError:  # the pool is shutting down
            self._release()
            return False
        return True

    def _run(self, job: Callable[..., Any], *args: Any) -> None:
        try:
            job(*args)
        except Exception:
            # Jobs apologise for their own failures; this is the last line, so it is logged.
            log.exception("%s job failed", self.name)
        finally:
            self._release()

    def _release(self) -> None:
        with self._lock:
            self._held -= 1
        self._places.release()

    @property
    def in_flight(self) -> int:
        """Jobs running or waiting."""
        with self._lock:
            return self._held

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
