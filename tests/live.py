"""The live view under AppTest: what it was sent, and the events a browser sends back.

AppTest runs no JavaScript, so a test reads the payload the page sent (the component's
data) and plays the browser's part with ``fire``: "ended" when the last frame would be
on screen, "pause" with the iteration on screen, "play" for its Play button, "more"
when a segment of Play is 60% through.
"""

import itertools
import json

_ids = itertools.count(1)

# In a real browser: the progress text the live view shows (it draws in an open shadow
# root), as a JavaScript expression.
LIVE = "[data-testid='stBidiComponentIsolated']"
PROGRESS_TEXT = ("(() => { const h = document.querySelector(\"" + LIVE + "\"); "
                 "const t = h && h.shadowRoot && h.shadowRoot.querySelector('.lv-progress-text'); "
                 "return t ? t.textContent : ''; })()")


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
    for the playback now on screen unless ``fields`` say otherwise; returns the event.

    AppTest has no public way to set a component's trigger: this builds the widget state
    the frontend would send (``_tree`` and ``_run`` are AppTest's own, not the app's)."""
    data = payload(at)
    event = {"event": kind, "id": f"test-{next(_ids)}", "seq": next(_ids),
             "playback": data["playback"], "segment": data["segment"], **fields}
    deliver(at, event)
    return event


def deliver(at, event):
    """Deliver ``event`` (again, to test a click the browser sends twice)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = at._tree.get_widget_states()
    trigger = WidgetState()
    trigger.id = f"$$STREAMLIT_INTERNAL_KEY_{component(at).proto.id}__events"
    trigger.json_trigger_value = json.dumps([{"event": event["event"], "value": event}])
    states.widgets.append(trigger)
    at._run(states)


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
