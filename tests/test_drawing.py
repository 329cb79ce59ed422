"""From a drawing to the dataset's 8x8 format (logreg/drawing.py, logreg/ink.py).

What a user would notice: the same digit drawn anywhere, at any size, with any pen reads
the same; every way the canvas can hand us an image works; an empty canvas gets a
friendly message; a malformed array is refused with an error that names ``image``.
(Uploaded files: tests/test_uploads.py.)
"""

import copy
import functools
import io

import numpy as np
import pytest
from PIL import Image

from logreg.data import digits_dataset
from logreg.drawing import (
    TYPICAL_INK,
    EmptyDrawingError,
    Preprocessed,
    image_to_features,
    naive_features,
    preprocess,
)
from logreg.ink import ink_map
from tests.support.drawn_digits import STYLES, draw_digit

CENTRED = dict(size=180, center=(140, 140), thickness=16)
VARIANTS = {  # the same drawing, moved, scaled, and written with other pens
    "off-centre": dict(size=180, center=(100, 125), thickness=16),
    "small in a corner": dict(size=70, center=(50, 225), thickness=10),
    "small": dict(size=70, center=(140, 140), thickness=10),
    "large": dict(size=250, center=(140, 140), thickness=16),
    "thin pen": dict(size=180, center=(140, 140), thickness=8),
    "thick pen": dict(size=180, center=(140, 140), thickness=30),
    "slanted": dict(size=180, center=(140, 140), thickness=16, slant=0.35),
}
# How alike "the same drawing" must be. Two different images of one digit in the dataset
# correlate only 0.67-0.84 (median per digit), so 0.95 means "the same digit, the same
# way"; and no cell may move by more than 6 of its 16 counts. (Measured over every digit,
# style and variant: correlation >= 0.974, at most 5 counts. The naive shrink-to-8x8
# gets correlations near 0 for the small digit in a corner.)
MIN_CORRELATION = 0.95
MAX_CELL_CHANGE = 6 / 16


def correlation(a, b):
    return float(np.corrcoef(a[:, 0], b[:, 0])[0, 1])


def png(array):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def five():
    """A 5 on the canvas, a little off-centre and slanted, and its features."""
    canvas = draw_digit(5, size=170, center=(125, 150), thickness=14, slant=0.2)
    return canvas, image_to_features(canvas)


# ---- the same digit, however it is drawn --------------------------------------------------

@functools.lru_cache(maxsize=None)
def centred_features(digit, style):
    return image_to_features(draw_digit(digit, style=style, **CENTRED))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("digit", range(10))
def test_the_same_digit_drawn_differently_gives_nearly_the_same_features(digit, variant):
    for style in range(len(STYLES[digit])):
        centred = centred_features(digit, style)
        other = image_to_features(draw_digit(digit, style=style, **VARIANTS[variant]))
        assert correlation(centred, other) >= MIN_CORRELATION, (digit, style, variant)
        assert np.abs(centred - other).max() <= MAX_CELL_CHANGE, (digit, style, variant)


def test_the_naive_way_loses_a_small_digit_in_a_corner():
    """Why ``preprocess`` exists: shrinking the whole canvas keeps the digit tiny and
    off-centre, so its 8x8 image has nothing in common with the centred one."""
    centred = naive_features(draw_digit(3, **CENTRED))
    corner = naive_features(draw_digit(3, **VARIANTS["small in a corner"]))
    assert correlation(centred, corner) < 0.5
    ours = correlation(image_to_features(draw_digit(3, **CENTRED)),
                       image_to_features(draw_digit(3, **VARIANTS["small in a corner"])))
    assert ours >= MIN_CORRELATION


def test_a_stray_click_far_away_does_not_shrink_the_digit():
    canvas = draw_digit(2, size=150, center=(150, 150), thickness=12)
    with_speck = canvas.copy()
    with_speck[8:12, 8:12, 3] = 255  # a 4 x 4 px dot in the far corner
    result = preprocess(with_speck)
    np.testing.assert_array_equal(result.features, image_to_features(canvas))
    assert any("speck" in note for note in result.warnings)


# ---- every input form --------------------------------------------------------------------

def _forms(canvas):
    """The same drawing in every form the page can hand over."""
    alpha = canvas[:, :, 3]  # (H, W) uint8, ink = 255
    paper = 255 - alpha
    dark_on_white = np.dstack([paper] * 3).astype(np.uint8)  # (H, W, 3)
    ink = alpha[:, :, None] / 255.0
    blue_on_cream = (1 - ink) * np.array([1.0, 0.95, 0.7]) + ink * np.array([0.1, 0.2, 0.8])
    return {
        "RGBA, ink in alpha only (transparent canvas)": canvas,
        "RGBA, opaque white background, black ink": np.dstack([dark_on_white,
                                                               np.full_like(alpha, 255)]),
        "RGB, dark ink on white": dark_on_white,
        "RGB, light ink on black": np.dstack([alpha] * 3),
        "RGB floats, blue ink on cream": blue_on_cream,
        "grayscale uint8, ink = 255": alpha,
        "grayscale float, ink = 1": alpha / 255.0,
        "grayscale H x W x 1": alpha[:, :, None],
    }


def test_every_input_form_gives_the_same_features(five):
    canvas, expected = five
    for name, image in _forms(canvas).items():
        np.testing.assert_array_equal(image_to_features(image), expected, err_msg=name)


def test_ink_map_says_where_it_found_the_ink(five):
    canvas, _ = five
    assert ink_map(canvas)[1] == "alpha channel"
    assert ink_map(255 - np.dstack([canvas[:, :, 3]] * 3))[1] == "dark ink on a light background"
    assert ink_map(np.dstack([canvas[:, :, 3]] * 3))[1] == "light ink on a dark background"


# ---- what comes out looks like the dataset ---------------------------------------------

def test_every_stage_is_there_with_its_shape(five):
    canvas, features = five
    result = preprocess(canvas)
    assert isinstance(result, Preprocessed)
    assert result.ink.shape == (280, 280) and 0 <= result.ink.min() <= result.ink.max() <= 1
    assert result.cropped.ndim == 2 and result.cropped.shape <= result.ink.shape
    assert result.bitmap.shape == (32, 32) and set(np.unique(result.bitmap)) <= {0, 1}
    assert result.counts.shape == (8, 8) and result.counts.dtype.kind == "i"
    assert result.features.shape == (64, 1) and result.features.dtype == np.float64
    # the counts are the bitmap's 4 x 4 blocks, the features the counts / 16, row-major
    np.testing.assert_array_equal(result.counts,
                                  result.bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)))
    np.testing.assert_array_equal(result.features, result.counts.reshape(64, 1) / 16)
    np.testing.assert_array_equal(result.features, features)
    assert result.bitmap_ink == result.bitmap.sum() == result.counts.sum()
    assert 0 < result.ink_fraction < 0.2
    assert result.warnings == ()


def test_drawn_digits_have_the_dataset_s_statistics():
    images, _ = digits_dataset()
    always_blank = np.flatnonzero(images.reshape(-1, 64).max(axis=0) == 0)  # pixels 0, 32, 39
    full_block = []
    for digit in range(10):
        for style in range(len(STYLES[digit])):
            counts = preprocess(draw_digit(digit, style=style, size=120, center=(120, 160),
                                           thickness=12, slant=0.15)).counts
            where = f"digit {digit} style {style}"
            assert (counts.sum(axis=1) > 0).all(), f"{where}: the dataset inks all 8 rows"
            assert TYPICAL_INK[0] <= counts.sum() <= TYPICAL_INK[1], where
            assert counts.min() >= 0 and counts.max() <= 16, where
            assert counts.max() >= 14, f"{where}: strokes as bold as the dataset's"
            assert not counts[:, [0, 7]].any(), f"{where}: the outer columns stay (nearly) empty"
            assert not counts.reshape(64)[always_blank].any(), where
            full_block.append(counts.max() == 16)
    assert np.mean(full_block) >= 0.85, "98% of the dataset's images have a full 4x4 block"


# ---- blank and nearly blank -------------------------------------------------------------

BLANKS = {  # (image, the reason the error gives)
    "transparent canvas": (np.zeros((280, 280, 4), np.uint8), "blank"),
    "white opaque canvas": (np.full((280, 280, 4), 255, np.uint8), "blank"),
    "white RGB": (np.full((280, 280, 3), 255, np.uint8), "blank"),
    "black grayscale": (np.zeros((280, 280), np.uint8), "blank"),
    "faint wash below the ink threshold": (np.full((280, 280), 0.3), "blank"),
    "a single inked pixel": (np.pad(np.ones((1, 1)), 139), "speck"),
    "a click with a thin pen": (draw_digit(1, size=0.01, thickness=8), "speck"),
    "a click with a thick pen": (draw_digit(1, size=0.01, thickness=30), "speck"),
    "scattered specks": ((np.random.default_rng(2).random((280, 280)) > 0.997).astype(float),
                         "speck"),
}
# The words fit a canvas and a photo alike; a page picks its advice from ``reason``.
EMPTY_MESSAGES = {"blank": "No digit found: the image is blank.",
                  "speck": "No digit found: only a dot or a few specks of ink."}


@pytest.mark.parametrize("name", BLANKS)
def test_blank_or_nearly_blank_raises_a_friendly_error(name):
    image, reason = BLANKS[name]
    with pytest.raises(EmptyDrawingError) as caught:
        preprocess(image)
    assert caught.value.reason == reason
    assert str(caught.value) == EMPTY_MESSAGES[reason]
    assert isinstance(caught.value, ValueError)


def test_an_empty_canvas_says_so_in_words_that_fit_a_photo_too():
    blank, _ = BLANKS["transparent canvas"]
    with pytest.raises(EmptyDrawingError, match="^No digit found: the image is blank.$"):
        image_to_features(blank)
    with pytest.raises(EmptyDrawingError, match="^No digit found: the image is blank.$"):
        naive_features(blank)
    for words in ("canvas", "draw", "photo"):
        assert words not in str(EmptyDrawingError("blank")) + str(EmptyDrawingError("speck"))
    assert copy.copy(EmptyDrawingError("speck")).reason == "speck"


# ---- malformed arrays -------------------------------------------------------------------

MALFORMED = [
    ("a string", "a 7", TypeError),
    ("bytes", b"\x89PNG", TypeError),
    ("strings in an array", np.array([["a", "b"], ["c", "d"]]), TypeError),
    ("objects", np.array([[None, 1], [2, 3]], dtype=object), TypeError),
    ("complex numbers", np.ones((5, 5), dtype=complex), TypeError),
    ("ragged rows", [[0, 1, 2], [3, 4]], ValueError),
    ("1-D", np.zeros(64), ValueError),
    ("4-D", np.zeros((2, 5, 5, 4)), ValueError),
    ("two channels", np.zeros((5, 5, 2)), ValueError),
    ("five channels", np.zeros((5, 5, 5)), ValueError),
    ("empty", np.zeros((0, 0)), ValueError),
    ("empty RGB", np.zeros((0, 10, 3)), ValueError),
    ("NaN", np.array([[0.0, np.nan], [1.0, 0.0]]), ValueError),
    ("inf", np.array([[0.0, np.inf], [1.0, 0.0]]), ValueError),
    ("whole numbers over 255", np.full((5, 5), 300), ValueError),
    ("negative whole numbers", np.full((5, 5), -1), ValueError),
    ("floats over 1", np.full((5, 5), 2.0), ValueError),
    ("negative floats", np.full((5, 5), -0.5), ValueError),
]


@pytest.mark.parametrize("function", [preprocess, image_to_features, naive_features])
@pytest.mark.parametrize("name, value, error", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_arrays_raise_an_error_naming_image(function, name, value, error):
    with pytest.raises(error, match="image"):
        function(value)


def test_bytes_given_as_an_image_point_to_load_image_file():
    with pytest.raises(TypeError, match="load_image_file"):
        image_to_features(png(np.zeros((8, 8), np.uint8)))


# ---- warnings ---------------------------------------------------------------------------

def test_unusual_drawings_come_with_warnings():
    dash = np.zeros((280, 280), np.uint8)
    dash[130:150, 40:240] = 255
    assert any("wider than tall" in note for note in preprocess(dash).warnings)

    touching = draw_digit(7, size=150, center=(140, 80), thickness=16)
    touching[:40] = 0
    touching[:3, 100:180, 3] = 255
    assert any("edge" in note for note in preprocess(touching).warnings)

    dotted = np.zeros((280, 280), np.uint8)
    for k in range(6):  # a 1 drawn as six dashes
        dotted[30 + 38 * k:55 + 38 * k, 130:150] = 255
    assert any("pieces" in note for note in preprocess(dotted).warnings)

    blob = draw_digit(8, size=60, center=(140, 140), thickness=30)
    assert any("thick" in note for note in preprocess(blob).warnings)

