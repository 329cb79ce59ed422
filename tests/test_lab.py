"""The Lab page through AppTest, and the comparison with scikit-learn."""

import numpy as np

from logreg import load_digit_pair
from logreg.compare import against_sklearn
from logreg.pairs import all_pairs_accuracy
from tests.test_app import metrics, open_app


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
    assert (at.session_state["settings"]["neg"], at.session_state["settings"]["pos"]) == (3, 8)
    expected = 100 * all_pairs_accuracy()[3, 8]
    assert any(f"3 vs 8, {expected:.1f}%" in s.value for s in at.success)
    at.switch_page("app_pages/train.py").run()
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 8


def test_the_race_flags_a_learning_rate_that_overshoots():
    at = open_app("app_pages/lab.py", None)
    at.session_state["settings"].update(neg=3, pos=8)
    at.multiselect(key="race_rates").set_value([0.1, 10.0]).run()
    assert not at.exception
    race = next(c for c in at.get("plotly_chart") if c.key == "race-chart")
    assert "overshot" in race.proto.spec and "smooth" in race.proto.spec


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
