"""``logreg.run.TrainingRun``: what the Train page shows, checked against plain training."""

import numpy as np
import pytest

from logreg import initialize_params, load_digit_pair, optimize, propagate
from logreg import trajectory
from logreg.run import TrainingRun, evaluate, round_step
from logreg.settings import RunSettings


@pytest.fixture(scope="module")
def pair():
    return load_digit_pair(0, 1)


def test_advancing_in_chunks_equals_one_optimize_call(pair):
    run = TrainingRun(RunSettings(learning_rate=0.05, num_iterations=1000), pair)
    for chunk in (1, 76, 77, 300, 546):
        run.advance(chunk)
    assert run.iteration == 1000 and run.done and run.remaining == 0
    params, _ = optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train, 1000, 0.05)
    np.testing.assert_allclose(run.latest.w, params["w"], atol=1e-12)
    assert run.latest.test_accuracy == 1.0 and run.latest.train_accuracy == 1.0


def test_history_points_are_the_true_costs_and_accuracies(pair):
    run = TrainingRun(RunSettings(learning_rate=0.5, num_iterations=300), pair).advance(300)
    for point in run.history[::10]:
        _, train_cost = propagate(point.w, point.b, pair.X_train, pair.Y_train)
        _, test_cost = propagate(point.w, point.b, pair.X_test, pair.Y_test)
        assert point.train_cost == pytest.approx(train_cost, abs=1e-12)
        assert point.test_cost == pytest.approx(test_cost, abs=1e-12)
        predicted = (point.w.T @ pair.X_test + point.b) > 0
        assert point.test_accuracy == pytest.approx(np.mean(predicted == (pair.Y_test == 1)))
    assert run.history[0].iteration == 0
    assert run.history[0].train_cost == pytest.approx(np.log(2))


def test_history_stays_bounded_however_long_it_runs(pair):
    run = TrainingRun(RunSettings(num_iterations=100), pair, max_points=50)
    for _ in range(40):
        run.advance(997)
    assert len(run.history) <= 50
    iterations = [p.iteration for p in run.history]
    assert iterations == sorted(iterations) and iterations[-1] == run.iteration == 39_880
    assert iterations[0] == 0


@pytest.mark.parametrize("at_least, step", [
    (0, 1), (1, 1), (1.01, 2), (3, 5), (8.34, 10), (10, 10), (16.7, 20), (41.7, 50),
    (101, 200), (600, 1000)])
def test_the_history_grid_is_a_round_step(at_least, step):
    assert round_step(at_least) == step


@pytest.mark.parametrize("iterations, every", [(100, 1), (1000, 10), (2000, 20), (5000, 50)])
def test_the_history_lies_on_round_iterations_and_normal_snapshots_land_on_it(
        pair, iterations, every):
    run = TrainingRun(RunSettings(num_iterations=iterations), pair)
    assert run.record_every == every
    trajectory.record(run, iterations, trajectory.frames_for(2.5))  # Normal: 100 frames
    grid = [p.iteration for p in run.history]
    assert grid == list(range(0, iterations + 1, every))
    assert len(grid) <= run.max_points // 2 + 1


def test_advancing_through_stops_gives_the_run_at_each_stop(pair):
    settings = RunSettings(learning_rate=0.3, num_iterations=200, l2=0.5, batch_size=64, seed=4)
    run, witness = TrainingRun(settings, pair), TrainingRun(settings, pair)
    stops = [3, 50, 51, 200]
    at = run.advance_through(stops)
    np.testing.assert_array_equal(at["iteration"], stops)
    for k, stop in enumerate(stops):
        witness.advance(stop - witness.iteration)  # one stop at a time
        w, b = witness.latest.w, witness.latest.b
        np.testing.assert_array_equal(at["w"][k], w[:, 0])  # the same arithmetic
        assert at["b"][k] == b
        grads, _ = propagate(w, b, pair.X_train, pair.Y_train, l2=0.5)
        np.testing.assert_allclose(at["dw"][k], grads["dw"][:, 0], rtol=1e-10, atol=1e-13)
        assert at["db"][k] == pytest.approx(grads["db"], rel=1e-10, abs=1e-13)
        for split, X, Y in (("train", pair.X_train, pair.Y_train),
                            ("test", pair.X_test, pair.Y_test)):
            cost, accuracy = evaluate(w, b, X, Y)  # one product per point, plainly
            assert at[f"{split}_cost"][k] == pytest.approx(cost, rel=1e-12)
            assert at[f"{split}_accuracy"][k] == accuracy
    assert [p.iteration for p in run.history] == [p.iteration for p in witness.history]
    assert run.segments == [(200, 0.3, 0.5)]
    for bad in ([], [200], [201, 201], [205, 202]):
        with pytest.raises(ValueError, match="stops must be increasing"):
            run.advance_through(bad)


def test_changing_the_learning_rate_continues_from_the_current_weights(pair):
    run = TrainingRun(RunSettings(num_iterations=400), pair).advance(200)
    w_mid, b_mid = run.latest.w, run.latest.b
    run.learning_rate = 1.0
    run.advance(200)
    params, _ = optimize(w_mid, b_mid, pair.X_train, pair.Y_train, 200, 1.0)
    np.testing.assert_allclose(run.latest.w, params["w"], atol=1e-12)


@pytest.mark.parametrize("negative, positive, learning_rate, iterations, expected", [
    (0, 1, 0.05, 1000, "learning"),
    (3, 8, 3.0, 300, "overshooting"),
    (3, 8, 10.0, 5, "diverging"),
])
def test_diagnosis_reads_the_cost_curve(negative, positive, learning_rate, iterations, expected):
    run = TrainingRun(RunSettings(negative, positive, learning_rate=learning_rate,
                                  num_iterations=iterations)).advance(iterations)
    assert run.diagnosis() == expected


def test_random_start_and_evaluate(pair):
    run = TrainingRun(RunSettings(init="random", seed=3), pair)
    w, b = run.latest.w, run.latest.b
    np.testing.assert_array_equal(w, initialize_params(64, random_state=3)[0])
    cost, accuracy = evaluate(w, b, pair.X_test, pair.Y_test)
    a = 1 / (1 + np.exp(-(w.T @ pair.X_test + b)))  # (1, m), independently
    y = pair.Y_test
    assert cost == pytest.approx(float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))))
    assert accuracy == float(np.mean((a > 0.5) == (y == 1)))


def test_a_run_needs_settings_and_their_pair(pair):
    with pytest.raises(TypeError, match="settings must be a RunSettings"):
        TrainingRun({"learning_rate": 0.5})
    with pytest.raises(ValueError, match="settings must name two different digits"):
        TrainingRun(RunSettings(3, 3))
    with pytest.raises(TypeError, match="pair must be a DigitPair"):
        TrainingRun(RunSettings(), "0 vs 1")
    with pytest.raises(ValueError, match=r"pair must hold the settings' digits and split "
                                         r"\(3, 8, 0.2\), got \(0, 1, 0.2\)"):
        TrainingRun(RunSettings(3, 8), pair)
    run = TrainingRun(RunSettings(3, 8, test_size=0.25))  # the pair loaded as the app does
    assert (run.pair.negative, run.pair.positive, run.pair.test_size,
            run.pair.random_state) == (3, 8, 0.25, 42)


@pytest.mark.parametrize("batch_size, init", [(None, "zeros"), (16, "random")])
def test_a_rewound_run_is_the_run_as_it_was_at_that_iteration(pair, batch_size, init):
    settings = RunSettings(num_iterations=500, batch_size=batch_size, init=init, seed=3)
    run, witness = TrainingRun(settings, pair), TrainingRun(settings, pair)
    run.advance(120)
    run.learning_rate = 0.5  # a change of learning rate along the way is replayed too
    run.advance(200)
    witness.advance(120)
    witness.learning_rate = 0.5
    witness.advance(37)
    back = run.rewound(157)
    assert back.iteration == 157 and run.iteration == 320
    np.testing.assert_array_equal(back.latest.w, witness.latest.w)
    assert back.latest.b == witness.latest.b
    assert back.latest.test_accuracy == witness.latest.test_accuracy
    assert back.learning_rate == 0.5
    # on from there, it goes exactly where the original went
    back.advance(163)
    np.testing.assert_array_equal(back.latest.w, run.latest.w)


def test_a_run_cannot_be_rewound_past_where_it_is(pair):
    run = TrainingRun(RunSettings(num_iterations=50), pair).advance(10)
    with pytest.raises(ValueError, match="iteration"):
        run.rewound(11)
    assert run.rewound(0).iteration == 0
