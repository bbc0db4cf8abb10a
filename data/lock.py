"""One writer at a time: an exclusive lock file beside the database, waited for with a message."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from data.errors import UserError

DEFAULT_WAIT_S = 600.0
POLL_S = 0.1


def tell_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Waiting:
    """How long a writer waits for another one, and where it says that it is waiting."""

    seconds: float = DEFAULT_WAIT_S
    tell: Callable[[str], None] = tell_stderr


class StoreBusy(UserError):
    """Another writer kept the database past the wait."""

    def __init__(self, message: str) -> None:
        super().__init__(
            "db_busy",
            message,
            suggestions=("Wait for the other load to finish, or give a longer --wait SECONDS.",),
        )


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def exclusive(target: Path, waiting: Waiting) -> Iterator[None]:
    """Hold the database's writer lock for the block. The lock is flock(2) on `<db>.lock`: the
    kernel drops it when its holder exits or is killed, so a dead writer never blocks a live
    one, and the file itself is never deleted (deleting it would let two writers hold two
    different files)."""
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        wait_for(
            lambda: _try_lock(fd),
            lambda: f"another load (pid {_holder(fd)}) is writing to {target}",
            waiting,
        )
        # Who holds it, for the message a waiting writer prints.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {dt.datetime.now():%H:%M:%S}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def wait_for(ready: Callable[[], bool], why: Callable[[], str], waiting: Waiting) -> None:
    """Poll `ready` until it is true; say once why we wait; StoreBusy after `waiting.seconds`."""
    if ready():
        return
    deadline = time.monotonic() + waiting.seconds
    reason = why()
    waiting.tell(f"{reason}; waiting up to {waiting.seconds:g} s for it to finish…")
    while time.monotonic() < deadline:
        time.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))
        if ready():
            waiting.tell("…the other writer has finished; loading now.")
            return
    raise StoreBusy(
        f"Gave up after waiting {waiting.seconds:g} s: {reason}. Nothing was loaded and "
        "the database was not changed."
    )


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> str:
    """The pid (and start time) the lock's holder wrote, or "unknown" if it has not yet."""
    with contextlib.suppress(OSError):
        text = os.pread(fd, 64, 0).decode("ascii", "replace").split()
        if text and text[0].isdigit():
            return f"{text[0]}, since {text[1]}" if len(text) > 1 else text[0]
    return "unknown"
