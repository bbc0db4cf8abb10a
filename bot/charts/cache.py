"""A bounded cache of chart PNGs for repeated questions, emptied when a dataset is loaded."""

# A bounded cache of chart PNGs, keyed by the question's compiled SQL, the datasets' versions and
# the complete chart spec; emptied when a watched database file changes (a dataset was loaded).
#
# Charts are deterministic, so a repeated question (colleagues ask the same thing; buttons re-ask)
# gets the same bytes at once. The spec is part of the key because two questions can compile to
# the same SQL and still be drawn differently ("2015 vs 2016" and "2015–2016").

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from queries.model import Answer, ChartSpec

MAX_ENTRIES = 256
MAX_BYTES = 64 * 2**20  # about 500 charts of 130 KB; a long list's chart is larger


class ChartCache:
    """Least recently used, bounded by entries and bytes; safe to share between threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._drawing = threading.Lock()
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._watched: dict[Path, tuple[int, int] | None] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def watch(self, path: str | os.PathLike[str]) -> None:
        """Empty the cache whenever this database file is replaced or rewritten."""
        p = Path(path)
        with self._lock:
            self._watched.setdefault(p, _identity(p))

    def _check_watched(self) -> None:
        """Call with the lock held: a changed file (a load swaps it atomically) empties the cache."""
        changed = False
        for p, seen in self._watched.items():
            now = _identity(p)
            if now != seen:
                self._watched[p] = now
                changed = True
        if changed:
            self._items.clear()
            self._bytes = 0

    def png(self, answer: Answer, spec: ChartSpec, render: Callable[[ChartSpec], bytes]) -> bytes:
        # The query that ran (statement and values) identifies the figures; an answer made
        # without one (a test's) by its SQL text.
        query = answer.query or answer.sql
        key = (query, tuple((d.name, d.version) for d in answer.datasets), spec)
        found = self._lookup(key)
        if found is not None:
            return found
        # Outside the lookup lock, so that a slow render does not hold up hits; one render at
        # a time, so that the same chart asked twice at once is drawn once.
        with self._drawing:
            found = self._lookup(key)
            if found is not None:
                return found
            with self._lock:
                self.misses += 1
            png = render(spec)
            with self._lock:
                if len(png) <= self.max_bytes:
                    self._items[key] = png
                    self._bytes += len(png)
                while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                    _, dropped = self._items.popitem(last=False)
                    self._bytes -= len(dropped)
        return png

    def _lookup(self, key: Hashable) -> bytes | None:
        with self._lock:
            self._check_watched()
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return found


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


CACHE = ChartCache()


def cached_png(answer: Answer, cache: ChartCache = CACHE) -> bytes | None:
    """The answer's chart PNG, from the cache when the same chart was drawn before."""
    from bot.charts import plan, png_of_spec

    spec = plan.complete(answer)
    if spec is None:
        return None
    return cache.png(answer, spec, png_of_spec)


class FrontEndCharts:
    """What the front ends (Slack, chat, ask) call, with bot.charts' names: PNGs through the
    cache, emptied when the database they answer from changes."""

    def __init__(self, db: str | os.PathLike[str], cache: ChartCache = CACHE):
        self.cache = cache
        cache.watch(db)

    def render_png(self, answer: Answer) -> bytes | None:
        return cached_png(answer, self.cache)

    def alt_text(self, answer: Answer) -> str:
        from bot.charts.alt import alt_text

        return alt_text(answer)


def front_end(db: str | os.PathLike[str] | None = None) -> FrontEndCharts:
    """The charts for a front end answering from `db` (default: $COLLABBOT_DB or the default
    database, as the pipeline resolves it)."""
    from data.store import resolve_db_path

    return FrontEndCharts(resolve_db_path(db))
