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

BIND = "query-params"


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
    return dict(key=key, bind=BIND, on_change=_keep, args=(key,))


def _store(key, value):
    state.settings_dict()[key] = value
    return value


def repair_link():
    """Repair this run's raw URL values; return the notes to show (maybe none)."""
    repairs = []
    for param, fix in (("neg", lambda raw: links.repair_digit(raw, 0)),
                       ("pos", lambda raw: links.repair_digit(raw, 1)),
                       ("lr", links.repair_learning_rate),
                       ("iterations", links.repair_iterations)):
        raw = _raw(param)
        if raw is None:
            continue
        used = fix(raw)
        if used is not None:
            _store(param, used)  # the widget ignores the bad URL value and takes this
            shown = links.format_rate(used) if param == "lr" else used
            repairs.append(links.Repair(param, shown))
    return [r.note() for r in repairs]


def show_link_notes():
    """Repair the link and show what was changed (call before the setting widgets)."""
    notes = list(dict.fromkeys(st.session_state.pop("_link_notes", []) + repair_link()))
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
        "Learning rate α", links.LEARNING_RATES, format_func=links.format_rate,
        **_seed("lr"),
        help="How big a step gradient descent takes each iteration (a log scale). Too "
             "small and learning crawls; too large and the cost jumps around or grows."))


def iterations():
    return _store("iterations", st.number_input(
        "Iterations", min_value=links.MIN_ITERATIONS, max_value=links.MAX_ITERATIONS,
        step=100, **_seed("iterations"),
        help="How many gradient-descent steps to take. Each one looks at every training "
             "image once and nudges all 64 weights and the bias."))
