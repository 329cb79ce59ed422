r"""Why log-loss and not squared error: both losses, side by side.

With the sigmoid in front, the squared error :math:`(\sigma(z) - y)^2` is not convex in
the weights: seen along a line through weight space it flattens into plateaus and bends
the wrong way, so gradient descent can crawl or stall there. The log-loss
:math:`-y\log a - (1-y)\log(1-a)` is convex along every line: one valley, no plateaus
that trap it. This module computes both so the Concepts page can show it, and measures
the bending with second differences (negative = bending down = not convex).

Orientation as everywhere in ``logreg``: X is (n_features, m), Y is (1, m), w is
(n_features, 1), b a float.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import as_float_array, check_b, check_w, check_X, check_Y
from logreg.neuron import example_losses, sigmoid

KINDS = ("log", "squared")


def _number(value, name):
    """A finite real number, like b (errors name the argument)."""
    try:
        return check_b(value)
    except (TypeError, ValueError) as error:
        raise type(error)(str(error).replace("b must", f"{name} must", 1)) from None


def log_loss(a, y):
    r"""Per-prediction log-loss :math:`-y\log a - (1-y)\log(1-a)` for a in [0, 1], y 0 or 1.

    A prediction of exactly 0 or 1 that is wrong costs ``inf`` (and says so without a
    warning): that is the point of the log-loss, a confident mistake is punished
    without limit.
    """
    a = np.asarray(a, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        # where y = 1 only -log(a) counts, where y = 0 only -log(1 - a): choosing the
        # term instead of multiplying avoids 0 * inf = NaN
        loss = np.where(y == 1, -np.log(a), -np.log1p(-a))
    return loss if loss.ndim else float(loss)


def squared_loss(a, y):
    """Per-prediction squared error (a - y)^2: at most 1, however wrong a is."""
    loss = (np.asarray(a, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2
    return loss if loss.ndim else float(loss)


@dataclass(frozen=True)
class LossesAgainstPrediction:
    """Both losses on a grid of predictions ``a`` (n,), for y = 1 and for y = 0."""

    a: np.ndarray
    log_y1: np.ndarray
    squared_y1: np.ndarray
    log_y0: np.ndarray
    squared_y0: np.ndarray


def losses_against_prediction(n=199, edge=0.005):
    """The two losses for every prediction a in [edge, 1 - edge] (log(0) left out)."""
    a = np.linspace(edge, 1.0 - edge, n)
    return LossesAgainstPrediction(a, log_loss(a, 1.0), squared_loss(a, 1.0),
                                   log_loss(a, 0.0), squared_loss(a, 0.0))


def squared_error_cost(w, b, X, Y):
    r"""The cost if the neuron were trained on squared error:
    :math:`J_{sq} = \frac{1}{m}\sum_i (\sigma(z_i) - y_i)^2`."""
    X = check_X(X)
    w = check_w(w, X.shape[0])
    Y = check_Y(Y, X.shape[1])
    A = sigmoid(w.T @ X + check_b(b))  # (1, m)
    return float(np.mean((A - Y) ** 2))


def cost_along_line(w0, direction, ts, X, Y, kind="log", b0=0.0, direction_b=0.0):
    r"""The cost at every point of a line through weight space.

    The line is :math:`w(t) = w_0 + t\,d`, :math:`b(t) = b_0 + t\,d_b` for each t in
    ``ts``; ``kind`` is ``"log"`` (the cross-entropy ``propagate`` minimises) or
    ``"squared"`` (``squared_error_cost``). Returns the costs, shape ``(len(ts),)``.
    All the points are computed at once: z is linear in t, so
    :math:`z(t) = z_0 + t\,s` with :math:`z_0 = w_0^T X + b_0` and
    :math:`s = d^T X + d_b`.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    X = check_X(X)
    n, m = X.shape
    Y = check_Y(Y, m)
    w0 = check_w(w0, n)
    direction = as_float_array(direction, "direction")
    if direction.shape != (n, 1):
        raise ValueError(f"direction must have shape ({n}, 1) like w, got {direction.shape}")
    ts = as_float_array(ts, "ts", ndim=1)
    z0 = w0.T @ X + _number(b0, "b0")  # (1, m)
    s = direction.T @ X + _number(direction_b, "direction_b")  # (1, m)
    Z = z0 + ts[:, None] * s  # (len(ts), m): one row per point of the line
    if kind == "log":
        return np.mean(example_losses(Z, Y), axis=1)  # the cross-entropy, from z
    return np.mean((sigmoid(Z) - Y) ** 2, axis=1)


def class_means_direction(X, Y):
    r"""A natural line to look along: from the mean of the 0s toward the mean of the 1s.

    Returns ``(d, d_b)``: d (n_features, 1) is :math:`\mu_1 - \mu_0` scaled to length 1,
    and :math:`d_b = -d^T(\mu_0 + \mu_1)/2` puts the decision boundary halfway between
    the two means. At t > 0 the neuron leans the right way; at t < 0 it is backwards.
    """
    X = check_X(X)
    Y = check_Y(Y, X.shape[1])
    positive = Y[0] == 1
    if positive.all() or not positive.any():
        raise ValueError("Y must contain both labels 0 and 1 to have two class means")
    mu1 = X[:, positive].mean(axis=1, keepdims=True)  # (n_features, 1)
    mu0 = X[:, ~positive].mean(axis=1, keepdims=True)  # (n_features, 1)
    d = mu1 - mu0
    norm = float(np.linalg.norm(d))
    if norm == 0.0:
        raise ValueError("the two classes have the same mean image: no direction between them")
    d = d / norm
    return d, -float(d[:, 0] @ (mu0 + mu1)[:, 0]) / 2


def weights_direction(w, b):
    r"""The line through the origin and a trained neuron (w, b).

    Returns ``(d, d_b, t_model)`` with :math:`d = w / \|w\|`, :math:`d_b = b / \|w\|`:
    the neuron itself sits at :math:`t = \|w\|` on the line.
    """
    w = as_float_array(w, "w")
    norm = float(np.linalg.norm(w))
    if norm == 0.0:
        raise ValueError("w is all zeros: it points in no direction")
    return w / norm, _number(b, "b") / norm, norm


def second_differences(values):
    """values[i-1] - 2 values[i] + values[i+1]: how the curve bends at each inner point.

    Positive = bending up (like a valley), negative = bending down. A convex function
    has no negative ones (up to rounding, see ``bends_down``).
    """
    values = as_float_array(values, "values", ndim=1)
    return values[:-2] - 2.0 * values[1:-1] + values[2:]


def bends_down(values, rtol=1e-10):
    """Where the curve bends down, beyond rounding: a boolean per inner point.

    Rounding in the costs themselves makes second differences of about 1e-16 times the
    cost on a flat stretch; anything below ``-rtol`` times the largest cost is real.
    """
    values = as_float_array(values, "values", ndim=1)
    return second_differences(values) < -rtol * max(float(np.max(np.abs(values))), 1.0)


def inflection_points(ts, values, rtol=1e-10):
    """The t where the curve switches between bending up and bending down: (k,) array.

    Each is the midpoint between the two grid points where the sign flips.
    """
    ts = as_float_array(ts, "ts", ndim=1)
    down = bends_down(values, rtol)
    flips = np.flatnonzero(down[1:] != down[:-1]) + 1  # index into the inner points
    inner = ts[1:-1]
    return (inner[flips - 1] + inner[flips]) / 2.0


@dataclass(frozen=True)
class LineComparison:
    """Both costs along one line, and how they bend.

    The curvatures are second differences divided by the grid step squared: estimates
    of J''(t), whatever the spacing of the grid.
    """

    ts: np.ndarray
    log: np.ndarray
    squared: np.ndarray
    min_curvature_log: float  # the smallest J''(t) of the log-loss
    min_curvature_squared: float
    t_min_curvature_squared: float  # where the squared error bends down most
    log_is_convex: bool
    squared_is_convex: bool
    inflections_squared: np.ndarray  # the t of the squared error's inflection points


def compare_along_line(w0, direction, ts, X, Y, b0=0.0, direction_b=0.0):
    """``cost_along_line`` for both kinds on an evenly spaced ``ts``, and their bending."""
    ts = as_float_array(ts, "ts", ndim=1)
    if ts.size < 3:
        raise ValueError(f"ts must have at least 3 points to measure bending, got {ts.size}")
    h = (ts[-1] - ts[0]) / (ts.size - 1)
    if h <= 0 or not np.allclose(np.diff(ts), h):
        raise ValueError("ts must be increasing and evenly spaced, like np.linspace")
    log = cost_along_line(w0, direction, ts, X, Y, "log", b0, direction_b)
    squared = cost_along_line(w0, direction, ts, X, Y, "squared", b0, direction_b)
    curvature_log = second_differences(log) / h**2
    curvature_squared = second_differences(squared) / h**2
    k = int(np.argmin(curvature_squared))
    return LineComparison(
        ts, log, squared, float(curvature_log.min()), float(curvature_squared[k]),
        float(ts[k + 1]), not bool(bends_down(log).any()),
        not bool(bends_down(squared).any()), inflection_points(ts, squared))
