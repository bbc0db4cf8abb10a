"""The built-in synthetic demo dataset: deterministic, article-level, calibrated to DATA.md P1–P11."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from data.lock import Waiting
from data.writer import ARTICLE_METRICS, DatasetMeta, WindowRow, write_article_dataset

DEMO_NAME = "demo"
DEMO_VERSION = "1.0"

DEMO_META = DatasetMeta(
    name=DEMO_NAME,
    source="collabbot synthetic generator (seeded); calibrated to the Nature Index figures "
    "published in 'Plying their trade closer to home' (Nature Index, 2024)",
    description="Synthetic article-level data at Nature Index scale, 2015–2023*, five subjects. "
    "Not real data: only the published figures it is calibrated to are facts.",
    synthetic=True,
    version=DEMO_VERSION,
    metrics=ARTICLE_METRICS,
    level="articles",
    small_base_cs=10.0,
    small_base_count=50.0,
)


def bri_for_calibration() -> frozenset[str]:
    """BRI membership at the end of the latest window (DATA.md's default rule)."""
    from data import catalogue

    return catalogue.members("BRI", dt.date(2023, 7, 31))


def build_demo(
    path: str | os.PathLike[str],
    progress: Callable[[str, float], None] | None = None,
    scale: float = 1.0,
    name: str = DEMO_NAME,
    waiting: Waiting | None = None,
) -> None:
    """Build the demo (or, for benchmarks, a `scale`× copy under another name) into `path`."""
    from dataclasses import replace

    from data.demo.generate import DemoGenerator

    say = progress or (lambda stage, fraction: None)
    generator = DemoGenerator(
        bri_for_calibration(), progress=lambda s, f: say(s, 0.7 * f), scale=scale
    )
    articles, authorships = generator.run()
    windows = [WindowRow(w.year, w.label, w.start, w.end) for w in generator.windows]
    stages = iter((0.78, 0.85, 0.95, 0.99))
    meta = (
        DEMO_META
        if scale == 1.0 and name == DEMO_NAME
        else replace(
            DEMO_META,
            name=name,
            version=f"{DEMO_VERSION}-x{scale:g}",
            description=DEMO_META.description + f" Scaled {scale:g}× for benchmarks; the published "
            "figures hold only at 1×.",
        )
    )
    write_article_dataset(
        path,
        meta,
        windows,
        articles,
        authorships,
        progress=lambda stage: say(f"writing {stage}", next(stages, 0.99)),
        waiting=waiting,
        set_aside_damaged=True,
    )
    say("done", 1.0)
