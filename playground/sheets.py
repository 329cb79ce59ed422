"""Digit sheets: many 8x8 images with their captions in one PNG picture (Pillow).

Where a page shows images to look at rather than to explore (the hardest test images,
the images of one square of the confusion matrix), one picture is far lighter than a
chart: no chart library in the browser, one small file, drawn at once. Pure functions:
data in, picture out. The sheet is drawn at the size it is shown at (a browser that
scales a picture down blurs it, and Streamlit would re-encode it).
"""

import functools
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

INK_SCALE = 16.0  # the dataset's counts are 0-16: 16 is black ink
PAPER, FRAME, TEXT = 255, 200, 17  # grey levels


@functools.lru_cache(maxsize=16)
def _font(size):
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=2048)
def _line(text, size):
    """One line of text, dark on white, as a read-only uint8 array (captions repeat:
    "p = 0.97", "3 as 8" ... so each is drawn once per process)."""
    font = _font(size)
    left, top, right, bottom = font.getbbox(text)
    picture = Image.new("L", (max(1, right - min(left, 0)), int(size * 1.25)), PAPER)
    ImageDraw.Draw(picture).text((-min(left, 0), 0), text, fill=TEXT, font=font)
    array = np.asarray(picture)
    array.flags.writeable = False
    return array


def digit_sheet(images, captions=None, n_cols=8, scale=8, font_size=14):
    """``images`` (k, 8, 8) counts 0-16, as dark ink on white in a thin frame, tiled
    ``n_cols`` to a row, each with its caption centred under it (short lines, split at
    "\\n"; the built-in font has no arrows). ``scale`` screen pixels per image pixel.
    Returns a greyscale ``PIL.Image``."""
    images = np.asarray(images, dtype=float)
    if images.ndim != 3 or images.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (k, 8, 8), got {images.shape}")
    k = images.shape[0]
    captions = [] if captions is None else [str(c) for c in captions]
    if captions and len(captions) != k:
        raise ValueError(f"captions must be one per image: {len(captions)} for {k}")
    lines = [[_line(text, font_size) for text in c.split("\n")] for c in captions]
    side = 8 * scale
    widest = max((line.shape[1] for c in lines for line in c), default=0)
    line_h = int(font_size * 1.25)
    n_lines = max((len(c) for c in lines), default=0)
    cell_w = max(side, widest) + 2 * scale
    cell_h = side + 2 + (line_h * n_lines + font_size // 3 if n_lines else 0) + scale
    n_cols = max(1, min(n_cols, k))
    n_rows = max(1, -(-k // n_cols))
    sheet = np.full((n_rows * cell_h + 2, n_cols * cell_w), PAPER, dtype=np.uint8)
    ink = np.clip(255 - images / INK_SCALE * 255, 0, 255).round().astype(np.uint8)
    ink = ink.repeat(scale, axis=1).repeat(scale, axis=2)  # (k, side, side)
    for idx in range(k):
        row, col = divmod(idx, n_cols)
        left, top = col * cell_w + (cell_w - side) // 2, row * cell_h + 1
        sheet[top - 1:top + side + 1, left - 1:left + side + 1] = FRAME
        sheet[top:top + side, left:left + side] = ink[idx]
        y = top + side + 1 + font_size // 3
        for line in lines[idx] if lines else []:
            h, w = line.shape
            x = col * cell_w + (cell_w - w) // 2
            sheet[y:y + h, x:x + w] = line
            y += line_h
    return Image.fromarray(sheet)


def png_bytes(picture):
    """The picture as PNG, compressed lightly: it is made for one page view."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
