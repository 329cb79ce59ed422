r"""From a drawing or a photo to the dataset's 8x8 format, one visible step at a time.

scikit-learn's digits were made from scanned forms: each digit was cut out, scaled to fill
the full height of a 32x32 black-and-white bitmap, centred, written with bold strokes, and
each 4x4 block of the bitmap became one pixel holding its count of inked pixels (0-16). A
neuron trained on them has only ever seen tall, centred, boldly written digits. Shrinking
a whole 280x280 canvas to 8x8 (``naive_features``) turns a small, off-centre or thin
drawing into a few faint pixels unlike anything it was trained on; so ``preprocess``
first brings the drawing to the dataset's form:

1. ink map   every pixel's ink, 0 (paper) to 1 (ink), whatever the input looked like
             (``logreg.ink``);
2. crop      to the bounding box of the ink, ignoring stray specks;
3. upright   undo the slant: shear so the ink has no lean (a slanted 1 becomes a stick);
4. re-stroke grow or thin every stroke by the same amount, so the digit, scaled to fill
             the 32 rows, has the dataset's typical ink (313 of 1,024 pixels);
5. bitmap    32x32: full height, at most ``MAX_WIDTH`` wide, its bounding box centred;
6. counts    inked pixels per 4x4 block, an 8x8 image of whole numbers 0-16;
7. features  counts / 16 as a (64, 1) column: the tutorial's scaling and orientation.

Step 4 uses the signed distance d to the edge of the ink (d < 0 inside a stroke): the set
{d <= L} is the drawing with every stroke L pixels fatter on each side (thinner for
L < 0). One number sets the pen width, and it is chosen, not guessed.

An uploaded photo or scan becomes an ink map first, in ``logreg.uploads``.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from logreg.ink import INK_THRESHOLD, ink_map

# ---- the dataset, measured on all 1,797 images ----------------------------------------------
BITMAP = 32  # the scanned digit's bitmap is 32 x 32 ...
BLOCK = 4  # ... and each dataset pixel counts a 4 x 4 block of it: 8 x 8 pixels, 0-16
TARGET_INK = 313  # inked bitmap pixels: mean 313, the same for every digit
TYPICAL_INK = (261, 368)  # 5th and 95th percentiles
# Digits are at most this wide, in bitmap pixels. Every 0 in the dataset spans exactly
# columns 1-6 of the 8x8 image with half-full edge cells: wide digits were squeezed to
# about 20 px, not kept at their drawn width; 8s are a little narrower. On drawn digits
# (benchmarks/bench_drawings.py) keeping the aspect ratio instead drops the ten-digit
# accuracy from 93% to 72%; 19 px beats 20 (on 8 vs 9) and 18 (on ten digits).
MAX_WIDTH = 19.0
MIN_SQUEEZE = 0.4  # squeeze a wide shape at most this much; a flatter one is shrunk whole
MAX_SLANT = 0.8  # undo at most this shear (39 degrees); beyond it is shape, not slant

# ---- how the work is done ---------------------------------------------------------------
WORK_SIZE = 128  # the crop is resampled to this longer side: 4x the bitmap, sharp and fast
WORK_THRESHOLD = 0.4  # under half, so a hairline spread over two pixels by resampling survives
SPECK_FRACTION = 0.02  # a separate piece with less than this share of the ink is a speck
NEARLY_BLANK = 0.03  # ink spanning less than this share of the image's longer side


class EmptyDrawingError(ValueError):
    """The image holds no digit. ``reason`` says why, so that a page can pick its words
    (a canvas and a photo call for different advice): "blank", no ink at all, or
    "speck", only a dot or a few specks of ink."""

    MESSAGES = {"blank": "No digit found: the image is blank.",
                "speck": "No digit found: only a dot or a few specks of ink."}

    def __init__(self, reason):
        super().__init__(self.MESSAGES[reason])
        self.reason = reason

    def __reduce__(self):  # copy and pickle by reason, not by message
        return type(self), (self.reason,)


@dataclass(frozen=True)
class Preprocessed:
    """Every stage of ``preprocess``, for display, and what was noticed on the way.

    ink : (H, W) float 0-1, the whole image's ink (1 = ink), specks included.
    cropped : (h, w) float 0-1, the ink inside its bounding box, specks faded out.
    upright : (h', w') uint8 0/1, the crop at working resolution with its slant undone.
    bitmap : (32, 32) uint8 0/1, the re-stroked digit, as the dataset's scans were.
    counts : (8, 8) int 0-16, inked bitmap pixels per 4x4 block: the dataset's format.
    features : (64, 1) float 0-1, counts / 16 in row-major order, ready for ``predict``.
    source : where the ink was found ("alpha channel", "dark ink on a light background", ...).
    ink_fraction : share of the image's pixels that are ink.
    slant : how much the drawing leaned before it was set upright, as a shear (x moves by
        this much per pixel up); > 0 leaned right, as italics do.
    stroke_change : how much every stroke grew (> 0) or thinned (< 0) on each side, in
        bitmap pixels.
    bitmap_ink : inked pixels of the bitmap (the dataset's typical range is 261-368).
    warnings : reasons the drawing is unlike the training digits, in plain words.
    """

    ink: np.ndarray
    cropped: np.ndarray
    upright: np.ndarray
    bitmap: np.ndarray
    counts: np.ndarray
    features: np.ndarray
    source: str
    ink_fraction: float
    slant: float
    stroke_change: float
    bitmap_ink: int
    warnings: tuple


# ---- 2. crop, ignoring specks ---------------------------------------------------------

def _without_specks(mask):
    """``(mask, n_pieces, n_specks)`` with pieces under SPECK_FRACTION of the ink removed:
    a stray click or a fleck of dust would stretch the bounding box and shrink the digit."""
    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))  # 8-connected pieces
    if n <= 1:
        return mask, n, 0
    sizes = np.bincount(labels.ravel())[1:]  # (n,)
    keep = sizes >= SPECK_FRACTION * sizes.sum()
    return keep[labels - 1] & mask, int(keep.sum()), int(n - keep.sum())


def _bounding_box(mask):
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def _resize(image, shape, resample=Image.BILINEAR):
    """A float image resized by Pillow to ``shape`` (antialiased when shrinking)."""
    picture = Image.fromarray(image.astype(np.float32), mode="F")
    return np.asarray(picture.resize((shape[1], shape[0]), resample), dtype=np.float64)


# ---- 3. upright -------------------------------------------------------------------------

def _upright(mask):
    r"""``(mask, slant)``: the ink sheared so that it has no lean, and the lean it had.

    The slope of x against y, mu11 / mu02 from the ink's second moments, is 0 for an
    upright shape; shearing x -> x - slope (y - \bar y) makes it so. (y points down, so a
    top leaning right has a negative slope; ``slant`` is reported as -slope, > 0 for
    right.) Writers lean differently; the dataset's digits stand upright on average, and a
    neuron that has seen upright 1s calls a leaning 1 a 7. On drawn digits this step
    lifts the ten-digit accuracy from 85% to 93% (undoing half the slant: 89%).
    """
    y, x = np.nonzero(mask)
    dy, dx = y - y.mean(), x - x.mean()
    mu02 = float(dy @ dy)
    slope = float(np.clip(dx @ dy / mu02, -MAX_SLANT, MAX_SLANT)) if mu02 > 0 else 0.0
    h, w = mask.shape
    spread = int(np.ceil(abs(slope) * h)) + 1  # columns the shear may add on each side
    # output pixel (i, j) samples the input at (i, j - spread + slope (i - ybar))
    matrix = np.array([[1.0, 0.0], [slope, 1.0]])
    offset = np.array([0.0, -spread - slope * y.mean()])
    sheared = ndimage.affine_transform(mask.astype(np.float64), matrix, offset=offset,
                                       output_shape=(h, w + 2 * spread), order=1) >= 0.5
    if not sheared.any():  # a hairline the resampling missed: keep it as it was
        return mask, 0.0
    return sheared[_bounding_box(sheared)], -slope


# ---- 4 + 5. re-stroke into the 32 x 32 bitmap -------------------------------------------

def signed_distance(mask):
    """Distance to the edge of the ink in pixels: negative inside, edges at -0.5 / +0.5."""
    outside = ndimage.distance_transform_edt(~mask)  # 0 on ink
    inside = ndimage.distance_transform_edt(mask)  # 0 on paper
    return np.where(mask, 0.5 - inside, outside - 0.5)


def _scales(rows, cols):
    """``(sy, sx)`` bitmap pixels per work pixel that frame a shape rows x cols: fill the
    height, squeeze a wide shape to MAX_WIDTH (by at most MIN_SQUEEZE), and shrink the
    whole shape if it is still wider than the bitmap."""
    sy = BITMAP / rows
    sx = sy * min(1.0, max(MIN_SQUEEZE, MAX_WIDTH / (sy * cols)))
    shrink = min(1.0, BITMAP / (sx * cols))
    return sy * shrink, sx * shrink


def _restroke(mask):
    """``(d, L, sy, sx, center)``: the stroke offset L and how to frame {d <= L}.

    For a candidate L, the strokes {d <= L} have some extent, ``_scales`` frames it, and
    the bitmap gets about area x sy x sx inked pixels. From the strokes as drawn (L = 0),
    L grows (thin pen) or shrinks (thick pen) until that reaches TARGET_INK; a shape that
    never does (a round blob) keeps the L that came closest. Shrinking stops at 60% of the
    widest stroke's half-width, before strokes break apart.
    """
    pad = int(0.3 * max(mask.shape)) + 2  # room to grow
    d = signed_distance(np.pad(mask, pad))  # (h + 2 pad, w + 2 pad)
    row_min, col_min = d.min(axis=1), d.min(axis=0)  # a row is inked at L if row_min <= L
    sorted_d = np.sort(d, axis=None)

    def frame(L):
        rows, cols = np.flatnonzero(row_min <= L), np.flatnonzero(col_min <= L)
        sy, sx = _scales(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
        ink = np.searchsorted(sorted_d, L, side="right") * sy * sx
        center = ((rows[0] + rows[-1]) / 2, (cols[0] + cols[-1]) / 2)  # of the bounding box
        return ink, sy, sx, center

    grow = frame(0.0)[0] < TARGET_INK
    if grow:
        levels = np.linspace(0.0, pad - 1.0, 120)
    else:
        levels = np.linspace(0.0, 0.6 * d.min(), 60)  # d.min() is minus the widest half-width
    best = None
    for L in levels:
        ink, sy, sx, center = frame(L)
        if best is None or abs(ink - TARGET_INK) < best[0]:
            best = (abs(ink - TARGET_INK), L, sy, sx, center)
        if (ink >= TARGET_INK) == grow:
            break
    _, L, sy, sx, center = best
    return d, L, sy, sx, center


def _bitmap(d, L, sy, sx, center):
    """{d <= L} sampled at the bitmap's 32 x 32 pixel centres, bounding box centred.

    Centring the bounding box, not the centre of mass, matches the dataset: each digit's
    mean column of ink differs there (a 5 leans left, a 3 and a 9 right), as it does for
    drawn digits centred by their box and not when centred by their mass.
    """
    mid = (BITMAP - 1) / 2
    scale = np.array([1 / sy, 1 / sx])  # work pixels per bitmap pixel, per axis
    offset = np.array(center) - mid * scale  # bitmap (i, j) -> work offset + scale * (i, j)
    field = ndimage.affine_transform(d, scale, offset=offset, output_shape=(BITMAP, BITMAP),
                                     order=1, mode="constant", cval=float(d.max()))  # paper
    return (field <= L).astype(np.uint8)  # (32, 32)


def _counts(bitmap):
    """Inked pixels per 4 x 4 block: (32, 32) 0/1 -> (8, 8) whole numbers 0-16."""
    n = BITMAP // BLOCK
    return bitmap.reshape(n, BLOCK, n, BLOCK).sum(axis=(1, 3)).astype(np.int64)


def mask_to_counts(mask):
    """Steps 3-6 for a digit's ink given as a 2-D boolean mask: upright, re-stroke, frame
    in the 32x32 bitmap, count per 4x4 block. Returns (8, 8) whole numbers 0-16.

    ``preprocess`` takes the same steps one at a time (to show each one); this is for ink
    that is already a clean mask at any resolution, such as a dataset digit redrawn by
    ``logreg.augment``, so that it reaches the dataset's form exactly as a drawing does.
    """
    mask = np.asarray(mask)
    if mask.ndim != 2 or mask.dtype != bool:
        raise TypeError(f"mask must be a 2-D boolean array, got {mask.dtype} with shape "
                        f"{mask.shape}")
    if not mask.any():
        raise ValueError("mask must hold some ink (a True pixel), got none")
    upright, _ = _upright(mask[_bounding_box(mask)])
    return _counts(_bitmap(*_restroke(upright)))  # (8, 8)


# ---- the whole pipeline -----------------------------------------------------------------

def preprocess(image):
    """Bring ``image`` to the dataset's format; a ``Preprocessed`` with every stage.

    ``image`` is an (H, W, 4) RGBA canvas (ink in the alpha channel on a transparent
    background, or in the colours on an opaque one), an (H, W, 3) RGB image, or an (H, W)
    grayscale image where larger values are ink; whole numbers 0-255 or floats 0-1.
    Raises ``EmptyDrawingError`` (a ``ValueError``) for a blank image (its ``reason`` is
    "blank") or one with only a dot or specks of ink ("speck").
    """
    ink, source = ink_map(image)  # (H, W)
    mask = ink >= INK_THRESHOLD
    if not mask.any():
        raise EmptyDrawingError("blank")
    mask, n_pieces, n_specks = _without_specks(mask)
    box = _bounding_box(mask) if mask.any() else (slice(0, 0), slice(0, 0))  # all specks
    height, width = box[0].stop - box[0].start, box[1].stop - box[1].start
    if max(height, width) < max(4, NEARLY_BLANK * max(ink.shape)):
        raise EmptyDrawingError("speck")
    cropped = np.where(mask, ink, np.minimum(ink, INK_THRESHOLD / 2))[box]  # (h, w)

    scale = WORK_SIZE / max(height, width)  # (h, w) -> about 128 on the longer side
    work_shape = (max(1, round(height * scale)), max(1, round(width * scale)))
    work = _resize(np.where(mask, ink, 0.0)[box], work_shape) >= WORK_THRESHOLD
    if not work.any():  # a hairline lost in the resampling: keep every touched pixel
        work = _resize(mask[box].astype(np.float64), work_shape) > 0

    upright, slant = _upright(work)  # (h', w')
    d, L, sy, sx, center = _restroke(upright)
    pen = 1.0 - 2.0 * float(d.min())  # the widest stroke, work pixels (d.min() = 0.5 - half)
    if max(upright.shape) < 2.0 * pen:
        raise EmptyDrawingError("speck")  # a dot: no taller than the pen is wide
    bitmap = _bitmap(d, L, sy, sx, center)  # (32, 32)
    counts = _counts(bitmap)  # (8, 8)
    features = counts.reshape(-1, 1) / 16.0  # (64, 1), row-major like the tutorial's flatten

    notes = _warnings(mask, height, width, n_pieces, n_specks, pen / max(upright.shape),
                      int(bitmap.sum()))
    return Preprocessed(
        ink=ink, cropped=cropped, upright=upright.astype(np.uint8), bitmap=bitmap,
        counts=counts, features=features, source=source, ink_fraction=float(mask.mean()),
        slant=slant, stroke_change=float(L * sy), bitmap_ink=int(bitmap.sum()),
        warnings=tuple(notes),
    )


def _warnings(mask, height, width, n_pieces, n_specks, pen_ratio, bitmap_ink):
    """What makes this drawing unlike the dataset's digits, in words a student can act on."""
    notes = []
    if mask.mean() < 0.004:
        notes.append("Very little ink: the digit is tiny or faint. Draw it larger.")
    if width > 1.6 * height:
        notes.append("The drawing is much wider than tall, unlike any digit in the dataset.")
    if n_pieces > 3:
        notes.append(f"The drawing is in {n_pieces} separate pieces; a digit is usually one "
                     "or two strokes.")
    if n_specks:
        notes.append(f"Ignored {n_specks} small speck{'s' if n_specks > 1 else ''} of ink.")
    if pen_ratio > 0.3:
        notes.append("The strokes are very thick for the size of the digit, so holes may "
                     "have filled in. Draw bigger or with a thinner pen.")
    if mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any():
        notes.append("The drawing touches the edge of the image; part of it may be cut off.")
    low, high = TYPICAL_INK
    if not low <= bitmap_ink <= high:
        notes.append(f"The 32x32 bitmap has {bitmap_ink} inked pixels where the dataset's "
                     f"digits have {low}-{high}: the neuron may see a blob or a line.")
    return notes


def image_to_features(image):
    """``image`` -> (64, 1) float features on the training scale (counts / 16).

    The same as ``preprocess(image).features``; ``preprocess`` lists the accepted images.
    """
    return preprocess(image).features


def naive_features(image):
    """The naive way, kept only for comparison: shrink the whole image's ink to 8x8.

    Each of the 64 pixels is the mean ink of its patch of the image, scaled so the
    darkest is 1 as a full 4x4 block would be. No crop, no centring, no re-stroking: a
    small or off-centre digit stays small and off-centre. Returns (64, 1).
    """
    ink, _ = ink_map(image)
    cells = np.clip(_resize(ink, (8, 8), Image.BOX), 0.0, None)  # (8, 8) mean of each patch
    if cells.max() <= 0:
        raise EmptyDrawingError("blank")
    return (cells / cells.max()).reshape(-1, 1)  # (64, 1)
