"""Uploaded files: from untrusted bytes to an ink map (logreg/uploads.py).

What a user would notice: a photo or scan of a digit reads like the same digit drawn on
the canvas, in either polarity and in uneven light; a phone photo stored sideways is
turned upright; and a file that cannot be used (damaged, cut short, not a PNG or JPEG,
too big, built to exhaust the server) is refused quickly with one plain sentence the page
shows as it is, never with a traceback.
"""

import functools
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageOps

from logreg.drawing import EmptyDrawingError, image_to_features
from logreg.uploads import load_image_file
from tests.support.drawn_digits import draw_digit


def correlation(a, b):
    return float(np.corrcoef(a[:, 0], b[:, 0])[0, 1])


def encode(array, format, **options):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=format, **options)
    return buffer.getvalue()


def png(array):
    return encode(array, "PNG")


def jpeg(array, quality=85):
    return encode(array, "JPEG", quality=quality)


@pytest.fixture(scope="module")
def five():
    """A 5 on the canvas, a little off-centre and slanted, and its features."""
    canvas = draw_digit(5, size=170, center=(125, 150), thickness=14, slant=0.2)
    return canvas, image_to_features(canvas)


def assert_one_plain_sentence(message):
    """What a page can show as it is: one short sentence in plain words, nothing of
    Pillow's insides ("Truncated File Read", "<_io.BytesIO object at 0x...>")."""
    assert message[:1].isupper() and message.endswith("."), message
    assert ". " not in message and "\n" not in message, f"more than one sentence: {message}"
    assert len(message) <= 100, f"too long for a page: {message}"
    for inside in ("Error", "Traceback", "PIL", "BytesIO", "0x", "truncated", "identify"):
        assert inside not in message, f"Pillow's words reach the user: {message}"


# ---- photos and scans read like drawings ----------------------------------------------------

def test_a_png_of_the_canvas_gives_exactly_the_canvas_s_features(five):
    canvas, expected = five
    np.testing.assert_array_equal(image_to_features(load_image_file(png(canvas))), expected)


@pytest.mark.parametrize("encoder", [png, jpeg])
@pytest.mark.parametrize("polarity", ["dark on light", "light on dark"])
def test_an_upload_gives_nearly_the_same_features(five, polarity, encoder):
    """Uploads go through ``photo_ink`` (Otsu's threshold rather than the canvas's 0.5,
    and JPEG's ringing), so a cell may differ by a count or two."""
    canvas, expected = five
    alpha = canvas[:, :, 3]
    picture = 255 - alpha if polarity == "dark on light" else alpha
    features = image_to_features(load_image_file(encoder(picture)))
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
    ink = load_image_file(buffer.getvalue())
    assert ink.shape == (280, 280)
    assert correlation(image_to_features(ink), expected) >= 0.98


def test_a_large_photo_is_shrunk_before_the_work():
    big = np.full((3000, 2000), 230, np.uint8)
    big[1000:2000, 900:1100] = 30  # a thick 1
    ink = load_image_file(jpeg(big))
    assert max(ink.shape) <= 768
    assert image_to_features(ink).shape == (64, 1)


@pytest.mark.parametrize("name", ["blank paper", "paper with camera noise"])
def test_a_photo_of_blank_paper_loads_and_has_no_digit(name):
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.03, (400, 300)) if name == "paper with camera noise" else 0
    paper = (np.clip(0.85 + noise, 0, 1) * 255).astype(np.uint8) + np.zeros((400, 300), np.uint8)
    ink = load_image_file(jpeg(paper))
    assert ink.max() < 0.5, "no pixel reads as ink"
    with pytest.raises(EmptyDrawingError, match="^No digit found: the image is blank.$") as caught:
        image_to_features(ink)
    assert caught.value.reason == "blank"


# ---- files that cannot be used ------------------------------------------------------------

@functools.cache
def noise_png():
    """A PNG of noise: it does not compress (40 kB), so it can be cut in many places."""
    rng = np.random.default_rng(0)
    return png((rng.random((200, 200)) * 255).astype(np.uint8))


@functools.cache
def digit_jpeg():
    """An RGB JPEG of a drawn 3 (the kind cut at 400 bytes once got past the page)."""
    paper = 255 - draw_digit(3, size=200, thickness=16)[:, :, 3]
    return jpeg(np.dstack([paper] * 3))


def tiny_png_declaring(width, height):
    """A 1x1 PNG whose header declares ``width`` x ``height`` (with a valid checksum)."""
    data = png(np.zeros((1, 1), np.uint8))
    assert data[12:16] == b"IHDR"
    header = bytearray(data[16:29])
    header[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(header)))
    return data[:16] + bytes(header) + crc + data[33:]


def cut(make, keep):
    """The first ``keep`` bytes of a file (a negative ``keep``: all but that many)."""
    return lambda: make()[:keep]


def half(make):
    return lambda: make()[:len(make()) // 2]


def garbled(make, value):
    """64 bytes in the middle of a file overwritten."""
    def build():
        data = bytearray(make())
        middle = len(data) // 2
        data[middle:middle + 64] = bytes([value]) * 64
        return bytes(data)
    return build


def with_bad_header_checksum():
    data = noise_png()
    return data[:29] + b"\0\0\0\0" + data[33:]  # bytes 29-32: the IHDR chunk's CRC


def other_format(format):
    return lambda: encode(np.full((20, 20), 255, np.uint8), format)


DAMAGED, NOT_OURS, TOO_BIG = "damaged or incomplete", "not a PNG or JPEG", "smaller picture"
BAD_FILES = {  # name: (make the bytes, words the message holds)
    **{f"PNG cut after {n} bytes": (cut(noise_png, n), DAMAGED) for n in (20, 100, 400, 1000)},
    "PNG cut in half": (half(noise_png), DAMAGED),
    **{f"JPEG cut after {n} bytes": (cut(digit_jpeg, n), DAMAGED) for n in (20, 100, 400, 1000)},
    "JPEG cut in half": (half(digit_jpeg), DAMAGED),
    "JPEG missing its last 10 bytes": (cut(digit_jpeg, -10), DAMAGED),
    "PNG with zeros in the middle": (garbled(noise_png, 0), DAMAGED),
    "PNG with junk in the middle": (garbled(noise_png, 0xA5), DAMAGED),
    "PNG with a bad header checksum": (with_bad_header_checksum, DAMAGED),
    "PNG signature and nothing else": (cut(noise_png, 8), DAMAGED),
    "JPEG start marker, then text": (lambda: b"\xff\xd8\xff" + b"hello" * 20, DAMAGED),
    "a wrong magic number": (lambda: b"\x89PNX" + noise_png()[4:], NOT_OURS),
    "an empty file": (lambda: b"", "The file is empty."),
    "a text file": (lambda: b"Dear teacher, here is my homework.", NOT_OURS),
    "a GIF": (other_format("GIF"), NOT_OURS),
    "a BMP": (other_format("BMP"), NOT_OURS),
    "a 1x1 PNG declaring 10^10 pixels": (lambda: tiny_png_declaring(100_000, 100_000),
                                         "too many pixels"),
    "a 1x1 PNG declaring 10^8 pixels (Pillow only warns)": (
        lambda: tiny_png_declaring(10_000, 10_000), "too many pixels"),
    "a 1x1 PNG declaring 8000 x 8000": (lambda: tiny_png_declaring(8000, 8000),
                                        "8000 x 8000 pixels"),
    "more than 10 MB": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(10_000_001), "too large"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_cannot_be_used_is_refused_in_one_plain_sentence(name):
    make, words = BAD_FILES[name]
    with pytest.raises(ValueError, match=words) as caught:
        load_image_file(make())
    assert type(caught.value) is ValueError
    assert_one_plain_sentence(str(caught.value))


STILL_WHOLE = {  # damage Pillow rightly reads past: every pixel is still there
    "PNG missing its last 10 bytes (only the end marker)": cut(noise_png, -10),
    "PNG with a bad checksum on its pixel data (zlib checks those bytes)": lambda: (
        noise_png()[:-16] + b"\0\0\0\0" + noise_png()[-12:]),
}


@pytest.mark.parametrize("name", STILL_WHOLE)
def test_damage_that_leaves_every_pixel_intact_still_loads(name):
    np.testing.assert_array_equal(load_image_file(STILL_WHOLE[name]()),
                                  load_image_file(noise_png()))


def test_a_jpeg_with_junk_in_its_pixel_data_loads_garbled_rather_than_failing():
    """JPEG decoders carry on past bad scan data: the picture comes out garbled."""
    ink = load_image_file(garbled(digit_jpeg, 0xA5)())
    assert ink.shape == (280, 280) and 0.0 <= ink.min() and ink.max() <= 1.0


# Whatever Pillow raises, wherever: what its decoders are seen to raise on damaged files,
# and a few they might.
PILLOW_FAILURES = [OSError("Truncated File Read"), SyntaxError("broken PNG file"),
                   EOFError(), struct.error("unpack requires a buffer of 4 bytes"),
                   zlib.error("Error -3 while decompressing data"), ValueError("tile"),
                   IndexError("list index out of range"), TypeError("NoneType"),
                   KeyError("mode"), RuntimeError("decoder"),
                   Image.DecompressionBombError("Image size (10000000000 pixels) exceeds"),
                   MemoryError()]


@pytest.mark.parametrize("stage", ["open", "decode"])
@pytest.mark.parametrize("failure", PILLOW_FAILURES, ids=lambda e: type(e).__name__)
def test_whatever_pillow_raises_becomes_one_plain_valueerror(monkeypatch, five, failure, stage):
    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(Image if stage == "open" else ImageOps,
                        "open" if stage == "open" else "exif_transpose", fail)
    with pytest.raises(ValueError) as caught:
        load_image_file(png(five[0]))
    assert type(caught.value) is ValueError
    assert_one_plain_sentence(str(caught.value))


@pytest.mark.parametrize("make", [noise_png, digit_jpeg], ids=["PNG", "JPEG"])
def test_random_damage_never_escapes_as_anything_but_a_plain_valueerror(make):
    """200 random cuts and byte changes of a valid file: each loads or is refused."""
    rng = np.random.default_rng(0)
    original = make()
    outcomes = {"loaded": 0, "refused": 0}
    for _ in range(200):
        data = bytearray(original)
        if rng.random() < 0.5:
            data = data[:rng.integers(1, len(data))]
        for _ in range(rng.integers(1, 8)):
            data[rng.integers(len(data))] = rng.integers(256)
        try:
            ink = load_image_file(bytes(data))
        except ValueError as refusal:
            assert type(refusal) is ValueError
            assert_one_plain_sentence(str(refusal))
            outcomes["refused"] += 1
        else:
            assert ink.ndim == 2 and 0.0 <= ink.min() and ink.max() <= 1.0
            outcomes["loaded"] += 1
    assert outcomes["refused"] >= 50, outcomes  # the damage was real


# ---- limits and arguments ---------------------------------------------------------------

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
    assert load_image_file(bytearray(png(np.full((10, 10), 255, np.uint8)))).shape == (10, 10)
