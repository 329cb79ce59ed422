"""What the pages share: the chosen settings, the cached data and the trained model.

Everything per-user lives in ``st.session_state`` (never in ``st.cache_resource``):

* ``st.session_state["settings"]`` holds the chosen settings under the names of their
  URL query parameters (``neg``, ``pos``, ``lr``, ``iterations``); the setting widgets
  (``playground.controls``) read and write it;
* ``st.session_state["run"]`` is the ``logreg.run.TrainingRun`` trained on Train, the one
  Draw and Lab use.
"""

import runpy
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from logreg.data import load_digit_pair
from logreg.run import TrainingRun

APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"
DEFAULTS = {"neg": 0, "pos": 1, "lr": 0.05, "iterations": 1000}  # the tutorial's run


def enter_page():
    """Call first in every page script: make sure ``app.py`` frames this run.

    Streamlit keeps a legacy mode for apps with a ``pages/`` folder: until ``app.py``
    has called ``st.navigation`` once, opening ``/train`` directly (the first visitor
    after the server starts, or every AppTest run) executes ``pages/train.py`` alone,
    without ``app.py``: no navigation bar, no session defaults. Here the page then runs
    ``app.py`` itself, which calls ``st.navigation`` (switching the legacy mode off)
    and runs this page inside the proper frame, and stops the bare run. No rerun, so
    a button click of this run is not lost.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP_SCRIPT), run_name="__main__")
        st.stop()


def init_session():
    """Give the session its default settings the first time it runs."""
    st.session_state.setdefault("settings", dict(DEFAULTS))
    st.session_state.setdefault("speed", "Normal")


def settings_dict():
    """The one place the chosen settings live (the widgets read and write it)."""
    return st.session_state["settings"]


@dataclass(frozen=True)
class Settings:
    negative: int
    positive: int
    learning_rate: float
    iterations: int

    @property
    def valid_pair(self):
        return self.negative != self.positive


def settings():
    """The settings as chosen now."""
    s = settings_dict()
    return Settings(int(s["neg"]), int(s["pos"]), float(s["lr"]), int(s["iterations"]))


@st.cache_data(show_spinner=False, max_entries=64)
def digit_pair(negative, positive, test_size=0.2, random_state=42):
    """``logreg.data.load_digit_pair``, computed once per process for each pair."""
    return load_digit_pair(negative, positive, test_size=test_size, random_state=random_state)


def new_run(chosen, keep=True):
    """A fresh run (iteration 0) for ``chosen`` settings; ``keep`` makes it the
    session's model."""
    pair = digit_pair(chosen.negative, chosen.positive)
    run = TrainingRun(pair, learning_rate=chosen.learning_rate,
                      num_iterations=chosen.iterations)
    if keep:
        st.session_state["run"] = run
    return run


def current_run():
    """The session's model, or None before anything was trained."""
    return st.session_state.get("run")
