"""An uploaded photo or scan of a digit -> its ink map, safely, whatever the bytes hold.

The bytes come from a stranger's browser: they may be a photo, a drawing, a text file, a
truncated download, or a file built to exhaust the server (a few kilobytes that declare
billions of pixels). ``load_image_file`` therefore

1. limits the byte size (``MAX_FILE_BYTES``);
2. accepts only PNG and JPEG (``FILE_FORMATS``: their first bytes, then their decoders
   only), reads only the header and limits the pixel count it declares
   (``MAX_FILE_PIXELS``) *before* anything is decoded;
3. decodes the whole image (a truncated or corrupt file is refused, not half read), turns
   a phone photo upright (EXIF) and shrinks it to ``PHOTO_SIDE`` pixels at most;
4. finds the ink with ``logreg.ink``.

Every refusal is a ``ValueError`` whose message is one plain sentence a page can show as
it is: whatever Pillow raised inside (a dozen kinds of exception, with messages such as
"Truncated File Read") never reaches the user.
"""

import contextlib
import io
import warnings

import numpy as np
from PIL import Image, ImageOps

from logreg.ink import drawn_on_transparent, luma, on_white, photo_ink

FILE_FORMATS = ("PNG", "JPEG")
SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # how every PNG and JPEG file begins
MAX_FILE_BYTES = 10_000_000  # any phone photo fits; nothing that could exhaust memory
MAX_FILE_PIXELS = 40_000_000  # read from the header and checked before decoding
PHOTO_SIDE = 768  # photos are shrunk to this longer side: plenty for a 32 x 32 bitmap

_SMALLER = "upload a smaller picture."


@contextlib.contextmanager
def _refusing_bad_files():
    """Turn whatever Pillow raises on hostile bytes into one friendly ``ValueError``.

    Damaged files make Pillow raise UnidentifiedImageError (a damaged header), OSError,
    SyntaxError, EOFError, struct.error, zlib.error, ValueError, IndexError, TypeError,
    ... depending on where the damage is; a list would miss one, so every ``Exception``
    counts. Only Pillow's calls run inside this block, so no bug of ours hides behind it.
    """
    try:
        with warnings.catch_warnings():  # Pillow only warns between 89 and 179 megapixels
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError("The image declares too many pixels to open safely; "
                         f"{_SMALLER}") from None
    except MemoryError:
        raise ValueError(f"The image is too large to open; {_SMALLER}") from None
    except Exception as error:  # the server log keeps Pillow's own words as the cause
        raise ValueError("The image file is damaged or incomplete.") from error


def _decode(picture):
    """Decode an opened PNG or JPEG: (H, W, 4) RGBA if it has transparency, else (H, W)
    brightness; floats 0-1, upright, at most ``PHOTO_SIDE`` on the longer side."""
    if picture.format in ("JPEG", "MPO"):  # MPO: a phone's JPEG with extra frames
        picture.draft("L", (PHOTO_SIDE, PHOTO_SIDE))  # let the decoder shrink it
    picture.load()  # decodes; a truncated file raises here instead of half-loading
    picture = ImageOps.exif_transpose(picture)  # phone photos: turn upright
    picture.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        return np.asarray(picture.convert("RGBA"), dtype=np.float64) / 255.0  # (H, W, 4)
    if picture.mode in ("I", "I;16", "I;16B", "F"):  # 16-bit or float grayscale
        gray = np.asarray(picture, dtype=np.float64)
        return (gray - gray.min()) / max(float(gray.max() - gray.min()), 1e-12)  # (H, W)
    return np.asarray(picture.convert("L"), dtype=np.float64) / 255.0  # (H, W)


def load_image_file(data, max_bytes=MAX_FILE_BYTES, max_pixels=MAX_FILE_PIXELS):
    """The bytes of an uploaded PNG or JPEG -> its ink map (H, W) float 0-1 (1 = ink).

    Raises ``ValueError`` with a message for the user when the file is empty, too large,
    not a PNG or JPEG, declares too many pixels, or is damaged or incomplete. A PNG drawn
    on a transparent background gives its alpha channel; anything else is a photo, and
    ``photo_ink`` finds the ink, dark on light or light on dark. (Crop a photo to the
    paper: a dark table around the sheet would read as ink.)
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be the bytes of an image file, got {type(data).__name__}")
    if not data:
        raise ValueError("The file is empty.")
    if len(data) > max_bytes:
        raise ValueError(f"The file is too large ({len(data):,} bytes, over the limit of "
                         f"{max_bytes:,}); {_SMALLER}")
    if not data.startswith(SIGNATURES):  # a GIF, a text file, ...
        raise ValueError("The file is not a PNG or JPEG image.")

    with _refusing_bad_files():
        picture = Image.open(io.BytesIO(data), formats=FILE_FORMATS)  # reads the header only
    width, height = picture.size
    if width * height > max_pixels:
        raise ValueError(f"The image is {width} x {height} pixels, over the limit of "
                         f"{max_pixels / 1e6:g} megapixels; {_SMALLER}")
    with _refusing_bad_files():
        pixels = _decode(picture)

    if pixels.ndim == 2:
        return photo_ink(pixels)
    if drawn_on_transparent(pixels):
        return pixels[:, :, 3]
    return photo_ink(luma(on_white(pixels)))
