"""logreg.handwriting: the class's drawings split in two halves, and the ten-digit model
retrained with one half, measured on the other."""

import numpy as np
import pytest

from logreg.augment import redrawn
from logreg.batched import optimize_many
from logreg.data import load_all_digits
from logreg.handwriting import Retrained, retrain_with_drawings, split_drawings
from logreg.multiclass import Recipe, ten_digit_model, training_set


@pytest.fixture(scope="module")
def mirrored():
    """A handwriting the dataset never saw: its own test digits mirrored left to right
    (8 of each digit), as (X (64, 80), digits (80,))."""
    data = load_all_digits()
    columns, digits = [], []
    for digit in range(10):
        for k in np.flatnonzero(data.y_test == digit)[:8]:
            columns.append(data.X_test[:, k].reshape(8, 8)[:, ::-1].reshape(64))
            digits.append(digit)
    return np.array(columns).T, np.array(digits)


QUICK = 1000  # iterations: the recipe's images, trained for less time (the test's seconds)


@pytest.fixture(scope="module")
def base_model():
    return ten_digit_model(num_iterations=QUICK)


def test_the_split_deals_each_digit_alternately_by_id():
    ids = np.array([10, 4, 7, 2, 9, 30, 31])
    digits = np.array([3, 3, 3, 5, 5, 1, 1])
    train, held_out = split_drawings(ids, digits)
    assert (train ^ held_out).all(), "every drawing is in exactly one half"
    # digit 1: ids 30, 31 -> 30 trains; digit 3: ids 4, 7, 10 -> 4 trains, 7 held out,
    # 10 trains; digit 5: ids 2, 9 -> continues the deal: 2 held out, 9 trains
    by_id = dict(zip(ids.tolist(), train.tolist()))
    assert by_id == {30: True, 31: False, 4: True, 7: False, 10: True, 2: False, 9: True}


def test_the_split_does_not_depend_on_the_order_drawings_come_in():
    rng = np.random.default_rng(1)
    ids = rng.permutation(200)[:60] + 1
    digits = rng.integers(0, 10, 60)
    train, _ = split_drawings(ids, digits)
    order = rng.permutation(60)
    shuffled, _ = split_drawings(ids[order], digits[order])
    assert set(ids[train]) == set(ids[order][shuffled])
    for digit in range(10):  # each digit's drawings split evenly (within one)
        mine = digits == digit
        assert abs(int(train[mine].sum()) - int((~train)[mine].sum())) <= 1


@pytest.mark.parametrize("ids, digits, message", [
    ([1, 1], [2, 3], "ids must be distinct"),
    ([], [], "non-empty"),
    ([1, 2], [3], "digits must have 2 entries"),
    ([1, 2], [3, 10], "whole numbers 0-9"),
    ([1, 2], [3, 2.5], "whole numbers 0-9"),
])
def test_the_split_names_what_is_wrong(ids, digits, message):
    with pytest.raises(ValueError, match=message):
        split_drawings(ids, digits)


def test_a_handwriting_the_model_misreads_is_read_better_after_retraining(mirrored, base_model):
    X, digits = mirrored
    model, dataset_accuracy = base_model
    result = retrain_with_drawings(X, digits, base_model=model,
                                   recipe=Recipe(num_iterations=QUICK))
    assert isinstance(result, Retrained)
    assert (result.n_added, result.n_held_out) == (40, 40)
    held_out = ~split_drawings(np.arange(80), digits)[0]
    assert result.before == pytest.approx(model.accuracy(X[:, held_out], digits[held_out]))
    assert result.before < 0.6, "the mirrored digits really are a different handwriting"
    assert result.after >= result.before + 0.1, (result.before, result.after)
    assert result.dataset_before == pytest.approx(dataset_accuracy)
    assert result.dataset_after >= dataset_accuracy - 0.02, "the dataset is still read"
    assert result.after == pytest.approx(
        result.model.accuracy(X[:, held_out], digits[held_out]))


def test_the_retrained_model_is_the_ten_digit_model_trained_further_with_the_drawings(
        mirrored):
    """From the ten-digit model's weights, more gradient descent on its recipe's images
    (the scans and their redrawings) with the drawings that train and their redrawings
    added."""
    X, digits = mirrored
    X, digits = X[:, :6], digits[:6]  # the 0s only: ids 0..5, even positions train
    recipe = Recipe(num_iterations=50)
    base, dataset_accuracy = ten_digit_model(num_iterations=50)
    result = retrain_with_drawings(X, digits, recipe=recipe, num_iterations=20, copies=4)
    X_recipe, y_recipe = training_set(recipe)  # the scans and their redrawings
    drawn = X[:, [0, 2, 4]]
    X_all = np.hstack([X_recipe, drawn, redrawn(drawn, 4, recipe.redraw_seed)])
    y_all = np.concatenate([y_recipe, np.zeros(3 * 5)])
    expected = optimize_many(X_all, (y_all[None, :] == np.arange(10)[:, None]).astype(float),
                             recipe.learning_rate, 20, W=base.W, b=base.b)
    np.testing.assert_allclose(result.model.W, expected.W, atol=1e-12)
    np.testing.assert_allclose(result.model.b, expected.b, atol=1e-12)
    assert result.before == base.accuracy(X[:, [1, 3, 5]], digits[[1, 3, 5]])
    assert result.dataset_before == dataset_accuracy
    again = retrain_with_drawings(X, digits, recipe=recipe, num_iterations=20, copies=4)
    assert (again.before, again.after) == (result.before, result.after), "deterministic"


@pytest.mark.parametrize("X, digits, message", [
    (np.zeros((64, 1)), [3], "at least 2 drawings"),
    (np.zeros((63, 2)), [3, 4], "64 rows"),
    (np.full((64, 2), 2.0), [3, 4], "values 0-1"),
    (np.zeros((64, 2)), [3], "digits must have 2 entries"),
    (np.full((64, 2), np.nan), [3, 4], "NaN"),
])
def test_retraining_names_what_is_wrong(X, digits, message):
    with pytest.raises(ValueError, match=message):
        retrain_with_drawings(X, digits)
