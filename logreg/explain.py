r"""Why the neuron answered what it did, in numbers.

For one input x (64, 1): each pixel contributes :math:`w_i x_i` to
:math:`z = \sum_i w_i x_i + b`, and :math:`\sigma(z)` is the answer. Splitting the sum
into the pixels that push toward the positive digit and those that push away shows the
whole decision as three numbers and an 8x8 picture.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import as_float_array, check_b
from logreg.neuron import sigmoid


@dataclass(frozen=True)
class Explanation:
    """contributions (64,): w_i x_i; towards (>= 0) and against (<= 0): their positive
    and negative sums; b; z = towards + against + b; probability = sigma(z)."""

    contributions: np.ndarray
    towards: float
    against: float
    b: float
    z: float
    probability: float

    def strongest(self, k=3):
        """Indices of the k pixels with the largest |w_i x_i|."""
        return np.argsort(-np.abs(self.contributions), kind="stable")[:k]


def explain(w, b, x):
    """Break the neuron's answer for one input column ``x`` (n, 1) into its parts."""
    w = as_float_array(w, "w").reshape(-1)
    x = as_float_array(x, "x").reshape(-1)
    if w.shape != x.shape:
        raise ValueError(f"x must have {w.size} values like w, got {x.size}")
    b = check_b(b)
    contributions = w * x  # (n,)
    towards = float(contributions[contributions > 0].sum())
    against = float(contributions[contributions < 0].sum())
    z = float(contributions.sum()) + b
    return Explanation(contributions, towards, against, b, z, float(sigmoid(z)))
