"""Draw's canvas: a 280x280 drawing square under a strip for the canvas widget's toolbar.

The canvas widget (streamlit-drawable-canvas) lays its own toolbar over the top right of
the canvas, about 32 px deep, and has no option to hide or move it; a stroke begun under
it draws nothing, even while the toolbar is invisible. So the canvas is made taller by a
strip (``BAND``) that belongs to no drawing: the toolbar sits over the strip, the
drawing square below it is free everywhere, and ``drawing_square`` cuts the strip off
what the canvas returns before the drawing is read.

Pure (Pillow and NumPy, no Streamlit).
"""

import functools
import io

from PIL import Image, ImageDraw, ImageFont

SIZE = 280  # the drawing square, in canvas pixels
BAND = 40  # the strip above it: the widget's toolbar reaches 33 px into the canvas
HEIGHT = BAND + SIZE  # the whole canvas
BAND_COLOR = "#eef2f8"  # the theme's second background: a bar, not paper
LINE_COLOR = "#9aa5b1"
TEXT_COLOR = "#3d4652"  # on BAND_COLOR: contrast above 8:1


@functools.cache
def background_png():
    """The canvas's background, PNG bytes: the strip (grey, with a short label) over the
    white drawing square."""
    image = Image.new("RGB", (SIZE, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, SIZE - 1, BAND - 1], fill=BAND_COLOR)
    pen.line([0, BAND - 1, SIZE - 1, BAND - 1], fill=LINE_COLOR, width=1)
    font = ImageFont.load_default(size=15)
    pen.text((10, BAND // 2), "Draw in the white square", fill=TEXT_COLOR, font=font,
             anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def drawing_square(image_data):
    """The drawing square of the canvas's RGBA image (HEIGHT, SIZE, 4): the strip is
    cut off, so a stroke that strays into it is not read. None stays None."""
    if image_data is None:
        return None
    return image_data[BAND:]
