"""A small app around the live view, for its browser tests and for looking at it:

    streamlit run tests/live_view_demo.py
    open http://localhost:8501/?seconds=2.5&segments=1

It trains a real run (0 vs 1, 1000 iterations by default) and plays it: one final
segment (Train), or ``segments`` streamed ones (Play: each asks for the next with a
"more" event). Pause rebuilds the run at the paused iteration and draws it without
animation; Play streams on from there. The last event received is shown as JSON.

Query parameters: seconds (per segment), segments, iterations, neg, pos, lr, animate
(0 draws only the end), width (px, to try narrow layouts).
"""

import json
import math
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's folder

from logreg import trajectory
from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground.live_view import live_view

st.set_page_config(page_title="Live view demo", layout="wide")
query = st.query_params
SECONDS = float(query.get("seconds", 2.5))
SEGMENTS = max(1, int(query.get("segments", 1)))
ITERATIONS = int(query.get("iterations", 1000))
NEG, POS = int(query.get("neg", 0)), int(query.get("pos", 1))
LEARNING_RATE = float(query.get("lr", 0.05))
ANIMATE = query.get("animate", "1") != "0"
CHUNK = math.ceil(ITERATIONS / SEGMENTS)  # iterations per segment


def new_run(at=0):
    """The demo's run, at iteration ``at`` (runs are deterministic: replaying is exact)."""
    run = TrainingRun(RunSettings(NEG, POS, learning_rate=LEARNING_RATE,
                                  num_iterations=ITERATIONS))
    return run.advance(at)


def send(run, segment, animate=True):
    """Record the next segment of ``run`` and make it the payload to show."""
    n = min(CHUNK, run.remaining) if animate else 0
    traj = trajectory.record(run, n, trajectory.frames_for(SECONDS if animate else 0))
    ss["payload"] = trajectory.payload(
        run, traj, playback=f"p{ss['playbacks']}", segment=segment,
        final=run.done or not animate, animate=animate and ANIMATE, seconds=SECONDS)


def new_playback(run):
    ss["playbacks"] += 1
    send(run, 0)


def on_event(event):
    if event["id"] in ss["seen"]:  # delivered twice
        return
    ss["seen"].add(event["id"])
    ss["events"].append(event)
    payload = ss["payload"]
    if event["event"] == "more" and event["playback"] == payload["playback"] \
            and event["segment"] == payload["segment"] and not payload["final"]:
        send(ss["run"], payload["segment"] + 1)
    elif event["event"] == "pause":
        ss["run"] = new_run(event["iteration"])
        ss["playbacks"] += 1
        send(ss["run"], 0, animate=False)
    elif event["event"] == "play":
        new_playback(ss["run"])


def train():
    """Start again from iteration 0, as the Train button does."""
    ss["run"] = new_run()
    new_playback(ss["run"])


ss = st.session_state
if "run" not in ss:
    ss.update(playbacks=0, events=[], seen=set())
    train()

st.title("Live view demo")
st.button("Train", on_click=train)
width = query.get("width")
with st.container(width=int(width) if width else "stretch"):
    live_view(ss["payload"], key="live", on_event=on_event)
last = ss["events"][-1] if ss["events"] else None
st.caption(f"Events: {', '.join(e['event'] for e in ss['events']) or 'none'}. "
           f"The server's run is at iteration "
           f"{ss['run'].iteration}; payload {ss['payload']['playback']} segment "
           f"{ss['payload']['segment']}, {len(json.dumps(ss['payload'])) // 1000} kB")
st.code(json.dumps(last), language=None)
