"""The chart PNG encoder: valid files with exactly the pixels Agg rendered."""

from __future__ import annotations

import zlib
from io import BytesIO

import numpy as np
import pytest
from PIL import Image

from course_utils.charts import png
from course_utils.explorers import alliance_outcome


def decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(data)).convert("RGBA"))


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (288, 640)])
def test_random_pixels_survive_the_round_trip(shape: tuple[int, int]) -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (*shape, 4), dtype=np.uint8)
    assert np.array_equal(decode(png.encode(pixels)), pixels)


def test_a_rendered_chart_decodes_to_the_canvas_pixels() -> None:
    chart = alliance_outcome().chart
    data = chart.png()
    image = Image.open(BytesIO(data))
    assert (image.format, image.size) == ("PNG", chart.canvas.get_width_height())
    assert np.array_equal(decode(data), np.asarray(chart.canvas.buffer_rgba()))


def test_a_flat_chart_compresses_well() -> None:
    blank = np.full((288, 640, 4), 255, dtype=np.uint8)
    assert len(png.encode(blank)) < 5_000


def test_a_deflated_background_inflates_to_the_same_pixels() -> None:
    pixels = np.random.default_rng(2).integers(0, 256, (288, 640, 4), dtype=np.uint8)
    target = np.zeros_like(pixels)
    png.inflate_into(zlib.compress(pixels, 1), memoryview(target))
    assert np.array_equal(target, pixels)


def test_a_background_of_the_wrong_size_is_refused() -> None:
    small = zlib.compress(np.zeros((10, 10, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match="does not fill"):
        png.inflate_into(small, memoryview(np.zeros((288, 640, 4), dtype=np.uint8)))
