"""Everything one session remembers, and every change to it.

Streamlit runs a page's script from the top on every click, and forgets a widget's value
when a page without that widget is shown. What must survive lives in
``st.session_state``, and this module is the only one that writes it (pages call the
functions below). The keys:

``settings``
    dict: the chosen settings, under the names of their URL query parameters (``neg``,
    ``pos``, ``lr``, ``iterations``, ``test_size``, ``l2``, ``batch``, ``init``,
    ``seed``; see ``playground.links.DEFAULTS``). Written by ``start`` (the defaults,
    or the link the session was opened with, repaired), by the setting widgets when the
    user changes one (``setting_widget``), and by ``choose_pair`` (Lab's map).
``neg``, ``pos``, ``lr``, ... (one per setting)
    Streamlit's own state of the setting widgets. ``setting_widget`` seeds it from
    ``settings`` just before the widget is drawn, and the widget's ``on_change`` copies
    the user's choice back: the one pattern for every setting widget.
``link_notes``
    list of str: what was repaired in the session's link. Written by ``start``; shown
    and removed by the first page with setting widgets (``take_link_notes``).
``speed``
    str: the animation speed, the Train page's own widget (kept for the whole session
    by ``persist_state="session"``).
``run``
    ``logreg.run.TrainingRun``: the Train page's run, the neuron Draw, Concepts and
    Lab use. Written by ``start_run``, ``step``, ``reset`` and ``follow_settings``.
``playing``
    bool: Play is on. Written by ``play``, ``pause`` and every transition that stops it.
``animate``
    bool: the next drawing of the live view plays the run from its start to its end.
    Written by ``start_run``; taken by the live view (``take_animation``).
``canvas_clears``
    int: how many times Draw's canvas was cleared (its widget key changes each time).

Widgets that belong to one page (Draw's pen width, Lab's race settings, ...) keep their
own keys and are not listed: nothing else reads them, and they reset when their page is
left, as Streamlit widgets do.
"""

from dataclasses import dataclass

import streamlit as st

from logreg.run import TrainingRun
from playground import cached, links


# ---- settings ---------------------------------------------------------------------------

def start(query):
    """At the top of every script run: the first time, give the session its settings
    (the defaults, or those of the link it was opened with, repaired) and its defaults."""
    if "settings" not in st.session_state:
        settings, notes = links.settings_from_link(query)
        st.session_state["settings"] = settings
        st.session_state["link_notes"] = notes
    st.session_state.setdefault("speed", "Normal")
    st.session_state.setdefault("playing", False)


def settings_dict():
    """The chosen settings, by query parameter name (read-only for pages)."""
    return st.session_state["settings"]


def setting_widget(param):
    """The keyword arguments that connect a setting's widget to the session's settings.

    The widget is seeded with the setting's value just before it is drawn (Streamlit
    has forgotten it if another page was shown), and a change by the user is copied
    back into the settings before the page reruns.
    """
    st.session_state[param] = settings_dict()[param]
    return dict(key=param, on_change=_remember, args=(param,))


def _remember(param):
    settings_dict()[param] = st.session_state[param]


def take_link_notes():
    """The notes about a repaired link, once (the page that shows them takes them)."""
    return st.session_state.pop("link_notes", [])


def choose_pair(negative, positive):
    """Make (negative, positive) the chosen pair (Train opens on it)."""
    settings_dict().update(neg=negative, pos=positive)


@dataclass(frozen=True)
class Settings:
    """The chosen settings, typed. ``batch_size`` None means full-batch descent."""

    negative: int
    positive: int
    learning_rate: float
    iterations: int
    test_size: float
    l2: float
    batch_size: int | None
    init: str
    seed: int

    @property
    def valid_pair(self):
        return self.negative != self.positive

    @property
    def data(self):
        """What the training and test images depend on: the pair and the split."""
        return (self.negative, self.positive, self.test_size)

    @property
    def identity(self):
        """What defines a run from its start: changing any of these starts afresh.
        (The learning rate, the penalty and the budget may change along the way.)"""
        return self.data + (self.batch_size, self.init, self.seed)

    @classmethod
    def of_run(cls, run):
        """The settings ``run`` is being trained with."""
        pair = run.pair
        return cls(pair.negative, pair.positive, run.learning_rate, run.num_iterations,
                   pair.test_size, run.l2, run.batch_size, run.init, run.seed)


def settings():
    """The settings as chosen now."""
    s = settings_dict()
    return Settings(int(s["neg"]), int(s["pos"]), float(s["lr"]), int(s["iterations"]),
                    float(s["test_size"]), float(s["l2"]),
                    None if s["batch"] == "full" else int(s["batch"]), str(s["init"]),
                    int(s["seed"]))


# ---- the run and its transitions ------------------------------------------------------

def current_run():
    """The session's run, or None before the Train page was first shown."""
    return st.session_state.get("run")


def trained_run():
    """The session's run if it has trained at least one iteration, else None."""
    run = current_run()
    return run if run is not None and run.iteration > 0 else None


def _new_run(chosen):
    pair = cached.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    run = TrainingRun(pair, learning_rate=chosen.learning_rate,
                      num_iterations=chosen.iterations, l2=chosen.l2,
                      batch_size=chosen.batch_size, init=chosen.init, seed=chosen.seed)
    st.session_state["run"] = run
    return run


def follow_settings(chosen):
    """The session's run, following the settings: a new run at iteration 0 when the
    pair, split, batch size, initialisation or seed changed; otherwise the same run
    with the new learning rate, penalty and budget (it continues from its weights)."""
    run = current_run()
    if run is None or Settings.of_run(run).identity != chosen.identity:
        st.session_state["playing"] = False
        return _new_run(chosen)
    run.learning_rate = chosen.learning_rate
    run.l2 = chosen.l2
    run.num_iterations = chosen.iterations
    return run


def start_run():
    """Train: a fresh run from the initial weights, played from start to end."""
    _new_run(settings())
    st.session_state["playing"] = False
    st.session_state["animate"] = True


def play():
    st.session_state["playing"] = True


def pause():
    st.session_state["playing"] = False


def step(n):
    """``n`` more iterations at once (no more than the budget leaves); pauses Play."""
    run = current_run()
    run.advance(min(n, run.remaining))
    st.session_state["playing"] = False


def reset():
    """Back to the initial weights, iteration 0."""
    _new_run(settings())
    st.session_state["playing"] = False


def playing():
    return st.session_state["playing"]


def take_animation():
    """Whether this drawing of the live view should play the run (once per Train)."""
    return st.session_state.pop("animate", False)


def finished_playing():
    """Play reached the end of the budget."""
    st.session_state["playing"] = False


# ---- the neuron the other pages use ---------------------------------------------------

@dataclass(frozen=True)
class PairModel:
    """The neuron the Draw page uses, and where it came from (for the page to say)."""

    w: object
    b: float
    negative: int
    positive: int
    description: str


def pair_model():
    """The session's trained neuron, or, if nothing is trained yet, the tutorial's
    0-vs-1 neuron trained just now: the Draw page is never a dead end."""
    run = trained_run()
    if run is not None:
        return PairModel(run.latest.w, run.latest.b, run.pair.negative, run.pair.positive,
                         f"your neuron from Train: {run.pair.negative} vs "
                         f"{run.pair.positive}, {run.iteration} iterations")
    w, b = cached.tutorial_neuron()
    return PairModel(w, b, 0, 1, "nothing trained yet, so a 0-vs-1 neuron trained just now "
                                 "with the tutorial's settings")


# ---- Draw's canvas ---------------------------------------------------------------------

def canvas_key():
    """The key of Draw's canvas: a new one after each Clear, so the widget starts empty."""
    clears = st.session_state.setdefault("canvas_clears", 0)
    return "canvas" if clears == 0 else f"canvas-{clears}"


def clear_canvas():
    st.session_state["canvas_clears"] = st.session_state.get("canvas_clears", 0) + 1


# ---- charts you can click --------------------------------------------------------------

def clicked_point(chart_key):
    """The ``customdata`` of the point last clicked on the chart with this key, as a
    tuple of ints, or None (read before the chart is drawn, so it can be highlighted)."""
    try:
        point = st.session_state.get(chart_key)["selection"]["points"][0]
        return tuple(int(v) for v in point["customdata"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


# ---- the address bar -------------------------------------------------------------------

def keep_link(params):
    """Write the chosen settings of ``params`` into the page's URL, so the address bar
    is always a link to what is on screen (defaults are left out, as they need no
    parameter)."""
    wanted = links.link_query(settings_dict(), params)
    for param in params:
        if param in wanted:
            if st.query_params.get(param) != wanted[param]:
                st.query_params[param] = wanted[param]
        elif param in st.query_params:
            del st.query_params[param]
