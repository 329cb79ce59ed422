"""The Concepts page: its math (logreg.gradcheck, logreg.losses), its figures, and the
page itself through AppTest."""


import json

import numpy as np
import plotly.graph_objects as go
import pytest

from logreg import load_digit_pair, propagate, sigmoid
from logreg.gradcheck import as_vector, gradient_check, numerical_gradients, relative_error
from logreg.losses import (
    bends_down,
    class_means_direction,
    compare_along_line,
    cost_along_line,
    inflection_points,
    log_loss,
    losses_against_prediction,
    second_differences,
    squared_error_cost,
    squared_loss,
    weights_direction,
)
from logreg.model import cost
from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground import concept_figures, palette
from playground.formats import probability
from tests.support.apptest import metrics, open_app


def relative_error_shown(at):
    """The "Relative error" metric (written 1.2 × 10⁻⁹) as a number."""
    mantissa, power = metrics(at)["Relative error"].split(" × 10")
    exponent = int(power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    return float(mantissa) * 10.0**exponent

PAIRS = [(0, 1), (3, 8), (4, 9)]


@pytest.fixture(scope="module")
def small_problem():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(5, 40))  # (n_features, m)
    Y = (rng.uniform(size=(1, 40)) > 0.5).astype(float)
    w = rng.normal(0, 0.5, size=(5, 1))
    return w, 0.3, X, Y


@pytest.fixture(scope="module")
def trained_pairs():
    """(pair, w, b) for a few digit pairs, 300 iterations each."""
    out = {}
    for negative, positive in PAIRS:
        pair = load_digit_pair(negative, positive)
        run = TrainingRun(RunSettings(negative, positive, num_iterations=300), pair=pair)
        run.advance(300)
        out[negative, positive] = (pair, run.latest.w, run.latest.b)
    return out


# logreg.gradcheck ----------------------------------------------------------------------

@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_numerical_gradients_agree_with_propagate(small_problem, l2):
    w, b, X, Y = small_problem
    numerical = numerical_gradients(w, b, X, Y, l2=l2)
    analytic = propagate(w, b, X, Y, l2=l2)[0]
    assert numerical["dw"].shape == (5, 1) and isinstance(numerical["db"], float)
    np.testing.assert_allclose(numerical["dw"], analytic["dw"], rtol=1e-6, atol=1e-9)
    assert numerical["db"] == pytest.approx(analytic["db"], rel=1e-6, abs=1e-9)
    assert relative_error(as_vector(numerical), as_vector(analytic)) < 1e-7


def test_numerical_gradients_follow_the_definition_of_a_derivative(small_problem):
    """Independent of propagate: one coordinate by hand from model.cost."""
    w, b, X, Y = small_problem
    eps = 1e-5
    up, down = w.copy(), w.copy()
    up[2, 0] += eps
    down[2, 0] -= eps
    by_hand = (cost(up, b, X, Y) - cost(down, b, X, Y)) / (2 * eps)
    assert numerical_gradients(w, b, X, Y, eps=eps)["dw"][2, 0] == pytest.approx(by_hand)


def test_the_gradient_check_catches_a_wrong_gradient(small_problem):
    w, b, X, Y = small_problem
    numerical = as_vector(numerical_gradients(w, b, X, Y))
    wrong = as_vector(propagate(w, b, X, Y)[0])
    wrong[:-1] *= 2  # a derivation that forgot the 1/2 somewhere
    assert relative_error(numerical, wrong) > 0.1


def test_gradient_check_on_real_digits_is_below_1e_7(trained_pairs):
    pair, w, b = trained_pairs[3, 8]
    check = gradient_check(w, b, pair.X_train, pair.Y_train)
    assert check.numerical.shape == check.analytic.shape == (65,)
    assert check.relative_error < 1e-7
    assert check.max_abs_difference < 1e-8


def test_a_too_small_epsilon_lets_rounding_in(trained_pairs):
    pair, w, b = trained_pairs[0, 1]
    good = gradient_check(w, b, pair.X_train, pair.Y_train, eps=1e-6).relative_error
    tiny = gradient_check(w, b, pair.X_train, pair.Y_train, eps=1e-10).relative_error
    assert tiny > 10 * good


def test_relative_error():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0, "two zero gradients agree"
    assert relative_error(a, 1.001 * a) == pytest.approx(relative_error(1e6 * a, 1.001e6 * a))
    assert relative_error([3.0, 4.0], [0.0, 0.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same number of entries"):
        relative_error(a, a[:2])


def test_numerical_gradients_reject_bad_input(small_problem):
    w, b, X, Y = small_problem
    with pytest.raises(ValueError, match="eps must be a finite number greater than 0"):
        numerical_gradients(w, b, X, Y, eps=0)
    with pytest.raises(ValueError, match="w must have shape"):
        numerical_gradients(w[:3], b, X, Y)


# logreg.losses -------------------------------------------------------------------------

def test_the_two_losses_against_the_prediction():
    assert log_loss(0.5, 1) == pytest.approx(np.log(2))
    assert log_loss(0.9, 0) == pytest.approx(-np.log(0.1))
    assert squared_loss(0.9, 0) == pytest.approx(0.81)
    assert log_loss(0.0, 1) == np.inf, "a confident mistake costs without limit"
    assert log_loss(1.0, 1) == 0.0 and log_loss(0.0, 0) == 0.0
    curves = losses_against_prediction()
    assert np.all(np.isfinite(curves.log_y1)) and np.all(np.isfinite(curves.log_y0))
    assert curves.squared_y1.max() <= 1.0 < curves.log_y1.max()
    np.testing.assert_allclose(curves.log_y1, curves.log_y0[::-1])


def test_cost_along_a_line_matches_the_costs_at_its_points(trained_pairs):
    pair, w, b = trained_pairs[4, 9]
    X, Y = pair.X_train, pair.Y_train
    d, d_b = class_means_direction(X, Y)
    w0 = 0.1 * w
    ts = np.array([-3.0, 0.0, 0.5, 4.0])
    log = cost_along_line(w0, d, ts, X, Y, kind="log", b0=b, direction_b=d_b)
    squared = cost_along_line(w0, d, ts, X, Y, kind="squared", b0=b, direction_b=d_b)
    for t, j_log, j_sq in zip(ts, log, squared):
        assert j_log == pytest.approx(cost(w0 + t * d, b + t * d_b, X, Y))
        A = sigmoid((w0 + t * d).T @ X + b + t * d_b)
        assert j_sq == pytest.approx(np.mean((A - Y) ** 2))
        assert j_sq == pytest.approx(squared_error_cost(w0 + t * d, b + t * d_b, X, Y))


def test_cost_along_a_line_is_finite_far_out():
    pair = load_digit_pair(0, 1)
    d, d_b = class_means_direction(pair.X_train, pair.Y_train)
    ts = np.linspace(-1e4, 1e4, 11)  # z of several thousand: no overflow, no NaN
    for kind in ("log", "squared"):
        values = cost_along_line(np.zeros((64, 1)), d, ts, pair.X_train, pair.Y_train,
                                 kind=kind, direction_b=d_b)
        assert np.all(np.isfinite(values))


def test_cost_along_a_line_rejects_bad_input():
    pair = load_digit_pair(0, 1)
    X, Y = pair.X_train, pair.Y_train
    with pytest.raises(ValueError, match="kind must be one of"):
        cost_along_line(np.zeros((64, 1)), np.ones((64, 1)), [0.0], X, Y, kind="cubic")
    with pytest.raises(ValueError, match="direction must have shape"):
        cost_along_line(np.zeros((64, 1)), np.ones((63, 1)), [0.0], X, Y)
    with pytest.raises(ValueError, match="both labels"):
        class_means_direction(X, np.ones_like(Y))
    with pytest.raises(ValueError, match="all zeros"):
        weights_direction(np.zeros((64, 1)), 0.0)
    with pytest.raises(ValueError, match="evenly spaced"):
        compare_along_line(np.zeros((64, 1)), np.ones((64, 1)), [0.0, 1.0, 3.0], X, Y)


@pytest.mark.parametrize("negative, positive", PAIRS)
@pytest.mark.parametrize("direction", ["class means", "trained weights"])
def test_log_loss_is_convex_along_the_line_and_squared_error_is_not(
        trained_pairs, negative, positive, direction):
    pair, w, b = trained_pairs[negative, positive]
    X, Y = pair.X_train, pair.Y_train
    if direction == "class means":
        d, d_b = class_means_direction(X, Y)
    else:
        d, d_b, t_model = weights_direction(w, b)
        assert t_model == pytest.approx(np.linalg.norm(w))
        np.testing.assert_allclose(t_model * d, w)
    ts = np.linspace(-10, 10, 401)
    log = cost_along_line(np.zeros_like(d), d, ts, X, Y, "log", direction_b=d_b)
    squared = cost_along_line(np.zeros_like(d), d, ts, X, Y, "squared", direction_b=d_b)
    assert second_differences(log).min() >= -1e-12 * log.max(), "log-loss never bends down"
    assert second_differences(squared).min() < -1e-4, "squared error bends down somewhere"
    assert not bends_down(log).any() and bends_down(squared).any()
    line = compare_along_line(np.zeros_like(d), d, ts, X, Y, direction_b=d_b)
    assert line.log_is_convex and not line.squared_is_convex
    assert line.min_curvature_log >= 0 > line.min_curvature_squared
    assert len(line.inflections_squared) >= 1
    # the plateau: where the neuron is backwards, squared error is almost flat and
    # the log-loss is still steep
    assert abs(squared[1] - squared[0]) < 0.05 * abs(log[1] - log[0])


def test_second_differences_and_inflection_points_of_a_known_curve():
    ts = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(second_differences(ts**2), 2 * 0.1**2)
    assert not bends_down(ts**2).any()
    points = inflection_points(ts, ts**3)  # bends down for t < 0, up for t > 0
    assert points.shape == (1,) and abs(points[0]) < 0.1



# playground.concept_figures ------------------------------------------------------------

def test_sigmoid_chart_marks_the_point_and_the_threshold():
    zs = np.linspace(-10, 10, 101)
    fig = concept_figures.sigmoid_chart(zs, sigmoid(zs), 2.0, sigmoid(2.0), "3", "8")
    assert isinstance(fig, go.Figure)
    marker = next(t for t in fig.data if t.mode == "markers")
    assert list(marker.x) == [2.0] and list(marker.y) == [pytest.approx(0.8808, abs=1e-4)]
    assert marker.marker.color == palette.POSITIVE, "coloured like the answer"
    assert any(s.type == "line" and s.y0 == s.y1 == 0.5 for s in fig.layout.shapes)
    texts = [a.text for a in fig.layout.annotations]
    assert "σ(2.0) = 0.881" in texts and "says 8" in texts and "says 3" in texts
    low = concept_figures.sigmoid_chart(zs, sigmoid(zs), 0.0, 0.5, "3", "8")
    assert next(t for t in low.data if t.mode == "markers").marker.color == \
        palette.NEGATIVE, "0.5 is not above 0.5: the negative digit"


def test_losses_figure_has_both_losses_for_both_labels():
    c = losses_against_prediction()
    fig = concept_figures.losses_chart(c.a, c.log_y1, c.squared_y1, c.log_y0,
                                                    c.squared_y0)
    assert [t.name for t in fig.data] == ["log-loss", "squared error"] * 2
    np.testing.assert_allclose(fig.data[3].y, c.squared_y0)


def test_cost_along_line_figure_marks_inflections_and_the_model():
    ts = np.linspace(-5, 5, 11)
    fig = concept_figures.cost_along_line_chart(ts, ts**2, np.tanh(-ts) + 1, inflections=[0.0],
                                          t_model=2.0)
    names = [t.name for t in fig.data]
    assert "log-loss" in names and "squared error" in names and "inflection point" in names
    assert sum(1 for t in fig.data if t.text is not None and "your neuron" in t.text) == 2
    outside = concept_figures.cost_along_line_chart(ts, ts**2, ts**2, t_model=50.0, notes=False)
    assert len(outside.data) == 2, "a model off the drawn stretch is not drawn"


def test_gradient_check_scatter_has_every_component():
    analytic = np.linspace(-1, 1, 65)
    fig = concept_figures.gradient_check_chart(analytic, analytic + 1e-9,
                                                 [f"dw{i}" for i in range(64)] + ["db"])
    points = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in points) == 65
    assert list(points[1].text) == ["db"]


# the page, through AppTest -------------------------------------------------------------

def test_concepts_loads_with_every_section():
    at = open_app("app_pages/concepts.py")
    assert at.title[0].value.startswith("Concepts")
    assert len(at.header) == 5
    assert len(at.get("plotly_chart")) == 4
    assert any("Nothing trained yet" in i.value for i in at.info)
    assert "Relative error" in metrics(at)


@pytest.mark.parametrize("z", [-10.0, -2.0, 0.0, 0.5, 3.7, 10.0])
def test_the_sigmoid_slider_shows_sigma_of_z(z):
    at = open_app("app_pages/concepts.py")
    at.slider(key="concept_z").set_value(z).run()
    assert not at.exception
    shown = metrics(at)["σ(z)"]
    assert shown == probability(sigmoid(z)), "one way of writing a probability"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [a["text"] for a in chart["layout"]["annotations"]]
    assert f"σ({z:.1f}) = {shown}" in labels, "the chart writes it the same way"
    says = [m.value for m in at.markdown if "the neuron says" in m.value][0]
    if 1 / (1 + np.exp(-z)) > 0.5:
        assert "> 0.5" in says and "**1**" in says, says
    else:
        assert "≤ 0.5" in says and "**0**" in says, says


def test_the_gradient_check_of_a_trained_neuron_is_below_1e_7():
    at = open_app("app_pages/train.py", {"iterations": "200"})
    at.button(key="plus100").click().run()
    at.switch_page("app_pages/concepts.py").run()
    assert not at.exception, at.exception
    assert relative_error_shown(at) < 1e-7
    assert any("your neuron from Train: 0 vs 1 after 100 iterations" in c.value
               for c in at.caption)
    assert any("propagate`'s calculus is right" in s.value for s in at.success)


def test_walking_along_the_trained_neuron_shows_the_convexity_difference():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "iterations": "300"})
    at.button(key="plus100").click().run()
    at.switch_page("app_pages/concepts.py").run()
    direction = next(r for r in at.radio if r.label == "Direction of the line")
    assert direction.options == ["From the average 3 to the average 8",
                                 "Through your trained neuron"]
    direction.set_value("Through your trained neuron").run()
    assert not at.exception, at.exception
    shown = metrics(at)
    assert float(shown["Log-loss: smallest bend J″(t)"]) >= 0
    assert float(shown["Squared error: smallest bend J″(t)"]) < 0
    assert any("Log-loss is convex here" in s.value for s in at.success)
    at.slider(key="concept_reach").set_value(2).run()
    assert not at.exception


def test_the_derivation_shows_the_real_lines_of_propagate():
    at = open_app("app_pages/concepts.py")
    code = [c.value for c in at.code]
    for line in ("z = w.T @ X + b", "A = sigmoid(z)", "dZ = A - Y", "dw = X @ dZ.T / m",
                 "db = float(np.sum(dZ)) / m"):
        assert any(c.startswith(line) for c in code), f"{line!r} is not shown"
    assert len(at.latex) >= 8 + 2, "eight derivation steps, the sigmoid, the check"


def test_the_code_expanders_show_the_real_source():
    at = open_app("app_pages/concepts.py")
    expanders = {e.label: e for e in at.expander}
    for name in ("sigmoid", "propagate", "optimize", "predict"):
        body = "\n".join(c.value for c in expanders[f"Show the code: {name}"].code)
        assert f"def {name}(" in body, f"the {name} expander does not show its code"
    assert "def run(self" in "\n".join(
        c.value for c in expanders["Show the code: optimize"].code), "the loop itself"


def test_the_default_training_path_is_shown_with_the_test_that_holds_it_to_propagate():
    """Train's default runs full_batch_steps, not propagate: the page shows it and names
    the test that keeps the two equal (a test that must exist under that name)."""
    import tests.test_model as test_model

    at = open_app("app_pages/concepts.py")
    expanders = {e.label: e for e in at.expander}
    fast = expanders["Show the code: full_batch_steps: what Train runs by default"]
    assert "def full_batch_steps(self, n)" in "\n".join(c.value for c in fast.code)
    named = " ".join(c.value for c in fast.caption)
    assert "test_fast_path_equals_propagate_based_training" in named
    assert callable(test_model.test_fast_path_equals_propagate_based_training)


def test_the_same_digit_twice_is_a_message_not_an_exception():
    at = open_app("app_pages/train.py")
    at.selectbox(key="neg").set_value(1).run()
    at.switch_page("app_pages/concepts.py").run()
    assert not at.exception, at.exception
    assert any("Both digits are 1" in w.value for w in at.warning)
    assert "σ(z)" in metrics(at), "the sigmoid explorer still works"


def test_the_nudge_size_changes_the_check():
    at = open_app("app_pages/concepts.py")
    at.select_slider(key="concept_eps").set_value(1e-10).run()
    assert not at.exception
    assert relative_error_shown(at) > 1e-7
    assert any("Try ε = 10⁻⁶" in w.value for w in at.warning)
