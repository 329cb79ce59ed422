"""What the pages share: the chosen settings, the cached data and the trained model.

Everything per-user lives in ``st.session_state`` (never in ``st.cache_resource``):

* ``st.session_state["settings"]`` holds the chosen settings under the names of their
  URL query parameters (``neg``, ``pos``, ``lr``, ``iterations``, ``test_size``, ``l2``,
  ``batch``, ``init``, ``seed``); the setting widgets (``playground.controls``) read and
  write it;
* ``st.session_state["run"]`` is the ``logreg.run.TrainingRun`` of the Train page, the
  model that Draw and Lab use.
"""

from dataclasses import dataclass

import streamlit as st

from logreg.data import load_digit_pair
from logreg.run import TrainingRun
from playground.links import DEFAULTS

SPLIT_RANDOM_STATE = 42  # the tutorial's train/test split, for every pair


def init_session():
    """Give the session its default settings the first time it runs."""
    st.session_state.setdefault("settings", dict(DEFAULTS))
    st.session_state.setdefault("speed", "Normal")
    st.session_state.setdefault("playing", False)


def settings_dict():
    """The one place the chosen settings live (the widgets read and write it)."""
    return st.session_state["settings"]


@dataclass(frozen=True)
class Settings:
    negative: int
    positive: int
    learning_rate: float
    iterations: int
    test_size: float = 0.2
    l2: float = 0.0
    batch_size: int | None = None
    init: str = "zeros"
    seed: int = 0

    @property
    def valid_pair(self):
        return self.negative != self.positive

    @property
    def identity(self):
        """What defines a run from its start: changing any of these starts afresh.
        (The learning rate, the penalty and the budget may change along the way.)"""
        return (self.negative, self.positive, self.test_size, self.batch_size, self.init,
                self.seed)


def settings():
    """The settings as chosen now."""
    s = settings_dict()
    return Settings(int(s["neg"]), int(s["pos"]), float(s["lr"]), int(s["iterations"]),
                    float(s["test_size"]), float(s["l2"]),
                    None if s["batch"] == "full" else int(s["batch"]), str(s["init"]),
                    int(s["seed"]))


@st.cache_data(show_spinner=False, max_entries=128)
def digit_pair(negative, positive, test_size=0.2, random_state=SPLIT_RANDOM_STATE):
    """``logreg.data.load_digit_pair``, computed once per process for each pair."""
    return load_digit_pair(negative, positive, test_size=test_size, random_state=random_state)


def run_identity(run):
    pair = run.pair
    return (pair.negative, pair.positive, pair.test_size, run.batch_size, run.init, run.seed)


def new_run(chosen, keep=True):
    """A fresh run (iteration 0) for ``chosen`` settings; ``keep`` makes it the
    session's model."""
    pair = digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    run = TrainingRun(pair, learning_rate=chosen.learning_rate,
                      num_iterations=chosen.iterations, l2=chosen.l2,
                      batch_size=chosen.batch_size, init=chosen.init, seed=chosen.seed)
    if keep:
        st.session_state["run"] = run
    return run


def sync_run(chosen):
    """The session's run, following the settings: a new run at iteration 0 when the
    pair, split, batch size, initialisation or seed changed; otherwise the same run
    with the new learning rate, penalty and budget (it continues from its weights)."""
    run = current_run()
    if run is None or run_identity(run) != chosen.identity:
        st.session_state["playing"] = False
        return new_run(chosen)
    run.learning_rate = chosen.learning_rate
    run.l2 = chosen.l2
    run.num_iterations = chosen.iterations
    return run


def current_run():
    """The session's model, or None before anything was trained."""
    return st.session_state.get("run")


@st.cache_data(show_spinner=False)
def tutorial_neuron():
    """The 0-vs-1 neuron with the tutorial's settings: (w, b). The same for everyone."""
    pair = digit_pair(0, 1)
    run = TrainingRun(pair, learning_rate=DEFAULTS["lr"], num_iterations=DEFAULTS["iterations"])
    run.advance(DEFAULTS["iterations"])
    return run.latest.w, run.latest.b


@st.cache_data(show_spinner="Training the ten-digit model…")
def ten_digit_model():
    """Ten neurons, one per digit (one-vs-rest): (model, test accuracy). Shared."""
    from logreg.multiclass import ten_digit_model as train

    return train()


@dataclass(frozen=True)
class PairModel:
    """The neuron the Draw page uses, and where it came from (for the page to say)."""

    w: object
    b: float
    negative: int
    positive: int
    description: str


def pair_model():
    """The session's trained model, or, if nothing is trained yet, the tutorial's
    0-vs-1 neuron trained just now: the Draw page is never a dead end."""
    run = current_run()
    if run is not None and run.iteration > 0:
        return PairModel(run.latest.w, run.latest.b, run.pair.negative, run.pair.positive,
                         f"your neuron from Train: {run.pair.negative} vs "
                         f"{run.pair.positive}, {run.iteration} iterations")
    w, b = tutorial_neuron()
    return PairModel(w, b, 0, 1, "nothing trained yet, so a 0-vs-1 neuron trained just now "
                                 "with the tutorial's settings")


@st.cache_data(show_spinner="Training all 45 pairs at once…", max_entries=16)
def pair_accuracies(num_iterations, learning_rate, test_size):
    """The 45-pair test-accuracy map (10x10, NaN diagonal). The same for everyone."""
    from logreg.pairs import all_pairs_accuracy

    return all_pairs_accuracy(num_iterations, learning_rate, test_size, SPLIT_RANDOM_STATE)


@st.cache_data(show_spinner=False, max_entries=64)
def learning_rate_race(negative, positive, test_size, learning_rates, num_iterations):
    """Several neurons, one per learning rate, trained together on one pair."""
    from logreg.batched import optimize_many

    pair = digit_pair(negative, positive, test_size)
    return optimize_many(pair.X_train, pair.Y_train, list(learning_rates), num_iterations,
                         record_every=max(1, num_iterations // 200))


@st.cache_data(show_spinner="Training both models…", max_entries=64)
def against_sklearn(negative, positive, test_size, num_iterations, learning_rate):
    from logreg.compare import against_sklearn as compare

    return compare(digit_pair(negative, positive, test_size), num_iterations, learning_rate)


def clicked(chart_key):
    """The ``customdata`` of the point last clicked on the chart with this key, as a
    tuple of ints, or None (read before the chart is drawn, so it can be highlighted)."""
    try:
        point = st.session_state.get(chart_key)["selection"]["points"][0]
        return tuple(int(v) for v in point["customdata"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
