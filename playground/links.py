"""Settings that travel in a link: parse and repair raw URL values.

Pure functions (no Streamlit) used before the widgets are created: a value that is not
valid for its widget is replaced by the nearest valid one, with a short note for the
user. Notes never echo the raw value back as markup.
"""

import math
from dataclasses import dataclass

LEARNING_RATES = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
                  0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
DIGITS = tuple(range(10))
MIN_ITERATIONS, MAX_ITERATIONS = 1, 10_000


def format_rate(value):
    """How a learning rate is written in the app and in links: 0.05, 0.5, 1, 10."""
    return f"{value:g}"


@dataclass(frozen=True)
class Repair:
    """A URL value that was replaced: which parameter, and the value used instead."""

    param: str
    used: object
    problem: str = "was not valid"

    def note(self):
        return f"The link's value for `{self.param}` {self.problem}; using {self.used} instead."


def _number(raw):
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def repair_learning_rate(raw, default=0.05):
    """A raw ``lr`` value -> (the valid option to use, or None if ``raw`` is fine)."""
    labels = [format_rate(v) for v in LEARNING_RATES]
    if raw in labels:
        return None
    value = _number(raw)
    if value is None or value <= 0:
        return default
    # the nearest option on the log scale
    return min(LEARNING_RATES, key=lambda option: abs(math.log(option) - math.log(value)))


def repair_digit(raw, default):
    """A raw ``neg``/``pos`` value -> (a digit 0-9 to use, or None if ``raw`` is fine)."""
    if raw in [str(d) for d in DIGITS]:
        return None
    value = _number(raw)
    if value is None:
        return default
    return int(min(max(round(value), 0), 9))


def repair_iterations(raw, default=1000):
    """A raw ``iterations`` value -> (a whole number 1-10,000, or None if fine)."""
    value = _number(raw)
    if value is None:
        return default
    if value.is_integer() and MIN_ITERATIONS <= value <= MAX_ITERATIONS and str(raw).strip().isdigit():
        return None
    return int(min(max(round(value), MIN_ITERATIONS), MAX_ITERATIONS))


def other_digit(digit):
    """A digit different from ``digit`` (for a link naming the same digit twice)."""
    return (digit + 1) % 10
