"""Digits drawn the way people draw them on the app's canvas, for testing ``logreg.drawing``.

None of this comes from scikit-learn's digits. ``STYLES`` holds, for each digit 0-9, the
ways people draw it as pen strokes (polylines, arcs and smooth curves in a unit box, x to
the right, y down, the digit spanning y = 0 to 1), each with a name and a weight: a 1 as a
stick, with a flag, with a flag and a base; a 7 with and without a crossbar; an open and a
closed 4; a 9 with a straight, a curved or a slanted tail; ...

A drawing picks a style and varies it as a hand does: size (small to large), position
(anywhere on the canvas, often off-centre), slant, rotation, width, where the middle of
the digit sits, a smooth wobble of the whole shape, strokes that do not quite meet, and
the pen width (the canvas offers 8-30 px). It is rendered as streamlit-drawable-canvas
returns it: a 280x280 RGBA uint8 array, transparent background, black ink, so the drawing
lives only in the alpha channel, with round caps and joins and anti-aliased edges.

    images, labels = make_drawn_digits(n_per_digit=20, random_state=0)  # (200, 280, 280, 4)
    one = draw_digit(7, style=1, size=80, center=(60, 200), thickness=10, slant=0.3)

The scoring helpers at the end (``pair_neurons``, ``pair_accuracies``) are shared by
tests/test_drawn_accuracy.py and benchmarks/bench_drawings.py.
"""

import numpy as np
from PIL import Image, ImageDraw

import logreg

CANVAS = 280  # the app's canvas is 280 x 280 px
SUPERSAMPLE = 2  # render at twice the size and shrink: anti-aliased edges like a browser's
THICKNESS_RANGE = (8, 30)  # canvas stroke widths, px
SIZE_RANGE = (40, 250)  # digit height, px: a small scribble in a corner to the full canvas


# ---- stroke pieces, in the unit box (x right, y down) -------------------------------------

def line(*points):
    return [tuple(map(float, p)) for p in points]


def arc(cx, cy, rx, ry, start, stop, step=6.0):
    """An elliptical arc; angles in degrees, 0 = right, 90 = down (y points down)."""
    n = max(2, int(abs(stop - start) / step) + 1)
    t = np.radians(np.linspace(start, stop, n))
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t)))


def curve(*points, per_segment=8):
    """A smooth Catmull-Rom curve through ``points`` (it passes through every one)."""
    p = np.array(points, dtype=float)
    p = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])  # phantom ends
    out = []
    for k in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[k - 1], p[k], p[k + 1], p[k + 2]
        for t in np.linspace(0, 1, per_segment, endpoint=False):
            out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                              + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    out.append(p[-2])
    return [tuple(q) for q in out]


def stroke(*pieces):
    """One pen-down movement made of consecutive pieces."""
    return [point for piece in pieces for point in piece]


# ---- templates -----------------------------------------------------------------------
# STYLES[digit] lists (name, weight, strokes): the ways people draw that digit, and how often
# relative to each other (common ways twice or three times as often as rarer variants).

STYLES = {
    0: [
        ("oval", 2, [arc(0.5, 0.5, 0.32, 0.5, -90, -460)]),  # closed with a small overlap
        ("round", 1, [arc(0.5, 0.5, 0.42, 0.5, -70, -420)]),
        ("open top", 1, [arc(0.5, 0.5, 0.3, 0.5, -60, -390)]),  # not quite closed
    ],
    1: [
        ("stick", 2, [line((0.5, 0), (0.5, 1))]),
        ("flag", 3, [line((0.3, 0.22), (0.55, 0), (0.55, 1))]),
        ("flag and base", 1, [line((0.3, 0.22), (0.55, 0), (0.55, 1)),
                              line((0.28, 1), (0.82, 1))]),
        ("long flag", 2, [line((0.12, 0.4), (0.6, 0), (0.6, 1))]),  # continental
    ],
    2: [
        ("arc and base", 2, [stroke(arc(0.5, 0.3, 0.4, 0.3, 195, 375),
                                    line((0.08, 1), (0.95, 1)))]),
        ("swan", 2, [stroke(arc(0.5, 0.28, 0.4, 0.28, 200, 360),
                            curve((0.9, 0.28), (0.72, 0.6), (0.35, 0.85), (0.1, 1.0)),
                            line((0.1, 1.0), (0.95, 0.97)))]),
        ("looped base", 1, [stroke(arc(0.48, 0.3, 0.38, 0.3, 190, 380),
                                   curve((0.82, 0.42), (0.3, 0.85), (0.12, 0.98), (0.22, 0.86),
                                         (0.5, 0.95), (0.95, 1.0)))]),
    ],
    3: [
        ("round", 2, [stroke(arc(0.47, 0.26, 0.4, 0.26, 200, 450),
                             arc(0.47, 0.74, 0.45, 0.26, -90, 160))]),
        ("flat top", 1, [stroke(line((0.1, 0), (0.85, 0), (0.4, 0.4)),
                                arc(0.45, 0.68, 0.45, 0.32, -100, 150))]),
        ("pointed middle", 1, [stroke(arc(0.45, 0.25, 0.4, 0.25, 200, 440),
                                      arc(0.45, 0.75, 0.45, 0.25, -110, 165))]),
    ],
    4: [
        ("closed", 2, [line((0.65, 0), (0.05, 0.68), (0.95, 0.68)),
                       line((0.66, 0.02), (0.66, 1))]),
        ("open", 2, [line((0.15, 0), (0.08, 0.62), (0.95, 0.62)), line((0.7, 0.12), (0.7, 1))]),
        ("open, tall stem", 1, [line((0.22, 0), (0.1, 0.55), (0.9, 0.55)),
                                line((0.68, 0), (0.66, 1))]),
    ],
    5: [
        ("flag last", 2, [stroke(line((0.2, 0.0), (0.15, 0.47)),
                                 arc(0.45, 0.7, 0.42, 0.3, -135, 150)),
                          line((0.2, 0.0), (0.85, 0.0))]),
        ("one stroke", 2, [stroke(line((0.85, 0.0), (0.2, 0.0), (0.15, 0.45)),
                                  arc(0.45, 0.7, 0.42, 0.3, -135, 150))]),
        ("curly", 1, [stroke(line((0.22, 0.02), (0.12, 0.42)),
                             curve((0.12, 0.42), (0.5, 0.38), (0.85, 0.6), (0.7, 0.92),
                                   (0.35, 1.0), (0.1, 0.9))),
                      line((0.22, 0.02), (0.9, 0.0))]),
    ],
    6: [
        ("curved", 2, [curve((0.75, 0.02), (0.45, 0.15), (0.2, 0.45), (0.15, 0.75), (0.35, 1.0),
                             (0.65, 0.98), (0.82, 0.78), (0.7, 0.55), (0.42, 0.52),
                             (0.18, 0.68))]),
        ("straight back", 1, [stroke(line((0.7, 0), (0.2, 0.6)),
                                     arc(0.48, 0.74, 0.32, 0.26, 200, 545))]),
    ],
    7: [
        ("plain", 3, [line((0.05, 0), (0.95, 0), (0.4, 1))]),
        ("crossbar", 1, [line((0.05, 0), (0.95, 0), (0.4, 1)), line((0.35, 0.5), (0.85, 0.5))]),
        ("curved stem", 1, [stroke(line((0.05, 0), (0.95, 0)),
                                   curve((0.95, 0), (0.72, 0.35), (0.56, 0.7), (0.5, 1.0)))]),
        ("serif", 1, [line((0.05, 0.18), (0.05, 0), (0.95, 0), (0.45, 1))]),
    ],
    8: [
        ("two loops", 1, [arc(0.5, 0.25, 0.24, 0.25, 0, 360), arc(0.5, 0.73, 0.3, 0.27, 0, 360)]),
        ("one stroke", 2, [curve((0.75, 0.1), (0.5, 0.0), (0.25, 0.12), (0.3, 0.35), (0.5, 0.5),
                                 (0.75, 0.68), (0.78, 0.9), (0.5, 1.0), (0.22, 0.9), (0.25, 0.68),
                                 (0.5, 0.5), (0.7, 0.32), (0.75, 0.1))]),
    ],
    9: [
        ("straight tail", 2, [stroke(arc(0.5, 0.25, 0.4, 0.25, 0, -370),
                                     line((0.9, 0.27), (0.85, 1.0)))]),
        ("curved tail", 2, [stroke(arc(0.5, 0.25, 0.4, 0.25, 0, -370),
                                   curve((0.9, 0.27), (0.88, 0.7), (0.65, 0.97), (0.3, 0.95)))]),
        ("slanted tail", 1, [stroke(arc(0.5, 0.25, 0.4, 0.25, 0, -370),
                                    line((0.9, 0.27), (0.55, 1.0)))]),
    ],
}


def style_names(digit):
    """The names of ``digit``'s styles, in the order ``style=`` numbers them."""
    return [name for name, _, _ in STYLES[digit]]


# ---- rendering --------------------------------------------------------------------------

def _wobble(rng, amplitude):
    """A smooth random displacement field (x, y) -> (dx, dy): a hand's imprecision."""
    k = rng.uniform(1.0, 3.0, size=(2, 3, 2))  # frequencies, per axis and term
    phase = rng.uniform(0, 2 * np.pi, size=(2, 3))
    weight = rng.normal(0, amplitude / np.sqrt(3), size=(2, 3))

    def field(points):  # (n, 2) -> (n, 2)
        arg = np.einsum("nc,atc->nat", points, k) + phase  # (n, 2 axes, 3 terms)
        return np.sum(weight * np.sin(arg), axis=2)

    return field


def _shape(digit, style, slant, rotation, aspect, jitter, rng, waist=1.0):
    """The template's strokes moved by the hand: arrays (n, 2) in units of the digit height,
    centred on the origin. ``waist`` moves the middle of the digit (an 8's crossing, a 9's
    loop, a 4's bar) up (> 1) or down (< 1): y -> y ** waist."""
    strokes = STYLES[digit][style % len(STYLES[digit])][2]
    wobble = _wobble(rng, jitter) if jitter > 0 else None
    cos, sin = np.cos(np.radians(rotation)), np.sin(np.radians(rotation))
    out = []
    for s in strokes:
        p = np.array(s, dtype=float)  # (n, 2)
        if wobble is not None:
            p = p + wobble(p) + rng.normal(0, jitter / 2, size=2)  # strokes that do not quite meet
        x, y = (p[:, 0] - 0.5) * aspect, np.clip(p[:, 1], 0, None) ** waist - 0.5
        x = x - slant * y  # slant > 0 leans the top to the right
        out.append(np.column_stack([cos * x - sin * y, sin * x + cos * y]))
    return out


def render(strokes, thickness, canvas=CANVAS):
    """Strokes in canvas pixels -> (canvas, canvas, 4) RGBA uint8, ink only in alpha."""
    big = canvas * SUPERSAMPLE
    layer = Image.new("L", (big, big), 0)
    pen = ImageDraw.Draw(layer)
    width = max(1, round(thickness * SUPERSAMPLE))
    r = width / 2
    for s in strokes:
        points = [(float(x) * SUPERSAMPLE, float(y) * SUPERSAMPLE) for x, y in s]
        pen.line(points, fill=255, width=width, joint="curve")
        for x, y in (points[0], points[-1]):  # round caps, as the canvas draws them
            pen.ellipse((x - r, y - r, x + r, y + r), fill=255)
    alpha = np.asarray(layer.resize((canvas, canvas), Image.BOX))
    image = np.zeros((canvas, canvas, 4), dtype=np.uint8)
    image[..., 3] = alpha  # black ink (RGB 0) on a transparent background
    return image


def draw_digit(digit, style=0, size=200, center=(140, 140), thickness=16, slant=0.0,
               rotation=0.0, aspect=1.0, waist=1.0, jitter=0.0, random_state=None,
               canvas=CANVAS):
    """One digit as the canvas would return it: (canvas, canvas, 4) RGBA uint8.

    ``size`` is the height of the pen's path in px, ``center`` (x, y) where it sits,
    ``thickness`` the pen width in px, ``slant`` a shear (0.3 leans the top right by
    about 17 degrees), ``rotation`` degrees clockwise, ``aspect`` a horizontal stretch,
    ``waist`` the height of the digit's middle (see ``_shape``), ``jitter`` the size of
    the hand's wobble in digit heights (0 = the clean template).
    """
    rng = np.random.default_rng(random_state)
    shape = _shape(digit, style, slant, rotation, aspect, jitter, rng, waist)
    strokes = [p * size + np.asarray(center, dtype=float) for p in shape]
    return render(strokes, thickness, canvas)


def random_drawing_params(digit, rng, canvas=CANVAS):
    """How one person draws ``digit`` this time: the keyword arguments of ``draw_digit``."""
    weights = np.array([weight for _, weight, _ in STYLES[digit]], dtype=float)
    thickness = float(rng.uniform(*THICKNESS_RANGE))
    # Nobody draws a digit only a few pen widths tall and expects it read: at least 4.
    low = max(SIZE_RANGE[0], 4 * thickness)
    size = float(np.exp(rng.uniform(np.log(low), np.log(SIZE_RANGE[1]))))
    params = dict(
        digit=digit,
        style=int(rng.choice(len(weights), p=weights / weights.sum())),
        size=size,
        thickness=thickness,
        slant=float(rng.uniform(-0.1, 0.35)),
        rotation=float(np.clip(rng.normal(0, 6), -12, 12)),
        aspect=float(rng.uniform(0.75, 1.3)),
        waist=float(np.exp(rng.uniform(-0.2, 0.2))),
        jitter=float(rng.uniform(0.015, 0.045)),
        random_state=int(rng.integers(2**31)),
    )
    # Anywhere on the canvas the whole digit fits: small digits wander far off-centre.
    shape = _shape(digit, params["style"], params["slant"], params["rotation"], params["aspect"],
                   params["jitter"], np.random.default_rng(params["random_state"]),
                   params["waist"])
    margin = thickness / 2 + 2
    unit = np.vstack(shape)  # (n, 2) at size 1
    size = min(size, (canvas - 2 * margin) / float(np.ptp(unit, axis=0).max()))  # a wide one fits
    params["size"] = size
    points = unit * size
    low_xy = -points.min(axis=0) + margin
    high_xy = canvas - points.max(axis=0) - margin
    center = [rng.uniform(lo, hi) if lo < hi else (lo + hi) / 2 for lo, hi in zip(low_xy, high_xy)]
    params["center"] = (float(center[0]), float(center[1]))
    return params


def iter_drawings(n_per_digit=50, random_state=0, canvas=CANVAS):
    """Yield ``(image, digit, params)`` for ``n_per_digit`` drawings of each digit, cycling
    0, 1, ..., 9 so that any prefix is balanced. Deterministic for a given seed."""
    rng = np.random.default_rng(random_state)
    for _ in range(n_per_digit):
        for digit in range(10):
            params = random_drawing_params(digit, rng, canvas)
            yield draw_digit(canvas=canvas, **params), digit, params


def make_drawn_digits(n_per_digit=50, random_state=0, canvas=CANVAS):
    """``(images, labels)``: images (N, canvas, canvas, 4) uint8 and labels (N,) int,
    N = 10 * n_per_digit. Each image is about 0.3 MB; use ``iter_drawings`` for many."""
    images, labels = [], []
    for image, digit, _ in iter_drawings(n_per_digit, random_state, canvas):
        images.append(image)
        labels.append(digit)
    return np.stack(images), np.array(labels, dtype=np.int64)


# ---- scoring: how well the neurons read drawn digits ----------------------------------------

PAIRS = [(a, b) for a in range(10) for b in range(a + 1, 10)]  # the 45 pairs, a < b


def pair_neurons():
    """{(a, b): (w, b)} for the 45 pairs, each trained as the tutorial trains 0 vs 1:
    zeros, 1000 iterations, learning rate 0.05, on ``load_digit_pair(a, b)``."""
    neurons = {}
    for a, b in PAIRS:
        pair = logreg.load_digit_pair(a, b)
        params, _ = logreg.optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train,
                                    num_iterations=1000, learning_rate=0.05)
        neurons[a, b] = (params["w"], params["b"])
    return neurons


def pair_accuracies(X, labels, neurons):
    """{(a, b): accuracy of that pair's neuron on the drawn a's and b's} for X (64, N)."""
    labels = np.asarray(labels)
    scores = {}
    for (a, b), (w, bias) in neurons.items():
        mine = (labels == a) | (labels == b)
        predicted = logreg.predict(w, bias, X[:, mine])[0]  # 1.0 means "b"
        scores[a, b] = float(np.mean(predicted == (labels[mine] == b)))
    return scores
