"""Ten digits with ten neurons: one-vs-rest.

Neuron c is the tutorial's neuron asked "is this a c?": label 1 for the images of c and
0 for every other digit. The ten are trained at once by ``optimize_many`` on the same
images, and the model answers with the digit whose neuron is most sure:

    Z = W^T X + b              (10, m)   one score per digit and image (b added per row)
    S = sigmoid(Z)             (10, m)   neuron c's P(c | x), each neuron on its own
    prediction = argmax_c S    (m,)

Shapes: W is (64, 10), column c is neuron c's w; b is (10,), entry c is neuron c's b.

The app's ten-digit model (``ten_digit_model``) learns from the dataset's training images
and from each of them redrawn a few times as hands draw (``logreg.augment``), so that it
reads drawings, not only scans. Everything that decides its weights is one ``Recipe``;
the weights of the default recipe are kept in ``ten_digit_model.npz`` beside this file
(``logreg.stored``), so the app reads them instead of training (about 20 s).
"""

import functools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from logreg import stored
from logreg._checks import as_float_array, check_int, check_positive_float, check_X
from logreg.augment import Hand, with_redrawn
from logreg.batched import optimize_many
from logreg.data import check_test_size, load_all_digits
from logreg.neuron import sigmoid

NUM_ITERATIONS = 8000  # drawings are read better up to about 8000 iterations, not after
LEARNING_RATE = 4.0  # the cost still falls at every step; at 8 it jumps up now and then
REDRAWN_COPIES = 6  # each training image is also learned redrawn this many times
REDRAW_SEED = 0  # the redrawings' generator: the same seed, the same images
STORED = Path(__file__).with_name("ten_digit_model.npz")  # the default recipe's weights


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


def train_one_vs_rest(X, y, num_iterations=NUM_ITERATIONS, learning_rate=LEARNING_RATE,
                      start=None):
    """Train one neuron per class of y on X, all at once; a ``OneVsRestModel``.

    X : (n_features, m) the inputs, one column per example.
    y : (m,) the class of each column, whole numbers (the digits 0-9), at least two.
    start : a ``OneVsRestModel`` of the same classes to train further from its weights
        (default: from zeros, the tutorial's start).
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

    if start is not None and not np.array_equal(start.classes, classes):
        raise ValueError(f"start must be a model of y's classes {classes.tolist()}, got one "
                         f"of {np.asarray(start.classes).tolist()}")

    Y = (y[None, :] == classes[:, None]).astype(np.float64)  # (K, m): row k: "classes[k]?"
    result = optimize_many(X, Y, learning_rate, num_iterations,
                           W=None if start is None else start.W,
                           b=None if start is None else start.b)
    return OneVsRestModel(W=result.W, b=result.b, classes=classes)


@dataclass(frozen=True)
class Recipe:
    """Everything that decides the ten-digit model's weights: equal recipes, equal models.

    The training images are the dataset's training split (``test_size``,
    ``random_state``) followed by ``redrawn_copies`` redrawings of each (by ``hand``,
    from generator seed ``redraw_seed``); ``num_iterations`` of gradient descent at
    ``learning_rate`` from zeros train one neuron per digit on them.
    """

    num_iterations: int = NUM_ITERATIONS
    learning_rate: float = LEARNING_RATE
    redrawn_copies: int = REDRAWN_COPIES
    redraw_seed: int = REDRAW_SEED
    hand: Hand = field(default_factory=Hand)
    test_size: float = 0.2
    random_state: int = 42

    def __post_init__(self):  # checked, and as plain int and float: 1 and 1.0 are one key
        checked = dict(
            num_iterations=check_int(self.num_iterations, "num_iterations", minimum=0),
            learning_rate=check_positive_float(self.learning_rate, "learning_rate"),
            redrawn_copies=check_int(self.redrawn_copies, "redrawn_copies", minimum=0),
            redraw_seed=check_int(self.redraw_seed, "redraw_seed", minimum=0),
            test_size=check_test_size(self.test_size),
            random_state=check_int(self.random_state, "random_state", minimum=0))
        for name, value in checked.items():
            object.__setattr__(self, name, value)  # a frozen dataclass sets its own fields
        if not isinstance(self.hand, Hand):
            raise TypeError(f"hand must be a logreg.augment.Hand, got {self.hand!r}")

    def key(self):
        """The recipe as text (JSON, sorted keys): what the stored weights are kept by."""
        return json.dumps({"model": "one-vs-rest, ten digits", **asdict(self)},
                          sort_keys=True)


@functools.lru_cache(maxsize=4)
def _dataset_part(redrawn_copies, redraw_seed, hand, test_size, random_state):
    """The dataset's training images and their redrawings, (64, m) and (m,), read-only:
    made once per process (each retraining with a class's drawings starts from them)."""
    data = load_all_digits(test_size=test_size, random_state=random_state)
    X, y = with_redrawn(data.X_train, data.y_train, redrawn_copies, redraw_seed, hand)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def training_set(recipe=Recipe(), X_more=None, y_more=None, copies=None):
    """``(X, y)``: what ``recipe`` trains on, (64, m) and (m,).

    The dataset's training images, their redrawings, then ``X_more`` (64, k) with labels
    ``y_more`` (k,) (a class's drawings, values 0-1) and ``copies`` redrawings of each,
    made the same way (default: as many as a training image of the dataset has).
    """
    X, y = _dataset_part(recipe.redrawn_copies, recipe.redraw_seed, recipe.hand,
                         recipe.test_size, recipe.random_state)
    if X_more is None:
        return X, y
    copies = recipe.redrawn_copies if copies is None else copies
    X_more, y_more = with_redrawn(X_more, y_more, copies, recipe.redraw_seed, recipe.hand)
    return np.hstack([X, X_more]), np.concatenate([y, y_more])


def train_ten_digit_model(recipe=Recipe()):
    """Train the ten-digit model from scratch as ``recipe`` says; ``(model, test_accuracy)``
    with the accuracy on the dataset's test split (never redrawn)."""
    X, y = training_set(recipe)
    model = train_one_vs_rest(X, y, recipe.num_iterations, recipe.learning_rate)
    data = load_all_digits(test_size=recipe.test_size, random_state=recipe.random_state)
    return model, model.accuracy(data.X_test, data.y_test)


def stored_ten_digit_model(recipe=Recipe(), path=STORED):
    """``(model, test_accuracy)`` from the weights kept in ``path`` if they were trained
    by exactly ``recipe``, else ``None``."""
    arrays = stored.load(path, recipe.key(), {"W": (64, 10), "b": (10,)})
    if arrays is None:
        return None
    model = OneVsRestModel(W=arrays["W"].astype(np.float64), b=arrays["b"].astype(np.float64),
                           classes=np.arange(10))
    data = load_all_digits(test_size=recipe.test_size, random_state=recipe.random_state)
    return model, model.accuracy(data.X_test, data.y_test)


def store_ten_digit_model(recipe=Recipe(), path=STORED):
    """Train ``recipe`` from scratch and keep its weights in ``path``; ``(model,
    test_accuracy)``. Run it (``tools/store_ten_digit_model.py``) after changing the
    recipe or how it trains: tests/test_multiclass.py fails until then."""
    model, test_accuracy = train_ten_digit_model(recipe)
    stored.save(path, recipe.key(), {"W": model.W, "b": model.b})
    return model, test_accuracy


def ten_digit_model(num_iterations=NUM_ITERATIONS, learning_rate=LEARNING_RATE,
                    redrawn_copies=REDRAWN_COPIES, test_size=0.2, random_state=42):
    """The ten-digit model: ``(model, test_accuracy)``, the accuracy on the dataset's
    test split. Read from the stored weights when they were trained by exactly this
    recipe (the defaults), else trained here (seconds)."""
    recipe = Recipe(num_iterations=num_iterations, learning_rate=learning_rate,
                    redrawn_copies=redrawn_copies, test_size=test_size,
                    random_state=random_state)
    return stored_ten_digit_model(recipe) or train_ten_digit_model(recipe)
