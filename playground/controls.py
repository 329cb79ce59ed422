"""The setting widgets, shared by the pages that show them.

Each widget's key is the name of its URL query parameter, so a link such as
``/train?neg=3&pos=8&lr=0.5&iterations=300`` opens with those settings.

The settings themselves live in one dict, ``st.session_state["settings"]``: a widget
is seeded from it before it is drawn and writes back to it when the user changes it.
That way the same setting shown on two pages (the digit pair on Data and Train) is one
value, and it survives pages where it is not shown. A value in a link that its widget
cannot take is repaired into the dict *before* the widget is created, with a note.
"""

import streamlit as st

from playground import links, state


def _raw(param):
    value = st.query_params.get(param)
    return None if value is None else str(value)


def _keep(key):
    """on_change: copy the widget's new value into the settings before the rerun."""
    state.settings_dict()[key] = st.session_state[key]


def _seed(key):
    """Give the widget the setting's value (a valid value in a link still wins on a
    page's first load: that is how shared links open with their settings)."""
    st.session_state[key] = state.settings_dict()[key]
    return dict(key=key, bind="query-params", on_change=_keep, args=(key,))


def _store(key, value):
    state.settings_dict()[key] = value
    return value


def repair_link(params):
    """Repair this run's raw URL values of ``params``; return the notes to show."""
    notes = []
    for param in params:
        raw = _raw(param)
        used = None if raw is None else links.REPAIRS[param](raw)
        if used is not None:
            _store(param, used)  # the widget ignores the bad URL value and takes this
            notes.append(links.Repair(param, links.shown(param, used)).note())
    return notes


def show_link_notes(params=tuple(links.DEFAULTS)):
    """Repair the link and show what was changed (call before the setting widgets)."""
    notes = list(dict.fromkeys(st.session_state.pop("_link_notes", []) + repair_link(params)))
    st.session_state["_notes_shown"] = notes
    for note in notes:
        st.info(note, icon=":material/link:")


def digit_pair():
    """Two selectboxes, side by side; returns (negative, positive).

    A link naming the same digit twice (``?neg=3&pos=3``) is repaired too. A valid
    value in a link wins over the session on the first load, so that fix is applied
    on an immediate rerun, with a note.
    """
    pending = st.session_state.pop("_pending_pos", None)
    if pending is not None:
        _store("pos", pending)
    first_render = "_pair_shown" not in st.session_state
    from_link = first_render and (_raw("neg") is not None or _raw("pos") is not None)
    st.session_state["_pair_shown"] = True

    left, right = st.columns(2)
    negative = _store("neg", left.selectbox(
        "Negative digit (label 0)", links.DIGITS, **_seed("neg"),
        help="The neuron learns to answer 0 for this digit. Pick any digit 0–9."))
    positive = _store("pos", right.selectbox(
        "Positive digit (label 1)", links.DIGITS, **_seed("pos"),
        help="The neuron learns to answer 1 for this digit; its output is "
             "P(this digit). Pick a digit different from the negative one."))
    if negative == positive and from_link:
        fixed = links.other_digit(negative)
        st.session_state["_pending_pos"] = fixed
        st.session_state["_link_notes"] = st.session_state.get("_notes_shown", []) + [
            links.Repair("pos", fixed, "named the same digit as `neg`").note()]
        st.rerun()
    return negative, positive


def same_digit_message(negative):
    st.warning(f"Both digits are {negative}. Pick two different digits: the neuron "
               "learns to tell two classes apart.", icon=":material/info:")


def learning_rate():
    return _store("lr", st.select_slider(
        "Learning rate α", links.LEARNING_RATES, format_func=links.format_number,
        **_seed("lr"),
        help="How big a step gradient descent takes each iteration (a log scale). Too "
             "small and learning crawls; too large and the cost jumps around or grows. "
             "You can change it while paused: training continues from where it is."))


def iterations():
    return _store("iterations", st.number_input(
        "Iterations", min_value=links.MIN_ITERATIONS, max_value=links.MAX_ITERATIONS,
        step=100, **_seed("iterations"),
        help="How many gradient-descent steps a full run takes. Each one looks at the "
             "training images and nudges all 64 weights and the bias."))


def advanced():
    """The advanced settings, in an expander (all bound to the link too)."""
    with st.expander("Advanced settings", icon=":material/tune:"):
        c1, c2, c3, c4, c5 = st.columns(5)
        _store("test_size", c1.slider(
            "Test split", links.MIN_TEST_SIZE, links.MAX_TEST_SIZE,
            step=links.TEST_SIZE_STEP, format="%.2f", **_seed("test_size"),
            help="The share of the images held back for testing (never trained on). "
                 "The split itself is the tutorial's (random_state 42)."))
        _store("l2", c2.select_slider(
            "L2 penalty λ", links.L2_PENALTIES, format_func=links.format_number,
            **_seed("l2"),
            help="Adds λ/(2m)·‖w‖² to the cost, pulling every weight toward 0: a simpler, "
                 "smoother picture that may generalise better. 0 = the tutorial."))
        _store("batch", c3.selectbox(
            "Batch size", links.BATCH_SIZES, **_seed("batch"),
            help="Full: every step uses all training images (the tutorial). A number: "
                 "each step uses a small random batch, reshuffled every pass — noisier "
                 "steps, but each one is cheaper."))
        _store("init", c4.radio(
            "Start from", links.INITIALISATIONS, **_seed("init"), horizontal=True,
            help="The weights before the first step: all zeros (the tutorial), or small "
                 "random numbers chosen by the seed."))
        _store("seed", c5.number_input(
            "Random seed", min_value=0, max_value=links.MAX_SEED, step=1, **_seed("seed"),
            help="Fixes the random start and the mini-batch shuffling, so a run can be "
                 "repeated exactly. Change it to see another random run."))
