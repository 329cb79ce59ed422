"""Settings that travel in a link: their options, and the repair of raw URL values.

Pure functions (no Streamlit). ``settings_from_link`` turns the query parameters a
session starts with into the settings it uses: a value that its widget could not take
is replaced by the nearest valid one, with a short note for the user. Notes name the
parameter, never echo the raw value (which could be any text). ``link_query`` is the
way back: the query parameters that reproduce some settings.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from logreg.run import INITIALISATIONS

LEARNING_RATES = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
                  0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
L2_PENALTIES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES = ("full", 16, 32, 64, 128)
DIGITS = tuple(range(10))
MIN_ITERATIONS, MAX_ITERATIONS = 1, 10_000
MIN_TEST_SIZE, MAX_TEST_SIZE, TEST_SIZE_STEP = 0.1, 0.5, 0.05
MAX_SEED = 10_000

# The tutorial's run; the order is the order of the parameters in a link.
DEFAULTS = {"neg": 0, "pos": 1, "lr": 0.05, "iterations": 1000, "test_size": 0.2,
            "l2": 0.0, "batch": "full", "init": "zeros", "seed": 0}


def format_number(value):
    """How a learning rate or penalty is written in the app and in links: 0.05, 1, 0."""
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


def _nearest_option(raw, options, default, log=False):
    """``raw`` if it is one of the options' labels, else the nearest option."""
    if raw in [format_number(v) for v in options]:
        return None
    value = _number(raw)
    if value is None or value < 0 or (log and value <= 0 and min(options) > 0):
        return default
    if log:  # nearest on a log scale; 0 (if an option) is nearest to what is below the rest
        positive = [o for o in options if o > 0]
        if value < min(positive) / 2 and 0 in options:
            return 0.0
        value = max(value, min(positive))
        return min(positive, key=lambda o: abs(math.log(o) - math.log(value)))
    return min(options, key=lambda o: abs(o - value))


def repair_learning_rate(raw, default=0.05):
    """A raw ``lr`` -> the valid option to use, or None if ``raw`` is fine."""
    return _nearest_option(raw, LEARNING_RATES, default, log=True)


def repair_l2(raw, default=0.0):
    """A raw ``l2`` -> the valid option to use, or None if ``raw`` is fine."""
    return _nearest_option(raw, L2_PENALTIES, default, log=True)


def _whole_number(raw, low, high, default):
    value = _number(raw)
    if value is None:
        return default
    if str(raw).strip().isdigit() and low <= value <= high:
        return None
    return int(min(max(round(value), low), high))


def repair_digit(raw, default):
    """A raw ``neg``/``pos`` -> a digit 0-9 to use, or None if ``raw`` is fine."""
    return _whole_number(raw, 0, 9, default)


def repair_iterations(raw, default=1000):
    """A raw ``iterations`` -> a whole number 1-10,000 to use, or None if fine."""
    return _whole_number(raw, MIN_ITERATIONS, MAX_ITERATIONS, default)


def repair_seed(raw, default=0):
    """A raw ``seed`` -> a whole number 0-10,000 to use, or None if fine."""
    return _whole_number(raw, 0, MAX_SEED, default)


def repair_test_size(raw, default=0.2):
    """A raw ``test_size`` -> a fraction 0.10-0.50 on the 0.05 grid, or None if fine."""
    value = _number(raw)
    if value is None:
        return default
    snapped = round(round(min(max(value, MIN_TEST_SIZE), MAX_TEST_SIZE) / TEST_SIZE_STEP)
                    * TEST_SIZE_STEP, 2)
    return None if abs(snapped - value) < 1e-9 else snapped


def repair_batch(raw, default="full"):
    """A raw ``batch`` -> "full" or one of 16/32/64/128, or None if fine."""
    if raw in [str(b) for b in BATCH_SIZES]:
        return None
    value = _number(raw)
    if value is None or value <= 0:
        return default
    sizes = [b for b in BATCH_SIZES if b != "full"]
    return min(sizes, key=lambda b: abs(math.log(b) - math.log(value)))


def repair_init(raw, default="zeros"):
    """A raw ``init`` -> "zeros" or "random", or None if fine."""
    return None if raw in INITIALISATIONS else default


REPAIRS = {
    "neg": lambda raw: repair_digit(raw, DEFAULTS["neg"]),
    "pos": lambda raw: repair_digit(raw, DEFAULTS["pos"]),
    "lr": repair_learning_rate, "iterations": repair_iterations,
    "test_size": repair_test_size, "l2": repair_l2, "batch": repair_batch,
    "init": repair_init, "seed": repair_seed,
}


def shown(param, value):
    """A setting as its widget and its link write it."""
    return format_number(value) if param in ("lr", "l2", "test_size") else str(value)


def other_digit(digit):
    """A digit different from ``digit`` (for a link naming the same digit twice)."""
    return (digit + 1) % 10


def settings_from_link(query):
    """The settings a link asks for, repaired: ``(settings, notes)``.

    ``query`` maps parameter names to their raw text (``st.query_params``); unknown
    parameters are ignored and missing ones take their default. Each value a widget
    could not take is replaced by the nearest valid one, and a link naming the same
    digit twice (``?neg=3&pos=3``) gets another positive digit; each repair adds a note.
    """
    settings, notes = dict(DEFAULTS), []
    for param, default in DEFAULTS.items():
        raw = query.get(param)
        if raw is None:
            continue
        raw = str(raw)
        used = REPAIRS[param](raw)
        if used is None:  # valid as written: parse it as its widget would
            used = _parse(param, raw)
        else:
            notes.append(Repair(param, shown(param, used)).note())
        settings[param] = used
    if settings["neg"] == settings["pos"]:
        settings["pos"] = other_digit(settings["neg"])
        notes.append(Repair("pos", settings["pos"], "named the same digit as `neg`").note())
    return settings, notes


def _parse(param, raw):
    """A raw value that its repair found valid, as the setting's value."""
    if param in ("lr", "l2", "test_size"):
        return float(raw)
    if param == "batch":
        return raw if raw == "full" else int(raw)
    if param == "init":
        return raw
    return int(raw)


def link_query(settings, params=tuple(DEFAULTS)):
    """The query parameters of a link to ``settings``: those of ``params`` whose value
    is not the default (a link with none of them opens with the defaults)."""
    return {param: shown(param, settings[param]) for param in params
            if settings[param] != DEFAULTS[param]}


def settings_query(settings):
    """The query string of a link that opens Train with ``settings`` (all of them)."""
    return urlencode({param: shown(param, settings[param]) for param in DEFAULTS})
