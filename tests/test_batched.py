"""Many neurons at once: every model must be exactly the neuron ``optimize`` trains alone."""

import warnings

import numpy as np
import pytest

from logreg import GradientDescent, cross_entropy, load_digit_pair, optimize
from logreg.batched import Blocks, block_losses, optimize_many
from logreg.data import load_all_digits

RATES = [0.001, 0.05, 1.0, 5.0, 50.0]  # from barely moving to wildly overshooting


@pytest.mark.parametrize("negative, positive", [(0, 1), (3, 8), (1, 8)])
def test_each_model_equals_optimize_alone(negative, positive):
    pair = load_digit_pair(negative, positive)
    X, Y = pair.X_train, pair.Y_train
    race = optimize_many(X, Y, RATES, num_iterations=1000)
    assert race.W.shape == (64, 5) and race.b.shape == (5,) and race.costs.shape == (10, 5)
    assert race.cost_iterations.tolist() == list(range(0, 1000, 100))
    for k, rate in enumerate(RATES):
        params, costs = optimize(np.zeros((64, 1)), 0.0, X, Y, 1000, rate)
        np.testing.assert_allclose(race.costs[:, k], costs, rtol=0, atol=1e-9,
                                   err_msg=f"cost curve of learning rate {rate}")
        np.testing.assert_allclose(race.W[:, [k]], params["w"], rtol=0, atol=1e-9,
                                   err_msg=f"weights of learning rate {rate}")
        assert race.b[k] == pytest.approx(params["b"], abs=1e-9)
        np.testing.assert_array_equal(race.params(k)["w"], race.W[:, [k]])


def test_different_labels_start_l2_and_recording_match_gradient_descent():
    data = load_all_digits()
    X = data.X_train[:, :500]
    Y = (data.y_train[None, :500] == np.array([[0], [3], [8]])).astype(float)  # (3, 500)
    rates = np.array([0.5, 2.0, 0.1])
    rng = np.random.default_rng(0)
    W0, b0 = rng.normal(0, 0.1, size=(64, 3)), np.array([0.2, -0.1, 0.0])
    many = optimize_many(X, Y, rates, num_iterations=250, l2=0.3, W=W0, b=b0, record_every=40)
    assert many.cost_iterations.tolist() == [0, 40, 80, 120, 160, 200, 240]
    for k in range(3):
        alone = GradientDescent(X, Y[k:k + 1], w=W0[:, [k]], b=b0[k], learning_rate=rates[k],
                                l2=0.3, record_every=40).run(250)
        np.testing.assert_allclose(many.costs[:, k], alone.costs, rtol=0, atol=1e-9)
        np.testing.assert_allclose(many.W[:, [k]], alone.w, rtol=0, atol=1e-9)
        assert many.b[k] == pytest.approx(alone.b, abs=1e-9)


def test_one_label_row_is_shared_by_every_learning_rate():
    pair = load_digit_pair(2, 7)
    shared = optimize_many(pair.X_train, pair.Y_train, [0.1, 1.0], num_iterations=200)
    tiled = optimize_many(pair.X_train, np.vstack([pair.Y_train] * 2), [0.1, 1.0],
                          num_iterations=200)
    np.testing.assert_array_equal(shared.W, tiled.W)
    np.testing.assert_array_equal(shared.costs, tiled.costs)
    assert not np.allclose(shared.W[:, 0], shared.W[:, 1]), "the two rates should differ"


def test_a_huge_learning_rate_stays_finite_without_warnings():
    pair = load_digit_pair(1, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        race = optimize_many(pair.X_train, pair.Y_train, [0.05, 1000.0], num_iterations=1000)
    assert np.isfinite(race.W).all() and np.isfinite(race.b).all()
    assert np.isfinite(race.costs).all() and (race.costs >= 0).all()
    assert np.abs(race.W[:, 1]).max() > 100, "lr 1000 should really push the weights"


def test_zero_iterations_returns_the_start():
    pair = load_digit_pair(0, 1)
    result = optimize_many(pair.X_train, pair.Y_train, [0.1, 0.2, 0.3], num_iterations=0,
                           b=0.5)
    assert result.costs.shape == (0, 3)
    assert not result.W.any() and (result.b == 0.5).all()


def test_block_losses_is_cross_entropy_for_each_model():
    rng = np.random.default_rng(1)
    Z = rng.normal(0, 30, size=(1, 4, 50))  # big scores: the tutorial's log(A) would fail
    Y = (rng.random((1, 4, 50)) < 0.5).astype(float)
    blocks = Blocks(G=np.zeros((1, 2, 50)), Y=Y, M=None, slot_model=np.arange(4)[None],
                    model_slots=np.arange(4)[:, None], m=np.full(4, 50.0))
    expected = [cross_entropy(Z[0, k], Y[0, k]) for k in range(4)]
    np.testing.assert_allclose(block_losses(Z, blocks), expected, rtol=1e-14)


X = np.full((3, 4), 0.5)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((X, Y[:, :3], 0.1), {}, ValueError, "Y must have 4 columns"),
    ((X, Y * 2, 0.1), {}, ValueError, "Y must contain only the labels 0 and 1"),
    ((X, Y[0], 0.1), {}, ValueError, "Y must be a 2-D array"),
    ((X[0], Y, 0.1), {}, ValueError, "X must be a 2-D array"),
    ((X * np.nan, Y, 0.1), {}, ValueError, "X must not contain NaN"),
    ((X, Y, 0.0), {}, ValueError, "learning_rates must be a finite number greater than 0"),
    ((X, Y, "0.1"), {}, TypeError, "learning_rates must be a number"),
    ((X, Y, [0.1, -1.0]), {}, ValueError, "learning_rates must all be finite numbers greater"),
    ((X, Y, [0.1, np.nan]), {}, ValueError, "learning_rates must not contain NaN"),
    ((X, Y, [[0.1, 0.2]]), {}, ValueError, "learning_rates must be a number or a 1-D array"),
    ((X, np.vstack([Y] * 3), [0.1, 0.2]), {}, ValueError,
     "learning_rates has 2 entries but Y has 3 rows"),
    ((X, Y, 0.1), {"W": np.zeros((2, 1))}, ValueError, r"W must have shape \(3, 1\)"),
    ((X, Y, [0.1, 0.2]), {"b": np.zeros(3)}, ValueError, "b has 3 entries but learning_rates"),
    ((X, Y, 0.1), {"b": np.zeros((1, 1))}, ValueError, "b must be a number or a 1-D array"),
    ((X, Y, 0.1), {"num_iterations": -1}, ValueError, "num_iterations must be at least 0"),
    ((X, Y, 0.1), {"l2": -1.0}, ValueError, "l2 must be a finite number of at least 0"),
    ((X, Y, 0.1), {"record_every": 0}, ValueError, "record_every must be at least 1"),
])
def test_optimize_many_rejects_bad_input_by_name(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        optimize_many(*args, **kwargs)

