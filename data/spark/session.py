"""A SparkSession for the job: local mode (local[N]) or a cluster through Spark Connect (sc://HOST:PORT)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
from typing import Any

from data.errors import UserError

_LOCAL = re.compile(r"^local(\[(\d+|\*)\])?$")
_MEMORY = re.compile(r"^\d+[kmgt]$", re.IGNORECASE)
_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_problem() -> str | None:
    """Why local Spark can't start here (no Java 17+), or None when it can."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        return "Spark needs Java 17 or later and there is no `java` on PATH (nor JAVA_HOME)"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`{java} -version` did not run ({exc})"
    match = _JAVA_VERSION.search(out.stderr + out.stdout)
    major = int(match[1]) if match else 0
    if major == 1 and match and match[2]:
        major = int(match[2])  # "1.8" is Java 8
    if major < 17:
        return f"Spark needs Java 17 or later; `{java}` is Java {major or 'of unknown version'}"
    return None


def pyspark_problem() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed: install the spark extra (pip install '.[spark]')"
    return None


class _LostEngineNoise(logging.Filter):
    """Drops py4j's traceback for a connection to a JVM that has died: the job reports that
    in one line of its own (py4j logs it on the root logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        lost = isinstance(error, (ConnectionError, EOFError)) or (
            type(error).__name__ == "Py4JNetworkError"
        )
        return not (lost and f"{os.sep}py4j{os.sep}" in record.pathname)


def _quiet_when_the_engine_dies() -> None:
    """When the local JVM dies (an out-of-memory kill), pyspark's accumulator server and py4j
    print the lost connection as tracebacks from their own threads; the job's one-line error
    says it instead."""
    root = logging.getLogger()
    if not any(isinstance(f, _LostEngineNoise) for f in root.filters):
        root.addFilter(_LostEngineNoise())
    from pyspark.accumulators import UpdateRequestHandler

    if getattr(UpdateRequestHandler.handle, "_collabbot", False):
        return
    handle = UpdateRequestHandler.handle

    def handle_until_the_engine_is_gone(self: Any) -> None:
        with contextlib.suppress(ConnectionError, EOFError):
            handle(self)

    handle_until_the_engine_is_gone._collabbot = True  # type: ignore[attr-defined]
    UpdateRequestHandler.handle = handle_until_the_engine_is_gone  # type: ignore[method-assign]


def default_driver_memory() -> str:
    """A quarter of this machine's memory, from 1 to 8 GB. Spark's own default (1 GB) holds
    about 50,000 works: in local mode the tasks run inside the driver's JVM, and 500,000
    generated works ran it out of heap."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "4g"
    return f"{max(1, min(8, total // 4 // 2**30))}g"


def checked_memory(size: str) -> str:
    """A JVM memory size (512m, 6g); UserError for anything else."""
    if not _MEMORY.match(size):
        raise UserError(
            "bad_option", f"--driver-memory takes a size such as 4g or 512m, not “{size[:40]}”."
        )
    return size.lower()


def open_session(
    master: str | None = None,
    remote: str | None = None,
    shuffle_partitions: int | None = None,
    driver_memory: str | None = None,
) -> Any:
    """A SparkSession: Spark Connect when `remote` (sc://HOST:PORT) is given, else local mode
    on `master` (default local[2]) with `driver_memory` (default: `default_driver_memory()`).
    UserError when Spark can't run here."""
    problem = pyspark_problem()
    if problem:
        raise UserError("spark_unavailable", problem)
    from pyspark.sql import SparkSession

    if remote:
        if not remote.startswith("sc://"):
            raise UserError("bad_option", f"--remote takes sc://HOST:PORT, not “{remote[:60]}”.")
        # The client connects on its first request; the job reports a server it can't reach.
        return SparkSession.builder.remote(remote).getOrCreate()
    master = master or "local[2]"
    if not _LOCAL.match(master) and not master.startswith(("spark://", "yarn", "k8s://")):
        raise UserError("bad_option", f"--master takes local[N] or a cluster URL, not “{master}”.")
    if driver_memory is not None:
        driver_memory = checked_memory(driver_memory)
    if master.startswith("local"):
        problem = java_problem()
        if problem:
            raise UserError("spark_unavailable", problem)
        driver_memory = driver_memory or default_driver_memory()
    builder = (
        SparkSession.builder.master(master)
        .appName("collabbot-build")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if driver_memory:
        # Read when the JVM starts: no effect on a session this process already runs.
        builder = builder.config("spark.driver.memory", driver_memory)
    _quiet_when_the_engine_dies()
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()
