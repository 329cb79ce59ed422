"""The Lab page through AppTest, and the comparison with scikit-learn."""

import base64
import dataclasses
import json

import numpy as np
import pytest

from logreg import load_digit_pair
from logreg.batched import optimize_many
from logreg.compare import against_sklearn
from logreg.diagnosis import DIAGNOSES
from logreg.pairs import all_pairs_accuracy
from tests.support import tutorial_reference
from tests.support.apptest import metrics, open_app


def test_lab_shows_the_race_the_map_and_the_comparison():
    at = open_app("app_pages/lab.py")
    assert [t.label for t in at.tabs] == ["Learning-rate race", "Pair difficulty map",
                                          "Against scikit-learn"]
    assert at.multiselect(key="race_rates").value == [0.001, 0.01, 0.1, 1.0, 5.0]
    assert any("Last recorded cost" in c.value for c in at.caption)
    shown = metrics(at)
    assert shown["Our test accuracy"] == "100.00%"
    assert float(shown["Predictions that agree"].rstrip("%")) >= 95
    keys = {chart.key for chart in at.get("plotly_chart")}
    assert {"race-chart", "pair-map", "ours", "sk"} <= keys


def test_clicking_a_square_of_the_map_loads_that_pair():
    at = open_app("app_pages/lab.py")
    at.session_state["pair-map"] = {"selection": {"points": [{"customdata": [8, 3]}],
                                                  "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert at.session_state["settings"].pair == (3, 8)
    expected = 100 * all_pairs_accuracy()[3, 8]
    assert any(f"3 vs 8, {expected:.1f}%" in s.value for s in at.success)
    at.switch_page("app_pages/train.py").run()
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 8


def race_figure(at):
    race = next(c for c in at.get("plotly_chart") if c.key == "race-chart")
    return json.loads(race.proto.spec)


def test_the_race_flags_a_learning_rate_that_overshoots():
    at = open_app("app_pages/lab.py", None)
    at.session_state["settings"] = dataclasses.replace(at.session_state["settings"],
                                                       negative=3, positive=8)
    at.multiselect(key="race_rates").set_value([0.1, 10.0]).run()
    assert not at.exception
    names = [trace["name"] for trace in race_figure(at)["data"]]
    assert names == ["0.1 — " + DIAGNOSES["learning"].verdict,
                     "10 — " + DIAGNOSES["overshooting"].verdict]


def test_the_race_records_every_iteration_on_a_log_iteration_axis():
    at = open_app("app_pages/lab.py", {"neg": "3", "pos": "8"})
    at.multiselect(key="race_rates").set_value([5.0, 10.0]).run()
    assert at.toggle(key="race_log_x").value, "the first iterations are spread out"
    figure = race_figure(at)
    assert figure["layout"]["xaxis"]["type"] == "log"
    assert figure["layout"]["xaxis"]["title"]["text"] == "iteration (log scale)"
    pair = load_digit_pair(3, 8)
    want = optimize_many(pair.X_train, pair.Y_train, [5.0, 10.0], 1000, record_every=1)
    for k, trace in enumerate(figure["data"]):
        x, y = plotted(trace["x"]), plotted(trace["y"])
        np.testing.assert_array_equal(x, np.arange(1, 1000))  # every one but the start
        np.testing.assert_allclose(y, want.costs[1:, k], rtol=1e-12)
    # the jump in the first iterations is on the chart: at α = 10 the cost passes 20
    assert plotted(figure["data"][1]["y"])[:10].max() > 20
    at.toggle(key="race_log_x").set_value(False).run()
    figure = race_figure(at)
    assert figure["layout"]["xaxis"]["type"] == "linear"
    np.testing.assert_array_equal(plotted(figure["data"][0]["x"]), np.arange(1000))


def test_the_race_explains_honestly_why_a_huge_rate_recovers():
    at = open_app("app_pages/lab.py", {"neg": "3", "pos": "8"})
    at.multiselect(key="race_rates").set_value([0.1, 10.0]).run()
    assert not any("try 3 vs 8" in c.value for c in at.caption), "already 3 vs 8"
    [expander] = [e for e in at.expander if "α = 10" in e.label]
    assert expander.label == "Why α = 10 jumped, and why the tutorial's code prints nan for it"
    text = " ".join(m.value for m in expander.markdown)
    # the numbers it quotes are this run's: checked against the tutorial's own code
    X_train, Y_train, _, _ = tutorial_reference.tutorial_data(3, 8)
    first_nan = first_nan_of_the_tutorial(X_train, Y_train, 10.0, 1000)
    assert f"the first at iteration {first_nan}" in text
    assert "0 × log 0 = 0 × (−∞), which is nan" in text
    assert "Our cost is computed from z itself" in text
    assert f"all {X_train.shape[1]} training images end on the right side" in text
    assert "nan" not in " ".join(c.value for c in at.caption)


def test_the_race_hints_at_3_vs_8_on_other_pairs():
    at = open_app("app_pages/lab.py")
    caption = next(c.value for c in at.caption if "Last recorded cost" in c.value)
    assert "try 3 vs 8" in caption and "α = 5 and 10" in caption
    assert "0 vs 1 is easy" not in caption


def plotted(values):
    """A trace's numbers as plotly received them (a list, or a typed array in base64)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def first_nan_of_the_tutorial(X, Y, learning_rate, num_iterations):
    """The first iteration whose cost the tutorial's own propagate gives as nan."""
    w, b = tutorial_reference.initialize_params(X.shape[0])
    with np.errstate(all="ignore"):
        for i in range(num_iterations):
            grads, cost = tutorial_reference.propagate(w, b, X, Y)
            if np.isnan(cost):
                return i
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
    return None


def test_against_sklearn_agrees_on_an_easy_pair():
    comparison = against_sklearn(load_digit_pair(0, 1))
    assert comparison.ours_accuracy == 1.0 and comparison.sklearn_accuracy == 1.0
    assert comparison.agreement == 1.0
    assert comparison.ours_w.shape == comparison.sklearn_w.shape == (64,)
    # the two pictures point the same way even if their scales differ
    cosine = comparison.ours_w @ comparison.sklearn_w / (
        np.linalg.norm(comparison.ours_w) * np.linalg.norm(comparison.sklearn_w))
    assert cosine > 0.7
    assert comparison.ours_seconds > 0 and comparison.sklearn_seconds > 0


def test_overshoot_watches_the_tutorials_own_cost_beside_ours():
    from logreg.diagnosis import overshoot, tutorial_cost

    X, Y, _, _ = tutorial_reference.tutorial_data(3, 8)
    run = overshoot(X, Y, 10.0, 300)
    ours = optimize_many(X, Y, [10.0], 300, record_every=1)
    np.testing.assert_allclose(run.costs, ours.costs[:, 0], rtol=1e-9)
    assert run.peak_iteration == int(np.argmax(ours.costs[1:, 0])) + 1
    # the tutorial's propagate, iteration by iteration: where its cost is nan
    w, b = tutorial_reference.initialize_params(64)
    nans = []
    with np.errstate(all="ignore"):
        for i in range(300):
            grads, cost = tutorial_reference.propagate(w, b, X, Y)
            if np.isnan(cost):
                nans.append(i)
            else:
                assert tutorial_cost(w, b, X, Y) == pytest.approx(float(cost), rel=1e-12)
            w, b = w - 10.0 * grads["dw"], b - 10.0 * grads["db"]
    assert list(run.nan_iterations) == nans and nans, "the tutorial prints nan here"
    right = np.mean(tutorial_reference.predict(w, b, X) == Y)
    assert run.share_right == right == 1.0 and run.recovered


def test_a_gentle_rate_gives_the_tutorial_no_nan():
    from logreg.diagnosis import overshoot

    X, Y, _, _ = tutorial_reference.tutorial_data(0, 1)
    run = overshoot(X, Y, 0.05, 200)
    assert run.nan_iterations == () and run.recovered
