"""A small app around the live view, for its browser tests and for looking at it:

    streamlit run tests/live_view_demo.py
    open http://localhost:8501/?seconds=2.5

It trains a real run (0 vs 1, 1000 iterations by default) and plays it through the
Train page's own protocol (``playground.playback``): Train plays the whole run over
``seconds``; with ``play=1`` it is streamed as Play streams it, in segments of one second
(each asks for the next with a "more" event), at the pace of a whole run in
``seconds``. Pause rewinds the run to the iteration on screen and shows it still; Play
streams on from there. The last event received is shown as JSON.

Query parameters: seconds (a whole run's screen time), play, iterations, neg, pos, lr,
animate (0 draws only the end), width (px, to try narrow layouts).
"""

import json
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's folder

from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground import playback
from playground.live_view import live_view

st.set_page_config(page_title="Live view demo", layout="wide")
query = st.query_params
SECONDS = float(query.get("seconds", 2.5)) if query.get("animate", "1") != "0" else 0.0
PLAY = query.get("play") == "1"
SETTINGS = RunSettings(int(query.get("neg", 0)), int(query.get("pos", 1)),
                       learning_rate=float(query.get("lr", 0.05)),
                       num_iterations=int(query.get("iterations", 1000)))


def on_event(event):
    if isinstance(event, dict) and event.get("id") not in ss["shown"].seen:
        ss["events"].append(event)
    ss["shown"] = ss["shown"].on_event(event, ss["run"], seconds=SECONDS)
    ss["run"] = ss["shown"].run  # rewound by a pause


def train():
    """Start again from iteration 0, as the Train button does."""
    ss["run"] = TrainingRun(SETTINGS)
    start = playback.play if PLAY else playback.train
    ss["shown"] = start(ss["run"], SECONDS, ss.get("shown"))


ss = st.session_state
if "run" not in ss:
    ss["events"] = []
    train()

st.title("Live view demo")
st.button("Train", on_click=train)
width = query.get("width")
with st.container(width=int(width) if width else "stretch"):
    live_view(ss["shown"].payload, key="live", on_event=on_event)
last = ss["events"][-1] if ss["events"] else None
payload = ss["shown"].payload
st.caption(f"Events: {', '.join(e['event'] for e in ss['events']) or 'none'}. "
           f"The server's run is at iteration "
           f"{ss['run'].iteration}; payload {payload['playback']} segment "
           f"{payload['segment']}, {len(json.dumps(payload)) // 1000} kB")
st.code(json.dumps(last), language=None)
