"""A run's settings, defined once: the digit pair, the learning rate, the iterations, the
test split, the L2 penalty, the batch size, the start and the seed.

``RunSettings`` is what the Train page's controls choose, what a link carries, what a
class's board keeps of a shared run, what an export writes and what the command line
takes. Its defaults are the tutorial's run (0 vs 1, α = 0.05, 1,000 iterations, the
full batch from zeros). Each form has its conversion here and nowhere else:

    settings = RunSettings(negative=3, positive=8, learning_rate=0.5)
    settings.query()              # {"neg": "3", "pos": "8", "lr": "0.5"}: a link's
    RunSettings.from_query(q)     # (settings, notes): a link's values, repaired
    settings.record()             # a plain dict (the store's and the export's form)
    RunSettings.from_record(d)    # back, checked
    settings.value("batch")       # "full": a setting as its widget shows it
    settings.with_value("batch", 32)

Adding a setting: a field below (with its default), its entry in ``PARAMS`` (the name
in links and widgets) and, if its widget offers a few values, their options; then its
widget (``playground/controls.py``) and its test. Links, the class store, the export
and the command line follow.
"""

import dataclasses
import math
import numbers
from dataclasses import dataclass
from urllib.parse import urlencode

# ---- what the controls offer (a link is repaired to the nearest of these) -------------

LEARNING_RATES = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
                  0.2, 0.5, 1.0, 2.0, 5.0, 10.0)  # a log scale
L2_PENALTIES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FULL_BATCH = "full"  # how the full batch (batch_size None) is written in links and widgets
BATCH_SIZES = (FULL_BATCH, 16, 32, 64, 128)
INITIALISATIONS = ("zeros", "random")
DIGITS = tuple(range(10))
MIN_ITERATIONS, MAX_ITERATIONS = 1, 10_000
MIN_TEST_SIZE, MAX_TEST_SIZE, TEST_SIZE_STEP = 0.1, 0.5, 0.05
MAX_SEED = 10_000
SPLIT_SEED = 42  # the train/test split's random_state: the tutorial's, for every pair


@dataclass(frozen=True)
class RunSettings:
    """The settings of one run of one neuron (checked when made: ``ValueError`` or
    ``TypeError`` naming the setting).

    negative, positive : the digits labelled 0 and 1 (equal only while a user is
        choosing: ``valid_pair`` is then False).
    learning_rate : α, the step size of gradient descent, > 0.
    num_iterations : the budget of a full run, >= 1.
    test_size : the share of the images held back for testing, 0 < test_size < 1.
    l2 : λ, the L2 penalty on the weights, >= 0 (0 = the tutorial).
    batch_size : None for full-batch descent (the tutorial), else the mini-batch size.
    init : "zeros" (the tutorial) or "random" (small random weights from ``seed``).
    seed : seeds the random start and the mini-batch shuffling (not the split: that is
        ``SPLIT_SEED``, the tutorial's 42).
    """

    negative: int = 0
    positive: int = 1
    learning_rate: float = 0.05
    num_iterations: int = 1000
    test_size: float = 0.2
    l2: float = 0.0
    batch_size: int | None = None
    init: str = "zeros"
    seed: int = 0

    def __post_init__(self):
        fix = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        for name in ("negative", "positive"):
            fix(name, _whole(getattr(self, name), name, 0, 9))
        fix("learning_rate", _real(self.learning_rate, "learning_rate", low=0.0,
                                   open_low=True))
        fix("num_iterations", _whole(self.num_iterations, "num_iterations", MIN_ITERATIONS))
        fix("test_size", _real(self.test_size, "test_size", low=0.0, high=1.0,
                               open_low=True, open_high=True))
        fix("l2", _real(self.l2, "l2", low=0.0))
        if self.batch_size is not None:
            fix("batch_size", _whole(self.batch_size, "batch_size", 1))
        if self.init not in INITIALISATIONS:
            raise ValueError(f"init must be one of {INITIALISATIONS}, got {self.init!r}")
        fix("seed", _whole(self.seed, "seed", 0))

    @property
    def pair(self):
        """(negative, positive)."""
        return (self.negative, self.positive)

    @property
    def valid_pair(self):
        """Whether the two digits differ (a neuron needs two classes)."""
        return self.negative != self.positive

    @property
    def data_key(self):
        """What the training and test images depend on: the pair and the split."""
        return (self.negative, self.positive, self.test_size)

    @property
    def start_key(self):
        """What a run's start depends on: changing any of these starts afresh (the
        learning rate, the penalty and the budget may change along the way)."""
        return self.data_key + (self.batch_size, self.init, self.seed)

    # ---- as a plain dict: the class store's record and the export ----------------------

    def record(self):
        """The settings as a dict of plain values, under the field names."""
        return dataclasses.asdict(self)

    @classmethod
    def from_record(cls, record):
        """Settings from ``record`` (``record()``'s dict; missing fields take their
        default, unknown ones are ignored); ``ValueError``/``TypeError`` if one is wrong."""
        if not hasattr(record, "get"):
            raise TypeError(f"record must be a dict, got {type(record).__name__}")
        return cls(**{f.name: record[f.name] for f in dataclasses.fields(cls)
                      if f.name in record})

    # ---- as widgets and links show them -------------------------------------------------

    def value(self, param):
        """The setting named ``param`` (``"lr"``, ``"batch"``, ...) as its widget holds
        it: the batch size is ``"full"`` or a number."""
        value = getattr(self, PARAMS[param])
        return FULL_BATCH if param == "batch" and value is None else value

    def with_value(self, param, value):
        """These settings with ``param`` set to ``value`` as its widget gives it."""
        if param == "batch" and value == FULL_BATCH:
            value = None
        return dataclasses.replace(self, **{PARAMS[param]: value})

    def text(self, param):
        """The setting named ``param`` as a link and its widget write it: 0.05, 1, full."""
        value = self.value(param)
        return format_number(value) if isinstance(value, float) else str(value)

    def query(self, params=None, everything=False):
        """The query parameters of a link to these settings: those of ``params`` (all by
        default) that differ from the defaults, or all of them with ``everything``."""
        return {param: self.text(param) for param in (params or PARAMS)
                if everything or self.value(param) != DEFAULT.value(param)}

    def query_string(self):
        """The query string of a link that opens Train with exactly these settings."""
        return urlencode(self.query(everything=True))

    @classmethod
    def from_query(cls, query):
        """The settings a link asks for, repaired: ``(settings, notes)``.

        ``query`` maps parameter names to their raw text (``st.query_params``); unknown
        parameters are ignored and missing ones take their default. A value a widget
        could not take is replaced by the nearest one it can, and a link naming the
        same digit twice (``?neg=3&pos=3``) gets another positive digit; each repair
        adds a note. Notes name the parameter, never echo the raw value (any text).
        """
        values, notes = {}, []
        for param in PARAMS:
            raw = query.get(param)
            if raw is None:
                continue
            raw = str(raw)
            used = _REPAIRS[param](raw, DEFAULT.value(param))
            if used is None:  # valid as written: read it as its widget would
                used = _parse(param, raw)
            else:
                notes.append(_repair_note(param, DEFAULT.with_value(param, used).text(param)))
            values[param] = used
        settings = DEFAULT
        for param, value in values.items():
            settings = settings.with_value(param, value)
        if not settings.valid_pair:
            settings = dataclasses.replace(settings, positive=other_digit(settings.negative))
            notes.append(_repair_note("pos", settings.positive,
                                      "named the same digit as `neg`"))
        return settings, notes


# The name of each setting in links and widgets, in the order a link lists them.
PARAMS = {"neg": "negative", "pos": "positive", "lr": "learning_rate",
          "iterations": "num_iterations", "test_size": "test_size", "l2": "l2",
          "batch": "batch_size", "init": "init", "seed": "seed"}


def format_number(value):
    """How a learning rate or penalty is written in the app and in links: 0.05, 1, 0."""
    return f"{value:g}"


def other_digit(digit):
    """A digit different from ``digit`` (for a link naming the same digit twice)."""
    return (digit + 1) % 10


# ---- checks -------------------------------------------------------------------------------

def _real(value, name, low=-math.inf, high=math.inf, open_low=False, open_high=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and (low < value if open_low else low <= value)
            and (value < high if open_high else value <= high)):
        bounds = [f"{'above' if open_low else 'at least'} {low:g}"] if low > -math.inf else []
        if high < math.inf:
            bounds.append(f"{'below' if open_high else 'at most'} {high:g}")
        raise ValueError(f"{name} must be a finite number{' ' if bounds else ''}"
                         f"{' and '.join(bounds)}, got {value!r}")
    return value


def _whole(value, name, low, high=None):
    if isinstance(value, numbers.Real) and not isinstance(value, bool) \
            and float(value).is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be a whole number from {low}"
                         f"{f' to {high}' if high is not None else ' up'}, got {value}")
    return value


# ---- repairing a link's raw text ------------------------------------------------------------

def _repair_note(param, used, problem="was not valid"):
    return f"The link's value for `{param}` {problem}; using {used} instead."


def _number(raw):
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _nearest_option(raw, options, default):
    """None if ``raw`` is one of the options as written, else the nearest option on a
    log scale (0, if an option, is nearest to what lies below half the smallest other)."""
    if raw in [format_number(v) for v in options]:
        return None
    value = _number(raw)
    if value is None or value < 0 or (value == 0 and 0 not in options):
        return default
    positive = [o for o in options if o > 0]
    if value < min(positive) / 2 and 0 in options:
        return 0.0
    value = max(value, min(positive))
    return min(positive, key=lambda o: abs(math.log(o) - math.log(value)))


def _whole_number(raw, low, high, default):
    """None if ``raw`` is a whole number in ``low``-``high`` as written, else the
    nearest one (the default if ``raw`` is no number)."""
    value = _number(raw)
    if value is None:
        return default
    if str(raw).strip().isdigit() and low <= value <= high:
        return None
    return int(min(max(round(value), low), high))


def _test_size(raw, default):
    """None if ``raw`` is on the 0.05 grid in 0.10-0.50, else the nearest such value."""
    value = _number(raw)
    if value is None:
        return default
    snapped = round(round(min(max(value, MIN_TEST_SIZE), MAX_TEST_SIZE) / TEST_SIZE_STEP)
                    * TEST_SIZE_STEP, 2)
    return None if abs(snapped - value) < 1e-9 else snapped


def _batch(raw, default):
    """None if ``raw`` is "full" or one of the sizes, else the nearest size (log scale)."""
    if raw in [str(b) for b in BATCH_SIZES]:
        return None
    value = _number(raw)
    if value is None or value <= 0:
        return default
    sizes = [b for b in BATCH_SIZES if b != FULL_BATCH]
    return min(sizes, key=lambda b: abs(math.log(b) - math.log(value)))


# For each parameter: raw text and the default -> None if the text is valid, else the
# value to use instead (as its widget holds it).
_REPAIRS = {
    "neg": lambda raw, default: _whole_number(raw, 0, 9, default),
    "pos": lambda raw, default: _whole_number(raw, 0, 9, default),
    "lr": lambda raw, default: _nearest_option(raw, LEARNING_RATES, default),
    "iterations": lambda raw, default: _whole_number(raw, MIN_ITERATIONS, MAX_ITERATIONS,
                                                     default),
    "test_size": _test_size,
    "l2": lambda raw, default: _nearest_option(raw, L2_PENALTIES, default),
    "batch": _batch,
    "init": lambda raw, default: None if raw in INITIALISATIONS else default,
    "seed": lambda raw, default: _whole_number(raw, 0, MAX_SEED, default),
}


def _parse(param, raw):
    """A raw value that its repair found valid, as its widget holds it."""
    if param in ("lr", "l2", "test_size"):
        return float(raw)
    if param == "batch":
        return raw if raw == FULL_BATCH else int(raw)
    if param == "init":
        return raw
    return int(raw)


DEFAULT = RunSettings()  # the tutorial's run
