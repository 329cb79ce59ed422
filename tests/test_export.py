"""Exports and the look inside: JSON that round-trips and is validated, the CSV history,
the reproduction script, and the confusion matrix against scikit-learn."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from logreg import load_digit_pair, predict
from logreg.export import history_csv, model_from_json, model_to_json, reproduction_script
from logreg.evaluation import predictions_on_test_set
from logreg.run import TrainingRun
from logreg.settings import RunSettings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run():
    run = TrainingRun(RunSettings(1, 8, learning_rate=0.5, num_iterations=200))
    return run.advance(150)


def test_json_round_trips(run):
    w, b, settings = model_from_json(model_to_json(run))
    np.testing.assert_array_equal(w, run.latest.w)
    assert b == run.latest.b
    assert settings["negative"] == 1 and settings["segments"] == [[150, 0.5, 0.0]]


@pytest.mark.parametrize("text, match", [
    ("not json", "not valid JSON"),
    ("[]", "format"),
    (json.dumps({"format": "logreg-playground/neuron-v1", "w": [0.0] * 63, "b": 0}), "64 finite"),
    (json.dumps({"format": "logreg-playground/neuron-v1", "w": [0.0] * 63 + ["x"], "b": 0}), "64 finite"),
    ('{"format": "logreg-playground/neuron-v1", "w": [' + ", ".join(["NaN"] * 64) + '], "b": 0}',
     "64 finite"),
    (json.dumps({"format": "logreg-playground/neuron-v1", "w": [0.0] * 64, "b": "1"}), "b must"),
])
def test_bad_json_is_refused_with_a_reason(text, match):
    with pytest.raises(ValueError, match=match):
        model_from_json(text)


def test_history_csv_has_one_row_per_point(run):
    rows = history_csv(run).strip().splitlines()
    assert rows[0] == "iteration,train_cost,test_cost,train_accuracy,test_accuracy,b"
    assert len(rows) == len(run.history) + 1
    assert rows[-1].startswith("150,")


def test_the_exported_script_runs_from_any_folder_with_the_package_installed(run, tmp_path):
    """As downloaded: copied to a folder of its own and run from there, with the
    environment's logreg (installed by requirements.txt), not the project folder's."""
    path = tmp_path / "neuron-1-vs-8-it150.py"
    path.write_text(reproduction_script(run))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Train accuracy: {100 * run.latest.train_accuracy:.2f}%" in done.stdout
    assert f"Test accuracy: {100 * run.latest.test_accuracy:.2f}%" in done.stdout


def test_the_exported_script_without_the_package_says_how_to_get_it(run, tmp_path):
    path = tmp_path / "again.py"
    path.write_text(reproduction_script(run))
    # a Python that cannot import logreg: isolated mode, no site-packages, no project
    done = subprocess.run([sys.executable, "-I", "-S", str(path)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "pip install ." in done.stderr


def test_predictions_on_test_set_confusion_where_and_hardest(run):
    pair = run.pair
    p = predictions_on_test_set(run.latest.w, run.latest.b, pair)
    labels = predict(run.latest.w, run.latest.b, pair.X_test)[0]
    digits = np.where(labels == 1, pair.positive, pair.negative)
    expected = confusion_matrix(pair.digits_test, digits, labels=[pair.negative, pair.positive])
    np.testing.assert_array_equal(p.confusion(), expected)
    assert expected[0, 1] + expected[1, 0] > 0, "this run makes mistakes to look at"
    assert len(p.where(1, 8)) == expected[0, 1] and len(p.where(8, 1)) == expected[1, 0]
    assert len(p.where(8, 8)) == expected[1, 1]
    # each image's loss is its cross-entropy, computed independently here
    prob = 1 / (1 + np.exp(-(run.latest.w[:, 0] @ pair.X_test + run.latest.b)))
    y = pair.Y_test[0]
    np.testing.assert_allclose(p.loss, -(y * np.log(prob) + (1 - y) * np.log(1 - prob)),
                               rtol=1e-9)
    mistakes = np.flatnonzero(p.predicted != p.true)
    hardest = p.hardest(len(mistakes) + 3)
    assert np.all(np.diff(p.loss[hardest]) <= 0) and p.loss[hardest[0]] == p.loss.max()
    assert set(hardest[:len(mistakes)]) == set(mistakes), "the mistakes come first"


def test_confident_mistakes_are_ranked_by_how_confident_not_tied():
    from logreg.evaluation import predictions_on_test_set as evaluate

    pair = load_digit_pair(1, 8)
    w = np.zeros((64, 1))
    # a neuron that is very sure and wrong about some images: huge, different z's
    w[:, 0] = -50.0 * (pair.X_test[:, :5].mean(axis=1))
    p = evaluate(w, 0.0, pair)
    wrong = np.flatnonzero(p.predicted != p.true)
    assert len(wrong) > 3
    assert p.loss[wrong].max() > 40, "a confident mistake costs more than ~37"
    assert len(np.unique(np.round(p.loss[wrong], 6))) == len(wrong), "no ties at a cap"
