"""The neuron's math: against hand arithmetic, finite differences, and the tutorial."""

import itertools
import math
import warnings

import numpy as np
import pytest

import logreg
from logreg import (
    GradientDescent,
    build_and_train_model,
    initialize_params,
    load_digit_pair,
    optimize,
    predict,
    predict_proba,
    propagate,
    sigmoid,
)
from tests.support import tutorial_reference as ref

ALL_PAIRS = list(itertools.combinations(range(10), 2))


@pytest.fixture(scope="module")
def pair01():
    return load_digit_pair(0, 1)


def test_sigmoid_values_and_symmetry():
    assert sigmoid(0) == 0.5
    assert sigmoid(1.0) == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-15)
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(z) + sigmoid(-z), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(sigmoid(z), ref.sigmoid(z), rtol=1e-14)


def test_sigmoid_never_warns_at_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = sigmoid(np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0]))
    assert a[0] == 0.0 and a[-1] == 1.0
    assert a[1] > 0.0, "a tiny probability should stay positive, not round to 0"


def test_propagate_on_a_tiny_example_worked_by_hand():
    w = np.array([[0.5], [-0.5]])
    X = np.array([[2.0, 0.0], [0.0, 2.0]])
    Y = np.array([[1.0, 0.0]])
    # z = [1, -1]; both examples are right with probability s = 1 / (1 + e^-1)
    s = 1 / (1 + math.exp(-1))
    grads, cost = propagate(w, 0.0, X, Y)
    assert cost == pytest.approx(-math.log(s), rel=1e-12)
    np.testing.assert_allclose(grads["dw"], [[s - 1], [1 - s]], rtol=1e-12)
    assert grads["db"] == pytest.approx(0.0, abs=1e-15)
    assert grads["dw"].shape == (2, 1)


@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_gradients_match_finite_differences(pair01, l2):
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.3, size=(64, 1))
    b = 0.2
    X, Y = pair01.X_train, pair01.Y_train
    grads, _ = propagate(w, b, X, Y, l2=l2)
    h = 1e-6
    numeric = np.zeros_like(w)
    for k in range(64):
        e = np.zeros_like(w)
        e[k] = h
        numeric[k] = (propagate(w + e, b, X, Y, l2=l2)[1] - propagate(w - e, b, X, Y, l2=l2)[1]) / (2 * h)
    numeric_db = (propagate(w, b + h, X, Y, l2=l2)[1] - propagate(w, b - h, X, Y, l2=l2)[1]) / (2 * h)
    np.testing.assert_allclose(grads["dw"], numeric, rtol=1e-6, atol=1e-9)
    assert grads["db"] == pytest.approx(numeric_db, rel=1e-6, abs=1e-9)


def test_cost_equals_the_tutorial_formula_where_that_is_finite(pair01):
    rng = np.random.default_rng(1)
    for scale in (0.0, 0.1, 1.0, 3.0):
        w = rng.normal(0, scale, size=(64, 1))
        grads, cost = propagate(w, 0.3, pair01.X_train, pair01.Y_train)
        ref_grads, ref_cost = ref.propagate(w, 0.3, pair01.X_train, pair01.Y_train)
        assert cost == pytest.approx(float(ref_cost), abs=1e-9)
        np.testing.assert_allclose(grads["dw"], ref_grads["dw"], atol=1e-12)
        assert grads["db"] == pytest.approx(float(ref_grads["db"]), abs=1e-12)


def test_initialize_params_zeros_and_seeded_random():
    w, b = initialize_params(64)
    assert w.shape == (64, 1) and not w.any() and b == 0.0
    w1, _ = initialize_params(64, random_state=3)
    w2, _ = initialize_params(64, random_state=3)
    np.testing.assert_array_equal(w1, w2)
    assert 0 < np.abs(w1).max() < 0.1, "random weights should be small"


def test_the_tutorials_published_run(pair01):
    params, costs = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train,
                             num_iterations=1000, learning_rate=0.05)
    published = [0.6931, 0.1444, 0.0832, 0.0600, 0.0476, 0.0398, 0.0344, 0.0304, 0.0274, 0.0249]
    assert [round(c, 4) for c in costs] == published
    assert predict(params["w"], params["b"], pair01.X_test).tolist() == pair01.Y_test.tolist()


@pytest.mark.parametrize("negative, positive", ALL_PAIRS)
def test_every_pair_trains_exactly_as_the_tutorials_code(negative, positive):
    pair = load_digit_pair(negative, positive)
    X_train, Y_train, X_test, _ = ref.tutorial_data(negative, positive)
    np.testing.assert_array_equal(pair.X_train, X_train)
    np.testing.assert_array_equal(pair.Y_train, Y_train)

    params, costs = optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train, 1000, 0.05)
    ref_params, ref_costs = ref.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, 1000, 0.05)
    np.testing.assert_allclose(costs, ref_costs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(params["w"], ref_params["w"], rtol=0, atol=1e-9)
    assert params["b"] == pytest.approx(ref_params["b"], abs=1e-9)
    for X in (pair.X_train, pair.X_test):
        np.testing.assert_array_equal(predict(params["w"], params["b"], X),
                                      ref.predict(ref_params["w"], ref_params["b"], X))


def _plain_descent(w, b, X, Y, num_iterations, learning_rate, l2=0.0):
    """Gradient descent written directly on ``propagate``: what the fast path must equal."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y, l2=l2)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return w, b, costs


@pytest.mark.parametrize("learning_rate, l2, start", [
    (0.05, 0.0, "zeros"), (1.5, 0.0, "random"), (0.3, 0.5, "random"), (8.0, 0.01, "zeros"),
])
def test_fast_path_equals_propagate_based_training(learning_rate, l2, start):
    pair = load_digit_pair(3, 8)
    w0, b0 = initialize_params(64, random_state=7 if start == "random" else None)
    b0 = 0.1 if start == "random" else b0
    w, b, costs = _plain_descent(w0, b0, pair.X_train, pair.Y_train, 450, learning_rate, l2)
    params, fast_costs = optimize(w0, b0, pair.X_train, pair.Y_train, 450, learning_rate, l2=l2)
    np.testing.assert_allclose(fast_costs, costs, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(params["w"], w, rtol=1e-9, atol=1e-9)
    assert params["b"] == pytest.approx(b, rel=1e-9, abs=1e-9)


def test_pausing_and_resuming_gives_the_same_run(pair01):
    whole = GradientDescent(pair01.X_train, pair01.Y_train, learning_rate=0.05).run(1000)
    pieces = GradientDescent(pair01.X_train, pair01.Y_train, learning_rate=0.05)
    for n in (1, 1, 98, 100, 3, 297, 500):
        pieces.run(n)
    assert pieces.iteration == 1000
    np.testing.assert_allclose(pieces.w, whole.w, atol=1e-12)
    assert pieces.costs == pytest.approx(whole.costs, abs=1e-12)
    assert pieces.cost_iterations == list(range(0, 1000, 100))


def test_changing_the_learning_rate_between_runs_continues_from_the_current_weights(pair01):
    descent = GradientDescent(pair01.X_train, pair01.Y_train, learning_rate=0.05).run(200)
    w_mid, b_mid = descent.w, descent.b
    descent.learning_rate = 0.5
    descent.run(100)
    w, b, _ = _plain_descent(w_mid, b_mid, pair01.X_train, pair01.Y_train, 100, 0.5)
    np.testing.assert_allclose(descent.w, w, atol=1e-12)


def test_callback_sees_every_iteration_and_the_recorded_costs(pair01):
    steps = []
    _, costs = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 250, 0.05,
                        callback=steps.append)
    assert [s.iteration for s in steps] == list(range(1, 251))
    assert [s.cost for s in steps if s.cost is not None] == costs
    assert steps[-1].w.shape == (64, 1)


def test_mini_batches_are_reproducible_and_learn(pair01):
    runs = [optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 300, 0.1,
                     batch_size=32, random_state=5) for _ in range(2)]
    np.testing.assert_array_equal(runs[0][0]["w"], runs[1][0]["w"])
    other, _ = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 300, 0.1,
                        batch_size=32, random_state=6)
    assert not np.array_equal(other["w"], runs[0][0]["w"]), "the seed should change the shuffling"
    costs = runs[0][1]
    assert costs[-1] < costs[0] / 5
    # a batch as large as the data set is plain full-batch descent
    full, _ = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 300, 0.1,
                       batch_size=10_000)
    ref_params, _ = ref.optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 300, 0.1)
    np.testing.assert_allclose(full["w"], ref_params["w"], atol=1e-9)


def test_l2_penalty_shrinks_the_weights(pair01):
    free, _ = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 500, 0.5)
    tied, _ = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 500, 0.5, l2=1.0)
    assert np.linalg.norm(tied["w"]) < 0.8 * np.linalg.norm(free["w"])


def test_huge_learning_rate_stays_finite_without_warnings(pair01):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        params, costs = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train,
                                 1000, 1000.0)
        grads, cost = propagate(params["w"], params["b"], pair01.X_train, pair01.Y_train)
        proba = predict_proba(params["w"], params["b"], pair01.X_test)
    assert np.isfinite(costs).all() and math.isfinite(cost)
    assert np.isfinite(params["w"]).all() and np.isfinite(grads["dw"]).all()
    assert ((proba >= 0) & (proba <= 1)).all()


def test_cost_is_finite_when_the_tutorials_would_be_nan():
    w = np.array([[1000.0]])
    X = np.array([[1.0, -1.0]])
    Y = np.array([[0.0, 1.0]])  # confidently wrong on both: z = +-1000
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, cost = propagate(w, 0.0, X, Y)
    assert cost == pytest.approx(1000.0)


def test_predict_is_vectorised_and_matches_probabilities(pair01):
    params, _ = optimize(np.zeros((64, 1)), 0.0, pair01.X_train, pair01.Y_train, 100, 0.05)
    proba = predict_proba(params["w"], params["b"], pair01.X_test)
    labels = predict(params["w"], params["b"], pair01.X_test)
    assert proba.shape == labels.shape == (1, pair01.m_test)
    assert set(np.unique(labels)) <= {0.0, 1.0}
    np.testing.assert_array_equal(labels, (proba > 0.5).astype(float))


def test_build_and_train_model_reports_the_pipeline(pair01, capsys):
    result = build_and_train_model(pair01.X_train, pair01.Y_train, pair01.X_test,
                                   pair01.Y_test, num_iterations=1000, learning_rate=0.05,
                                   print_cost=True)
    assert result.train_accuracy == 1.0 and result.test_accuracy == 1.0
    assert len(result.costs) == 10 and result.w.shape == (64, 1)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Cost after iteration 0: 0.6931"
    assert out[-2:] == ["Train accuracy: 100.00%", "Test accuracy: 100.00%"]


def test_agrees_with_scikit_learn_on_predictions():
    from sklearn.linear_model import LogisticRegression

    pair = load_digit_pair(3, 8)
    ours = build_and_train_model(pair.X_train, pair.Y_train, pair.X_test, pair.Y_test,
                                 num_iterations=3000, learning_rate=0.5)
    sk = LogisticRegression(C=1e4, max_iter=5000).fit(pair.X_train.T, pair.Y_train[0])
    agreement = np.mean(sk.predict(pair.X_test.T) == ours.Y_prediction_test[0])
    assert agreement >= 0.95
    assert abs(sk.score(pair.X_test.T, pair.Y_test[0]) - ours.test_accuracy) <= 0.05


def test_package_exports_the_tutorials_functions():
    assert set(logreg.__all__) >= {"sigmoid", "initialize_params", "propagate", "optimize",
                                   "predict", "build_and_train_model"}
