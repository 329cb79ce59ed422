"""Charts a class reads: notation as a student writes it, colour bars in plain numbers,
text that can be read on its colour, and colours that mean what they seem to."""

import json
import re
from pathlib import Path

import numpy as np
import plotly.colors
import pytest

from logreg.pairs import all_pairs_accuracy
from playground import concept_figures, figures
from playground.formats import plain

ROOT = Path(__file__).resolve().parents[1]

# letters the charts' font lacks: phonetic-extension and subscript letters (ᵢ, ᵀ, ₐ ...)
MISSING_GLYPHS = re.compile("[\u1d00-\u1dbf\u2090-\u209c]")


def wcag_contrast(rgb_a, rgb_b):
    """WCAG 2 contrast ratio of two (r, g, b) colours 0-255, written out independently
    of the app's own helper."""
    def luminance(rgb):
        c = np.asarray(rgb, dtype=float) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(color):
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(float(v) for v in re.findall(r"[\d.]+", color)[:3])


def texts_of(fig):
    """Every piece of text a figure shows: titles, axis titles, annotations, ticks."""
    spec = json.loads(fig.to_json())
    found = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("text", "ticktext", "name", "title"):
            found.append(node)
    walk(spec["layout"])
    for trace in spec["data"]:
        walk({k: v for k, v in trace.items() if k in ("name", "text", "colorbar", "marker")})
    return found


def test_weights_are_titled_as_a_student_writes_them():
    fig = figures.weight_heatmap(np.linspace(-0.4, 0.4, 64), 0.06562)
    assert fig.layout.title.text == "Weights w (bias b = 0.066)"
    fig = figures.weight_heatmap(np.linspace(-1e-3, 1e-3, 64), -8.3e-4, title="Gradient dw",
                                 bias_name="db")
    assert fig.layout.title.text == "Gradient dw (db = −8.3 × 10⁻⁴)"
    fig = figures.weight_heatmap(np.ones(64), 2.5, title="Each pixel's push "
                                                         "w<sub>i</sub>x<sub>i</sub>")
    assert fig.layout.title.text == "Each pixel's push w<sub>i</sub>x<sub>i</sub> (bias b = 2.5)"
    assert "·" not in fig.layout.title.text


@pytest.mark.parametrize("limit, ticks, unit", [
    (2.0, ["−2", "−1", "0", "1", "2"], None),
    (0.37, ["−0.2", "0", "0.2"], None),
    (0.05, ["−0.05", "0", "0.05"], None),
    (16.0, ["−10", "0", "10"], None),
    (8.3e-4, ["−5", "0", "5"], "× 10⁻⁴"),
    (3e-3, ["−2", "0", "2"], "× 10⁻³"),
    (2.5e-5, ["−2", "0", "2"], "× 10⁻⁵"),
])
def test_colour_bar_ticks_are_plain_decimals_or_a_power_of_ten(limit, ticks, unit):
    values, texts, title = figures.symmetric_ticks(limit)
    assert texts == ticks and title == unit
    assert all(-limit <= v <= limit for v in values) and 0.0 in values
    scale = 1.0 if unit is None else 10.0 ** -int(unit.split("10")[1].translate(
        str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    for value, text in zip(values, texts):  # each text is its value
        assert float(text.replace("−", "-")) == pytest.approx(value * scale, abs=1e-9)


@pytest.mark.parametrize("w, limit_word", [
    (np.linspace(-2e-4, 5e-5, 64), "× 10⁻⁴"),
    (np.linspace(-0.3, 0.9, 64), None),
])
def test_a_heatmap_colour_bar_never_writes_micro_or_e_notation(w, limit_word):
    fig = figures.weight_heatmap(w, 0.0)
    bar = fig.data[0].colorbar
    assert bar.tickmode == "array" and len(bar.tickvals) >= 3
    for text in bar.ticktext:
        assert re.fullmatch(r"−?\d+(\.\d+)?", text), text
    assert (bar.title.text if bar.title.text else None) == limit_word


def test_no_figure_uses_letters_the_chart_font_lacks_or_dot_separators():
    z = np.linspace(-10, 10, 41)
    a = 1 / (1 + np.exp(-z))
    ts = np.linspace(-5, 5, 11)
    images = np.arange(64).reshape(8, 8) % 17
    built = [
        figures.weight_heatmap(np.ones(64), 0.1),
        figures.flatten_figure(images),
        figures.mean_images_figure(images, images[::-1], 3, 8),
        figures.neuron_diagram(images),
        figures.race_curves(np.arange(5), np.ones((5, 2)), ["0.1 — smooth", "1 — smooth"]),
        concept_figures.sigmoid_chart(z, a, 2.0, a[24], 0, 1),
        concept_figures.cost_along_line_chart(ts, ts ** 2, ts * 0 + 0.5),
        concept_figures.gradient_check_chart(np.linspace(-1e-3, 1e-3, 65),
                                             np.linspace(-1e-3, 1e-3, 65),
                                             [f"dw{i}" for i in range(64)] + ["db"]),
    ]
    for fig in built:
        for text in texts_of(fig):
            assert not MISSING_GLYPHS.search(text), text
            assert " · " not in text, text
            assert "_log" not in text and "_sq" not in text, text
    line = concept_figures.cost_along_line_chart(ts, ts ** 2, ts * 0 + 0.5)
    titles = [a.text for a in line.layout.annotations]
    assert any("J<sub>log</sub>(t)" in t for t in titles)
    assert any("J<sub>sq</sub>(t)" in t for t in titles)


def test_gradient_check_axes_tick_in_plain_numbers():
    fig = concept_figures.gradient_check_chart(np.linspace(-1e-3, 1e-3, 65),
                                               np.linspace(-1e-3, 1e-3, 65),
                                               [f"dw{i}" for i in range(64)] + ["db"])
    # the points reach ±1.1 × 10⁻³: ticks at −1, 0 and 1 thousandths
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert list(axis.ticktext) == ["−1", "0", "1"]
        np.testing.assert_allclose(axis.tickvals, [-1e-3, 0, 1e-3])
        assert axis.title.text.endswith("× 10⁻³")


def test_every_number_on_the_pair_map_has_at_least_4_5_to_1_contrast():
    accuracy = all_pairs_accuracy()
    fig = figures.pair_map(accuracy, (3, 8))
    squares = fig.data[0]
    marker = squares.marker
    values = np.asarray(marker.color, dtype=float)
    shade = np.clip((values - marker.cmin) / (marker.cmax - marker.cmin), 0, 1)
    scale = [[stop, color] for stop, color in marker.colorscale]  # as plotly paints it
    backgrounds = plotly.colors.sample_colorscale(scale, shade.tolist())
    ratios = [wcag_contrast(rgb(text), rgb(back))
              for text, back in zip(squares.textfont.color, backgrounds)]
    assert min(ratios) >= 4.5, sorted(zip(ratios, squares.text))[:3]
    # the hardest pair is the darkest square, and its number is written in white
    hardest = int(np.argmin(values))
    assert squares.textfont.color[hardest] == "#ffffff"
    assert len(set(squares.textfont.color)) == 2, "black on light squares, white on dark"


@pytest.mark.parametrize("counts", [[[37, 0], [2, 33]], [[40, 0], [0, 32]], [[0, 5], [3, 0]]])
def test_an_empty_square_of_the_confusion_matrix_is_grey_not_red(counts):
    from playground import palette
    from playground.mistakes_view import square_look

    css = (ROOT / "playground" / "mistakes_view" / "mistakes_view.css").read_text()
    variables = dict(re.findall(r"--pg-(\w+): (#[0-9a-f]{6});", palette.css_variables()))
    background = {look: variables[name] for look, name in re.findall(
        r"\.mv-(\w+) \{ background-color: var\(--pg-(\w+)\); \}", css)}
    assert set(background) == {"right", "wrong", "empty"}
    assert background["empty"] not in (background["right"], background["wrong"])
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            look = square_look(count, correct=i == j)
            assert look == ("empty" if count == 0 else "right" if i == j else "wrong")
            # the count is written in white on every square
            assert wcag_contrast(rgb("#ffffff"), rgb(background[look])) >= 4.5, look


def test_the_race_can_spread_out_the_first_iterations():
    iterations = np.arange(0, 100)
    costs = np.linspace(0.7, 0.1, 100).reshape(100, 1)
    fig = figures.race_curves(iterations, costs, ["1 — smooth"], log_x=True)
    assert fig.layout.xaxis.type == "log"
    assert np.asarray(fig.data[0].x)[0] == 1, "iteration 0 has no place on a log axis"
    assert np.asarray(fig.data[0].y)[0] == costs[1, 0]
    fig = figures.race_curves(iterations, costs, ["1 — smooth"])
    assert fig.layout.xaxis.type == "linear" and np.asarray(fig.data[0].x)[0] == 0


def test_plain_numbers_carry_a_true_minus_sign():
    assert plain(-0.25) == "−0.25" and plain(-8.3e-4) == "−8.3 × 10⁻⁴"
    assert plain(0.0656, 2) == "0.066" and plain(1234) == "1234"


def test_the_drilldown_says_when_it_shows_only_some_of_a_squares_images():
    from logreg.evaluation import predictions_on_test_set
    from playground.mistakes_view import DRILLDOWN_MAX
    from tests.support.apptest import open_app, train

    at = train(open_app("app_pages/train.py"))  # 0 vs 1, the tutorial's run
    run = at.session_state["run"]
    right_ones = len(predictions_on_test_set(run.latest.w, run.latest.b, run.pair).where(1, 1))
    assert right_ones > DRILLDOWN_MAX, "a square with more images than are shown"
    view = next(e for e in at.main if getattr(e, "type", None) == "bidi_component"
                and "cells" in e.proto.json)
    cell = json.loads(view.proto.json)["cells"][1][1]  # a 1 read as 1
    assert cell["count"] == right_ones and len(cell["shown"]) == DRILLDOWN_MAX
    assert cell["title"] == f"{right_ones} test images of 1 read correctly as 1"
    # (the page adds "(the first 24 shown)" in the browser: tests/test_browser.py)