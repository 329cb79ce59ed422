"""From a drawing or an upload to the dataset's 8x8 format (logreg/drawing.py).

What a user would notice: the same digit drawn anywhere, at any size, with any pen reads
the same; every way the canvas or an upload can hand us an image works; an empty canvas
gets a friendly message; a hostile or broken file is refused quickly and clearly.
"""

import functools
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from logreg.data import digits_dataset
from logreg.drawing import (
    TYPICAL_INK,
    EmptyDrawingError,
    Preprocessed,
    image_to_features,
    ink_map,
    load_image_file,
    naive_features,
    preprocess,
)
from tests.drawn_digits import STYLES, draw_digit

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


def jpeg(array, quality=85):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
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
        "PNG upload of the RGBA canvas": load_image_file(png(canvas)),
    }


def test_every_input_form_gives_the_same_features(five):
    canvas, expected = five
    for name, image in _forms(canvas).items():
        np.testing.assert_array_equal(image_to_features(image), expected, err_msg=name)


@pytest.mark.parametrize("encode", [png, jpeg])
@pytest.mark.parametrize("polarity", ["dark on light", "light on dark"])
def test_an_upload_gives_nearly_the_same_features(five, polarity, encode):
    """Uploads go through ``photo_ink`` (Otsu's threshold rather than the canvas's 0.5,
    and JPEG's ringing), so a cell may differ by a count or two."""
    canvas, expected = five
    alpha = canvas[:, :, 3]
    picture = 255 - alpha if polarity == "dark on light" else alpha
    features = image_to_features(load_image_file(encode(picture)))
    assert correlation(features, expected) >= 0.98
    assert np.abs(features - expected).max() <= 3 / 16


def test_a_photo_in_uneven_light_reads_like_the_drawing(five):
    """Grey pencil on paper, a shadow darkening one corner to below the ink's own level
    elsewhere, camera noise, JPEG, and a bigger picture than the canvas."""
    canvas, expected = five
    ink = np.asarray(Image.fromarray(canvas[:, :, 3]).resize((900, 900), Image.BILINEAR)) / 255.0
    y, x = np.mgrid[0:900, 0:900] / 900.0
    paper = 0.9 - 0.6 * x * y  # 0.9 in one corner, 0.3 in the other
    noise = np.random.default_rng(0).normal(0.0, 0.03, ink.shape)
    photo = np.clip(paper * (1.0 - 0.75 * ink) + noise, 0.0, 1.0)
    features = image_to_features(load_image_file(jpeg((photo * 255).astype(np.uint8), 80)))
    assert correlation(features, expected) >= 0.97


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

BLANKS = {
    "transparent canvas": np.zeros((280, 280, 4), np.uint8),
    "white opaque canvas": np.full((280, 280, 4), 255, np.uint8),
    "white RGB": np.full((280, 280, 3), 255, np.uint8),
    "black grayscale": np.zeros((280, 280), np.uint8),
    "faint wash below the ink threshold": np.full((280, 280), 0.3),
    "a single inked pixel": np.pad(np.ones((1, 1)), 139),
    "a click with a thin pen": draw_digit(1, size=0.01, thickness=8),
    "a click with a thick pen": draw_digit(1, size=0.01, thickness=30),
    "scattered specks": (np.random.default_rng(2).random((280, 280)) > 0.997).astype(float),
}


@pytest.mark.parametrize("name", BLANKS)
def test_blank_or_nearly_blank_raises_a_friendly_error(name):
    with pytest.raises(EmptyDrawingError, match="canvas") as caught:
        preprocess(BLANKS[name])
    assert "draw a digit" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_an_empty_canvas_says_so_exactly():
    with pytest.raises(EmptyDrawingError, match="^The canvas is empty — draw a digit.$"):
        image_to_features(BLANKS["transparent canvas"])
    with pytest.raises(EmptyDrawingError):
        naive_features(BLANKS["transparent canvas"])


@pytest.mark.parametrize("name", ["blank paper", "paper with camera noise"])
def test_a_photo_of_blank_paper_is_empty(name):
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.03, (400, 300)) if name == "paper with camera noise" else 0
    paper = (np.clip(0.85 + noise, 0, 1) * 255).astype(np.uint8) + np.zeros((400, 300), np.uint8)
    ink = load_image_file(jpeg(paper))
    assert ink.max() < 0.5
    with pytest.raises(EmptyDrawingError):
        image_to_features(ink)


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


# ---- uploaded files ---------------------------------------------------------------------

def _with_size(png_bytes, width, height):
    """A PNG whose header declares another size (the pixels stay as they were)."""
    assert png_bytes[12:16] == b"IHDR"
    header = bytearray(png_bytes[16:29])
    header[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(header)))
    return png_bytes[:16] + bytes(header) + crc + png_bytes[33:]


def _noisy_png():
    rng = np.random.default_rng(0)
    return png((rng.random((200, 200)) * 255).astype(np.uint8))  # does not compress


BAD_FILES = {
    "not an image": (lambda: b"Dear teacher, here is my homework.", "not a PNG or JPEG"),
    "a GIF": (lambda: _gif(), "not a PNG or JPEG"),
    "a truncated PNG": (lambda: _noisy_png()[:3000], "damaged or incomplete"),
    "a truncated JPEG": (lambda: jpeg(np.full((300, 300), 200, np.uint8))[:400],
                         "damaged or incomplete"),
    "a 1x1 PNG declaring 100000 x 100000": (
        lambda: _with_size(png(np.zeros((1, 1), np.uint8)), 100_000, 100_000), "too many pixels"),
    "a 1x1 PNG declaring 8000 x 8000": (
        lambda: _with_size(png(np.zeros((1, 1), np.uint8)), 8000, 8000), "8000 x 8000 pixels"),
    "more than 10 MB": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(10_000_001), "too large"),
    "an empty file": (lambda: b"", "empty"),
}


def _gif():
    buffer = io.BytesIO()
    Image.new("L", (20, 20), 255).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_are_refused_quickly_with_a_clear_message(name):
    make, message = BAD_FILES[name]
    data = make()
    with pytest.raises(ValueError, match=message):
        load_image_file(data)


def test_the_limits_can_be_set_per_call():
    data = png(np.full((100, 100), 255, np.uint8))
    with pytest.raises(ValueError, match="too large"):
        load_image_file(data, max_bytes=len(data) - 1)
    with pytest.raises(ValueError, match="100 x 100 pixels"):
        load_image_file(data, max_pixels=9_999)
    assert load_image_file(data, max_bytes=len(data), max_pixels=10_000).shape == (100, 100)


def test_load_image_file_wants_bytes():
    with pytest.raises(TypeError, match="data"):
        load_image_file("digit.png")
    ink = load_image_file(memoryview(png(np.full((10, 10), 255, np.uint8))))
    assert ink.shape == (10, 10)


def test_an_uploaded_image_becomes_a_2d_ink_map(five):
    canvas, _ = five
    for data in (png(canvas), png(255 - canvas[:, :, 3]), jpeg(255 - canvas[:, :, 3])):
        ink = load_image_file(data)
        assert ink.shape == (280, 280) and ink.dtype == np.float64
        assert 0.0 <= ink.min() and ink.max() <= 1.0
        paper = np.median(ink)
        assert paper < 0.05 and ink.max() > 0.9, "paper near 0, ink near 1"


def test_a_phone_photo_stored_sideways_is_turned_upright(five):
    """Phones save the sensor's pixels and an EXIF note "rotate me"; honour it."""
    canvas, expected = five
    sideways = Image.fromarray(255 - canvas[:, :, 3]).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to view
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", quality=90, exif=exif.tobytes())
    features = image_to_features(load_image_file(buffer.getvalue()))
    assert correlation(features, expected) >= 0.98


def test_a_large_photo_is_shrunk_before_the_work():
    big = np.full((3000, 2000), 230, np.uint8)
    big[1000:2000, 900:1100] = 30  # a thick 1
    ink = load_image_file(jpeg(big))
    assert max(ink.shape) <= 768
    assert image_to_features(ink).shape == (64, 1)


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

