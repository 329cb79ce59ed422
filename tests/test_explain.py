"""``logreg.explain``: the numbers the Draw page writes out add up."""

import numpy as np
import pytest

from logreg import load_digit_pair, optimize, predict_proba
from logreg.data import closest_image, digits_dataset
from logreg.explain import explain


def test_the_parts_add_up_to_z_and_sigma():
    pair = load_digit_pair(0, 1)
    params, _ = optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train, 300, 0.05)
    x = pair.X_test[:, :1]
    why = explain(params["w"], params["b"], x)
    assert why.towards >= 0 >= why.against
    assert why.towards + why.against + why.b == pytest.approx(why.z, abs=1e-12)
    assert why.probability == pytest.approx(predict_proba(params["w"], params["b"], x)[0, 0])
    np.testing.assert_allclose(why.contributions, params["w"][:, 0] * x[:, 0])
    strongest = why.strongest(3)
    assert abs(why.contributions[strongest[0]]) == np.abs(why.contributions).max()


def test_explain_rejects_mismatched_input():
    with pytest.raises(ValueError, match="x must have 64 values"):
        explain(np.zeros((64, 1)), 0.0, np.zeros((63, 1)))
    with pytest.raises(ValueError, match="x must not contain NaN"):
        explain(np.zeros((64, 1)), 0.0, np.full((64, 1), np.nan))


def test_closest_image_is_a_real_image_of_that_digit():
    images, target = digits_dataset()
    sample = images[target == 7][3]
    found = closest_image(sample.reshape(64, 1) / 16, 7)
    np.testing.assert_array_equal(found, sample)
    with pytest.raises(ValueError, match="digit must be a digit from 0 to 9"):
        closest_image(sample.reshape(64, 1) / 16, 12)
