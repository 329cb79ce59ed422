"""The dataset's digits drawn again, the way hands draw: more to learn from.

A drawing brought to the dataset's form (``logreg.drawing``) is upright, centred, full
height and as bold as a scan, yet it still differs from the scans in ways no
preprocessing can undo: the pen was thicker or thinner for the size of the digit (so a
loop closed up or a stroke thinned), the digit was turned a little, the hand wobbled.
A model that has only seen the scans reads such drawings worse. So each training image is
also redrawn a few times:

1. bitmap  back to a 32x32 bitmap: each dataset pixel counted the inked pixels of a 4x4
           block, so each block gets exactly that many, put where the ink around it is
           densest (``ink_bitmaps``);
2. pen     a thicker or thinner pen: every stroke grows or shrinks by the same amount,
           through the signed distance to the edge of the ink, as in the re-stroke step;
3. hand    turned, slanted and gently wobbled (``Hand`` says by how much);
4. form    brought to the dataset's form exactly as a drawing is
           (``logreg.drawing.mask_to_counts``: upright, re-stroke, frame, count).

Nothing here comes from anyone's drawings: only the dataset's own images, transformed.
Every random choice comes from seeded generators (one per copy), so the same seed gives
the same images, bit for bit.

Shapes: X is (64, m), one image per column, values 0-1 (the dataset's pixels / 16).
"""

import functools
import numbers
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from logreg._checks import as_float_array, check_int, check_nonnegative_float, check_X
from logreg.drawing import BITMAP, BLOCK, mask_to_counts, signed_distance

SIDE = BITMAP // BLOCK  # the dataset's images are 8 x 8
ROOM = 48  # the redrawn digit's square, in bitmap pixels: room for the 32 to turn and grow
ZOOM = 1.0  # work pixels per bitmap pixel when the digit is redrawn (1.5: slower, no better)


@dataclass(frozen=True)
class Hand:
    """How far a redrawing may stray from the scan: each change is drawn at random,
    uniformly within plus or minus its bound, or between ``pen``'s two numbers."""

    rotation: float = 12.0  # degrees, turned either way
    slant: float = 0.25  # shear: the top moves this much per unit of height
    wobble: float = 1.2  # a smooth random displacement, in bitmap pixels (its sd)
    pen: tuple = (-0.5, 1.0)  # how much every stroke grows (< 0: shrinks), bitmap pixels

    def __post_init__(self):
        for name in ("rotation", "slant", "wobble"):
            value = check_nonnegative_float(getattr(self, name), name)
            object.__setattr__(self, name, value)  # plain floats: 8 and 8.0 are one recipe
        pen = tuple(self.pen) if isinstance(self.pen, (tuple, list)) else ()
        if len(pen) != 2 or not all(isinstance(p, numbers.Real) and abs(p) <= 4 for p in pen) \
                or pen[0] > pen[1]:
            raise ValueError(f"pen must be two numbers -4 <= low <= high <= 4, got {self.pen!r}")
        object.__setattr__(self, "pen", tuple(float(p) for p in pen))  # hashable, plain


def ink_bitmaps(images):
    """(n, 8, 8) counts 0-16 -> (n, 32, 32) bool: bitmaps whose 4x4 blocks hold exactly
    those counts of ink, each block's put where the bilinearly enlarged counts are
    highest, so that strokes run on from block to block (ties: the first pixel first)."""
    images = np.asarray(images)
    n = images.shape[0]
    soft = ndimage.zoom(images / 16.0, (1, BLOCK, BLOCK), order=1, grid_mode=True,
                        mode="nearest")  # (n, 32, 32)
    blocks = soft.reshape(n, SIDE, BLOCK, SIDE, BLOCK).transpose(0, 1, 3, 2, 4)
    blocks = blocks.reshape(n, SIDE, SIDE, BLOCK * BLOCK)  # (n, 8, 8, 16)
    rank = np.argsort(np.argsort(-blocks, axis=3, kind="stable"), axis=3)  # 0 = densest
    ink = rank < np.round(images)[..., None]  # (n, 8, 8, 16)
    ink = ink.reshape(n, SIDE, SIDE, BLOCK, BLOCK).transpose(0, 1, 3, 2, 4)
    return ink.reshape(n, BITMAP, BITMAP)


@functools.lru_cache(maxsize=2)
def _blend(n, points=4):
    """(n, points) weights that blend values at ``points`` evenly spaced points into n
    smoothly varying ones: Gaussian bumps one spacing wide, each row summing to 1."""
    t = np.linspace(0.0, points - 1.0, n)[:, None]  # (n, 1)
    bumps = np.exp(-0.5 * (t - np.arange(points)) ** 2)  # (n, points)
    return bumps / bumps.sum(axis=1, keepdims=True)


def _sample_grid(hand, rng):
    """Where each work pixel of the redrawn digit samples the padded bitmap: (2, n, n)
    (row, column) in the coordinates of a ROOM x ROOM square centred on the bitmap."""
    n = round(ROOM * ZOOM)
    t = (np.arange(n) + 0.5) / ZOOM - ROOM / 2  # (n,) work pixel centres, digit at 0
    rows, cols = np.meshgrid(t, t, indexing="ij")  # (n, n) each
    # the wobble: random shifts at 4 x 4 points, blended smoothly in between
    blend = _blend(n)  # (n, 4)
    shift = rng.normal(0.0, hand.wobble, size=(2, 4, 4))
    rows = rows + blend @ shift[0] @ blend.T
    cols = cols + blend @ shift[1] @ blend.T
    # undo the turn and the slant: where did each new pixel come from?
    angle = np.radians(rng.uniform(-hand.rotation, hand.rotation))
    cos, sin = np.cos(angle), np.sin(angle)
    rows, cols = cos * rows + sin * cols, cos * cols - sin * rows
    cols = cols + rng.uniform(-hand.slant, hand.slant) * rows
    return np.array([rows, cols]) + (ROOM - 1) / 2  # (2, n, n)


def _distance_to_ink(bitmap):
    """The signed distance to the edge of a (32, 32) bitmap's ink, in the middle of a
    ROOM x ROOM square: (ROOM, ROOM), negative inside the strokes."""
    pad = (ROOM - BITMAP) // 2
    return signed_distance(np.pad(bitmap, pad))


def _redraw(distance, rng, hand):
    """The ink {distance <= grow}, moved by the hand, in the dataset's form: (8, 8)."""
    grow = rng.uniform(*hand.pen)
    field = ndimage.map_coordinates(distance, _sample_grid(hand, rng), order=1,
                                    mode="nearest")  # (n, n) the distance, moved
    mask = field <= grow
    if not mask.any():  # a pen so thin that nothing is left: the pen as it was
        mask = field <= 0
    return mask_to_counts(mask)  # (8, 8)


def redraw(image, rng, hand=Hand()):
    """One image (8, 8) of counts 0-16 drawn again: (8, 8) counts 0-16. ``rng`` (a NumPy
    ``Generator``) decides every change, within the bounds of ``hand``."""
    bitmap = ink_bitmaps(np.asarray(image)[None])[0]  # (32, 32)
    if not bitmap.any():
        raise ValueError("image must hold some ink, got a blank image")
    return _redraw(_distance_to_ink(bitmap), rng, hand)


def redrawn(X, copies, random_state=0, hand=Hand()):
    """``copies`` redrawings of every column of X: (64, copies * m), copy after copy.

    X : (64, m) images, values 0-1 (pixels / 16); the redrawings are on the same scale.
    Column j of copy c is column c * m + j, drawn by the generator seeded with
    (random_state, c): the same X, copy and seed always give the same image.
    """
    X = check_X(X)
    if X.shape[0] != SIDE * SIDE:
        raise ValueError(f"X must have {SIDE * SIDE} rows (8x8 pixels), got {X.shape[0]}")
    if (X < 0).any() or (X > 1).any():
        raise ValueError("X must hold values 0-1 (the dataset's pixels / 16)")
    copies = check_int(copies, "copies", minimum=0)
    seed = check_int(random_state, "random_state", minimum=0)
    bitmaps = ink_bitmaps((X.T * 16.0).reshape(-1, SIDE, SIDE))  # (m, 32, 32)
    rngs = [np.random.default_rng([seed, c]) for c in range(copies)]
    out = np.zeros((copies, X.shape[1], SIDE * SIDE))  # a blank image stays blank
    for j in np.flatnonzero(bitmaps.any(axis=(1, 2))):
        distance = _distance_to_ink(bitmaps[j])  # (ROOM, ROOM), once for every copy
        for c, rng in enumerate(rngs):
            out[c, j] = _redraw(distance, rng, hand).reshape(-1)
    return out.reshape(-1, SIDE * SIDE).T / 16.0  # (64, copies * m)


def with_redrawn(X, y, copies, random_state=0, hand=Hand()):
    """``(X_more, y_more)``: X (64, m) followed by ``copies`` redrawings of it, and each
    column's label, y (m,) repeated: (64, (1 + copies) m) and ((1 + copies) m,)."""
    X = check_X(X)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[1]:
        raise ValueError(f"y must have {X.shape[1]} entries, one per column of X, "
                         f"got {y.shape[0]}")
    more = redrawn(X, copies, random_state, hand)
    return np.hstack([X, more]), np.tile(y, 1 + check_int(copies, "copies", minimum=0))
