"""The Draw page through AppTest, with a drawing supplied as the canvas's value.

(The canvas component can only be imported inside a running app, so it is never
imported here: the test sets the value the component would report.)"""

import io
import re

import numpy as np
import pytest
from PIL import Image

from playground import drawing_pad
from tests.support.drawn_digits import draw_digit
from tests.support.apptest import canvas_value, metrics, on_canvas, open_app

PAIR, TEN = "The pair neuron (from Train)", "The ten-digit model (ten neurons)"


def draw_page(square=None, model=None, query=None):
    at = open_app("app_pages/draw.py", query)
    if square is not None:
        at.session_state["canvas"] = canvas_value(square)
    if model is not None:
        at.radio(key="draw_model").set_value(model)
    at.run()
    assert not at.exception, at.exception
    return at


def prediction(at):
    value = metrics(at)["Prediction"]
    return int(re.match(r"(\d)", value).group(1))


def messages(at):
    """Every message box the page shows: (kind, text)."""
    return [(kind, box.value) for kind in ("info", "warning", "error", "success")
            for box in getattr(at, kind)]


def test_an_empty_canvas_gets_one_friendly_prompt():
    at = draw_page()
    assert "Prediction" not in metrics(at)
    assert messages(at) == [("info", "Draw a digit in the white square and the neuron will "
                                     "answer here.")]


def test_with_nothing_trained_draw_opens_on_the_ten_digit_model():
    at = draw_page(draw_digit(7, size=200))
    assert at.radio(key="draw_model").value == TEN
    assert prediction(at) == 7, "a 7 is read as a 7, not as 0 or 1"


@pytest.mark.parametrize("digit, where", [
    (1, dict(size=220, center=(140, 140))),
    (0, dict(size=220, center=(140, 140))),
    (1, dict(size=60, center=(60, 210), thickness=8)),  # small, off-centre, thin
    (0, dict(size=70, center=(215, 60), thickness=10)),  # top right, under the old toolbar
])
def test_the_tutorial_pair_neuron_reads_a_drawn_0_or_1_anywhere(digit, where):
    at = draw_page(draw_digit(digit, **where), model=PAIR)
    assert prediction(at) == digit
    captions = " ".join(c.value for c in at.caption)
    assert "0-vs-1 neuron trained just now with the tutorial's settings (nothing is " \
           "trained in this session yet)" in captions
    assert at.button(key="draw_train_now").label == "Train 0 vs 1 now"


def test_the_pair_neuron_says_next_to_its_answer_that_it_knows_only_two_digits():
    at = draw_page(draw_digit(7, size=200), model=PAIR)
    assert prediction(at) in (0, 1)
    said = [m.value for m in at.markdown if "can only answer" in m.value]
    assert said and "This neuron can only answer 0 or 1" in said[0]
    # it sits right under the prediction, before the probability chart
    assert messages(at) == []


def test_ink_in_the_toolbar_strip_is_not_read():
    square = draw_digit(1, size=200)
    band = np.zeros((drawing_pad.BAND, drawing_pad.SIZE, 4), np.uint8)
    band[5:35, 10:270] = (0, 0, 0, 255)  # a bar of ink across the strip

    def seen(canvas):
        """The page's first preprocessing stage (your ink, cropped) and its answer."""
        at = open_app("app_pages/draw.py")
        at.session_state["canvas"] = canvas_value(canvas)
        at.run()
        stage = next(c.proto.spec for c in at.get("plotly_chart") if "your ink" in c.proto.spec)
        return stage, metrics(at)["Prediction"]

    assert seen(on_canvas(square, band)) == seen(on_canvas(square))
    crossed = square.copy()
    crossed[:30, 10:270] = (0, 0, 0, 255)  # the same bar inside the square is read
    assert seen(crossed)[0] != seen(on_canvas(square))[0]


def test_the_answer_is_explained_with_its_numbers():
    at = draw_page(draw_digit(1, size=200), model=PAIR)
    latex = [l.value.strip("$\n ") for l in at.latex]
    z = float(re.search(r"= (-?[\d.]+)\\end\{aligned\}$", latex[0]).group(1))  # ... = 5.79
    assert z > 0, latex[0]
    p = float(re.search(r"= (0\.\d+|1\.000)", latex[1]).group(1))
    assert p == pytest.approx(1 / (1 + np.exp(-z)), abs=2e-3)
    assert len(at.get("plotly_chart")) >= 6, "probability, four stages, contribution map"


def test_draw_tells_the_truth_about_train_and_offers_to_train():
    # 3 vs 8 trained (with Draw's own button), then 1 vs 8 chosen on Lab's map, Train opened
    at = draw_page(query={"neg": "3", "pos": "8"}, model=PAIR)
    assert any("Train 3 vs 8 now" == b.label for b in at.button)
    at.button(key="draw_train_now").click().run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Answers with your neuron from Train: 3 vs 8, 1000 iterations." in captions
    assert not any(b.key == "draw_train_now" for b in at.button), "nothing left to offer"

    at.switch_page("app_pages/lab.py").run()
    at.session_state["pair-map"] = {"selection": {"points": [{"customdata": [8, 1]}],
                                                  "point_indices": [0], "box": [],
                                                  "lasso": []}}
    at.run()
    at.switch_page("app_pages/train.py").run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/draw.py").run()
    at.session_state["canvas"] = canvas_value(draw_digit(3, size=200))
    at.run()
    assert at.radio(key="draw_model").value == PAIR, "something was trained: the pair"
    captions = " ".join(c.value for c in at.caption)
    assert "Answers with your last trained neuron: 3 vs 8, 1000 iterations." in captions
    assert "Train's run, **1 vs 8**, is at iteration 0: it has not been trained yet." \
        in captions
    assert "nothing" not in captions.lower()
    assert prediction(at) == 3
    assert "This neuron can only answer 3 or 8" in " ".join(m.value for m in at.markdown)

    at.button(key="draw_train_now").click().run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Answers with your neuron from Train: 1 vs 8, 1000 iterations." in captions
    assert at.session_state["run"].iteration == 1000
    assert prediction(at) in (1, 8)


def test_the_ten_digit_model_answers_with_its_most_confident_neuron():
    at = draw_page(draw_digit(4, size=200), model=TEN)
    assert prediction(at) == 4
    assert "its neuron:" in metrics(at)["Prediction"] and "% sure" in metrics(at)["Prediction"]
    assert not any("can only answer" in m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert "96.7% right on held-out test images" in captions
    assert "They read handwriting like yours because they learned not only from the " \
           "dataset's scanned digits but also from each one redrawn 6 times" in captions


def png(array):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(data, name="photo.png"):
    """The Draw page after ``data`` was uploaded as a photo."""
    at = open_app("app_pages/draw.py")
    at.segmented_control(key="draw_source").set_value("Upload a photo").run()
    assert messages(at) == [("info", "Upload a photo of a digit and the neuron will "
                                     "answer here.")]
    at.file_uploader(key="upload").set_value((name, data, "image/png")).run()
    assert not at.exception, at.exception
    return at


def test_a_photo_of_a_digit_is_read():
    paper = np.full((300, 240), 235, np.uint8)
    ink = draw_digit(7, size=180, center=(140, 140), thickness=18)[:, :, 3]  # (280, 280)
    paper[10:290, :] = np.minimum(paper[10:290, :], 255 - ink[:, 20:260])
    at = upload(png(paper))
    assert prediction(at) == 7
    assert messages(at) == []


@pytest.mark.parametrize("picture, reason", [
    (np.full((200, 200), 240, np.uint8), "blank"),
    (np.pad(np.zeros((3, 3), np.uint8), 98, constant_values=240), "speck"),
])
def test_a_photo_without_a_digit_says_so_in_one_message(picture, reason):
    at = upload(png(picture))
    assert "Prediction" not in metrics(at)
    shown = messages(at)
    assert len(shown) == 1, f"one message at a time, got {shown}"
    kind, text = shown[0]
    assert kind == "warning" and "in this picture" in text
    assert ("No ink was found" in text) == (reason == "blank")
    assert "canvas" not in text.lower() and "draw a digit" not in text.lower()


@pytest.mark.parametrize("data", [b"this is not a picture at all" * 10,
                                  png(np.full((64, 64), 200, np.uint8))[:60]])
def test_a_file_that_cannot_be_read_gets_one_message(data):
    at = upload(data, "broken.png")
    shown = messages(at)
    assert len(shown) == 1 and shown[0][0] == "error", shown
    assert shown[0][1].startswith("That file can't be used: ")
    assert "Prediction" not in metrics(at)
