r"""One neuron: logistic regression as a single-layer neural network, forward and back.

The tutorial's building blocks, with its names, shapes and defaults (its training loop
is ``logreg.descent``, and ``logreg.model`` gathers them all as the tutorial does):

    z = w^T X + b          (1, m)   the linear step
    A = sigmoid(z)         (1, m)   the activation, a probability per example
    J = mean(-Y log A - (1 - Y) log(1 - A))   binary cross-entropy
    dw = X (A - Y)^T / m   (n_features, 1)
    db = sum(A - Y) / m    scalar

Orientation: X is (n_features, m) with one column per example, Y is (1, m), w is
(n_features, 1) and b a float.
"""

import numpy as np

from logreg._checks import (check_b, check_int, check_nonnegative_float, check_positive_float,
                            check_random_state, check_w, check_X, check_Y)


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Written so that ``exp`` only ever sees numbers <= 0: for z >= 0 it is
    1 / (1 + e^{-z}), for z < 0 the equal e^{z} / (1 + e^{z}). No overflow warning
    for any finite z, and tiny probabilities keep their precision.
    """
    z = _as_z(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    a = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return a if a.ndim else float(a)


def _as_z(z, name="z"):
    """z as a float array: numbers of any shape; +-inf are fine (sigma is 0 or 1), NaN
    and non-numbers are not."""
    if isinstance(z, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, got a string")
    try:
        z = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers") from None
    if np.isnan(z).any():
        raise ValueError(f"{name} must not contain NaN")
    return z


def initialize_params(dim, random_state=None, scale=0.01):
    """Return ``(w, b)`` with w of shape (dim, 1).

    With ``random_state=None`` (the tutorial's choice) w is all zeros. Give a seed to
    start from small random weights drawn from N(0, scale^2) instead; b starts at 0.
    """
    dim = check_int(dim, "dim", minimum=1)
    if random_state is None:
        w = np.zeros((dim, 1))
    else:
        scale = check_positive_float(scale, "scale")
        rng = np.random.default_rng(check_random_state(random_state))
        w = rng.normal(0.0, scale, size=(dim, 1))
    return w, 0.0


def cross_entropy(z, Y):
    r"""Mean binary cross-entropy computed from z rather than from A = sigmoid(z).

    Per example :math:`-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \log(1+e^{z}) - yz`.
    ``np.logaddexp(0, z)`` evaluates :math:`\log(1+e^{z})` without overflow, so the cost
    stays finite even when a huge learning rate pushes z to +-1e6, where the
    tutorial's ``log(A)`` would give ``log(0) = -inf`` and then NaN.
    """
    z = _as_z(z)
    Y = _as_z(Y, "Y")
    if z.shape != Y.shape or not np.isfinite(z).all():
        raise ValueError(f"z and Y must be finite arrays of one shape, got {z.shape} and {Y.shape}")
    return float(np.mean(example_losses(z, Y)))


def example_losses(z, Y):
    r"""Each example's cross-entropy :math:`\log(1+e^{z}) - yz`, computed from z.

    The one place the loss is written: the cost is its mean, the hardest images are
    those where it is largest. No clipping: a confident mistake at z = 80 costs 80.
    Shapes as given (z and Y broadcast); no checks, for the package's own arrays.
    """
    return np.logaddexp(0.0, z) - Y * z


def validate(w, b, X, Y=None):
    """``(w, b, X, Y)`` checked against each other (Y may be None), as arrays of floats;
    ``ValueError``/``TypeError`` naming the argument that is wrong."""
    X = check_X(X)
    w = check_w(w, X.shape[0])
    b = check_b(b)
    if Y is not None:
        Y = check_Y(Y, X.shape[1])
    return w, b, X, Y


def propagate(w, b, X, Y, l2=0.0):
    """One forward and backward pass over all examples.

    Returns ``(grads, cost)`` with ``grads = {"dw": (n_features, 1), "db": float}``.
    ``l2`` adds the penalty ``l2 / (2 m) * ||w||^2`` to the cost (0 = the tutorial).
    """
    w, b, X, Y = validate(w, b, X, Y)
    l2 = check_nonnegative_float(l2, "l2")
    m = X.shape[1]

    # forward: the linear step, then the activation
    z = w.T @ X + b  # (1, m)
    A = sigmoid(z)  # (1, m)
    cost = float(np.mean(example_losses(z, Y))) + l2 / (2 * m) * float(np.sum(w * w))

    # backward: dJ/dz = A - Y, then the chain rule through z = w^T X + b
    dZ = A - Y  # (1, m)
    dw = X @ dZ.T / m + (l2 / m) * w  # (n_features, 1)
    db = float(np.sum(dZ)) / m

    return {"dw": dw, "db": db}, cost


def gradients_at(z, w, X, Y, l2=0.0):
    """``propagate``'s gradients from z = w^T X + b already computed, without checks
    (for the package's own arrays: ``TrainingRun`` has z from recording the cost). One
    row of z (k, m) per column of w (n_features, k): ``dw`` (n_features, k), ``db`` (k,)."""
    error = sigmoid(z) - Y  # dJ/dz
    m = X.shape[1]
    return {"dw": X @ error.T / m + (l2 / m) * w, "db": error.sum(axis=1) / m}


def predict_proba(w, b, X):
    """P(label 1 | x) for every column of X, shape (1, m)."""
    w, b, X, _ = validate(w, b, X)
    return sigmoid(w.T @ X + b)


def predict(w, b, X):
    """Labels 0.0/1.0 for every column of X, shape (1, m): 1 where P(1 | x) > 0.5."""
    return (predict_proba(w, b, X) > 0.5).astype(np.float64)


def accuracy(w, b, X, Y):
    """Fraction of the columns of X whose predicted label equals Y (0 to 1)."""
    w, b, X, Y = validate(w, b, X, Y)
    return float(np.mean(predict(w, b, X) == Y))


def cost(w, b, X, Y, l2=0.0):
    """The cost J alone (what ``propagate`` returns second), e.g. on the test set."""
    return propagate(w, b, X, Y, l2=l2)[1]
