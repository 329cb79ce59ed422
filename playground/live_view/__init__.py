"""The live view: a run's trajectory played back in the browser at the display's rate.

The server records what the neuron went through (``logreg.trajectory``) and sends it
once; the browser draws the progress ``Iteration i / n``, the cost and accuracy curves,
every image on the sigmoid, and the weight and gradient pictures, frame by frame, with
a Play / Pause button beside the progress bar. A Streamlit Components v2 component:
inline JavaScript and CSS in an open shadow root, no iframe, no build step.

    from logreg import trajectory
    traj = trajectory.record(run, n, trajectory.frames_for(2.5))
    events = live_view(trajectory.payload(run, traj, playback="p1"), key="live",
                       on_event=handle)

Events (each a dict; ``id`` is unique per event, so a duplicated delivery can be
recognised; ``seq`` orders the events of one view; ``click`` counts the user's clicks):

- ``{"event": "more", "playback", "segment", "id", "seq"}``: a non-final segment has
  about 40% of its screen time left; send segment + 1 of the same playback (once per
  segment). If it comes late, the last frame stays on screen until it does.
- ``{"event": "ended", "playback", "segment", "iteration", "id", "seq"}``: the last
  frame of a final, animated segment is on screen.
- ``{"event": "pause", "playback", "segment", "iteration", "click", "id", "seq"}``: the
  user pressed Pause; the view stopped at the frame on screen, whose iteration this is.
  Later segments of that playback are ignored.
- ``{"event": "play", "playback", "iteration", "click", "id", "seq"}``: the user pressed
  Play while the view was idle (the button then waits, disabled, for a new playback).
"""

import functools
from pathlib import Path

import streamlit as st

from playground import palette

EVENTS = ("more", "ended", "pause", "play")
_HERE = Path(__file__).resolve().parent
_JS = (_HERE / "live_view.js").read_text(encoding="utf-8")
# the playground's colours first, as CSS variables the stylesheet and the script read
_CSS = palette.css_variables() + (_HERE / "live_view.css").read_text(encoding="utf-8")

_component = st.components.v2.component(
    "playground_live_view", js=_JS, css=_CSS, isolate_styles=True)


def _dispatch(key, name, on_event):
    """A trigger arrived: hand its value to ``on_event`` (runs before the script)."""
    value = st.session_state[key][name]
    if value is not None and on_event is not None:
        on_event(value)


def live_view(payload, *, key, on_event=None):
    """Mount the live view with ``payload`` (``logreg.trajectory.payload``).

    ``key`` identifies the view across reruns (keep it stable: the playback goes on
    in the browser as long as the element stays). ``on_event(event)`` is called for
    each event, as a callback, before the script runs. Returns the events of this run
    (a list of dicts, oldest first; empty when there are none).
    """
    if not isinstance(payload, dict) or "playback" not in payload:
        raise TypeError("payload must be the dict made by logreg.trajectory.payload")
    callbacks = {f"on_{name}_change": functools.partial(_dispatch, key, name, on_event)
                 for name in EVENTS}
    result = _component(key=key, data=payload, **callbacks)
    events = [result[name] for name in EVENTS if result.get(name) is not None]
    return sorted(events, key=lambda event: event.get("seq", 0))
