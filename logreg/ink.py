"""Where is the ink? Any picture of a digit -> an ink map: (H, W) floats, 0 paper, 1 ink.

A digit can reach us in many forms: the app's canvas (RGBA, strokes opaque on a
transparent background), an RGB or grayscale array, a photo or a scan of paper, with dark
ink on light paper or light on dark. Whatever the form, the ink is what differs from the
paper, and the paper is most of the picture.

``ink_map(image)`` does this for clean images (canvases, arrays); ``photo_ink(gray)`` for
photos and scans, whose paper is uneven and whose ink is not one clean colour. A pixel of
an ink map at or above ``INK_THRESHOLD`` is ink.
"""

import numpy as np
from scipy import ndimage

from logreg._checks import as_float_array

INK_THRESHOLD = 0.5  # an ink-map pixel at or above this is ink
MIN_CONTRAST = 0.1  # paper and ink must differ by this much brightness (0-1)


def _check_image(image):
    """``image`` as floats 0-1, (H, W) or (H, W, 3/4): whole numbers 0-255 are divided by
    255, booleans are 0/1, an (H, W, 1) image loses its last axis."""
    if isinstance(image, (str, bytes, bytearray)):
        hint = "" if isinstance(image, str) else " (for a file's bytes: uploads.load_image_file)"
        raise TypeError(f"image must be an image array, got {type(image).__name__}{hint}")
    array = as_float_array(image, "image", ndim=(2, 3), int_max=255)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 3 and array.shape[2] not in (3, 4):
        raise ValueError("image must be H x W (grayscale), H x W x 3 (RGB) or H x W x 4 "
                         f"(RGBA), got shape {array.shape}")
    if array.min() < 0.0 or array.max() > 1.0:  # only floats can be: whole numbers are 0-1 now
        raise ValueError(f"image holds numbers from {array.min():g} to {array.max():g}; "
                         "floats must be 0-1 (divide 0-255 values by 255)")
    return array


# ---- colours to brightness ---------------------------------------------------------------

def luma(rgb):
    """Brightness 0-1 of an (H, W, 3) image, weighted as Pillow's convert("L") weighs it."""
    return rgb @ np.array([0.299, 0.587, 0.114])  # (H, W)


def drawn_on_transparent(rgba):
    """Was an (H, W, 4) image 0-1 drawn on a transparent background? Then it is mostly
    transparent, and its alpha channel is the ink, whatever colour the strokes are."""
    return bool(np.median(rgba[:, :, 3]) < 0.5)


def on_white(rgba):
    """An (H, W, 4) image 0-1 laid on white paper, as a viewer shows it: (H, W, 3)."""
    alpha = rgba[:, :, 3:]  # (H, W, 1)
    return rgba[:, :, :3] * alpha + (1.0 - alpha)


def _ink_is_darker(gray, paper):
    """Is the ink darker than the paper? The paper is most of the picture; the ink is the
    side that strays from it most (squared, so faint noise either way counts little)."""
    above, below = np.clip(gray - paper, 0, None), np.clip(paper - gray, 0, None)
    return float(np.sum(below * below)) >= float(np.sum(above * above))


# ---- clean images ------------------------------------------------------------------------

def _ink_from_colors(gray):
    """A clean image's brightness (H, W), either polarity -> ``(ink 0-1, source)``.

    Ink is whatever differs from the paper (the median), scaled so the strongest is 1:
    a red pen on white counts as fully inked.
    """
    paper = float(np.median(gray))
    if _ink_is_darker(gray, paper):
        difference, source = paper - gray, "dark ink on a light background"
    else:
        difference, source = gray - paper, "light ink on a dark background"
    strongest = float(difference.max())
    if strongest < MIN_CONTRAST:
        return np.zeros_like(gray), source  # one flat colour: an empty canvas
    return np.clip(difference / strongest, 0.0, 1.0), source


def ink_map(image):
    """``(ink, source)``: ink (H, W) float 0-1 (1 = ink) and where it was found.

    RGBA on a transparent background (the canvas's default): the ink is the alpha
    channel, since the strokes are the only opaque pixels, whatever their colour. Other
    RGB(A): laid on white, turned to brightness; the ink is what differs from the paper,
    dark on light or light on dark. Grayscale: larger values are ink (0-255 or 0-1).
    """
    array = _check_image(image)
    if array.ndim == 2:
        return array, "grayscale (larger values are ink)"
    if array.shape[2] == 4:
        if drawn_on_transparent(array):
            return array[:, :, 3], "alpha channel"
        array = on_white(array)
    return _ink_from_colors(luma(array))


# ---- photos and scans --------------------------------------------------------------------

def otsu_threshold(values):
    """Otsu's threshold for values in 0-1: the cut that best splits them into two groups
    (the largest between-group variance), found on a 256-bin histogram."""
    counts, edges = np.histogram(values, bins=256, range=(0.0, 1.0))
    centers = (edges[:-1] + edges[1:]) / 2
    n0 = np.cumsum(counts)  # values at or below each cut
    n1 = n0[-1] - n0
    sum0 = np.cumsum(counts * centers)
    mean0 = sum0 / np.maximum(n0, 1)
    mean1 = (sum0[-1] - sum0) / np.maximum(n1, 1)
    return float(centers[np.argmax(n0 * n1 * (mean0 - mean1) ** 2)])


def photo_ink(gray):
    """A photo or scan's brightness (H, W) 0-1 -> ink (H, W) 0-1, in either polarity.

    1. polarity: the paper is most of the picture; the ink strays from it, darker or
       lighter. Flip so that ink is bright either way.
    2. uneven light: the paper's own brightness, found by a grey opening wider than any
       stroke (it erases the strokes and keeps shadows and gradients), is subtracted.
    3. Otsu's threshold splits ink from paper; the ink map puts the paper's mean at 0,
       the threshold at 0.5 (``INK_THRESHOLD``) and the ink's mean at 1.
    """
    gray = np.asarray(gray, dtype=np.float64)
    bright = 1.0 - gray if _ink_is_darker(gray, float(np.median(gray))) else gray
    size = max(3, min(bright.shape) // 6)
    paper = ndimage.uniform_filter(ndimage.grey_opening(bright, size=size), size=size)
    flat = np.clip(bright - paper, 0.0, 1.0)
    t = otsu_threshold(flat)
    below, above = flat[flat <= t], flat[flat > t]
    if above.size == 0 or above.mean() - below.mean() < MIN_CONTRAST:
        return np.zeros_like(flat)  # nothing stands out from the paper: blank
    return np.interp(flat, [below.mean(), t, above.mean()], [0.0, INK_THRESHOLD, 1.0])
