"""The Draw page through AppTest, with a drawing supplied as the canvas's value.

(The canvas component can only be imported inside a running app, so it is never
imported here: the test sets the value the component would report.)"""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from tests.drawn_digits import draw_digit
from tests.test_app import metrics, open_app


def canvas_value(rgba):
    """What the canvas reports after a stroke: the fabric.js JSON and a PNG data URL."""
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return {"drawing": {"raw": {"objects": [{"type": "path"}]},
                        "data": f"data:image/png;base64,{data}"}, "backgroundFit": None}


def draw_page(rgba=None, model=None):
    at = open_app("app_pages/draw.py")
    if rgba is not None:
        at.session_state["canvas"] = canvas_value(rgba)
    if model is not None:
        at.radio(key="draw_model").set_value(model)
    at.run()
    assert not at.exception, at.exception
    return at


def prediction(at):
    value = metrics(at)["Prediction"]
    return int(re.match(r"(\d)", value).group(1))


def test_an_empty_canvas_gets_a_friendly_prompt():
    at = draw_page()
    assert "Prediction" not in metrics(at)
    assert any("Draw a digit on the canvas" in i.value for i in at.info)


@pytest.mark.parametrize("digit, where", [
    (1, dict(size=220, center=(140, 140))),
    (0, dict(size=220, center=(140, 140))),
    (1, dict(size=60, center=(60, 210), thickness=8)),  # small, off-centre, thin
    (0, dict(size=70, center=(215, 60), thickness=10)),
])
def test_the_default_model_reads_a_drawn_0_or_1_anywhere(digit, where):
    at = draw_page(draw_digit(digit, **where))
    assert prediction(at) == digit
    assert any("0-vs-1 neuron trained just now" in c.value for c in at.caption)


def test_the_answer_is_explained_with_its_numbers():
    at = draw_page(draw_digit(1, size=200))
    latex = [l.value.strip("$\n ") for l in at.latex]
    z = float(latex[0].rsplit("=", 1)[1])  # z = ... = 5.79
    assert z > 0, latex[0]
    p = float(re.search(r"= (0\.\d+|1\.000)", latex[1]).group(1))
    assert p == pytest.approx(1 / (1 + np.exp(-z)), abs=2e-3)
    assert len(at.get("plotly_chart")) >= 6, "probability, four stages, contribution map"


def test_the_session_model_is_used_when_there_is_one():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "7", "iterations": "300", "lr": "0.5"})
    at.button(key="plus100").click().run()
    at.switch_page("app_pages/draw.py")
    at.session_state["canvas"] = canvas_value(draw_digit(7, size=200))
    at.run()
    assert prediction(at) == 7
    assert any("your neuron from Train: 3 vs 7" in c.value for c in at.caption)


def test_the_ten_digit_model_answers_with_its_most_confident_neuron():
    at = draw_page(draw_digit(4, size=200), model="The ten-digit model (ten neurons)")
    assert prediction(at) == 4
    assert "its neuron:" in metrics(at)["Prediction"] and "% sure" in metrics(at)["Prediction"]
