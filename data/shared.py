"""`data load-shared`: the real OpenAlex networks and works sample from a shared data folder, when it has them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.info import has_dataset

ENV = "COLLABBOT_SHARED_DATA"
DEFAULT_FOLDER = Path("..") / "shared" / "data"
# (dataset, kind, file inside the folder): what `make run` loads beside the demo.
REAL_DATASETS = (
    ("openalex", "openalex-networks", Path("openalex-country-coauthorship") / "WrldCo_years.zip"),
    ("openalex-works", "openalex-works", Path("openalex-works-sample") / "works.jsonl.gz"),
)


def shared_folder(folder: str | None) -> Path:
    """The folder given, else $COLLABBOT_SHARED_DATA, else ../shared/data."""
    return Path(folder or os.environ.get(ENV) or DEFAULT_FOLDER).expanduser()


def load_shared(
    folder: str | None,
    db: Path,
    *,
    if_missing: bool,
    progress: Callable[[str], Any] | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Load each real dataset whose file the folder has; say what was skipped and why.

    A folder without the files is not an error (`make run` works without it); a file that is
    there but broken is (exit 2 with the loader's message). `progress(name)` makes the
    progress reporter of one load (the command line passes its progress bar)."""
    from data.loaders import load

    root = shared_folder(folder)
    if not root.is_dir():
        if folder or os.environ.get(ENV):  # asked for explicitly: say so loudly
            raise UserError("bad_file", f"No shared data folder at {root}.")
        say(f"no shared data at {root.resolve()} (set {ENV}); real datasets not loaded")
        return 0
    for name, kind, relative in REAL_DATASETS:
        path = root / relative
        if not path.is_file():
            say(f"{name}: {path} not found; skipped")
            continue
        if if_missing and has_dataset(db, name):
            say(f"{name} dataset already in {db}")
            continue
        bar = progress(name) if progress else None
        report = load(kind, [str(path)], dataset=name, db=db, progress=bar)
        say(report.summary())
    return 0
