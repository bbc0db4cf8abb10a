"""What the parser needs to know about a deployment: its years, their labels, its datasets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseContext:
    years: tuple[int, ...] = tuple(range(2015, 2024))
    year_labels: tuple[tuple[int, str], ...] = ((2023, "2023*"),)  # hashable stand-in for a dict
    datasets: tuple[str, ...] = ("demo",)
    default_dataset: str = "demo"

    @property
    def latest(self) -> int:
        return max(self.years)

    def label(self, year: int) -> str:
        return dict(self.year_labels).get(year, str(year))

    def years_text(self) -> str:
        """Available years for messages: "2015–2023*" when contiguous, else a list."""
        ys = sorted(self.years)
        if ys == list(range(ys[0], ys[-1] + 1)) and len(ys) > 2:
            return f"{self.label(ys[0])}–{self.label(ys[-1])}"
        return ", ".join(self.label(y) for y in ys)
