"""Bad input to every public function of ``logreg``, table-driven: each raises
ValueError or TypeError whose message names the argument, never returns NaN and never
surfaces an obscure NumPy error."""

import numpy as np
import pytest

from logreg import (
    GradientDescent, accuracy, build_and_train_model, cost, cross_entropy,
    initialize_params, load_digit_pair, optimize, predict, predict_proba, propagate, sigmoid,
)
from logreg.batched import optimize_many
from logreg.data import class_counts, closest_image, load_all_digits
from logreg.drawing import image_to_features, mask_to_counts, naive_features, preprocess
from logreg.explain import explain
from logreg.export import model_from_json
from logreg.augment import Hand, redrawn, with_redrawn
from logreg.multiclass import Recipe, ten_digit_model, train_one_vs_rest
from logreg.pairs import all_pairs_accuracy, train_all_pairs
from logreg.run import TrainingRun
from logreg.settings import RunSettings
from logreg.uploads import load_image_file

X = np.full((3, 4), 0.5)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
W = np.zeros((3, 1))
NAN_X = np.where(np.eye(3, 4) == 1, np.nan, 0.5)
INF_X = np.where(np.eye(3, 4) == 1, np.inf, 0.5)
STRINGS = np.array([["a"] * 4] * 3)
PAIR = load_digit_pair(0, 1)

# (function, arguments, exception, words the message must contain)
CASES = [
    # the neuron
    (sigmoid, ("1",), TypeError, "z"),
    (sigmoid, ([["x"]],), TypeError, "z"),
    (sigmoid, (np.nan,), ValueError, "z must not contain NaN"),
    (cross_entropy, (np.array([np.nan]), np.array([1.0])), ValueError, "z must not contain NaN"),
    (cross_entropy, (np.zeros(3), np.zeros(2)), ValueError, "z and Y"),
    (initialize_params, (0,), ValueError, "dim"),
    (initialize_params, (2.5,), ValueError, "dim"),
    (initialize_params, ("64",), TypeError, "dim"),
    (propagate, (W, 0.0, X, Y[:, :3]), ValueError, "Y must have shape"),
    (propagate, (W, 0.0, NAN_X, Y), ValueError, "X must not contain NaN or inf"),
    (propagate, (W, 0.0, INF_X, Y), ValueError, "X must not contain NaN or inf"),
    (propagate, (W, 0.0, STRINGS, Y), TypeError, "X must be a numeric array"),
    (propagate, (W, 0.0, np.zeros((3, 0)), np.zeros((1, 0))), ValueError, "X must not be empty"),
    (propagate, (W, 0.0, X, Y * 2), ValueError, "Y must contain only the labels 0 and 1"),
    (propagate, (W, float("nan"), X, Y), ValueError, "b must be a finite number"),
    (propagate, (W, 0.0, X, Y, -1.0), ValueError, "l2"),
    (cost, (W, "b", X, Y), TypeError, "b must be a number"),
    (accuracy, (np.zeros((2, 1)), 0.0, X, Y), ValueError, "w must have shape"),
    (predict, (W, 0.0, X[0]), ValueError, "X must be a 2-D array"),
    (predict_proba, (W, 0.0, "pixels"), TypeError, "X must be a numeric array"),
    (optimize, (W, 0.0, X, Y, -1), ValueError, "num_iterations"),
    (optimize, (W, 0.0, X, Y, 10, float("inf")), ValueError, "learning_rate"),
    (optimize, (W, 0.0, X, Y, 10, "fast"), TypeError, "learning_rate"),
    (build_and_train_model, (X, Y, np.zeros((2, 4)), Y), ValueError, "X_test"),
    (build_and_train_model, (X, Y, X, Y + 0.5), ValueError, "Y_test"),
    (GradientDescent, (X, Y), dict(batch_size=0), ValueError, "batch_size"),
    (GradientDescent, (X, Y), dict(random_state=-1), ValueError, "random_state"),
    # the neuron, argument by argument
    (propagate, (W, 0.0, X[:, :3], Y), ValueError, "Y must have shape (1, 3)"),
    (propagate, (np.zeros((4, 1)), 0.0, X, Y), ValueError, "w must have shape (3, 1)"),
    (propagate, (np.zeros(3), 0.0, X, Y), ValueError, "w must be a 2-D array"),
    (propagate, (W, 0.0, X[0], Y), ValueError, "X must be a 2-D array"),
    (propagate, (np.where(W == 0, np.nan, W), 0.0, X, Y), ValueError, "w must not contain NaN"),
    (propagate, (W, float("inf"), X, Y), ValueError, "b must be a finite number"),
    (propagate, (W, "0", X, Y), TypeError, "b must be a number"),
    (propagate, (W, np.zeros(2), X, Y), ValueError, "b must be a single number"),
    (propagate, (W, 0.0, X, np.array([[0.0, 0.5, 1.0, 0.0]])), ValueError,
     "Y must contain only the labels 0 and 1"),
    (propagate, (W, 0.0, np.array([[None] * 4] * 3), Y), TypeError, "X must be a numeric array"),
    (propagate, (W, 0.0, X + 1j, Y), TypeError, "X must be real-valued"),
    (optimize, (W, 0.0, X, Y), dict(learning_rate=0), ValueError,
     "learning_rate must be a finite number greater than 0"),
    (optimize, (W, 0.0, X, Y), dict(learning_rate=float("nan")), ValueError,
     "learning_rate must be a finite"),
    (optimize, (W, 0.0, X, Y), dict(num_iterations=2.5), ValueError,
     "num_iterations must be a whole number"),
    (optimize, (W, 0.0, X, Y), dict(num_iterations="10"), TypeError,
     "num_iterations must be a whole number"),
    (optimize, (W, 0.0, X, Y), dict(num_iterations=True), TypeError,
     "num_iterations must be a whole number"),
    (optimize, (W, 0.0, X, Y), dict(l2=-1.0), ValueError, "l2 must be a finite number of at least 0"),
    (optimize, (W, 0.0, X, Y), dict(batch_size=0), ValueError, "batch_size must be at least 1"),
    (optimize, (W, 0.0, X, Y), dict(random_state=-3), ValueError, "random_state must be at least 0"),
    (initialize_params, (-5,), ValueError, "dim must be at least 1"),
    (predict, (np.zeros((2, 1)), 0.0, X), ValueError, "w must have shape (3, 1)"),
    (predict_proba, (W, 0.0, NAN_X), ValueError, "X must not contain NaN"),
    (load_digit_pair, (10, 1), ValueError, "negative must be a digit from 0 to 9"),
    (load_digit_pair, (0, -1), ValueError, "positive must be at least 0"),
    (load_digit_pair, (1.5, 1), ValueError, "negative must be a whole number"),
    (load_digit_pair, (0, "1"), TypeError, "positive must be a whole number"),
    (load_digit_pair, (0, 1, 1.0), ValueError, "test_size must be strictly between 0 and 1"),
    (load_digit_pair, (0, 1, "0.2"), TypeError, "test_size must be a number"),
    # data
    (load_digit_pair, (3, 3), ValueError, "two different digits"),
    (load_digit_pair, (0, 11), ValueError, "positive must be a digit"),
    (load_digit_pair, (0, 1, 1.5), ValueError, "test_size"),
    (load_digit_pair, (0, 1, 0.2, "seed"), TypeError, "random_state"),
    (class_counts, (3, 11), ValueError, "positive"),
    (closest_image, (np.zeros(63), 3), ValueError, "features must hold 64 values"),
    (closest_image, (np.full(64, np.nan), 3), ValueError, "features must not contain NaN"),
    (closest_image, (np.zeros(64), 10), ValueError, "digit"),
    (load_all_digits, (0.0,), ValueError, "test_size"),
    # many neurons
    (optimize_many, (X, Y * 2, 0.1), ValueError, "Y must contain only the labels"),
    (optimize_many, (X, Y, "fast"), TypeError, "learning_rates"),
    (optimize_many, (X, Y, [0.1, -1.0]), ValueError, "learning_rates"),
    (optimize_many, (X, np.vstack([Y, Y]), [0.1, 0.2, 0.3]), ValueError, "learning_rates"),
    (train_one_vs_rest, (X, np.array([0, 1, 2, 3]), -1), ValueError, "num_iterations"),
    (train_one_vs_rest, (X, np.array([0.5, 1, 2, 3])), ValueError, "y must contain whole numbers"),
    (train_one_vs_rest, (X, np.array(["a", "b", "c", "d"])), TypeError, "y must be a numeric"),
    (ten_digit_model, (), dict(learning_rate=0), ValueError, "learning_rate"),
    (ten_digit_model, (), dict(redrawn_copies=-1), ValueError, "redrawn_copies"),
    (Recipe, (), dict(hand="steady"), TypeError, "hand"),
    # the scans redrawn
    (redrawn, (np.zeros((63, 2)), 1), ValueError, "X must have 64 rows"),
    (redrawn, (np.full((64, 2), np.nan), 1), ValueError, "X must not contain NaN"),
    (redrawn, (np.zeros((64, 2)), "two"), TypeError, "copies"),
    (with_redrawn, (np.zeros((64, 2)), ["a", "b"], 1), TypeError, "y must be a numeric"),
    (Hand, (), dict(wobble=-1), ValueError, "wobble"),
    (Hand, (), dict(pen=(2, 1)), ValueError, "pen"),
    (mask_to_counts, (np.zeros((4, 4), bool),), ValueError, "mask"),
    (mask_to_counts, ([[1, 0]],), TypeError, "mask"),
    (all_pairs_accuracy, (2.5,), ValueError, "num_iterations"),
    (all_pairs_accuracy, (100, float("nan")), ValueError, "learning_rate"),
    (train_all_pairs, (100, 0.05, 2.0), ValueError, "test_size"),
    # a training run, its explanation and its export
    (TrainingRun, ({"init": "ones"},), TypeError, "settings must be a RunSettings"),
    (TrainingRun, (RunSettings(), "0 vs 1"), TypeError, "pair"),
    (RunSettings, (), dict(init="ones"), ValueError, "init"),
    (RunSettings, (), dict(num_iterations=0), ValueError, "num_iterations"),
    (explain, (W, 0.0, np.zeros((2, 1))), ValueError, "x must have 3 values"),
    (explain, (W, 0.0, np.full((3, 1), np.inf)), ValueError, "x must not contain NaN or inf"),
    (model_from_json, ("{",), ValueError, "not valid JSON"),
    (model_from_json, ('{"format": "logreg-playground/neuron-v1", "w": [1], "b": 0}',),
     ValueError, "64 finite numbers"),
    # drawings and uploads
    (image_to_features, ("abc",), TypeError, "image"),
    (image_to_features, (np.zeros((10, 10, 5)),), ValueError, "image"),
    (image_to_features, (np.full((10, 10), np.nan),), ValueError, "image"),
    (preprocess, (np.zeros((0, 0)),), ValueError, "image"),
    (naive_features, (np.array([["a"]]),), TypeError, "image"),
    (preprocess, (np.full((5, 5), 300),), ValueError, "image holds whole numbers from 300"),
    (load_image_file, ("abc",), TypeError, "data"),
    (load_image_file, (b"not an image",), ValueError, "image"),
    (load_image_file, (b"",), ValueError, "The file is empty."),
    (load_image_file, (b"\xff\xd8\xff\xe0\x00\x10JFIF",), ValueError,
     "The image file is damaged or incomplete."),
]


def _ids(case):
    return f"{case[0].__name__}-{case[-1][:24]}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_bad_input_is_named_in_a_clear_error(case):
    function, args, *rest = case
    kwargs = rest.pop(0) if isinstance(rest[0], dict) else {}
    error, words = rest
    with pytest.raises(error) as raised:
        function(*args, **kwargs)
    assert words in str(raised.value)


def test_zero_iterations_is_allowed_and_changes_nothing():
    params, costs = optimize(W, 0.0, X, Y, num_iterations=0)
    assert costs == [] and not params["w"].any()


def test_gradient_descent_checks_a_learning_rate_changed_between_runs():
    descent = GradientDescent(X, Y, learning_rate=0.1)
    descent.learning_rate = float("nan")
    with pytest.raises(ValueError, match="learning_rate must be a finite"):
        descent.run(1)
    assert descent.iteration == 0


def test_no_function_returns_nan_for_extreme_but_valid_input():
    z = np.array([-1e308, -1000.0, 0.0, 1000.0, 1e308])
    assert np.isfinite(sigmoid(z)).all()
    assert np.isfinite(cross_entropy(np.array([-1e6, 1e6]), np.array([1.0, 0.0])))
    params, costs = optimize(W, 0.0, X * 1000, Y, 50, 10.0)
    assert np.isfinite(costs).all() and np.isfinite(params["w"]).all()
