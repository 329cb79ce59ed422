"""The setting widgets, shared by the pages that show them.

Each widget's key is the name of its URL query parameter, and its value is the
session's setting (``playground.session.setting_widget`` connects the two): the same
setting shown on two pages (the digit pair on Data and Train) is one value, and it
survives pages where it is not shown. A link's values were read and repaired when the
session started; ``link_notes`` shows what had to be changed.
"""

import streamlit as st

from logreg import settings as options
from playground import session


def link_notes():
    """Say what was changed in the link this session was opened with (once)."""
    for note in session.take_link_notes():
        st.info(note, icon=":material/link:")


def digit_pair_selectors():
    """Two selectboxes, side by side, for the pair; returns (negative, positive)."""
    left, right = st.columns(2)
    negative = left.selectbox(
        "Negative digit (label 0)", options.DIGITS, **session.setting_widget("neg"),
        help="The neuron learns to answer 0 for this digit. Pick any digit 0–9.")
    positive = right.selectbox(
        "Positive digit (label 1)", options.DIGITS, **session.setting_widget("pos"),
        help="The neuron learns to answer 1 for this digit; its output is "
             "P(this digit). Pick a digit different from the negative one.")
    return negative, positive


def same_digit_message(negative):
    st.warning(f"Both digits are {negative}. Pick two different digits: the neuron "
               "learns to tell two classes apart.", icon=":material/info:")


def learning_rate_slider():
    return st.select_slider(
        "Learning rate α", options.LEARNING_RATES, format_func=options.format_number,
        **session.setting_widget("lr"),
        help="How big a step gradient descent takes each iteration (a log scale). Too "
             "small and learning crawls; too large and the cost jumps around or grows. "
             "You can change it while paused: training continues from where it is.")


def iterations_input():
    return st.number_input(
        "Iterations", min_value=options.MIN_ITERATIONS, max_value=options.MAX_ITERATIONS,
        step=100, **session.setting_widget("iterations"),
        help="How many gradient-descent steps a full run takes. Each one looks at the "
             "training images and nudges all 64 weights and the bias.")


def advanced_settings():
    """The advanced settings, behind a button (all part of the link too): on a
    projector the page keeps its height for the live view."""
    with st.popover("Advanced settings", icon=":material/tune:"):
        st.slider(
            "Test split", options.MIN_TEST_SIZE, options.MAX_TEST_SIZE,
            step=options.TEST_SIZE_STEP, format="%.2f", **session.setting_widget("test_size"),
            help="The share of the images held back for testing (never trained on). "
                 f"The split itself is the tutorial's (random_state {options.SPLIT_SEED}).")
        st.select_slider(
            "L2 penalty λ", options.L2_PENALTIES, format_func=options.format_number,
            **session.setting_widget("l2"),
            help="Adds λ/(2m)·‖w‖² to the cost, pulling every weight toward 0: a simpler, "
                 "smoother picture that may generalise better. 0 = the tutorial.")
        st.selectbox(
            "Batch size", options.BATCH_SIZES, **session.setting_widget("batch"),
            help="Full: every step uses all training images (the tutorial). A number: "
                 "each step uses a small random batch, reshuffled every pass — noisier "
                 "steps, but each one is cheaper.")
        st.radio(
            "Start from", options.INITIALISATIONS, **session.setting_widget("init"),
            horizontal=True,
            help="The weights before the first step: all zeros (the tutorial), or small "
                 "random numbers chosen by the seed.")
        st.number_input(
            "Random seed", min_value=0, max_value=options.MAX_SEED, step=1,
            **session.setting_widget("seed"),
            help="Fixes the random start and the mini-batch shuffling, so a run can be "
                 "repeated exactly. Change it to see another random run.")
