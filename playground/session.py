"""Everything one session remembers, and every change to it.

Streamlit runs a page's script from the top on every click, and forgets a widget's value
when a page without that widget is shown. What must survive lives in
``st.session_state``, and this module is the only one that writes it (pages call the
functions below). The keys:

``settings``
    ``logreg.settings.RunSettings``: the chosen settings. Written by ``start`` (the
    defaults, or the link the session was opened with, repaired), by the setting widgets
    when the user changes one (``setting_widget``), and by ``choose_pair`` (Lab's map).
``neg``, ``pos``, ``lr``, ... (one per setting, named as in links: ``PARAMS``)
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
    Lab use. Written by ``start_run``, ``reset``, ``follow_settings`` (a new run when
    the pair or the start changed), ``on_live_event`` (Pause rewinds it to the frame
    the browser shows) and ``train_now`` (Draw's "Train … now": the run of the chosen
    settings, trained to its budget at once). The server's run may be ahead of the
    screen while the browser plays: ``playing()`` says so.
``playback``
    ``playground.playback.Playback``: what the live view is showing (the run, its mode,
    segment and payload, the ids of the latest events, so a duplicate is ignored).
    Written by ``start_run``, ``step``, ``reset``, ``live_payload`` and
    ``on_live_event``, through the protocol's pure functions.
``canvas_clears``
    int: how many times Draw's canvas was cleared (its widget key changes each time).
``last_trained``
    ``logreg.run.TrainingRun``: the session's last run that had trained, once a new run
    replaced it (another pair chosen, Reset, Train again): Draw still answers with it,
    and says which it is. Written by ``_new_run`` (every new run goes through it).

Class mode's keys (``class_*``, ``join_code``) are written by its own state module,
``playground.class_mode.state``, whose docstring lists them the same way.

Widgets that belong to one page (Draw's pen width, Lab's race settings, ...) keep their
own keys and are not listed: nothing else reads them, and they reset when their page is
left, as Streamlit widgets do.
"""

import dataclasses
from dataclasses import dataclass

import streamlit as st

from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground import cached, playback


# ---- settings ---------------------------------------------------------------------------

def start(query):
    """At the top of every script run: the first time, give the session its settings
    (the defaults, or those of the link it was opened with, repaired) and its defaults."""
    if "settings" not in st.session_state:
        settings, notes = RunSettings.from_query(query)
        st.session_state["settings"] = settings
        st.session_state["link_notes"] = notes
    st.session_state.setdefault("speed", "Normal")


def settings():
    """The settings as chosen now (a ``RunSettings``)."""
    return st.session_state["settings"]


def setting_widget(param):
    """The keyword arguments that connect a setting's widget to the session's settings.

    The widget is seeded with the setting's value just before it is drawn (Streamlit
    has forgotten it if another page was shown), and a change by the user is copied
    back into the settings before the page reruns.
    """
    st.session_state[param] = settings().value(param)
    return dict(key=param, on_change=_remember, args=(param,))


def _remember(param):
    st.session_state["settings"] = settings().with_value(param, st.session_state[param])


def take_link_notes():
    """The notes about a repaired link, once (the page that shows them takes them)."""
    return st.session_state.pop("link_notes", [])


def choose_pair(negative, positive):
    """Make (negative, positive) the chosen pair (Train opens on it)."""
    st.session_state["settings"] = dataclasses.replace(settings(), negative=negative,
                                                       positive=positive)


# ---- the run and its transitions ------------------------------------------------------

def current_run():
    """The session's run, or None before the Train page was first shown."""
    return st.session_state.get("run")


def trained_run():
    """The session's run if it has trained at least one iteration, else None."""
    run = current_run()
    return run if run is not None and run.iteration > 0 else None


def _new_run(chosen):
    replaced = trained_run()
    if replaced is not None:
        st.session_state["last_trained"] = replaced  # Draw can still answer with it
    pair = cached.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    run = TrainingRun(chosen, pair=pair)
    st.session_state["run"] = run
    return run


def follow_settings(chosen):
    """The session's run, following the settings: a new run at iteration 0 when the
    pair, split, batch size, initialisation or seed changed; otherwise the same run
    with the new learning rate, penalty and budget (it continues from its weights)."""
    run = current_run()
    if run is None or run.settings.start_key != chosen.start_key:
        return _new_run(chosen)
    run.learning_rate = chosen.learning_rate
    run.l2 = chosen.l2
    run.num_iterations = chosen.num_iterations
    return run


# ---- playback: what the live view in the browser shows -------------------------------
# (the protocol itself, pure, is ``playground.playback``)

SPEEDS = playback.SPEEDS


def _seconds():
    return SPEEDS.get(st.session_state.get("speed"), SPEEDS["Normal"])


def _shown():
    return st.session_state.get("playback")


def start_run():
    """Train: a fresh run from the initial weights, played from start to end."""
    st.session_state["playback"] = playback.train(_new_run(settings()), _seconds(), _shown())


def step(n):
    """``n`` more iterations at once (no more than the budget leaves), shown still."""
    run = current_run()
    st.session_state["playback"] = playback.still(run, _seconds(), _shown(),
                                                  n=min(n, run.remaining))


def open_settings(settings):
    """Train with ``settings`` (a ``RunSettings``, e.g. the teacher's suggestion), not yet
    trained: a fresh run at iteration 0 (the last trained one stays for Draw)."""
    st.session_state["settings"] = settings
    reset()


def reset():
    """Back to the initial weights, iteration 0."""
    st.session_state["playback"] = playback.still(_new_run(settings()), _seconds(), _shown())


def live_payload():
    """What the live view shows now: the session's playback, or a still picture of the
    run when the run changed under it (new settings, a page that trained it)."""
    shown = playback.current(_shown(), current_run(), _seconds())
    st.session_state["playback"] = shown
    return shown.payload


def playing():
    """Whether the browser is playing the run (Train or Play not yet ended or paused)."""
    shown = _shown()
    return shown is not None and shown.playing


def on_live_event(event):
    """The live view reports (a callback, before the fragment around it runs again:
    the buttons and the results are drawn from the state this leaves)."""
    shown, run = _shown(), current_run()
    if shown is None or run is None:
        return
    after = shown.on_event(event, run, seconds=_seconds())
    st.session_state["playback"] = after
    if after.run is not shown.run:  # Pause rewound the run to the frame on screen
        st.session_state["run"] = after.run


# ---- the neuron the other pages use ---------------------------------------------------

@dataclass(frozen=True)
class PairModel:
    """The neuron the Draw page uses, and where it came from (for the page to say)."""

    w: object
    b: float
    negative: int
    positive: int
    description: str


def _described(run, whose):
    return PairModel(run.latest.w, run.latest.b, run.pair.negative, run.pair.positive,
                     f"{whose}: {run.pair.negative} vs {run.pair.positive}, "
                     f"{run.iteration} iterations")


def pair_model():
    """The pair neuron for Draw, described truthfully: the session's run if it has
    trained; else the session's last trained neuron (the run was replaced by a new one,
    still at iteration 0); else, with nothing trained in the session, the tutorial's
    0-vs-1 neuron trained just now: the Draw page is never a dead end."""
    run = trained_run()
    if run is not None:
        return _described(run, "your neuron from Train")
    last = st.session_state.get("last_trained")
    if last is not None:
        return _described(last, "your last trained neuron")
    w, b = cached.tutorial_neuron()
    return PairModel(w, b, 0, 1, "a 0-vs-1 neuron trained just now with the tutorial's "
                                 "settings (nothing is trained in this session yet)")


def anything_trained():
    """Whether the session has trained a neuron (now or before its current run)."""
    return trained_run() is not None or "last_trained" in st.session_state


def train_now():
    """Draw's "Train it now": the run of the chosen settings trained to its budget at
    once, as Train's Instant would (Train then shows it finished)."""
    run = follow_settings(settings())
    run.advance(run.remaining)


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
    wanted = settings().query(params)
    for param in params:
        if param in wanted:
            if st.query_params.get(param) != wanted[param]:
                st.query_params[param] = wanted[param]
        elif param in st.query_params:
            del st.query_params[param]
