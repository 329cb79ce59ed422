"""Our neuron beside scikit-learn's LogisticRegression, on the same split.

scikit-learn minimises the same cross-entropy with a (by default strong) L2 penalty and a
second-order solver; with the penalty made weak (large C) both should find weights that
make nearly the same predictions, though not the same weights: on separable digits the
cost keeps falling as the weights grow, so each stops somewhere along that road.
"""

import time
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from logreg.model import build_and_train_model

WEAK_PENALTY_C = 1e4  # scikit-learn's C = 1 / lambda: large means a weak penalty


@dataclass(frozen=True)
class Comparison:
    """Both models on one pair: weights (64,), biases, test accuracies (0-1), the share
    of test images on which their predictions agree, and training times in seconds."""

    ours_w: np.ndarray
    ours_b: float
    sklearn_w: np.ndarray
    sklearn_b: float
    ours_accuracy: float
    sklearn_accuracy: float
    agreement: float
    ours_seconds: float
    sklearn_seconds: float


def against_sklearn(pair, num_iterations=1000, learning_rate=0.05, C=WEAK_PENALTY_C):
    """Train both on ``pair``'s training split (ours from zeros, as the tutorial) and
    compare them on its test split."""
    start = time.perf_counter()
    ours = build_and_train_model(pair.X_train, pair.Y_train, pair.X_test, pair.Y_test,
                                 num_iterations=num_iterations, learning_rate=learning_rate)
    ours_seconds = time.perf_counter() - start

    start = time.perf_counter()
    sk = LogisticRegression(C=C, max_iter=10_000).fit(pair.X_train.T, pair.Y_train[0])
    sklearn_seconds = time.perf_counter() - start

    sk_predictions = sk.predict(pair.X_test.T)
    return Comparison(
        ours_w=ours.w[:, 0], ours_b=ours.b,
        sklearn_w=sk.coef_[0].copy(), sklearn_b=float(sk.intercept_[0]),
        ours_accuracy=ours.test_accuracy,
        sklearn_accuracy=float(np.mean(sk_predictions == pair.Y_test[0])),
        agreement=float(np.mean(sk_predictions == ours.Y_prediction_test[0])),
        ours_seconds=ours_seconds, sklearn_seconds=sklearn_seconds,
    )
