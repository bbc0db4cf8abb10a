"""The Slack layer's shared state in one SQLAlchemy database: threads, seen ids, rate buckets.

Every worker process (and every host, with a shared URL) reads and writes the same rows, so a
retried delivery is answered once and a rate limit holds whichever worker a request reaches.
The installation and OAuth-state stores from slack_sdk live in the same database. SQLite (a
file beside the DuckDB store) is the default; any SQLAlchemy URL works (tested on PostgreSQL).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger("bot.slack")

HISTORY_MAX = 10  # receipts kept per thread (the last is the thread's current question)


@dataclass(frozen=True)
class Retention:
    """How long and how much the store keeps (old rows are pruned as new ones arrive)."""

    thread_days: float = 30.0
    threads_per_team: int = 10_000
    seen_hours: float = 72.0  # event ids and answered messages (an edit days later is rare)
    prune_every_s: float = 60.0


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout so several processes share it."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, pool_pre_ping=True
        )

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class SlackStore:
    """Threads → question history, seen ids and token buckets, per workspace."""

    def __init__(
        self,
        url: str,
        retention: Retention | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.retention = retention or Retention()
        self._clock = clock
        self._pruned_at = 0.0
        self._prune_lock = threading.Lock()
        meta = sa.MetaData()
        self.threads = sa.Table(
            "collabbot_threads",
            meta,
            sa.Column("team_id", sa.String(32), primary_key=True),
            sa.Column("channel", sa.String(32), primary_key=True),
            sa.Column("thread_ts", sa.String(32), primary_key=True),
            sa.Column("receipts", sa.Text, nullable=False),  # JSON list, oldest first
            sa.Column("updated_at", sa.Float, nullable=False),
            sa.Index("collabbot_threads_recent", "team_id", "channel", "updated_at"),
        )
        self.seen = sa.Table(
            "collabbot_seen",
            meta,
            sa.Column("key", sa.String(255), primary_key=True),
            sa.Column("at", sa.Float, nullable=False, index=True),
        )
        self.buckets = sa.Table(
            "collabbot_buckets",
            meta,
            sa.Column("key", sa.String(255), primary_key=True),
            sa.Column("tokens", sa.Float, nullable=False),
            sa.Column("at", sa.Float, nullable=False),
        )
        self._meta = meta

    def create(self) -> SlackStore:
        """Create missing tables (run once before worker processes start, so they never race)."""
        self._meta.create_all(self.engine, checkfirst=True)
        return self

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ seen ids

    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered (across every process), False for a repeat."""
        now = self._clock()
        with self.engine.begin() as conn:
            added = _insert_ignore(conn, self.seen, {"key": key[:255], "at": now})
        self._maybe_prune(now)
        return added

    # ------------------------------------------------------------------ rate limits

    def take(self, buckets: Sequence[tuple[str, int]], per: float) -> int | None:
        """Spend one token from each (key, rate) bucket, all or none: None when every bucket
        had one, else the index of the first that was empty (and nothing is spent)."""
        now = self._clock()
        b = self.buckets.c
        with self.engine.connect() as conn:
            trans = conn.begin()
            for i, (key, rate) in enumerate(buckets):
                _insert_ignore(conn, self.buckets, {"key": key[:255], "tokens": rate, "at": now})
                refill = b.tokens + (now - b.at) * (rate / per)
                level = sa.case((refill > rate, float(rate)), else_=refill)
                # One conditional UPDATE: the row lock (or SQLite's write lock) makes the
                # check and the spend atomic across processes.
                spent = conn.execute(
                    sa.update(self.buckets)
                    .where(b.key == key[:255], level >= 1.0)
                    .values(tokens=level - 1.0, at=now)
                )
                if spent.rowcount == 0:
                    trans.rollback()
                    return i
            trans.commit()
        return None

    # ------------------------------------------------------------------ threads

    def history(self, team: str, channel: str, thread_ts: str) -> tuple[str, ...]:
        """The receipts asked in this thread, oldest first (empty: not a thread we answered)."""
        t = self.threads.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.receipts, t.updated_at).where(
                    t.team_id == team, t.channel == channel, t.thread_ts == thread_ts
                )
            ).first()
        return self._fresh_receipts(row)

    def latest(self, team: str, channel: str) -> tuple[str, ...]:
        """The history of the last answered thread in a conversation (a DM's last answer)."""
        t = self.threads.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.receipts, t.updated_at)
                .where(t.team_id == team, t.channel == channel)
                .order_by(t.updated_at.desc())
                .limit(1)
            ).first()
        return self._fresh_receipts(row)

    def remember(self, team: str, channel: str, thread_ts: str, receipts: Sequence[str]) -> None:
        """Keep the thread's history (the last HISTORY_MAX receipts)."""
        now = self._clock()
        kept = list(receipts)[-HISTORY_MAX:]
        key = {"team_id": team, "channel": channel, "thread_ts": thread_ts}
        values = {"receipts": json.dumps(kept, ensure_ascii=False), "updated_at": now}
        with self.engine.begin() as conn:
            _upsert(conn, self.threads, key, values)
        self._maybe_prune(now)

    def forget_team(self, team: str) -> int:
        """Drop a workspace's threads and buckets (it uninstalled the app); returns rows removed."""
        with self.engine.begin() as conn:
            gone = conn.execute(sa.delete(self.threads).where(self.threads.c.team_id == team))
            conn.execute(
                sa.delete(self.buckets).where(
                    self.buckets.c.key.like(f"%:{_like(team)}:%", escape="\\")
                )
            )
        return gone.rowcount or 0

    def _fresh_receipts(self, row: Any) -> tuple[str, ...]:
        if row is None:
            return ()
        if row.updated_at < self._clock() - self.retention.thread_days * 86400:
            return ()
        try:
            value = json.loads(row.receipts)
        except ValueError:
            log.warning("unreadable thread history in the Slack store; treated as empty")
            return ()
        if not isinstance(value, list):
            return ()
        return tuple(r for r in value if isinstance(r, str) and r.strip())[-HISTORY_MAX:]

    # ------------------------------------------------------------------ retention

    def _maybe_prune(self, now: float) -> None:
        if now - self._pruned_at < self.retention.prune_every_s:
            return
        if not self._prune_lock.acquire(blocking=False):
            return
        try:
            self._pruned_at = now
            self.prune()
        finally:
            self._prune_lock.release()

    def prune(self) -> dict[str, int]:
        """Delete what the retention no longer keeps; returns the rows removed per table."""
        now = self._clock()
        r = self.retention
        t, s = self.threads.c, self.seen.c
        removed = {"threads": 0, "seen": 0}
        with self.engine.begin() as conn:
            old = conn.execute(
                sa.delete(self.threads).where(t.updated_at < now - r.thread_days * 86400)
            )
            removed["threads"] += old.rowcount or 0
            crowded = conn.execute(
                sa.select(t.team_id)
                .group_by(t.team_id)
                .having(sa.func.count() > r.threads_per_team)
            ).scalars()
            for team in list(crowded):
                cutoff = conn.execute(
                    sa.select(t.updated_at)
                    .where(t.team_id == team)
                    .order_by(t.updated_at.desc())
                    .offset(r.threads_per_team)
                    .limit(1)
                ).scalar()
                if cutoff is not None:
                    over = conn.execute(
                        sa.delete(self.threads).where(t.team_id == team, t.updated_at <= cutoff)
                    )
                    removed["threads"] += over.rowcount or 0
            seen = conn.execute(sa.delete(self.seen).where(s.at < now - r.seen_hours * 3600))
            removed["seen"] = seen.rowcount or 0
            # A bucket idle for longer than an hour is full again: its row says nothing.
            conn.execute(sa.delete(self.buckets).where(self.buckets.c.at < now - 3600))
        return removed

    # ------------------------------------------------------------------ OAuth

    def installations(self, client_id: str) -> Any:
        """slack_sdk's SQLAlchemy installation store on this database."""
        from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

        return SQLAlchemyInstallationStore(
            client_id=client_id, engine=self.engine, logger=logging.getLogger("bot.slack.oauth")
        )

    def oauth_states(self, expiration_seconds: int = 600) -> Any:
        """slack_sdk's SQLAlchemy OAuth state store (one-time `state` values) on this database."""
        from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

        return SQLAlchemyOAuthStateStore(
            expiration_seconds=expiration_seconds,
            engine=self.engine,
            logger=logging.getLogger("bot.slack.oauth"),
        )

    def create_oauth_tables(self, client_id: str) -> None:
        self.installations(client_id).create_tables()
        self.oauth_states().create_tables()


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dialect_insert(conn: Connection, table: sa.Table) -> Any:
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    return None


def _insert_ignore(conn: Connection, table: sa.Table, values: dict[str, Any]) -> bool:
    """Insert unless the primary key exists; True when a row was added."""
    insert = _dialect_insert(conn, table)
    if insert is not None:
        # RETURNING, not rowcount: psycopg reports -1 rows for INSERT … ON CONFLICT.
        key = next(iter(table.primary_key.columns))
        stmt = insert.values(**values).on_conflict_do_nothing().returning(key)
        return conn.execute(stmt).first() is not None
    # Other databases: a savepoint keeps a duplicate from aborting the outer transaction.
    try:
        with conn.begin_nested():
            conn.execute(sa.insert(table).values(**values))
        return True
    except sa.exc.IntegrityError:
        return False


def _upsert(conn: Connection, table: sa.Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    insert = _dialect_insert(conn, table)
    if insert is not None:
        stmt = insert.values(**key, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=values))
        return
    where = [table.c[k] == v for k, v in key.items()]
    if not conn.execute(sa.update(table).where(*where).values(**values)).rowcount:
        conn.execute(sa.insert(table).values(**key, **values))
