"""Ten digits with ten neurons: one-vs-rest.

Neuron c is the tutorial's neuron asked "is this a c?": label 1 for the images of c and
0 for every other digit. The ten are trained at once by ``optimize_many`` on the same
images, and the model answers with the digit whose neuron is most sure:

    Z = W^T X + b              (10, m)   one score per digit and image (b added per row)
    S = sigmoid(Z)             (10, m)   neuron c's P(c | x), each neuron on its own
    prediction = argmax_c S    (m,)

Shapes: W is (64, 10), column c is neuron c's w; b is (10,), entry c is neuron c's b.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import as_float_array, check_int, check_positive_float, check_X
from logreg.batched import optimize_many
from logreg.data import load_all_digits
from logreg.neuron import sigmoid

NUM_ITERATIONS = 1000  # as the tutorial; more adds little (test accuracy 0.961 at 1000)
LEARNING_RATE = 1.0  # ten larger, harder problems than 0 vs 1: 0.05 would stop short


@dataclass(frozen=True)
class OneVsRestModel:
    """One neuron per class: ``W`` (n_features, K), ``b`` (K,), ``classes`` (K,).

    Column k of W and entry k of b are the neuron that answers "is this classes[k]?".
    """

    W: np.ndarray
    b: np.ndarray
    classes: np.ndarray

    def decision_function(self, X):
        """z of every neuron for every column of X, (K, m)."""
        X = check_X(X)
        if X.shape[0] != self.W.shape[0]:
            raise ValueError(
                f"X must have {self.W.shape[0]} rows like the model's W, got {X.shape[0]}"
            )
        return self.W.T @ X + self.b[:, None]  # (K, m)

    def scores(self, X):
        """sigmoid(z) of every neuron for every column of X, (K, m); each in [0, 1].

        Neuron k's own probability that the image is classes[k]. The K neurons were
        trained separately, so a column need not sum to 1.
        """
        return sigmoid(self.decision_function(X))

    def score_shares(self, X):
        """Each neuron's score as a share of the column's total, (K, m): columns sum to 1.

        Not a probability: the neurons were trained separately, and softmax regression
        would be needed to train one. (The app shows ``scores``.) Computed in log space,
        softmax(log sigmoid(z)) = S / sum(S), so it stays exact when every score
        underflows to 0.
        """
        log_s = -np.logaddexp(0.0, -self.decision_function(X))  # log sigmoid(z), (K, m)
        e = np.exp(log_s - log_s.max(axis=0))  # (K, m), the largest is 1 in each column
        return e / e.sum(axis=0)

    def predict(self, X):
        """The class of the most confident neuron for every column of X, (m,).

        The argmax is taken on z, which sigmoid maps in the same order: two saturated
        scores of 1.0 could tie, their z cannot.
        """
        return self.classes[np.argmax(self.decision_function(X), axis=0)]

    def accuracy(self, X, y):
        """Fraction of the columns of X whose predicted class equals y (0 to 1)."""
        y = np.asarray(y)
        return float(np.mean(self.predict(X) == y))


def train_one_vs_rest(X, y, num_iterations=NUM_ITERATIONS, learning_rate=LEARNING_RATE):
    """Train one neuron per class of y on X, all at once; a ``OneVsRestModel``.

    X : (n_features, m) the inputs, one column per example.
    y : (m,) the class of each column, whole numbers (the digits 0-9), at least two.
    """
    X = check_X(X)
    num_iterations = check_int(num_iterations, "num_iterations", minimum=0)
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[1]:
        raise ValueError(
            f"y must have {X.shape[1]} entries to match the columns of X, got {y.shape[0]}"
        )
    if not (y == np.round(y)).all():
        raise ValueError("y must contain whole numbers (class labels such as the digits 0-9)")
    classes = np.unique(y).astype(np.int64)  # (K,)
    if classes.size < 2:
        raise ValueError(f"y must contain at least two classes, got only {classes.tolist()}")

    Y = (y[None, :] == classes[:, None]).astype(np.float64)  # (K, m): row k: "classes[k]?"
    result = optimize_many(X, Y, learning_rate, num_iterations)
    return OneVsRestModel(W=result.W, b=result.b, classes=classes)


def ten_digit_model(num_iterations=NUM_ITERATIONS, learning_rate=LEARNING_RATE, test_size=0.2,
                    random_state=42):
    """Train the ten-digit model on ``load_all_digits``; return ``(model, test_accuracy)``."""
    data = load_all_digits(test_size=test_size, random_state=random_state)
    model = train_one_vs_rest(data.X_train, data.y_train, num_iterations, learning_rate)
    return model, model.accuracy(data.X_test, data.y_test)
