"""Results that are the same for every student, computed once per server process.

``st.cache_data`` keeps one copy per set of arguments for the whole process, and hands
each caller its own copy of it; ``st.cache_resource`` hands every caller the same object,
used here only for a class's board, frozen and the same for the whole class. Nothing
per-user is ever kept here (that lives in ``playground.session``).
"""

import streamlit as st

from logreg.batched import optimize_many
from logreg.compare import against_sklearn as compare_with_sklearn
from logreg.data import load_digit_pair
from logreg.diagnosis import overshoot as watch_overshoot
from logreg.handwriting import retrain_with_drawings
from logreg.multiclass import ten_digit_model as train_ten_digit_model
from logreg.pairs import all_pairs_accuracy
from logreg.run import TrainingRun
from playground.class_mode import store as class_store
from logreg.settings import DEFAULT, SPLIT_SEED


@st.cache_data(show_spinner=False, max_entries=128)
def digit_pair(negative, positive, test_size=0.2):
    """``logreg.data.load_digit_pair`` with the tutorial's split, once per pair."""
    return load_digit_pair(negative, positive, test_size=test_size,
                           random_state=SPLIT_SEED)


@st.cache_data(show_spinner=False)
def tutorial_neuron():
    """The 0-vs-1 neuron with the tutorial's settings: (w, b)."""
    run = TrainingRun(DEFAULT, pair=digit_pair(DEFAULT.negative, DEFAULT.positive))
    run.advance(run.remaining)
    return run.latest.w, run.latest.b


@st.cache_data(show_spinner="Training the ten-digit model…")
def ten_digit_model():
    """Ten neurons, one per digit (one-vs-rest): (model, test accuracy)."""
    return train_ten_digit_model()


@st.cache_data(show_spinner="Training all 45 pairs at once…", max_entries=16)
def pair_accuracies(num_iterations, learning_rate, test_size):
    """The 45-pair test-accuracy map (10x10, NaN diagonal)."""
    return all_pairs_accuracy(num_iterations, learning_rate, test_size, SPLIT_SEED)


@st.cache_data(show_spinner=False, max_entries=64)
def learning_rate_race(negative, positive, test_size, learning_rates, num_iterations):
    """Several neurons, one per learning rate, trained together on one pair; the cost of
    each is recorded at every iteration (a jump in the first few steps must show)."""
    pair = digit_pair(negative, positive, test_size)
    return optimize_many(pair.X_train, pair.Y_train, list(learning_rates), num_iterations,
                         record_every=1)


@st.cache_data(show_spinner=False, max_entries=32)
def overshoot(negative, positive, test_size, learning_rate, num_iterations):
    """One race neuron trained again, the tutorial's cost watched beside ours
    (``logreg.diagnosis.overshoot``)."""
    pair = digit_pair(negative, positive, test_size)
    return watch_overshoot(pair.X_train, pair.Y_train, learning_rate, num_iterations)


@st.cache_data(show_spinner="Training both models…", max_entries=64)
def against_sklearn(negative, positive, test_size, num_iterations, learning_rate):
    """Our neuron and scikit-learn's on one pair (``logreg.compare``)."""
    return compare_with_sklearn(digit_pair(negative, positive, test_size), num_iterations,
                                learning_rate)


# ---- class mode: one class's board is the same for all its members ----------------------

@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def class_board(database, code, version):
    """The board of class ``code`` in the store at ``database`` (a URL) as of
    ``version`` (``board_version``): read once per change for the whole class, not once
    per student. A board reachable only with its code, as in the store. One object for
    every viewer, not a copy each (``cache_resource``): a ``Board`` is frozen records
    of tuples, the same for the whole class, and thirty open boards would otherwise
    copy it thirty times at every change."""
    return class_store.store().board(code)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def class_standings(database, code, version):
    """The standings of class ``code``'s challenge as of the board's ``version`` (an
    entry, a start or an end changes it): read once per change for the whole class, one
    frozen object for every viewer, as ``class_board``."""
    return class_store.store().standings(code)


@st.cache_data(show_spinner="Retraining the ten-digit model with your drawings…",
               max_entries=16, ttl=3600)
def class_retrain(code, drawing_ids, _features, _digits):
    """``logreg.handwriting.retrain_with_drawings`` on a class's drawings: ``drawing_ids``
    name them (a share never changes, so the ids are the key), ``_features`` (64, k)
    and ``_digits`` (k,) are them."""
    model, _ = ten_digit_model()
    return retrain_with_drawings(_features, _digits, ids=drawing_ids, base_model=model)
