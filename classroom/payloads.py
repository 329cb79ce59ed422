"""What a student shares, checked before it is stored: a training run or a drawing.

Everything is validated (types, ranges, lengths, finiteness) so the board never shows a
NaN or a half-filled card; a problem raises ``BadShare`` with a sentence for the
student. Numbers may be Python or NumPy numbers; vectors may be lists, tuples or NumPy
arrays, flat or two-dimensional (64, (64, 1), (8, 8)), holding the right count of
values. (No NumPy needed here: arrays are read through their ``tolist()``.)

A run is a dict with these keys (others are ignored):

==================================  =====================================================
``settings``                        its ``logreg.settings.RunSettings`` (or that record's
                                    dict: ``RunSettings.record()``), two different digits
``iteration``                       the iteration reached, a whole number >= 0
``train_accuracy``, ``test_accuracy``  fractions 0-1
``train_cost``, ``test_cost``       finite numbers >= 0
``curve_iterations``, ``curve_costs``  the cost curve: iterations (whole numbers >= 0) and
                                    their costs, as long as each other; thinned to at
                                    most ``CURVE_POINTS`` points (first and last kept)
``weights``                         64 finite numbers (w, in the dataset's pixel order)
``bias``                            a finite number (b)
==================================  =====================================================
"""

import math
import numbers

from classroom.errors import BadShare
from logreg.settings import RunSettings

N_FEATURES = 64
CURVE_POINTS = 100
MAX_WHOLE = 2**31 - 1  # fits every database's INTEGER


def clean_run(run):
    """The run's fields as the store keeps them (``settings`` as its record, the curve
    thinned, vectors as lists of floats); ``BadShare`` if one is wrong."""
    if not hasattr(run, "get"):
        raise TypeError(f"run must be a dict, got {type(run).__name__}")
    check = _Checker("run", run)
    settings = run.get("settings")
    try:
        settings = settings if isinstance(settings, RunSettings) else \
            RunSettings.from_record(settings)
    except (TypeError, ValueError) as error:
        check.fail(f"its settings are not valid ({error})")
    if not settings.valid_pair:
        check.fail("its digit pair must be two different digits 0-9")
    iterations = _whole_numbers(run.get("curve_iterations"))
    costs = _finite_vector(run.get("curve_costs"))
    if iterations is None or costs is None or len(iterations) != len(costs):
        check.fail("its cost curve must be whole iterations and finite costs, as many "
                   "of each")
    weights = _finite_vector(run.get("weights"), N_FEATURES)
    if weights is None:
        check.fail("its weights must be 64 finite numbers (if the training diverged, "
                   "try a smaller learning rate)")
    iterations, costs = thin_curve(iterations, costs)
    return {
        "settings": settings.record(),
        "iteration": check.whole("iteration", low=0),
        "train_accuracy": check.number("train_accuracy", low=0.0, high=1.0),
        "test_accuracy": check.number("test_accuracy", low=0.0, high=1.0),
        "train_cost": check.number("train_cost", low=0.0),
        "test_cost": check.number("test_cost", low=0.0),
        "curve_iterations": iterations, "curve_costs": costs,
        "weights": weights,
        "bias": check.number("bias"),
    }


def clean_drawing(features, intended_digit, model_answer):
    """A drawing's fields as the store keeps them; ``BadShare`` if one is wrong.

    ``features`` are the 64 values (0-1) the neuron read, as ``logreg.drawing`` makes
    them; ``intended_digit`` is the digit the student meant, ``model_answer`` the
    neuron's answer.
    """
    check = _Checker("drawing", {"intended_digit": intended_digit,
                                 "model_answer": model_answer})
    values = _finite_vector(features, N_FEATURES)
    if values is None or not all(0.0 <= v <= 1.0 for v in values):
        check.fail("its picture must be 64 values between 0 and 1")
    return {"features": values, "intended_digit": check.digit("intended_digit"),
            "model_answer": check.digit("model_answer")}


def thin_curve(iterations, costs, limit=CURVE_POINTS):
    """At most ``limit`` evenly spread points of a curve, its first and last kept."""
    n = len(costs)
    if n <= limit:
        return list(iterations), list(costs)
    keep = [round(k * (n - 1) / (limit - 1)) for k in range(limit)]  # distinct: n > limit
    return [iterations[k] for k in keep], [costs[k] for k in keep]


_LABELS = {
    "iteration": "iteration reached", "train_accuracy": "train accuracy",
    "test_accuracy": "test accuracy", "train_cost": "train cost", "test_cost": "test cost",
    "bias": "bias", "intended_digit": "intended digit", "model_answer": "model's answer",
}


class _Checker:
    """Reads one field after another, failing with a sentence that names the field."""

    def __init__(self, kind, fields):
        self.kind, self.fields = kind, fields

    def fail(self, problem):
        raise BadShare(f"This {self.kind} cannot be shared: {problem}.")

    def _bad(self, key, what):
        self.fail(f"its {_LABELS[key]} {what}")

    def number(self, key, low=-math.inf, high=math.inf):
        value = _real(self.fields.get(key))
        if value is None or not low <= value <= high:
            if (low, high) == (0.0, 1.0):
                self._bad(key, "must be a fraction between 0 and 1")
            if low == 0.0:
                self._bad(key, "must be a number of 0 or more")
            self._bad(key, "must be a finite number")
        return value

    def whole(self, key, low):
        value = _whole(self.fields.get(key))
        if value is None or not low <= value <= MAX_WHOLE:
            self._bad(key, f"must be a whole number of {low} or more")
        return value

    def digit(self, key):
        value = _whole(self.fields.get(key))
        if value is None or not 0 <= value <= 9:
            self._bad(key, "must be a digit 0-9")
        return value


def _real(value):
    """``value`` as a finite float, or None (bools and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _whole(value):
    """``value`` as an int if it is a whole number (3 or 3.0), else None."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    real = _real(value)
    return int(real) if real is not None and real.is_integer() else None


def _finite_vector(values, length=None):
    """``values`` flattened to a list of finite floats (of ``length`` if given), or None.
    One level of nesting is allowed if its rows are alike ((64, 1), (8, 8))."""
    if hasattr(values, "tolist"):  # a NumPy array
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        return None
    if values and all(isinstance(row, (list, tuple)) for row in values):
        if len({len(row) for row in values}) != 1:
            return None
        values = [v for row in values for v in row]
    floats = [_real(v) for v in values]
    if None in floats or (length is not None and len(floats) != length):
        return None
    return floats


def _whole_numbers(values):
    floats = _finite_vector(values)
    if floats is None or not all(v.is_integer() and 0 <= v <= MAX_WHOLE for v in floats):
        return None
    return [int(v) for v in floats]
