"""Runs in a private mount namespace (`unshare -Urm`): mounts a small tmpfs, fills it at one
step of a load (staging, copying or writing) and prints what happened as JSON.

The disk fills for real (the kernel's ENOSPC); only the moment is chosen, by filling the
tmpfs just before that step. Used by tests/test_reliability_files.py.

    unshare -Urm python tests/disk_full_driver.py DIR PHASE PAIRS.csv BASE.duckdb
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

LEFT_FREE = 64 * 1024  # enough to open files, not to write a database into


def fill(folder: Path, leave: int) -> None:
    """Write zeros until the tmpfs is full, then give back `leave` bytes."""
    filler = folder / "filler"
    with open(filler, "ab", buffering=0) as f:
        block = b"\0" * (1 << 16)
        with contextlib.suppress(OSError):  # ENOSPC: the disk is full, as wanted
            while True:
                f.write(block)
    os.truncate(filler, max(0, filler.stat().st_size - leave))


def main(folder: Path, phase: str, pairs: str, base: str) -> dict:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True)
    from bot import cli
    from data import store
    from data.loaders import stage

    db = folder / "x.duckdb"
    shutil.copy(base, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    undo = []
    if phase == "staging":
        fill(folder, LEFT_FREE)
    elif phase == "copying":
        output = stage.Stage.output

        def full_after_staging(self, select):
            staged = output(self, select)
            fill(folder, LEFT_FREE)
            return staged

        stage.Stage.output = full_after_staging  # type: ignore[method-assign]
        undo.append(lambda: setattr(stage.Stage, "output", output))
    elif phase == "writing":
        copy2 = store.shutil.copy2

        def full_after_copy(src, dst, **kw):
            copy2(src, dst, **kw)
            fill(folder, 0)

        store.shutil.copy2 = full_after_copy  # type: ignore[assignment]
        undo.append(lambda: setattr(store.shutil, "copy2", copy2))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["data", "load", "pairs", pairs, "--dataset", "new", "--db", str(db)])
    result = {
        "exit": code,
        "stderr": err.getvalue(),
        "unchanged": hashlib.sha256(db.read_bytes()).hexdigest() == before,
        "left_behind": sorted(
            p.name
            for p in folder.iterdir()
            if p.name not in ("x.duckdb", "x.duckdb.lock", "filler")
        ),
    }
    # With the space back the same load goes through.
    (folder / "filler").unlink(missing_ok=True)
    for step in undo:
        step()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        result["then"] = cli.main(
            ["data", "load", "pairs", pairs, "--dataset", "new", "--db", str(db)]
        )
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), *sys.argv[2:5])))
