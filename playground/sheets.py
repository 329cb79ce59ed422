"""Digit sheets: many 8x8 images with their captions in one PNG picture (Pillow).

Where a page shows images to look at rather than to explore (the hardest test images,
the images of one square of the confusion matrix), one picture is far lighter than a
chart: no chart library in the browser, one small file, drawn at once. Pure functions:
data in, ``PIL.Image`` out.
"""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

INK_SCALE = 16.0  # the dataset's counts are 0-16: 16 is black ink


def digit_sheet(images, captions=None, n_cols=8, scale=16, font_size=28):
    """``images`` (k, 8, 8) counts 0-16, as dark ink on white, tiled ``n_cols`` to a
    row, each with its caption centred under it (short lines, split at "\n"; the
    built-in font has no arrows).

    Drawn at twice the size it is meant to be shown at (``scale`` pixels per image
    pixel, ``font_size`` in those pixels), so that it stays sharp on a high-density
    screen: show it at half its width.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 3 or images.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (k, 8, 8), got {images.shape}")
    k = images.shape[0]
    captions = [] if captions is None else [str(c) for c in captions]
    if captions and len(captions) != k:
        raise ValueError(f"captions must be one per image: {len(captions)} for {k}")
    font = ImageFont.load_default(size=font_size)
    side = 8 * scale
    lines = [c.split("\n") for c in captions]
    widest = max((font.getlength(line) for c in lines for line in c), default=0)
    n_lines = max((len(c) for c in lines), default=0)
    cell_w = int(max(side, widest) + scale * 2)
    cell_h = side + int(font_size * (0.4 + 1.2 * n_lines)) + scale
    n_cols = max(1, min(n_cols, k))
    n_rows = max(1, -(-k // n_cols))
    sheet = Image.new("L", (n_cols * cell_w, n_rows * cell_h + 2), 255)
    draw = ImageDraw.Draw(sheet)
    grey = np.clip(255 - images / INK_SCALE * 255, 0, 255).round().astype(np.uint8)
    for idx in range(k):
        row, col = divmod(idx, n_cols)
        left = col * cell_w + (cell_w - side) // 2
        top = row * cell_h + 2
        digit = Image.fromarray(grey[idx]).resize((side, side), Image.NEAREST)
        sheet.paste(digit, (left, top))
        draw.rectangle([left - 1, top - 1, left + side, top + side], outline=200)
        for n, line in enumerate(lines[idx] if lines else []):
            draw.text((col * cell_w + cell_w / 2, top + side + font_size * (0.3 + 1.2 * n)),
                      line, fill=17, font=font, anchor="ma")
    return sheet
