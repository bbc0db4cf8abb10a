"""A small progress bar on stderr for long work (building the demo, loading files)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """`bar(stage, fraction)`; draws in place on a terminal, prints stage lines elsewhere."""

    def __init__(self, title: str, stream: TextIO | None = None, width: int = 30):
        self.title = title
        self.stream = stream or sys.stderr
        self.width = width
        self.start = time.perf_counter()
        self.tty = self.stream.isatty()
        self._last_stage = ""

    def __call__(self, stage: str, fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if self.tty:
            filled = int(self.width * fraction)
            bar = "█" * filled + "░" * (self.width - filled)
            self.stream.write(f"\r{self.title} {bar} {fraction:4.0%} {stage:<32.32}")
            if fraction >= 1.0:
                self.stream.write("\n")
            self.stream.flush()
        elif stage != self._last_stage:
            self.stream.write(f"{self.title}: {fraction:4.0%} {stage}\n")
            self._last_stage = stage

    def done(self) -> float:
        return time.perf_counter() - self.start
