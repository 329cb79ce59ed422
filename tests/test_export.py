"""Exports and the look inside: JSON that round-trips and is validated, the CSV history,
the reproduction script, and the confusion matrix against scikit-learn."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from logreg import load_digit_pair, predict
from logreg.export import history_csv, model_from_json, model_to_json, reproduction_script
from logreg.inspect import predictions_on_test_set
from logreg.run import TrainingRun

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run():
    run = TrainingRun(load_digit_pair(1, 8), learning_rate=0.5, num_iterations=200)
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


def test_reproduction_script_prints_the_same_accuracies(run, tmp_path):
    path = tmp_path / "again.py"
    path.write_text(reproduction_script(run))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT)}, check=True, timeout=120).stdout
    assert f"Train accuracy: {100 * run.latest.train_accuracy:.2f}%" in out
    assert f"Test accuracy: {100 * run.latest.test_accuracy:.2f}%" in out


def predictions_on_test_set_confusion_and_hardest(run):
    pair = run.pair
    p = predictions_on_test_set(run.latest.w, run.latest.b, pair)
    labels = predict(run.latest.w, run.latest.b, pair.X_test)[0]
    expected = confusion_matrix(pair.Y_test[0], labels, labels=[0, 1])
    np.testing.assert_array_equal(p.confusion(), expected)
    assert len(p.where(1, 8)) == expected[0, 1]
    hardest = p.hardest(5)
    assert np.all(np.diff(p.loss[hardest]) <= 0)
    assert p.loss[hardest[0]] == p.loss.max() and np.isfinite(p.loss).all()
