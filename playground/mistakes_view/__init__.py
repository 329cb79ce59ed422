"""Train's "Mistakes" tab as one element: the confusion matrix, the test images of the
square chosen, and the hardest test images, drawn in the browser from one small payload.
A click on a square changes the images at once (no script run: a class can click
through the squares while the server serves everyone else). A Streamlit Components v2
component: inline JavaScript and CSS in an open shadow root, no iframe, no build step.

    mistakes_view(payload(predictions, pair), key="mistakes")
"""

from pathlib import Path

import numpy as np
import streamlit as st

from logreg.trajectory import encode_u8
from playground import palette

DRILLDOWN_MAX = 24  # test images shown for one square of the confusion matrix
HARDEST = 16  # the hardest test images shown
_HERE = Path(__file__).resolve().parent

_component = st.components.v2.component(
    "playground_mistakes_view", js=(_HERE / "mistakes_view.js").read_text(encoding="utf-8"),
    css=palette.css_variables() + (_HERE / "mistakes_view.css").read_text(encoding="utf-8"),
    isolate_styles=True)  # the playground's colours first, as CSS variables


def square_look(count, correct):
    """How a square of the confusion matrix is coloured (``mistakes_view.css``):
    "empty" (grey) when it holds no image, else "right" (green) or "wrong" (red)."""
    return "empty" if count == 0 else "right" if correct else "wrong"


def default_cell(pair, counts):
    """The square shown before any click: the biggest group of mistakes, if any."""
    wrong = [((pair.negative, pair.positive), counts[0, 1]),
             ((pair.positive, pair.negative), counts[1, 0])]
    cell, n = max(wrong, key=lambda item: item[1])
    return cell if n else (pair.positive, pair.positive)


def payload(predictions, pair):
    """What the view draws, from ``logreg.evaluation.predictions_on_test_set``: for each
    square (rows: the true digit, columns: the digit read) its count, colour, title and
    the test images it shows; the hardest images; every test image (uint8 counts 0-16,
    base64) with its true digit, the digit read and P(positive)."""
    counts = predictions.confusion()
    digits = (pair.negative, pair.positive)
    cells = []
    for i, true in enumerate(digits):
        row = []
        for j, pred in enumerate(digits):
            n = int(counts[i, j])
            images = "image" if n == 1 else "images"
            verdict = "correctly" if i == j else "wrongly"
            row.append({
                "count": n, "look": square_look(n, correct=i == j),
                "title": f"{n} test {images} of {true} read {verdict} as {pred}",
                "help": f"{n} test {images} of {true} read as {pred}: click to see them",
                "shown": [int(k) for k in predictions.where(true, pred)[:DRILLDOWN_MAX]],
            })
        cells.append(row)
    images = np.clip(np.round(np.asarray(predictions.images)), 0, 16).reshape(-1, 64)
    return {
        "negative": int(pair.negative), "positive": int(pair.positive),
        "cells": cells,
        "selected": [int(d) for d in default_cell(pair, counts)],
        "hardest": [int(k) for k in predictions.hardest(HARDEST)],
        "images": encode_u8(images),
        "true": [int(d) for d in predictions.true],
        "predicted": [int(d) for d in predictions.predicted],
        "probability": [round(float(p), 4) for p in predictions.probability],
    }


def mistakes_view(data, *, key):
    """Mount the view with ``data`` (``payload``)."""
    if not isinstance(data, dict) or "cells" not in data:
        raise TypeError("data must be the dict made by playground.mistakes_view.payload")
    _component(key=key, data=data)
