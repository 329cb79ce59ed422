"""``logreg.trajectory``: what the browser is sent to play a run back, checked against
plain training and against the format the live view reads."""

import json

import numpy as np
import pytest

from logreg import load_digit_pair, optimize, propagate
from logreg.run import TrainingRun, evaluate
from logreg.settings import RunSettings
from logreg import trajectory
from logreg.trajectory import (
    MAX_FRAMES, curve_so_far, decode_f32, decode_u8, frames_for, payload, record, stops,
)


@pytest.fixture(scope="module")
def pair():
    return load_digit_pair(0, 1)


def new_run(pair, num_iterations=1000, learning_rate=0.05, max_points=240, **settings):
    return TrainingRun(RunSettings(pair.negative, pair.positive, learning_rate=learning_rate,
                                   num_iterations=num_iterations, **settings), pair,
                       max_points=max_points)


def test_screen_time_decides_the_number_of_frames():
    assert frames_for(0) == 1  # Instant: only the end
    assert frames_for(2.5) == 2.5 * trajectory.FPS
    assert frames_for(1000) == MAX_FRAMES
    assert frames_for(8, fps=60, cap=600) == 480
    assert frames_for(0.001) == 1
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="seconds must be a finite number"):
            frames_for(bad)
    for bad in ("2.5", None, True):
        with pytest.raises(TypeError, match="seconds must be a number"):
            frames_for(bad)


def test_stops_are_spread_evenly_strictly_increasing_and_end_at_the_end():
    for start, n, max_frames in [(0, 1000, 100), (0, 7, 100), (40, 1, 5), (3, 10_000, 600),
                                 (0, 601, 600), (5, 599, 600)]:
        at = stops(start, n, max_frames)
        assert len(at) == min(n, max_frames)
        assert at[-1] == start + n and at[0] > start
        assert np.all(np.diff(at) > 0)
        gaps = np.diff(np.concatenate([[start], at]))
        assert gaps.max() - gaps.min() <= 1  # evenly spread
    assert list(stops(0, 5, 100)) == [1, 2, 3, 4, 5]  # n <= max_frames: every iteration
    assert len(stops(0, 0, 10)) == 0


def test_recording_advances_the_run_and_keeps_float32_snapshots(pair):
    run = new_run(pair)
    traj = record(run, 1000, frames_for(2.5))
    frames = traj.frames
    assert run.iteration == 1000 and traj.end == 1000
    assert len(frames) == frames_for(2.5)
    assert frames.iteration[-1] == 1000 and np.all(np.diff(frames.iteration) > 0)
    assert frames.w.shape == frames.dw.shape == (len(frames), 64)
    for name in ("w", "b", "dw", "db", "train_cost", "test_cost", "train_accuracy",
                 "test_accuracy"):
        assert getattr(frames, name).dtype == np.float32, name
    assert frames.iteration.dtype == np.int64
    assert np.all((frames.train_accuracy >= 0) & (frames.train_accuracy <= 1))
    # the start is the untrained neuron: zeros, cost log 2
    assert traj.start.iteration[0] == 0 and len(traj.start) == 1
    assert not traj.start.w.any() and traj.start.train_cost[0] == pytest.approx(np.log(2))


def test_a_long_run_is_thinned_to_the_cap_and_ends_at_the_end(pair):
    run = new_run(pair, num_iterations=10_000)
    traj = record(run, 10_000, frames_for(8))
    assert len(traj.frames) <= MAX_FRAMES
    assert len(traj.frames) == frames_for(8)
    assert traj.frames.iteration[-1] == 10_000 == run.iteration


def test_a_short_segment_has_one_frame_per_iteration(pair):
    run = new_run(pair).advance(40)
    traj = record(run, 7, frames_for(2.5))
    assert list(traj.frames.iteration) == [41, 42, 43, 44, 45, 46, 47]
    assert traj.start.iteration[0] == 40
    assert len(record(run, 0, 10).frames) == 0 and run.iteration == 47  # Reset / redraw


def test_snapshots_equal_plain_gradient_descent_at_their_iterations(pair):
    run = new_run(pair, learning_rate=0.5, num_iterations=300)
    traj = record(run, 300, 25)
    w, b = np.zeros((64, 1)), 0.0
    done = 0
    for k, iteration in enumerate(traj.frames.iteration):
        params, _ = optimize(w, b, pair.X_train, pair.Y_train, int(iteration) - done, 0.5)
        w, b, done = params["w"], params["b"], int(iteration)
        grads, train_cost = propagate(w, b, pair.X_train, pair.Y_train)
        _, test_cost = propagate(w, b, pair.X_test, pair.Y_test)
        _, test_accuracy = evaluate(w, b, pair.X_test, pair.Y_test)
        np.testing.assert_allclose(traj.frames.w[k], w[:, 0], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(traj.frames.dw[k], grads["dw"][:, 0], rtol=1e-5, atol=1e-8)
        assert traj.frames.b[k] == pytest.approx(b, rel=1e-6, abs=1e-7)
        assert traj.frames.db[k] == pytest.approx(grads["db"], rel=1e-5, abs=1e-9)
        assert traj.frames.train_cost[k] == pytest.approx(train_cost, rel=1e-6)
        assert traj.frames.test_cost[k] == pytest.approx(test_cost, rel=1e-6)
        assert traj.frames.test_accuracy[k] == pytest.approx(test_accuracy)


def test_segments_continue_one_another(pair):
    run = new_run(pair)
    first = record(run, 400, 50)
    second = record(run, 600, 50)
    assert second.start.iteration[0] == first.end == 400
    np.testing.assert_array_equal(second.start.w[0], first.frames.w[-1])
    assert second.frames.iteration[-1] == 1000


def test_the_curve_so_far_is_the_history_before_the_segment_and_bounded(pair):
    run = new_run(pair, num_iterations=10_000, max_points=2000).advance(9000)
    curves = curve_so_far(run, max_points=500)
    assert len(curves["iteration"]) <= 500
    assert curves["iteration"][0] == 0 and curves["iteration"][-1] == 9000
    assert np.all(np.diff(curves["iteration"]) > 0)
    before = curve_so_far(run, before=4000)
    assert before["iteration"].max() < 4000
    assert set(before) == {"iteration", "train_cost", "test_cost", "train_accuracy",
                           "test_accuracy"}


def test_the_payload_round_trips_through_json(pair):
    run = new_run(pair).advance(200)
    traj = record(run, 300, frames_for(2.5))
    data = json.loads(json.dumps(payload(run, traj, playback="p7", segment=2, final=False,
                                         seconds=2.5)))
    assert data["playback"] == "p7" and data["segment"] == 2 and data["final"] is False
    assert data["animate"] is True and data["seconds"] == 2.5 and data["can_play"] is True
    assert data["num_iterations"] == 1000
    assert (data["negative"], data["positive"]) == (0, 1)
    frames = data["frames"]
    count = len(traj.frames)
    np.testing.assert_array_equal(decode_f32(frames["w"], 64), traj.frames.w)
    np.testing.assert_array_equal(decode_f32(frames["dw"], 64), traj.frames.dw)
    assert frames["iteration"] == traj.frames.iteration.tolist()
    for name in ("b", "db", "train_cost", "test_cost", "train_accuracy", "test_accuracy"):
        assert len(frames[name]) == count
        np.testing.assert_allclose(frames[name], getattr(traj.frames, name), rtol=1e-5,
                                   atol=1e-12)
    start = data["start"]
    assert start["iteration"] == 200
    np.testing.assert_array_equal(decode_f32(start["w"]), traj.start.w[0])
    # the history ends where the segment starts
    history = data["history"]
    assert history["iteration"][-1] == 200 and history["iteration"][0] == 0
    assert history["train_cost"][-1] == pytest.approx(float(traj.start.train_cost[0]), rel=1e-5)
    assert len(history["iteration"]) <= trajectory.HISTORY_POINTS
    # every image once: training images first, then test images
    m = pair.m_train + pair.m_test
    images = decode_u8(data["images"], 64)
    assert images.shape == (m, 64) and images.max() == 16
    np.testing.assert_array_equal(images[:pair.m_train], pair.images_train.reshape(-1, 64))
    np.testing.assert_array_equal(images[pair.m_train:], pair.images_test.reshape(-1, 64))
    assert data["digits"] == pair.digits_train.tolist() + pair.digits_test.tolist()
    assert data["split"] == [0] * pair.m_train + [1] * pair.m_test


def test_the_payload_of_a_normal_train_is_small(pair):
    run = new_run(pair)
    data = payload(run, record(run, 1000, frames_for(2.5)), playback="p1")
    size = len(json.dumps(data))
    assert size < 300_000, f"{size / 1000:.0f} kB for a 1000-iteration Train at Normal"
    assert data["can_play"] is False  # the budget is reached


def test_a_step_or_reset_payload_has_no_animation(pair):
    run = new_run(pair)
    data = payload(run, record(run, 0, 1), playback="reset", animate=False)
    assert data["frames"]["iteration"] == [] and data["frames"]["w"] == ""
    assert data["start"]["iteration"] == 0 and data["animate"] is False
    assert data["history"]["iteration"] == [0]


def test_a_diverging_run_still_makes_valid_json(pair):
    run = new_run(pair, learning_rate=10.0, num_iterations=200)
    data = payload(run, record(run, 200, 40), playback="wild")
    text = json.dumps(data, allow_nan=False)  # raises on NaN or inf
    assert "NaN" not in text and "Infinity" not in text


def test_bad_arguments_are_named(pair):
    run = new_run(pair)
    with pytest.raises(ValueError, match="n must be at least 0"):
        record(run, -1)
    with pytest.raises(ValueError, match="max_frames must be at least 1"):
        record(run, 10, 0)
    with pytest.raises(TypeError, match="n must be a whole number"):
        record(run, "10")
