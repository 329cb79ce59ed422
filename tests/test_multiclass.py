"""The ten-digit model: ten one-vs-rest neurons, each the binary neuron, trained at once."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from logreg import optimize
from logreg.augment import Hand, redrawn
from logreg.data import load_all_digits
from logreg.multiclass import (
    STORED,
    OneVsRestModel,
    Recipe,
    stored_ten_digit_model,
    ten_digit_model,
    train_one_vs_rest,
    train_ten_digit_model,
    training_set,
)


@pytest.fixture(scope="module")
def data():
    return load_all_digits()


@pytest.fixture(scope="module")
def ten(data):
    return ten_digit_model()


def test_load_all_digits_is_the_tutorials_preprocessing_for_all_ten(data):
    digits = load_digits()  # an independent path: sklearn directly, as the tutorial does
    X = digits.images.reshape(len(digits.images), -1) / 16.0
    X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=0.2,
                                                        random_state=42)
    np.testing.assert_array_equal(data.X_train, X_train.T)
    np.testing.assert_array_equal(data.X_test, X_test.T)
    np.testing.assert_array_equal(data.y_train, y_train)
    np.testing.assert_array_equal(data.y_test, y_test)
    assert data.X_train.shape == (64, 1437) and data.X_test.shape == (64, 360)
    assert data.images_train.shape == (1437, 8, 8) and data.images_test.shape == (360, 8, 8)
    np.testing.assert_array_equal(data.images_test.reshape(-1, 64).T / 16.0, data.X_test)
    assert set(np.unique(data.y_train)) == set(range(10))


def test_the_ten_digit_model_recognises_most_test_digits(ten, data):
    model, test_accuracy = ten
    assert test_accuracy >= 0.95  # measured 0.961 with the defaults
    assert test_accuracy == model.accuracy(data.X_test, data.y_test)
    assert model.W.shape == (64, 10) and model.b.shape == (10,)
    assert model.classes.tolist() == list(range(10))


def test_the_stored_ten_digit_model_is_a_fresh_training_of_its_recipe(ten):
    """The app reads the weights kept in logreg/ten_digit_model.npz instead of training:
    they must be what training the recipe from scratch gives today."""
    kept = stored_ten_digit_model()
    assert kept is not None, (f"{STORED.name} is missing or was trained by another recipe: "
                              "run tools/store_ten_digit_model.py")
    fresh, fresh_accuracy = train_ten_digit_model()
    np.testing.assert_allclose(kept[0].W, fresh.W, rtol=0, atol=1e-9, err_msg=(
        "the stored weights are not today's training: run tools/store_ten_digit_model.py"))
    np.testing.assert_allclose(kept[0].b, fresh.b, rtol=0, atol=1e-9)
    assert kept[1] == fresh_accuracy
    model, _ = ten
    np.testing.assert_array_equal(model.W, kept[0].W)  # ten_digit_model() read the file
    np.testing.assert_array_equal(model.b, kept[0].b)


def test_the_recipe_trains_on_the_scans_and_their_redrawings():
    recipe = Recipe(redrawn_copies=1, num_iterations=5)
    X, y = training_set(recipe)
    data = load_all_digits()
    m = data.X_train.shape[1]
    assert X.shape == (64, 2 * m) and y.tolist() == data.y_train.tolist() * 2
    np.testing.assert_array_equal(X[:, :m], data.X_train)
    np.testing.assert_array_equal(X[:, m:], redrawn(data.X_train, 1, recipe.redraw_seed,
                                                    recipe.hand))
    model, _ = ten_digit_model(num_iterations=5, redrawn_copies=1)  # not stored: trained
    expected = train_one_vs_rest(X, y, num_iterations=5)
    np.testing.assert_array_equal(model.W, expected.W)
    assert stored_ten_digit_model(recipe) is None, "another recipe's weights are not read"


def test_a_recipe_is_known_by_every_one_of_its_settings():
    assert Recipe(learning_rate=1, num_iterations=1000.0).key() == \
        Recipe(learning_rate=1.0, num_iterations=1000).key()
    changed = [Recipe(num_iterations=999), Recipe(learning_rate=0.5),
               Recipe(redrawn_copies=1), Recipe(redraw_seed=1), Recipe(hand=Hand(rotation=1)),
               Recipe(test_size=0.3), Recipe(random_state=1)]
    assert len({recipe.key() for recipe in changed + [Recipe()]}) == 8


@pytest.mark.parametrize("settings, error, match", [
    ({"num_iterations": -1}, ValueError, "num_iterations must be at least 0"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number"),
    ({"redrawn_copies": 1.5}, ValueError, "redrawn_copies must be a whole number"),
    ({"redraw_seed": None}, TypeError, "redraw_seed must be a whole number"),
    ({"test_size": 1.0}, ValueError, "test_size must be strictly between 0 and 1"),
    ({"hand": {"rotation": 5}}, TypeError, "hand must be a logreg.augment.Hand"),
])
def test_a_recipe_names_a_bad_setting(settings, error, match):
    with pytest.raises(error, match=match):
        Recipe(**settings)


def test_scores_probabilities_and_predictions_fit_together(ten, data):
    model, _ = ten
    scores = model.scores(data.X_test)
    proba = model.score_shares(data.X_test)
    labels = model.predict(data.X_test)
    assert scores.shape == proba.shape == (10, 360) and labels.shape == (360,)
    assert ((scores >= 0) & (scores <= 1)).all()
    np.testing.assert_allclose(proba.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(proba, scores / scores.sum(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(labels, np.argmax(scores, axis=0))
    assert set(np.unique(labels)) <= set(range(10))


def test_each_neuron_is_the_binary_neuron_trained_on_is_it_this_digit(data):
    X, y = data.X_train[:, :600], data.y_train[:600]
    model = train_one_vs_rest(X, y, num_iterations=300, learning_rate=1.0)
    for digit in (0, 5, 9):
        Y = (y == digit).astype(float)[None, :]  # (1, m): 1 for this digit, 0 for the rest
        params, _ = optimize(np.zeros((64, 1)), 0.0, X, Y, 300, 1.0)
        np.testing.assert_allclose(model.W[:, [digit]], params["w"], rtol=0, atol=1e-9)
        assert model.b[digit] == pytest.approx(params["b"], abs=1e-9)


def test_classes_need_not_be_zero_to_nine(data):
    keep = np.isin(data.y_train, (3, 5, 8))
    model = train_one_vs_rest(data.X_train[:, keep], data.y_train[keep], num_iterations=200)
    assert model.classes.tolist() == [3, 5, 8] and model.W.shape == (64, 3)
    test = np.isin(data.y_test, (3, 5, 8))
    assert set(np.unique(model.predict(data.X_test[:, test]))) <= {3, 5, 8}
    assert model.accuracy(data.X_test[:, test], data.y_test[test]) > 0.9


def test_probabilities_stay_finite_for_extreme_inputs(ten):
    model, _ = ten
    X = np.vstack([np.full((32, 3), 1e6), np.full((32, 3), -1e6)])  # every score saturates
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = model.score_shares(X)
        labels = model.predict(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=0), 1.0, atol=1e-12)
    assert labels.shape == (3,)


def test_agrees_with_scikit_learn_one_vs_rest(ten, data):
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    model, test_accuracy = ten
    sk = OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=2000))
    sk.fit(data.X_train.T, data.y_train)
    agreement = np.mean(sk.predict(data.X_test.T) == model.predict(data.X_test))
    assert agreement >= 0.93
    assert abs(sk.score(data.X_test.T, data.y_test) - test_accuracy) <= 0.03


X = np.full((3, 4), 0.5)
y = np.array([0, 1, 2, 1])


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((X, y[:3]), {}, ValueError, "y must have 4 entries"),
    ((X, y + 0.5), {}, ValueError, "y must contain whole numbers"),
    ((X, np.zeros(4)), {}, ValueError, "y must contain at least two classes"),
    ((X, y[None, :]), {}, ValueError, "y must be a 1-D array"),
    ((X, y.astype(str)), {}, TypeError, "y must be a numeric array"),
    ((X[0], y), {}, ValueError, "X must be a 2-D array"),
    ((X, y), {"learning_rate": 0}, ValueError, "learning_rate must be a finite number"),
    ((X, y), {"num_iterations": -2}, ValueError, "num_iterations must be at least 0"),
    ((X, y), {"start": OneVsRestModel(W=np.zeros((3, 2)), b=np.zeros(2), classes=np.arange(2))},
     ValueError, r"start must be a model of y's classes \[0, 1, 2\], got one of \[0, 1\]"),
])
def test_train_one_vs_rest_rejects_bad_input_by_name(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        train_one_vs_rest(*args, **kwargs)


def test_a_model_rejects_images_of_the_wrong_size():
    model = OneVsRestModel(W=np.zeros((64, 10)), b=np.zeros(10), classes=np.arange(10))
    with pytest.raises(ValueError, match="X must have 64 rows like the model's W, got 3"):
        model.predict(X)
    with pytest.raises(ValueError, match="X must not contain NaN"):
        model.scores(np.full((64, 2), np.nan))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"test_size": 0}, ValueError, "test_size must be strictly between 0 and 1"),
    ({"random_state": "x"}, TypeError, "random_state must be a whole number"),
])
def test_load_all_digits_rejects_bad_settings_by_name(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_all_digits(**kwargs)
