"""Taking a trained neuron out of the playground: JSON weights, a CSV history, and a
Python script that reproduces the run exactly with this package.

JSON only (never pickle): a file someone uploads or edits is validated for its shape
and finiteness before it is used.
"""

import csv
import io
import json
import math

import numpy as np

FORMAT = "logreg-playground/neuron-v1"


def run_settings(run):
    """The settings that produced ``run`` (enough to reproduce it): its ``RunSettings``
    as a record, the split's random state, and how it was trained (the learning rate
    and the penalty may have changed along the way)."""
    return {
        **run.settings.record(),
        "split_random_state": run.pair.random_state,
        # (iterations, learning_rate, l2) for each stretch trained with one setting
        "segments": [list(s) for s in run.segments],
    }


def model_to_json(run):
    """The current weights and bias with their settings and scores, as JSON text."""
    latest = run.latest
    return json.dumps({
        "format": FORMAT,
        "w": [float(v) for v in latest.w[:, 0]],
        "b": float(latest.b),
        "iteration": run.iteration,
        "train_accuracy": latest.train_accuracy,
        "test_accuracy": latest.test_accuracy,
        "settings": run_settings(run),
    }, indent=2)


def model_from_json(text):
    """Read ``model_to_json``'s output back: ``(w (64, 1), b, settings)``.

    Raises ValueError naming what is wrong (not JSON, wrong format, w not 64 finite
    numbers, b not a finite number).
    """
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as error:
        raise ValueError(f"the model file is not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"the model file must be a JSON object with format {FORMAT!r}")
    w = data.get("w")
    if (not isinstance(w, list) or len(w) != 64
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in w)
            or not all(math.isfinite(v) for v in w)):
        raise ValueError("the model file's w must be a list of 64 finite numbers")
    b = data.get("b")
    if not isinstance(b, (int, float)) or isinstance(b, bool) or not math.isfinite(b):
        raise ValueError("the model file's b must be a finite number")
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    return np.array(w, dtype=np.float64).reshape(64, 1), float(b), settings


def history_csv(run):
    """The recorded history, one row per point (accuracies as fractions 0-1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["iteration", "train_cost", "test_cost", "train_accuracy",
                     "test_accuracy", "b"])
    for p in run.history:
        writer.writerow([p.iteration, repr(p.train_cost), repr(p.test_cost),
                         repr(p.train_accuracy), repr(p.test_accuracy), repr(p.b)])
    return out.getvalue()


def reproduction_script(run):
    """A short Python script that redoes ``run`` with ``logreg`` and prints its accuracies.

    It runs anywhere the ``logreg`` package is installed (``pip install .`` in the
    playground's folder); without it, it says so in one line and exits with code 2.
    """
    s = run_settings(run)
    lines = [
        '"""Reproduces a run of the Logistic Regression Playground with the logreg package.',
        "",
        "Run it with the playground's Python environment, from any folder:",
        "    python this_script.py",
        "It needs the logreg package: in the playground's folder, `pip install .` installs it",
        "(`bash run_app.sh` already has, into the playground's .venv).",
        '"""',
        "",
        "import sys",
        "",
        "try:",
        "    from logreg import GradientDescent, accuracy, initialize_params, load_digit_pair",
        "except ImportError:",
        '    print("This script needs the logreg package: run `pip install .` in the '
        'Logistic Regression Playground\'s folder, then run it again.", file=sys.stderr)',
        "    sys.exit(2)",
        "",
        f"pair = load_digit_pair({s['negative']}, {s['positive']}, "
        f"test_size={s['test_size']!r}, random_state={s['split_random_state']!r})",
        f"w, b = initialize_params(64, random_state={s['seed'] if s['init'] == 'random' else None!r})",
        "descent = GradientDescent(pair.X_train, pair.Y_train, w=w, b=b, "
        f"batch_size={s['batch_size']!r}, random_state={s['seed']!r})",
        "# (iterations, learning rate, L2 penalty) in the order they were trained",
        f"for iterations, learning_rate, l2 in {[tuple(x) for x in s['segments']]!r}:",
        "    descent.learning_rate, descent.l2 = learning_rate, l2",
        "    descent.run(iterations)",
        "",
        'print(f"Iterations: {descent.iteration}")',
        'print(f"Train accuracy: {100 * accuracy(descent.w, descent.b, pair.X_train, pair.Y_train):.2f}%")',
        'print(f"Test accuracy: {100 * accuracy(descent.w, descent.b, pair.X_test, pair.Y_test):.2f}%")',
        "",
    ]
    return "\n".join(lines)
