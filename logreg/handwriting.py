"""The ten-digit model and a class's own handwriting: distribution shift, and its cure.

The dataset's digits were written by one group of people and scanned one way; a class's
drawings come from other hands through a canvas. The model may read them worse than
the dataset's own test images. The cure is to learn from them too:

    split_drawings(ids, digits)       which drawings train and which are held out
    retrain_with_drawings(X, digits)  before/after accuracy on the held-out drawings

The split is deterministic (the same drawings always split the same way) and balanced
per digit: the drawings are ordered by (intended digit, id) and dealt alternately,
the first to training, the next to the held-out half, and so on. The retrained model
is the ten-digit model trained further: from its own weights, a few hundred more
iterations of its recipe's gradient descent (``logreg.multiclass.Recipe``: the same
images and redrawings, the same learning rate) with the training half of the drawings
added, each with ``DRAWING_COPIES`` redrawings of it, so that a class's few drawings
weigh among the dataset's ten thousand images. About 0.7 s with one BLAS thread, where
training the recipe from zeros takes ten (``benchmarks/bench_retrain.py``); the first
retrain in a process also redraws the dataset's scans, about 6 s more. Nothing here knows
about a page or a database.

Shapes: X is (64, k), one drawing per column, values 0-1 as ``logreg.drawing`` makes
them (the dataset's pixels / 16); digits is (k,), the digit each drawing was meant to be.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import as_float_array, check_int, check_X
from logreg.data import load_all_digits
from logreg.multiclass import Recipe, ten_digit_model, train_one_vs_rest, training_set

MIN_DRAWINGS = 2  # one to learn from, one to measure on
RETRAIN_ITERATIONS = 300  # from the model's own weights: enough to learn a class's hand
DRAWING_COPIES = 50  # redrawings of each drawing that trains: measured, 20 move it too little


@dataclass(frozen=True)
class Retrained:
    """What adding half of the drawings did.

    ``before``/``after``: accuracy (0-1) of the original / retrained model on the
    ``n_held_out`` drawings it never saw; ``dataset_before``/``dataset_after``: the same
    on the dataset's test images (the cure should not cost the dataset much);
    ``n_added``: how many drawings were added to the training images; ``model``: the
    retrained ``OneVsRestModel``.
    """

    n_added: int
    n_held_out: int
    before: float
    after: float
    dataset_before: float
    dataset_after: float
    model: object


def _digits(digits, k):
    digits = as_float_array(digits, "digits", ndim=1)
    if digits.shape[0] != k:
        raise ValueError(f"digits must have {k} entries, one per drawing, got {digits.shape[0]}")
    if not ((digits == np.round(digits)) & (digits >= 0) & (digits <= 9)).all():
        raise ValueError("digits must be whole numbers 0-9")
    return digits.astype(np.int64)


def split_drawings(ids, digits):
    """``(train, held_out)``: two boolean masks (k,) that split k drawings in two halves.

    ``ids`` (k,) are distinct numbers that order the drawings (the board's ids, in
    sharing order); ``digits`` (k,) the digit each was meant to be. Ordered by
    (digit, id), the drawings are dealt alternately to training and to the held-out half,
    so each digit is split evenly (an odd one out goes to training) and the split never
    changes for the same drawings.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.size == 0:
        raise ValueError(f"ids must be a non-empty 1-D array, got shape {ids.shape}")
    if len(np.unique(ids)) != ids.size:
        raise ValueError("ids must be distinct")
    digits = _digits(digits, ids.size)
    order = np.lexsort((ids, digits))  # by digit, then by id
    train = np.zeros(ids.size, dtype=bool)
    train[order[0::2]] = True
    return train, ~train


def retrain_with_drawings(X, digits, ids=None, base_model=None, recipe=Recipe(),
                          num_iterations=RETRAIN_ITERATIONS, copies=DRAWING_COPIES):
    """The ten-digit model trained further with half of the drawings; a ``Retrained``.

    X : (64, k) the drawings (k >= 2), values 0-1.
    digits : (k,) the digit each drawing was meant to be.
    ids : (k,) distinct numbers ordering the drawings (default: 0..k-1, their order).
    base_model : the model before, ``ten_digit_model`` of ``recipe`` (read or trained
        here if None); the model after starts from its weights.
    recipe : what the model was trained on (its images, learning rate, test split).
    num_iterations : the iterations of gradient descent after, from the base's weights.
    copies : redrawings of each drawing that trains, besides the drawing itself.
    """
    X = check_X(X)
    if X.shape[0] != 64:
        raise ValueError(f"X must have 64 rows (8x8 pixels), got {X.shape[0]}")
    k = X.shape[1]
    if k < MIN_DRAWINGS:
        raise ValueError(f"at least {MIN_DRAWINGS} drawings are needed: half to learn "
                         f"from, half to measure on; got {k}")
    if (X < 0).any() or (X > 1).any():
        raise ValueError("X must hold values 0-1 (the dataset's pixels / 16)")
    digits = _digits(digits, k)
    num_iterations = check_int(num_iterations, "num_iterations", minimum=1)
    copies = check_int(copies, "copies", minimum=0)
    train, held_out = split_drawings(np.arange(k) if ids is None else ids, digits)
    if base_model is None:
        base_model, _ = ten_digit_model(recipe.num_iterations, recipe.learning_rate,
                                        recipe.redrawn_copies, recipe.test_size,
                                        recipe.random_state)
    # the recipe's images and their redrawings, then the drawings and theirs
    X_more, y_more = training_set(recipe, X[:, train], digits[train], copies)
    model = train_one_vs_rest(X_more, y_more, num_iterations, recipe.learning_rate,
                              start=base_model)
    data = load_all_digits(test_size=recipe.test_size, random_state=recipe.random_state)
    X_held, y_held = X[:, held_out], digits[held_out]
    return Retrained(
        n_added=int(train.sum()), n_held_out=int(held_out.sum()),
        before=base_model.accuracy(X_held, y_held), after=model.accuracy(X_held, y_held),
        dataset_before=base_model.accuracy(data.X_test, data.y_test),
        dataset_after=model.accuracy(data.X_test, data.y_test), model=model)
