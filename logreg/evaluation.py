"""Looking inside a trained neuron: its confusion matrix and its hardest test images.

Pure NumPy and scikit-learn's metrics; the app draws what these return.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import confusion_matrix

from logreg._checks import check_b, check_w
from logreg.neuron import example_losses, sigmoid


@dataclass(frozen=True)
class SplitPredictions:
    """The neuron's answer for every test image of a ``DigitPair``.

    ``probability`` (m,) is P(positive digit); ``predicted`` and ``true`` (m,) are
    digits; ``loss`` (m,) each image's cross-entropy; ``images`` (m, 8, 8).
    """

    probability: np.ndarray
    predicted: np.ndarray
    true: np.ndarray
    loss: np.ndarray
    images: np.ndarray
    negative: int
    positive: int

    @property
    def labels(self):
        return [self.negative, self.positive]

    def confusion(self):
        """2x2 counts, rows = true digit, columns = predicted digit (negative first)."""
        return confusion_matrix(self.true, self.predicted, labels=self.labels)

    def where(self, true_digit, predicted_digit):
        """Indices of the test images of ``true_digit`` that were read as ``predicted_digit``."""
        return np.flatnonzero((self.true == true_digit) & (self.predicted == predicted_digit))

    def hardest(self, k=12):
        """Indices of the ``k`` test images with the largest loss: the mistakes first
        (the most confident mistake first), then those the neuron was least sure of."""
        return np.argsort(-self.loss, kind="stable")[:k]


def predictions_on_test_set(w, b, pair):
    """Evaluate the neuron (w, b) on every test image of ``pair``."""
    w = check_w(w, pair.X_test.shape[0])
    z = w[:, 0] @ pair.X_test + check_b(b)  # (m,)
    loss = example_losses(z, pair.Y_test[0])  # from z: a confident mistake is never capped
    p = sigmoid(z)
    predicted = np.where(p > 0.5, pair.positive, pair.negative)
    return SplitPredictions(p, predicted, pair.digits_test.copy(), loss, pair.images_test,
                           pair.negative, pair.positive)
