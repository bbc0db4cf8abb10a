"""Scaled copies of the demo (1×, 3×, 10×) built by the demo generator, cached on disk.

A scaled database is built once into ``$COLLABBOT_BENCH_CACHE`` (default
``~/.cache/collabbot-bench/``) under a name keyed by the scale and a hash of the generator and
writer sources, and reused while that key holds. Each build records how long it took in a
``.json`` file beside the database, so the benchmark can report load time without rebuilding.

    .venv/bin/python -m benchmarks.scaled 3 10      # build (or find) the 3× and 10× databases
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code whose output the cache holds: a change to any of it builds the databases again.
GENERATOR_SOURCES = (
    "data/demo/__init__.py",
    "data/demo/generate.py",
    "data/demo/articles.py",
    "data/demo/rows.py",
    "data/demo/makeup.py",
    "data/demo/plan.py",
    "data/demo/trends.py",
    "data/demo/trends.csv",
    "data/writer.py",
    "data/schema.py",
)


def cache_dir() -> Path:
    env = os.environ.get("COLLABBOT_BENCH_CACHE")
    base = Path(env).expanduser() if env else Path.home() / ".cache" / "collabbot-bench"
    base.mkdir(parents=True, exist_ok=True)
    return base


def generator_version() -> str:
    from data.demo import DEMO_VERSION

    digest = hashlib.sha256()
    for rel in GENERATOR_SOURCES:
        path = ROOT / rel
        if path.is_file():
            digest.update(rel.encode() + b"\0" + path.read_bytes())
    for extra in sorted((ROOT / "data" / "catalogue").glob("*.[cp][sy]*")):  # .csv and .py
        digest.update(extra.name.encode() + b"\0" + extra.read_bytes())
    return f"{DEMO_VERSION}-{digest.hexdigest()[:10]}"


def dataset_name(scale: float) -> str:
    from data.demo import DEMO_NAME

    return DEMO_NAME if scale == 1.0 else f"{DEMO_NAME}_x{scale:g}"


def db_path(scale: float) -> Path:
    return cache_dir() / f"demo-x{scale:g}-{generator_version()}.duckdb"


def build_info(path: Path) -> dict:
    meta = path.with_suffix(".json")
    if meta.is_file():
        try:
            return json.loads(meta.read_text())
        except ValueError:
            return {}
    return {}


def ensure(scale: float, log=None) -> tuple[Path, dict]:
    """The database for `scale` (built now if missing) and its build record (load_s, …)."""
    from data.demo import build_demo

    path = db_path(scale)
    info = build_info(path)
    if path.is_file() and info.get("complete"):
        return path, info
    say = log or (lambda msg: None)
    say(f"building the {scale:g}× demo into {path} (one-off; cached afterwards) …")
    started = time.perf_counter()
    build_demo(path, scale=scale, name=dataset_name(scale))
    load_s = time.perf_counter() - started
    info = {
        "scale": scale,
        "load_s": load_s,
        "generator": generator_version(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "complete": True,
    }
    path.with_suffix(".json").write_text(json.dumps(info, indent=2))
    say(f"built the {scale:g}× demo in {load_s:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    return path, info


def main(argv: list[str] | None = None) -> int:
    scales = [float(a) for a in (argv if argv is not None else sys.argv[1:])] or [3.0, 10.0]
    for s in scales:
        path, info = ensure(s, log=lambda m: print(m, file=sys.stderr, flush=True))
        print(f"{s:g}×  {path}  load {info['load_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
