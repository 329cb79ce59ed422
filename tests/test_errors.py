"""Bad input to any public function raises ValueError/TypeError naming the argument."""

import numpy as np
import pytest

from logreg import (
    GradientDescent,
    build_and_train_model,
    initialize_params,
    load_digit_pair,
    optimize,
    predict,
    predict_proba,
    propagate,
)

X = np.full((3, 4), 0.5)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
W = np.zeros((3, 1))


def with_value(array, index, value):
    array = array.astype(float).copy()
    array[index] = value
    return array


@pytest.mark.parametrize("args, error, match", [
    ((W, 0.0, X[:, :3], Y), ValueError, r"Y must have shape \(1, 3\)"),
    ((np.zeros((4, 1)), 0.0, X, Y), ValueError, r"w must have shape \(3, 1\)"),
    ((np.zeros(3), 0.0, X, Y), ValueError, "w must be a 2-D array"),
    ((W, 0.0, X[0], Y), ValueError, "X must be a 2-D array"),
    ((W, 0.0, np.zeros((3, 0)), np.zeros((1, 0))), ValueError, "X must not be empty"),
    ((W, 0.0, with_value(X, (0, 0), np.nan), Y), ValueError, "X must not contain NaN or inf"),
    ((W, 0.0, with_value(X, (1, 2), np.inf), Y), ValueError, "X must not contain NaN or inf"),
    ((with_value(W, (0, 0), np.nan), 0.0, X, Y), ValueError, "w must not contain NaN"),
    ((W, float("nan"), X, Y), ValueError, "b must be a finite number"),
    ((W, float("inf"), X, Y), ValueError, "b must be a finite number"),
    ((W, "0", X, Y), TypeError, "b must be a number"),
    ((W, np.zeros(2), X, Y), ValueError, "b must be a single number"),
    ((W, 0.0, X, np.array([[0.0, 2.0, 1.0, 0.0]])), ValueError, "Y must contain only the labels 0 and 1"),
    ((W, 0.0, X, np.array([[0.0, 0.5, 1.0, 0.0]])), ValueError, "Y must contain only the labels 0 and 1"),
    ((W, 0.0, X.astype(str), Y), TypeError, "X must be a numeric array"),
    ((W, 0.0, "pixels", Y), TypeError, "X must be a numeric array"),
    ((W, 0.0, np.array([[None] * 4] * 3), Y), TypeError, "X must be a numeric array"),
    ((W, 0.0, X + 1j, Y), TypeError, "X must be real-valued"),
])
def test_propagate_rejects_bad_input_by_name(args, error, match):
    with pytest.raises(error, match=match):
        propagate(*args)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number greater than 0"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate must be a finite number greater than 0"),
    ({"learning_rate": float("nan")}, ValueError, "learning_rate must be a finite"),
    ({"learning_rate": float("inf")}, ValueError, "learning_rate must be a finite"),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number"),
    ({"num_iterations": -1}, ValueError, "num_iterations must be at least 0"),
    ({"num_iterations": 2.5}, ValueError, "num_iterations must be a whole number"),
    ({"num_iterations": "10"}, TypeError, "num_iterations must be a whole number"),
    ({"num_iterations": True}, TypeError, "num_iterations must be a whole number"),
    ({"l2": -1.0}, ValueError, "l2 must be a finite number of at least 0"),
    ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
    ({"random_state": -3}, ValueError, "random_state must be at least 0"),
])
def test_optimize_rejects_bad_settings_by_name(kwargs, error, match):
    settings = {"num_iterations": 5, "learning_rate": 0.1, **kwargs}
    with pytest.raises(error, match=match):
        optimize(W, 0.0, X, Y, **settings)


def test_zero_iterations_is_allowed_and_changes_nothing():
    params, costs = optimize(W, 0.0, X, Y, num_iterations=0)
    assert costs == [] and not params["w"].any()


@pytest.mark.parametrize("dim, error, match", [
    (0, ValueError, "dim must be at least 1"),
    (-5, ValueError, "dim must be at least 1"),
    (2.5, ValueError, "dim must be a whole number"),
    ("64", TypeError, "dim must be a whole number"),
])
def test_initialize_params_rejects_bad_dim(dim, error, match):
    with pytest.raises(error, match=match):
        initialize_params(dim)


@pytest.mark.parametrize("func", [predict, predict_proba])
def test_predict_rejects_mismatched_and_nonfinite_input(func):
    with pytest.raises(ValueError, match=r"w must have shape \(3, 1\)"):
        func(np.zeros((2, 1)), 0.0, X)
    with pytest.raises(ValueError, match="X must not contain NaN"):
        func(W, 0.0, with_value(X, (0, 0), np.nan))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"negative": 3, "positive": 3}, ValueError, "two different digits, got 3 twice"),
    ({"negative": 10}, ValueError, "negative must be a digit from 0 to 9"),
    ({"positive": -1}, ValueError, "positive must be at least 0"),
    ({"negative": 1.5}, ValueError, "negative must be a whole number"),
    ({"positive": "1"}, TypeError, "positive must be a whole number"),
    ({"test_size": 0.0}, ValueError, "test_size must be strictly between 0 and 1"),
    ({"test_size": 1.0}, ValueError, "test_size must be strictly between 0 and 1"),
    ({"test_size": "0.2"}, TypeError, "test_size must be a number"),
    ({"random_state": 1.5}, ValueError, "random_state must be a whole number"),
])
def test_load_digit_pair_rejects_bad_arguments(kwargs, error, match):
    settings = {"negative": 0, "positive": 1, **kwargs}
    with pytest.raises(error, match=match):
        load_digit_pair(**settings)


def test_build_and_train_model_names_the_test_arrays():
    with pytest.raises(ValueError, match="X_test must have 3 rows"):
        build_and_train_model(X, Y, np.zeros((2, 4)), Y, num_iterations=5)
    with pytest.raises(ValueError, match="Y_test must contain only the labels"):
        build_and_train_model(X, Y, X, Y * 3, num_iterations=5)


def test_gradient_descent_checks_a_learning_rate_changed_between_runs():
    descent = GradientDescent(X, Y, learning_rate=0.1)
    descent.learning_rate = float("nan")
    with pytest.raises(ValueError, match="learning_rate must be a finite"):
        descent.run(1)
    assert descent.iteration == 0
