"""A SparkSession for the job: local mode (local[N]) or a cluster through Spark Connect (sc://HOST:PORT)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

from data.errors import UserError

_LOCAL = re.compile(r"^local(\[(\d+|\*)\])?$")
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


def open_session(
    master: str | None = None, remote: str | None = None, shuffle_partitions: int | None = None
) -> Any:
    """A SparkSession: Spark Connect when `remote` (sc://HOST:PORT) is given, else local mode
    on `master` (default local[2]). UserError when Spark can't run here."""
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
    if master.startswith("local"):
        problem = java_problem()
        if problem:
            raise UserError("spark_unavailable", problem)
    builder = (
        SparkSession.builder.master(master)
        .appName("collabbot-build")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()
