r"""Gradient checking: is ``propagate``'s calculus right?

``propagate`` computes dw and db with formulas derived by the chain rule. A derivation
can be wrong; the definition of a derivative cannot. So nudge each parameter a tiny
:math:`\varepsilon` up and down, measure how the cost changes, and compare:

.. math::

    \frac{\partial J}{\partial \theta_i} \approx
    \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}

Central differences are accurate to :math:`O(\varepsilon^2)`, so with
:math:`\varepsilon = 10^{-6}` the two gradients agree to about 7 or more digits when the
formulas are right. A smaller :math:`\varepsilon` is not better: the two costs then
differ only in their last digits and rounding takes over.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import (
    check_b,
    check_nonnegative_float,
    check_positive_float,
    check_w,
    check_X,
    check_Y,
)
from logreg.neuron import cost, propagate


def numerical_gradients(w, b, X, Y, eps=1e-6, l2=0.0):
    """The gradient of the cost by central differences, one parameter at a time.

    Returns ``{"dw": (n_features, 1), "db": float}`` like ``propagate``; it costs
    2 (n_features + 1) evaluations of the cost.
    """
    X = check_X(X)
    w = check_w(w, X.shape[0])
    b = check_b(b)
    Y = check_Y(Y, X.shape[1])
    eps = check_positive_float(eps, "eps")

    dw = np.zeros_like(w)  # (n_features, 1)
    for i in range(w.shape[0]):
        up, down = w.copy(), w.copy()
        up[i, 0] += eps
        down[i, 0] -= eps
        dw[i, 0] = (cost(up, b, X, Y, l2) - cost(down, b, X, Y, l2)) / (2 * eps)
    db = (cost(w, b + eps, X, Y, l2) - cost(w, b - eps, X, Y, l2)) / (2 * eps)
    return {"dw": dw, "db": float(db)}


def relative_error(a, b):
    r""":math:`\|a - b\| / (\|a\| + \|b\|)`: 0 when equal, 1 when opposite.

    Scale-free, so it means the same for a large gradient at the start of training and
    a tiny one near the minimum. Two zero vectors agree perfectly: 0.
    """
    a = np.ravel(np.asarray(a, dtype=np.float64))
    b = np.ravel(np.asarray(b, dtype=np.float64))
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same number of entries, got {a.size} and {b.size}")
    denominator = float(np.linalg.norm(a) + np.linalg.norm(b))
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b)) / denominator


def as_vector(grads):
    """``{"dw": (n, 1), "db": float}`` as one vector [dw_0, ..., dw_{n-1}, db], (n + 1,)."""
    return np.append(np.asarray(grads["dw"], dtype=np.float64).ravel(), float(grads["db"]))


@dataclass(frozen=True)
class GradientCheck:
    """Numerical vs analytic gradient, as vectors [dw; db] of n_features + 1 entries."""

    numerical: np.ndarray
    analytic: np.ndarray
    relative_error: float
    eps: float

    @property
    def max_abs_difference(self):
        return float(np.max(np.abs(self.numerical - self.analytic)))


def gradient_check(w, b, X, Y, eps=1e-6, l2=0.0):
    """Compare ``numerical_gradients`` with ``propagate``'s analytic gradient."""
    l2 = check_nonnegative_float(l2, "l2")
    numerical = as_vector(numerical_gradients(w, b, X, Y, eps=eps, l2=l2))
    analytic = as_vector(propagate(w, b, X, Y, l2=l2)[0])
    return GradientCheck(numerical, analytic, relative_error(numerical, analytic), float(eps))
