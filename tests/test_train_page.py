"""The Train page in depth, through AppTest: run controls, links, the look inside, export."""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from logreg import load_digit_pair, optimize, predict
from logreg.export import model_from_json
from tests.test_app import metrics, open_app, train
from tests import tutorial_reference as ref


def progress(at):
    return at.progress[0].text


def open_tab(at, label):
    """Choose a "Look inside" tab, as a click on it does (the page reruns)."""
    at.session_state["inside"] = label
    at.run()
    assert not at.exception, at.exception


@pytest.fixture
def downloads(monkeypatch):
    """What each download button would hand the browser, by file name."""
    saved = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        saved[filename] = (path_or_data.decode() if isinstance(path_or_data, bytes)
                           else path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return saved


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


def test_play_advances_each_tick_and_pause_holds():
    at = open_app("app_pages/train.py", {"iterations": "300"})
    at.button(key="play").click().run()
    assert at.button(key="pause").label == "Pause"
    first = at.session_state["run"].iteration
    at.run()  # AppTest has no timer: each run is one tick of the playing fragment
    assert at.session_state["run"].iteration > first > 0
    at.button(key="pause").click().run()
    assert at.button(key="play").label == "Play"
    held = at.session_state["run"].iteration
    at.run()
    at.run()
    assert at.session_state["run"].iteration == held


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
    assert at.session_state["settings"][param] == value


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
    shown = " ".join(m.value for m in at.markdown)
    assert re.search(r"\*\*\d+ test images? of \d read wrongly as \d\*\*", shown)
    assert "replay" not in [s.key for s in at.select_slider], "only the open tab is built"
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
