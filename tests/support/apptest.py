"""The app under Streamlit's AppTest, as the page tests open and drive it.

AppTest has no public API for two things the tests need; they are confined here:

* Sending the server widget states of our own making: a Components v2 component's
  trigger (the live view's "ended", "pause", ... events, which AppTest cannot fire
  because it runs no JavaScript) and one click delivered twice (a retry on a flaky
  network). Missing public API: a way to set a custom component's trigger value and to
  re-send a script-run request. Here: ``AppTest._tree.get_widget_states()`` and
  ``AppTest._run(states)``.
* What a download button hands the browser. Missing public API: AppTest's element for
  ``st.download_button`` does not expose its data. Here: a spy on
  ``MemoryMediaFileStorage.load_and_get_id``, through pytest's ``monkeypatch``.
"""

import base64
import io
from pathlib import Path

import numpy as np
from PIL import Image
from streamlit.testing.v1 import AppTest

from playground import drawing_pad
from playground.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent.parent
APP = str(ROOT / "app.py")
PAGE_SCRIPTS = [p.script for p in PAGES]  # every page, in the navigation's order


def open_app(page=None, query=None):
    """The app as a new session opened on ``page`` (a script of ``PAGE_SCRIPTS``) with
    the link's ``query``; no exception allowed."""
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metrics(at):
    """The metrics on screen, label -> value."""
    return {m.label: m.value for m in at.metric}


def train(at, speed="Instant"):
    """Press Train and let the browser play the run to its end."""
    from tests.support import live

    at.segmented_control(key="speed").set_value(speed).run()
    next(b for b in at.button if b.label == "Train").click().run()
    assert not at.exception, at.exception
    live.play_to_the_end(at)
    assert not at.exception, at.exception
    return at


# Draw's canvas cannot be imported outside a running app, so a test sets the value the
# component would report (``at.session_state["canvas"] = canvas_value(square)``).

def on_canvas(square, band=None):
    """A 280x280 drawing as the whole canvas returns it: the toolbar strip above it
    (empty, or ``band``: RGBA ink drawn into the strip) and the drawing square."""
    strip = np.zeros((drawing_pad.BAND, drawing_pad.SIZE, 4), np.uint8) if band is None \
        else band
    return np.concatenate([strip, square], axis=0)


def canvas_value(rgba):
    """What the canvas reports after a stroke: the fabric.js JSON and a PNG data URL.
    ``rgba`` is the whole canvas, or just the 280x280 drawing square (an empty toolbar
    strip is put above it)."""
    if rgba.shape[0] == drawing_pad.SIZE:
        rgba = on_canvas(rgba)
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return {"drawing": {"raw": {"objects": [{"type": "path"}]},
                        "data": f"data:image/png;base64,{data}"}, "backgroundFit": None}



# ---- beyond AppTest's public API (see the module's docstring) -----------------------

def widget_states(at):
    """The widget states the browser would send now (a click set with ``.click()``
    included), to be sent with ``send``."""
    return at._tree.get_widget_states()


def send(at, states):
    """One script run with ``states``, as if the browser had sent them."""
    at._run(states)


def trigger(at, widget_id, event, value):
    """Send a Components v2 component's trigger ``event`` with ``value`` (a dict), as its
    JavaScript would, for the component whose element id is ``widget_id``."""
    import json

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = widget_states(at)
    state = WidgetState()
    state.id = f"$$STREAMLIT_INTERNAL_KEY_{widget_id}__events"
    state.json_trigger_value = json.dumps([{"event": event, "value": value}])
    states.widgets.append(state)
    send(at, states)


def spy_on_downloads(monkeypatch):
    """A dict that fills, by file name, with what each download button would hand the
    browser (text for text files)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        saved[filename] = (path_or_data.decode() if isinstance(path_or_data, bytes)
                           else path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return saved
