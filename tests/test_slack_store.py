"""The shared Slack store on SQLite (the default) and on a real PostgreSQL server started here
from Debian's packages: seen ids and rate buckets hold across worker processes, threads are
kept per workspace within the retention, and slack_sdk's OAuth stores work on the same
database."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from slack_fakes import Postgres, in_ci, postgres_bindir, say, temp_store_url

from bot.slack.store import HISTORY_MAX, Retention, SlackStore

pytestmark = pytest.mark.timeout(180)

PROCESSES = 4


@pytest.fixture(scope="session")
def postgres_url():
    bindir = postgres_bindir()
    if bindir is None:
        reason = "PostgreSQL is not installed (Debian package `postgresql`; .ci/run installs it)"
        if in_ci():
            pytest.fail(reason)
        say(f"SKIPPING the PostgreSQL store tests: {reason}")
        pytest.skip(reason)
    with Postgres(bindir) as pg:
        yield pg.url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request):
    if request.param == "sqlite":
        return temp_store_url()
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url):
    s = SlackStore(url).create()
    # PostgreSQL is one server for the session: each test starts from empty tables.
    with s.engine.begin() as conn:
        for table in (s.threads, s.seen, s.buckets):
            conn.execute(table.delete())
    yield s
    s.dispose()


# --------------------------------------------------------------------------- across processes


def _claim(url: str, keys: list[str]) -> list[str]:
    store = SlackStore(url)
    try:
        return [k for k in keys if store.first_time(k)]
    finally:
        store.dispose()


def _spend(url: str, attempts: int) -> int:
    store = SlackStore(url)
    try:
        return sum(
            store.take([("u:T1:U1", 10), ("c:T1:C1", 1000)], per=3600) is None
            for _ in range(attempts)
        )
    finally:
        store.dispose()


def _pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn"))


@pytest.mark.slow
def test_each_event_id_is_first_once_across_processes(store, url):
    keys = [f"ev:Ev{i:04d}" for i in range(60)]
    with _pool() as pool:
        claimed = list(pool.map(_claim, [url] * PROCESSES, [keys] * PROCESSES))
    firsts = [k for got in claimed for k in got]
    assert sorted(firsts) == sorted(keys)  # every id first exactly once, whoever got it
    assert not store.first_time(keys[0])


@pytest.mark.slow
def test_a_rate_bucket_holds_across_processes(store, url):
    with _pool() as pool:
        allowed = list(pool.map(_spend, [url] * PROCESSES, [8] * PROCESSES))
    assert sum(allowed) == 10  # 32 attempts, a bucket of 10: ten went ahead, wherever
    assert store.take([("u:T1:U1", 10)], per=3600) == 0


def test_a_refused_bucket_spends_nothing_from_the_other(store):
    now = [1_000.0]
    store._clock = lambda: now[0]
    assert store.take([("u:T:U1", 1), ("c:T:C", 2)], per=60) is None
    assert store.take([("u:T:U1", 1), ("c:T:C", 2)], per=60) == 0  # the person: no token
    assert store.take([("u:T:U2", 1), ("c:T:C", 2)], per=60) is None  # channel still had one
    assert store.take([("u:T:U3", 1), ("c:T:C", 2)], per=60) == 1
    now[0] += 30  # the channel refills one a half minute at 2/min
    assert store.take([("u:T:U3", 1), ("c:T:C", 2)], per=60) is None


# --------------------------------------------------------------------------- threads


def test_threads_are_kept_per_workspace(store):
    store.remember("T1", "C1", "1.1", ["R1", "R2"])
    assert store.history("T1", "C1", "1.1") == ("R1", "R2")
    assert store.history("T2", "C1", "1.1") == ()  # the same ids in another workspace
    assert store.history("T1", "C1", "1.2") == ()
    store.remember("T1", "C1", "1.1", [f"R{i}" for i in range(15)])
    assert store.history("T1", "C1", "1.1") == tuple(f"R{i}" for i in range(5, 15))
    assert len(store.history("T1", "C1", "1.1")) == HISTORY_MAX


def test_latest_is_the_last_answered_thread_in_a_conversation(store):
    now = [1_000.0]
    store._clock = lambda: now[0]
    store.remember("T1", "D1", "1.1", ["R1"])
    now[0] += 1
    store.remember("T1", "D1", "2.1", ["R2"])
    now[0] += 1
    store.remember("T1", "D2", "3.1", ["R3"])
    assert store.latest("T1", "D1") == ("R2",)
    now[0] += 1
    store.remember("T1", "D1", "1.1", ["R1", "R4"])  # an older thread answered again
    assert store.latest("T1", "D1") == ("R1", "R4")
    assert store.latest("T2", "D1") == ()


def test_retention_drops_old_threads_and_caps_each_workspace(url):
    now = [10_000_000.0]
    retention = Retention(thread_days=1, threads_per_team=3, seen_hours=1, prune_every_s=1e9)
    store = SlackStore(url, retention, clock=lambda: now[0]).create()
    with store.engine.begin() as conn:
        for table in (store.threads, store.seen, store.buckets):
            conn.execute(table.delete())
    store.remember("T1", "C1", "old", ["R0"])
    store.first_time("ev:old")
    now[0] += 2 * 86400
    assert store.history("T1", "C1", "old") == ()  # past the retention: not followed
    for i in range(5):
        now[0] += 1
        store.remember("T1", "C1", f"t{i}", [f"R{i}"])
    store.remember("T2", "C1", "t0", ["X"])
    removed = store.prune()
    assert removed == {"threads": 3, "seen": 1}  # the old one, and T1's two oldest over 3
    assert [store.history("T1", "C1", f"t{i}") for i in range(5)] == [
        (),
        (),
        ("R2",),
        ("R3",),
        ("R4",),
    ]
    assert store.history("T2", "C1", "t0") == ("X",)
    assert store.first_time("ev:old")  # forgotten after the retention, so new again
    store.dispose()


def test_forgetting_a_workspace_removes_its_threads_and_buckets_only(store):
    store.remember("T1", "C1", "1.1", ["R1"])
    store.remember("T2", "C1", "1.1", ["R2"])
    store.take([("u:T1:U1", 1)], per=60)
    store.take([("u:T2:U1", 1)], per=60)
    assert store.forget_team("T1") == 1
    assert store.history("T1", "C1", "1.1") == () and store.history("T2", "C1", "1.1") == ("R2",)
    assert store.take([("u:T1:U1", 1)], per=60) is None  # a fresh bucket
    assert store.take([("u:T2:U1", 1)], per=60) == 0  # untouched


def test_unreadable_history_reads_as_no_history(store):
    store.remember("T1", "C1", "1.1", ["R1"])
    with store.engine.begin() as conn:
        conn.execute(store.threads.update().values(receipts="{not json"))
    assert store.history("T1", "C1", "1.1") == ()


# --------------------------------------------------------------------------- OAuth stores


def test_installations_and_states_live_in_the_same_database(store):
    from slack_sdk.oauth.installation_store import Installation

    store.create_oauth_tables("1111.2222")
    installations = store.installations("1111.2222")
    for team in ("T1", "T2"):
        installations.save(
            Installation(
                app_id="A1",
                team_id=team,
                user_id="U1",
                bot_token=f"xoxb-{team}",
                bot_id=f"B{team}",
                bot_user_id=f"U{team}",
                bot_scopes=["chat:write"],
            )
        )
    assert installations.find_installation(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1"
    installations.delete_all(enterprise_id=None, team_id="T1")
    assert installations.find_installation(enterprise_id=None, team_id="T1") is None
    assert installations.find_bot(enterprise_id=None, team_id="T2").bot_token == "xoxb-T2"
    states = store.oauth_states()
    state = states.issue()
    assert states.consume(state) and not states.consume(state)  # one use only
    assert not states.consume(state + "x")
