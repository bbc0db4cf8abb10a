"""The chart PNG writer: what it writes decodes, in an independent decoder, to exactly the pixels given."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pytest
from PIL import Image

from bot.charts.png import encode_rgb


@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (675, 1200), (2878, 1200)])
def test_pixels_decode_back_exactly(shape):
    rng = np.random.default_rng(sum(shape))
    pixels = rng.integers(0, 256, size=(*shape, 3), dtype=np.uint8)
    decoded = Image.open(io.BytesIO(encode_rgb(pixels)))
    decoded.load()  # reads every chunk: a bad CRC or a short IDAT fails here
    assert decoded.mode == "RGB" and decoded.size == (shape[1], shape[0])
    assert np.array_equal(np.asarray(decoded), pixels)


def test_a_view_of_a_larger_buffer_is_written_as_its_own_pixels():
    """The charts pass the RGB channels of matplotlib's RGBA buffer: a strided view."""
    rgba = np.arange(4 * 5 * 4, dtype=np.uint8).reshape(4, 5, 4)
    decoded = np.asarray(Image.open(io.BytesIO(encode_rgb(rgba[..., :3]))))
    assert np.array_equal(decoded, rgba[..., :3])


def test_no_metadata_and_equal_pixels_give_equal_bytes():
    pixels = np.full((10, 10, 3), 255, dtype=np.uint8)
    png = encode_rgb(pixels)
    assert png == encode_rgb(pixels.copy())
    chunks = []
    at = 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert int.from_bytes(png[at + 8 + length : at + 12 + length], "big") == zlib.crc32(
            kind + data
        )
        chunks.append(kind)
        at += 12 + length
    assert chunks == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize(
    "bad", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 4), np.uint8), np.zeros((4, 4, 3))]
)
def test_anything_but_rgb_bytes_is_refused(bad):
    with pytest.raises(ValueError, match="H × W × 3 uint8"):
        encode_rgb(bad)
