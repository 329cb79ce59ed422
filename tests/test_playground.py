"""The app's pure helpers: figures and pacing, tested without Streamlit."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from logreg import load_digit_pair
from playground import figures


def test_weight_heatmap_is_centred_at_zero_and_shows_the_bias():
    w = np.linspace(-0.5, 2.0, 64).reshape(64, 1)
    fig = figures.weight_heatmap(w, -1.25)
    heat = fig.data[0]
    assert isinstance(heat, go.Heatmap)
    assert np.asarray(heat.z).shape == (8, 8)
    assert heat.zmid == 0 and heat.zmin == -heat.zmax == -2.0
    assert np.asarray(heat.z)[0, 0] == -0.5 and np.asarray(heat.z)[7, 7] == 2.0
    assert fig.layout.title.text == "Weights w (bias b = −1.2)"


def test_cost_curves_show_train_and_test():
    fig = figures.cost_curves([0, 10, 20], [0.69, 0.3, 0.2], [0.69, 0.35, 0.25])
    assert [t.name for t in fig.data] == ["train", "test"]
    assert list(fig.data[1].y) == [0.69, 0.35, 0.25]


def test_digit_grid_tiles_every_image():
    images = np.arange(5 * 64).reshape(5, 8, 8) % 17
    fig = figures.digit_grid(images, n_cols=3)
    canvas = np.asarray(fig.data[0].z, dtype=float)
    np.testing.assert_array_equal(canvas[0:8, 0:8], images[0])
    np.testing.assert_array_equal(canvas[9:17, 9:17], images[4])
    assert np.isnan(canvas[8, 0]), "images are separated by a gap"


def test_the_mistakes_payload_holds_each_squares_images_and_the_hardest():
    from sklearn.metrics import confusion_matrix

    from logreg.evaluation import predictions_on_test_set
    from logreg.trajectory import decode_u8
    from playground.mistakes_view import DRILLDOWN_MAX, HARDEST, default_cell, payload

    pair = load_digit_pair(3, 8)
    rng = np.random.default_rng(1)
    w, b = rng.normal(0, 0.05, (64, 1)), 0.1  # a poor neuron: mistakes both ways
    p = predictions_on_test_set(w, b, pair)
    data = payload(p, pair)
    truth = pair.digits_test
    read = np.where(1 / (1 + np.exp(-(w[:, 0] @ pair.X_test + b))) > 0.5, 8, 3)
    expected = confusion_matrix(truth, read, labels=[3, 8])
    assert [[c["count"] for c in row] for row in data["cells"]] == expected.tolist()
    assert expected[0, 1] and expected[1, 0], "this neuron errs both ways"
    for i, t in enumerate((3, 8)):
        for j, r in enumerate((3, 8)):
            cell = data["cells"][i][j]
            where = np.flatnonzero((truth == t) & (read == r))
            assert cell["shown"] == where[:DRILLDOWN_MAX].tolist()
            word = "correctly" if i == j else "wrongly"
            assert cell["title"] == (f"{len(where)} test image{'' if len(where) == 1 else 's'}"
                                     f" of {t} read {word} as {r}")
            assert cell["look"] == ("empty" if not len(where) else "right" if i == j else "wrong")
    assert data["selected"] == list(default_cell(pair, expected))
    assert data["selected"] in ([3, 8], [8, 3]), "opens on the biggest group of mistakes"
    assert len(data["hardest"]) == HARDEST and data["hardest"] == p.hardest(HARDEST).tolist()
    images = decode_u8(data["images"], 64)
    np.testing.assert_array_equal(images, pair.images_test.reshape(-1, 64))
    assert data["true"] == truth.tolist() and data["predicted"] == read.tolist()
    np.testing.assert_allclose(data["probability"], p.probability, atol=1e-4)


def test_flatten_and_means_and_diagram_use_the_pixels():
    pair = load_digit_pair(0, 1)
    image = pair.images_train[0]
    fig = figures.flatten_figure(image)
    np.testing.assert_array_equal(np.asarray(fig.data[1].z), image.reshape(1, 64) / 16)
    fig = figures.mean_images_figure(image, image * 0, 0, 1)
    np.testing.assert_allclose(np.asarray(fig.data[2].z), -image)
    fig = figures.neuron_diagram(image)
    np.testing.assert_array_equal(np.asarray(fig.data[0].marker.color), image.ravel())


def test_settle_memory_sets_the_libraries_aside_once_per_process():
    code = ("import gc; from playground import server; before = gc.get_freeze_count(); "
            "server.settle_memory(); frozen = gc.get_freeze_count(); "
            "server.settle_memory(); print(before, frozen, gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent,
                         timeout=120).stdout
    before, frozen, again = map(int, out.split()[-3:])
    assert before == 0 and frozen > 50_000, "plotly, SciPy and scikit-learn are set aside"
    assert again == frozen, "the second call does nothing"


def test_streamlits_theme_is_the_palettes():
    """.streamlit/config.toml cannot import Python: its colours are held to the palette."""
    import tomllib

    from playground import palette

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit"
                            / "config.toml").read_text())
    assert {key: config["theme"][key] for key in palette.THEME} == palette.THEME


def test_the_live_views_weight_colours_are_the_charts():
    """The live view paints weights with its own copy of plotly's RdBu (reversed): the
    same stops, so a weight looks the same in the live view and in a chart."""
    import json
    import re

    from plotly.colors import diverging

    from playground import palette

    js = (Path(__file__).resolve().parent.parent / "playground" / "live_view"
          / "live_view.js").read_text()
    stops = json.loads(re.search(r"const RDBU = (\[.*?\]\]);", js, re.S).group(1))
    assert palette.DIVERGING == "RdBu_r"
    assert [f"rgb({r},{g},{b})" for r, g, b in stops] == diverging.RdBu[::-1]


def test_the_components_get_the_palette_as_css_variables():
    from playground import palette

    rule = palette.css_variables()
    assert rule.startswith(":host {") and f"--pg-train: {palette.TRAIN};" in rule
    assert palette.rgba(palette.TRAIN, 0.9) == "rgba(31,95,191,0.9)"
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert palette.text_color_on(palette.RIGHT) == "#ffffff"
