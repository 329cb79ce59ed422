"""The Train page in depth, through AppTest: run controls, links, the look inside, export."""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from logreg import load_digit_pair, optimize, predict
from logreg.evaluation import predictions_on_test_set
from logreg.export import model_from_json
from logreg.run import TrainingRun
from logreg.settings import RunSettings
from tests.support import apptest
from tests.support.apptest import metrics, open_app, train
from tests.support import live, tutorial_reference as ref
from tests.support.live import progress


def open_tab(at, label):
    """Choose a "Look inside" tab, as a click on it does (the page reruns)."""
    at.session_state["inside"] = label
    at.run()
    assert not at.exception, at.exception


@pytest.fixture
def downloads(monkeypatch):
    """What each download button would hand the browser, by file name."""
    return apptest.spy_on_downloads(monkeypatch)


def test_step_adds_exactly_one_iteration_and_reset_returns_to_zero():
    at = open_app("app_pages/train.py")
    assert progress(at) == "Iteration 0 / 1000"
    at.button(key="step").click().run()
    assert progress(at) == "Iteration 1 / 1000"
    at.button(key="step").click().run()
    assert progress(at) == "Iteration 2 / 1000"
    at.button(key="plus100").click().run()
    assert progress(at) == "Iteration 102 / 1000"
    run = at.session_state["run"]
    params, _ = optimize(np.zeros((64, 1)), 0.0, run.pair.X_train, run.pair.Y_train, 102, 0.05)
    np.testing.assert_allclose(run.latest.w, params["w"], atol=1e-12)
    at.button(key="reset").click().run()
    assert progress(at) == "Iteration 0 / 1000"
    assert at.session_state["run"].iteration == 0


def test_play_streams_segments_and_pause_rewinds_the_server_to_the_frame_shown():
    at = open_app("app_pages/train.py", {"iterations": "300"})
    live.fire(at, "play", iteration=0, click=1)  # the view's own Play button
    first = live.payload(at)
    assert first["animate"] and not first["final"] and first["start"]["iteration"] == 0
    assert at.button(key="step").disabled, "no Step while the browser plays"
    ahead = live.shown_iteration(at)
    live.fire(at, "more")  # 60% through: the next segment follows seamlessly
    second = live.payload(at)
    assert second["playback"] == first["playback"] and second["segment"] == 1
    assert second["start"]["iteration"] == ahead
    assert at.session_state["run"].iteration == live.shown_iteration(at) > ahead
    # Pause on a frame of the first segment: the server goes back to exactly that frame
    pause = live.fire(at, "pause", iteration=37, click=2)
    run = at.session_state["run"]
    assert run.iteration == 37 and live.progress(at) == "Iteration 37 / 300"
    params, _ = optimize(np.zeros((64, 1)), 0.0, run.pair.X_train, run.pair.Y_train, 37, 0.05)
    np.testing.assert_allclose(run.latest.w, params["w"], atol=1e-12)
    assert metrics(at)["Test accuracy"].endswith("%"), "paused: the results are shown"
    live.deliver(at, pause | {"iteration": 5})  # the same click delivered twice
    live.deliver(at, pause)
    assert at.session_state["run"].iteration == 37
    at.button(key="step").click().run()
    assert progress(at) == "Iteration 38 / 300", "Step goes on from the frame shown"
    live.fire(at, "play", iteration=38, click=3)
    live.play_to_the_end(at)
    assert progress(at) == "Iteration 300 / 300" and at.session_state["run"].done
    assert at.button(key="step").disabled


def test_events_of_an_old_playback_change_nothing():
    at = open_app("app_pages/train.py", {"iterations": "300"})
    train(at, speed="Normal")
    old = live.payload(at)["playback"]
    at.button(key="reset").click().run()
    live.fire(at, "pause", playback=old, iteration=120, click=1)
    live.fire(at, "more", playback=old)
    assert at.session_state["run"].iteration == 0 and progress(at) == "Iteration 0 / 300"


def test_changing_the_learning_rate_continues_but_changing_the_pair_resets():
    at = open_app("app_pages/train.py")
    at.button(key="plus100").click().run()
    at.select_slider(key="lr").set_value(0.5).run()
    assert progress(at) == "Iteration 100 / 1000", "a new learning rate continues the run"
    at.button(key="plus100").click().run()
    run = at.session_state["run"]
    pair = run.pair
    params, _ = optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train, 100, 0.05)
    params, _ = optimize(params["w"], params["b"], pair.X_train, pair.Y_train, 100, 0.5)
    np.testing.assert_allclose(run.latest.w, params["w"], atol=1e-12)
    at.selectbox(key="pos").set_value(7).run()
    assert progress(at) == "Iteration 0 / 1000", "another pair starts afresh"
    at.button(key="plus100").click().run()
    at.radio(key="init").set_value("random").run()
    assert progress(at) == "Iteration 0 / 1000", "another start starts afresh"


def test_a_link_sets_every_control_and_trains_the_tutorials_run():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "lr": "0.5", "iterations": "300"})
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 8
    assert at.select_slider(key="lr").value == 0.5
    assert at.number_input(key="iterations").value == 300
    train(at)
    X_train, Y_train, X_test, Y_test = ref.tutorial_data(3, 8)
    params, _ = ref.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, 300, 0.5)
    expected = 100 * np.mean(ref.predict(params["w"], params["b"], X_test) == Y_test)
    assert metrics(at)["Test accuracy"] == f"{expected:.2f}%"


def test_advanced_settings_come_from_the_link():
    at = open_app("app_pages/train.py", {"test_size": "0.3", "l2": "0.01", "batch": "32",
                                     "init": "random", "seed": "7"})
    assert at.slider(key="test_size").value == pytest.approx(0.3)
    assert at.select_slider(key="l2").value == 0.01
    assert at.selectbox(key="batch").value == 32
    assert at.radio(key="init").value == "random"
    assert at.number_input(key="seed").value == 7
    run = at.session_state["run"]
    assert run.pair.m_test == load_digit_pair(0, 1, test_size=0.3).m_test
    assert run.batch_size == 32 and run.seed == 7 and run.l2 == 0.01


@pytest.mark.parametrize("query, expected", [
    ({"lr": "abc"}, {"lr": 0.05}),
    ({"lr": "nan"}, {"lr": 0.05}),
    ({"lr": "1e308"}, {"lr": 10.0}),
    ({"lr": "-1"}, {"lr": 0.05}),
    ({"neg": "11"}, {"neg": 9}),
    ({"iterations": "-4"}, {"iterations": 1}),
    ({"iterations": "1e12"}, {"iterations": 10_000}),
    ({"test_size": "0.9"}, {"test_size": 0.5}),
    ({"l2": "banana"}, {"l2": 0.0}),
    ({"batch": "7"}, {"batch": 16}),
    ({"init": "<script>alert(1)</script>"}, {"init": "zeros"}),
    ({"seed": "-3"}, {"seed": 0}),
])
def test_invalid_link_values_are_replaced_with_a_visible_note(query, expected):
    at = open_app("app_pages/train.py", query)
    param, value = next(iter(expected.items()))
    notes = [i.value for i in at.info if "link" in i.value]
    assert any(f"`{param}`" in note for note in notes), notes
    assert all("<script>" not in note for note in notes)
    assert at.session_state["settings"].value(param) == value


def test_same_digit_twice_in_a_link_is_replaced():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "3"})
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 4
    assert any("same digit" in i.value for i in at.info)


def test_the_look_inside_tabs_show_the_result():
    at = train(open_app("app_pages/train.py", {"neg": "1", "pos": "8", "lr": "0.5",
                                           "iterations": "200"}))
    assert [t.label for t in at.tabs] == ["Mistakes", "Probabilities", "Replay", "Export"]
    run = at.session_state["run"]
    wrong = int(np.sum(predict(run.latest.w, run.latest.b, run.pair.X_test) != run.pair.Y_test))
    assert wrong > 0, "this run makes mistakes worth looking at"
    assert "replay" not in [s.key for s in at.select_slider], "only the open tab is built"
    # the results every Train reveals need no chart library in the browser (the live
    # view is our own component): the matrix is four buttons, the images pictures
    assert not at.get("plotly_chart")
    views = [json.loads(e.proto.json) for e in at.main
             if getattr(e, "type", None) == "bidi_component"]
    mistakes = next(v for v in views if "cells" in v)
    assert [c["count"] for row in mistakes["cells"] for c in row] == predictions_on_test_set(
        run.latest.w, run.latest.b, run.pair).confusion().ravel().tolist()
    true, read = mistakes["selected"]  # it opens on the biggest group of mistakes
    digits = [run.pair.negative, run.pair.positive]
    chosen = mistakes["cells"][digits.index(true)][digits.index(read)]
    assert true != read and re.fullmatch(r"\d+ test images? of \d read wrongly as \d",
                                         chosen["title"])
    open_tab(at, "Replay")
    assert at.select_slider(key="replay").value == 200
    at.select_slider(key="replay").set_value(run.history[1].iteration).run()
    assert metrics(at)["Iteration"] == str(run.history[1].iteration)
    open_tab(at, "Probabilities")
    assert at.get("plotly_chart")
    assert "replay" not in [s.key for s in at.select_slider]


def test_exported_json_round_trips_and_the_script_reproduces_the_run(downloads, tmp_path):
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "lr": "0.5", "iterations": "300",
                                     "batch": "32", "init": "random", "seed": "5"})
    at.button(key="plus100").click().run()
    at.select_slider(key="lr").set_value(0.1).run()  # continue at another rate
    at.button(key="plus100").click().run()
    shown = metrics(at)
    run = at.session_state["run"]
    open_tab(at, "Export")

    name = "neuron-3-vs-8-it200"
    w, b, settings = model_from_json(downloads[f"{name}.json"])
    np.testing.assert_array_equal(w, run.latest.w)
    assert b == run.latest.b and settings["segments"] == [[100, 0.5, 0.0], [100, 0.1, 0.0]]
    assert json.loads(downloads[f"{name}.json"])["iteration"] == 200
    assert downloads[f"{name}-history.csv"].splitlines()[0].startswith("iteration,train_cost")

    script = tmp_path / "reproduce.py"
    script.write_text(downloads[f"{name}.py"])
    # as downloaded: run from a folder of its own, with the environment's logreg
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert done.returncode == 0, done.stderr
    assert f"Train accuracy: {shown['Train accuracy']}" in done.stdout
    assert f"Test accuracy: {shown['Test accuracy']}" in done.stdout


def test_iteration_0_says_why_the_untrained_neuron_already_scores():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8"})
    run = at.session_state["run"]
    share = np.mean(run.pair.Y_test == 0)
    note = next(c.value for c in at.caption if "Before the first step" in c.value)
    assert f"{100 * share:.2f}% of the test images" in note and "a **3**" in note
    at.button(key="step").click().run()
    assert not [c for c in at.caption if "Before the first step" in c.value]


def test_a_new_budget_after_a_run_is_shown_and_play_goes_on_to_it():
    at = open_app("app_pages/train.py", {"iterations": "200"})
    train(at)
    assert progress(at) == "Iteration 200 / 200" and not live.payload(at)["can_play"]
    at.number_input(key="iterations").set_value(300).run()
    assert progress(at) == "Iteration 200 / 300" and live.payload(at)["can_play"]
    live.fire(at, "play", iteration=200, click=1)
    live.play_to_the_end(at)
    assert progress(at) == "Iteration 300 / 300"


def test_after_a_pause_the_export_is_the_frame_the_class_saw(downloads):
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "batch": "16", "seed": "4",
                                         "iterations": "500"})
    at.segmented_control(key="speed").set_value("Normal").run()
    next(b for b in at.button if b.label == "Train").click().run()
    assert at.session_state["run"].iteration == 500, "the server finished the run at once"
    live.fire(at, "pause", iteration=233, click=1)
    open_tab(at, "Export")
    exported = json.loads(downloads["neuron-3-vs-8-it233.json"])
    assert exported["iteration"] == 233
    w, b, _ = model_from_json(downloads["neuron-3-vs-8-it233.json"])
    run = at.session_state["run"]  # a fresh run stopped there: mini-batches replayed too
    witness = TrainingRun(RunSettings(3, 8, num_iterations=500, batch_size=16, seed=4),
                          run.pair).advance(233)
    np.testing.assert_array_equal(w, witness.latest.w)
