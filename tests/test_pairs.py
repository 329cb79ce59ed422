"""The 45-pair map: every cell must be what the one-pair pipeline gives for that pair."""

import warnings

import numpy as np
import pytest

from logreg import load_digit_pair, optimize, predict
from logreg.pairs import PAIRS, all_pairs_accuracy, split_all_pairs, train_all_pairs


@pytest.fixture(scope="module")
def trained():
    return train_all_pairs()  # the defaults: 1000 iterations at 0.05, 20% test, seed 42


def one_pair(negative, positive, num_iterations=1000, learning_rate=0.05, test_size=0.2,
             random_state=42):
    """The one-pair pipeline: load_digit_pair, optimize from zeros, predict."""
    pair = load_digit_pair(negative, positive, test_size, random_state)
    params, costs = optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train,
                             num_iterations, learning_rate)
    train = float(np.mean(predict(params["w"], params["b"], pair.X_train) == pair.Y_train))
    test = float(np.mean(predict(params["w"], params["b"], pair.X_test) == pair.Y_test))
    return params, costs, train, test


@pytest.mark.parametrize("negative, positive", PAIRS)
def test_every_pair_equals_the_one_pair_pipeline(trained, negative, positive):
    params, costs, train, test = one_pair(negative, positive)
    assert trained.test_accuracy[negative, positive] == test  # exactly, not approximately
    assert trained.train_accuracy[negative, positive] == train
    ours = trained.params(negative, positive)
    np.testing.assert_allclose(ours["w"], params["w"], rtol=0, atol=1e-9)
    assert ours["b"] == pytest.approx(params["b"], abs=1e-9)
    np.testing.assert_allclose(trained.costs[:, PAIRS.index((negative, positive))], costs,
                               rtol=0, atol=1e-9)


def test_the_map_is_symmetric_with_an_empty_diagonal(trained):
    accuracy = all_pairs_accuracy()
    assert accuracy.shape == (10, 10)
    assert np.isnan(np.diag(accuracy)).all()
    off = ~np.eye(10, dtype=bool)
    assert ((accuracy[off] >= 0) & (accuracy[off] <= 1)).all()
    np.testing.assert_array_equal(accuracy, accuracy.T)  # NaN == NaN here
    np.testing.assert_array_equal(accuracy, trained.test_accuracy)
    assert np.isnan(np.diag(trained.train_accuracy)).all()


def test_one_vs_eight_is_the_hardest_pair(trained):
    accuracy = np.where(np.isnan(trained.test_accuracy), np.inf, trained.test_accuracy)
    assert divmod(int(np.argmin(accuracy)), 10) in ((1, 8), (8, 1))
    assert trained.test_accuracy[0, 1] == 1.0  # the tutorial's pair: 100%


@pytest.mark.parametrize("negative, positive", [(0, 1), (4, 9), (3, 5)])
def test_other_settings_still_equal_the_one_pair_pipeline(negative, positive):
    settings = {"num_iterations": 300, "learning_rate": 0.5, "test_size": 0.3,
                "random_state": 0}
    accuracy = all_pairs_accuracy(**settings)
    assert accuracy[positive, negative] == one_pair(negative, positive, **settings)[3]


def sorted_columns(X):
    return X[:, np.lexsort(X[::-1])]


def test_each_pair_trains_on_its_own_split_and_no_other():
    splits = split_all_pairs()
    blocks, test_mask = splits.blocks, splits.test_mask
    for p, (negative, positive) in enumerate(PAIRS):
        pair = load_digit_pair(negative, positive)
        slots = np.unravel_index(blocks.model_slots[p], blocks.slot_model.shape)
        assert (blocks.slot_model[slots] == p).all()
        train = np.concatenate([blocks.G[d][:64, blocks.M[d, j] == 1] for d, j in zip(*slots)],
                               axis=1)
        test = np.concatenate([blocks.G[d][:64, test_mask[d, j] == 1] for d, j in zip(*slots)],
                              axis=1)
        assert blocks.m[p] == train.shape[1] == pair.m_train
        assert test.shape[1] == pair.m_test
        # the same columns, perhaps in another order
        np.testing.assert_array_equal(sorted_columns(train), sorted_columns(pair.X_train))
        np.testing.assert_array_equal(sorted_columns(test), sorted_columns(pair.X_test))
    assert not (blocks.M * test_mask).any(), "an image is never in both splits of a pair"


def test_a_huge_learning_rate_stays_finite_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train_all_pairs(num_iterations=200, learning_rate=1000.0)
    assert np.isfinite(result.W).all() and np.isfinite(result.costs).all()
    off = ~np.eye(10, dtype=bool)
    assert ((result.test_accuracy[off] >= 0) & (result.test_accuracy[off] <= 1)).all()


def test_zero_iterations_gives_the_untrained_neuron():
    result = train_all_pairs(num_iterations=0)
    assert not result.W.any() and result.costs.shape == (0, 45)
    # sigmoid(0) = 0.5 is not > 0.5: every image is called the negative digit
    pair = load_digit_pair(2, 6)
    assert result.test_accuracy[2, 6] == float(np.mean(pair.Y_test == 0))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"num_iterations": -1}, ValueError, "num_iterations must be at least 0"),
    ({"num_iterations": 1.5}, ValueError, "num_iterations must be a whole number"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number greater than 0"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number"),
    ({"test_size": 1.5}, ValueError, "test_size must be strictly between 0 and 1"),
    ({"random_state": -1}, ValueError, "random_state must be at least 0"),
])
def test_all_pairs_accuracy_rejects_bad_settings_by_name(kwargs, error, match):
    with pytest.raises(error, match=match):
        all_pairs_accuracy(**kwargs)
