"""A PNG writer for opaque RGB pictures: rows unfiltered, zlib level 1 — a chart in a few milliseconds."""

# Why not Pillow's encoder: it tries every PNG row filter on every row, which took 15–30 ms for
# a 1200 × 675 chart whatever the compression level (level 0 included); zlib alone on the
# unfiltered rows takes a few milliseconds and, on flat-coloured charts, gives files no larger.
# The format: the 8-byte signature, then IHDR, one IDAT and IEND chunks, each as length, type,
# data and the CRC-32 of type and data (PNG specification, 2nd edition, sections 5 and 11).

from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPE_RGB = 2
LEVEL = 1  # zlib: the fastest level; higher ones gained little on charts and cost 2–4×


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_rgb(pixels: np.ndarray) -> bytes:
    """PNG bytes of an H × W × 3 uint8 array (top row first), no metadata: equal pixels give
    equal bytes."""
    if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.dtype != np.uint8:
        raise ValueError(f"expected an H × W × 3 uint8 array, not {pixels.dtype} {pixels.shape}")
    height, width, _ = pixels.shape
    # Each row starts with its filter type byte: 0, no filter.
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = 0
    # Channel by channel: copying the three at once from a strided view (matplotlib's RGBA
    # buffer without its alpha) took about six times as long.
    into = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):
        into[..., channel] = pixels[..., channel]
    header = struct.pack(">IIBBBBB", width, height, 8, COLOUR_TYPE_RGB, 0, 0, 0)
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), LEVEL)),
            _chunk(b"IEND", b""),
        )
    )
