"""The live view under AppTest: what it was sent, and the events a browser sends back.

AppTest runs no JavaScript, so a test reads the payload the page sent (the component's
data) and plays the browser's part with ``fire``: "ended" when the last frame would be
on screen, "pause" with the iteration on screen, "play" for its Play button, "more"
when a segment of Play is 60% through.
"""

import itertools
import json

from tests.support import apptest

_ids = itertools.count(1)

def component(at):
    """The live view's element (AppTest knows it only as a "bidi_component")."""
    return next(e for e in at.main if getattr(e, "type", None) == "bidi_component")


def payload(at):
    """The payload the live view was last sent (``logreg.trajectory.payload``)."""
    return json.loads(component(at).proto.json)


def shown_iteration(at):
    """The iteration the view shows at the end of its payload."""
    data = payload(at)
    frames = data["frames"]["iteration"]
    return frames[-1] if frames else data["start"]["iteration"]


def progress(at):
    """The progress text the view shows once its payload has played."""
    return f"Iteration {shown_iteration(at)} / {payload(at)['num_iterations']}"


def fire(at, kind, **fields):
    """Send the event ``kind`` as the browser would (a trigger value, then a rerun),
    for the playback now on screen unless ``fields`` say otherwise; returns the event."""
    data = payload(at)
    event = {"event": kind, "id": f"test-{next(_ids)}", "seq": next(_ids),
             "playback": data["playback"], "segment": data["segment"], **fields}
    deliver(at, event)
    return event


def deliver(at, event):
    """Deliver ``event`` (again, to test a click the browser sends twice)."""
    apptest.trigger(at, component(at).proto.id, event["event"], event)


def play_to_the_end(at):
    """Let the browser play what it was sent: "more" for each segment of Play, then
    "ended" for the final one (a still payload needs nothing)."""
    for _ in range(10_000):
        data = payload(at)
        if not data["animate"]:
            return at
        if data["final"]:
            fire(at, "ended", iteration=shown_iteration(at))
            return at
        fire(at, "more")
    raise AssertionError("the playback never reached a final segment")
